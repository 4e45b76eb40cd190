//! Index tests on a small hand-made survey: five fictional respondents, two questions.

use super::*;
use crate::model::{CodeFrame, Coding, Consent, Priority, Question, Respondent, Theme, ThemeScore};
use crate::provenance::Provenance;
use std::fs;
use tempfile::TempDir;

fn frame() -> CodeFrame {
    let priority = |id: &str| Priority {
        id: id.to_string(),
        name: format!("Priority {id}"),
        description: String::new(),
    };
    let theme = |id: &str, ps: &[&str]| Theme {
        id: id.to_string(),
        name: format!("Theme {id}"),
        description: String::new(),
        priorities: ps.iter().map(|p| p.to_string()).collect(),
    };
    CodeFrame {
        priorities: vec![priority("P1"), priority("P2"), priority("P3")],
        themes: vec![
            theme("T03", &["P1", "P2"]),
            theme("T07", &["P3"]),
            theme("T10", &["P3"]),
            theme("T11", &["P3"]),
        ],
    }
}

fn layout() -> IndexLayout {
    IndexLayout {
        questions: vec![
            Question {
                id: "Q1".into(),
                text: "What matters most to you?".into(),
                column: 1,
            },
            Question {
                id: "Q2".into(),
                text: "What could be better?".into(),
                column: 2,
            },
        ],
        attributes: vec!["locality".into(), "age band".into()],
        frame: frame(),
    }
}

