//! Index build throughput and query latency on 100,000 synthetic answers.
//!
//! The build is timed once (responses/s and MB/s of answer text) because one build takes
//! seconds. Query latency is measured over a fixed set of 20 searches (words, phrases, boolean,
//! filters, sorting, counts): median and p99 are computed from per-query timings collected here
//! and printed, and criterion measures the whole set as one routine.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use hearken::index::{
    self, IndexBuilder, IndexLayout, SearchIndex, SearchRequest, Sort, DEFAULT_MEMORY_BUDGET,
};
use hearken::model::{
    CodeFrame, Coding, Consent, Priority, Question, Respondent, Theme, ThemeScore,
};
use hearken::provenance::Provenance;
use std::hint::black_box;
use std::time::{Duration, Instant};

const RESPONSES: usize = 100_000;

/// A small deterministic generator (xorshift), so every run indexes the same text.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const WORDS: &[&str] = &[
    "the",
    "a",
    "and",
    "to",
    "of",
    "my",
    "for",
    "is",
    "was",
    "it",
    "we",
    "they",
    "have",
    "not",
    "with",
    "when",
    "about",
    "more",
    "could",
    "would",
    "should",
    "really",
    "very",
    "always",
    "never",
    "often",
    "time",
    "week",
    "month",
    "year",
    "people",
    "family",
    "mother",
    "father",
    "husband",
    "wife",
    "son",
    "daughter",
    "neighbour",
    "friend",
    "local",
    "area",
    "town",
    "village",
    "service",
    "services",
    "help",
    "support",
    "change",
    "better",
    "worse",
    "easier",
    "harder",
    "waiting",
    "wait",
    "long",
    "short",
    "need",
    "needs",
    "want",
    "felt",
    "feel",
    "think",
    "know",
    "told",
    "asked",
    "answer",
    "letter",
    "form",
    "online",
    "computer",
    "phone",
    "call",
    "bus",
    "car",
    "road",
    "distance",
    "money",
    "cost",
    "bills",
    "heating",
    "food",
    "garden",
    "stairs",
    "kitchen",
    "bathroom",
    "walk",
    "walking",
    "exercise",
    "health",
    "care",
    "social",
    "council",
    "centre",
    "office",
    "visit",
    "visits",
    "morning",
    "evening",
    "night",
    "weekend",
];

/// Words that carry each theme, mixed into the answers that are coded with it.
const THEMES: &[(&str, &[&str])] = &[
    ("T01", &["screening", "healthy", "prevention", "diabetes"]),
    ("T02", &["poverty", "benefits", "afford", "deprivation"]),
    ("T03", &["lonely", "isolated", "community", "group"]),
    (
        "T04",
        &["adaptations", "housing", "telecare", "independent"],
    ),
    (
        "T05",
        &["anxiety", "depression", "counselling", "wellbeing"],
    ),
    ("T06", &["alcohol", "drugs", "recovery", "addiction"]),
    ("T07", &["gp", "appointment", "receptionist", "pharmacy"]),
    ("T08", &["hospital", "ambulance", "discharge", "emergency"]),
    ("T09", &["carers", "package", "reablement", "assessment"]),
    ("T10", &["respite", "unpaid", "caring", "break"]),
    ("T11", &["staff", "shortages", "recruitment", "continuity"]),
    (
        "T12",
        &["information", "transport", "listened", "accessible"],
    ),
];

const PLACES: &[&str] = &[
    "Hamilton",
    "Wishaw",
    "Clydesdale",
    "East Kilbride",
    "Motherwell",
    "Airdrie",
];
const AGES: &[&str] = &["Under 25", "25-44", "45-64", "65-74", "75 or over"];

fn frame() -> CodeFrame {
    CodeFrame {
        priorities: (1..=3)
            .map(|i| Priority {
                id: format!("P{i}"),
                name: format!("Priority {i}"),
                description: String::new(),
            })
            .collect(),
        themes: THEMES
            .iter()
            .enumerate()
            .map(|(i, (id, _))| Theme {
                id: id.to_string(),
                name: format!("Theme {id}"),
                description: String::new(),
                priorities: vec![format!("P{}", i % 3 + 1)],
            })
            .collect(),
    }
}

