//! Learning a lexicon from a hand-coded sample (`hearken learn`).
//!
//! The result is an ordinary lexicon directory an analyst can read and edit: per label, the word stems
//! and two-word phrases that best separate its answers from the others, each with a readable weight
//! (negative weights push away), and a threshold. The weights come from a per-label linear model
//! (L2-regularised, squared-hinge loss, trained by dual coordinate descent) over count features that
//! are computed exactly the way the coder scores: matches are found leftmost-longest over all themes'
//! entries at once and every occurrence adds its weight. So the written lexicon makes the same
//! decisions as the model it came from.

use super::{Assign, Entry, Lexicon, Negation, ThemeLexicon};
use crate::model::{CodeFrame, Theme};
use crate::text::{parse_term, Normalizer, TermWord};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// Why a coded sample could not be read or learned from.
#[derive(Debug, thiserror::Error)]
pub enum LearnError {
    /// The file could not be opened or read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The header row could not be parsed.
    #[error("{path}: cannot read the header row: {message}")]
    Header {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// A named column is not in the header.
    #[error("{path}: no column named `{column}`; the columns are: {}", available.join(", "))]
    MissingColumn {
        /// The file.
        path: PathBuf,
        /// The column asked for.
        column: String,
        /// The columns the header has.
        available: Vec<String>,
    },
    /// No usable row carried a label, so there is nothing to learn.
    #[error("{path}: no row has both a text and a label in column `{column}`")]
    NoLabels {
        /// The file.
        path: PathBuf,
        /// The labels column.
        column: String,
    },
    /// The separator between labels is empty.
    #[error("the label separator must not be empty")]
    EmptySeparator,
}

/// One usable row of a hand-coded file.
#[derive(Debug, Clone, PartialEq)]
pub struct CodedRow {
    /// 1-based line of the record in the file (the header is line 1).
    pub line: u64,
    /// The answer text.
    pub text: String,
    /// The human codes, sorted and unique; empty when the row has no label (`NA` or blank).
    pub labels: Vec<String>,
}

/// A row of a hand-coded file that was set aside, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct SkippedRow {
    /// 1-based line of the record.
    pub line: u64,
    /// Why it was skipped ("empty text", "expected 8 fields, found 3", ...).
    pub reason: String,
}

/// A hand-coded file as read: usable rows plus the rows set aside.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CodedSample {
    /// Rows with a non-empty text (labels may be empty).
    pub rows: Vec<CodedRow>,
    /// Rows that could not be used.
    pub skipped: Vec<SkippedRow>,
}

/// Values that mean "no label" in a labels cell (compared case-insensitively after trimming).
const NO_LABEL: &[&str] = &["", "na", "n/a", "null", "none"];

/// Reads a hand-coded CSV: one header row, a text column and a labels column (labels joined by
/// `separator`). Rows with an empty text or a broken record are counted in `skipped`, never fatal.
pub fn read_coded(
    path: &Path,
    text_column: &str,
    labels_column: &str,
    separator: &str,
) -> Result<CodedSample, LearnError> {
    if separator.is_empty() {
        return Err(LearnError::EmptySeparator);
    }
    let file = std::fs::File::open(path).map_err(|source| LearnError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(std::io::BufReader::new(file));
    let headers = reader
        .byte_headers()
        .map_err(|e| LearnError::Header {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?
        .clone();
    let names: Vec<String> = headers
        .iter()
        .map(|h| {
            String::from_utf8_lossy(h)
                .trim_start_matches('\u{feff}')
                .trim()
                .to_string()
        })
        .collect();
    let find = |column: &str| -> Result<usize, LearnError> {
        names
            .iter()
            .position(|n| n == column)
            .or_else(|| names.iter().position(|n| n.eq_ignore_ascii_case(column)))
            .ok_or_else(|| LearnError::MissingColumn {
                path: path.to_path_buf(),
                column: column.to_string(),
                available: names.clone(),
            })
    };
    let text_idx = find(text_column)?;
    let labels_idx = find(labels_column)?;

    let mut sample = CodedSample::default();
    let mut record = csv::ByteRecord::new();
    loop {
        let line_hint = reader.position().line();
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(line_hint, |p| p.line());
                sample.skipped.push(SkippedRow {
                    line,
                    reason: format!("unreadable record: {e}"),
                });
                // An I/O error would repeat forever; a parse error moves on to the next record.
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    break;
                }
                continue;
            }
        }
        let line = record.position().map_or(line_hint, |p| p.line());
        if record.len() != names.len() {
            sample.skipped.push(SkippedRow {
                line,
                reason: format!("expected {} fields, found {}", names.len(), record.len()),
            });
            continue;
        }
        let (Ok(text), Ok(labels)) = (
            std::str::from_utf8(&record[text_idx]),
            std::str::from_utf8(&record[labels_idx]),
        ) else {
            sample.skipped.push(SkippedRow {
                line,
                reason: "the text or labels are not valid UTF-8".to_string(),
            });
            continue;
        };
        let text = text.trim();
        if text.is_empty() || NO_LABEL.contains(&text.to_lowercase().as_str()) {
            sample.skipped.push(SkippedRow {
                line,
                reason: "empty text".to_string(),
            });
            continue;
        }
        sample.rows.push(CodedRow {
            line,
            text: text.to_string(),
            labels: split_labels(labels, separator),
        });
    }
    Ok(sample)
}

