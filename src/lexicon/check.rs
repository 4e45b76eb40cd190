//! `hearken lexicon check`: finds mistakes in a lexicon directory before it is used.

use super::parse::{parse_all, read_dir_files, Parsed, SETS_FILE};
use super::{set_refs, Entry, Lexicon, LexiconError, ThemeLexicon};
use crate::text::{is_most_common, parse_term, Normalizer, ParsedTerm, TermWord};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

/// Themes with fewer entries of positive weight than this get a warning.
pub const MIN_ENTRIES: usize = 15;

/// How serious a finding is: errors stop the lexicon from loading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The lexicon cannot be loaded.
    Error,
    /// The lexicon loads but probably does not do what was meant.
    Warning,
}

impl Severity {
    /// `error` or `warning`.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One problem found in a lexicon file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Finding {
    /// The file.
    pub path: PathBuf,
    /// 1-based line (0 when it concerns the whole file).
    pub line: usize,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in words.
    pub message: String,
}

impl Finding {
    pub(crate) fn error(path: PathBuf, line: usize, message: impl Into<String>) -> Self {
        Finding {
            path,
            line,
            severity: Severity::Error,
            message: message.into(),
        }
    }

    fn warning(path: &Path, line: usize, message: impl Into<String>) -> Self {
        Finding {
            path: path.to_path_buf(),
            line,
            severity: Severity::Warning,
            message: message.into(),
        }
    }

    /// `path: line N: message` (or `path: message` for line 0), as load errors show it.
    pub(crate) fn location(path: &Path, line: usize, message: &str) -> String {
        if line == 0 {
            format!("{}: {message}", path.display())
        } else {
            format!("{}: line {line}: {message}", path.display())
        }
    }
}

impl fmt::Display for Finding {
    /// `path:line: error: message`, the form compilers and editors understand.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(
                f,
                "{}: {}: {}",
                self.path.display(),
                self.severity.name(),
                self.message
            )
        } else {
            write!(
                f,
                "{}:{}: {}: {}",
                self.path.display(),
                self.line,
                self.severity.name(),
                self.message
            )
        }
    }
}

/// The result of checking a directory: findings plus what was read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CheckReport {
    /// Every finding, sorted by file and line.
    pub findings: Vec<Finding>,
    /// Themes that could be read.
    pub themes: usize,
    /// Entries (`terms`) over those themes.
    pub entries: usize,
}

