use super::*;
use crate::model::{Consent, Priority, Respondent, Theme};

fn frame() -> CodeFrame {
    let theme = |id: &str, name: &str, p: &str| Theme {
        id: id.into(),
        name: name.into(),
        description: String::new(),
        priorities: vec![p.into()],
    };
    CodeFrame {
        priorities: vec![
            Priority {
                id: "P1".into(),
                name: "One".into(),
                description: String::new(),
            },
            Priority {
                id: "P2".into(),
                name: "Two".into(),
                description: String::new(),
            },
        ],
        themes: vec![
            theme("T01", "Access", "P1"),
            theme("T02", "Staff", "P2"),
            theme("T03", "Money", "P2"),
        ],
    }
}

fn questions() -> Vec<Question> {
    vec![
        Question {
            id: "Q1".into(),
            text: "What works well?".into(),
            column: 1,
        },
        Question {
            id: "Q2".into(),
            text: "What could be better?".into(),
            column: 2,
        },
    ]
}

fn batch() -> CodedBatch {
    let respondent = |seq: u32, id: &str| Respondent {
        seq,
        row: u64::from(seq) + 2,
        id: id.into(),
        attributes: vec![],
        consent: Consent::Unknown,
        answers: vec![Some("a".into()), Some("b".into())],
    };
    let coding = |respondent: u32, question: u16, themes: &[u16]| Coding {
        respondent,
        question,
        themes: themes
            .iter()
            .map(|&theme| ThemeScore { theme, score: 2.0 })
            .collect(),
        priorities: priorities_of(
            &frame(),
            &themes
                .iter()
                .map(|&theme| ThemeScore { theme, score: 2.0 })
                .collect::<Vec<_>>(),
        ),
        evidence: vec![],
        revisions: vec![],
    };
    CodedBatch {
        words: Vec::new(),
        respondents: vec![respondent(0, "R1"), respondent(1, "R2")],
        codings: vec![
            coding(0, 0, &[0]),
            coding(0, 1, &[1]),
            coding(1, 0, &[]),
            coding(1, 1, &[0, 2]),
        ],
    }
}

const HEADER: &str = "id,question,theme,action,reviewer,date,reason\n";

fn parse(body: &str) -> Result<Overrides, OverrideError> {
    Overrides::parse(Path::new("o.csv"), format!("{HEADER}{body}").as_bytes())
}

fn err(body: &str) -> String {
    match parse(body) {
        Ok(o) => format!("parsed {} rows", o.rows.len()),
        Err(e) => e.to_string(),
    }
}

#[test]
fn overrides_change_exactly_the_codes_they_name() {
    let o = parse(
        "R1,Q1,T02,add,Ann,2026-11-02,staff named\n\
         R1,Q1,t01,remove,Ann,2026-11-02,not access\n\
         R2,What could be better?,Money,remove,Bo,03/11/2026,\n",
    )
    .expect("valid file");
    let bound = BoundOverrides::bind(&o, &frame(), &questions());
    let mut b = batch();
    let before = b.clone();
    bound.apply(&frame(), &mut b);
    let themes = |c: &Coding| c.themes.iter().map(|t| t.theme).collect::<Vec<_>>();
    assert_eq!(themes(&b.codings[0]), vec![1]);
    assert_eq!(b.codings[0].priorities, vec![1]);
    assert_eq!(b.codings[0].source(1), crate::model::CodeSource::Reviewer);
    assert_eq!(
        b.codings[0].revisions,
        vec![
            Revision {
                theme: 0,
                action: RevisionAction::Remove,
                line: 3,
                reviewer: "Ann".into()
            },
            Revision {
                theme: 1,
                action: RevisionAction::Add,
                line: 2,
                reviewer: "Ann".into()
            },
        ]
    );
    assert_eq!(b.codings[1], before.codings[1]);
    assert_eq!(b.codings[2], before.codings[2]);
    assert_eq!(themes(&b.codings[3]), vec![0]);
    assert_eq!(b.codings[3].priorities, vec![0]);
    assert!(bound.issues().is_empty());
}

#[test]
fn an_override_the_lexicons_already_agree_with_changes_nothing() {
    let o = parse("R1,Q1,T01,add,Ann,2026-11-02,\nR1,Q2,T03,remove,Ann,2026-11-02,\n")
        .expect("valid file");
    let bound = BoundOverrides::bind(&o, &frame(), &questions());
    let mut b = batch();
    bound.apply(&frame(), &mut b);
    assert_eq!(b, batch());
    assert!(bound.issues().is_empty(), "both met their answer");
}

