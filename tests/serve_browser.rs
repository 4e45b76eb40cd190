//! `hearken serve` and `report.html` in a real browser: headless Chromium (Debian's package,
//! installed by `tests/browser/install-chromium.sh`) driven over the DevTools protocol by the
//! `headless_chrome` crate. The real binary serves the output of `hearken run` on a fictional
//! consultation; the tests search, tick a facet, read a theme page, fill and export the quote
//! basket, walk in by keyboard, and check that nothing is wider than a 390 px phone screen.
//!
//! Chromium is found at `$HEARKEN_CHROMIUM`, else `/usr/bin/chromium`. Without it these tests
//! fail and say how to install it; `HEARKEN_SKIP_BROWSER=1` skips them explicitly (and says so).

mod serve_common;

use headless_chrome::protocol::cdp::Emulation;
use headless_chrome::{Browser, LaunchOptions, Tab};
use serve_common::{fixture_output, sample_output, serve, Served};
use std::ffi::OsStr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

fn chromium() -> Option<PathBuf> {
    if std::env::var_os("HEARKEN_SKIP_BROWSER").is_some_and(|v| v == "1") {
        eprintln!("HEARKEN_SKIP_BROWSER=1: the browser tests are skipped");
        return None;
    }
    let path = std::env::var_os("HEARKEN_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    assert!(
        path.is_file(),
        "no Chromium at {}: run tests/browser/install-chromium.sh (Debian's chromium package), \
         set HEARKEN_CHROMIUM to a Chromium binary, or set HEARKEN_SKIP_BROWSER=1 to skip these tests",
        path.display()
    );
    Some(path)
}

/// A headless Chromium with a fresh profile and a window of the given size, with the flags
/// that keep it from reaching out to the network at start.
struct Chromium {
    browser: Browser,
    size: (u32, u32),
    _profile: tempfile::TempDir,
}

fn launch(path: PathBuf, width: u32, height: u32) -> Chromium {
    let profile = tempfile::tempdir().expect("profile folder");
    let options = LaunchOptions {
        headless: true,
        sandbox: false,
        // Chromium keeps a window at least 500 px wide; narrower screens are emulated per tab.
        window_size: Some((width.max(500), height)),
        path: Some(path),
        user_data_dir: Some(profile.path().to_path_buf()),
        idle_browser_timeout: Duration::from_secs(300),
        args: [
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ]
        .iter()
        .map(OsStr::new)
        .collect(),
        ..LaunchOptions::default()
    };
    let browser = Browser::new(options).expect("start Chromium");
    Chromium {
        browser,
        size: (width, height),
        _profile: profile,
    }
}

/// A new tab whose viewport is the requested size (a phone's, for narrow sizes).
fn tab(c: &Chromium) -> Arc<Tab> {
    let tab = c.browser.new_tab().expect("new tab");
    tab.set_default_timeout(Duration::from_secs(30));
    let (width, height) = c.size;
    tab.call_method(Emulation::SetDeviceMetricsOverride {
        width,
        height,
        device_scale_factor: 1.0,
        mobile: width < 500,
        scale: None,
        screen_width: None,
        screen_height: None,
        position_x: None,
        position_y: None,
        dont_set_visible_size: None,
        screen_orientation: None,
        viewport: None,
        display_feature: None,
        device_posture: None,
    })
    .expect("set the viewport size");
    tab
}

/// The value of a JavaScript expression (a string, number or boolean; objects as JSON text).
fn js(tab: &Tab, expr: &str) -> serde_json::Value {
    let wrapped = format!("(async () => {{ const v = await ({expr}); return typeof v === 'object' ? JSON.stringify(v) : v; }})()");
    tab.evaluate(&wrapped, true)
        .unwrap_or_else(|e| panic!("evaluate {expr}: {e}"))
        .value
        .unwrap_or(serde_json::Value::Null)
}

fn js_str(tab: &Tab, expr: &str) -> String {
    match js(tab, expr) {
        serde_json::Value::String(s) => s,
        other => other.to_string(),
    }
}

