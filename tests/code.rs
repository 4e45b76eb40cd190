//! `hearken code` run through the binary on a fictional survey and lexicon.

use std::path::PathBuf;
use std::process::Command;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/coding")
}

fn hearken(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_hearken"))
        .args(args)
        .current_dir(fixtures())
        .output()
        .expect("the hearken binary runs")
}

#[test]
fn codes_every_answered_question() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("coded.csv");
    let o = hearken(&[
        "code",
        "--lexicons",
        "lex",
        "--input",
        "survey.csv",
        "--text-column",
        "comments",
        "--id-column",
        "id",
        "--output",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let csv = std::fs::read_to_string(&out).unwrap();
    assert_eq!(
        csv.lines().collect::<Vec<_>>(),
        vec![
            "id,question,themes,priorities,evidence",
            "A1,Q1,T02,P1;P3,T02:gp@19-21;T02:appointment@22-33",
            "A2,Q1,T01,P3,T01:looking after my *@0-20;T01:exhausted@24-34;T01:short break@50-61",
            "A3,Q1,,,",
            "A5,Q1,,,",
            "A6,Q1,T01;T02,P1;P3,T01:help@32-36;T01:carer@41-47;T02:surgery@55-62",
        ]
    );
}

#[test]
fn explains_one_respondent() {
    let o = hearken(&[
        "code",
        "--lexicons",
        "lex",
        "--input",
        "survey.csv",
        "--id-column",
        "id",
        "--explain",
        "A6",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        String::from_utf8(o.stdout).unwrap(),
        "A6 Q1 (comments):\n  \
         I'm not [lonely], but there is no [help] for [carers] at the [surgery].\n  \
         T01 Unpaid carers: assigned (score 1.5 >= threshold 1)\n    \
         lonely @8-14 \"lonely\" weight 0: not counted: negated\n    \
         help @32-36 \"help\" weight 0.5: counted\n    \
         carer @41-47 \"carers\" weight 1: counted\n  \
         T02 GP access: assigned (score 1 >= threshold 1)\n    \
         surgery @55-62 \"surgery\" weight 1: counted\n"
    );
}

#[test]
fn explains_an_excluded_match() {
    let o = hearken(&[
        "code",
        "--lexicons",
        "lex",
        "--input",
        "survey.csv",
        "--id-column",
        "id",
        "--explain",
        "A5",
    ]);
    assert!(o.status.success());
    let text = String::from_utf8(o.stdout).unwrap();
    assert_eq!(
        text.lines().skip(2).collect::<Vec<_>>(),
        vec![
            "  T01 Unpaid carers: not assigned: every match is excluded (score 0 < threshold 1)",
            "    carer @0-7 \"Carer's\" weight 0: not counted: inside exclusion `carer's allowance`",
        ]
    );
}

#[test]
fn unknown_respondent_is_an_error() {
    let o = hearken(&[
        "code",
        "--lexicons",
        "lex",
        "--input",
        "survey.csv",
        "--id-column",
        "id",
        "--explain",
        "Z9",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(o.stderr).unwrap(),
        "hearken: error: no respondent with id `Z9` in survey.csv\n"
    );
}

#[test]
fn a_broken_lexicon_stops_coding_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("coded.csv");
    let o = hearken(&[
        "code",
        "--lexicons",
        "bad-key",
        "--input",
        "survey.csv",
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(o.stderr).unwrap(),
        "hearken: error: failed to load the lexicon in bad-key\n  caused by: bad-key/T01.toml: line 6: unknown key `wieght` (expected one of `term`, `weight`, `negation`, `with`, `unless`, `within`, `unless_within`)\n"
    );
    assert!(!out.exists());
}
