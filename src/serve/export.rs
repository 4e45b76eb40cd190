//! The quote basket on the server side. The browser keeps only references (respondent id,
//! question, the theme a quote was collected for); every time the basket is shown or exported,
//! the text is derived again here from the index, through the same publishable path as
//! `hearken search --publishable`: respondents who did not agree to publication give nothing,
//! and the rest are redacted. Text sent by the browser is never used.

use super::data::Workbench;
use super::html::{href, num};
use super::pages::theme_name;
use super::params::{shown, Allowed, BadParam, Params};
use super::Problem;
use crate::report::spreadsheet::SafeCsv;
use maud::{html, Markup};
use std::collections::BTreeMap;

/// Most quotes in one basket.
pub const MAX_ITEMS: usize = 500;
/// Parameters of `POST /basket/view`.
pub const ALLOWED_VIEW: Allowed<'static> = &[("item", MAX_ITEMS)];
/// Parameters of `POST /basket/export`.
pub const ALLOWED_EXPORT: Allowed<'static> = &[("item", MAX_ITEMS), ("format", 1)];

/// One reference in the basket, written `QUESTION:THEME:ID` (theme may be empty; the id comes
/// last, so it may hold `:`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Item {
    /// Question id.
    pub question: String,
    /// The theme the quote was collected for, or empty.
    pub theme: String,
    /// Respondent id.
    pub id: String,
}

impl Item {
    /// Reads and checks one reference against the index's questions and themes.
    pub fn parse(wb: &Workbench, raw: &str) -> Result<Item, BadParam> {
        let bad = || {
            BadParam(format!(
                "a basket item must read QUESTION:THEME:ID, not `{}`",
                shown(raw)
            ))
        };
        let (question, rest) = raw.split_once(':').ok_or_else(bad)?;
        let (theme, id) = rest.split_once(':').ok_or_else(bad)?;
        let manifest = wb.index.manifest();
        if !manifest.questions.iter().any(|q| q.id == question) {
            return Err(BadParam(format!(
                "basket item `{}`: there is no question `{}`",
                shown(raw),
                shown(question)
            )));
        }
        if !theme.is_empty() && !manifest.frame.themes.iter().any(|t| t.id == theme) {
            return Err(BadParam(format!(
                "basket item `{}`: there is no theme `{}`",
                shown(raw),
                shown(theme)
            )));
        }
        if id.is_empty() {
            return Err(bad());
        }
        Ok(Item {
            question: question.to_string(),
            theme: theme.to_string(),
            id: id.to_string(),
        })
    }

    /// The reference as the browser stores it.
    pub fn key(&self) -> String {
        format!("{}:{}:{}", self.question, self.theme, self.id)
    }
}

/// A quote as it may be published.
#[derive(Debug, Clone, PartialEq)]
pub struct Quote {
    /// The reference.
    pub item: Item,
    /// The redacted answer.
    pub text: String,
    /// Themes the answer was coded with.
    pub themes: Vec<String>,
    /// The question text.
    pub question_text: String,
}

/// What the basket holds now: quotes that may be published, and references that give none.
#[derive(Debug, Default)]
pub struct Derived {
    /// Publishable quotes, in basket order, each once.
    pub quotes: Vec<Quote>,
    /// References to a respondent who did not agree to publication or is not in this output.
    pub withheld: Vec<Item>,
}

/// Reads the items of a basket form and derives their text from the index.
pub fn derive(wb: &Workbench, params: &Params) -> Result<Derived, Problem> {
    let mut items: Vec<Item> = Vec::new();
    for raw in params.all("item") {
        let item = Item::parse(wb, &raw).map_err(|e| Problem::BadRequest(e.0))?;
        if !items.contains(&item) {
            items.push(item);
        }
    }
    let mut answers: BTreeMap<String, Vec<crate::index::Hit>> = BTreeMap::new();
    let mut out = Derived::default();
    for item in items {
        if !answers.contains_key(&item.id) {
            let hits = wb
                .index
                .answers_of(&item.id, true)
                .map_err(Problem::from_index)?;
            answers.insert(item.id.clone(), hits);
        }
        let hit = answers
            .get(&item.id)
            .and_then(|hits| hits.iter().find(|h| h.question == item.question));
        match hit {
            Some(h) if h.publishable() => out.quotes.push(Quote {
                text: h.text.clone(),
                themes: h.themes.clone(),
                question_text: h.question_text.clone(),
                item,
            }),
            _ => out.withheld.push(item),
        }
    }
    Ok(out)
}

