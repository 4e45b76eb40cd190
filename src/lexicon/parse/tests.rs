//! Unit tests of `parse`.

use super::*;

const PRIOS: &str = "assign = \"all\"\n[[priority]]\nid = \"P1\"\nname = \"One\"\n";

fn errors(theme: &str) -> Vec<String> {
    let files = vec![
        (PathBuf::from("lex/priorities.toml"), PRIOS.to_string()),
        (PathBuf::from("lex/T01.toml"), theme.to_string()),
    ];
    parse_all(&files)
        .findings
        .iter()
        .map(|f| format!("{}:{}: {}", f.path.display(), f.line, f.message))
        .collect()
}

/// The lexicon of one theme file `lex/T01.toml`, beside [`PRIOS`].
fn parse_theme(theme: &str) -> Lexicon {
    let files = vec![
        (PathBuf::from("lex/priorities.toml"), PRIOS.to_string()),
        (PathBuf::from("lex/T01.toml"), theme.to_string()),
    ];
    parse_files(&files).unwrap()
}

#[test]
fn reads_a_theme() {
    let lex = parse_theme(
            "id = \"T01\"\nname = \"A\"\npriorities = [\"P1\"]\nthreshold = 2\nterms = [\n  \"carer\",\n  { term = \"help\", weight = 0.5, negation = \"only\" },\n]\nexclude = [\"care home\"]\n\n[[near]]\na = \"x\"\nb = \"y\"\nsentence = true\nunless = [\"x ray\", \"y axis\"]\n",
    );
    let t = &lex.themes[0];
    assert_eq!(t.threshold, 2.0);
    assert_eq!(
        t.entries[1],
        Entry {
            term: "help".into(),
            weight: 0.5,
            negation: Negation::Only,
            sense: Default::default(),
            line: 7
        }
    );
    assert_eq!(t.exclude[0].line, 9);
    assert_eq!(
        t.near[0],
        NearRule {
            a: "x".into(),
            b: "y".into(),
            within: None,
            sentence: true,
            weight: 1.0,
            unless: vec!["x ray".into(), "y axis".into()],
            line: 11
        }
    );
    assert_eq!(lex.frame.themes[0].priorities, vec!["P1".to_string()]);
}

#[test]
fn a_near_rule_may_ask_for_a_window_and_one_sentence() {
    let lex = parse_theme(
            "id = \"T01\"\nname = \"A\"\npriorities = [\"P1\"]\nterms = [\"x\"]\n[[near]]\na = \"x\"\nb = \"y\"\nwithin = 4\nsentence = true\n[[near]]\na = \"x\"\nb = \"z\"\nwithin = 2\nsentence = false\n",
    );
    let near = &lex.themes[0].near;
    assert_eq!((near[0].within, near[0].sentence), (Some(4), true));
    assert_eq!((near[1].within, near[1].sentence), (Some(2), false));
}

#[test]
fn reports_unknown_keys_and_wrong_types_with_lines() {
    assert_eq!(
        errors("id = \"T01\"\nname = \"A\"\nterms = [\n  { term = \"x\", wieght = 2.0 },\n]\nthreshold = \"high\"\n"),
        vec![
            "lex/T01.toml:4: unknown key `wieght` (expected one of `term`, `weight`, `negation`, `with`, `unless`, `within`, `unless_within`)",
            "lex/T01.toml:6: `threshold` must be a number, not a string",
        ]
    );
    assert_eq!(
        errors(
            "id = \"T01\"\nname = \"A\"\npriorities = [\"P9\"]\n[[near]]\na = \"x\"\nb = \"y\"\n"
        ),
        vec![
            "lex/T01.toml:3: unknown priority `P9` (priorities.toml defines P1)",
            "lex/T01.toml:4: [[near]] needs `within = N` or `sentence = true`",
        ]
    );
    assert_eq!(
        errors("name = \"A\"\n"),
        vec!["lex/T01.toml:1: missing key `id` in the theme file"]
    );
}

fn parse_with_sets(priorities: &str, sets: &str, theme: &str) -> Parsed {
    parse_all(&[
        (PathBuf::from("lex/priorities.toml"), priorities.to_string()),
        (PathBuf::from("lex/sets.toml"), sets.to_string()),
        (PathBuf::from("lex/T01.toml"), theme.to_string()),
    ])
}

#[test]
fn reads_sets_domain_and_sense_rules() {
    let p = parse_with_sets(
        &format!("count = \"once\"\n{PRIOS}[domain]\nset = \"@care\"\nunless = [\"take care\", \"@rail\"]\nquestion_words = [\"Comments\", \"else\"]\n"),
        "[care]\ndescription = \"Care words\"\nterms = [\"nurse*\", \"care home\"]\n\n[rail]\nterms = [\"station\"]\n",
        "id = \"T01\"\nname = \"A\"\nterms = [\n  { term = \"access\", weight = 0.5, with = \"@care\", within = 3 },\n  { term = \"train\", unless = [\"@rail\", \"line\"] },\n]\n",
    );
    assert!(p.findings.is_empty(), "{:?}", p.findings);
    let lex = p.lexicon;
    assert_eq!(lex.count, Count::Once);
    assert_eq!(
        lex.domain,
        Some(Domain {
            set: "care".into(),
            threshold: 2.0,
            min_words: 0,
            unless: vec!["take care".into(), "@rail".into()],
            question_words: vec!["comments".into(), "else".into()],
        })
    );
    assert_eq!(lex.set("care").map(|s| s.terms.len()), Some(2));
    assert_eq!(lex.set("rail").map(|s| s.line), Some(5));
    let e = &lex.themes[0].entries;
    assert_eq!(e[0].sense.with, vec!["@care"]);
    assert_eq!(e[0].sense.within, Some(3));
    assert_eq!(e[1].sense.unless, vec!["@rail", "line"]);
    assert_eq!(e[1].sense.within, None);
}

