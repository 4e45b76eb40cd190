//! `hearken generate` through the real binary: exact counts, exact header, determinism.

use std::path::Path;
use std::process::Command;

const HEADER: &str = "Response ID,Date submitted,Locality,Which of these best describes you?,Age group,\
May we publish your response?,What matters most to you about health and social care in your community?,\
\"What would help you, or the person you care for, to stay well at home?\",\
Is there anything else you want to tell us?";

fn generate(dir: &Path, name: &str, answers: u64, seed: u64) -> Vec<u8> {
    let out = dir.join(name);
    let status = Command::new(env!("CARGO_BIN_EXE_hearken"))
        .args([
            "generate",
            "--answers",
            &answers.to_string(),
            "--seed",
            &seed.to_string(),
            "--out",
        ])
        .arg(&out)
        .output()
        .expect("run hearken");
    assert!(
        status.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    let stderr = String::from_utf8_lossy(&status.stderr);
    assert!(
        stderr.contains(&format!("wrote {answers} answers")),
        "stderr: {stderr}"
    );
    std::fs::read(&out).expect("read generated file")
}

/// (rows, non-empty answer cells), checking every row has nine fields and a unique id.
fn count(bytes: &[u8]) -> (usize, usize) {
    let mut rdr = csv::Reader::from_reader(bytes);
    let mut ids = std::collections::HashSet::new();
    let (mut rows, mut answers) = (0, 0);
    for rec in rdr.records() {
        let rec = rec.expect("valid CSV row");
        assert_eq!(rec.len(), 9);
        assert!(ids.insert(rec[0].to_string()), "duplicate id {}", &rec[0]);
        answers += (6..9).filter(|&i| !rec[i].trim().is_empty()).count();
        rows += 1;
    }
    (rows, answers)
}

#[test]
fn same_seed_gives_identical_bytes_and_exact_answer_count() {
    let dir = tempfile::tempdir().expect("temp dir");
    let a = generate(dir.path(), "a.csv", 3_000, 11);
    let b = generate(dir.path(), "b.csv", 3_000, 11);
    assert_eq!(a, b, "same seed must give the same file");
    let (rows, answers) = count(&a);
    assert_eq!(answers, 3_000);
    assert!((1_300..=1_700).contains(&rows), "rows {rows}");
}

#[test]
fn header_is_exact() {
    let dir = tempfile::tempdir().expect("temp dir");
    let a = generate(dir.path(), "a.csv", 10, 1);
    let text = String::from_utf8(a).expect("UTF-8");
    assert_eq!(text.split("\r\n").next(), Some(HEADER));
    assert_eq!(count(text.as_bytes()).1, 10);
}

#[test]
fn different_seed_gives_a_different_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let a = generate(dir.path(), "a.csv", 500, 1);
    let b = generate(dir.path(), "b.csv", 500, 2);
    assert_ne!(a, b);
    assert_eq!(count(&b).1, 500);
}

#[test]
fn one_answer_gives_one_row() {
    let dir = tempfile::tempdir().expect("temp dir");
    let a = generate(dir.path(), "a.csv", 1, 7);
    assert_eq!(count(&a), (1, 1));
}

#[test]
fn unwritable_output_is_an_error_naming_the_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("no-such-dir").join("x.csv");
    let res = Command::new(env!("CARGO_BIN_EXE_hearken"))
        .args(["generate", "--answers", "5", "--out"])
        .arg(&out)
        .output()
        .expect("run hearken");
    assert_eq!(res.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&res.stderr);
    assert!(
        stderr.contains("failed to create") && stderr.contains("x.csv"),
        "stderr: {stderr}"
    );
}
