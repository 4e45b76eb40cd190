//! `hearken run`: ingest -> code -> index -> summarise -> report, in one pass over the inputs.
//!
//! Rows are read once, in batches: each batch is coded with rayon into a
//! [`CodedBatch`](crate::model::CodedBatch), added to the index (tantivy's writer, with a fixed
//! memory budget), written to `coded.csv` and folded into the running summary, then dropped, so
//! memory does not grow with the number of rows beyond what the summary keeps (see
//! `summary::SummaryBuilder`). Campaigns are found once every row is in; the reports only render
//! the summary. Everything is written into the output folder of [`crate::output`].

mod error;
mod outputs;
mod stream;
mod timings;

pub use error::PipelineError;
pub use timings::StageTiming;
use timings::{timed, StageTimes};

use crate::coding::overrides::Overrides;
use crate::coding::Codebook;
use crate::index::{IndexBuilder, IndexLayout};
use crate::ingest::{IngestOptions, Inputs};
use crate::output::{OutputDir, RUN_OUTPUTS};
use crate::progress::Progress;
use crate::provenance::{self, Provenance};
use crate::summary::{CampaignOptions, SummaryBuilder};
use crate::text::redact::{RedactOptions, Redactor};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How many rows are read before each coding batch; bounds the work in flight.
pub const BATCH: usize = crate::ingest::BATCH;

/// What `hearken run` needs to know.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Survey exports to analyse together (they must share their questions and attributes).
    pub inputs: Vec<PathBuf>,
    /// Output directory; created if missing. The run is written beside it and swapped in whole;
    /// files hearken did not write are kept (see [`crate::output`]).
    pub out: PathBuf,
    /// Lexicon directory; the built-in default lexicons when `None`.
    pub lexicons: Option<PathBuf>,
    /// Ingest settings (explicit column roles).
    pub ingest: IngestOptions,
    /// Memory budget of the index writer in bytes.
    pub index_memory: usize,
    /// Redaction settings for quotes and campaign texts (names to remove everywhere).
    pub redact: RedactOptions,
    /// Reviewers' overrides file, applied after the lexicons.
    pub overrides: Option<PathBuf>,
    /// Coded double-coding sheets (one per reviewer): each share is also given corrected for
    /// the coding error measured on them.
    pub reviewed: Vec<PathBuf>,
}

/// Figures for the end-of-run summary line and for callers that want them.
#[derive(Debug, Clone, Serialize)]
pub struct RunReport {
    /// Data rows read over all inputs.
    pub rows: u64,
    /// Respondents kept (with at least one answer).
    pub respondents: u64,
    /// Rows with no answer to any open question.
    pub blank: u64,
    /// Rows rejected, all reasons.
    pub rejected: u64,
    /// Answers coded (respondent x question).
    pub answers: u64,
    /// Answers that received at least one theme.
    pub answers_coded: u64,
    /// Campaigns detected.
    pub campaigns: usize,
    /// Overrides that were not applied (stale, unknown theme or question, superseded).
    pub override_issues: usize,
    /// Wall time, busy CPU and items of each stage, in pipeline order (see [`StageTiming`]).
    /// Reading and coding run alongside indexing and summarising, so the stages add up to more
    /// than the wall time.
    pub stages: Vec<StageTiming>,
    /// Wall time of the whole run.
    pub elapsed: Duration,
    /// CPU time of the whole run over all threads; `None` where the platform does not say.
    pub cpu: Option<Duration>,
    /// Files written, relative to the output directory.
    pub written: Vec<String>,
    /// What the user should know about how the inputs were read (columns left out by a limit).
    pub notes: Vec<String>,
}

/// Run the whole pipeline and write every output into `opts.out`, telling `progress` how far
/// it has come.
pub fn run(opts: &RunOptions, progress: &dyn Progress) -> Result<RunReport, PipelineError> {
    let (started, cpu_started) = (Instant::now(), timings::process_cpu());
    let mut t = StageTimes::default();
    let codebook = timed(&mut t.setup, || load_codebook(opts))?;
    let hashes = timed(&mut t.setup, || hash_inputs(&opts.inputs))?;
    let inputs = timed(&mut t.ingest, || {
        Inputs::open(&opts.inputs, &opts.ingest, progress)
    })?;
    let schema = inputs.schema().clone();
    require_questions(&schema)?;
    let output = timed(&mut t.setup, || {
        OutputDir::prepare(&opts.out, &opts.inputs, RUN_OUTPUTS)
    })?;
    let dir = output.dir().to_path_buf();
    let (sinks, summary) = timed(&mut t.setup, || setup(opts, &dir, &schema, &codebook))?;
    let answers = codebook.answers(&schema.questions);
    let mut streamed = stream::run(inputs, &answers, sinks, summary, progress, &mut t)?;
    if let Some(o) = &codebook.overrides {
        streamed
            .0
            .summary
            .set_overrides(&o.path, o.rows.len(), answers.issues());
    }
    if !opts.reviewed.is_empty() {
        let (names, accuracy) = timed(&mut t.setup, || reviewed(&opts.reviewed, &codebook))?;
        streamed.0.summary.set_reviewed(names, accuracy);
    }
    let provenance = Provenance {
        inputs: hashes,
        lexicon: codebook.fingerprint.clone(),
        hearken_version: provenance::VERSION.to_string(),
    };
    let finished = stream::finish(streamed, &provenance, progress, &mut t)?;
    let run = outputs::Run {
        dir: &dir,
        schema: &schema,
        codebook: &codebook,
        provenance: &provenance,
        reviewed: &opts.reviewed,
    };
    let mut report = report(&finished, &schema.notes);
    report.written = outputs::write(&run, finished, &mut t)?;
    timed(&mut t.report, || output.commit())?;
    let cpu = timings::process_cpu().saturating_sub(cpu_started);
    let counts = timings::Counts {
        rows: report.rows,
        answers: report.answers,
    };
    report.stages = t.list(&counts, cpu);
    report.elapsed = started.elapsed();
    report.cpu = timings::cpu_known().then_some(cpu);
    Ok(report)
}

