//! Coding: assigns themes and priorities to answers with the evidence for each.
//!
//! [`Coder::new`] compiles every theme's entries, exclusions, sense cues and proximity rules once
//! into two word-level matchers (`compile`); [`Coder::code_text`] then codes one answer,
//! [`Coder::code_batch`] codes a batch of respondents in parallel, and [`Coder::explain`] says why each theme
//! was or was not assigned.
//!
//! Matching (`scan`): all themes' entries are found in one walk from each word; for each theme
//! the longest entry starting there counts (its first-listed such entry), and a match lying
//! inside a longer counting match of the same theme is dropped ("break" inside "short break").
//! Themes do not take words from each other: "explained why" (T11) and "explained" (T12) both
//! count; a theme keeps another's phrase out with an exclusion ("care at home" in T04).
//! Exclusions, cue words, proximity terms and the domain vocabulary are matched separately,
//! overlaps allowed, each occurrence recorded once per written term ("atom").

mod codebook;
mod compile;
pub mod evaluate;
mod explain;
pub mod overrides;
mod scan;
mod scratch;
mod trie;

pub use codebook::{AnswerCoder, Codebook, CodebookError};
pub use explain::{ExplainedMatch, Explanation, MatchStatus, ThemeExplanation, Verdict};

use crate::lexicon::{Assign, Count, Entry, ExpansionError, NearRule};
use crate::model::{CodeFrame, CodedBatch, Coding, Evidence, Respondent, ThemeScore};
use crate::text::segment::Word;
use rayon::prelude::*;
use scan::AuxTarget;
use std::collections::HashMap;
use trie::{GlobSets, Trie};

/// Why a lexicon could not be compiled.
#[derive(Debug, thiserror::Error)]
pub enum CodingError {
    /// `Lexicon::themes` and `Lexicon::frame.themes` disagree.
    #[error("lexicon theme {index} is `{lexicon}` but the code frame has `{frame}` there")]
    ThemeMismatch {
        /// Position of the theme.
        index: usize,
        /// Id in `Lexicon::themes`.
        lexicon: String,
        /// Id in the code frame (empty when missing).
        frame: String,
    },
    /// A weight or threshold is infinite or not a number.
    #[error("theme {theme}: {what} is not a finite number")]
    NotFinite {
        /// Theme id.
        theme: String,
        /// Which value (`threshold`, `weight of "carer"`).
        what: String,
    },
    /// A term stands for too many plain terms once its sets are expanded.
    #[error(transparent)]
    Expansion(#[from] ExpansionError),
    /// A theme links a priority the code frame does not have.
    #[error("theme {theme}: unknown priority `{priority}`")]
    UnknownPriority {
        /// Theme id.
        theme: String,
        /// The priority id it names.
        priority: String,
    },
    /// More themes or priorities than a coding can name.
    #[error("the lexicon has {0} themes or priorities; at most 65,535 are supported")]
    TooManyThemes(usize),
    /// More distinct prefix globs than a word's cache entry can name.
    #[error("the lexicon has {0} distinct prefix globs (`word*`); at most 65,535 are supported")]
    TooManyGlobs(usize),
}

/// The coding of one text; themes and priorities are indices into the coder's [`CodeFrame`].
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize)]
pub struct TextCoding {
    /// Assigned themes with their scores, in code-frame (theme-id) order.
    pub themes: Vec<ThemeScore>,
    /// Priorities linked to the assigned themes, in priority-id order and unique.
    pub priorities: Vec<u16>,
    /// Every match in text order, including zero-weight ones (negated, excluded).
    pub evidence: Vec<Evidence>,
}

/// A theme compiled for matching.
#[derive(Debug, Clone)]
struct CompiledTheme {
    id: String,
    name: String,
    threshold: f32,
    entries: Vec<Entry>,
    /// The sense rules of `entries`, by the same index.
    senses: Vec<CompiledSense>,
    exclude: Vec<String>,
    near: Vec<NearRule>,
    /// The atoms of each proximity rule's `a` and `b` terms and the cue group of its `unless`
    /// phrases, by the same index as `near`.
    near_atoms: Vec<(u32, u32, Option<u32>)>,
    /// The linked priorities, as indices into the code frame's priorities.
    priorities: Vec<u16>,
}

/// An entry's sense rule as cue groups: `with` and `unless` lists are interned as lists of atoms,
/// so entries that share a list (or a term of one) share its occurrences.
#[derive(Debug, Clone, Copy, Default)]
struct CompiledSense {
    with: Option<u32>,
    unless: Option<u32>,
    /// Words either side for `with` cues; `None` for the same sentence.
    within: Option<u32>,
    /// Words either side for `unless` cues; `None` for the same sentence.
    unless_within: Option<u32>,
}

