//! Runs `hearken inspect` on a small fictional export of every survey tool's shape (see the
//! README's table "Survey tools recognised") and checks the tool named, the header rows skipped,
//! the respondents counted, the id column and the question labels; then `hearken run` on one
//! multi-row shape to see the label reach every output.

use serde_json::Value;
use std::path::Path;

mod common;

use common::fixture;

fn hearken(dir: &Path, args: &[&str]) -> (i32, String, String) {
    common::outcome(&common::hearken_in(dir, args))
}

fn inspect(file: &Path, extra: &[&str]) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let mut args = vec!["inspect", "--format", "json", file.to_str().unwrap()];
    args.extend_from_slice(extra);
    let (code, out, err) = hearken(dir.path(), &args);
    assert_eq!(code, 0, "{}: {err}", file.display());
    serde_json::from_str(&out).unwrap()
}

const MATTERS: &str = "What matters most to you about local health and care services?";
const BETTER: &str = "What could be better?";

struct Case {
    file: &'static str,
    vendor: &'static str,
    header_rows: u64,
    /// total, ingested, blank, rejected
    rows: [u64; 4],
    id_column: Option<u64>,
    questions: &'static [&'static str],
}

const CASES: &[Case] = &[
    Case {
        file: "exports/qualtrics.csv",
        vendor: "qualtrics",
        header_rows: 3,
        rows: [6, 5, 1, 0],
        id_column: Some(8),
        questions: &[MATTERS, BETTER],
    },
    Case {
        file: "exports/qualtrics_python_dicts.csv",
        vendor: "qualtrics",
        header_rows: 3,
        rows: [6, 5, 1, 0],
        id_column: Some(8),
        questions: &[MATTERS, BETTER],
    },
    Case {
        file: "exports/qualtrics_legacy.csv",
        vendor: "qualtrics-legacy",
        header_rows: 2,
        rows: [5, 5, 0, 0],
        id_column: Some(1),
        questions: &[MATTERS, BETTER],
    },
    Case {
        file: "exports/qualtrics_legacy_v_row.csv",
        vendor: "qualtrics-legacy",
        header_rows: 2,
        rows: [5, 5, 0, 0],
        id_column: Some(1),
        questions: &[MATTERS, BETTER],
    },
    Case {
        file: "exports/surveymonkey_na.csv",
        vendor: "surveymonkey",
        header_rows: 2,
        rows: [6, 5, 1, 0],
        id_column: Some(1),
        questions: &[MATTERS],
    },
    Case {
        file: "exports/smartsurvey.csv",
        vendor: "smartsurvey",
        header_rows: 1,
        rows: [5, 5, 0, 0],
        id_column: Some(1),
        questions: &[MATTERS, BETTER],
    },
    Case {
        file: "ingest/forms.xlsx",
        vendor: "microsoft-forms",
        header_rows: 1,
        rows: [6, 5, 1, 0],
        id_column: Some(1),
        questions: &["What matters most to you about local services?"],
    },
    Case {
        file: "exports/google_forms.csv",
        vendor: "google-forms",
        header_rows: 1,
        rows: [5, 5, 0, 0],
        id_column: None,
        questions: &[MATTERS, BETTER],
    },
    Case {
        file: "exports/citizen_space.csv",
        vendor: "citizen-space",
        header_rows: 1,
        rows: [5, 5, 0, 0],
        id_column: Some(1),
        questions: &[
            "What is your connection to the area?",
            "What should the partnership prioritise over the next three years?",
            "Is there anything else you would like to tell us?",
        ],
    },
    Case {
        file: "exports/jisc_online_surveys.csv",
        vendor: "jisc-online-surveys",
        header_rows: 1,
        rows: [5, 5, 0, 0],
        id_column: Some(1),
        questions: &[MATTERS, BETTER],
    },
    Case {
        file: "exports/limesurvey_codes.csv",
        vendor: "limesurvey",
        header_rows: 1,
        rows: [5, 5, 0, 0],
        id_column: Some(1),
        questions: &["G01Q02", "G02Q03"],
    },
    Case {
        file: "exports/limesurvey_text.csv",
        vendor: "limesurvey",
        header_rows: 1,
        rows: [5, 5, 0, 0],
        id_column: Some(1),
        questions: &[MATTERS, BETTER],
    },
    Case {
        file: "exports/kobotoolbox.csv",
        vendor: "kobotoolbox",
        header_rows: 1,
        rows: [5, 5, 0, 0],
        id_column: Some(7),
        questions: &["what_matters", "could_be_better"],
    },
    Case {
        file: "exports/odk.csv",
        vendor: "odk",
        header_rows: 1,
        rows: [5, 5, 0, 0],
        id_column: Some(7),
        questions: &["what_matters", "could_be_better"],
    },
];

