//! Lexicons: the editable code frame (priorities, themes and their terms) read from TOML files.
//!
//! A lexicon directory is what an analyst edits to change how hearken codes; nothing about themes
//! lives in code. See `lexicons/README.md` for the file format.

pub mod accept;
mod check;
mod default;
pub mod learn;
mod parse;
mod write;

pub use check::{check, check_dir, CheckReport, Finding, Severity, MIN_ENTRIES};
pub use default::{default_files, default_lexicon};
pub use parse::{lexicon_files, load, load_dir, parse_files};
pub use write::{theme_file_name, to_toml, write_dir};

use crate::model::CodeFrame;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// A loaded lexicon directory: the code frame plus the terms of every theme.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Lexicon {
    /// Priorities and themes (ids, names, descriptions, links), sorted by id.
    pub frame: CodeFrame,
    /// How many themes one answer may receive.
    pub assign: Assign,
    /// Whether an entry counts at every match or once per answer.
    pub count: Count,
    /// One entry list per theme, in the same order as `frame.themes`.
    pub themes: Vec<ThemeLexicon>,
    /// Named word lists (`sets.toml`) that entries, cues and proximity rules name as `@name`.
    pub sets: Vec<WordSet>,
    /// The subject vocabulary: answers without any of it need stronger evidence.
    pub domain: Option<Domain>,
    /// Words read as other words in answers and terms alike (`aliases.toml`), sorted by the
    /// written form.
    pub aliases: Vec<Alias>,
}

/// One word people write for another ("cannae" for "can't", "docter" for "doctor"): the coder
/// reads it as the standard form wherever it occurs, so every entry and rule written with the
/// standard form covers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    /// The written form, folded (lower case, apostrophes unified).
    pub from: String,
    /// The standard form it is read as, folded.
    pub to: String,
    /// 1-based line in `aliases.toml` (0 when not read from a file).
    pub line: usize,
}

/// Most aliases a lexicon may have.
pub const MAX_ALIASES: usize = 20_000;

/// A named list of terms, written once in `sets.toml` and used as `@name` anywhere a term goes.
#[derive(Debug, Clone, PartialEq)]
pub struct WordSet {
    /// The name used after `@`.
    pub name: String,
    /// What the list is for, for people reading the file.
    pub description: String,
    /// The terms (words, globs, phrases, and other sets as `@name`).
    pub terms: Vec<String>,
    /// 1-based line of the set's table in `sets.toml` (0 when not read from a file).
    pub line: usize,
}

/// The vocabulary that shows an answer is about the code frame's subject at all (for the default
/// frame: health and social care). An answer of at least `min_words` words with none of it, and
/// without any entry whose weight reaches `threshold` (an entry that settles a theme alone), is
/// "off-domain" and gets no theme, so neither a stray ambiguous word ("housing", "company") nor a
/// pile of weak ones codes a text about something else. Shorter answers are left alone: "waiting
/// times" has no room to name its subject.
#[derive(Debug, Clone, PartialEq)]
pub struct Domain {
    /// The set (from `sets.toml`) whose terms mark an answer as on-domain.
    pub set: String,
    /// The weight at which one entry alone shows an answer is on the subject.
    pub threshold: f32,
    /// Answers with fewer words are never off-domain.
    pub min_words: u32,
    /// Phrases inside which a word of the set does not show the subject: "hospitality" (whose
    /// stem and prefix are those of "hospital"), "take care", "duty of care".
    pub unless: Vec<String>,
    /// Words of survey questions that name no subject of their own ("Any other comments?",
    /// "What could we do better?"), folded: a question made only of these and function words
    /// is about whatever the survey's other questions are about.
    pub question_words: Vec<String>,
}

/// How many themes one answer may receive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Assign {
    /// Every theme whose score reaches its threshold (multi-label code frames; the default).
    #[default]
    All,
    /// Only the highest-scoring theme over its threshold (single-label code frames).
    Best,
}

/// How often one entry (or proximity rule) adds its weight to an answer's score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Count {
    /// At every match: "support ... support" adds twice (learned lexicons, whose weights were
    /// fitted on counts).
    #[default]
    Each,
    /// Once per answer, however often it matches: saying a word again is not more evidence of
    /// the topic, and long texts do not pile up weak words. Later matches stay in the evidence
    /// with weight 0.
    Once,
}

