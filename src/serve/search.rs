//! The search page: the query language of `hearken search` over the same index, with facets
//! (theme, priority, question and every attribute column) whose values combine as filters,
//! sorting by relevance or id, paging, and highlighted snippets. The same parameters give a
//! whole page (`/search`) or only the results and facets (`/search/results`), which the page's
//! script fetches as the user types.

use super::data::Workbench;
use super::html::{href, marked, num, page, Section};
use super::pages::{basket_button, consent_tag, theme_name};
use super::params::{Allowed, BadParam, Params};
use super::Problem;
use crate::index::{Count, Facets, Hit, SearchRequest, SearchResults, Sort, MAX_OFFSET};
use maud::{html, Markup};

/// Hits per page.
pub const PAGE_SIZE: usize = 20;
/// Most values of one attribute column listed as filters (those chosen are always listed).
const VALUES_SHOWN: usize = 20;
/// Longest snippet, in characters.
const SNIPPET_CHARS: usize = 240;

/// The parameters the search page takes, with how often each may repeat.
pub const ALLOWED: Allowed<'static> = &[
    ("q", 1),
    ("theme", 100),
    ("priority", 100),
    ("question", 200),
    ("where", 200),
    ("sort", 1),
    ("page", 1),
    ("quotable", 1),
];

/// A validated search: the library request, the page number and the raw parameters.
#[derive(Debug, Clone)]
pub struct Search {
    /// What the index is asked.
    pub req: SearchRequest,
    /// 1-based page.
    pub page: u64,
    /// The theme the results are read for (a single theme filter), given to the basket.
    pub theme: String,
}

impl Search {
    /// Reads and checks the query string of a search against the index's columns.
    pub fn parse(wb: &Workbench, raw: &str) -> Result<Search, BadParam> {
        let p = Params::parse(raw, ALLOWED)?;
        let q = p.one("q").unwrap_or("").trim().to_string();
        if let Err(message) = crate::index::check_query(&q) {
            return Err(BadParam(format!("The query cannot be used: {message}.")));
        }
        let sort = match p.one("sort") {
            None | Some("") | Some("relevance") => Sort::Relevance,
            Some("id") => Sort::Id,
            Some(other) => {
                return Err(BadParam(format!(
                    "`sort` must be relevance or id, not `{}`",
                    super::params::shown(other)
                )))
            }
        };
        let last_page = (MAX_OFFSET / PAGE_SIZE) as u64 + 1;
        let page = p.number("page", 1, 1, last_page)?;
        let columns = &wb.index.manifest().attributes;
        let mut filters = Vec::new();
        for w in p.all("where") {
            // The column is the known name the value starts with, so a `=` in a value or a
            // column name cannot split it wrongly.
            let found = columns
                .iter()
                .filter(|c| {
                    w.len() > c.len() && w.starts_with(c.as_str()) && w.as_bytes()[c.len()] == b'='
                })
                .max_by_key(|c| c.len());
            match found {
                Some(c) => filters.push((c.clone(), w[c.len() + 1..].to_string())),
                None => {
                    return Err(BadParam(format!(
                        "`where` must be COLUMN=VALUE with one of the columns {}; got `{}`",
                        if columns.is_empty() {
                            "(none)".to_string()
                        } else {
                            columns.join(", ")
                        },
                        super::params::shown(&w)
                    )))
                }
            }
        }
        let themes = p.all("theme");
        let theme = if themes.len() == 1 {
            themes[0].clone()
        } else {
            String::new()
        };
        Ok(Search {
            req: SearchRequest {
                query: q,
                themes,
                priorities: p.all("priority"),
                questions: p.all("question"),
                filters,
                publishable_only: p.flag("quotable")?,
                limit: PAGE_SIZE,
                offset: (page as usize - 1) * PAGE_SIZE,
                sort,
                snippet_chars: SNIPPET_CHARS,
            },
            page,
            theme,
        })
    }

