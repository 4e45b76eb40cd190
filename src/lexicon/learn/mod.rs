//! Learning a lexicon from a hand-coded sample (`hearken learn`).
//!
//! The result is an ordinary lexicon directory an analyst can read and edit: per label, the word
//! stems and two-word phrases that separate its answers from the others, each with a readable
//! weight (negative weights push away), and a threshold.
//!
//! The weights come from a sparse per-label logistic regression (L1 or elastic-net penalty, see
//! `logistic`) over count features computed exactly the way the coder scores: matches are found
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

mod fit;
mod logistic;
mod sample;

use fit::*;
pub use sample::{read_coded, read_column, slug, split_labels, CodedRow, CodedSample, SkippedRow};

use super::{Assign, Entry, Lexicon, Negation, ThemeLexicon};
use crate::model::{CodeFrame, Theme};
use crate::text::{parse_term, Normalizer, TermWord};
use logistic::{Columns, Model, Solver};
use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

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
    let label_counts = count_labels(sample)?;
    let labels: Vec<String> = label_counts.keys().cloned().collect();
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
    let vocab = Vocabulary::new(&docs, opts.min_count.max(1), &norm);
    let folds = fold_assignment(docs.len(), opts.folds, opts.seed);
    let fitting = Fitting {
        docs: &docs,
        vocab: &vocab,
        targets: &targets,
        folds: &folds,
        opts,
    };
    let phrases = fitting.stage_one_phrases();
    let mut chosen = fitting.stage_two(&phrases);
    tune_cutoffs_jointly(&mut chosen);
    let written = write_themes(&labels, &chosen, &vocab, &label_counts, docs.len());
    let decisions = fitting.decisions(&chosen, &written.themes, &labels, assign);
    let (tp, predicted, actual) = written.tally;
    let summary = LearnSummary {
        documents: docs.len(),
        unlabelled: sample.rows.iter().filter(|r| r.labels.is_empty()).count(),
        labels: label_counts,
        assign,
        candidates: vocab.keys.len(),
        terms: written.terms.len(),
        phrases: written
            .terms
            .iter()
            .filter(|&&j| vocab.keys[j].1.is_some())
            .count(),
        fits: written.fits,
        cv_micro_f1: f1(tp, predicted, actual),
    };
    let lexicon = Lexicon {
        frame: CodeFrame {
            priorities: Vec::new(),
            themes: written.frame_themes,
        },
        assign,
        themes: written.themes,
        // Learned weights were fitted on counts: every match adds its weight.
        count: crate::lexicon::Count::Each,
        ..Lexicon::default()
    };
    Ok((lexicon, summary, decisions))
}

/// How many answers carry each label, refusing more than [`MAX_LABELS`] labels.
fn count_labels(sample: &CodedSample) -> Result<BTreeMap<String, usize>, LearnError> {
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
    Ok(label_counts)
}

/// The candidate features: stems and stem pairs found in at least `min_count` answers, each
/// with the surface form people wrote most often (that is what the lexicon shows).
struct Vocabulary {
    /// The candidates, sorted; a feature is an index into this.
    keys: Vec<Key>,
    /// Each candidate's position in `keys`.
    index: HashMap<Key, usize>,
    /// The surface forms written for each stem or stem pair, with their counts.
    surfaces: HashMap<Key, HashMap<String, usize>>,
    /// Inverse document frequency of each candidate.
    idf: Vec<f64>,
}

impl Vocabulary {
    fn new(docs: &[Vec<Word>], min_count: usize, norm: &Normalizer) -> Vocabulary {
        let mut df: HashMap<Key, usize> = HashMap::new();
        let mut surfaces: HashMap<Key, HashMap<String, usize>> = HashMap::new();
        for doc in docs {
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
        let mut keys: Vec<Key> = df
            .iter()
            .filter(|(k, &n)| n >= min_count && reads_back(k, &surface(k, &surfaces), norm))
            .map(|(k, _)| k.clone())
            .collect();
        keys.sort();
        let n_docs = docs.len() as f64;
        let idf = keys
            .iter()
            .map(|k| {
                let d = df.get(k).copied().unwrap_or(0) as f64;
                ((n_docs + 1.0) / (d + 1.0)).ln() + 1.0
            })
            .collect();
        let index = keys
            .iter()
            .enumerate()
            .map(|(i, k)| (k.clone(), i))
            .collect();
        Vocabulary {
            keys,
            index,
            surfaces,
            idf,
        }
    }
}

/// What fitting every label works on.
struct Fitting<'a> {
    docs: &'a [Vec<Word>],
    vocab: &'a Vocabulary,
    /// Per label, whether each answer has it.
    targets: &'a [Vec<bool>],
    folds: &'a [usize],
    opts: &'a LearnOptions,
}

