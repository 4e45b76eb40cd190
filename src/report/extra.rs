//! Report sections on how far the coding can be trusted: what reviewers' overrides changed, and
//! (when a reviewed sample is given) shares corrected for coding error. Each section is built
//! once as plain text and rendered to both HTML and Markdown, so the two cannot disagree.

use super::html::esc;
use super::markdown::md;
use super::num;
use crate::summary::health::FrameHealth;
use crate::summary::Summary;
use std::fmt::Write;

/// A table of plain-text cells.
pub(crate) struct Table {
    caption: String,
    headers: Vec<&'static str>,
    rows: Vec<Vec<String>>,
}

/// A report section: an anchor, a heading, paragraphs and tables, all plain text.
pub(crate) struct Section {
    id: &'static str,
    title: &'static str,
    paragraphs: Vec<String>,
    tables: Vec<Table>,
}

/// The sections this module adds to a summary's reports, in order.
pub(crate) fn sections(s: &Summary) -> Vec<Section> {
    reviews(s)
        .into_iter()
        .chain(corrected(s))
        .chain(health(s))
        .collect()
}

/// A share as a whole percent.
fn pct(x: f64) -> String {
    format!("{}%", crate::summary::stats::round(x * 100.0, 0))
}

/// How well the code frame covers the answers, and the words it may be missing.
fn health(s: &Summary) -> Option<Section> {
    let h = s.health.as_ref()?;
    let (themes, questions, suggestions) = (theme_rows(h), question_rows(h), suggestion_rows(h));
    Some(Section {
        id: "health",
        title: "Frame health",
        paragraphs: vec![
            "How well the themes' lexicons cover these answers, counted over answers. A near miss \
             is an answer with evidence for a theme that did not reach it (too weak, negated, \
             excluded or without its cue). Entries that never fire may be misspelt or not used \
             by these respondents; entries that fire in most answers code too widely."
                .to_string(),
            "Suggested words mark a theme's coded answers and occur in its near misses or in \
             uncoded answers; each was tried with the lexicon's coder and would give the theme to \
             the answers counted as coded. They are leads for the analyst, not codes: read the \
             example answers \
             (hearken lexicon health lists them), then add a word with \
             hearken lexicon suggest --accept ID and check the effect with hearken evaluate."
                .to_string(),
        ],
        tables: vec![
            Table {
                caption: "Themes: answers coded, overlap and entries".to_string(),
                headers: vec![
                    "Theme",
                    "Answers coded",
                    "Also another theme",
                    "Most often with",
                    "Near misses",
                    "Entries that fired most (answers)",
                    "Entries never firing",
                    "Entries in most answers",
                ],
                rows: themes,
            },
            Table {
                caption: "Answers with no theme, by question".to_string(),
                headers: vec!["Question", "Answers", "Uncoded"],
                rows: questions,
            },
            Table {
                caption: "Suggested words".to_string(),
                headers: vec![
                    "Id",
                    "Theme",
                    "Word or phrase",
                    "Answers",
                    "Found in",
                    "Would code",
                    "Example answers",
                ],
                rows: suggestions,
            },
        ],
    })
}

/// A share and interval in whole percent: "21% (19–23%)".
fn pct_interval(v: f64, (lo, hi): (f64, f64)) -> String {
    let p = |x: f64| crate::summary::stats::round(x * 100.0, 0);
    format!("{}% ({}–{}%)", p(v), p(lo), p(hi))
}

/// Each theme's share beside its correction for coding error.
fn corrected(s: &Summary) -> Option<Section> {
    let c = s.corrected.as_ref()?;
    let rate = |v: Option<f64>| v.map_or_else(|| "n/a".to_string(), |v| format!("{v:.2}"));
    let rows = c
        .themes
        .iter()
        .map(|t| {
            let sh = &t.share;
            vec![
                format!("{} {}", t.theme, t.name),
                pct_interval(sh.raw, sh.raw_interval),
                num(sh.reviewed),
                rate(sh.sensitivity),
                rate(sh.specificity),
                match (sh.corrected, sh.interval) {
                    (Some(v), Some(ci)) => pct_interval(v, ci),
                    (Some(v), None) => format!("{}%", crate::summary::stats::round(v * 100.0, 0)),
                    _ => "not estimable".to_string(),
                },
            ]
        })
        .collect();
    Some(Section {
        id: "corrected",
        title: "Shares corrected for coding error",
        paragraphs: vec![
            format!("Reviewed sample: {}.", c.sheets.join(", ")),
            c.method.clone(),
        ],
        tables: vec![Table {
            caption: "Respondents raising each theme (any question): coded and corrected shares with 95% intervals".to_string(),
            headers: vec![
                "Theme",
                "Coded share",
                "Reviewed answers",
                "Sensitivity",
                "Specificity",
                "Corrected share",
            ],
            rows,
        }],
    })
}

