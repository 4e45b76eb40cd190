//! Lexicons: the editable code frame (priorities, themes and their terms) read from TOML files.
//!
//! A lexicon directory is what an analyst edits to change how hearken codes; nothing about themes
//! lives in code. See `lexicons/README.md` for the file format.

mod check;
mod default;
pub mod learn;
mod parse;
mod write;

pub use check::{check, check_dir, CheckReport, Finding, Severity, MIN_ENTRIES};
pub use default::{default_files, default_lexicon};
pub use parse::{load_dir, parse_files};
pub use write::{theme_file_name, to_toml, write_dir};

use crate::model::CodeFrame;
use std::path::PathBuf;

/// A loaded lexicon directory: the code frame plus the terms of every theme.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Lexicon {
    /// Priorities and themes (ids, names, descriptions, links), sorted by id.
    pub frame: CodeFrame,
    /// How many themes one answer may receive.
    pub assign: Assign,
    /// One entry list per theme, in the same order as `frame.themes`.
    pub themes: Vec<ThemeLexicon>,
    /// Named word lists (`sets.toml`) that entries, cues and proximity rules name as `@name`.
    pub sets: Vec<WordSet>,
    /// The subject vocabulary: answers without any of it need stronger evidence.
    pub domain: Option<Domain>,
}

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
/// frame: health and social care). An answer of at least `min_words` words with none of it is
/// "off-domain" and every theme needs at least `threshold` there, so a stray ambiguous word
/// ("housing", "company") does not code a text about something else. Shorter answers are left
/// alone: "waiting times" has no room to name its subject.
#[derive(Debug, Clone, PartialEq)]
pub struct Domain {
    /// The set (from `sets.toml`) whose terms mark an answer as on-domain.
    pub set: String,
    /// The least score a theme needs in an off-domain answer.
    pub threshold: f32,
    /// Answers with fewer words are never off-domain.
    pub min_words: u32,
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

/// One lexicon term with its weight.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The term as written: a word, a `prefix*` glob, a phrase of several words, or `@set`.
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
    /// What one co-occurrence adds to the score.
    pub weight: f32,
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

impl Lexicon {
    /// The set named `name` (without the `@`).
    pub fn set(&self, name: &str) -> Option<&WordSet> {
        self.sets.iter().find(|s| s.name == name)
    }
}

/// The set name of a term written `@name`, or `None` for an ordinary term.
pub fn set_name(term: &str) -> Option<&str> {
    term.trim().strip_prefix('@').map(str::trim)
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
