//! Distinctive words and phrases: weighted log-odds ratios with an informative Dirichlet prior
//! (Monroe, Colaresi & Quinn 2008, "Fightin' Words"), over stems, shown in their commonest
//! surface form.
//!
//! Counts are kept as they stream in ([`TermCounts`]): one total per term and one count per term
//! and document set (a theme, a group), so memory grows with the vocabulary, not with the number
//! of answers. A document can also be taken out again (campaign copies are removed once campaigns
//! are known), which leaves exactly the counts it would have had without it.
//!
//! Words come from the same segmentation, folding and Snowball stems as coding
//! (`text::Normalizer`), so "waiting" here is the word a lexicon's "wait" matches. Negation is not
//! part of a term: "not listened" counts under "listened", as the negator is a stop word. Phrases
//! are two adjacent content words in one sentence with only spaces between them.
//!
//! The prior is the whole corpus' term distribution scaled to `PRIOR_SIZE` pseudo-counts (or a
//! tenth of the corpus when that is smaller, so a small consultation is not swamped by its prior),
//! which shrinks rare terms towards "not distinctive" instead of letting one-off words top the list.
//!
//! Consent: every occurrence counts in the statistics, but a term is listed only when it occurs
//! in the published form of an answer of a respondent who agreed to publication (outside the
//! spans redaction removes), and it is shown in the form such answers use most. So no listed
//! word comes only from respondents who did not agree, or only from personal details.

use super::stats::round;
use super::tokens::is_stop;
use crate::text::{fold, segment, FxBuild, Normalizer};
use serde::Serialize;
use std::collections::HashMap;

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

/// The words of one answer with their spans and sentence breaks, ready to be counted (found in
/// parallel; counting looks each word up once per distinct spelling).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocTerms {
    words: Vec<segment::Word>,
}

/// Segments one answer (safe to call in parallel; allocates one vector).
pub fn analyse(text: &str) -> DocTerms {
    let mut words = Vec::new();
    segment::segment(text, &mut words);
    DocTerms { words }
}

impl DocTerms {
    /// An answer's words as `text::segment` split it (the coder's split, for one).
    pub fn from_words(words: Vec<crate::model::Word>) -> DocTerms {
        DocTerms { words }
    }
}

/// How a word is shown: as written when it is an acronym ("GP", "NHS"), else folded (lower
/// case, apostrophes kept: "we've").
fn surface_form(original: &str, folded: &str) -> String {
    let letters = original.chars().filter(|c| c.is_alphabetic()).count();
    if letters >= 2 && original.chars().all(|c| !c.is_lowercase()) && original.len() <= 6 {
        original.to_string()
    } else {
        folded.to_string()
    }
}

/// What one spelling of a word counts as: a stop word, or a word term and its surface form.
#[derive(Debug, Clone, Copy)]
enum Spelling {
    Stop,
    Word(u32, u16),
}

fn bump(n: &mut u32, add: bool) {
    if add {
        *n += 1;
    } else {
        *n = n.saturating_sub(1);
    }
}

/// A term: a stem, or a two-stem phrase (ids of its two stems).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Word,
    Phrase(u32, u32),
}

/// Where a document's words may be shown: `Some(spans)` for a respondent who agreed to
/// publication (the byte spans redaction removes stay hidden), `None` for one who did not.
pub type Public<'a> = Option<&'a [(usize, usize)]>;

/// Term counts over a stream of documents, in total and per document set.
#[derive(Default)]
pub struct TermCounts {
    normalizer: Normalizer,
    /// Every spelling seen, as written, with what it counts as.
    spellings: HashMap<Box<str>, Spelling, FxBuild>,
    words: HashMap<String, u32>,
    phrases: HashMap<(u32, u32), u32, FxBuild>,
    kinds: Vec<Kind>,
    /// Surface forms of each word term with their counts (empty for phrases).
    forms: Vec<Vec<(String, u32)>>,
    /// Surface forms of each phrase, as indices into its two words' forms, with their counts.
    phrase_forms: Vec<Vec<((u16, u16), u32)>>,
    totals: Vec<u64>,
    /// Occurrences of each term in publishable text (consenting respondents, not redacted).
    public: Vec<u64>,
    /// `sets[s][term]`: occurrences in documents of set `s` (grown on demand).
    sets: Vec<Vec<u32>>,
}

