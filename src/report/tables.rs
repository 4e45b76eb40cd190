//! Machine-readable outputs: the theme table as CSV and the whole summary as JSON.
//!
//! The CSV starts with a UTF-8 byte-order mark so Excel opens accented names correctly (without it
//! Excel assumes the local ANSI code page), uses CRLF line ends and RFC 4180 quoting, and escapes
//! every text cell with [`super::spreadsheet::safe_cell`] so a spreadsheet never runs one as a
//! formula.

use crate::summary::{Count, Summary};

/// The CSV header.
pub const CSV_HEADER: &str =
    "theme_id,theme,priorities,question,group_attribute,group_value,respondents_answered,respondents_raising,share";

fn cell(s: &str) -> String {
    let s = super::spreadsheet::safe_cell(s).into_owned();
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// One row per theme x (all respondents | question | attribute group value).
pub fn themes_csv(s: &Summary) -> String {
    let mut out = String::from("\u{feff}");
    out.push_str(CSV_HEADER);
    out.push_str("\r\n");
    for t in &s.themes {
        let prios = t.links.join(";");
        let mut row = |question: &str, attr: &str, value: &str, c: &Count| {
            let fields = [
                cell(&t.id),
                cell(&t.name),
                cell(&prios),
                cell(question),
                cell(attr),
                cell(value),
                c.answered.to_string(),
                c.raising.to_string(),
                c.share.to_string(),
            ];
            out.push_str(&fields.join(","));
            out.push_str("\r\n");
        };
        row("all", "", "", &t.overall);
        for q in &t.per_question {
            row(&q.question, "", "", &q.count);
        }
        for a in &t.by_attribute {
            for g in &a.groups {
                row("all", &a.attribute, &g.value, &g.count);
            }
        }
    }
    out
}

/// The whole summary as pretty-printed JSON (every figure the reports show), ending in a newline.
pub fn summary_json(s: &Summary) -> String {
    // Serialising plain structs of strings, integers, finite floats and string-keyed maps cannot fail.
    let mut out =
        serde_json::to_string_pretty(s).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    out.push('\n');
    out
}
