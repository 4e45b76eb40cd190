//! The page frame and the pieces pages are built from: header, navigation, error summary, bar
//! charts with confidence intervals and shaded tables. Markup is written with `maud`, which
//! escapes every interpolated value, so text from the data can never become markup.
//!
//! Charts are inline SVG drawn with attributes only (no `style`), so the Content-Security-Policy
//! can forbid inline styles; every figure a chart shows is also in the table text beside it.

use super::data::Workbench;
use maud::{html, Markup, DOCTYPE};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Characters left as they are in a query-string value: letters, digits and `-._~`.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `value` percent-encoded for a query string.
pub fn enc(value: &str) -> String {
    utf8_percent_encode(value, QUERY_VALUE).to_string()
}

/// A link target with query parameters (names are fixed by the caller; values are encoded).
pub fn href(path: &str, params: &[(&str, &str)]) -> String {
    let mut out = path.to_string();
    for (i, (name, value)) in params.iter().enumerate() {
        out.push(if i == 0 { '?' } else { '&' });
        out.push_str(name);
        out.push('=');
        out.push_str(&enc(value));
    }
    out
}

/// The section of the site a page belongs to, marked in the navigation.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// The overview and theme pages.
    Overview,
    /// Search and response pages.
    Search,
    /// The quote basket.
    Basket,
    /// Error pages.
    None,
}

/// A whole page: the frame around `body`.
pub fn page(wb: &Workbench, title: &str, section: Section, body: Markup) -> Markup {
    let nav = [
        (Section::Overview, "/", "Overview"),
        (Section::Search, "/search", "Search"),
        (Section::Basket, "/basket", "Quote basket"),
    ];
    let folder = wb
        .dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| wb.dir.display().to_string());
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " – hearken" }
                link rel="icon" href="data:,";
                link rel="stylesheet" href="/assets/app.css";
                script src="/assets/app.js" defer {}
            }
            body data-dataset=(wb.dataset) {
                a.skip-link href="#main" { "Skip to main content" }
                header.header role="banner" {
                    div.width-container.header-inner {
                        a.header-service href="/" { "hearken" span.header-sub { " workbench" } }
                    }
                }
                nav.service-nav aria-label="Menu" {
                    ul.width-container.service-nav-list {
                        @for (s, link, label) in nav {
                            li.service-nav-item.active[s == section] {
                                a href=(link) aria-current=[(s == section).then_some("page")] {
                                    (label)
                                    @if s == Section::Basket {
                                        " " span.basket-count data-basket-count aria-label="quotes in the basket" { "0" }
                                    }
                                }
                            }
                        }
                    }
                }
                div.width-container {
                    main #main .main tabindex="-1" { (body) }
                }
                footer.footer role="contentinfo" {
                    div.width-container {
                        p { "Read-only view of " strong { (folder) } ", served from this computer. Nothing leaves it." }
                        p.secondary { "Lexicon: " (wb.lexicon.source) ". Figures are over respondents; intervals are 95% Wilson score intervals." }
                    }
                }
            }
        }
    }
}

/// The GOV.UK error summary: a box at the top of the page that lists what is wrong.
pub fn error_summary(messages: &[String]) -> Markup {
    html! {
        div.error-summary role="alert" tabindex="-1" data-error-summary {
            h2.error-summary-title { "There is a problem" }
            ul.error-summary-list {
                @for m in messages { li { (m) } }
            }
        }
    }
}

/// A percentage of a fraction, for attributes (`41.3%`).
fn pct(x: f64) -> String {
    format!("{:.1}%", (x * 100.0).clamp(0.0, 100.0))
}

/// A whole percent for text.
pub fn percent(x: f64) -> String {
    format!("{:.0}%", (x * 100.0).clamp(0.0, 100.0))
}

/// One row of a bar chart.
pub struct Bar {
    /// The label cell (may hold a link).
    pub label: Markup,
    /// The share, 0..1.
    pub share: f64,
    /// The 95% interval, when there is a base.
    pub interval: Option<(f64, f64)>,
    /// "385 of 649".
    pub detail: String,
    /// Marked (a flagged group difference).
    pub flagged: bool,
}

/// A horizontal bar chart as a table: label, share with bar and interval whiskers, counts.
pub fn bar_chart(caption: &str, label_heading: &str, bars: &[Bar]) -> Markup {
    html! {
        div.table-scroll role="region" aria-label=(caption) tabindex="0" {
            table.table.bar-table {
                caption.table-caption { (caption) }
                thead {
                    tr {
                        th scope="col" { (label_heading) }
                        th scope="col" class="bar-head" { "Share " span.secondary { "(95% interval)" } }
                        th scope="col" class="num" { "Respondents" }
                    }
                }
                tbody {
                    @for b in bars {
                        tr.flagged[b.flagged] {
                            th scope="row" { (b.label) }
                            td.bar-cell {
                                span.bar-figure {
                                    strong { (percent(b.share)) }
                                    @if let Some((lo, hi)) = b.interval {
                                        " " span.secondary.ci-text { "(" (percent(lo)) "–" (percent(hi)) ")" }
                                    }
                                }
                                (bar_svg(b.share, b.interval))
                            }
                            td.num { (b.detail) }
                        }
                    }
                }
            }
        }
    }
}

