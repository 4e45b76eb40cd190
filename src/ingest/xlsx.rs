//! Excel workbooks (Microsoft Forms and any `.xlsx`): the first sheet, read with calamine.
//!
//! calamine reads a sheet into memory as one range; Excel caps a sheet at 1,048,576 rows, so a
//! survey sheet stays a bounded size. Rows are then handed out one at a time like CSV records.

use super::fields::{Fields, RawRow};
use super::IngestError;
use calamine::{Data, Range, Reader};
use std::path::Path;

/// The rows of the first sheet of a workbook.
pub struct XlsxSource {
    range: Range<Data>,
    next: usize,
    first_row: u64,
}

impl XlsxSource {
    /// Opens the workbook and loads its first sheet.
    pub fn open(path: &Path) -> Result<Self, IngestError> {
        let err = |message: String| IngestError::Workbook {
            path: path.to_path_buf(),
            message,
        };
        let mut book = calamine::open_workbook_auto(path).map_err(|e| err(e.to_string()))?;
        let range = match book.worksheet_range_at(0) {
            Some(r) => r.map_err(|e| err(e.to_string()))?,
            None => return Err(err("it has no sheets".to_string())),
        };
        let first_row = range.start().map_or(0, |(r, _)| u64::from(r));
        Ok(XlsxSource {
            range,
            next: 0,
            first_row,
        })
    }

    /// Starts again from the first row.
    pub fn rewind(&mut self) {
        self.next = 0;
    }

    /// Rows handed out so far, as a stand-in for bytes in progress reports.
    pub fn position(&self) -> u64 {
        self.next as u64
    }

    /// Number of rows in the sheet.
    pub fn height(&self) -> u64 {
        self.range.height() as u64
    }

    /// Reads the next non-empty row into `out`; `None` after the last row.
    pub fn next_row(&mut self, out: &mut Fields) -> Option<RawRow> {
        let (height, width) = self.range.get_size();
        while self.next < height {
            let index = self.next;
            self.next += 1;
            let cells = (0..width).map(|c| self.range.get((index, c)).unwrap_or(&Data::Empty));
            if cells.clone().all(|c| matches!(c, Data::Empty)) {
                continue;
            }
            out.clear();
            for cell in cells {
                cell_text(cell, out.push_slot());
            }
            return Some(RawRow {
                line: self.first_row + index as u64 + 1,
                undecodable: None,
            });
        }
        None
    }
}

/// A cell as the text a user sees: whole numbers without ".0", dates as `YYYY-MM-DD HH:MM:SS`.
fn cell_text(cell: &Data, out: &mut String) {
    use std::fmt::Write;
    let _ = match cell {
        Data::Empty => Ok(()),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => write!(out, "{}", *f as i64),
        Data::DateTime(dt) => {
            let (y, mo, d, h, mi, s, _) = dt.to_ymd_hms_milli();
            write!(out, "{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
        }
        other => write!(out, "{other}"),
    };
}
