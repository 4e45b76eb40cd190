//! The streaming part of a run: three threads hand [`CodedBatch`]es on, batch by batch. One
//! reads and codes (coding fans out over rayon), one adds each batch to the index and to
//! `coded.csv`, and the caller's thread folds it into the summary. Bounded channels keep at most
//! [`IN_FLIGHT`] batches waiting at each hand-over.

use super::timings::{pool_cpu, timed, Stage, StageTimes};
use super::PipelineError;
use crate::coding::AnswerCoder;
use crate::index::{IndexBuilder, IndexError};
use crate::ingest::Inputs;
use crate::model::{Accounting, CodeFrame, CodedBatch, SurveySchema};
use crate::progress::{Progress, Unit};
use crate::provenance::Provenance;
use crate::report::CodedWriter;
use crate::summary::{Campaigns, SummaryBuilder};
use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc};

/// Coded batches that may wait for the index and summary before reading pauses.
const IN_FLIGHT: usize = 2;

/// `coded.csv`, written as batches arrive under a temporary name and renamed when complete.
pub(super) struct CodedCsv {
    path: PathBuf,
    tmp: PathBuf,
    writer: CodedWriter<BufWriter<fs::File>>,
}

impl CodedCsv {
    /// Starts `coded.csv` in `dir`.
    pub(super) fn create(
        dir: &Path,
        schema: &SurveySchema,
        frame: &CodeFrame,
        sources: bool,
    ) -> Result<CodedCsv, PipelineError> {
        let path = dir.join("coded.csv");
        let tmp = path.with_extension("partial");
        let file = fs::File::create(&tmp).map_err(PipelineError::write(&path))?;
        let writer = CodedWriter::with_sources(BufWriter::new(file), schema, frame, true, sources)
            .map_err(PipelineError::write(&path))?;
        Ok(CodedCsv { path, tmp, writer })
    }

    fn write(&mut self, batch: &CodedBatch) -> Result<(), PipelineError> {
        self.writer
            .write(batch)
            .map_err(PipelineError::write(&self.path))
    }

    /// Flushes the file and gives it its name.
    pub(super) fn finish(self) -> Result<(), PipelineError> {
        self.writer
            .finish()
            .and_then(|mut w| w.flush())
            .and_then(|()| fs::rename(&self.tmp, &self.path))
            .map_err(PipelineError::write(&self.path))
    }
}

/// Where the indexing thread puts each batch.
pub(super) struct Sinks {
    /// The index being built.
    pub(super) index: IndexBuilder,
    /// `coded.csv`.
    pub(super) coded: CodedCsv,
}

/// Everything read and coded, folded into the summary, the index and `coded.csv`.
pub(super) struct Streamed<'a> {
    pub(super) accounting: Vec<Accounting>,
    pub(super) respondents: u64,
    pub(super) answers: u64,
    pub(super) answers_coded: u64,
    pub(super) summary: SummaryBuilder<'a>,
}

/// Reads every input through the coder into the sinks and the summary.
pub(super) fn run<'a>(
    inputs: Inputs<'_>,
    coder: &AnswerCoder<'_>,
    sinks: Sinks,
    mut summary: SummaryBuilder<'a>,
    progress: &dyn Progress,
    t: &mut StageTimes,
) -> Result<(Streamed<'a>, Sinks), PipelineError> {
    // Coding fans out over a pool of its own, so that its busy time is told apart from the
    // summary's, which uses the global one.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(rayon::current_num_threads())
        .thread_name(|i| format!("hearken-code-{i}"))
        .build()
        .map_err(|e| PipelineError::Internal(format!("could not start the coding threads: {e}")))?;
    let rows = progress.start("ingest + code", None, Unit::Rows);
    let (mut respondents, mut answers, mut answers_coded) = (0u64, 0u64, 0u64);
    let summary_workers = pool_cpu(None);
    let (read, written) = std::thread::scope(|scope| -> Result<_, PipelineError> {
        let (tx, rx) = mpsc::sync_channel::<Result<CodedBatch, PipelineError>>(IN_FLIGHT);
        let (itx, irx) = mpsc::sync_channel::<Arc<CodedBatch>>(IN_FLIGHT);
        let pool = &pool;
        let reading = scope.spawn(move || read_and_code(inputs, coder, pool, &tx));
        let writing = scope.spawn(move || index_and_write(sinks, irx));
        for item in rx {
            // The words go to the summary only: the index has its own tokenizer.
            let mut batch = item?;
            let words = std::mem::take(&mut batch.words);
            let batch = Arc::new(batch);
            respondents += batch.respondents.len() as u64;
            answers += batch.codings.len() as u64;
            answers_coded += batch.answers_coded();
            rows.add(batch.respondents.len() as u64);
            if itx.send(Arc::clone(&batch)).is_err() {
                // Indexing failed; its error is returned below.
                break;
            }
            timed(&mut t.summarise, || summary.add_segmented(&batch, words));
        }
        drop(itx);
        let lost =
            |what: &str| PipelineError::Internal(format!("the {what} thread stopped unexpectedly"));
        let written = writing.join().unwrap_or_else(|_| Err(lost("indexing")))?;
        let read = reading.join().map_err(|_| lost("reading"))?;
        Ok((read, written))
    })?;
    rows.finish();
    t.summarise.busy += pool_cpu(None).saturating_sub(summary_workers);
    t.ingest.add(read.ingest);
    t.code.add(read.code);
    t.index.add(written.index_time);
    t.report.add(written.write_time);
    let streamed = Streamed {
        accounting: read.accounting,
        respondents,
        answers,
        answers_coded,
        summary,
    };
    Ok((streamed, written.sinks))
}

