//! The pages of the workbench: overview, theme, response and basket. (Search is in
//! [`super::search`].) Each takes the loaded [`Workbench`] and already validated parameters and
//! returns markup; lookups that find nothing are [`Problem::NotFound`].

use super::data::{CodeView, Workbench};
use super::html::{
    bar_chart, href, marked, num, page, percent, shaded_table, tag, Bar, Cell, Section,
};
use super::{Problem, ServeError};
use crate::index::Hit;
use maud::{html, Markup};

/// Most lexicon entries listed on a theme page.
const FIRED_SHOWN: usize = 15;

/// The theme's display name, or its id when the frame does not know it.
pub fn theme_name<'a>(wb: &'a Workbench, id: &'a str) -> &'a str {
    wb.index
        .manifest()
        .frame
        .themes
        .iter()
        .find(|t| t.id == id)
        .map_or(id, |t| t.name.as_str())
}

fn question_text<'a>(wb: &'a Workbench, id: &str) -> &'a str {
    wb.summary
        .questions
        .iter()
        .find(|q| q.id == id)
        .map_or("", |q| q.text.as_str())
}

fn share(c: &super::data::CountView) -> f64 {
    if c.answered == 0 {
        0.0
    } else {
        c.raising as f64 / c.answered as f64
    }
}

fn code_bar(c: &CodeView, link: Option<String>) -> Bar {
    Bar {
        label: html! {
            @match &link {
                Some(l) => a href=(l) { (c.name) },
                None => (c.name),
            }
            " " span.secondary.code-id { (c.id) }
        },
        share: share(&c.overall),
        interval: c.overall.interval(),
        detail: format!("{} of {}", num(c.overall.raising), num(c.overall.answered)),
        flagged: false,
    }
}

/// The overview: headline figures, themes and priorities by share with intervals, then by
/// question and by group.
pub fn overview(wb: &Workbench) -> Markup {
    let s = &wb.summary;
    let mut themes: Vec<&CodeView> = s.themes.iter().collect();
    themes.sort_by(|a, b| {
        share(&b.overall)
            .total_cmp(&share(&a.overall))
            .then_with(|| a.id.cmp(&b.id))
    });
    let theme_bars: Vec<Bar> = themes
        .iter()
        .map(|t| code_bar(t, Some(format!("/theme/{}", super::html::enc(&t.id)))))
        .collect();
    let priority_bars: Vec<Bar> = s.priorities.iter().map(|p| code_bar(p, None)).collect();
    let top = themes.first();
    let question_columns: Vec<String> = s.questions.iter().map(|q| q.id.clone()).collect();
    let by_question: Vec<(Markup, Vec<Cell>)> = themes
        .iter()
        .map(|t| {
            let cells = s
                .questions
                .iter()
                .map(
                    |q| match t.per_question.iter().find(|pq| pq.question == q.id) {
                        Some(pq) if pq.count.answered > 0 => Cell {
                            share: Some(share(&pq.count)),
                            detail: format!(
                                "{} of {}",
                                num(pq.count.raising),
                                num(pq.count.answered)
                            ),
                        },
                        _ => Cell {
                            share: None,
                            detail: String::new(),
                        },
                    },
                )
                .collect();
            (theme_label(t), cells)
        })
        .collect();
    let body = html! {
        span.caption-l { "Results" }
        h1.heading-xl { "What respondents raised" }
        div.headlines {
            div.headline { span.headline-figure { (num(s.overview.respondents_answering)) } span.headline-label { "respondents answered" } }
            div.headline { span.headline-figure { (num(s.overview.answers)) } span.headline-label { "answers to " (s.questions.len()) " open questions" } }
            @if let Some(t) = top {
                div.headline { span.headline-figure { (percent(share(&t.overall))) } span.headline-label { "raised " a href=(format!("/theme/{}", super::html::enc(&t.id))) { (t.name) } ", the most common theme" } }
            }
            div.headline { span.headline-figure { (num(s.overview.campaigns)) } span.headline-label { "campaigns, sent by " (num(s.overview.campaign_respondents)) " respondents" } }
        }
        p.body-l { "Shares are of the respondents who answered at least one open question; a respondent can raise several themes. Choose a theme for its groups, words and quotes, or " a href="/search" { "search the answers" } "." }
        (bar_chart("Themes by share of respondents", "Theme", &theme_bars))
        (bar_chart("Priorities by share of respondents", "Priority", &priority_bars))
        h2.heading-l #by-question { "By question" }
        p { "Share of the respondents who answered each question." }
        ul.list {
            @for q in &s.questions {
                li { strong { (q.id) } " " (q.text) " (" (num(q.respondents_answered)) " respondents)" }
            }
        }
        (shaded_table("Themes by question", "Theme", &question_columns, &by_question))
        h2.heading-l #by-group { "By group" }
        @if s.attributes.is_empty() {
            p { "The survey has no grouping columns." }
        }
        @for attribute in &s.attributes {
            (group_table(&themes, attribute))
        }
        @if !s.method.caveat.is_empty() {
            div.inset { p { (s.method.caveat) } }
        }
    };
    page(wb, "Overview", Section::Overview, body)
}

