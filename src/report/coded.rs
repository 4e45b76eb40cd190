//! `coded.csv`: one row per coded answer, with the evidence that decided its themes; and
//! `campaigns.csv`: one row per campaign copy.

use super::spreadsheet::SafeCsv;
use crate::model::{Coding, Respondent, SurveySchema};
use crate::summary::Campaigns;
use std::io::{self, Write};

/// Writes `coded.csv` as batches of respondents arrive, so a run never holds every row.
///
/// Columns are `id,question,themes,priorities,evidence`, then (with `details`) `consent` and one
/// column per attribute; evidence reads `T07:appointment@12-23`, byte spans into the answer.
/// Cells are escaped so that a spreadsheet never runs one as a formula.
pub struct CodedWriter<W: Write> {
    w: SafeCsv<W>,
    schema: SurveySchema,
    details: bool,
}

impl<W: Write> CodedWriter<W> {
    /// Starts the file and writes the header.
    pub fn new(out: W, schema: &SurveySchema, details: bool) -> io::Result<CodedWriter<W>> {
        let mut w = SafeCsv::new(out);
        let mut header: Vec<String> = ["id", "question", "themes", "priorities", "evidence"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        if details {
            header.push("consent".into());
            header.extend(schema.attributes.iter().map(|a| a.name.clone()));
        }
        w.write_row(&header)?;
        Ok(CodedWriter {
            w,
            schema: schema.clone(),
            details,
        })
    }

    /// Writes the codings of a batch of respondents (both in seq order).
    pub fn write(&mut self, respondents: &[Respondent], codings: &[Coding]) -> io::Result<()> {
        // Codings come in respondent order, so a moving cursor finds each respondent.
        let mut cursor = 0usize;
        for c in codings {
            while cursor < respondents.len() && respondents[cursor].seq < c.respondent {
                cursor += 1;
            }
            let respondent = respondents.get(cursor).filter(|r| r.seq == c.respondent);
            let question = self
                .schema
                .questions
                .get(usize::from(c.question))
                .map_or_else(|| format!("Q{}", c.question + 1), |q| q.id.clone());
            let themes: Vec<&str> = c.themes.iter().map(|t| t.theme.as_str()).collect();
            let evidence: Vec<String> = c
                .evidence
                .iter()
                .filter(|e| e.weight != 0.0)
                .map(|e| format!("{}:{}@{}-{}", e.theme, e.entry, e.start, e.end))
                .collect();
            let mut row = vec![
                respondent.map(|r| r.id.clone()).unwrap_or_default(),
                question,
                themes.join(";"),
                c.priorities.join(";"),
                evidence.join(";"),
            ];
            if self.details {
                row.push(
                    respondent
                        .map(|r| r.consent.name())
                        .unwrap_or("unknown")
                        .to_string(),
                );
                if let Some(r) = respondent {
                    row.extend(r.attributes.iter().cloned());
                }
            }
            self.w.write_row(&row)?;
        }
        Ok(())
    }

    /// Flushes and returns the underlying writer.
    pub fn finish(self) -> io::Result<W> {
        self.w.into_inner()
    }
}

/// Writes `coded.csv` for respondents held in memory (see [`CodedWriter`]).
pub fn write_coded_csv<W: Write>(
    out: W,
    schema: &SurveySchema,
    respondents: &[Respondent],
    codings: &[Coding],
    details: bool,
) -> io::Result<()> {
    let mut w = CodedWriter::new(out, schema, details)?;
    w.write(respondents, codings)?;
    w.finish().map(|_| ())
}

/// Writes `campaigns.csv`: `campaign,id,copy,standard` for every campaign member, by campaign
/// then respondent; `id_of` gives a respondent's id from its seq.
pub fn write_campaigns_csv<W: Write>(
    out: W,
    campaigns: &Campaigns,
    id_of: &dyn Fn(u32) -> Option<String>,
) -> io::Result<()> {
    let mut w = SafeCsv::new(out);
    w.write_row(["campaign", "id", "copy", "standard"])?;
    for c in &campaigns.campaigns {
        for m in &c.members {
            w.write_row([
                c.id.to_string(),
                id_of(m.respondent).unwrap_or_default(),
                m.kind.name().to_string(),
                if m.respondent == c.standard_respondent {
                    "yes".to_string()
                } else {
                    String::new()
                },
            ])?;
        }
    }
    w.flush()
}
