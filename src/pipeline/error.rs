//! What stops a run.

use crate::coding::CodebookError;
use crate::index::IndexError;
use crate::ingest::IngestError;
use crate::output::OutputError;
use crate::provenance::ProvenanceError;
use std::io;
use std::path::PathBuf;

/// Anything that stops a run; each names the stage and the file concerned.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// An input could not be read, or the inputs do not make one survey.
    #[error(transparent)]
    Ingest(#[from] IngestError),
    /// The lexicon could not be loaded or compiled.
    #[error(transparent)]
    Codebook(#[from] CodebookError),
    /// The index could not be built.
    #[error(transparent)]
    Index(#[from] IndexError),
    /// A file could not be hashed.
    #[error(transparent)]
    Provenance(#[from] ProvenanceError),
    /// No column of the export looks like an open question.
    #[error("{}: no column looks like an open question, so there is nothing to code; name the answer columns with --text-column (the columns are: {})", path.display(), columns.join(", "))]
    NoQuestions {
        /// The export.
        path: PathBuf,
        /// Its columns as `1 "Name"`.
        columns: Vec<String>,
    },
    /// The same export was given twice.
    #[error("{}: the same content as {}; each export may be given once", path.display(), first.display())]
    SameInput {
        /// The later input.
        path: PathBuf,
        /// The earlier one with the same content.
        first: PathBuf,
    },
    /// An output folder's index and run manifest come from different runs.
    #[error("{} does not belong to {} (they come from different runs); run `hearken run` again to rebuild the folder", index.display(), manifest.display())]
    Mismatch {
        /// The index directory.
        index: PathBuf,
        /// The run manifest beside it.
        manifest: PathBuf,
    },
    /// The output folder cannot be used or finished.
    #[error(transparent)]
    Output(#[from] OutputError),
    /// The list of names to remove could not be used.
    #[error(transparent)]
    Redact(#[from] crate::text::redact::RedactError),
    /// The overrides file could not be read.
    #[error(transparent)]
    Overrides(#[from] crate::coding::overrides::OverrideError),
    /// A reviewed sheet could not be read.
    #[error(transparent)]
    Review(#[from] crate::review::ReviewError),
    /// A defect in hearken itself (a worker thread panicked).
    #[error("internal error: {0}")]
    Internal(String),
    /// An output file could not be written.
    #[error("{path}: {source}")]
    Write {
        /// The file being written.
        path: PathBuf,
        /// The I/O error.
        source: io::Error,
    },
}

impl PipelineError {
    /// A closure that wraps an I/O error on writing `path`.
    pub(crate) fn write(path: &std::path::Path) -> impl FnOnce(io::Error) -> PipelineError {
        let path = path.to_path_buf();
        move |source| PipelineError::Write { path, source }
    }
}