impl TermCounts {
    /// Empty counts.
    pub fn new() -> TermCounts {
        TermCounts::default()
    }

    fn word_id(&mut self, stem: &str) -> u32 {
        if let Some(&id) = self.words.get(stem) {
            return id;
        }
        let id = self.kinds.len() as u32;
        self.words.insert(stem.to_string(), id);
        self.kinds.push(Kind::Word);
        self.forms.push(Vec::new());
        self.phrase_forms.push(Vec::new());
        self.totals.push(0);
        self.public.push(0);
        id
    }

    fn phrase_id(&mut self, a: u32, b: u32) -> u32 {
        if let Some(&id) = self.phrases.get(&(a, b)) {
            return id;
        }
        let id = self.kinds.len() as u32;
        self.phrases.insert((a, b), id);
        self.kinds.push(Kind::Phrase(a, b));
        self.forms.push(Vec::new());
        self.phrase_forms.push(Vec::new());
        self.totals.push(0);
        self.public.push(0);
        id
    }

    fn count(&mut self, term: u32, sets: &[usize], add: bool, public: bool) {
        let t = term as usize;
        if add {
            self.totals[t] += 1;
            self.public[t] += u64::from(public);
        } else {
            self.totals[t] = self.totals[t].saturating_sub(1);
            self.public[t] = self.public[t].saturating_sub(u64::from(public));
        }
        for &s in sets {
            if s >= self.sets.len() {
                self.sets.resize_with(s + 1, Vec::new);
            }
            let v = &mut self.sets[s];
            if t >= v.len() {
                v.resize((t + 1).max(self.kinds.len()), 0);
            }
            if add {
                v[t] += 1;
            } else {
                v[t] = v[t].saturating_sub(1);
            }
        }
    }

    /// Counts a document (`text`, as analysed) in the totals and in each of `sets`. `public`:
    /// the byte spans redaction removes when the respondent agreed to publication, `None` when
    /// they did not (their words count but are never listed on their own).
    pub fn add(&mut self, text: &str, doc: &DocTerms, sets: &[usize], public: Public) {
        self.apply(text, doc, sets, true, public);
    }

    /// Takes back a document added earlier with the same sets and visibility.
    pub fn remove(&mut self, text: &str, doc: &DocTerms, sets: &[usize], public: Public) {
        self.apply(text, doc, sets, false, public);
    }

    fn spelling(&mut self, original: &str) -> Spelling {
        if let Some(&sp) = self.spellings.get(original) {
            return sp;
        }
        let folded = fold(original);
        let sp = if is_stop(&folded) {
            Spelling::Stop
        } else {
            let stem = self.normalizer.stem(&folded);
            let id = self.word_id(&stem);
            let form = surface_form(original, &folded);
            let forms = &mut self.forms[id as usize];
            let i = match forms.iter().position(|(f, _)| *f == form) {
                Some(i) => i,
                None => {
                    forms.push((form, 0));
                    forms.len() - 1
                }
            };
            Spelling::Word(id, i.min(usize::from(u16::MAX)) as u16)
        };
        self.spellings.insert(original.into(), sp);
        sp
    }

