//! Distinctive words and phrases: weighted log-odds ratios with an informative Dirichlet prior
//! (Monroe, Colaresi & Quinn 2008, "Fightin' Words"), over stems, shown in their commonest
//! surface form.
//!
//! Words come from the same normaliser as coding (`text::Normalizer`: segmentation, folding,
//! Snowball stems), so "waiting" here is the word a lexicon's "wait" matches. Negation is not
//! part of a term: "not listened" counts under "listened", as the negator is a stop word.
//!
//! The prior is the whole corpus' term distribution scaled to `PRIOR_SIZE` pseudo-counts (or a
//! tenth of the corpus when that is smaller, so a small consultation is not swamped by its prior),
//! which shrinks rare terms towards "not distinctive" instead of letting one-off words top the list.

use super::stats::round;
use super::tokens::is_stop;
use crate::text::Normalizer;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// Pseudo-counts of the informative prior (alpha_0).
const PRIOR_SIZE: f64 = 500.0;
/// A term must occur at least this often in the group to be listed.
const MIN_COUNT: u64 = 3;
/// Only terms with z above this are listed (two-sided 5 % level).
const MIN_Z: f64 = 1.96;

/// A distinctive term of a group of answers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Term {
    /// The commonest surface form (lower case); two words for a phrase.
    pub term: String,
    /// Occurrences in the group's answers.
    pub count: u64,
    /// Occurrences in the other answers.
    pub count_other: u64,
    /// Weighted log-odds ratio (group vs the rest), 3 decimals.
    pub log_odds: f64,
    /// Its z-score, 2 decimals.
    pub z: f64,
}

/// How a word is shown: as written when it is an acronym ("GP", "NHS", "A&E"), else folded
/// (lower case, apostrophes kept: "we've").
fn surface_form(original: &str, folded: &str) -> String {
    let letters = original.chars().filter(|c| c.is_alphabetic()).count();
    if letters >= 2 && original.chars().all(|c| !c.is_lowercase()) && original.len() <= 6 {
        original.to_string()
    } else {
        folded.to_string()
    }
}

/// Stemmed unigrams and within-sentence bigrams of content words, interned over a corpus.
pub struct Corpus {
    surface: Vec<String>,
    docs: Vec<Vec<u32>>,
    totals: Vec<u64>,
}

impl Corpus {
    /// Tokenises every text (in parallel) and interns the terms in text order.
    pub fn build(texts: &[&str]) -> Corpus {
        let analysed: Vec<Vec<(String, String)>> = texts
            .par_iter()
            .map_init(Normalizer::new, |norm, text| {
                let mut out = Vec::new();
                let mut prev: Option<(String, String, usize, u32)> = None;
                for t in norm.tokens(text) {
                    if is_stop(&t.folded) {
                        prev = None;
                        continue;
                    }
                    let form = surface_form(text.get(t.start..t.end).unwrap_or(""), &t.folded);
                    if let Some((ps, pf, pend, psent)) = prev.take() {
                        // A phrase only within a sentence and when nothing but spaces lies
                        // between the words.
                        if psent == t.sentence
                            && text
                                .get(pend..t.start)
                                .is_some_and(|g| g.chars().all(char::is_whitespace))
                        {
                            out.push((format!("{ps} {}", t.stem), format!("{pf} {form}")));
                        }
                    }
                    out.push((t.stem.clone(), form.clone()));
                    prev = Some((t.stem, form, t.end, t.sentence));
                }
                out
            })
            .collect();
        let mut ids: HashMap<String, u32> = HashMap::new();
        let mut forms: Vec<BTreeMap<String, u64>> = Vec::new();
        let mut totals: Vec<u64> = Vec::new();
        let mut docs = Vec::with_capacity(analysed.len());
        for doc in analysed {
            let mut d = Vec::with_capacity(doc.len());
            for (key, surface) in doc {
                let next = ids.len() as u32;
                let id = *ids.entry(key).or_insert(next);
                if id == next {
                    forms.push(BTreeMap::new());
                    totals.push(0);
                }
                *forms[id as usize].entry(surface).or_insert(0) += 1;
                totals[id as usize] += 1;
                d.push(id);
            }
            docs.push(d);
        }
        let surface = forms
            .into_iter()
            .map(|f| {
                // Commonest form; ties go to the alphabetically first (BTreeMap order + strict >).
                let mut best: Option<(&String, u64)> = None;
                for (s, n) in &f {
                    if best.map_or(true, |(_, b)| *n > b) {
                        best = Some((s, *n));
                    }
                }
                best.map(|(s, _)| s.clone()).unwrap_or_default()
            })
            .collect();
        Corpus {
            surface,
            docs,
            totals,
        }
    }