fn theme_label(t: &CodeView) -> Markup {
    html! { a href=(format!("/theme/{}", super::html::enc(&t.id))) { (t.name) } }
}

/// Themes by the groups of one attribute, shaded; flagged differences marked.
fn group_table(themes: &[&CodeView], attribute: &str) -> Markup {
    let mut columns: Vec<String> = Vec::new();
    for t in themes {
        if let Some(b) = t.by_attribute.iter().find(|b| b.attribute == attribute) {
            for g in &b.groups {
                if !columns.contains(&g.value) {
                    columns.push(g.value.clone());
                }
            }
        }
    }
    let rows: Vec<(Markup, Vec<Cell>)> = themes
        .iter()
        .map(|t| {
            let b = t.by_attribute.iter().find(|b| b.attribute == attribute);
            let flagged = b.and_then(|b| b.test.as_ref()).is_some_and(|t| t.flagged);
            let cells = columns
                .iter()
                .map(
                    |c| match b.and_then(|b| b.groups.iter().find(|g| &g.value == c)) {
                        Some(g) if g.count.answered > 0 => Cell {
                            share: Some(share(&g.count)),
                            detail: format!(
                                "{} of {}",
                                num(g.count.raising),
                                num(g.count.answered)
                            ),
                        },
                        _ => Cell {
                            share: None,
                            detail: String::new(),
                        },
                    },
                )
                .collect();
            let label = html! {
                (theme_label(t))
                @if flagged { " " (tag("marked difference", "yellow")) }
            };
            (label, cells)
        })
        .collect();
    shaded_table(&format!("Themes by {attribute}"), "Theme", &columns, &rows)
}

/// A theme page: its share overall, by question and by group, the words that distinguish its
/// answers, its representative quotes and the lexicon entries that fired most.
pub fn theme(wb: &Workbench, id: &str) -> Result<Markup, Problem> {
    let s = &wb.summary;
    let Some(t) = s.themes.iter().find(|t| t.id == id) else {
        let ids: Vec<&str> = s.themes.iter().map(|t| t.id.as_str()).collect();
        return Err(Problem::NotFound(format!(
            "There is no theme `{}`. The themes are {}.",
            super::params::shown(id),
            ids.join(", ")
        )));
    };
    let question_bars: Vec<Bar> = t
        .per_question
        .iter()
        .map(|pq| Bar {
            label: html! { (pq.question) " " span.secondary { (question_text(wb, &pq.question)) } },
            share: share(&pq.count),
            interval: pq.count.interval(),
            detail: format!("{} of {}", num(pq.count.raising), num(pq.count.answered)),
            flagged: false,
        })
        .collect();
    let search = href("/search", &[("theme", &t.id)]);
    let body = html! {
        nav.breadcrumbs aria-label="Breadcrumb" {
            ol { li { a href="/" { "Overview" } } li { "Theme " (t.id) } }
        }
        span.caption-l { "Theme " (t.id) }
        h1.heading-xl { (t.name) }
        @if !t.description.is_empty() { p.body-l { (t.description) } }
        (theme_figures(wb, t))
        p { a.button href=(search) role="button" { "Search the answers coded with this theme" } }
        h2.heading-l { "By question" }
        (bar_chart(&format!("{} by question", t.name), "Question", &question_bars))
        h2.heading-l { "By group" }
        (theme_by_group(t))
        (theme_words_and_entries(wb, t))
        (theme_quotes(wb, t, &search))
    };
    Ok(page(wb, &t.name, Section::Overview, body))
}

