//! Measuring the coder against human codes (`hearken evaluate`): per-label precision, recall, F1,
//! support and Cohen's kappa with bootstrap confidence intervals, micro and macro averages, and
//! the errors with the evidence behind them (the worst ones per label, so a lexicon can be
//! improved from the report).
//!
//! Gold labels are matched to theme ids or names; a [`LabelMap`] instead translates the labels
//! of another code frame into theme ids, and only the themes it names are then evaluated.

mod bootstrap;
mod label_map;

pub use bootstrap::{Interval, MAX_RESAMPLES};
pub use label_map::{
    LabelMap, LabelMapError, MappedLabel, MAX_LABELS, MAX_LABEL_MAP_BYTES, MAX_THEMES_PER_LABEL,
};

use super::{Coder, Verdict};
use crate::lexicon::learn::CodedSample;
use crate::model::{CodeFrame, Evidence};
use rayon::prelude::*;

/// One match behind a disagreement, with its theme named by id (as the label is).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LabelEvidence {
    /// Theme id the entry belongs to.
    pub theme: String,
    /// The entry as written in the lexicon.
    pub entry: String,
    /// Byte offset of the match start in the answer.
    pub start: usize,
    /// Byte offset one past the match end.
    pub end: usize,
    /// The weight the match contributed (0 when negated or excluded).
    pub weight: f32,
    /// True when the match fell in a negation scope.
    pub negated: bool,
}

impl LabelEvidence {
    fn new(e: &Evidence, frame: &CodeFrame) -> Self {
        LabelEvidence {
            theme: frame.theme_id(e.theme).to_string(),
            entry: e.entry.clone(),
            start: e.start,
            end: e.end,
            weight: e.weight,
            negated: e.negated,
        }
    }
}
use bootstrap::{Counts, Outcomes};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Agreement figures for one label.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LabelMetrics {
    /// The label (the theme id when a gold label matched a theme).
    pub label: String,
    /// tp / (tp + fp); 0 when nothing was predicted.
    pub precision: f64,
    /// tp / (tp + fn); 0 when the label never occurs in the gold codes.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
    /// Answers with the label in the gold codes.
    pub support: usize,
    /// Cohen's kappa of label present/absent per answer (1 when both always agree trivially).
    pub kappa: f64,
    /// Answers with the label in both.
    pub tp: usize,
    /// Answers coded with the label by hearken only.
    pub fp: usize,
    /// Answers with the label in the gold codes only.
    #[serde(rename = "fn")]
    pub fn_: usize,
    /// Bootstrap confidence interval of the precision.
    pub precision_ci: Interval,
    /// Bootstrap confidence interval of the recall.
    pub recall_ci: Interval,
    /// Bootstrap confidence interval of the F1.
    pub f1_ci: Interval,
}

/// How the confidence intervals were computed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BootstrapSettings {
    /// "percentile bootstrap over answers".
    pub method: &'static str,
    /// Resamples drawn (0: no intervals, all `[0, 0]`).
    pub resamples: usize,
    /// Seed of the generator (ChaCha8), so the intervals are reproducible.
    pub seed: u64,
    /// Coverage of the intervals (0.95).
    pub confidence: f64,
}

/// Agreement over a whole gold file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Metrics {
    /// Answers compared.
    pub documents: usize,
    /// Precision over all (answer, label) decisions pooled.
    pub micro_precision: f64,
    /// Recall over all decisions pooled.
    pub micro_recall: f64,
    /// F1 over all decisions pooled.
    pub micro_f1: f64,
    /// Mean of the per-label F1.
    pub macro_f1: f64,
    /// Mean of the per-label precision.
    pub macro_precision: f64,
    /// Mean of the per-label recall.
    pub macro_recall: f64,
    /// Interval of `micro_precision`.
    pub micro_precision_ci: Interval,
    /// Interval of `micro_recall`.
    pub micro_recall_ci: Interval,
    /// Interval of `micro_f1`.
    pub micro_f1_ci: Interval,
    /// Interval of `macro_precision`.
    pub macro_precision_ci: Interval,
    /// Interval of `macro_recall`.
    pub macro_recall_ci: Interval,
    /// Interval of `macro_f1`.
    pub macro_f1_ci: Interval,
    /// How the intervals were computed.
    pub bootstrap: BootstrapSettings,
    /// Per label, sorted by label; every label evaluated.
    pub labels: Vec<LabelMetrics>,
}

