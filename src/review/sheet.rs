//! Reading a double-coding sheet back once a reviewer has coded it.
//!
//! The sheet is the CSV `hearken review sample` writes (see `report::sheet`): comment lines
//! starting with `#`, then the header `id,question,answer,reviewer,T01,...`, then one row per
//! answer. In a theme's column `1`, `x`, `y` or `yes` means the answer raises the theme; blank,
//! `0`, `n` or `no` means it does not. Theme columns are matched by the id their header starts
//! with (`T07` or `T07 GP and primary care access`). Spreadsheets may save the comment lines as
//! several cells or drop the byte-order mark; both are read.

use crate::coding::overrides::find_theme;
use crate::model::CodeFrame;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Largest sheet read, in bytes.
pub const MAX_SHEET_BYTES: u64 = 64 << 20;
/// Most rows in a sheet.
pub const MAX_SHEET_ROWS: usize = 100_000;

/// Why a sheet could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// Something at a line and column is wrong.
    #[error("{path}: line {line}, column {column}: {message}")]
    At {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: u64,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// The file as a whole is unusable.
    #[error("{path}: {message}")]
    File {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}

/// One coded row of a sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetRow {
    /// 1-based line.
    pub line: u64,
    /// Respondent id.
    pub id: String,
    /// Question id.
    pub question: String,
    /// The answer text as the sheet holds it.
    pub answer: String,
    /// Per theme of the frame (by index): whether the reviewer coded it.
    pub codes: Vec<bool>,
}

/// A sheet coded by one reviewer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    /// Where it was read from.
    pub path: PathBuf,
    /// The reviewer: the `reviewer` column, else the file's name.
    pub reviewer: String,
    /// Whether the sheet has a column for each theme of the frame (by index).
    pub themes: Vec<bool>,
    /// Its rows, in file order.
    pub rows: Vec<SheetRow>,
}

impl Sheet {
    /// Reads a coded sheet at `path` against `frame`.
    pub fn read(path: &Path, frame: &CodeFrame) -> Result<Sheet, ReviewError> {
        let io = |source| ReviewError::Io {
            path: path.to_path_buf(),
            source,
        };
        let mut bytes = Vec::new();
        std::fs::File::open(path)
            .map_err(io)?
            .take(MAX_SHEET_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(io)?;
        Sheet::parse(path, &bytes, frame)
    }

    /// Parses the bytes of a sheet; `path` names it in messages.
    pub fn parse(path: &Path, bytes: &[u8], frame: &CodeFrame) -> Result<Sheet, ReviewError> {
        let file_err = |message: String| ReviewError::File {
            path: path.to_path_buf(),
            message,
        };
        if bytes.len() as u64 > MAX_SHEET_BYTES {
            return Err(file_err(format!(
                "larger than {} MiB",
                MAX_SHEET_BYTES >> 20
            )));
        }
        let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
            .map_err(|_| file_err("not UTF-8 text; save it as CSV UTF-8".to_string()))?;
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut layout: Option<Layout> = None;
        let mut rows = Vec::new();
        let mut reviewer = String::new();
        for record in reader.records() {
            let record = record.map_err(|e| ReviewError::At {
                path: path.to_path_buf(),
                line: e.position().map_or(0, |p| p.line()),
                column: 1,
                message: e.to_string(),
            })?;
            let line = record.position().map_or(0, |p| p.line());
            let first = record.get(0).unwrap_or_default().trim();
            if first.starts_with('#') || record.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            let Some(l) = &layout else {
                layout = Some(Layout::from_header(path, line, &record, frame)?);
                continue;
            };
            if rows.len() == MAX_SHEET_ROWS {
                return Err(file_err(format!("more than {MAX_SHEET_ROWS} rows")));
            }
            let row = l.row(path, line, &record, frame.themes.len())?;
            if reviewer.is_empty() {
                if let Some(r) = l.reviewer.and_then(|i| record.get(i)) {
                    reviewer = r.trim().to_string();
                }
            }
            rows.push(row);
        }
        let Some(layout) = layout else {
            return Err(file_err(
                "no header row (id,question,answer,...)".to_string(),
            ));
        };
        if reviewer.is_empty() {
            reviewer = path
                .file_stem()
                .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
        }
        let mut themes = vec![false; frame.themes.len()];
        for &(_, t) in &layout.themes {
            themes[usize::from(t)] = true;
        }
        Ok(Sheet {
            path: path.to_path_buf(),
            reviewer,
            themes,
            rows,
        })
    }
}

/// Where each column of a sheet is.
struct Layout {
    id: usize,
    question: usize,
    answer: usize,
    reviewer: Option<usize>,
    /// (column, theme index).
    themes: Vec<(usize, u16)>,
}

impl Layout {
    fn from_header(
        path: &Path,
        line: u64,
        record: &csv::StringRecord,
        frame: &CodeFrame,
    ) -> Result<Layout, ReviewError> {
        let names: Vec<String> = record.iter().map(|f| f.trim().to_lowercase()).collect();
        let find = |want: &str| names.iter().position(|n| n == want);
        let need = |want: &'static str| {
            find(want).ok_or_else(|| ReviewError::At {
                path: path.to_path_buf(),
                line,
                column: 1,
                message: format!("the header has no `{want}` column"),
            })
        };
        let (id, question, answer) = (need("id")?, need("question")?, need("answer")?);
        let reviewer = find("reviewer");
        let mut themes = Vec::new();
        for (i, name) in record.iter().enumerate() {
            if [Some(id), Some(question), Some(answer), reviewer].contains(&Some(i)) {
                continue;
            }
            let first = name.split_whitespace().next().unwrap_or_default();
            match find_theme(frame, first).or_else(|| find_theme(frame, name)) {
                Some(t) => themes.push((i, t)),
                None => {
                    return Err(ReviewError::At {
                        path: path.to_path_buf(),
                        line,
                        column: i + 1,
                        message: format!("`{}` is not a theme of the code frame", name.trim()),
                    })
                }
            }
        }
        Ok(Layout {
            id,
            question,
            answer,
            reviewer,
            themes,
        })
    }

    fn row(
        &self,
        path: &Path,
        line: u64,
        record: &csv::StringRecord,
        n_themes: usize,
    ) -> Result<SheetRow, ReviewError> {
        let at = |column: usize, message: String| ReviewError::At {
            path: path.to_path_buf(),
            line,
            column: column + 1,
            message,
        };
        let field = |i: usize| record.get(i).unwrap_or_default().trim();
        for (i, what) in [(self.id, "id"), (self.question, "question")] {
            if field(i).is_empty() {
                return Err(at(i, format!("the {what} is empty")));
            }
        }
        let mut codes = vec![false; n_themes];
        for &(col, theme) in &self.themes {
            let v = field(col).to_lowercase();
            codes[usize::from(theme)] = match v.as_str() {
                "1" | "x" | "y" | "yes" => true,
                "" | "0" | "n" | "no" => false,
                other => {
                    return Err(at(
                        col,
                        format!("`{other}`: write 1 (or x) when the answer raises the theme, leave blank (or 0) when not"),
                    ))
                }
            };
        }
        let answer = record.get(self.answer).unwrap_or_default();
        let answer = match answer.strip_prefix('\'') {
            Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
            _ => answer,
        };
        Ok(SheetRow {
            line,
            id: field(self.id).to_string(),
            question: field(self.question).to_string(),
            answer: answer.to_string(),
            codes,
        })
    }
}

#[cfg(test)]
mod tests;