/// The theme's share of respondents, with its interval, and the priorities it links to.
fn theme_figures(wb: &Workbench, t: &CodeView) -> Markup {
    let (lo, hi) = t.overall.interval().unwrap_or((0.0, 0.0));
    let priorities: Vec<&CodeView> = wb
        .summary
        .priorities
        .iter()
        .filter(|p| t.links.contains(&p.id))
        .collect();
    html! {
        dl.summary-list {
            div.summary-row {
                dt { "Raised by" }
                dd { strong { (percent(share(&t.overall))) } " of respondents: " (num(t.overall.raising)) " of " (num(t.overall.answered)) " (95% interval " (percent(lo)) " to " (percent(hi)) "), " (t.overall.word) }
            }
            @if !priorities.is_empty() {
                div.summary-row {
                    dt { "Priorities" }
                    dd { @for (i, p) in priorities.iter().enumerate() { @if i > 0 { ", " } (p.name) } }
                }
            }
        }
    }
}

/// The theme's share in each group of every attribute, each group linked to its answers, with
/// the test of the difference between the groups.
fn theme_by_group(t: &CodeView) -> Markup {
    html! {
        @for b in &t.by_attribute {
            @let bars: Vec<Bar> = b.groups.iter().map(|g| Bar {
                label: html! {
                    @if g.value == "(not given)" { (g.value) }
                    @else { a href=(href("/search", &[("theme", &t.id), ("where", &format!("{}={}", b.attribute, g.value))])) { (g.value) } }
                },
                share: share(&g.count),
                interval: g.count.interval(),
                detail: format!("{} of {}", num(g.count.raising), num(g.count.answered)),
                flagged: b.test.as_ref().is_some_and(|x| x.flagged && (x.highest == g.value || x.lowest == g.value)),
            }).collect();
            (bar_chart(&format!("{} by {}", t.name, b.attribute), &b.attribute, &bars))
            @if let Some(test) = &b.test {
                p.secondary {
                    @if test.flagged {
                        (tag("marked difference", "yellow")) " "
                    }
                    "Highest in " (test.highest) ", lowest in " (test.lowest) ": " (format!("{:.0}", test.max_difference_points)) " points apart (" (test.p_display) ")."
                    @if !test.flagged { " Not a marked difference." }
                }
            }
        }
    }
}

/// Side by side: the words that distinguish the theme's answers, and the lexicon entries that
/// fired most.
fn theme_words_and_entries(wb: &Workbench, t: &CodeView) -> Markup {
    let terms = wb
        .summary
        .distinctive
        .by_theme
        .iter()
        .find(|d| d.key == t.id);
    let fired = wb.fired(&t.id);
    html! {
        div.columns {
            div.column {
                h2.heading-l #terms { "Distinctive words" }
                @match terms {
                    Some(set) if !set.terms.is_empty() => {
                        p.secondary { "Used much more in this theme's answers than in the others (uses here / elsewhere)." }
                        ol.list.list-number {
                            @for term in &set.terms {
                                li { a href=(href("/search", &[("q", &format!("\"{}\"", term.term)), ("theme", &t.id)])) { (term.term) } " " span.secondary { "(" (num(term.count)) " / " (num(term.count_other)) ")" } }
                            }
                        }
                    }
                    _ => { p { "No distinctive words for this theme." } }
                }
            }
            div.column {
                h2.heading-l #entries { "Lexicon entries that fired most" }
                @if fired.is_empty() {
                    p { "No answer was coded with this theme." }
                } @else {
                    (entries_table(&t.name, fired))
                }
            }
        }
    }
}

