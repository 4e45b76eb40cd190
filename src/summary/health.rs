//! Frame health: how well the code frame covers a survey, and words it may be missing.
//!
//! Folded in batch by batch ([`HealthBuilder::add`]), it counts per theme the answers coded,
//! how often each other theme comes with it, how many answers each entry counted in, and the
//! uncoded answers per question. Suggestions are words and two-word phrases the lexicon does not
//! hold that mark a theme's coded answers (most of their occurrences are there) and occur in the
//! theme's *near misses* (answers with evidence for it, below the threshold, negated, excluded or
//! without its cue, that did not get it) or, for the purest, in uncoded answers: adding such a
//! word codes those answers too, at little cost in precision.
//!
//! Each suggestion has a stable id (`S` and eight hex digits of a hash of theme and term), its
//! count and up to three example answers, so `hearken lexicon suggest --accept ID` can add it.

use super::keyness::{analyse, DocTerms, TermCounts};
use crate::lexicon::Lexicon;
use crate::model::{CodedBatch, Coding, Question, SurveySchema};
use serde::Serialize;
use std::collections::BTreeMap;

/// Entries listed per theme as the ones that fired most.
const MAX_FIRED_MOST: usize = 5;
/// Share of answers above which an entry is listed as firing in most answers.
pub const MOST_ANSWERS: f64 = 0.5;
/// Suggestions kept per theme.
pub const SUGGESTIONS_PER_SOURCE: usize = 5;
/// Answer texts kept to find examples in (the first ones seen of each source).
pub const MAX_EXAMPLE_TEXTS: usize = 5_000;
/// Entries listed per theme as never firing.
pub const MAX_LISTED_ENTRIES: usize = 50;

/// One theme's health.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThemeHealth {
    /// Theme id.
    pub theme: String,
    /// Theme name.
    pub name: String,
    /// Answers coded with the theme.
    pub answers: u64,
    /// Their share of all answers, 4 decimals.
    pub share: f64,
    /// Share of its answers that also have another theme, 4 decimals.
    pub overlap: f64,
    /// The theme it is most often coded with, and the share of its answers that have both.
    pub most_with: Option<(String, f64)>,
    /// Entries that counted in no answer (at most [`MAX_LISTED_ENTRIES`]).
    pub never_fire: Vec<String>,
    /// How many entries counted in no answer.
    pub never_fire_count: usize,
    /// Entries that counted in more than half the answers, with their share.
    pub fire_in_most: Vec<(String, f64)>,
    /// The entries that matched in most answers, with their answer counts, most first (at
    /// most five): the words that decide the theme here, so an analyst can see why it is given.
    pub fired_most: Vec<(String, u64)>,
    /// Answers where the theme had evidence but was not given.
    pub near_misses: u64,
}

/// A question's uncoded answers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionHealth {
    /// Question id.
    pub question: String,
    /// Non-blank answers.
    pub answers: u64,
    /// Answers with no theme.
    pub uncoded: u64,
    /// Their share, 4 decimals.
    pub share: f64,
}

/// An example answer of a suggestion.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Example {
    /// Respondent id.
    pub id: String,
    /// Question id.
    pub question: String,
    /// The answer.
    pub text: String,
}

/// A word or phrase the frame may be missing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    /// Stable id: the same theme and term always give the same id.
    pub id: String,
    /// The theme it would be added to.
    pub theme: String,
    /// The word or phrase.
    pub term: String,
    /// `near-miss` or `uncoded`.
    pub source: String,
    /// Answers of its source it occurs in (among those kept for examples).
    pub count: u64,
    /// Of those, the answers it gives the theme once it alone is accepted (tried with the
    /// lexicon's coder): never 0, as a word that would code nothing is not suggested.
    pub codes: u64,
    /// The weight it is added with: 1.0 (settles the theme alone) for a word of uncoded
    /// answers, 0.5 (needs company, as near misses have) for a word of near misses.
    pub weight: f32,
    /// z-score of its distinctiveness there, 2 decimals.
    pub z: f64,
    /// Up to three answers where it occurs.
    pub examples: Vec<Example>,
}

