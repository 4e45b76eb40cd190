//! A deterministic synthetic survey export for benchmarks at scale.
//!
//! [`generate`] streams a Citizen Space style CSV (the columns of `sample-data/`) with exactly the
//! requested number of non-empty open answers. Answers are composed from sentence templates with
//! slots (services, people, places, numbers, time phrases), so the same idea is worded many ways;
//! they mix the twelve default themes at uneven rates with plenty of text that codes to nothing,
//! spelling slips, lower-case and unpunctuated writing, a few campaign texts copied with edits, and
//! fictional personal details (Ofcom drama phone numbers, `example.com` addresses, invented names).
//!
//! The random numbers come from a small SplitMix64 generator and every floating-point step uses
//! only correctly rounded IEEE operations (no platform `exp`/`ln`), so one seed gives the same bytes
//! on every platform. Memory does not grow with the number of answers: one row is built at a time
//! in reused buffers.

mod compose;
mod themes;
mod words;

use compose::*;
use std::io::Write;
use themes::*;
use words::*;

/// The header row, in column order: id, date, three attributes, consent and three open questions.
pub const HEADER: [&str; 9] = [
    "Response ID",
    "Date submitted",
    "Locality",
    "Which of these best describes you?",
    "Age group",
    "May we publish your response?",
    "What matters most to you about health and social care in your community?",
    "What would help you, or the person you care for, to stay well at home?",
    "Is there anything else you want to tell us?",
];

/// The longest answer length drawn, in words (an answer ends with the sentence that reaches its
/// drawn length, so it may run a few words over).
pub const MAX_WORDS: u32 = 2000;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GenerateOptions {
    /// Number of non-empty open answers to write (spread over about half as many respondents).
    pub answers: u64,
    /// Seed of the random sequence; the same seed always gives the same file.
    pub seed: u64,
}

/// What was written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GenerateStats {
    /// Data rows (respondents) written, header excluded.
    pub respondents: u64,
    /// Non-empty open answers written.
    pub answers: u64,
    /// Words in those answers (runs of non-space characters).
    pub words: u64,
}

/// Failure to write the generated file.
#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    /// The CSV writer or the underlying output failed.
    #[error("failed to write generated CSV: {0}")]
    Csv(#[from] csv::Error),
    /// Flushing the output failed.
    #[error("failed to write generated CSV: {0}")]
    Io(#[from] std::io::Error),
}

/// SplitMix64: a tiny, fast, well-mixed generator with a fixed, documented output sequence.
#[derive(Debug, Clone)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// A generator whose sequence is fixed by `seed`.
    pub fn new(seed: u64) -> Self {
        SplitMix64 { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform integer in `0..n` (0 when `n` is 0), by multiply-shift.
    pub fn below(&mut self, n: u64) -> u64 {
        ((self.next_u64() as u128 * n as u128) >> 64) as u64
    }

    /// A uniform float in `[0, 1)` with 53 random bits.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// One element of a non-empty slice.
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }

    /// An index drawn in proportion to `weights` (index 0 if all are zero).
    fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u64 = weights.iter().map(|&w| u64::from(w)).sum();
        if total == 0 {
            return 0;
        }
        let mut r = self.below(total);
        for (i, &w) in weights.iter().enumerate() {
            if r < u64::from(w) {
                return i;
            }
            r -= u64::from(w);
        }
        weights.len() - 1
    }
}

/// `e^x` from correctly rounded operations only, so the result is the same on every platform.
/// Accurate to a few ulps for |x| < 700, which is all the word-length model needs.
pub fn exp_portable(x: f64) -> f64 {
    let x = x.clamp(-700.0, 700.0);
    let n = (x * std::f64::consts::LOG2_E + 0.5).floor();
    let r = x - n * std::f64::consts::LN_2;
    // Taylor series of e^r for |r| <= ln(2)/2, summed by Horner's rule.
    let mut sum = 1.0;
    let mut k = 20.0;
    while k >= 1.0 {
        sum = 1.0 + r * sum / k;
        k -= 1.0;
    }
    let scale = f64::from_bits(((1023 + n as i64) as u64) << 52);
    sum * scale
}