/// Splits a labels cell into sorted unique labels, dropping "no label" values (`NA`, blank).
pub fn split_labels(cell: &str, separator: &str) -> Vec<String> {
    let mut out: BTreeSet<String> = BTreeSet::new();
    let parts: Vec<&str> = if separator.is_empty() {
        vec![cell]
    } else {
        cell.split(separator).collect()
    };
    for part in parts {
        let label = part.trim();
        if !NO_LABEL.contains(&label.to_lowercase().as_str()) {
            out.insert(label.to_string());
        }
    }
    out.into_iter().collect()
}

/// A file-name-safe form of a label: lowercase ASCII letters and digits joined by `-`.
pub fn slug(label: &str) -> String {
    let mut out = String::new();
    for c in label.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        out.push_str("theme");
    }
    out
}

/// Settings of [`learn`].
#[derive(Debug, Clone, PartialEq)]
pub struct LearnOptions {
    /// A word or phrase must occur in at least this many answers to become a term.
    pub min_count: usize,
    /// At most this many terms per theme (those with the largest absolute weights).
    pub max_terms: usize,
    /// At most this many two-word phrases per theme (a phrase hides the words it contains from
    /// every theme, so a few strong phrases help and many hurt).
    pub max_phrases: usize,
    /// Regularisation cost: larger fits the sample more closely, smaller keeps weights small.
    pub cost: f64,
}

impl Default for LearnOptions {
    fn default() -> Self {
        LearnOptions {
            min_count: 2,
            max_terms: 500,
            max_phrases: 50,
            cost: 0.5,
        }
    }
}

/// What [`learn`] found, for the user's report.
#[derive(Debug, Clone, PartialEq)]
pub struct LearnSummary {
    /// Answers learned from.
    pub documents: usize,
    /// Answers with no label (used as examples of "none of the themes").
    pub unlabelled: usize,
    /// Labels and how many answers carry each.
    pub labels: BTreeMap<String, usize>,
    /// How answers are assigned: `Best` when every answer has exactly one label.
    pub assign: Assign,
    /// Candidate words and phrases seen at least `min_count` times.
    pub candidates: usize,
    /// Distinct terms written across all themes.
    pub terms: usize,
}

/// One word of an answer: the case-folded surface form and its stem.
#[derive(Debug, Clone)]
struct Word {
    folded: String,
    stem: String,
}

/// The words of a text exactly as the coder matches them.
fn words(norm: &Normalizer, text: &str) -> Vec<Word> {
    norm.tokens(text)
        .into_iter()
        .map(|t| Word {
            folded: t.folded,
            stem: t.stem,
        })
        .collect()
}

/// A candidate term: one stem or two consecutive stems.
type Key = (String, Option<String>);