/// A main-trie target: entry `entry` of theme `theme`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Target {
    theme: u32,
    entry: u32,
}

/// A match found in one text, before it becomes [`Evidence`].
#[derive(Debug, Clone, Copy)]
struct Hit {
    theme: u32,
    /// Entry index, or near rule index when `near`.
    source: u32,
    near: bool,
    start: usize,
    end: usize,
    weight: f32,
    negated: bool,
    status: RawStatus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RawStatus {
    Counted,
    Negated,
    NotNegated,
    Excluded(u32),
    Near,
    /// The entry needs a `with` cue and none was in the window.
    NoCue,
    /// An `unless` cue was in the window: the words from..to (word indices).
    Blocked(u32, u32),
    /// The entry already counted earlier in the text, and the lexicon counts each entry once.
    Repeat,
}

/// A compiled lexicon: built once, shared by reference across threads, codes any number of texts.
#[derive(Debug)]
pub struct Coder {
    id: u64,
    frame: CodeFrame,
    assign: Assign,
    count: Count,
    themes: Vec<CompiledTheme>,
    vocabulary: HashMap<String, u32>,
    /// The lexicon's aliases (folded written form -> folded standard form): an answer's word
    /// is read as its standard form before it is stemmed or compared with globs.
    aliases: HashMap<String, String>,
    globs: Vec<String>,
    /// The globs sorted, with their ids, to find the ones a word starts with by binary search.
    glob_index: Vec<(String, u32)>,
    glob_sets: GlobSets,
    main: Trie<Target>,
    aux: Trie<AuxTarget>,
    /// Terms written in sense rules, proximity rules and `[domain]`, by atom id: each matched once
    /// per text however many rules name it.
    atoms: Vec<String>,
    /// The atoms of each `with` / `unless` list, by cue group id.
    cue_groups: Vec<Vec<u32>>,
    /// By atom: the proximity rules (theme, rule) whose `a` term it is.
    near_by_a: Vec<Vec<(u32, u32)>>,
    /// The atom of the domain set.
    domain_atom: Option<u32>,
    /// The cue group of the domain's `unless` phrases: a domain word inside one does not count.
    domain_unless: Option<u32>,
    /// The most words an exclusion pattern spans.
    max_exclusion: u32,
    /// The least score any theme needs in an answer without domain vocabulary, and the fewest
    /// words such an answer must have for it to apply.
    off_domain: Option<(f32, u32)>,
    /// The domain's `question_words`, folded and without apostrophes: the words of a question
    /// that names no subject of its own.
    question_words: std::collections::BTreeSet<String>,
}

impl Coder {
    /// The code frame the coder assigns from.
    pub fn frame(&self) -> &CodeFrame {
        &self.frame
    }

    /// Themes (sorted by id), priorities (sorted, unique), evidence (text order) for one text.
    pub fn code_text(&self, text: &str) -> TextCoding {
        self.code_text_with_words(text, false, None)
    }

    /// [`Coder::code_text`] for the answer to a question: `on_subject` says whether the question
    /// is about the frame's subject (see [`Coder::is_on_subject`]).
    pub fn code_answer(&self, text: &str, on_subject: bool) -> TextCoding {
        self.code_text_with_words(text, on_subject, None)
    }

    /// Whether a question is about the frame's subject: its text uses the lexicon's domain
    /// vocabulary ("What matters most to you about health and social care?"). Answers to such a
    /// question are about that subject however long they are, so the domain rule (a long answer
    /// without a domain word needs a strong entry) does not hold their themes back; each theme
    /// still needs the answer's own words. False when the lexicon has no domain.
    pub fn is_on_subject(&self, question: &str) -> bool {
        let Some(atom) = self.domain_atom else {
            return false;
        };
        self.with_scratch(|s| {
            self.scan(question, s);
            self.has_domain_word(atom, &s.occ)
        })
    }

    /// Whether a question names no subject of its own: every word of it is a stop word (see
    /// [`crate::text::is_stop`]) or one of the domain's `question_words` ("Any other comments?",
    /// "What could we do better?"). False when the lexicon lists no such words.
    pub fn is_open_question(&self, question: &str) -> bool {
        if self.question_words.is_empty() {
            return false;
        }
        crate::text::fold(question)
            .split(|c: char| !c.is_alphanumeric() && c != '\'')
            .filter(|w| !w.is_empty())
            .all(|w| crate::text::is_stop(w) || self.question_words.contains(&w.replace('\'', "")))
    }

