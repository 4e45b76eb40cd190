//! Summary time: the running summary over 100,000 generated answers (`hearken generate`'s
//! corpus, coded with the default lexicons): folding every batch in, finding campaigns, and
//! computing the figures (group tests, distinctive words, quotes with redaction).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use hearken::coding::Coder;
use hearken::generate::{generate, GenerateOptions};
use hearken::ingest::{read_all, IngestOptions};
use hearken::lexicon::default_lexicon;
use hearken::model::CodedBatch;
use hearken::summary::{CampaignOptions, SummaryBuilder};
use std::hint::black_box;
use std::time::Duration;

/// Respondents folded in per call, as `hearken run` does.
const BATCH: usize = 4096;

fn bench(c: &mut Criterion) {
    let tmp = tempfile::TempDir::new().expect("temporary directory");
    let csv = tmp.path().join("generated.csv");
    let file = std::fs::File::create(&csv).expect("create generated.csv");
    let stats = generate(
        file,
        &GenerateOptions {
            answers: 100_000,
            seed: 7,
        },
        |_| {},
    )
    .expect("generate");
    let (schema, respondents, accounting) =
        read_all(&csv, &IngestOptions::default()).expect("read generated");
    let coder = Coder::new(&default_lexicon()).expect("compile the default lexicon");
    // The coded batches `hearken run` hands to the summary.
    let batches: Vec<CodedBatch> = respondents
        .chunks(BATCH)
        .map(|chunk| coder.code_batch(chunk.to_vec()))
        .collect();

    let mut g = c.benchmark_group("summary");
    g.throughput(Throughput::Elements(stats.answers));
    g.sample_size(10);
    g.warm_up_time(Duration::from_secs(1));
    g.measurement_time(Duration::from_secs(20));
    g.bench_function("add_detect_finish_100k_answers", |b| {
        b.iter(|| {
            let mut s = SummaryBuilder::new(&schema, coder.frame(), CampaignOptions::default());
            for batch in &batches {
                s.add(batch);
            }
            let campaigns = s.detect_campaigns();
            black_box(s.finish(&campaigns, std::slice::from_ref(&accounting)))
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
