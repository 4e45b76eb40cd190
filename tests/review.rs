//! `hearken review` through the binary: the double-coding sheet, and agreement figures checked
//! against an independent computation.

use std::fs;
use std::path::Path;

mod common;

fn coding() -> std::path::PathBuf {
    common::fixture("coding")
}

fn sample(dir: &Path, out: &str, seed: &str) -> String {
    let input = coding().join("survey.csv");
    let lex = coding().join("lex");
    let o = common::hearken_in(
        dir,
        &[
            "review",
            "sample",
            input.to_str().unwrap_or(""),
            "--lexicons",
            lex.to_str().unwrap_or(""),
            "--text-column",
            "comments",
            "--id-column",
            "id",
            "--size",
            "3",
            "--seed",
            seed,
            "--output",
            out,
        ],
    );
    assert!(o.status.success(), "{}", common::stderr(&o));
    fs::read_to_string(dir.join(out)).expect("sheet")
}

#[test]
fn sample_writes_a_blank_sheet_for_excel() {
    let dir = tempfile::tempdir().expect("temp dir");
    let a = sample(dir.path(), "a.csv", "7");
    assert_eq!(a, sample(dir.path(), "b.csv", "7"), "same seed, same sheet");
    assert!(a.starts_with("\u{feff}\"# hearken double-coding sheet: 3 answers drawn at random (seed 7) from 5 coded answers"));
    assert!(a.contains("\"# Put 1 in the column of EVERY theme the answer raises"));
    let rows: Vec<&str> = a
        .lines()
        .filter(|l| !l.starts_with('"') && !l.starts_with('\u{feff}'))
        .collect();
    assert_eq!(
        rows[0],
        "id,question,answer,reviewer,T01 Unpaid carers,T02 GP access"
    );
    assert_eq!(rows.len(), 4);
    // Strata: 3 coded answers (A1, A2, A6) and 2 uncoded (A3, A5): 2 and 1 drawn.
    let ids: Vec<&str> = rows[1..]
        .iter()
        .map(|r| r.split(',').next().unwrap_or(""))
        .collect();
    let coded = ids
        .iter()
        .filter(|i| ["A1", "A2", "A6"].contains(i))
        .count();
    assert_eq!(coded, 2, "{ids:?}");
    assert!(
        rows[1..].iter().all(|r| r.ends_with(",,,")),
        "codes are blank"
    );
}

fn agreement(args: &[&str]) -> serde_json::Value {
    let fixtures = common::fixture("review");
    let lex = coding().join("lex");
    let mut all = vec!["review", "agreement"];
    let sheets: Vec<String> = args
        .iter()
        .map(|s| fixtures.join(s).to_string_lossy().into_owned())
        .collect();
    all.extend(sheets.iter().map(String::as_str));
    let lex = lex.to_string_lossy().into_owned();
    all.extend(["--lexicons", &lex, "--json", "--bootstrap", "500"]);
    let o = common::hearken_in(&fixtures, &all);
    assert!(o.status.success(), "{}", common::stderr(&o));
    serde_json::from_str(&common::stdout(&o)).expect("json")
}

fn figure(v: &serde_json::Value, reviewer: &str, theme: &str, what: &str) -> f64 {
    v["themes"]
        .as_array()
        .and_then(|ts| {
            ts.iter()
                .find(|t| t["reviewer"] == reviewer && t["theme"] == theme)
        })
        .and_then(|t| t[what].as_f64())
        .unwrap_or(f64::NAN)
}

