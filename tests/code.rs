//! `hearken code` run through the binary on a fictional survey and lexicon.

use std::path::PathBuf;

mod common;

fn fixtures() -> PathBuf {
    common::fixture("coding")
}

fn hearken(args: &[&str]) -> std::process::Output {
    common::hearken_in(&fixtures(), args)
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

/// `hearken code` reads the column roles of `hearken.toml` as `hearken run` does, and gives the
/// rows `hearken run` writes to its `coded.csv`.
#[test]
fn reads_hearken_toml_and_agrees_with_run() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixtures().join("survey.csv"), dir.path().join("survey.csv")).unwrap();
    std::fs::write(
        dir.path().join("hearken.toml"),
        "[columns]\nid = \"id\"\ntext = [\"comments\"]\n",
    )
    .unwrap();
    let lex = fixtures().join("lex");
    let lex = lex.to_str().unwrap();
    let o = common::hearken_in(
        dir.path(),
        &[
            "code",
            "--lexicons",
            lex,
            "--input",
            "survey.csv",
            "--output",
            "coded.csv",
        ],
    );
    assert!(o.status.success(), "{}", common::stderr(&o));
    let coded = std::fs::read_to_string(dir.path().join("coded.csv")).unwrap();
    assert_eq!(
        coded.lines().nth(1),
        Some("A1,Q1,T02,P1;P3,T02:gp@19-21;T02:appointment@22-33")
    );
    let o = common::hearken_in(
        dir.path(),
        &["run", "survey.csv", "--lexicons", lex, "--out", "out"],
    );
    assert!(o.status.success(), "{}", common::stderr(&o));
    let run = std::fs::read_to_string(dir.path().join("out/coded.csv")).unwrap();
    // `run` adds the consent and attribute columns after the same five.
    let first_five = |line: &str| line.splitn(6, ',').take(5).collect::<Vec<_>>().join(",");
    let from_run: Vec<String> = run.lines().skip(1).map(first_five).collect();
    let from_code: Vec<String> = coded.lines().skip(1).map(first_five).collect();
    assert_eq!(from_code, from_run);
    assert_eq!(from_code.len(), 5);
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

/// A lexicon's `aliases.toml` reads Scots forms as the words its terms use; the evidence keeps
/// the answer's own words.
#[test]
fn aliases_read_scots_forms_as_the_terms_words() {
    let dir = tempfile::tempdir().unwrap();
    let lex = dir.path().join("lex");
    std::fs::create_dir(&lex).unwrap();
    for f in ["priorities.toml", "T01-carers.toml", "T02-gp.toml"] {
        std::fs::copy(fixtures().join("lex").join(f), lex.join(f)).unwrap();
    }
    // `hearken code` with the lexicon on the Scots answers, and `extra` arguments.
    let run = |extra: &[&str]| {
        let lex = lex.to_str().unwrap();
        let mut args = vec!["code", "--lexicons", lex, "--input", "scots.csv"];
        args.extend_from_slice(extra);
        let o = hearken(&args);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let code = |out: &std::path::Path| {
        run(&["--output", out.to_str().unwrap()]);
        std::fs::read_to_string(out).unwrap()
    };
    let without = code(&dir.path().join("without.csv"));
    std::fs::copy(fixtures().join("aliases.toml"), lex.join("aliases.toml")).unwrap();
    let with = code(&dir.path().join("with.csv"));
    // Without aliases the Scots answer meets no term; the same words in English do.
    assert_eq!(
        without.lines().skip(1).collect::<Vec<_>>(),
        vec!["S1,Q1,,,", "S2,Q1,T01,P3,T01:looking after my *@2-19"]
    );
    assert_eq!(
        with.lines().collect::<Vec<_>>(),
        vec![
            "id,question,themes,priorities,evidence",
            "S1,Q1,T01,P3,T01:looking after my *@0-19;T01:short break@43-53",
            "S2,Q1,T01,P3,T01:looking after my *@2-19",
        ]
    );
    // `--explain` shows how the words were read.
    let shown = run(&["--explain", "S1"]);
    assert!(
        shown.contains(
            "looking after my * @0-19 \"Lookin efter ma dad\" (read as \"looking after my dad\")"
        ),
        "{shown}"
    );
}

/// A long answer that names nothing of health or care is coded when the question it answers is
/// about health and care, and held back under a petition about a swimming pool: by `hearken
/// code` from the column headers, by `hearken evaluate` from the `question` column.
#[test]
fn answers_to_a_question_about_care_are_coded_without_the_domain_rule() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("coded.csv");
    let o = hearken(&[
        "code",
        "--input",
        "subject-survey.csv",
        "--id-column",
        "id",
        "--output",
        out.to_str().unwrap(),
        "--explain",
        "S1",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let csv = std::fs::read_to_string(&out).unwrap();
    let rows: Vec<(&str, &str)> = csv
        .lines()
        .skip(1)
        .filter_map(|l| {
            let mut f = l.split(',');
            Some((f.nth(1)?, f.next()?))
        })
        .collect();
    // "Any other comments?" asks about what the survey's care question asks about.
    assert_eq!(rows, vec![("Q1", "T11;T12"), ("Q2", ""), ("Q3", "T11;T12")]);
    // --explain says why each answer was or was not coded.
    let shown = String::from_utf8_lossy(&o.stdout);
    let (q1, rest) = shown
        .split_once("S1 Q2")
        .expect("every answer is explained");
    let (q2, q3) = rest.split_once("S1 Q3").expect("every answer is explained");
    assert!(
        q3.contains("on the subject through its question"),
        "{shown}"
    );
    assert!(
        q1.contains("on the subject through its question"),
        "{shown}"
    );
    assert!(!q1.contains("off the subject"), "{shown}");
    assert!(q2.contains("off the subject"), "{shown}");
    assert!(!q2.contains("through its question"), "{shown}");

    let evaluate = |extra: &[&str]| precision_recall("subject-coded.csv", extra);
    assert_eq!(evaluate(&[]), (Some(1.0), Some(1.0)));
    // With ids (the path reviewers' overrides take), each row keeps its own question.
    assert_eq!(evaluate(&["--id-column", "id"]), (Some(1.0), Some(1.0)));
    // Read against the id column instead, no answer is known to be about care.
    assert_eq!(
        evaluate(&["--question-column", "id"]),
        (Some(0.0), Some(0.0))
    );
}

/// A feedback card asks only open questions ("What could we do better?"): its long answers are
/// about care although they name nothing of it, so they are coded; read against questions that
/// are not open (the ids), the same answers are held back.
#[test]
fn answers_on_a_card_of_open_questions_are_on_the_subject() {
    let evaluate = |extra: &[&str]| precision_recall("card-coded.csv", extra);
    assert_eq!(evaluate(&[]), (Some(1.0), Some(1.0)));
    assert_eq!(
        evaluate(&["--question-column", "id"]),
        (Some(0.0), Some(0.0))
    );
}

/// Micro precision and recall `hearken evaluate` reports for a coded fixture, with `extra` flags.
fn precision_recall(file: &str, extra: &[&str]) -> (Option<f64>, Option<f64>) {
    let mut args = vec![
        "evaluate",
        "--input",
        file,
        "--text-column",
        "text",
        "--labels-column",
        "codes",
        "--format",
        "json",
        "--bootstrap",
        "0",
    ];
    args.extend_from_slice(extra);
    let o = hearken(&args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    (v["micro_precision"].as_f64(), v["micro_recall"].as_f64())
}