/// Words for one answer: log-normal with median 35 (sigma 0.85; normal variate by summing twelve
/// uniforms), plus a rare uniform 600-2,000 word tail for long letters and submissions.
fn answer_words(rng: &mut SplitMix64, essay_rate: f64) -> u32 {
    if rng.chance(essay_rate) {
        return 600 + rng.below(u64::from(MAX_WORDS - 600) + 1) as u32;
    }
    let mut z = -6.0;
    for _ in 0..12 {
        z += rng.unit();
    }
    let w = 35.0 * exp_portable(0.85 * z);
    (w.round() as u32).clamp(1, MAX_WORDS)
}

/// A respondent's position in the file mapped one-to-one onto a `ANON-XXXX-XXXX-X` id: the index
/// goes through a seed-keyed bijection of 45 bits, then nine base-32 letters. Ids never repeat
/// within a file (up to 2^45 rows) without keeping any set in memory.
pub fn response_id(index: u64, seed: u64, out: &mut Vec<u8>) {
    const BITS: u32 = 45;
    const MASK: u64 = (1u64 << BITS) - 1;
    const ALPHABET: &[u8; 32] = b"123456789ABCDEFGHJKMNPQRSTUVWXYZ";
    let key = SplitMix64::new(seed).next_u64();
    let mut x = (index ^ key) & MASK;
    // Odd multipliers and right xor-shifts are both invertible modulo 2^45.
    x = x.wrapping_mul(0x0005_DEEC_E66D) & MASK;
    x ^= x >> 22;
    x = x.wrapping_mul(0x0001_9E37_79B9) & MASK;
    x ^= x >> 19;
    x = (x ^ (key >> BITS)) & MASK;
    out.extend_from_slice(b"ANON-");
    for i in 0..9 {
        if i == 4 || i == 8 {
            out.push(b'-');
        }
        let shift = 40 - 5 * i;
        out.push(ALPHABET[((x >> shift) & 31) as usize]);
    }
}

/// Write a synthetic export with exactly `opts.answers` non-empty open answers to `out`.
/// `progress` is called with the running answer count every 10,000 answers and at the end.
pub fn generate<W: Write>(
    out: W,
    opts: &GenerateOptions,
    mut progress: impl FnMut(u64),
) -> Result<GenerateStats, GenerateError> {
    let mut wtr = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .buffer_capacity(1 << 16)
        .from_writer(std::io::BufWriter::with_capacity(1 << 20, out));
    wtr.write_record(HEADER)?;

    let mut rng = SplitMix64::new(opts.seed);
    let mut composer = Composer {
        rng: SplitMix64::new(opts.seed ^ 0xA5A5_5A5A_C3C3_3C3C),
        buf: Vec::new(),
        recent: [(0, 0); 8],
    };
    let mut cells: [Vec<u8>; 3] = [Vec::new(), Vec::new(), Vec::new()];
    let mut id = Vec::with_capacity(16);
    let mut date = Vec::with_capacity(24);
    let mut stats = GenerateStats::default();
    // Dates rise through an eight-week window as the file goes on, like an export sorted by date.
    const WINDOW_SECS: u64 = 56 * 86_400 - 1;
    let expected_rows = (opts.answers / 2).max(1);
    let mut last_secs = 0u64;
    let mut next_report = 10_000u64;

    while stats.answers < opts.answers {
        let remaining = opts.answers - stats.answers;
        let drawn = draw_respondent(&mut rng, remaining);
        let (profile, which) = (&drawn.profile, drawn.which);
        for (q, cell) in cells.iter_mut().enumerate() {
            cell.clear();
            if which[q] {
                let weights = theme_weights(q, profile);
                composer.answer(q, profile, &weights);
                std::mem::swap(cell, &mut composer.buf);
                stats.words += u64::from(count_words(cell));
                stats.answers += 1;
            }
        }

        id.clear();
        response_id(stats.respondents, opts.seed, &mut id);
        let base = stats.respondents.saturating_mul(WINDOW_SECS) / expected_rows;
        let secs = (base + rng.below(900)).clamp(last_secs, WINDOW_SECS);
        last_secs = secs;
        date.clear();
        push_date(&mut date, secs);

        wtr.write_record([
            id.as_slice(),
            date.as_slice(),
            profile.locality.map_or("", |l| LOCALITIES[l]).as_bytes(),
            TYPES[profile.kind].as_bytes(),
            drawn.age.as_bytes(),
            drawn.consent.as_bytes(),
            cells[0].as_slice(),
            cells[1].as_slice(),
            cells[2].as_slice(),
        ])?;
        stats.respondents += 1;
        if stats.answers >= next_report {
            progress(stats.answers);
            next_report = stats.answers + 10_000;
        }
    }
    wtr.flush()?;
    progress(stats.answers);
    Ok(stats)
}

