//! The streaming part of a run: three threads hand [`CodedBatch`]es on, batch by batch. One
//! reads and codes (coding fans out over rayon), one adds each batch to the index and to
//! `coded.csv`, and the caller's thread folds it into the summary. Bounded channels keep at most
//! [`IN_FLIGHT`] batches waiting at each hand-over.

use super::{timed, PipelineError, StageTimes};
use crate::coding::Coder;
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
use std::time::{Duration, Instant};

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
    ) -> Result<CodedCsv, PipelineError> {
        let path = dir.join("coded.csv");
        let tmp = path.with_extension("partial");
        let file = fs::File::create(&tmp).map_err(PipelineError::write(&path))?;
        let writer = CodedWriter::new(BufWriter::new(file), schema, frame, true)
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
    coder: &Coder,
    sinks: Sinks,
    mut summary: SummaryBuilder<'a>,
    progress: &dyn Progress,
    t: &mut StageTimes,
) -> Result<(Streamed<'a>, Sinks), PipelineError> {
    let rows = progress.start("ingest + code", None, Unit::Rows);
    let (mut respondents, mut answers, mut answers_coded) = (0u64, 0u64, 0u64);
    let (read, written) = std::thread::scope(|scope| -> Result<_, PipelineError> {
        let (tx, rx) = mpsc::sync_channel::<Result<CodedBatch, PipelineError>>(IN_FLIGHT);
        let (itx, irx) = mpsc::sync_channel::<Arc<CodedBatch>>(IN_FLIGHT);
        let reading = scope.spawn(move || read_and_code(inputs, coder, &tx));
        let writing = scope.spawn(move || index_and_write(sinks, irx));
        for item in rx {
            let batch = Arc::new(item?);
            respondents += batch.respondents.len() as u64;
            answers += batch.codings.len() as u64;
            answers_coded += batch.answers_coded();
            rows.add(batch.respondents.len() as u64);
            if itx.send(Arc::clone(&batch)).is_err() {
                // Indexing failed; its error is returned below.
                break;
            }
            timed(&mut t.summarise, || summary.add(&batch));
        }
        drop(itx);
        let lost =
            |what: &str| PipelineError::Internal(format!("the {what} thread stopped unexpectedly"));
        let written = writing.join().unwrap_or_else(|_| Err(lost("indexing")))?;
        let read = reading.join().map_err(|_| lost("reading"))?;
        Ok((read, written))
    })?;
    rows.finish();
    t.ingest += read.ingest;
    t.code += read.code;
    t.index += written.index_time;
    t.report += written.write_time;
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
    ingest: Duration,
    code: Duration,
}

/// Reads every input in turn, codes each batch and sends it on; stops early when the receiver
/// has gone (a later stage failed) or sends the error that stopped reading.
fn read_and_code(
    mut inputs: Inputs<'_>,
    coder: &Coder,
    tx: &mpsc::SyncSender<Result<CodedBatch, PipelineError>>,
) -> ReadSide {
    let (mut ingest, mut code) = (Duration::ZERO, Duration::ZERO);
    loop {
        let batch = match timed(&mut ingest, || inputs.next_batch()) {
            Ok(Some(batch)) => batch,
            Ok(None) => break,
            Err(e) => {
                let _ = tx.send(Err(e.into()));
                break;
            }
        };
        let coded = timed(&mut code, || coder.code_batch(batch));
        if tx.send(Ok(coded)).is_err() {
            break;
        }
    }
    ReadSide {
        accounting: inputs.finish(),
        ingest,
        code,
    }
}

/// What the indexing thread hands back when every batch is in.
struct WriteSide {
    sinks: Sinks,
    index_time: Duration,
    write_time: Duration,
}

/// Adds every batch to the index and to `coded.csv` as it arrives.
fn index_and_write(
    mut sinks: Sinks,
    batches: mpsc::Receiver<Arc<CodedBatch>>,
) -> Result<WriteSide, PipelineError> {
    let (mut index_time, mut write_time) = (Duration::ZERO, Duration::ZERO);
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
            let started = Instant::now();
            index.flush().map(|()| started.elapsed())
        });
        let campaigns = timed(&mut t.campaigns, || summary.detect_campaigns());
        (campaigns, flushing.join())
    });
    t.index += flushed.unwrap_or_else(|_| {
        Err(IndexError::Invalid {
            dir: index.building_dir().to_path_buf(),
            reason: "the index writer stopped unexpectedly".to_string(),
        })
    })?;
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