#[test]
fn agreement_matches_scikit_learn_and_krippendorff() {
    // hearken codes A1 T02, A2 T01, A6 T01 and T02 (see tests/code.rs). Expected figures from
    // scikit-learn 1.x: cohen_kappa_score(hearken, reviewer) and f1_score(reviewer, hearken), and
    // from the `krippendorff` package: alpha(reliability_data=[ann, bo], level 'nominal').
    let v = agreement(&["ann.csv", "bo.csv"]);
    let close = |a: f64, b: f64| (a - b).abs() < 1e-12;
    assert!(close(
        figure(&v, "Ann Example", "T01", "kappa"),
        0.615_384_615_384_615_4
    ));
    assert!(close(figure(&v, "Ann Example", "T01", "f1"), 0.8));
    assert!(close(
        figure(&v, "Ann Example", "T02", "kappa"),
        0.545_454_545_454_545_4
    ));
    assert!(close(
        figure(&v, "Ann Example", "T02", "f1"),
        0.666_666_666_666_666_6
    ));
    assert!(close(
        figure(&v, "Bo Example", "T01", "kappa"),
        0.166_666_666_666_666_63
    ));
    assert!(close(figure(&v, "Bo Example", "T01", "f1"), 0.5));
    assert!(close(figure(&v, "Bo Example", "T02", "kappa"), 1.0));
    let alpha: Vec<f64> = v["alpha"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|t| t["alpha"].as_f64().unwrap_or(f64::NAN))
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(alpha.len(), 2);
    assert!(
        close(alpha[0], 0.64) && close(alpha[1], 0.571_428_571_428_571_4),
        "{alpha:?}"
    );
    let ci = &v["themes"][0]["kappa_ci"];
    assert!(ci[0].as_f64().unwrap_or(2.0) <= ci[1].as_f64().unwrap_or(-2.0));
    let single = agreement(&["ann.csv"]);
    assert_eq!(single["alpha"].as_array().map(Vec::len), Some(0));
}

#[test]
fn a_bad_sheet_names_line_and_column() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(
        dir.path().join("s.csv"),
        "id,question,answer,T01\nA1,Q1,text,perhaps\n",
    )
    .expect("write");
    let lex = coding().join("lex");
    let o = common::hearken_in(
        dir.path(),
        &[
            "review",
            "agreement",
            "s.csv",
            "--lexicons",
            lex.to_str().unwrap_or(""),
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        common::stderr(&o).contains("s.csv: line 2, column 4: `perhaps`"),
        "{}",
        common::stderr(&o)
    );
}

#[test]
fn run_gives_shares_corrected_with_the_reviewed_sample() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = coding().join("survey.csv");
    let lex = coding().join("lex");
    let sheet = common::fixture("review").join("ann.csv");
    let o = common::hearken_in(
        dir.path(),
        &[
            "run",
            input.to_str().unwrap_or(""),
            "--lexicons",
            lex.to_str().unwrap_or(""),
            "--text-column",
            "comments",
            "--id-column",
            "id",
            "--reviewed",
            sheet.to_str().unwrap_or(""),
            "--out",
            "out",
            "--quiet",
        ],
    );
    assert!(o.status.success(), "{}", common::stderr(&o));
    let summary: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(dir.path().join("out/summary.json")).expect("summary"),
    )
    .expect("json");
    let c = &summary["corrected"]["themes"];
    let f = |t: usize, k: &str| c[t][k].as_f64().unwrap_or(f64::NAN);
    let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
    // T01: coded 2 of 5; against Ann sensitivity 2/3, specificity 1: (0.4 + 1 - 1) / (2/3).
    assert!(close(f(0, "raw"), 0.4) && close(f(0, "sensitivity"), 2.0 / 3.0));
    assert!(close(f(0, "specificity"), 1.0) && close(f(0, "corrected"), 0.6));
    // T02: coded 2 of 5; sensitivity 1, specificity 3/4: (0.4 + 0.75 - 1) / 0.75 = 0.2.
    assert!(close(f(1, "corrected"), 0.2), "{}", c[1]);
    let ci = &c[0]["interval"];
    assert!(ci[0].as_f64().unwrap_or(2.0) <= 0.6 && 0.6 <= ci[1].as_f64().unwrap_or(-1.0));
    let md = fs::read_to_string(dir.path().join("out/report.md")).expect("report");
    assert!(md.contains("## Shares corrected for coding error"));
    assert!(
        md.contains("| T01 Unpaid carers | 40% (12–77%) | 5 | 0.67 | 1.00 | 60% ("),
        "{md}"
    );
}