/// What the reading thread hands back when every input is read.
struct ReadSide {
    accounting: Vec<Accounting>,
    ingest: Stage,
    code: Stage,
}

/// Reads every input in turn, codes each batch and sends it on; stops early when the receiver
/// has gone (a later stage failed) or sends the error that stopped reading.
fn read_and_code(
    mut inputs: Inputs<'_>,
    coder: &AnswerCoder<'_>,
    pool: &rayon::ThreadPool,
    tx: &mpsc::SyncSender<Result<CodedBatch, PipelineError>>,
) -> ReadSide {
    let (mut ingest, mut code) = (Stage::default(), Stage::default());
    let workers = pool_cpu(Some(pool));
    loop {
        let batch = match timed(&mut ingest, || inputs.next_batch()) {
            Ok(Some(batch)) => batch,
            Ok(None) => break,
            Err(e) => {
                let _ = tx.send(Err(e.into()));
                break;
            }
        };
        let coded = timed(&mut code, || pool.install(|| coder.code_batch(batch)));
        if tx.send(Ok(coded)).is_err() {
            break;
        }
    }
    code.busy += pool_cpu(Some(pool)).saturating_sub(workers);
    ReadSide {
        accounting: inputs.finish(),
        ingest,
        code,
    }
}

/// What the indexing thread hands back when every batch is in.
struct WriteSide {
    sinks: Sinks,
    index_time: Stage,
    write_time: Stage,
}

/// Adds every batch to the index and to `coded.csv` as it arrives.
fn index_and_write(
    mut sinks: Sinks,
    batches: mpsc::Receiver<Arc<CodedBatch>>,
) -> Result<WriteSide, PipelineError> {
    let (mut index_time, mut write_time) = (Stage::default(), Stage::default());
    for batch in batches {
        timed(&mut index_time, || sinks.index.add_batch(&batch))?;
        timed(&mut write_time, || sinks.coded.write(&batch))?;
    }
    Ok(WriteSide {
        sinks,
        index_time,
        write_time,
    })
}

/// A run once campaigns are found and the index is committed.
pub(super) struct Finished<'a> {
    pub(super) streamed: Streamed<'a>,
    pub(super) campaigns: Campaigns,
    pub(super) coded: CodedCsv,
}

/// Finds the campaigns while the index writes its documents to disk, then commits the index with
/// the campaigns and the run's provenance.
pub(super) fn finish<'a>(
    (streamed, sinks): (Streamed<'a>, Sinks),
    provenance: &Provenance,
    progress: &dyn Progress,
    t: &mut StageTimes,
) -> Result<Finished<'a>, PipelineError> {
    let Sinks { mut index, coded } = sinks;
    let spinner = progress.start("campaigns + index", None, Unit::Steps);
    let summary = &streamed.summary;
    let (campaigns, flushed) = std::thread::scope(|scope| {
        let index = &mut index;
        let flushing = scope.spawn(move || {
            let mut stage = Stage::default();
            timed(&mut stage, || index.flush()).map(|()| stage)
        });
        let workers = pool_cpu(None);
        let campaigns = timed(&mut t.campaigns, || summary.detect_campaigns());
        t.campaigns.busy += pool_cpu(None).saturating_sub(workers);
        (campaigns, flushing.join())
    });
    let flushed = flushed.unwrap_or_else(|_| {
        Err(IndexError::Invalid {
            dir: index.building_dir().to_path_buf(),
            reason: "the index writer stopped unexpectedly".to_string(),
        })
    })?;
    t.index.add(flushed);
    spinner.finish();
    timed(&mut t.index, || -> Result<(), PipelineError> {
        index.set_campaigns(&campaigns.member_of);
        index.commit(provenance)?;
        Ok(())
    })?;
    Ok(Finished {
        streamed,
        campaigns,
        coded,
    })
}
