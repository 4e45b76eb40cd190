//! Reviewers' overrides: decisions on single answers that survive reruns.
//!
//! An overrides file is a CSV the analyst keeps, one decision a row, with the header
//! `id,question,theme,action,reviewer,date,reason` (any column order, names compared ignoring case;
//! other columns are ignored). `id` is the respondent id, `question` the question id (`Q1`) or its
//! text, `theme` a theme id (`T07`) or name, `action` `add` or `remove`, `date` `YYYY-MM-DD`
//! (or `DD/MM/YYYY`, as spreadsheets write it), `reason` free text (may be blank).
//!
//! Overrides are applied after the lexicons (see [`super::AnswerCoder`]). When several lines
//! decide the same answer and theme, the last one wins and the earlier ones are reported as
//! superseded. A line naming a theme or question the frame or survey does not have, or an answer
//! that is not in the input (or is blank), is never applied and is always reported with its line.

use crate::model::{CodeFrame, CodedBatch, Coding, Question, Revision, RevisionAction, ThemeScore};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

/// Largest overrides file read, in bytes.
pub const MAX_OVERRIDES_BYTES: u64 = 32 << 20;
/// Most overrides in one file.
pub const MAX_OVERRIDES: usize = 200_000;
/// Longest field of an overrides row, in bytes.
pub const MAX_FIELD_BYTES: usize = 8 << 10;

/// The columns of an overrides file, in the order the README documents them.
pub const COLUMNS: [&str; 7] = [
    "id", "question", "theme", "action", "reviewer", "date", "reason",
];

/// Why an overrides file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum OverrideError {
    /// The file could not be read.
    #[error("cannot read the overrides file {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A size or count over its limit.
    #[error("{path}: {message}")]
    Limit {
        /// The file.
        path: PathBuf,
        /// What is over which limit.
        message: String,
    },
    /// The header lacks a column.
    #[error("{path}: line 1: the header has no `{missing}` column; an overrides file has the columns id, question, theme, action, reviewer, date, reason")]
    Header {
        /// The file.
        path: PathBuf,
        /// The missing column.
        missing: &'static str,
    },
    /// A row is malformed.
    #[error("{path}: line {line}, column {column} ({name}): {message}")]
    Row {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: u64,
        /// 1-based column.
        column: usize,
        /// The column's name.
        name: String,
        /// What is wrong.
        message: String,
    },
}

/// One line of an overrides file, as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OverrideRow {
    /// 1-based line of the file where the row starts.
    pub line: u64,
    /// Respondent id.
    pub id: String,
    /// Question id or text.
    pub question: String,
    /// Theme id or name.
    pub theme: String,
    /// Add or remove.
    pub action: RevisionAction,
    /// Who decided.
    pub reviewer: String,
    /// When, as written.
    pub date: String,
    /// Why.
    pub reason: String,
}

/// An overrides file, read and checked row by row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overrides {
    /// Where it was read from.
    pub path: PathBuf,
    /// Its rows, in file order.
    pub rows: Vec<OverrideRow>,
}

impl Overrides {
    /// Reads and checks the overrides file at `path`.
    pub fn read(path: &Path) -> Result<Overrides, OverrideError> {
        use std::io::Read;
        let io = |source| OverrideError::Io {
            path: path.to_path_buf(),
            source,
        };
        let mut bytes = Vec::new();
        std::fs::File::open(path)
            .map_err(io)?
            .take(MAX_OVERRIDES_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(io)?;
        Overrides::parse(path, &bytes)
    }

    /// Parses the bytes of an overrides file; `path` is used in messages.
    pub fn parse(path: &Path, bytes: &[u8]) -> Result<Overrides, OverrideError> {
        let limit = |message: String| OverrideError::Limit {
            path: path.to_path_buf(),
            message,
        };
        if bytes.len() as u64 > MAX_OVERRIDES_BYTES {
            return Err(limit(format!(
                "larger than {} MiB; an overrides file is at most that",
                MAX_OVERRIDES_BYTES >> 20
            )));
        }
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(bytes);
        let mut records = reader.byte_records();
        let Some(header) = records.next() else {
            return Err(OverrideError::Header {
                path: path.to_path_buf(),
                missing: "id",
            });
        };
        let header = header.map_err(|e| csv_error(path, &e))?;
        let positions = header_positions(path, &header)?;
        let mut rows = Vec::new();
        for record in records {
            let record = record.map_err(|e| csv_error(path, &e))?;
            let line = record.position().map_or(0, |p| p.line());
            if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
                continue;
            }
            if rows.len() == MAX_OVERRIDES {
                return Err(limit(format!("more than {MAX_OVERRIDES} overrides")));
            }
            rows.push(parse_row(path, line, &record, &positions)?);
        }
        Ok(Overrides {
            path: path.to_path_buf(),
            rows,
        })
    }
}