impl CheckReport {
    /// Number of findings of a severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}

/// Lints a lexicon directory: syntax and format errors with file and line, unknown priorities,
/// duplicate themes, and entries that are duplicated, shadowed, unmatchable or too common.
pub fn check_dir(dir: &Path) -> Vec<Finding> {
    check(dir).findings
}

/// [`check_dir`] with the number of themes and entries read.
pub fn check(dir: &Path) -> CheckReport {
    let files = match read_dir_files(dir) {
        Ok(f) => f,
        Err(e) => {
            let finding = match e {
                LexiconError::Invalid {
                    path,
                    line,
                    message,
                } => Finding::error(path, line, message),
                other => Finding::error(dir.to_path_buf(), 0, other.to_string()),
            };
            return CheckReport {
                findings: vec![finding],
                ..CheckReport::default()
            };
        }
    };
    let Parsed {
        lexicon,
        meta,
        mut findings,
    } = parse_all(&files);
    // Terms are compared as the coder reads them: through the aliases.
    let normalizer = Normalizer::with_aliases(lexicon.alias_map());
    let mut memo = BTreeMap::new();
    for (theme, meta) in lexicon.themes.iter().zip(&meta) {
        let mut entries: Vec<Vec<ParsedTerm>> = Vec::with_capacity(theme.entries.len());
        for e in &theme.entries {
            let terms = match lexicon.expand(&e.term, &mut memo) {
                Ok(terms) => terms,
                Err(err) => {
                    findings.push(Finding::error(theme.path.clone(), e.line, err.to_string()));
                    Vec::new()
                }
            };
            entries.push(terms.iter().map(|t| parse_term(t, &normalizer)).collect());
        }
        // Cues and proximity terms are expanded by the coder too: their limit is an error here.
        let written = theme.entries.iter().flat_map(|e| {
            e.sense
                .with
                .iter()
                .chain(&e.sense.unless)
                .map(move |c| (c.as_str(), e.line))
        });
        let near = theme
            .near
            .iter()
            .flat_map(|r| [(r.a.as_str(), r.line), (r.b.as_str(), r.line)]);
        for (term, line) in written.chain(near) {
            if let Err(err) = lexicon.expand(term, &mut memo) {
                findings.push(Finding::error(theme.path.clone(), line, err.to_string()));
            }
        }
        lint_theme(theme, &entries, meta.id_line, &normalizer, &mut findings);
    }
    lint_sets(&lexicon, dir, &normalizer, &mut findings);
    lint_alias_globs(&lexicon, dir, &mut findings);
    findings.sort();
    CheckReport {
        findings,
        themes: lexicon.themes.len(),
        entries: lexicon.themes.iter().map(|t| t.entries.len()).sum(),
    }
}

/// Problems of the plain terms of every set (see [`lint_term`]).
fn lint_sets(lexicon: &Lexicon, dir: &Path, normalizer: &Normalizer, out: &mut Vec<Finding>) {
    let sets_path = dir.join(SETS_FILE);
    let standalone = standalone_sets(lexicon);
    for set in &lexicon.sets {
        let alone = standalone.contains(set.name.as_str());
        for term in set.terms.iter().filter(|t| set_refs(t).next().is_none()) {
            let p = parse_term(term, normalizer);
            let what = format!("set `{}`: term", set.name);
            lint_term(&what, term, &p, alone, (&sets_path, set.line), out);
        }
    }
}

/// The sets some entry has as its whole term (`@name`), directly or through sets with such a
/// term. Only their terms code an answer on their own; a set used inside a longer term or a
/// rule may hold common words ("they were all" before a word of praise).
fn standalone_sets(lex: &Lexicon) -> BTreeSet<&str> {
    fn whole(term: &str) -> Option<&str> {
        let mut refs = term.split_whitespace();
        match (refs.next(), refs.next()) {
            (Some(one), None) => one.strip_prefix('@'),
            _ => None,
        }
    }
    let entries = lex.themes.iter().flat_map(|t| &t.entries);
    let mut out: BTreeSet<&str> = entries.filter_map(|e| whole(&e.term)).collect();
    let mut todo: Vec<&str> = out.iter().copied().collect();
    while let Some(name) = todo.pop() {
        let terms = lex
            .sets
            .iter()
            .filter(|s| s.name == name)
            .flat_map(|s| &s.terms);
        for inner in terms.filter_map(|t| whole(t)) {
            if out.insert(inner) {
                todo.push(inner);
            }
        }
    }
    out
}

/// Every term a theme or set writes, with its file and line (see
/// [`ThemeLexicon::written_terms`]), and the terms of the sets.
fn written_terms<'a>(lex: &'a Lexicon, dir: &Path) -> Vec<(&'a str, PathBuf, usize)> {
    let mut out = Vec::new();
    for t in &lex.themes {
        let written = t.written_terms().into_iter();
        out.extend(written.map(|(term, line)| (term, t.path.clone(), line)));
    }
    let sets_path = dir.join(SETS_FILE);
    for set in &lex.sets {
        for term in &set.terms {
            out.push((term.as_str(), sets_path.clone(), set.line));
        }
    }
    out
}

/// Warns of a glob that an alias hides a word from: the coder reads the written form as the
/// standard one before comparing globs, so with `"greetin" = "crying"` the glob `greetin*` never
/// sees "greetin".
fn lint_alias_globs(lex: &Lexicon, dir: &Path, out: &mut Vec<Finding>) {
    if lex.aliases.is_empty() {
        return;
    }
    let n = Normalizer::new();
    let mut seen = std::collections::BTreeSet::new();
    for (term, path, line) in written_terms(lex, dir) {
        for w in parse_term(term, &n).words {
            let TermWord::Prefix(p) = w else { continue };
            for a in &lex.aliases {
                // A glob of the word itself or of its stem ("appt*" for "appts"), not a short
                // prefix that meets the word by chance ("we*" and "wean").
                let own = a.from.len() <= p.len() + 1;
                if own
                    && a.from.starts_with(&p)
                    && !a.to.starts_with(&p)
                    && seen.insert((term, &a.from))
                {
                    out.push(Finding::warning(
                        &path,
                        line,
                        format!(
                            "`{term}`: the glob `{p}*` never sees `{}`, which aliases.toml reads as `{}`",
                            a.from, a.to
                        ),
                    ));
                }
            }
        }
    }
}

