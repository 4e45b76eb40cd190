//! `hearken lexicon check` run through the binary on clean and broken lexicon directories.

use std::path::PathBuf;
use std::process::Command;

fn check(dir: &str) -> (Option<i32>, String, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_hearken"))
        .args(["lexicon", "check", dir])
        .current_dir(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/coding"))
        .output()
        .expect("the hearken binary runs");
    (
        o.status.code(),
        String::from_utf8(o.stdout).unwrap(),
        String::from_utf8(o.stderr).unwrap(),
    )
}

#[test]
fn clean_directory_passes() {
    assert_eq!(
        check("lex"),
        (
            Some(0),
            "2 themes, 31 entries: 0 errors, 0 warnings\n".into(),
            String::new()
        )
    );
}

#[test]
fn syntax_error_names_file_line_and_column() {
    assert_eq!(
        check("bad-syntax"),
        (
            Some(1),
            "bad-syntax/T01.toml:7: error: TOML syntax error at column 3: missing comma between array elements, expected `,`\n\
             0 themes, 0 entries: 1 error, 0 warnings\n"
                .into(),
            String::new()
        )
    );
}

#[test]
fn unknown_keys_are_errors() {
    assert_eq!(
        check("bad-key"),
        (
            Some(1),
            "bad-key/T01.toml:1: warning: theme T01 has 2 entries with a positive weight; at least 15 are recommended\n\
             bad-key/T01.toml:6: error: unknown key `wieght` (expected one of `term`, `weight`, `negation`, `with`, `unless`, `within`, `unless_within`)\n\
             bad-key/T01.toml:8: error: unknown key `colour` (expected one of `id`, `name`, `description`, `priorities`, `threshold`, `terms`, `exclude`, `near`)\n\
             1 theme, 2 entries: 2 errors, 1 warning\n"
                .into(),
            String::new()
        )
    );
}

#[test]
fn wrong_types_are_errors() {
    assert_eq!(
        check("bad-type"),
        (
            Some(1),
            "bad-type/T01.toml:1: warning: theme T01 has 2 entries with a positive weight; at least 15 are recommended\n\
             bad-type/T01.toml:3: error: `priorities` must be an array of strings, not a string\n\
             bad-type/T01.toml:4: error: `threshold` must be a number, not a string\n\
             bad-type/T01.toml:7: error: `weight` must be a number, not a string\n\
             bad-type/T01.toml:8: error: `terms` must be a string or a table, not an integer\n\
             1 theme, 2 entries: 4 errors, 1 warning\n"
                .into(),
            String::new()
        )
    );
}

#[test]
fn missing_directory_is_an_error_not_a_panic() {
    let (code, out, err) = check("no-such-dir");
    assert_eq!(code, Some(1));
    assert!(
        out.starts_with("no-such-dir: error: failed to read no-such-dir: "),
        "{out}"
    );
    assert!(out.ends_with("0 themes, 0 entries: 1 error, 0 warnings\n"));
    assert_eq!(err, "");
}

#[test]
fn bad_aliases_are_errors_with_file_and_line() {
    assert_eq!(
        check("bad-alias"),
        (
            Some(1),
            "bad-alias/aliases.toml:4: error: alias `a wee bit` = `little`: each side must be one word (letters, digits and apostrophes; no spaces, `*` or `@`)\n\
             bad-alias/aliases.toml:5: error: alias `wi` is read as `with`, which is itself an alias (line 6): write the final word\n\
             1 theme, 16 entries: 2 errors, 0 warnings\n"
                .into(),
            String::new()
        )
    );
}