#[test]
fn stale_and_unknown_overrides_are_reported_by_line() {
    let o = parse(
        "R9,Q1,T01,add,Ann,2026-11-02,gone\n\
         R1,Q1,T99,add,Ann,2026-11-02,\n\
         R1,Q7,T01,add,Ann,2026-11-02,\n\
         R2,Q2,T02,add,Ann,2026-11-02,first\n\
         R2,Q2,T02,remove,Bo,2026-11-03,second\n",
    )
    .expect("valid file");
    let bound = BoundOverrides::bind(&o, &frame(), &questions());
    let mut b = batch();
    bound.apply(&frame(), &mut b);
    assert_eq!(
        b,
        batch(),
        "the last line for R2/Q2/T02 removes a theme it lacks"
    );
    let got: Vec<(u64, IssueKind)> = bound
        .issues()
        .into_iter()
        .map(|i| (i.line, i.problem))
        .collect();
    assert_eq!(
        got,
        vec![
            (2, IssueKind::NoSuchAnswer),
            (3, IssueKind::UnknownTheme),
            (4, IssueKind::UnknownQuestion),
            (5, IssueKind::Superseded { by: 6 }),
        ]
    );
}

#[test]
fn bad_rows_name_file_line_and_column() {
    assert_eq!(
        err("R1,Q1,T01,maybe,Ann,2026-11-02,\n"),
        "o.csv: line 2, column 4 (action): `maybe` is neither `add` nor `remove`"
    );
    assert_eq!(
        err("R1,Q1,T01,add,Ann,2026-11-02,\nR1,Q1,T01,add,Ann,11/2026,\n"),
        "o.csv: line 3, column 6 (date): `11/2026` is not a date written YYYY-MM-DD or DD/MM/YYYY"
    );
    assert_eq!(
        err("R1,,T01,add,Ann,2026-11-02,\n"),
        "o.csv: line 2, column 2 (question): empty; every override needs it"
    );
    assert_eq!(
        err("R1,Q1,T01,add\n"),
        "o.csv: line 2, column 5 (reviewer): empty; every override needs it"
    );
    let header = Overrides::parse(Path::new("o.csv"), b"id,question,theme,action,date\n");
    assert!(matches!(
        header,
        Err(OverrideError::Header {
            missing: "reviewer",
            ..
        })
    ));
    assert_eq!(
        err("\n\"R1\",Q1,T01,add,Ann,2026-11-02,\n"),
        "parsed 1 rows"
    );
}

#[test]
fn limits_hold() {
    let big = vec![b'a'; MAX_OVERRIDES_BYTES as usize + 1];
    assert!(matches!(
        Overrides::parse(Path::new("o.csv"), &big),
        Err(OverrideError::Limit { .. })
    ));
    let long = "x".repeat(MAX_FIELD_BYTES + 1);
    assert!(err(&format!("R1,Q1,T01,add,Ann,2026-11-02,{long}\n"))
        .starts_with("o.csv: line 2, column 7 (reason): longer than"));
}

#[test]
fn dates_are_checked() {
    assert!(valid_date("2026-01-31"));
    assert!(valid_date("31/01/2026"));
    assert!(!valid_date("2026-13-01"));
    assert!(!valid_date("2026-1-1"));
    assert!(!valid_date("yesterday"));
}

mod props {
    use super::*;
    use proptest::prelude::*;

    fn field() -> impl Strategy<Value = String> {
        "[A-Za-z0-9 ,\"'#=é-]{1,12}".prop_filter("not blank", |s| !s.trim().is_empty())
    }

    proptest! {
        /// Rows written with the csv crate read back exactly, each with its line.
        #[test]
        fn written_rows_read_back(rows in proptest::collection::vec((field(), field(), field(), any::<bool>(), field(), field()), 0..20)) {
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record(COLUMNS).expect("header");
            for (id, q, t, add, who, why) in &rows {
                let action = if *add { "add" } else { "remove" };
                w.write_record([id.as_str(), q, t, action, who, "2026-01-02", why]).expect("row");
            }
            let bytes = w.into_inner().expect("bytes");
            let o = Overrides::parse(Path::new("p.csv"), &bytes).expect("valid");
            prop_assert_eq!(o.rows.len(), rows.len());
            for (got, (id, q, t, add, who, why)) in o.rows.iter().zip(&rows) {
                prop_assert_eq!(&got.id, id.trim());
                prop_assert_eq!(&got.question, q.trim());
                prop_assert_eq!(&got.theme, t.trim());
                prop_assert_eq!(got.action == RevisionAction::Add, *add);
                prop_assert_eq!(&got.reviewer, who.trim());
                prop_assert_eq!(&got.reason, why.trim());
            }
            let lines: Vec<u64> = o.rows.iter().map(|r| r.line).collect();
            prop_assert!(lines.windows(2).all(|w| w[0] < w[1]));
        }

        /// Any bytes give rows or an error, never a panic; applying what parses changes at most
        /// one theme per line.
        #[test]
        fn any_bytes_are_read_or_refused(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let mut input = HEADER.as_bytes().to_vec();
            input.extend(bytes);
            if let Ok(o) = Overrides::parse(Path::new("p.csv"), &input) {
                let bound = BoundOverrides::bind(&o, &frame(), &questions());
                let mut b = batch();
                bound.apply(&frame(), &mut b);
                let changed: usize = b.codings.iter().map(|c| c.revisions.len()).sum();
                prop_assert!(changed + bound.issues().len() <= o.rows.len());
            }
        }
    }
}