    /// Per question of one survey, whether its answers are about the frame's subject: a
    /// question that names it ([`Coder::is_on_subject`]), and an open question
    /// ([`Coder::is_open_question`]) in a survey where some question names it, since "Any other
    /// comments?" after "What matters most to you about health and care?" asks about the same,
    /// or in a survey of open questions only (a feedback card), which the frame is run on because
    /// it is about the frame's subject.
    pub fn subjects<S: AsRef<str>>(&self, questions: &[S]) -> Vec<bool> {
        let named: Vec<bool> = questions
            .iter()
            .map(|q| self.is_on_subject(q.as_ref()))
            .collect();
        let open: Vec<bool> = questions
            .iter()
            .map(|q| self.is_open_question(q.as_ref()))
            .collect();
        let survey = named.contains(&true) || (!open.is_empty() && !open.contains(&false));
        named
            .iter()
            .zip(open)
            .map(|(&named, open)| named || (survey && open))
            .collect()
    }

    /// [`Coder::code_answer`], also writing the words of `text` (as `text::segment` splits it)
    /// into `words` when given, from the split the scan made.
    fn code_text_with_words(
        &self,
        text: &str,
        on_subject: bool,
        words: Option<&mut Vec<Word>>,
    ) -> TextCoding {
        self.with_scratch(|s| {
            self.scan(text, s);
            s.in_domain |= on_subject;
            if let Some(words) = words {
                crate::text::segment::without_currency(text, &s.words, words);
            }
            let (scores, assigned, _) = self.decide(&s.hits, s.in_domain);
            let mut out = TextCoding::default();
            for (ti, score) in assigned
                .iter()
                .zip(&scores)
                .enumerate()
                .filter_map(|(i, (a, sc))| a.then_some((i, sc)))
            {
                out.themes.push(ThemeScore {
                    theme: ti as u16,
                    score: *score,
                });
                out.priorities
                    .extend(self.themes[ti].priorities.iter().copied());
            }
            let frame = &self.frame;
            out.priorities.sort_unstable_by(|&a, &b| {
                frame
                    .priority_id(a)
                    .cmp(frame.priority_id(b))
                    .then(a.cmp(&b))
            });
            out.priorities.dedup();
            out.evidence = s.hits.iter().map(|h| self.evidence(h)).collect();
            out
        })
    }

    /// For a coder compiled with entries added to a lexicon on trial: whether `text` gets each
    /// theme of `tried` (theme index, entry index) when that entry alone of the added ones
    /// counts. Entry `e` of theme `t` is an added one when `e >= originals[t]`. One scan serves
    /// every tried entry, so suggestions are tried without a coder compiled for each. Where an
    /// added phrase covers a shorter match of its theme (which the scan then drops), the others
    /// are tried without that match too, so a trial can only undercount. `on_subject` is as for
    /// [`Coder::code_answer`].
    pub fn try_added(
        &self,
        text: &str,
        on_subject: bool,
        originals: &[usize],
        tried: &[(usize, usize)],
    ) -> Vec<bool> {
        self.with_scratch(|s| {
            self.scan(text, s);
            s.in_domain |= on_subject;
            let added = |h: &Hit| {
                !h.near
                    && originals
                        .get(h.theme as usize)
                        .is_some_and(|&n| h.source as usize >= n)
            };
            let mut hits = Vec::with_capacity(s.hits.len());
            tried
                .iter()
                .map(|&(t, e)| {
                    hits.clear();
                    hits.extend(s.hits.iter().filter(|h| {
                        !added(h) || (h.theme as usize == t && h.source as usize == e)
                    }));
                    let (_, assigned, _) = self.decide(&hits, s.in_domain);
                    assigned.get(t).copied().unwrap_or(false)
                })
                .collect()
        })
    }

    /// Many texts at once, in parallel: one [`TextCoding`] per text, in order.
    pub fn code_texts<T: AsRef<str> + Sync>(&self, texts: &[T]) -> Vec<TextCoding> {
        texts
            .par_iter()
            .map(|t| self.code_text(t.as_ref()))
            .collect()
    }

    /// Codes a batch of respondents: one [`Coding`] per non-blank answer, in (respondent,
    /// question) order, computed in parallel. Every command that codes survey answers comes
    /// through here.
    pub fn code_batch(&self, respondents: Vec<Respondent>) -> CodedBatch {
        self.code_batch_on(respondents, &[])
    }