impl Fitting<'_> {
    /// Stage 1: every candidate, overlapping words and phrases; the phrases the cross-validated
    /// models use become the lexicon's phrases.
    fn stage_one_phrases(&self) -> BTreeSet<usize> {
        let (vocab, opts) = (self.vocab, self.opts);
        let overlapping: Counts = self
            .docs
            .iter()
            .map(|doc| {
                let mut counts: BTreeMap<usize, f64> = BTreeMap::new();
                for (i, w) in doc.iter().enumerate() {
                    if let Some(&j) = vocab.index.get(&(w.stem.clone(), None)) {
                        *counts.entry(j).or_insert(0.0) += 1.0;
                    }
                    if let Some(next) = doc.get(i + 1) {
                        let pair = (w.stem.clone(), Some(next.stem.clone()));
                        if let Some(&j) = vocab.index.get(&pair) {
                            *counts.entry(j).or_insert(0.0) += 1.0;
                        }
                    }
                }
                counts.into_iter().collect()
            })
            .collect();
        let factor = factors(&overlapping, &vocab.idf);
        let stage1: Vec<Chosen> = self
            .targets
            .par_iter()
            .map(|y| choose(&overlapping, &factor, y, self.folds, opts, usize::MAX))
            .collect();
        let mut phrases: BTreeSet<usize> = BTreeSet::new();
        for c in &stage1 {
            let mut used: Vec<(usize, f64)> = c
                .model
                .w
                .iter()
                .enumerate()
                .filter(|(j, w)| **w != 0.0 && vocab.keys[*j].1.is_some())
                .map(|(j, w)| (j, w.abs()))
                .collect();
            used.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            phrases.extend(used.iter().take(opts.max_phrases).map(|(j, _)| *j));
        }
        phrases
    }

    /// Every answer segmented as the coder would with the single words and these phrases.
    fn segment_with(&self, phrases: &BTreeSet<usize>) -> Counts {
        let keys = &self.vocab.keys;
        let mut features: BTreeSet<usize> =
            (0..keys.len()).filter(|&j| keys[j].1.is_none()).collect();
        features.extend(phrases.iter().copied());
        self.docs
            .iter()
            .map(|doc| segment(doc, &self.vocab.index, &features))
            .collect()
    }

    /// Stage 2: each label on the coder's segmentation of its own terms. In the coder a phrase
    /// drops only the words of its own theme, so each label is segmented with the phrases it may
    /// keep; penalty and cut-off are chosen by cross-validation. A phrase the label does not keep
    /// is not written, so would not drop its words: remove such phrases, segment again and refit
    /// at the chosen penalty (each round removes at least one phrase, so this ends).
    fn stage_two(&self, phrases: &BTreeSet<usize>) -> Vec<Chosen> {
        let opts = self.opts;
        self.targets
            .par_iter()
            .map(|y| {
                let mut mine = phrases.clone();
                let mut segmented = self.segment_with(&mine);
                let factor = factors(&segmented, &self.vocab.idf);
                let mut c = choose(&segmented, &factor, y, self.folds, opts, opts.max_terms);
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
                    segmented = self.segment_with(&mine);
                    c = refit(&segmented, &factor, y, opts, &c);
                }
            })
            .collect()
    }

    /// The model's decisions on the sample, with the written weights and thresholds: each label
    /// on the segmentation of its own phrases, as the coder reads each theme.
    fn decisions(
        &self,
        chosen: &[Chosen],
        themes: &[ThemeLexicon],
        labels: &[String],
        assign: Assign,
    ) -> Vec<BTreeSet<String>> {
        let per_label: Vec<Vec<(bool, f32)>> = chosen
            .iter()
            .map(|c| {
                let mine: BTreeSet<usize> = c
                    .weights
                    .keys()
                    .copied()
                    .filter(|&j| self.vocab.keys[j].1.is_some())
                    .collect();
                self.segment_with(&mine)
                    .iter()
                    .map(|doc| score(doc, &c.weights))
                    .collect()
            })
            .collect();
        (0..self.docs.len())
            .map(|d| {
                let scores: Vec<(bool, f32)> = per_label.iter().map(|l| l[d]).collect();
                let passing: Vec<usize> = (0..labels.len())
                    .filter(|&l| scores[l].0 && scores[l].1 >= themes[l].threshold)
                    .collect();
                let picked: Vec<usize> = match assign {
                    Assign::All => passing,
                    Assign::Best => {
                        // Highest score wins; on a tie the first label (labels are sorted).
                        let mut best: Option<usize> = None;
                        for &l in &passing {
                            if best.map_or(true, |b| scores[l].1 > scores[b].1) {
                                best = Some(l);
                            }
                        }
                        best.into_iter().collect()
                    }
                };
                picked.into_iter().map(|l| labels[l].clone()).collect()
            })
            .collect()
    }
}