/// Renders a section as HTML.
pub(crate) fn html(h: &mut String, sec: &Section) {
    let _ = writeln!(
        h,
        "<section>\n<h2 id=\"{}\">{}</h2>",
        sec.id,
        esc(sec.title)
    );
    for p in &sec.paragraphs {
        let _ = writeln!(h, "<p>{}</p>", esc(p));
    }
    for t in &sec.tables {
        let _ = write!(
            h,
            "<div class=\"table-wrap\"><table>\n<caption>{}</caption>\n<thead><tr>",
            esc(&t.caption)
        );
        for name in &t.headers {
            let _ = write!(h, "<th scope=\"col\">{}</th>", esc(name));
        }
        h.push_str("</tr></thead>\n<tbody>\n");
        for r in &t.rows {
            h.push_str("<tr>");
            for c in r {
                let _ = write!(h, "<td>{}</td>", esc(c));
            }
            h.push_str("</tr>\n");
        }
        h.push_str("</tbody>\n</table></div>\n");
    }
    h.push_str("</section>\n");
}

/// Renders a section as Markdown.
pub(crate) fn markdown(m: &mut String, sec: &Section) {
    let _ = writeln!(m, "## {}\n", md(sec.title));
    for p in &sec.paragraphs {
        let _ = writeln!(m, "{}\n", md(p));
    }
    for t in &sec.tables {
        let _ = writeln!(m, "{}\n", md(&t.caption));
        let _ = writeln!(
            m,
            "| {} |",
            t.headers
                .iter()
                .map(|h| md(h))
                .collect::<Vec<_>>()
                .join(" | ")
        );
        let _ = writeln!(
            m,
            "|{}",
            t.headers.iter().map(|_| " --- |").collect::<String>()
        );
        for r in &t.rows {
            let cells: Vec<String> = r.iter().map(|c| md(c)).collect();
            let _ = writeln!(m, "| {} |", cells.join(" | "));
        }
        m.push('\n');
    }
}

/// What reviewers' overrides changed, by theme, and the overrides not applied.
fn reviews(s: &Summary) -> Option<Section> {
    let r = s.reviews.as_ref()?;
    let mut paragraphs = vec![format!(
        "{} reviewers' overrides were read from {}: they added {} codes and removed {}. \
         Overrides are applied after the lexicons, in every figure of this report; coded.csv \
         marks each code as coming from the lexicons or a reviewer.",
        num(r.overrides),
        r.file,
        num(r.added),
        num(r.removed)
    )];
    let rows = r
        .by_theme
        .iter()
        .filter(|t| t.added + t.removed > 0)
        .map(|t| {
            vec![
                format!("{} {}", t.theme, t.name),
                num(t.added),
                num(t.removed),
            ]
        })
        .collect();
    let mut tables = vec![Table {
        caption: "Codes changed by reviewers, by theme".to_string(),
        headers: vec!["Theme", "Added", "Removed"],
        rows,
    }];
    if r.issues.is_empty() {
        paragraphs.push("Every override was applied.".to_string());
    } else {
        paragraphs.push(format!(
            "{} overrides were not applied; fix or delete these lines of {}.",
            num(r.issues.len() as u64),
            r.file
        ));
        tables.push(Table {
            caption: "Overrides not applied".to_string(),
            headers: vec!["Line", "Id", "Question", "Action", "Theme", "Problem"],
            rows: r
                .issues
                .iter()
                .map(|i| {
                    vec![
                        i.line.to_string(),
                        i.id.clone(),
                        i.question.clone(),
                        i.action.name().to_string(),
                        i.theme.clone(),
                        i.problem.describe(),
                    ]
                })
                .collect(),
        });
    }
    Some(Section {
        id: "reviews",
        title: "Reviewers' overrides",
        paragraphs,
        tables,
    })
}

fn theme_rows(h: &FrameHealth) -> Vec<Vec<String>> {
    h.themes
        .iter()
        .map(|t| {
            let most: Vec<String> = t.fire_in_most.iter().map(|(e, _)| e.clone()).collect();
            vec![
                format!("{} {}", t.theme, t.name),
                format!("{} ({})", num(t.answers), pct(t.share)),
                pct(t.overlap),
                t.most_with.as_ref().map_or_else(
                    || "-".to_string(),
                    |(id, sh)| format!("{id} ({})", pct(*sh)),
                ),
                num(t.near_misses),
                fired_most(&t.fired_most),
                num(t.never_fire_count as u64),
                if most.is_empty() {
                    "-".to_string()
                } else {
                    most.join(", ")
                },
            ]
        })
        .collect()
}

/// `staff (120), nurse* (80)`, or `-` when no entry fired.
fn fired_most(fired: &[(String, u64)]) -> String {
    if fired.is_empty() {
        return "-".to_string();
    }
    fired
        .iter()
        .map(|(e, n)| format!("{e} ({})", num(*n)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn question_rows(h: &FrameHealth) -> Vec<Vec<String>> {
    h.questions
        .iter()
        .map(|q| {
            vec![
                q.question.clone(),
                num(q.answers),
                format!("{} ({})", num(q.uncoded), pct(q.share)),
            ]
        })
        .collect()
}

fn suggestion_rows(h: &FrameHealth) -> Vec<Vec<String>> {
    h.suggestions
        .iter()
        .map(|x| {
            let ex: Vec<String> = x
                .examples
                .iter()
                .map(|e| format!("{} {}", e.id, e.question))
                .collect();
            vec![
                x.id.clone(),
                x.theme.clone(),
                x.term.clone(),
                num(x.count),
                x.source.clone(),
                num(x.codes),
                ex.join("; "),
            ]
        })
        .collect()
}
