//! Measuring the coder against human codes (`hearken evaluate`): per-label precision, recall, F1,
//! support and Cohen's kappa, micro and macro averages, and the errors with the evidence behind them.

use super::Coder;
use crate::lexicon::learn::CodedSample;
use crate::model::{CodeFrame, Evidence};
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
    /// Per label, sorted by label; every label found in the gold codes or the predictions.
    pub labels: Vec<LabelMetrics>,
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
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

/// Compares gold and predicted label sets, answer by answer (the two slices are parallel).
pub fn compute_metrics(gold: &[BTreeSet<String>], predicted: &[BTreeSet<String>]) -> Metrics {
    let documents = gold.len().min(predicted.len());
    let mut all: BTreeSet<&String> = BTreeSet::new();
    for set in gold.iter().chain(predicted.iter()) {
        all.extend(set.iter());
    }
    let mut labels = Vec::new();
    let (mut tp_all, mut fp_all, mut fn_all) = (0, 0, 0);
    for label in all {
        let (mut tp, mut fp, mut fn_, mut tn) = (0, 0, 0, 0);
        for (g, p) in gold.iter().zip(predicted.iter()) {
            match (g.contains(label), p.contains(label)) {
                (true, true) => tp += 1,
                (false, true) => fp += 1,
                (true, false) => fn_ += 1,
                (false, false) => tn += 1,
            }
        }
        tp_all += tp;
        fp_all += fp;
        fn_all += fn_;
        let precision = ratio(tp, tp + fp);
        let recall = ratio(tp, tp + fn_);
        labels.push(LabelMetrics {
            label: label.clone(),
            precision,
            recall,
            f1: f1(precision, recall),
            support: tp + fn_,
            kappa: kappa(tp, fp, fn_, tn),
            tp,
            fp,
            fn_,
        });
    }
    let micro_precision = ratio(tp_all, tp_all + fp_all);
    let micro_recall = ratio(tp_all, tp_all + fn_all);
    let mean = |f: fn(&LabelMetrics) -> f64| {
        if labels.is_empty() {
            0.0
        } else {
            labels.iter().map(f).sum::<f64>() / labels.len() as f64
        }
    };
    Metrics {
        documents,
        micro_precision,
        micro_recall,
        micro_f1: f1(micro_precision, micro_recall),
        macro_f1: mean(|l| l.f1),
        macro_precision: mean(|l| l.precision),
        macro_recall: mean(|l| l.recall),
        labels,
    }
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
    /// The matches for the label's theme, in text order.
    pub evidence: Vec<Evidence>,
}

/// The result of comparing a coder with a gold file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    /// The figures.
    #[serde(flatten)]
    pub metrics: Metrics,
    /// Rows of the gold file that could not be used.
    pub skipped_rows: usize,
    /// Up to the requested number of disagreements, in file order.
    pub errors: Vec<CodingError>,
}

/// Codes every gold answer and compares with the human codes; keeps up to `max_errors`
/// disagreements (with their evidence) for display.
pub fn evaluate(coder: &Coder, sample: &CodedSample, max_errors: usize) -> Evaluation {
    use rayon::prelude::*;
    let frame = coder.frame().clone();
    let map = label_mapper(&frame);
    let gold: Vec<BTreeSet<String>> = sample
        .rows
        .iter()
        .map(|r| r.labels.iter().map(|l| map(l)).collect())
        .collect();
    let codings: Vec<_> = sample
        .rows
        .par_iter()
        .map(|r| coder.code_text(&r.text))
        .collect();
    let predicted: Vec<BTreeSet<String>> = codings
        .iter()
        .map(|c| c.themes.iter().map(|t| t.theme.clone()).collect())
        .collect();
    let metrics = compute_metrics(&gold, &predicted);
    let mut errors = Vec::new();
    'rows: for (i, row) in sample.rows.iter().enumerate() {
        let coding = &codings[i];
        let scores: BTreeMap<&str, f32> = coding
            .themes
            .iter()
            .map(|t| (t.theme.as_str(), t.score))
            .collect();
        let wrong = predicted[i]
            .difference(&gold[i])
            .map(|l| (ErrorKind::FalsePositive, l))
            .chain(
                gold[i]
                    .difference(&predicted[i])
                    .map(|l| (ErrorKind::FalseNegative, l)),
            );
        for (kind, label) in wrong {
            if errors.len() >= max_errors {
                break 'rows;
            }
            let evidence: Vec<Evidence> = coding
                .evidence
                .iter()
                .filter(|e| &e.theme == label)
                .cloned()
                .collect();
            let score = scores
                .get(label.as_str())
                .copied()
                .unwrap_or_else(|| evidence.iter().fold(0.0, |acc, e| acc + e.weight));
            errors.push(CodingError {
                line: row.line,
                kind,
                label: label.clone(),
                text: row.text.clone(),
                score,
                evidence,
            });
        }
    }
    Evaluation {
        metrics,
        skipped_rows: sample.skipped.len(),
        errors,
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
