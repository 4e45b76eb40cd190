//! Stage: report. Renders a [`Summary`] as one self-contained HTML page, Markdown, a CSV table of
//! theme counts and JSON. Every figure comes from the summary; nothing is computed here beyond
//! layout, so the four outputs can never disagree. The same summary gives byte-identical output.

mod coded;
pub(crate) mod html;
pub(crate) mod markdown;
mod tables;

pub use coded::{write_campaigns_csv, write_coded_csv, CodedWriter};
pub use html::html;
pub use markdown::markdown;
pub use tables::{summary_json, themes_csv};

use crate::summary::{Count, Summary};

/// "575 of 751 respondents (77%)".
pub(crate) fn n_of_m(c: &Count) -> String {
    format!(
        "{} of {} respondents ({}%)",
        c.raising, c.answered, c.percent
    )
}

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
        s.overview.respondents
    )
}

#[cfg(test)]
mod tests;