impl Count {
    /// The name written in `priorities.toml`.
    pub fn name(self) -> &'static str {
        match self {
            Count::Each => "each",
            Count::Once => "once",
        }
    }
}

/// The terms, exclusions and proximity rules of one theme.
#[derive(Debug, Clone, PartialEq)]
pub struct ThemeLexicon {
    /// Theme id (matches `frame.themes[i].id`).
    pub id: String,
    /// Minimum summed weight for an answer to count for this theme.
    pub threshold: f32,
    /// Words, globs and phrases that count for the theme.
    pub entries: Vec<Entry>,
    /// Phrases inside which an entry match does not count.
    pub exclude: Vec<Entry>,
    /// Pairs of terms that count when near each other.
    pub near: Vec<NearRule>,
    /// The file the theme was read from (empty for built-in or learned lexicons not yet written).
    pub path: PathBuf,
}

impl ThemeLexicon {
    /// Every term the theme writes, with its line: entries and exclusions with their cues, and
    /// the terms of its proximity rules.
    pub(crate) fn written_terms(&self) -> Vec<(&str, usize)> {
        let mut uses: Vec<(&str, usize)> = Vec::new();
        for e in self.entries.iter().chain(&self.exclude) {
            uses.push((&e.term, e.line));
            for c in e.sense.with.iter().chain(&e.sense.unless) {
                uses.push((c, e.line));
            }
        }
        for r in &self.near {
            uses.push((&r.a, r.line));
            uses.push((&r.b, r.line));
            uses.extend(r.unless.iter().map(|u| (u.as_str(), r.line)));
        }
        uses
    }
}

/// One lexicon term with its weight.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The term as written: a word, a `prefix*` glob, a phrase of several words; any word may be
    /// `@set` (one of the set's terms).
    pub term: String,
    /// What one match adds to the theme's score (may be negative).
    pub weight: f32,
    /// How a match inside a negation scope counts.
    pub negation: Negation,
    /// Words that decide the sense of an ambiguous match.
    pub sense: Sense,
    /// 1-based line in the source file (0 when not read from a file).
    pub line: usize,
}

/// Sense rules of an entry: the match counts only with one of `with` nearby, and never with one
/// of `unless` nearby ("access" only near a service word; "train" not in "train station").
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Sense {
    /// Cues of which one must occur in the window (empty: no requirement).
    pub with: Vec<String>,
    /// Cues of which none may occur in the window.
    pub unless: Vec<String>,
    /// The window in words either side of the match; `None` means the same sentence.
    pub within: Option<u32>,
    /// A different window for `unless` cues (`None`: the same as `within`).
    pub unless_within: Option<u32>,
}

impl Sense {
    /// Whether the entry has any sense rule.
    pub fn is_empty(&self) -> bool {
        self.with.is_empty() && self.unless.is_empty()
    }
}

/// How a match inside a negation scope ("no support", "never lonely") counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Negation {
    /// Counts whether negated or not (the default).
    Any,
    /// Does not count when negated.
    Skip,
    /// Counts only when negated.
    Only,
}

/// Two terms that count for the theme when they occur near each other.
#[derive(Debug, Clone, PartialEq)]
pub struct NearRule {
    /// First term (word, glob, phrase or `@set`).
    pub a: String,
    /// Second term (word, glob, phrase or `@set`).
    pub b: String,
    /// Maximum distance in words; `None` means "in the same sentence".
    pub within: Option<u32>,
    /// With `within`: the two terms must also be in one sentence ("three weeks. The appointment"
    /// is two facts, not a wait).
    pub sentence: bool,
    /// What one co-occurrence adds to the score.
    pub weight: f32,
    /// Phrases inside which an occurrence of `a` or `b` does not take part ("really supportive of
    /// the plans" is not a manner; "out of hours" is not a length of wait).
    pub unless: Vec<String>,
    /// 1-based line in the source file (0 when not read from a file).
    pub line: usize,
}

/// Why a lexicon directory could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    /// A file or directory could not be read.
    #[error("failed to read {}: {source}", path.display())]
    Read {
        /// The file or directory.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A file or directory could not be written.
    #[error("failed to write {}: {source}", path.display())]
    Write {
        /// The file or directory.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A file breaks the format (syntax, unknown key, wrong type, unknown priority...).
    #[error("{}", Finding::location(path, *line, message))]
    Invalid {
        /// The file.
        path: PathBuf,
        /// 1-based line (0 when the problem concerns the whole file).
        line: usize,
        /// What is wrong.
        message: String,
    },
}

impl Assign {
    /// The name written in `priorities.toml`.
    pub fn name(self) -> &'static str {
        match self {
            Assign::All => "all",
            Assign::Best => "best",
        }
    }
}

