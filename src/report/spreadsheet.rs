//! The one way hearken writes a CSV cell, used by every CSV it writes (`coded.csv`,
//! `campaigns.csv`, `themes.csv`, `hearken search --format csv`).
//!
//! A spreadsheet runs a cell that begins with `=`, `+`, `-` or `@` (or a tab or carriage return
//! before one) as a formula, so an answer such as `=HYPERLINK(...)` could act when the file is
//! opened in Excel. Such a cell gets a leading `'`, which Excel shows as text and hides. Control
//! characters other than tab and line breaks (NUL, ESC...) are dropped. Quoting is RFC 4180.

use std::borrow::Cow;
use std::io::{self, Write};

/// Characters that make a spreadsheet read a cell as a formula when the cell starts with one.
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// `s` made safe to open in a spreadsheet: control characters dropped, a `'` before a cell that
/// would run as a formula. Quoting is left to the CSV writer.
pub fn safe_cell(s: &str) -> Cow<'_, str> {
    let stray = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r');
    let cleaned: Cow<'_, str> = if s.chars().any(stray) {
        Cow::Owned(s.chars().filter(|&c| !stray(c)).collect())
    } else {
        Cow::Borrowed(s)
    };
    if cleaned.starts_with(FORMULA_START) {
        Cow::Owned(format!("'{cleaned}"))
    } else {
        cleaned
    }
}

/// A CSV writer whose every cell goes through [`safe_cell`].
pub struct SafeCsv<W: Write> {
    inner: csv::Writer<W>,
}

impl<W: Write> SafeCsv<W> {
    /// A writer with the `csv` crate's defaults (comma, `\n`, quoting where needed).
    pub fn new(out: W) -> Self {
        SafeCsv {
            inner: csv::Writer::from_writer(out),
        }
    }

    /// Writes one row.
    pub fn write_row<I, S>(&mut self, cells: I) -> io::Result<()>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.inner
            .write_record(
                cells
                    .into_iter()
                    .map(|c| safe_cell(c.as_ref()).into_owned()),
            )
            .map_err(io::Error::from)
    }

    /// Flushes buffered rows.
    pub fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }

    /// Flushes and returns the underlying writer.
    pub fn into_inner(self) -> io::Result<W> {
        self.inner.into_inner().map_err(|e| e.into_error())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_escaped_and_controls_dropped() {
        for (raw, want) in [
            ("=1+1", "'=1+1"),
            ("+R2", "'+R2"),
            ("-carer", "'-carer"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tcarer", "'\tcarer"),
            ("\r=cmd", "'\r=cmd"),
            ("\u{1b}[31m=x", "[31m=x"),
            ("\u{1b}=x", "'=x"),
            ("carer = support", "carer = support"),
            ("nul\0byte", "nulbyte"),
            ("", ""),
        ] {
            assert_eq!(safe_cell(raw), want, "{raw:?}");
        }
    }

    #[test]
    fn rows_are_quoted_after_escaping() {
        let mut w = SafeCsv::new(Vec::new());
        w.write_row(["=HYPERLINK(\"x\")", "a,b", "plain"]).unwrap();
        let out = String::from_utf8(w.into_inner().unwrap()).unwrap();
        assert_eq!(out, "\"'=HYPERLINK(\"\"x\"\")\",\"a,b\",plain\n");
    }
}
