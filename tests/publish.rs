//! `hearken publish` end to end on small fictional exports: only consenting respondents, every
//! answer redacted, names only where agreed (and allowed), the published CSV reading back as
//! written, counts in the manifest and on screen, and byte-identical outputs from two runs.

use hearken::text::redact::Redactor;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/publish")
        .join(name)
}

fn publish(input: &str, out: &Path, extra: &[&str]) -> Output {
    let o = Command::new(env!("CARGO_BIN_EXE_hearken"))
        .arg("publish")
        .arg(fixture(input))
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .expect("the hearken binary runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    o
}

fn read(dir: &Path, name: &str) -> String {
    let bytes = std::fs::read(dir.join(name)).expect("output file exists");
    String::from_utf8(bytes).expect("valid UTF-8")
}

/// The rows of a published CSV (byte-order mark removed), header first.
fn rows(dir: &Path, name: &str) -> Vec<Vec<String>> {
    let text = read(dir, name);
    let text = text
        .strip_prefix('\u{feff}')
        .expect("starts with a byte-order mark");
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    rdr.records()
        .map(|r| {
            r.expect("a CSV record")
                .iter()
                .map(str::to_string)
                .collect()
        })
        .collect()
}

/// The fixture's respondents by id: (consent cell, answers).
fn originals() -> BTreeMap<String, Vec<String>> {
    let mut rdr = csv::Reader::from_path(fixture("consultation.csv")).expect("fixture");
    rdr.records()
        .map(|r| {
            let r = r.expect("record");
            (r[0].to_string(), vec![r[6].to_string(), r[7].to_string()])
        })
        .collect()
}

#[test]
fn publishes_consenting_respondents_redacted_and_the_csv_reads_back() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("out");
    let o = publish("consultation.csv", &out, &[]);
    let published = rows(&out, "responses.csv");
    assert_eq!(
        published[0],
        [
            "id",
            "consent",
            "name",
            "What matters most to you about local services?",
            "Is there anything else you want to tell us?"
        ]
    );
    let ids: Vec<&str> = published[1..].iter().map(|r| r[0].as_str()).collect();
    // 0003 and 0008 said no, 0005's answer ("maybe later") is not consent, 0010 is blank.
    assert_eq!(
        ids,
        [
            "ANON-0001",
            "ANON-0002",
            "ANON-0004",
            "ANON-0006",
            "ANON-0007",
            "ANON-0009"
        ]
    );
    // Round trip: every cell reads back as the redacted original (formula cells prefixed).
    let redactor = Redactor::new();
    let originals = originals();
    for row in &published[1..] {
        assert_eq!(row.len(), 5);
        for (cell, original) in row[3..].iter().zip(&originals[&row[0]]) {
            let original = if original == "N/A" {
                ""
            } else {
                original.trim()
            };
            let mut want = redactor.redact(original);
            if want.starts_with('=') {
                want.insert(0, '\'');
            }
            assert_eq!(cell, &want, "{}", row[0]);
        }
    }
    let by_id: BTreeMap<&str, &Vec<String>> =
        published[1..].iter().map(|r| (r[0].as_str(), r)).collect();
    assert_eq!(by_id["ANON-0001"][1], "publish-with-name");
    assert_eq!(by_id["ANON-0001"][2], "Agnes Brodie");
    assert_eq!(by_id["ANON-0002"][2], "", "anonymous: no name");
    assert_eq!(by_id["ANON-0004"][2], "Clydesdale Carers Forum");
    assert_eq!(by_id["ANON-0007"][2], "Lanark Lunch Club");
    assert!(by_id["ANON-0006"][3].starts_with("'=HYPERLINK("));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("9 respondents: 6 published (3 with a name), 3 withheld (1 consent-unknown, 2 do-not-publish)"),
        "{err}"
    );
}