    /// [`Coder::code_batch`] for a survey whose question `q` is about the frame's subject where
    /// `on_subject[q]` is true (see [`Coder::is_on_subject`]; missing entries are false).
    pub fn code_batch_on(&self, respondents: Vec<Respondent>, on_subject: &[bool]) -> CodedBatch {
        let (codings, words) = self.code_answers(&respondents, on_subject, true);
        CodedBatch {
            respondents,
            codings,
            words,
        }
    }

    /// The codings [`Coder::code_batch`] makes, for respondents the caller keeps: one per
    /// non-blank answer, in (respondent, question) order, computed in parallel.
    pub fn code_respondents(&self, respondents: &[Respondent]) -> Vec<Coding> {
        self.code_answers(respondents, &[], false).0
    }

    /// The codings of every non-blank answer and, when `keep_words`, the words of each (else
    /// empty lists).
    fn code_answers(
        &self,
        respondents: &[Respondent],
        on_subject: &[bool],
        keep_words: bool,
    ) -> (Vec<Coding>, Vec<Vec<Word>>) {
        respondents
            .par_iter()
            .flat_map_iter(|r| {
                r.answers
                    .iter()
                    .enumerate()
                    .filter_map(|(q, a)| {
                        let text = a.as_deref().filter(|t| !t.trim().is_empty())?;
                        let question = u16::try_from(q).ok()?;
                        let mut words = Vec::new();
                        let subject = on_subject.get(q).copied().unwrap_or(false);
                        let kept = keep_words.then_some(&mut words);
                        let c = self.code_text_with_words(text, subject, kept);
                        let coding = Coding {
                            respondent: r.seq,
                            question,
                            themes: c.themes,
                            priorities: c.priorities,
                            evidence: c.evidence,
                            revisions: Vec::new(),
                        };
                        Some((coding, words))
                    })
                    .collect::<Vec<_>>()
            })
            .unzip()
    }

    /// The words of `span` as the coder reads them through the aliases, when any alias applies.
    fn read_as(&self, span: Option<&str>) -> Option<String> {
        let span = span?;
        if self.aliases.is_empty() {
            return None;
        }
        let mut words = Vec::new();
        crate::text::segment::segment_with_currency(span, &mut words);
        let mut changed = false;
        let read: Vec<String> = words
            .iter()
            .map(|w| {
                let folded = crate::text::fold(&span[w.start..w.end]);
                match crate::text::aliased(&self.aliases, &folded) {
                    Some(standard) => {
                        changed = true;
                        standard
                    }
                    None => folded,
                }
            })
            .collect();
        changed.then(|| read.join(" "))
    }

    /// Per theme with any evidence: its score against its threshold, whether it was assigned and
    /// why (or why not), and every match with how it counted.
    pub fn explain(&self, text: &str) -> Explanation {
        self.explain_answer(text, false)
    }

    /// [`Coder::explain`] for the answer to a question, as [`Coder::code_answer`] codes it.
    pub fn explain_answer(&self, text: &str, on_subject: bool) -> Explanation {
        self.with_scratch(|s| {
            self.scan(text, s);
            let alone = s.in_domain;
            s.in_domain |= on_subject;
            let (scores, assigned, on_domain) = self.decide(&s.hits, s.in_domain);
            let subject_from_question = on_subject && !self.decide(&s.hits, alone).2;
            let best = match self.assign {
                Assign::Best => assigned.iter().position(|&a| a),
                Assign::All => None,
            };
            let mut themes = Vec::new();
            for (ti, t) in self.themes.iter().enumerate() {
                let hits: Vec<&Hit> = s.hits.iter().filter(|h| h.theme as usize == ti).collect();
                if hits.is_empty() {
                    continue;
                }
                let verdict = if assigned[ti] {
                    Verdict::Assigned
                } else {
                    self.why_not(ti, scores[ti], &hits, best, on_domain)
                };
                let matches = hits
                    .iter()
                    .map(|h| {
                        let evidence = self.evidence(h);
                        let read_as = self.read_as(text.get(evidence.start..evidence.end));
                        ExplainedMatch {
                            evidence,
                            status: self.status(h, text, &s.words),
                            read_as,
                        }
                    })
                    .collect();
                themes.push(ThemeExplanation {
                    theme: t.id.clone(),
                    name: t.name.clone(),
                    score: scores[ti],
                    threshold: t.threshold,
                    assigned: assigned[ti],
                    verdict,
                    matches,
                });
            }
            Explanation {
                off_domain: !on_domain,
                subject_from_question,
                themes,
            }
        })
    }

