//! A streaming reader of delimited records (RFC 4180 with the usual leniencies) that knows what
//! the `csv` crate does not tell: where a quote opened and closed, how large each field is, and
//! where a broken record can be resumed.
//!
//! Rules, as in the `csv` crate: a field that starts with `"` is quoted (`""` inside is one
//! quote, delimiters and line breaks are text); a quote inside an unquoted field is text; `\n`,
//! `\r` and `\r\n` end a record; blank lines are skipped. Beyond that:
//!
//! - **Unbalanced quote.** When a quoted field runs over a line break and its closing quote is
//!   followed by more text (`"abc⏎R4,"def"`), the quote opened by mistake and swallowed the lines
//!   after it. The record is reported as [`Problem::Unbalanced`] and reading resumes on the line
//!   after the one where the quote opened, so the swallowed rows are read as rows again.
//! - **Unterminated quote.** A quoted field still open at the end of the file is an error naming
//!   the line and field where it opened.
//! - **Sizes.** A field over `max_field` bytes, a record over `max_record` bytes or with more than
//!   `max_fields` fields is read through to its end without keeping what is over the limit, and
//!   flagged. Memory never grows past the limits, whatever the input.

use memchr::memchr3;
use std::io::{self, Read, Seek, SeekFrom};

/// Bytes read from the file at a time.
const CHUNK: usize = 256 * 1024;

/// What the reader keeps of a record, at most.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Longest field kept, in bytes.
    pub max_field: usize,
    /// Longest record kept, in bytes (all fields).
    pub max_record: usize,
    /// Most fields kept.
    pub max_fields: usize,
}

/// Why a record cannot be taken as it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A field is longer than the limit: (0-based field, its length in bytes).
    FieldTooLarge(usize, u64),
    /// The record is longer than the limit: its length in bytes (fields only).
    RecordTooLarge(u64),
    /// A quote opened by mistake (see the module documentation).
    Unbalanced {
        /// 0-based field whose quote opened.
        field: usize,
        /// 1-based line where it opened.
        open_line: u64,
        /// 1-based line where it closed, followed by more text.
        close_line: u64,
        /// 1-based line where reading resumed.
        resume_line: u64,
    },
}

/// One record: its kept fields and what is known about it.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Record {
    data: Vec<u8>,
    ends: Vec<usize>,
    /// Number of fields, including those past `max_fields` that were not kept.
    pub fields: usize,
    /// 1-based line where the record starts.
    pub line: u64,
    /// 1-based line where it ends.
    pub end_line: u64,
    /// Byte offset of its first byte in the input.
    pub byte: u64,
    /// The first problem found, if any.
    pub problem: Option<Problem>,
}

impl Record {
    /// The kept fields, in order.
    pub fn iter(&self) -> impl Iterator<Item = &[u8]> + '_ {
        let mut start = 0;
        self.ends.iter().map(move |&end| {
            let field = &self.data[start..end];
            start = end;
            field
        })
    }

    /// Number of kept fields.
    pub fn kept(&self) -> usize {
        self.ends.len()
    }

    fn clear(&mut self) {
        self.data.clear();
        self.ends.clear();
        self.fields = 0;
        self.problem = None;
    }
}

/// A quoted field still open at the end of the input: (1-based line, 1-based field) where the
/// quote opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unterminated {
    /// 1-based line.
    pub line: u64,
    /// 1-based field.
    pub field: u64,
}

/// Why reading stopped.
#[derive(Debug)]
pub enum ReadError {
    /// The input could not be read.
    Io(io::Error),
    /// A quoted field is never closed.
    Unterminated(Unterminated),
}

impl From<io::Error> for ReadError {
    fn from(e: io::Error) -> Self {
        ReadError::Io(e)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    StartField,
    InField,
    InQuoted,
    QuoteInQuoted,
}

/// Reads records from `input`, which starts at byte `base` of the file (after a byte order mark).
pub struct RecordReader<R> {
    input: R,
    base: u64,
    buf: Vec<u8>,
    pos: usize,
    len: usize,
    /// Offset in the input of `buf[0]`.
    buf_at: u64,
    eof: bool,
    line: u64,
    prev_cr: bool,
    delimiter: u8,
    limits: Limits,
}

/// Where the open quote of the current field is, and where its first line break ends.
#[derive(Clone, Copy)]
struct OpenQuote {
    field: usize,
    line: u64,
    /// (offset after the first line break inside the quotes, line there, break was `\r`).
    first_break: Option<(u64, u64, bool)>,
}

impl<R: Read + Seek> RecordReader<R> {
    /// A reader positioned at the start of `input`; `base` is added to reported byte offsets.
    pub fn new(input: R, base: u64, delimiter: u8, limits: Limits) -> Self {
        RecordReader {
            input,
            base,
            buf: vec![0; CHUNK],
            pos: 0,
            len: 0,
            buf_at: 0,
            eof: false,
            line: 1,
            prev_cr: false,
            delimiter,
            limits,
        }
    }