/// The frame's health on a survey.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FrameHealth {
    /// Answers looked at.
    pub answers: u64,
    /// Per theme, in frame order.
    pub themes: Vec<ThemeHealth>,
    /// Per question, in schema order.
    pub questions: Vec<QuestionHealth>,
    /// Suggestions, best first: by the answers they would code times their purity.
    pub suggestions: Vec<Suggestion>,
}

/// Folds coded batches into [`FrameHealth`].
pub struct HealthBuilder {
    theme_ids: Vec<String>,
    theme_names: Vec<String>,
    /// Per theme: its entries' terms and their answer counts.
    entries: Vec<BTreeMap<String, u64>>,
    /// The survey's open questions (id and text).
    questions: Vec<Question>,
    answers: u64,
    coded: Vec<u64>,
    pairs: Vec<Vec<u64>>,
    overlapping: Vec<u64>,
    near: Vec<u64>,
    q_answers: Vec<u64>,
    q_uncoded: Vec<u64>,
    /// Term counts of the answers in the keyness sets of `sets`, unless a summary counts them
    /// for it (see [`HealthBuilder::sharing_terms`]).
    terms: TermCounts,
    /// Where the uncoded answers, each theme's near misses and its coded answers are counted.
    sets: KeynessSets,
    /// Whether the terms are counted by the caller, in its own term counts.
    shared_terms: bool,
    /// Example candidates with their keyness sets.
    texts: Vec<(Vec<usize>, Example)>,
    /// Whether only words of respondents who agreed to publication may be suggested (for a
    /// report); an analyst's own look at the frame sees every word.
    consent: bool,
    /// The lexicon, on which candidate suggestions are tried before they are offered.
    lexicon: Lexicon,
}

impl HealthBuilder {
    /// An empty builder for the lexicon's frame and the survey's questions.
    pub fn new(lexicon: &Lexicon, schema: &SurveySchema) -> HealthBuilder {
        let n = lexicon.frame.themes.len();
        HealthBuilder {
            theme_ids: lexicon.frame.themes.iter().map(|t| t.id.clone()).collect(),
            theme_names: lexicon
                .frame
                .themes
                .iter()
                .map(|t| t.name.clone())
                .collect(),
            entries: lexicon
                .themes
                .iter()
                .map(|t| t.entries.iter().map(|e| (e.term.clone(), 0)).collect())
                .collect(),
            questions: schema.questions.clone(),
            answers: 0,
            coded: vec![0; n],
            pairs: vec![vec![0; n]; n],
            overlapping: vec![0; n],
            near: vec![0; n],
            q_answers: vec![0; schema.questions.len()],
            q_uncoded: vec![0; schema.questions.len()],
            terms: TermCounts::new(),
            sets: KeynessSets::own(n),
            shared_terms: false,
            texts: Vec::new(),
            consent: false,
            lexicon: lexicon.clone(),
        }
    }

    /// Suggests only words that occur in answers of respondents who agreed to publication, and
    /// keeps examples to theirs, as a published report must.
    pub fn for_report(mut self) -> HealthBuilder {
        self.consent = true;
        self
    }

    /// Leaves term counting to a summary that counts every answer's terms anyway: answers go
    /// in its counts' set `t` when coded with theme `t`, and in the sets of
    /// [`HealthBuilder::extra_sets`] too, so one pass over the words serves both; the counts
    /// are then given to [`HealthBuilder::finish_with`].
    pub(crate) fn sharing_terms(mut self) -> HealthBuilder {
        self.sets = KeynessSets::shared(self.coded.len());
        self.shared_terms = true;
        self
    }