    /// Why theme `ti`, with these hits and score, was not assigned.
    fn why_not(
        &self,
        ti: usize,
        score: f32,
        hits: &[&Hit],
        best: Option<usize>,
        on_domain: bool,
    ) -> Verdict {
        let counted = hits.iter().any(|h| h.weight != 0.0);
        let any = |f: fn(RawStatus) -> bool| hits.iter().any(|h| f(h.status));
        if counted && score >= self.themes[ti].threshold {
            if on_domain {
                Verdict::NotBest {
                    best: best.map(|b| self.themes[b].id.clone()).unwrap_or_default(),
                }
            } else {
                Verdict::OffDomain
            }
        } else if counted {
            Verdict::BelowThreshold
        } else if any(|x| matches!(x, RawStatus::Excluded(_))) {
            Verdict::Excluded
        } else if any(|x| matches!(x, RawStatus::NoCue | RawStatus::Blocked(..))) {
            Verdict::OtherSense
        } else if any(|x| matches!(x, RawStatus::Negated | RawStatus::NotNegated)) {
            Verdict::Negated
        } else {
            Verdict::BelowThreshold
        }
    }

    /// How one hit counted, in words for `--explain`.
    fn status(&self, h: &Hit, text: &str, words: &[Word]) -> MatchStatus {
        let t = &self.themes[h.theme as usize];
        match h.status {
            RawStatus::Counted => MatchStatus::Counted,
            RawStatus::Near => MatchStatus::Near,
            RawStatus::Negated => MatchStatus::Negated,
            RawStatus::NotNegated => MatchStatus::NotNegated,
            RawStatus::Excluded(x) => MatchStatus::Excluded {
                by: t.exclude.get(x as usize).cloned().unwrap_or_default(),
            },
            RawStatus::NoCue => MatchStatus::NoCue {
                needs: t
                    .entries
                    .get(h.source as usize)
                    .map(|e| e.sense.with.join(", "))
                    .unwrap_or_default(),
            },
            RawStatus::Repeat => MatchStatus::Repeat,
            RawStatus::Blocked(from, to) => {
                let span = words
                    .get(from as usize)
                    .zip(words.get(to as usize - 1))
                    .and_then(|(a, b)| text.get(a.start..b.end));
                MatchStatus::Blocked {
                    by: span.unwrap_or_default().to_string(),
                }
            }
        }
    }

    fn evidence(&self, h: &Hit) -> Evidence {
        let t = &self.themes[h.theme as usize];
        let entry = if h.near {
            t.near
                .get(h.source as usize)
                .map(|r| format!("{} ~ {}", r.a, r.b))
                .unwrap_or_default()
        } else {
            t.entries
                .get(h.source as usize)
                .map(|e| e.term.clone())
                .unwrap_or_default()
        };
        Evidence {
            theme: h.theme as u16,
            entry,
            start: h.start,
            end: h.end,
            weight: h.weight,
            negated: h.negated,
        }
    }

    /// Whether a text is about the frame's subject: it has domain vocabulary, is too short to
    /// judge, or has an entry strong enough to settle a theme alone (`strongest` per theme).
    fn on_domain(&self, has_vocabulary: bool, strongest: &[f32]) -> bool {
        match self.off_domain {
            Some((d, _)) => has_vocabulary || strongest.iter().any(|&w| w >= d),
            None => true,
        }
    }

    /// Scores per theme and which themes are assigned.
    fn decide(&self, hits: &[Hit], in_domain: bool) -> (Vec<f32>, Vec<bool>, bool) {
        let n = self.themes.len();
        let mut scores = vec![0.0f32; n];
        let mut counted = vec![false; n];
        let mut strongest = vec![f32::NEG_INFINITY; n];
        for h in hits {
            let t = h.theme as usize;
            scores[t] += h.weight;
            if h.weight != 0.0 {
                counted[t] = true;
                strongest[t] = strongest[t].max(h.weight);
            }
        }
        let on_domain = self.on_domain(in_domain, &strongest);
        let mut assigned: Vec<bool> = (0..n)
            .map(|i| on_domain && counted[i] && scores[i] >= self.themes[i].threshold)
            .collect();
        if self.assign == Assign::Best {
            // Highest score wins; on a tie the lowest id (themes are sorted by id).
            let mut best: Option<usize> = None;
            for i in (0..n).filter(|&i| assigned[i]) {
                if best.map_or(true, |b| scores[i] > scores[b]) {
                    best = Some(i);
                }
            }
            for (i, a) in assigned.iter_mut().enumerate() {
                *a = Some(i) == best;
            }
        }
        (scores, assigned, on_domain)
    }
}

#[cfg(test)]
mod tests;