    fn apply(&mut self, text: &str, doc: &DocTerms, sets: &[usize], add: bool, public: Public) {
        let mut prev: Option<(u32, u16, usize, bool)> = None;
        for w in &doc.words {
            let spelling = text.get(w.start..w.end).map(|o| self.spelling(o));
            let Some(Spelling::Word(id, form)) = spelling else {
                prev = None;
                continue;
            };
            let shown =
                public.is_some_and(|spans| !spans.iter().any(|&(s, e)| s < w.end && w.start < e));
            // Surface forms are counted where they may be shown, so the form a term is shown
            // in is one a consenting respondent wrote.
            if let Some(n) = self.forms[id as usize].get_mut(usize::from(form)) {
                if shown {
                    bump(&mut n.1, add);
                }
            }
            let phrase = prev.filter(|&(_, _, end, _)| {
                !w.sentence_break
                    && text
                        .get(end..w.start)
                        .is_some_and(|g| g.chars().all(char::is_whitespace))
            });
            if let Some((p, pform, _, prev_shown)) = phrase {
                let ph = self.phrase_id(p, id);
                let both = shown && prev_shown;
                let pf = &mut self.phrase_forms[ph as usize];
                match pf.iter_mut().find(|(k, _)| *k == (pform, form)) {
                    Some((_, n)) => {
                        if both {
                            bump(n, add)
                        }
                    }
                    None => pf.push(((pform, form), u32::from(add && both))),
                }
                self.count(ph, sets, add, both);
            }
            self.count(id, sets, add, shown);
            prev = Some((id, form, w.end, shown));
        }
    }

    /// The commonest of `(form, count)` pairs; ties go to the alphabetically first.
    fn commonest<'s>(forms: impl Iterator<Item = (String, u32)> + 's) -> String {
        let mut best: Option<(String, u32)> = None;
        for (f, n) in forms {
            let better = match &best {
                None => true,
                Some((bf, bn)) => n > *bn || (n == *bn && f < *bf),
            };
            if better {
                best = Some((f, n));
            }
        }
        best.map(|(f, _)| f).unwrap_or_default()
    }

    fn form(&self, word: u32, form: u16) -> &str {
        self.forms[word as usize]
            .get(usize::from(form))
            .map_or("", |(f, _)| f.as_str())
    }

    /// The commonest surface form of a term (a phrase as it was most often written).
    fn surface(&self, id: u32) -> String {
        match self.kinds[id as usize] {
            Kind::Word => Self::commonest(self.forms[id as usize].iter().cloned()),
            Kind::Phrase(a, b) => {
                Self::commonest(self.phrase_forms[id as usize].iter().map(|&((fa, fb), n)| {
                    (format!("{} {}", self.form(a, fa), self.form(b, fb)), n)
                }))
            }
        }
    }

    /// The top `top` distinctive terms of the documents of `set` against the rest.
    pub fn distinctive(&self, set: usize, top: usize) -> Vec<Term> {
        let mut out: Vec<Term> = self
            .scored(set, MIN_COUNT)
            .filter(|s| s.z.is_finite() && s.z > MIN_Z)
            .map(|s| self.term(&s))
            .collect();
        out.sort_by(|a, b| b.z.total_cmp(&a.z).then_with(|| a.term.cmp(&b.term)));
        out.truncate(top);
        out
    }

    /// The terms of `set` that occur there at least `min_count` times and mostly there: at
    /// least `min_purity` of all their occurrences. Best first by their share of occurrences
    /// in the set counted with one more occurrence outside it (so a term seen twice, both in
    /// the set, ranks below one seen five times, all in the set), then by count. Unlike
    /// [`TermCounts::distinctive`] no significance is asked, so small surveys have some.
    pub fn pure(&self, set: usize, min_count: u64, min_purity: f64) -> Vec<Term> {
        let purity = |s: &Scored| s.yi as f64 / (s.yi + s.yj) as f64;
        let mut out: Vec<Term> = self
            .scored(set, min_count.max(1))
            .filter(|s| purity(s) >= min_purity)
            .map(|s| self.term(&s))
            .collect();
        let smoothed = |t: &Term| t.count as f64 / (t.count + t.count_other + 1) as f64;
        out.sort_by(|a, b| {
            smoothed(b)
                .total_cmp(&smoothed(a))
                .then(b.count.cmp(&a.count))
                .then_with(|| a.term.cmp(&b.term))
        });
        out
    }

    /// Every publishable term of `set` seen there at least `min_count` times, with its
    /// weighted log-odds against the rest (Monroe et al.'s informative Dirichlet prior).
    fn scored(&self, set: usize, min_count: u64) -> impl Iterator<Item = Scored> + '_ {
        let y_in: &[u32] = self.sets.get(set).map_or(&[], Vec::as_slice);
        let n_all: u64 = self.totals.iter().sum();
        let n_in: u64 = y_in.iter().map(|&n| u64::from(n)).sum();
        let usable = n_all > 0 && n_in > 0 && n_in < n_all;
        let (a0, ni, nj) = (
            PRIOR_SIZE.min(n_all as f64 / 10.0),
            n_in as f64,
            n_all.saturating_sub(n_in) as f64,
        );
        y_in.iter()
            .zip(&self.totals)
            .enumerate()
            .filter(move |&(t, (&yi, _))| {
                usable && u64::from(yi) >= min_count && self.public.get(t).copied().unwrap_or(0) > 0
            })
            .map(move |(t, (&yi, &tot))| {
                let yi = u64::from(yi);
                let yj = tot.saturating_sub(yi);
                let aw = a0 * tot as f64 / n_all as f64;
                let (yif, yjf) = (yi as f64, yj as f64);
                let delta = ((yif + aw) / (ni + a0 - yif - aw)).ln()
                    - ((yjf + aw) / (nj + a0 - yjf - aw)).ln();
                let var = 1.0 / (yif + aw) + 1.0 / (yjf + aw);
                Scored {
                    id: t as u32,
                    yi,
                    yj,
                    delta,
                    z: delta / var.sqrt(),
                }
            })
    }

    fn term(&self, s: &Scored) -> Term {
        Term {
            term: self.surface(s.id),
            count: s.yi,
            count_other: s.yj,
            log_odds: round(s.delta, 3),
            z: round(s.z, 2),
        }
    }
}