    /// Bytes consumed so far, counted from the start of the file.
    pub fn position(&self) -> u64 {
        self.base + self.buf_at + self.pos as u64
    }

    fn fill(&mut self) -> io::Result<bool> {
        if self.pos < self.len {
            return Ok(true);
        }
        if self.eof {
            return Ok(false);
        }
        self.buf_at += self.len as u64;
        self.pos = 0;
        self.len = 0;
        loop {
            match self.input.read(&mut self.buf) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(false);
                }
                Ok(n) => {
                    self.len = n;
                    return Ok(true);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        }
    }

    /// Moves to `offset` (relative to the input's start) with `line` as its line number.
    fn seek_to(&mut self, offset: u64, line: u64, prev_cr: bool) -> io::Result<()> {
        let end = self.buf_at + self.len as u64;
        if offset >= self.buf_at && offset <= end {
            self.pos = (offset - self.buf_at) as usize;
        } else {
            self.input.seek(SeekFrom::Start(self.base + offset))?;
            self.buf_at = offset;
            self.pos = 0;
            self.len = 0;
            self.eof = false;
        }
        self.line = line;
        self.prev_cr = prev_cr;
        Ok(())
    }

    /// Counts line breaks in `bytes` (a `\r\n` pair once, a lone `\r` once).
    fn count_lines(&mut self, bytes: &[u8]) {
        for &b in bytes {
            match b {
                b'\n' => {
                    if !self.prev_cr {
                        self.line += 1;
                    }
                    self.prev_cr = false;
                }
                b'\r' => {
                    self.line += 1;
                    self.prev_cr = true;
                }
                _ => self.prev_cr = false,
            }
        }
    }

    /// Reads the next record into `rec`; `Ok(false)` at the end of the input.
    pub fn read(&mut self, rec: &mut Record) -> Result<bool, ReadError> {
        rec.clear();
        if !self.skip_blank_lines()? {
            return Ok(false);
        }
        rec.line = self.line;
        rec.byte = self.position();
        let mut f = Field::new(self.limits);
        loop {
            if !self.fill()? {
                // End of input.
                if f.state == State::InQuoted {
                    let q = f
                        .quote
                        .map_or((rec.line, 1), |q| (q.line, q.field as u64 + 1));
                    return Err(ReadError::Unterminated(Unterminated {
                        line: q.0,
                        field: q.1,
                    }));
                }
                f.end(rec);
                break;
            }
            let step = match f.state {
                State::StartField => self.start_field(rec, &mut f),
                State::InField => self.in_field(rec, &mut f),
                State::InQuoted => self.in_quoted(rec, &mut f),
                State::QuoteInQuoted => self.quote_in_quoted(rec, &mut f)?,
            };
            match step {
                Step::More => {}
                Step::EndOfRecord => break,
                Step::Resumed => return Ok(true),
            }
        }
        rec.end_line = if f.ended_by_break {
            self.line.saturating_sub(1).max(rec.line)
        } else {
            self.line
        };
        if let Some(Problem::RecordTooLarge(n)) = &mut rec.problem {
            *n = f.record_len;
        }
        Ok(true)
    }

    /// Skips blank lines before a record; `Ok(false)` at the end of the input.
    fn skip_blank_lines(&mut self) -> io::Result<bool> {
        loop {
            if !self.fill()? {
                return Ok(false);
            }
            let b = self.buf[self.pos];
            if b == b'\n' || b == b'\r' {
                self.count_lines(&[b]);
                self.pos += 1;
            } else {
                return Ok(true);
            }
        }
    }

