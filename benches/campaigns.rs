//! Campaign detection throughput on a generated consultation: 250,000 respondents x 4 answers
//! (1,000,000 answers) with a 5,000-respondent campaign and its edited copies.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use hearken::model::{Consent, Format, Question, Respondent, SurveySchema};

const WORDS: &[&str] = &[
    "care",
    "home",
    "doctor",
    "bus",
    "wait",
    "weeks",
    "nurse",
    "phone",
    "support",
    "mother",
    "carer",
    "respite",
    "centre",
    "village",
    "lonely",
    "money",
    "heating",
    "food",
    "staff",
    "kind",
    "rushed",
    "hospital",
    "discharge",
    "ward",
    "appointment",
    "surgery",
    "pharmacy",
    "dentist",
    "children",
    "school",
    "anxiety",
    "counselling",
    "recovery",
    "drink",
    "drugs",
    "housing",
    "stairs",
    "adaptation",
    "alarm",
    "transport",
    "website",
    "leaflet",
];

fn text(seed: u64, words: usize) -> String {
    let mut x = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    (0..words)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            WORDS[(x % WORDS.len() as u64) as usize]
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn consultation(n: u32) -> (SurveySchema, Vec<Respondent>) {
    let letter = text(42, 60);
    let schema = SurveySchema {
        path: "bench.csv".into(),
        format: Format::Csv,
        vendor: None,
        encoding: "UTF-8".into(),
        delimiter: Some(b','),
        header_rows: 1,
        columns: Vec::new(),
        id_column: None,
        questions: (0..4)
            .map(|q| Question {
                id: format!("Q{}", q + 1),
                text: String::new(),
                column: q,
            })
            .collect(),
        attributes: Vec::new(),
        consent_column: None,
        notes: Vec::new(),
    };
    let rs = (0..n)
        .map(|i| {
            let answers = if i % 50 == 0 {
                let mut l = letter.clone();
                if i % 200 == 0 {
                    l.push_str(&format!(" {}", text(u64::from(i) + 7, 12)));
                }
                vec![Some(l), None, None, None]
            } else {
                (0..4)
                    .map(|q| Some(text(u64::from(i) * 4 + q, 25)))
                    .collect()
            };
            Respondent {
                seq: i,
                row: u64::from(i) + 2,
                id: i.to_string(),
                attributes: Vec::new(),
                consent: Consent::Unknown,
                answers,
            }
        })
        .collect();
    (schema, rs)
}

fn bench(c: &mut Criterion) {
    let (schema, rs) = consultation(250_000);
    let mut g = c.benchmark_group("campaigns");
    g.sample_size(10);
    g.throughput(Throughput::Elements(
        rs.iter()
            .map(|r| r.answers.iter().flatten().count() as u64)
            .sum(),
    ));
    g.bench_function("detect_1m_answers", |b| {
        b.iter(|| {
            let found = hearken::summary::detect_campaigns(&schema, &rs);
            assert_eq!(found.campaigns.first().map(|c| c.size), Some(5_000));
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