/// Learns a lexicon from coded rows: one theme per label, ids and names equal to the labels.
pub fn learn(
    sample: &CodedSample,
    opts: &LearnOptions,
) -> Result<(Lexicon, LearnSummary), LearnError> {
    let norm = Normalizer::new();
    let docs: Vec<Vec<Word>> = sample.rows.iter().map(|r| words(&norm, &r.text)).collect();
    let mut label_counts: BTreeMap<String, usize> = BTreeMap::new();
    for row in &sample.rows {
        for l in &row.labels {
            *label_counts.entry(l.clone()).or_insert(0) += 1;
        }
    }
    let labels: Vec<String> = label_counts.keys().cloned().collect();
    let unlabelled = sample.rows.iter().filter(|r| r.labels.is_empty()).count();
    let assign = if sample.rows.iter().all(|r| r.labels.len() == 1) {
        Assign::Best
    } else {
        Assign::All
    };
    let targets: Vec<Vec<bool>> = labels
        .iter()
        .map(|l| sample.rows.iter().map(|r| r.labels.contains(l)).collect())
        .collect();

    // Candidate vocabulary: stems and stem pairs found in at least `min_count` answers, each with
    // the surface form people wrote most often (that is what the lexicon shows).
    let mut df: HashMap<Key, usize> = HashMap::new();
    let mut surfaces: HashMap<Key, HashMap<String, usize>> = HashMap::new();
    for doc in &docs {
        let mut seen: BTreeSet<Key> = BTreeSet::new();
        for (i, w) in doc.iter().enumerate() {
            let uni: Key = (w.stem.clone(), None);
            *surfaces
                .entry(uni.clone())
                .or_default()
                .entry(w.folded.clone())
                .or_insert(0) += 1;
            seen.insert(uni);
            if let Some(next) = doc.get(i + 1) {
                let bi: Key = (w.stem.clone(), Some(next.stem.clone()));
                *surfaces
                    .entry(bi.clone())
                    .or_default()
                    .entry(format!("{} {}", w.folded, next.folded))
                    .or_insert(0) += 1;
                seen.insert(bi);
            }
        }
        for k in seen {
            *df.entry(k).or_insert(0) += 1;
        }
    }
    let min_count = opts.min_count.max(1);
    // Single-label frames pick the best-scoring theme, which compares raw scores: the models have
    // no intercept there, so that comparison is exactly the model's argmax.
    let bias = assign == Assign::All;
    let mut vocab: Vec<Key> = df
        .iter()
        .filter(|(k, &n)| n >= min_count && reads_back(k, &surface(k, &surfaces), &norm))
        .map(|(k, _)| k.clone())
        .collect();
    vocab.sort();
    let candidates = vocab.len();
    let n_docs = docs.len();
    let idf: Vec<f64> = vocab
        .iter()
        .map(|k| {
            let d = df.get(k).copied().unwrap_or(0) as f64;
            ((n_docs as f64 + 1.0) / (d + 1.0)).ln() + 1.0
        })
        .collect();

    // Stage 1: every candidate, overlapping unigrams and bigrams; pick each label's strongest terms.
    let index: HashMap<&Key, usize> = vocab.iter().enumerate().map(|(i, k)| (k, i)).collect();
    let overlapping: Vec<Vec<(usize, f64)>> = docs
        .iter()
        .map(|doc| {
            let mut counts: BTreeMap<usize, f64> = BTreeMap::new();
            for (i, w) in doc.iter().enumerate() {
                if let Some(&j) = index.get(&(w.stem.clone(), None)) {
                    *counts.entry(j).or_insert(0.0) += 1.0;
                }
                if let Some(next) = doc.get(i + 1) {
                    if let Some(&j) = index.get(&(w.stem.clone(), Some(next.stem.clone()))) {
                        *counts.entry(j).or_insert(0.0) += 1.0;
                    }
                }
            }
            counts.into_iter().collect()
        })
        .collect();
    let scale1 = feature_scale(&overlapping, &idf);
    let x1 = scaled(&overlapping, &idf, scale1, None);
    let selected: Vec<Vec<usize>> = targets
        .iter()
        .map(|y| {
            let (w, _) = train_svm(&x1, y, vocab.len(), opts.cost, bias);
            let mut order: Vec<usize> = (0..vocab.len()).filter(|&j| w[j] != 0.0).collect();
            order.sort_by(|&a, &b| w[b].abs().total_cmp(&w[a].abs()).then(a.cmp(&b)));
            let mut n_phrases = 0;
            order.retain(|&j| {
                if vocab[j].1.is_some() {
                    n_phrases += 1;
                    n_phrases <= opts.max_phrases
                } else {
                    true
                }
            });
            order.truncate(opts.max_terms);
            order.sort_unstable();
            order
        })
        .collect();

    // Stage 2: the final vocabulary is the union of the selections; features are now counted the
    // way the coder matches them (leftmost-longest over all themes' terms), and each label's model
    // is refitted on its own terms only.
    let final_vocab: BTreeSet<usize> = selected.iter().flatten().copied().collect();
    let segmented: Vec<Vec<(usize, f64)>> = docs
        .iter()
        .map(|doc| segment(doc, &index, &final_vocab))
        .collect();
    let scale2 = feature_scale(&segmented, &idf);

    // Thresholds are tuned on every fifth answer held out, for multi-label frames.
    let holdout: Vec<bool> = (0..n_docs).map(|i| i % 5 == 4).collect();
    let mut themes = Vec::new();
    let mut frame_themes = Vec::new();
    let mut used_slugs: BTreeSet<String> = ["priorities".to_string()].into_iter().collect();
    let mut written_terms: BTreeSet<usize> = BTreeSet::new();
    let mut best_scores: Vec<Vec<f32>> = Vec::new();
    for (li, label) in labels.iter().enumerate() {
        let y = &targets[li];
        // A phrase consumes its words for every theme, so every theme may weigh every phrase.
        let mask: BTreeSet<usize> = selected[li]
            .iter()
            .copied()
            .chain(
                final_vocab
                    .iter()
                    .copied()
                    .filter(|&j| vocab[j].1.is_some()),
            )
            .collect();
        let x2 = scaled(&segmented, &idf, scale2, Some(&mask));
        let (w, b) = train_svm(&x2, y, vocab.len(), opts.cost, bias);
        let weights = readable_weights(&w, &idf, scale2);
        let mut threshold = round4(-b);
        if assign == Assign::Best {
            best_scores.push(segmented.iter().map(|d| score(d, &weights)).collect());
        } else {
            threshold = tuned_threshold(&segmented, &mask, y, &holdout, &idf, scale2, opts)
                .map_or(threshold, |delta| round4(-b + delta));
        }
        let mut entries: Vec<Entry> = weights
            .iter()
            .filter(|(j, wt)| mask.contains(j) && **wt != 0.0)
            .map(|(&j, &wt)| Entry {
                term: surface(&vocab[j], &surfaces),
                weight: wt,
                negation: Negation::Any,
                sense: Default::default(),
                line: 0,
            })
            .collect();
        for (j, wt) in &weights {
            if mask.contains(j) && *wt != 0.0 {
                written_terms.insert(*j);
            }
        }
        entries.sort_by(|a, b| {
            b.weight
                .total_cmp(&a.weight)
                .then_with(|| a.term.cmp(&b.term))
        });
        let mut file = slug(label);
        let base = file.clone();
        let mut n = 2;
        while used_slugs.contains(&file) {
            file = format!("{base}-{n}");
            n += 1;
        }
        used_slugs.insert(file.clone());
        let count = label_counts.get(label).copied().unwrap_or(0);
        frame_themes.push(Theme {
            id: label.clone(),
            name: label.clone(),
            description: format!(
                "Learned from {n_docs} hand-coded answers, {count} of them with this label."
            ),
            priorities: Vec::new(),
        });
        themes.push(ThemeLexicon {
            id: label.clone(),
            threshold,
            entries,
            exclude: Vec::new(),
            near: Vec::new(),
            path: PathBuf::from(format!("{file}.toml")),
        });
    }
    if assign == Assign::Best {
        // One common threshold, low enough that every training answer gets its best theme.
        let lowest = (0..n_docs)
            .map(|i| {
                best_scores
                    .iter()
                    .map(|s| s[i])
                    .fold(f32::NEG_INFINITY, f32::max)
            })
            .fold(0.0f32, f32::min);
        let common = lowest.floor() - 1.0;
        for theme in &mut themes {
            theme.threshold = common;
        }
    }
    let lexicon = Lexicon {
        frame: CodeFrame {
            priorities: Vec::new(),
            themes: frame_themes,
        },
        assign,
        themes,
        ..Lexicon::default()
    };
    let summary = LearnSummary {
        documents: n_docs,
        unlabelled,
        labels: label_counts,
        assign,
        candidates,
        terms: written_terms.len(),
    };
    Ok((lexicon, summary))
}

