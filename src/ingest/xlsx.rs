//! Excel workbooks (Microsoft Forms and any `.xlsx`): the first sheet, read cell by cell.
//!
//! `.xlsx` and `.xlsb` sheets are streamed: a reader thread walks the sheet's cells with
//! calamine's cell reader and sends rows over a bounded channel, so memory holds a few rows at a
//! time whatever the sheet's declared size (a stray cell at XFD1048576 costs one row, not a
//! 16,384 x 1,048,576 grid). `.xls` sheets (at most 65,536 x 256 cells by their format) and
//! `.ods` sheets (capped by calamine at 100 million cells) are loaded whole, then handed out the
//! same way. Empty rows are skipped. A workbook whose parts declare more than
//! [`MAX_UNPACKED_BYTES`] unpacked is refused before any of it is read.

use super::fields::{Fields, RawRow, RowProblem};
use super::limits::{MAX_COLUMNS, MAX_FIELD_BYTES, MAX_ROW_BYTES, MAX_SHEET_ROWS};
use super::IngestError;
use calamine::{Data, DataRef, Reader, Xlsb, Xlsx};
use std::collections::VecDeque;
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::thread::JoinHandle;

/// Most bytes a workbook's parts may declare unpacked (1 GiB): the shared strings of a sheet
/// are held in memory while it is read, so a small file that unpacks to gigabytes is refused.
pub const MAX_UNPACKED_BYTES: u64 = 1 << 30;

/// Rows sent from the reader thread at a time.
const BATCH: usize = 256;

/// One non-empty sheet row: 0-based sheet row and its non-empty cells (0-based column, text).
struct SheetRow {
    row: u32,
    cells: Vec<(u32, String)>,
    /// Length in bytes of the longest cell whose text was dropped for being over the limit.
    oversize: Option<(usize, u64)>,
    bytes: u64,
}

enum Msg {
    Rows(Vec<SheetRow>),
    Failed(String),
}

/// The rows of the first sheet of a workbook.
pub struct XlsxSource {
    path: PathBuf,
    rx: Option<Receiver<Msg>>,
    thread: Option<JoinHandle<()>>,
    pending: VecDeque<SheetRow>,
    done: bool,
    width: usize,
    handed_out: u64,
    height: u64,
}

impl XlsxSource {
    /// Opens the workbook and starts reading its first sheet.
    pub fn open(path: &Path) -> Result<Self, IngestError> {
        let err = |message: String| IngestError::Workbook {
            path: path.to_path_buf(),
            message,
        };
        let height = check_unpacked_size(path).map_err(err)?;
        let mut source = XlsxSource {
            path: path.to_path_buf(),
            rx: None,
            thread: None,
            pending: VecDeque::new(),
            done: false,
            width: 0,
            handed_out: 0,
            height,
        };
        source.start();
        Ok(source)
    }

    fn start(&mut self) {
        let (tx, rx) = sync_channel(4);
        let path = self.path.clone();
        let handle = std::thread::spawn(move || {
            if let Err(message) = read_sheet(&path, &tx) {
                let _ = tx.send(Msg::Failed(message));
            }
        });
        self.rx = Some(rx);
        self.thread = Some(handle);
        self.pending.clear();
        self.done = false;
        self.handed_out = 0;
    }

    fn stop(&mut self) {
        // Dropping the receiver makes the reader thread's next send fail, and it ends.
        self.rx = None;
        if let Some(handle) = self.thread.take() {
            let _ = handle.join();
        }
    }

    /// Starts again from the first row.
    pub fn rewind(&mut self) {
        self.stop();
        self.start();
    }

    /// Rows are padded with empty cells to `width` fields from now on.
    pub fn set_width(&mut self, width: usize) {
        self.width = width;
    }

    /// Rows handed out so far, as a stand-in for bytes in progress reports.
    pub fn position(&self) -> u64 {
        self.handed_out
    }

