//! Provenance: where every output came from, recorded once for every command that writes one.
//!
//! One place hashes files ([`hash_file`]), fingerprints the lexicon answers were coded with
//! ([`lexicon_fingerprint`], the same for `hearken run`, the index and `hearken search
//! --lexicons`), and shapes the input entries of the manifests (`manifest.json` of a run or a
//! publication, `hearken-index.json` of an index).

use crate::model::{Accounting, Format};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// A file whose provenance was wanted could not be read.
#[derive(Debug, thiserror::Error)]
#[error("{}: {source}", path.display())]
pub struct ProvenanceError {
    /// The file.
    pub path: PathBuf,
    /// The system's error.
    #[source]
    pub source: io::Error,
}

/// The blake3 hex hash of a file's content, read as a stream.
pub fn hash_file(path: &Path) -> Result<String, ProvenanceError> {
    let err = |source| ProvenanceError {
        path: path.to_path_buf(),
        source,
    };
    let file = fs::File::open(path).map_err(err)?;
    let mut hasher = blake3::Hasher::new();
    hasher.update_reader(file).map_err(err)?;
    Ok(hasher.finalize().to_hex().to_string())
}

/// The blake3 hex hash over a lexicon's files: each file's name (not its folder) and contents,
/// in name order. Every file a lexicon is read from counts (`priorities.toml`, `sets.toml`, the
/// theme files), so any edit changes it, and the bundled lexicon has the fingerprint of a copy
/// of `lexicons/`.
pub fn lexicon_fingerprint(files: &[(PathBuf, String)]) -> String {
    let mut named: Vec<(String, &str)> = files
        .iter()
        .map(|(path, text)| {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            (name, text.as_str())
        })
        .collect();
    named.sort();
    let mut hasher = blake3::Hasher::new();
    for (name, content) in named {
        hasher.update(name.as_bytes());
        hasher.update(&[0]);
        hasher.update(&(content.len() as u64).to_le_bytes());
        hasher.update(content.as_bytes());
    }
    hasher.finalize().to_hex().to_string()
}

/// The fingerprint of the lexicon in `dir` (the bundled one for `None`), read exactly as a run
/// reads it.
pub fn lexicon_dir_fingerprint(dir: Option<&Path>) -> Result<String, crate::lexicon::LexiconError> {
    Ok(lexicon_fingerprint(&crate::lexicon::lexicon_files(dir)?))
}

/// Where an index or a run came from: the inputs with their hashes, the lexicon fingerprint and
/// the hearken version; recorded so a search can tell when they changed.
#[derive(Debug, Clone, PartialEq)]
pub struct Provenance {
    /// Each input file with the blake3 hex hash of its content (see [`hash_file`]).
    pub inputs: Vec<(PathBuf, String)>,
    /// The fingerprint of the lexicon files used for coding (see [`lexicon_fingerprint`]).
    pub lexicon: String,
    /// The hearken version that did the work.
    pub hearken_version: String,
}

impl Provenance {
    /// Provenance for the given input files (hashed now) and lexicon fingerprint, with this
    /// build's version.
    pub fn for_inputs(inputs: &[PathBuf], lexicon: String) -> Result<Provenance, ProvenanceError> {
        let inputs = inputs
            .iter()
            .map(|path| Ok((path.clone(), hash_file(path)?)))
            .collect::<Result<_, ProvenanceError>>()?;
        Ok(Provenance {
            inputs,
            lexicon,
            hearken_version: VERSION.to_string(),
        })
    }
}

/// This build's version, as every manifest records it.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Each input with the blake3 hex hash of its content.
pub type InputHashes = Vec<(PathBuf, String)>;

/// Two inputs with the same content: the later one, then the earlier one.
pub type SameContent = (PathBuf, PathBuf);

/// Hashes every input, refusing the same content given twice (the inner `Err` names the two).
pub fn hash_distinct_inputs(
    inputs: &[PathBuf],
) -> Result<Result<InputHashes, SameContent>, ProvenanceError> {
    let mut hashes: InputHashes = Vec::with_capacity(inputs.len());
    for path in inputs {
        let hash = hash_file(path)?;
        if let Some((first, _)) = hashes.iter().find(|(_, h)| *h == hash) {
            return Ok(Err((path.clone(), first.clone())));
        }
        hashes.push((path.clone(), hash));
    }
    Ok(Ok(hashes))
}

