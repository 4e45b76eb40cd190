//! Small statistics: chi-square test of independence and its p-value (regularised incomplete
//! gamma function, Numerical Recipes style), and the rounding every reported figure goes through.

/// Rounds to `dp` decimal places so figures serialise the same way everywhere.
pub fn round(x: f64, dp: i32) -> f64 {
    if !x.is_finite() {
        return 0.0;
    }
    let m = 10f64.powi(dp);
    let r = (x * m).round() / m;
    if r == 0.0 {
        0.0 // no "-0.0" in outputs
    } else {
        r
    }
}

/// `raising / answered`, 0 when nobody answered.
pub fn share(raising: u64, answered: u64) -> f64 {
    if answered == 0 {
        0.0
    } else {
        raising as f64 / answered as f64
    }
}

/// ln Γ(x) for x > 0 (Lanczos approximation, about 15 significant digits).
fn ln_gamma(x: f64) -> f64 {
    const G: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Reflection formula.
        let pi = std::f64::consts::PI;
        return (pi / (pi * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut a = G[0];
    let t = x + 7.5;
    for (i, g) in G.iter().enumerate().skip(1) {
        a += g / (x + i as f64);
    }
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + a.ln()
}

/// Regularised upper incomplete gamma Q(a, x) = Γ(a, x) / Γ(a).
pub fn gamma_q(a: f64, x: f64) -> f64 {
    if x <= 0.0 || a <= 0.0 {
        return 1.0;
    }
    let gln = ln_gamma(a);
    if x < a + 1.0 {
        // Series for P(a, x).
        let mut ap = a;
        let mut sum = 1.0 / a;
        let mut del = sum;
        for _ in 0..1000 {
            ap += 1.0;
            del *= x / ap;
            sum += del;
            if del.abs() < sum.abs() * 1e-15 {
                break;
            }
        }
        let p = sum * (-x + a * x.ln() - gln).exp();
        (1.0 - p).clamp(0.0, 1.0)
    } else {
        // Continued fraction for Q(a, x) (modified Lentz).
        let tiny = 1e-300;
        let mut b = x + 1.0 - a;
        let mut c = 1.0 / tiny;
        let mut d = 1.0 / b;
        let mut h = d;
        for i in 1..1000 {
            let an = -(i as f64) * (i as f64 - a);
            b += 2.0;
            d = an * d + b;
            if d.abs() < tiny {
                d = tiny;
            }
            c = b + an / c;
            if c.abs() < tiny {
                c = tiny;
            }
            d = 1.0 / d;
            let del = d * c;
            h *= del;
            if (del - 1.0).abs() < 1e-15 {
                break;
            }
        }
        ((-x + a * x.ln() - gln).exp() * h).clamp(0.0, 1.0)
    }
}

/// Upper tail P(X >= x) of a chi-square distribution with `df` degrees of freedom.
pub fn chi_square_sf(x: f64, df: f64) -> f64 {
    gamma_q(df / 2.0, x / 2.0)
}

/// A chi-square test of independence on a 2 x k table (raised / not raised by group).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChiSquare {
    /// The statistic.
    pub statistic: f64,
    /// Degrees of freedom (k - 1).
    pub df: u32,
    /// Upper-tail probability.
    pub p_value: f64,
    /// The smallest expected cell count.
    pub min_expected: f64,
}

/// Tests independence of "raised" and group over groups given as (answered, raising); groups with
/// nobody answering are left out. `None` when fewer than two groups remain or nobody (or
/// everybody) raised the theme.
pub fn chi_square(groups: &[(u64, u64)]) -> Option<ChiSquare> {
    let gs: Vec<(f64, f64)> = groups
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|&(n, k)| (n as f64, k.min(n) as f64))
        .collect();
    if gs.len() < 2 {
        return None;
    }
    let total: f64 = gs.iter().map(|g| g.0).sum();
    let raised: f64 = gs.iter().map(|g| g.1).sum();
    if raised == 0.0 || raised == total {
        return None;
    }
    let p = raised / total;
    let mut stat = 0.0;
    let mut min_expected = f64::MAX;
    for &(n, k) in &gs {
        for (obs, exp) in [(k, n * p), (n - k, n * (1.0 - p))] {
            min_expected = min_expected.min(exp);
            stat += (obs - exp) * (obs - exp) / exp;
        }
    }
    let df = (gs.len() - 1) as u32;
    Some(ChiSquare {
        statistic: stat,
        df,
        p_value: chi_square_sf(stat, f64::from(df)),
        min_expected,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chi_square_tail_matches_tables() {
        // Critical values: df 1 at 3.841 -> 0.05; df 1 at 6.635 -> 0.01; df 4 at 13.277 -> 0.01.
        assert!((chi_square_sf(3.841_459, 1.0) - 0.05).abs() < 1e-6);
        assert!((chi_square_sf(6.634_897, 1.0) - 0.01).abs() < 1e-6);
        assert!((chi_square_sf(13.276_704, 4.0) - 0.01).abs() < 1e-6);
        assert!((chi_square_sf(2.0, 2.0) - (-1.0f64).exp()).abs() < 1e-12);
        assert_eq!(chi_square_sf(0.0, 3.0), 1.0);
    }

    #[test]
    fn chi_square_of_a_two_by_two_table() {
        // 30/50 vs 10/50: expected 20 each raised; statistic = 4 * 100/20 + ... = 16.6667.
        let t = chi_square(&[(50, 30), (50, 10)]).unwrap_or(ChiSquare {
            statistic: 0.0,
            df: 0,
            p_value: 1.0,
            min_expected: 0.0,
        });
        assert!((t.statistic - 16.666_666_666_666_668).abs() < 1e-9);
        assert_eq!(t.df, 1);
        assert!((t.min_expected - 20.0).abs() < 1e-12);
        assert!(t.p_value < 0.0001 && t.p_value > 0.00004);
        assert_eq!(chi_square(&[(50, 0), (50, 0)]), None);
        assert_eq!(chi_square(&[(50, 10), (0, 0)]), None);
    }

    #[test]
    fn rounding_is_stable() {
        assert_eq!(round(0.766_66, 4), 0.7667);
        assert_eq!(round(-0.000_01, 3), 0.0);
        assert_eq!(round(f64::NAN, 2), 0.0);
    }
}
