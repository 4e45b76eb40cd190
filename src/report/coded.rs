//! `coded.csv`: one row per coded answer, with the evidence that decided its themes; and
//! `campaigns.csv`: one row per campaign copy.

use super::spreadsheet::SafeCsv;
use crate::model::{CodeFrame, CodedBatch, Coding, Respondent, RevisionAction, SurveySchema};
use crate::summary::Campaigns;
use std::io::{self, Write};

/// Writes `coded.csv` as batches of respondents arrive, so a run never holds every row.
///
/// Columns are `id,question,themes,priorities,evidence`; with reviewers' overrides,
/// `sources` (per theme in `themes`, `lexicon` or `reviewer`) and `removed` (themes a reviewer
/// took out); then (with `details`) `consent` and one column per attribute; evidence reads `T07:appointment@12-23`, byte spans into the answer.
/// Cells are escaped so that a spreadsheet never runs one as a formula.
pub struct CodedWriter<W: Write> {
    w: SafeCsv<W>,
    schema: SurveySchema,
    frame: CodeFrame,
    details: bool,
    sources: bool,
}

impl<W: Write> CodedWriter<W> {
    /// Starts the file and writes the header; themes are named from `frame`.
    pub fn new(
        out: W,
        schema: &SurveySchema,
        frame: &CodeFrame,
        details: bool,
    ) -> io::Result<CodedWriter<W>> {
        CodedWriter::with_sources(out, schema, frame, details, false)
    }

    /// As [`CodedWriter::new`], with the `sources` and `removed` columns when `sources` (a run
    /// with reviewers' overrides).
    pub fn with_sources(
        out: W,
        schema: &SurveySchema,
        frame: &CodeFrame,
        details: bool,
        sources: bool,
    ) -> io::Result<CodedWriter<W>> {
        let mut w = SafeCsv::new(out);
        let mut header: Vec<String> = ["id", "question", "themes", "priorities", "evidence"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        if sources {
            header.extend(["sources".to_string(), "removed".to_string()]);
        }
        if details {
            header.push("consent".into());
            header.extend(schema.attributes.iter().map(|a| a.name.clone()));
        }
        w.write_row(&header)?;
        Ok(CodedWriter {
            w,
            schema: schema.clone(),
            frame: frame.clone(),
            details,
            sources,
        })
    }

    /// Writes the codings of a batch, one row per coded answer.
    pub fn write(&mut self, batch: &CodedBatch) -> io::Result<()> {
        for (r, codings) in batch.by_respondent() {
            for c in codings {
                self.write_row(r, c)?;
            }
        }
        Ok(())
    }

    fn write_row(&mut self, respondent: &Respondent, c: &Coding) -> io::Result<()> {
        let frame = &self.frame;
        let question = self
            .schema
            .questions
            .get(usize::from(c.question))
            .map_or_else(|| format!("Q{}", c.question + 1), |q| q.id.clone());
        let themes: Vec<&str> = c.themes.iter().map(|t| frame.theme_id(t.theme)).collect();
        let priorities: Vec<&str> = c.priorities.iter().map(|&p| frame.priority_id(p)).collect();
        let evidence: Vec<String> = c
            .evidence
            .iter()
            .filter(|e| e.weight != 0.0)
            .map(|e| {
                format!(
                    "{}:{}@{}-{}",
                    frame.theme_id(e.theme),
                    e.entry,
                    e.start,
                    e.end
                )
            })
            .collect();
        let mut row = vec![
            respondent.id.clone(),
            question,
            themes.join(";"),
            priorities.join(";"),
            evidence.join(";"),
        ];
        if self.sources {
            let sources: Vec<&str> = c.themes.iter().map(|t| c.source(t.theme).name()).collect();
            let removed: Vec<&str> = c
                .revisions
                .iter()
                .filter(|r| r.action == RevisionAction::Remove)
                .map(|r| frame.theme_id(r.theme))
                .collect();
            row.push(sources.join(";"));
            row.push(removed.join(";"));
        }
        if self.details {
            row.push(respondent.consent.name().to_string());
            row.extend(respondent.attributes.iter().cloned());
        }
        self.w.write_row(&row)
    }

    /// Flushes and returns the underlying writer.
    pub fn finish(self) -> io::Result<W> {
        self.w.into_inner()
    }
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