#[test]
fn no_personal_data_and_nothing_from_withheld_respondents_reaches_any_output() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("out");
    publish(
        "consultation.csv",
        &out,
        &[
            "--with-attributes",
            "--redact-names",
            fixture("staff.txt").to_str().unwrap_or(""),
        ],
    );
    for name in ["responses.csv", "redactions.csv", "manifest.json"] {
        let text = read(&out, name);
        for planted in [
            "07700 900123",
            "Jim",
            "Tam McGuire",
            "14 Quarry Road",
            "ML11 9ZZ",
            "tam.mcguire@example.com",
            "@clydecarers",
            "Callum",
            "zoe.nibhriain",
            "Fergus",
            "Regards, Mary",
            // Words that only respondents who were withheld wrote.
            "zebrafinch",
            "Quillfeather",
            "Marnoch",
            "0101 01 1234",
            "QQ 12 34 56 C",
            "Wurzelgummidge",
            // Names of those who did not agree to publication with their name.
            "Jean Smith",
            "Mary Lennox",
            "Zoë",
        ] {
            assert!(!text.contains(planted), "{name} contains {planted:?}");
        }
    }
}

#[test]
fn redactions_csv_says_where_and_what_kind_never_the_text() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("out");
    publish("consultation.csv", &out, &[]);
    let reds = rows(&out, "redactions.csv");
    assert_eq!(
        reds[0],
        ["id", "question", "kind", "rule", "offset", "length"]
    );
    let originals = originals();
    let mut kinds: Vec<&str> = Vec::new();
    for r in &reds[1..] {
        let q: usize = r[1].trim_start_matches('Q').parse().expect("question id");
        let text = &originals[&r[0]][q - 1];
        let offset: usize = r[4].parse().expect("offset");
        let length: usize = r[5].parse().expect("length");
        let removed: String = text.chars().skip(offset).take(length).collect();
        assert_eq!(removed.chars().count(), length);
        assert!(!reds.iter().flatten().any(|c| c == &removed));
        kinds.push(r[2].as_str());
    }
    let first: Vec<&str> = reds[1].iter().map(String::as_str).collect();
    assert_eq!(
        first,
        ["ANON-0001", "Q1", "name", "name-relation", "11", "3"]
    );
    for k in ["name", "phone", "address", "postcode", "email", "handle"] {
        assert!(kinds.contains(&k), "{k} missing from {kinds:?}");
    }
    let manifest: serde_json::Value =
        serde_json::from_str(&read(&out, "manifest.json")).expect("manifest is JSON");
    assert_eq!(manifest["counts"]["published"], 6);
    assert_eq!(manifest["counts"]["withheld"]["do-not-publish"], 2);
    assert_eq!(manifest["counts"]["withheld"]["consent-unknown"], 1);
    assert_eq!(manifest["counts"]["redactions"]["email"], 2);
    assert_eq!(manifest["inputs"][0]["accounting"]["rows"], 10);
    assert_eq!(manifest["inputs"][0]["accounting"]["blank"], 1);
    let total: u64 = manifest["counts"]["redactions"]
        .as_object()
        .expect("redactions by kind")
        .values()
        .filter_map(serde_json::Value::as_u64)
        .sum();
    assert_eq!(total as usize, reds.len() - 1);
}

#[test]
fn names_can_be_limited_to_organisations_or_left_out() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let names = |policy: &str| -> Vec<(String, String)> {
        let out = tmp.path().join(policy);
        publish("consultation.csv", &out, &["--names", policy]);
        rows(&out, "responses.csv")[1..]
            .iter()
            .filter(|r| !r[2].is_empty())
            .map(|r| (r[0].clone(), r[2].clone()))
            .collect()
    };
    assert_eq!(
        names("organisations"),
        [
            (
                "ANON-0004".to_string(),
                "Clydesdale Carers Forum".to_string()
            ),
            ("ANON-0007".to_string(), "Lanark Lunch Club".to_string())
        ]
    );
    assert!(names("none").is_empty());
}

