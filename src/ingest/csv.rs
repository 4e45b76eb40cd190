//! Delimited text: a streaming `csv::Reader` over the file, records reused, fields decoded as
//! each record is read.

use super::decode::{decode_field, decode_lossy, TextEncoding};
use super::fields::{Fields, RawRow};
use super::IngestError;
use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

/// Reads the records of a delimited file one at a time, one record ahead so that the last
/// record can be checked for an unterminated quote before it is handed out.
pub struct CsvSource {
    path: PathBuf,
    encoding: TextEncoding,
    delimiter: u8,
    rdr: csv::Reader<BufReader<File>>,
    cur: csv::ByteRecord,
    ahead: csv::ByteRecord,
    ahead_full: bool,
    started: bool,
}

impl CsvSource {
    /// Opens `path` positioned after any byte order mark.
    pub fn open(path: &Path, encoding: TextEncoding, delimiter: u8) -> Result<Self, IngestError> {
        Ok(CsvSource {
            path: path.to_path_buf(),
            encoding,
            delimiter,
            rdr: reader(path, encoding, delimiter)?,
            cur: csv::ByteRecord::new(),
            ahead: csv::ByteRecord::new(),
            ahead_full: false,
            started: false,
        })
    }

    /// Starts again from the first record.
    pub fn rewind(&mut self) -> Result<(), IngestError> {
        self.rdr = reader(&self.path, self.encoding, self.delimiter)?;
        self.ahead_full = false;
        self.started = false;
        Ok(())
    }

    /// Bytes of the file consumed so far.
    pub fn bytes_read(&self) -> u64 {
        self.rdr.position().byte() + self.encoding.bom_len()
    }

    /// Reads the next record into `out`; `None` at the end of the file.
    pub fn next_row(&mut self, out: &mut Fields) -> Result<Option<RawRow>, IngestError> {
        if !self.started {
            self.started = true;
            self.ahead_full = self.read_ahead()?;
        }
        if !self.ahead_full {
            return Ok(None);
        }
        std::mem::swap(&mut self.cur, &mut self.ahead);
        self.ahead_full = self.read_ahead()?;
        let (line, byte) = self.cur.position().map_or((0, 0), |p| (p.line(), p.byte()));
        if !self.ahead_full {
            let at = byte + self.encoding.bom_len();
            let open =
                unterminated_quote(&self.path, at, line, self.delimiter).map_err(|source| {
                    IngestError::Io {
                        path: self.path.clone(),
                        source,
                    }
                })?;
            if let Some((line, field)) = open {
                return Err(IngestError::UnterminatedQuote {
                    path: self.path.clone(),
                    line,
                    field,
                });
            }
        }
        out.clear();
        let mut undecodable = None;
        for (i, bytes) in self.cur.iter().enumerate() {
            let slot = out.push_slot();
            if let Err(offset) = decode_field(self.encoding, bytes, slot) {
                slot.push_str(&decode_lossy(self.encoding, bytes));
                undecodable.get_or_insert((i, offset));
            }
        }
        Ok(Some(RawRow { line, undecodable }))
    }

    fn read_ahead(&mut self) -> Result<bool, IngestError> {
        self.rdr
            .read_byte_record(&mut self.ahead)
            .map_err(|err| IngestError::Csv {
                path: self.path.clone(),
                line: err.position().map_or(0, |p| p.line()),
                message: err.to_string(),
            })
    }
}

fn reader(
    path: &Path,
    encoding: TextEncoding,
    delimiter: u8,
) -> Result<csv::Reader<BufReader<File>>, IngestError> {
    let io = |source| IngestError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut file = File::open(path).map_err(io)?;
    file.seek(SeekFrom::Start(encoding.bom_len())).map_err(io)?;
    Ok(csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .buffer_capacity(256 * 1024)
        .from_reader(BufReader::with_capacity(256 * 1024, file)))
}

/// Scans the last record of a file (from byte `offset`, which is on line `line`) the way the
/// CSV parser does and reports where a quoted field opens if the file ends inside it: the CSV
/// parser itself silently ends such a record at the end of the file.
pub fn unterminated_quote(
    path: &Path,
    offset: u64,
    line: u64,
    delimiter: u8,
) -> std::io::Result<Option<(u64, u64)>> {
    let mut file = File::open(path)?;
    file.seek(SeekFrom::Start(offset))?;
    quote_left_open(BufReader::new(file), line, delimiter)
}

/// The state machine of [`unterminated_quote`] over any reader.
fn quote_left_open<R: Read>(
    mut input: R,
    mut line: u64,
    delimiter: u8,
) -> std::io::Result<Option<(u64, u64)>> {
    #[derive(PartialEq)]
    enum S {
        StartField,
        InField,
        InQuoted,
        QuoteInQuoted,
    }
    let mut state = S::StartField;
    let mut field = 1u64;
    let mut opened = (line, field);
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = input.read(&mut buf)?;
        if n == 0 {
            break;
        }
        for &b in &buf[..n] {
            let term = b == b'\n' || b == b'\r';
            state = match state {
                S::InQuoted if b == b'"' => S::QuoteInQuoted,
                S::InQuoted => S::InQuoted,
                S::QuoteInQuoted if b == b'"' => S::InQuoted,
                S::StartField if b == b'"' => {
                    opened = (line, field);
                    S::InQuoted
                }
                _ if b == delimiter => {
                    field += 1;
                    S::StartField
                }
                _ if term => {
                    field = 1;
                    S::StartField
                }
                _ => S::InField,
            };
            if b == b'\n' {
                line += 1;
            }
        }
    }
    Ok((state == S::InQuoted).then_some(opened))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_open_quote() {
        let tail = b"7,\"fine\",\"It started \"\"well\"\"\nand then\n8,x,y\n";
        assert_eq!(quote_left_open(&tail[..], 12, b',').unwrap(), Some((12, 3)));
        let closed = b"7,\"fine\",\"It \"\"ended\"\"\nwell\"\n";
        assert_eq!(quote_left_open(&closed[..], 12, b',').unwrap(), None);
        let literal = b"7,a\"b,c\n";
        assert_eq!(quote_left_open(&literal[..], 3, b',').unwrap(), None);
    }
}