#[test]
fn reports_unknown_sets_and_bad_sense_rules_with_lines() {
    let msgs = |p: Parsed| -> Vec<String> {
        p.findings
            .iter()
            .map(|f| format!("{}:{}: {}", f.path.display(), f.line, f.message))
            .collect()
    };
    let p = parse_with_sets(
        &format!("{PRIOS}[domain]\nset = \"health\"\nunless = [\"take care\", \"@gone staff\"]\n"),
        "[care]\nterms = [\"nurse\", \"@other\"]\n[\"bad name\"]\nterms = []\n[a]\nterms = [\"@b\"]\n[b]\nterms = [\"x\", \"@a\", \"@care\"]\n",
        "id = \"T01\"\nname = \"A\"\nterms = [\n  { term = \"@staff\" },\n  { term = \"x\", within = 2 },\n  { term = \"y\", with = \"@care\", within = 0 },\n]\n[[near]]\na = \"@care\"\nb = \"@nope\"\nsentence = true\nunless = \"@gone now\"\n",
    );
    assert_eq!(
        msgs(p),
        vec![
            "lex/T01.toml:4: `@staff` names unknown set `staff` (sets.toml defines a, b, care)",
            "lex/T01.toml:5: `within` sets the window of `with` or `unless`; this entry has neither",
            "lex/T01.toml:6: `within` must be a whole number of words from 1 to 50",
            "lex/T01.toml:8: `@gone now` names unknown set `gone` (sets.toml defines a, b, care)",
            "lex/T01.toml:8: `@nope` names unknown set `nope` (sets.toml defines a, b, care)",
            "lex/priorities.toml:6: [domain] names unknown set `health` (sets.toml defines a, b, care)",
            "lex/priorities.toml:7: [domain] `unless` term `@gone staff` names unknown set `gone`",
            "lex/sets.toml:1: set `care`: `@other` names unknown set `other`",
            "lex/sets.toml:3: set name `bad name` may only use ASCII letters, digits, `-` and `_`",
            "lex/sets.toml:5: set `a` includes itself (through `@` names)",
            "lex/sets.toml:7: set `b` includes itself (through `@` names)",
        ]
    );
}

#[test]
fn reports_syntax_errors_with_line_and_column() {
    assert_eq!(
        errors("id = \"T01\"\nname = \"A\nterms = []\n"),
        vec!["lex/T01.toml:2: TOML syntax error at column 10: invalid basic string, expected `\"`"]
    );
}

/// The findings of `aliases.toml` given as `aliases`, beside [`PRIOS`] and one theme.
fn alias_findings(aliases: &str) -> (Lexicon, Vec<String>) {
    let files = vec![
        (PathBuf::from("lex/aliases.toml"), aliases.to_string()),
        (PathBuf::from("lex/priorities.toml"), PRIOS.to_string()),
        (
            PathBuf::from("lex/T01.toml"),
            "id = \"T01\"\nname = \"A\"\npriorities = [\"P1\"]\nterms = [\"carer\"]\n".into(),
        ),
    ];
    let parsed = parse_all(&files);
    let messages = parsed
        .findings
        .iter()
        .map(|f| format!("{}:{}: {}", f.path.display(), f.line, f.message))
        .collect();
    (parsed.lexicon, messages)
}

#[test]
fn reads_aliases_folded_and_sorted() {
    let (lex, findings) =
        alias_findings("# Scots\n[aliases]\nTae = \"to\"\n\"cannae\" = \"Can’t\"\n");
    assert_eq!(findings, Vec::<String>::new());
    assert_eq!(
        lex.aliases,
        vec![
            Alias {
                from: "cannae".into(),
                to: "can't".into(),
                line: 4
            },
            Alias {
                from: "tae".into(),
                to: "to".into(),
                line: 3
            },
        ]
    );
}

#[test]
fn bad_aliases_are_errors_with_their_lines() {
    let (lex, findings) = alias_findings(
        "[aliases]\n\"a lot\" = \"alot\"\nwi = \"with\"\nwith = \"wi\"\nsame = \"Same\"\nglob = \"x*\"\nnum = 3\n[other]\n",
    );
    assert_eq!(
        findings,
        vec![
            "lex/aliases.toml:2: alias `a lot` = `alot`: each side must be one word (letters, digits and apostrophes; no spaces, `*` or `@`)",
            "lex/aliases.toml:3: alias `wi` is read as `with`, which is itself an alias (line 4): write the final word",
            "lex/aliases.toml:4: alias `with` is read as `wi`, which is itself an alias (line 3): write the final word",
            "lex/aliases.toml:5: alias `same` is read as itself",
            "lex/aliases.toml:6: alias `glob` = `x*`: each side must be one word (letters, digits and apostrophes; no spaces, `*` or `@`)",
            "lex/aliases.toml:7: `num` must be a string, not an integer",
            "lex/aliases.toml:8: unknown key `other` (expected one of `aliases`)",
        ]
    );
    // What could be read is kept; the errors stop `parse_files`.
    assert_eq!(lex.aliases.len(), 2);
}