    /// The top `top` distinctive terms of the documents marked `in_group` against the rest.
    pub fn distinctive(&self, in_group: &[bool], top: usize) -> Vec<Term> {
        let mut y_in = vec![0u64; self.totals.len()];
        for (d, _) in self.docs.iter().zip(in_group).filter(|(_, g)| **g) {
            for &t in d {
                y_in[t as usize] += 1;
            }
        }
        let n_all: u64 = self.totals.iter().sum();
        let n_in: u64 = y_in.iter().sum();
        if n_all == 0 || n_in == 0 || n_in == n_all {
            return Vec::new();
        }
        let n_out = n_all - n_in;
        let (a0, ni, nj) = (
            PRIOR_SIZE.min(n_all as f64 / 10.0),
            n_in as f64,
            n_out as f64,
        );
        let mut out: Vec<Term> = Vec::new();
        for (t, (&yi, &tot)) in y_in.iter().zip(&self.totals).enumerate() {
            if yi < MIN_COUNT {
                continue;
            }
            let yj = tot - yi;
            let aw = a0 * tot as f64 / n_all as f64;
            let (yi, yjf) = (yi as f64, yj as f64);
            let delta =
                ((yi + aw) / (ni + a0 - yi - aw)).ln() - ((yjf + aw) / (nj + a0 - yjf - aw)).ln();
            let var = 1.0 / (yi + aw) + 1.0 / (yjf + aw);
            let z = delta / var.sqrt();
            if z.is_finite() && z > MIN_Z {
                out.push(Term {
                    term: self.surface[t].clone(),
                    count: yi as u64,
                    count_other: yj,
                    log_odds: round(delta, 3),
                    z: round(z, 2),
                });
            }
        }
        out.sort_by(|a, b| b.z.total_cmp(&a.z).then_with(|| a.term.cmp(&b.term)));
        out.truncate(top);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distinctive_terms_use_surface_forms_and_skip_stop_words() {
        let mut texts =
            vec!["The respite breaks for carers are vital and the carers need respite"; 8];
        texts.extend(["The buses to the hospital are slow and the parking is expensive"; 20]);
        let c = Corpus::build(&texts);
        let group: Vec<bool> = (0..texts.len()).map(|i| i < 8).collect();
        let terms = c.distinctive(&group, 10);
        let names: Vec<&str> = terms.iter().map(|t| t.term.as_str()).collect();
        assert!(
            names.contains(&"respite") && names.contains(&"carers"),
            "{names:?}"
        );
        assert!(names.contains(&"respite breaks"), "{names:?}");
        assert!(!names
            .iter()
            .any(|n| ["the", "and", "are", "to"].contains(n)));
        let carers = terms
            .iter()
            .find(|t| t.term == "carers")
            .map(|t| (t.count, t.count_other));
        assert_eq!(carers, Some((16, 0)));
        assert!(terms.iter().all(|t| t.z > 1.96));
    }

    #[test]
    fn terms_share_the_coding_normaliser_and_keep_readable_forms() {
        let mut texts =
            vec!["We've waited months for the GP and we are still waiting on the GP"; 6];
        texts.extend(["Waiting for the GP is slow. We've had enough"; 2]);
        texts.extend(["The pharmacy delivers tablets to the house every week"; 20]);
        let c = Corpus::build(&texts);
        let group: Vec<bool> = (0..texts.len()).map(|i| i < 8).collect();
        let terms = c.distinctive(&group, 10);
        let find = |name: &str| terms.iter().find(|t| t.term == name).map(|t| t.count);
        // "waited" and "waiting" are one stem, shown in its commonest form.
        assert_eq!(find("waiting"), Some(14), "{terms:?}");
        assert_eq!(find("waited"), None);
        // Acronyms keep their capitals; contractions are function words.
        assert_eq!(find("GP"), Some(14));
        assert!(!terms.iter().any(|t| t.term.contains("we've")), "{terms:?}");
        // No phrase spans a sentence end ("slow. We've").
        assert!(!terms.iter().any(|t| t.term == "slow had"));
    }
}