/// The theme's representative quotes (`search` lists its answers), then the themes raised
/// most often by the same respondents.
fn theme_quotes(wb: &Workbench, t: &CodeView, search: &str) -> Markup {
    let quotes = wb.summary.quotes.iter().find(|q| q.theme == t.id);
    let together = together(wb, &t.id);
    html! {
        h2.heading-l #quotes { "Representative quotes" }
        p.secondary { "From respondents who agreed to publication, with personal details removed, as in the report. To collect quotes, " a href=(search) { "search this theme" } " and add answers to the basket." }
        @match quotes {
            Some(q) if !q.quotes.is_empty() => {
                @for quote in &q.quotes {
                    blockquote.quote {
                        p { (quote.text) }
                        footer { "— " (quote.attribution) ", " (quote.question) }
                    }
                }
            }
            _ => { p { "No quotes: no respondent who agreed to publication raised this theme." } }
        }
        @if !together.is_empty() {
            h2.heading-l { "Raised together with" }
            ul.list {
                @for (other, both) in &together {
                    li { a href=(format!("/theme/{}", super::html::enc(other))) { (theme_name(wb, other)) } ": " (num(*both)) " respondents raised both" }
                }
            }
        }
    }
}

fn entries_table(name: &str, fired: &[super::data::Fired]) -> Markup {
    html! {
        div.table-scroll role="region" aria-label=(format!("Lexicon entries of {name}")) tabindex="0" {
            table.table {
                caption.table-caption.visually-hidden { "Lexicon entries of " (name) " by answers" }
                thead { tr { th scope="col" { "Entry" } th scope="col" class="num" { "Answers" } } }
                tbody {
                    @for f in fired.iter().take(FIRED_SHOWN) {
                        tr { td { code { (f.entry) } } td.num { (num(f.answers)) } }
                    }
                }
            }
        }
        @if fired.len() > FIRED_SHOWN {
            p.secondary { (num((fired.len() - FIRED_SHOWN) as u64)) " more entries fired less often." }
        }
    }
}

/// The five themes most often raised by the same respondents as `id`.
fn together(wb: &Workbench, id: &str) -> Vec<(String, u64)> {
    let c = &wb.summary.cooccurrence;
    let Some(i) = c.themes.iter().position(|t| t == id) else {
        return Vec::new();
    };
    let Some(row) = c.counts.get(i) else {
        return Vec::new();
    };
    let mut pairs: Vec<(String, u64)> = c
        .themes
        .iter()
        .zip(row)
        .enumerate()
        .filter(|&(j, (_, &n))| j != i && n > 0)
        .map(|(_, (t, &n))| (t.clone(), n))
        .collect();
    pairs.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    pairs.truncate(5);
    pairs
}

/// Consent in words, with a tag.
pub fn consent_tag(hit: &Hit) -> Markup {
    if hit.publishable() {
        tag("may be quoted", "green")
    } else {
        tag("not for quotation", "red")
    }
}

/// A button that puts an answer in the basket (only shown for publishable answers).
pub fn basket_button(id: &str, question: &str, theme: &str) -> Markup {
    html! {
        button.button.button-secondary.basket-add type="button" data-basket-add data-id=(id) data-question=(question) data-theme=(theme) {
            "Add to basket" span.visually-hidden { ": " (id) " " (question) }
        }
    }
}

