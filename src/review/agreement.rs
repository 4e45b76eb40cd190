//! Agreement of hearken with reviewers on a coded sheet: per theme and reviewer, Cohen's kappa
//! and F1 with 95% percentile-bootstrap intervals (rows resampled), sensitivity and specificity
//! (the reviewer taken as the truth); and, when several reviewers coded the same answers,
//! Krippendorff's alpha (nominal) among the reviewers per theme.

use super::sheet::Sheet;
use crate::coding::Codebook;
use crate::model::{CodeFrame, Question, Respondent};
use crate::stats;
use serde::Serialize;
use std::collections::BTreeMap;

/// hearken's codes per (respondent id, question id): per theme, whether it was assigned.
pub type HearkenCodes = BTreeMap<(String, String), Vec<bool>>;

/// Codes every answer of the sheets the way a run would (lexicons, then overrides).
pub fn hearken_codes(codebook: &Codebook, sheets: &[Sheet]) -> HearkenCodes {
    let mut texts: BTreeMap<(String, String), &str> = BTreeMap::new();
    for row in sheets.iter().flat_map(|s| &s.rows) {
        texts
            .entry((row.id.clone(), row.question.clone()))
            .or_insert(&row.answer);
    }
    let mut qids: Vec<String> = texts.keys().map(|(_, q)| q.clone()).collect();
    qids.sort();
    qids.dedup();
    let questions: Vec<Question> = qids
        .iter()
        .enumerate()
        .map(|(i, q)| Question {
            id: q.clone(),
            text: q.clone(),
            column: i,
        })
        .collect();
    let keys: Vec<(String, String)> = texts.keys().cloned().collect();
    let respondents: Vec<Respondent> = texts
        .iter()
        .enumerate()
        .map(|(i, ((id, q), text))| {
            let mut answers = vec![None; questions.len()];
            if let Ok(at) = qids.binary_search(q) {
                answers[at] = Some((*text).to_string());
            }
            Respondent {
                seq: u32::try_from(i).unwrap_or(u32::MAX),
                row: i as u64 + 2,
                id: id.clone(),
                attributes: Vec::new(),
                consent: crate::model::Consent::Unknown,
                answers,
            }
        })
        .collect();
    let n_themes = codebook.frame().themes.len();
    let batch = codebook.answers(&questions).code_batch(respondents);
    let mut out: HearkenCodes = keys
        .into_iter()
        .map(|k| (k, vec![false; n_themes]))
        .collect();
    for c in &batch.codings {
        let Some(r) = batch.respondents.get(c.respondent as usize) else {
            continue;
        };
        let Some(question) = qids.get(usize::from(c.question)) else {
            continue;
        };
        let key = (r.id.clone(), question.clone());
        if let Some(codes) = out.get_mut(&key) {
            for t in &c.themes {
                if let Some(slot) = codes.get_mut(usize::from(t.theme)) {
                    *slot = true;
                }
            }
        }
    }
    out
}

/// hearken against one reviewer on one theme.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThemeAgreement {
    /// Theme id.
    pub theme: String,
    /// Theme name.
    pub name: String,
    /// The reviewer.
    pub reviewer: String,
    /// Answers compared.
    pub answers: u64,
    /// Both coded the theme.
    pub both: u64,
    /// Only hearken coded it (false positives, the reviewer taken as the truth).
    pub hearken_only: u64,
    /// Only the reviewer coded it (false negatives).
    pub reviewer_only: u64,
    /// Neither coded it.
    pub neither: u64,
    /// Cohen's kappa; `None` where undefined (one category throughout).
    pub kappa: Option<f64>,
    /// Its 95% bootstrap interval.
    pub kappa_ci: Option<(f64, f64)>,
    /// F1 of hearken against the reviewer.
    pub f1: f64,
    /// Its 95% bootstrap interval.
    pub f1_ci: Option<(f64, f64)>,
    /// Share of the reviewer's codes hearken also gave; `None` when the reviewer gave none.
    pub sensitivity: Option<f64>,
    /// Share of the reviewer's non-codes hearken also left out; `None` when there are none.
    pub specificity: Option<f64>,
}

/// Agreement among reviewers on one theme.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThemeAlpha {
    /// Theme id.
    pub theme: String,
    /// Answers coded by at least two reviewers.
    pub answers: u64,
    /// Krippendorff's alpha (nominal); `None` where undefined.
    pub alpha: Option<f64>,
}

/// Everything `hearken review agreement` reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Agreement {
    /// The reviewers, in the order their sheets were given.
    pub reviewers: Vec<String>,
    /// Bootstrap resamples behind the intervals, and their seed.
    pub resamples: usize,
    /// Seed of the bootstrap.
    pub seed: u64,
    /// Per reviewer, then per theme in frame order.
    pub themes: Vec<ThemeAgreement>,
    /// Per theme, with two reviewers or more.
    pub alpha: Vec<ThemeAlpha>,
}

