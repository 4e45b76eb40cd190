//! Throughput of personal-data redaction on consultation-style answers (all text fictional).
//!
//! - `plain`: everyday answers with no personal data; one in eight says "carers", a relation
//!   word, so the name patterns run on it and find nothing.
//! - `no_trigger`: the same without that answer: no digit, no '@', no trigger word, so only the
//!   pre-check runs.
//! - `typical`: a mix in which roughly one answer in four mentions a relation, a title, a number
//!   or a contact detail.
//! - `dense`: every answer carries personal data.
//! - `check_set`: the texts of the redaction check set (`tests/fixtures/redaction/check.tsv`),
//!   two in three of them holding personal data of one of the fifteen kinds.
//!
//! Run with `cargo bench --bench redact`.
//!
//! Measured 2026-12-06, 2 vCPU VM shared with other builds (load average 3, so figures are
//! lower bounds), one core: plain 242 MiB/s, no_trigger 259 MiB/s, typical 110 MiB/s, dense
//! 36 MiB/s, check_set 43 MiB/s; `Redactor::new` 9 ms. Earlier, with seven kinds and a regular
//! expression per rule over every triggered text: plain 301, typical 88, dense 27 MiB/s.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use hearken::text::redact::Redactor;
use std::hint::black_box;

const PLAIN: &[&str] = &[
    "The waiting times at the health centre are far too long and it is hard to get through on the phone in the morning.",
    "Transport to hospital appointments is a real problem for people who live in rural areas without a car.",
    "Staff are kind and helpful but they are clearly under a lot of pressure and there are not enough of them.",
    "More support for unpaid carers would make a big difference, especially respite and short breaks.",
    "Mental health services for young people need more investment; waiting lists are far too long.",
    "I would like to see services that are joined up so that people do not have to repeat their story.",
    "Community groups do valuable work and should be funded properly rather than year to year.",
    "Information about what is available locally is hard to find, especially for people who are not online.",
];

const PERSONAL: &[&str] = &[
    "My husband John has dementia and I am his main carer, we need more help at home.",
    "Dr Patel at the practice was excellent but I waited 3 weeks for an appointment.",
    "Please contact me on 07700 900123 or jean.smith@example.com about this.",
    "I live at 22 Kirkton Avenue, Hamilton ML3 0AA and the bus service is poor.",
    "My name is Agnes Brown and my CHI number is 0101011237, the letter went to the wrong address.",
    "I phoned 111 twice and then 999 because my mum Agnes had a fall in 2019.",
    "I'm Mary McLeod, DOB 12/03/1954, and mrs mcleod is my mother-in-law. Regards, Mary",
    "Text me on oh seven seven double oh nine oh oh one two three or find me @mary_mcleod84.",
    "My NI number is QQ 12 34 56 C and my NHS number is 450 557 7104.",
    "The car AB51 ABC was clamped; my licence MORGA657054SM9IJ and card 4111 1111 1111 1111 too.",
];

fn corpus(personal_every: usize, answers: usize) -> String {
    let mut text = String::new();
    for i in 0..answers {
        let answer = if personal_every > 0 && i % personal_every == 0 {
            PERSONAL[(i / personal_every) % PERSONAL.len()]
        } else {
            PLAIN[i % PLAIN.len()]
        };
        text.push_str(answer);
        text.push('\n');
    }
    text
}

fn answers(personal_every: usize, count: usize) -> Vec<String> {
    corpus(personal_every, count)
        .lines()
        .map(str::to_owned)
        .collect()
}

/// The texts of the redaction check set, repeated to about 2,000 answers.
fn check_set() -> Vec<String> {
    let texts: Vec<String> = include_str!("../tests/fixtures/redaction/check.tsv")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.splitn(3, '\t').nth(2))
        .map(|t| t.replace("\\n", "\n"))
        .collect();
    texts.iter().cycle().take(2000).cloned().collect()
}

fn bench(c: &mut Criterion) {
    let redactor = Redactor::new();
    let cases = [
        ("plain", answers(0, 2000)),
        ("typical", answers(4, 2000)),
        ("dense", answers(1, 2000)),
        (
            "no_trigger",
            answers(0, 2000)
                .into_iter()
                .filter(|t| !t.contains("carers"))
                .collect(),
        ),
        ("check_set", check_set()),
    ];
    let mut group = c.benchmark_group("redact");
    for (name, texts) in &cases {
        let bytes: usize = texts.iter().map(String::len).sum();
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_function(*name, |b| {
            b.iter(|| {
                let mut out = 0usize;
                for t in texts {
                    out += redactor.redact(black_box(t)).len();
                }
                out
            })
        });
    }
    group.finish();
    c.bench_function("redactor_new", |b| b.iter(Redactor::new));
}

criterion_group!(benches, bench);
criterion_main!(benches);
