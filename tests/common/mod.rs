//! Helpers shared by the integration tests: the fixtures and the real `hearken` binary.

// Each test file uses some of these.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// `tests/fixtures/REL`.
pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

/// Runs the hearken binary in `dir` (so no stray `hearken.toml` is picked up), without colour.
pub fn hearken_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hearken"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("the hearken binary runs")
}

/// Runs the hearken binary in the repository's root folder.
pub fn hearken(args: &[&str]) -> Output {
    hearken_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

/// Exit code (-1 when killed), stdout and stderr of a finished command.
pub fn outcome(out: &Output) -> (i32, String, String) {
    (out.status.code().unwrap_or(-1), stdout(out), stderr(out))
}

/// What a command printed on stdout.
pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// What a command printed on stderr.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}
