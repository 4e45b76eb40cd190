//! Bootstrap confidence intervals for agreement figures.
//!
//! Method (percentile bootstrap over answers): draw as many answers as the gold set has, with
//! replacement, recompute every figure on the draw, repeat `resamples` times, and report the
//! 2.5th and 97.5th percentiles of each figure (linear interpolation between order statistics).
//! Answers are the unit resampled because an answer's labels are decided together. The draws come
//! from a ChaCha8 generator with a fixed seed, so the same input always gives the same intervals.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

/// Most resamples allowed (each costs one pass over the answers).
pub const MAX_RESAMPLES: usize = 100_000;

/// A two-sided interval, written as `[low, high]` in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Interval {
    /// Lower bound.
    pub low: f64,
    /// Upper bound.
    pub high: f64,
}

impl Serialize for Interval {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        [self.low, self.high].serialize(s)
    }
}

/// Agreement counts of one label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Counts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

/// Precision, recall and F1 from counts (0 where undefined, as in the point estimates).
pub(crate) fn prf(c: Counts) -> (f64, f64, f64) {
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let p = ratio(c.tp, c.tp + c.fp);
    let r = ratio(c.tp, c.tp + c.fn_);
    let f = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    (p, r, f)
}

/// The intervals of every figure.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Intervals {
    /// Per label: precision, recall, F1.
    pub labels: Vec<[Interval; 3]>,
    /// Micro precision, recall, F1.
    pub micro: [Interval; 3],
    /// Macro precision, recall, F1.
    pub macro_: [Interval; 3],
}

/// What one answer contributes: (label index, 0 = tp, 1 = fp, 2 = fn) for each disagreement or
/// agreement on a present label; labels absent from both count nowhere.
pub(crate) type Outcomes = Vec<(u32, u8)>;

/// Percentile bootstrap intervals at `confidence` (e.g. 0.95) for `labels` labels, from each
/// answer's outcomes. With no answers or no resamples every interval is `[0, 0]`.
pub(crate) fn intervals(
    answers: &[Outcomes],
    labels: usize,
    resamples: usize,
    seed: u64,
    confidence: f64,
) -> Intervals {
    let n = answers.len();
    if n == 0 || resamples == 0 {
        return Intervals {
            labels: vec![[Interval::default(); 3]; labels],
            ..Intervals::default()
        };
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    // draws[figure][resample]; figures: per label p, r, f, then micro p, r, f, then macro p, r, f.
    let figures = labels * 3 + 6;
    let mut draws: Vec<Vec<f64>> = vec![Vec::with_capacity(resamples); figures];
    let mut counts = vec![Counts::default(); labels];
    for _ in 0..resamples {
        counts.fill(Counts::default());
        for _ in 0..n {
            let answer = &answers[rng.random_range(0..n)];
            for &(label, kind) in answer {
                let c = &mut counts[label as usize];
                match kind {
                    0 => c.tp += 1,
                    1 => c.fp += 1,
                    _ => c.fn_ += 1,
                }
            }
        }
        let mut total = Counts::default();
        let mut sums = [0.0f64; 3];
        for (l, c) in counts.iter().enumerate() {
            let (p, r, f) = prf(*c);
            draws[l * 3].push(p);
            draws[l * 3 + 1].push(r);
            draws[l * 3 + 2].push(f);
            sums[0] += p;
            sums[1] += r;
            sums[2] += f;
            total.tp += c.tp;
            total.fp += c.fp;
            total.fn_ += c.fn_;
        }
        let (p, r, f) = prf(total);
        let base = labels * 3;
        draws[base].push(p);
        draws[base + 1].push(r);
        draws[base + 2].push(f);
        let k = labels.max(1) as f64;
        for (i, s) in sums.iter().enumerate() {
            draws[base + 3 + i].push(if labels == 0 { 0.0 } else { s / k });
        }
    }
    let alpha = (1.0 - confidence.clamp(0.0, 1.0)) / 2.0;
    let interval = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        Interval {
            low: percentile(v, alpha),
            high: percentile(v, 1.0 - alpha),
        }
    };
    let mut out = Intervals::default();
    for l in 0..labels {
        out.labels.push([
            interval(&mut draws[l * 3]),
            interval(&mut draws[l * 3 + 1]),
            interval(&mut draws[l * 3 + 2]),
        ]);
    }
    let base = labels * 3;
    for i in 0..3 {
        out.micro[i] = interval(&mut draws[base + i]);
        out.macro_[i] = interval(&mut draws[base + 3 + i]);
    }
    out
}