fn generate() -> Vec<(Respondent, Vec<Coding>)> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut out = Vec::with_capacity(RESPONSES);
    for seq in 0..RESPONSES {
        let mut themes: Vec<usize> = (0..rng.below(3)).map(|_| rng.below(THEMES.len())).collect();
        themes.sort_unstable();
        themes.dedup();
        let len = 8 + rng.below(40);
        let mut text = String::new();
        for i in 0..len {
            let word = if !themes.is_empty() && rng.below(6) == 0 {
                let (_, words) = THEMES[themes[rng.below(themes.len())]];
                words[rng.below(words.len())]
            } else {
                WORDS[rng.below(WORDS.len())]
            };
            if i > 0 {
                text.push(' ');
            }
            text.push_str(word);
            if rng.below(12) == 0 {
                text.push('.');
            }
        }
        text.push('.');
        // Theme `t` links priority P{t % 3 + 1}, the frame's priority `t % 3`.
        let mut priorities: Vec<u16> = themes.iter().map(|t| (t % 3) as u16).collect();
        priorities.sort();
        priorities.dedup();
        let coding = Coding {
            respondent: seq as u32,
            question: 0,
            themes: themes
                .iter()
                .map(|&t| ThemeScore {
                    theme: t as u16,
                    score: 1.0,
                })
                .collect(),
            priorities,
            evidence: Vec::new(),
            revisions: Vec::new(),
        };
        let consent = [
            Consent::WithName,
            Consent::Anonymous,
            Consent::DoNotPublish,
            Consent::Unknown,
        ][rng.below(4)];
        let r = Respondent {
            seq: seq as u32,
            row: seq as u64 + 2,
            id: format!("R{seq:06}"),
            attributes: vec![
                PLACES[rng.below(PLACES.len())].to_string(),
                AGES[rng.below(AGES.len())].to_string(),
            ],
            consent,
            answers: vec![Some(text)],
        };
        out.push((r, vec![coding]));
    }
    out
}

fn queries() -> Vec<(&'static str, SearchRequest, Option<&'static str>)> {
    let q = |query: &str| SearchRequest {
        query: query.to_string(),
        ..SearchRequest::default()
    };
    let with = |query: &str, f: &dyn Fn(&mut SearchRequest)| {
        let mut r = q(query);
        f(&mut r);
        r
    };
    vec![
        ("word", q("respite"), None),
        ("common word", q("the"), None),
        ("stemmed word", q("visiting"), None),
        ("two words", q("gp appointment"), None),
        ("phrase", q("\"waiting time\""), None),
        ("long phrase", q("\"the service was\""), None),
        ("or", q("lonely OR isolated OR community"), None),
        ("and not", q("hospital AND NOT discharge"), None),
        (
            "nested",
            q("(anxiety OR depression) AND (gp OR counselling)"),
            None,
        ),
        ("field term", q("theme:/T07 AND phone"), None),
        (
            "theme filter",
            with("waiting", &|r| r.themes = vec!["T08".into()]),
            None,
        ),
        (
            "priority filter",
            with("support", &|r| r.priorities = vec!["P2".into()]),
            None,
        ),
        (
            "where filter",
            with("bus", &|r| {
                r.filters = vec![("locality".into(), "Hamilton".into())]
            }),
            None,
        ),
        (
            "two filters",
            with("help", &|r| {
                r.filters = vec![
                    ("locality".into(), "East Kilbride".into()),
                    ("age group".into(), "65-74".into()),
                ]
            }),
            None,
        ),
        (
            "publishable",
            with("carers", &|r| r.publishable_only = true),
            None,
        ),
        (
            "filters only",
            with("", &|r| r.themes = vec!["T10".into()]),
            None,
        ),
        ("sort by id", with("money", &|r| r.sort = Sort::Id), None),
        ("deep page", with("care", &|r| r.offset = 500), None),
        ("count", q("transport"), Some("")),
        ("count by column", q("staff"), Some("locality")),
    ]
}

