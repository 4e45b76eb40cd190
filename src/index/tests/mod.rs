//! Index tests on a small hand-made survey: five fictional respondents, two questions. The
//! survey and its helpers are here; the tests are grouped by what they exercise.

mod facet_counts;
mod lifecycle;
mod queries;

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
                        revisions: Vec::new(),
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
