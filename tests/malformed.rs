//! The malformed-input corpus: broken, careless and hostile exports, each with the outcome
//! hearken must give (the exact error, or the exact row accounting and rejection). Small cases
//! live in `tests/fixtures/malformed/`; large ones are generated here into a temporary folder.

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/malformed")
        .join(name)
}

fn hearken(args: &[&str]) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_hearken"))
        .args(args)
        .current_dir(dir.path())
        .output()
        .expect("the hearken binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

enum Expect {
    /// `hearken inspect` fails (exit 1) with this message after the path.
    Error(&'static str),
    /// It reads the file: [total, ingested, blank, rejected] and the first rejection, if any.
    Counts([u64; 4], Option<Value>),
}

fn check(path: &Path, expect: &Expect) {
    let p = path.to_str().unwrap();
    let (code, out, err) = hearken(&["inspect", "--format", "json", p]);
    match expect {
        Expect::Error(message) => {
            assert_eq!(code, 1, "{p}: {out}");
            assert_eq!(
                err.trim_end(),
                format!("hearken: error: {p}: {message}"),
                "{p}"
            );
        }
        Expect::Counts(counts, first) => {
            assert_eq!(code, 0, "{p}: {err}");
            let v: Value = serde_json::from_str(&out).unwrap();
            let r = &v["rows"];
            let got = ["total", "ingested", "blank", "rejected"].map(|k| r[k].as_u64().unwrap());
            assert_eq!(&got, counts, "{p}");
            assert_eq!(
                got[0],
                got[1] + got[2] + got[3],
                "{p}: every row accounted for"
            );
            match first {
                Some(want) => assert_eq!(&v["rejections"][0], want, "{p}"),
                None => assert_eq!(v["rejections"], json!([]), "{p}"),
            }
        }
    }
}

#[test]
fn small_corpus() {
    let cases: &[(&str, Expect)] = &[
        (
            "unbalanced_quote.csv",
            Expect::Counts(
                [10, 9, 0, 1],
                Some(json!({"row": 4, "reason": "malformed-row", "detail":
                    "field 3 (\"What matters most to you about local hea...\"): a quote opens on line 4 and only closes on line 8, followed by more text, so it swallowed the lines between; this row is rejected and reading resumed on line 5"})),
            ),
        ),
        (
            "unterminated_quote.csv",
            Expect::Error("line 3, field 2: a quoted field starts here and is never closed; it runs to the end of the file, so the rows after it cannot be told apart"),
        ),
        (
            "escape_sequences.csv",
            Expect::Counts(
                [3, 2, 0, 1],
                Some(json!({"row": 3, "reason": "control-characters", "detail":
                    "field 2 (\"Comments\") holds a control character (ESC, 0x1B) at byte 14 of the field"})),
            ),
        ),
        (
            "nul_in_head.csv",
            Expect::Error("does not look like a survey export: binary content at byte 34"),
        ),
        (
            "quote_spans_lines.csv",
            Expect::Counts(
                [2, 1, 0, 1],
                Some(json!({"row": 2, "reason": "ragged-row", "detail":
                    "expected 2 fields, found 3 (the row runs from line 2 to line 3: check for a stray quote)"})),
            ),
        ),
        (
            "repeated_id.csv",
            Expect::Counts(
                [3, 1, 1, 1],
                Some(json!({"row": 4, "reason": "duplicate-id", "detail":
                    "id \"R1\" was already used by the row at line 2"})),
            ),
        ),
        ("cr_line_ends.csv", Expect::Counts([2, 2, 0, 0], None)),
        (
            "bom_only.csv",
            Expect::Error("no header row: the file has only blank lines"),
        ),
        (
            "utf16.csv",
            Expect::Error("the file is UTF-16 text, which hearken does not read; save it as \"CSV UTF-8 (Comma delimited)\" or as .xlsx"),
        ),
        ("campaign_answers.csv", Expect::Counts([40, 40, 0, 0], None)),
        (
            // A 2 KB workbook with one stray cell at XFD1048576: read cell by cell, the stray
            // row is rejected, the sheet stays 3 columns wide.
            "stray_cell.xlsx",
            Expect::Counts(
                [11, 10, 0, 1],
                Some(json!({"row": 1048576, "reason": "ragged-row", "detail":
                    "expected 3 fields, found 16384"})),
            ),
        ),
    ];
    for (name, expect) in cases {
        check(&fixture(name), expect);
    }
}

#[test]
fn campaign_answers_stay_the_question() {
    let (code, out, _) = hearken(&[
        "inspect",
        "--format",
        "json",
        fixture("campaign_answers.csv").to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["questions"][0]["text"], "Your views");
    assert_eq!(v["attributes"][0]["name"], "Locality");
}

#[test]
fn no_open_question_is_a_clear_error_for_run_and_code() {
    let tmp = tempfile::tempdir().unwrap();
    let input = fixture("no_open_question.csv");
    let input = input.to_str().unwrap();
    let run_out = tmp.path().join("out");
    let code_out = tmp.path().join("coded.csv");
    let run_out_s = run_out.to_str().unwrap();
    let code_out_s = code_out.to_str().unwrap();
    let commands: [(&[&str], &std::path::Path); 2] = [
        (&["run", input, "--out", run_out_s], &run_out),
        (
            &["code", "--input", input, "--output", code_out_s],
            &code_out,
        ),
    ];
    for (args, out) in commands {
        let (code, _, err) = hearken(args);
        assert_eq!(code, 1, "{args:?}");
        assert!(
            err.contains("no column looks like an open question, so there is nothing to code; name the answer columns with --text-column (the columns are: 1 \"Response ID\", 2 \"Score\")"),
            "{args:?}: {err}"
        );
        assert!(!out.exists(), "a refused {} writes nothing", args[0]);
    }
}

#[test]
fn generated_large_cases() {
    let tmp = tempfile::tempdir().unwrap();
    let answer = "More evening buses so I can get to the day centre on time";
    // NUL and ESC past the first 64 KiB reject their rows; the rest is read.
    let mut text = String::from("Response ID,Comments\n");
    let mut i = 0;
    while text.len() < 70 * 1024 {
        i += 1;
        text.push_str(&format!("R{i},{answer}\n"));
    }
    let nul_row = i + 2;
    text.push_str(&format!("R{},carer support with a nul \0 byte\n", i + 1));
    text.push_str(&format!("R{},carer support \x1b[31mred\n", i + 2));
    let late = tmp.path().join("late_controls.csv");
    std::fs::write(&late, &text).unwrap();
    check(
        &late,
        &Expect::Counts(
            [i as u64 + 2, i as u64, 0, 2],
            Some(
                json!({"row": nul_row, "reason": "control-characters", "detail":
                "field 2 (\"Comments\") holds a control character (NUL, 0x00) at byte 25 of the field"}),
            ),
        ),
    );

    // A 3 MB field rejects its row; memory stays bounded by the 1 MiB limit.
    let big = tmp.path().join("big_field.csv");
    std::fs::write(
        &big,
        format!(
            "Response ID,Comments\nR1,\"{}\"\nR2,{answer}\n",
            "care ".repeat(600_000)
        ),
    )
    .unwrap();
    check(
        &big,
        &Expect::Counts(
            [2, 1, 0, 1],
            Some(json!({"row": 2, "reason": "too-large", "detail":
                "field 2 (\"Comments\") is 3,000,000 bytes; the limit is 1,048,576 bytes"})),
        ),
    );

    // A header over the column limit is refused.
    let wide = tmp.path().join("wide.csv");
    let header: Vec<String> = (0..16_385).map(|c| format!("Q{c}")).collect();
    std::fs::write(&wide, format!("{}\n", header.join(","))).unwrap();
    check(
        &wide,
        &Expect::Error(
            "line 1: the header has 16385 columns; hearken reads at most 16384 (Excel's own limit)",
        ),
    );
}
