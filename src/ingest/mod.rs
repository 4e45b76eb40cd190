//! Stage: ingest. Reads survey exports (CSV/TSV in UTF-8 or windows-1252, SurveyMonkey,
//! Qualtrics, Google Forms, Citizen Space, Microsoft Forms and any `.xlsx`) into [`Respondent`]s,
//! streaming, with every data row accounted for.
//!
//! [`Reader::open`] sniffs the file (binary or text, encoding, delimiter, header rows), samples up
//! to [`roles::SAMPLE_ROWS`] data rows to guess each column's role, applies the user's
//! [`RoleOverrides`], and then hands out respondents batch by batch with [`Reader::next_batch`].
//!
//! An unterminated quote at the end of a file is an error, not a rejection: the quoted field
//! swallows every later row, so no honest count of rows can be given. The error names the line
//! and field where the quote opens.

mod accounting;
pub mod answers;
mod config;
pub mod consent;
mod csv;
pub mod decode;
mod error;
mod fields;
mod headers;
mod inputs;
pub mod limits;
pub mod records;
pub mod roles;
pub mod sniff;
pub mod vendor;
mod xlsx;

pub use config::{ReviewFiles, RoleOverrides};
pub use consent::ConsentValues;
pub use error::IngestError;
pub use inputs::{check_same_shape, numbered_columns, Inputs, BATCH};

use crate::model::{Accounting, Format, Respondent, SurveySchema, Vendor};
use crate::progress::{Progress, Unit};
use accounting::Tracker;
use csv::CsvSource;
use decode::TextEncoding;
use fields::{Fields, RawRow};
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;
use xlsx::XlsxSource;

/// How to read an export.
#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    /// Column roles set by the user (they win over guesses).
    pub roles: RoleOverrides,
    /// Header rows before the data, when the user says so (`--header-rows`); recognised from
    /// the survey tool's signature otherwise.
    pub header_rows: Option<usize>,
    /// Consent answers set by the user (read before the usual wordings).
    pub consent: ConsentValues,
}

/// File extensions read as workbooks (case is ignored); everything else is delimited text.
pub const WORKBOOK_EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xlsb", "xls", "ods"];

enum Source {
    Csv(CsvSource),
    Xlsx(XlsxSource),
}

impl Source {
    fn next_row(&mut self, out: &mut Fields) -> Result<Option<RawRow>, IngestError> {
        match self {
            Source::Csv(s) => s.next_row(out),
            Source::Xlsx(s) => s.next_row(out),
        }
    }

    fn rewind(&mut self) -> Result<(), IngestError> {
        match self {
            Source::Csv(s) => s.rewind(),
            Source::Xlsx(s) => {
                s.rewind();
                Ok(())
            }
        }
    }

    /// Progress position: bytes for text, rows for workbooks.
    fn position(&self) -> u64 {
        match self {
            Source::Csv(s) => s.bytes_read(),
            Source::Xlsx(s) => s.position(),
        }
    }
}

/// A streaming reader over one export: the schema is known after [`Reader::open`], the rows come
/// in batches.
pub struct Reader {
    schema: SurveySchema,
    source: Source,
    tracker: Tracker,
    fields: Fields,
    size: u64,
    done: bool,
}

/// How far a [`Reader`] has come through its file: bytes of a text file, rows of a sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// Bytes or rows read so far.
    pub done: u64,
    /// The size of the file in the same unit.
    pub total: u64,
    /// Bytes or rows.
    pub unit: Unit,
}

