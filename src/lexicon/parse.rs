//! Reading lexicon files: TOML with spans, so every problem names its file and line.

use super::{
    set_refs, Alias, Assign, Count, Domain, Entry, Finding, Lexicon, LexiconError, NearRule,
    Negation, Severity, ThemeLexicon, WordSet,
};
use crate::model::{CodeFrame, Priority, Theme};
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::de::{DeTable, DeValue};
use toml::Spanned;

mod alias;
mod theme;

/// The file that holds the priorities and the `assign` setting.
pub(crate) const PRIORITIES_FILE: &str = "priorities.toml";
/// The file that holds the named word sets (optional).
pub(crate) const SETS_FILE: &str = "sets.toml";
/// The file that holds the aliases (optional).
pub(crate) const ALIASES_FILE: &str = "aliases.toml";

/// What `priorities.toml` holds: `assign`, the priorities with their lines, and the domain
/// setting with the lines its set names are written on.
type PrioritiesFile = (
    Assign,
    Count,
    Vec<(Priority, usize)>,
    Option<(Domain, DomainLines)>,
);

/// Where the `[domain]` table names sets: its `set` key and each `unless` phrase.
struct DomainLines {
    set: usize,
    unless: Vec<usize>,
}

/// Where the parts of a theme file that lints refer to were written.
#[derive(Debug, Clone, Default)]
pub(crate) struct ThemeMeta {
    /// Line of `id = ...`.
    pub id_line: usize,
}

/// Everything parsing found: the lexicon built from the valid parts, and the problems.
#[derive(Debug, Default)]
pub(crate) struct Parsed {
    pub lexicon: Lexicon,
    pub meta: Vec<ThemeMeta>,
    pub findings: Vec<Finding>,
}

/// Reads a lexicon directory: `priorities.toml` plus one `*.toml` file per theme.
pub fn load_dir(dir: &Path) -> Result<Lexicon, LexiconError> {
    load(Some(dir))
}

/// Reads the lexicon in `dir`, or the bundled one for `None`.
pub fn load(dir: Option<&Path>) -> Result<Lexicon, LexiconError> {
    parse_files(&lexicon_files(dir)?)
}

/// The files a lexicon is read from, as (path, contents) in path order: the `*.toml` files of
/// `dir`, or the bundled ones for `None`.
pub fn lexicon_files(dir: Option<&Path>) -> Result<Vec<(PathBuf, String)>, LexiconError> {
    match dir {
        Some(dir) => read_dir_files(dir),
        None => Ok(super::default::files()),
    }
}

/// Parses lexicon files given as (path, contents); the one named `priorities.toml` holds the
/// priorities. Fails with the first error (by file, then line).
pub fn parse_files(files: &[(PathBuf, String)]) -> Result<Lexicon, LexiconError> {
    let parsed = parse_all(files);
    match parsed
        .findings
        .iter()
        .find(|f| f.severity == Severity::Error)
    {
        Some(f) => Err(LexiconError::Invalid {
            path: f.path.clone(),
            line: f.line,
            message: f.message.clone(),
        }),
        None => Ok(parsed.lexicon),
    }
}

/// The `*.toml` files of a directory with their contents, sorted by file name.
pub(crate) fn read_dir_files(dir: &Path) -> Result<Vec<(PathBuf, String)>, LexiconError> {
    let read_err = |source| LexiconError::Read {
        path: dir.to_path_buf(),
        source,
    };
    let mut paths = Vec::new();
    for item in std::fs::read_dir(dir).map_err(read_err)? {
        let path = item.map_err(read_err)?.path();
        if path.extension().is_some_and(|e| e == "toml") && path.is_file() {
            paths.push(path);
        }
    }
    paths.sort();
    if paths.is_empty() {
        return Err(LexiconError::Invalid {
            path: dir.to_path_buf(),
            line: 0,
            message: "no .toml lexicon files in this directory".into(),
        });
    }
    let mut files = Vec::with_capacity(paths.len());
    for path in paths {
        let bytes = std::fs::read(&path).map_err(|source| LexiconError::Read {
            path: path.clone(),
            source,
        })?;
        match String::from_utf8(bytes) {
            Ok(text) => files.push((path, text)),
            Err(e) => {
                let offset = e.utf8_error().valid_up_to();
                let line = 1 + e.as_bytes()[..offset]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count();
                return Err(LexiconError::Invalid {
                    path,
                    line,
                    message: "the file is not valid UTF-8".into(),
                });
            }
        }
    }
    Ok(files)
}