/// Waits until `condition` (a JavaScript expression) is true; panics with `what` after 20 s.
fn wait_until(tab: &Tab, condition: &str, what: &str) {
    let start = Instant::now();
    loop {
        if js(tab, condition) == serde_json::Value::Bool(true) {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "timed out waiting for {what} ({condition})"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn open(tab: &Tab, url: &str) {
    tab.navigate_to(url).expect("navigate");
    tab.wait_until_navigated().expect("page load");
    wait_until(tab, "document.readyState === 'complete'", url);
}

/// The page is no wider than the window: nothing makes it scroll sideways.
fn assert_fits(tab: &Tab, what: &str) {
    let fits = js(
        tab,
        "document.documentElement.scrollWidth <= window.innerWidth",
    );
    if fits != serde_json::Value::Bool(true) {
        let culprits = js_str(
            tab,
            "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5 && !e.closest('.table-scroll, .table-wrap, .chart-scroll')).slice(0, 8).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join('; ')",
        );
        panic!(
            "{what}: the page is {} px wide in a {} px window; too wide: {culprits}",
            js_str(tab, "document.documentElement.scrollWidth"),
            js_str(tab, "window.innerWidth")
        );
    }
}

#[test]
fn workbench_search_facets_theme_basket_and_keyboard() {
    let Some(path) = chromium() else { return };
    let (_tmp, out) = fixture_output();
    let served = serve(&out, &[]);
    let chrome = launch(path, 1280, 900);
    let tab = tab(&chrome);
    // One browser session, step by step: the basket filled on the search page is the one
    // exported at the end.
    keyboard_and_landmarks(&tab, &served);
    live_search(&tab, &served);
    facets_narrow_and_combine(&tab);
    quote_from_search_results(&tab);
    theme_page(&tab, &served);
    basket_shows_only_publishable_quotes(&tab, &served);
    basket_exports_and_removes(&tab);
}

/// The overview by keyboard: skip link, focus colour, landmarks, charts hidden from screen
/// readers.
fn keyboard_and_landmarks(tab: &Tab, served: &Served) {
    // Keyboard first: the skip link is the first stop, shows the focus colour and leads to
    // the main content. The stylesheet and script load under the Content-Security-Policy.
    open(tab, &served.url("/"));
    assert_eq!(
        js_str(
            tab,
            "getComputedStyle(document.querySelector('.header')).backgroundColor"
        ),
        "rgb(11, 12, 12)",
        "the stylesheet applies"
    );
    tab.press_key("Tab").expect("tab");
    assert_eq!(js_str(tab, "document.activeElement.className"), "skip-link");
    assert_eq!(
        js_str(
            tab,
            "getComputedStyle(document.activeElement).backgroundColor"
        ),
        "rgb(255, 221, 0)",
        "focus is shown in the GOV.UK focus colour"
    );
    tab.press_key("Enter").expect("enter");
    wait_until(tab, "document.activeElement.id === 'main'", "focus on main");
    // Landmarks, one h1, every chart hidden from screen readers (its figures are in the table).
    assert_eq!(
        js_str(tab, "['header','nav','main','footer'].map(t => document.querySelectorAll(t).length).join(',') + ' ' + document.querySelectorAll('h1').length"),
        "1,1,1,1 1"
    );
    assert_eq!(
        js_str(
            tab,
            "document.querySelectorAll('svg:not([aria-hidden=true])').length"
        ),
        "0"
    );
    assert!(js_str(tab, "document.querySelector('main').innerText")
        .contains("Support for unpaid carers"));
}

/// Typing a query updates the results live, with its words marked; only publishable answers
/// can go in the basket.
fn live_search(tab: &Tab, served: &Served) {
    // Search: typing updates the results live, with the query's words marked.
    open(tab, &served.url("/search"));
    tab.wait_for_element("#q")
        .expect("query box")
        .click()
        .expect("click");
    tab.type_str("carer").expect("type");
    wait_until(
        tab,
        "(document.querySelector('[data-results-count]') || {}).textContent?.startsWith('8 answers match')",
        "8 results for carer",
    );
    assert_eq!(
        js_str(tab, "document.querySelectorAll('.result').length"),
        "8"
    );
    let marks = js_str(
        tab,
        "[...document.querySelectorAll('.result mark')].map(m => m.textContent.toLowerCase())",
    );
    assert!(marks.contains("carer"), "{marks}");
    assert_eq!(js_str(tab, "location.search"), "?q=carer");
    assert!(
        js_str(tab, "document.getElementById('search-status').textContent")
            .starts_with("8 answers match")
    );
    // Answers from respondents who did not agree have no basket button.
    assert_eq!(
        js_str(tab, "[...document.querySelectorAll('.result')].filter(r => r.textContent.includes('not for quotation') && r.querySelector('[data-basket-add]')).length"),
        "0"
    );
    assert_eq!(
        js_str(
            tab,
            "document.querySelectorAll('.result [data-basket-add]').length"
        ),
        "5"
    );
}

/// Ticking facets narrows the results and records the filters in the address; a filtered
/// facet still counts its other values.
fn facets_narrow_and_combine(tab: &Tab) {
    // A facet: ticking Locality = Hamilton narrows to its 4 answers; the Locality counts
    // still show the other places, and the address records the filter.
    let hamilton = "input[name=where][value='Locality=Hamilton']";
    tab.wait_for_element(hamilton)
        .expect("Hamilton facet")
        .click()
        .expect("tick");
    wait_until(
        tab,
        "(document.querySelector('[data-results-count]') || {}).textContent?.startsWith('4 answers match')",
        "4 results in Hamilton",
    );
    assert_eq!(
        js(
            tab,
            &format!("document.querySelector(\"{hamilton}\").checked")
        ),
        serde_json::Value::Bool(true)
    );
    assert!(js_str(tab, "location.search").contains("where=Locality%3DHamilton"));
    let clydesdale = js_str(tab, "document.querySelector(\"label[for=\" + document.querySelector(\"input[value='Locality=Clydesdale']\").id + \"]\").textContent");
    assert!(clydesdale.contains("(3)"), "{clydesdale}");
    // Facets combine: respondent type too, then a theme (which the basket will file quotes
    // under).
    js(tab, "document.querySelector(\"input[value='Which of these best describes you?=Unpaid carer']\").click()");
    wait_until(
        tab,
        "(document.querySelector('[data-results-count]') || {}).textContent?.startsWith('3 answers match')",
        "3 results from unpaid carers in Hamilton",
    );
    js(
        tab,
        "document.querySelector('input[name=theme][value=T10]').click()",
    );
    wait_until(
        tab,
        "location.search.includes('theme=T10') && document.querySelector('button[data-basket-add][data-id=R01][data-question=Q1]')?.dataset.theme === 'T10'",
        "results read for T10",
    );
    assert!(js_str(
        tab,
        "document.querySelector('[data-results-count]').textContent"
    )
    .starts_with("3 answers match"));
}

/// An answer put in the basket from the search results is filed under the chosen theme.
fn quote_from_search_results(tab: &Tab) {
    // Put R01's first answer in the basket, collected for the theme T10.
    let r01 = "button[data-basket-add][data-id=R01][data-question=Q1]";
    tab.wait_for_element(r01)
        .expect("R01 button")
        .click()
        .expect("add");
    wait_until(
        tab,
        &format!("document.querySelector('{r01}').getAttribute('aria-pressed') === 'true'"),
        "R01 in the basket",
    );
    assert_eq!(
        js_str(
            tab,
            "document.querySelector('[data-basket-count]').textContent"
        ),
        "1"
    );
    assert_eq!(
        js_str(
            tab,
            &format!("document.querySelector('{r01}').dataset.theme")
        ),
        "T10"
    );
}

/// The theme page, reached from the overview: entries, charts, quotes without personal data.
fn theme_page(tab: &Tab, served: &Served) {
    // The theme page, reached from the overview.
    open(tab, &served.url("/"));
    tab.wait_for_element("a[href='/theme/T10']")
        .expect("theme link")
        .click()
        .expect("follow");
    wait_until(
        tab,
        "location.pathname === '/theme/T10' && document.readyState === 'complete'",
        "the theme page",
    );
    assert_eq!(
        js_str(tab, "document.querySelector('h1').textContent"),
        "Support for unpaid carers"
    );
    let entries = js_str(tab, "[...document.querySelectorAll('#entries ~ .table-scroll tbody tr')].map(r => r.innerText.replace(/\\s+/g, ' ')).join(' | ')");
    assert!(entries.contains("respite 3"), "entries: {entries}");
    assert!(
        js_str(
            tab,
            "document.querySelectorAll('svg.bar rect.bar-fill').length"
        )
        .parse::<u32>()
        .unwrap()
            >= 3
    );
    let quotes = js_str(
        tab,
        "[...document.querySelectorAll('blockquote.quote')].map(q => q.innerText).join(' | ')",
    );
    assert!(
        !quotes.is_empty() && !quotes.contains("960118"),
        "quotes: {quotes}"
    );
    assert!(js_str(tab, "document.querySelector('main').innerText")
        .contains("Support for unpaid carers by Locality"));
}

/// A second quote from a response page, and one slipped in by hand that may not be quoted:
/// the basket shows the redacted quotes and refuses the other.
fn basket_shows_only_publishable_quotes(tab: &Tab, served: &Served) {
    // The basket: R05 from its response page, and a reference to R02 (who did not agree)
    // slipped into storage by hand, as a tampered browser might.
    open(tab, &served.url("/response?id=R05"));
    tab.wait_for_element("button[data-basket-add][data-question=Q1]")
        .expect("R05 button")
        .click()
        .expect("add");
    wait_until(
        tab,
        "document.querySelector('[data-basket-count]').textContent === '2'",
        "two in the basket",
    );
    js(tab, "(() => { const k = 'hearken-basket:' + document.body.dataset.dataset; const items = JSON.parse(localStorage.getItem(k)); items.push('Q1::R02'); localStorage.setItem(k, JSON.stringify(items)); return true; })()");
    open(tab, &served.url("/basket"));
    wait_until(
        tab,
        "document.getElementById('basket-items').dataset.loaded === 'true'",
        "the basket",
    );
    let shown = js_str(tab, "document.getElementById('basket-items').innerText");
    assert!(shown.contains("2 quotes"), "{shown}");
    assert!(
        shown.contains("[phone]") && shown.contains("[email]"),
        "{shown}"
    );
    assert!(
        !shown.contains("960118") && !shown.contains("jean.smith"),
        "{shown}"
    );
    assert!(
        shown.contains("cannot be exported") && !shown.contains("my husband"),
        "{shown}"
    );
}

/// The basket exports as Markdown and CSV; a removed quote leaves both.
fn basket_exports_and_removes(tab: &Tab) {
    // Export as the form would send it, Markdown then CSV.
    let export = "(async () => { const f = document.querySelector('[data-basket-export]'); const r = await fetch(f.action, { method: 'POST', body: new URLSearchParams(new FormData(f)) }); return r.status + '\\n' + r.headers.get('content-disposition') + '\\n' + await r.text(); })()";
    let md = js_str(tab, export);
    assert!(
        md.starts_with("200\nattachment; filename=\"hearken-quotes.md\""),
        "{md}"
    );
    assert!(md.contains("## T10 Support for unpaid carers"), "{md}");
    assert!(
        md.contains("respondent R01") && md.contains("respondent R05"),
        "{md}"
    );
    assert!(
        md.contains("\\[phone\\]") && !md.contains("960118") && !md.contains("jean.smith"),
        "{md}"
    );
    assert!(
        !md.contains("R02") || md.contains("1 marked answers were left out"),
        "{md}"
    );
    assert!(!md.contains("my husband"), "{md}");
    js(tab, "document.getElementById('format-csv').click()");
    let csv = js_str(tab, export);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[1], "attachment; filename=\"hearken-quotes.csv\"");
    assert_eq!(
        lines[2].trim_start_matches('\u{feff}'),
        "id,question,theme,theme_name,text"
    );
    assert_eq!(lines.len(), 5, "{csv}");
    assert!(
        lines[3].starts_with("R01,Q1,T10,") && lines[3].contains("[phone]"),
        "{csv}"
    );
    assert!(
        lines[4].starts_with("R05,Q1,") && lines[4].contains("[email]"),
        "{csv}"
    );
    // Removing a quote takes it out of the basket and of the export.
    js(
        tab,
        "document.querySelector('[data-basket-remove^=\"Q1:T10:R01\"]').click()",
    );
    wait_until(tab, "document.querySelector('[data-basket-count]').textContent === '2' && !document.getElementById('basket-items').innerText.includes('[phone]')", "R01 removed");
    assert!(!js_str(tab, export).contains("R01"));
}

#[test]
fn pages_fit_a_phone_screen() {
    let Some(path) = chromium() else { return };
    let (_tmp, out) = fixture_output();
    let served = serve(&out, &[]);
    let chrome = launch(path, 390, 844);
    let tab = tab(&chrome);
    open(&tab, &served.url("/"));
    assert_eq!(js_str(&tab, "window.innerWidth"), "390");
    for page in [
        "/",
        "/search?q=carer&where=Locality%3DHamilton",
        "/theme/T10",
        "/response?id=R01",
        "/basket",
        "/search?q=%22unclosed",
    ] {
        open(&tab, &served.url(page));
        assert_fits(&tab, page);
    }
}

#[test]
fn static_report_reads_findings_first_and_fits_phone_and_desktop() {
    let Some(path) = chromium() else { return };
    // The fixture, and the sample survey: long file and group names, 650 respondents.
    let (_fixture, fixture) = fixture_output();
    let (_sample, sample) = sample_output();
    for out in [fixture, sample] {
        check_report(
            &path,
            &format!("file://{}", out.join("report.html").display()),
        );
    }
}

fn check_report(path: &std::path::Path, report: &str) {
    for (width, height) in [(390, 844), (1280, 900)] {
        let chrome = launch(path.to_path_buf(), width, height);
        let tab = tab(&chrome);
        open(&tab, report);
        assert_eq!(js_str(&tab, "window.innerWidth"), width.to_string());
        assert_fits(&tab, &format!("report.html at {width} px"));
        // The headline figures and the themes chart start on the first screen; method and
        // accounting come after the results.
        let top = |sel: &str| {
            js_str(
                &tab,
                &format!("document.querySelector('{sel}').getBoundingClientRect().top"),
            )
            .parse::<f64>()
            .unwrap_or_else(|_| panic!("no {sel} in report.html"))
        };
        assert!(
            top("#headline") < height as f64,
            "headline figures below the first screen at {width} px"
        );
        if width >= 1280 {
            assert!(
                top("#themes-chart") < height as f64,
                "themes chart below the first screen at {width} px"
            );
        }
        assert!(
            top("#themes-chart") < top("#reading"),
            "the chart comes before the method"
        );
        assert!(top("#reading") > top("#quotes"), "method after the results");
        assert!(
            top("#overview") > top("#quotes"),
            "accounting after the results"
        );
        // Every table is readable: it fits, or scrolls inside its own container.
        let wide = js_str(&tab, "[...document.querySelectorAll('table')].filter(t => t.getBoundingClientRect().width > window.innerWidth && !t.closest('.table-wrap')).length");
        assert_eq!(
            wide, "0",
            "tables wider than the screen outside a scroll container at {width} px"
        );
        // Tables of up to five columns (rows read, counts per theme...) fit without scrolling;
        // only the cross-tables (themes by every group) scroll inside their container.
        let scrolling = js_str(&tab, "[...document.querySelectorAll('table')].filter(t => !t.closest('.cross') && t.rows[0].cells.length <= 5 && t.scrollWidth > t.parentElement.clientWidth + 1).map(t => t.caption ? t.caption.textContent : '(no caption)').join('; ')");
        assert_eq!(scrolling, "", "narrow tables that do not fit at {width} px");
    }
}
