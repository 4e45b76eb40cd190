//! Throughput of coding with the bundled lexicon: `code_text` on one core and
//! `code_respondents` on all cores, over synthetic answers (MB/s of answer text).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use hearken::coding::Coder;
use hearken::lexicon::default_lexicon;
use hearken::model::{Consent, Respondent};
use std::hint::black_box;

/// Everyday words, with a minority of words the lexicons know, curly apostrophes and Scots forms.
const WORDS: &[&str] = &[
    "the",
    "and",
    "to",
    "a",
    "of",
    "I",
    "it",
    "was",
    "my",
    "for",
    "in",
    "is",
    "that",
    "we",
    "not",
    "with",
    "have",
    "but",
    "they",
    "be",
    "on",
    "are",
    "this",
    "there",
    "had",
    "very",
    "would",
    "more",
    "when",
    "get",
    "can",
    "all",
    "so",
    "time",
    "people",
    "need",
    "really",
    "just",
    "some",
    "mum",
    "dad",
    "husband",
    "wife",
    "son",
    "daughter",
    "family",
    "home",
    "house",
    "week",
    "month",
    "year",
    "day",
    "morning",
    "phone",
    "call",
    "letter",
    "waiting",
    "waited",
    "weeks",
    "months",
    "service",
    "services",
    "council",
    "local",
    "area",
    "town",
    "village",
    "bus",
    "car",
    "road",
    "money",
    "cost",
    "bills",
    "heating",
    "food",
    "shop",
    "shopping",
    "walk",
    "garden",
    "neighbour",
    "friend",
    "friends",
    "group",
    "club",
    "church",
    "library",
    "centre",
    "hall",
    "lunch",
    "tea",
    "good",
    "bad",
    "better",
    "worse",
    "great",
    "poor",
    "kind",
    "lovely",
    "helpful",
    "rude",
    "difficult",
    "hard",
    "easy",
    "impossible",
    "frustrating",
    "worried",
    "anxious",
    "tired",
    "couldn’t",
    "didn’t",
    "wasn’t",
    "don’t",
    "can’t",
    "cannae",
    "didnae",
    "never",
    "no",
    "nobody",
    "appointment",
    "GP",
    "doctor",
    "surgery",
    "receptionist",
    "pharmacy",
    "nurse",
    "hospital",
    "ambulance",
    "discharge",
    "carer",
    "carers",
    "respite",
    "break",
    "short",
    "support",
    "help",
    "lonely",
    "isolated",
    "community",
    "housing",
    "adaptation",
    "staff",
    "training",
    "information",
    "online",
    "transport",
    "mental",
    "health",
    "depression",
    "alcohol",
    "recovery",
    "poverty",
    "benefits",
    "care",
    "package",
    "visits",
    "exercise",
    "screening",
    "wellbeing",
    "listened",
    "Hamilton",
    "Wishaw",
    "Airdrie",
    "Clydesdale",
    "Rutherglen",
    "2022",
    "8am",
    "50",
    "e.g",
];

/// Deterministic synthetic answers totalling about `bytes` bytes.
fn corpus(bytes: usize) -> Vec<String> {
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    let mut answers = Vec::new();
    let mut total = 0;
    while total < bytes {
        let mut a = String::new();
        for _ in 0..1 + next(5) {
            let len = 4 + next(16);
            for i in 0..len {
                let w = WORDS[next(WORDS.len())];
                if i == 0 {
                    let mut c = w.chars();
                    if let Some(f) = c.next() {
                        a.extend(f.to_uppercase());
                        a.push_str(c.as_str());
                    }
                } else {
                    a.push_str(w);
                }
                a.push_str(match next(12) {
                    0 => ", ",
                    1 if i + 1 < len => " – ",
                    _ if i + 1 == len => "",
                    _ => " ",
                });
            }
            a.push_str([". ", "! ", "? ", ".\n"][next(4)]);
        }
        total += a.len();
        answers.push(a);
    }
    answers
}

fn bench(c: &mut Criterion) {
    let coder = Coder::new(&default_lexicon()).expect("the bundled lexicon compiles");
    let answers = corpus(2_000_000);
    let bytes: usize = answers.iter().map(String::len).sum();
    let respondents: Vec<Respondent> = answers
        .chunks(3)
        .enumerate()
        .map(|(i, chunk)| Respondent {
            seq: i as u32,
            row: i as u64 + 2,
            id: format!("R{i}"),
            attributes: Vec::new(),
            consent: Consent::Unknown,
            answers: chunk.iter().cloned().map(Some).collect(),
        })
        .collect();

    let mut g = c.benchmark_group("coding");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(10);
    g.bench_function("code_text/one core", |b| {
        b.iter(|| {
            let mut themes = 0;
            for a in &answers {
                themes += coder.code_text(black_box(a)).themes.len();
            }
            themes
        })
    });
    g.bench_function("code_respondents/all cores", |b| {
        b.iter(|| coder.code_respondents(black_box(&respondents)).len())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