/// A csv-level error (bad quoting, invalid UTF-8 is checked per field) with its line.
fn csv_error(path: &Path, e: &csv::Error) -> OverrideError {
    let line = e.position().map_or(0, |p| p.line());
    OverrideError::Row {
        path: path.to_path_buf(),
        line,
        column: 1,
        name: "row".to_string(),
        message: e.to_string(),
    }
}

/// The field index of each of [`COLUMNS`] in the header.
fn header_positions(path: &Path, header: &csv::ByteRecord) -> Result<[usize; 7], OverrideError> {
    let names: Vec<String> = header
        .iter()
        .map(|f| String::from_utf8_lossy(f).trim().to_lowercase())
        .collect();
    let mut out = [0usize; 7];
    for (slot, want) in out.iter_mut().zip(COLUMNS) {
        *slot = names
            .iter()
            .position(|n| n == want)
            .ok_or(OverrideError::Header {
                path: path.to_path_buf(),
                missing: want,
            })?;
    }
    Ok(out)
}

/// One data row, checked field by field.
fn parse_row(
    path: &Path,
    line: u64,
    record: &csv::ByteRecord,
    positions: &[usize; 7],
) -> Result<OverrideRow, OverrideError> {
    let err = |i: usize, message: String| OverrideError::Row {
        path: path.to_path_buf(),
        line,
        column: positions[i] + 1,
        name: COLUMNS[i].to_string(),
        message,
    };
    let mut fields: Vec<String> = Vec::with_capacity(7);
    for (i, &at) in positions.iter().enumerate() {
        let raw = record.get(at).unwrap_or_default();
        if raw.len() > MAX_FIELD_BYTES {
            return Err(err(i, format!("longer than {MAX_FIELD_BYTES} bytes")));
        }
        let text = std::str::from_utf8(raw)
            .map_err(|_| err(i, "not UTF-8 text; save the file as CSV UTF-8".to_string()))?;
        let text = text.trim();
        if text.is_empty() && COLUMNS[i] != "reason" {
            return Err(err(i, "empty; every override needs it".to_string()));
        }
        fields.push(text.to_string());
    }
    let action = match fields[3].to_lowercase().as_str() {
        "add" => RevisionAction::Add,
        "remove" => RevisionAction::Remove,
        other => return Err(err(3, format!("`{other}` is neither `add` nor `remove`"))),
    };
    if !valid_date(&fields[5]) {
        return Err(err(
            5,
            format!(
                "`{}` is not a date written YYYY-MM-DD or DD/MM/YYYY",
                fields[5]
            ),
        ));
    }
    let mut f = fields.into_iter();
    let mut next = || f.next().unwrap_or_default();
    let (id, question, theme, _, reviewer, date, reason) =
        (next(), next(), next(), next(), next(), next(), next());
    Ok(OverrideRow {
        line,
        id,
        question,
        theme,
        action,
        reviewer,
        date,
        reason,
    })
}

