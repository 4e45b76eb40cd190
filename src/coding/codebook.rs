//! The lexicon a command codes with, compiled, with its fingerprint: every command that codes
//! (`run`, `code`, `evaluate`) loads it the same way.

use super::{Coder, CodingError};
use crate::lexicon::{self, Lexicon, LexiconError};
use crate::model::CodeFrame;
use std::path::{Path, PathBuf};

/// Why a lexicon could not be made ready for coding.
#[derive(Debug, thiserror::Error)]
pub enum CodebookError {
    /// The lexicon files could not be read or parsed.
    #[error(transparent)]
    Lexicon(#[from] LexiconError),
    /// The lexicon could not be compiled into a coder.
    #[error(transparent)]
    Coding(#[from] CodingError),
}

/// A lexicon ready to code with: the parsed lexicon, its compiled coder, where it came from and
/// its fingerprint (see [`crate::provenance::lexicon_fingerprint`]).
#[derive(Debug)]
pub struct Codebook {
    /// The lexicon as read.
    pub lexicon: Lexicon,
    /// The compiled coder.
    pub coder: Coder,
    /// The lexicon directory, or `None` for the bundled lexicon.
    pub dir: Option<PathBuf>,
    /// The fingerprint of the files the lexicon was read from.
    pub fingerprint: String,
}

impl Codebook {
    /// Reads and compiles the lexicon in `dir`, or the bundled one for `None`.
    pub fn load(dir: Option<&Path>) -> Result<Codebook, CodebookError> {
        let files = lexicon::lexicon_files(dir)?;
        let lexicon = lexicon::parse_files(&files)?;
        let coder = Coder::new(&lexicon)?;
        Ok(Codebook {
            lexicon,
            coder,
            dir: dir.map(Path::to_path_buf),
            fingerprint: crate::provenance::lexicon_fingerprint(&files),
        })
    }

    /// The code frame the coder assigns from.
    pub fn frame(&self) -> &CodeFrame {
        self.coder.frame()
    }

    /// Where the lexicon came from, as manifests record it: the directory, or `built-in`.
    pub fn source(&self) -> String {
        self.dir
            .as_ref()
            .map_or_else(|| "built-in".to_string(), |d| d.display().to_string())
    }
}
