//! Stage: index. A tantivy full-text index of every answer, for `hearken search`.
//!
//! One document per respondent x answered question. The answer text is indexed with tantivy's
//! English stemming tokenizer (`en_stem`, positions kept so "phrases" work) and stored for
//! snippets. Themes, priorities and attribute columns are facets (`/T07`, `/P3`,
//! `/locality/Hamilton`): one `attr` facet field holds every attribute column, so the schema does
//! not depend on column names, a filter is a single facet term and a breakdown by any column is a
//! `FacetCollector` over its subtree.
//!
//! [`IndexBuilder`] writes into a temporary sibling directory and swaps it into place only once
//! complete, so the final directory always holds either the previous complete index or the new
//! one. `hearken-index.json` beside tantivy's files records where the index came from
//! ([`Manifest`]): input file hashes, the lexicon hash, the layout, the document count.

mod analyzer;
mod build;
mod facets;
mod manifest;
mod publishable;
mod query;
mod schema;
mod search;

#[cfg(test)]
mod tests;

pub use build::{IndexBuilder, IndexStats, DEFAULT_MEMORY_BUDGET};
pub use facets::{FacetTable, Facets};
pub use manifest::{Manifest, ManifestInput, MANIFEST_FILE};
pub use query::{check_query, MAX_LIMIT, MAX_OFFSET, MAX_QUERY_BYTES, MAX_QUERY_DEPTH};
pub use search::{
    open, Count, Counts, Hit, SearchIndex, SearchRequest, SearchResults, Snippet, Sort, Stale,
};

use crate::model::{CodeFrame, Question};
use std::path::{Path, PathBuf};

/// What the index needs to know about the survey before the first document: the open
/// questions, the attribute column names (parallel to `Respondent::attributes`) and the code frame.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexLayout {
    /// The open questions, in column order (`Coding::question` indexes this).
    pub questions: Vec<Question>,
    /// Attribute column names, parallel to `Respondent::attributes`.
    pub attributes: Vec<String>,
    /// The code frame the answers were coded with.
    pub frame: CodeFrame,
}

/// Everything that can go wrong building or searching an index.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// No index at the directory given.
    #[error("no index at {} (run `hearken run ... --out ...` first)", .0.display())]
    Missing(PathBuf),
    /// The directory holds something that is not a hearken index, or one hearken cannot read.
    #[error("{}: not a usable hearken index: {reason}", .dir.display())]
    Invalid {
        /// The index directory.
        dir: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// The query text could not be parsed.
    #[error("bad query `{query}`: {message}")]
    BadQuery {
        /// The query as given.
        query: String,
        /// What is wrong, and where (column counted from 1).
        message: String,
    },
    /// Paging past a limit (`--limit`, `--offset`).
    #[error("{message}")]
    BadRequest {
        /// What is over which limit.
        message: String,
    },
    /// A filter names a column, theme, priority or question the index does not have.
    #[error("unknown {kind} `{name}`; available: {}", if .available.is_empty() { "(none)".to_string() } else { .available.join(", ") })]
    UnknownName {
        /// What was looked up: "column", "theme", "priority" or "question".
        kind: &'static str,
        /// The name given.
        name: String,
        /// The names the index knows, in order.
        available: Vec<String>,
    },
    /// A respondent or coding did not fit the layout given to [`IndexBuilder::create`].
    #[error("respondent {id} (row {row}): {reason}")]
    Layout {
        /// Respondent id.
        id: String,
        /// Input row, for messages.
        row: u64,
        /// What does not fit.
        reason: String,
    },
    /// A file or directory operation failed.
    #[error("{action} {}: {source}", .path.display())]
    Io {
        /// What was being done ("create", "rename", "read"...).
        action: &'static str,
        /// The path involved.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// tantivy reported an error.
    #[error("index {}: {source}", .dir.display())]
    Tantivy {
        /// The index directory.
        dir: PathBuf,
        /// The underlying error.
        source: tantivy::TantivyError,
    },
    /// The provenance file could not be written or read.
    #[error("{}: {source}", .path.display())]
    Manifest {
        /// The manifest file.
        path: PathBuf,
        /// The underlying error.
        source: serde_json::Error,
    },
}

impl IndexError {
    /// Whether the error comes from what the user asked (a bad query or an unknown filter name)
    /// rather than from the index or the system; the CLI exits with code 2 for these.
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            IndexError::BadQuery { .. }
                | IndexError::BadRequest { .. }
                | IndexError::UnknownName { .. }
        )
    }
}

pub(crate) fn io_err(
    action: &'static str,
    path: &Path,
) -> impl FnOnce(std::io::Error) -> IndexError {
    let path = path.to_path_buf();
    move |source| IndexError::Io {
        action,
        path,
        source,
    }
}

pub(crate) fn tv_err(dir: &Path) -> impl FnOnce(tantivy::TantivyError) -> IndexError {
    let dir = dir.to_path_buf();
    move |source| IndexError::Tantivy { dir, source }
}
