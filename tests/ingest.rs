//! Runs `hearken inspect` on small fictional exports of every supported layout and checks the
//! exact counts, roles and error messages.

use serde_json::Value;
use std::path::{Path, PathBuf};

mod common;

fn fixture(name: &str) -> PathBuf {
    common::fixture("ingest").join(name)
}

/// Runs the binary in `dir` (so no stray hearken.toml is picked up); returns (exit code, stdout, stderr).
fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    common::outcome(&common::hearken_in(dir, args))
}

fn inspect_json(file: &Path) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let path = file.to_str().unwrap();
    let (code, out, err) = run_in(dir.path(), &["inspect", "--format", "json", path]);
    assert_eq!(code, 0, "stderr: {err}");
    serde_json::from_str(&out).unwrap()
}

fn inspect_error(file: &Path) -> String {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = run_in(
        dir.path(),
        &["inspect", "--format", "json", file.to_str().unwrap()],
    );
    assert_eq!(code, 1, "stdout: {out}");
    assert_eq!(out, "");
    err.trim_end().to_string()
}

fn rows(v: &Value) -> [u64; 4] {
    let r = &v["rows"];
    ["total", "ingested", "blank", "rejected"].map(|k| r[k].as_u64().unwrap())
}

fn roles(v: &Value) -> Vec<String> {
    v["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["role"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn plain_csv() {
    let v = inspect_json(&fixture("plain.csv"));
    assert_eq!(v["format"], "csv");
    assert_eq!(v["encoding"], "UTF-8");
    assert_eq!(v["delimiter"], ",");
    assert_eq!(v["header_rows"], 1);
    assert_eq!(rows(&v), [8, 7, 1, 0]);
    assert_eq!(roles(&v), ["id", "attribute", "text", "ignore"]);
    assert_eq!(v["id_column"], 1);
    assert_eq!(v["questions"][0]["id"], "Q1");
    assert_eq!(v["questions"][0]["column"], 3);
    assert_eq!(v["attributes"][0]["name"], "Locality");
    assert_eq!(v["columns"][1]["distinct"], 3);
    assert_eq!(v["columns"][1]["filled"], 8);
}

#[test]
fn tsv_and_semicolon_csv() {
    for (file, delim) in [("tabs.tsv", "\t"), ("semicolon.csv", ";")] {
        let v = inspect_json(&fixture(file));
        assert_eq!(v["delimiter"], delim, "{file}");
        assert_eq!(rows(&v), [8, 7, 1, 0], "{file}");
        assert_eq!(roles(&v), ["id", "attribute", "text", "ignore"], "{file}");
    }
}

#[test]
fn surveymonkey_two_header_rows() {
    let v = inspect_json(&fixture("surveymonkey.csv"));
    assert_eq!(v["format"], "surveymonkey");
    assert_eq!(v["header_rows"], 2);
    assert_eq!(rows(&v), [8, 7, 1, 0]);
    assert_eq!(
        roles(&v),
        [
            "id",
            "ignore",
            "ignore",
            "ignore",
            "ignore",
            "attribute",
            "text",
            "text"
        ]
    );
    assert_eq!(
        v["columns"][6]["name"],
        "Where do you live? \u{2014} Other (please specify)"
    );
    assert_eq!(
        v["questions"][1]["text"],
        "What could be better about support at home?"
    );
}

#[test]
fn qualtrics_three_header_rows() {
    let v = inspect_json(&fixture("qualtrics.csv"));
    assert_eq!(v["format"], "qualtrics");
    assert_eq!(v["header_rows"], 3);
    assert_eq!(rows(&v), [8, 7, 1, 0]);
    assert_eq!(
        roles(&v),
        ["ignore", "ignore", "ignore", "id", "attribute", "text"]
    );
    assert_eq!(
        v["questions"][0]["text"],
        "What would improve support for carers?"
    );
    assert_eq!(v["columns"][3]["sample"], "R_aXy7Q2");
}

#[test]
fn microsoft_forms_workbook() {
    let v = inspect_json(&fixture("forms.xlsx"));
    assert_eq!(v["format"], "xlsx");
    assert_eq!(v["flavour"], "microsoft-forms");
    assert_eq!(v["encoding"], "xlsx");
    assert_eq!(v["delimiter"], Value::Null);
    assert_eq!(rows(&v), [6, 5, 1, 0]);
    assert_eq!(
        roles(&v),
        [
            "id",
            "ignore",
            "ignore",
            "ignore",
            "ignore",
            "attribute",
            "text"
        ]
    );
    assert_eq!(v["columns"][1]["sample"], "2025-03-01 09:00:00");
    assert_eq!(v["columns"][0]["sample"], "1");
}

#[test]
fn google_forms() {
    let v = inspect_json(&fixture("google_forms.csv"));
    assert_eq!(v["flavour"], "google-forms");
    assert_eq!(rows(&v), [8, 7, 1, 0]);
    assert_eq!(roles(&v), ["ignore", "text", "attribute", "text"]);
    assert_eq!(v["id_column"], Value::Null);
    // "-", "nil" and "" are non-answers: 6 cells filled, of which "No" is the first real answer.
    assert_eq!(v["columns"][3]["filled"], 6);
}

#[test]
fn citizen_space_with_consent() {
    let v = inspect_json(&fixture("citizen_space.csv"));
    assert_eq!(v["flavour"], "citizen-space");
    assert_eq!(rows(&v), [8, 7, 1, 0]);
    assert_eq!(roles(&v), ["id", "attribute", "text", "consent"]);
    assert_eq!(v["consent_column"], 4);
}

#[test]
fn windows_1252_is_decoded() {
    let v = inspect_json(&fixture("windows1252.csv"));
    assert_eq!(v["encoding"], "windows-1252");
    assert_eq!(rows(&v), [4, 4, 0, 0]);
    assert_eq!(
        v["columns"][2]["sample"],
        "\u{201c}It\u{2019}s \u{a3}12 a trip\u{201d} to the clinic by taxi"
    );
}

#[test]
fn utf8_bom_is_stripped() {
    let v = inspect_json(&fixture("bom.csv"));
    assert_eq!(v["encoding"], "UTF-8 (BOM)");
    assert_eq!(v["columns"][0]["name"], "Response ID");
    assert_eq!(v["id_column"], 1);
    assert_eq!(rows(&v), [3, 3, 0, 0]);
}

#[test]
fn undecodable_row_is_rejected_not_the_file() {
    let v = inspect_json(&fixture("undecodable.csv"));
    assert_eq!(v["encoding"], "UTF-8");
    assert_eq!(rows(&v), [4, 3, 0, 1]);
    assert_eq!(v["rejected_by_reason"]["undecodable-bytes"], 1);
    assert_eq!(v["rejections"][0]["row"], 4);
    assert_eq!(
        v["rejections"][0]["detail"],
        "field 2 (\"What matters most to you about local hea...\") is not valid UTF-8 at byte 9 of the field"
    );
}

#[test]
fn ragged_row_is_rejected() {
    let v = inspect_json(&fixture("ragged.csv"));
    assert_eq!(rows(&v), [4, 3, 0, 1]);
    assert_eq!(
        v["rejections"][0],
        serde_json::json!({"row": 4, "reason": "ragged-row", "detail": "expected 3 fields, found 2"})
    );
}

#[test]
fn ragged_row_in_text_output() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, _) = run_in(
        dir.path(),
        &["inspect", fixture("ragged.csv").to_str().unwrap()],
    );
    assert_eq!(code, 0);
    assert!(
        out.contains("rows:        4 (ingested 3, blank 0, rejected 1)\n"),
        "{out}"
    );
    assert!(
        out.contains(
            "rejected:    ragged-row 1\n  line 4: ragged-row: expected 3 fields, found 2\n"
        ),
        "{out}"
    );
}

