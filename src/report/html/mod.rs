//! The HTML report: one self-contained page (inline CSS and SVG, no scripts, no network), readable
//! on a phone, printable, with headings, table captions and labelled charts for screen readers.

mod charts;

use super::{by_attribute, n_of_m, num, test_words, title};
use crate::summary::{CodeSummary, Summary};
use charts::{bar_chart, heatmap};
use std::fmt::Write;

/// Escapes text for HTML element content and attribute values.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

const CSS: &str = r#"
:root { --ink: #1b1b1b; --muted: #555; --line: #d0d0d0; --flag: #fff4d6; --accent: #0072B2; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
main { max-width: 60rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
h1 { font-size: 1.7rem; line-height: 1.2; margin: 1rem 0 .25rem; }
h2 { font-size: 1.35rem; margin: 2.5rem 0 .75rem; padding-top: .5rem; border-top: 3px solid var(--accent); }
h3 { font-size: 1.1rem; margin: 1.75rem 0 .5rem; }
p, li { max-width: 48rem; overflow-wrap: anywhere; }
.lead { color: var(--muted); margin-top: 0; }
nav ol { columns: 2 14rem; padding-left: 1.25rem; }
.table-wrap { overflow-x: auto; margin: .5rem 0 1rem; }
table { border-collapse: collapse; width: 100%; font-size: .95rem; }
caption { text-align: left; font-weight: 600; padding: .25rem 0 .5rem; position: sticky; left: 0; max-width: calc(100vw - 2rem); }
th, td { border-bottom: 1px solid var(--line); padding: .35rem .5rem; text-align: left; vertical-align: top; overflow-wrap: break-word; }
th { background: #f3f5f7; }
td.num, th.num { text-align: right; white-space: nowrap; }
td.test { min-width: 14rem; }
td.group { white-space: nowrap; }
td.group .n { display: block; color: var(--muted); font-size: .85rem; }
tr.flagged td { background: var(--flag); }
.badge { display: inline-block; padding: 0 .4rem; border: 1px solid #b58900; border-radius: .25rem; font-size: .8rem; font-weight: 600; background: var(--flag); }
figure { margin: 1rem 0; }
figcaption { color: var(--muted); font-size: .9rem; }
svg { max-width: 100%; height: auto; display: block; }
svg.heat { max-width: none; }
svg text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
.chart-scroll { overflow-x: auto; }
blockquote { margin: 1rem 0; padding: .5rem 1rem; border-left: 4px solid var(--accent); background: #f7f9fb; }
blockquote p { margin: 0 0 .25rem; }
blockquote footer { color: var(--muted); font-size: .9rem; }
.terms { padding-left: 1.25rem; }
.note { color: var(--muted); font-size: .9rem; }
dl.figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr)); gap: .75rem; margin: 1rem 0; }
dl.figures div { border-left: 4px solid var(--accent); padding: .25rem .75rem; background: #f7f9fb; }
dl.figures dt { font-size: .9rem; color: var(--muted); }
dl.figures dd { margin: 0; font-size: 1.6rem; font-weight: 700; line-height: 1.2; }
dl.figures dd.note { font-size: .85rem; font-weight: 400; color: var(--muted); }
dl.kv { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
dl.kv dt { font-weight: 600; } dl.kv dd { margin: 0; }
@media (max-width: 40rem) {
  body { font-size: 15px; } main { padding: .75rem; } dl.kv { grid-template-columns: 1fr; } dl.kv dd { margin-bottom: .5rem; }
  table { font-size: .85rem; }
  th, td { padding: .3rem .35rem; overflow-wrap: anywhere; }
  th.num { white-space: normal; }
  .table-wrap tbody td:first-child, .table-wrap thead th:first-child { position: sticky; left: 0; background: #fff; box-shadow: 1px 0 0 var(--line); min-width: 8.5rem; }
  .table-wrap thead th:first-child { background: #f3f5f7; }
  .table-wrap tr.flagged td:first-child { background: var(--flag); }
}
@media print {
  body { font-size: 10pt; } main { max-width: none; padding: 0; } nav { display: none; }
  h2 { break-before: page; border-top: none; } h2:first-of-type { break-before: auto; }
  h2, h3, h4, caption { break-after: avoid; }
  tr, figure, blockquote { break-inside: avoid; } .table-wrap, .chart-scroll { overflow: visible; }
  table { font-size: 8.5pt; } th, td { padding: .2rem .3rem; }
  svg, svg.heat { max-width: 100%; }
  tr.flagged td { background: none; font-weight: 600; }
  a { color: inherit; text-decoration: none; }
}
"#;

/// Renders the whole report as one HTML document.
pub fn html(s: &Summary) -> String {
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n",
        esc(&title(s))
    );
    let _ = writeln!(h, "<h1>{}</h1>", esc(&title(s)));
    let _ = writeln!(
        h,
        "<p class=\"lead\">{} answers to {} open questions; {} campaign{} found.</p>",
        num(s.overview.answers),
        s.questions.len(),
        s.overview.campaigns,
        if s.overview.campaigns == 1 { "" } else { "s" }
    );
    headline(&mut h, s);
    h.push_str(
        "<nav aria-label=\"Contents\"><ol>\
         <li><a href=\"#themes\">Priorities and themes</a></li><li><a href=\"#questions\">By question</a></li>\
         <li><a href=\"#groups\">Differences between groups</a></li><li><a href=\"#cooccurrence\">Themes raised together</a></li>\
         <li><a href=\"#terms\">Distinctive words</a></li><li><a href=\"#quotes\">Quotes</a></li>\
         <li><a href=\"#campaigns\">Campaigns</a></li><li><a href=\"#reading\">How to read this report</a></li>\
         <li><a href=\"#overview\">Respondents and rows</a></li><li><a href=\"#quality\">Data quality</a></li></ol></nav>\n",
    );
    // Findings first; how they were made and what was read after them.
    themes(&mut h, s);
    questions(&mut h, s);
    groups(&mut h, s);
    cooccurrence(&mut h, s);
    terms(&mut h, s);
    quotes(&mut h, s);
    campaigns(&mut h, s);
    super::extra::sections(s)
        .iter()
        .for_each(|x| super::extra::html(&mut h, x));
    reading(&mut h, s);
    overview(&mut h, s);
    quality(&mut h, s);
    h.push_str("</main>\n</body>\n</html>\n");
    h
}

/// The first screen: the headline figures and the chart of themes by share.
fn headline(h: &mut String, s: &Summary) {
    let o = &s.overview;
    let mut ranked: Vec<&CodeSummary> = s.themes.iter().collect();
    ranked.sort_by(|a, b| {
        b.overall
            .share
            .total_cmp(&a.overall.share)
            .then_with(|| a.id.cmp(&b.id))
    });
    h.push_str(
        "<section id=\"headline\" aria-label=\"Headline figures\">\n<dl class=\"figures\">\n",
    );
    let _ = writeln!(
        h,
        "<div><dt>Respondents</dt><dd>{}</dd><dd class=\"note\">answered at least one open question</dd></div>",
        num(o.respondents_answering)
    );
    let _ = writeln!(
        h,
        "<div><dt>Answers</dt><dd>{}</dd><dd class=\"note\">to {} open question{}</dd></div>",
        num(o.answers),
        s.questions.len(),
        if s.questions.len() == 1 { "" } else { "s" }
    );
    if let Some(t) = ranked.first() {
        let _ = writeln!(
            h,
            "<div><dt>Most raised theme</dt><dd>{}%</dd><dd class=\"note\">{} ({})</dd></div>",
            t.overall.percent,
            esc(&t.name),
            esc(&n_of_m(&t.overall))
        );
    }
    let _ = writeln!(
        h,
        "<div><dt>Campaigns</dt><dd>{}</dd><dd class=\"note\">sent by {} respondents, counted in every figure</dd></div>",
        num(o.campaigns),
        num(o.campaign_respondents)
    );
    h.push_str("</dl>\n");
    let top: Vec<String> = ranked
        .iter()
        .take(3)
        .map(|t| format!("{} ({}%)", esc(&t.name), t.overall.percent))
        .collect();
    if !top.is_empty() {
        let _ = writeln!(
            h,
            "<p>The themes raised most often: {}. Figures, groups, quotes and the method follow below.</p>",
            top.join(", ")
        );
    }
    bar_chart(h, s);
    h.push_str("</section>\n");
}

fn table_start(h: &mut String, caption: &str, headers: &[(&str, bool)]) {
    table_start_in(h, "table-wrap", caption, headers);
}

/// A table inside a container of the given classes: `table-wrap cross` marks a cross-table
/// (themes by every group), which on a phone scrolls sideways inside its container.
fn table_start_in(h: &mut String, wrap: &str, caption: &str, headers: &[(&str, bool)]) {
    let _ = write!(
        h,
        "<div class=\"{wrap}\"><table>\n<caption>{}</caption>\n<thead><tr>",
        esc(caption)
    );
    for (name, num) in headers {
        let _ = write!(
            h,
            "<th scope=\"col\"{}>{}</th>",
            if *num { " class=\"num\"" } else { "" },
            esc(name).replace('/', "/<wbr>")
        );
    }
    h.push_str("</tr></thead>\n<tbody>\n");
}

fn table_end(h: &mut String) {
    h.push_str("</tbody>\n</table></div>\n");
}

fn overview(h: &mut String, s: &Summary) {
    let o = &s.overview;
    h.push_str("<section>\n<h2 id=\"overview\">Respondents and rows</h2>\n");
    let _ = writeln!(
        h,
        "<p>{} respondents are analysed: {} of them answered at least one open question, giving {} answers. \
         Every data row of the input is accounted for below: kept, blank (counted and set aside) or rejected.</p>",
        num(o.respondents), num(o.respondents_answering), num(o.answers)
    );
    table_start(
        h,
        "Rows read from each file",
        &[
            ("File", false),
            ("Rows", true),
            ("Kept", true),
            ("Blank", true),
            ("Rejected", true),
        ],
    );
    for f in o.files.iter().chain(std::iter::once(&o.total)) {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            esc(&f.file),
            num(f.rows),
            num(f.ingested),
            num(f.blank),
            num(f.rejected)
        );
    }
    table_end(h);
    table_start(
        h,
        "Respondents answering each question",
        &[("Question", false), ("Respondents", true)],
    );
    for q in &s.questions {
        let _ = writeln!(
            h,
            "<tr><td><strong>{}</strong> {}</td><td class=\"num\">{}</td></tr>",
            esc(&q.id),
            esc(&q.text),
            num(q.respondents_answered)
        );
    }
    table_end(h);
    let _ = writeln!(
        h,
        "<p>{} campaign{} found (organised standard texts), sent by {} respondents; their responses are counted in every figure. See <a href=\"#campaigns\">Campaigns</a>.</p>\n</section>",
        num(o.campaigns),
        if o.campaigns == 1 { " was" } else { "s were" },
        num(o.campaign_respondents)
    );
}

fn reading(h: &mut String, s: &Summary) {
    let m = &s.method;
    h.push_str("<section>\n<h2 id=\"reading\">How to read this report</h2>\n");
    let _ = writeln!(
        h,
        "<p><strong>Who responded.</strong> {}</p>",
        esc(&m.caveat)
    );
    h.push_str(
        "<p><strong>Counting.</strong> Every response counts once and with equal weight. Shares are \
         respondents raising a theme out of respondents who answered: for one question, out of those \
         who answered that question; overall, out of those who answered any open question.</p>\n",
    );
    table_start(
        h,
        "Words used for shares",
        &[("Word", false), ("Share of respondents", false)],
    );
    for q in &m.quantifiers {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td></tr>",
            esc(&q.word),
            esc(&q.range)
        );
    }
    table_end(h);
    h.push_str("<dl class=\"kv\">\n");
    for (k, v) in [
        ("Coding", &m.coding),
        ("Campaigns", &m.campaigns),
        ("Group differences", &m.group_test),
        ("Distinctive words", &m.distinctive_terms),
        ("Quotes", &m.quotes),
    ] {
        let _ = writeln!(h, "<dt>{}</dt><dd>{}</dd>", esc(k), esc(v));
    }
    h.push_str("</dl>\n");
    if !m.skipped_attributes.is_empty() {
        let _ = writeln!(
            h,
            "<p class=\"note\">Not broken down (too many distinct values): {}.</p>",
            esc(&m.skipped_attributes.join(", "))
        );
    }
    h.push_str("</section>\n");
}

fn themes(h: &mut String, s: &Summary) {
    h.push_str("<section>\n<h2 id=\"themes\">Priorities and themes</h2>\n");
    table_start(
        h,
        "Respondents raising each priority (any question)",
        &[
            ("Priority", false),
            ("Respondents", false),
            ("In words", false),
        ],
    );
    for p in &s.priorities {
        let _ = writeln!(
            h,
            "<tr><td><strong>{}</strong> {}</td><td>{}</td><td>{}</td></tr>",
            esc(&p.id),
            esc(&p.name),
            esc(&n_of_m(&p.overall)),
            esc(&p.overall.word)
        );
    }
    table_end(h);
    table_start(
        h,
        "Respondents raising each theme (any question)",
        &[
            ("Theme", false),
            ("Priorities", false),
            ("Respondents", false),
            ("In words", false),
        ],
    );
    for t in &s.themes {
        let _ = writeln!(
            h,
            "<tr><td><strong>{}</strong> {}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&t.id),
            esc(&t.name),
            esc(&t.links.join(", ")),
            esc(&n_of_m(&t.overall)),
            esc(&t.overall.word)
        );
    }
    table_end(h);
    h.push_str("</section>\n");
}

fn questions(h: &mut String, s: &Summary) {
    h.push_str("<section>\n<h2 id=\"questions\">By question</h2>\n");
    for (qi, q) in s.questions.iter().enumerate() {
        let _ = writeln!(h, "<h3>{}: {}</h3>", esc(&q.id), esc(&q.text));
        let _ = writeln!(
            h,
            "<p>{} respondents answered this question; shares below are out of them.</p>",
            num(q.respondents_answered)
        );
        table_start(
            h,
            &format!("Themes raised in answers to {}", q.id),
            &[
                ("Theme", false),
                ("Respondents to this question", false),
                ("In words", false),
            ],
        );
        for t in &s.themes {
            if let Some(c) = t.per_question.get(qi) {
                let _ = writeln!(
                    h,
                    "<tr><td><strong>{}</strong> {}</td><td>{}</td><td>{}</td></tr>",
                    esc(&t.id),
                    esc(&t.name),
                    esc(&n_of_m(&c.count)),
                    esc(&c.count.word)
                );
            }
        }
        table_end(h);
    }
    h.push_str("</section>\n");
}

fn groups(h: &mut String, s: &Summary) {
    h.push_str("<section>\n<h2 id=\"groups\">Differences between groups</h2>\n");
    let _ = writeln!(h, "<p>{}</p>", esc(&s.method.group_test));
    let flagged = s.group_tests.iter().filter(|t| t.test.flagged).count();
    let _ = writeln!(
        h,
        "<p>{} marked difference{} found, across all the attributes below.</p>",
        flagged,
        if flagged == 1 { " was" } else { "s were" }
    );
    for (ai, attribute) in s.attributes.iter().enumerate() {
        let _ = writeln!(h, "<h3>{}</h3>", esc(&by_attribute(attribute)));
        heatmap(h, s, ai, attribute);
        let mut headers: Vec<(String, bool)> = vec![("Theme".to_string(), false)];
        if let Some(a) = s.themes.first().and_then(|t| t.by_attribute.get(ai)) {
            headers.extend(a.groups.iter().map(|g| (g.value.clone(), false)));
        }
        headers.push(("Difference between groups".to_string(), false));
        let hdr: Vec<(&str, bool)> = headers.iter().map(|(a, b)| (a.as_str(), *b)).collect();
        table_start_in(
            h,
            "table-wrap cross",
            &format!(
                "Respondents raising each theme, {}",
                by_attribute(attribute).replacen("By", "by", 1)
            ),
            &hdr,
        );
        for t in s.themes.iter().chain(&s.priorities) {
            let Some(a) = t.by_attribute.get(ai) else {
                continue;
            };
            let (flag, words) = test_words(a.test.as_ref());
            let _ = write!(
                h,
                "<tr{}><td><strong>{}</strong> {}</td>",
                if flag { " class=\"flagged\"" } else { "" },
                esc(&t.id),
                esc(&t.name)
            );
            for g in &a.groups {
                let _ = write!(
                    h,
                    "<td class=\"group\">{}%<span class=\"n\">{} of {}</span></td>",
                    g.count.percent,
                    num(g.count.raising),
                    num(g.count.answered)
                );
            }
            let test = if flag {
                format!(
                    "<span class=\"badge\">Marked difference</span> {}",
                    esc(&words)
                )
            } else {
                esc(&words)
            };
            let _ = writeln!(h, "<td class=\"test\">{test}</td></tr>");
        }
        table_end(h);
    }
    h.push_str("</section>\n");
}

fn cooccurrence(h: &mut String, s: &Summary) {
    let c = &s.cooccurrence;
    h.push_str("<section>\n<h2 id=\"cooccurrence\">Themes raised together</h2>\n");
    h.push_str("<p>How often respondents raised two themes (in any of their answers). Overlap (the Jaccard index) is the share of respondents raising either theme who raised both: 0.25 means one in four. Lift compares the pair with chance: above 1 means the two themes are raised together more often than if they were unrelated, below 1 less often.</p>\n");
    if c.top_pairs.is_empty() {
        h.push_str("<p>No pair of themes was raised together by enough respondents to list.</p>\n");
    } else {
        table_start(
            h,
            "Theme pairs most often raised together",
            &[
                ("Themes", false),
                ("Respondents raising both", true),
                ("Overlap", true),
                ("Lift", true),
            ],
        );
        for p in &c.top_pairs {
            let _ = writeln!(
                h,
                "<tr><td>{} {} + {} {}</td><td class=\"num\">{}</td><td class=\"num\">{:.3}</td><td class=\"num\">{:.2}</td></tr>",
                esc(&p.a),
                esc(&p.a_name),
                esc(&p.b),
                esc(&p.b_name),
                num(p.both),
                p.jaccard,
                p.lift
            );
        }
        table_end(h);
    }
    let mut hdr: Vec<(&str, bool)> = vec![("", false)];
    hdr.extend(c.themes.iter().map(|t| (t.as_str(), true)));
    table_start(
        h,
        "Respondents raising both themes (diagonal: raising the theme)",
        &hdr,
    );
    for (i, row) in c.counts.iter().enumerate() {
        let _ = write!(
            h,
            "<tr><th scope=\"row\">{}</th>",
            esc(c.themes.get(i).map_or("", |s| s.as_str()))
        );
        for v in row {
            let _ = write!(h, "<td class=\"num\">{}</td>", num(*v));
        }
        h.push_str("</tr>\n");
    }
    table_end(h);
    h.push_str("</section>\n");
}

fn term_list(h: &mut String, terms: &[crate::summary::Term]) {
    if terms.is_empty() {
        h.push_str("<p class=\"note\">No word stands out.</p>\n");
        return;
    }
    let items: Vec<String> = terms
        .iter()
        .map(|t| {
            format!(
                "{} <span class=\"note\">(z {:.2})</span>",
                esc(&t.term),
                t.z
            )
        })
        .collect();
    let _ = writeln!(h, "<p>{}</p>", items.join(", "));
}

fn terms(h: &mut String, s: &Summary) {
    h.push_str("<section>\n<h2 id=\"terms\">Distinctive words</h2>\n");
    let _ = writeln!(h, "<p>{}</p>", esc(&s.method.distinctive_terms));
    for t in &s.distinctive.by_theme {
        let _ = writeln!(h, "<h3>{} {}</h3>", esc(&t.key), esc(&t.label));
        term_list(h, &t.terms);
    }
    let mut last = "";
    for g in &s.distinctive.by_group {
        if g.key != last {
            let _ = writeln!(h, "<h3>{}</h3>", esc(&by_attribute(&g.key)));
            last = &g.key;
        }
        let _ = writeln!(h, "<h4>{}</h4>", esc(&g.label));
        term_list(h, &g.terms);
    }
    h.push_str("</section>\n");
}

fn quotes(h: &mut String, s: &Summary) {
    h.push_str("<section>\n<h2 id=\"quotes\">Quotes</h2>\n");
    let _ = writeln!(h, "<p>{}</p>", esc(&s.method.quotes));
    for t in &s.quotes {
        let _ = writeln!(h, "<h3>{} {}</h3>", esc(&t.theme), esc(&t.name));
        if t.quotes.is_empty() {
            h.push_str("<p class=\"note\">No quote could be used (no consenting respondent raised this theme).</p>\n");
        }
        for q in &t.quotes {
            let _ = writeln!(
                h,
                "<blockquote><p>“{}”</p><footer>— {} ({})</footer></blockquote>",
                esc(&q.text),
                esc(&q.attribution),
                esc(&q.question)
            );
        }
    }
    h.push_str("</section>\n");
}

fn campaigns(h: &mut String, s: &Summary) {
    h.push_str("<section>\n<h2 id=\"campaigns\">Campaigns</h2>\n");
    let _ = writeln!(h, "<p>{}</p>", esc(&s.method.campaigns));
    if s.campaigns.is_empty() {
        h.push_str("<p>No campaign was found.</p>\n");
    }
    for c in &s.campaigns {
        let _ = writeln!(
            h,
            "<h3>Campaign {}: {} of {} respondents ({}%, {})</h3>\n<p>{}.</p>",
            c.id,
            num(c.size),
            num(s.overview.respondents_answering),
            c.percent,
            super::interval(&c.count),
            esc(&super::copies(c)),
        );
        if c.standard_text_shown {
            let _ = writeln!(
                h,
                "<blockquote><p>{}</p><footer>— standard text</footer></blockquote>",
                esc(&c.standard_text).replace("\n\n", "</p><p>")
            );
        } else {
            let _ = writeln!(h, "<p><em>{}</em></p>", esc(super::STANDARD_TEXT_WITHHELD));
        }
    }
    h.push_str("</section>\n");
}

fn quality(h: &mut String, s: &Summary) {
    h.push_str("<section>\n<h2 id=\"quality\">Data quality</h2>\n");
    let t = &s.overview.total;
    let _ = writeln!(
        h,
        "<p>{} data rows were read: {} kept, {} blank (no answer to any open question) and {} rejected.</p>",
        num(t.rows),
        num(t.ingested),
        num(t.blank),
        num(t.rejected)
    );
    if !t.rejected_by_reason.is_empty() {
        table_start(
            h,
            "Rejected rows by reason",
            &[("File", false), ("Reason", false), ("Rows", true)],
        );
        for f in &s.overview.files {
            for (reason, n) in &f.rejected_by_reason {
                let _ = writeln!(
                    h,
                    "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
                    esc(&f.file),
                    esc(reason),
                    num(*n)
                );
            }
        }
        table_end(h);
    }
    h.push_str("</section>\n");
}