/// Compares hearken with each sheet's reviewer and the reviewers with each other.
pub fn agreement(
    frame: &CodeFrame,
    sheets: &[Sheet],
    hearken: &HearkenCodes,
    resamples: usize,
    seed: u64,
) -> Agreement {
    let mut themes = Vec::new();
    for sheet in sheets {
        for (ti, t) in frame.themes.iter().enumerate() {
            if !sheet.themes.get(ti).copied().unwrap_or(false) {
                continue;
            }
            let pairs: Vec<(bool, bool)> = sheet
                .rows
                .iter()
                .filter_map(|r| {
                    let h = hearken.get(&(r.id.clone(), r.question.clone()))?;
                    Some((h[ti], r.codes[ti]))
                })
                .collect();
            let seed = seed ^ ((ti as u64 + 1) << 32);
            let mut a = compare(&pairs, resamples, seed);
            a.theme = t.id.clone();
            a.name = t.name.clone();
            a.reviewer = sheet.reviewer.clone();
            themes.push(a);
        }
    }
    Agreement {
        reviewers: sheets.iter().map(|s| s.reviewer.clone()).collect(),
        resamples,
        seed,
        themes,
        alpha: if sheets.len() > 1 {
            alphas(frame, sheets)
        } else {
            Vec::new()
        },
    }
}

/// Figures of (hearken, reviewer) pairs on one theme.
pub fn compare(pairs: &[(bool, bool)], resamples: usize, seed: u64) -> ThemeAgreement {
    let count = |h: bool, r: bool| pairs.iter().filter(|&&p| p == (h, r)).count() as u64;
    let (tp, fp, fn_, tn) = (
        count(true, true),
        count(true, false),
        count(false, true),
        count(false, false),
    );
    let kappa_of = |idx: &[usize]| {
        let (h, r): (Vec<bool>, Vec<bool>) = idx.iter().map(|&i| pairs[i]).unzip();
        stats::cohen_kappa(&h, &r)
    };
    let f1_of = |idx: &[usize]| {
        let (mut tp, mut fp, mut fn_) = (0, 0, 0);
        for &i in idx {
            match pairs[i] {
                (true, true) => tp += 1,
                (true, false) => fp += 1,
                (false, true) => fn_ += 1,
                _ => {}
            }
        }
        Some(stats::f1(tp, fp, fn_))
    };
    let all: Vec<usize> = (0..pairs.len()).collect();
    let ratio = |a: u64, b: u64| (a + b > 0).then(|| a as f64 / (a + b) as f64);
    ThemeAgreement {
        theme: String::new(),
        name: String::new(),
        reviewer: String::new(),
        answers: pairs.len() as u64,
        both: tp,
        hearken_only: fp,
        reviewer_only: fn_,
        neither: tn,
        kappa: kappa_of(&all),
        kappa_ci: stats::bootstrap(pairs.len(), resamples, seed, kappa_of),
        f1: stats::f1(tp, fp, fn_),
        f1_ci: stats::bootstrap(pairs.len(), resamples, seed, f1_of),
        sensitivity: ratio(tp, fn_),
        specificity: ratio(tn, fp),
    }
}

/// Krippendorff's alpha among reviewers per theme, over the answers the sheets share.
fn alphas(frame: &CodeFrame, sheets: &[Sheet]) -> Vec<ThemeAlpha> {
    let mut by_item: BTreeMap<(&str, &str), Vec<Option<&Vec<bool>>>> = BTreeMap::new();
    for (si, s) in sheets.iter().enumerate() {
        for r in &s.rows {
            let slot = by_item
                .entry((r.id.as_str(), r.question.as_str()))
                .or_insert_with(|| vec![None; sheets.len()]);
            slot[si] = Some(&r.codes);
        }
    }
    frame
        .themes
        .iter()
        .enumerate()
        .filter(|(ti, _)| sheets.iter().filter(|s| s.themes[*ti]).count() > 1)
        .map(|(ti, t)| {
            let units: Vec<Vec<Option<u32>>> = by_item
                .values()
                .map(|coders| {
                    coders
                        .iter()
                        .zip(sheets)
                        .map(|(c, s)| c.filter(|_| s.themes[ti]).map(|c| u32::from(c[ti])))
                        .collect()
                })
                .collect();
            ThemeAlpha {
                theme: t.id.clone(),
                answers: units
                    .iter()
                    .filter(|u| u.iter().flatten().count() > 1)
                    .count() as u64,
                alpha: stats::krippendorff_alpha_nominal(&units),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_of_a_theme_match_hand_computation() {
        // hearken 1100101100, reviewer 1000111100 (as stats' kappa test): kappa 0.6,
        // tp 4, fp 1, fn 1, tn 4; F1 = 8 / 10.
        let h = [1, 1, 0, 0, 1, 0, 1, 1, 0, 0];
        let r = [1, 0, 0, 0, 1, 1, 1, 1, 0, 0];
        let pairs: Vec<(bool, bool)> = h.iter().zip(r).map(|(&a, b)| (a == 1, b == 1)).collect();
        let a = compare(&pairs, 500, 3);
        assert_eq!(
            (a.both, a.hearken_only, a.reviewer_only, a.neither),
            (4, 1, 1, 4)
        );
        assert!((a.kappa.unwrap_or(f64::NAN) - 0.6).abs() < 1e-12);
        assert!((a.f1 - 0.8).abs() < 1e-12);
        assert_eq!(a.sensitivity, Some(0.8));
        assert_eq!(a.specificity, Some(0.8));
        let (lo, hi) = a.kappa_ci.unwrap_or((2.0, 2.0));
        assert!(lo < 0.6 && 0.6 < hi && hi <= 1.0, "{lo} {hi}");
        assert_eq!(compare(&pairs, 500, 3), a);
    }
}
