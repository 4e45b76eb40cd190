//! The files a run writes once every batch is in: the reports, `campaigns.csv`, `coded.csv`
//! (finished) and `manifest.json`.

use super::stream::Finished;
use super::timings::{timed, StageTimes};
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
    /// The reviewed sheets the run read.
    pub(super) reviewed: &'a [std::path::PathBuf],
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
    /// The overrides file and reviewed sheets, by name and content hash, when the run used any.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    review: Vec<ReviewFile>,
}

/// A file of the reviewer loop the run read.
#[derive(Serialize)]
struct ReviewFile {
    role: &'static str,
    file: String,
    blake3: String,
}

#[derive(Serialize)]
struct ManifestLexicon<'a> {
    source: String,
    hash: &'a str,
    themes: usize,
}

/// Writes every file of the run into `run.dir`; returns their names, sorted, `index/` last.
/// Finishing the summary counts to `summarise`, the rest to `report`.
pub(super) fn write(
    run: &Run<'_>,
    done: Finished<'_>,
    t: &mut StageTimes,
) -> Result<Vec<String>, PipelineError> {
    let dir = run.dir;
    let Finished {
        streamed,
        campaigns,
        coded,
    } = done;
    let (campaigns_csv, manifest) = timed(&mut t.report, || {
        let mut campaigns_csv = Vec::new();
        report::write_campaigns_csv(&mut campaigns_csv, &campaigns, &|seq| {
            streamed.summary.kept_id(seq).map(str::to_string)
        })
        .map_err(PipelineError::write(&dir.join("campaigns.csv")))?;
        Ok::<_, PipelineError>((campaigns_csv, manifest(run, &streamed.accounting)?))
    })?;
    let summary = timed(&mut t.summarise, || {
        streamed.summary.finish(&campaigns, &streamed.accounting)
    });
    timed(&mut t.report, || {
        coded.finish()?;
        // The four renderings read the same summary and nothing else: side by side.
        let s = &summary;
        let ((html, markdown), (json, themes)) = rayon::join(
            || rayon::join(|| report::html(s), || report::markdown(s)),
            || rayon::join(|| report::summary_json(s), || report::themes_csv(s)),
        );
        let outputs: Vec<(&str, Vec<u8>)> = vec![
            ("report.html", html.into_bytes()),
            ("report.md", markdown.into_bytes()),
            ("summary.json", json.into_bytes()),
            ("themes.csv", themes.into_bytes()),
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
    })
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
        review: review_files(run)?,
    };
    Ok(provenance::manifest_json(&manifest))
}

/// The overrides file and reviewed sheets with their hashes, in that order.
fn review_files(run: &Run<'_>) -> Result<Vec<ReviewFile>, PipelineError> {
    let overrides = run
        .codebook
        .overrides
        .iter()
        .map(|o| ("overrides", &o.path));
    let sheets = run.reviewed.iter().map(|p| ("reviewed", p));
    overrides
        .chain(sheets)
        .map(|(role, path)| {
            Ok(ReviewFile {
                role,
                file: path
                    .file_name()
                    .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
                blake3: provenance::hash_file(path)?,
            })
        })
        .collect()
}

/// Write to a sibling temporary file, then rename, so a reader never sees half a file.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), PipelineError> {
    let tmp = path.with_extension("partial");
    fs::write(&tmp, bytes)
        .and_then(|()| fs::rename(&tmp, path))
        .map_err(PipelineError::write(path))
}