    /// The keyness sets a summary sharing its term counts puts a coding in besides its themes'
    /// (its near misses, and the uncoded set when it has no theme); the least set number the
    /// summary may use for its own sets is [`HealthBuilder::sets_used`].
    pub(crate) fn extra_sets(&self, c: &Coding) -> Vec<usize> {
        let n = self.coded.len();
        let mut out: Vec<usize> = near_misses(c, n)
            .into_iter()
            .map(|t| self.sets.near(t))
            .collect();
        if c.themes.is_empty() {
            out.push(self.sets.uncoded());
        }
        out
    }

    /// Set numbers below this one are the health's own.
    pub(crate) fn sets_used(&self) -> usize {
        self.sets.end()
    }

    /// Folds in a coded batch.
    pub fn add(&mut self, batch: &CodedBatch) {
        // The coder's words when the batch carries them, else the answers split here.
        let mut words = batch.words.iter();
        let given = batch.words.len() == batch.codings.len();
        let docs: Vec<Vec<DocTerms>> = batch
            .by_respondent()
            .map(|(r, codings)| {
                let text = |q: u16| r.answer(usize::from(q));
                codings
                    .iter()
                    .map(|c| match words.next().filter(|_| given) {
                        Some(w) => DocTerms::from_words(w.clone()),
                        None => analyse(text(c.question).unwrap_or("")),
                    })
                    .collect()
            })
            .collect();
        self.add_analysed(batch, |i, j| &docs[i][j]);
    }

