//! `hearken lexicon health` and `hearken lexicon suggest` through the binary on a fictional
//! survey: the frame's gaps are found, and accepting a suggestion changes the coding.

use std::fs;
use std::path::Path;

mod common;

fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let health = common::fixture("health");
    fs::copy(health.join("survey.csv"), dir.path().join("survey.csv")).expect("copy survey");
    let lex = common::fixture("coding").join("lex");
    fs::create_dir(dir.path().join("lex")).expect("lex dir");
    for f in ["T01-carers.toml", "T02-gp.toml", "priorities.toml"] {
        fs::copy(lex.join(f), dir.path().join("lex").join(f)).expect("copy lexicon");
    }
    dir
}

const COLUMNS: [&str; 6] = [
    "--lexicons",
    "lex",
    "--text-column",
    "comments",
    "--id-column",
    "id",
];

fn hearken(dir: &Path, args: &[&str]) -> String {
    let o = common::hearken_in(dir, args);
    assert!(o.status.success(), "{}", common::stderr(&o));
    common::stdout(&o)
}

fn coded_t02(dir: &Path) -> Vec<String> {
    let mut args = vec!["code", "--input", "survey.csv", "--output", "coded.csv"];
    args.extend(COLUMNS);
    hearken(dir, &args);
    fs::read_to_string(dir.join("coded.csv"))
        .expect("coded.csv")
        .lines()
        .filter(|l| l.split(',').nth(2).is_some_and(|t| t.contains("T02")))
        .map(|l| l.split(',').next().unwrap_or("").to_string())
        .collect()
}

#[test]
fn health_reports_the_frame_on_a_survey() {
    let dir = setup();
    let mut args = vec!["lexicon", "health", "survey.csv", "--json"];
    args.extend(COLUMNS);
    let v: serde_json::Value = serde_json::from_str(&hearken(dir.path(), &args)).expect("json");
    assert_eq!(v["answers"], 36);
    assert_eq!(v["themes"][1]["theme"], "T02");
    assert_eq!(v["themes"][1]["answers"], 18);
    assert_eq!(v["questions"][0]["uncoded"], 11);
    let never: Vec<&str> = v["themes"][1]["never_fire"]
        .as_array()
        .map(|a| a.iter().filter_map(|e| e.as_str()).collect())
        .unwrap_or_default();
    assert_eq!(never, vec!["8am", "pharmacy"]);
    let s = v["suggestions"]
        .as_array()
        .and_then(|a| a.iter().find(|s| s["term"] == "pharmacist"))
        .expect("pharmacist is suggested");
    assert_eq!(s["theme"], "T02");
    assert_eq!(s["source"], "uncoded");
    assert_eq!(s["count"], 2);
    assert_eq!(s["codes"], 2);
    assert_eq!(s["weight"], 1.0);
    // Every suggestion codes some of the answers it was found in once accepted.
    let all = v["suggestions"].as_array().expect("suggestions");
    assert!(
        all.iter().all(|s| s["codes"].as_u64() >= Some(1)),
        "{all:?}"
    );
    assert_eq!(s["examples"].as_array().map(Vec::len), Some(2));
    assert_eq!(s["examples"][0]["id"], "H19");
}

#[test]
fn accepting_a_suggestion_changes_coding() {
    let dir = setup();
    let before = coded_t02(dir.path());
    assert!(!before.contains(&"H19".to_string()));
    let mut args = vec!["lexicon", "suggest", "survey.csv"];
    args.extend(COLUMNS);
    let listing = hearken(dir.path(), &args);
    let id = listing
        .lines()
        .find(|l| l.contains("T02 \"pharmacist\""))
        .and_then(|l| l.split_whitespace().next())
        .expect("listed")
        .to_string();
    args.extend(["--accept", id.as_str()]);
    let out = hearken(dir.path(), &args);
    assert!(out.contains("added \"pharmacist\" to"), "{out}");
    let t02 = fs::read_to_string(dir.path().join("lex/T02-gp.toml")).expect("T02");
    assert!(t02.contains(&format!(
        "# {id}: suggested by hearken lexicon suggest (2 in uncoded answers, would code 2)"
    )));
    let after = coded_t02(dir.path());
    for id in ["H19", "H20"] {
        assert!(after.contains(&id.to_string()), "{id} now T02: {after:?}");
    }
    assert_eq!(after.len(), before.len() + 2);
    // The check still passes on the edited lexicon, and the suggestion is not made again.
    let o = common::hearken_in(dir.path(), &["lexicon", "check", "lex"]);
    assert!(o.status.success(), "{}", common::stdout(&o));
    let again = hearken(dir.path(), &args[..args.len() - 2]);
    assert!(!again.contains(&id), "{again}");
    let unknown = common::hearken_in(
        dir.path(),
        &[
            "lexicon",
            "suggest",
            "survey.csv",
            "--lexicons",
            "lex",
            "--text-column",
            "comments",
            "--accept",
            "S00000000",
        ],
    );
    assert_eq!(unknown.status.code(), Some(1));
    assert!(common::stderr(&unknown).contains("no suggestion S00000000"));
}
