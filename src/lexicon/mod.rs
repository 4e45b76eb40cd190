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
    /// The term as written: a word, a `prefix*` glob, or a phrase of several words.
    pub term: String,
    /// What one match adds to the theme's score (may be negative).
    pub weight: f32,
    /// How a match inside a negation scope counts.
    pub negation: Negation,
    /// 1-based line in the source file (0 when not read from a file).
    pub line: usize,
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
    /// First term (word, glob or phrase).
    pub a: String,
    /// Second term.
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

impl Entry {
    /// An entry with weight 1.0 that counts whatever the negation, not read from a file.
    pub fn new(term: impl Into<String>) -> Self {
        Entry {
            term: term.into(),
            weight: 1.0,
            negation: Negation::Any,
            line: 0,
        }
    }
}
