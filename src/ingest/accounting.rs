//! Row accounting: every data row ends as ingested, blank or rejected, and is counted once.
//!
//! The checks run in this order: ragged (field count differs from the header), undecodable
//! bytes, blank (no answer to any open question: counted and set aside, and it never claims an
//! id), duplicate id (the id was used by an earlier kept row; the detail names that row).

use super::answers::answer;
use super::consent::ConsentValues;
use super::fields::{Fields, RawRow};
use crate::model::{Accounting, Consent, RejectReason, Rejection, Respondent, SurveySchema};
use std::collections::HashMap;

/// Keeps the counts for one file and turns accepted rows into respondents.
pub struct Tracker {
    acc: Accounting,
    seen: HashMap<String, u64>,
    next_seq: u32,
    width: usize,
    consent: ConsentValues,
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
            consent,
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
        if fields.len() != self.width {
            let detail = format!("expected {} fields, found {}", self.width, fields.len());
            return self.reject(line, RejectReason::Ragged, detail);
        }
        if let Some((field, offset)) = raw.undecodable {
            let name = schema.columns.get(field).map_or("", |c| c.name.as_str());
            let detail = format!(
                "field {} (\"{}\") is not valid {} at byte {} of the field",
                field + 1,
                short(name),
                schema.encoding,
                offset
            );
            return self.reject(line, RejectReason::Undecodable, detail);
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
            consent: schema
                .consent_column
                .map_or(Consent::Unknown, |c| self.consent.read(fields.get(c))),
            answers,
        })
    }

    fn reject(&mut self, row: u64, reason: RejectReason, detail: String) -> Option<Respondent> {
        self.acc.rejected.push(Rejection {
            row,
            reason,
            detail,
        });
        None
    }

    /// Data rows seen so far.
    pub fn rows(&self) -> u64 {
        self.acc.rows
    }

    /// The accounting so far, with the bytes read.
    pub fn finish(mut self, bytes: u64) -> Accounting {
        self.acc.bytes = bytes;
        self.acc
    }
}

/// A name or id cut to 40 characters for a message.
fn short(s: &str) -> String {
    if s.chars().count() > 40 {
        format!("{}...", s.chars().take(40).collect::<String>())
    } else {
        s.to_string()
    }
}