/// Parses every file, collecting all problems; the lexicon holds what could be read.
pub(crate) fn parse_all(files: &[(PathBuf, String)]) -> Parsed {
    let mut findings = Vec::new();
    let mut priorities: Option<PrioritiesFile> = None;
    let mut themes: Vec<ParsedTheme> = Vec::new();
    let mut sets: Vec<WordSet> = Vec::new();
    let mut aliases: Vec<Alias> = Vec::new();
    let mut sets_path = None;
    let mut priorities_path = None;
    for (path, text) in files {
        let mut cx = Cx::new(path, text);
        let name = path.file_name();
        if let Some(table) = cx.document() {
            if name.is_some_and(|n| n == PRIORITIES_FILE) {
                priorities_path = Some(path.clone());
                priorities = Some(cx.priorities(&table));
            } else if name.is_some_and(|n| n == SETS_FILE) {
                sets_path = Some(path.clone());
                sets = cx.sets(&table);
            } else if name.is_some_and(|n| n == ALIASES_FILE) {
                aliases = cx.aliases(&table);
            } else if let Some(t) = cx.theme(&table) {
                themes.push(t);
            }
        }
        findings.append(&mut cx.findings);
    }
    let (assign, count, prios, domain) = match priorities {
        Some(p) => p,
        None => {
            let path = match files.first().and_then(|(p, _)| p.parent()) {
                Some(dir) => dir.join(PRIORITIES_FILE),
                None => PathBuf::from(PRIORITIES_FILE),
            };
            if priorities_path.is_none() {
                findings.push(Finding::error(
                    path,
                    0,
                    "missing: a lexicon directory needs priorities.toml",
                ));
            }
            (Assign::All, Count::Each, Vec::new(), None)
        }
    };
    check_set_references(
        &sets,
        sets_path.as_deref(),
        priorities_path.as_deref(),
        domain.as_ref(),
        &themes,
        &mut findings,
    );
    let kept = check_ids(&prios, priorities_path.as_deref(), themes, &mut findings);
    let mut frame_prios: Vec<Priority> = prios.into_iter().map(|(p, _)| p).collect();
    frame_prios.sort_by(|a, b| a.id.cmp(&b.id));
    frame_prios.dedup_by(|a, b| a.id == b.id);
    let mut lexicon = Lexicon {
        frame: CodeFrame {
            priorities: frame_prios,
            themes: Vec::with_capacity(kept.len()),
        },
        assign,
        count,
        themes: Vec::with_capacity(kept.len()),
        sets,
        domain: domain.map(|(d, _)| d),
        aliases,
    };
    let mut meta = Vec::with_capacity(kept.len());
    for (t, l, m) in kept {
        lexicon.frame.themes.push(t);
        lexicon.themes.push(l);
        meta.push(m);
    }
    findings.sort();
    Parsed {
        lexicon,
        meta,
        findings,
    }
}