/// A normalised term as a comparable signature: stems, `prefix*` and `*`.
fn signature(p: &ParsedTerm) -> Vec<String> {
    p.words
        .iter()
        .map(|w| match w {
            TermWord::Word { stem, .. } => stem.clone(),
            TermWord::Prefix(p) => format!("{p}*"),
            TermWord::Any => "*".to_string(),
        })
        .collect()
}

/// Whether one term word of an entry matches one word of another term.
fn word_covers(entry: &TermWord, other: &TermWord) -> bool {
    match (entry, other) {
        (TermWord::Any, _) => true,
        (TermWord::Word { stem: a, .. }, TermWord::Word { stem: b, .. }) => a == b,
        (TermWord::Prefix(p), TermWord::Word { folded, .. }) => folded.starts_with(p.as_str()),
        (TermWord::Prefix(p), TermWord::Prefix(q)) => q.starts_with(p.as_str()),
        _ => false,
    }
}

/// Whether a glob `prefix*` and a stemmed word can match the same answer word: the word itself
/// starts with the prefix ("doctor" and `doctor*`), or the prefix is a word of the same stem
/// ("train" and `training*`, "consultation" and `consultant*`, "care" and `caring*`).
fn prefix_meets_word(prefix: &str, folded: &str, stem: &str, n: &Normalizer) -> bool {
    folded.starts_with(prefix) || stem.starts_with(prefix) || n.stem(prefix) == stem
}

/// Whether an entry word and an exclusion word can match the same answer word. Unlike
/// [`word_covers`] it is symmetric: an exclusion written with a glob (`drug*`) still contains the
/// stemmed entry `drug`, and a lone `*` in either can be any word.
fn words_meet(entry: &TermWord, exclusion: &TermWord, n: &Normalizer) -> bool {
    match (entry, exclusion) {
        (TermWord::Any, _) | (_, TermWord::Any) => true,
        (TermWord::Word { stem: a, .. }, TermWord::Word { stem: b, .. }) => a == b,
        (TermWord::Prefix(p), TermWord::Word { folded, stem })
        | (TermWord::Word { folded, stem }, TermWord::Prefix(p)) => {
            prefix_meets_word(p, folded, stem, n)
        }
        (TermWord::Prefix(p), TermWord::Prefix(q)) => {
            p.starts_with(q.as_str()) || q.starts_with(p.as_str())
        }
    }
}

/// Whether `entry` can match a run of consecutive words inside a match of the exclusion `other`.
fn matches_inside(entry: &ParsedTerm, other: &ParsedTerm, n: &Normalizer) -> bool {
    let (e, o) = (&entry.words, &other.words);
    !e.is_empty()
        && e.len() <= o.len()
        && (0..=o.len() - e.len()).any(|i| e.iter().zip(&o[i..]).all(|(a, b)| words_meet(a, b, n)))
}

