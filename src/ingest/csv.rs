//! Delimited text: a streaming [`RecordReader`] over the file, records reused, fields decoded as
//! each record is read.

use super::decode::{decode_field, decode_lossy, TextEncoding};
use super::fields::{Fields, RawRow, RowProblem};
use super::limits::{MAX_COLUMNS, MAX_FIELD_BYTES, MAX_ROW_BYTES};
use super::records::{Limits, Problem, ReadError, Record, RecordReader};
use super::IngestError;
use std::fs::File;
use std::io::{Seek, SeekFrom};
use std::path::{Path, PathBuf};

/// The limits every export is read with (see [`super::limits`]).
pub const LIMITS: Limits = Limits {
    max_field: MAX_FIELD_BYTES,
    max_record: MAX_ROW_BYTES,
    max_fields: MAX_COLUMNS,
};

/// Reads the records of a delimited file one at a time.
pub struct CsvSource {
    path: PathBuf,
    encoding: TextEncoding,
    delimiter: u8,
    rdr: RecordReader<File>,
    rec: Record,
}

impl CsvSource {
    /// Opens `path` positioned after any byte order mark.
    pub fn open(path: &Path, encoding: TextEncoding, delimiter: u8) -> Result<Self, IngestError> {
        Ok(CsvSource {
            path: path.to_path_buf(),
            encoding,
            delimiter,
            rdr: reader(path, encoding, delimiter)?,
            rec: Record::default(),
        })
    }

    /// Starts again from the first record.
    pub fn rewind(&mut self) -> Result<(), IngestError> {
        self.rdr = reader(&self.path, self.encoding, self.delimiter)?;
        Ok(())
    }

    /// Bytes of the file consumed so far.
    pub fn bytes_read(&self) -> u64 {
        self.rdr.position()
    }

    /// Reads the next record into `out`; `None` at the end of the file.
    pub fn next_row(&mut self, out: &mut Fields) -> Result<Option<RawRow>, IngestError> {
        match self.rdr.read(&mut self.rec) {
            Ok(true) => {}
            Ok(false) => return Ok(None),
            Err(ReadError::Unterminated(u)) => {
                return Err(IngestError::UnterminatedQuote {
                    path: self.path.clone(),
                    line: u.line,
                    field: u.field,
                })
            }
            Err(ReadError::Io(source)) => {
                return Err(IngestError::Io {
                    path: self.path.clone(),
                    source,
                })
            }
        }
        out.clear();
        let mut undecodable = None;
        for (i, bytes) in self.rec.iter().enumerate() {
            let slot = out.push_slot();
            if let Err(offset) = decode_field(self.encoding, bytes, slot) {
                slot.push_str(&decode_lossy(self.encoding, bytes));
                undecodable.get_or_insert((i, offset));
            }
        }
        let problem = self.rec.problem.as_ref().map(|p| match *p {
            Problem::FieldTooLarge(field, bytes) => RowProblem::FieldTooLarge { field, bytes },
            Problem::RecordTooLarge(bytes) => RowProblem::RowTooLarge { bytes },
            Problem::Unbalanced {
                field,
                open_line,
                close_line,
                resume_line,
            } => RowProblem::UnbalancedQuote {
                field,
                open_line,
                close_line,
                resume_line,
            },
        });
        Ok(Some(RawRow {
            line: self.rec.line,
            end_line: self.rec.end_line,
            fields: self.rec.fields,
            undecodable,
            problem,
        }))
    }
}

fn reader(
    path: &Path,
    encoding: TextEncoding,
    delimiter: u8,
) -> Result<RecordReader<File>, IngestError> {
    let io = |source| IngestError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut file = File::open(path).map_err(io)?;
    file.seek(SeekFrom::Start(encoding.bom_len())).map_err(io)?;
    Ok(RecordReader::new(
        file,
        encoding.bom_len(),
        delimiter,
        LIMITS,
    ))
}