#[test]
fn every_shape_is_recognised_and_counted() {
    for case in CASES {
        let v = inspect(&fixture(case.file), &[]);
        let file = case.file;
        assert_eq!(v["vendor"], case.vendor, "{file}");
        assert_eq!(v["flavour"], case.vendor, "{file}");
        assert_eq!(v["header_rows"], case.header_rows, "{file}");
        let r = &v["rows"];
        let rows = ["total", "ingested", "blank", "rejected"].map(|k| r[k].as_u64().unwrap());
        assert_eq!(rows, case.rows, "{file}");
        assert_eq!(v["respondents"], case.rows[1], "{file}");
        assert_eq!(v["id_column"].as_u64(), case.id_column, "{file}");
        let questions: Vec<&str> = v["questions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|q| q["text"].as_str().unwrap())
            .collect();
        assert_eq!(questions, case.questions, "{file}");
    }
}

#[test]
fn tool_columns_are_not_analysed() {
    // Kobo's bookkeeping columns (_uuid, __version__...) and ODK's (KEY, FormVersion...) are
    // ignored; the group path stays usable as a column name.
    let v = inspect(&fixture("exports/kobotoolbox.csv"), &[]);
    assert_eq!(v["delimiter"], ";");
    let role = |name: &str| {
        v["columns"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .map(|c| c["role"].as_str().unwrap().to_string())
    };
    assert_eq!(role("_uuid").as_deref(), Some("ignore"));
    assert_eq!(role("__version__").as_deref(), Some("ignore"));
    assert_eq!(role("_id").as_deref(), Some("id"));
    let v = inspect(
        &fixture("exports/kobotoolbox.csv"),
        &["--text-column", "group_views/what_matters"],
    );
    assert_eq!(v["questions"][0]["text"], "what_matters");
    assert_eq!(v["questions"].as_array().unwrap().len(), 1);
    // Citizen Space's consent question is the consent column.
    let v = inspect(&fixture("exports/citizen_space.csv"), &[]);
    assert_eq!(v["consent_column"], 5);
}

#[test]
fn header_rows_and_id_column_can_be_set() {
    // Read as if it had one header row: the question-text and ImportId rows become rows.
    let v = inspect(
        &fixture("exports/qualtrics.csv"),
        &["--header-rows", "1", "--id-column", "ResponseId"],
    );
    assert_eq!(v["header_rows"], 1);
    assert_eq!(v["rows"]["total"], 8);
    assert_eq!(v["id_column"], 8);
    assert_eq!(v["columns"][7]["explicit"], true);
    // No header row at all: every row is data, columns are numbered.
    let v = inspect(
        &fixture("exports/limesurvey_text.csv"),
        &["--header-rows", "0", "--text-column", "7"],
    );
    assert_eq!(v["header_rows"], 0);
    assert_eq!(v["rows"]["total"], 6);
    assert_eq!(v["rows"]["rejected"], 0);
    assert_eq!(v["questions"][0]["text"], "Column 7");
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = hearken(
        dir.path(),
        &[
            "inspect",
            fixture("exports/qualtrics.csv").to_str().unwrap(),
            "--header-rows",
            "21",
        ],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("21 is not in 0..=20"), "{err}");
}

#[test]
fn inspect_text_names_the_tool_and_the_skipped_rows() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = hearken(
        dir.path(),
        &[
            "inspect",
            fixture("exports/qualtrics_legacy_v_row.csv")
                .to_str()
                .unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("vendor:      qualtrics-legacy\n"), "{out}");
    assert!(out.contains("header rows: 2 (skipped)\n"), "{out}");
    assert!(out.contains("respondents: 5\n"), "{out}");
}

#[test]
fn the_question_text_is_the_label_in_every_output() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let (code, _, err) = hearken(
        dir.path(),
        &[
            "run",
            fixture("exports/qualtrics_python_dicts.csv")
                .to_str()
                .unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--quiet",
        ],
    );
    assert_eq!(code, 0, "{err}");
    // themes.csv and coded.csv name questions by id (Q1), which summary.json maps to the label.
    for name in ["report.md", "report.html", "summary.json"] {
        let text = std::fs::read_to_string(out.join(name)).unwrap();
        assert!(text.contains(MATTERS), "{name} lacks the question text");
        assert!(!text.contains("ImportId"), "{name} shows an ImportId");
    }
    let (code, found, err) = hearken(
        dir.path(),
        &[
            "search",
            "--index",
            out.join("index").to_str().unwrap(),
            "buses",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(found.contains(&format!("question: {MATTERS}")), "{found}");
}