/// A response page: every answer of one respondent, its codes with the evidence marked in the
/// text, and whether it may be quoted.
pub fn response(wb: &Workbench, id: &str) -> Result<Markup, Problem> {
    let answers = wb
        .index
        .answers_of(id, false)
        .map_err(Problem::from_index)?;
    if answers.is_empty() {
        return Err(Problem::NotFound(format!(
            "No respondent `{}` has an answer in this output.",
            super::params::shown(id)
        )));
    }
    let published = if answers[0].publishable() {
        wb.index.answers_of(id, true).map_err(Problem::from_index)?
    } else {
        Vec::new()
    };
    let coded = wb.coded_rows(id).map_err(Problem::Internal)?;
    let first = &answers[0];
    let body = html! {
        nav.breadcrumbs aria-label="Breadcrumb" {
            ol { li { a href="/search" { "Search" } } li { "Response " (id) } }
        }
        span.caption-l { "Response" }
        h1.heading-xl.break-words { (id) }
        dl.summary-list {
            div.summary-row {
                dt { "Consent to publish" }
                dd {
                    (consent_tag(first)) " "
                    (consent_words(first))
                }
            }
            @for (name, value) in &first.attributes {
                div.summary-row { dt { (name) } dd { @if value.is_empty() { span.secondary { "not given" } } @else { (value) } } }
            }
            @if let Some(c) = first.campaign {
                div.summary-row { dt { "Campaign" } dd { "Sent the text of campaign " (c) " (counted in every figure)." } }
            }
            div.summary-row { dt { "Input row" } dd { (first.row) } }
        }
        @for hit in &answers {
            (answer_section(wb, id, hit, coded.iter().find(|r| r.question == hit.question), &published))
        }
    };
    Ok(page(wb, &format!("Response {id}"), Section::Search, body))
}

/// One answer of respondent `id`: its themes, its text with the evidence of its coding `row`
/// marked and listed, and, when it may be quoted, the text as `published`.
fn answer_section(
    wb: &Workbench,
    id: &str,
    hit: &Hit,
    row: Option<&super::data::CodedRow>,
    published: &[Hit],
) -> Markup {
    html! {
        section.answer aria-labelledby=(format!("answer-{}", hit.question)) {
            h2.heading-m id=(format!("answer-{}", hit.question)) { (hit.question) " " span.secondary { (hit.question_text) } }
            p {
                @if hit.themes.is_empty() { span.secondary { "Not coded to a theme." } }
                @for t in &hit.themes {
                    a.tag.tag-blue href=(format!("/theme/{}", super::html::enc(t))) { (theme_name(wb, t)) } " "
                }
            }
            blockquote.answer-text {
                p { (evidence_marked(&hit.text, row.map(|r| r.evidence.as_slice()).unwrap_or_default(), wb)) }
            }
            @if let Some(r) = row {
                @if !r.evidence.is_empty() {
                    (evidence_details(wb, hit, r))
                }
            }
            @if let Some(p) = published.iter().find(|p| p.question == hit.question) {
                h3.heading-s { "As it would be published" }
                blockquote.quote { p { (p.text) } }
                (basket_button(id, &hit.question, hit.themes.first().map_or("", String::as_str)))
            }
        }
    }
}