    /// The first byte of a field: a quote, a delimiter, a line break or text.
    #[inline]
    fn start_field(&mut self, rec: &mut Record, f: &mut Field) -> Step {
        let b = self.buf[self.pos];
        self.pos += 1;
        if b == b'"' {
            f.quote = Some(OpenQuote {
                field: rec.fields,
                line: self.line,
                first_break: None,
            });
            f.state = State::InQuoted;
            self.prev_cr = false;
        } else if b == self.delimiter {
            f.end(rec);
            f.next();
            self.prev_cr = false;
        } else if b == b'\n' || b == b'\r' {
            return self.end_of_record(rec, f, b);
        } else {
            self.prev_cr = false;
            f.push(rec, &[b]);
            f.state = State::InField;
        }
        Step::More
    }

    /// Unquoted text up to the next delimiter or line break.
    #[inline]
    fn in_field(&mut self, rec: &mut Record, f: &mut Field) -> Step {
        match self.text_until(rec, f, self.delimiter) {
            Some(b) if b == self.delimiter => {
                f.end(rec);
                f.next();
                f.state = State::StartField;
            }
            Some(b) => return self.end_of_record(rec, f, b),
            None => {}
        }
        Step::More
    }

    /// Field text up to `stop` or a line break in what is buffered; the byte that ended it
    /// (consumed), if one did.
    #[inline]
    fn text_until(&mut self, rec: &mut Record, f: &mut Field, stop: u8) -> Option<u8> {
        let (chunk_start, chunk_end) = (self.pos, self.len);
        let avail = &self.buf[chunk_start..chunk_end];
        let hit = memchr3(stop, b'\n', b'\r', avail);
        let n = hit.unwrap_or(avail.len());
        if n > 0 {
            f.push(rec, &avail[..n]);
            self.prev_cr = false;
        }
        self.pos = chunk_start + n;
        let i = hit?;
        self.pos += 1;
        Some(self.buf[chunk_start + i])
    }

    /// Quoted text up to the next quote; line breaks inside the quotes are text.
    #[inline]
    fn in_quoted(&mut self, rec: &mut Record, f: &mut Field) -> Step {
        match self.text_until(rec, f, b'"') {
            Some(b'"') => {
                self.prev_cr = false;
                f.state = State::QuoteInQuoted;
            }
            Some(b) => {
                self.count_lines(&[b]);
                if let Some(q) = &mut f.quote {
                    if q.first_break.is_none() {
                        let at = self.buf_at + self.pos as u64;
                        q.first_break = Some((at, self.line, b == b'\r'));
                    }
                }
                f.push(rec, &[b]);
            }
            None => {}
        }
        Step::More
    }

    /// The byte after a quote inside a quoted field: an escaped quote, the end of the field or
    /// record, or text after a closing quote.
    #[inline]
    fn quote_in_quoted(&mut self, rec: &mut Record, f: &mut Field) -> Result<Step, ReadError> {
        let b = self.buf[self.pos];
        if b != b'\n' && b != b'\r' {
            self.prev_cr = false;
        }
        if b == b'"' {
            self.pos += 1;
            f.push(rec, b"\"");
            f.state = State::InQuoted;
        } else if b == self.delimiter {
            self.pos += 1;
            f.end(rec);
            f.next();
            f.state = State::StartField;
        } else if b == b'\n' || b == b'\r' {
            self.pos += 1;
            return Ok(self.end_of_record(rec, f, b));
        } else if let Some(OpenQuote {
            field,
            line,
            first_break: Some((at, resume_line, cr)),
        }) = f.quote
        {
            // The quote was closed on a later line and text follows: it opened by mistake.
            // Resume on the line after the one where it opened.
            rec.problem = Some(Problem::Unbalanced {
                field,
                open_line: line,
                close_line: self.line,
                resume_line,
            });
            rec.fields = rec.fields.max(field + 1);
            rec.end_line = self.line;
            self.seek_to(at, resume_line, cr)?;
            return Ok(Step::Resumed);
        } else {
            // `"abc"def` on one line: taken as text, like the csv crate does.
            f.state = State::InField;
        }
        Ok(Step::More)
    }

