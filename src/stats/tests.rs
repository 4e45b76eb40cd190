use super::*;

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

#[test]
fn wilson_matches_published_values() {
    // 8 of 10: (0.4902, 0.9433); 0 of 10: (0, 0.2775) (Newcombe 1998, method 3).
    let (lo, hi) = wilson(8, 10, Z95);
    assert!(
        close(lo, 0.4902, 1e-4) && close(hi, 0.9433, 1e-4),
        "{lo} {hi}"
    );
    let (lo, hi) = wilson(0, 10, Z95);
    assert!(lo == 0.0 && close(hi, 0.2775, 1e-4), "{lo} {hi}");
    let (lo, hi) = wilson(10, 10, Z95);
    assert!(
        close(lo, 0.7225, 1e-4) && close(hi, 1.0, 1e-12),
        "{lo} {hi}"
    );
    assert_eq!(wilson(0, 0, Z95), (0.0, 1.0));
}

#[test]
fn holm_and_bh_adjust_by_hand() {
    // p = 0.01, 0.04, 0.03, 0.005 (m = 4).
    // Holm: sorted 0.005*4 = 0.02, 0.01*3 = 0.03, 0.03*2 = 0.06, max(0.04*1, 0.06) = 0.06.
    // BH: 0.005*4/1 = 0.02, 0.01*4/2 = 0.02, 0.03*4/3 = 0.04, 0.04*4/4 = 0.04.
    let p = [0.01, 0.04, 0.03, 0.005];
    let h = holm(&p);
    let b = benjamini_hochberg(&p);
    for (got, want) in h.iter().zip([0.03, 0.06, 0.06, 0.02]) {
        assert!(close(*got, want, 1e-12), "holm {h:?}");
    }
    for (got, want) in b.iter().zip([0.02, 0.04, 0.04, 0.02]) {
        assert!(close(*got, want, 1e-12), "bh {b:?}");
    }
    assert_eq!(holm(&[0.9, 0.8]), vec![1.0, 1.0]);
    assert!(holm(&[]).is_empty());
}

#[test]
fn kappa_matches_hand_computation() {
    // scikit-learn 1.x `cohen_kappa_score` on the same lists gives 0.6, 0.5833333333333333 and
    // 0.5454545454545454.
    // po = 0.8, pe = 0.5*0.5 + 0.5*0.5 = 0.5: kappa = 0.3 / 0.5 = 0.6.
    let a = [1, 1, 0, 0, 1, 0, 1, 1, 0, 0];
    let b = [1, 0, 0, 0, 1, 1, 1, 1, 0, 0];
    assert!(close(cohen_kappa(&a, &b).unwrap_or(f64::NAN), 0.6, 1e-12));
    // po = 0.8, pe = 0.4*0.4 + 0.6*0.6 = 0.52: kappa = 0.28 / 0.48.
    let a = [1, 1, 1, 1, 0, 0, 0, 0, 0, 0];
    let b = [1, 1, 1, 0, 0, 0, 0, 0, 0, 1];
    assert!(close(
        cohen_kappa(&a, &b).unwrap_or(f64::NAN),
        0.28 / 0.48,
        1e-12
    ));
    // Three categories: po = 7/10; pe = 0.4*0.4 + 0.3*0.4 + 0.3*0.2 = 0.34.
    let a = ["x", "x", "x", "x", "y", "y", "y", "z", "z", "z"];
    let b = ["x", "x", "x", "y", "y", "y", "x", "z", "z", "y"];
    let k = cohen_kappa(&a, &b).unwrap_or(f64::NAN);
    assert!(close(k, 0.36 / 0.66, 1e-12), "{k}");
    assert_eq!(cohen_kappa(&[1, 1], &[1, 1]), None);
    assert_eq!(cohen_kappa::<u8>(&[], &[]), None);
    assert_eq!(cohen_kappa(&[1], &[1, 0]), None);
}

#[test]
fn alpha_matches_krippendorffs_worked_example() {
    // Krippendorff (2011), "Computing Krippendorff's alpha-reliability": 4 coders, 12 units,
    // nominal alpha = 0.743; the `krippendorff` Python package gives 0.743421052631579.
    let rows: [[u32; 12]; 4] = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, 0, 0, 0],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, 0, 3],
        [0, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, 0],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, 0],
    ];
    let units: Vec<Vec<Option<u32>>> = (0..12)
        .map(|u| rows.iter().map(|r| Some(r[u]).filter(|&v| v > 0)).collect())
        .collect();
    let alpha = krippendorff_alpha_nominal(&units).unwrap_or(f64::NAN);
    assert!(close(alpha, 0.743_421_052_631_579, 1e-12), "{alpha}");
    let same = vec![vec![Some(1), Some(1)], vec![Some(2), Some(2)]];
    assert_eq!(krippendorff_alpha_nominal(&same), Some(1.0));
    assert_eq!(krippendorff_alpha_nominal(&[vec![Some(1), None]]), None);
}

#[test]
fn f1_and_rogan_gladen_by_hand() {
    assert!(close(f1(8, 2, 2), 0.8, 1e-12));
    assert_eq!(f1(0, 0, 0), 0.0);
    // (0.3 + 0.9 - 1) / (0.8 + 0.9 - 1) = 0.2 / 0.7.
    let rg = rogan_gladen(0.3, 0.8, 0.9).unwrap_or(f64::NAN);
    assert!(close(rg, 0.2 / 0.7, 1e-12));
    assert_eq!(rogan_gladen(0.05, 0.8, 0.9), Some(0.0));
    assert_eq!(rogan_gladen(0.3, 0.5, 0.5), None);
}

#[test]
fn bootstrap_is_seeded_and_brackets_the_estimate() {
    let values: Vec<f64> = (0..200).map(|i| f64::from(i % 10)).collect();
    let mean =
        |draw: &[usize]| Some(draw.iter().map(|&i| values[i]).sum::<f64>() / draw.len() as f64);
    let a = bootstrap(values.len(), 500, 7, mean);
    let b = bootstrap(values.len(), 500, 7, mean);
    let c = bootstrap(values.len(), 500, 8, mean);
    assert_eq!(a, b);
    assert_ne!(a, c);
    let (lo, hi) = a.unwrap_or((f64::NAN, f64::NAN));
    assert!(lo < 4.5 && 4.5 < hi && hi - lo < 1.5, "{lo} {hi}");
    assert_eq!(bootstrap(0, 10, 1, |_| Some(1.0)), None);
    assert_eq!(bootstrap(5, 10, 1, |_| None), None);
}

#[test]
fn percentiles_interpolate() {
    let s = [1.0, 2.0, 3.0, 4.0, 5.0];
    assert_eq!(percentile(&s, 0.5), 3.0);
    assert!(close(percentile(&s, 0.025), 1.1, 1e-12));
    assert_eq!(percentile(&[], 0.5), 0.0);
}