/// Reports duplicate priority ids, unknown priorities and duplicate theme ids; returns the
/// themes kept (the first of each id), sorted by id.
fn check_ids(
    prios: &[(Priority, usize)],
    priorities_path: Option<&Path>,
    mut themes: Vec<ParsedTheme>,
    findings: &mut Vec<Finding>,
) -> Vec<(Theme, ThemeLexicon, ThemeMeta)> {
    // Duplicate priority ids.
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for (p, line) in prios {
        if let Some(first) = seen.insert(&p.id, *line) {
            findings.push(Finding::error(
                priorities_path.map(Path::to_path_buf).unwrap_or_default(),
                *line,
                format!("duplicate priority id `{}` (first on line {first})", p.id),
            ));
        }
    }
    let known: Vec<&str> = prios.iter().map(|(p, _)| p.id.as_str()).collect();
    // Unknown priorities and duplicate theme ids.
    themes.sort_by(|a, b| a.0.id.cmp(&b.0.id).then_with(|| a.1.path.cmp(&b.1.path)));
    let mut kept: Vec<(Theme, ThemeLexicon, ThemeMeta)> = Vec::new();
    for (theme, lex, meta, links) in themes {
        for (id, line) in &links {
            if !known.contains(&id.as_str()) {
                let defined = if known.is_empty() {
                    "priorities.toml defines none".to_string()
                } else {
                    format!("priorities.toml defines {}", known.join(", "))
                };
                findings.push(Finding::error(
                    lex.path.clone(),
                    *line,
                    format!("unknown priority `{id}` ({defined})"),
                ));
            }
        }
        if let Some((_, other, _)) = kept.iter().find(|(t, _, _)| t.id == theme.id) {
            findings.push(Finding::error(
                lex.path.clone(),
                meta.id_line,
                format!(
                    "duplicate theme id `{}` (also in {})",
                    theme.id,
                    other.path.display()
                ),
            ));
            continue;
        }
        kept.push((theme, lex, meta));
    }
    kept
}

/// Parsing context of one file: its text for line numbers, and the problems found so far.
struct Cx<'a> {
    path: &'a Path,
    text: &'a str,
    line_starts: Vec<usize>,
    findings: Vec<Finding>,
}

type Val<'i> = Spanned<DeValue<'i>>;

/// A theme file as read: frame entry, terms, positions, and linked priorities with their lines.
type ParsedTheme = (Theme, ThemeLexicon, ThemeMeta, Vec<(String, usize)>);