/// Binary Cohen's kappa from a 2x2 table.
fn kappa(tp: usize, fp: usize, fn_: usize, tn: usize) -> f64 {
    let n = (tp + fp + fn_ + tn) as f64;
    if n == 0.0 {
        return 0.0;
    }
    let po = (tp + tn) as f64 / n;
    let yes = ((tp + fp) as f64 / n) * ((tp + fn_) as f64 / n);
    let no = ((fn_ + tn) as f64 / n) * ((fp + tn) as f64 / n);
    let pe = yes + no;
    if (1.0 - pe).abs() < 1e-12 {
        // Both raters gave one answer throughout: kappa is undefined; report full agreement only
        // when they agree.
        return if (po - 1.0).abs() < 1e-12 { 1.0 } else { 0.0 };
    }
    (po - pe) / (1.0 - pe)
}

/// Confidence of the intervals.
pub const CONFIDENCE: f64 = 0.95;
/// Resamples drawn by default.
pub const DEFAULT_RESAMPLES: usize = 1000;
/// Seed used by default.
pub const DEFAULT_SEED: u64 = 14;

/// Compares gold and predicted label sets, answer by answer (the two slices are parallel), over
/// every label found in either, without intervals.
pub fn compute_metrics(gold: &[BTreeSet<String>], predicted: &[BTreeSet<String>]) -> Metrics {
    compute_metrics_with(gold, predicted, None, 0, DEFAULT_SEED)
}

/// Compares gold and predicted label sets over `labels` (all labels found in either when `None`),
/// with `resamples` bootstrap resamples of the answers for the intervals.
pub fn compute_metrics_with(
    gold: &[BTreeSet<String>],
    predicted: &[BTreeSet<String>],
    labels: Option<&BTreeSet<String>>,
    resamples: usize,
    seed: u64,
) -> Metrics {
    let documents = gold.len().min(predicted.len());
    let all: Vec<&String> = match labels {
        Some(set) => set.iter().collect(),
        None => {
            let mut all: BTreeSet<&String> = BTreeSet::new();
            for set in gold.iter().chain(predicted.iter()) {
                all.extend(set.iter());
            }
            all.into_iter().collect()
        }
    };
    let (outcomes, counts) = tally(gold, predicted, &all);
    let intervals = bootstrap::intervals(&outcomes, all.len(), resamples, seed, CONFIDENCE);
    let mut labels_out = Vec::with_capacity(all.len());
    let mut total = Counts::default();
    for (i, label) in all.iter().enumerate() {
        let c = counts[i];
        total.tp += c.tp;
        total.fp += c.fp;
        total.fn_ += c.fn_;
        let tn = documents - c.tp - c.fp - c.fn_;
        let (precision, recall, f1) = bootstrap::prf(c);
        let [precision_ci, recall_ci, f1_ci] = intervals.labels[i];
        labels_out.push(LabelMetrics {
            label: (*label).clone(),
            precision,
            recall,
            f1,
            support: c.tp + c.fn_,
            kappa: kappa(c.tp, c.fp, c.fn_, tn),
            tp: c.tp,
            fp: c.fp,
            fn_: c.fn_,
            precision_ci,
            recall_ci,
            f1_ci,
        });
    }
    let (micro_precision, micro_recall, micro_f1) = bootstrap::prf(total);
    let mean = |f: fn(&LabelMetrics) -> f64| {
        if labels_out.is_empty() {
            0.0
        } else {
            labels_out.iter().map(f).sum::<f64>() / labels_out.len() as f64
        }
    };
    Metrics {
        documents,
        micro_precision,
        micro_recall,
        micro_f1,
        macro_f1: mean(|l| l.f1),
        macro_precision: mean(|l| l.precision),
        macro_recall: mean(|l| l.recall),
        micro_precision_ci: intervals.micro[0],
        micro_recall_ci: intervals.micro[1],
        micro_f1_ci: intervals.micro[2],
        macro_precision_ci: intervals.macro_[0],
        macro_recall_ci: intervals.macro_[1],
        macro_f1_ci: intervals.macro_[2],
        bootstrap: BootstrapSettings {
            method: "percentile bootstrap over answers",
            resamples,
            seed,
            confidence: CONFIDENCE,
        },
        labels: labels_out,
    }
}