/// One respondent's columns before its answers are written.
struct Drawn {
    profile: Profile,
    age: &'static str,
    consent: &'static str,
    /// Which of the three questions the respondent answers.
    which: [bool; 3],
}

/// Draws a respondent: type, locality, age, consent, writing habits and which questions they
/// answer (at most `remaining`), in a fixed order of draws so a seed gives the same file.
fn draw_respondent(rng: &mut SplitMix64, remaining: u64) -> Drawn {
    let kind = rng.weighted(TYPE_WEIGHTS);
    let locality = if rng.chance(0.01) {
        None
    } else {
        Some(rng.weighted(LOCALITY_WEIGHTS))
    };
    let age = if kind == 3 && rng.chance(0.7) {
        ""
    } else {
        AGES[rng.weighted(&AGE_WEIGHTS[kind])]
    };
    let consent_weights: &[u32] = if kind == 3 {
        &[70, 20, 10]
    } else {
        &[18, 52, 30]
    };
    let consent = CONSENTS[rng.weighted(consent_weights)];
    let individual = kind != 3;
    let profile = Profile {
        kind,
        locality,
        sloppy: individual && rng.chance(0.22),
        lower: individual && rng.chance(0.12),
        no_punct: individual && rng.chance(0.06),
    };
    // One to three answers, two on average, so rows are about half the answers.
    let k = (1 + rng.below(3)).min(remaining) as usize;
    let which: [bool; 3] = match k {
        3 => [true, true, true],
        2 => match rng.below(20) {
            0..=11 => [true, true, false],
            12..=16 => [true, false, true],
            _ => [false, true, true],
        },
        _ => match rng.below(10) {
            0..=6 => [true, false, false],
            7..=8 => [false, true, false],
            _ => [false, false, true],
        },
    };
    Drawn {
        profile,
        age,
        consent,
        which,
    }
}