impl Reader {
    /// Opens an export: sniffs its format, encoding, delimiter and header rows, and guesses the
    /// column roles from a sample (explicit roles in `opts` win).
    pub fn open(path: &Path, opts: &IngestOptions) -> Result<Reader, IngestError> {
        let opened = open_source(path)?;
        if let Some(n) = opts.header_rows {
            if n > limits::MAX_HEADER_ROWS {
                return Err(IngestError::Limit {
                    path: path.to_path_buf(),
                    message: format!(
                        "--header-rows {n} is more than the limit of {}",
                        limits::MAX_HEADER_ROWS
                    ),
                });
            }
        }
        let mut source = opened.source;
        let workbook = matches!(source, Source::Xlsx(_));
        let mut fields = Fields::default();
        let probe = vendor::PROBE_ROWS.max(opts.header_rows.unwrap_or(0));
        let first = first_rows(path, &mut source, &mut fields, probe)?;
        let detected = vendor::detect(&first);
        let header_rows = opts
            .header_rows
            .unwrap_or(detected.header_rows)
            .min(first.len());
        let format = if workbook {
            Format::Xlsx
        } else {
            match detected.vendor {
                Some(Vendor::Qualtrics | Vendor::QualtricsLegacy) if header_rows > 1 => {
                    Format::Qualtrics
                }
                Some(Vendor::SurveyMonkey) if header_rows > 1 => Format::SurveyMonkey,
                _ => Format::Csv,
            }
        };
        // Without a header row, the first row says how many fields a row has.
        let header_width = if header_rows == 0 {
            first[0].len()
        } else {
            first[..header_rows].iter().map(Vec::len).max().unwrap_or(0)
        };
        source.rewind()?;
        skip(&mut source, &mut fields, header_rows)?;
        let stats = sample_columns(&mut source, &mut fields, header_width)?;
        source.rewind()?;
        skip(&mut source, &mut fields, header_rows)?;

        let width = stats.len();
        let headers = headers::names(detected.vendor, &first[..header_rows], width);
        let assigned = roles::assign(path, &headers, &stats, &opts.roles, detected.vendor)?;
        let schema = SurveySchema {
            path: path.to_path_buf(),
            format,
            vendor: detected.vendor,
            encoding: opened.encoding.to_string(),
            delimiter: opened.delimiter,
            header_rows,
            columns: assigned.columns,
            id_column: assigned.id_column,
            questions: assigned.questions,
            attributes: assigned.attributes,
            consent_column: assigned.consent_column,
            notes: assigned.notes,
        };
        Ok(Reader {
            tracker: Tracker::new(&schema, width, opts.consent.clone()),
            schema,
            source,
            fields,
            size: opened.size,
            done: false,
        })
    }

    /// What was learned about the file: format, encoding, columns and their roles.
    pub fn schema(&self) -> &SurveySchema {
        &self.schema
    }

    /// Up to `max` kept respondents (blank rows are counted, not returned); empty Vec at end of file.
    pub fn next_batch(&mut self, max: usize) -> Result<Vec<Respondent>, IngestError> {
        let mut out = Vec::new();
        while !self.done && out.len() < max.max(1) {
            match self.source.next_row(&mut self.fields)? {
                Some(raw) => {
                    if let Some(r) = self.tracker.row(&self.schema, &raw, &self.fields) {
                        out.push(r);
                    }
                }
                None => self.done = true,
            }
        }
        Ok(out)
    }

    /// How far reading has come.
    pub fn position(&self) -> Position {
        let (total, unit) = match &self.source {
            Source::Csv(_) => (self.size, Unit::Bytes),
            Source::Xlsx(s) => (s.height(), Unit::Rows),
        };
        Position {
            done: self.source.position(),
            total,
            unit,
        }
    }

    /// The row accounting; call after the last batch.
    pub fn finish(self) -> Accounting {
        let bytes = if self.done {
            self.size
        } else {
            match &self.source {
                Source::Csv(s) => s.bytes_read(),
                Source::Xlsx(_) => 0,
            }
        };
        self.tracker.finish(bytes)
    }
}