/// Each answer's outcome per label present in it (label index, 0 true positive, 1 false
/// positive, 2 false negative), and the counts per label of `all`.
fn tally(
    gold: &[BTreeSet<String>],
    predicted: &[BTreeSet<String>],
    all: &[&String],
) -> (Vec<Outcomes>, Vec<Counts>) {
    let index: HashMap<&str, u32> = all
        .iter()
        .enumerate()
        .map(|(i, l)| (l.as_str(), i as u32))
        .collect();
    let mut outcomes: Vec<Outcomes> = vec![Vec::new(); gold.len().min(predicted.len())];
    let mut counts = vec![Counts::default(); all.len()];
    for (d, (g, p)) in gold.iter().zip(predicted.iter()).enumerate() {
        let present: BTreeSet<&String> = g.iter().chain(p.iter()).collect();
        for label in present {
            let Some(&i) = index.get(label.as_str()) else {
                continue;
            };
            let kind = match (g.contains(label), p.contains(label)) {
                (true, true) => 0,
                (false, true) => 1,
                _ => 2,
            };
            let c = &mut counts[i as usize];
            match kind {
                0 => c.tp += 1,
                1 => c.fp += 1,
                _ => c.fn_ += 1,
            }
            outcomes[d].push((i, kind));
        }
    }
    (outcomes, counts)
}

/// Maps gold labels onto a code frame: a label equal to a theme id or name (ignoring case) becomes
/// that theme's id; any other label is kept as written (and can only be missed).
pub fn label_mapper(frame: &CodeFrame) -> impl Fn(&str) -> String + '_ {
    let mut map: HashMap<String, String> = HashMap::new();
    // Names first, ids second: an id always wins over another theme's name.
    for t in &frame.themes {
        map.insert(t.name.to_lowercase(), t.id.clone());
    }
    for t in &frame.themes {
        map.insert(t.id.to_lowercase(), t.id.clone());
    }
    move |label: &str| {
        map.get(&label.to_lowercase())
            .cloned()
            .unwrap_or_else(|| label.to_string())
    }
}

/// Which way a coding disagreed with the gold codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorKind {
    /// hearken gave the label, the human did not.
    FalsePositive,
    /// The human gave the label, hearken did not.
    FalseNegative,
}

/// One disagreement, with the evidence hearken had for the label.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CodingError {
    /// 1-based line of the answer in the gold file.
    pub line: u64,
    /// False positive or false negative.
    pub kind: ErrorKind,
    /// The label concerned.
    pub label: String,
    /// The answer text.
    pub text: String,
    /// hearken's score for the label (0 when nothing matched).
    pub score: f32,
    /// The theme's threshold, when the label is a theme with any match in the answer.
    pub threshold: Option<f32>,
    /// Why the theme was or was not assigned, when it had any match.
    pub verdict: Option<Verdict>,
    /// The matches for the label's theme, in text order (weight 0 when a match did not count:
    /// negated or excluded).
    pub evidence: Vec<LabelEvidence>,
}

/// The worst disagreements on one label.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WorstErrors {
    /// The label.
    pub label: String,
    /// Answers hearken coded with the label against the gold codes, highest score first (the
    /// most confident mistakes, with the entries that fired).
    pub false_positives: Vec<CodingError>,
    /// Answers hearken missed, lowest score first (nothing matched, then partial evidence below
    /// the threshold).
    pub false_negatives: Vec<CodingError>,
}

/// How a label map changed the gold codes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LabelMapUse {
    /// The map file.
    pub file: String,
    /// The themes evaluated (the ones the map names).
    pub themes: Vec<String>,
    /// Gold labels the map lists as dropped (`[]`), with how many answers carried each.
    pub dropped: BTreeMap<String, usize>,
    /// Gold labels the map does not list (also dropped), with how many answers carried each.
    pub not_in_map: BTreeMap<String, usize>,
}

/// The result of comparing a coder with a gold file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    /// The figures.
    #[serde(flatten)]
    pub metrics: Metrics,
    /// Rows of the gold file that could not be used.
    pub skipped_rows: usize,
    /// The label map used, if any, and what it dropped.
    pub label_map: Option<LabelMapUse>,
    /// Up to the requested number of disagreements, in file order.
    pub errors: Vec<CodingError>,
    /// Per label (in label order), up to the requested number of worst false positives and false
    /// negatives.
    pub worst: Vec<WorstErrors>,
}

