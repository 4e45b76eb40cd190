//! `hearken search` through the real binary, on an index built by `hearken run` from
//! `tests/fixtures/search` (seven fictional respondents, two open questions, 13 answers).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use tempfile::TempDir;

mod common;

use common::{hearken, stderr, stdout};

const BIN: &str = env!("CARGO_BIN_EXE_hearken");

fn fixtures() -> PathBuf {
    common::fixture("search")
}

/// `hearken run INPUT --lexicons FIXTURE/lexicons --out OUT`, asserting success.
fn run(input: &Path, out: &Path) {
    let lex = fixtures().join("lexicons");
    let o = hearken(&[
        "run",
        &input.to_string_lossy(),
        "--config",
        &fixtures().join("hearken.toml").to_string_lossy(),
        "--lexicons",
        &lex.to_string_lossy(),
        "--out",
        &out.to_string_lossy(),
    ]);
    assert!(o.status.success(), "hearken run failed: {}", stderr(&o));
}

/// A work directory with a copy of the fixture survey and an index built from it.
fn built() -> (TempDir, PathBuf, PathBuf) {
    let tmp = TempDir::new().expect("tempdir");
    let input = tmp.path().join("survey.csv");
    fs::copy(fixtures().join("survey.csv"), &input).expect("copy fixture");
    let out = tmp.path().join("out");
    run(&input, &out);
    let index = out.join("index");
    (tmp, input, index)
}

/// `id/question` of each hit of a `--format json` search, in output order.
fn search_keys(index: &Path, args: &[&str]) -> Vec<String> {
    let mut all = vec!["search", "--index"];
    let index = index.to_string_lossy().into_owned();
    all.push(&index);
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    if !args.contains(&"--limit") {
        all.extend_from_slice(&["--limit", "100"]);
    }
    let o = hearken(&all);
    assert!(o.status.success(), "search {args:?} failed: {}", stderr(&o));
    stdout(&o)
        .lines()
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).expect("json line");
            format!(
                "{}/{}",
                v["id"].as_str().unwrap_or_default(),
                v["question"].as_str().unwrap_or_default()
            )
        })
        .collect()
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