/// `YYYY-MM-DD HH:MM:SS` for `secs` seconds after 2026-02-02 08:00:00 (window ends in March).
fn push_date(buf: &mut Vec<u8>, secs: u64) {
    let day = secs / 86_400;
    let rest = secs % 86_400;
    // Submissions fall between 08:00 and 23:59 by folding the day's seconds into 16 hours.
    let in_day = rest * (16 * 3600) / 86_400 + 8 * 3600;
    let (month, dom) = if day < 27 {
        (2, day + 2)
    } else {
        (3, day - 26)
    };
    buf.extend_from_slice(b"2026-");
    push_digits(buf, month, 2);
    buf.push(b'-');
    push_digits(buf, dom, 2);
    buf.push(b' ');
    push_digits(buf, in_day / 3600, 2);
    buf.push(b':');
    push_digits(buf, in_day % 3600 / 60, 2);
    buf.push(b':');
    push_digits(buf, in_day % 60, 2);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn run(answers: u64, seed: u64) -> (Vec<u8>, GenerateStats) {
        let mut out = Vec::new();
        let stats = generate(&mut out, &GenerateOptions { answers, seed }, |_| {})
            .expect("in-memory write");
        (out, stats)
    }

    #[test]
    fn splitmix64_matches_reference_sequence() {
        // First outputs of the reference SplitMix64 for seed 0.
        let mut r = SplitMix64::new(0);
        assert_eq!(r.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(r.next_u64(), 0x6E78_9E6A_A1B9_65F4);
    }

    #[test]
    fn below_stays_in_range() {
        let mut r = SplitMix64::new(7);
        for n in 1..50u64 {
            for _ in 0..100 {
                assert!(r.below(n) < n);
            }
        }
        assert_eq!(r.below(0), 0);
    }

    #[test]
    fn exp_portable_agrees_with_std() {
        for i in -400..=400 {
            let x = f64::from(i) / 50.0;
            let ours = exp_portable(x);
            let std = x.exp();
            assert!(((ours - std) / std).abs() < 1e-13, "x={x}: {ours} vs {std}");
        }
    }

    #[test]
    fn word_lengths_have_median_near_35_and_bounded_tail() {
        let mut r = SplitMix64::new(42);
        let mut v: Vec<u32> = (0..20_001).map(|_| answer_words(&mut r, 0.0004)).collect();
        v.sort_unstable();
        let median = v[v.len() / 2];
        assert!((30..=40).contains(&median), "median {median}");
        assert!(v[0] >= 1);
        assert!(*v.last().unwrap_or(&0) <= MAX_WORDS);
        assert!(v.iter().any(|&w| w >= 600), "no long tail");
    }

    #[test]
    fn response_ids_are_unique_and_shaped() {
        let mut seen = HashSet::new();
        let mut buf = Vec::new();
        for i in 0..50_000 {
            buf.clear();
            response_id(i, 9, &mut buf);
            let s = String::from_utf8(buf.clone()).expect("ascii");
            assert_eq!(s.len(), 16);
            assert!(s.starts_with("ANON-"));
            assert_eq!(&s[9..10], "-");
            assert_eq!(&s[14..15], "-");
            assert!(seen.insert(s));
        }
    }

    #[test]
    fn dates_stay_in_the_window() {
        let mut b = Vec::new();
        push_date(&mut b, 0);
        assert_eq!(b, b"2026-02-02 08:00:00");
        b.clear();
        push_date(&mut b, 56 * 86_400 - 1);
        assert_eq!(&b[..10], b"2026-03-29");
    }

    #[test]
    fn exact_answer_count_and_deterministic() {
        let (a, sa) = run(2_001, 5);
        let (b, sb) = run(2_001, 5);
        assert_eq!(a, b);
        assert_eq!(sa, sb);
        assert_eq!(sa.answers, 2_001);
        let mut rdr = csv::ReaderBuilder::new().from_reader(a.as_slice());
        let mut non_empty = 0;
        let mut rows = 0;
        for rec in rdr.records() {
            let rec = rec.expect("valid csv");
            assert_eq!(rec.len(), 9);
            non_empty += (6..9).filter(|&i| !rec[i].trim().is_empty()).count();
            rows += 1;
        }
        assert_eq!(non_empty, 2_001);
        assert_eq!(rows, sa.respondents);
        // Two answers per respondent on average.
        assert!((800..1_200).contains(&rows), "rows {rows}");
    }

    #[test]
    fn output_is_pinned() {
        // Any change to the tables, the templates or the arithmetic changes benchmark inputs; this
        // fingerprint makes such a change deliberate. It must also hold on every platform.
        let (out, stats) = run(200, 1);
        assert_eq!(stats.respondents, 103);
        assert_eq!(
            blake3::hash(&out).to_hex().as_str(),
            "dcd0b8b4481ea7001a568c71ceaabc31390abf209d8bb07cf56a9e2943fe854a"
        );
    }

    #[test]
    fn zero_answers_writes_only_the_header() {
        let (out, stats) = run(0, 1);
        assert_eq!(stats.respondents, 0);
        assert_eq!(String::from_utf8(out).expect("utf8").lines().count(), 1);
    }

    #[test]
    fn themes_campaigns_and_details_all_appear() {
        let (out, _) = run(20_000, 3);
        let text = String::from_utf8(out).expect("generated text is UTF-8");
        for needle in [
            "07700 900",
            "@example.",
            "Keep the Carluke health centre open",
            "Respite for carers",
            "care",
            "respite",
            "A&E",
            "rehab",
            "transport",
            "counselling",
        ] {
            assert!(text.contains(needle), "missing {needle}");
        }
    }
}