fn run_query(index: &SearchIndex, req: &SearchRequest, count: Option<&str>) -> u64 {
    match count {
        None => index.search(req).map(|r| r.total).unwrap_or(0),
        Some("") => index.count(req, None).map(|c| c.total).unwrap_or(0),
        Some(by) => index.count(req, Some(by)).map(|c| c.total).unwrap_or(0),
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// Times the fixed query set on `index`: per-query medians, then the median and p99 over all.
fn latency(index: &SearchIndex) {
    let set = queries();
    // Warm the caches once, then time every query many times.
    for (_, req, count) in &set {
        black_box(run_query(index, req, *count));
    }
    let rounds = 30;
    let mut all = Vec::with_capacity(set.len() * rounds);
    for (name, req, count) in &set {
        let mut times = Vec::with_capacity(rounds);
        let mut total = 0;
        for _ in 0..rounds {
            let t = Instant::now();
            total = black_box(run_query(index, req, *count));
            times.push(t.elapsed());
        }
        times.sort();
        println!(
            "  {name:<16} {total:>7} hits  median {:>8.3} ms  max {:>8.3} ms",
            percentile(&times, 0.5).as_secs_f64() * 1e3,
            times[times.len() - 1].as_secs_f64() * 1e3
        );
        all.extend(times);
    }
    all.sort();
    println!(
        "query latency over {} timings: median {:.3} ms, p99 {:.3} ms (targets: < 5 ms, < 20 ms)",
        all.len(),
        percentile(&all, 0.5).as_secs_f64() * 1e3,
        percentile(&all, 0.99).as_secs_f64() * 1e3
    );
}

fn bench(c: &mut Criterion) {
    // HEARKEN_BENCH_INDEX=OUT/index times the query set on an index built by `hearken run`
    // (e.g. on 1,000,000 generated answers: benches/e2e.sh) instead of building one here.
    if let Some(dir) = std::env::var_os("HEARKEN_BENCH_INDEX") {
        let index = index::open(std::path::Path::new(&dir)).expect("open HEARKEN_BENCH_INDEX");
        println!(
            "query latency on {} ({} answers)",
            std::path::Path::new(&dir).display(),
            index.manifest().documents
        );
        latency(&index);
        return;
    }
    let data = generate();
    let bytes: usize = data
        .iter()
        .flat_map(|(r, _)| r.answers.iter().flatten().map(String::len))
        .sum();
    let tmp = tempfile::TempDir::new().expect("tempdir");
    let dir = tmp.path().join("index");
    let layout = IndexLayout {
        questions: vec![Question {
            id: "Q1".into(),
            text: "What matters most to you?".into(),
            column: 1,
        }],
        attributes: vec!["locality".into(), "age group".into()],
        frame: frame(),
    };

    let started = Instant::now();
    let mut builder = IndexBuilder::create(&dir, &layout, DEFAULT_MEMORY_BUDGET).expect("create");
    for (r, codings) in &data {
        builder.add(r, codings, None).expect("add");
    }
    let provenance = Provenance {
        inputs: Vec::new(),
        lexicon: String::new(),
        hearken_version: env!("CARGO_PKG_VERSION").to_string(),
    };
    let stats = builder.commit(&provenance).expect("commit");
    let secs = started.elapsed().as_secs_f64();
    println!(
        "index build: {} answers, {:.1} MB of text in {secs:.2} s = {:.0} responses/s, {:.2} MB/s",
        stats.documents,
        bytes as f64 / 1e6,
        stats.documents as f64 / secs,
        bytes as f64 / 1e6 / secs
    );

    let index = index::open(&dir).expect("open");
    latency(&index);
    let set = queries();

    let mut group = c.benchmark_group("index");
    group.throughput(Throughput::Elements(set.len() as u64));
    group.sample_size(20);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(5));
    group.bench_function("query_set_20", |b| {
        b.iter(|| {
            for (_, req, count) in &set {
                black_box(run_query(&index, req, *count));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
