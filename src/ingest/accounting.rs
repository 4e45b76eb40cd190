//! Row accounting: every data row ends as ingested, blank or rejected, and is counted once.
//!
//! The checks run in this order: malformed (a quote opened by mistake ran over later lines),
//! too large (a field or the row over its limit), ragged (field count differs from the header),
//! undecodable bytes, control characters (NUL, ESC...), blank (no answer to any open question:
//! counted and set aside, and it never claims an id), duplicate id (the id was used by an
//! earlier kept row; the detail names that row).

use super::answers::answer;
use super::consent::{ConsentReader, ConsentValues};
use super::fields::{control_char, Fields, RawRow, RowProblem};
use super::limits::{MAX_FIELD_BYTES, MAX_ROW_BYTES};
use crate::model::{Accounting, Consent, RejectReason, Rejection, Respondent, SurveySchema};
use std::collections::HashMap;

/// Keeps the counts for one file and turns accepted rows into respondents.
pub struct Tracker {
    acc: Accounting,
    seen: HashMap<String, u64>,
    next_seq: u32,
    width: usize,
    consent: ConsentReader,
}

impl Tracker {
    /// A tracker for rows of `width` fields; consent cells are read with `consent`.
    pub fn new(schema: &SurveySchema, width: usize, consent: ConsentValues) -> Self {
        Tracker {
            acc: Accounting {
                path: schema.path.clone(),
                ..Accounting::default()
            },
            seen: HashMap::new(),
            next_seq: 0,
            width,
            consent: ConsentReader::new(consent),
        }
    }

    /// Accounts for one data row; returns the respondent when it is kept with an answer.
    pub fn row(
        &mut self,
        schema: &SurveySchema,
        raw: &RawRow,
        fields: &Fields,
    ) -> Option<Respondent> {
        self.acc.rows += 1;
        let line = raw.line;
        if let Some((reason, detail)) = self.problem(schema, raw, fields) {
            return self.reject(line, reason, detail);
        }
        let answers: Vec<Option<String>> = schema
            .questions
            .iter()
            .map(|q| answer(fields.get(q.column)))
            .collect();
        if answers.iter().all(Option::is_none) {
            self.acc.blank += 1;
            return None;
        }
        let id = match schema.id_column.map(|c| fields.get(c).trim()) {
            Some(v) if !v.is_empty() => v.to_string(),
            _ => format!("row-{line}"),
        };
        if let Some(&earlier) = self.seen.get(&id) {
            let detail = format!(
                "id \"{}\" was already used by the row at line {earlier}",
                short(&id)
            );
            return self.reject(line, RejectReason::DuplicateId, detail);
        }
        self.seen.insert(id.clone(), line);
        let consent = match schema.consent_column {
            Some(c) => self.consent.read(fields.get(c)),
            None => Consent::Unknown,
        };
        let seq = self.next_seq;
        self.next_seq += 1;
        self.acc.ingested += 1;
        Some(Respondent {
            seq,
            row: line,
            id,
            attributes: schema
                .attributes
                .iter()
                .map(|a| fields.get(a.column).trim().to_string())
                .collect(),
            consent,
            answers,
        })
    }

    /// Why a row is rejected before its values are read, if it is: the reader's problems
    /// (malformed, too large), a wrong number of fields, undecodable bytes, control characters.
    fn problem(
        &self,
        schema: &SurveySchema,
        raw: &RawRow,
        fields: &Fields,
    ) -> Option<(RejectReason, String)> {
        let line = raw.line;
        let name = |field: usize| short(schema.columns.get(field).map_or("", |c| c.name.as_str()));
        match &raw.problem {
            Some(RowProblem::UnbalancedQuote {
                field,
                open_line,
                close_line,
                resume_line,
            }) => {
                let detail = format!(
                    "field {} (\"{}\"): a quote opens on line {open_line} and only closes on line {close_line}, followed by more text, so it swallowed the lines between; this row is rejected and reading resumed on line {resume_line}",
                    field + 1,
                    name(*field)
                );
                return Some((RejectReason::Malformed, detail));
            }
            Some(RowProblem::FieldTooLarge { field, bytes }) => {
                let detail = format!(
                    "field {} (\"{}\") is {} bytes; the limit is {} bytes",
                    field + 1,
                    name(*field),
                    thousands(*bytes),
                    thousands(MAX_FIELD_BYTES as u64)
                );
                return Some((RejectReason::TooLarge, detail));
            }
            Some(RowProblem::RowTooLarge { bytes }) => {
                let detail = format!(
                    "the row is {} bytes; the limit is {} bytes",
                    thousands(*bytes),
                    thousands(MAX_ROW_BYTES as u64)
                );
                return Some((RejectReason::TooLarge, detail));
            }
            None => {}
        }
        if raw.fields != self.width {
            let mut detail = format!("expected {} fields, found {}", self.width, raw.fields);
            if raw.end_line > line {
                detail.push_str(&format!(
                    " (the row runs from line {line} to line {}: check for a stray quote)",
                    raw.end_line
                ));
            }
            return Some((RejectReason::Ragged, detail));
        }
        if let Some((field, offset)) = raw.undecodable {
            let detail = format!(
                "field {} (\"{}\") is not valid {} at byte {} of the field",
                field + 1,
                name(field),
                schema.encoding,
                offset
            );
            return Some((RejectReason::Undecodable, detail));
        }
        if let Some((field, (offset, c))) =
            (0..fields.len()).find_map(|i| control_char(fields.get(i)).map(|found| (i, found)))
        {
            let detail = format!(
                "field {} (\"{}\") holds a control character ({}) at byte {} of the field",
                field + 1,
                name(field),
                control_name(c),
                offset
            );
            return Some((RejectReason::ControlCharacters, detail));
        }
        None
    }

    fn reject(&mut self, row: u64, reason: RejectReason, detail: String) -> Option<Respondent> {
        self.acc.rejected.push(Rejection {
            row,
            reason,
            detail,
        });
        None
    }

    /// The accounting so far, with the bytes read.
    pub fn finish(mut self, bytes: u64) -> Accounting {
        self.acc.bytes = bytes;
        self.acc
    }
}

/// `1234567` as `1,234,567`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A control character named for a message: `NUL, 0x00`, `ESC, 0x1B`.
fn control_name(c: char) -> String {
    let name = match c {
        '\0' => "NUL",
        '\x07' => "BEL",
        '\x08' => "BS",
        '\x0B' => "VT",
        '\x1B' => "ESC",
        _ => "",
    };
    let code = format!("0x{:02X}", u32::from(c));
    if name.is_empty() {
        code
    } else {
        format!("{name}, {code}")
    }
}

/// A name or id cut to 40 characters for a message, without control characters.
fn short(s: &str) -> String {
    let clean: String = s.chars().filter(|c| !c.is_control()).collect();
    if clean.chars().count() > 40 {
        format!("{}...", clean.chars().take(40).collect::<String>())
    } else {
        clean
    }
}
