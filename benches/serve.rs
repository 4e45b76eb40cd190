//! Latency of the workbench's search endpoint: the handler behind `GET /search/results` (the
//! request the search page sends as the user types), which parses and checks the parameters,
//! searches, counts every facet (theme, priority, question, each attribute column, with the
//! counts of a filtered facet taken without its own filter) and renders the results as HTML.
//!
//! `HEARKEN_BENCH_OUT=DIR` benchmarks the output folder of a `hearken run` (for the figure in
//! the README, the 1,000,000-answer one; see `benches/README.md`); without it, the bundled
//! sample survey is run into a temporary folder first. A fixed set of requests (words,
//! stemmed words, phrases, boolean queries, every kind of filter alone and combined, sorting
//! by id, quotable-only, deeper pages, no query at all) is timed request by request over
//! several rounds; median, p99 and the slowest are printed, and criterion measures the whole set
//! as one routine.

use criterion::{criterion_group, criterion_main, Criterion};
use hearken::index::Manifest;
use hearken::serve::Workbench;
use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Rounds over the request set for the percentiles.
const ROUNDS: usize = 5;

fn output_dir() -> (PathBuf, Option<tempfile::TempDir>) {
    if let Some(dir) = std::env::var_os("HEARKEN_BENCH_OUT") {
        return (PathBuf::from(dir), None);
    }
    let tmp = tempfile::tempdir().expect("temporary folder");
    let out = tmp.path().join("out");
    let root = env!("CARGO_MANIFEST_DIR");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_hearken"))
        .args(["run", "--quiet", "--out"])
        .arg(&out)
        .arg(format!(
            "{root}/sample-data/south-lanarkshire-engagement-2026.csv"
        ))
        .status()
        .expect("hearken run");
    assert!(status.success(), "hearken run failed");
    (out, Some(tmp))
}

/// Percent-encodes a query-string value, keeping the unreserved characters.
fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect::<String>()
}

/// The query texts: words, stemmed words, phrases and boolean queries.
const WORDS: [&str; 20] = [
    "carer",
    "caring",
    "appointment",
    "waiting",
    "lonely",
    "transport",
    "respite",
    "gp",
    "phone",
    "hospital",
    "\"short break\"",
    "\"day centre\"",
    "\"mental health\"",
    "gp AND phone",
    "appointment AND NOT dentist",
    "(bus OR transport) AND rural",
    "carer -paid",
    "staff kind",
    "money",
    "home care package",
];

/// The request set: query strings for `/search/results`, built from the index's own columns.
fn requests(wb: &Workbench) -> Vec<String> {
    let m = wb.index.manifest();
    let mut out = Vec::new();
    for w in WORDS {
        out.push(format!("q={}", enc(w)));
    }
    out.push(String::new());
    out.push("quotable=1".into());
    out.push("sort=id".into());
    out.push("page=3".into());
    out.push("q=carer&page=5".into());
    out.extend(code_requests(m));
    out.extend(attribute_requests(wb));
    if let (Some(t), Some(p), Some(q)) = (
        m.frame.themes.get(9),
        m.frame.priorities.first(),
        m.questions.first(),
    ) {
        out.push(format!(
            "q=help&theme={}&priority={}&question={}&sort=id&page=2",
            enc(&t.id),
            enc(&p.id),
            enc(&q.id)
        ));
    }
    out
}

/// Each theme, priority and question as a filter, alone and with query text.
fn code_requests(m: &Manifest) -> Vec<String> {
    let mut out = Vec::new();
    for (i, t) in m.frame.themes.iter().enumerate() {
        out.push(format!("theme={}", enc(&t.id)));
        out.push(format!(
            "q={}&theme={}",
            enc(WORDS[i % WORDS.len()]),
            enc(&t.id)
        ));
    }
    for p in &m.frame.priorities {
        out.push(format!("priority={}", enc(&p.id)));
        out.push(format!("q=support&priority={}&sort=id", enc(&p.id)));
    }
    for q in &m.questions {
        out.push(format!("question={}", enc(&q.id)));
        out.push(format!("q=waiting&question={}&quotable=1", enc(&q.id)));
    }
    out
}

/// Each attribute column with its most frequent values, alone and with other filters.
fn attribute_requests(wb: &Workbench) -> Vec<String> {
    let m = wb.index.manifest();
    let facets = wb
        .index
        .facets(&hearken::index::SearchRequest::default())
        .expect("facets");
    let mut out = Vec::new();
    for (column, values) in &facets.attributes {
        for v in values.iter().take(2) {
            let w = enc(&format!("{column}={}", v.value));
            out.push(format!("where={w}"));
            out.push(format!("q=care&where={w}"));
            if let (Some(t1), Some(t2)) = (m.frame.themes.first(), m.frame.themes.get(6)) {
                out.push(format!(
                    "where={w}&theme={}&theme={}&quotable=1",
                    enc(&t1.id),
                    enc(&t2.id)
                ));
            }
        }
    }
    out
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i]
}

fn bench(c: &mut Criterion) {
    let (dir, _keep) = output_dir();
    let started = Instant::now();
    let wb = Workbench::open(&dir, Vec::new()).expect("open the output folder");
    eprintln!(
        "serve: opened {} ({} answers) in {:.2} s",
        dir.display(),
        wb.index.manifest().documents,
        started.elapsed().as_secs_f64()
    );
    let set = requests(&wb);
    // Every request must succeed: a bench of error pages would measure nothing useful.
    for q in &set {
        let reply = hearken::serve::get(&wb, "/search/results", q);
        assert_eq!(
            reply.status,
            200,
            "/search/results?{q}: {}",
            String::from_utf8_lossy(&reply.body)
        );
    }
    let mut times: Vec<(Duration, &str)> = Vec::with_capacity(set.len() * ROUNDS);
    for _ in 0..ROUNDS {
        for q in &set {
            let t = Instant::now();
            let reply = hearken::serve::get(&wb, "/search/results", q);
            black_box(&reply.body);
            times.push((t.elapsed(), q));
        }
    }
    let mut sorted: Vec<Duration> = times.iter().map(|(d, _)| *d).collect();
    sorted.sort();
    let slowest = times.iter().max_by_key(|(d, _)| *d).map_or("", |(_, q)| q);
    eprintln!(
        "serve: /search/results over {} requests ({} distinct x {ROUNDS}): median {:.2} ms, p99 {:.2} ms, max {:.2} ms (slowest: ?{slowest})",
        sorted.len(),
        set.len(),
        percentile(&sorted, 0.5).as_secs_f64() * 1e3,
        percentile(&sorted, 0.99).as_secs_f64() * 1e3,
        sorted.last().map_or(0.0, |d| d.as_secs_f64() * 1e3),
    );
    let mut group = c.benchmark_group("serve");
    group.sample_size(10);
    group.bench_function("search_results_set", |b| {
        b.iter(|| {
            for q in &set {
                black_box(hearken::serve::get(&wb, "/search/results", q));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