impl<'a> Cx<'a> {
    fn new(path: &'a Path, text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Cx {
            path,
            text,
            line_starts,
            findings: Vec::new(),
        }
    }

    /// 1-based line and column of a byte offset.
    fn line_col(&self, offset: usize) -> (usize, usize) {
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1);
        let start = self.line_starts[line - 1];
        let col = self
            .text
            .get(start..offset.min(self.text.len()))
            .map_or(1, |s| s.chars().count() + 1);
        (line, col)
    }

    fn line(&self, span: &Range<usize>) -> usize {
        self.line_col(span.start).0
    }

    fn error(&mut self, span: &Range<usize>, message: impl Into<String>) {
        let line = self.line(span);
        self.findings
            .push(Finding::error(self.path.to_path_buf(), line, message));
    }

    fn document(&mut self) -> Option<DeTable<'a>> {
        match DeTable::parse(self.text) {
            Ok(t) => Some(t.into_inner()),
            Err(e) => {
                let (line, col) = e.span().map_or((0, 0), |s| self.line_col(s.start));
                let msg = e.message().trim().to_string();
                self.findings.push(Finding::error(
                    self.path.to_path_buf(),
                    line,
                    format!("TOML syntax error at column {col}: {msg}"),
                ));
                None
            }
        }
    }

    fn unknown(&mut self, key: &Spanned<std::borrow::Cow<'_, str>>, allowed: &[&str]) {
        let list: Vec<String> = allowed.iter().map(|k| format!("`{k}`")).collect();
        self.error(
            &key.span(),
            format!(
                "unknown key `{}` (expected one of {})",
                key.get_ref(),
                list.join(", ")
            ),
        );
    }

    fn wrong_type(&mut self, key: &str, v: &Val<'_>, expected: &str) {
        self.error(
            &v.span(),
            format!(
                "`{key}` must be {expected}, not {}",
                article(v.get_ref().type_str())
            ),
        );
    }

    fn string(&mut self, key: &str, v: &Val<'_>) -> Option<String> {
        match v.get_ref() {
            DeValue::String(s) => Some(s.to_string()),
            _ => {
                self.wrong_type(key, v, "a string");
                None
            }
        }
    }

    fn number(&mut self, key: &str, v: &Val<'_>) -> Option<f32> {
        let parsed = match v.get_ref() {
            DeValue::Float(f) => f.as_str().replace('_', "").parse::<f32>().ok(),
            DeValue::Integer(i) => i64::from_str_radix(&i.as_str().replace('_', ""), i.radix())
                .ok()
                .map(|n| n as f32),
            _ => {
                self.wrong_type(key, v, "a number");
                return None;
            }
        };
        match parsed {
            Some(x) if x.is_finite() => Some(x),
            _ => {
                self.error(&v.span(), format!("`{key}` must be a finite number"));
                None
            }
        }
    }

    fn string_list(&mut self, key: &str, v: &Val<'_>) -> Vec<(String, usize)> {
        let DeValue::Array(items) = v.get_ref() else {
            self.wrong_type(key, v, "an array of strings");
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items.iter() {
            if let Some(s) = self.string(key, item) {
                out.push((s, self.line(&item.span())));
            }
        }
        out
    }

    fn priorities(&mut self, table: &DeTable<'_>) -> PrioritiesFile {
        let mut assign = Assign::All;
        let mut count = Count::Each;
        let mut out = Vec::new();
        let mut domain = None;
        for (key, v) in table.iter() {
            match key.get_ref().as_ref() {
                "assign" => {
                    if let Some(s) = self.string("assign", v) {
                        match s.as_str() {
                            "all" => assign = Assign::All,
                            "best" => assign = Assign::Best,
                            other => self.error(
                                &v.span(),
                                format!("`assign` must be \"all\" or \"best\", not \"{other}\""),
                            ),
                        }
                    }
                }
                "priority" => {
                    for t in self.tables("priority", v) {
                        if let Some(p) = self.priority(&t) {
                            out.push(p);
                        }
                    }
                }
                "count" => {
                    if let Some(s) = self.string("count", v) {
                        match s.as_str() {
                            "each" => count = Count::Each,
                            "once" => count = Count::Once,
                            other => self.error(
                                &v.span(),
                                format!("`count` must be \"each\" or \"once\", not \"{other}\""),
                            ),
                        }
                    }
                }
                "domain" => domain = self.domain(v),
                _ => self.unknown(key, &["assign", "count", "priority", "domain"]),
            }
        }
        (assign, count, out, domain)
    }

    /// The `[domain]` table of `priorities.toml`: `set` (required), `threshold` (default 2.0),
    /// `min_words` (default 0), `unless` and `question_words` (default none).
    fn domain(&mut self, v: &Val<'_>) -> Option<(Domain, DomainLines)> {
        let DeValue::Table(t) = v.get_ref() else {
            self.wrong_type("domain", v, "a table ([domain])");
            return None;
        };
        let line = self.line(&v.span());
        let (mut set, mut set_line, mut threshold, mut min_words) = (None, line, 2.0f32, 0u32);
        let (mut unless, mut unless_lines) = (Vec::new(), Vec::new());
        let mut question_words = Vec::new();
        for (key, v) in t.iter() {
            match key.get_ref().as_ref() {
                "set" => {
                    set = self.string("set", v);
                    set_line = self.line(&v.span());
                }
                "threshold" => {
                    if let Some(x) = self.number("threshold", v) {
                        threshold = x;
                    }
                }
                "min_words" => match v.get_ref() {
                    DeValue::Integer(i) => {
                        match u32::from_str_radix(&i.as_str().replace('_', ""), i.radix()) {
                            Ok(n) => min_words = n,
                            Err(_) => self.error(
                                &v.span(),
                                "`min_words` must be a whole number of words, 0 or more",
                            ),
                        }
                    }
                    _ => self.wrong_type("min_words", v, "an integer"),
                },
                "unless" => {
                    (unless, unless_lines) = self.string_list("unless", v).into_iter().unzip();
                }
                "question_words" => {
                    question_words = self
                        .string_list("question_words", v)
                        .into_iter()
                        .map(|(w, _)| crate::text::fold(w.trim()))
                        .collect();
                }
                _ => self.unknown(
                    key,
                    &["set", "threshold", "min_words", "unless", "question_words"],
                ),
            }
        }
        let set = self.required(set, t, "set", "[domain]", line)?;
        let set = set.trim().trim_start_matches('@').to_string();
        Some((
            Domain {
                set,
                threshold,
                min_words,
                unless,
                question_words,
            },
            DomainLines {
                set: set_line,
                unless: unless_lines,
            },
        ))
    }

    /// `sets.toml`: one table per set, `[name]` with `terms` and an optional `description`.
    fn sets(&mut self, table: &DeTable<'_>) -> Vec<WordSet> {
        let mut out = Vec::new();
        for (key, v) in table.iter() {
            let name = key.get_ref().to_string();
            let line = self.line(&key.span());
            let DeValue::Table(t) = v.get_ref() else {
                self.wrong_type(&name, v, "a table ([name] with `terms`)");
                continue;
            };
            if !valid_set_name(&name) {
                self.error(
                    &key.span(),
                    format!("set name `{name}` may only use ASCII letters, digits, `-` and `_`"),
                );
                continue;
            }
            let (mut terms, mut description) = (None, String::new());
            for (k, v) in t.iter() {
                match k.get_ref().as_ref() {
                    "terms" => terms = Some(self.string_list("terms", v)),
                    "description" => {
                        description = self.string("description", v).unwrap_or_default()
                    }
                    _ => self.unknown(k, &["description", "terms"]),
                }
            }
            let Some(terms) = self.required(terms, t, "terms", &format!("[{name}]"), line) else {
                continue;
            };
            out.push(WordSet {
                name,
                description,
                terms: terms.into_iter().map(|(t, _)| t).collect(),
                line,
            });
        }
        out
    }

    /// The tables of an array of tables (`[[name]]`).
    fn tables<'v, 'i>(&mut self, key: &str, v: &'v Val<'i>) -> Vec<Spanned<&'v DeTable<'i>>> {
        let DeValue::Array(items) = v.get_ref() else {
            self.wrong_type(key, v, &format!("an array of tables ([[{key}]])"));
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items.iter() {
            match item.get_ref() {
                DeValue::Table(t) => out.push(Spanned::new(item.span(), t)),
                _ => self.wrong_type(key, item, "a table"),
            }
        }
        out
    }

    fn priority(&mut self, t: &Spanned<&DeTable<'_>>) -> Option<(Priority, usize)> {
        let line = self.line(&t.span());
        let (mut id, mut name, mut description) = (None, None, String::new());
        let mut id_line = line;
        for (key, v) in t.get_ref().iter() {
            match key.get_ref().as_ref() {
                "id" => {
                    id = self.string("id", v);
                    id_line = self.line(&key.span());
                }
                "name" => name = self.string("name", v),
                "description" => description = self.string("description", v).unwrap_or_default(),
                _ => self.unknown(key, &["id", "name", "description"]),
            }
        }
        let id = self.required(id, t.get_ref(), "id", "[[priority]]", line)?;
        let name = self.required(name, t.get_ref(), "name", "[[priority]]", line)?;
        Some((
            Priority {
                id,
                name,
                description,
            },
            id_line,
        ))
    }

    /// Reports a missing required key (not when it was present with a wrong value).
    fn required<T>(
        &mut self,
        v: Option<T>,
        table: &DeTable<'_>,
        key: &str,
        what: &str,
        line: usize,
    ) -> Option<T> {
        if v.is_none() && !table.iter().any(|(k, _)| k.get_ref() == key) {
            self.findings.push(Finding::error(
                self.path.to_path_buf(),
                line,
                format!("missing key `{key}` in {what}"),
            ));
        }
        v
    }
}

/// The widest window a sense rule or proximity rule may name, in words.
pub(crate) const MAX_WINDOW: u32 = 50;

/// Set names are plain identifiers, so `@name` reads unambiguously inside terms.
fn valid_set_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Every `@name` (in terms, exclusions, cues, proximity rules and `[domain]`) must name a set of
/// `sets.toml`.
fn check_set_references(
    sets: &[WordSet],
    sets_path: Option<&Path>,
    priorities_path: Option<&Path>,
    domain: Option<&(Domain, DomainLines)>,
    themes: &[ParsedTheme],
    findings: &mut Vec<Finding>,
) {
    let known: Vec<&str> = sets.iter().map(|s| s.name.as_str()).collect();
    let defined = || {
        if known.is_empty() {
            "no sets are defined (sets.toml)".to_string()
        } else {
            format!("sets.toml defines {}", known.join(", "))
        }
    };
    if let Some((d, lines)) = domain {
        if !known.contains(&d.set.as_str()) {
            findings.push(Finding::error(
                priorities_path.map(Path::to_path_buf).unwrap_or_default(),
                lines.set,
                format!("[domain] names unknown set `{}` ({})", d.set, defined()),
            ));
        }
        for (u, &line) in d.unless.iter().zip(&lines.unless) {
            for name in set_refs(u).filter(|n| !known.contains(n)) {
                findings.push(Finding::error(
                    priorities_path.map(Path::to_path_buf).unwrap_or_default(),
                    line,
                    format!("[domain] `unless` term `{u}` names unknown set `{name}`"),
                ));
            }
        }
    }
    let sets_file = sets_path.map(Path::to_path_buf).unwrap_or_default();
    for s in sets {
        for term in &s.terms {
            for name in set_refs(term).filter(|n| !known.contains(n)) {
                findings.push(Finding::error(
                    sets_file.clone(),
                    s.line,
                    format!("set `{}`: `{term}` names unknown set `{name}`", s.name),
                ));
            }
        }
        if includes_itself(sets, s) {
            findings.push(Finding::error(
                sets_file.clone(),
                s.line,
                format!("set `{}` includes itself (through `@` names)", s.name),
            ));
        }
    }
    for (_, lex, _, _) in themes {
        for (term, line) in lex.written_terms() {
            for name in set_refs(term).filter(|n| !known.contains(n)) {
                findings.push(Finding::error(
                    lex.path.clone(),
                    line,
                    format!("`{term}` names unknown set `{name}` ({})", defined()),
                ));
            }
        }
    }
}

/// Whether following `@` names from `set` leads back to it.
fn includes_itself(sets: &[WordSet], set: &WordSet) -> bool {
    let mut seen: Vec<&str> = Vec::new();
    let mut todo: Vec<&WordSet> = vec![set];
    while let Some(s) = todo.pop() {
        for name in s.terms.iter().flat_map(|t| set_refs(t)) {
            if name == set.name {
                return true;
            }
            if !seen.contains(&name) {
                seen.push(name);
                todo.extend(sets.iter().filter(|o| o.name == name));
            }
        }
    }
    false
}

/// "a string", "an integer"...
fn article(type_str: &str) -> String {
    match type_str.chars().next() {
        Some('a' | 'e' | 'i' | 'o' | 'u') => format!("an {type_str}"),
        _ => format!("a {type_str}"),
    }
}

#[cfg(test)]
mod tests;