    /// Folds in a coded batch whose answers are already analysed: `doc(i, j)` is the
    /// [`analyse`]d text of the `j`th coding of the batch's `i`th respondent (so a summary that
    /// has tokenised the answers does not do it again).
    pub(crate) fn add_analysed<'d>(
        &mut self,
        batch: &CodedBatch,
        doc: impl Fn(usize, usize) -> &'d DocTerms,
    ) {
        let n = self.coded.len();
        for (i, (r, codings)) in batch.by_respondent().enumerate() {
            for (j, c) in codings.iter().enumerate() {
                let q = usize::from(c.question);
                let text = r.answer(q).unwrap_or("");
                self.answers += 1;
                let assigned: Vec<usize> = c.themes.iter().map(|t| usize::from(t.theme)).collect();
                if let Some(a) = self.q_answers.get_mut(q) {
                    *a += 1;
                }
                if assigned.is_empty() {
                    if let Some(u) = self.q_uncoded.get_mut(q) {
                        *u += 1;
                    }
                }
                for &t in assigned.iter().filter(|&&t| t < n) {
                    self.coded[t] += 1;
                    if assigned.len() > 1 {
                        self.overlapping[t] += 1;
                    }
                    for &o in assigned.iter().filter(|&&o| o != t && o < n) {
                        self.pairs[t][o] += 1;
                    }
                }
                let mut fired: Vec<(usize, &str)> = c
                    .evidence
                    .iter()
                    .filter(|e| e.weight != 0.0)
                    .map(|e| (usize::from(e.theme), e.entry.as_str()))
                    .collect();
                fired.sort_unstable();
                fired.dedup();
                for (t, entry) in fired {
                    if let Some(count) = self.entries.get_mut(t).and_then(|m| m.get_mut(entry)) {
                        *count += 1;
                    }
                }
                let near = near_misses(c, n);
                let mut sets: Vec<usize> = near.iter().map(|&t| self.sets.near(t)).collect();
                sets.extend(
                    assigned
                        .iter()
                        .filter(|&&t| t < n)
                        .map(|&t| self.sets.coded(t)),
                );
                for &t in &near {
                    self.near[t] += 1;
                }
                if assigned.is_empty() {
                    sets.push(self.sets.uncoded());
                }
                let shown = !self.consent || r.consent.publishable();
                if !self.shared_terms {
                    let public = shown.then_some(&[][..]);
                    self.terms.add(text, doc(i, j), &sets, public);
                }
                let candidate = assigned.is_empty() || !near.is_empty();
                if shown && candidate && self.texts.len() < MAX_EXAMPLE_TEXTS {
                    let question = self.questions.get(q).map(|q| q.id.clone());
                    let question = question.unwrap_or_default();
                    let ex = Example {
                        id: r.id.clone(),
                        question,
                        text: text.to_string(),
                    };
                    self.texts.push((sets, ex));
                }
            }
        }
    }

    /// The health of the frame on everything added.
    pub fn finish(&self) -> FrameHealth {
        self.finish_with(&self.terms)
    }

    /// The health of the frame on everything added, its terms counted in `terms` (the counts of
    /// a summary it shares them with; see [`HealthBuilder::sharing_terms`]).
    pub(crate) fn finish_with(&self, terms: &TermCounts) -> FrameHealth {
        FrameHealth {
            answers: self.answers,
            themes: (0..self.coded.len()).map(|t| self.theme(t)).collect(),
            questions: self
                .questions
                .iter()
                .enumerate()
                .map(|(i, q)| QuestionHealth {
                    question: q.id.clone(),
                    answers: self.q_answers[i],
                    uncoded: self.q_uncoded[i],
                    share: ratio(self.q_uncoded[i], self.q_answers[i]),
                })
                .collect(),
            suggestions: super::suggest::suggestions(self, terms),
        }
    }

    fn theme(&self, t: usize) -> ThemeHealth {
        let most = (0..self.coded.len())
            .filter(|&o| o != t && self.pairs[t][o] > 0)
            .max_by(|&a, &b| self.pairs[t][a].cmp(&self.pairs[t][b]).then(b.cmp(&a)));
        let never: Vec<String> = self.entries[t]
            .iter()
            .filter(|(_, &n)| n == 0)
            .map(|(e, _)| e.clone())
            .collect();
        ThemeHealth {
            theme: self.theme_ids[t].clone(),
            name: self.theme_names[t].clone(),
            answers: self.coded[t],
            share: ratio(self.coded[t], self.answers),
            overlap: ratio(self.overlapping[t], self.coded[t]),
            most_with: most.map(|o| {
                (
                    self.theme_ids[o].clone(),
                    ratio(self.pairs[t][o], self.coded[t]),
                )
            }),
            never_fire_count: never.len(),
            never_fire: never.into_iter().take(MAX_LISTED_ENTRIES).collect(),
            fire_in_most: self.entries[t]
                .iter()
                .map(|(e, &n)| (e.clone(), ratio(n, self.answers)))
                .filter(|(_, s)| *s > MOST_ANSWERS)
                .collect(),
            fired_most: self.fired_most(t),
            near_misses: self.near[t],
        }
    }

    /// Theme `t`'s entries that matched in most answers, most first, ties by term.
    fn fired_most(&self, t: usize) -> Vec<(String, u64)> {
        let mut fired: Vec<(String, u64)> = self.entries[t]
            .iter()
            .filter(|(_, &n)| n > 0)
            .map(|(e, &n)| (e.clone(), n))
            .collect();
        fired.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        fired.truncate(MAX_FIRED_MOST);
        fired
    }

    /// The terms of the lexicon's named sets, which entries use as `@name`: words the frame
    /// already weighs, so never suggested.
    pub(super) fn set_terms(&self) -> impl Iterator<Item = &String> {
        self.lexicon
            .sets
            .iter()
            .flat_map(|s| s.terms.iter().filter(|t| !t.starts_with('@')))
    }

    pub(super) fn parts(&self) -> (&[String], &[BTreeMap<String, u64>], KeynessSets) {
        (&self.theme_ids, &self.entries, self.sets)
    }

    /// The lexicon the frame is read from.
    pub(super) fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    pub(super) fn example_texts(&self) -> &[(Vec<usize>, Example)] {
        &self.texts
    }

    /// The survey's open questions.
    pub(super) fn questions(&self) -> &[Question] {
        &self.questions
    }
}

