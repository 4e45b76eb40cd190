//! The files a run writes once every batch is in: the reports, `campaigns.csv`, `coded.csv`
//! (finished) and `manifest.json`.

use super::stream::Finished;
use super::PipelineError;
use crate::coding::Codebook;
use crate::model::{Accounting, SurveySchema};
use crate::output::{MANIFEST, RUN_OUTPUTS};
use crate::provenance::{self, IndexRecord, InputRecord, Provenance};
use crate::report;
use serde::Serialize;
use std::fs;
use std::path::Path;

/// What the outputs of a run are written from, besides the finished stream.
pub(super) struct Run<'a> {
    /// The folder being written.
    pub(super) dir: &'a Path,
    pub(super) schema: &'a SurveySchema,
    pub(super) codebook: &'a Codebook,
    pub(super) provenance: &'a Provenance,
}

/// `manifest.json`: row accounting, versions and input hashes; no timestamps, so runs compare.
/// `outputs` lists what hearken owns in the folder; `index.blake3` ties the folder's index to
/// this run (see [`super::check_output_index`]).
#[derive(Serialize)]
struct Manifest<'a> {
    hearken_version: &'a str,
    outputs: Vec<String>,
    index: IndexRecord,
    inputs: Vec<InputRecord<'a>>,
    lexicon: ManifestLexicon<'a>,
}

#[derive(Serialize)]
struct ManifestLexicon<'a> {
    source: String,
    hash: &'a str,
    themes: usize,
}

/// Writes every file of the run into `run.dir`; returns their names, sorted, `index/` last.
pub(super) fn write(run: &Run<'_>, done: Finished<'_>) -> Result<Vec<String>, PipelineError> {
    let dir = run.dir;
    let Finished {
        streamed,
        campaigns,
        coded,
    } = done;
    let mut campaigns_csv = Vec::new();
    report::write_campaigns_csv(&mut campaigns_csv, &campaigns, &|seq| {
        streamed.summary.kept_id(seq).map(str::to_string)
    })
    .map_err(PipelineError::write(&dir.join("campaigns.csv")))?;
    let manifest = manifest(run, &streamed.accounting)?;
    let summary = streamed.summary.finish(&campaigns, &streamed.accounting);
    coded.finish()?;
    let outputs: Vec<(&str, Vec<u8>)> = vec![
        ("report.html", report::html(&summary).into_bytes()),
        ("report.md", report::markdown(&summary).into_bytes()),
        ("summary.json", report::summary_json(&summary).into_bytes()),
        ("themes.csv", report::themes_csv(&summary).into_bytes()),
        ("campaigns.csv", campaigns_csv),
        (MANIFEST, manifest),
    ];
    let mut written = vec!["coded.csv".to_string()];
    for (name, bytes) in outputs {
        write_atomically(&dir.join(name), &bytes)?;
        written.push(name.to_string());
    }
    written.sort();
    written.push("index/".to_string());
    Ok(written)
}

/// The bytes of `manifest.json`.
fn manifest(run: &Run<'_>, accounting: &[Accounting]) -> Result<Vec<u8>, PipelineError> {
    let index_manifest = run.dir.join("index").join(crate::index::MANIFEST_FILE);
    let manifest = Manifest {
        hearken_version: &run.provenance.hearken_version,
        outputs: RUN_OUTPUTS
            .iter()
            .map(|n| match *n {
                "index" => "index/".to_string(),
                n => n.to_string(),
            })
            .collect(),
        index: IndexRecord {
            blake3: provenance::hash_file(&index_manifest)?,
        },
        inputs: run
            .provenance
            .inputs
            .iter()
            .zip(accounting)
            .map(|((path, hash), acc)| InputRecord::new(path, hash, run.schema.format, acc))
            .collect(),
        lexicon: ManifestLexicon {
            source: run.codebook.source(),
            hash: &run.provenance.lexicon,
            themes: run.codebook.frame().themes.len(),
        },
    };
    Ok(provenance::manifest_json(&manifest))
}

/// Write to a sibling temporary file, then rename, so a reader never sees half a file.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), PipelineError> {
    let tmp = path.with_extension("partial");
    fs::write(&tmp, bytes)
        .and_then(|()| fs::rename(&tmp, path))
        .map_err(PipelineError::write(path))
}
