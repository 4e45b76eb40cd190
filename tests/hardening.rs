//! Careless and hostile use of the real binary: the output folder (never overwrite or delete a
//! file hearken did not write, never follow symbolic links, refuse an --out holding an input or
//! naming a file, swap in whole, check the index against the run manifest), inputs given twice,
//! formula cells in every CSV, search limits, and control characters kept off the terminal.

use std::fs;
use std::path::{Path, PathBuf};

mod common;

use common::fixture;

fn hearken(args: &[&str]) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    common::outcome(&common::hearken_in(dir.path(), args))
}

fn run(inputs: &[&Path], out: &Path) -> (i32, String) {
    let mut args: Vec<&str> = vec!["run", "--quiet"];
    args.extend(inputs.iter().map(|p| p.to_str().unwrap()));
    args.extend(["--out", out.to_str().unwrap()]);
    let (code, _, err) = hearken(&args);
    (code, err)
}

fn survey() -> PathBuf {
    fixture("run/survey.csv")
}

/// Entries beside `out` (hidden work folders of runs in progress or killed).
fn siblings(out: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(out.parent().unwrap())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    names.sort();
    names
}

#[test]
fn users_files_are_never_overwritten_or_deleted() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    fs::create_dir(&out).unwrap();
    fs::write(out.join("report.md"), "my own notes").unwrap();
    let (code, err) = run(&[&survey()], &out);
    assert_eq!(code, 1);
    assert!(
        err.contains(
            "report.md: this file was not written by hearken, and hearken will not overwrite it"
        ),
        "{err}"
    );
    assert_eq!(
        fs::read_to_string(out.join("report.md")).unwrap(),
        "my own notes"
    );

    // Another file of the user's survives a run and a rerun; the outputs are replaced.
    fs::remove_file(out.join("report.md")).unwrap();
    fs::write(out.join("notes.txt"), "keep me").unwrap();
    assert_eq!(run(&[&survey()], &out).0, 0);
    assert_eq!(run(&[&survey()], &out).0, 0);
    assert_eq!(
        fs::read_to_string(out.join("notes.txt")).unwrap(),
        "keep me"
    );
    assert!(out.join("report.md").is_file());
    let manifest: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["outputs"][0], "campaigns.csv");
    assert!(siblings(&out).is_empty(), "{:?}", siblings(&out));
}

#[test]
fn out_holding_an_input_or_naming_a_file_or_link_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    fs::create_dir(&out).unwrap();
    let input = out.join("coded.csv");
    fs::copy(survey(), &input).unwrap();
    let (code, err) = run(&[&input], &out);
    assert_eq!(code, 1);
    assert!(err.contains("holds the input"), "{err}");
    assert_eq!(
        fs::read(&input).unwrap(),
        fs::read(survey()).unwrap(),
        "the input is untouched"
    );

    let file = tmp.path().join("a-file");
    fs::write(&file, "x").unwrap();
    let (code, err) = run(&[&survey()], &file);
    assert_eq!(code, 1);
    assert!(
        err.contains("is a file, not a folder; give a folder (it is created if missing)"),
        "{err}"
    );
    assert!(!err.contains("os error 17"), "{err}");

    #[cfg(unix)]
    {
        let link = tmp.path().join("link");
        std::os::unix::fs::symlink(tmp.path().join("elsewhere"), &link).unwrap();
        let (code, err) = run(&[&survey()], &link);
        assert_eq!(code, 1);
        assert!(err.contains("is a symbolic link"), "{err}");
    }
}

#[cfg(unix)]
#[test]
fn symbolic_links_planted_in_out_are_never_written_through() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    assert_eq!(run(&[&survey()], &out).0, 0);
    let victim = tmp.path().join("victim.txt");
    fs::write(&victim, "do not touch").unwrap();
    for name in ["report.html.partial", "coded.partial", "manifest.partial"] {
        std::os::unix::fs::symlink(&victim, out.join(name)).unwrap();
    }
    assert_eq!(run(&[&survey()], &out).0, 0);
    assert_eq!(fs::read_to_string(&victim).unwrap(), "do not touch");
    // The links are the user's files: kept as they were.
    assert!(fs::symlink_metadata(out.join("coded.partial"))
        .unwrap()
        .file_type()
        .is_symlink());
}

#[test]
fn a_failed_run_leaves_the_previous_run_and_no_partial_files() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    assert_eq!(run(&[&survey()], &out).0, 0);
    let before = fs::read(out.join("summary.json")).unwrap();
    // The second input has other columns: the run fails part-way, after reading the first.
    let other = tmp.path().join("other.csv");
    fs::write(
        &other,
        "Response ID,Comments\nX1,More evening buses to the day centre please\n",
    )
    .unwrap();
    let (code, err) = run(&[&survey(), &other], &out);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("its columns differ"), "{err}");
    assert_eq!(fs::read(out.join("summary.json")).unwrap(), before);
    let partial: Vec<_> = fs::read_dir(&out)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("partial"))
        .collect();
    assert!(partial.is_empty(), "{partial:?}");
    assert!(siblings(&out).is_empty(), "{:?}", siblings(&out));
}

