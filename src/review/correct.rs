//! Shares corrected for coding error. A coder that misses half of a theme's answers (sensitivity
//! 0.5) halves the theme's apparent share; one that codes it where it does not belong
//! (specificity below 1) inflates it. With the sensitivity and specificity measured on a
//! reviewed sample, the Rogan-Gladen estimator `(apparent + spec - 1) / (sens + spec - 1)`
//! undoes both. Its 95% interval is a percentile bootstrap that resamples the reviewed answers
//! (uncertainty in sensitivity and specificity) and redraws the apparent share from its normal
//! approximation (uncertainty in the coded share), with a seeded generator.

use super::agreement::HearkenCodes;
use super::sheet::Sheet;
use crate::stats;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

/// Per theme (by frame index), the (hearken, reviewer) codes of every reviewed answer, pooled
/// over the reviewers whose sheets have the theme.
pub type Accuracy = Vec<Vec<(bool, bool)>>;

/// The reviewed pairs of each theme of a frame of `n_themes`.
pub fn accuracy(n_themes: usize, sheets: &[Sheet], hearken: &HearkenCodes) -> Accuracy {
    let mut out = vec![Vec::new(); n_themes];
    for s in sheets {
        for r in &s.rows {
            let Some(h) = hearken.get(&(r.id.clone(), r.question.clone())) else {
                continue;
            };
            for (ti, pairs) in out.iter_mut().enumerate() {
                if s.themes.get(ti).copied().unwrap_or(false) {
                    pairs.push((h[ti], r.codes[ti]));
                }
            }
        }
    }
    out
}

/// A share beside its correction for coding error.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CorrectedShare {
    /// The coded (apparent) share.
    pub raw: f64,
    /// Its 95% Wilson interval.
    pub raw_interval: (f64, f64),
    /// Reviewed answers behind the correction.
    pub reviewed: u64,
    /// Sensitivity measured on them; `None` when the reviewers never coded the theme.
    pub sensitivity: Option<f64>,
    /// Specificity measured on them; `None` when the reviewers coded it everywhere.
    pub specificity: Option<f64>,
    /// The Rogan-Gladen estimate; `None` when it cannot be made (no sensitivity or
    /// specificity, or a coder no better than chance).
    pub corrected: Option<f64>,
    /// Its 95% bootstrap interval.
    pub interval: Option<(f64, f64)>,
}

/// Corrects the share `raising / answered` with the reviewed `pairs` (hearken, reviewer).
pub fn corrected_share(
    raising: u64,
    answered: u64,
    pairs: &[(bool, bool)],
    resamples: usize,
    seed: u64,
) -> CorrectedShare {
    let raw = stats_share(raising, answered);
    let (sens, spec) = rates(pairs.iter().copied());
    let corrected = sens
        .zip(spec)
        .and_then(|(se, sp)| stats::rogan_gladen(raw, se, sp));
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5eed);
    let sd = (raw * (1.0 - raw) / answered.max(1) as f64).sqrt();
    let interval = corrected.and_then(|_| {
        stats::bootstrap(pairs.len(), resamples, seed, |idx| {
            let (se, sp) = rates(idx.iter().map(|&i| pairs[i]));
            let apparent = (raw + sd * normal(&mut rng)).clamp(0.0, 1.0);
            stats::rogan_gladen(apparent, se?, sp?)
        })
    });
    CorrectedShare {
        raw,
        raw_interval: stats::wilson(raising.min(answered), answered, stats::Z95),
        reviewed: pairs.len() as u64,
        sensitivity: sens,
        specificity: spec,
        corrected,
        interval,
    }
}

fn stats_share(k: u64, n: u64) -> f64 {
    if n == 0 {
        0.0
    } else {
        k as f64 / n as f64
    }
}

/// Sensitivity and specificity of hearken against the reviewer.
fn rates(pairs: impl Iterator<Item = (bool, bool)>) -> (Option<f64>, Option<f64>) {
    let (mut tp, mut fn_, mut tn, mut fp) = (0u64, 0u64, 0u64, 0u64);
    for p in pairs {
        match p {
            (true, true) => tp += 1,
            (false, true) => fn_ += 1,
            (false, false) => tn += 1,
            (true, false) => fp += 1,
        }
    }
    let ratio = |a: u64, b: u64| (a + b > 0).then(|| a as f64 / (a + b) as f64);
    (ratio(tp, fn_), ratio(tn, fp))
}

/// A standard normal draw (Box-Muller).
fn normal(rng: &mut ChaCha8Rng) -> f64 {
    let u1: f64 = rng.random_range(f64::MIN_POSITIVE..1.0);
    let u2: f64 = rng.random_range(0.0..1.0);
    (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
}

#[cfg(test)]
mod tests;
