//! Suggestions of frame health (see [`super::health`]): distinctive words of each theme's near
//! misses and of the uncoded answers, placed in a theme, with a stable id and examples.

use super::health::{Example, HealthBuilder, Suggestion, SUGGESTIONS_PER_SOURCE};
use super::keyness::{Term, TermCounts};
use crate::coding::Coder;
use crate::lexicon::Entry;
use crate::text::Normalizer;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Least occurrences of a word in the theme's coded answers to suggest it.
const MIN_SUPPORT: u64 = 2;
/// Source of a suggestion found in a theme's near misses, added at half weight.
const NEAR_MISS: &str = "near-miss";
/// Source of a suggestion found in uncoded answers, added at full weight.
const UNCODED: &str = "uncoded";

/// The stable id of a suggestion: `S` and eight hex digits of a hash of theme and term.
pub fn suggestion_id(theme: &str, term: &str) -> String {
    let hash = blake3::hash(format!("{theme}\0{term}").as_bytes());
    format!("S{}", &hash.to_hex()[..8])
}

/// Least share of a word's occurrences that lie in the theme's coded answers: a suggestion
/// should be about the theme in about two thirds or more of the places it occurs, or adding it
/// costs precision. (At three quarters, a word seen five times in a theme's answers and twice
/// elsewhere was not tried; on the project's coded sets the lower bar lets suggestions raise
/// recall on more sets, and on none do they cost more than 0.02 of precision.)
const MIN_PURITY: f64 = 0.67;
/// The same for a word added at full weight to code uncoded answers alone.
const MIN_PURITY_UNCODED: f64 = 0.9;

/// The stems of a term's words, as the lexicon matches them (through its aliases).
fn stems(n: &Normalizer, term: &str) -> String {
    term.split_whitespace()
        .map(|w| n.stem(&n.alias(&crate::text::fold(w))))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The lexicon's entries as suggestions are checked against them, prepared once: plain
/// entries as written and by their stems, globs by their prefix.
struct Known {
    exact: BTreeSet<String>,
    stems: BTreeSet<String>,
    prefixes: Vec<String>,
}

impl Known {
    fn new<'e>(n: &Normalizer, entries: impl Iterator<Item = &'e String>) -> Known {
        let mut known = Known {
            exact: BTreeSet::new(),
            stems: BTreeSet::new(),
            prefixes: Vec::new(),
        };
        for e in entries {
            let e = e.to_lowercase();
            match e.strip_suffix('*') {
                Some(prefix) => known.prefixes.push(prefix.to_string()),
                None => {
                    known.stems.insert(stems(n, &e));
                    known.exact.insert(e);
                }
            }
        }
        known
    }

    /// Whether any theme's entries already hold the term (by stem, or by a glob it starts
    /// with): a word another theme uses is left to the analyst.
    fn holds(&self, n: &Normalizer, term: &str) -> bool {
        let read = |term: &str| {
            self.exact.contains(term) || self.prefixes.iter().any(|p| term.starts_with(p.as_str()))
        };
        let aliased: Vec<String> = term
            .split_whitespace()
            .map(|w| n.alias(w).into_owned())
            .collect();
        read(term) || read(&aliased.join(" ")) || self.stems.contains(&stems(n, term))
    }
}

/// The kept example answers, lower-cased once, with the answers each word occurs in, so a
/// term's answers are found without reading every answer for every term.
struct KeptTexts<'a> {
    /// The kept answers with their keyness sets.
    texts: &'a [(Vec<usize>, Example)],
    lower: Vec<String>,
    postings: HashMap<String, Vec<usize>>,
    /// Per lower-cased word, how often it was written inside a sentence (not first) and how
    /// often of those with a capital: a word mostly capitalised there is a name.
    inside: HashMap<String, (u32, u32)>,
}

