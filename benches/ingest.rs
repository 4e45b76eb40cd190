//! Ingest throughput: a generated ~20 MB consultation export read through `ingest::inspect`
//! (sniffing, encoding pass, role sampling and the full streaming pass), in MB/s.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use hearken::ingest::{self, IngestOptions};
use std::io::Write;

const TARGET_BYTES: usize = 20 * 1024 * 1024;

/// Writes a fictional export of about `TARGET_BYTES`: id, locality, consent and two open
/// questions with answers of varied length, some quoted with commas and line breaks.
fn generate(path: &std::path::Path) -> u64 {
    let areas = [
        "Northfield",
        "Southbank",
        "Eastmoor",
        "Westhaven",
        "Kirkbrae",
    ];
    let phrases = [
        "more evening buses to the day centre",
        "the waiting list for a care package is too long",
        "respite for unpaid carers, please",
        "keep the local clinic open",
        "it\u{2019}s \u{a3}12 each way by taxi",
        "home visits from the same carer each week",
        "mental health support for young people",
    ];
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).expect("temp file"));
    let mut written = 0usize;
    let header = "Response ID,Locality,May we publish your response?,What matters most to you?,Anything else?\n";
    written += header.len();
    out.write_all(header.as_bytes()).expect("write");
    let mut i = 0usize;
    while written < TARGET_BYTES {
        let mut answer = String::new();
        for k in 0..(3 + i % 9) {
            answer.push_str(phrases[(i * 7 + k * 3) % phrases.len()]);
            answer.push_str(if k % 4 == 3 { ".\n" } else { " and " });
        }
        let row = format!(
            "R{i:07},{},{},\"{}\",{}\n",
            areas[i % areas.len()],
            if i % 3 == 0 {
                "Do not publish response"
            } else {
                "Publish response with name"
            },
            answer.replace('"', "\"\""),
            if i % 4 == 0 {
                "N/A"
            } else {
                phrases[i % phrases.len()]
            }
        );
        written += row.len();
        out.write_all(row.as_bytes()).expect("write");
        i += 1;
    }
    out.flush().expect("flush");
    written as u64
}

fn bench_ingest(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("consultation.csv");
    let bytes = generate(&path);
    let opts = IngestOptions::default();
    let mut group = c.benchmark_group("ingest");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes));
    group.bench_function("inspect_20mb_csv", |b| {
        b.iter(|| {
            let (_, acc) =
                ingest::inspect(&path, &opts, &hearken::progress::Silent).expect("ingest");
            std::hint::black_box(acc.ingested)
        })
    });
    group.finish();
}

criterion_group!(benches, bench_ingest);
criterion_main!(benches);