    /// Rows the sheet declares (for progress), or 0 when unknown.
    pub fn height(&self) -> u64 {
        self.height
    }

    /// Reads the next non-empty row into `out`; `None` after the last row.
    pub fn next_row(&mut self, out: &mut Fields) -> Result<Option<RawRow>, IngestError> {
        while self.pending.is_empty() && !self.done {
            match self.rx.as_ref().map(Receiver::recv) {
                Some(Ok(Msg::Rows(rows))) => self.pending.extend(rows),
                Some(Ok(Msg::Failed(message))) => {
                    self.done = true;
                    return Err(IngestError::Workbook {
                        path: self.path.clone(),
                        message,
                    });
                }
                Some(Err(_)) | None => self.done = true,
            }
        }
        let Some(row) = self.pending.pop_front() else {
            return Ok(None);
        };
        self.handed_out += 1;
        let last = row.cells.last().map_or(0, |(c, _)| *c as usize + 1);
        let fields = last.max(self.width);
        out.clear();
        let mut cells = row.cells.into_iter().peekable();
        for col in 0..fields.min(MAX_COLUMNS) {
            let slot = out.push_slot();
            if cells.peek().is_some_and(|(c, _)| *c as usize == col) {
                if let Some((_, text)) = cells.next() {
                    slot.push_str(&text);
                }
            }
        }
        let problem = match row.oversize {
            Some((field, bytes)) => Some(RowProblem::FieldTooLarge { field, bytes }),
            None if row.bytes > MAX_ROW_BYTES as u64 => {
                Some(RowProblem::RowTooLarge { bytes: row.bytes })
            }
            None => None,
        };
        let line = u64::from(row.row) + 1;
        Ok(Some(RawRow {
            line,
            end_line: line,
            fields,
            undecodable: None,
            problem,
        }))
    }
}

impl Drop for XlsxSource {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Refuses a workbook whose parts declare more than [`MAX_UNPACKED_BYTES`] unpacked; returns 0
/// (the height is not known before reading). Formats that are not zip archives (`.xls`) pass.
fn check_unpacked_size(path: &Path) -> Result<u64, String> {
    let Ok(file) = std::fs::File::open(path) else {
        return Ok(0);
    };
    let Ok(mut zip) = zip::ZipArchive::new(std::io::BufReader::new(file)) else {
        return Ok(0);
    };
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        if let Ok(entry) = zip.by_index_raw(i) {
            total = total.saturating_add(entry.size());
        }
    }
    if total > MAX_UNPACKED_BYTES {
        return Err(format!(
            "it unpacks to {total} bytes, over the limit of {MAX_UNPACKED_BYTES}; save the sheet as CSV"
        ));
    }
    Ok(0)
}

/// Assembles cells, given in sheet order, into rows and sends them in batches.
struct RowBuilder<'a> {
    tx: &'a SyncSender<Msg>,
    batch: Vec<SheetRow>,
    current: Option<SheetRow>,
}