/// The bar itself: a filled rectangle to the share and a line with end marks over the interval.
pub fn bar_svg(share: f64, interval: Option<(f64, f64)>) -> Markup {
    html! {
        svg.bar width="100%" height="18" aria-hidden="true" focusable="false" {
            rect.bar-track x="0" y="3" width="100%" height="12" {}
            rect.bar-fill x="0" y="3" width=(pct(share)) height="12" {}
            @if let Some((lo, hi)) = interval {
                line.bar-ci x1=(pct(lo)) x2=(pct(hi)) y1="9" y2="9" {}
                line.bar-ci x1=(pct(lo)) x2=(pct(lo)) y1="2" y2="16" {}
                line.bar-ci x1=(pct(hi)) x2=(pct(hi)) y1="2" y2="16" {}
            }
        }
    }
}

/// One cell of a shaded table: the share and its base.
pub struct Cell {
    /// The share, 0..1, or `None` when nobody is in the base.
    pub share: Option<f64>,
    /// "27 of 167".
    pub detail: String,
}

/// A table of shares, rows by columns, each cell shaded by its share (ten steps of a light
/// blue on which black text keeps a contrast above 4.5:1) and showing its percent, its base and
/// a bar of its share.
pub fn shaded_table(
    caption: &str,
    corner: &str,
    columns: &[String],
    rows: &[(Markup, Vec<Cell>)],
) -> Markup {
    html! {
        div.table-scroll role="region" aria-label=(caption) tabindex="0" {
            table.table.shaded {
                caption.table-caption { (caption) }
                thead {
                    tr {
                        th scope="col" { (corner) }
                        @for c in columns { th scope="col" class="num" { (c) } }
                    }
                }
                tbody {
                    @for (label, cells) in rows {
                        tr {
                            th scope="row" { (label) }
                            @for cell in cells {
                                @match cell.share {
                                    Some(s) => {
                                        td class=(format!("num shade-{}", ((s * 10.0).floor() as u32).min(9))) {
                                            strong { (percent(s)) }
                                            span.cell-detail { (cell.detail) }
                                            svg.cell-bar width="100%" height="6" aria-hidden="true" focusable="false" {
                                                rect.bar-fill x="0" y="0" width=(pct(s)) height="6" {}
                                            }
                                        }
                                    }
                                    None => { td.num { span.secondary { "–" } } }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// `text` with the byte spans of `marks` (sorted, not overlapping) wrapped in `<mark>`, each
/// with an optional title. Spans off character boundaries are left unmarked.
pub fn marked(text: &str, marks: &[(usize, usize, Option<String>)]) -> Markup {
    let mut parts: Vec<(String, Option<Option<String>>)> = Vec::new();
    let mut at = 0;
    for (start, end, title) in marks {
        if *start < at || start >= end {
            continue;
        }
        let (Some(before), Some(inside)) = (text.get(at..*start), text.get(*start..*end)) else {
            continue;
        };
        parts.push((before.to_string(), None));
        parts.push((inside.to_string(), Some(title.clone())));
        at = *end;
    }
    parts.push((text.get(at..).unwrap_or_default().to_string(), None));
    html! {
        @for (part, mark) in &parts {
            @match mark {
                None => (part),
                Some(title) => mark title=[title.as_deref()] { (part) },
            }
        }
    }
}

/// A coloured tag (GOV.UK tag) with the given modifier class.
pub fn tag(text: &str, kind: &str) -> Markup {
    html! { strong class=(format!("tag tag-{kind}")) { (text) } }
}

/// A number with thousands separators.
pub fn num(n: u64) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_escape_text_and_skip_bad_spans() {
        let text = "a <b> & \"c\" é";
        let m = marked(
            text,
            &[(2, 5, Some("x\"y".into())), (4, 6, None), (12, 13, None)],
        );
        assert_eq!(
            m.into_string(),
            "a <mark title=\"x&quot;y\">&lt;b&gt;</mark> &amp; &quot;c&quot; é"
        );
    }

    #[test]
    fn links_encode_values() {
        assert_eq!(
            href("/search", &[("q", "a b&c"), ("where", "Age=65+")]),
            "/search?q=a%20b%26c&where=Age%3D65%2B"
        );
        assert_eq!(num(1234567), "1,234,567");
        assert_eq!(num(12), "12");
    }
}
