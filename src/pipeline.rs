//! `hearken run`: ingest -> code -> index -> summarise -> report, in one pass over the inputs.
//!
//! Rows are read once, in batches: each batch is coded with rayon, added to the index (tantivy's
//! writer, with a fixed memory budget), written to `coded.csv` and folded into the running summary,
//! then dropped, so memory does not grow with the number of rows beyond what the summary keeps
//! (see `summary::SummaryBuilder`). Campaigns are found once every row is in; the reports only
//! render the summary.

use crate::coding::{Coder, CodingError};
use crate::index::{IndexBuilder, IndexError, IndexLayout, Provenance};
use crate::ingest::{IngestError, IngestOptions, Reader};
use crate::lexicon::{self, Lexicon, LexiconError};
use crate::model::{Accounting, Coding, Respondent, SurveySchema};
use crate::output::{OutputDir, OutputError};
use crate::report;
use crate::summary::{CampaignOptions, SummaryBuilder};
use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;
use std::collections::HashMap;
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

/// How many rows are read before each coding batch; bounds the work in flight.
pub const BATCH: usize = 4096;
/// Coded batches that may wait for the index and summary before reading pauses.
const IN_FLIGHT: usize = 2;

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
    /// Show progress bars on stderr (only drawn when it is a terminal).
    pub progress: bool,
    /// Redaction settings for quotes and campaign texts (names to remove everywhere).
    pub redact: crate::text::redact::RedactOptions,
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
    /// Time spent in each stage, in order. Reading and coding run alongside indexing and
    /// summarising, so the stages add up to more than the wall time.
    pub stages: Vec<(String, Duration)>,
    /// Wall time of the whole run.
    pub elapsed: Duration,
    /// Files written, relative to the output directory.
    pub written: Vec<String>,
    /// What the user should know about how the inputs were read (columns left out by a limit).
    pub notes: Vec<String>,
}

