//! Stage: ingest (minimal CSV reader; one header row).
//!
//! Reads a delimited export with one header row. Text columns are the ones named in
//! `RoleOverrides::text`, or else every column whose non-empty values average over 25 characters.

use crate::model::{
    Accounting, Column, Consent, Format, Question, RejectReason, Rejection, Respondent, Role,
    RoleSource, SurveySchema,
};
use std::path::{Path, PathBuf};

/// Column roles set by the user (header names or 1-based column numbers); they win over guesses.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoleOverrides {
    /// The id column.
    pub id: Option<String>,
    /// Open-question columns.
    pub text: Vec<String>,
    /// Grouping columns.
    pub attributes: Vec<String>,
    /// The consent column.
    pub consent: Option<String>,
    /// Columns to leave out.
    pub ignore: Vec<String>,
}

/// How to read an export.
#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    /// Column roles set by the user.
    pub roles: RoleOverrides,
    /// Show a progress bar on a terminal.
    pub progress: bool,
}

/// Why an export could not be read.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The file could not be opened or parsed.
    #[error("failed to read {}: {source}", path.display())]
    Csv {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: csv::Error,
    },
    /// A column named in the options is not in the file.
    #[error("{}: no column `{name}`", path.display())]
    NoColumn {
        /// The file.
        path: PathBuf,
        /// The name or number given.
        name: String,
    },
}

/// Reads a whole export: its schema, the kept respondents and the row accounting.
pub fn read_all(
    path: &Path,
    opts: &IngestOptions,
) -> Result<(SurveySchema, Vec<Respondent>, Accounting), IngestError> {
    let err = |source| IngestError::Csv {
        path: path.to_path_buf(),
        source,
    };
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .map_err(err)?;
    let headers: Vec<String> = rdr
        .headers()
        .map_err(err)?
        .iter()
        .map(str::to_string)
        .collect();
    let mut rows: Vec<(u64, Vec<String>)> = Vec::new();
    let mut acc = Accounting {
        path: path.to_path_buf(),
        ..Accounting::default()
    };
    for rec in rdr.records() {
        let rec = rec.map_err(err)?;
        let line = rec.position().map_or(0, |p| p.line());
        acc.rows += 1;
        if rec.len() != headers.len() {
            acc.rejected.push(Rejection {
                row: line,
                reason: RejectReason::Ragged,
                detail: format!("expected {} fields, found {}", headers.len(), rec.len()),
            });
            continue;
        }
        rows.push((line, rec.iter().map(str::to_string).collect()));
    }
    let find = |name: &str| -> Result<usize, IngestError> {
        headers
            .iter()
            .position(|h| h == name)
            .or_else(|| {
                name.parse::<usize>()
                    .ok()
                    .filter(|&n| n >= 1 && n <= headers.len())
                    .map(|n| n - 1)
            })
            .ok_or_else(|| IngestError::NoColumn {
                path: path.to_path_buf(),
                name: name.to_string(),
            })
    };
    let id_column = opts.roles.id.as_deref().map(find).transpose()?;
    let text: Vec<usize> = if opts.roles.text.is_empty() {
        (0..headers.len())
            .filter(|&c| Some(c) != id_column)
            .filter(|&c| {
                let vals: Vec<usize> = rows
                    .iter()
                    .map(|(_, r)| r[c].trim().len())
                    .filter(|&l| l > 0)
                    .collect();
                !vals.is_empty() && vals.iter().sum::<usize>() > 25 * vals.len()
            })
            .collect()
    } else {
        opts.roles
            .text
            .iter()
            .map(|n| find(n))
            .collect::<Result<_, _>>()?
    };
    let columns = headers
        .iter()
        .enumerate()
        .map(|(i, h)| Column {
            index: i,
            name: h.clone(),
            role: if Some(i) == id_column {
                Role::Id
            } else if text.contains(&i) {
                Role::Text
            } else {
                Role::Ignore
            },
            source: RoleSource::Guessed,
            sample: rows
                .iter()
                .map(|(_, r)| &r[i])
                .find(|v| !v.is_empty())
                .cloned(),
            distinct: 0,
            filled: rows.iter().filter(|(_, r)| !r[i].is_empty()).count(),
        })
        .collect();
    let questions = text
        .iter()
        .enumerate()
        .map(|(q, &c)| Question {
            id: format!("Q{}", q + 1),
            text: headers[c].clone(),
            column: c,
        })
        .collect();
    let mut respondents = Vec::new();
    for (line, r) in rows {
        let answers: Vec<Option<String>> = text
            .iter()
            .map(|&c| Some(r[c].trim().to_string()).filter(|s| !s.is_empty()))
            .collect();
        if answers.iter().all(Option::is_none) {
            acc.blank += 1;
            continue;
        }
        acc.ingested += 1;
        respondents.push(Respondent {
            seq: respondents.len() as u32,
            row: line,
            id: id_column.map_or_else(|| format!("row-{line}"), |c| r[c].clone()),
            attributes: Vec::new(),
            consent: Consent::Unknown,
            answers,
        });
    }
    acc.bytes = std::fs::metadata(path).map_or(0, |m| m.len());
    let schema = SurveySchema {
        path: path.to_path_buf(),
        format: Format::Csv,
        encoding: "UTF-8".into(),
        delimiter: Some(b','),
        header_rows: 1,
        columns,
        id_column,
        questions,
        attributes: Vec::new(),
        consent_column: None,
    };
    Ok((schema, respondents, acc))
}
