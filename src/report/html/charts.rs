//! The charts of the HTML report, as inline SVG: the bars of the themes by share and the heat
//! map of the themes by group. Each is labelled for screen readers; its figures are also in a
//! table beside it.

use super::esc;
use crate::report::num;
use crate::summary::{AttributeBreakdown, CodeSummary, Summary};
use std::fmt::Write;

/// Okabe-Ito colours: distinguishable with the common forms of colour blindness.
const PALETTE: [&str; 7] = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
];

fn colour(i: usize) -> &'static str {
    PALETTE[i % PALETTE.len()]
}

/// Bar chart geometry: width, label and bar heights, one row, one group heading.
const BAR_CHART_W: f64 = 420.0;
const LABEL_H: f64 = 18.0;
const BAR_H: f64 = 14.0;
const ROW: f64 = LABEL_H + BAR_H + 10.0;
const GROUP_H: f64 = 30.0;

/// Horizontal bars of overall shares, themes grouped under each priority they link to.
pub(super) fn bar_chart(h: &mut String, s: &Summary) {
    let groups: Vec<(usize, &CodeSummary, Vec<&CodeSummary>)> = s
        .priorities
        .iter()
        .enumerate()
        .map(|(i, p)| {
            (
                i,
                p,
                s.themes
                    .iter()
                    .filter(|t| t.links.contains(&p.id))
                    .collect(),
            )
        })
        .collect();
    let unlinked: Vec<&CodeSummary> = s
        .themes
        .iter()
        .filter(|t| !s.priorities.iter().any(|p| t.links.contains(&p.id)))
        .collect();
    let rows: usize = groups.iter().map(|g| g.2.len()).sum::<usize>() + unlinked.len();
    let height = rows as f64 * ROW
        + (groups.len() + usize::from(!unlinked.is_empty())) as f64 * GROUP_H
        + 10.0;
    let label = "Bar chart: share of respondents raising each theme, grouped by priority. The same figures are in the table below.";
    let _ = writeln!(
        h,
        "<figure id=\"themes-chart\"><div class=\"chart-scroll\"><svg viewBox=\"0 0 {BAR_CHART_W} {height}\" width=\"{BAR_CHART_W}\" role=\"img\" aria-label=\"{}\"><title>{}</title>",
        esc(label),
        esc(label)
    );
    let mut y = 0.0;
    for (i, p, themes) in &groups {
        bar_group(
            h,
            &mut y,
            format!("{} {} ({}%)", p.id, p.name, p.overall.percent),
            colour(*i),
            themes,
        );
    }
    if !unlinked.is_empty() {
        bar_group(
            h,
            &mut y,
            "Not linked to a priority".to_string(),
            "#555555",
            &unlinked,
        );
    }
    let _ = writeln!(
        h,
        "</svg></div>\n<figcaption>Respondents raising each theme (number and share), out of the {} respondents who answered any open question. A theme linked to two priorities appears under both.</figcaption></figure>",
        num(s.overview.respondents_answering)
    );
}

/// One priority's themes in the bar chart, under its heading, from height `y` down.
fn bar_group(h: &mut String, y: &mut f64, heading: String, c: &str, themes: &[&CodeSummary]) {
    *y += GROUP_H;
    let _ = writeln!(
        h,
        "<text x=\"0\" y=\"{:.1}\" font-size=\"14\" font-weight=\"700\">{}</text>",
        *y - 10.0,
        esc(&heading)
    );
    for t in themes {
        let _ = writeln!(
            h,
            "<text x=\"0\" y=\"{:.1}\" font-size=\"13\">{}</text>",
            *y + LABEL_H - 5.0,
            esc(&format!("{} {}", t.id, t.name))
        );
        let bar_w = 300.0 * t.overall.share;
        let _ = writeln!(
            h,
            "<rect x=\"0\" y=\"{:.1}\" width=\"300\" height=\"{BAR_H}\" fill=\"#eeeeee\"/><rect x=\"0\" y=\"{:.1}\" width=\"{:.1}\" height=\"{BAR_H}\" fill=\"{c}\"/>\
             <text x=\"306\" y=\"{:.1}\" font-size=\"12\">{} ({}%)</text>",
            *y + LABEL_H,
            *y + LABEL_H,
            bar_w,
            *y + LABEL_H + BAR_H - 3.0,
            num(t.overall.raising),
            t.overall.percent
        );
        *y += ROW;
    }
}

/// Sequential blues; dark cells get white text.
fn heat(share: f64) -> (&'static str, &'static str) {
    const STEPS: [&str; 6] = [
        "#f7fbff", "#deebf7", "#9ecae1", "#4292c6", "#2171b5", "#08306b",
    ];
    let i = ((share * 5.0).round() as usize).min(5);
    (STEPS[i], if i >= 3 { "#ffffff" } else { "#1b1b1b" })
}