/// The `q` quantile (0..=1) of sorted values, interpolating linearly between order statistics.
fn percentile(sorted: &[f64], q: f64) -> f64 {
    match sorted.len() {
        0 => 0.0,
        1 => sorted[0],
        n => {
            let pos = q.clamp(0.0, 1.0) * (n - 1) as f64;
            let lo = pos.floor() as usize;
            let hi = (lo + 1).min(n - 1);
            let frac = pos - lo as f64;
            sorted[lo] + (sorted[hi] - sorted[lo]) * frac
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `n` answers of one label where the first `correct` are true positives and the rest are
    /// half false positives, half false negatives.
    fn sample(n: usize, correct: usize) -> Vec<Outcomes> {
        (0..n)
            .map(|i| {
                if i < correct {
                    vec![(0, 0)]
                } else if i % 2 == 0 {
                    vec![(0, 1)]
                } else {
                    vec![(0, 2)]
                }
            })
            .collect()
    }

    #[test]
    fn percentiles_interpolate() {
        let v = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(percentile(&v, 0.0), 1.0);
        assert_eq!(percentile(&v, 0.5), 3.0);
        assert_eq!(percentile(&v, 0.625), 3.5);
        assert_eq!(percentile(&v, 1.0), 5.0);
        assert_eq!(percentile(&[], 0.5), 0.0);
    }

    #[test]
    fn same_seed_same_intervals_other_seed_other_draws() {
        let answers = sample(200, 150);
        let a = intervals(&answers, 1, 500, 7, 0.95);
        let b = intervals(&answers, 1, 500, 7, 0.95);
        assert_eq!(a, b);
        let c = intervals(&answers, 1, 500, 8, 0.95);
        assert_ne!(a.micro, c.micro);
    }

    #[test]
    fn intervals_hold_the_estimate_and_shrink_with_more_answers() {
        // F1 = 2tp / (2tp + fp + fn) = 0.75 in both samples.
        let small = intervals(&sample(80, 48), 1, 1000, 1, 0.95);
        let large = intervals(&sample(2000, 1200), 1, 1000, 1, 0.95);
        for iv in [small.micro[2], large.micro[2], small.labels[0][2]] {
            assert!(iv.low < 0.75 && 0.75 < iv.high, "{iv:?}");
        }
        let width = |iv: Interval| iv.high - iv.low;
        assert!(width(large.micro[2]) < width(small.micro[2]) / 3.0);
        // One label: micro and macro agree with the label's own figures.
        assert_eq!(small.micro, small.labels[0]);
        assert_eq!(small.macro_, small.labels[0]);
    }

    #[test]
    fn coverage_of_a_known_proportion_is_near_nominal() {
        // Precision of a label whose predictions are right with probability 0.7: over 200
        // independent samples of 150 answers, the 95% interval should hold 0.7 about 95% of the
        // time (allowing for bootstrap's known slight under-coverage).
        let mut rng = ChaCha8Rng::seed_from_u64(99);
        let mut held = 0;
        let trials = 200;
        for t in 0..trials {
            let answers: Vec<Outcomes> = (0..150)
                .map(|_| vec![(0, if rng.random_bool(0.7) { 0 } else { 1 })])
                .collect();
            let iv = intervals(&answers, 1, 400, t, 0.95).labels[0][0];
            if iv.low <= 0.7 && 0.7 <= iv.high {
                held += 1;
            }
        }
        assert!((175..=199).contains(&held), "held {held} of {trials}");
    }

    #[test]
    fn empty_input_gives_zero_intervals() {
        let iv = intervals(&[], 2, 100, 1, 0.95);
        assert_eq!(iv.labels.len(), 2);
        assert_eq!(iv.micro[2], Interval::default());
        let none = intervals(&sample(10, 5), 1, 0, 1, 0.95);
        assert_eq!(none.labels[0][0], Interval::default());
    }
}