/// `YYYY-MM-DD` or `DD/MM/YYYY` with a month 1-12 and a day 1-31.
fn valid_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split(['-', '/']).collect();
    let num = |p: &str, len: usize| {
        (p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse::<u32>().ok())
            .flatten()
    };
    let (y, m, d) = match (parts.as_slice(), s.contains('-')) {
        ([y, m, d], true) => (num(y, 4), num(m, 2), num(d, 2)),
        ([d, m, y], false) => (num(y, 4), num(m, 2), num(d, 2)),
        _ => return false,
    };
    matches!((y, m, d), (Some(_), Some(1..=12), Some(1..=31)))
}

/// Why an override was not applied.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum IssueKind {
    /// The theme is not in the code frame.
    UnknownTheme,
    /// The question is not one of the survey's open questions.
    UnknownQuestion,
    /// No answer with this id and question is in the input (or the answer is blank).
    NoSuchAnswer,
    /// A later line decides the same answer and theme.
    Superseded {
        /// The line that wins.
        by: u64,
    },
}

impl IssueKind {
    /// The problem in words.
    pub fn describe(&self) -> String {
        match self {
            IssueKind::UnknownTheme => "unknown theme".to_string(),
            IssueKind::UnknownQuestion => "unknown question".to_string(),
            IssueKind::NoSuchAnswer => "no such answer in the input".to_string(),
            IssueKind::Superseded { by } => format!("superseded by line {by}"),
        }
    }
}

/// An override that was not applied, with its line and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OverrideIssue {
    /// 1-based line of the overrides file.
    pub line: u64,
    /// Respondent id, as written.
    pub id: String,
    /// Question, as written.
    pub question: String,
    /// Theme, as written.
    pub theme: String,
    /// Add or remove.
    pub action: RevisionAction,
    /// Why it was not applied.
    pub problem: IssueKind,
}

/// One applicable override.
#[derive(Debug)]
struct Active {
    row: usize,
    question: u16,
    theme: u16,
}

/// Overrides resolved against a code frame and a survey's questions, ready to apply to batches.
/// Records which were applied, so those that matched no answer can be reported at the end.
#[derive(Debug)]
pub struct BoundOverrides {
    rows: Vec<OverrideRow>,
    /// By respondent id: the overrides of its answers.
    by_id: BTreeMap<String, Vec<Active>>,
    /// By row index: whether the override met its answer.
    met: Vec<AtomicBool>,
    /// Problems known before any answer is seen.
    issues: Vec<OverrideIssue>,
}

impl BoundOverrides {
    /// Resolves themes (id or name, ignoring case) and questions (id ignoring case, or text).
    pub fn bind(overrides: &Overrides, frame: &CodeFrame, questions: &[Question]) -> Self {
        let rows = overrides.rows.clone();
        let mut issues = Vec::new();
        let mut last: BTreeMap<(&str, u16, u16), usize> = BTreeMap::new();
        let issue = |r: &OverrideRow, problem| OverrideIssue {
            line: r.line,
            id: r.id.clone(),
            question: r.question.clone(),
            theme: r.theme.clone(),
            action: r.action,
            problem,
        };
        for (i, r) in rows.iter().enumerate() {
            let Some(theme) = find_theme(frame, &r.theme) else {
                issues.push(issue(r, IssueKind::UnknownTheme));
                continue;
            };
            let Some(question) = find_question(questions, &r.question) else {
                issues.push(issue(r, IssueKind::UnknownQuestion));
                continue;
            };
            if let Some(prev) = last.insert((r.id.as_str(), question, theme), i) {
                issues.push(issue(&rows[prev], IssueKind::Superseded { by: r.line }));
            }
        }
        let mut by_id: BTreeMap<String, Vec<Active>> = BTreeMap::new();
        for ((id, question, theme), row) in last {
            by_id.entry(id.to_string()).or_default().push(Active {
                row,
                question,
                theme,
            });
        }
        let met = rows.iter().map(|_| AtomicBool::new(false)).collect();
        BoundOverrides {
            rows,
            by_id,
            met,
            issues,
        }
    }