#[test]
fn duplicate_ids_name_the_earlier_row() {
    let v = inspect_json(&fixture("duplicates.csv"));
    assert_eq!(rows(&v), [6, 4, 1, 1]);
    assert_eq!(
        v["rejections"][0],
        serde_json::json!({"row": 5, "reason": "duplicate-id", "detail": "id \"R2\" was already used by the row at line 3"})
    );
}

#[test]
fn unterminated_quote_is_an_error_naming_where_it_opens() {
    let path = fixture("unterminated.csv");
    assert_eq!(
        inspect_error(&path),
        format!(
            "hearken: error: {}: line 4, field 2: a quoted field starts here and is never closed; it runs to the end of the file, so the rows after it cannot be told apart",
            path.display()
        )
    );
}

#[test]
fn empty_file_is_an_error() {
    let path = fixture("empty.csv");
    assert_eq!(
        inspect_error(&path),
        format!("hearken: error: {}: the file is empty", path.display())
    );
}

#[test]
fn header_only_file_has_no_rows() {
    let v = inspect_json(&fixture("header_only.csv"));
    assert_eq!(rows(&v), [0, 0, 0, 0]);
    assert_eq!(v["columns"].as_array().unwrap().len(), 3);
}

#[test]
fn binary_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("survey.csv");
    std::fs::write(&png, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    assert_eq!(
        inspect_error(&png),
        format!("hearken: error: {}: does not look like a survey export: binary content at byte 6 (it looks like a PNG image)", png.display())
    );
    let docx = dir.path().join("responses.csv");
    std::fs::write(&docx, b"PK\x03\x04\x14\x00\x06\x00word/document.xml").unwrap();
    assert_eq!(
        inspect_error(&docx),
        format!(
            "hearken: error: {}: does not look like a survey export: binary content at byte 2 (it looks like a zip archive (a Word or Excel file? name a workbook .xlsx))",
            docx.display()
        )
    );
}