/// Reads a whole export into memory (through [`Inputs`], as every command reads): schema,
/// respondents numbered from 0, and the row accounting.
pub fn read_all(
    path: &Path,
    opts: &IngestOptions,
) -> Result<(SurveySchema, Vec<Respondent>, Accounting), IngestError> {
    let paths = [path.to_path_buf()];
    let mut inputs = Inputs::open(&paths, opts, &crate::progress::Silent)?;
    let mut all = Vec::new();
    while let Some(batch) = inputs.next_batch()? {
        all.extend(batch);
    }
    let schema = inputs.schema().clone();
    let accounting = inputs.finish().pop().unwrap_or_default();
    Ok((schema, all, accounting))
}

/// Reads an export through without keeping the respondents: schema and accounting only.
pub fn inspect(
    path: &Path,
    opts: &IngestOptions,
    progress: &dyn Progress,
) -> Result<(SurveySchema, Accounting), IngestError> {
    let mut reader = Reader::open(path, opts)?;
    let at = reader.position();
    let task = progress.start("reading", Some(at.total), at.unit);
    while !reader.next_batch(BATCH)?.is_empty() {
        task.set(reader.position().done);
    }
    task.finish();
    let schema = reader.schema().clone();
    Ok((schema, reader.finish()))
}

/// The survey tool that produced an export (`qualtrics`, `surveymonkey`, `google-forms`...),
/// when its signature was recognised; see [`Vendor`].
pub fn flavour(schema: &SurveySchema) -> Option<&'static str> {
    schema.vendor.map(Vendor::name)
}

/// A header row over the column limit cannot be read: the file is refused.
fn header_limits(path: &Path, raw: &RawRow) -> Result<(), IngestError> {
    if raw.fields > limits::MAX_COLUMNS {
        return Err(IngestError::Limit {
            path: path.to_path_buf(),
            message: format!(
                "line {}: the header has {} columns; hearken reads at most {} (Excel's own limit)",
                raw.line,
                raw.fields,
                limits::MAX_COLUMNS
            ),
        });
    }
    if let Some(fields::RowProblem::FieldTooLarge { field, bytes }) = &raw.problem {
        return Err(IngestError::Limit {
            path: path.to_path_buf(),
            message: format!(
                "line {}: header field {} is {bytes} bytes; the limit is {}",
                raw.line,
                field + 1,
                limits::MAX_FIELD_BYTES
            ),
        });
    }
    Ok(())
}

/// Sniffs a delimited text file: refuses binary and UTF-16 content, decides the encoding with
/// one streaming pass, and picks the delimiter from the first [`sniff::SAMPLE_BYTES`].
fn sniff_text(path: &Path, size: u64) -> Result<(TextEncoding, u8), IngestError> {
    let io = |source| IngestError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut file = File::open(path).map_err(io)?;
    let mut head = Vec::with_capacity(sniff::SAMPLE_BYTES);
    (&mut file)
        .take(sniff::SAMPLE_BYTES as u64)
        .read_to_end(&mut head)
        .map_err(io)?;
    if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
        return Err(IngestError::Utf16 {
            path: path.to_path_buf(),
        });
    }
    let bom = head.starts_with(decode::UTF8_BOM);
    let skip = if bom { decode::UTF8_BOM.len() } else { 0 };
    let sample = &head[skip..];
    if let Some((offset, kind)) = sniff::binary(sample) {
        return Err(IngestError::Binary {
            path: path.to_path_buf(),
            offset: offset + skip as u64,
            kind,
        });
    }
    file.seek(SeekFrom::Start(skip as u64)).map_err(io)?;
    let enc = decode::detect(std::io::BufReader::new(file), bom).map_err(io)?;
    let delim = sniff::delimiter(sample, size > head.len() as u64);
    Ok((enc, delim))
}

/// An export opened for reading: its record source, encoding and delimiter, and its size.
struct Opened {
    source: Source,
    encoding: &'static str,
    delimiter: Option<u8>,
    size: u64,
}

