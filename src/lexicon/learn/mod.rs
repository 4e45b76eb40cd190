//! Learning a lexicon from a hand-coded sample (`hearken learn`).
//!
//! The result is an ordinary lexicon directory an analyst can read and edit: per label, the word
//! stems and two-word phrases that separate its answers from the others, each with a readable
//! weight (negative weights push away), and a threshold.
//!
//! The weights come from a sparse per-label logistic regression (L1 or elastic-net penalty, see
//! [`logistic`]) over count features computed exactly the way the coder scores: matches are found
//! leftmost-longest over all themes' entries at once and every occurrence adds its weight. The
//! penalty strength and the decision threshold are chosen per label by k-fold cross-validation
//! (folds drawn with a fixed seed), maximising the out-of-fold F1 of the decisions the coder would
//! make with the rounded weights. The threshold written is that cut-off on the model's log-odds
//! minus the intercept. So the written lexicon makes the same decisions as the model it came from.
//!
//! Two stages: first every word and every two-word sequence is a candidate feature (overlapping),
//! and the phrases the cross-validated models use become lexicon phrases; then the answers are
//! segmented as the coder would with those phrases (a phrase consumes its words, for every theme)
//! and each label's model is fitted again on that segmentation. Phrases no theme uses in the end
//! are dropped and the second stage repeated, since an unwritten phrase would not consume words.

mod logistic;

use super::{Assign, Entry, Lexicon, Negation, ThemeLexicon};
use crate::model::{CodeFrame, Theme};
use crate::text::{parse_term, Normalizer, TermWord};
use logistic::{Columns, Model, Solver};
use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
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
    /// A setting of [`LearnOptions`] is out of range.
    #[error("{0}")]
    BadOption(String),
    /// More distinct labels than [`MAX_LABELS`].
    #[error("{found} distinct labels; at most {MAX_LABELS} can be learned")]
    TooManyLabels {
        /// Labels found.
        found: usize,
    },
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

/// Most distinct labels a sample may have (each becomes a theme file).
pub const MAX_LABELS: usize = 1000;

/// Settings of [`learn`].
#[derive(Debug, Clone, PartialEq)]
pub struct LearnOptions {
    /// A word or phrase must occur in at least this many answers to become a term.
    pub min_count: usize,
    /// At most this many terms per theme: the penalty is kept strong enough that fewer survive.
    pub max_terms: usize,
    /// At most this many two-word phrases per theme (a phrase hides the words it contains from
    /// every theme, so a few strong phrases help and many hurt).
    pub max_phrases: usize,
    /// Share of the penalty on the L1 term: 1 is the lasso, smaller values mix in ridge
    /// (elastic net), which keeps groups of related words together.
    pub l1_ratio: f64,
    /// Folds of the cross-validation that chooses the penalty and the threshold.
    pub folds: usize,
    /// Seed of the fold assignment.
    pub seed: u64,
    /// Penalties tried, from the one that removes every term down to 1/100 of it.
    pub path_length: usize,
    /// How many themes an answer may get; `None` decides from the sample (`Best` when every
    /// answer has exactly one label).
    pub assign: Option<Assign>,
}

impl Default for LearnOptions {
    fn default() -> Self {
        LearnOptions {
            min_count: 2,
            max_terms: 500,
            max_phrases: 50,
            l1_ratio: 1.0,
            folds: 5,
            seed: 14,
            path_length: 12,
            assign: None,
        }
    }
}

impl LearnOptions {
    fn check(&self) -> Result<(), LearnError> {
        let bad = |m: String| Err(LearnError::BadOption(m));
        if !(self.l1_ratio > 0.0 && self.l1_ratio <= 1.0) {
            return bad(format!(
                "the L1 ratio must be above 0 and at most 1, not {}",
                self.l1_ratio
            ));
        }
        if !(2..=20).contains(&self.folds) {
            return bad(format!(
                "cross-validation needs 2 to 20 folds, not {}",
                self.folds
            ));
        }
        if !(1..=100).contains(&self.path_length) {
            return bad(format!(
                "between 1 and 100 penalties can be tried, not {}",
                self.path_length
            ));
        }
        if self.max_terms == 0 {
            return bad("at least one term per theme must be allowed".to_string());
        }
        Ok(())
    }
}

