//! The code stays easy to change: no source file over 800 lines and no function over 80 lines,
//! in `src/`, `tests/`, `benches/` and `fuzz/`. Functions are measured from their `fn` line to
//! the closing brace at the same indentation, as `cargo fmt` lays them out.

use std::fs;
use std::path::{Path, PathBuf};

const MAX_FILE_LINES: usize = 800;
const MAX_FN_LINES: usize = 80;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if !path.ends_with("target") && !path.ends_with("corpus") {
                rust_files(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// (first line, length, name) of every function with a body.
fn functions(text: &str) -> Vec<(usize, usize, String)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let code = line.trim_start();
        let indent = &line[..line.len() - code.len()];
        let Some(after) = code
            .split_once("fn ")
            .filter(|(before, _)| {
                before.split_whitespace().all(|w| {
                    matches!(w, "pub" | "const" | "unsafe" | "async")
                        || w.starts_with("pub(")
                        || w == "extern"
                        || w.starts_with('"')
                })
            })
            .map(|(_, after)| after)
        else {
            continue;
        };
        let name: String = after
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if name.is_empty() {
            continue;
        }
        // The signature ends at the first line ending in `{` (a body) or `;` (none).
        let Some(open) = (i..lines.len()).find(|&j| {
            let l = lines[j].trim_end();
            l.ends_with('{') || l.ends_with(';')
        }) else {
            continue;
        };
        if lines[open].trim_end().ends_with(';') || lines[open].trim_end().ends_with("{}") {
            continue;
        }
        let close = format!("{indent}}}");
        if let Some(end) = (open..lines.len()).find(|&j| lines[j] == close) {
            out.push((i + 1, end - i + 1, name));
        }
    }
    out
}

#[test]
fn no_file_or_function_is_too_long() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["src", "tests", "benches", "fuzz"] {
        rust_files(&root.join(dir), &mut files);
    }
    files.sort();
    assert!(files.len() > 100, "only {} files found", files.len());
    let mut problems = Vec::new();
    for path in &files {
        let text = fs::read_to_string(path).expect("a UTF-8 source file");
        let rel = path
            .strip_prefix(root)
            .unwrap_or(path)
            .display()
            .to_string();
        let n = text.lines().count();
        if n > MAX_FILE_LINES {
            problems.push(format!("{rel}: {n} lines"));
        }
        for (line, len, name) in functions(&text) {
            if len > MAX_FN_LINES {
                problems.push(format!("{rel}:{line}: fn {name} is {len} lines"));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "split these by responsibility (at most {MAX_FILE_LINES} lines a file, \
         {MAX_FN_LINES} a function):\n{}",
        problems.join("\n")
    );
}

#[test]
fn functions_are_measured_to_their_closing_brace() {
    let text = "fn a() {\n    let x = 1;\n}\n\npub(crate) fn b(\n    y: u8,\n) -> u8 {\n    y\n}\n\
                trait T {\n    fn c(&self);\n    fn d(&self) {}\n}\n";
    let found = functions(text);
    assert_eq!(
        found,
        vec![(1, 3, "a".to_string()), (5, 5, "b".to_string())]
    );
}
