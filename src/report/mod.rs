//! Stage: report. Renders a [`Summary`] as one self-contained HTML page, Markdown, a CSV table of
//! theme counts and JSON. Every figure comes from the summary; nothing is computed here beyond
//! layout, so the four outputs can never disagree. The same summary gives byte-identical output.

mod coded;
mod extra;
pub(crate) mod html;
pub(crate) mod markdown;
pub mod sheet;
pub mod spreadsheet;
mod tables;

pub use coded::{write_campaigns_csv, CodedWriter};
pub use html::html;
pub use markdown::markdown;
pub use tables::{summary_json, themes_csv};

use crate::summary::{Count, GroupTest, Summary};

/// A count with thousands separators, as readers expect in a report: 1492 -> "1,492".
pub(crate) fn num(n: u64) -> String {
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

/// "575 of 751 respondents (77%, 95% CI 73–80%)".
pub(crate) fn n_of_m(c: &Count) -> String {
    format!(
        "{} of {} respondents ({}%, {})",
        num(c.raising),
        num(c.answered),
        c.percent,
        interval(c)
    )
}

/// "24 of 167 (14%, 95% CI 10–20%)": a group cell, where the column names the group.
pub(crate) fn n_of_m_short(c: &Count) -> String {
    format!(
        "{} of {} ({}%, {})",
        num(c.raising),
        num(c.answered),
        c.percent,
        interval(c)
    )
}

/// A share's 95% Wilson interval in whole percent: "95% CI 73–80%".
pub(crate) fn interval(c: &Count) -> String {
    let pct = |x: f64| crate::summary::stats::round(x * 100.0, 0);
    format!("95% CI {}–{}%", pct(c.low), pct(c.high))
}

/// The heading of an attribute's breakdown: "By Locality", or, when the attribute is a survey
/// question ("Which of these best describes you?"), "By answer to “…”" so it reads as English.
pub(crate) fn by_attribute(name: &str) -> String {
    if name.contains('?') || name.split_whitespace().count() > 3 {
        format!("By answer to “{}”", name.trim())
    } else {
        format!("By {}", name.trim())
    }
}

/// The test column of a group table in words: whether the difference is marked, between which
/// groups, and the p-value last (for readers who want it).
pub(crate) fn test_words(test: Option<&GroupTest>) -> (bool, String) {
    match test {
        Some(x) if x.flagged => (
            true,
            format!(
                "highest {}, lowest {}: {} points apart ({})",
                x.highest, x.lowest, x.max_difference_points, x.p_display
            ),
        ),
        Some(x) => (
            false,
            format!(
                "no marked difference (largest gap {} points; {})",
                x.max_difference_points, x.p_display
            ),
        ),
        None => (false, "not tested".to_string()),
    }
}

/// Shown instead of a campaign's standard text when no respondent who sent it agreed to
/// publication.
pub(crate) const STANDARD_TEXT_WITHHELD: &str = "The standard text is not shown: none of the \
    respondents who sent it agreed to publication.";

/// "10 exact copies, 1 edited copy and 1 copy with an added comment".
pub(crate) fn copies(c: &crate::summary::CampaignSummary) -> String {
    let n = |k: u64, one: &str, many: &str| format!("{k} {}", if k == 1 { one } else { many });
    format!(
        "{}, {} and {}",
        n(c.exact, "exact copy", "exact copies"),
        n(c.edited, "edited copy", "edited copies"),
        n(
            c.added_comment,
            "copy with an added comment",
            "copies with an added comment"
        )
    )
}

/// The report's title line.
pub(crate) fn title(s: &Summary) -> String {
    format!(
        "Consultation analysis: {} respondents",
        num(s.overview.respondents)
    )
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod helper_tests {
    use super::*;

    #[test]
    fn counts_get_thousands_separators() {
        let got: Vec<String> = [0, 7, 999, 1000, 1492, 250_000, 1_000_000]
            .into_iter()
            .map(num)
            .collect();
        assert_eq!(
            got,
            ["0", "7", "999", "1,000", "1,492", "250,000", "1,000,000"]
        );
    }

    #[test]
    fn question_like_attributes_are_quoted_in_headings() {
        assert_eq!(by_attribute("Locality"), "By Locality");
        assert_eq!(
            by_attribute("Which of these best describes you?"),
            "By answer to “Which of these best describes you?”"
        );
    }
}
