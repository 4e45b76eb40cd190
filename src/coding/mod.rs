//! Coding: assigns themes and priorities to answers with the evidence for each.
//!
//! [`Coder::new`] compiles every theme's entries, exclusions and proximity rules once into one
//! word-level matcher; [`Coder::code_text`] then codes one answer, [`Coder::code_respondents`]
//! codes many in parallel, and [`Coder::explain`] says why each theme was or was not assigned.
//!
//! Matching is leftmost-longest over all themes at once: at each word the longest entry starting
//! there wins ("short break" beats "break"), and every theme with an entry of that exact span
//! counts it once (its first-listed such entry). Exclusions and proximity terms are matched
//! separately, overlaps allowed.

pub mod evaluate;
mod explain;
mod trie;

pub use explain::{ExplainedMatch, Explanation, MatchStatus, ThemeExplanation, Verdict};

use crate::lexicon::{Assign, Count, Entry, ExpansionError, Lexicon, NearRule, Negation};
use crate::model::{CodeFrame, Coding, Evidence, Respondent, ThemeScore};
use crate::text::segment::{segment_with_currency, Word};
use crate::text::{
    fold, parse_term, word_flags, FxBuild, NegationScope, Normalizer, TermWord, CACHE_LIMIT,
};
use rayon::prelude::*;
use rust_stemmers::{Algorithm, Stemmer};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use trie::{Elem, GlobSets, Role, Trie, WordInfo, NONE};

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
    /// More distinct prefix globs than a word's cache entry can name.
    #[error("the lexicon has {0} distinct prefix globs (`word*`); at most 65,535 are supported")]
    TooManyGlobs(usize),
}

/// The coding of one text.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize)]
pub struct TextCoding {
    /// Assigned themes with their scores, sorted by theme id.
    pub themes: Vec<ThemeScore>,
    /// Priorities linked to the assigned themes, sorted and unique.
    pub priorities: Vec<String>,
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
    priorities: Vec<String>,
}

/// An entry's sense rule as cue groups: `with` and `unless` lists are interned, so entries that
/// share a list share its occurrences.
#[derive(Debug, Clone, Copy, Default)]
struct CompiledSense {
    with: Option<u32>,
    unless: Option<u32>,
    /// Words either side for `with` cues; `None` for the same sentence.
    within: Option<u32>,
    /// Words either side for `unless` cues; `None` for the same sentence.
    unless_within: Option<u32>,
}

/// What compiling needs besides the coder: the normaliser and the expansions of sets seen so far.
struct Compile {
    normalizer: Normalizer,
    memo: BTreeMap<String, Vec<String>>,
}

/// A main-trie target: entry `entry` of theme `theme`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Target {
    theme: u32,
    entry: u32,
}