impl RowBuilder<'_> {
    /// Adds one cell; `Err(())` when the receiver has gone.
    fn cell(&mut self, row: u32, col: u32, data: &Data) -> Result<(), String> {
        if matches!(data, Data::Empty) {
            return Ok(());
        }
        if row >= MAX_SHEET_ROWS || col as usize >= MAX_COLUMNS {
            return Err(format!(
                "a cell at row {}, column {} is past the limit of {MAX_SHEET_ROWS} rows and {MAX_COLUMNS} columns",
                u64::from(row) + 1,
                u64::from(col) + 1
            ));
        }
        let mut text = String::new();
        cell_text(data, &mut text);
        if text.is_empty() {
            return Ok(());
        }
        if self.current.as_ref().is_some_and(|r| r.row != row) {
            self.flush_row()?;
        }
        let current = self.current.get_or_insert_with(|| SheetRow {
            row,
            cells: Vec::new(),
            oversize: None,
            bytes: 0,
        });
        current.bytes += text.len() as u64;
        if text.len() > MAX_FIELD_BYTES {
            current
                .oversize
                .get_or_insert((col as usize, text.len() as u64));
            text.clear();
        }
        if current.bytes > MAX_ROW_BYTES as u64 {
            text.clear();
        }
        // Cells normally come in column order; keep them sorted if not.
        match current.cells.last() {
            Some((last, _)) if *last >= col => {
                current.cells.retain(|(c, _)| *c != col);
                let at = current.cells.partition_point(|(c, _)| *c < col);
                current.cells.insert(at, (col, text));
            }
            _ => current.cells.push((col, text)),
        }
        Ok(())
    }

    fn flush_row(&mut self) -> Result<(), String> {
        if let Some(row) = self.current.take() {
            self.batch.push(row);
            if self.batch.len() >= BATCH {
                self.send()?;
            }
        }
        Ok(())
    }

    fn send(&mut self) -> Result<(), String> {
        let rows = std::mem::take(&mut self.batch);
        self.tx
            .send(Msg::Rows(rows))
            .map_err(|_| STOPPED.to_string())
    }

    fn finish(mut self) -> Result<(), String> {
        self.flush_row()?;
        if !self.batch.is_empty() {
            self.send()?;
        }
        Ok(())
    }
}

/// The error a reader thread ends with when nobody listens any more (not reported).
const STOPPED: &str = "stopped";

/// Reads the first sheet of the workbook at `path` and sends its rows.
fn read_sheet(path: &Path, tx: &SyncSender<Msg>) -> Result<(), String> {
    let result = read_sheet_inner(path, tx);
    match result {
        Err(e) if e == STOPPED => Ok(()),
        other => other,
    }
}

fn read_sheet_inner(path: &Path, tx: &SyncSender<Msg>) -> Result<(), String> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let mut rows = RowBuilder {
        tx,
        batch: Vec::new(),
        current: None,
    };
    match ext.as_str() {
        "xlsx" | "xlsm" => {
            let mut book: Xlsx<BufReader<File>> =
                calamine::open_workbook(path).map_err(|e: calamine::XlsxError| e.to_string())?;
            let name = first_sheet(book.sheet_names())?;
            let mut cells = book
                .worksheet_cells_reader(&name)
                .map_err(|e| e.to_string())?;
            while let Some(cell) = cells.next_cell().map_err(|e| e.to_string())? {
                let (r, c) = cell.get_position();
                rows.cell(r, c, &Data::from(cell.get_value().clone()))?;
            }
        }
        "xlsb" => {
            let mut book: Xlsb<BufReader<File>> =
                calamine::open_workbook(path).map_err(|e: calamine::XlsbError| e.to_string())?;
            let name = first_sheet(book.sheet_names())?;
            let mut cells = book
                .worksheet_cells_reader(&name)
                .map_err(|e| e.to_string())?;
            while let Some(cell) = cells.next_cell().map_err(|e| e.to_string())? {
                let (r, c) = cell.get_position();
                let value: DataRef = cell.get_value().clone();
                rows.cell(r, c, &Data::from(value))?;
            }
        }
        _ => {
            let mut book = calamine::open_workbook_auto(path).map_err(|e| e.to_string())?;
            let range = match book.worksheet_range_at(0) {
                Some(r) => r.map_err(|e| e.to_string())?,
                None => return Err("it has no sheets".to_string()),
            };
            for (r, c, data) in range.used_cells() {
                let (r0, c0) = range.start().unwrap_or((0, 0));
                rows.cell(r0 + r as u32, c0 + c as u32, data)?;
            }
        }
    }
    rows.finish()
}

fn first_sheet(names: Vec<String>) -> Result<String, String> {
    names
        .into_iter()
        .next()
        .ok_or_else(|| "it has no sheets".to_string())
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