/// Settings of [`evaluate`].
#[derive(Debug, Clone, Copy)]
pub struct EvaluateOptions<'a> {
    /// Disagreements listed in file order.
    pub max_errors: usize,
    /// Worst false positives and worst false negatives listed per label.
    pub worst: usize,
    /// Bootstrap resamples for the intervals (0 for none).
    pub resamples: usize,
    /// Seed of the bootstrap.
    pub seed: u64,
    /// Translate gold labels through this map and evaluate only the themes it names.
    pub label_map: Option<&'a LabelMap>,
    /// Code through lexicons and reviewers' overrides, with the respondent id of each row.
    pub reviewed: Option<(&'a super::AnswerCoder<'a>, &'a [String])>,
    /// Per sample row, whether the question it answers is about the frame's subject
    /// ([`super::Coder::is_on_subject`]); rows past the end, or `None`, are taken as not.
    pub on_subject: Option<&'a [bool]>,
}

impl Default for EvaluateOptions<'_> {
    fn default() -> Self {
        EvaluateOptions {
            max_errors: 0,
            worst: 0,
            resamples: DEFAULT_RESAMPLES,
            seed: DEFAULT_SEED,
            label_map: None,
            reviewed: None,
            on_subject: None,
        }
    }
}

/// Why an evaluation could not run.
#[derive(Debug, thiserror::Error)]
pub enum EvaluateError {
    /// The label map names a theme the lexicon does not have.
    #[error(transparent)]
    LabelMap(#[from] LabelMapError),
    /// More resamples than [`MAX_RESAMPLES`].
    #[error("{0} bootstrap resamples asked for; at most {MAX_RESAMPLES}")]
    TooManyResamples(usize),
}

/// Whether sample row `i` answers a question about the frame's subject.
fn on_subject(opts: &EvaluateOptions<'_>, i: usize) -> bool {
    opts.on_subject
        .and_then(|v| v.get(i))
        .copied()
        .unwrap_or(false)
}

/// Codes every gold answer and compares with the human codes: figures with intervals, up to
/// `max_errors` disagreements in file order and the worst ones per label, with their evidence.
pub fn evaluate(
    coder: &Coder,
    sample: &CodedSample,
    opts: &EvaluateOptions<'_>,
) -> Result<Evaluation, EvaluateError> {
    if opts.resamples > MAX_RESAMPLES {
        return Err(EvaluateError::TooManyResamples(opts.resamples));
    }
    let frame = coder.frame().clone();
    let (gold, universe, label_map) = gold_labels(sample, &frame, opts.label_map)?;
    let texts: Vec<&str> = sample.rows.iter().map(|r| r.text.as_str()).collect();
    let codings = match opts.reviewed {
        Some((answers, ids)) => {
            answers.code_identified(ids, &texts, opts.on_subject.unwrap_or_default())
        }
        None => texts
            .par_iter()
            .enumerate()
            .map(|(i, t)| coder.code_answer(t, on_subject(opts, i)))
            .collect(),
    };
    let predicted: Vec<BTreeSet<String>> = codings
        .iter()
        .map(|c| {
            c.themes
                .iter()
                .map(|t| frame.theme_id(t.theme).to_string())
                .filter(|t| universe.as_ref().map_or(true, |u| u.contains(t)))
                .collect()
        })
        .collect();
    let metrics = compute_metrics_with(
        &gold,
        &predicted,
        universe.as_ref(),
        opts.resamples,
        opts.seed,
    );
    let wrong = disagreements(&codings, &gold, &predicted, &frame);
    let describe = |w: &Wrong| {
        let coder = (coder, on_subject(opts, w.0));
        describe(w, coder, sample, &codings[w.0], &frame)
    };
    let errors: Vec<CodingError> = wrong.iter().take(opts.max_errors).map(describe).collect();
    let mut worst = Vec::new();
    if opts.worst > 0 {
        for m in &metrics.labels {
            let pick = |kind| {
                worst_of(&wrong, &m.label, kind, opts.worst)
                    .into_iter()
                    .map(describe)
                    .collect::<Vec<_>>()
            };
            let false_positives = pick(ErrorKind::FalsePositive);
            let false_negatives = pick(ErrorKind::FalseNegative);
            if !false_positives.is_empty() || !false_negatives.is_empty() {
                worst.push(WorstErrors {
                    label: m.label.clone(),
                    false_positives,
                    false_negatives,
                });
            }
        }
    }
    Ok(Evaluation {
        metrics,
        skipped_rows: sample.skipped.len(),
        label_map,
        errors,
        worst,
    })
}

/// The gold labels as theme ids: each label matched to a theme, or mapped through the label
/// map, which also limits the themes evaluated (the universe) and counts what it drops.
fn gold_labels(
    sample: &CodedSample,
    frame: &CodeFrame,
    label_map: Option<&LabelMap>,
) -> Result<GoldLabels, EvaluateError> {
    let Some(lm) = label_map else {
        let map = label_mapper(frame);
        let gold = sample
            .rows
            .iter()
            .map(|r| r.labels.iter().map(|l| map(l)).collect())
            .collect();
        return Ok((gold, None, None));
    };
    lm.check_against(frame)?;
    let mut usage = LabelMapUse {
        file: lm.path.display().to_string(),
        themes: lm.themes().into_iter().collect(),
        dropped: BTreeMap::new(),
        not_in_map: BTreeMap::new(),
    };
    let gold = sample
        .rows
        .iter()
        .map(|r| {
            let mut set = BTreeSet::new();
            for l in &r.labels {
                match lm.get(l) {
                    Some([]) => *usage.dropped.entry(l.clone()).or_insert(0) += 1,
                    Some(themes) => set.extend(themes.iter().cloned()),
                    None => *usage.not_in_map.entry(l.clone()).or_insert(0) += 1,
                }
            }
            set
        })
        .collect();
    Ok((gold, Some(lm.themes()), Some(usage)))
}

/// Gold theme ids per answer, the themes evaluated (all when `None`), and how a label map was
/// used.
type GoldLabels = (
    Vec<BTreeSet<String>>,
    Option<BTreeSet<String>>,
    Option<LabelMapUse>,
);

/// One disagreement: (answer, kind, label, hearken's score for the label).
type Wrong<'a> = (usize, ErrorKind, &'a String, f32);