impl<'a> KeptTexts<'a> {
    fn new(h: &'a HealthBuilder) -> KeptTexts<'a> {
        let mut kept = KeptTexts {
            texts: h.example_texts(),
            lower: Vec::new(),
            postings: HashMap::new(),
            inside: HashMap::new(),
        };
        for (i, (_, e)) in h.example_texts().iter().enumerate() {
            for (word, capital) in words_inside_sentences(&e.text) {
                let seen = kept.inside.entry(word.to_lowercase()).or_default();
                seen.0 += 1;
                seen.1 += u32::from(capital);
            }
            let lower = e.text.to_lowercase();
            for w in words(&lower) {
                let list = kept.postings.entry(w.to_string()).or_default();
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
            kept.lower.push(lower);
        }
        kept
    }

    /// Whether `term` is a name (a place, a service, an organisation: "Strathmorven"): one word
    /// written with a capital in at least two thirds of the places it stands inside a sentence.
    /// A name marks where answers come from, not what they are about.
    fn is_name(&self, term: &str) -> bool {
        !term.contains(' ')
            && self
                .inside
                .get(term)
                .is_some_and(|&(n, capital)| n > 0 && 3 * capital >= 2 * n)
    }

    /// The text of kept answer `i`, as written.
    fn text(&self, i: usize) -> &'a str {
        &self.texts[i].1.text
    }

    /// The kept answers of keyness set `set` where `term` occurs as whole words, in order.
    fn matching<'s>(&'s self, set: usize, term: &'s str) -> Box<dyn Iterator<Item = usize> + 's> {
        let hit = move |i: &usize| {
            self.texts[*i].0.contains(&set) && contains_words(&self.lower[*i], term)
        };
        match words(term).next() {
            Some(first) => Box::new(
                self.postings
                    .get(first)
                    .map_or(&[][..], Vec::as_slice)
                    .iter()
                    .copied()
                    .filter(hit),
            ),
            None => Box::new((0..self.lower.len()).filter(hit)),
        }
    }
}

/// The words of a text that are not the first of a sentence, each with whether it is written
/// with a capital letter and then small ones.
fn words_inside_sentences(text: &str) -> impl Iterator<Item = (&str, bool)> {
    let mut first = true;
    text.split_whitespace().filter_map(move |token| {
        let starts = first;
        first = token.ends_with(['.', '!', '?', ':']);
        let word = token.trim_matches(|c: char| !c.is_alphanumeric());
        // "Strathmorven", not "ADHD": an acronym may well be a topic.
        let capital = word.chars().next().is_some_and(char::is_uppercase)
            && word.chars().any(char::is_lowercase);
        (!starts && !word.is_empty()).then_some((word, capital))
    })
}

/// Everyday words that say nothing of a topic on their own ("go", "bad", "whole", "somebody"):
/// in a small survey one near miss can make any of them look distinctive. Stop words (`text::stop`)
/// never reach the suggestions, so they are not repeated here. Sorted.
const GENERIC_WORDS: &[&str] = &[
    "anybody",
    "anyone",
    "anything",
    "bad",
    "big",
    "bit",
    "come",
    "comes",
    "coming",
    "day",
    "days",
    "else",
    "ever",
    "everybody",
    "everyone",
    "everything",
    "go",
    "goes",
    "going",
    "gone",
    "good",
    "great",
    "know",
    "last",
    "like",
    "little",
    "make",
    "makes",
    "making",
    "need",
    "needs",
    "new",
    "nobody",
    "nothing",
    "old",
    "part",
    "place",
    "put",
    "right",
    "said",
    "say",
    "says",
    "see",
    "seem",
    "somebody",
    "someone",
    "something",
    "still",
    "sure",
    "take",
    "time",
    "times",
    "way",
    "ways",
    "week",
    "weeks",
    "went",
    "whole",
    "wrong",
    "year",
    "years",
];

/// Whether a word says nothing of what an answer is about: a number word or an everyday word.
fn says_no_topic(term: &str) -> bool {
    NUMBER_WORDS.binary_search(&term).is_ok() || GENERIC_WORDS.binary_search(&term).is_ok()
}

/// Number words: how many of something an answer counts is never what it is about.
const NUMBER_WORDS: &[&str] = &[
    "eight",
    "eighteen",
    "eighty",
    "eleven",
    "fifteen",
    "fifty",
    "five",
    "forty",
    "four",
    "fourteen",
    "hundred",
    "million",
    "nine",
    "nineteen",
    "ninety",
    "seven",
    "seventeen",
    "seventy",
    "six",
    "sixteen",
    "sixty",
    "ten",
    "thirteen",
    "thirty",
    "thousand",
    "three",
    "twelve",
    "twenty",
    "two",
];

/// The runs of letters and digits of a text.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// Candidates tried per theme, of which the first [`SUGGESTIONS_PER_SOURCE`] that would code
/// some answer are kept.
const CANDIDATES_PER_THEME: usize = 4 * SUGGESTIONS_PER_SOURCE;

/// A word that may be suggested, before it is tried.
struct Candidate {
    theme: usize,
    /// The keyness set it was found in (the theme's near misses, or the uncoded answers).
    set: usize,
    source: &'static str,
    term: Term,
    /// Share of its occurrences in the theme's coded answers.
    purity: f64,
    /// The kept answers of its set it occurs in.
    hits: Vec<usize>,
}

impl Candidate {
    /// The weight an accepted suggestion is written with.
    fn weight(&self) -> f32 {
        if self.source == UNCODED {
            1.0
        } else {
            0.5
        }
    }
}

/// The suggestions of the frame's health `h`, whose terms are counted in `counts`.
pub(super) fn suggestions(h: &HealthBuilder, counts: &TermCounts) -> Vec<Suggestion> {
    let (ids, entries, sets) = h.parts();
    let norm = Normalizer::with_aliases(h.lexicon().alias_map());
    let known = Known::new(
        &norm,
        entries.iter().flat_map(|m| m.keys()).chain(h.set_terms()),
    );
    let kept = KeptTexts::new(h);
    let mut candidates = Vec::new();
    for t in 0..ids.len() {
        // Words that mark the theme's coded answers and rarely occur elsewhere, which the
        // theme's near misses (or, for the purest, uncoded answers) use: adding one may code
        // those answers too.
        let found = counts
            .pure(sets.coded(t), MIN_SUPPORT, MIN_PURITY)
            .into_iter()
            .filter(|term| {
                !known.holds(&norm, &term.term)
                    && !kept.is_name(&term.term)
                    && !says_no_topic(&term.term)
            })
            .filter_map(|term| {
                let purity = term.count as f64 / (term.count + term.count_other).max(1) as f64;
                let near: Vec<usize> = kept.matching(sets.near(t), &term.term).collect();
                let (set, source, hits) = if !near.is_empty() {
                    (sets.near(t), NEAR_MISS, near)
                } else if purity >= MIN_PURITY_UNCODED {
                    let none: Vec<usize> = kept.matching(sets.uncoded(), &term.term).collect();
                    (sets.uncoded(), UNCODED, none)
                } else {
                    return None;
                };
                (!hits.is_empty()).then_some(Candidate {
                    theme: t,
                    set,
                    source,
                    term,
                    purity,
                    hits,
                })
            })
            .take(CANDIDATES_PER_THEME);
        candidates.extend(found);
    }
    // Only words that, once accepted, code some of the answers they were found in: a word of a
    // near miss whose answer stays below the threshold (or negated, or out of sense) would
    // cost precision and gain nothing.
    let coded = trial(h, &kept, &candidates);
    let mut out: Vec<((f64, u64), Suggestion)> = Vec::new();
    let mut per_theme = vec![0usize; ids.len()];
    for (c, coded) in candidates.into_iter().zip(coded) {
        if coded.is_empty() || per_theme[c.theme] == SUGGESTIONS_PER_SOURCE {
            continue;
        }
        per_theme[c.theme] += 1;
        let rank = (coded.len() as f64 * c.purity, c.term.count);
        out.push((rank, suggestion(h, &kept, c, &coded)));
    }
    // Best first over all themes: the most answers coded at the highest purity, then the most
    // used in the theme's answers.
    out.sort_by(|a, b| {
        (b.0)
            .0
            .total_cmp(&(a.0).0)
            .then((b.0).1.cmp(&(a.0).1))
            .then(a.1.id.cmp(&b.1.id))
    });
    let mut seen = std::collections::BTreeSet::new();
    out.into_iter()
        .map(|(_, s)| s)
        .filter(|s| seen.insert(s.id.clone()))
        .collect()
}

/// Per candidate, the kept answers it was found in that get its theme once it alone is added
/// to the lexicon at its weight. One coder is compiled with every candidate added, and each is
/// tried on its answers with the others left out; a lexicon the candidates cannot be compiled
/// into gives none.
fn trial(h: &HealthBuilder, kept: &KeptTexts<'_>, candidates: &[Candidate]) -> Vec<Vec<usize>> {
    let mut lexicon = h.lexicon().clone();
    let originals: Vec<usize> = lexicon.themes.iter().map(|t| t.entries.len()).collect();
    let mut entry = Vec::with_capacity(candidates.len());
    for c in candidates {
        let Some(theme) = lexicon.themes.get_mut(c.theme) else {
            return vec![Vec::new(); candidates.len()];
        };
        entry.push(theme.entries.len());
        theme.entries.push(Entry {
            weight: c.weight(),
            ..Entry::new(c.term.term.clone())
        });
    }
    let Ok(coder) = Coder::new(&lexicon) else {
        return vec![Vec::new(); candidates.len()];
    };
    // Each kept answer with the candidates found in it, tried in one scan.
    let mut by_text: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (k, c) in candidates.iter().enumerate() {
        for &i in &c.hits {
            by_text.entry(i).or_default().push(k);
        }
    }
    let by_text: Vec<(usize, Vec<usize>)> = by_text.into_iter().collect();
    // Answers to a question about the frame's subject are coded without the domain rule.
    let texts: Vec<&str> = h.questions().iter().map(|q| q.text.as_str()).collect();
    let on_subject: BTreeMap<&str, bool> = h
        .questions()
        .iter()
        .map(|q| q.id.as_str())
        .zip(coder.subjects(&texts))
        .collect();
    let subject = |i: usize| {
        let question = kept.texts[i].1.question.as_str();
        on_subject.get(question).copied().unwrap_or(false)
    };
    let results: Vec<Vec<bool>> = by_text
        .par_iter()
        .map(|(i, ks)| {
            let tried: Vec<(usize, usize)> = ks
                .iter()
                .map(|&k| (candidates[k].theme, entry[k]))
                .collect();
            coder.try_added(kept.text(*i), subject(*i), &originals, &tried)
        })
        .collect();
    let mut coded = vec![Vec::new(); candidates.len()];
    for ((i, ks), got) in by_text.iter().zip(results) {
        for (&k, got) in ks.iter().zip(got) {
            if got {
                coded[k].push(*i);
            }
        }
    }
    coded
}

fn suggestion(
    h: &HealthBuilder,
    kept: &KeptTexts<'_>,
    c: Candidate,
    coded: &[usize],
) -> Suggestion {
    let (ids, _, _) = h.parts();
    let theme = ids[c.theme].clone();
    Suggestion {
        id: suggestion_id(&theme, &c.term.term),
        examples: examples(kept, c.set, &c.term.term, coded),
        weight: c.weight(),
        theme,
        source: c.source.to_string(),
        count: c.hits.len() as u64,
        codes: coded.len() as u64,
        z: c.term.z,
        term: c.term.term,
    }
}

/// Up to three kept answers of keyness set `set` where `term` occurs as whole words: those it
/// would code (`coded`) first.
fn examples(kept: &KeptTexts<'_>, set: usize, term: &str, coded: &[usize]) -> Vec<Example> {
    let rest = kept.matching(set, term).filter(|i| !coded.contains(i));
    coded
        .iter()
        .copied()
        .chain(rest)
        .take(3)
        .map(|i| kept.texts[i].1.clone())
        .collect()
}

fn contains_words(text: &str, term: &str) -> bool {
    let boundary = |c: Option<char>| c.map_or(true, |c| !c.is_alphanumeric());
    text.match_indices(term).any(|(i, _)| {
        boundary(text[..i].chars().next_back()) && boundary(text[i + term.len()..].chars().next())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_and_distinct() {
        assert_eq!(
            suggestion_id("T07", "inhaler"),
            suggestion_id("T07", "inhaler")
        );
        assert_ne!(
            suggestion_id("T07", "inhaler"),
            suggestion_id("T08", "inhaler")
        );
        assert_eq!(suggestion_id("T07", "inhaler").len(), 9);
    }

    #[test]
    fn names_are_words_capitalised_inside_sentences() {
        let words: Vec<(&str, bool)> =
            words_inside_sentences("Strathmorven is far. We went to Strathmorven on the bus.")
                .collect();
        assert_eq!(
            words_inside_sentences("Waiting for an ADHD test").collect::<Vec<_>>(),
            vec![
                ("for", false),
                ("an", false),
                ("ADHD", false),
                ("test", false)
            ]
        );
        assert_eq!(
            words,
            vec![
                ("is", false),
                ("far", false),
                ("went", false),
                ("to", false),
                ("Strathmorven", true),
                ("on", false),
                ("the", false),
                ("bus", false),
            ]
        );
        let mut kept_inside = HashMap::new();
        for (w, capital) in words {
            let seen: &mut (u32, u32) = kept_inside.entry(w.to_lowercase()).or_default();
            seen.0 += 1;
            seen.1 += u32::from(capital);
        }
        let kept = KeptTexts {
            texts: &[],
            lower: Vec::new(),
            postings: HashMap::new(),
            inside: kept_inside,
        };
        assert!(kept.is_name("strathmorven"));
        assert!(!kept.is_name("bus") && !kept.is_name("never seen"));
        assert!(NUMBER_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(GENERIC_WORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn number_and_everyday_words_name_no_topic() {
        for w in ["five", "hundred", "go", "whole", "somebody", "time"] {
            assert!(says_no_topic(w), "{w}");
        }
        for w in ["inhaler", "respite", "lonely", "go to", "waiting"] {
            assert!(!says_no_topic(w), "{w}");
        }
    }

    #[test]
    fn words_match_whole() {
        assert!(contains_words("my inhaler ran out", "inhaler"));
        assert!(!contains_words("inhalers", "inhaler"));
        assert!(contains_words("short break.", "short break"));
    }

    #[test]
    fn known_terms_are_not_suggested_again() {
        let entries = ["physio*", "GP", "appointment", "@staff ~ @manner"].map(String::from);
        let set_terms = ["nurs*", "receptionist"].map(String::from);
        let n = Normalizer::new();
        let known = Known::new(&n, entries.iter().chain(&set_terms));
        assert!(known.holds(&n, "physiotherapy"));
        assert!(known.holds(&n, "gp"));
        assert!(known.holds(&n, "appointments"));
        assert!(known.holds(&n, "nurses"));
        assert!(known.holds(&n, "receptionists"));
        assert!(!known.holds(&n, "dentist"));
        // A word the lexicon's aliases read as a known one is known too.
        let aliases = [("docter", "doctor"), ("appt", "appointment")]
            .map(|(a, b)| (a.to_string(), b.to_string()));
        let n = Normalizer::with_aliases(aliases.into_iter().collect());
        let entries = ["doctor*", "appointment"].map(String::from);
        let known = Known::new(&n, entries.iter());
        assert!(known.holds(&n, "docter"));
        assert!(known.holds(&n, "appt"));
        assert!(!Known::new(&Normalizer::new(), entries.iter()).holds(&Normalizer::new(), "docter"));
    }
}
