//! Reviewers' overrides through the real binary: applied exactly, in every output, kept across a
//! rerun with changed lexicons, and stale or unknown ones reported by line.

use std::fs;
use std::path::Path;

mod common;

const OVERRIDES: &str = "id,question,theme,action,reviewer,date,reason
A1,Q1,T01,add,Ann Example,2026-11-02,waiting for weeks is a carer concern here
A6,Q1,T02,remove,Ann Example,2026-11-02,the surgery is only where the carers meet
A9,Q1,T01,add,Ann Example,2026-11-03,respondent withdrew
A5,Q1,T77,add,Bo Example,03/11/2026,no such theme
";

/// A folder with the fictional survey, a copy of the fictional lexicon and the overrides.
fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let src = common::fixture("coding");
    fs::copy(src.join("survey.csv"), dir.path().join("survey.csv")).expect("copy survey");
    fs::create_dir(dir.path().join("lex")).expect("lex dir");
    for f in ["T01-carers.toml", "T02-gp.toml", "priorities.toml"] {
        fs::copy(src.join("lex").join(f), dir.path().join("lex").join(f)).expect("copy lexicon");
    }
    fs::write(dir.path().join("overrides.csv"), OVERRIDES).expect("write overrides");
    dir
}

fn code(dir: &Path, extra: &[&str]) -> (String, String) {
    let mut args = vec![
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
        "coded.csv",
    ];
    args.extend(extra);
    let o = common::hearken_in(dir, &args);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let coded = fs::read_to_string(dir.join("coded.csv")).expect("coded.csv");
    (coded, common::stderr(&o))
}

#[test]
fn overrides_change_exactly_the_codes_they_name() {
    let dir = setup();
    let (plain, _) = code(dir.path(), &[]);
    let (coded, stderr) = code(dir.path(), &["--overrides", "overrides.csv"]);
    assert_eq!(
        coded.lines().collect::<Vec<_>>(),
        vec![
            "id,question,themes,priorities,evidence,sources,removed",
            "A1,Q1,T01;T02,P1;P3,T02:gp@19-21;T02:appointment@22-33,reviewer;lexicon,",
            "A2,Q1,T01,P3,T01:looking after my *@0-20;T01:exhausted@24-34;T01:short break@50-61,lexicon,",
            "A3,Q1,,,,,",
            "A5,Q1,,,,,",
            "A6,Q1,T01,P3,T01:help@32-36;T01:carer@41-47;T02:surgery@55-62,lexicon,T02",
        ]
    );
    // Without overrides the rows are those of before, and the two files differ only where the
    // overrides say.
    assert!(plain.starts_with("id,question,themes,priorities,evidence\n"));
    assert!(plain.contains("\nA1,Q1,T02,P1;P3,T02:gp@19-21;T02:appointment@22-33\n"));
    assert!(stderr
        .contains("override on line 4 (A9 Q1 add T01) not applied: no such answer in the input"));
    assert!(stderr.contains("override on line 5 (A5 Q1 add T77) not applied: unknown theme"));
}

fn run(dir: &Path, out: &str) {
    let o = common::hearken_in(
        dir,
        &[
            "run",
            "survey.csv",
            "--lexicons",
            "lex",
            "--text-column",
            "comments",
            "--id-column",
            "id",
            "--overrides",
            "overrides.csv",
            "--out",
            out,
            "--quiet",
        ],
    );
    assert!(o.status.success(), "{}", common::stderr(&o));
    assert!(common::stderr(&o).contains("2 overrides were not applied"));
}

#[test]
fn every_output_of_a_run_sees_the_overrides() {
    let dir = setup();
    run(dir.path(), "out");
    let out = dir.path().join("out");
    let summary: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("summary.json")).expect("summary"))
            .expect("json");
    let reviews = &summary["reviews"];
    assert_eq!(reviews["added"], 1);
    assert_eq!(reviews["removed"], 1);
    assert_eq!(reviews["by_theme"][0]["added"], 1);
    assert_eq!(reviews["by_theme"][1]["removed"], 1);
    let lines: Vec<u64> = reviews["issues"]
        .as_array()
        .expect("issues")
        .iter()
        .map(|i| i["line"].as_u64().unwrap_or(0))
        .collect();
    assert_eq!(lines, vec![4, 5]);
    // T01: A1 (added), A2, A6; T02 loses A6 and keeps A1.
    assert_eq!(summary["themes"][0]["overall"]["raising"], 3);
    assert_eq!(summary["themes"][1]["overall"]["raising"], 1);
    let md = fs::read_to_string(out.join("report.md")).expect("report.md");
    assert!(md.contains("## Reviewers' overrides"));
    assert!(md.contains("## Frame health"));
    let manifest = fs::read_to_string(out.join("manifest.json")).expect("manifest");
    assert!(manifest.contains("\"role\": \"overrides\""), "{manifest}");
    assert!(
        manifest.contains("\"file\": \"overrides.csv\""),
        "{manifest}"
    );
    assert!(md.contains("| Q1 | 5 | 2 (40%) |"), "{md}");
    assert!(md.contains("| 4 | A9 | Q1 | add | T01 | no such answer in the input |"));
    let html = fs::read_to_string(out.join("report.html")).expect("report.html");
    assert!(
        html.contains("<h2 id=\"reviews\">Reviewers&#39; overrides</h2>")
            || html.contains("<h2 id=\"reviews\">Reviewers' overrides</h2>")
    );
    let coded = fs::read_to_string(out.join("coded.csv")).expect("coded.csv");
    assert!(coded.contains("\nA6,Q1,T01,P3,"));
    // The search index filters on the overridden codes.
    let o = common::hearken_in(
        dir.path(),
        &[
            "search",
            "--index",
            "out/index",
            "--theme",
            "T02",
            "--count",
        ],
    );
    assert!(o.status.success(), "{}", common::stderr(&o));
    let o2 = common::hearken_in(
        dir.path(),
        &[
            "search",
            "--index",
            "out/index",
            "--theme",
            "T01",
            "--count",
        ],
    );
    let first = |o: &std::process::Output| common::stdout(o).lines().next().map(str::to_string);
    assert_eq!(first(&o).as_deref(), Some("1 answer matches"));
    assert_eq!(first(&o2).as_deref(), Some("3 answers match"));
}