    /// A line break `b` (already consumed) ends the field and the record.
    #[inline]
    fn end_of_record(&mut self, rec: &mut Record, f: &mut Field, b: u8) -> Step {
        self.count_lines(&[b]);
        f.end(rec);
        f.ended_by_break = true;
        Step::EndOfRecord
    }
}

/// What the reader does after one step of a record.
enum Step {
    /// Read on.
    More,
    /// The record ended at a line break or the end of the input.
    EndOfRecord,
    /// A quote opened by mistake: the record is rejected and reading resumed after it.
    Resumed,
}

/// The field being read, and the record so far.
struct Field {
    state: State,
    limits: Limits,
    field_len: u64,
    record_len: u64,
    /// Whether the field's bytes are still kept (false once over a limit).
    storing: bool,
    quote: Option<OpenQuote>,
    ended_by_break: bool,
}

impl Field {
    fn new(limits: Limits) -> Field {
        Field {
            state: State::StartField,
            limits,
            field_len: 0,
            record_len: 0,
            storing: true,
            quote: None,
            ended_by_break: false,
        }
    }

    /// Appends field bytes, keeping only what the limits allow.
    #[inline]
    fn push(&mut self, rec: &mut Record, bytes: &[u8]) {
        let lim = self.limits;
        self.field_len += bytes.len() as u64;
        self.record_len += bytes.len() as u64;
        if self.storing && rec.fields < lim.max_fields {
            if self.field_len > lim.max_field as u64 {
                self.storing = false;
                let start = rec.ends.last().copied().unwrap_or(0);
                rec.data.truncate(start);
                if rec.problem.is_none() {
                    rec.problem = Some(Problem::FieldTooLarge(rec.fields, 0));
                }
            } else if self.record_len > lim.max_record as u64 {
                self.storing = false;
                if rec.problem.is_none() {
                    rec.problem = Some(Problem::RecordTooLarge(0));
                }
            } else {
                rec.data.extend_from_slice(bytes);
            }
        }
    }

    /// Ends the current field.
    #[inline]
    fn end(&mut self, rec: &mut Record) {
        if rec.fields < self.limits.max_fields {
            rec.ends.push(rec.data.len());
        }
        if let Some(Problem::FieldTooLarge(f, n)) = &mut rec.problem {
            if *f == rec.fields && *n == 0 {
                *n = self.field_len;
            }
        }
        rec.fields += 1;
    }

