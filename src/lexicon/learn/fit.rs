//! The parts of learning that fit and score one label: features, folds, the penalty path, the
//! thresholds and how written terms read back.

use super::*;

/// F1 from true positives, predictions and actual positives (0 when undefined).
pub(super) fn f1(tp: usize, predicted: usize, actual: usize) -> f64 {
    if tp == 0 {
        0.0
    } else {
        2.0 * tp as f64 / (predicted + actual) as f64
    }
}

/// Fold of each answer: a seeded shuffle dealt round-robin, so folds differ in size by at most 1.
pub(super) fn fold_assignment(n: usize, folds: usize, seed: u64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.shuffle(&mut ChaCha8Rng::seed_from_u64(seed));
    let mut fold = vec![0; n];
    for (k, &i) in order.iter().enumerate() {
        fold[i] = k % folds;
    }
    fold
}

/// Per-feature factor turning a count into a model feature: idf over a global scale chosen so a
/// typical answer's feature vector has length about 1 (keeps the penalty meaningful whatever the
/// answer lengths). A written weight is the model weight times this factor.
pub(super) fn factors(counts: &Counts, idf: &[f64]) -> Vec<f64> {
    let scale = feature_scale(counts, idf);
    idf.iter().map(|v| v / scale).collect()
}

/// Model features from counts.
pub(super) fn features(counts: &Counts, factor: &[f64]) -> Counts {
    counts
        .iter()
        .map(|d| d.iter().map(|&(j, c)| (j, c * factor[j])).collect())
        .collect()
}

/// Written (rounded) per-match weights of a model; zero weights are left out.
pub(super) fn written_weights(model: &Model, factor: &[f64]) -> BTreeMap<usize, f32> {
    model
        .w
        .iter()
        .enumerate()
        .filter(|(_, &v)| v != 0.0)
        .map(|(j, &v)| (j, round4(v * factor[j])))
        .filter(|(_, v)| *v != 0.0)
        .collect()
}

/// Whether any written term counts in an answer, and its score, as the coder computes them.
pub(super) fn score(doc: &[(usize, f64)], weights: &BTreeMap<usize, f32>) -> (bool, f32) {
    let mut counted = false;
    let mut s = 0.0f32;
    for (j, c) in doc {
        if let Some(w) = weights.get(j) {
            counted = true;
            s += w * (*c as f32);
        }
    }
    (counted, s)
}

/// The weakest penalty tried, as a share of the one that removes every term.
pub(super) const PATH_RATIO: f64 = 0.01;

/// Chooses a label's penalty and cut-off by cross-validation and refits on every answer.
///
/// For each fold, a path of penalties is fitted on the other folds; each model scores the held-out
/// answers with its written (rounded) weights. Per penalty the cut-off on the log-odds that gives
/// the best pooled out-of-fold F1 is found; the penalty with the best F1 wins (the stronger one on
/// a tie), among those whose full-sample model keeps at most `max_terms` terms.
pub(super) fn choose(
    counts: &Counts,
    factor: &[f64],
    y: &[bool],
    folds: &[usize],
    opts: &LearnOptions,
    max_terms: usize,
) -> Chosen {
    let dims = factor.len();
    let x = features(counts, factor);
    let all: Vec<usize> = (0..y.len()).collect();
    let full = Columns::from_rows(&x, &all, dims);
    let solver = Solver::default();
    let top = logistic::lambda_max(&full, y, opts.l1_ratio, true);
    let grid = logistic::lambda_grid(top, PATH_RATIO, opts.path_length);
    let full_path = logistic::path(&full, y, &grid, opts.l1_ratio, solver);
    let full_weights: Vec<BTreeMap<usize, f32>> = full_path
        .iter()
        .map(|m| written_weights(m, factor))
        .collect();

    let mut oof = out_of_fold(counts, &x, y, folds, opts, (&grid, factor));
    let mut best: Option<(f64, usize, f64, Tally)> = None;
    for (k, scored) in oof.iter_mut().enumerate() {
        if full_weights[k].len() > max_terms {
            continue;
        }
        let (f, cutoff, counts) = best_cutoff(scored);
        if best.as_ref().map_or(true, |b| f > b.0 + 1e-12) {
            best = Some((f, k, cutoff, counts));
        }
    }
    let positives = y.iter().filter(|&&t| t).count();
    let (cv_f1, k, cutoff, cv_counts) = match best {
        Some(b) if b.2.is_finite() => b,
        // Nothing learnable: an empty theme, never assigned.
        _ => {
            return Chosen {
                model: Model {
                    w: vec![0.0; dims],
                    b: 0.0,
                },
                weights: BTreeMap::new(),
                cutoff: 1.0,
                lambda: top,
                cv_f1: 0.0,
                cv_counts: (0, 0, positives),
                oof: Vec::new(),
            }
        }
    };
    Chosen {
        model: full_path.get(k).cloned().unwrap_or(Model {
            w: vec![0.0; dims],
            b: 0.0,
        }),
        weights: full_weights.get(k).cloned().unwrap_or_default(),
        cutoff,
        lambda: grid.get(k).copied().unwrap_or(0.0),
        cv_f1,
        cv_counts,
        oof: std::mem::take(&mut oof[k]),
    }
}

