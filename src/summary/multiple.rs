//! Control for the number of group tests: a report runs one chi-square test per theme or
//! priority and attribute, often dozens, so each p-value is adjusted with Holm's method over all
//! of them before a difference is marked.

use super::{
    round, CodeSummary, GroupTest, GroupTestRow, GROUP_TEST_ALPHA, GROUP_TEST_MIN_EXPECTED,
    GROUP_TEST_MIN_POINTS,
};

/// Adjusts every test's p-value with Holm's method over all `rows` and marks a difference only
/// when the adjusted p is below [`GROUP_TEST_ALPHA`] (and the gap and expected counts are large
/// enough); the tests inside `codes` are updated to match their rows. The rows end sorted:
/// marked first, then by p-value, code and attribute.
pub(super) fn adjust(rows: &mut [GroupTestRow], codes: &mut [&mut Vec<CodeSummary>]) {
    mark(rows, codes);
    rows.sort_by(|a, b| {
        b.test
            .flagged
            .cmp(&a.test.flagged)
            .then(a.test.p_value.total_cmp(&b.test.p_value))
            .then_with(|| a.code.cmp(&b.code))
            .then_with(|| a.attribute.cmp(&b.attribute))
    });
}

fn mark(rows: &mut [GroupTestRow], codes: &mut [&mut Vec<CodeSummary>]) {
    let p: Vec<f64> = rows.iter().map(|r| r.test.p_value).collect();
    let adjusted = crate::stats::holm(&p);
    for (row, adj) in rows.iter_mut().zip(adjusted) {
        set(&mut row.test, adj);
        let found = codes
            .iter_mut()
            .flat_map(|c| c.iter_mut())
            .filter(|c| c.id == row.code)
            .flat_map(|c| c.by_attribute.iter_mut())
            .filter(|a| a.attribute == row.attribute)
            .filter_map(|a| a.test.as_mut());
        for t in found {
            *t = row.test.clone();
        }
    }
}

/// Sets the adjusted p-value, its display and whether the difference is marked.
fn set(t: &mut GroupTest, adjusted: f64) {
    t.p_adjusted = round(adjusted, 6);
    t.flagged = adjusted < GROUP_TEST_ALPHA
        && t.max_difference_points >= GROUP_TEST_MIN_POINTS
        && t.min_expected >= GROUP_TEST_MIN_EXPECTED;
    let shown = |p: f64| {
        if p < 0.001 {
            "< 0.001".to_string()
        } else {
            format!("= {:.3}", round(p, 3))
        }
    };
    t.p_display = format!(
        "p {}, Holm-adjusted p {}",
        shown(t.p_value),
        shown(adjusted)
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn test(p: f64, points: f64) -> GroupTest {
        GroupTest {
            statistic: 1.0,
            df: 1,
            p_value: p,
            p_adjusted: p,
            p_display: String::new(),
            min_expected: 10.0,
            max_difference_points: points,
            highest: "a".into(),
            lowest: "b".into(),
            flagged: true,
        }
    }

    #[test]
    fn holm_decides_which_differences_are_marked() {
        let row = |code: &str, p: f64| GroupTestRow {
            code: code.into(),
            name: String::new(),
            attribute: "Area".into(),
            test: test(p, 20.0),
        };
        // Holm over 0.001, 0.02, 0.04: 0.003, 0.04, 0.04; with three tests 0.02 and 0.04 are
        // still below 0.05, and 0.03 alone would be too, but a fourth test lifts them.
        let mut rows = vec![row("T01", 0.001), row("T02", 0.02), row("T03", 0.04)];
        adjust(&mut rows, &mut []);
        let got: Vec<(f64, bool)> = rows
            .iter()
            .map(|r| (r.test.p_adjusted, r.test.flagged))
            .collect();
        assert_eq!(got, vec![(0.003, true), (0.04, true), (0.04, true)]);
        assert_eq!(rows[1].test.p_display, "p = 0.020, Holm-adjusted p = 0.040");
        let mut rows = vec![
            row("T01", 0.001),
            row("T02", 0.02),
            row("T03", 0.04),
            row("T04", 0.5),
        ];
        adjust(&mut rows, &mut []);
        let flagged: Vec<bool> = rows.iter().map(|r| r.test.flagged).collect();
        assert_eq!(flagged, vec![true, false, false, false]);
    }
}