struct Row {
    id: &'static str,
    locality: &'static str,
    age: &'static str,
    consent: Consent,
    answers: [Option<(&'static str, &'static [&'static str])>; 2],
}

fn rows() -> Vec<Row> {
    vec![
        Row {
            id: "R001",
            locality: "Hamilton",
            age: "65+",
            consent: Consent::WithName,
            answers: [
                Some((
                    "I cared for my mother for ten years and nobody asked how I was coping.",
                    &["T10"],
                )),
                Some((
                    "A short break now and then would help carers like me.",
                    &["T10"],
                )),
            ],
        },
        Row {
            id: "R002",
            locality: "Wishaw",
            age: "35-64",
            consent: Consent::DoNotPublish,
            answers: [
                Some((
                    "Getting a GP appointment is impossible, the phone line is always engaged.",
                    &["T07"],
                )),
                None,
            ],
        },
        Row {
            id: "R003",
            locality: "Hamilton",
            age: "18-34",
            consent: Consent::Anonymous,
            answers: [
                Some((
                    "Caring for my dad while working full time leaves no time for anything.",
                    &["T10"],
                )),
                Some((
                    "More staff in care at home so visits are not rushed.",
                    &["T11"],
                )),
            ],
        },
        Row {
            id: "R004",
            locality: "Clydesdale",
            age: "",
            consent: Consent::Unknown,
            answers: [
                Some((
                    "I feel lonely since the day centre closed and the bus stopped running.",
                    &["T03"],
                )),
                Some(("GP appointment by phone only suits some people.", &["T07"])),
            ],
        },
        Row {
            id: "R005",
            locality: "Wishaw",
            age: "65+",
            consent: Consent::WithName,
            answers: [
                Some((
                    "The staff were kind but there are not enough of them.",
                    &["T11"],
                )),
                Some((
                    "Short break for carers is hard to find in rural areas.",
                    &["T10"],
                )),
            ],
        },
    ]
}

fn respondents() -> Vec<(Respondent, Vec<Coding>)> {
    let frame = frame();
    rows()
        .into_iter()
        .enumerate()
        .map(|(seq, row)| {
            let seq = seq as u32;
            let mut codings = Vec::new();
            for (qi, a) in row.answers.iter().enumerate() {
                if let Some((_, themes)) = a {
                    let theme_ix =
                        |id: &str| frame.themes.iter().position(|x| x.id == id).unwrap_or(0);
                    let mut priorities: Vec<u16> = themes
                        .iter()
                        .flat_map(|t| frame.themes[theme_ix(t)].priorities.iter())
                        .filter_map(|p| frame.priorities.iter().position(|x| &x.id == p))
                        .map(|i| i as u16)
                        .collect();
                    priorities.sort();
                    priorities.dedup();
                    codings.push(Coding {
                        respondent: seq,
                        question: qi as u16,
                        themes: themes
                            .iter()
                            .map(|t| ThemeScore {
                                theme: theme_ix(t) as u16,
                                score: 1.0,
                            })
                            .collect(),
                        priorities,
                        evidence: Vec::new(),
                    });
                }
            }
            let r = Respondent {
                seq,
                row: u64::from(seq) + 2,
                id: row.id.to_string(),
                attributes: vec![row.locality.to_string(), row.age.to_string()],
                consent: row.consent,
                answers: row
                    .answers
                    .iter()
                    .map(|a| a.map(|(t, _)| t.to_string()))
                    .collect(),
            };
            (r, codings)
        })
        .collect()
}

fn provenance(inputs: Vec<(std::path::PathBuf, String)>) -> Provenance {
    Provenance {
        inputs,
        lexicon: "lexicon-hash-1".to_string(),
        hearken_version: "0.1.0".to_string(),
    }
}

fn build(dir: &Path, rs: &[(Respondent, Vec<Coding>)]) -> IndexStats {
    let mut b = IndexBuilder::create(dir, &layout(), DEFAULT_MEMORY_BUDGET).expect("create");
    for (r, c) in rs {
        b.add(r, c, None).expect("add");
    }
    b.commit(&provenance(Vec::new())).expect("commit")
}

fn fixture() -> (TempDir, SearchIndex) {
    let tmp = TempDir::new().expect("tempdir");
    let dir = tmp.path().join("index");
    let stats = build(&dir, &respondents());
    assert_eq!(stats.documents, 9);
    assert_eq!(stats.respondents, 5);
    let index = open(&dir).expect("open");
    (tmp, index)
}

fn req(query: &str) -> SearchRequest {
    SearchRequest {
        query: query.to_string(),
        limit: 100,
        ..SearchRequest::default()
    }
}

/// `id/question` of every hit, in hit order.
fn keys(index: &SearchIndex, r: &SearchRequest) -> Vec<String> {
    index
        .search(r)
        .expect("search")
        .hits
        .iter()
        .map(|h| format!("{}/{}", h.id, h.question))
        .collect()
}

fn sorted_keys(index: &SearchIndex, r: &SearchRequest) -> Vec<String> {
    let mut k = keys(index, r);
    k.sort();
    k
}

#[test]
fn phrase_matches_consecutive_words_only() {
    let (_t, index) = fixture();
    assert_eq!(
        sorted_keys(&index, &req("\"short break\"")),
        ["R001/Q2", "R005/Q2"]
    );
    assert!(keys(&index, &req("\"break short\"")).is_empty());
    assert_eq!(sorted_keys(&index, &req("\"phone line\"")), ["R002/Q1"]);
}

#[test]
fn stemming_finds_other_forms() {
    let (_t, index) = fixture();
    assert_eq!(
        sorted_keys(&index, &req("caring")),
        ["R001/Q1", "R003/Q1", "R003/Q2"]
    );
    let hits = index.search(&req("caring")).expect("search").hits;
    let r001 = hits.iter().find(|h| h.id == "R001").expect("R001 hit");
    assert_eq!(r001.snippet.highlights, vec![(2, 7)]);
    assert_eq!(&r001.snippet.text[2..7], "cared");
}

#[test]
fn boolean_operators() {
    let (_t, index) = fixture();
    assert_eq!(
        sorted_keys(&index, &req("GP AND phone")),
        ["R002/Q1", "R004/Q2"]
    );
    // Words are required by default.
    assert_eq!(
        sorted_keys(&index, &req("appointment impossible")),
        ["R002/Q1"]
    );
    assert_eq!(
        sorted_keys(&index, &req("lonely OR staff")),
        ["R003/Q2", "R004/Q1", "R005/Q1"]
    );
    assert_eq!(sorted_keys(&index, &req("staff AND NOT kind")), ["R003/Q2"]);
    assert_eq!(sorted_keys(&index, &req("staff -kind")), ["R003/Q2"]);
    assert_eq!(
        sorted_keys(&index, &req("(staff OR carers) AND NOT (kind OR rural)")),
        ["R001/Q2", "R003/Q2"]
    );
    assert_eq!(
        sorted_keys(&index, &req("question:Q2 AND carers")),
        ["R001/Q2", "R005/Q2"]
    );
}

#[test]
fn filters_combine_with_query() {
    let (_t, index) = fixture();
    let mut r = req("");
    r.themes = vec!["T10".into()];
    assert_eq!(
        sorted_keys(&index, &r),
        ["R001/Q1", "R001/Q2", "R003/Q1", "R005/Q2"]
    );
    r.themes = vec!["T10".into(), "t03".into()];
    assert_eq!(
        sorted_keys(&index, &r),
        ["R001/Q1", "R001/Q2", "R003/Q1", "R004/Q1", "R005/Q2"]
    );

    let mut r = req("");
    r.priorities = vec!["P1".into()];
    assert_eq!(sorted_keys(&index, &r), ["R004/Q1"]);

    let mut r = req("");
    r.questions = vec!["Q2".into()];
    assert_eq!(
        sorted_keys(&index, &r),
        ["R001/Q2", "R003/Q2", "R004/Q2", "R005/Q2"]
    );

    let mut r = req("");
    r.filters = vec![("locality".into(), "Wishaw".into())];
    assert_eq!(sorted_keys(&index, &r), ["R002/Q1", "R005/Q1", "R005/Q2"]);
    r.filters.push(("Locality".into(), "Clydesdale".into()));
    assert_eq!(
        sorted_keys(&index, &r),
        ["R002/Q1", "R004/Q1", "R004/Q2", "R005/Q1", "R005/Q2"]
    );
    r.filters.push(("age band".into(), "65+".into()));
    assert_eq!(sorted_keys(&index, &r), ["R005/Q1", "R005/Q2"]);

    let mut r = req("carers");
    r.themes = vec!["T10".into()];
    r.filters = vec![("locality".into(), "Hamilton".into())];
    assert_eq!(sorted_keys(&index, &r), ["R001/Q2"]);
}

#[test]
fn filters_do_not_change_scores() {
    let (_t, index) = fixture();
    let plain = index.search(&req("staff")).expect("search").hits;
    let mut r = req("staff");
    r.themes = vec!["T11".into()];
    let filtered = index.search(&r).expect("search").hits;
    assert_eq!(plain.len(), 2);
    assert_eq!(filtered.len(), 2);
    for (a, b) in plain.iter().zip(&filtered) {
        assert_eq!((a.id.as_str(), a.score), (b.id.as_str(), b.score));
    }
}

#[test]
fn unknown_filter_names_list_the_known_ones() {
    let (_t, index) = fixture();
    let mut r = req("");
    r.filters = vec![("town".into(), "Hamilton".into())];
    let err = index.search(&r).expect_err("unknown column");
    assert!(err.is_usage());
    assert_eq!(
        err.to_string(),
        "unknown column `town`; available: locality, age band"
    );
    let mut r = req("");
    r.themes = vec!["T99".into()];
    assert_eq!(
        index.search(&r).expect_err("unknown theme").to_string(),
        "unknown theme `T99`; available: T03, T07, T10, T11"
    );
    assert_eq!(
        index
            .count(&req(""), Some("ward"))
            .expect_err("unknown by")
            .to_string(),
        "unknown column `ward`; available: locality, age band"
    );
}

#[test]
fn publishable_leaves_out_those_without_consent() {
    let (_t, index) = fixture();
    let mut all = index.search(&req("GP")).expect("search").hits;
    all.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(
        all.iter()
            .map(|h| (h.id.as_str(), h.consent, h.publishable()))
            .collect::<Vec<_>>(),
        [
            ("R002", Consent::DoNotPublish, false),
            ("R004", Consent::Unknown, false)
        ]
    );
    let mut r = req("GP");
    r.publishable_only = true;
    let res = index.search(&r).expect("search");
    assert_eq!(res.total, 0);
    let mut r = req("staff");
    r.publishable_only = true;
    assert_eq!(sorted_keys(&index, &r), ["R003/Q2", "R005/Q1"]);
}

#[test]
fn hits_carry_stored_fields() {
    let (_t, index) = fixture();
    let mut r = req("lonely");
    r.limit = 1;
    let res = index.search(&r).expect("search");
    assert_eq!(res.total, 1);
    let h = &res.hits[0];
    assert_eq!(h.id, "R004");
    assert_eq!(h.question, "Q1");
    assert_eq!(h.question_text, "What matters most to you?");
    assert_eq!(h.themes, ["T03"]);
    assert_eq!(h.priorities, ["P1", "P2"]);
    assert_eq!(
        h.attributes,
        [
            ("locality".to_string(), "Clydesdale".to_string()),
            ("age band".to_string(), String::new())
        ]
    );
    assert_eq!(h.row, 5);
    assert_eq!(h.campaign, None);
    assert!(h.score > 0.0);
    assert_eq!(h.snippet.text, h.text);
    assert_eq!(
        &h.snippet.text[h.snippet.highlights[0].0..h.snippet.highlights[0].1],
        "lonely"
    );
}

#[test]
fn long_answers_get_a_fragment() {
    let tmp = TempDir::new().expect("tempdir");
    let dir = tmp.path().join("index");
    let (mut r, c) = respondents().remove(0);
    let filler = "The weather was dull and the road was long. ".repeat(8);
    r.answers[0] = Some(format!("{filler}Respite made all the difference. {filler}"));
    let mut b = IndexBuilder::create(&dir, &layout(), DEFAULT_MEMORY_BUDGET).expect("create");
    b.add(&r, &c, None).expect("add");
    b.commit(&provenance(Vec::new())).expect("commit");
    let index = open(&dir).expect("open");
    let mut q = req("respite");
    q.snippet_chars = 60;
    let hit = &index.search(&q).expect("search").hits[0];
    let s = &hit.snippet;
    assert!(
        s.text.starts_with('…') && s.text.ends_with('…'),
        "{}",
        s.text
    );
    assert!(s.text.chars().count() <= 62, "{}", s.text);
    assert_eq!(s.highlights.len(), 1);
    assert_eq!(&s.text[s.highlights[0].0..s.highlights[0].1], "Respite");
    // Without query words the snippet is the start of the answer.
    q.query = String::new();
    let hit = &index.search(&q).expect("search").hits[0];
    assert_eq!(hit.snippet.highlights, []);
    assert_eq!(
        hit.snippet.text,
        "The weather was dull and the road was long. The weather was…"
    );
}

#[test]
fn counts_by_theme_priority_and_column() {
    let (_t, index) = fixture();
    let counts = index.count(&req(""), Some("locality")).expect("count");
    assert_eq!(counts.total, 9);
    let pairs = |v: &[Count]| {
        v.iter()
            .map(|c| (c.value.clone(), c.count))
            .collect::<Vec<_>>()
    };
    let own = |v: &[(&str, u64)]| {
        v.iter()
            .map(|(a, b)| (a.to_string(), *b))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        pairs(&counts.by_theme),
        own(&[("T03", 1), ("T07", 2), ("T10", 4), ("T11", 2)])
    );
    assert_eq!(
        pairs(&counts.by_priority),
        own(&[("P1", 1), ("P2", 1), ("P3", 8)])
    );
    let (column, by) = counts.by_attribute.expect("by locality");
    assert_eq!(column, "locality");
    assert_eq!(
        pairs(&by),
        own(&[("Hamilton", 4), ("Wishaw", 3), ("Clydesdale", 2)])
    );

    let counts = index.count(&req(""), Some("AGE BAND")).expect("count");
    let (column, by) = counts.by_attribute.expect("by age band");
    assert_eq!(column, "age band");
    assert_eq!(
        pairs(&by),
        own(&[("65+", 4), ("", 2), ("18-34", 2), ("35-64", 1)])
    );

    let counts = index.count(&req("carers"), None).expect("count");
    assert_eq!(counts.total, 2);
    assert_eq!(
        pairs(&counts.by_theme),
        own(&[("T03", 0), ("T07", 0), ("T10", 2), ("T11", 0)])
    );
    assert_eq!(counts.by_attribute, None);
}

#[test]
fn sort_by_id_with_offset_and_limit() {
    let (_t, index) = fixture();
    let mut r = req("");
    r.sort = Sort::Id;
    assert_eq!(
        keys(&index, &r),
        [
            "R001/Q1", "R001/Q2", "R002/Q1", "R003/Q1", "R003/Q2", "R004/Q1", "R004/Q2", "R005/Q1",
            "R005/Q2"
        ]
    );
    r.offset = 2;
    r.limit = 3;
    let res = index.search(&r).expect("search");
    assert_eq!(res.total, 9);
    assert_eq!(
        res.hits
            .iter()
            .map(|h| format!("{}/{}", h.id, h.question))
            .collect::<Vec<_>>(),
        ["R002/Q1", "R003/Q1", "R003/Q2"]
    );
    r.offset = 8;
    assert_eq!(keys(&index, &r), ["R005/Q2"]);
    r.offset = 9;
    assert!(keys(&index, &r).is_empty());
    r.limit = 0;
    r.offset = 0;
    assert_eq!(index.search(&r).expect("search").total, 9);
}

#[test]
fn relevance_pages_are_consistent() {
    let (_t, index) = fixture();
    let all = keys(&index, &req("care OR carers OR staff"));
    assert_eq!(all.len(), 6);
    let mut paged = Vec::new();
    for offset in (0..6).step_by(4) {
        let mut r = req("care OR carers OR staff");
        r.offset = offset;
        r.limit = 4;
        paged.extend(keys(&index, &r));
    }
    assert_eq!(paged, all);
}

#[test]
fn bad_queries_are_errors_not_panics() {
    let (_t, index) = fixture();
    for (query, expected) in [
        (
            "\"short break",
            "bad query `\"short break`: syntax error at column 13: missing delimiter \"",
        ),
        (
            "nosuchfield:word",
            "bad query `nosuchfield:word`: unknown field `nosuchfield`",
        ),
        (
            "NOT staff",
            "bad query `NOT staff`: a query cannot only exclude terms",
        ),
        ("staff AND (", "bad query `staff AND (`: syntax error"),
    ] {
        let err = index.search(&req(query)).expect_err(query);
        assert!(err.is_usage(), "{query}");
        let msg = err.to_string();
        assert!(msg.starts_with(expected), "{query}: {msg}");
    }
}

#[test]
fn missing_index_is_a_clear_error() {
    let tmp = TempDir::new().expect("tempdir");
    let dir = tmp.path().join("nothing");
    let err = open(&dir).err().expect("missing");
    assert_eq!(
        err.to_string(),
        format!(
            "no index at {} (run `hearken run ... --out ...` first)",
            dir.display()
        )
    );
    fs::create_dir(&dir).expect("mkdir");
    assert!(matches!(open(&dir), Err(IndexError::Missing(_))));
}

#[test]
fn output_directory_of_run_opens_its_index() {
    let (tmp, _index) = fixture();
    let index = open(tmp.path()).expect("open out dir");
    assert_eq!(index.dir(), tmp.path().join("index"));
    assert_eq!(index.manifest().documents, 9);
}

#[test]
fn stale_inputs_and_lexicons_are_reported() {
    let tmp = TempDir::new().expect("tempdir");
    let input = tmp.path().join("survey.csv");
    fs::write(&input, "id,answer\nR001,hello\n").expect("write");
    let dir = tmp.path().join("index");
    let mut b = IndexBuilder::create(&dir, &layout(), DEFAULT_MEMORY_BUDGET).expect("create");
    for (r, c) in respondents() {
        b.add(&r, &c, Some(3)).expect("add");
    }
    let prov =
        Provenance::for_inputs(std::slice::from_ref(&input), "lex-1".into()).expect("provenance");
    b.commit(&prov).expect("commit");
    let index = open(&dir).expect("open");
    let canonical = fs::canonicalize(&input).expect("canonical");
    assert_eq!(index.manifest().inputs[0].path, canonical);
    assert!(index.stale(None, Some("lex-1")).is_empty());
    assert!(index
        .stale(Some(std::slice::from_ref(&input)), None)
        .is_empty());
    assert_eq!(index.stale(None, Some("lex-2")), [Stale::LexiconChanged]);

    let other = tmp.path().join("other.csv");
    fs::write(&other, "x").expect("write");
    assert_eq!(
        index.stale(Some(std::slice::from_ref(&other)), None),
        [Stale::InputNotIndexed(other.clone())]
    );

    fs::write(&input, "id,answer\nR001,changed\n").expect("write");
    assert_eq!(
        index.stale(None, None),
        [Stale::InputChanged(canonical.clone())]
    );
    fs::remove_file(&input).expect("remove");
    assert_eq!(index.stale(None, None), [Stale::InputMissing(canonical)]);

    let hit = &index.search(&req("lonely")).expect("search").hits[0];
    assert_eq!(hit.campaign, Some(3));
}

#[test]
fn dropped_build_leaves_previous_index() {
    let (tmp, _) = fixture();
    let dir = tmp.path().join("index");
    let all = respondents();
    {
        let mut b = IndexBuilder::create(&dir, &layout(), DEFAULT_MEMORY_BUDGET).expect("create");
        b.add(&all[0].0, &all[0].1, None).expect("add");
        assert!(b.building_dir().is_dir());
        // Dropped without commit.
    }
    let names: Vec<String> = fs::read_dir(tmp.path())
        .expect("read")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["index"]);
    let index = open(&dir).expect("open previous");
    assert_eq!(index.search(&req("")).expect("search").total, 9);

    // A committed rebuild replaces it.
    let stats = build(&dir, &all[..1]);
    assert_eq!(stats.documents, 2);
    let index = open(&dir).expect("open new");
    assert_eq!(index.search(&req("")).expect("search").total, 2);
    let names: Vec<String> = fs::read_dir(tmp.path())
        .expect("read")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["index"]);
}

#[test]
fn interrupted_builds_and_swaps_are_recovered() {
    let (tmp, _) = fixture();
    let dir = tmp.path().join("index");
    // A build killed mid-way leaves its directory; a swap killed between its renames leaves the
    // previous index aside and none in place.
    let stale = tmp.path().join(".index.building-999999999-0");
    fs::create_dir(&stale).expect("mkdir");
    fs::write(stale.join("junk"), "partial").expect("write");
    let aside = tmp.path().join(".index.old-999999999-1");
    fs::rename(&dir, &aside).expect("rename");

    let index = open(&dir).expect("open falls back to the previous index");
    assert_eq!(index.search(&req("")).expect("search").total, 9);

    let all = respondents();
    let b = IndexBuilder::create(&dir, &layout(), DEFAULT_MEMORY_BUDGET).expect("create");
    assert!(!stale.exists());
    assert!(!aside.exists());
    assert_eq!(
        open(&dir)
            .expect("restored")
            .search(&req(""))
            .expect("search")
            .total,
        9
    );
    drop(b);
    build(&dir, &all[1..2]);
    assert_eq!(
        open(&dir)
            .expect("open")
            .search(&req(""))
            .expect("search")
            .total,
        1
    );
}

#[test]
fn refuses_to_replace_a_foreign_directory() {
    let tmp = TempDir::new().expect("tempdir");
    let dir = tmp.path().join("index");
    fs::create_dir(&dir).expect("mkdir");
    fs::write(dir.join("notes.txt"), "mine").expect("write");
    let err = IndexBuilder::create(&dir, &layout(), DEFAULT_MEMORY_BUDGET)
        .err()
        .expect("refused");
    assert!(
        err.to_string().contains("holds no hearken-index.json"),
        "{err}"
    );
    assert!(dir.join("notes.txt").is_file());
}

#[test]
fn answers_beyond_the_layout_are_an_error() {
    let tmp = TempDir::new().expect("tempdir");
    let mut b = IndexBuilder::create(&tmp.path().join("index"), &layout(), DEFAULT_MEMORY_BUDGET)
        .expect("create");
    let (mut r, c) = respondents().remove(0);
    r.answers.push(Some("extra".into()));
    let err = b.add(&r, &c, None).expect_err("too many answers");
    assert_eq!(
        err.to_string(),
        "respondent R001 (row 2): 3 answers but the index has 2 questions"
    );
}

#[test]
fn facets_count_every_column_and_leave_out_their_own_filter() {
    let (_t, index) = fixture();
    let pairs = |v: &[Count]| {
        v.iter()
            .map(|c| (c.value.clone(), c.count))
            .collect::<Vec<_>>()
    };
    let own = |v: &[(&str, u64)]| {
        v.iter()
            .map(|(a, b)| (a.to_string(), *b))
            .collect::<Vec<_>>()
    };
    let f = index.facets(&req("")).expect("facets");
    assert_eq!(f.total, 9);
    assert_eq!(
        pairs(&f.themes),
        own(&[("T03", 1), ("T07", 2), ("T10", 4), ("T11", 2)])
    );
    assert_eq!(
        pairs(&f.priorities),
        own(&[("P1", 1), ("P2", 1), ("P3", 8)])
    );
    assert_eq!(pairs(&f.questions), own(&[("Q1", 5), ("Q2", 4)]));
    assert_eq!(f.attributes.len(), 2);
    assert_eq!(f.attributes[0].0, "locality");
    assert_eq!(
        pairs(&f.attributes[0].1),
        own(&[("Hamilton", 4), ("Wishaw", 3), ("Clydesdale", 2)])
    );
    // Blank values cannot be chosen, so they are not listed.
    assert_eq!(f.attributes[1].0, "age band");
    assert_eq!(
        pairs(&f.attributes[1].1),
        own(&[("65+", 4), ("18-34", 2), ("35-64", 1)])
    );

    // A theme filter narrows every other facet, but the theme facet still shows what another
    // theme would add.
    let mut r = req("");
    r.themes = vec!["T10".into()];
    let f = index.facets(&r).expect("facets");
    assert_eq!(f.total, 4);
    assert_eq!(
        pairs(&f.themes),
        own(&[("T03", 1), ("T07", 2), ("T10", 4), ("T11", 2)])
    );
    assert_eq!(
        pairs(&f.attributes[0].1),
        own(&[("Hamilton", 3), ("Wishaw", 1)])
    );
    assert_eq!(pairs(&f.questions), own(&[("Q1", 2), ("Q2", 2)]));

    // The same for a column: other columns narrow, its own values stay.
    let mut r = req("");
    r.filters = vec![("LOCALITY".into(), "Hamilton".into())];
    let f = index.facets(&r).expect("facets");
    assert_eq!(f.total, 4);
    assert_eq!(
        pairs(&f.attributes[0].1),
        own(&[("Hamilton", 4), ("Wishaw", 3), ("Clydesdale", 2)])
    );
    assert_eq!(
        pairs(&f.themes),
        own(&[("T03", 0), ("T07", 0), ("T10", 3), ("T11", 1)])
    );
    assert_eq!(pairs(&f.attributes[1].1), own(&[("18-34", 2), ("65+", 2)]));

    // Query text and consent narrow everything; the total agrees with search.
    let mut r = req("carers");
    r.publishable_only = true;
    let f = index.facets(&r).expect("facets");
    assert_eq!(f.total, index.search(&r).expect("search").total);
    assert_eq!(f.total, 2);

    // Unknown names are the same usage errors as in search.
    let mut r = req("");
    r.filters = vec![("planet".into(), "Mars".into())];
    assert!(index.facets(&r).unwrap_err().is_usage());
    r.filters.clear();
    r.themes = vec!["T99".into()];
    assert!(index.facets(&r).unwrap_err().is_usage());
}

#[test]
fn answers_of_one_respondent() {
    let (_t, index) = fixture();
    let all = index.answers_of("R003", false).expect("answers");
    let got: Vec<(&str, &str)> = all
        .iter()
        .map(|h| (h.question.as_str(), h.text.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "Q1",
                "Caring for my dad while working full time leaves no time for anything."
            ),
            ("Q2", "More staff in care at home so visits are not rushed.")
        ]
    );
    assert_eq!(all[0].themes, ["T10"]);
    assert_eq!(all[1].attributes[0], ("locality".into(), "Hamilton".into()));
    // Publishable only: nothing from those who said no or whose consent is unknown.
    assert_eq!(index.answers_of("R003", true).expect("answers").len(), 2);
    assert!(index.answers_of("R002", true).expect("answers").is_empty());
    assert!(index.answers_of("R004", true).expect("answers").is_empty());
    assert_eq!(index.answers_of("R004", false).expect("answers").len(), 2);
    assert!(index
        .answers_of("NOBODY", false)
        .expect("answers")
        .is_empty());
    assert!(index.answers_of("", false).expect("answers").is_empty());
}