/// Every disagreement, in file order.
fn disagreements<'a>(
    codings: &[super::TextCoding],
    gold: &'a [BTreeSet<String>],
    predicted: &'a [BTreeSet<String>],
    frame: &CodeFrame,
) -> Vec<Wrong<'a>> {
    let mut wrong = Vec::new();
    for (i, coding) in codings.iter().enumerate() {
        let score = |label: &String| {
            coding
                .themes
                .iter()
                .find(|t| frame.theme_id(t.theme) == label)
                .map(|t| t.score)
                .unwrap_or_else(|| {
                    coding
                        .evidence
                        .iter()
                        .filter(|e| frame.theme_id(e.theme) == label)
                        .fold(0.0, |acc, e| acc + e.weight)
                })
        };
        for l in predicted[i].difference(&gold[i]) {
            wrong.push((i, ErrorKind::FalsePositive, l, score(l)));
        }
        for l in gold[i].difference(&predicted[i]) {
            wrong.push((i, ErrorKind::FalseNegative, l, score(l)));
        }
    }
    wrong
}

/// The `n` worst disagreements of one kind on one label: false positives most confident
/// first, false negatives least evidence first, then in file order.
fn worst_of<'w, 'a>(
    wrong: &'w [Wrong<'a>],
    label: &str,
    kind: ErrorKind,
    n: usize,
) -> Vec<&'w Wrong<'a>> {
    let mut these: Vec<&Wrong> = wrong
        .iter()
        .filter(|w| w.1 == kind && w.2.as_str() == label)
        .collect();
    these.sort_by(|a, b| {
        let by_score = match kind {
            ErrorKind::FalsePositive => b.3.total_cmp(&a.3),
            ErrorKind::FalseNegative => a.3.total_cmp(&b.3),
        };
        by_score.then(a.0.cmp(&b.0))
    });
    these.truncate(n);
    these
}

