//! Replays the seed corpus of every fuzz target (`fuzz/corpus/<target>/`) through the same
//! entry function the target calls (`hearken::fuzzing`), so a normal `cargo test` covers what the
//! fuzzers found without a nightly toolchain. Each file must come back without a panic.

use std::path::Path;

fn replay(target: &str, run: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("corpus entry").path())
        .collect();
    files.sort();
    assert!(
        files.len() >= 4,
        "{target}: the corpus has {} files",
        files.len()
    );
    for path in files {
        let bytes = std::fs::read(&path).expect("corpus file");
        let outcome = std::panic::catch_unwind(|| run(&bytes));
        assert!(outcome.is_ok(), "{} panicked", path.display());
    }
}

#[test]
fn csv_corpus() {
    replay("csv", hearken::fuzzing::csv);
}

#[test]
fn xlsx_corpus() {
    replay("xlsx", hearken::fuzzing::xlsx);
}

#[test]
fn lexicon_corpus() {
    replay("lexicon", hearken::fuzzing::lexicon);
}

#[test]
fn query_corpus() {
    replay("query", hearken::fuzzing::query);
}

#[test]
fn review_corpus() {
    replay("review", hearken::fuzzing::review);
}

#[test]
fn serve_request_corpus() {
    replay("serve_request", hearken::fuzzing::serve_request);
}
