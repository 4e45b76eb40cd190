//! The Markdown report: GitHub-style tables and plain paragraphs, no HTML, so it pastes cleanly
//! into Word or any Markdown editor.

use super::{by_attribute, n_of_m, n_of_m_short, num, test_words, title};
use crate::summary::Summary;
use std::fmt::Write;

/// Escapes Markdown punctuation so data can never become markup (CommonMark backslash escapes).
pub(crate) fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '\r' | '\n' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

fn table(m: &mut String, headers: &[&str], rows: &[Vec<String>]) {
    let _ = writeln!(
        m,
        "| {} |",
        headers
            .iter()
            .map(|h| md(h))
            .collect::<Vec<_>>()
            .join(" | ")
    );
    let _ = writeln!(
        m,
        "|{}",
        headers.iter().map(|_| " --- |").collect::<String>()
    );
    for r in rows {
        let _ = writeln!(m, "| {} |", r.join(" | "));
    }
    m.push('\n');
}

/// Renders the whole report as Markdown.
pub fn markdown(s: &Summary) -> String {
    let mut m = String::new();
    let _ = writeln!(m, "# {}\n", md(&title(s)));
    overview(&mut m, s);
    how_to_read(&mut m, s);
    priorities_and_themes(&mut m, s);
    by_question(&mut m, s);
    group_differences(&mut m, s);
    raised_together(&mut m, s);
    distinctive_words(&mut m, s);
    quotes(&mut m, s);
    campaigns(&mut m, s);
    super::extra::sections(s)
        .iter()
        .for_each(|x| super::extra::markdown(&mut m, x));
    data_quality(&mut m, s);
    m
}

/// The overview: respondents, files, questions and campaigns.
fn overview(m: &mut String, s: &Summary) {
    let o = &s.overview;
    m.push_str("## Overview\n\n");
    let _ = writeln!(
        m,
        "{} respondents are analysed: {} of them answered at least one open question, giving {} answers.\n",
        num(o.respondents),
        num(o.respondents_answering),
        num(o.answers)
    );
    let rows: Vec<Vec<String>> = o
        .files
        .iter()
        .chain(std::iter::once(&o.total))
        .map(|f| {
            vec![
                md(&f.file),
                num(f.rows),
                num(f.ingested),
                num(f.blank),
                num(f.rejected),
            ]
        })
        .collect();
    table(m, &["File", "Rows", "Kept", "Blank", "Rejected"], &rows);
    let rows: Vec<Vec<String>> = s
        .questions
        .iter()
        .map(|q| vec![md(&q.id), md(&q.text), num(q.respondents_answered)])
        .collect();
    table(m, &["Question", "Text", "Respondents"], &rows);
    let _ = writeln!(
        m,
        "Campaigns found: {}, sent by {} respondents; their responses are counted in every figure.\n",
        num(o.campaigns),
        num(o.campaign_respondents)
    );
}

/// How to read the report: the caveat, the quantifier words and each method.
fn how_to_read(m: &mut String, s: &Summary) {
    m.push_str("## How to read this report\n\n");
    let _ = writeln!(m, "{}\n", md(&s.method.caveat));
    m.push_str(
        "Every response counts once and with equal weight. Shares are respondents raising a theme out of \
         respondents who answered: for one question, out of those who answered that question; overall, \
         out of those who answered any open question.\n\n",
    );
    let rows: Vec<Vec<String>> = s
        .method
        .quantifiers
        .iter()
        .map(|q| vec![md(&q.word), md(&q.range)])
        .collect();
    table(m, &["Word", "Share of respondents"], &rows);
    for (k, v) in [
        ("Coding", &s.method.coding),
        ("Campaigns", &s.method.campaigns),
        ("Group differences", &s.method.group_test),
        ("Distinctive words", &s.method.distinctive_terms),
        ("Quotes", &s.method.quotes),
    ] {
        let _ = writeln!(m, "**{}.** {}\n", md(k), md(v));
    }
}