/// The theme files of the learned lexicon, with what the summary reports of them.
struct Written {
    themes: Vec<ThemeLexicon>,
    frame_themes: Vec<Theme>,
    fits: Vec<LabelFit>,
    /// Every feature written as a term.
    terms: BTreeSet<usize>,
    /// Cross-validated decisions over every label.
    tally: Tally,
}

/// One theme per label: its terms with their written weights, threshold and file name.
fn write_themes(
    labels: &[String],
    chosen: &[Chosen],
    vocab: &Vocabulary,
    label_counts: &BTreeMap<String, usize>,
    n_docs: usize,
) -> Written {
    let mut out = Written {
        themes: Vec::new(),
        frame_themes: Vec::new(),
        fits: Vec::new(),
        terms: BTreeSet::new(),
        tally: (0, 0, 0),
    };
    let mut used_slugs: BTreeSet<String> = ["priorities".to_string()].into_iter().collect();
    for (label, c) in labels.iter().zip(chosen) {
        let threshold = round4(c.cutoff - c.model.b);
        out.tally.0 += c.cv_counts.0;
        out.tally.1 += c.cv_counts.1;
        out.tally.2 += c.cv_counts.2;
        let mut entries: Vec<Entry> = c
            .weights
            .iter()
            .map(|(&j, &wt)| Entry {
                term: surface(&vocab.keys[j], &vocab.surfaces),
                weight: wt,
                negation: Negation::Any,
                sense: Default::default(),
                line: 0,
            })
            .collect();
        out.terms.extend(c.weights.keys().copied());
        entries.sort_by(|a, b| {
            b.weight
                .total_cmp(&a.weight)
                .then_with(|| a.term.cmp(&b.term))
        });
        let file = unique_slug(label, &mut used_slugs);
        let count = label_counts.get(label).copied().unwrap_or(0);
        out.frame_themes.push(Theme {
            id: label.clone(),
            name: label.clone(),
            description: format!(
                "Learned from {n_docs} hand-coded answers, {count} of them with this label."
            ),
            priorities: Vec::new(),
        });
        out.fits.push(LabelFit {
            label: label.clone(),
            count,
            lambda: c.lambda,
            cv_f1: c.cv_f1,
            terms: entries.len(),
            threshold,
        });
        out.themes.push(ThemeLexicon {
            id: label.clone(),
            threshold,
            entries,
            exclude: Vec::new(),
            near: Vec::new(),
            path: PathBuf::from(format!("{file}.toml")),
        });
    }
    out
}

/// A file name for a label's theme that no other theme (nor `priorities`) has taken.
fn unique_slug(label: &str, used: &mut BTreeSet<String>) -> String {
    let base = slug(label);
    let mut file = base.clone();
    let mut n = 2;
    while used.contains(&file) {
        file = format!("{base}-{n}");
        n += 1;
    }
    used.insert(file.clone());
    file
}

#[cfg(test)]
mod tests;
