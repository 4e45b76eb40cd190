//! The floor under the default frame's accuracy: the bundled lexicons, run through the real binary
//! on answers coded by hand to the codebook, must stay within 0.02 micro-F1 of the figures recorded
//! in `tests/codebook/floors.csv` in every genre. A change to a lexicon or to the coder that loses
//! accuracy fails here; one that gains it should raise the recorded figure.
//!
//! The sets: the shared development set (`../shared/data/dev-codebook/`, beside the repository)
//! and the project's own answers (`tests/codebook/{set}-{genre}.csv`, the sets `floors.csv`
//! names, written by other writers), each coded three times to the codebook with the majority
//! kept.

use std::path::{Path, PathBuf};
use std::process::Command;

/// How far below its recorded figure a genre's micro-F1 may fall.
const TOLERANCE: f64 = 0.02;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// (set, genre, recorded micro-F1) from `tests/codebook/floors.csv`.
fn floors() -> Vec<(String, String, f64)> {
    let path = root().join("tests/codebook/floors.csv");
    let text = std::fs::read_to_string(&path).expect("tests/codebook/floors.csv is readable");
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            assert_eq!(
                f.len(),
                3,
                "floors.csv: set,genre,micro_f1 expected in {l:?}"
            );
            let figure = f[2].trim().parse().expect("a number in floors.csv");
            (f[0].trim().to_string(), f[1].trim().to_string(), figure)
        })
        .collect()
}

fn input(set: &str, genre: &str) -> PathBuf {
    match set {
        "dev" => root().join(format!("../shared/data/dev-codebook/dev-{genre}.csv")),
        // Every other set is one of the project's own, under `tests/codebook/` (a set that is
        // not there fails in `micro_f1` with its path).
        own => root().join(format!("tests/codebook/{own}-{genre}.csv")),
    }
}

/// The micro-F1 `hearken evaluate` reports for the bundled lexicons on `file`.
fn micro_f1(file: &Path) -> f64 {
    assert!(
        file.is_file(),
        "{} is missing: the codebook-coded answers are needed to check the frame's accuracy",
        file.display()
    );
    let out = Command::new(env!("CARGO_BIN_EXE_hearken"))
        .args(["evaluate", "--lexicons"])
        .arg(root().join("lexicons"))
        .arg("--input")
        .arg(file)
        .args([
            "--text-column",
            "text",
            "--labels-column",
            "codes",
            "--label-separator",
            ";",
            "--format",
            "json",
        ])
        .output()
        .expect("the hearken binary runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("evaluate prints JSON");
    json["micro_f1"].as_f64().expect("micro_f1 is a number")
}

#[test]
fn every_genre_stays_at_its_recorded_accuracy() {
    let floors = floors();
    assert_eq!(floors.len(), 12, "four sets x three genres are recorded");
    let mut report = Vec::new();
    let mut failed = false;
    for (set, genre, recorded) in &floors {
        let got = micro_f1(&input(set, genre));
        let ok = got >= recorded - TOLERANCE;
        failed |= !ok;
        report.push(format!(
            "{set} {genre}: micro-F1 {got:.3} (recorded {recorded:.3}){}",
            if ok { "" } else { "  <- below the floor" }
        ));
    }
    assert!(!failed, "accuracy fell:\n{}", report.join("\n"));
}