/// Heat map geometry: the labels' column, a cell, and the room above for the group labels.
const LEFT: f64 = 270.0;
const CELL_W: f64 = 64.0;
const CELL_H: f64 = 30.0;
const TOP: f64 = 120.0;

/// The heat map of one attribute (`ai`, named `attribute`): each theme's share in each group.
pub(super) fn heatmap(h: &mut String, s: &Summary, ai: usize, attribute: &str) {
    let rows: Vec<(&CodeSummary, &AttributeBreakdown)> = s
        .themes
        .iter()
        .filter_map(|t| t.by_attribute.get(ai).map(|a| (t, a)))
        .collect();
    let Some((_, first)) = rows.first() else {
        return;
    };
    // Column labels carry the group's size, so no share is read without its base.
    let cols: Vec<(String, bool)> = first
        .groups
        .iter()
        .map(|g| {
            (
                format!("{} ({})", shorten(&g.value, 20), num(g.count.answered)),
                g.value == crate::summary::NOT_GIVEN,
            )
        })
        .collect();
    // Room on the right for the last rotated column label.
    let width = LEFT + CELL_W * cols.len() as f64 + 130.0;
    let height = TOP + CELL_H * rows.len() as f64 + 10.0;
    let label = format!(
        "Heat map: share of each {attribute} group raising each theme; darker is a larger share. Figures are in the table below."
    );
    let _ = writeln!(
        h,
        "<figure><div class=\"chart-scroll\"><svg class=\"heat\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" role=\"img\" aria-label=\"{}\"><title>{}</title>",
        esc(&label),
        esc(&label)
    );
    for (ci, (c, _)) in cols.iter().enumerate() {
        let x = LEFT + CELL_W * ci as f64 + CELL_W / 2.0 - 4.0;
        let _ = writeln!(
            h,
            "<text x=\"{x:.1}\" y=\"{:.1}\" font-size=\"12\" transform=\"rotate(-40 {x:.1} {:.1})\">{}</text>",
            TOP - 8.0,
            TOP - 8.0,
            esc(c)
        );
    }
    for (ri, (t, a)) in rows.iter().enumerate() {
        heat_row(h, TOP + CELL_H * ri as f64, t, a, &cols);
    }
    let untested_note = if cols.iter().any(|c| c.1) {
        format!(
            " Respondents who did not say (“{}”, grey) are shown but not tested.",
            crate::summary::NOT_GIVEN
        )
    } else {
        String::new()
    };
    let _ = writeln!(
        h,
        "</svg></div>\n<figcaption>Share of respondents raising each theme in each group ({}); the number of respondents in each group is in brackets. Themes marked * show a marked difference between groups.{}</figcaption></figure>",
        esc(attribute),
        esc(&untested_note)
    );
}

/// One theme's row of the heat map at height `y`: its name (bold and starred when the groups
/// differ markedly) and one cell per group; `cols` says which groups are untested.
fn heat_row(
    h: &mut String,
    y: f64,
    t: &CodeSummary,
    a: &AttributeBreakdown,
    cols: &[(String, bool)],
) {
    let flagged = a.test.as_ref().is_some_and(|t| t.flagged);
    // Bold text is wider: cut it shorter so it never runs into the first cell.
    let name = shorten(
        &format!("{} {}", t.id, t.name),
        if flagged { 31 } else { 37 },
    );
    let _ = writeln!(
        h,
        "<text x=\"0\" y=\"{:.1}\" font-size=\"13\"{}>{}{}</text>",
        y + CELL_H / 2.0 + 4.0,
        if flagged { " font-weight=\"700\"" } else { "" },
        esc(&name),
        if flagged { " *" } else { "" }
    );
    for (ci, g) in a.groups.iter().enumerate() {
        let x = LEFT + CELL_W * ci as f64;
        let untested = cols.get(ci).is_some_and(|c| c.1);
        let (fill, ink) = if untested {
            ("#eeeeee", "#555555")
        } else {
            heat(g.count.share)
        };
        let _ = writeln!(
            h,
            "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{CELL_W}\" height=\"{CELL_H}\" fill=\"{fill}\" stroke=\"#ffffff\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" text-anchor=\"middle\" fill=\"{ink}\">{}%</text>",
            x + CELL_W / 2.0,
            y + CELL_H / 2.0 + 4.0,
            g.count.percent
        );
    }
}

/// Cuts a label to `max` characters with an ellipsis (full names are in the tables).
fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() > max {
        s.chars().take(max - 1).chain(['…']).collect()
    } else {
        s.to_string()
    }
}