/// Out-of-fold (log-odds, label) of every answer per penalty of `grid`: each fold's models
/// are fitted on the other folds. Answers with no counted term are never coded.
pub(super) fn out_of_fold(
    counts: &Counts,
    x: &Counts,
    y: &[bool],
    folds: &[usize],
    opts: &LearnOptions,
    (grid, factor): (&[f64], &[f64]),
) -> Vec<Vec<(f64, bool)>> {
    let mut oof: Vec<Vec<(f64, bool)>> = vec![Vec::with_capacity(y.len()); grid.len()];
    let all: Vec<usize> = (0..y.len()).collect();
    let (dims, solver) = (factor.len(), Solver::default());
    for f in 0..opts.folds {
        let train: Vec<usize> = all.iter().copied().filter(|&i| folds[i] != f).collect();
        let held: Vec<usize> = all.iter().copied().filter(|&i| folds[i] == f).collect();
        if train.is_empty() || held.is_empty() {
            continue;
        }
        let xt = Columns::from_rows(x, &train, dims);
        let yt: Vec<bool> = train.iter().map(|&i| y[i]).collect();
        let models = logistic::path(&xt, &yt, grid, opts.l1_ratio, solver);
        for (k, m) in models.iter().enumerate() {
            let weights = written_weights(m, factor);
            for &i in &held {
                let (counted, s) = score(&counts[i], &weights);
                let margin = if counted {
                    f64::from(s) + m.b
                } else {
                    f64::NEG_INFINITY
                };
                oof[k].push((margin, y[i]));
            }
        }
    }
    oof
}

/// Refits a chosen model at its penalty on new counts (warm-started), keeping its cut-off.
pub(super) fn refit(
    counts: &Counts,
    factor: &[f64],
    y: &[bool],
    opts: &LearnOptions,
    c: &Chosen,
) -> Chosen {
    if c.weights.is_empty() {
        return c.clone();
    }
    let x = features(counts, factor);
    let all: Vec<usize> = (0..y.len()).collect();
    let full = Columns::from_rows(&x, &all, factor.len());
    let model = logistic::fit(
        &full,
        y,
        logistic::Penalty::elastic(c.lambda, opts.l1_ratio),
        c.model.clone(),
        Solver::default(),
    );
    Chosen {
        weights: written_weights(&model, factor),
        model,
        ..c.clone()
    }
}

/// Moves each label's cut-off, one label at a time and in turn, to where the pooled out-of-fold
/// micro F1 over all labels is highest (each label's own best F1 over-codes rare labels, which
/// costs more precision than it adds recall). Three rounds; a cut-off only moves on a gain.
pub(super) fn tune_cutoffs_jointly(chosen: &mut [Chosen]) {
    let actual: usize = chosen.iter().map(|c| c.cv_counts.2).sum();
    for _round in 0..3 {
        for l in 0..chosen.len() {
            if chosen[l].weights.is_empty() || chosen[l].oof.is_empty() {
                continue;
            }
            let (tp_rest, pred_rest) = chosen
                .iter()
                .enumerate()
                .filter(|(k, _)| *k != l)
                .fold((0, 0), |acc, (_, c)| {
                    (acc.0 + c.cv_counts.0, acc.1 + c.cv_counts.1)
                });
            let micro = |tp: usize, pred: usize| f1(tp_rest + tp, pred_rest + pred, actual);
            let c = &mut chosen[l];
            let mut best = (
                micro(c.cv_counts.0, c.cv_counts.1),
                c.cutoff,
                c.cv_counts.0,
                c.cv_counts.1,
            );
            let mut tp = 0;
            for k in 0..c.oof.len() {
                let here = c.oof[k].0;
                if here == f64::NEG_INFINITY {
                    break;
                }
                if c.oof[k].1 {
                    tp += 1;
                }
                let next = c.oof.get(k + 1).map(|s| s.0);
                if next == Some(here) {
                    continue;
                }
                let cutoff = match next {
                    Some(n) if n > f64::NEG_INFINITY => (here + n) / 2.0,
                    _ => here - 0.5,
                };
                let value = micro(tp, k + 1);
                if value > best.0 + 1e-12 {
                    best = (value, cutoff, tp, k + 1);
                }
            }
            c.cutoff = best.1;
            c.cv_counts = (best.2, best.3, c.cv_counts.2);
            c.cv_f1 = f1(best.2, best.3, c.cv_counts.2);
        }
    }
}