/// What was learned for one label.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelFit {
    /// The label (theme id).
    pub label: String,
    /// Answers with the label.
    pub count: usize,
    /// Penalty chosen by cross-validation.
    pub lambda: f64,
    /// Out-of-fold F1 at the chosen penalty and threshold.
    pub cv_f1: f64,
    /// Terms written (non-zero weights).
    pub terms: usize,
    /// Threshold written.
    pub threshold: f32,
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
    /// How answers are assigned.
    pub assign: Assign,
    /// Candidate words and phrases seen at least `min_count` times.
    pub candidates: usize,
    /// Distinct terms written across all themes.
    pub terms: usize,
    /// Two-word phrases written.
    pub phrases: usize,
    /// Per label, in label order.
    pub fits: Vec<LabelFit>,
    /// Out-of-fold micro F1 over all labels at the chosen settings.
    pub cv_micro_f1: f64,
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

/// Decisions tallied as (true positives, predicted, actual positives).
type Tally = (usize, usize, usize);

/// Counts of features per answer: (feature, count), sorted by feature.
type Counts = Vec<Vec<(usize, f64)>>;

/// A label's chosen model.
#[derive(Debug, Clone)]
struct Chosen {
    /// The model refitted on every answer at the chosen penalty.
    model: Model,
    /// Per-match weights as written (rounded), by feature.
    weights: BTreeMap<usize, f32>,
    /// Cut-off on the log-odds chosen by cross-validation.
    cutoff: f64,
    lambda: f64,
    cv_f1: f64,
    /// Out-of-fold (true positives, predicted, actual) at the chosen settings.
    cv_counts: Tally,
    /// Out-of-fold (log-odds, label) at the chosen penalty, highest first.
    oof: Vec<(f64, bool)>,
}

/// Learns a lexicon from coded rows: one theme per label, ids and names equal to the labels.
pub fn learn(
    sample: &CodedSample,
    opts: &LearnOptions,
) -> Result<(Lexicon, LearnSummary), LearnError> {
    learn_with_decisions(sample, opts).map(|(lex, summary, _)| (lex, summary))
}