/// The themes an answer has evidence for but was not given (in order, each once).
fn near_misses(c: &Coding, n: usize) -> Vec<usize> {
    let mut near: Vec<usize> = c
        .evidence
        .iter()
        .map(|e| usize::from(e.theme))
        .filter(|&t| t < n && !c.themes.iter().any(|s| usize::from(s.theme) == t))
        .collect();
    near.sort_unstable();
    near.dedup();
    near
}

/// Where the frame's health counts answers among term-count sets: the uncoded answers, each
/// theme's near misses and each theme's coded answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct KeynessSets {
    themes: usize,
    uncoded: usize,
    near: usize,
    coded: usize,
}

impl KeynessSets {
    /// Its own counts: uncoded 0, near misses of theme `t` at `1 + t`, coded at `n + 1 + t`.
    fn own(themes: usize) -> KeynessSets {
        KeynessSets {
            themes,
            uncoded: 0,
            near: 1,
            coded: themes + 1,
        }
    }

    /// A summary's counts, whose set `t` holds theme `t`'s answers: near misses follow at
    /// `n + t`, then the uncoded set at `2n`.
    fn shared(themes: usize) -> KeynessSets {
        KeynessSets {
            themes,
            uncoded: 2 * themes,
            near: themes,
            coded: 0,
        }
    }

    pub(super) fn uncoded(self) -> usize {
        self.uncoded
    }

    pub(super) fn near(self, t: usize) -> usize {
        self.near + t
    }

    pub(super) fn coded(self, t: usize) -> usize {
        self.coded + t
    }

    /// One past the highest set number used.
    fn end(self) -> usize {
        (self.uncoded + 1)
            .max(self.near + self.themes)
            .max(self.coded + self.themes)
    }
}

/// `a / b` to 4 decimals, 0 when `b` is 0.
fn ratio(a: u64, b: u64) -> f64 {
    if b == 0 {
        0.0
    } else {
        crate::summary::stats::round(a as f64 / b as f64, 4)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Evidence, ThemeScore};

    fn coding(themes: &[u16], evidence: &[u16]) -> Coding {
        Coding {
            respondent: 0,
            question: 0,
            themes: themes
                .iter()
                .map(|&theme| ThemeScore { theme, score: 1.0 })
                .collect(),
            priorities: Vec::new(),
            evidence: evidence
                .iter()
                .map(|&theme| Evidence {
                    theme,
                    entry: "word".to_string(),
                    start: 0,
                    end: 4,
                    weight: 0.5,
                    negated: false,
                })
                .collect(),
            revisions: Vec::new(),
        }
    }

    #[test]
    fn sharing_puts_near_misses_and_uncoded_answers_after_the_theme_sets() {
        let lexicon = crate::lexicon::default_lexicon();
        let n = lexicon.frame.themes.len();
        let schema = crate::summary::fixture::schema();
        let own = HealthBuilder::new(&lexicon, &schema);
        let shared = HealthBuilder::new(&lexicon, &schema).sharing_terms();
        // Coded with theme 2, evidence for 2 and 5: a near miss of 5.
        let coded = coding(&[2], &[2, 5, 5]);
        assert_eq!(shared.extra_sets(&coded), [n + 5]);
        assert_eq!(own.extra_sets(&coded), [1 + 5]);
        // No theme, evidence for 1: a near miss of 1, and uncoded.
        let uncoded = coding(&[], &[1]);
        assert_eq!(shared.extra_sets(&uncoded), [n + 1, 2 * n]);
        assert_eq!(own.extra_sets(&uncoded), [1 + 1, 0]);
        // The summary's own sets start after the health's.
        assert_eq!(shared.sets_used(), 2 * n + 1);
        assert_eq!(own.sets_used(), 2 * n + 1);
        assert_eq!(shared.sets.coded(3), 3);
        assert_eq!(own.sets.coded(3), n + 1 + 3);
    }
}
