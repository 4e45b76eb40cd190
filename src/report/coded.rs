//! `coded.csv`: one row per coded answer, with the evidence that decided its themes.

use crate::model::{Coding, Respondent, SurveySchema};
use std::io::{self, Write};

/// Extra per-respondent columns written after the five fixed ones by `hearken run`.
pub struct CodedExtras<'a> {
    /// Campaign id of a respondent, if their answers copy a campaign text.
    pub campaign_of: &'a dyn Fn(u32) -> Option<u32>,
}

/// Write `id,question,themes,priorities,evidence` rows (plus consent, campaign and attributes when
/// `extras` is given); evidence reads `T07:appointment@12-23`, byte spans into the answer.
pub fn write_coded_csv<W: Write>(
    out: W,
    schema: &SurveySchema,
    respondents: &[Respondent],
    codings: &[Coding],
    extras: Option<&CodedExtras>,
) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let mut header: Vec<String> = ["id", "question", "themes", "priorities", "evidence"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    if extras.is_some() {
        header.push("consent".into());
        header.push("campaign".into());
        header.extend(schema.attributes.iter().map(|a| a.name.clone()));
    }
    w.write_record(&header)?;
    // Codings come in respondent order, so a moving cursor finds each respondent.
    let mut cursor = 0usize;
    for c in codings {
        while cursor < respondents.len() && respondents[cursor].seq < c.respondent {
            cursor += 1;
        }
        let respondent = respondents.get(cursor).filter(|r| r.seq == c.respondent);
        let question = schema
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
        if let Some(x) = extras {
            row.push(
                respondent
                    .map(|r| r.consent.name())
                    .unwrap_or("unknown")
                    .to_string(),
            );
            row.push(
                (x.campaign_of)(c.respondent)
                    .map(|id| id.to_string())
                    .unwrap_or_default(),
            );
            if let Some(r) = respondent {
                row.extend(r.attributes.iter().cloned());
            }
        }
        w.write_record(&row)?;
    }
    w.flush()
}
