//! `hearken run` end to end on a small fictional export: row accounting, the campaign, consent and
//! redaction in every output, and byte-identical outputs from two runs.

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/run/survey.csv")
}

fn run(out: &Path) {
    let o = Command::new(env!("CARGO_BIN_EXE_hearken"))
        .arg("run")
        .arg(fixture())
        .arg("--out")
        .arg(out)
        .output()
        .expect("the hearken binary runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("30 rows in: 28 respondents, 2 blank, 0 rejected; 32 answers"),
        "{err}"
    );
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).expect("output file exists")
}

/// The outputs that must come out byte-identical from identical inputs.
const REPORTS: [&str; 6] = [
    "report.html",
    "report.md",
    "summary.json",
    "themes.csv",
    "coded.csv",
    "campaigns.csv",
];

#[test]
fn accounts_rows_finds_the_campaign_and_writes_every_output() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("out");
    run(&out);
    for name in REPORTS
        .into_iter()
        .chain(["manifest.json", "index/hearken-index.json"])
    {
        assert!(out.join(name).is_file(), "{name} missing");
    }
    let manifest: serde_json::Value =
        serde_json::from_str(&read(&out, "manifest.json")).expect("manifest is JSON");
    let acc = &manifest["inputs"][0]["accounting"];
    assert_eq!(acc["rows"], 30);
    assert_eq!(acc["ingested"], 28);
    assert_eq!(acc["blank"], 2);
    assert_eq!(manifest["lexicon"]["themes"], 12);

    let summary: serde_json::Value =
        serde_json::from_str(&read(&out, "summary.json")).expect("summary is JSON");
    let campaigns = summary["campaigns"].as_array().expect("campaigns array");
    assert_eq!(campaigns.len(), 1);
    assert_eq!(campaigns[0]["size"], 12);
    assert_eq!(campaigns[0]["exact"], 9);
    assert_eq!(campaigns[0]["edited"], 2);
    assert_eq!(campaigns[0]["added_comment"], 1);

    // coded.csv: one row per answer plus the header.
    assert_eq!(read(&out, "coded.csv").lines().count(), 33);
    // campaigns.csv: one row per copy, the standard marked once.
    let campaigns_csv = read(&out, "campaigns.csv");
    let rows: Vec<&str> = campaigns_csv.lines().collect();
    assert_eq!(rows[0], "campaign,id,copy,standard");
    assert_eq!(rows.len(), 13);
    assert!(rows[1..].iter().all(|r| r.starts_with("1,R")));
    assert_eq!(rows.iter().filter(|r| r.ends_with(",yes")).count(), 1);
    assert_eq!(
        rows.iter().filter(|r| r.contains(",exact copy,")).count(),
        9
    );
    assert_eq!(
        rows.iter().filter(|r| r.contains(",edited copy,")).count(),
        2
    );
    assert_eq!(
        rows.iter()
            .filter(|r| r.contains(",copy with added comment,"))
            .count(),
        1
    );
}

#[test]
fn no_planted_personal_data_or_unpublishable_text_reaches_a_report() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("out");
    run(&out);
    for name in ["report.html", "report.md", "summary.json"] {
        let text = read(&out, name);
        for planted in [
            "07700 900123",
            "agnes.brodie@example.com",
            "Agnes Brodie",
            "ML11 9ZZ",
            "0101801234",
            "husband Jim",
            "son Kyle",
            // R005 and R015 did not agree to publication.
            "the doctors never phone back",
            "Caring for my son",
        ] {
            assert!(!text.contains(planted), "{name} contains {planted:?}");
        }
    }
}

#[test]
fn two_runs_give_byte_identical_outputs() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    run(&a);
    run(&b);
    for name in REPORTS {
        assert_eq!(read(&a, name), read(&b, name), "{name} differs");
    }
}

#[test]
fn timings_print_one_row_per_stage_with_its_items() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let o = Command::new(env!("CARGO_BIN_EXE_hearken"))
        .arg("run")
        .arg(fixture())
        .arg("--out")
        .arg(tmp.path().join("out"))
        .args(["--quiet", "--timings"])
        .output()
        .expect("the hearken binary runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let err = String::from_utf8_lossy(&o.stderr);
    let rows: Vec<Vec<&str>> = err
        .lines()
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(
        rows[0],
        ["stage", "wall", "s", "busy", "CPU", "s", "items", "items/s"]
    );
    let names: Vec<&str> = rows[1..].iter().map(|r| r[0]).collect();
    let stages = [
        "setup",
        "ingest",
        "code",
        "summarise",
        "campaigns",
        "index",
        "report",
    ];
    assert_eq!(names, [&stages[..], &["run"]].concat());
    for row in &rows[1..] {
        assert_eq!(row.len(), 5, "{row:?}");
        let wall: f64 = row[1].parse().expect("wall seconds");
        assert!(wall >= 0.0);
        if cfg!(target_os = "linux") {
            let busy: f64 = row[2].parse().expect("busy CPU seconds");
            assert!(busy >= 0.0);
        }
    }
    // Items: data rows for ingest (30 rows), answers for the others (32), none for setup.
    assert_eq!(rows[1][3], "-");
    assert_eq!(rows[2][3], "30");
    for row in &rows[3..] {
        assert_eq!(row[3], "32", "{row:?}");
    }
}
