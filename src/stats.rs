//! Small statistics for figures an analyst has to defend: the Wilson interval of a share,
//! multiple-testing corrections (Holm, Benjamini-Hochberg), agreement between coders (Cohen's
//! kappa, Krippendorff's alpha for nominal data, F1), the Rogan-Gladen correction of a share for
//! coding error, and a seeded percentile bootstrap. Pure functions of their arguments; no stage
//! of the pipeline is known here.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::BTreeMap;

/// The normal quantile of a two-sided 95% interval.
pub const Z95: f64 = 1.959_963_984_540_054;

/// The Wilson score interval of `k` successes in `n` trials at normal quantile `z`: `(low, high)`,
/// within 0..=1, and `(0, 1)` when `n` is 0. Unlike the plain normal interval it behaves near 0
/// and 1 and for small `n`.
pub fn wilson(k: u64, n: u64, z: f64) -> (f64, f64) {
    if n == 0 {
        return (0.0, 1.0);
    }
    let n = n as f64;
    let p = (k as f64 / n).clamp(0.0, 1.0);
    let z2 = z * z;
    let centre = p + z2 / (2.0 * n);
    let spread = z * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    let denom = 1.0 + z2 / n;
    (
        ((centre - spread) / denom).max(0.0),
        ((centre + spread) / denom).min(1.0),
    )
}

/// Holm's step-down adjusted p-values (family-wise error), in the order given. Each is at least
/// the unadjusted one and at most 1; rejecting where the adjusted value is below alpha controls
/// the chance of any false positive at alpha.
pub fn holm(p: &[f64]) -> Vec<f64> {
    let m = p.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&a, &b| p[a].total_cmp(&p[b]).then(a.cmp(&b)));
    let mut out = vec![0.0; m];
    let mut running = 0.0f64;
    for (rank, &i) in order.iter().enumerate() {
        let adj = ((m - rank) as f64 * p[i]).min(1.0);
        running = running.max(adj);
        out[i] = running;
    }
    out
}

/// Benjamini-Hochberg adjusted p-values (false discovery rate), in the order given.
pub fn benjamini_hochberg(p: &[f64]) -> Vec<f64> {
    let m = p.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&a, &b| p[a].total_cmp(&p[b]).then(a.cmp(&b)));
    let mut out = vec![0.0; m];
    let mut running = 1.0f64;
    for (rank, &i) in order.iter().enumerate().rev() {
        let adj = (m as f64 / (rank + 1) as f64 * p[i]).min(1.0);
        running = running.min(adj);
        out[i] = running;
    }
    out
}

/// Cohen's kappa of two coders over the same items (nominal categories): `(po - pe) / (1 - pe)`.
/// `None` for no items, lists of different lengths, or when chance agreement is 1 (both coders
/// used one and the same category throughout), where kappa is undefined.
pub fn cohen_kappa<T: Ord>(a: &[T], b: &[T]) -> Option<f64> {
    if a.is_empty() || a.len() != b.len() {
        return None;
    }
    let n = a.len() as f64;
    let mut ca: BTreeMap<&T, f64> = BTreeMap::new();
    let mut cb: BTreeMap<&T, f64> = BTreeMap::new();
    let mut agree = 0.0;
    for (x, y) in a.iter().zip(b) {
        *ca.entry(x).or_default() += 1.0;
        *cb.entry(y).or_default() += 1.0;
        if x == y {
            agree += 1.0;
        }
    }
    let po = agree / n;
    let pe: f64 = ca
        .iter()
        .map(|(k, na)| na / n * cb.get(k).copied().unwrap_or(0.0) / n)
        .sum();
    if (1.0 - pe).abs() < 1e-12 {
        return None;
    }
    Some((po - pe) / (1.0 - pe))
}