/// What an exclusion or proximity pattern is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum AuxKind {
    Exclude(u32),
    NearA(u32),
    NearB(u32),
    /// A term of cue group `g` (a `with` or `unless` list).
    Cue(u32),
    /// A term of the domain set.
    Domain,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct AuxTarget {
    theme: u32,
    kind: AuxKind,
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

/// An exclusion or proximity-term occurrence: target and word range.
#[derive(Debug, Clone, Copy)]
struct AuxHit {
    target: AuxTarget,
    from: u32,
    to: u32,
}

/// Slots in the front word cache: 2^12, 64 KiB.
const FRONT_BITS: u32 = 12;
/// Multiplier that spreads packed words over the front cache's slots (Fibonacci hashing).
const FRONT_MUL: u64 = 0x9E37_79B9_7F4A_7C15;
/// An empty front-cache slot's value (its key, 0, never matches a word).
const EMPTY_INFO: WordInfo = WordInfo {
    sym: NONE,
    glob: 0,
    flags: 0,
    starts: 0,
};

static NEXT_CODER: AtomicU64 = AtomicU64::new(1);

/// A compiled lexicon: built once, shared by reference across threads, codes any number of texts.
#[derive(Debug)]
pub struct Coder {
    id: u64,
    frame: CodeFrame,
    assign: Assign,
    count: Count,
    themes: Vec<CompiledTheme>,
    vocabulary: HashMap<String, u32>,
    globs: Vec<String>,
    glob_sets: GlobSets,
    main: Trie<Target>,
    aux: Trie<AuxTarget>,
    /// The cue lists, by group id, as written (for explanations).
    cue_groups: Vec<Vec<String>>,
    /// The most words an exclusion pattern spans.
    max_exclusion: u32,
    /// The least score any theme needs in an answer without domain vocabulary, and the fewest
    /// words such an answer must have for it to apply.
    off_domain: Option<(f32, u32)>,
}

/// Per-thread working memory: the word cache and reusable buffers.
struct Scratch {
    coder: u64,
    stemmer: Stemmer,
    cache: HashMap<Box<str>, WordInfo, FxBuild>,
    /// The same cache for words of at most 8 bytes, keyed by their bytes packed into an integer
    /// (most words: one multiply to hash, no string comparison).
    short: HashMap<u64, WordInfo, FxBuild>,
    /// The same for words of 9 to 16 bytes.
    medium: HashMap<u128, WordInfo, FxBuild>,
    /// A direct-mapped copy of the most recently used short words in front of `short`: one
    /// cache line per lookup for the few thousand words that make up most text. Key 0 (no
    /// word) marks an empty slot.
    front: Box<[(u64, WordInfo)]>,
    words: Vec<Word>,
    infos: Vec<WordInfo>,
    negated: Vec<bool>,
    sentence: Vec<u32>,
    stack: Vec<(u32, u32)>,
    /// Words where an entry may start.
    main_at: Vec<u32>,
    /// Words where an exclusion or proximity term may start.
    aux_at: Vec<u32>,
    best: Vec<Target>,
    hits: Vec<Hit>,
    /// Proximity-term occurrences.
    aux: Vec<AuxHit>,
    /// Exclusion occurrences, in order of their first word.
    excl: Vec<AuxHit>,
    /// The longest entry match at each word where one starts, in text order.
    candidates: Vec<Candidate>,
    /// The candidates' targets.
    targets: Vec<Target>,
    /// Cue occurrences (group, from, to), sorted.
    cues: Vec<(u32, u32, u32)>,
    /// Whether the text has domain vocabulary.
    in_domain: bool,
    /// Proximity-term occurrences sorted for pairing: (theme, rule, is the `b` term, from, to).
    near: Vec<(u32, u32, bool, u32, u32)>,
    /// Which `b` occurrences of the rule being paired are taken.
    used: Vec<bool>,
    /// Counted hits as (theme, is a proximity rule, entry or rule, index in `hits`), for counting
    /// each entry once.
    firsts: Vec<(u32, bool, u32, u32)>,
}

impl Scratch {
    fn new(coder: u64) -> Self {
        Scratch {
            coder,
            stemmer: Stemmer::create(Algorithm::English),
            cache: HashMap::default(),
            short: HashMap::default(),
            medium: HashMap::default(),
            front: vec![(0, EMPTY_INFO); 1 << FRONT_BITS].into_boxed_slice(),
            words: Vec::new(),
            infos: Vec::new(),
            negated: Vec::new(),
            sentence: Vec::new(),
            stack: Vec::new(),
            main_at: Vec::new(),
            aux_at: Vec::new(),
            best: Vec::new(),
            hits: Vec::new(),
            aux: Vec::new(),
            excl: Vec::new(),
            candidates: Vec::new(),
            targets: Vec::new(),
            cues: Vec::new(),
            in_domain: false,
            near: Vec::new(),
            used: Vec::new(),
            firsts: Vec::new(),
        }
    }
}

thread_local! {
    static SCRATCH: RefCell<Option<Box<Scratch>>> = const { RefCell::new(None) };
}

impl Coder {
    /// Compiles a lexicon. Entries that normalise to no words are skipped (`hearken lexicon
    /// check` reports them).
    pub fn new(lex: &Lexicon) -> Result<Coder, CodingError> {
        let mut cx = Compile {
            normalizer: Normalizer::new(),
            memo: BTreeMap::new(),
        };
        let mut coder = Coder {
            id: NEXT_CODER.fetch_add(1, Ordering::Relaxed),
            frame: lex.frame.clone(),
            assign: lex.assign,
            count: lex.count,
            themes: Vec::with_capacity(lex.themes.len()),
            vocabulary: HashMap::new(),
            globs: Vec::new(),
            glob_sets: GlobSets::default(),
            main: Trie::new(),
            aux: Trie::new(),
            cue_groups: Vec::new(),
            max_exclusion: 0,
            off_domain: None,
        };
        check_frame(lex)?;
        for (ti, (t, f)) in lex.themes.iter().zip(&lex.frame.themes).enumerate() {
            let not_finite = |what: String| CodingError::NotFinite {
                theme: t.id.clone(),
                what,
            };
            if !t.threshold.is_finite() {
                return Err(not_finite("threshold".into()));
            }
            let theme = ti as u32;
            let mut senses = Vec::with_capacity(t.entries.len());
            for (ei, e) in t.entries.iter().enumerate() {
                if !e.weight.is_finite() {
                    return Err(not_finite(format!("the weight of \"{}\"", e.term)));
                }
                let target = Target {
                    theme,
                    entry: ei as u32,
                };
                for elems in coder.compile(&e.term, lex, &mut cx)? {
                    coder.main.insert(&elems, target);
                }
                senses.push(CompiledSense {
                    with: coder.cue_group(&e.sense.with, lex, &mut cx)?,
                    unless: coder.cue_group(&e.sense.unless, lex, &mut cx)?,
                    within: e.sense.within,
                    unless_within: e.sense.unless_within.or(e.sense.within),
                });
            }
            for (xi, x) in t.exclude.iter().enumerate() {
                let kind = AuxKind::Exclude(xi as u32);
                for elems in coder.compile(&x.term, lex, &mut cx)? {
                    coder.max_exclusion = coder.max_exclusion.max(elems.len() as u32);
                    coder.aux.insert(&elems, AuxTarget { theme, kind });
                }
            }
            for (ri, r) in t.near.iter().enumerate() {
                if !r.weight.is_finite() {
                    return Err(not_finite(format!(
                        "the weight of near rule on line {}",
                        r.line
                    )));
                }
                let ri = ri as u32;
                for (term, kind) in [(&r.a, AuxKind::NearA(ri)), (&r.b, AuxKind::NearB(ri))] {
                    for elems in coder.compile(term, lex, &mut cx)? {
                        coder.aux.insert(&elems, AuxTarget { theme, kind });
                    }
                }
            }
            coder.themes.push(CompiledTheme {
                id: t.id.clone(),
                name: f.name.clone(),
                threshold: t.threshold,
                entries: t.entries.clone(),
                senses,
                exclude: t.exclude.iter().map(|x| x.term.clone()).collect(),
                near: t.near.clone(),
                priorities: f.priorities.clone(),
            });
        }
        if let Some(d) = &lex.domain {
            if !d.threshold.is_finite() {
                return Err(CodingError::NotFinite {
                    theme: "[domain]".into(),
                    what: "threshold".into(),
                });
            }
            let target = AuxTarget {
                theme: 0,
                kind: AuxKind::Domain,
            };
            for elems in coder.compile(&format!("@{}", d.set), lex, &mut cx)? {
                coder.aux.insert(&elems, target);
            }
            coder.off_domain = Some((d.threshold, d.min_words));
        }
        if coder.globs.len() > usize::from(u16::MAX) {
            return Err(CodingError::TooManyGlobs(coder.globs.len()));
        }
        coder.glob_sets = GlobSets::new(&coder.globs);
        let n = coder.vocabulary.len();
        let g = coder.globs.len();
        coder.main.finish(n, g);
        coder.aux.finish(n, g);
        Ok(coder)
    }

    /// The cue group of a `with` / `unless` list (shared by every entry with the same list),
    /// its terms added to the auxiliary trie the first time; `None` for an empty list.
    fn cue_group(
        &mut self,
        cues: &[String],
        lex: &Lexicon,
        cx: &mut Compile,
    ) -> Result<Option<u32>, CodingError> {
        if cues.is_empty() {
            return Ok(None);
        }
        if let Some(g) = self.cue_groups.iter().position(|c| c == cues) {
            return Ok(Some(g as u32));
        }
        let g = self.cue_groups.len() as u32;
        self.cue_groups.push(cues.to_vec());
        let target = AuxTarget {
            theme: 0,
            kind: AuxKind::Cue(g),
        };
        for cue in cues {
            for elems in self.compile(cue, lex, cx)? {
                self.aux.insert(&elems, target);
            }
        }
        Ok(Some(g))
    }

    /// Normalises a term into trie elements, interning stems and globs: one pattern per plain
    /// term it stands for (see [`Lexicon::expand`]). Terms that normalise to no words give none.
    fn compile(
        &mut self,
        term: &str,
        lex: &Lexicon,
        cx: &mut Compile,
    ) -> Result<Vec<Vec<Elem>>, CodingError> {
        let terms = lex.expand(term, &mut cx.memo)?;
        Ok(terms
            .iter()
            .filter_map(|t| self.compile_one(t, &cx.normalizer))
            .collect())
    }

    /// One term (not a set) as trie elements.
    fn compile_one(&mut self, term: &str, normalizer: &Normalizer) -> Option<Vec<Elem>> {
        let parsed = parse_term(term, normalizer);
        if parsed.words.is_empty() {
            return None;
        }
        let elems = parsed
            .words
            .into_iter()
            .map(|w| match w {
                TermWord::Word { stem, .. } => {
                    let next = self.vocabulary.len() as u32;
                    Elem::Stem(*self.vocabulary.entry(stem).or_insert(next))
                }
                TermWord::Prefix(p) => match self.globs.iter().position(|g| *g == p) {
                    Some(i) => Elem::Glob(i as u32),
                    None => {
                        self.globs.push(p);
                        Elem::Glob(self.globs.len() as u32 - 1)
                    }
                },
                TermWord::Any => Elem::Any,
            })
            .collect();
        Some(elems)
    }

    /// The code frame the coder assigns from.
    pub fn frame(&self) -> &CodeFrame {
        &self.frame
    }

    /// Themes (sorted by id), priorities (sorted, unique), evidence (text order) for one text.
    pub fn code_text(&self, text: &str) -> TextCoding {
        self.with_scratch(|s| {
            self.scan(text, s);
            let (scores, assigned, _) = self.decide(&s.hits, s.in_domain);
            let mut out = TextCoding::default();
            let mut prios: Vec<&str> = Vec::new();
            for (ti, score) in assigned
                .iter()
                .zip(&scores)
                .enumerate()
                .filter_map(|(i, (a, sc))| a.then_some((i, sc)))
            {
                let t = &self.themes[ti];
                out.themes.push(ThemeScore {
                    theme: t.id.clone(),
                    score: *score,
                });
                prios.extend(t.priorities.iter().map(String::as_str));
            }
            prios.sort_unstable();
            prios.dedup();
            out.priorities = prios.into_iter().map(str::to_string).collect();
            out.evidence = s.hits.iter().map(|h| self.evidence(h)).collect();
            out
        })
    }

    /// One [`Coding`] per non-blank answer, in (respondent, question) order, computed in parallel.
    pub fn code_respondents(&self, respondents: &[Respondent]) -> Vec<Coding> {
        respondents
            .par_iter()
            .flat_map_iter(|r| {
                r.answers
                    .iter()
                    .enumerate()
                    .filter_map(|(q, a)| {
                        let text = a.as_deref().filter(|t| !t.trim().is_empty())?;
                        let question = u16::try_from(q).ok()?;
                        let c = self.code_text(text);
                        Some(Coding {
                            respondent: r.seq,
                            question,
                            themes: c.themes,
                            priorities: c.priorities,
                            evidence: c.evidence,
                        })
                    })
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    /// Per theme with any evidence: its score against its threshold, whether it was assigned and
    /// why (or why not), and every match with how it counted.
    pub fn explain(&self, text: &str) -> Explanation {
        self.with_scratch(|s| {
            self.scan(text, s);
            let (scores, assigned, on_domain) = self.decide(&s.hits, s.in_domain);
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
                    .map(|h| ExplainedMatch {
                        evidence: self.evidence(h),
                        status: self.status(h, text, &s.words),
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
            theme: t.id.clone(),
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

    fn with_scratch<R>(&self, f: impl FnOnce(&mut Scratch) -> R) -> R {
        SCRATCH.with(|cell| {
            let mut slot = cell.borrow_mut();
            let scratch = match slot.as_mut() {
                Some(s) if s.coder == self.id => s,
                _ => slot.insert(Box::new(Scratch::new(self.id))),
            };
            if scratch.cache.len() + scratch.short.len() + scratch.medium.len() > CACHE_LIMIT {
                scratch.cache.clear();
                scratch.short.clear();
                scratch.medium.clear();
                scratch.front.fill((0, EMPTY_INFO));
            }
            f(scratch)
        })
    }

    /// What the matcher needs to know about the word `text[start..end]` (computed once per
    /// thread, then cached).
    fn word_info(&self, text: &str, start: usize, end: usize, s: &mut Scratch) -> WordInfo {
        let bytes = text.as_bytes();
        let len = end - start;
        if len <= 8 {
            let key = packed(bytes, start, len);
            let slot = (key.wrapping_mul(FRONT_MUL) >> (64 - FRONT_BITS)) as usize;
            if let Some(&(k, w)) = s.front.get(slot) {
                if k == key {
                    return w;
                }
            }
            let info = match s.short.get(&key) {
                Some(w) => *w,
                None => {
                    let info = self.new_word_info(&text[start..end], s);
                    s.short.insert(key, info);
                    info
                }
            };
            if let Some(f) = s.front.get_mut(slot) {
                *f = (key, info);
            }
            info
        } else if len <= 16 {
            let key = u128::from(packed(bytes, start, 8))
                | u128::from(packed(bytes, start + 8, len - 8)) << 64;
            if let Some(w) = s.medium.get(&key) {
                return *w;
            }
            let info = self.new_word_info(&text[start..end], s);
            s.medium.insert(key, info);
            info
        } else {
            let surface = &text[start..end];
            if let Some(w) = s.cache.get(surface) {
                return *w;
            }
            let info = self.new_word_info(surface, s);
            s.cache.insert(surface.into(), info);
            info
        }
    }

    /// [`WordInfo`] of a word not in the cache.
    fn new_word_info(&self, surface: &str, s: &mut Scratch) -> WordInfo {
        let folded = fold(surface);
        let stem = s.stemmer.stem(&folded);
        let sym = self.vocabulary.get(stem.as_ref()).copied().unwrap_or(NONE);
        // The longest glob the word starts with names all of them (see `GlobSets`).
        let glob = self
            .globs
            .iter()
            .enumerate()
            .filter(|(_, g)| folded.starts_with(g.as_str()))
            .max_by_key(|(_, g)| g.len())
            .map_or(0, |(i, _)| i as u16 + 1);
        let globs = self.glob_sets.get(glob);
        WordInfo {
            sym,
            glob,
            flags: word_flags(&folded),
            starts: self.main.role(sym, globs) << Role::MAIN
                | self.aux.role(sym, globs) << Role::AUX,
        }
    }

    /// Finds every match of `text` into `s.hits` (text order), with weights and statuses.
    fn scan(&self, text: &str, s: &mut Scratch) {
        s.hits.clear();
        s.aux.clear();
        s.excl.clear();
        let mut words = std::mem::take(&mut s.words);
        segment_with_currency(text, &mut words);
        s.infos.clear();
        s.negated.clear();
        s.sentence.clear();
        let mut scope = NegationScope::default();
        let mut sentence = 0u32;
        for (i, w) in words.iter().enumerate() {
            let info = self.word_info(text, w.start, w.end, s);
            if w.sentence_break && i > 0 {
                sentence += 1;
            }
            s.negated.push(scope.step(w.clause_break, info.flags));
            s.sentence.push(sentence);
            s.infos.push(info);
        }
        s.words = words;
        s.main_at.clear();
        s.aux_at.clear();
        for (i, w) in s.infos.iter().enumerate() {
            let next = s.infos.get(i + 1).map_or(0, |n| n.starts);
            let worth = Role::worth(w.starts, next);
            if worth != 0 {
                if worth & Role::WALK << Role::MAIN != 0 {
                    s.main_at.push(i as u32);
                }
                if worth & Role::WALK << Role::AUX != 0 {
                    s.aux_at.push(i as u32);
                }
            }
        }

        // Exclusion, proximity, cue and domain terms: every occurrence, overlaps allowed.
        s.cues.clear();
        s.in_domain = false;
        if !self.aux.is_empty() {
            for &i in &s.aux_at {
                let i = i as usize;
                let (aux, excl, cues, in_domain) =
                    (&mut s.aux, &mut s.excl, &mut s.cues, &mut s.in_domain);
                self.aux.walk(
                    &s.infos,
                    &self.glob_sets,
                    i,
                    &mut s.stack,
                    |depth, targets| {
                        for t in targets {
                            let hit = AuxHit {
                                target: *t,
                                from: i as u32,
                                to: i as u32 + depth,
                            };
                            match t.kind {
                                AuxKind::Exclude(_) => excl.push(hit),
                                AuxKind::NearA(_) | AuxKind::NearB(_) => aux.push(hit),
                                AuxKind::Cue(g) => cues.push((g, hit.from, hit.to)),
                                AuxKind::Domain => *in_domain = true,
                            }
                        }
                    },
                );
            }
            s.cues.sort_unstable();
            s.cues.dedup();
        }
        if let Some((_, min_words)) = self.off_domain {
            s.in_domain |= s.words.len() < min_words as usize;
        } else {
            s.in_domain = true;
        }

        // Entries: the longest match at each word (over all themes), then every match that
        // lies inside a longer one that counts is dropped ("at home" inside "care at home").
        s.candidates.clear();
        s.targets.clear();
        for k in 0..s.main_at.len() {
            let i = s.main_at[k] as usize;
            let mut longest = 0u32;
            let best = &mut s.best;
            best.clear();
            self.main.walk(
                &s.infos,
                &self.glob_sets,
                i,
                &mut s.stack,
                |depth, targets| {
                    if depth > longest {
                        longest = depth;
                        best.clear();
                    }
                    if depth == longest {
                        best.extend_from_slice(targets);
                    }
                },
            );
            if longest == 0 {
                continue;
            }
            best.sort_unstable();
            best.dedup_by_key(|t| t.theme);
            let first = s.targets.len() as u32;
            s.targets.extend_from_slice(best);
            s.candidates.push(Candidate {
                from: i as u32,
                to: i as u32 + longest,
                targets: (first, s.targets.len() as u32),
            });
        }
        self.entry_hits(s);
        if !s.aux.is_empty() {
            self.near_hits(s);
        }
        s.hits.sort_by(|a, b| {
            (a.start, a.end, a.theme, a.near, a.source)
                .cmp(&(b.start, b.end, b.theme, b.near, b.source))
        });
        if self.count == Count::Once {
            once_per_entry(&mut s.hits, &mut s.firsts);
        }
    }

    /// Turns the candidate matches into hits: each target's status (excluded, negated, sense),
    /// and no hits for a candidate inside a longer candidate that counts for some theme. A match
    /// its own sense rules or exclusions reject takes no words from other themes.
    fn entry_hits(&self, s: &mut Scratch) {
        let mut reach = 0u32; // one past the last word of the counting candidates so far
        for c in 0..s.candidates.len() {
            let Candidate { from, to, targets } = s.candidates[c];
            if reach >= to {
                continue; // inside an earlier, longer match (candidates start at distinct words)
            }
            let (f, t) = (from as usize, to as usize);
            let negated = s.negated[f..t].iter().any(|&x| x);
            let (start, end) = (s.words[f].start, s.words[t - 1].end);
            let mut claims = false;
            for k in targets.0..targets.1 {
                let target = s.targets[k as usize];
                let theme = &self.themes[target.theme as usize];
                let entry = &theme.entries[target.entry as usize];
                let status = match self.excluded(&s.excl, target.theme, from, to) {
                    Some(x) => RawStatus::Excluded(x),
                    None => match (entry.negation, negated) {
                        (Negation::Skip, true) => RawStatus::Negated,
                        (Negation::Only, false) => RawStatus::NotNegated,
                        _ => sense_status(
                            theme.senses[target.entry as usize],
                            from,
                            to,
                            &s.cues,
                            &s.sentence,
                        ),
                    },
                };
                claims |= !matches!(
                    status,
                    RawStatus::Excluded(_) | RawStatus::NoCue | RawStatus::Blocked(..)
                );
                s.hits.push(Hit {
                    theme: target.theme,
                    source: target.entry,
                    near: false,
                    start,
                    end,
                    weight: if status == RawStatus::Counted {
                        entry.weight
                    } else {
                        0.0
                    },
                    negated,
                    status,
                });
            }
            if claims {
                reach = to;
            }
        }
    }

    /// The exclusion of `theme` covering words `from..to`, if any. Exclusions are sorted by first
    /// word and at most [`Coder::max_exclusion`] words long, so only a few are looked at.
    fn excluded(&self, excl: &[AuxHit], theme: u32, from: u32, to: u32) -> Option<u32> {
        let lo = excl.partition_point(|a| a.from + self.max_exclusion < from);
        let hi = excl.partition_point(|a| a.from <= from);
        excl.get(lo..hi)?.iter().find_map(|a| match a.target.kind {
            AuxKind::Exclude(x) if a.target.theme == theme && to <= a.to => Some(x),
            _ => None,
        })
    }

    /// Pairs proximity-rule occurrences: each `a` with the first unused `b` in range. Linear in
    /// the occurrences: both lists are in text order, and a `b` too far behind one `a` is too
    /// far behind every later one, so a cursor only moves forward.
    fn near_hits(&self, s: &mut Scratch) {
        let Scratch {
            aux,
            near,
            used,
            hits,
            sentence,
            words,
            ..
        } = s;
        // Occurrences grouped by rule, `a` terms before `b` terms, each in text order.
        near.clear();
        near.extend(aux.iter().filter_map(|a| match a.target.kind {
            AuxKind::NearA(r) => Some((a.target.theme, r, false, a.from, a.to)),
            AuxKind::NearB(r) => Some((a.target.theme, r, true, a.from, a.to)),
            _ => None,
        }));
        near.sort_unstable();
        near.dedup();
        for group in near.chunk_by(|x, y| (x.0, x.1) == (y.0, y.1)) {
            let (theme, r) = (group[0].0, group[0].1);
            let Some(rule) = self.themes[theme as usize].near.get(r as usize) else {
                continue;
            };
            let (aa, bb) = group.split_at(group.partition_point(|o| !o.2));
            used.clear();
            used.resize(bb.len(), false);
            let place = |from: u32, to: u32| Place { from, to };
            let mut cursor = 0;
            for &(_, _, _, af, at) in aa {
                let a = place(af, at);
                // Skip what is taken or behind this `a` (and so behind every later one).
                while cursor < bb.len()
                    && (used[cursor]
                        || a.behind(place(bb[cursor].3, bb[cursor].4), rule.within, sentence))
                {
                    cursor += 1;
                }
                let mut found = None;
                for (k, &(_, _, _, bf, bt)) in bb.iter().enumerate().skip(cursor) {
                    let b = place(bf, bt);
                    if b.ahead_of(a, rule.within, sentence) {
                        break;
                    }
                    if !used[k] && !a.overlaps(b) && a.near(b, rule.within, sentence) {
                        found = Some((k, b));
                        break;
                    }
                }
                if let Some((k, b)) = found {
                    used[k] = true;
                    let (from, to) = (a.from.min(b.from) as usize, a.to.max(b.to) as usize);
                    hits.push(Hit {
                        theme,
                        source: r,
                        near: true,
                        start: words[from].start,
                        end: words[to - 1].end,
                        weight: rule.weight,
                        negated: false,
                        status: RawStatus::Near,
                    });
                }
            }
        }
    }
}

/// Keeps the weight of each entry's (and proximity rule's) first counted match in text order and
/// sets later ones to 0 with [`RawStatus::Repeat`]. Sorting keeps this linear-logarithmic however
/// many matches a text has.
fn once_per_entry(hits: &mut [Hit], firsts: &mut Vec<(u32, bool, u32, u32)>) {
    firsts.clear();
    firsts.extend(
        hits.iter()
            .enumerate()
            .filter(|(_, h)| h.weight != 0.0)
            .map(|(i, h)| (h.theme, h.near, h.source, i as u32)),
    );
    firsts.sort_unstable();
    for pair in firsts.windows(2) {
        if (pair[0].0, pair[0].1, pair[0].2) == (pair[1].0, pair[1].1, pair[1].2) {
            if let Some(h) = hits.get_mut(pair[1].3 as usize) {
                h.weight = 0.0;
                h.status = RawStatus::Repeat;
            }
        }
    }
}

/// The longest entry match starting at one word: its words and its targets (a range of
/// `Scratch::targets`).
#[derive(Debug, Clone, Copy)]
struct Candidate {
    from: u32,
    to: u32,
    targets: (u32, u32),
}

/// A run of words `from..to` of one text (a match or a cue).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Place {
    from: u32,
    to: u32,
}

impl Place {
    fn overlaps(self, o: Place) -> bool {
        self.from < o.to && o.from < self.to
    }

    /// Words between the two, counting the step into the other (adjacent: 1; overlapping: 0).
    fn gap(self, o: Place) -> u32 {
        if o.to <= self.from {
            self.from - o.to + 1
        } else if self.to <= o.from {
            o.from - self.to + 1
        } else {
            0
        }
    }

    /// Whether `o` is within `within` words of this place, or in the same sentence (`None`).
    fn near(self, o: Place, within: Option<u32>, sentence: &[u32]) -> bool {
        match within {
            Some(n) => self.gap(o) <= n,
            None => {
                let first = |p: Place| sentence.get(p.from as usize).copied().unwrap_or(0);
                let last = |p: Place| sentence.get(p.to as usize - 1).copied().unwrap_or(0);
                self.overlaps(o) || first(self) <= last(o) && first(o) <= last(self)
            }
        }
    }

    /// Whether `o` lies so far before this place that it is out of range (and so out of range of
    /// every later place too).
    fn behind(self, o: Place, within: Option<u32>, sentence: &[u32]) -> bool {
        o.to <= self.from && !self.near(o, within, sentence)
    }

    /// Whether `o` starts so far after this place that it, and every later place, is out of range.
    fn ahead_of(self, o: Place, within: Option<u32>, sentence: &[u32]) -> bool {
        self.to <= o.from && !self.near(o, within, sentence)
    }
}

/// How a counted-so-far match of words `from..to` fares under its entry's sense rule, given the
/// cue occurrences (group, from, to), sorted.
fn sense_status(
    sense: CompiledSense,
    from: u32,
    to: u32,
    cues: &[(u32, u32, u32)],
    sentence: &[u32],
) -> RawStatus {
    let m = Place { from, to };
    if let Some(g) = sense.unless {
        if let Some(c) = cue_near(cues, g, m, sense.unless_within, sentence, true) {
            return RawStatus::Blocked(c.from, c.to);
        }
    }
    if let Some(g) = sense.with {
        if cue_near(cues, g, m, sense.within, sentence, false).is_none() {
            return RawStatus::NoCue;
        }
    }
    RawStatus::Counted
}

/// How many cue occurrences before a match are tried: the nearest few by start, enough for cues
/// of different lengths, and a fixed cost per match however many cues the text holds.
const CUES_BEHIND: usize = 8;

/// A cue of group `g` in the window of match `m`. One that overlaps or contains the match
/// counts; one lying wholly inside it counts only when `inside` (an `unless` cue may name the
/// matched words themselves: "operation*" unless "operational*"), since a `with` cue inside the
/// match would be the match itself.
fn cue_near(
    cues: &[(u32, u32, u32)],
    g: u32,
    m: Place,
    within: Option<u32>,
    sentence: &[u32],
    inside: bool,
) -> Option<Place> {
    let lo = cues.partition_point(|c| c.0 < g);
    let hi = cues.partition_point(|c| c.0 <= g);
    let group = cues.get(lo..hi)?;
    let split = group.partition_point(|c| c.1 < m.from);
    let usable = |c: &(u32, u32, u32)| {
        let p = Place { from: c.1, to: c.2 };
        let within_match = m.from <= p.from && p.to <= m.to;
        ((inside || !within_match) && m.near(p, within, sentence)).then_some(p)
    };
    // The nearest cues starting before the match, then those starting inside it, then the
    // first one after it.
    if let Some(p) = group[..split]
        .iter()
        .rev()
        .take(CUES_BEHIND)
        .find_map(usable)
    {
        return Some(p);
    }
    for c in &group[split..] {
        if c.1 >= m.to {
            return usable(c);
        }
        if let Some(p) = usable(c) {
            return Some(p);
        }
    }
    None
}

/// The lexicon's theme list and its code frame must name the same themes in the same order.
fn check_frame(lex: &Lexicon) -> Result<(), CodingError> {
    let (a, b) = (&lex.themes, &lex.frame.themes);
    for i in 0..a.len().max(b.len()) {
        let lexicon = a.get(i).map(|t| t.id.as_str());
        let frame = b.get(i).map(|t| t.id.as_str());
        if lexicon != frame {
            return Err(CodingError::ThemeMismatch {
                index: i,
                lexicon: lexicon.unwrap_or_default().to_string(),
                frame: frame.unwrap_or_default().to_string(),
            });
        }
    }
    Ok(())
}

/// The `len` (at most 8) bytes of `bytes` from `start`, packed little-endian into an integer with
/// zero padding. Words hold no NUL byte, so distinct words get distinct keys. Reads 8 bytes at
/// once where the text allows, avoiding a byte-wise copy.
#[inline]
fn packed(bytes: &[u8], start: usize, len: usize) -> u64 {
    let word = match bytes.get(start..).and_then(|b| b.first_chunk::<8>()) {
        Some(chunk) => u64::from_le_bytes(*chunk),
        None => {
            let mut b = [0u8; 8];
            for (d, x) in b.iter_mut().zip(bytes.get(start..).unwrap_or(&[])) {
                *d = *x;
            }
            u64::from_le_bytes(b)
        }
    };
    word & u64::MAX
        .checked_shr(64 - 8 * len.min(8) as u32)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::parse_files;
    use crate::model::Consent;
    use std::path::PathBuf;

    const PRIOS: &str =
        "[[priority]]\nid = \"P1\"\nname = \"One\"\n[[priority]]\nid = \"P3\"\nname = \"Three\"\n";

    /// A coder from theme files given as (id, body after id/name/priorities lines).
    fn coder(assign: &str, themes: &[(&str, &str, &str)]) -> Coder {
        coder_with_sets(&format!("assign = \"{assign}\"\n{PRIOS}"), "", themes)
    }

    /// A coder from `priorities.toml`, `sets.toml` (none when empty) and theme files.
    fn coder_with_sets(priorities: &str, sets: &str, themes: &[(&str, &str, &str)]) -> Coder {
        let mut files = vec![(PathBuf::from("l/priorities.toml"), priorities.to_string())];
        if !sets.is_empty() {
            files.push((PathBuf::from("l/sets.toml"), sets.to_string()));
        }
        for (id, prios, body) in themes {
            files.push((
                PathBuf::from(format!("l/{id}.toml")),
                format!("id = \"{id}\"\nname = \"Theme {id}\"\npriorities = [{prios}]\n{body}"),
            ));
        }
        let lex = parse_files(&files).unwrap();
        Coder::new(&lex).unwrap()
    }

    fn ev(c: &TextCoding) -> Vec<String> {
        c.evidence
            .iter()
            .map(|e| {
                format!(
                    "{}:{}@{}-{}={}{}",
                    e.theme,
                    e.entry,
                    e.start,
                    e.end,
                    e.weight,
                    if e.negated { "!" } else { "" }
                )
            })
            .collect()
    }

    fn ids(c: &TextCoding) -> Vec<&str> {
        c.themes.iter().map(|t| t.theme.as_str()).collect()
    }

    #[test]
    fn phrase_beats_word_and_shared_terms_fire_for_each_theme() {
        let c = coder(
            "all",
            &[
                ("T10", "\"P3\"", "terms = [\"short break\", \"carer\"]"),
                ("T11", "\"P3\"", "terms = [\"break\", \"carer\"]"),
            ],
        );
        let r = c.code_text("A short break. Another break for the Carers");
        assert_eq!(
            ev(&r),
            vec![
                "T10:short break@2-13=1",
                "T11:break@23-28=1",
                "T10:carer@37-43=1",
                "T11:carer@37-43=1"
            ]
        );
        assert_eq!(ids(&r), vec!["T10", "T11"]);
        assert_eq!(r.priorities, vec!["P3"]);
    }

    #[test]
    fn packed_keys_are_distinct_and_read_only_the_word() {
        let text = b"care carer cared x";
        // Same word at the end of the text (short read) and in the middle (8-byte read).
        assert_eq!(packed(text, 0, 4), packed(b"care", 0, 4));
        assert_ne!(packed(text, 0, 4), packed(text, 5, 5));
        assert_ne!(packed(text, 5, 5), packed(text, 11, 5));
        assert_eq!(packed(text, 17, 1), u64::from(b'x'));
        assert_eq!(packed(b"abcdefgh", 0, 8), u64::from_le_bytes(*b"abcdefgh"));
        assert_eq!(std::mem::size_of::<WordInfo>(), 8);
    }

    #[test]
    fn words_of_every_cached_length_code_the_same_as_alone() {
        // Short (<= 8 bytes), medium (9-16) and long words, cached once and then met again
        // in other positions and texts.
        let c = coder(
            "all",
            &[(
                "T01",
                "\"P1\"",
                "terms = [\"care\", \"physiotherapist*\", \"occupational therapy\", \"multidisciplinarity\"]",
            )],
        );
        let text = "care then physiotherapists, occupational therapy and multidisciplinarity";
        let first = c.code_text(text);
        assert_eq!(ev(&first).len(), 4, "{:?}", ev(&first));
        assert_eq!(c.code_text(text), first);
        let again = c.code_text("multidisciplinarity. Care");
        assert_eq!(ev(&again).len(), 2, "{:?}", ev(&again));
    }

    #[test]
    fn globs_and_wildcards() {
        let c = coder(
            "all",
            &[(
                "T01",
                "\"P1\"",
                "terms = [\"carer*\", \"looking after my *\", \"hospital at home\"]",
            )],
        );
        let r =
            c.code_text("carers’ rights; I am looking after my Mum; hospital at home; careless");
        assert_eq!(
            ev(&r),
            vec![
                "T01:carer*@0-6=1",
                "T01:looking after my *@23-43=1",
                "T01:hospital at home@45-61=1"
            ]
        );
    }

    #[test]
    fn evidence_spans_are_bytes_of_the_original_text() {
        let c = coder("all", &[("T10", "\"P3\"", "terms = [\"short break\"]")]);
        let text = "Café ‘respite’ – “Short  Breaks” matter";
        let r = c.code_text(text);
        assert_eq!(ev(&r), vec!["T10:short break@27-40=1"]);
        assert_eq!(&text[27..40], "Short  Breaks");
    }

    #[test]
    fn exclusions_drop_matches_inside_them() {
        let c = coder(
            "all",
            &[
                ("T09", "\"P3\"", "terms = [\"home\"]"),
                (
                    "T10",
                    "\"P3\"",
                    "terms = [\"care\"]\nexclude = [\"care home\"]",
                ),
            ],
        );
        let r = c.code_text("Mum moved to a care home. Care for carers matters.");
        assert_eq!(
            ev(&r),
            vec!["T10:care@15-19=0", "T09:home@20-24=1", "T10:care@26-30=1"]
        );
        assert_eq!(ids(&r), vec!["T09", "T10"]);
        let r = c.code_text("a care home");
        assert_eq!(ids(&r), vec!["T09"]);
        let x = c.explain("a care home");
        assert_eq!(x.themes[1].verdict, Verdict::Excluded);
        assert_eq!(
            x.themes[1].matches[0].status,
            MatchStatus::Excluded {
                by: "care home".into()
            }
        );
    }

    #[test]
    fn negation_modes() {
        let c = coder(
            "all",
            &[
                ("T03", "\"P1\"", "terms = [{ term = \"lonely\", negation = \"skip\" }]"),
                ("T10", "\"P3\"", "terms = [{ term = \"help\", negation = \"only\" }, { term = \"respite\", negation = \"skip\" }]"),
            ],
        );
        assert_eq!(ids(&c.code_text("I am not lonely")), Vec::<&str>::new());
        assert_eq!(ids(&c.code_text("I am not sure, but lonely")), vec!["T03"]);
        assert_eq!(ids(&c.code_text("there was help")), Vec::<&str>::new());
        assert_eq!(ids(&c.code_text("there was no help")), vec!["T10"]);
        assert_eq!(ids(&c.code_text("we didn't get any help")), vec!["T10"]);
        let r = c.code_text("we cannae get respite");
        assert_eq!(ev(&r), vec!["T10:respite@14-21=0!"]);
        assert_eq!(
            c.explain("we cannae get respite").themes[0].verdict,
            Verdict::Negated
        );
    }

    #[test]
    fn proximity_within_words_and_same_sentence() {
        let c = coder(
            "all",
            &[(
                "T10",
                "\"P3\"",
                "threshold = 2.0\nterms = [{ term = \"support\", weight = 0.5 }]\n[[near]]\na = \"support\"\nb = \"carer*\"\nwithin = 3\n[[near]]\na = \"break\"\nb = \"caring\"\nsentence = true\nweight = 2.0\n",
            )],
        );
        // support(0) for(1) my(2) carer(3): three words apart.
        let r = c.code_text("support for my carer");
        assert_eq!(
            ev(&r),
            vec!["T10:support@0-7=0.5", "T10:support ~ carer*@0-20=1"]
        );
        assert!(ids(&r).is_empty(), "1.5 is below 2.0");
        let r = c.code_text("support for my own carer");
        assert_eq!(ev(&r), vec!["T10:support@0-7=0.5"]);
        let r = c.code_text("Caring all week, I never get a break.");
        assert_eq!(ev(&r), vec!["T10:break ~ caring@0-36=2"]);
        assert_eq!(ids(&r), vec!["T10"]);
        assert!(c
            .code_text("Caring all week. I never get a break.")
            .evidence
            .is_empty());
    }

    #[test]
    fn thresholds_and_negative_weights() {
        let c = coder(
            "all",
            &[(
                "T10",
                "\"P3\"",
                "terms = [{ term = \"support\", weight = 0.5 }, \"respite\", { term = \"care home\", weight = -1.0 }]",
            )],
        );
        assert!(ids(&c.code_text("support")).is_empty());
        assert_eq!(
            c.code_text("support and more support").themes,
            vec![ThemeScore {
                theme: "T10".into(),
                score: 1.0
            }]
        );
        assert_eq!(ids(&c.code_text("respite")), vec!["T10"]);
        assert!(ids(&c.code_text("respite in a care home")).is_empty());
        assert_eq!(
            c.explain("respite in a care home").themes[0].verdict,
            Verdict::BelowThreshold
        );
    }

    #[test]
    fn best_keeps_the_top_theme_and_breaks_ties_by_id() {
        let c = coder(
            "best",
            &[
                ("T02", "\"P1\"", "terms = [\"poverty\"]"),
                ("T05", "\"P3\"", "terms = [\"anxiety\", \"stress\"]"),
                ("T07", "\"P3\"", "terms = [\"gp\"]"),
            ],
        );
        assert_eq!(
            ids(&c.code_text("poverty, anxiety and stress")),
            vec!["T05"]
        );
        let r = c.code_text("the GP and poverty");
        assert_eq!(ids(&r), vec!["T02"]);
        assert_eq!(r.priorities, vec!["P1"]);
        let x = c.explain("the GP and poverty");
        assert_eq!(x.themes[1].verdict, Verdict::NotBest { best: "T02".into() });
    }

    const SETS: &str = "[staff]\nterms = [\"nurse*\", \"receptionist\", \"the doctor\"]\n[manner]\nterms = [\"kind\", \"rude\", \"lovely\"]\n[service]\nterms = [\"gp\", \"hospital\", \"service*\"]\n[care]\nterms = [\"@staff\"]\n";

    #[test]
    fn with_cues_in_a_window_or_the_same_sentence() {
        let c = coder_with_sets(
            PRIOS,
            SETS,
            &[
                ("T03", "\"P1\"", "terms = [{ term = \"company\", with = [\"keep * company\", \"for\"], within = 1 }]"),
                ("T12", "\"P3\"", "terms = [{ term = \"access\", with = \"@service\" }]"),
            ],
        );
        assert_eq!(ids(&c.code_text("the dog keeps me company")), vec!["T03"]);
        assert_eq!(ids(&c.code_text("I go for company")), vec!["T03"]);
        assert!(ids(&c.code_text("the company is hiring for summer")).is_empty());
        assert!(ids(&c.code_text("a building company")).is_empty());
        assert_eq!(ids(&c.code_text("Access to my GP is hard")), vec!["T12"]);
        assert_eq!(ids(&c.code_text("hard to access services")), vec!["T12"]);
        // The cue must be in the same sentence.
        assert!(ids(&c.code_text("Access to the path. The hospital")).is_empty());
        let x = c.explain("access to the coastal path");
        assert_eq!(x.themes[0].verdict, Verdict::OtherSense);
        assert_eq!(
            x.themes[0].matches[0].status,
            MatchStatus::NoCue {
                needs: "@service".into()
            }
        );
    }

    #[test]
    fn unless_cues_block_a_sense() {
        let c = coder_with_sets(
            PRIOS,
            SETS,
            &[(
                "T12",
                "\"P3\"",
                "terms = [{ term = \"train\", unless = [\"train station\", \"line\", \"rail*\"], within = 3 }, \"bus\"]",
            )],
        );
        assert_eq!(
            ids(&c.code_text("I get the train to the clinic")),
            vec!["T12"]
        );
        assert!(ids(&c.code_text("the new train station")).is_empty());
        assert!(ids(&c.code_text("the train line is closed")).is_empty());
        // Four words away is outside the window of 3.
        assert_eq!(
            ids(&c.code_text("rail fares up again and the train")),
            vec!["T12"]
        );
        let x = c.explain("Reopen the railway: the train is late");
        assert_eq!(
            x.themes[0].matches[0].status,
            MatchStatus::Blocked {
                by: "railway".into()
            }
        );
    }

    #[test]
    fn sets_work_as_terms_and_in_proximity_rules() {
        let c = coder_with_sets(
            PRIOS,
            SETS,
            &[(
                "T11",
                "\"P3\"",
                "terms = [{ term = \"@manner\", weight = 0.5 }]\n[[near]]\na = \"@staff\"\nb = \"@manner\"\nsentence = true\n",
            )],
        );
        let r = c.code_text("The nurses were lovely.");
        assert_eq!(
            ev(&r),
            vec!["T11:@staff ~ @manner@4-22=1", "T11:@manner@16-22=0.5"]
        );
        assert_eq!(ids(&r), vec!["T11"]);
        assert!(ids(&c.code_text("The nurses came. It was lovely.")).is_empty());
        assert_eq!(ids(&c.code_text("the doctor was kind")), vec!["T11"]);
    }

    #[test]
    fn answers_without_domain_words_need_the_domain_threshold() {
        let c = coder_with_sets(
            &format!("{PRIOS}[domain]\nset = \"care\"\nthreshold = 2.0\nmin_words = 3\n"),
            SETS,
            &[(
                "T04",
                "\"P1\"",
                "terms = [\"housing\", { term = \"adaptation*\", weight = 2.0 }]",
            )],
        );
        assert!(ids(&c.code_text("Stop the housing estate on the green belt")).is_empty());
        assert_eq!(
            ids(&c.code_text("the nurse said my housing is unsuitable")),
            vec!["T04"]
        );
        assert_eq!(ids(&c.code_text("we need adaptations")), vec!["T04"]);
        assert_eq!(
            ids(&c.code_text("better housing")),
            vec!["T04"],
            "too short to judge"
        );
        let x = c.explain("more social housing");
        assert!(x.off_domain);
        assert_eq!(x.themes[0].verdict, Verdict::OffDomain);
        // Weak words do not add up to a strong one off the domain.
        let r = c.code_text("housing housing housing housing and more housing for the town");
        assert!(ids(&r).is_empty(), "{:?}", ev(&r));
        assert!(!c.explain("the nurse and housing").off_domain);
    }

    #[test]
    fn only_matches_inside_a_longer_counting_match_are_dropped() {
        let c = coder(
            "all",
            &[
                ("T04", "\"P1\"", "terms = [\"at home\"]"),
                ("T09", "\"P3\"", "terms = [\"care at home\"]"),
                ("T10", "\"P3\"", "terms = [\"carers centre\"]"),
                ("T11", "\"P3\"", "terms = [\"the carer*\"]"),
            ],
        );
        // Nested: "at home" lies inside "care at home".
        assert_eq!(ids(&c.code_text("care at home")), vec!["T09"]);
        // Crossing: "the carers" and "carers centre" share a word; both count.
        assert_eq!(ids(&c.code_text("the carers centre")), vec!["T10", "T11"]);
    }

    #[test]
    fn a_match_rejected_by_its_sense_rule_takes_no_words() {
        let c = coder(
            "all",
            &[
                ("T02", "\"P1\"", "terms = [\"food bank\"]"),
                (
                    "T08",
                    "\"P3\"",
                    "terms = [{ term = \"the food\", unless = \"bank\", within = 1 }]",
                ),
            ],
        );
        let r = c.code_text("the food bank");
        assert_eq!(ids(&r), vec!["T02"]);
        assert_eq!(ev(&r), vec!["T08:the food@0-8=0", "T02:food bank@4-13=1"]);
        assert_eq!(ids(&c.code_text("the food was cold")), vec!["T08"]);
    }

    #[test]
    fn unless_cues_may_be_the_matched_words_and_have_their_own_window() {
        let c = coder(
            "all",
            &[(
                "T08",
                "\"P3\"",
                "terms = [{ term = \"operation*\", unless = \"operational*\" }, { term = \"ward\", with = \"hospital\", unless = \"council\", within = 10, unless_within = 1 }]",
            )],
        );
        assert_eq!(ids(&c.code_text("my operation")), vec!["T08"]);
        assert!(ids(&c.code_text("operational reasons")).is_empty());
        assert_eq!(
            ids(&c.code_text("the hospital ward where the council met")),
            vec!["T08"]
        );
        assert!(ids(&c.code_text("the hospital is in my council ward")).is_empty());
    }

    #[test]
    fn currency_signs_are_words() {
        let c = coder(
            "all",
            &[(
                "T02",
                "\"P1\"",
                "terms = [\"£\", { term = \"costs\", weight = 0.5 }]",
            )],
        );
        let r = c.code_text("It costs £7 return");
        assert_eq!(ev(&r), vec!["T02:costs@3-8=0.5", "T02:£@9-11=1"]);
        assert!(ids(&c.code_text("It costs 7 pounds")).is_empty());
    }

    #[test]
    fn count_once_keeps_each_entry_s_first_match() {
        let body =
            "terms = [{ term = \"support\", weight = 0.5 }, { term = \"carer*\", weight = 0.5 }]";
        let once = coder_with_sets(
            &format!("count = \"once\"\n{PRIOS}"),
            "",
            &[("T10", "\"P3\"", body)],
        );
        let r = once.code_text("support, support and more support");
        assert_eq!(
            ev(&r),
            vec![
                "T10:support@0-7=0.5",
                "T10:support@9-16=0",
                "T10:support@26-33=0"
            ]
        );
        assert!(ids(&r).is_empty());
        assert_eq!(ids(&once.code_text("support for carers")), vec!["T10"]);
        let x = once.explain("support support");
        assert_eq!(x.themes[0].matches[1].status, MatchStatus::Repeat);
        let each = coder("all", &[("T10", "\"P3\"", body)]);
        assert_eq!(ids(&each.code_text("support, support")), vec!["T10"]);
    }

    #[test]
    fn proximity_pairs_each_occurrence_once_in_text_order() {
        let c = coder(
            "all",
            &[(
                "T11",
                "\"P3\"",
                "threshold = 100.0\nterms = []\n[[near]]\na = \"staff\"\nb = \"kind\"\nwithin = 2\n",
            )],
        );
        // kind(0) staff(1) staff(2) kind(3) x x x staff(7) x x kind(10)
        let r = c.code_text("kind staff staff kind x x x staff x x kind");
        let spans: Vec<(usize, usize)> = r.evidence.iter().map(|e| (e.start, e.end)).collect();
        assert_eq!(spans, vec![(0, 10), (11, 21)]);
        // Many occurrences: every `a` finds its nearest free `b` and no pair is made twice.
        let long = "staff kind ".repeat(5_000);
        assert_eq!(c.code_text(&long).evidence.len(), 5_000);
    }

    #[test]
    fn coder_is_shared_across_threads() {
        fn shareable<T: Send + Sync>() {}
        shareable::<Coder>();
    }

    #[test]
    fn codes_respondents_in_order() {
        let c = coder("all", &[("T07", "\"P3\"", "terms = [\"gp\"]")]);
        let resp = |seq: u32, answers: Vec<Option<&str>>| Respondent {
            seq,
            row: u64::from(seq) + 2,
            id: format!("R{seq}"),
            attributes: vec![],
            consent: Consent::Unknown,
            answers: answers.into_iter().map(|a| a.map(str::to_string)).collect(),
        };
        let rs: Vec<Respondent> = (0..50)
            .map(|i| resp(i, vec![Some("my GP"), None, Some("  "), Some("nothing")]))
            .collect();
        let out = c.code_respondents(&rs);
        assert_eq!(out.len(), 100);
        assert_eq!(
            (out[0].respondent, out[0].question, out[0].themes.len()),
            (0, 0, 1)
        );
        assert_eq!(
            (out[1].respondent, out[1].question, out[1].themes.len()),
            (0, 3, 0)
        );
        assert_eq!((out[99].respondent, out[99].question), (49, 3));
    }
}