/// One input as a manifest records it: path, content hash, format and row accounting.
#[derive(Serialize)]
pub struct InputRecord<'a> {
    path: String,
    blake3: String,
    format: &'static str,
    accounting: &'a Accounting,
    rejected_by_reason: BTreeMap<&'static str, u64>,
}

impl<'a> InputRecord<'a> {
    /// The record of an input with its hash (see [`hash_file`]) and accounting.
    pub fn new(path: &Path, blake3: &str, format: Format, accounting: &'a Accounting) -> Self {
        InputRecord {
            path: path.display().to_string(),
            blake3: blake3.to_string(),
            format: format.name(),
            accounting,
            rejected_by_reason: accounting.rejected_by_reason(),
        }
    }
}

/// A manifest as written: pretty JSON with a final line feed. Manifests hold no timestamps, so
/// two runs on the same input compare byte for byte.
pub fn manifest_json<T: Serialize>(manifest: &T) -> Vec<u8> {
    let mut json = serde_json::to_string_pretty(manifest).unwrap_or_default();
    json.push('\n');
    json.into_bytes()
}

/// The `index` entry of a run manifest: ties the folder's index to the run that wrote it.
#[derive(Debug, Serialize, Deserialize)]
pub struct IndexRecord {
    /// blake3 of `index/hearken-index.json` as the run wrote it.
    pub blake3: String,
}

#[derive(Deserialize)]
struct IndexRecordOnly {
    index: Option<IndexRecord>,
}

/// Whether an index is the one a run manifest names: `run_manifest` is the `manifest.json` of a
/// run's output folder, `index_manifest` the `hearken-index.json` of the index in it. `Ok(false)`
/// when the two come from different runs; a run manifest that is missing or names no index
/// passes.
pub fn index_matches_run(
    run_manifest: &Path,
    index_manifest: &Path,
) -> Result<bool, ProvenanceError> {
    let Ok(bytes) = fs::read(run_manifest) else {
        return Ok(true);
    };
    let recorded = serde_json::from_slice::<IndexRecordOnly>(&bytes)
        .ok()
        .and_then(|m| m.index);
    let Some(recorded) = recorded else {
        return Ok(true);
    };
    Ok(hash_file(index_manifest)? == recorded.blake3)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn copy_bundled(dir: &Path) {
        for (path, text) in crate::lexicon::default_files() {
            let name = Path::new(path).file_name().expect("a file name");
            fs::write(dir.join(name), text).expect("write");
        }
    }

    #[test]
    fn the_bundled_lexicon_and_a_copy_of_it_have_one_fingerprint() {
        let tmp = tempfile::tempdir().expect("tempdir");
        copy_bundled(tmp.path());
        let bundled = lexicon_dir_fingerprint(None).expect("bundled");
        assert_eq!(
            lexicon_dir_fingerprint(Some(tmp.path())).expect("copy"),
            bundled
        );
        // A file that is not part of a lexicon does not count.
        fs::write(tmp.path().join("README.md"), "notes").expect("write");
        assert_eq!(
            lexicon_dir_fingerprint(Some(tmp.path())).expect("copy"),
            bundled
        );
    }

    #[test]
    fn any_edit_changes_the_fingerprint_sets_included() {
        let tmp = tempfile::tempdir().expect("tempdir");
        copy_bundled(tmp.path());
        let before = lexicon_dir_fingerprint(Some(tmp.path())).expect("before");
        let sets = tmp.path().join("sets.toml");
        let mut text = fs::read_to_string(&sets).expect("sets.toml");
        text.push_str("\n# an edit\n");
        fs::write(&sets, text).expect("write");
        assert_ne!(
            lexicon_dir_fingerprint(Some(tmp.path())).expect("after"),
            before
        );
    }

    #[test]
    fn the_same_input_twice_is_named() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let (a, b) = (tmp.path().join("a.csv"), tmp.path().join("b.csv"));
        fs::write(&a, "id,text\n1,x\n").expect("write");
        fs::write(&b, "id,text\n1,x\n").expect("write");
        let same = hash_distinct_inputs(&[a.clone(), b.clone()]).expect("read");
        assert_eq!(same, Err((b, a.clone())));
        let one = hash_distinct_inputs(std::slice::from_ref(&a))
            .expect("read")
            .expect("distinct");
        assert_eq!(one[0].1, hash_file(&a).expect("hash"));
        assert_eq!(
            one[0].1,
            blake3::hash(b"id,text\n1,x\n").to_hex().to_string()
        );
    }
}