/// Priorities and themes overall.
fn priorities_and_themes(m: &mut String, s: &Summary) {
    m.push_str("## Priorities and themes\n\n");
    let rows: Vec<Vec<String>> = s
        .priorities
        .iter()
        .map(|p| {
            vec![
                format!("{} {}", md(&p.id), md(&p.name)),
                md(&n_of_m(&p.overall)),
                md(&p.overall.word),
            ]
        })
        .collect();
    table(
        m,
        &["Priority", "Respondents (any question)", "In words"],
        &rows,
    );
    let rows: Vec<Vec<String>> = s
        .themes
        .iter()
        .map(|t| {
            vec![
                format!("{} {}", md(&t.id), md(&t.name)),
                md(&t.links.join(", ")),
                md(&n_of_m(&t.overall)),
                md(&t.overall.word),
            ]
        })
        .collect();
    table(
        m,
        &[
            "Theme",
            "Priorities",
            "Respondents (any question)",
            "In words",
        ],
        &rows,
    );
}

/// Each question's themes.
fn by_question(m: &mut String, s: &Summary) {
    m.push_str("## By question\n\n");
    for (qi, q) in s.questions.iter().enumerate() {
        let _ = writeln!(m, "### {}: {}\n", md(&q.id), md(&q.text));
        let _ = writeln!(
            m,
            "{} respondents answered this question; shares below are out of them.\n",
            num(q.respondents_answered)
        );
        let rows: Vec<Vec<String>> = s
            .themes
            .iter()
            .filter_map(|t| {
                t.per_question.get(qi).map(|c| {
                    vec![
                        format!("{} {}", md(&t.id), md(&t.name)),
                        md(&n_of_m(&c.count)),
                        md(&c.count.word),
                    ]
                })
            })
            .collect();
        table(
            m,
            &["Theme", "Respondents to this question", "In words"],
            &rows,
        );
    }
}

/// Each attribute's groups, with the differences flagged.
fn group_differences(m: &mut String, s: &Summary) {
    m.push_str("## Differences between groups\n\n");
    let _ = writeln!(m, "{}\n", md(&s.method.group_test));
    for (ai, attribute) in s.attributes.iter().enumerate() {
        let _ = writeln!(m, "### {}\n", md(&by_attribute(attribute)));
        let mut headers: Vec<String> = vec!["Theme".to_string()];
        if let Some(a) = s.themes.first().and_then(|t| t.by_attribute.get(ai)) {
            headers.extend(a.groups.iter().map(|g| md(&g.value)));
        }
        headers.push("Difference between groups".to_string());
        let rows: Vec<Vec<String>> = s
            .themes
            .iter()
            .chain(&s.priorities)
            .filter_map(|t| {
                let a = t.by_attribute.get(ai)?;
                let mut row = vec![format!("{} {}", md(&t.id), md(&t.name))];
                row.extend(a.groups.iter().map(|g| n_of_m_short(&g.count)));
                let (flag, words) = test_words(a.test.as_ref());
                row.push(if flag {
                    format!("**Marked difference**: {}", md(&words))
                } else {
                    md(&words)
                });
                Some(row)
            })
            .collect();
        let hdr: Vec<&str> = headers.iter().map(String::as_str).collect();
        table(m, &hdr, &rows);
    }
}