#[test]
fn consent_wording_and_column_can_be_set() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("custom");
    let o = publish(
        "custom-consent.csv",
        &out,
        &[
            "--id-column",
            "Ref",
            "--consent-column",
            "Can we share what you said?",
            "--consent-with-name",
            "option a",
            "--consent-anonymous",
            "Option B",
            "--consent-withhold",
            "Option C",
        ],
    );
    let ids: Vec<String> = rows(&out, "responses.csv")[1..]
        .iter()
        .map(|r| format!("{} {}", r[0], r[1]))
        .collect();
    assert_eq!(ids, ["C1 publish-with-name", "C2 publish-anonymously"]);
    assert!(!read(&out, "responses.csv").contains("flibbertigibbet"));
    assert!(String::from_utf8_lossy(&o.stderr).contains("1 do-not-publish"));
}

#[test]
fn without_a_consent_column_nothing_is_published() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("none");
    let o = publish("no-consent.csv", &out, &[]);
    assert_eq!(rows(&out, "responses.csv").len(), 1);
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("2 withheld (2 no-consent-column)"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn two_runs_give_byte_identical_outputs() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    publish("consultation.csv", &a, &["--with-attributes"]);
    publish("consultation.csv", &b, &["--with-attributes"]);
    for name in ["responses.csv", "redactions.csv"] {
        assert_eq!(read(&a, name), read(&b, name), "{name} differs");
    }
    // The manifest names the input path, which is the same for both runs.
    assert_eq!(read(&a, "manifest.json"), read(&b, "manifest.json"));
}

#[test]
fn a_missing_names_file_or_column_is_a_clear_error() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let o = Command::new(env!("CARGO_BIN_EXE_hearken"))
        .args(["publish", "--out"])
        .arg(tmp.path().join("x"))
        .arg(fixture("consultation.csv"))
        .args(["--name-column", "Surname"])
        .output()
        .expect("runs");
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("no column \"Surname\" (set as the name column)"),
        "{err}"
    );
    let o = Command::new(env!("CARGO_BIN_EXE_hearken"))
        .args(["publish", "--out"])
        .arg(tmp.path().join("y"))
        .arg(fixture("consultation.csv"))
        .args(["--redact-names", "/nonexistent/names.txt"])
        .output()
        .expect("runs");
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("cannot open the names file"));
}

#[test]
fn names_are_read_even_when_hearken_toml_ignores_the_name_column() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let config = tmp.path().join("hearken.toml");
    std::fs::write(&config, "[columns]\nignore = [\"Name\"]\n").expect("write config");
    let out = tmp.path().join("out");
    publish(
        "consultation.csv",
        &out,
        &[
            "--config",
            config.to_str().unwrap_or(""),
            "--attribute-column",
            "Locality",
        ],
    );
    let published = rows(&out, "responses.csv");
    assert_eq!(published[1][0], "ANON-0001");
    assert_eq!(published[1][2], "Agnes Brodie");
    // Attributes are published only when asked for.
    assert!(!published[0].iter().any(|h| h == "Locality"));
}

/// The publish folder is written as `hearken run` writes its own: swapped in whole, the user's
/// files kept, a file of the user's named like an output refused before any work.
#[test]
fn the_folder_keeps_the_users_files_and_refuses_to_overwrite_theirs() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("published");
    std::fs::create_dir(&out).expect("mkdir");
    std::fs::write(out.join("notes.txt"), "mine").expect("write");
    publish("consultation.csv", &out, &[]);
    publish("consultation.csv", &out, &[]);
    assert_eq!(read(&out, "notes.txt"), "mine");
    let mut names: Vec<String> = std::fs::read_dir(tmp.path())
        .expect("read")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["published"], "no work folder is left beside it");

    let theirs = tmp.path().join("theirs");
    std::fs::create_dir(&theirs).expect("mkdir");
    std::fs::write(theirs.join("responses.csv"), "their own").expect("write");
    let o = Command::new(env!("CARGO_BIN_EXE_hearken"))
        .arg("publish")
        .arg(fixture("consultation.csv"))
        .arg("--out")
        .arg(&theirs)
        .output()
        .expect("the hearken binary runs");
    assert!(!o.status.success());
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("was not written by hearken"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(read(&theirs, "responses.csv"), "their own");
}
