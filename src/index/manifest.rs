//! `hearken-index.json`: the provenance and layout of an index, written beside tantivy's files.

use super::{io_err, IndexError, IndexLayout};
use crate::model::{CodeFrame, Question};
use crate::provenance::Provenance;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// File name of the provenance record inside an index directory.
pub const MANIFEST_FILE: &str = "hearken-index.json";

/// Version of the manifest layout; an index with another version must be rebuilt.
pub(crate) const MANIFEST_FORMAT: u32 = 2;

/// The provenance and layout of one index, as recorded in `hearken-index.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// Manifest layout version.
    pub format: u32,
    /// The hearken version that built the index.
    pub hearken_version: String,
    /// Documents indexed (one per respondent x answered question).
    pub documents: u64,
    /// Respondents with at least one indexed answer.
    pub respondents: u64,
    /// The input files with their content hashes.
    pub inputs: Vec<ManifestInput>,
    /// Hash of the lexicon files the answers were coded with.
    pub lexicon: String,
    /// The open questions.
    pub questions: Vec<Question>,
    /// Attribute column names, in column order.
    pub attributes: Vec<String>,
    /// The code frame (priorities and themes).
    pub frame: CodeFrame,
    /// Campaign id of every respondent (`Respondent::seq`) whose answers copy a campaign text.
    /// Campaigns are known only once every answer has been read, so they are kept here rather
    /// than in the documents.
    pub campaigns: BTreeMap<u32, u32>,
}

/// One input file of an index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestInput {
    /// The file, made absolute when it could be.
    pub path: PathBuf,
    /// blake3 hex hash of its content when the index was built.
    pub blake3: String,
}

impl Manifest {
    pub(crate) fn new(
        layout: &IndexLayout,
        provenance: &Provenance,
        documents: u64,
        respondents: u64,
        campaigns: BTreeMap<u32, u32>,
    ) -> Manifest {
        Manifest {
            format: MANIFEST_FORMAT,
            hearken_version: provenance.hearken_version.clone(),
            documents,
            respondents,
            inputs: provenance
                .inputs
                .iter()
                .map(|(path, hash)| ManifestInput {
                    path: fs::canonicalize(path).unwrap_or_else(|_| path.clone()),
                    blake3: hash.clone(),
                })
                .collect(),
            lexicon: provenance.lexicon.clone(),
            questions: layout.questions.clone(),
            attributes: layout.attributes.clone(),
            frame: layout.frame.clone(),
            campaigns,
        }
    }

    /// Writes the manifest into `dir` and flushes it to disk.
    pub(crate) fn write(&self, dir: &Path) -> Result<(), IndexError> {
        let path = dir.join(MANIFEST_FILE);
        let json = serde_json::to_vec_pretty(self).map_err(|source| IndexError::Manifest {
            path: path.clone(),
            source,
        })?;
        let mut file = fs::File::create(&path).map_err(io_err("create", &path))?;
        file.write_all(&json).map_err(io_err("write", &path))?;
        file.write_all(b"\n").map_err(io_err("write", &path))?;
        file.sync_all().map_err(io_err("sync", &path))?;
        Ok(())
    }

    /// Reads the manifest of the index in `dir`.
    pub(crate) fn read(dir: &Path) -> Result<Manifest, IndexError> {
        let path = dir.join(MANIFEST_FILE);
        let bytes = match fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(IndexError::Invalid {
                    dir: dir.to_path_buf(),
                    reason: format!("{MANIFEST_FILE} is missing"),
                })
            }
            Err(e) => return Err(io_err("read", &path)(e)),
        };
        let manifest: Manifest =
            serde_json::from_slice(&bytes).map_err(|source| IndexError::Manifest {
                path: path.clone(),
                source,
            })?;
        if manifest.format != MANIFEST_FORMAT {
            return Err(IndexError::Invalid {
                dir: dir.to_path_buf(),
                reason: format!(
                    "index format {} (this hearken reads format {MANIFEST_FORMAT}); rebuild it with `hearken run`",
                    manifest.format
                ),
            });
        }
        Ok(manifest)
    }
}