/// The cut-off on (log-odds, label) pairs with the best F1, with that F1 and its (true positives,
/// predicted, actual); cut-offs lie halfway between distinct finite scores. With nothing worth
/// coding the cut-off is infinite (the theme is never assigned).
pub(super) fn best_cutoff(scored: &mut [(f64, bool)]) -> (f64, f64, Tally) {
    let actual = scored.iter().filter(|s| s.1).count();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut best = (0.0, f64::INFINITY, (0, 0, actual));
    let mut tp = 0;
    for k in 0..scored.len() {
        let here = scored[k].0;
        if here == f64::NEG_INFINITY {
            break;
        }
        if scored[k].1 {
            tp += 1;
        }
        let next = scored.get(k + 1).map(|s| s.0);
        if next == Some(here) {
            continue;
        }
        let cutoff = match next {
            Some(n) if n > f64::NEG_INFINITY => (here + n) / 2.0,
            _ => here - 0.5,
        };
        let value = f1(tp, k + 1, actual);
        if value > best.0 + 1e-12 {
            best = (value, cutoff, (tp, k + 1, actual));
        }
    }
    best
}

/// Whether a written term matches exactly the stems it was learned from (a surface form that
/// segments differently, e.g. with a glob character, would not).
pub(super) fn reads_back(key: &Key, written: &str, norm: &Normalizer) -> bool {
    let parsed = parse_term(written, norm);
    let stems: Vec<&str> = parsed
        .words
        .iter()
        .filter_map(|w| match w {
            TermWord::Word { stem, .. } => Some(stem.as_str()),
            _ => None,
        })
        .collect();
    match &key.1 {
        None => parsed.words.len() == 1 && stems == [key.0.as_str()],
        Some(second) => parsed.words.len() == 2 && stems == [key.0.as_str(), second.as_str()],
    }
}

/// The surface form written for a term: the spelling people used most often (ties: alphabetical).
pub(super) fn surface(key: &Key, surfaces: &HashMap<Key, HashMap<String, usize>>) -> String {
    let fallback = match &key.1 {
        Some(second) => format!("{} {}", key.0, second),
        None => key.0.clone(),
    };
    surfaces
        .get(key)
        .and_then(|m| {
            m.iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                .map(|(s, _)| s.clone())
        })
        .unwrap_or(fallback)
}

/// Counts the terms of `vocab` in a text the way the coder does: at each word the longest term
/// starting there (a two-word term over a one-word one), and a match lying inside a longer earlier
/// match is dropped (the one-word term inside a phrase), while crossing phrases both count.
pub(super) fn segment(
    doc: &[Word],
    index: &HashMap<Key, usize>,
    vocab: &BTreeSet<usize>,
) -> Vec<(usize, f64)> {
    let lookup = |k: Key| index.get(&k).copied().filter(|j| vocab.contains(j));
    let mut counts: BTreeMap<usize, f64> = BTreeMap::new();
    let mut reach = 0; // one past the last word of the matches so far
    for i in 0..doc.len() {
        let phrase = doc
            .get(i + 1)
            .and_then(|next| lookup((doc[i].stem.clone(), Some(next.stem.clone()))))
            .map(|j| (j, i + 2));
        let Some((j, end)) =
            phrase.or_else(|| lookup((doc[i].stem.clone(), None)).map(|j| (j, i + 1)))
        else {
            continue;
        };
        if reach >= end {
            continue;
        }
        *counts.entry(j).or_insert(0.0) += 1.0;
        reach = end;
    }
    counts.into_iter().collect()
}

/// A global scale so that a typical answer's feature vector has length about 1 (keeps the
/// regularisation cost meaningful whatever the answer lengths).
pub(super) fn feature_scale(docs: &[Vec<(usize, f64)>], idf: &[f64]) -> f64 {
    let norms: Vec<f64> = docs
        .iter()
        .map(|d| {
            d.iter()
                .map(|&(j, c)| (c * idf[j]).powi(2))
                .sum::<f64>()
                .sqrt()
        })
        .filter(|n| *n > 0.0)
        .collect();
    if norms.is_empty() {
        1.0
    } else {
        norms.iter().sum::<f64>() / norms.len() as f64
    }
}

/// Rounds to 4 decimals so written weights are readable and scores reproduce exactly.
pub(super) fn round4(v: f64) -> f32 {
    ((v * 10_000.0).round() / 10_000.0) as f32
}
