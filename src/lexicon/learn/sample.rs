//! Reading a hand-coded sample: one text column and one column of labels.

use super::*;
use std::path::Path;

/// One usable row of a hand-coded file.
#[derive(Debug, Clone, PartialEq)]
pub struct CodedRow {
    /// 1-based line of the record in the file (the header is line 1).
    pub line: u64,
    /// The answer text.
    pub text: String,
    /// The human codes, sorted and unique; empty when the row has no label (`NA` or blank).
    pub labels: Vec<String>,
}

/// A row of a hand-coded file that was set aside, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct SkippedRow {
    /// 1-based line of the record.
    pub line: u64,
    /// Why it was skipped ("empty text", "expected 8 fields, found 3", ...).
    pub reason: String,
}

/// A hand-coded file as read: usable rows plus the rows set aside.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CodedSample {
    /// Rows with a non-empty text (labels may be empty).
    pub rows: Vec<CodedRow>,
    /// Rows that could not be used.
    pub skipped: Vec<SkippedRow>,
}

/// Values that mean "no label" in a labels cell (compared case-insensitively after trimming).
const NO_LABEL: &[&str] = &["", "na", "n/a", "null", "none"];

/// Reads a hand-coded CSV: one header row, a text column and a labels column (labels joined by
/// `separator`). Rows with an empty text or a broken record are counted in `skipped`, never fatal.
pub fn read_coded(
    path: &Path,
    text_column: &str,
    labels_column: &str,
    separator: &str,
) -> Result<CodedSample, LearnError> {
    if separator.is_empty() {
        return Err(LearnError::EmptySeparator);
    }
    let file = std::fs::File::open(path).map_err(|source| LearnError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(std::io::BufReader::new(file));
    let names = header_names(path, &mut reader)?;
    let find = |column: &str| find_column(path, &names, column);
    let text_idx = find(text_column)?;
    let labels_idx = find(labels_column)?;

    let mut sample = CodedSample::default();
    let mut record = csv::ByteRecord::new();
    loop {
        let line_hint = reader.position().line();
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(line_hint, |p| p.line());
                sample.skipped.push(SkippedRow {
                    line,
                    reason: format!("unreadable record: {e}"),
                });
                // An I/O error would repeat forever; a parse error moves on to the next record.
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    break;
                }
                continue;
            }
        }
        let line = record.position().map_or(line_hint, |p| p.line());
        if record.len() != names.len() {
            sample.skipped.push(SkippedRow {
                line,
                reason: format!("expected {} fields, found {}", names.len(), record.len()),
            });
            continue;
        }
        let (Ok(text), Ok(labels)) = (
            std::str::from_utf8(&record[text_idx]),
            std::str::from_utf8(&record[labels_idx]),
        ) else {
            sample.skipped.push(SkippedRow {
                line,
                reason: "the text or labels are not valid UTF-8".to_string(),
            });
            continue;
        };
        let text = text.trim();
        if text.is_empty() || NO_LABEL.contains(&text.to_lowercase().as_str()) {
            sample.skipped.push(SkippedRow {
                line,
                reason: "empty text".to_string(),
            });
            continue;
        }
        sample.rows.push(CodedRow {
            line,
            text: text.to_string(),
            labels: split_labels(labels, separator),
        });
    }
    Ok(sample)
}

/// The values of one column of a hand-coded CSV by record line (the header is line 1), for
/// matching rows read by [`read_coded`] to respondent ids.
pub fn read_column(path: &Path, column: &str) -> Result<BTreeMap<u64, String>, LearnError> {
    let file = std::fs::File::open(path).map_err(|source| LearnError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(std::io::BufReader::new(file));
    let names = header_names(path, &mut reader)?;
    let idx = find_column(path, &names, column)?;
    let mut out = BTreeMap::new();
    for record in reader.byte_records().flatten() {
        let line = record.position().map_or(0, |p| p.line());
        if let Some(v) = record.get(idx) {
            out.insert(line, String::from_utf8_lossy(v).trim().to_string());
        }
    }
    Ok(out)
}

/// Splits a labels cell into sorted unique labels, dropping "no label" values (`NA`, blank).
pub fn split_labels(cell: &str, separator: &str) -> Vec<String> {
    let mut out: BTreeSet<String> = BTreeSet::new();
    let parts: Vec<&str> = if separator.is_empty() {
        vec![cell]
    } else {
        cell.split(separator).collect()
    };
    for part in parts {
        let label = part.trim();
        if !NO_LABEL.contains(&label.to_lowercase().as_str()) {
            out.insert(label.to_string());
        }
    }
    out.into_iter().collect()
}

/// A file-name-safe form of a label: lowercase ASCII letters and digits joined by `-`.
pub fn slug(label: &str) -> String {
    let mut out = String::new();
    for c in label.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        out.push_str("theme");
    }
    out
}

/// The header row's names, trimmed, without a byte order mark.
fn header_names<R: std::io::Read>(
    path: &Path,
    reader: &mut csv::Reader<R>,
) -> Result<Vec<String>, LearnError> {
    let headers = reader.byte_headers().map_err(|e| LearnError::Header {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    Ok(headers
        .iter()
        .map(|h| {
            String::from_utf8_lossy(h)
                .trim_start_matches('\u{feff}')
                .trim()
                .to_string()
        })
        .collect())
}

/// The position of `column` among `names`: the same name, else the same ignoring case.
fn find_column(path: &Path, names: &[String], column: &str) -> Result<usize, LearnError> {
    names
        .iter()
        .position(|n| n == column)
        .or_else(|| names.iter().position(|n| n.eq_ignore_ascii_case(column)))
        .ok_or_else(|| LearnError::MissingColumn {
            path: path.to_path_buf(),
            column: column.to_string(),
            available: names.to_vec(),
        })
}
