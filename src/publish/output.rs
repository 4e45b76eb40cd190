//! The published files: `responses.csv` and `redactions.csv`, written as rows arrive.
//!
//! Both start with a UTF-8 byte-order mark (so Excel reads accents correctly), use CRLF line
//! ends and RFC 4180 quoting, and every text cell that a spreadsheet would run as a formula is
//! made safe by the one escaping rule of every CSV hearken writes
//! ([`crate::report::spreadsheet::safe_cell`]). They are written into the fresh output folder
//! of [`crate::output`], which is swapped in whole, so a reader never sees half a file.

use crate::report::spreadsheet::safe_cell;
use std::borrow::Cow;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// A published CSV file being written.
pub struct CsvOut {
    path: PathBuf,
    writer: csv::Writer<BufWriter<File>>,
}

impl CsvOut {
    /// Creates `path` and writes the header.
    pub fn create(path: &Path, header: &[&str]) -> io::Result<CsvOut> {
        let mut file = BufWriter::new(File::create(path)?);
        file.write_all("\u{feff}".as_bytes())?;
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(file);
        writer.write_record(header)?;
        Ok(CsvOut {
            path: path.to_path_buf(),
            writer,
        })
    }

    /// Writes one row, every cell made formula-safe.
    pub fn row<'a>(&mut self, cells: impl IntoIterator<Item = &'a str>) -> io::Result<()> {
        let safe: Vec<Cow<str>> = cells.into_iter().map(safe_cell).collect();
        self.writer
            .write_record(safe.iter().map(|c| c.as_bytes()))
            .map_err(io::Error::from)
    }

    /// Flushes the file to disk.
    pub fn finish(self) -> io::Result<()> {
        let file = self
            .writer
            .into_inner()
            .map_err(|e| io::Error::other(e.to_string()))?;
        file.into_inner()
            .map_err(|e| io::Error::other(e.to_string()))?
            .sync_all()
    }

    /// The final path.
    pub fn path(&self) -> &Path {
        &self.path
    }
}