/// The lexicon compiled, with the reviewers' overrides when a file is named.
fn load_codebook(opts: &RunOptions) -> Result<Codebook, PipelineError> {
    let overrides = match &opts.overrides {
        Some(path) => Some(Overrides::read(path)?),
        None => None,
    };
    Ok(Codebook::load(opts.lexicons.as_deref())?.with_overrides(overrides))
}

/// The index and `coded.csv` being written, and the empty running summary.
fn setup<'a>(
    opts: &RunOptions,
    dir: &Path,
    schema: &'a crate::model::SurveySchema,
    codebook: &'a Codebook,
) -> Result<(stream::Sinks, SummaryBuilder<'a>), PipelineError> {
    let layout = IndexLayout {
        questions: schema.questions.clone(),
        attributes: schema.attributes.iter().map(|a| a.name.clone()).collect(),
        frame: codebook.frame().clone(),
    };
    let index = IndexBuilder::create(&dir.join("index"), &layout, opts.index_memory)?;
    let coded =
        stream::CodedCsv::create(dir, schema, codebook.frame(), codebook.overrides.is_some())?;
    let redactor = Redactor::with_options(&opts.redact)?;
    let summary = SummaryBuilder::new(schema, codebook.frame(), CampaignOptions::default())
        .redact_with(redactor)
        .with_health(&codebook.lexicon);
    Ok((stream::Sinks { index, coded }, summary))
}

/// Reads the reviewed sheets and pairs hearken's codes with the reviewers' on their answers.
fn reviewed(
    paths: &[PathBuf],
    codebook: &Codebook,
) -> Result<(Vec<String>, crate::review::Accuracy), PipelineError> {
    let sheets = paths
        .iter()
        .map(|p| crate::review::Sheet::read(p, codebook.frame()))
        .collect::<Result<Vec<_>, _>>()?;
    let hearken = crate::review::hearken_codes(codebook, &sheets);
    let names = paths
        .iter()
        .map(|p| {
            p.file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
        })
        .collect();
    let n = codebook.frame().themes.len();
    Ok((names, crate::review::accuracy(n, &sheets, &hearken)))
}

/// Hashes every input, refusing the same export given twice before any work.
fn hash_inputs(inputs: &[PathBuf]) -> Result<Vec<(PathBuf, String)>, PipelineError> {
    provenance::hash_distinct_inputs(inputs)?
        .map_err(|(path, first)| PipelineError::SameInput { path, first })
}

/// An export without an open question gives nothing to code: refused with the columns named,
/// so that `run` and `code` never write an empty coding without saying why.
pub fn require_questions(schema: &crate::model::SurveySchema) -> Result<(), PipelineError> {
    if schema.questions.is_empty() {
        return Err(PipelineError::NoQuestions {
            path: schema.path.clone(),
            columns: crate::ingest::numbered_columns(schema),
        });
    }
    Ok(())
}

/// The figures of a run whose stream is finished (times and files written are filled in last).
fn report(done: &stream::Finished, notes: &[String]) -> RunReport {
    let accounting = &done.streamed.accounting;
    RunReport {
        rows: accounting.iter().map(|a| a.rows).sum(),
        respondents: done.streamed.respondents,
        blank: accounting.iter().map(|a| a.blank).sum(),
        rejected: accounting.iter().map(|a| a.rejected.len() as u64).sum(),
        answers: done.streamed.answers,
        answers_coded: done.streamed.answers_coded,
        campaigns: done.campaigns.campaigns.len(),
        override_issues: done.streamed.summary.override_issues(),
        stages: Vec::new(),
        written: Vec::new(),
        notes: notes.to_vec(),
        elapsed: Duration::ZERO,
        cpu: None,
    }
}

/// Checks that the index in `index_dir` is the one the run manifest beside it names (an output
/// folder of `hearken run`): `Err` says when the two come from different runs. An index with no
/// run manifest beside it passes.
pub fn check_output_index(index_dir: &Path) -> Result<(), PipelineError> {
    let Some(folder) = index_dir.parent() else {
        return Ok(());
    };
    let manifest = folder.join(crate::output::MANIFEST);
    let index_manifest = index_dir.join(crate::index::MANIFEST_FILE);
    if provenance::index_matches_run(&manifest, &index_manifest)? {
        Ok(())
    } else {
        Err(PipelineError::Mismatch {
            index: index_dir.to_path_buf(),
            manifest,
        })
    }
}