/// A term's counts in and out of a set and its weighted log-odds.
struct Scored {
    id: u32,
    yi: u64,
    yj: u64,
    delta: f64,
    z: f64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(texts: &[&str], in_group: impl Fn(usize) -> bool) -> TermCounts {
        let mut c = TermCounts::new();
        for (i, t) in texts.iter().enumerate() {
            let sets: &[usize] = if in_group(i) { &[0] } else { &[] };
            c.add(t, &analyse(t), sets, Some(&[]));
        }
        c
    }

    #[test]
    fn distinctive_terms_use_surface_forms_and_skip_stop_words() {
        let mut texts =
            vec!["The respite breaks for carers are vital and the carers need respite"; 8];
        texts.extend(["The buses to the hospital are slow and the parking is expensive"; 20]);
        let c = counts(&texts, |i| i < 8);
        let terms = c.distinctive(0, 10);
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
    fn pure_terms_are_those_mostly_in_the_set_best_first() {
        // "respite" 4 times, all in the set; "hoist" and two phrases twice, all in it (ties by
        // term); "buses" in the set twice and outside once (2/3, below 75%); "waiting" once.
        let texts = [
            "respite respite hoist",
            "respite respite hoist buses buses waiting",
            "buses to town",
            "the parking is dear",
        ];
        let c = counts(&texts, |i| i < 2);
        let terms: Vec<(String, u64, u64)> = c
            .pure(0, 2, 0.75)
            .into_iter()
            .map(|t| (t.term, t.count, t.count_other))
            .collect();
        assert_eq!(
            terms,
            [
                ("respite".to_string(), 4, 0),
                ("hoist".to_string(), 2, 0),
                ("respite hoist".to_string(), 2, 0),
                ("respite respite".to_string(), 2, 0),
            ]
        );
        assert!(c.pure(0, 5, 0.75).is_empty());
    }

    #[test]
    fn removing_a_document_restores_the_counts_without_it() {
        let a = "Waiting for a care assessment took months";
        let b = "The day centre closed and my mum is lonely";
        let extra = "Waiting lists for day centre places are far too long";
        let mut with = TermCounts::new();
        let mut without = TermCounts::new();
        for _ in 0..5 {
            for c in [&mut with, &mut without] {
                c.add(a, &analyse(a), &[0], Some(&[]));
                c.add(b, &analyse(b), &[1], Some(&[]));
            }
        }
        with.add(extra, &analyse(extra), &[0, 1], Some(&[]));
        let n = without.totals.len();
        assert!(with.totals.len() > n);
        assert_ne!(with.totals[..n], without.totals[..]);
        with.remove(extra, &analyse(extra), &[0, 1], Some(&[]));
        assert_eq!(with.totals[..n], without.totals[..]);
        assert!(with.totals[n..].iter().all(|&t| t == 0));
        for s in 0..2 {
            let (w, wo) = (&with.sets[s], &without.sets[s]);
            assert_eq!(w[..wo.len()], wo[..]);
            assert!(w[wo.len()..].iter().all(|&t| t == 0));
        }
        assert_eq!(with.distinctive(0, 10), without.distinctive(0, 10));
        assert_eq!(with.surface(0), "waiting");
    }

    #[test]
    fn phrases_need_adjacent_words_in_one_sentence() {
        let text = "day centre, day. centre day centre";
        let mut c = TermCounts::new();
        c.add(text, &analyse(text), &[], Some(&[]));
        let phrases: u64 = c
            .kinds
            .iter()
            .zip(&c.totals)
            .filter(|(k, _)| matches!(k, Kind::Phrase(..)))
            .map(|(_, &n)| n)
            .sum();
        // "day centre" at the start, "centre day" and "day centre" at the end; none across ", "
        // or ". ".
        assert_eq!(phrases, 3);
    }

    #[test]
    fn terms_share_the_coding_normaliser_and_keep_readable_forms() {
        let mut texts =
            vec!["We've waited months for the GP and we are still waiting on the GP"; 6];
        texts.extend(["Waiting for the GP is slow. We've had enough"; 2]);
        texts.extend(["The pharmacy delivers tablets to the house every week"; 20]);
        let c = counts(&texts, |i| i < 8);
        let terms = c.distinctive(0, 10);
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

    #[test]
    fn words_only_from_withheld_or_redacted_text_are_never_listed() {
        let mut c = TermCounts::new();
        let secret = "Mrs Quillfeather never phones back about respite for carers";
        let shared = "Respite for carers is what we need, respite breaks for carers";
        let named = "Dr Zebrafinch and respite for carers";
        for _ in 0..8 {
            // Not consenting: counted, never listed on their own.
            c.add(secret, &analyse(secret), &[0], None);
            // Consenting, with the name redacted (bytes 3..13 are "Zebrafinch").
            c.add(named, &analyse(named), &[0], Some(&[(3, 13)]));
        }
        for _ in 0..20 {
            c.add(shared, &analyse(shared), &[1], Some(&[]));
        }
        let terms = c.distinctive(0, 20);
        let names: Vec<&str> = terms.iter().map(|t| t.term.as_str()).collect();
        assert!(
            !names.iter().any(|n| n.contains("quillfeather")),
            "{names:?}"
        );
        assert!(!names.iter().any(|n| n.contains("phones")), "{names:?}");
        assert!(!names.iter().any(|n| n.contains("zebrafinch")), "{names:?}");
        // The statistics still see every occurrence.
        let without_consent = {
            let mut d = TermCounts::new();
            for _ in 0..8 {
                d.add(secret, &analyse(secret), &[0], Some(&[]));
                d.add(named, &analyse(named), &[0], Some(&[]));
            }
            for _ in 0..20 {
                d.add(shared, &analyse(shared), &[1], Some(&[]));
            }
            d.distinctive(0, 20)
        };
        assert!(without_consent.iter().any(|t| t.term == "quillfeather"));
        assert_eq!(c.totals, {
            let mut d = TermCounts::new();
            for _ in 0..8 {
                d.add(secret, &analyse(secret), &[0], Some(&[]));
                d.add(named, &analyse(named), &[0], Some(&[]));
            }
            for _ in 0..20 {
                d.add(shared, &analyse(shared), &[1], Some(&[]));
            }
            d.totals
        });
    }
}