#[test]
fn one_pass_faceted_search_gives_what_search_and_facets_give() {
    let (_t, index) = fixture();
    let table = index.facet_table().expect("table").expect("small frame");
    let mut cases: Vec<SearchRequest> = Vec::new();
    for query in [
        "",
        "carers",
        "gp OR staff",
        "\"short break\"",
        "nothing-matches",
    ] {
        for sort in [Sort::Relevance, Sort::Id] {
            let mut r = req(query);
            r.sort = sort;
            cases.push(r.clone());
            r.themes = vec!["T10".into(), "t07".into()];
            cases.push(r.clone());
            r.filters = vec![
                ("locality".into(), "Hamilton".into()),
                ("locality".into(), " Wishaw ".into()),
                ("age band".into(), "65+".into()),
            ];
            cases.push(r.clone());
            r.questions = vec!["Q2".into()];
            r.priorities = vec!["P3".into()];
            r.publishable_only = true;
            cases.push(r.clone());
            r.filters = vec![("locality".into(), "Atlantis".into())];
            cases.push(r.clone());
            r.limit = 2;
            r.offset = 1;
            cases.push(r);
        }
    }
    for r in &cases {
        let (mut results, facets) = index.search_faceted(&table, r).expect("faceted");
        let mut plain = index.search(r).expect("search");
        if r.query.is_empty() {
            // Without query text every answer ranks the same; `search` reports 0 or 1 as the
            // score depending on the filters, so only the order is compared.
            for h in results.hits.iter_mut().chain(plain.hits.iter_mut()) {
                h.score = 0.0;
            }
        }
        assert_eq!(results, plain, "{r:?}");
        assert_eq!(facets, index.facets(r).expect("facets"), "{r:?}");
    }
    // Unknown names are the same usage errors.
    let mut r = req("");
    r.themes = vec!["T99".into()];
    assert!(index.search_faceted(&table, &r).unwrap_err().is_usage());
    let mut r = req("");
    r.filters = vec![("planet".into(), "Mars".into())];
    assert!(index.search_faceted(&table, &r).unwrap_err().is_usage());
}