    /// The query string of this search with its page replaced (0 drops it).
    fn link(&self, page: u64) -> String {
        let mut params: Vec<(&str, String)> = Vec::new();
        if !self.req.query.is_empty() {
            params.push(("q", self.req.query.clone()));
        }
        for t in &self.req.themes {
            params.push(("theme", t.clone()));
        }
        for t in &self.req.priorities {
            params.push(("priority", t.clone()));
        }
        for t in &self.req.questions {
            params.push(("question", t.clone()));
        }
        for (c, v) in &self.req.filters {
            params.push(("where", format!("{c}={v}")));
        }
        if self.req.sort == Sort::Id {
            params.push(("sort", "id".to_string()));
        }
        if self.req.publishable_only {
            params.push(("quotable", "1".to_string()));
        }
        if page > 1 {
            params.push(("page", page.to_string()));
        }
        let borrowed: Vec<(&str, &str)> = params.iter().map(|(n, v)| (*n, v.as_str())).collect();
        href("/search", &borrowed)
    }

    fn has_filters(&self) -> bool {
        !(self.req.themes.is_empty()
            && self.req.priorities.is_empty()
            && self.req.questions.is_empty()
            && self.req.filters.is_empty())
    }
}

/// Runs a search: one page of hits and the facet counts.
pub fn run(wb: &Workbench, s: &Search) -> Result<(SearchResults, Facets), Problem> {
    match &wb.table {
        Some(table) => wb
            .index
            .search_faceted(table, &s.req)
            .map_err(Problem::from_index),
        None => {
            let results = wb.index.search(&s.req).map_err(Problem::from_index)?;
            let facets = wb.index.facets(&s.req).map_err(Problem::from_index)?;
            Ok((results, facets))
        }
    }
}

/// The whole search page for a query string: with results, or with the problem at the top (the
/// caller answers 400 then).
pub fn page_for(wb: &Workbench, raw: &str) -> Result<Markup, (Problem, Markup)> {
    let parsed = Search::parse(wb, raw).map_err(|e| Problem::BadRequest(e.0));
    let outcome = parsed.and_then(|s| run(wb, &s).map(|r| (s, r)));
    match outcome {
        Ok((s, (results, facets))) => Ok(search_page(
            wb,
            Some(&s),
            Some(results_fragment(wb, &s, &results, &facets)),
            &[],
        )),
        Err(Problem::BadRequest(message)) => {
            // The form keeps what was typed, so it can be corrected.
            let typed = raw
                .split('&')
                .find_map(|p| p.strip_prefix("q="))
                .and_then(|q| {
                    percent_encoding::percent_decode_str(&q.replace('+', " "))
                        .decode_utf8()
                        .ok()
                        .map(|q| {
                            q.chars()
                                .filter(|c| !c.is_control())
                                .take(2_000)
                                .collect::<String>()
                        })
                })
                .unwrap_or_default();
            let echo = Search {
                req: SearchRequest {
                    query: typed,
                    ..SearchRequest::default()
                },
                page: 1,
                theme: String::new(),
            };
            let m = search_page(wb, Some(&echo), None, std::slice::from_ref(&message));
            Err((Problem::BadRequest(message), m))
        }
        Err(other) => {
            let m = search_page(wb, None, None, &[]);
            Err((other, m))
        }
    }
}

/// Only the results and facets, for the page's script.
pub fn fragment_for(wb: &Workbench, raw: &str) -> Result<Markup, Problem> {
    let s = Search::parse(wb, raw).map_err(|e| Problem::BadRequest(e.0))?;
    let (results, facets) = run(wb, &s)?;
    Ok(results_fragment(wb, &s, &results, &facets))
}