    /// Whether there is nothing to apply.
    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    /// Applies the overrides to a coded batch: adds and removes themes, records each change in
    /// [`Coding::revisions`] and recomputes the linked priorities of the codings changed.
    pub fn apply(&self, frame: &CodeFrame, batch: &mut CodedBatch) {
        if self.by_id.is_empty() {
            return;
        }
        let ids: BTreeMap<u32, &str> = batch
            .respondents
            .iter()
            .map(|r| (r.seq, r.id.as_str()))
            .collect();
        for coding in &mut batch.codings {
            let Some(actives) = ids
                .get(&coding.respondent)
                .and_then(|id| self.by_id.get(*id))
            else {
                continue;
            };
            let question = coding.question;
            for a in actives.iter().filter(|a| a.question == question) {
                self.met[a.row].store(true, Ordering::Relaxed);
                let row = &self.rows[a.row];
                revise(coding, a.theme, row);
            }
            if !coding.revisions.is_empty() {
                coding.revisions.sort_by_key(|r| (r.theme, r.line));
                coding.priorities = priorities_of(frame, &coding.themes);
            }
        }
    }

    /// Every override not applied, by line: unknown themes and questions, superseded lines, and
    /// (once every batch has been through [`BoundOverrides::apply`]) those that met no answer.
    pub fn issues(&self) -> Vec<OverrideIssue> {
        let mut out = self.issues.clone();
        for actives in self.by_id.values() {
            for a in actives {
                if !self.met[a.row].load(Ordering::Relaxed) {
                    let r = &self.rows[a.row];
                    out.push(OverrideIssue {
                        line: r.line,
                        id: r.id.clone(),
                        question: r.question.clone(),
                        theme: r.theme.clone(),
                        action: r.action,
                        problem: IssueKind::NoSuchAnswer,
                    });
                }
            }
        }
        out.sort_by(|a, b| a.line.cmp(&b.line).then(a.problem.cmp(&b.problem)));
        out
    }

    /// How many lines the file had.
    pub fn lines(&self) -> usize {
        self.rows.len()
    }
}

/// Adds or removes one theme of a coding, recording the change when there is one.
fn revise(coding: &mut Coding, theme: u16, row: &OverrideRow) {
    let at = coding.themes.iter().position(|t| t.theme == theme);
    let changed = match (row.action, at) {
        (RevisionAction::Add, None) => {
            coding.themes.push(ThemeScore { theme, score: 0.0 });
            coding.themes.sort_by_key(|t| t.theme);
            true
        }
        (RevisionAction::Remove, Some(i)) => {
            coding.themes.remove(i);
            true
        }
        _ => false,
    };
    if changed {
        coding.revisions.push(Revision {
            theme,
            action: row.action,
            line: row.line,
            reviewer: row.reviewer.clone(),
        });
    }
}

/// The priorities linked to `themes`, as the coder orders them: by priority id, unique.
pub(crate) fn priorities_of(frame: &CodeFrame, themes: &[ThemeScore]) -> Vec<u16> {
    let mut out: Vec<u16> = themes
        .iter()
        .filter_map(|t| frame.themes.get(usize::from(t.theme)))
        .flat_map(|t| t.priorities.iter())
        .filter_map(|p| frame.priorities.iter().position(|q| &q.id == p))
        .filter_map(|i| u16::try_from(i).ok())
        .collect();
    out.sort_unstable_by(|&a, &b| {
        frame
            .priority_id(a)
            .cmp(frame.priority_id(b))
            .then(a.cmp(&b))
    });
    out.dedup();
    out
}

/// A theme by id or name, ignoring case.
pub fn find_theme(frame: &CodeFrame, written: &str) -> Option<u16> {
    let w = written.trim();
    frame
        .themes
        .iter()
        .position(|t| t.id.eq_ignore_ascii_case(w) || t.name.eq_ignore_ascii_case(w))
        .and_then(|i| u16::try_from(i).ok())
}

/// A question by id (ignoring case) or by its text.
fn find_question(questions: &[Question], written: &str) -> Option<u16> {
    let w = written.trim();
    questions
        .iter()
        .position(|q| q.id.eq_ignore_ascii_case(w) || q.text.trim() == w)
        .and_then(|i| u16::try_from(i).ok())
}

#[cfg(test)]
mod tests;