/// Anything that stops a run; each names the stage and the file concerned.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// An input could not be read.
    #[error(transparent)]
    Ingest(#[from] IngestError),
    /// The lexicon directory could not be loaded.
    #[error(transparent)]
    Lexicon(#[from] LexiconError),
    /// The lexicon could not be compiled into a coder.
    #[error(transparent)]
    Coding(#[from] CodingError),
    /// The index could not be built.
    #[error(transparent)]
    Index(#[from] IndexError),
    /// Two inputs do not have the same questions or attributes.
    #[error("{path}: its columns differ from {first}: {detail}")]
    SchemaMismatch {
        /// The later input.
        path: PathBuf,
        /// The first input.
        first: PathBuf,
        /// What differs.
        detail: String,
    },
    /// No input was given.
    #[error("no input files given")]
    NoInput,
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
    /// A respondent id of one input was already read from another.
    #[error("{}: line {row}: respondent id \"{id}\" was already read from {} (line {first_row}); ids must be unique across the inputs (is one export given twice, or do two waves reuse ids?)", path.display(), first.display())]
    RepeatedId {
        /// The later input.
        path: PathBuf,
        /// Its line.
        row: u64,
        /// The id.
        id: String,
        /// The input that used it first.
        first: PathBuf,
        /// Line there.
        first_row: u64,
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

/// Wall time spent in each stage; stages interleave batch by batch, so each is a sum.
#[derive(Default)]
struct StageTimes {
    ingest: Duration,
    code: Duration,
    summarise: Duration,
    campaigns: Duration,
    index: Duration,
    report: Duration,
}

/// Times one step and adds it to a stage.
fn timed<T>(stage: &mut Duration, f: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let out = f();
    *stage += started.elapsed();
    out
}

/// Run the whole pipeline and write every output into `opts.out`.
///
/// Rows stream through in batches: each batch is read, coded in parallel, added to the index,
/// written to `coded.csv` and folded into the running summary, then dropped. Only the running
/// counts and what campaign detection needs are kept until the end.
pub fn run(opts: &RunOptions) -> Result<RunReport, PipelineError> {
    let Some(first_path) = opts.inputs.first() else {
        return Err(PipelineError::NoInput);
    };
    let run_started = Instant::now();
    let progress = Progress::new(opts.progress);
    let mut t = StageTimes::default();

    let lexicon = match &opts.lexicons {
        Some(dir) => lexicon::load_dir(dir)?,
        None => lexicon::default_lexicon(),
    };
    let coder = Coder::new(&lexicon)?;

    // Every input is hashed first: the same export given twice is refused before any work.
    let mut hashes: Vec<(PathBuf, String)> = Vec::with_capacity(opts.inputs.len());
    for path in &opts.inputs {
        let hash = hash_file(path)?;
        if let Some((first, _)) = hashes.iter().find(|(_, h)| *h == hash) {
            return Err(PipelineError::SameInput {
                path: path.clone(),
                first: first.clone(),
            });
        }
        hashes.push((path.clone(), hash));
    }
    let first = timed(&mut t.ingest, || Reader::open(first_path, &opts.ingest))?;
    let schema = first.schema().clone();
    if schema.questions.is_empty() {
        return Err(PipelineError::NoQuestions {
            path: schema.path.clone(),
            columns: schema
                .columns
                .iter()
                .map(|c| format!("{} \"{}\"", c.index + 1, c.name))
                .collect(),
        });
    }
    let output = OutputDir::prepare(&opts.out, &opts.inputs)?;
    let dir = output.dir().to_path_buf();
    let layout = IndexLayout {
        questions: schema.questions.clone(),
        attributes: schema.attributes.iter().map(|a| a.name.clone()).collect(),
        frame: coder.frame().clone(),
    };
    let index = IndexBuilder::create(&dir.join("index"), &layout, opts.index_memory)?;
    let coded_path = dir.join("coded.csv");
    let coded_tmp = coded_path.with_extension("partial");
    let write_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| PipelineError::Write { path, source }
    };
    let file = fs::File::create(&coded_tmp).map_err(write_err(&coded_path))?;
    let coded = report::CodedWriter::new(io::BufWriter::new(file), &schema, true)
        .map_err(write_err(&coded_path))?;
    let redactor = crate::text::redact::Redactor::with_options(&opts.redact)?;
    let mut summary = SummaryBuilder::new(&schema, coder.frame(), CampaignOptions::default())
        .redact_with(redactor);

    // Three threads, batch by batch: one reads and codes (coding fans out over rayon), one adds
    // to the index and to coded.csv, and this one folds each batch into the summary. Bounded
    // channels keep at most `IN_FLIGHT` batches waiting at each hand-over.
    let bar = progress.counter("ingest + code", "rows");
    let (mut respondents, mut answers, mut answers_coded) = (0u64, 0u64, 0u64);
    let (read_side, written_side) = std::thread::scope(|scope| -> Result<_, PipelineError> {
        let (tx, rx) = mpsc::sync_channel::<Result<Coded, PipelineError>>(IN_FLIGHT);
        let (itx, irx) = mpsc::sync_channel::<Arc<Coded>>(IN_FLIGHT);
        let coder = &coder;
        let schema = &schema;
        let reading = scope.spawn(move || read_and_code(first, opts, schema, coder, &tx));
        let coded_path = &coded_path;
        let writing = scope.spawn(move || index_and_write(index, coded, coded_path, irx));
        for item in rx {
            let batch = Arc::new(item?);
            let (respondents_in, codings) = (&batch.0, &batch.1);
            respondents += respondents_in.len() as u64;
            answers += codings.len() as u64;
            answers_coded += codings.iter().filter(|c| !c.themes.is_empty()).count() as u64;
            bar.inc(respondents_in.len() as u64);
            if itx.send(Arc::clone(&batch)).is_err() {
                // Indexing failed; its error is returned below.
                break;
            }
            timed(&mut t.summarise, || summary.add(&batch.0, &batch.1));
        }
        drop(itx);
        let lost =
            |what: &str| PipelineError::Internal(format!("the {what} thread stopped unexpectedly"));
        let written_side = writing.join().unwrap_or_else(|_| Err(lost("indexing")))?;
        let read_side = reading.join().unwrap_or_else(|_| Err(lost("reading")))?;
        Ok((read_side, written_side))
    })?;
    bar.finish_and_clear();
    let accounting = read_side.accounting;
    t.ingest += read_side.ingest;
    t.code += read_side.code;
    let WriteSide {
        mut index,
        coded,
        index_time,
        write_time,
    } = written_side;
    t.index += index_time;
    t.report += write_time;

    // Campaigns need every answer; the index writes its documents to disk meanwhile.
    let spinner = progress.spinner("campaigns + index");
    let (campaigns, flushed) = std::thread::scope(|scope| {
        let flushing = scope.spawn(|| {
            let started = Instant::now();
            index.flush().map(|()| started.elapsed())
        });
        let campaigns = timed(&mut t.campaigns, || summary.detect_campaigns());
        (campaigns, flushing.join())
    });
    t.index += flushed.unwrap_or_else(|_| {
        Err(crate::index::IndexError::Invalid {
            dir: dir.join("index"),
            reason: "the index writer stopped unexpectedly".to_string(),
        })
    })?;
    spinner.finish_and_clear();

    let provenance = Provenance {
        inputs: hashes,
        lexicon: lexicon_hash(&lexicon),
        hearken_version: env!("CARGO_PKG_VERSION").to_string(),
    };
    timed(&mut t.index, || -> Result<(), PipelineError> {
        index.set_campaigns(&campaigns.member_of);
        index.commit(&provenance)?;
        Ok(())
    })?;

    // Reports.
    let started = Instant::now();
    let mut campaigns_csv = Vec::new();
    report::write_campaigns_csv(&mut campaigns_csv, &campaigns, &|seq| {
        summary.kept_id(seq).map(str::to_string)
    })
    .map_err(write_err(&dir.join("campaigns.csv")))?;
    let n_campaigns = campaigns.campaigns.len();
    let summary = timed(&mut t.summarise, || summary.finish(&campaigns, &accounting));
    let index_manifest = dir.join("index").join(crate::index::MANIFEST_FILE);
    let manifest = Manifest {
        hearken_version: &provenance.hearken_version,
        outputs: crate::output::OUTPUTS
            .iter()
            .map(|n| {
                if *n == "index" {
                    "index/".to_string()
                } else {
                    n.to_string()
                }
            })
            .collect(),
        index: ManifestIndex {
            blake3: hash_file(&index_manifest)?,
        },
        inputs: provenance
            .inputs
            .iter()
            .zip(&accounting)
            .map(|((path, hash), acc)| ManifestInput {
                path: path.display().to_string(),
                blake3: hash.clone(),
                format: schema.format.name(),
                accounting: acc,
                rejected_by_reason: acc.rejected_by_reason(),
            })
            .collect(),
        lexicon: ManifestLexicon {
            source: opts
                .lexicons
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_else(|| "built-in".to_string()),
            hash: &provenance.lexicon,
            themes: coder.frame().themes.len(),
        },
    };
    coded
        .finish()
        .and_then(|mut w| w.flush())
        .and_then(|()| fs::rename(&coded_tmp, &coded_path))
        .map_err(write_err(&coded_path))?;
    let outputs: Vec<(&str, Vec<u8>)> = vec![
        ("report.html", report::html(&summary).into_bytes()),
        ("report.md", report::markdown(&summary).into_bytes()),
        ("summary.json", report::summary_json(&summary).into_bytes()),
        ("themes.csv", report::themes_csv(&summary).into_bytes()),
        ("campaigns.csv", campaigns_csv),
        (
            "manifest.json",
            format!(
                "{}\n",
                serde_json::to_string_pretty(&manifest).unwrap_or_default()
            )
            .into_bytes(),
        ),
    ];
    let mut written = vec!["coded.csv".to_string()];
    for (name, bytes) in outputs {
        let path = dir.join(name);
        write_atomically(&path, &bytes)?;
        written.push(name.to_string());
    }
    written.sort();
    written.push("index/".to_string());
    output.commit()?;
    t.report += started.elapsed();

    let rows = accounting.iter().map(|a| a.rows).sum();
    let blank = accounting.iter().map(|a| a.blank).sum();
    let rejected = accounting.iter().map(|a| a.rejected.len() as u64).sum();
    Ok(RunReport {
        rows,
        respondents,
        blank,
        rejected,
        answers,
        answers_coded,
        campaigns: n_campaigns,
        stages: vec![
            ("ingest".to_string(), t.ingest),
            ("code".to_string(), t.code),
            ("summarise".to_string(), t.summarise),
            ("campaigns".to_string(), t.campaigns),
            ("index".to_string(), t.index),
            ("report".to_string(), t.report),
        ],
        written,
        notes: schema.notes.clone(),
        elapsed: run_started.elapsed(),
    })
}

/// A batch of respondents with their codings, passed from the reading thread.
type Coded = (Vec<Respondent>, Vec<Coding>);

/// What the reading thread hands back when every input is read.
struct ReadSide {
    accounting: Vec<Accounting>,
    ingest: Duration,
    code: Duration,
}

/// Reads every input in turn (the first already open), numbers and codes each batch, and sends
/// it on; stops early when the receiver has gone (a later stage failed).
fn read_and_code(
    first: Reader,
    opts: &RunOptions,
    schema: &SurveySchema,
    coder: &Coder,
    tx: &mpsc::SyncSender<Result<Coded, PipelineError>>,
) -> Result<ReadSide, PipelineError> {
    let mut side = ReadSide {
        accounting: Vec::new(),
        ingest: Duration::ZERO,
        code: Duration::ZERO,
    };
    let mut seq: u64 = 0;
    let mut reader = Some(first);
    let mut next_input = 1;
    // Respondent ids (from an id column) seen in earlier inputs: (input, line). Within one input
    // a repeated id is a rejected row; across inputs it is an error.
    let mut ids: HashMap<String, (usize, u64)> = HashMap::new();
    let several = opts.inputs.len() > 1;
    while let Some(mut r) = reader.take() {
        let input = next_input - 1;
        let track = several && r.schema().id_column.is_some();
        loop {
            let mut batch = match timed(&mut side.ingest, || r.next_batch(BATCH)) {
                Ok(b) => b,
                Err(e) => {
                    let _ = tx.send(Err(e.into()));
                    return Ok(side);
                }
            };
            if batch.is_empty() {
                break;
            }
            if track {
                for resp in &batch {
                    if let Some(&(earlier, first_row)) = ids.get(&resp.id) {
                        let _ = tx.send(Err(PipelineError::RepeatedId {
                            path: opts.inputs[input].clone(),
                            row: resp.row,
                            id: resp.id.clone(),
                            first: opts.inputs[earlier].clone(),
                            first_row,
                        }));
                        return Ok(side);
                    }
                    ids.insert(resp.id.clone(), (input, resp.row));
                }
            }
            // Sequence numbers run across all inputs; codings refer to them.
            for resp in batch.iter_mut() {
                resp.seq = seq as u32;
                seq += 1;
            }
            let codings = timed(&mut side.code, || coder.code_respondents(&batch));
            if tx.send(Ok((batch, codings))).is_err() {
                return Ok(side);
            }
        }
        side.accounting.push(r.finish());
        if let Some(path) = opts.inputs.get(next_input) {
            next_input += 1;
            let next = timed(&mut side.ingest, || Reader::open(path, &opts.ingest))
                .map_err(PipelineError::from)
                .and_then(|next| check_same_shape(schema, next.schema()).map(|()| next));
            match next {
                Ok(next) => reader = Some(next),
                Err(e) => {
                    let _ = tx.send(Err(e));
                    return Ok(side);
                }
            }
        }
    }
    Ok(side)
}

/// What the indexing thread hands back when every batch is in.
struct WriteSide {
    index: IndexBuilder,
    coded: report::CodedWriter<io::BufWriter<fs::File>>,
    index_time: Duration,
    write_time: Duration,
}

/// Adds every batch to the index and to `coded.csv` as it arrives.
fn index_and_write(
    mut index: IndexBuilder,
    mut coded: report::CodedWriter<io::BufWriter<fs::File>>,
    coded_path: &Path,
    batches: mpsc::Receiver<Arc<Coded>>,
) -> Result<WriteSide, PipelineError> {
    let (mut index_time, mut write_time) = (Duration::ZERO, Duration::ZERO);
    for batch in batches {
        let (respondents, codings) = (&batch.0, &batch.1);
        timed(&mut index_time, || -> Result<(), PipelineError> {
            let mut start = 0;
            for resp in respondents {
                let end = start
                    + codings[start..]
                        .iter()
                        .take_while(|c| c.respondent == resp.seq)
                        .count();
                index.add(resp, &codings[start..end], None)?;
                start = end;
            }
            Ok(())
        })?;
        timed(&mut write_time, || coded.write(respondents, codings)).map_err(|source| {
            PipelineError::Write {
                path: coded_path.to_path_buf(),
                source,
            }
        })?;
    }
    Ok(WriteSide {
        index,
        coded,
        index_time,
        write_time,
    })
}

/// Later inputs must have the same questions and attributes as the first, in the same order.
pub(crate) fn check_same_shape(
    first: &SurveySchema,
    other: &SurveySchema,
) -> Result<(), PipelineError> {
    let texts = |s: &SurveySchema| {
        s.questions
            .iter()
            .map(|q| q.text.clone())
            .collect::<Vec<_>>()
    };
    let attrs = |s: &SurveySchema| {
        s.attributes
            .iter()
            .map(|a| a.name.clone())
            .collect::<Vec<_>>()
    };
    let detail = if texts(first) != texts(other) {
        format!(
            "open questions {:?} instead of {:?}",
            texts(other),
            texts(first)
        )
    } else if attrs(first) != attrs(other) {
        format!(
            "attributes {:?} instead of {:?}",
            attrs(other),
            attrs(first)
        )
    } else {
        return Ok(());
    };
    Err(PipelineError::SchemaMismatch {
        path: other.path.clone(),
        first: first.path.clone(),
        detail,
    })
}

/// blake3 of a file's bytes, streamed, as hex.
pub(crate) fn hash_file(path: &Path) -> Result<String, PipelineError> {
    let read = |path: &Path| -> io::Result<String> {
        let mut file = fs::File::open(path)?;
        let mut hasher = blake3::Hasher::new();
        let mut buf = vec![0u8; 1 << 16];
        loop {
            let n = file.read(&mut buf)?;
            if n == 0 {
                break;
            }
            hasher.update(&buf[..n]);
        }
        Ok(hasher.finalize().to_hex().to_string())
    };
    read(path).map_err(|source| PipelineError::Write {
        path: path.to_path_buf(),
        source,
    })
}

/// A stable fingerprint of everything in a lexicon that affects coding.
pub fn lexicon_hash(lexicon: &Lexicon) -> String {
    let mut hasher = blake3::Hasher::new();
    hasher.update(format!("{:?}|{:?}|", lexicon.frame, lexicon.assign).as_bytes());
    for theme in &lexicon.themes {
        // Paths are where the files were read from, not what they say: leave them out.
        hasher.update(
            format!(
                "{}|{}|{:?}|{:?}|{:?}|",
                theme.id, theme.threshold, theme.entries, theme.exclude, theme.near
            )
            .as_bytes(),
        );
    }
    hasher.finalize().to_hex().to_string()
}

/// Write to a sibling temporary file, then rename, so a reader never sees half a report.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), PipelineError> {
    let tmp = path.with_extension("partial");
    fs::write(&tmp, bytes)
        .and_then(|()| fs::rename(&tmp, path))
        .map_err(|source| PipelineError::Write {
            path: path.to_path_buf(),
            source,
        })
}

/// `manifest.json`: row accounting, versions and input hashes; no timestamps, so runs compare.
/// `outputs` lists what hearken owns in the folder; `index.blake3` ties the folder's index to
/// this run (see [`check_output_index`]).
#[derive(Serialize)]
struct Manifest<'a> {
    hearken_version: &'a str,
    outputs: Vec<String>,
    index: ManifestIndex,
    inputs: Vec<ManifestInput<'a>>,
    lexicon: ManifestLexicon<'a>,
}

#[derive(Serialize)]
struct ManifestInput<'a> {
    path: String,
    blake3: String,
    format: &'static str,
    accounting: &'a Accounting,
    rejected_by_reason: std::collections::BTreeMap<&'static str, u64>,
}

#[derive(Serialize, serde::Deserialize)]
struct ManifestIndex {
    /// blake3 of `index/hearken-index.json` as this run wrote it.
    blake3: String,
}

#[derive(serde::Deserialize)]
struct ManifestIndexOnly {
    index: Option<ManifestIndex>,
}

/// Checks that the index in `index_dir` is the one the run manifest beside it names (an output
/// folder of `hearken run`): `Err` says when the two come from different runs. An index with no
/// run manifest beside it passes.
pub fn check_output_index(index_dir: &Path) -> Result<(), PipelineError> {
    let Some(folder) = index_dir.parent() else {
        return Ok(());
    };
    let run_manifest = folder.join(crate::output::MANIFEST);
    let Ok(bytes) = fs::read(&run_manifest) else {
        return Ok(());
    };
    let recorded = serde_json::from_slice::<ManifestIndexOnly>(&bytes)
        .ok()
        .and_then(|m| m.index);
    let Some(recorded) = recorded else {
        return Ok(());
    };
    let actual = hash_file(&index_dir.join(crate::index::MANIFEST_FILE))?;
    if actual == recorded.blake3 {
        Ok(())
    } else {
        Err(PipelineError::Mismatch {
            index: index_dir.to_path_buf(),
            manifest: run_manifest,
        })
    }
}

#[derive(Serialize)]
struct ManifestLexicon<'a> {
    source: String,
    hash: &'a str,
    themes: usize,
}

/// Progress bars for the stages, drawn only when asked and stderr is a terminal.
struct Progress {
    multi: MultiProgress,
}

impl Progress {
    fn new(enabled: bool) -> Self {
        let target = if enabled {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        };
        Progress {
            multi: MultiProgress::with_draw_target(target),
        }
    }

    /// A counting bar for a stage whose total is not known in advance.
    fn counter(&self, stage: &str, unit: &str) -> ProgressBar {
        let bar = self.multi.add(ProgressBar::no_length());
        let template = format!("{{spinner}} {stage:<14} {{pos}} {unit} ({{per_sec}}) {{elapsed}}");
        if let Ok(style) = ProgressStyle::with_template(&template) {
            bar.set_style(style);
        }
        bar.enable_steady_tick(Duration::from_millis(120));
        bar
    }

    /// A spinner for a stage without a natural count.
    fn spinner(&self, stage: &str) -> ProgressBar {
        let bar = self.multi.add(ProgressBar::new_spinner());
        bar.set_message(stage.to_string());
        bar.enable_steady_tick(Duration::from_millis(120));
        bar
    }
}