fn search_page(
    wb: &Workbench,
    s: Option<&Search>,
    results: Option<Markup>,
    errors: &[String],
) -> Markup {
    let q = s.map_or("", |s| s.req.query.as_str());
    let sort_id = s.is_some_and(|s| s.req.sort == Sort::Id);
    let quotable = s.is_some_and(|s| s.req.publishable_only);
    let body = html! {
        @if !errors.is_empty() { (super::html::error_summary(errors)) }
        h1.heading-xl { "Search the answers" }
        form #search-form method="get" action="/search" data-live-search {
            div.form-group.error[!errors.is_empty()] role="search" {
                label.label.label-m for="q" { "Words or phrases" }
                div #q-hint.hint {
                    "Every word must appear; other forms match too (caring finds cared). Use \"quotes\" for a phrase, OR, NOT and brackets. Leave empty to list every answer."
                }
                @for e in errors { p #q-error.error-message { span.visually-hidden { "Error: " } (e) } }
                div.search-bar {
                    input #q.input type="search" name="q" value=(q) autocomplete="off" spellcheck="false"
                        aria-describedby=(if errors.is_empty() { "q-hint" } else { "q-hint q-error" });
                    button.button.search-button type="submit" { "Search" }
                }
            }
            div.form-row {
                div.form-group.inline {
                    label.label for="sort" { "Order" }
                    select #sort.select name="sort" {
                        option value="relevance" selected[!sort_id] { "Best match first" }
                        option value="id" selected[sort_id] { "By respondent id" }
                    }
                }
                div.checkbox-item {
                    input #quotable.checkbox type="checkbox" name="quotable" value="1" checked[quotable];
                    label for="quotable" { "Only answers that may be quoted, shown as they would be published" }
                }
            }
            div #search-status.visually-hidden role="status" aria-live="polite" {}
            div #search-results {
                @if let Some(r) = results { (r) }
            }
        }
    };
    page(wb, "Search", Section::Search, body)
}

/// Facets and one page of results.
fn results_fragment(
    wb: &Workbench,
    s: &Search,
    results: &SearchResults,
    facets: &Facets,
) -> Markup {
    html! {
        div.search-grid data-total=(results.total) {
            (facets_panel(wb, s, facets))
            (results_list(wb, s, results))
        }
    }
}

/// The filters: every facet with its counts, the chosen values ticked.
fn facets_panel(wb: &Workbench, s: &Search, facets: &Facets) -> Markup {
    let frame = &wb.index.manifest().frame;
    let questions = &wb.index.manifest().questions;
    let theme_label = |c: &Count| theme_name(wb, &c.value).to_string();
    let priority_label = |c: &Count| {
        frame
            .priorities
            .iter()
            .find(|p| p.id == c.value)
            .map_or(c.value.clone(), |p| p.name.clone())
    };
    let question_label = |c: &Count| {
        questions
            .iter()
            .find(|q| q.id == c.value)
            .map_or(c.value.clone(), |q| format!("{}: {}", q.id, q.text))
    };
    let clear = Search {
        req: SearchRequest {
            themes: Vec::new(),
            priorities: Vec::new(),
            questions: Vec::new(),
            filters: Vec::new(),
            ..s.req.clone()
        },
        page: 1,
        theme: String::new(),
    };
    html! {
        div.facets {
            h2.heading-m { "Filter" }
            @if s.has_filters() {
                p { a href=(clear.link(1)) data-clear-filters { "Clear filters" } }
            }
            (facet_group("Theme", "theme", &facets.themes, &s.req.themes, &theme_label, "theme"))
            (facet_group("Priority", "priority", &facets.priorities, &s.req.priorities, &priority_label, "priority"))
            (facet_group("Question", "question", &facets.questions, &s.req.questions, &question_label, "question"))
            @for (i, (column, values)) in facets.attributes.iter().enumerate() {
                @let chosen: Vec<String> = s.req.filters.iter().filter(|(c, _)| c == column).map(|(_, v)| v.clone()).collect();
                @let shown = shown_values(values, &chosen);
                @let wheres: Vec<Count> = shown.iter().map(|c| Count { value: format!("{column}={}", c.value), count: c.count }).collect();
                @let chosen_wheres: Vec<String> = chosen.iter().map(|v| format!("{column}={v}")).collect();
                @let label = |c: &Count| c.value[column.len() + 1..].to_string();
                (facet_group(column, "where", &wheres, &chosen_wheres, &label, &format!("attr{i}")))
                @if values.len() > shown.len() {
                    p.secondary.facet-more { (values.len() - shown.len()) " more values with fewer answers." }
                }
            }
            noscript { button.button.button-secondary type="submit" { "Apply filters" } }
        }
    }
}