/// Problems an entry has on its own (shared by terms, exclusions, near rules and sets).
/// `alone` says whether the term can match by itself: only then is a term of common words
/// reported.
fn lint_term(
    what: &str,
    term: &str,
    parsed: &ParsedTerm,
    alone: bool,
    (path, line): (&Path, usize),
    out: &mut Vec<Finding>,
) {
    if parsed.words.is_empty() {
        out.push(Finding::warning(
            path,
            line,
            format!("{what} `{term}` has no words after normalisation; it can never match"),
        ));
        return;
    }
    if parsed.dropped_punctuation {
        let words: Vec<String> = signature(parsed);
        out.push(Finding::warning(
            path,
            line,
            format!(
                "{what} `{term}`: punctuation is ignored in matching, so it matches the words `{}`",
                words.join(" ")
            ),
        ));
    }
    let only_stop = parsed.words.iter().all(|w| match w {
        TermWord::Word { folded, .. } => is_most_common(folded),
        TermWord::Any => true,
        TermWord::Prefix(_) => false,
    });
    if only_stop && alone {
        out.push(Finding::warning(
            path,
            line,
            format!("{what} `{term}` is only common words; it matches almost every answer"),
        ));
    }
    if matches!(parsed.words.first(), Some(TermWord::Any)) && parsed.words.len() > 1 {
        out.push(Finding::warning(
            path,
            line,
            format!(
                "{what} `{term}` starts with `*`, so it is tried at every word of every answer (slow); start it with its first real word"
            ),
        ));
    }
    for w in &parsed.words {
        if let TermWord::Prefix(p) = w {
            if p.chars().count() < 3 {
                out.push(Finding::warning(
                    path,
                    line,
                    format!(
                        "{what} `{term}`: the glob `{p}*` is too short and matches too many words"
                    ),
                ));
            }
        }
    }
}

/// Lints one theme; `expanded` holds each entry's plain terms (one, or one per term of its sets).
fn lint_theme(
    theme: &ThemeLexicon,
    expanded: &[Vec<ParsedTerm>],
    id_line: usize,
    n: &Normalizer,
    out: &mut Vec<Finding>,
) {
    let path = theme.path.as_path();
    let plain = |term: &str| set_refs(term).next().is_none();
    // Entries with sets are compared as written: their set terms are linted in sets.toml.
    let parsed: Vec<ParsedTerm> = theme
        .entries
        .iter()
        .map(|e| {
            if plain(&e.term) {
                parse_term(&e.term, n)
            } else {
                ParsedTerm {
                    words: vec![TermWord::Prefix(format!("@{}", crate::text::fold(&e.term)))],
                    dropped_punctuation: false,
                }
            }
        })
        .collect();
    lint_entries(theme, &parsed, out);
    for ex in theme.exclude.iter().filter(|x| plain(&x.term)) {
        let p = parse_term(&ex.term, n);
        lint_term("exclusion", &ex.term, &p, true, (path, ex.line), out);
        let contains = |e: &ParsedTerm| matches_inside(e, &p, n);
        if !p.words.is_empty() && !expanded.iter().flatten().any(contains) {
            out.push(Finding::warning(
                path,
                ex.line,
                format!(
                    "exclusion `{}` contains no entry of theme {}; it has no effect",
                    ex.term, theme.id
                ),
            ));
        }
    }
    for rule in &theme.near {
        for term in [&rule.a, &rule.b].into_iter().filter(|t| plain(t)) {
            let p = parse_term(term, n);
            lint_term("near term", term, &p, true, (path, rule.line), out);
        }
    }
    let positive = theme.entries.iter().filter(|e| e.weight > 0.0).count();
    if positive < MIN_ENTRIES {
        out.push(Finding::warning(
            path,
            id_line,
            format!(
                "theme {} has {positive} entries with a positive weight; at least {MIN_ENTRIES} are recommended",
                theme.id
            ),
        ));
    }
}

