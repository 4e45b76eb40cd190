//! Several exports read as one survey: each must have the questions and attributes of the first,
//! respondents are numbered across all of them, and a respondent id may be used by one only.

use super::{IngestError, IngestOptions, Reader};
use crate::model::{Accounting, Respondent, SurveySchema};
use crate::progress::{Progress, Task};
use std::collections::HashMap;
use std::path::PathBuf;

/// How many rows are read per batch; bounds the work in flight.
pub const BATCH: usize = 4096;

/// Reads the inputs of one command in turn, batch by batch; see the module documentation.
pub struct Inputs<'a> {
    paths: &'a [PathBuf],
    opts: &'a IngestOptions,
    schema: SurveySchema,
    reader: Option<Reader>,
    /// Position of the input being read in `paths`.
    current: usize,
    seq: u64,
    /// Respondent ids (from an id column) of earlier inputs: (input, line). Within one input a
    /// repeated id is a rejected row; across inputs it is an error.
    ids: HashMap<String, (usize, u64)>,
    accounting: Vec<Accounting>,
    progress: &'a dyn Progress,
    /// The reading task of the input being read.
    reading: Option<Box<dyn Task>>,
}

impl<'a> Inputs<'a> {
    /// Opens the first input; its schema is the survey's. `paths` must not be empty. How far
    /// reading has come goes to `progress`, one task per input.
    pub fn open(
        paths: &'a [PathBuf],
        opts: &'a IngestOptions,
        progress: &'a dyn Progress,
    ) -> Result<Self, IngestError> {
        let first = paths.first().ok_or(IngestError::NoInput)?;
        let reader = Reader::open(first, opts)?;
        Ok(Inputs {
            progress,
            reading: None,
            paths,
            opts,
            schema: reader.schema().clone(),
            reader: Some(reader),
            current: 0,
            seq: 0,
            ids: HashMap::new(),
            accounting: Vec::new(),
        })
    }

    /// The survey's schema (the first input's).
    pub fn schema(&self) -> &SurveySchema {
        &self.schema
    }

    /// The next batch of respondents, numbered (`seq`) across every input; `None` once every
    /// input is read.
    pub fn next_batch(&mut self) -> Result<Option<Vec<Respondent>>, IngestError> {
        while let Some(reader) = self.reader.as_mut() {
            let mut batch = reader.next_batch(BATCH)?;
            if batch.is_empty() {
                self.next_input()?;
                continue;
            }
            let at = reader.position();
            let track = self.paths.len() > 1 && reader.schema().id_column.is_some();
            if track {
                self.track_ids(&batch)?;
            }
            for r in batch.iter_mut() {
                r.seq = self.seq as u32;
                self.seq += 1;
            }
            let progress = self.progress;
            let task = self
                .reading
                .get_or_insert_with(|| progress.start("reading", Some(at.total), at.unit));
            task.set(at.done);
            return Ok(Some(batch));
        }
        Ok(None)
    }

    /// The row accounting of every input, in order; call once `next_batch` gave `None`.
    pub fn finish(self) -> Vec<Accounting> {
        self.accounting
    }

    fn next_input(&mut self) -> Result<(), IngestError> {
        if let Some(task) = self.reading.take() {
            task.finish();
        }
        if let Some(done) = self.reader.take() {
            self.accounting.push(done.finish());
        }
        self.current += 1;
        if let Some(path) = self.paths.get(self.current) {
            let next = Reader::open(path, self.opts)?;
            check_same_shape(&self.schema, next.schema())?;
            self.reader = Some(next);
        }
        Ok(())
    }

    fn track_ids(&mut self, batch: &[Respondent]) -> Result<(), IngestError> {
        for r in batch {
            if let Some(&(earlier, first_row)) = self.ids.get(&r.id) {
                return Err(IngestError::RepeatedId {
                    path: self.paths[self.current].clone(),
                    row: r.row,
                    id: r.id.clone(),
                    first: self.paths[earlier].clone(),
                    first_row,
                });
            }
            self.ids.insert(r.id.clone(), (self.current, r.row));
        }
        Ok(())
    }
}

/// Later inputs must have the same questions and attributes as the first, in the same order.
pub fn check_same_shape(first: &SurveySchema, other: &SurveySchema) -> Result<(), IngestError> {
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
    Err(IngestError::SchemaMismatch {
        path: other.path.clone(),
        first: first.path.clone(),
        detail,
    })
}

/// The columns of an export as `1 "Name"`, for messages.
pub fn numbered_columns(schema: &SurveySchema) -> Vec<String> {
    schema
        .columns
        .iter()
        .map(|c| format!("{} \"{}\"", c.index + 1, c.name))
        .collect()
}