#[test]
fn a_field_at_the_size_limit_is_read_and_a_larger_one_rejects_its_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.csv");
    // 1 MiB exactly (the limit), then 5 MB.
    let at_limit = "word ".repeat(1 << 20 >> 2)[..1 << 20].to_string();
    let over = "word ".repeat(1_000_000);
    std::fs::write(
        &path,
        format!("Response ID,Comments\nR1,\"{at_limit}\"\nR2,\"{over}\"\nR3,More buses in the evening please\n"),
    )
    .unwrap();
    let v = inspect_json(&path);
    assert_eq!(rows(&v), [3, 2, 0, 1]);
    assert_eq!(
        v["rejections"][0],
        serde_json::json!({"row": 3, "reason": "too-large",
            "detail": "field 2 (\"Comments\") is 5,000,000 bytes; the limit is 1,048,576 bytes"})
    );
    let opts = hearken::ingest::IngestOptions::default();
    let (_, people, acc) = hearken::ingest::read_all(&path, &opts).unwrap();
    assert_eq!(acc.ingested, 2);
    assert_eq!(
        people[0].answers[0].as_ref().map(String::len),
        Some(1 << 20)
    );
}

#[test]
fn hearken_toml_in_the_working_directory_is_used() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("hearken.toml"),
        "[columns]\nattributes = [\"Score\"]\nignore = [\"Locality\"]\n",
    )
    .unwrap();
    let (code, out, err) = run_in(
        dir.path(),
        &[
            "inspect",
            "--format",
            "json",
            fixture("plain.csv").to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(roles(&v), ["id", "ignore", "text", "attribute"]);
    let explicit: Vec<bool> = v["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["explicit"].as_bool().unwrap())
        .collect();
    assert_eq!(explicit, [false, true, false, true]);
    // A flag replaces the file's list for its role and takes the column from the file's other roles.
    let (code, out, _) = run_in(
        dir.path(),
        &[
            "inspect",
            fixture("plain.csv").to_str().unwrap(),
            "--attribute-column",
            "Locality",
        ],
    );
    assert_eq!(code, 0);
    assert!(
        out.contains("   2  attribute*         3       8  Locality\n"),
        "{out}"
    );
    assert!(
        out.contains("   4  ignore             8       8  Score\n"),
        "{out}"
    );
}

#[test]
fn unknown_config_key_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("roles.toml"),
        "[columns]\nid = \"Response ID\"\ntexts = [\"3\"]\n",
    )
    .unwrap();
    let (code, _, err) = run_in(
        dir.path(),
        &[
            "inspect",
            "--config",
            "roles.toml",
            fixture("plain.csv").to_str().unwrap(),
        ],
    );
    assert_eq!(code, 2);
    assert_eq!(
        err.trim_end(),
        "hearken: error: roles.toml: line 3, column 1: unknown field `texts`, expected one of `id`, `text`, `attributes`, `consent`, `ignore`"
    );
}

#[test]
fn unknown_column_lists_the_columns() {
    let path = fixture("plain.csv");
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = run_in(
        dir.path(),
        &["inspect", path.to_str().unwrap(), "--id-column", "Ref"],
    );
    assert_eq!(code, 2);
    assert_eq!(
        err.trim_end(),
        format!(
            "hearken: error: {}: no column named \"Ref\" (set as id); the columns are: 1 \"Response ID\", 2 \"Locality\", 3 \"What matters most to you about local health and care services?\", 4 \"Score\"",
            path.display()
        )
    );
}

#[test]
fn help_has_an_example() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, _) = run_in(dir.path(), &["inspect", "--help"]);
    assert_eq!(code, 0);
    assert!(out.contains("hearken inspect consultation.csv"), "{out}");
}
