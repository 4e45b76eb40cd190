//! `hearken learn` and `hearken evaluate` run through the binary on small fictional samples.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/learn")
        .join(name)
}

fn hearken(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hearken"))
        .args(args)
        .output()
        .expect("the hearken binary runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("fixture paths are UTF-8")
}

fn evaluate_gold(extra: &[&str]) -> Output {
    let lex = fixture("lexicon");
    let gold = fixture("gold.csv");
    let mut args = vec![
        "evaluate",
        "--lexicons",
        path_str(&lex),
        "--input",
        path_str(&gold),
        "--text-column",
        "answer",
        "--labels-column",
        "labels",
        "--label-separator",
        ", ",
    ];
    args.extend_from_slice(extra);
    hearken(&args)
}

fn close(v: &serde_json::Value, expected: f64) -> bool {
    v.as_f64().is_some_and(|x| (x - expected).abs() < 1e-9)
}

#[test]
fn evaluate_json_has_hand_computed_figures() {
    let out = evaluate_gold(&["--format", "json"]);
    assert!(out.status.success(), "stderr: {}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("valid JSON");
    // Rows 8 (empty text) and 9 (too few fields) are skipped; 7 answers remain.
    assert_eq!(json["documents"], 7);
    assert_eq!(json["skipped_rows"], 2);
    // tp 5, fp 1, fn 2 over Transport, Carers and Waiting.
    assert!(close(&json["micro_precision"], 5.0 / 6.0));
    assert!(close(&json["micro_recall"], 5.0 / 7.0));
    assert!(close(&json["micro_f1"], 10.0 / 13.0));
    assert!(close(&json["macro_f1"], (1.0 + 2.0 / 3.0) / 3.0));
    let labels = json["labels"].as_array().expect("labels array");
    let names: Vec<&str> = labels.iter().filter_map(|l| l["label"].as_str()).collect();
    // Gold labels matched theme names (ignoring case) and are reported by theme id.
    assert_eq!(names, vec!["CA", "TR", "Waiting"]);
    let ca = &labels[0];
    assert_eq!(
        (ca["tp"].as_u64(), ca["fp"].as_u64(), ca["fn"].as_u64()),
        (Some(2), Some(1), Some(1))
    );
    assert_eq!(ca["support"], 3);
    assert!(close(&ca["precision"], 2.0 / 3.0));
    assert!(close(&ca["recall"], 2.0 / 3.0));
    assert!(close(&ca["f1"], 2.0 / 3.0));
    // po = 5/7, pe = 25/49: kappa = 10/24.
    assert!(close(&ca["kappa"], 10.0 / 24.0));
    let tr = &labels[1];
    assert!(close(&tr["f1"], 1.0) && close(&tr["kappa"], 1.0));
    assert_eq!(tr["support"], 3);
    let waiting = &labels[2];
    assert_eq!(
        (waiting["fn"].as_u64(), waiting["support"].as_u64()),
        (Some(1), Some(1))
    );
    assert!(close(&waiting["f1"], 0.0) && close(&waiting["kappa"], 0.0));
}

#[test]
fn evaluate_shows_errors_with_evidence() {
    let out = evaluate_gold(&["--show-errors", "2"]);
    assert!(out.status.success(), "stderr: {}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("documents: 7  skipped rows: 2"), "{text}");
    assert!(
        text.contains("micro  precision 0.833  recall 0.714  F1 0.769"),
        "{text}"
    );
    assert!(
        text.contains("line 4: false negative `CA` (score 0.500, threshold 1.000: not assigned: below threshold)\n  text: A short break would help\n  evidence: `break` matched \"break\""),
        "{text}"
    );
    assert!(
        text.contains("line 6: false negative `Waiting` (score 0.000)\n  text: The waiting list is too long\n  evidence: none"),
        "{text}"
    );
    // Only two errors were asked for; the third (line 8) is not listed.
    assert!(!text.contains("line 8:"), "{text}");
    let skipped = stderr(&out);
    assert!(skipped.contains("line 9: empty text"), "{skipped}");
    assert!(
        skipped.contains("line 10: expected 3 fields, found 2"),
        "{skipped}"
    );
}

#[test]
fn missing_column_is_named_with_the_available_ones() {
    let out = evaluate_gold(&[]);
    assert!(out.status.success());
    let lex = fixture("lexicon");
    let gold = fixture("gold.csv");
    let out = hearken(&[
        "evaluate",
        "--lexicons",
        path_str(&lex),
        "--input",
        path_str(&gold),
        "--text-column",
        "comment",
        "--labels-column",
        "labels",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("no column named `comment`; the columns are: id, answer, labels"),
        "{err}"
    );
    let out = hearken(&[
        "learn",
        "--input",
        path_str(&gold),
        "--text-column",
        "answer",
        "--labels-column",
        "codes",
        "--output",
        "/nonexistent/never-written",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no column named `codes`; the columns are: id, answer, labels"));
}

fn learn_into(dir: &Path) -> Output {
    let train = fixture("train.csv");
    hearken(&[
        "learn",
        "--input",
        path_str(&train),
        "--text-column",
        "answer",
        "--labels-column",
        "theme",
        "--output",
        path_str(dir),
        "--min-count",
        "1",
    ])
}

fn read_dir_sorted(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(dir)
        .expect("lexicon dir exists")
        .filter_map(|e| e.ok())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read_to_string(e.path()).unwrap_or_default(),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn learn_then_evaluate_on_unseen_answers() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("learned");
    let out = learn_into(&dir);
    assert!(out.status.success(), "stderr: {}", stderr(&out));
    let report = stdout(&out);
    assert!(
        report.contains("learned 3 themes from 27 answers (0 without a label); 1 rows skipped"),
        "{report}"
    );
    assert!(report.contains("assign: best"), "{report}");
    let files = read_dir_sorted(&dir);
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        vec![
            "carers.toml",
            "priorities.toml",
            "transport.toml",
            "waiting.toml"
        ]
    );
    assert!(files[1].1.contains("assign = \"best\""));
    // Labels are kept verbatim as theme ids and names.
    assert!(files[2].1.contains("id = \"Transport\""));

    // The same input learns the same files.
    let again = tmp.path().join("again");
    assert!(learn_into(&again).status.success());
    assert_eq!(read_dir_sorted(&again), files);

    let test = fixture("test.csv");
    let out = hearken(&[
        "evaluate",
        "--lexicons",
        path_str(&dir),
        "--input",
        path_str(&test),
        "--text-column",
        "answer",
        "--labels-column",
        "theme",
        "--format",
        "json",
    ]);
    assert!(out.status.success(), "stderr: {}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("valid JSON");
    assert_eq!(json["documents"], 8);
    // Carers: tp 1, fn 2 (the sparse model keeps only "carers": "caring for my dad" and "care for
    // my wife" are missed, the latter going to Transport for its taxi); Transport: tp 2, fp 1;
    // Waiting: tp 2. Micro: tp 5, fp 1, fn 2.
    assert!(close(&json["micro_f1"], 10.0 / 13.0), "{json}");
    assert!(close(&json["micro_precision"], 5.0 / 6.0), "{json}");
    let counts: Vec<(String, u64, u64, u64)> = json["labels"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|l| {
                    (
                        l["label"].as_str().unwrap_or("").to_string(),
                        l["tp"].as_u64().unwrap_or(99),
                        l["fp"].as_u64().unwrap_or(99),
                        l["fn"].as_u64().unwrap_or(99),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        counts,
        vec![
            ("Carers".to_string(), 1, 0, 2),
            ("Transport".to_string(), 2, 1, 0),
            ("Waiting".to_string(), 2, 0, 0),
        ]
    );
}

#[test]
fn evaluate_json_has_reproducible_bootstrap_intervals() {
    let out = evaluate_gold(&["--format", "json"]);
    assert!(out.status.success(), "stderr: {}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("valid JSON");
    assert_eq!(json["bootstrap"]["resamples"], 1000);
    assert_eq!(json["bootstrap"]["seed"], 14);
    assert_eq!(
        json["bootstrap"]["method"],
        "percentile bootstrap over answers"
    );
    // Every interval holds its figure and lies in [0, 1].
    let within = |v: &serde_json::Value, ci: &serde_json::Value| {
        let (x, lo, hi) = (
            v.as_f64().unwrap_or(-1.0),
            ci[0].as_f64().unwrap_or(2.0),
            ci[1].as_f64().unwrap_or(-1.0),
        );
        (0.0..=1.0).contains(&lo) && lo <= x && x <= hi && hi <= 1.0
    };
    for figure in ["micro_precision", "micro_recall", "micro_f1", "macro_f1"] {
        let ci = &json[format!("{figure}_ci")];
        assert!(within(&json[figure], ci), "{figure}: {ci}");
    }
    // Seven answers: the micro F1 interval is wide, but not everything.
    let ci = &json["micro_f1_ci"];
    let width = ci[1].as_f64().unwrap_or(0.0) - ci[0].as_f64().unwrap_or(0.0);
    assert!(width > 0.2 && width < 1.0, "{ci}");
    for label in json["labels"].as_array().expect("labels") {
        assert!(within(&label["f1"], &label["f1_ci"]), "{label}");
    }
    // The transport theme is right on every answer: every resample says so.
    assert_eq!(json["labels"][1]["f1_ci"], serde_json::json!([1.0, 1.0]));
    // Same input, same output; another seed moves the intervals.
    let again = evaluate_gold(&["--format", "json"]);
    assert_eq!(stdout(&again), stdout(&out));
    let other = evaluate_gold(&["--format", "json", "--seed", "15"]);
    let other: serde_json::Value = serde_json::from_str(&stdout(&other)).expect("valid JSON");
    assert_eq!(other["micro_f1"], json["micro_f1"]);
    assert_ne!(other["micro_f1_ci"], json["micro_f1_ci"]);
    let none = evaluate_gold(&["--format", "json", "--bootstrap", "0"]);
    let none: serde_json::Value = serde_json::from_str(&stdout(&none)).expect("valid JSON");
    assert_eq!(none["micro_f1_ci"], serde_json::json!([0.0, 0.0]));
    let too_many = evaluate_gold(&["--bootstrap", "1000001"]);
    assert_eq!(too_many.status.code(), Some(1));
    assert!(stderr(&too_many).contains("at most 100000"));
}

#[test]
fn evaluate_lists_the_worst_errors_per_label() {
    let out = evaluate_gold(&["--format", "json", "--worst", "1"]);
    assert!(out.status.success(), "stderr: {}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("valid JSON");
    let worst = json["worst"].as_array().expect("worst");
    let labels: Vec<&str> = worst.iter().filter_map(|w| w["label"].as_str()).collect();
    assert_eq!(labels, vec!["CA", "Waiting"]);
    // CA: the false positive "Took the bus to see the carer support worker" fired on `carer`.
    let fp = &worst[0]["false_positives"][0];
    assert_eq!(fp["line"], 8);
    assert_eq!(fp["verdict"], "assigned");
    assert_eq!(fp["evidence"][0]["entry"], "carer");
    assert!(close(&fp["evidence"][0]["weight"], 1.0));
    // CA: the false negative had partial evidence below the threshold.
    let fn_ = &worst[0]["false_negatives"][0];
    assert_eq!(fn_["line"], 4);
    assert!(close(&fn_["score"], 0.5) && close(&fn_["threshold"], 1.0));
    assert_eq!(fn_["verdict"], "below-threshold");
    assert_eq!(fn_["evidence"][0]["entry"], "break");
    // Waiting is no theme of the lexicon: nothing matched, no threshold.
    let missed = &worst[1]["false_negatives"][0];
    assert_eq!(missed["line"], 6);
    assert!(missed["threshold"].is_null() && missed["evidence"] == serde_json::json!([]));
    assert!(worst[1]["false_positives"] == serde_json::json!([]));

    let text = stdout(&evaluate_gold(&["--worst", "1"]));
    assert!(
        text.contains("worst errors for `CA`:\nline 8: false positive `CA` (score 1.000, threshold 1.000: assigned)\n  text: Took the bus to see the carer support worker\n  evidence: `carer` matched \"carer\" at 24..29 weight 1.000\n"),
        "{text}"
    );
}

#[test]
fn evaluate_with_a_label_map() {
    let map = fixture("label-map.toml");
    let out = evaluate_gold(&["--format", "json", "--label-map", path_str(&map)]);
    assert!(out.status.success(), "stderr: {}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("valid JSON");
    // Waiting is not in the map: dropped and counted; CA and TR are evaluated.
    assert_eq!(json["label_map"]["themes"], serde_json::json!(["CA", "TR"]));
    assert_eq!(
        json["label_map"]["not_in_map"],
        serde_json::json!({"Waiting": 1})
    );
    assert_eq!(json["label_map"]["dropped"], serde_json::json!({}));
    let names: Vec<&str> = json["labels"]
        .as_array()
        .expect("labels")
        .iter()
        .filter_map(|l| l["label"].as_str())
        .collect();
    assert_eq!(names, vec!["CA", "TR"]);
    // tp 5, fp 1, fn 1.
    assert!(close(&json["micro_f1"], 5.0 / 6.0), "{json}");
    assert_eq!(json["documents"], 7);

    // A map may send one label to several themes and drop another explicitly.
    let tmp = tempfile::tempdir().expect("temp dir");
    let wide = tmp.path().join("wide.toml");
    std::fs::write(
        &wide,
        "[labels]\nTransport = [\"TR\", \"CA\"]\nWaiting = []\n",
    )
    .expect("write map");
    let out = evaluate_gold(&["--format", "json", "--label-map", path_str(&wide)]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("valid JSON");
    assert_eq!(
        json["label_map"]["dropped"],
        serde_json::json!({"Waiting": 1})
    );
    assert_eq!(
        json["label_map"]["not_in_map"],
        serde_json::json!({"Carers": 2, "carers": 1})
    );
    // CA gold is now the transport answers (lines 2, 5, 8); hearken gives CA on lines 3, 5, 8:
    // tp 2, fp 1 (line 3), fn 1 (line 2).
    let ca = &json["labels"][0];
    assert_eq!(
        (ca["tp"].as_u64(), ca["fp"].as_u64(), ca["fn"].as_u64()),
        (Some(2), Some(1), Some(1)),
        "{ca}"
    );

    // A theme the lexicon does not have is named with the file and line.
    let bad = tmp.path().join("bad.toml");
    std::fs::write(&bad, "[labels]\nTransport = [\"TR\"]\nWaiting = [\"WL\"]\n").expect("write");
    let out = evaluate_gold(&["--label-map", path_str(&bad)]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "{}: line 3: `Waiting` maps to `WL`, which is not a theme of the lexicon (themes: CA, TR)",
            bad.display()
        )),
        "{err}"
    );
}

/// The FFT data, where the project's shared data sits beside the repository.
fn fft(rel: &str) -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data")
        .join(rel);
    p.is_file().then_some(p)
}

fn codebook_map(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/codebook")
        .join(name)
}

#[test]
fn fft_maps_name_default_themes_and_list_every_category() {
    let lexicons = Path::new(env!("CARGO_MANIFEST_DIR")).join("lexicons");
    let cases = [
        (
            "fft-phase1-to-themes.toml",
            "fft-phase1/text_data.csv",
            "feedback",
            "subcategory",
            ";",
            vec!["T03", "T05", "T07", "T10", "T11", "T12"],
        ),
        (
            "fft-dashboard-to-themes.toml",
            "fft-dashboard/multilabeled_data.csv",
            "comment_txt",
            "labels",
            ", ",
            vec!["T03", "T05", "T11", "T12"],
        ),
    ];
    for (map, data, text, labels, sep, themes) in cases {
        let map = codebook_map(map);
        // The map's themes are themes of the default lexicons (checked on a small fictional file).
        let gold = fixture("gold.csv");
        let out = hearken(&[
            "evaluate",
            "--lexicons",
            path_str(&lexicons),
            "--input",
            path_str(&gold),
            "--text-column",
            "answer",
            "--labels-column",
            "labels",
            "--label-map",
            path_str(&map),
            "--format",
            "json",
            "--bootstrap",
            "0",
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("valid JSON");
        assert_eq!(json["label_map"]["themes"], serde_json::json!(themes));
        // Where the data is at hand: every category in it is listed by the map.
        let Some(input) = fft(data) else {
            eprintln!("{data} not found beside the repository: checked the map only");
            continue;
        };
        let out = hearken(&[
            "evaluate",
            "--lexicons",
            path_str(&lexicons),
            "--input",
            path_str(&input),
            "--text-column",
            text,
            "--labels-column",
            labels,
            "--label-separator",
            sep,
            "--label-map",
            path_str(&map),
            "--format",
            "json",
            "--bootstrap",
            "0",
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("valid JSON");
        assert_eq!(
            json["label_map"]["not_in_map"],
            serde_json::json!({}),
            "{data}"
        );
        assert!(json["documents"].as_u64().unwrap_or(0) > 1000, "{data}");
    }
}

#[test]
fn learn_reports_cross_validation_and_checks_its_settings() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let train = fixture("train.csv");
    let run = |dir: &Path, extra: &[&str]| {
        let mut args = vec![
            "learn",
            "--input",
            path_str(&train),
            "--text-column",
            "answer",
            "--labels-column",
            "theme",
            "--output",
            path_str(dir),
            "--min-count",
            "1",
        ];
        args.extend_from_slice(extra);
        hearken(&args)
    };
    let dir = tmp.path().join("all");
    let out = run(&dir, &["--assign", "all", "--folds", "3"]);
    assert!(out.status.success(), "stderr: {}", stderr(&out));
    let report = stdout(&out);
    assert!(report.contains("assign: all"), "{report}");
    assert!(
        report.contains("cross-validated (3 folds, seed 14): micro F1 "),
        "{report}"
    );
    let files = read_dir_sorted(&dir);
    assert!(files[1].1.contains("assign = \"all\""));
    // Every theme has a threshold and at least one positive term.
    for (name, text) in files.iter().filter(|(n, _)| n != "priorities.toml") {
        assert!(text.contains("threshold = "), "{name}: {text}");
        assert!(
            text.lines()
                .any(|l| l.contains("term = ") && !l.contains("weight = -")),
            "{name}: {text}"
        );
    }
    let bad = run(&tmp.path().join("bad"), &["--folds", "1"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        stderr(&bad).contains("cross-validation needs 2 to 20 folds, not 1"),
        "{}",
        stderr(&bad)
    );
    let bad = run(&tmp.path().join("bad2"), &["--l1-ratio", "1.5"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(stderr(&bad).contains("the L1 ratio must be above 0 and at most 1, not 1.5"));
}