/// Whether a written term matches exactly the stems it was learned from (a surface form that
/// segments differently, e.g. with a glob character, would not).
fn reads_back(key: &Key, written: &str, norm: &Normalizer) -> bool {
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
fn surface(key: &Key, surfaces: &HashMap<Key, HashMap<String, usize>>) -> String {
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

/// Counts the terms of `vocab` in a text the way the coder does: at each word, a two-word term
/// starting there wins over a one-word term; a matched phrase consumes both words.
fn segment(
    doc: &[Word],
    index: &HashMap<&Key, usize>,
    vocab: &BTreeSet<usize>,
) -> Vec<(usize, f64)> {
    let lookup = |k: Key| index.get(&k).copied().filter(|j| vocab.contains(j));
    let mut counts: BTreeMap<usize, f64> = BTreeMap::new();
    let mut i = 0;
    while i < doc.len() {
        if let Some(next) = doc.get(i + 1) {
            if let Some(j) = lookup((doc[i].stem.clone(), Some(next.stem.clone()))) {
                *counts.entry(j).or_insert(0.0) += 1.0;
                i += 2;
                continue;
            }
        }
        if let Some(j) = lookup((doc[i].stem.clone(), None)) {
            *counts.entry(j).or_insert(0.0) += 1.0;
        }
        i += 1;
    }
    counts.into_iter().collect()
}

/// A global scale so that a typical answer's feature vector has length about 1 (keeps the
/// regularisation cost meaningful whatever the answer lengths).
fn feature_scale(docs: &[Vec<(usize, f64)>], idf: &[f64]) -> f64 {
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

/// Count x idf / scale features, optionally restricted to a set of terms.
fn scaled(
    docs: &[Vec<(usize, f64)>],
    idf: &[f64],
    scale: f64,
    mask: Option<&BTreeSet<usize>>,
) -> Vec<Vec<(usize, f64)>> {
    docs.iter()
        .map(|d| {
            d.iter()
                .filter(|(j, _)| mask.map_or(true, |m| m.contains(j)))
                .map(|&(j, c)| (j, c * idf[j] / scale))
                .collect()
        })
        .collect()
}

/// Rounds to 4 decimals so written weights are readable and scores reproduce exactly.
fn round4(v: f64) -> f32 {
    ((v * 10_000.0).round() / 10_000.0) as f32
}

/// Model weights turned into per-match weights (what one occurrence of a term adds), rounded.
fn readable_weights(w: &[f64], idf: &[f64], scale: f64) -> BTreeMap<usize, f32> {
    w.iter()
        .enumerate()
        .filter(|(_, &v)| v != 0.0)
        .map(|(j, &v)| (j, round4(v * idf[j] / scale)))
        .filter(|(_, v)| *v != 0.0)
        .collect()
}

/// Score of a segmented answer with rounded per-match weights, as the coder computes it.
fn score(doc: &[(usize, f64)], weights: &BTreeMap<usize, f32>) -> f32 {
    doc.iter()
        .map(|(j, c)| weights.get(j).copied().unwrap_or(0.0) * (*c as f32))
        .sum()
}

/// Held-out answers with a label needed before its threshold is tuned (fewer would overfit).
const MIN_TUNING_POSITIVES: usize = 10;
/// The largest tuned shift of a threshold, in model margin units (the hinge margin is 1).
const MAX_SHIFT: f64 = 0.5;

/// The shift of the decision threshold that maximises F1 on held-out answers, for a model fitted
/// on the rest; `None` when the held-out part has too few answers with the label to tell.
#[allow(clippy::too_many_arguments)]
fn tuned_threshold(
    segmented: &[Vec<(usize, f64)>],
    mask: &BTreeSet<usize>,
    y: &[bool],
    holdout: &[bool],
    idf: &[f64],
    scale: f64,
    opts: &LearnOptions,
) -> Option<f64> {
    let train_idx: Vec<usize> = (0..y.len()).filter(|&i| !holdout[i]).collect();
    let held_idx: Vec<usize> = (0..y.len()).filter(|&i| holdout[i]).collect();
    let positives = held_idx.iter().filter(|&&i| y[i]).count();
    if positives < MIN_TUNING_POSITIVES {
        return None;
    }
    let x_train: Vec<Vec<(usize, f64)>> = scaled(
        &train_idx
            .iter()
            .map(|&i| segmented[i].clone())
            .collect::<Vec<_>>(),
        idf,
        scale,
        Some(mask),
    );
    let y_train: Vec<bool> = train_idx.iter().map(|&i| y[i]).collect();
    let dims = idf.len();
    let (w, b) = train_svm(&x_train, &y_train, dims, opts.cost, true);
    let weights = readable_weights(&w, idf, scale);
    let mut scored: Vec<(f64, bool)> = held_idx
        .iter()
        .map(|&i| (score(&segmented[i], &weights) as f64 + b, y[i]))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    // Sweep cut points between distinct margins; the default cut (margin 0) is the baseline.
    let f1 = |tp: usize, predicted: usize| {
        if tp == 0 {
            0.0
        } else {
            2.0 * tp as f64 / (predicted + positives) as f64
        }
    };
    let base_tp = scored.iter().filter(|(m, t)| *m >= 0.0 && *t).count();
    let base_pred = scored.iter().filter(|(m, _)| *m >= 0.0).count();
    let mut best = (f1(base_tp, base_pred), 0.0);
    let mut tp = 0;
    for k in 0..scored.len() {
        if scored[k].1 {
            tp += 1;
        }
        let here = scored[k].0;
        let next = scored.get(k + 1).map(|s| s.0);
        if next == Some(here) {
            continue;
        }
        let cut = match next {
            Some(n) => (here + n) / 2.0,
            None => here - 0.5,
        };
        let value = f1(tp, k + 1);
        if value > best.0 + 1e-9 {
            best = (value, cut);
        }
    }
    Some(best.1.clamp(-MAX_SHIFT, MAX_SHIFT))
}

/// Trains a linear classifier (L2-regularised squared hinge loss, the dual coordinate descent of
/// Hsieh et al. 2008) with a bias term; returns the weights over `dims` features and the bias.
fn train_svm(
    x: &[Vec<(usize, f64)>],
    y: &[bool],
    dims: usize,
    cost: f64,
    bias: bool,
) -> (Vec<f64>, f64) {
    let n = x.len();
    let mut w = vec![0.0f64; dims];
    let mut b = 0.0f64;
    if n == 0 || cost <= 0.0 {
        return (w, b);
    }
    let diag = 0.5 / cost;
    let sign: Vec<f64> = y.iter().map(|&t| if t { 1.0 } else { -1.0 }).collect();
    // The bias is an extra feature of value 1 for every answer (0 when there is no bias).
    let one = if bias { 1.0 } else { 0.0 };
    let qii: Vec<f64> = x
        .iter()
        .map(|d| d.iter().map(|(_, v)| v * v).sum::<f64>() + one + diag)
        .collect();
    let mut alpha = vec![0.0f64; n];
    let mut order: Vec<usize> = (0..n).collect();
    let mut rng = 0x9e37_79b9_7f4a_7c15u64;
    for _epoch in 0..1000 {
        // Fixed-seed shuffle: the same input always gives the same lexicon.
        for i in (1..n).rev() {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            let j = (rng % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        let mut pg_max = f64::NEG_INFINITY;
        let mut pg_min = f64::INFINITY;
        for &i in &order {
            let margin: f64 = x[i].iter().map(|&(j, v)| w[j] * v).sum::<f64>() + b;
            let g = sign[i] * margin - 1.0 + diag * alpha[i];
            let pg = if alpha[i] == 0.0 { g.min(0.0) } else { g };
            pg_max = pg_max.max(pg);
            pg_min = pg_min.min(pg);
            if pg.abs() > 1e-12 {
                let old = alpha[i];
                alpha[i] = (old - g / qii[i]).max(0.0);
                let step = (alpha[i] - old) * sign[i];
                for &(j, v) in &x[i] {
                    w[j] += step * v;
                }
                b += step * one;
            }
        }
        if pg_max - pg_min < 0.01 {
            break;
        }
    }
    (w, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_safe_file_names() {
        assert_eq!(slug("Environment/ facilities"), "environment-facilities");
        assert_eq!(slug("Couldn't be improved"), "couldn-t-be-improved");
        assert_eq!(slug("Food & diet"), "food-diet");
        assert_eq!(slug("***"), "theme");
        assert_eq!(slug("Ünïcode label"), "n-code-label");
    }

    #[test]
    fn labels_split_and_drop_missing_values() {
        assert_eq!(
            split_labels("Staff, Food & diet", ", "),
            vec!["Food & diet", "Staff"]
        );
        assert_eq!(split_labels("NA", ";"), Vec::<String>::new());
        assert_eq!(split_labels(" a ; ;b;a", ";"), vec!["a", "b"]);
    }

    #[test]
    fn svm_separates_a_trivial_sample() {
        let x = vec![
            vec![(0, 1.0)],
            vec![(0, 1.0), (2, 1.0)],
            vec![(1, 1.0)],
            vec![(1, 1.0), (2, 1.0)],
        ];
        let y = vec![true, true, false, false];
        let (w, b) = train_svm(&x, &y, 3, 10.0, true);
        for (d, t) in x.iter().zip(&y) {
            let m: f64 = d.iter().map(|&(j, v)| w[j] * v).sum::<f64>() + b;
            assert_eq!(m > 0.0, *t);
        }
        assert!(w[0] > 0.0 && w[1] < 0.0);
    }
}