    /// Starts the next field of the same record.
    #[inline]
    fn next(&mut self) {
        self.field_len = 0;
        self.storing = true;
        self.quote = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::io::Cursor;

    const LIMITS: Limits = Limits {
        max_field: 64,
        max_record: 256,
        max_fields: 8,
    };

    fn read_all(input: &[u8], limits: Limits) -> Result<Vec<Record>, Unterminated> {
        let mut r = RecordReader::new(Cursor::new(input.to_vec()), 0, b',', limits);
        let mut out = Vec::new();
        let mut rec = Record::default();
        loop {
            match r.read(&mut rec) {
                Ok(true) => out.push(rec.clone()),
                Ok(false) => return Ok(out),
                Err(ReadError::Unterminated(u)) => return Err(u),
                Err(ReadError::Io(e)) => panic!("{e}"),
            }
        }
    }

    fn fields(rec: &Record) -> Vec<String> {
        rec.iter()
            .map(|f| String::from_utf8_lossy(f).into_owned())
            .collect()
    }

    #[test]
    fn reads_quoted_fields_and_line_numbers() {
        let recs = read_all(
            b"id,text\r\n1,\"a, \"\"b\"\"\nc\"\r\n\n2,x\"y\r3,\"\"\n",
            LIMITS,
        )
        .unwrap();
        let got: Vec<(u64, Vec<String>)> = recs.iter().map(|r| (r.line, fields(r))).collect();
        assert_eq!(
            got,
            [
                (1, vec!["id".to_string(), "text".to_string()]),
                (2, vec!["1".to_string(), "a, \"b\"\nc".to_string()]),
                (5, vec!["2".to_string(), "x\"y".to_string()]),
                (6, vec!["3".to_string(), String::new()]),
            ]
        );
        assert!(recs.iter().all(|r| r.problem.is_none()));
    }

    #[test]
    fn unbalanced_quote_is_reported_and_reading_resumes() {
        let input = b"id,text\n1,ok\n2,\"opens here\n3,fine\n4,\"quoted, closed\"\n5,last\n";
        let recs = read_all(input, LIMITS).unwrap();
        let lines: Vec<u64> = recs.iter().map(|r| r.line).collect();
        assert_eq!(lines, [1, 2, 3, 4, 5, 6]);
        assert_eq!(
            recs[2].problem,
            Some(Problem::Unbalanced {
                field: 1,
                open_line: 3,
                close_line: 5,
                resume_line: 4
            })
        );
        assert_eq!(fields(&recs[3]), ["3", "fine"]);
        assert_eq!(fields(&recs[4]), ["4", "quoted, closed"]);
        assert_eq!(fields(&recs[5]), ["5", "last"]);
    }

    #[test]
    fn unterminated_quote_names_where_it_opens() {
        let err = read_all(b"id,text\n1,ok\n2,\"never closed\n3,x\n", LIMITS).unwrap_err();
        assert_eq!(err, Unterminated { line: 3, field: 2 });
    }

    #[test]
    fn oversized_fields_and_records_are_flagged_not_kept() {
        let big = "x".repeat(100);
        let input = format!("a,b\n1,{big}\n2,ok\n");
        let recs = read_all(input.as_bytes(), LIMITS).unwrap();
        assert_eq!(recs[1].problem, Some(Problem::FieldTooLarge(1, 100)));
        assert_eq!(fields(&recs[1]), ["1", ""]);
        assert_eq!(fields(&recs[2]), ["2", "ok"]);
        let wide = vec!["y"; 20].join(",");
        let recs = read_all(format!("{wide}\n").as_bytes(), LIMITS).unwrap();
        assert_eq!((recs[0].fields, recs[0].kept()), (20, 8));
        let long = vec!["z".repeat(60); 6].join(",");
        let recs = read_all(format!("{long}\n").as_bytes(), LIMITS).unwrap();
        assert_eq!(recs[0].problem, Some(Problem::RecordTooLarge(360)));
    }

    /// A record as a generator writes it: fields quoted when needed.
    fn write_record(fields: &[String]) -> String {
        fields
            .iter()
            .map(|f| {
                if f.contains([',', '"', '\n', '\r']) || f.is_empty() {
                    format!("\"{}\"", f.replace('"', "\"\""))
                } else {
                    f.clone()
                }
            })
            .collect::<Vec<_>>()
            .join(",")
    }

    proptest! {
        /// Every record written comes back whole, in order, on the line it starts.
        #[test]
        fn every_record_is_read_back(
            rows in prop::collection::vec(
                prop::collection::vec("[a-z ,\"\n\r]{0,12}", 1..5), 0..20),
            crlf in any::<bool>(),
        ) {
            let end = if crlf { "\r\n" } else { "\n" };
            let text: String = rows.iter().map(|r| write_record(r) + end).collect();
            let big = Limits { max_field: 1 << 20, max_record: 1 << 20, max_fields: 100 };
            let recs = read_all(text.as_bytes(), big).unwrap();
            prop_assert_eq!(recs.len(), rows.len());
            let mut line = 1;
            for (rec, row) in recs.iter().zip(&rows) {
                prop_assert_eq!(&fields(rec), row);
                prop_assert_eq!(rec.line, line);
                prop_assert!(rec.problem.is_none());
                let breaks: u64 = row.iter().map(|f| {
                    let b = f.as_bytes();
                    (0..b.len()).filter(|&i| b[i] == b'\n' && (i == 0 || b[i - 1] != b'\r')
                        || b[i] == b'\r').count() as u64
                }).sum();
                line += breaks + 1;
            }
        }

        /// Any bytes at all: the reader ends, never keeps more than its limits, and accounts
        /// for every line it passed (record lines never go backwards).
        #[test]
        fn any_input_is_read_within_limits(input in prop::collection::vec(
            prop::sample::select(vec![b'a', b',', b'"', b'\n', b'\r', b' ', 0xC3, 0]), 0..400)) {
            let mut r = RecordReader::new(Cursor::new(input.clone()), 0, b',', LIMITS);
            let mut rec = Record::default();
            let mut last_line = 0;
            let mut count = 0;
            loop {
                match r.read(&mut rec) {
                    Ok(true) => {
                        prop_assert!(rec.line > last_line);
                        prop_assert!(rec.kept() <= LIMITS.max_fields);
                        prop_assert!(rec.iter().all(|f| f.len() <= LIMITS.max_field));
                        prop_assert!(rec.iter().map(<[u8]>::len).sum::<usize>() <= LIMITS.max_record);
                        last_line = rec.line;
                        count += 1;
                        prop_assert!(count <= input.len() + 1);
                    }
                    Ok(false) | Err(ReadError::Unterminated(_)) => break,
                    Err(ReadError::Io(e)) => return Err(TestCaseError::fail(e.to_string())),
                }
            }
        }
    }
}