/// How many answers match, one page of them, and the links to the pages before and after.
fn results_list(wb: &Workbench, s: &Search, results: &SearchResults) -> Markup {
    let first = s.req.offset as u64 + 1;
    let last = s.req.offset as u64 + results.hits.len() as u64;
    let pages = results.total.div_ceil(PAGE_SIZE as u64).max(1);
    html! {
        div.results {
            h2.heading-m #results-heading data-results-count {
                (num(results.total)) @if results.total == 1 { " answer matches" } @else { " answers match" }
                @if results.total > 0 { span.secondary { " (showing " (num(first)) " to " (num(last)) ")" } }
            }
            @if s.req.publishable_only {
                p.inset-text { "Only respondents who agreed to publication; personal details replaced by placeholders such as [name]." }
            }
            @if results.hits.is_empty() {
                p { "No answers match. Try fewer words, another form of a word, or fewer filters." }
            }
            ol.results-list start=(first) {
                @for hit in &results.hits { (result(wb, hit, &s.theme)) }
            }
            @if pages > 1 {
                nav.pagination aria-label="Results pages" {
                    ul {
                        @if s.page > 1 { li.pagination-prev { a href=(s.link(s.page - 1)) rel="prev" { "Previous" span.visually-hidden { " page" } } } }
                        li.pagination-current { "Page " (s.page) " of " (num(pages)) }
                        @if s.page < pages && last < (MAX_OFFSET + PAGE_SIZE) as u64 { li.pagination-next { a href=(s.link(s.page + 1)) rel="next" { "Next" span.visually-hidden { " page" } } } }
                    }
                }
            }
        }
    }
}

/// The values of a column to list: the most frequent, then any chosen one not among them.
fn shown_values(values: &[Count], chosen: &[String]) -> Vec<Count> {
    let mut shown: Vec<Count> = values.iter().take(VALUES_SHOWN).cloned().collect();
    for c in chosen {
        if !shown.iter().any(|s| &s.value == c) {
            let count = values.iter().find(|v| &v.value == c).map_or(0, |v| v.count);
            shown.push(Count {
                value: c.clone(),
                count,
            });
        }
    }
    shown
}

fn facet_group(
    legend: &str,
    name: &str,
    counts: &[Count],
    chosen: &[String],
    label: &dyn Fn(&Count) -> String,
    key: &str,
) -> Markup {
    html! {
        @if !counts.is_empty() {
            fieldset.fieldset.facet {
                legend.fieldset-legend { (legend) }
                div.checkboxes {
                    @for (i, c) in counts.iter().enumerate() {
                        @let id = format!("f-{key}-{i}");
                        div.checkbox-item {
                            input.checkbox id=(id) type="checkbox" name=(name) value=(c.value) checked[chosen.contains(&c.value)];
                            label for=(id) { (label(c)) " " span.facet-count { "(" (num(c.count)) ")" } }
                        }
                    }
                }
            }
        }
    }
}

fn result(wb: &Workbench, hit: &Hit, theme: &str) -> Markup {
    let marks: Vec<(usize, usize, Option<String>)> = hit
        .snippet
        .highlights
        .iter()
        .map(|&(s, e)| (s, e, None))
        .collect();
    html! {
        li.result {
            h3.heading-s.result-title {
                a href=(href("/response", &[("id", &hit.id)])) { (hit.id) }
                " " span.secondary { (hit.question) ": " (hit.question_text) }
            }
            p.snippet { (marked(&hit.snippet.text, &marks)) }
            p.result-meta {
                (consent_tag(hit)) " "
                @for t in &hit.themes {
                    a.tag.tag-blue href=(format!("/theme/{}", super::html::enc(t))) { (theme_name(wb, t)) } " "
                }
                @if let Some(c) = hit.campaign { span.secondary { "campaign " (c) } }
            }
            @if hit.publishable() { (basket_button(&hit.id, &hit.question, theme)) }
        }
    }
}
