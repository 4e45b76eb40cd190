//! Column names from one to three header rows.

use crate::model::Format;

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
        || s.eq_ignore_ascii_case("response")
        || s.eq_ignore_ascii_case("open-ended response")
}

/// Names the `width` columns from the header rows of an export of the given layout.
/// Qualtrics: the question-text row (row 2). SurveyMonkey: the question text of row 1, carried
/// across the sub-columns of a matrix question and joined to a sub-label that says something
/// ("Question — Other (please specify)"). Otherwise row 1. An empty header is `Column N`.
pub fn names(format: Format, rows: &[Vec<String>], width: usize) -> Vec<Header> {
    let cell = |r: usize, c: usize| -> &str {
        rows.get(r)
            .and_then(|row| row.get(c))
            .map_or("", |s| s.trim())
    };
    let mut carried = String::new();
    (0..width)
        .map(|c| {
            let name = match format {
                Format::Qualtrics if !cell(1, c).is_empty() => cell(1, c).to_string(),
                Format::SurveyMonkey => {
                    let (top, sub) = (cell(0, c), cell(1, c));
                    if !top.is_empty() {
                        carried = top.to_string();
                    }
                    match (top.is_empty(), generic_sub_label(sub)) {
                        (false, true) => top.to_string(),
                        (false, false) => format!("{top} \u{2014} {sub}"),
                        (true, false) if !carried.is_empty() => format!("{carried} \u{2014} {sub}"),
                        (true, _) => sub.to_string(),
                    }
                }
                _ => cell(0, c).to_string(),
            };
            let name = if name.is_empty() {
                format!("Column {}", c + 1)
            } else {
                name
            };
            let mut aliases: Vec<String> = (0..rows.len())
                .map(|r| cell(r, c).to_string())
                .filter(|s| !s.is_empty() && !s.starts_with('{'))
                .collect();
            if !aliases.contains(&name) {
                aliases.push(name.clone());
            }
            Header { name, aliases }
        })
        .collect()
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
            Format::SurveyMonkey,
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
            Format::Qualtrics,
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