/// A disagreement with the answer, the theme's threshold and verdict, and its evidence.
fn describe(
    &(i, kind, label, score): &Wrong,
    (coder, on_subject): (&Coder, bool),
    sample: &CodedSample,
    coding: &super::TextCoding,
    frame: &CodeFrame,
) -> CodingError {
    let row = &sample.rows[i];
    let explained = coder
        .explain_answer(&row.text, on_subject)
        .themes
        .into_iter()
        .find(|t| &t.theme == label);
    CodingError {
        line: row.line,
        kind,
        label: label.clone(),
        text: row.text.clone(),
        score,
        threshold: explained.as_ref().map(|t| t.threshold),
        verdict: explained.map(|t| t.verdict),
        evidence: coding
            .evidence
            .iter()
            .filter(|e| frame.theme_id(e.theme) == label)
            .map(|e| LabelEvidence::new(e, frame))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(labels: &[&str]) -> BTreeSet<String> {
        labels.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn hand_computed_figures() {
        // Five answers; labels a and b.
        let gold = vec![
            set(&["a"]),
            set(&["a", "b"]),
            set(&["b"]),
            set(&[]),
            set(&["a"]),
        ];
        let pred = vec![
            set(&["a"]),
            set(&["a"]),
            set(&["a", "b"]),
            set(&["b"]),
            set(&[]),
        ];
        let m = compute_metrics(&gold, &pred);
        assert_eq!(m.documents, 5);
        // a: tp 2 (rows 1, 2), fp 1 (row 3), fn 1 (row 5), tn 1 (row 4).
        let a = &m.labels[0];
        assert_eq!(
            (a.label.as_str(), a.tp, a.fp, a.fn_, a.support),
            ("a", 2, 1, 1, 3)
        );
        assert!((a.precision - 2.0 / 3.0).abs() < 1e-12);
        assert!((a.recall - 2.0 / 3.0).abs() < 1e-12);
        assert!((a.f1 - 2.0 / 3.0).abs() < 1e-12);
        // po = 3/5; pe = (3/5)(3/5) + (2/5)(2/5) = 13/25; kappa = (15/25 - 13/25) / (12/25) = 1/6.
        assert!((a.kappa - 1.0 / 6.0).abs() < 1e-12);
        // b: tp 1 (row 3), fp 1 (row 4), fn 1 (row 2), tn 2.
        let b = &m.labels[1];
        assert_eq!((b.tp, b.fp, b.fn_, b.support), (1, 1, 1, 2));
        assert!((b.precision - 0.5).abs() < 1e-12);
        assert!((b.f1 - 0.5).abs() < 1e-12);
        // po = 3/5; pe = (2/5)(2/5) + (3/5)(3/5) = 13/25; kappa = 1/6.
        assert!((b.kappa - 1.0 / 6.0).abs() < 1e-12);
        // Micro: tp 3, fp 2, fn 2.
        assert!((m.micro_precision - 0.6).abs() < 1e-12);
        assert!((m.micro_recall - 0.6).abs() < 1e-12);
        assert!((m.micro_f1 - 0.6).abs() < 1e-12);
        assert!((m.macro_f1 - (2.0 / 3.0 + 0.5) / 2.0).abs() < 1e-12);
    }

    #[test]
    fn kappa_edge_cases() {
        assert_eq!(kappa(0, 0, 0, 4), 1.0);
        assert_eq!(kappa(2, 0, 0, 2), 1.0);
        assert!((kappa(0, 2, 2, 0) + 1.0).abs() < 1e-12);
        assert_eq!(kappa(0, 0, 0, 0), 0.0);
    }

    #[test]
    fn labels_never_predicted_count_as_missed() {
        let m = compute_metrics(&[set(&["x"]), set(&[])], &[set(&[]), set(&[])]);
        assert_eq!(m.labels.len(), 1);
        assert_eq!((m.labels[0].fn_, m.labels[0].precision), (1, 0.0));
        assert_eq!(m.micro_f1, 0.0);
    }

    #[test]
    fn gold_labels_map_to_ids_or_names() {
        let frame = CodeFrame {
            priorities: vec![],
            themes: vec![crate::model::Theme {
                id: "T10".into(),
                name: "Support for unpaid carers".into(),
                description: String::new(),
                priorities: vec![],
            }],
        };
        let map = label_mapper(&frame);
        assert_eq!(map("support for UNPAID carers"), "T10");
        assert_eq!(map("t10"), "T10");
        assert_eq!(map("Transport"), "Transport");
    }
}