/// Opens a workbook (by its extension) or a delimited text file (sniffed).
fn open_source(path: &Path) -> Result<Opened, IngestError> {
    let io = |source| IngestError::Io {
        path: path.to_path_buf(),
        source,
    };
    let size = std::fs::metadata(path).map_err(io)?.len();
    let workbook = path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        WORKBOOK_EXTENSIONS
            .iter()
            .any(|w| e.eq_ignore_ascii_case(w))
    });
    if size == 0 {
        return Err(IngestError::Empty {
            path: path.to_path_buf(),
        });
    }
    if workbook {
        return Ok(Opened {
            source: Source::Xlsx(XlsxSource::open(path)?),
            encoding: "xlsx",
            delimiter: None,
            size,
        });
    }
    let (enc, delim) = sniff_text(path, size)?;
    Ok(Opened {
        source: Source::Csv(CsvSource::open(path, enc, delim)?),
        encoding: enc.name(),
        delimiter: Some(delim),
        size,
    })
}

/// The first `probe` rows, from which the survey tool and the header rows are recognised.
fn first_rows(
    path: &Path,
    source: &mut Source,
    fields: &mut Fields,
    probe: usize,
) -> Result<Vec<Vec<String>>, IngestError> {
    let mut first: Vec<Vec<String>> = Vec::new();
    while first.len() < probe {
        match source.next_row(fields) {
            Ok(Some(raw)) => {
                if first.is_empty() {
                    header_limits(path, &raw)?;
                }
                first.push(fields.to_vec());
            }
            Ok(None) => break,
            // An unterminated quote inside the first rows is reported by the real pass.
            Err(IngestError::UnterminatedQuote { .. }) if !first.is_empty() => break,
            Err(e) => return Err(e),
        }
    }
    if first.is_empty() {
        return Err(IngestError::NoHeader {
            path: path.to_path_buf(),
        });
    }
    Ok(first)
}

/// Statistics of each column over up to [`roles::SAMPLE_ROWS`] data rows, for guessing roles;
/// as many as the sheet is wide. A workbook column past the header counts when at least two
/// sampled rows fill it: a stray cell far to the right then rejects its row as ragged instead
/// of widening the sheet to thousands of empty columns.
fn sample_columns(
    source: &mut Source,
    fields: &mut Fields,
    header_width: usize,
) -> Result<Vec<roles::ColumnStats>, IngestError> {
    let workbook = matches!(source, Source::Xlsx(_));
    let mut stats: Vec<roles::ColumnStats> = vec![roles::ColumnStats::default(); header_width];
    let mut sampled = 0;
    while sampled < roles::SAMPLE_ROWS {
        match source.next_row(fields) {
            Ok(Some(raw)) => {
                sampled += 1;
                // Workbooks have no ragged rows: a sheet is as wide as its widest row.
                let fits = if workbook {
                    raw.fields <= limits::MAX_COLUMNS
                } else {
                    raw.fields == header_width
                };
                if fits && raw.undecodable.is_none() && raw.problem.is_none() {
                    if fields.len() > stats.len() {
                        stats.resize(fields.len(), roles::ColumnStats::default());
                    }
                    for (i, st) in stats.iter_mut().enumerate().take(fields.len()) {
                        st.add(fields.get(i));
                    }
                }
            }
            Ok(None) => break,
            // The real pass reports it, with the rows before it accounted for.
            Err(IngestError::UnterminatedQuote { .. }) => break,
            Err(e) => return Err(e),
        }
    }
    let width = if workbook {
        let used = stats
            .iter()
            .rposition(|st| st.filled >= 2)
            .map_or(0, |i| i + 1);
        header_width.max(used)
    } else {
        header_width
    };
    stats.resize(width, roles::ColumnStats::default());
    if let Source::Xlsx(s) = source {
        s.set_width(width);
    }
    Ok(stats)
}

fn skip(source: &mut Source, fields: &mut Fields, rows: usize) -> Result<(), IngestError> {
    for _ in 0..rows {
        source.next_row(fields)?;
    }
    Ok(())
}