#[test]
fn search_refuses_an_index_from_another_run() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    assert_eq!(run(&[&survey()], &a).0, 0);
    let other = tmp.path().join("other.csv");
    let mut text = fs::read_to_string(survey()).unwrap();
    text.push_str("R999,Hamilton,Individual,Do not publish response,More evening buses to the day centre please,\n");
    fs::write(&other, text).unwrap();
    assert_eq!(run(&[&other], &b).0, 0);
    // The index of run b beside the manifest of run a, as a run killed mid-swap used to leave.
    fs::remove_dir_all(a.join("index")).unwrap();
    fs::rename(b.join("index"), a.join("index")).unwrap();
    let (code, _, err) = hearken(&[
        "search",
        "--index",
        a.join("index").to_str().unwrap(),
        "bus",
    ]);
    assert_eq!(code, 1);
    assert!(
        err.contains("does not belong to") && err.contains("they come from different runs"),
        "{err}"
    );
}

#[test]
fn the_same_export_twice_or_ids_repeated_across_inputs_are_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let (code, err) = run(&[&survey(), &survey()], &out);
    assert_eq!(code, 1);
    assert!(
        err.contains("the same content as") && err.contains("each export may be given once"),
        "{err}"
    );
    // A second wave that reuses an id.
    let wave2 = tmp.path().join("wave2.csv");
    let text = fs::read_to_string(survey())
        .unwrap()
        .replace("\nR0", "\nW0")
        .replace("\nW002,", "\nR002,");
    fs::write(&wave2, text).unwrap();
    let (code, err) = run(&[&survey(), &wave2], &out);
    assert_eq!(code, 1);
    assert!(
        err.contains("wave2.csv: line 3: respondent id \"R002\" was already read from")
            && err.contains("survey.csv (line 3); ids must be unique across the inputs"),
        "{err}"
    );
    assert!(!out.exists());
}

#[test]
fn every_csv_escapes_formula_cells() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let input = fixture("malformed/formula_cells.csv");
    let (code, err) = run(&[&input], &out);
    assert_eq!(code, 0, "{err}");
    let coded = fs::read_to_string(out.join("coded.csv")).unwrap();
    let searched = hearken(&[
        "search",
        "--index",
        out.join("index").to_str().unwrap(),
        "--format",
        "csv",
        "--limit",
        "50",
    ])
    .1;
    for (name, text) in [("coded.csv", &coded), ("search", &searched)] {
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes());
        let mut cells = 0;
        for record in rdr.records() {
            for cell in record.unwrap().iter() {
                cells += 1;
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{name}: {cell:?} could run as a formula"
                );
            }
        }
        assert!(cells > 10, "{name}: {text}");
    }
    for escaped in ["'=1+1,Q1,", "'+R2,Q1,", "'@R3,Q1,"] {
        assert!(coded.contains(escaped), "{coded}");
    }
    assert!(searched.contains("\"'=HYPERLINK("), "{searched}");
}

#[test]
fn search_limits_give_clear_usage_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    assert_eq!(run(&[&survey()], &out).0, 0);
    let index = out.join("index");
    let index = index.to_str().unwrap();
    for (args, want) in [
        (
            vec!["--limit", "18446744073709551615", "carer"],
            "18446744073709551615 is not in 0..=10000",
        ),
        (
            vec!["--offset", "9223372036854775807", "carer"],
            "9223372036854775807 is not in 0..=1000000",
        ),
    ] {
        let mut all = vec!["search", "--index", index];
        all.extend(args);
        let (code, _, err) = hearken(&all);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains(want), "{err}");
    }
    let (code, out_text, _) =
        hearken(&["search", "--index", index, "--offset", "1000000", "carer"]);
    assert_eq!(code, 0);
    assert!(
        out_text.ends_with("answers match\n") || out_text.contains("answers match"),
        "{out_text}"
    );
    let open = "(".repeat(3000);
    let nested = format!("{}carer{}", "(".repeat(10_000), ")".repeat(10_000));
    let deep = format!("{}carer{}", "(".repeat(25), ")".repeat(25));
    for (q, want) in [
        (open.as_str(), "the query is 3000 bytes; the limit is 2000"),
        (
            nested.as_str(),
            "the query is 20005 bytes; the limit is 2000",
        ),
        (deep.as_str(), "parentheses nested 25 deep; the limit is 20"),
    ] {
        let (code, _, err) = hearken(&["search", "--index", index, q]);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains(want), "{err}");
    }
}

#[test]
fn control_characters_never_reach_the_terminal() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let input = tmp.path().join("controls.csv");
    // A header and an id with escape sequences (rows with them in answers are rejected).
    fs::write(
        &input,
        "Response ID,Comments \u{1b}]0;title\u{7}\nR1,More evening buses to the day centre please\nR2\u{1b}[2J,Respite for unpaid carers would make a difference\nR3,Keep the local clinic open as it is the only one\n",
    )
    .unwrap();
    let (code, text, _) = hearken(&["inspect", input.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{7}'),
        "{text:?}"
    );
    assert!(text.contains("control-characters"), "{text}");
    assert_eq!(run(&[&input], &out).0, 0);
    for format in ["text", "csv", "json"] {
        let (code, text, _) = hearken(&[
            "search",
            "--index",
            out.join("index").to_str().unwrap(),
            "--format",
            format,
        ]);
        assert_eq!(code, 0);
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{format}: {text:?}"
        );
    }
}