/// The evidence of an answer's coding as a table: theme, lexicon entry and the words matched.
fn evidence_details(wb: &Workbench, hit: &Hit, r: &super::data::CodedRow) -> Markup {
    html! {
        details.details {
            summary { "Evidence (" (r.evidence.len()) @if r.evidence.len() == 1 { " match)" } @else { " matches)" } }
            div.table-scroll role="region" aria-label=(format!("Evidence for {}", hit.question)) tabindex="0" {
                table.table {
                    thead { tr { th scope="col" { "Theme" } th scope="col" { "Entry" } th scope="col" { "Words" } } }
                    tbody {
                        @for e in &r.evidence {
                            tr {
                                td { (theme_name(wb, &e.theme)) @if !hit.themes.contains(&e.theme) { " " span.secondary { "(below threshold)" } } }
                                td { code { (e.entry) } }
                                td { (hit.text.get(e.start..e.end).unwrap_or("")) }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn consent_words(hit: &Hit) -> &'static str {
    match hit.consent {
        crate::model::Consent::WithName => "Agreed to publication with their name.",
        crate::model::Consent::Anonymous => "Agreed to publication without their name.",
        crate::model::Consent::DoNotPublish => "Asked not to be published.",
        crate::model::Consent::Unknown => "Consent unknown: not quoted or published.",
    }
}

/// The answer with its evidence spans marked: overlapping matches are merged into one mark
/// whose title names every entry.
fn evidence_marked(text: &str, evidence: &[super::data::EvidenceItem], wb: &Workbench) -> Markup {
    let mut spans: Vec<(usize, usize, Vec<String>)> = Vec::new();
    let mut sorted: Vec<&super::data::EvidenceItem> = evidence
        .iter()
        .filter(|e| e.end <= text.len() && e.start < e.end)
        .collect();
    sorted.sort_by_key(|e| (e.start, e.end));
    for e in sorted {
        let label = format!("{}: {}", theme_name(wb, &e.theme), e.entry);
        match spans.last_mut() {
            Some(last) if e.start < last.1 => {
                last.1 = last.1.max(e.end);
                if !last.2.contains(&label) {
                    last.2.push(label);
                }
            }
            _ => spans.push((e.start, e.end, vec![label])),
        }
    }
    let marks: Vec<(usize, usize, Option<String>)> = spans
        .into_iter()
        .map(|(s, e, labels)| (s, e, Some(labels.join("; "))))
        .collect();
    marked(text, &marks)
}

/// The basket page: filled in by the script from the browser's storage; the quotes are shown
/// and exported as the server re-derives them (publishable, redacted).
pub fn basket(wb: &Workbench) -> Markup {
    let body = html! {
        span.caption-l { "Quotes" }
        h1.heading-xl { "Quote basket" }
        p.body-l { "Answers you marked while reading. The basket is kept in this browser only. Quotes are shown and exported as they would be published: only respondents who agreed to publication, with personal details replaced by placeholders such as [name] and [phone]." }
        div #basket-items aria-live="polite" {
            noscript { p { "The basket needs JavaScript, which is turned off in this browser. Search still works without it." } }
            p.secondary data-basket-empty { "The basket is empty. Use “Add to basket” on a search result or a response." }
        }
        form.export-form method="post" action="/basket/export" data-basket-export hidden {
            fieldset.fieldset {
                legend.fieldset-legend { "Export the basket" }
                div.radios {
                    div.radio { input #format-md type="radio" name="format" value="md" checked; label for="format-md" { "Markdown (for a report or Word)" } }
                    div.radio { input #format-csv type="radio" name="format" value="csv"; label for="format-csv" { "CSV (for a spreadsheet)" } }
                }
            }
            div data-basket-fields {}
            div.button-group {
                button.button type="submit" { "Export quotes" }
                button.button.button-warning type="button" data-basket-clear { "Empty the basket" }
            }
        }
    };
    page(wb, "Quote basket", Section::Basket, body)
}

/// An error page with the status's words and what went wrong.
pub fn problem(wb: &Workbench, title: &str, message: &str) -> Markup {
    let body = html! {
        h1.heading-xl { (title) }
        p.body-l { (message) }
        p { a href="/" { "Go to the overview" } " or " a href="/search" { "search the answers" } "." }
    };
    page(wb, title, Section::None, body)
}

impl From<ServeError> for Problem {
    fn from(e: ServeError) -> Problem {
        Problem::Internal(e)
    }
}
