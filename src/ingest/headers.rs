//! Column names from one to three header rows.

use super::vendor::{numbered_heading, q_numbered_heading};
use crate::model::Vendor;

/// A column's display name and every header cell it can be called by in `hearken.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// The name shown to users: the most informative header row.
    pub name: String,
    /// Every non-empty header cell of the column (short names, question texts, sub-labels).
    pub aliases: Vec<String>,
}

/// Sub-labels SurveyMonkey puts under a question that add nothing to its name.
fn generic_sub_label(s: &str) -> bool {
    s.is_empty()
        || s == "NA"
        || s.eq_ignore_ascii_case("response")
        || s.eq_ignore_ascii_case("open-ended response")
}

/// Names the `width` columns from the header rows of an export.
///
/// The name (a question's label in every output) is the question text where the tool writes
/// one: Qualtrics, its row 2; legacy Qualtrics, its last header row; SurveyMonkey and
/// SmartSurvey, the question of row 1, carried across the sub-columns of a matrix question and
/// joined to a sub-label that says something ("Question — Other (please specify)"); SmartSurvey
/// and Jisc Online Surveys without their `Q1.` / `1.` numbering; KoboToolbox and ODK, the last
/// step of a group path (`group_x/question` -> `question`) when that stays unique. Otherwise the
/// first header row; with several header rows and no known tool, the longest cell of the column.
/// Header cells lose control characters; an empty name is `Column N`.
pub fn names(vendor: Option<Vendor>, rows: &[Vec<String>], width: usize) -> Vec<Header> {
    let cells = Cells(rows);
    let mut carried = String::new();
    let mut names: Vec<Header> = (0..width)
        .map(|c| {
            let name = label(vendor, &cells, c, &mut carried);
            let name = if name.is_empty() {
                format!("Column {}", c + 1)
            } else {
                name
            };
            let mut aliases: Vec<String> = (0..rows.len())
                .map(|r| cells.get(r, c))
                .filter(|s| !s.is_empty() && !s.starts_with('{'))
                .collect();
            if !aliases.contains(&name) {
                aliases.push(name.clone());
            }
            Header { name, aliases }
        })
        .collect();
    // Group paths: the question's own name, when that does not make two columns alike.
    let sep = match vendor {
        Some(Vendor::KoboToolbox) => Some('/'),
        Some(Vendor::Odk) => Some('-'),
        _ => None,
    };
    if let Some(sep) = sep {
        let short: Vec<String> = names
            .iter()
            .map(|h| h.name.rsplit(sep).next().unwrap_or(&h.name).to_string())
            .collect();
        for (i, h) in names.iter_mut().enumerate() {
            let unique = short.iter().filter(|s| **s == short[i]).count() == 1;
            if unique && !short[i].is_empty() && short[i] != h.name {
                h.name = short[i].clone();
                h.aliases.push(h.name.clone());
            }
        }
    }
    names
}

/// The header rows, cell by cell.
struct Cells<'a>(&'a [Vec<String>]);

impl Cells<'_> {
    /// Row `r`, column `c`: trimmed, without control characters; `NA` below the first row is
    /// blank.
    fn get(&self, r: usize, c: usize) -> String {
        let raw = self
            .0
            .get(r)
            .and_then(|row| row.get(c))
            .map_or("", |s| s.trim());
        let clean: String = raw.chars().filter(|ch| !ch.is_control()).collect();
        let clean = clean.trim().to_string();
        if r > 0 && clean == "NA" {
            String::new()
        } else {
            clean
        }
    }

    fn rows(&self) -> usize {
        self.0.len()
    }
}

/// Column `c`'s label as the tool writes it (see [`names`]); empty when it has none.
/// `carried` is the last question text seen, carried across a matrix question's sub-columns.
fn label(vendor: Option<Vendor>, cells: &Cells, c: usize, carried: &mut String) -> String {
    let rows = cells.rows();
    match vendor {
        Some(Vendor::Qualtrics) if !cells.get(1, c).is_empty() => cells.get(1, c),
        Some(Vendor::QualtricsLegacy) => (0..rows)
            .rev()
            .map(|r| cells.get(r, c))
            .find(|s| !s.is_empty())
            .unwrap_or_default(),
        Some(Vendor::SurveyMonkey | Vendor::SmartSurvey) if rows > 1 => {
            matrix_label(vendor, cells, c, carried)
        }
        Some(Vendor::SmartSurvey) => {
            let top = cells.get(0, c);
            q_numbered_heading(&top).unwrap_or(&top).to_string()
        }
        Some(Vendor::JiscOnlineSurveys) => {
            let top = cells.get(0, c);
            numbered_heading(&top).unwrap_or(&top).to_string()
        }
        None if rows > 1 => (0..rows)
            .map(|r| cells.get(r, c))
            .filter(|s| !s.starts_with('{'))
            .fold(String::new(), |best, s| {
                if s.chars().count() > best.chars().count() {
                    s
                } else {
                    best
                }
            }),
        _ => cells.get(0, c),
    }
}

/// SurveyMonkey and SmartSurvey with sub-label rows: the question of row 1, carried across the
/// sub-columns of a matrix question, joined to the sub-labels that say something.
fn matrix_label(vendor: Option<Vendor>, cells: &Cells, c: usize, carried: &mut String) -> String {
    let top = cells.get(0, c);
    let top = match vendor {
        Some(Vendor::SmartSurvey) => q_numbered_heading(&top).unwrap_or(&top).to_string(),
        _ => top,
    };
    if !top.is_empty() {
        *carried = top.clone();
    }
    let subs: Vec<String> = (1..cells.rows())
        .map(|r| cells.get(r, c))
        .map(|s| q_numbered_heading(&s).unwrap_or(&s).to_string())
        .filter(|s| !generic_sub_label(s))
        .collect();
    if top.is_empty() && subs.is_empty() {
        // Nothing informative below an empty cell: the sub-label itself.
        cells.get(1, c)
    } else {
        let base = if top.is_empty() { carried.clone() } else { top };
        std::iter::once(base)
            .chain(subs)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" \u{2014} ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(v: &[&[&str]]) -> Vec<Vec<String>> {
        v.iter()
            .map(|r| r.iter().map(|s| s.to_string()).collect())
            .collect()
    }

    #[test]
    fn surveymonkey_names_carry_the_question() {
        let h = names(
            Some(Vendor::SurveyMonkey),
            &rows(&[
                &[
                    "Respondent ID",
                    "Where do you live?",
                    "",
                    "What matters most?",
                ],
                &[
                    "",
                    "Response",
                    "Other (please specify)",
                    "Open-Ended Response",
                ],
            ]),
            4,
        );
        let got: Vec<&str> = h.iter().map(|h| h.name.as_str()).collect();
        assert_eq!(
            got,
            [
                "Respondent ID",
                "Where do you live?",
                "Where do you live? \u{2014} Other (please specify)",
                "What matters most?"
            ]
        );
    }

    #[test]
    fn qualtrics_uses_question_text_and_keeps_short_name() {
        let h = names(
            Some(Vendor::Qualtrics),
            &rows(&[
                &["Q1", "Q2"],
                &["What matters?", ""],
                &["{\"ImportId\":\"QID1\"}", "{}"],
            ]),
            3,
        );
        assert_eq!(h[0].name, "What matters?");
        assert_eq!(h[0].aliases, ["Q1", "What matters?"]);
        assert_eq!(h[1].name, "Q2");
        assert_eq!(h[2].name, "Column 3");
    }
}