/// [`learn`], also returning the model's own decisions on the sample's answers (label sets), which
/// the written lexicon must reproduce.
fn learn_with_decisions(
    sample: &CodedSample,
    opts: &LearnOptions,
) -> Result<(Lexicon, LearnSummary, Vec<BTreeSet<String>>), LearnError> {
    opts.check()?;
    let norm = Normalizer::new();
    let docs: Vec<Vec<Word>> = sample.rows.iter().map(|r| words(&norm, &r.text)).collect();
    let mut label_counts: BTreeMap<String, usize> = BTreeMap::new();
    for row in &sample.rows {
        for l in &row.labels {
            *label_counts.entry(l.clone()).or_insert(0) += 1;
        }
    }
    if label_counts.len() > MAX_LABELS {
        return Err(LearnError::TooManyLabels {
            found: label_counts.len(),
        });
    }
    let labels: Vec<String> = label_counts.keys().cloned().collect();
    let unlabelled = sample.rows.iter().filter(|r| r.labels.is_empty()).count();
    let assign = opts.assign.unwrap_or({
        if sample.rows.iter().all(|r| r.labels.len() == 1) {
            Assign::Best
        } else {
            Assign::All
        }
    });
    let targets: Vec<Vec<bool>> = labels
        .iter()
        .map(|l| sample.rows.iter().map(|r| r.labels.contains(l)).collect())
        .collect();
    let n_docs = docs.len();

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
    let mut vocab: Vec<Key> = df
        .iter()
        .filter(|(k, &n)| n >= min_count && reads_back(k, &surface(k, &surfaces), &norm))
        .map(|(k, _)| k.clone())
        .collect();
    vocab.sort();
    let candidates = vocab.len();
    let idf: Vec<f64> = vocab
        .iter()
        .map(|k| {
            let d = df.get(k).copied().unwrap_or(0) as f64;
            ((n_docs as f64 + 1.0) / (d + 1.0)).ln() + 1.0
        })
        .collect();
    let index: HashMap<&Key, usize> = vocab.iter().enumerate().map(|(i, k)| (k, i)).collect();
    let folds = fold_assignment(n_docs, opts.folds, opts.seed);

    // Stage 1: every candidate, overlapping words and phrases; the phrases the cross-validated
    // models use become the lexicon's phrases.
    let overlapping: Counts = docs
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
    let factor1 = factors(&overlapping, &idf);
    let stage1: Vec<Chosen> = targets
        .par_iter()
        .map(|y| choose(&overlapping, &factor1, y, &folds, opts, usize::MAX))
        .collect();
    let mut phrases: BTreeSet<usize> = BTreeSet::new();
    for c in &stage1 {
        let mut used: Vec<(usize, f64)> = c
            .model
            .w
            .iter()
            .enumerate()
            .filter(|(j, w)| **w != 0.0 && vocab[*j].1.is_some())
            .map(|(j, w)| (j, w.abs()))
            .collect();
        used.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        phrases.extend(used.iter().take(opts.max_phrases).map(|(j, _)| *j));
    }
    let unigrams: BTreeSet<usize> = (0..vocab.len()).filter(|&j| vocab[j].1.is_none()).collect();

    // Stage 2: each label on the coder's segmentation of its own terms. In the coder a phrase
    // drops only the words of its own theme, so each label is segmented with the phrases it may
    // keep; penalty and cut-off are chosen by cross-validation. A phrase the label does not keep
    // is not written, so would not drop its words: remove such phrases, segment again and refit at
    // the chosen penalty (each round removes at least one phrase, so this ends).
    let segment_with = |phrases: &BTreeSet<usize>| -> Counts {
        let features: BTreeSet<usize> = unigrams.union(phrases).copied().collect();
        docs.iter()
            .map(|doc| segment(doc, &index, &features))
            .collect()
    };
    let mut chosen: Vec<Chosen> = targets
        .par_iter()
        .map(|y| {
            let mut mine = phrases.clone();
            let mut segmented = segment_with(&mine);
            let factor = factors(&segmented, &idf);
            let mut c = choose(&segmented, &factor, y, &folds, opts, opts.max_terms);
            loop {
                let unused: Vec<usize> = mine
                    .iter()
                    .copied()
                    .filter(|j| !c.weights.contains_key(j))
                    .collect();
                if unused.is_empty() {
                    return c;
                }
                for j in unused {
                    mine.remove(&j);
                }
                segmented = segment_with(&mine);
                c = refit(&segmented, &factor, y, opts, &c);
            }
        })
        .collect();

    tune_cutoffs_jointly(&mut chosen);

    let mut themes = Vec::new();
    let mut frame_themes = Vec::new();
    let mut fits = Vec::new();
    let mut used_slugs: BTreeSet<String> = ["priorities".to_string()].into_iter().collect();
    let mut written_terms: BTreeSet<usize> = BTreeSet::new();
    let (mut tp, mut predicted, mut actual) = (0, 0, 0);
    for (li, label) in labels.iter().enumerate() {
        let c = &chosen[li];
        let threshold = round4(c.cutoff - c.model.b);
        tp += c.cv_counts.0;
        predicted += c.cv_counts.1;
        actual += c.cv_counts.2;
        let mut entries: Vec<Entry> = c
            .weights
            .iter()
            .map(|(&j, &wt)| Entry {
                term: surface(&vocab[j], &surfaces),
                weight: wt,
                negation: Negation::Any,
                sense: Default::default(),
                line: 0,
            })
            .collect();
        written_terms.extend(c.weights.keys().copied());
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
        fits.push(LabelFit {
            label: label.clone(),
            count,
            lambda: c.lambda,
            cv_f1: c.cv_f1,
            terms: entries.len(),
            threshold,
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

    // The model's decisions on the sample, with the written weights and thresholds: each label on
    // the segmentation of its own phrases, as the coder reads each theme.
    let per_label: Vec<Vec<(bool, f32)>> = chosen
        .iter()
        .map(|c| {
            let mine: BTreeSet<usize> = c
                .weights
                .keys()
                .copied()
                .filter(|&j| vocab[j].1.is_some())
                .collect();
            segment_with(&mine)
                .iter()
                .map(|doc| score(doc, &c.weights))
                .collect()
        })
        .collect();
    let scores: Vec<Vec<(bool, f32)>> = (0..docs.len())
        .map(|d| per_label.iter().map(|l| l[d]).collect())
        .collect();
    let decisions: Vec<BTreeSet<String>> = scores
        .iter()
        .map(|per_label| {
            let passing: Vec<usize> = (0..labels.len())
                .filter(|&l| per_label[l].0 && per_label[l].1 >= themes[l].threshold)
                .collect();
            let picked: Vec<usize> = match assign {
                Assign::All => passing,
                Assign::Best => {
                    // Highest score wins; on a tie the first label (labels are sorted).
                    let mut best: Option<usize> = None;
                    for &l in &passing {
                        if best.map_or(true, |b| per_label[l].1 > per_label[b].1) {
                            best = Some(l);
                        }
                    }
                    best.into_iter().collect()
                }
            };
            picked.into_iter().map(|l| labels[l].clone()).collect()
        })
        .collect();

    let lexicon = Lexicon {
        frame: CodeFrame {
            priorities: Vec::new(),
            themes: frame_themes,
        },
        assign,
        themes,
        // Learned weights were fitted on counts: every match adds its weight.
        count: crate::lexicon::Count::Each,
        ..Lexicon::default()
    };
    let summary = LearnSummary {
        documents: n_docs,
        unlabelled,
        labels: label_counts,
        assign,
        candidates,
        terms: written_terms.len(),
        phrases: written_terms
            .iter()
            .filter(|&&j| vocab[j].1.is_some())
            .count(),
        fits,
        cv_micro_f1: f1(tp, predicted, actual),
    };
    Ok((lexicon, summary, decisions))
}

/// F1 from true positives, predictions and actual positives (0 when undefined).
fn f1(tp: usize, predicted: usize, actual: usize) -> f64 {
    if tp == 0 {
        0.0
    } else {
        2.0 * tp as f64 / (predicted + actual) as f64
    }
}

/// Fold of each answer: a seeded shuffle dealt round-robin, so folds differ in size by at most 1.
fn fold_assignment(n: usize, folds: usize, seed: u64) -> Vec<usize> {
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
fn factors(counts: &Counts, idf: &[f64]) -> Vec<f64> {
    let scale = feature_scale(counts, idf);
    idf.iter().map(|v| v / scale).collect()
}

/// Model features from counts.
fn features(counts: &Counts, factor: &[f64]) -> Counts {
    counts
        .iter()
        .map(|d| d.iter().map(|&(j, c)| (j, c * factor[j])).collect())
        .collect()
}

/// Written (rounded) per-match weights of a model; zero weights are left out.
fn written_weights(model: &Model, factor: &[f64]) -> BTreeMap<usize, f32> {
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
fn score(doc: &[(usize, f64)], weights: &BTreeMap<usize, f32>) -> (bool, f32) {
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
const PATH_RATIO: f64 = 0.01;

/// Chooses a label's penalty and cut-off by cross-validation and refits on every answer.
///
/// For each fold, a path of penalties is fitted on the other folds; each model scores the held-out
/// answers with its written (rounded) weights. Per penalty the cut-off on the log-odds that gives
/// the best pooled out-of-fold F1 is found; the penalty with the best F1 wins (the stronger one on
/// a tie), among those whose full-sample model keeps at most `max_terms` terms.
fn choose(
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

    // Out-of-fold (log-odds, label) per penalty; answers with no counted term are never coded.
    let mut oof: Vec<Vec<(f64, bool)>> = vec![Vec::with_capacity(y.len()); grid.len()];
    for f in 0..opts.folds {
        let train: Vec<usize> = all.iter().copied().filter(|&i| folds[i] != f).collect();
        let held: Vec<usize> = all.iter().copied().filter(|&i| folds[i] == f).collect();
        if train.is_empty() || held.is_empty() {
            continue;
        }
        let xt = Columns::from_rows(&x, &train, dims);
        let yt: Vec<bool> = train.iter().map(|&i| y[i]).collect();
        let models = logistic::path(&xt, &yt, &grid, opts.l1_ratio, solver);
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

/// Refits a chosen model at its penalty on new counts (warm-started), keeping its cut-off.
fn refit(counts: &Counts, factor: &[f64], y: &[bool], opts: &LearnOptions, c: &Chosen) -> Chosen {
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
fn tune_cutoffs_jointly(chosen: &mut [Chosen]) {
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
fn best_cutoff(scored: &mut [(f64, bool)]) -> (f64, f64, Tally) {
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

/// Counts the terms of `vocab` in a text the way the coder does: at each word the longest term
/// starting there (a two-word term over a one-word one), and a match lying inside a longer earlier
/// match is dropped (the one-word term inside a phrase), while crossing phrases both count.
fn segment(
    doc: &[Word],
    index: &HashMap<&Key, usize>,
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

/// Rounds to 4 decimals so written weights are readable and scores reproduce exactly.
fn round4(v: f64) -> f32 {
    ((v * 10_000.0).round() / 10_000.0) as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_are_counted_as_the_coder_matches_them() {
        // Phrases "staff were" and "were rude", words "staff" and "rude".
        let keys: Vec<Key> = vec![
            ("staff".into(), Some("were".into())),
            ("were".into(), Some("rude".into())),
            ("staff".into(), None),
            ("rude".into(), None),
        ];
        let index: HashMap<&Key, usize> = keys.iter().enumerate().map(|(i, k)| (k, i)).collect();
        let vocab: BTreeSet<usize> = (0..keys.len()).collect();
        let norm = Normalizer::new();
        let doc = words(&norm, "staff were rude");
        // Crossing phrases both count; the words inside them do not.
        assert_eq!(segment(&doc, &index, &vocab), vec![(0, 1.0), (1, 1.0)]);
        let doc = words(&norm, "the staff, rude staff");
        assert_eq!(segment(&doc, &index, &vocab), vec![(2, 2.0), (3, 1.0)]);
        // The coder agrees on the same text.
        let lex = Lexicon {
            frame: CodeFrame {
                priorities: Vec::new(),
                themes: vec![Theme {
                    id: "T".into(),
                    name: "T".into(),
                    description: String::new(),
                    priorities: Vec::new(),
                }],
            },
            themes: vec![ThemeLexicon {
                id: "T".into(),
                threshold: 100.0,
                entries: ["staff were", "were rude", "staff", "rude"]
                    .iter()
                    .map(|t| Entry::new(*t))
                    .collect(),
                exclude: Vec::new(),
                near: Vec::new(),
                path: PathBuf::new(),
            }],
            ..Lexicon::default()
        };
        let coder = crate::coding::Coder::new(&lex).unwrap();
        let matched: Vec<String> = coder
            .code_text("staff were rude")
            .evidence
            .into_iter()
            .map(|e| e.entry)
            .collect();
        assert_eq!(matched, vec!["staff were", "were rude"]);
    }

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

    /// A fictional multi-label sample: transport and carers, some answers with both or neither.
    fn fictional() -> CodedSample {
        let texts: &[(&str, &[&str])] = &[
            ("The bus to the clinic never comes on time", &["transport"]),
            (
                "No bus on a Sunday so I missed my appointment",
                &["transport"],
            ),
            ("Parking at the hospital is a nightmare", &["transport"]),
            (
                "The taxi fare to the day centre is too much",
                &["transport"],
            ),
            (
                "A community bus would help people get to the surgery",
                &["transport"],
            ),
            (
                "Trains and buses do not connect with clinic times",
                &["transport"],
            ),
            ("Parking costs too much and the bus is slow", &["transport"]),
            (
                "I look after my husband and need a short break",
                &["carers"],
            ),
            ("Unpaid carers get no respite at all", &["carers"]),
            ("Caring for my mum full time is exhausting", &["carers"]),
            (
                "A short break for carers would make all the difference",
                &["carers"],
            ),
            ("As a carer I never get time for myself", &["carers"]),
            ("Respite for young carers is hard to find", &["carers"]),
            ("My son is my carer and he needs support too", &["carers"]),
            (
                "I care for my wife and the bus to the hospital takes hours",
                &["carers", "transport"],
            ),
            (
                "Carers need help with parking at the clinic",
                &["carers", "transport"],
            ),
            ("The staff were lovely", &[]),
            ("Nothing to add", &[]),
            ("Good service overall", &[]),
            ("The leaflet was clear", &[]),
            ("Staff were kind and the food was fine", &[]),
            ("More information online please", &[]),
        ];
        CodedSample {
            rows: texts
                .iter()
                .enumerate()
                .map(|(i, (t, l))| CodedRow {
                    line: i as u64 + 2,
                    text: t.to_string(),
                    labels: l.iter().map(|s| s.to_string()).collect(),
                })
                .collect(),
            skipped: Vec::new(),
        }
    }

    fn small_options() -> LearnOptions {
        LearnOptions {
            min_count: 1,
            folds: 3,
            ..LearnOptions::default()
        }
    }

    #[test]
    fn written_lexicon_codes_as_the_model_decides() {
        let sample = fictional();
        let (lex, summary, decisions) = learn_with_decisions(&sample, &small_options()).unwrap();
        assert_eq!(lex.assign, Assign::All);
        assert_eq!(summary.labels.len(), 2);
        let coder = crate::coding::Coder::new(&lex).unwrap();
        let mut agree = 0;
        for (row, decided) in sample.rows.iter().zip(&decisions) {
            let coded: BTreeSet<String> = coder
                .code_text(&row.text)
                .themes
                .into_iter()
                .map(|t| coder.frame().theme_id(t.theme).to_string())
                .collect();
            assert_eq!(&coded, decided, "{}", row.text);
            if coded.iter().cloned().collect::<Vec<_>>() == row.labels {
                agree += 1;
            }
        }
        // The sample is easy: the model gets most of it right.
        // (Coding nothing would agree on the 6 answers without a label.)
        assert!(agree >= 16, "{agree} of {}", sample.rows.len());
        // And through the files: written, read back, same decisions.
        let dir = tempfile::tempdir().unwrap();
        crate::lexicon::write_dir(&lex, dir.path()).unwrap();
        let back = crate::lexicon::load_dir(dir.path()).unwrap();
        let coder = crate::coding::Coder::new(&back).unwrap();
        for (row, decided) in sample.rows.iter().zip(&decisions) {
            let coded: BTreeSet<String> = coder
                .code_text(&row.text)
                .themes
                .into_iter()
                .map(|t| coder.frame().theme_id(t.theme).to_string())
                .collect();
            assert_eq!(&coded, decided, "{}", row.text);
        }
    }

    #[test]
    fn weights_are_sparse_and_point_the_right_way() {
        let (lex, summary, _) = learn_with_decisions(&fictional(), &small_options()).unwrap();
        let transport = &lex.themes[1];
        assert_eq!(transport.id, "transport");
        let weight = |t: &ThemeLexicon, term: &str| {
            t.entries.iter().find(|e| e.term == term).map(|e| e.weight)
        };
        assert!(
            weight(transport, "bus").is_some_and(|w| w > 0.0),
            "{transport:?}"
        );
        // L1: far fewer terms than candidates, and no weight on words of no label's answers.
        assert!(summary.terms < summary.candidates / 3, "{summary:?}");
        assert_eq!(weight(transport, "leaflet"), None);
        assert!(summary.fits.iter().all(|f| f.cv_f1 > 0.5), "{summary:?}");
        assert!(summary.cv_micro_f1 > 0.5);
    }

    #[test]
    fn same_sample_same_lexicon_and_the_seed_matters_only_through_folds() {
        let sample = fictional();
        let a = learn(&sample, &small_options()).unwrap();
        let b = learn(&sample, &small_options()).unwrap();
        assert_eq!(a, b);
        assert_eq!(fold_assignment(10, 3, 1), fold_assignment(10, 3, 1),);
        let folds = fold_assignment(10, 3, 1);
        for f in 0..3 {
            let size = folds.iter().filter(|&&x| x == f).count();
            assert!((3..=4).contains(&size), "{folds:?}");
        }
        assert_ne!(fold_assignment(50, 5, 1), fold_assignment(50, 5, 2));
    }

    #[test]
    fn cutoffs_maximise_f1_and_skip_uncounted_answers() {
        let mut s = vec![
            (2.0, true),
            (1.0, true),
            (0.5, false),
            (0.0, true),
            (f64::NEG_INFINITY, true),
        ];
        let (f, cut, counts) = best_cutoff(&mut s);
        // Top two: tp 2, predicted 2, actual 4 -> 4/6; top four: tp 3, predicted 4 -> 6/8.
        assert!((f - 0.75).abs() < 1e-12, "{f}");
        assert_eq!(counts, (3, 4, 4));
        assert!(cut < 0.0 && cut > f64::NEG_INFINITY, "{cut}");
        let (f, cut, _) = best_cutoff(&mut [(f64::NEG_INFINITY, true), (1.0, false)]);
        assert_eq!((f, cut), (0.0, f64::INFINITY));
    }

    #[test]
    fn bad_options_are_refused() {
        let sample = fictional();
        for opts in [
            LearnOptions {
                l1_ratio: 0.0,
                ..LearnOptions::default()
            },
            LearnOptions {
                folds: 1,
                ..LearnOptions::default()
            },
            LearnOptions {
                path_length: 0,
                ..LearnOptions::default()
            },
        ] {
            assert!(matches!(
                learn(&sample, &opts),
                Err(LearnError::BadOption(_))
            ));
        }
    }
}