/// Krippendorff's alpha for nominal data. `units[u][c]` is coder `c`'s category for unit `u`,
/// `None` where that coder did not code it; units with fewer than two values are left out (as
/// the method prescribes). `None` when no unit is pairable or every value is the same category.
pub fn krippendorff_alpha_nominal(units: &[Vec<Option<u32>>]) -> Option<f64> {
    // Coincidence matrix o[c][k], built from each unit's ordered pairs of values.
    let mut o: BTreeMap<(u32, u32), f64> = BTreeMap::new();
    for unit in units {
        let vals: Vec<u32> = unit.iter().flatten().copied().collect();
        let m = vals.len();
        if m < 2 {
            continue;
        }
        for (i, &c) in vals.iter().enumerate() {
            for (j, &k) in vals.iter().enumerate() {
                if i != j {
                    *o.entry((c, k)).or_default() += 1.0 / (m - 1) as f64;
                }
            }
        }
    }
    let mut nc: BTreeMap<u32, f64> = BTreeMap::new();
    for (&(c, _), v) in &o {
        *nc.entry(c).or_default() += v;
    }
    let n: f64 = nc.values().sum();
    if n <= 1.0 {
        return None;
    }
    let observed: f64 = o.iter().filter(|((c, k), _)| c != k).map(|(_, v)| v).sum();
    let expected: f64 = nc
        .iter()
        .flat_map(|(c, a)| nc.iter().map(move |(k, b)| (c, k, a * b)))
        .filter(|(c, k, _)| c != k)
        .map(|(_, _, v)| v)
        .sum::<f64>()
        / (n - 1.0);
    if expected <= 0.0 {
        return None;
    }
    Some(1.0 - observed / expected)
}

/// F1 of true positives, false positives and false negatives; 0 when all are 0.
pub fn f1(tp: u64, fp: u64, fn_: u64) -> f64 {
    let d = 2 * tp + fp + fn_;
    if d == 0 {
        0.0
    } else {
        2.0 * tp as f64 / d as f64
    }
}

/// The Rogan-Gladen estimate of a true share from the apparent (coded) share and the coder's
/// sensitivity and specificity: `(apparent + spec - 1) / (sens + spec - 1)`, clamped to 0..=1.
/// `None` when `sens + spec <= 1` (the coder is no better than chance and nothing can be said).
pub fn rogan_gladen(apparent: f64, sensitivity: f64, specificity: f64) -> Option<f64> {
    let youden = sensitivity + specificity - 1.0;
    if youden.is_nan() || youden <= 1e-9 || !apparent.is_finite() {
        return None;
    }
    Some(((apparent + specificity - 1.0) / youden).clamp(0.0, 1.0))
}

/// The `q` quantile (0..=1) of sorted values, interpolating between order statistics; 0 for none.
pub fn percentile(sorted: &[f64], q: f64) -> f64 {
    match sorted.len() {
        0 => 0.0,
        1 => sorted[0],
        n => {
            let pos = q.clamp(0.0, 1.0) * (n - 1) as f64;
            let lo = pos.floor() as usize;
            let hi = (lo + 1).min(n - 1);
            sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
        }
    }
}

/// A 95% percentile bootstrap interval of a statistic over `n` items: draws `n` item indices
/// with replacement `resamples` times from a ChaCha8 generator seeded with `seed`, computes
/// `stat` on each draw (draws where it is undefined are skipped) and returns the 2.5th and
/// 97.5th percentiles; `None` when no draw gave a value. Same seed, same interval.
pub fn bootstrap<F>(n: usize, resamples: usize, seed: u64, mut stat: F) -> Option<(f64, f64)>
where
    F: FnMut(&[usize]) -> Option<f64>,
{
    if n == 0 {
        return None;
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut draw = vec![0usize; n];
    let mut values = Vec::with_capacity(resamples);
    for _ in 0..resamples {
        for d in draw.iter_mut() {
            *d = rng.random_range(0..n);
        }
        if let Some(v) = stat(&draw).filter(|v| v.is_finite()) {
            values.push(v);
        }
    }
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    Some((percentile(&values, 0.025), percentile(&values, 0.975)))
}

#[cfg(test)]
mod tests;