impl Negation {
    /// The name written in theme files.
    pub fn name(self) -> &'static str {
        match self {
            Negation::Any => "any",
            Negation::Skip => "skip",
            Negation::Only => "only",
        }
    }
}

/// The most plain terms one term may stand for once its `@set` words are expanded; a phrase of
/// several large sets multiplies, and each alternative costs a trie path.
pub const MAX_EXPANSION: usize = 20_000;

/// How deeply sets may include sets while expanding (cycles are rejected when a lexicon is read;
/// this bounds lexicons built in code).
const MAX_SET_DEPTH: usize = 16;

/// A term whose `@set` words stand for too many plain terms.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{term}` stands for more than {MAX_EXPANSION} terms once its sets are expanded")]
pub struct ExpansionError {
    /// The term as written.
    pub term: String,
}

impl Lexicon {
    /// The aliases as a lookup table (written form -> standard form, both folded).
    pub fn alias_map(&self) -> std::collections::HashMap<String, String> {
        self.aliases
            .iter()
            .map(|a| (a.from.clone(), a.to.clone()))
            .collect()
    }

    /// The set named `name` (without the `@`).
    pub fn set(&self, name: &str) -> Option<&WordSet> {
        self.sets.iter().find(|s| s.name == name)
    }

    /// The plain terms a term stands for: itself, or with each `@set` word replaced by each of the
    /// set's terms in turn ("not enough @staff-role" -> "not enough nurse*", "not enough gp"...),
    /// sorted and without repeats. `memo` keeps the expansion of each set for later terms.
    pub fn expand(
        &self,
        term: &str,
        memo: &mut BTreeMap<String, Vec<String>>,
    ) -> Result<Vec<String>, ExpansionError> {
        self.expand_at(term, memo, 0)
            .ok_or_else(|| ExpansionError { term: term.into() })
    }

    fn expand_at(
        &self,
        term: &str,
        memo: &mut BTreeMap<String, Vec<String>>,
        depth: usize,
    ) -> Option<Vec<String>> {
        if set_refs(term).next().is_none() {
            return Some(vec![term.trim().to_string()]);
        }
        if depth > MAX_SET_DEPTH {
            return Some(Vec::new());
        }
        let mut out = vec![String::new()];
        for word in term.split_whitespace() {
            let choices = match word.strip_prefix('@') {
                Some(name) => self.set_terms(name, memo, depth)?,
                None => vec![word.to_string()],
            };
            if out.len().saturating_mul(choices.len()) > MAX_EXPANSION {
                return None;
            }
            out = out
                .iter()
                .flat_map(|head| {
                    choices.iter().map(move |c| {
                        if head.is_empty() {
                            c.clone()
                        } else {
                            format!("{head} {c}")
                        }
                    })
                })
                .collect();
        }
        out.sort();
        out.dedup();
        Some(out)
    }

    /// Every plain term of set `name` (its own sets expanded), from `memo` when known.
    fn set_terms(
        &self,
        name: &str,
        memo: &mut BTreeMap<String, Vec<String>>,
        depth: usize,
    ) -> Option<Vec<String>> {
        if let Some(known) = memo.get(name) {
            return Some(known.clone());
        }
        let mut all = Vec::new();
        for t in self.set(name).map(|s| s.terms.as_slice()).unwrap_or(&[]) {
            all.extend(self.expand_at(t, memo, depth + 1)?);
            if all.len() > MAX_EXPANSION {
                return None;
            }
        }
        all.sort();
        all.dedup();
        memo.insert(name.to_string(), all.clone());
        Some(all)
    }
}

/// The names of the sets a term uses: each word written `@name` ("@staff", or inside a phrase:
/// "not enough @staff-role").
pub fn set_refs(term: &str) -> impl Iterator<Item = &str> {
    term.split_whitespace().filter_map(|w| w.strip_prefix('@'))
}

impl Entry {
    /// An entry with weight 1.0 that counts whatever the negation, not read from a file.
    pub fn new(term: impl Into<String>) -> Self {
        Entry {
            term: term.into(),
            weight: 1.0,
            negation: Negation::Any,
            sense: Sense::default(),
            line: 0,
        }
    }
}