#[test]
fn missing_index_is_a_clear_error() {
    let tmp = TempDir::new().expect("tempdir");
    let dir = tmp.path().join("nothing");
    let o = hearken(&["search", "--index", &dir.to_string_lossy(), "care"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        format!(
            "hearken: error: cannot search {0}\n  caused by: no index at {0} (run `hearken run ... --out ...` first)\n",
            dir.display()
        )
    );
}

#[test]
fn by_needs_count() {
    let o = hearken(&["search", "--index", "x", "--by", "Locality"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--count"), "{}", stderr(&o));
}

#[test]

fn phrase_stem_and_boolean_queries() {
    let (_t, _input, index) = built();
    assert_eq!(
        sorted(search_keys(&index, &["\"short break\""])),
        ["R01/Q2", "R05/Q2"]
    );
    assert_eq!(
        sorted(search_keys(&index, &["caring"])),
        ["R01/Q1", "R03/Q1", "R03/Q2"]
    );
    assert_eq!(
        search_keys(&index, &["GP", "AND", "NOT", "phone"]),
        ["R06/Q1"]
    );
    assert_eq!(
        sorted(search_keys(&index, &["lonely OR transport"])),
        ["R04/Q1", "R07/Q2"]
    );
}

#[test]

fn filters_paging_and_sorting() {
    let (_t, _input, index) = built();
    assert_eq!(
        search_keys(&index, &["--theme", "T10", "--sort", "id"]),
        ["R01/Q2", "R05/Q2", "R06/Q2"]
    );
    assert_eq!(
        search_keys(&index, &["--priority", "P1", "--sort", "id"]),
        ["R04/Q1"]
    );
    assert_eq!(
        search_keys(&index, &["--question", "Q2", "staff"]),
        ["R03/Q2"]
    );
    assert_eq!(
        search_keys(&index, &["--where", "Locality=Hamilton", "--sort", "id"]),
        ["R01/Q1", "R01/Q2", "R03/Q1", "R03/Q2"]
    );
    assert_eq!(
        search_keys(
            &index,
            &[
                "appointment",
                "--where",
                "locality=Wishaw",
                "--where",
                "locality=East Kilbride",
                "--sort",
                "id"
            ]
        ),
        ["R02/Q1", "R06/Q1"]
    );
    let all = search_keys(&index, &["--sort", "id"]);
    assert_eq!(all.len(), 13);
    assert_eq!(&all[..3], ["R01/Q1", "R01/Q2", "R02/Q1"]);
    assert_eq!(
        search_keys(&index, &["--sort", "id", "--offset", "1", "--limit", "2"]),
        ["R01/Q2", "R02/Q1"]
    );
}

#[test]

fn consent_is_marked_everywhere_and_publishable_filters() {
    let (_t, _input, index) = built();
    let idx = index.to_string_lossy().into_owned();
    assert_eq!(
        sorted(search_keys(&index, &["appointment"])),
        ["R02/Q1", "R04/Q2", "R06/Q1"]
    );
    assert_eq!(
        search_keys(&index, &["appointment", "--publishable"]),
        ["R06/Q1"]
    );

    let o = hearken(&["search", "--index", &idx, "impossible"]);
    let text = stdout(&o);
    assert!(
        text.starts_with("1 answer matches; showing 1-1\n"),
        "{text}"
    );
    assert!(text.contains("R02  Q1  score "), "{text}");
    assert!(
        text.contains("  consent: do-not-publish — not for quotation\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "Getting a GP appointment is **impossible**, the phone line is always engaged."
        ),
        "{text}"
    );

    let o = hearken(&["search", "--index", &idx, "impossible", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).expect("json");
    assert_eq!(v["publishable"], false);
    assert_eq!(v["consent"], "do-not-publish");
    assert_eq!(v["snippet"]["highlights"], serde_json::json!([[28, 38]]));
    assert_eq!(v["themes"], serde_json::json!(["T07"]));

    let o = hearken(&["search", "--index", &idx, "impossible", "--format", "csv"]);
    let csv = stdout(&o);
    let mut lines = csv.lines();
    let header = lines.next().expect("header");
    assert!(
        header.starts_with("id,question,score,themes,priorities,consent,publishable,"),
        "{header}"
    );
    assert!(header.ends_with(",snippet,text"), "{header}");
    let row = lines.next().expect("row");
    assert!(row.starts_with("R02,Q1,"), "{row}");
    assert!(row.contains(",T07,P3,do-not-publish,no,"), "{row}");
    assert_eq!(lines.next(), None);
}

#[test]

fn counts_by_theme_priority_and_column() {
    let (_t, _input, index) = built();
    let idx = index.to_string_lossy().into_owned();
    let o = hearken(&[
        "search", "--index", &idx, "--count", "--by", "Locality", "--format", "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).expect("json");
    assert_eq!(v["total"], 13);
    let counts = |key: &str| -> Vec<(String, u64)> {
        v[key]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|c| {
                        (
                            c["value"].as_str().unwrap_or_default().to_string(),
                            c["count"].as_u64().unwrap_or(0),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let own = |v: &[(&str, u64)]| {
        v.iter()
            .map(|(a, b)| (a.to_string(), *b))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        counts("by_theme"),
        own(&[("T03", 1), ("T07", 3), ("T10", 3), ("T11", 2)])
    );
    assert_eq!(
        counts("by_priority"),
        own(&[("P1", 1), ("P2", 1), ("P3", 8)])
    );
    let by: Vec<(String, u64)> = v["by"]["counts"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|c| {
                    (
                        c["value"].as_str().unwrap_or_default().to_string(),
                        c["count"].as_u64().unwrap_or(0),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        by,
        own(&[
            ("Clydesdale", 4),
            ("Hamilton", 4),
            ("Wishaw", 3),
            ("East Kilbride", 2)
        ])
    );

    let o = hearken(&[
        "search", "--index", &idx, "carers", "--count", "--format", "csv",
    ]);
    assert_eq!(
        stdout(&o),
        "group,value,count\nall,,3\ntheme,T03,0\ntheme,T07,0\ntheme,T10,3\ntheme,T11,0\npriority,P1,0\npriority,P2,0\npriority,P3,3\n"
    );
}

#[test]

fn usage_errors_exit_2_with_a_message() {
    let (_t, _input, index) = built();
    let idx = index.to_string_lossy().into_owned();
    let o = hearken(&["search", "--index", &idx, "\"short break"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "hearken: error: bad query `\"short break`: syntax error at column 13: missing delimiter \"\n"
    );
    let o = hearken(&["search", "--index", &idx, "--where", "town=Hamilton"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with("hearken: error: unknown column `town`; available: Locality"),
        "{}",
        stderr(&o)
    );
    let o = hearken(&["search", "--index", &idx, "--theme", "T99"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "hearken: error: unknown theme `T99`; available: T03, T07, T10, T11\n"
    );
}

#[test]

fn stale_index_is_reported() {
    let (t, input, index) = built();
    let idx = index.to_string_lossy().into_owned();
    let o = hearken(&["search", "--index", &idx, "staff"]);
    assert_eq!(stderr(&o), "");
    fs::write(
        &input,
        fs::read_to_string(&input).expect("read") + "R08,Wishaw,65+,New answer.,,\n",
    )
    .expect("append");
    let o = hearken(&["search", "--index", &idx, "staff"]);
    assert!(o.status.success());
    let canonical = fs::canonicalize(&input).expect("canonical");
    assert_eq!(
        stderr(&o),
        format!(
            "hearken: warning: the index {idx} may be out of date: {} changed since the index was built (rerun `hearken run` to rebuild it)\n",
            canonical.display()
        )
    );
    // A different lexicon directory is reported too.
    let lex = t.path().join("lex");
    fs::create_dir(&lex).expect("mkdir");
    fs::write(lex.join("priorities.toml"), "assign = \"best\"\n").expect("write");
    let o = hearken(&[
        "search",
        "--index",
        &idx,
        "staff",
        "--lexicons",
        &lex.to_string_lossy(),
    ]);
    assert!(
        stderr(&o).contains("may be out of date: the lexicons changed"),
        "{}",
        stderr(&o)
    );
}

/// `hearken search --lexicons DIR` warns exactly when DIR differs from the lexicon the index
/// was coded with: every file counts, `sets.toml` included, and the bundled lexicon is the same
/// as a copy of `lexicons/`.
#[test]
fn lexicons_are_compared_with_the_index_both_ways() {
    let tmp = TempDir::new().expect("tempdir");
    let out = tmp.path().join("out");
    let input = fixtures().join("survey.csv");
    let o = hearken(&[
        "run",
        &input.to_string_lossy(),
        "--config",
        &fixtures().join("hearken.toml").to_string_lossy(),
        "--out",
        &out.to_string_lossy(),
    ]);
    assert!(o.status.success(), "hearken run failed: {}", stderr(&o));
    let idx = out.join("index").to_string_lossy().into_owned();
    let search = |lex: &Path| {
        let o = hearken(&[
            "search",
            "--index",
            &idx,
            "staff",
            "--lexicons",
            &lex.to_string_lossy(),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        stderr(&o)
    };
    let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("lexicons");
    assert_eq!(search(&bundled), "", "the lexicons the run used");
    let copy = tmp.path().join("lexicons");
    fs::create_dir(&copy).expect("mkdir");
    for entry in fs::read_dir(&bundled).expect("read lexicons") {
        let path = entry.expect("entry").path();
        fs::copy(&path, copy.join(path.file_name().expect("name"))).expect("copy");
    }
    assert_eq!(search(&copy), "", "a copy of them");
    let sets = copy.join("sets.toml");
    let edited = fs::read_to_string(&sets).expect("read sets.toml") + "\n# edited\n";
    fs::write(&sets, edited).expect("write sets.toml");
    assert_eq!(
        search(&copy),
        format!(
            "hearken: warning: the index {idx} may be out of date: the lexicons changed since the index was built (rerun `hearken run` to rebuild it)\n"
        ),
        "an edited sets.toml"
    );
}

/// Names of the temporary build directories next to `out/index`.
/// Runs in progress (or killed) for the output folder `out`: the fresh folders written beside it.
fn builds_in(out: &Path) -> Vec<String> {
    let prefix = format!(
        ".{}.hearken-new-",
        out.file_name().expect("named").to_string_lossy()
    );
    fs::read_dir(out.parent().expect("parent"))
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with(&prefix))
                .collect()
        })
        .unwrap_or_default()
}

/// A fictional survey of `rows` respondents, in the fixture's columns, at `path`.
fn write_big_survey(path: &Path, rows: usize) {
    let mut csv = String::from(
        "Respondent ID,Locality,Age band,What matters most to you about health and care services?,What could be better?,Consent to publish\n",
    );
    let places = ["Hamilton", "Wishaw", "Clydesdale", "East Kilbride"];
    let first = [
        "Seeing the same nurse each week matters to me",
        "Getting through on the phone to book an appointment",
        "Help with shopping since my operation",
        "Knowing who to call when things go wrong at night",
    ];
    let second = [
        "More time for each visit would be better",
        "A bus that reaches the health centre before nine",
        "Letters in plain English please",
        "Fewer forms to fill in for equipment",
    ];
    for i in 0..rows {
        csv.push_str(&format!(
            "B{i:06},{},{},{} number {i},{} and thanks {i},Publish response with name\n",
            places[i % 4],
            ["18-34", "35-64", "65+"][i % 3],
            first[i % 4],
            second[(i / 4) % 4],
        ));
    }
    fs::write(path, csv).expect("write big input");
}

#[test]
fn killed_run_leaves_the_previous_index() {
    let (t, _input, index) = built();
    let out = index.parent().expect("out dir").to_path_buf();

    // A larger input so that the second run is still indexing when it is killed.
    let big = t.path().join("big.csv");
    let rows = 200_000usize;
    write_big_survey(&big, rows);

    let lex = fixtures().join("lexicons");
    let mut child = Command::new(BIN)
        .args([
            "run",
            &big.to_string_lossy(),
            "--lexicons",
            &lex.to_string_lossy(),
            "--out",
            &out.to_string_lossy(),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn run");
    let started = Instant::now();
    let mut seen = false;
    while started.elapsed() < Duration::from_secs(300) {
        if !builds_in(&out).is_empty() {
            seen = true;
            break;
        }
        if child.try_wait().expect("poll").is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().expect("SIGKILL");
    child.wait().expect("reap");
    assert!(seen, "the run finished before its build directory was seen");
    assert_eq!(
        builds_in(&out).len(),
        1,
        "the killed run leaves its folder beside the output"
    );

    // The previous run is intact and searchable, its index still the one its manifest names.
    assert_eq!(
        sorted(search_keys(&index, &["\"short break\""])),
        ["R01/Q2", "R05/Q2"]
    );
    assert_eq!(search_keys(&index, &["--sort", "id"]).len(), 13);

    // The next run cleans up and replaces it.
    run(&big, &out);
    assert!(builds_in(&out).is_empty(), "{:?}", builds_in(&out));
    let o = hearken(&[
        "search",
        "--index",
        &index.to_string_lossy(),
        "--count",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).expect("json");
    assert_eq!(v["total"], 2 * rows as u64);
    assert_eq!(search_keys(&index, &["B000123"]), Vec::<String>::new());
    assert_eq!(
        search_keys(&index, &["id:B000123", "--sort", "id"]),
        ["B000123/Q1", "B000123/Q2"]
    );
}