/// The basket as the page shows it: each quote as it would be published, with a button to
/// take it out.
pub fn view(wb: &Workbench, d: &Derived) -> Markup {
    html! {
        @if d.quotes.is_empty() && d.withheld.is_empty() {
            p.secondary data-basket-empty { "The basket is empty. Use “Add to basket” on a search result or a response." }
        }
        @if !d.quotes.is_empty() {
            h2.heading-m { (num(d.quotes.len() as u64)) @if d.quotes.len() == 1 { " quote" } @else { " quotes" } }
            ol.basket-list {
                @for q in &d.quotes {
                    li.basket-item {
                        blockquote.quote {
                            p { (q.text) }
                            footer {
                                a href=(href("/response", &[("id", &q.item.id)])) { (q.item.id) }
                                ", " (q.item.question) ": " (q.question_text)
                                @if !q.item.theme.is_empty() { " — " (theme_name(wb, &q.item.theme)) }
                            }
                        }
                        button.button.button-secondary type="button" data-basket-remove=(q.item.key()) {
                            "Remove" span.visually-hidden { " " (q.item.id) " " (q.item.question) " from the basket" }
                        }
                    }
                }
            }
        }
        @if !d.withheld.is_empty() {
            div.warning-text {
                strong {
                    (num(d.withheld.len() as u64)) " marked "
                    @if d.withheld.len() == 1 { "answer" } @else { "answers" }
                    " cannot be exported: the respondent did not agree to publication, or the answer is not in this output."
                }
                ul.list {
                    @for item in &d.withheld {
                        li {
                            (item.id) " " (item.question) " "
                            button.link-button type="button" data-basket-remove=(item.key()) { "Remove" span.visually-hidden { " " (item.id) " " (item.question) } }
                        }
                    }
                }
            }
        }
    }
}

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Markdown, for a report.
    Markdown,
    /// CSV with a byte-order mark, for a spreadsheet.
    Csv,
}

impl Format {
    /// Reads the `format` parameter.
    pub fn parse(params: &Params) -> Result<Format, BadParam> {
        match params.one("format") {
            Some("md") | None => Ok(Format::Markdown),
            Some("csv") => Ok(Format::Csv),
            Some(other) => Err(BadParam(format!(
                "`format` must be md or csv, not `{}`",
                shown(other)
            ))),
        }
    }

    /// The content type and file name of a download.
    pub fn download(self) -> (&'static str, &'static str) {
        match self {
            Format::Markdown => ("text/markdown; charset=utf-8", "hearken-quotes.md"),
            Format::Csv => ("text/csv; charset=utf-8", "hearken-quotes.csv"),
        }
    }
}

/// The theme a quote is filed under: the one it was collected for, else the answer's themes.
fn filed_under(wb: &Workbench, q: &Quote) -> (String, String) {
    if q.item.theme.is_empty() {
        let names: Vec<&str> = q.themes.iter().map(|t| theme_name(wb, t)).collect();
        (q.themes.join(";"), names.join("; "))
    } else {
        (
            q.item.theme.clone(),
            theme_name(wb, &q.item.theme).to_string(),
        )
    }
}

/// The quotes as a file: only what [`derive`] found publishable, redacted.
pub fn export(wb: &Workbench, d: &Derived, format: Format) -> Vec<u8> {
    match format {
        Format::Markdown => markdown(wb, d).into_bytes(),
        Format::Csv => csv(wb, d),
    }
}

fn markdown(wb: &Workbench, d: &Derived) -> String {
    use crate::report::markdown::md;
    let mut m = String::from("# Quotes\n\n");
    m.push_str(
        "Only respondents who agreed to publication. Personal details are replaced by \
         placeholders such as \\[name\\] and \\[phone\\].\n\n",
    );
    for q in &d.quotes {
        let (id, name) = filed_under(wb, q);
        let heading = if id.is_empty() {
            "No theme".to_string()
        } else if q.item.theme.is_empty() {
            name
        } else {
            format!("{id} {name}")
        };
        m.push_str(&format!(
            "## {}\n\n> “{}”\n>\n> — respondent {}, {}: {}\n\n",
            md(&heading),
            md(&q.text),
            md(&q.item.id),
            md(&q.item.question),
            md(&q.question_text)
        ));
    }
    if !d.withheld.is_empty() {
        m.push_str(&format!(
            "{} marked answers were left out: the respondent did not agree to publication, or the answer is not in this output.\n",
            d.withheld.len()
        ));
    }
    m
}

fn csv(wb: &Workbench, d: &Derived) -> Vec<u8> {
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut w = SafeCsv::new(&mut out);
        // Writing to memory cannot fail.
        let _ = w.write_row(["id", "question", "theme", "theme_name", "text"]);
        for q in &d.quotes {
            let (id, name) = filed_under(wb, q);
            let _ = w.write_row([
                q.item.id.as_str(),
                q.item.question.as_str(),
                id.as_str(),
                name.as_str(),
                q.text.as_str(),
            ]);
        }
        let _ = w.flush();
    }
    out
}