/// Pairs of themes raised together.
fn raised_together(m: &mut String, s: &Summary) {
    m.push_str("## Themes raised together\n\n");
    m.push_str(
        "How often respondents raised two themes (in any of their answers). Overlap (the Jaccard \
         index) is the share of respondents raising either theme who raised both: 0.25 means one in \
         four. Lift compares the pair with chance: above 1 means the two themes are raised together \
         more often than if they were unrelated, below 1 less often.\n\n",
    );
    if s.cooccurrence.top_pairs.is_empty() {
        m.push_str("No pair of themes was raised together by enough respondents to list.\n\n");
    } else {
        let rows: Vec<Vec<String>> = s
            .cooccurrence
            .top_pairs
            .iter()
            .map(|p| {
                vec![
                    format!(
                        "{} {} + {} {}",
                        md(&p.a),
                        md(&p.a_name),
                        md(&p.b),
                        md(&p.b_name)
                    ),
                    num(p.both),
                    format!("{:.3}", p.jaccard),
                    format!("{:.2}", p.lift),
                ]
            })
            .collect();
        table(
            m,
            &["Themes", "Respondents raising both", "Overlap", "Lift"],
            &rows,
        );
    }
}

/// The distinctive words of each theme and group.
fn distinctive_words(m: &mut String, s: &Summary) {
    m.push_str("## Distinctive words\n\n");
    let terms = |ts: &[crate::summary::Term]| {
        if ts.is_empty() {
            "No word stands out.".to_string()
        } else {
            ts.iter()
                .map(|t| format!("{} (z {:.2})", md(&t.term), t.z))
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    for t in &s.distinctive.by_theme {
        let _ = writeln!(
            m,
            "**{} {}**: {}\n",
            md(&t.key),
            md(&t.label),
            terms(&t.terms)
        );
    }
    for g in &s.distinctive.by_group {
        let _ = writeln!(
            m,
            "**{}: {}**: {}\n",
            md(&g.key),
            md(&g.label),
            terms(&g.terms)
        );
    }
}

/// The quotes of each theme.
fn quotes(m: &mut String, s: &Summary) {
    m.push_str("## Quotes\n\n");
    let _ = writeln!(m, "{}\n", md(&s.method.quotes));
    for t in &s.quotes {
        let _ = writeln!(m, "### {} {}\n", md(&t.theme), md(&t.name));
        if t.quotes.is_empty() {
            m.push_str("No quote could be used.\n\n");
        }
        for q in &t.quotes {
            let _ = writeln!(
                m,
                "> “{}”\n>\n> — {} ({})\n",
                md(&q.text),
                md(&q.attribution),
                md(&q.question)
            );
        }
    }
}

/// The campaigns, with their standard texts where they may be shown.
fn campaigns(m: &mut String, s: &Summary) {
    let o = &s.overview;
    m.push_str("## Campaigns\n\n");
    let _ = writeln!(m, "{}\n", md(&s.method.campaigns));
    if s.campaigns.is_empty() {
        m.push_str("No campaign was found.\n\n");
    }
    for c in &s.campaigns {
        let _ = writeln!(
            m,
            "### Campaign {}: {} of {} respondents ({}%, {})\n\n{}.\n",
            c.id,
            num(c.size),
            num(o.respondents_answering),
            c.percent,
            super::interval(&c.count),
            md(&super::copies(c))
        );
        if c.standard_text_shown {
            for para in c.standard_text.split("\n\n") {
                let _ = writeln!(m, "> {}\n>", md(para));
            }
            m.push_str("> — standard text\n\n");
        } else {
            let _ = writeln!(m, "_{}_\n", md(super::STANDARD_TEXT_WITHHELD));
        }
    }
}

/// Rows kept, blank and rejected, with the reasons.
fn data_quality(m: &mut String, s: &Summary) {
    let o = &s.overview;
    m.push_str("## Data quality\n\n");
    let t = &o.total;
    let _ = writeln!(
        m,
        "{} data rows were read: {} kept, {} blank (no answer to any open question) and {} rejected.\n",
        num(t.rows),
        num(t.ingested),
        num(t.blank),
        num(t.rejected)
    );
    let rows: Vec<Vec<String>> = o
        .files
        .iter()
        .flat_map(|f| {
            f.rejected_by_reason
                .iter()
                .map(move |(r, n)| vec![md(&f.file), md(r), num(*n)])
        })
        .collect();
    if !rows.is_empty() {
        table(m, &["File", "Reason", "Rows"], &rows);
    }
}
