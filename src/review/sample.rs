//! A stratified random sample of coded answers for double coding.
//!
//! Strata are (question, whether hearken gave the answer any theme). Each stratum keeps a
//! uniform reservoir of at most the sample size (Algorithm R, one seeded ChaCha8 generator), so
//! memory is bounded whatever the survey's size; at the end the sample is allocated to strata in
//! proportion to their sizes (largest remainder, ties by stratum), which makes the sample
//! self-weighting: figures measured on it stand for the whole survey without weights.

use crate::model::{CodedBatch, SurveySchema};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::BTreeMap;

/// One sampled answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleItem {
    /// Respondent id.
    pub id: String,
    /// Question id (`Q1`).
    pub question: String,
    /// The answer text.
    pub answer: String,
}

#[derive(Debug, Default)]
struct Stratum {
    seen: u64,
    kept: Vec<SampleItem>,
}

/// Draws the sample batch by batch.
#[derive(Debug)]
pub struct Sampler {
    size: usize,
    rng: ChaCha8Rng,
    strata: BTreeMap<(u16, bool), Stratum>,
}

impl Sampler {
    /// A sampler of `size` answers (at most [`super::MAX_SAMPLE`]) seeded with `seed`.
    pub fn new(size: usize, seed: u64) -> Sampler {
        Sampler {
            size: size.min(super::MAX_SAMPLE),
            rng: ChaCha8Rng::seed_from_u64(seed),
            strata: BTreeMap::new(),
        }
    }

    /// Offers every coded answer of a batch.
    pub fn add(&mut self, schema: &SurveySchema, batch: &CodedBatch) {
        for (r, codings) in batch.by_respondent() {
            for c in codings {
                let Some(text) = r.answer(usize::from(c.question)) else {
                    continue;
                };
                let question = schema
                    .questions
                    .get(usize::from(c.question))
                    .map_or_else(|| format!("Q{}", c.question + 1), |q| q.id.clone());
                let item = SampleItem {
                    id: r.id.clone(),
                    question,
                    answer: text.to_string(),
                };
                let key = (c.question, !c.themes.is_empty());
                self.offer(key, item);
            }
        }
    }

    fn offer(&mut self, key: (u16, bool), item: SampleItem) {
        let cap = self.size;
        let s = self.strata.entry(key).or_default();
        if s.kept.len() < cap {
            s.kept.push(item);
        } else if cap > 0 {
            let j = self.rng.random_range(0..=s.seen);
            if let Some(slot) = usize::try_from(j).ok().and_then(|j| s.kept.get_mut(j)) {
                *slot = item;
            }
        }
        s.seen += 1;
    }

    /// The sample, sorted by id then question.
    pub fn finish(mut self) -> Vec<SampleItem> {
        let total: u64 = self.strata.values().map(|s| s.seen).sum();
        let alloc = allocate(
            self.size as u64,
            &self.strata.values().map(|s| s.seen).collect::<Vec<_>>(),
        );
        let mut out = Vec::new();
        for (s, k) in self.strata.values_mut().zip(alloc) {
            s.kept.shuffle(&mut self.rng);
            let k = usize::try_from(k).unwrap_or(usize::MAX).min(s.kept.len());
            out.extend(s.kept.drain(..k));
        }
        debug_assert!(out.len() as u64 <= total);
        out.sort_by(|a, b| a.id.cmp(&b.id).then(a.question.cmp(&b.question)));
        out
    }
}

/// Splits `size` over strata of the given sizes in proportion (largest remainder; ties go to
/// the earlier stratum); a stratum never gets more than it has.
pub fn allocate(size: u64, sizes: &[u64]) -> Vec<u64> {
    let total: u64 = sizes.iter().sum();
    if total <= size {
        return sizes.to_vec();
    }
    let mut out: Vec<u64> = sizes
        .iter()
        .map(|&n| (u128::from(size) * u128::from(n) / u128::from(total)) as u64)
        .collect();
    let mut left = size - out.iter().sum::<u64>();
    let mut order: Vec<usize> = (0..sizes.len()).collect();
    let rem = |i: usize| u128::from(size) * u128::from(sizes[i]) % u128::from(total);
    order.sort_by(|&a, &b| rem(b).cmp(&rem(a)).then(a.cmp(&b)));
    for i in order {
        if left == 0 {
            break;
        }
        if out[i] < sizes[i] {
            out[i] += 1;
            left -= 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Coding, Consent, Question, Respondent, ThemeScore};

    fn survey(n: u32) -> (SurveySchema, CodedBatch) {
        let schema = SurveySchema {
            questions: vec![Question {
                id: "Q1".into(),
                text: "Q".into(),
                column: 1,
            }],
            ..crate::summary::fixture::schema()
        };
        let respondents: Vec<Respondent> = (0..n)
            .map(|i| Respondent {
                seq: i,
                row: u64::from(i) + 2,
                id: format!("R{i:04}"),
                attributes: vec![],
                consent: Consent::Unknown,
                answers: vec![Some(format!("answer {i}"))],
            })
            .collect();
        let codings = (0..n)
            .map(|i| Coding {
                respondent: i,
                question: 0,
                themes: if i % 4 == 0 {
                    vec![ThemeScore {
                        theme: 0,
                        score: 1.0,
                    }]
                } else {
                    vec![]
                },
                priorities: vec![],
                evidence: vec![],
                revisions: vec![],
            })
            .collect();
        (
            schema,
            CodedBatch {
                words: Vec::new(),
                respondents,
                codings,
            },
        )
    }

    #[test]
    fn allocation_is_proportional_and_exact() {
        assert_eq!(allocate(10, &[25, 75]), vec![3, 7]);
        assert_eq!(allocate(10, &[1, 1, 1]), vec![1, 1, 1]);
        assert_eq!(allocate(5, &[10, 10, 10]), vec![2, 2, 1]);
        assert_eq!(allocate(0, &[10]), vec![0]);
    }

    #[test]
    fn sample_is_stratified_seeded_and_sorted() {
        let (schema, batch) = survey(400);
        let draw = |seed| {
            let mut s = Sampler::new(40, seed);
            s.add(&schema, &batch);
            s.finish()
        };
        let a = draw(1);
        assert_eq!(a, draw(1));
        assert_ne!(a, draw(2));
        assert_eq!(a.len(), 40);
        // A quarter of the answers are coded: 10 of the 40 come from that stratum.
        let coded = a
            .iter()
            .filter(|i| i.id[1..].parse::<u32>().is_ok_and(|n| n % 4 == 0))
            .count();
        assert_eq!(coded, 10);
        assert!(a.windows(2).all(|w| w[0].id < w[1].id));
    }
}