/// Entries that never count, repeat an earlier one, or are shadowed by a glob of the theme.
fn lint_entries(theme: &ThemeLexicon, parsed: &[ParsedTerm], out: &mut Vec<Finding>) {
    let path = theme.path.as_path();
    let plain = |term: &str| set_refs(term).next().is_none();
    let mut by_signature: BTreeMap<Vec<String>, &Entry> = BTreeMap::new();
    for (i, (entry, p)) in theme.entries.iter().zip(parsed).enumerate() {
        if plain(&entry.term) {
            lint_term("entry", &entry.term, p, true, (path, entry.line), out);
        }
        if entry.weight == 0.0 {
            out.push(Finding::warning(
                path,
                entry.line,
                format!("entry `{}` has weight 0; it never counts", entry.term),
            ));
        }
        if p.words.is_empty() {
            continue;
        }
        if let Some(first) = by_signature.get(&signature(p)) {
            let msg = if crate::text::fold(&first.term) == crate::text::fold(&entry.term) {
                format!(
                    "duplicate entry `{}` (first on line {})",
                    entry.term, first.line
                )
            } else {
                let unless = if first.sense.is_empty() {
                    ""
                } else {
                    " (unless its sense rule turns the words down)"
                };
                format!(
                    "entry `{}` matches exactly what `{}` (line {}) matches; only the first counts{unless}",
                    entry.term, first.term, first.line
                )
            };
            out.push(Finding::warning(path, entry.line, msg));
            continue;
        }
        by_signature.insert(signature(p), entry);
        // A one-word entry also matched by an earlier (or later) glob of the same theme.
        for (j, (other, q)) in theme.entries.iter().zip(parsed).enumerate() {
            if i == j || p.words.len() != 1 || q.words.len() != 1 || !plain(&other.term) {
                continue;
            }
            if let (TermWord::Prefix(_), TermWord::Word { .. }) = (&q.words[0], &p.words[0]) {
                if word_covers(&q.words[0], &p.words[0]) {
                    out.push(Finding::warning(
                        path,
                        entry.line,
                        format!(
                            "entry `{}` is shadowed by the glob `{}` (line {}): where both match, only the first listed counts",
                            entry.term, other.term, other.line
                        ),
                    ));
                    break;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lint(body: &str) -> Vec<String> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("priorities.toml"),
            "[[priority]]\nid = \"P1\"\nname = \"One\"\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("T01.toml"),
            format!("id = \"T01\"\nname = \"A\"\n{body}"),
        )
        .unwrap();
        check(dir.path())
            .findings
            .iter()
            .map(|f| format!("{}: {}", f.line, f.message))
            .collect()
    }

    #[test]
    fn finds_duplicates_shadowing_and_unmatchable_entries() {
        let terms: Vec<String> = (0..15).map(|i| format!("\"word{i}\"")).collect();
        let body = format!(
            "terms = [\n{},\n\"carer\",\n\"Carer\",\n\"carers\",\n\"carer*\",\n\"caring\",\n\"?!\",\n\"A&E\",\n\"the\",\n\"a*\",\n]\nexclude = [\"nursing home\", \"carer's allowance\"]\n",
            terms.join(", ")
        );
        assert_eq!(
            lint(&body),
            vec![
                "5: entry `carer` is shadowed by the glob `carer*` (line 8): where both match, only the first listed counts",
                "6: duplicate entry `Carer` (first on line 5)",
                "7: entry `carers` matches exactly what `carer` (line 5) matches; only the first counts",
                "10: entry `?!` has no words after normalisation; it can never match",
                "11: entry `A&E`: punctuation is ignored in matching, so it matches the words `a e`",
                "12: entry `the` is only common words; it matches almost every answer",
                "13: entry `a*`: the glob `a*` is too short and matches too many words",
                "15: exclusion `nursing home` contains no entry of theme T01; it has no effect",
            ]
        );
    }

    #[test]
    fn exclusions_written_with_globs_or_other_forms_still_contain_entries() {
        let terms: Vec<String> = (0..15).map(|i| format!("\"word{i}\"")).collect();
        let body = format!(
            "terms = [\n{},\n\"drug\",\n\"train\",\n\"consultation\",\n\"carer*\",\n]\nexclude = [\n\"prescription drug*\",\n\"training*\",\n\"consultant*\",\n\"time for *\",\n\"care home\",\n\"caravan*\",\n]\n",
            terms.join(", ")
        );
        // `drug*` meets "drugs", `training*` meets "training" (stem "train"), `consultant*` meets
        // "consultant" (stem "consult"), `*` meets any word; but no word matches both "care"
        // (stem "care") and `carer*`, nor starts with both "caravan" and "carer".
        assert_eq!(
            lint(&body),
            vec![
                "15: exclusion `care home` contains no entry of theme T01; it has no effect",
                "16: exclusion `caravan*` contains no entry of theme T01; it has no effect",
            ]
        );
    }

    #[test]
    fn terms_that_stand_for_too_many_others_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let words: Vec<String> = (0..200).map(|i| format!("\"w{i}\"")).collect();
        std::fs::write(
            dir.path().join("priorities.toml"),
            "[[priority]]\nid = \"P1\"\nname = \"One\"\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("sets.toml"),
            format!("[many]\nterms = [{}]\n", words.join(", ")),
        )
        .unwrap();
        std::fs::write(
            dir.path().join("T01.toml"),
            "id = \"T01\"\nname = \"A\"\nterms = [\"@many @many\", \"@many\"]\n",
        )
        .unwrap();
        let found: Vec<String> = check(dir.path())
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| format!("{}: {}", f.line, f.message))
            .collect();
        assert_eq!(
            found,
            vec!["3: `@many @many` stands for more than 20000 terms once its sets are expanded"]
        );
    }

    /// The findings of a lexicon directory holding one priority and `files`, as `line: message`.
    fn check_files(files: &[(&str, &str)]) -> Vec<String> {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
        write(
            "priorities.toml",
            "[[priority]]\nid = \"P1\"\nname = \"One\"\n",
        );
        for (name, text) in files {
            write(name, text);
        }
        check(dir.path())
            .findings
            .iter()
            .map(|f| format!("{}: {}", f.line, f.message))
            .collect()
    }

    /// Fifteen plain entries, enough that a theme is not reported as small.
    fn fifteen_terms() -> String {
        let terms: Vec<String> = (0..15).map(|i| format!("\"word{i}\"")).collect();
        terms.join(", ")
    }

    #[test]
    fn common_words_in_a_set_are_reported_only_where_the_set_stands_alone() {
        // `group` is only ever a part ("they were all kind"); `who` is a whole entry through
        // `person`, so its "they" can code an answer alone.
        let sets = "[group]\nterms = [\"they were all\", \"staff\"]\n\n[who]\nterms = [\"they\", \"nurse\"]\n\n[person]\nterms = [\"@who\"]\n";
        let theme = format!(
            "id = \"T01\"\nname = \"A\"\nterms = [{}, \"@group kind\", \"@person\"]\n",
            fifteen_terms()
        );
        assert_eq!(
            check_files(&[("sets.toml", sets), ("T01.toml", &theme)]),
            vec!["4: set `who`: term `they` is only common words; it matches almost every answer"]
        );
    }

    #[test]
    fn warns_about_terms_that_start_with_a_wildcard() {
        let found = lint("terms = [\"* carers centre\", \"carers * centre\"]");
        assert!(
            found
                .iter()
                .any(|f| f.contains("`* carers centre` starts with `*`")),
            "{found:?}"
        );
        assert!(
            !found.iter().any(|f| f.contains("`carers * centre` starts")),
            "{found:?}"
        );
    }

    #[test]
    fn aliases_join_entries_and_hide_words_from_globs() {
        let aliases = "[aliases]\ncannae = \"can't\"\ngreetin = \"crying\"\nwean = \"child\"\n";
        let theme = format!(
            "id = \"T01\"\nname = \"A\"\nterms = [\n{},\n\"can't cope\",\n\"cannae cope\",\n\"greetin*\",\n\"we*\",\n]\n",
            fifteen_terms()
        );
        let found = check_files(&[("aliases.toml", aliases), ("T01.toml", &theme)]);
        // "we*" meets "wean" only by chance: a glob is warned of when the alias is its own word.
        assert_eq!(
            found,
            vec![
                "6: entry `cannae cope` matches exactly what `can't cope` (line 5) matches; only the first counts",
                "7: `greetin*`: the glob `greetin*` never sees `greetin`, which aliases.toml reads as `crying`",
                "8: entry `we*`: the glob `we*` is too short and matches too many words",
            ]
        );
    }

    #[test]
    fn warns_about_small_themes() {
        assert_eq!(
            lint("terms = [\"carer\"]\n"),
            vec!["1: theme T01 has 1 entries with a positive weight; at least 15 are recommended"]
        );
    }
}
