use super::*;
use rand::seq::SliceRandom;

/// One simulated survey: `n` answers whose true share of a theme is about `share`, a coder of
/// the given sensitivity and specificity, and a reviewed random sample of `reviewed` answers.
/// Returns (true share, raising, pairs of the reviewed sample).
fn simulate(
    seed: u64,
    n: usize,
    share: f64,
    sens: f64,
    spec: f64,
    reviewed: usize,
) -> (f64, u64, Vec<(bool, bool)>) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let truth: Vec<bool> = (0..n).map(|_| rng.random_bool(share)).collect();
    let coded: Vec<bool> = truth
        .iter()
        .map(|&t| {
            if t {
                rng.random_bool(sens)
            } else {
                rng.random_bool(1.0 - spec)
            }
        })
        .collect();
    let mut idx: Vec<usize> = (0..n).collect();
    idx.shuffle(&mut rng);
    let pairs = idx[..reviewed]
        .iter()
        .map(|&i| (coded[i], truth[i]))
        .collect();
    let true_share = truth.iter().filter(|&&t| t).count() as f64 / n as f64;
    let raising = coded.iter().filter(|&&c| c).count() as u64;
    (true_share, raising, pairs)
}

#[test]
fn corrected_interval_covers_the_truth_and_raw_does_not() {
    // 200 surveys of 4,000 answers, true share 30%, a coder that finds 60% of the theme's
    // answers and wrongly codes 5% of the others (apparent share about 21.5%), 300 reviewed.
    let (runs, n) = (200u64, 4_000u64);
    let (mut corrected_hits, mut raw_hits) = (0, 0);
    for seed in 0..runs {
        let (truth, raising, pairs) = simulate(seed, n as usize, 0.3, 0.6, 0.95, 300);
        let c = corrected_share(raising, n, &pairs, 400, seed);
        let (lo, hi) = c.interval.unwrap_or((2.0, 2.0));
        if lo <= truth && truth <= hi {
            corrected_hits += 1;
        }
        if c.raw_interval.0 <= truth && truth <= c.raw_interval.1 {
            raw_hits += 1;
        }
    }
    let coverage = f64::from(corrected_hits) / runs as f64;
    let raw = f64::from(raw_hits) / runs as f64;
    eprintln!("corrected-share coverage {coverage}, raw-share coverage {raw}");
    assert!(coverage >= 0.90, "corrected coverage {coverage}");
    assert!(raw < 0.05, "raw coverage {raw}");
}

#[test]
fn a_perfect_coder_needs_no_correction() {
    let pairs: Vec<(bool, bool)> = (0..100).map(|i| (i % 4 == 0, i % 4 == 0)).collect();
    let c = corrected_share(250, 1000, &pairs, 200, 1);
    assert_eq!(c.sensitivity, Some(1.0));
    assert_eq!(c.specificity, Some(1.0));
    assert_eq!(c.corrected, Some(0.25));
    assert_eq!(c.reviewed, 100);
    let (lo, hi) = c.interval.unwrap_or((2.0, 2.0));
    assert!(lo < 0.25 && 0.25 < hi && hi - lo < 0.1, "{lo} {hi}");
}

#[test]
fn no_correction_without_positives_in_the_sample() {
    let pairs = vec![(false, false); 50];
    let c = corrected_share(10, 1000, &pairs, 200, 1);
    assert_eq!(c.sensitivity, None);
    assert_eq!(c.corrected, None);
    assert_eq!(c.interval, None);
}