#[test]
fn overrides_survive_a_rerun_with_changed_lexicons() {
    let dir = setup();
    // The lexicon no longer knows "gp" or "appointment": A1 loses T02 from the lexicons, but the
    // reviewer's T01 stays, and A6's removed T02 stays removed.
    let t02 = dir.path().join("lex/T02-gp.toml");
    let text = fs::read_to_string(&t02).expect("T02");
    fs::write(
        &t02,
        text.replace("  \"gp\",\n", "")
            .replace("  \"appointment\",\n", ""),
    )
    .expect("write T02");
    let (coded, _) = code(dir.path(), &["--overrides", "overrides.csv"]);
    let rows: Vec<&str> = coded.lines().collect();
    assert_eq!(rows[1], "A1,Q1,T01,P3,,reviewer,");
    assert_eq!(
        rows[5],
        "A6,Q1,T01,P3,T01:help@32-36;T01:carer@41-47;T02:surgery@55-62,lexicon,T02"
    );
}

#[test]
fn a_bad_overrides_file_names_line_and_column() {
    let dir = setup();
    fs::write(
        dir.path().join("overrides.csv"),
        "id,question,theme,action,reviewer,date,reason\nA1,Q1,T01,add,Ann,2026-11-02,\nA1,Q1,T02,replace,Ann,2026-11-02,\n",
    )
    .expect("write");
    let o = common::hearken_in(
        dir.path(),
        &[
            "code",
            "--lexicons",
            "lex",
            "--input",
            "survey.csv",
            "--overrides",
            "overrides.csv",
            "--output",
            "c.csv",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        common::stderr(&o).contains(
            "overrides.csv: line 3, column 4 (action): `replace` is neither `add` nor `remove`"
        ),
        "{}",
        common::stderr(&o)
    );
}

#[test]
fn hearken_toml_names_the_overrides_file() {
    let dir = setup();
    fs::write(
        dir.path().join("hearken.toml"),
        "[columns]\nid = \"id\"\ntext = [\"comments\"]\n\n[review]\noverrides = \"overrides.csv\"\n",
    )
    .expect("write config");
    let o = common::hearken_in(
        dir.path(),
        &[
            "code",
            "--lexicons",
            "lex",
            "--input",
            "survey.csv",
            "--output",
            "coded.csv",
        ],
    );
    assert!(o.status.success(), "{}", common::stderr(&o));
    let coded = fs::read_to_string(dir.path().join("coded.csv")).expect("coded.csv");
    assert!(coded
        .contains("\nA6,Q1,T01,P3,T01:help@32-36;T01:carer@41-47;T02:surgery@55-62,lexicon,T02\n"));
}

#[test]
fn evaluate_applies_the_overrides() {
    let dir = setup();
    fs::write(
        dir.path().join("gold.csv"),
        "rid,answer,codes\n\
         G1,I could not get a GP appointment.,T02\n\
         G2,My mum looks after my dad every day.,T01\n\
         G3,Nobody phoned back after I asked.,T02\n",
    )
    .expect("write gold");
    fs::write(
        dir.path().join("gold-overrides.csv"),
        "id,question,theme,action,reviewer,date,reason\nG3,answer,T02,add,Ann,2026-11-02,call-back\n",
    )
    .expect("write overrides");
    let recall = |extra: &[&str]| {
        let mut args = vec![
            "evaluate",
            "--lexicons",
            "lex",
            "--input",
            "gold.csv",
            "--text-column",
            "answer",
            "--labels-column",
            "codes",
            "--bootstrap",
            "0",
            "--format",
            "json",
        ];
        args.extend(extra);
        let o = common::hearken_in(dir.path(), &args);
        assert!(o.status.success(), "{}", common::stderr(&o));
        let v: serde_json::Value = serde_json::from_str(&common::stdout(&o)).expect("json");
        v["micro_recall"].as_f64().unwrap_or(-1.0)
    };
    let before = recall(&[]);
    let after = recall(&["--id-column", "rid", "--overrides", "gold-overrides.csv"]);
    assert!(before < 1.0, "the lexicon misses G3: {before}");
    assert!(after > before, "{after} > {before}");
}

#[test]
fn explain_names_the_reviewers_changes() {
    let dir = setup();
    let o = common::hearken_in(
        dir.path(),
        &[
            "code",
            "--lexicons",
            "lex",
            "--input",
            "survey.csv",
            "--text-column",
            "comments",
            "--id-column",
            "id",
            "--overrides",
            "overrides.csv",
            "--explain",
            "A6",
        ],
    );
    assert!(o.status.success(), "{}", common::stderr(&o));
    assert!(
        common::stdout(&o).contains("  T02 removed by a reviewer (overrides line 3, Ann Example)"),
        "{}",
        common::stdout(&o)
    );
}
