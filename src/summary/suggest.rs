//! Suggestions of frame health (see [`super::health`]): distinctive words of each theme's near
//! misses and of the uncoded answers, placed in a theme, with a stable id and examples.

use super::health::{Example, HealthBuilder, Suggestion, SUGGESTIONS_PER_SOURCE};
use super::keyness::Term;
use crate::text::Normalizer;
use std::collections::BTreeMap;

/// Distinctive terms looked at per source before those already in the lexicon are dropped.
const CANDIDATES: usize = 60;

/// The stable id of a suggestion: `S` and eight hex digits of a hash of theme and term.
pub fn suggestion_id(theme: &str, term: &str) -> String {
    let hash = blake3::hash(format!("{theme}\0{term}").as_bytes());
    format!("S{}", &hash.to_hex()[..8])
}

/// Least z-score (distinctiveness in the theme's coded answers) of a near-miss suggestion.
const MIN_Z: f64 = 1.96;

/// The stems of a term's words, as the lexicon matches them.
fn stems(n: &Normalizer, term: &str) -> String {
    term.split_whitespace()
        .map(|w| n.stem(&crate::text::fold(w)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether any theme's entries already hold the term (by stem, or by a glob it starts with):
/// a word another theme uses is left to the analyst.
fn known(n: &Normalizer, entries: &[BTreeMap<String, u64>], term: &str) -> bool {
    let stemmed = stems(n, term);
    entries.iter().flat_map(|m| m.keys()).any(|e| {
        let e = e.to_lowercase();
        match e.strip_suffix('*') {
            Some(prefix) => term.starts_with(prefix),
            None => e == term || stems(n, &e) == stemmed,
        }
    })
}

pub(super) fn suggestions(h: &HealthBuilder) -> Vec<Suggestion> {
    let (counts, ids, entries) = h.parts();
    let n = ids.len();
    let norm = Normalizer::new();
    let mut out = Vec::new();
    for t in 0..n {
        // Words that mark the theme's coded answers, ranked by how many of its near misses
        // and of the uncoded answers they would reach.
        let mut picked: Vec<(usize, usize, Term)> = counts
            .distinctive(n + 1 + t, CANDIDATES * 2)
            .into_iter()
            .filter(|term| term.z >= MIN_Z && !known(&norm, entries, &term.term))
            .map(|term| (reach(h, 1 + t, &term.term), reach(h, 0, &term.term), term))
            .filter(|(near, none, _)| near + none >= 2)
            .collect();
        // Distinctive first, weighed by how many answers the word would reach.
        let score = |(a, b, term): &(usize, usize, Term)| term.z * ((a + b) as f64).sqrt();
        picked.sort_by(|a, b| score(b).total_cmp(&score(a)).then(a.2.term.cmp(&b.2.term)));
        out.extend(
            picked
                .into_iter()
                .take(SUGGESTIONS_PER_SOURCE)
                .map(|(near, none, term)| {
                    let (set, source) = if near >= none {
                        (1 + t, "near-miss")
                    } else {
                        (0, "uncoded")
                    };
                    suggestion(h, t, set, term, (near + none) as u64, source)
                }),
        );
    }
    // Where each uncoded answer's word would go: the theme whose answers it marks most.
    let mut home: BTreeMap<String, (f64, usize)> = BTreeMap::new();
    for t in 0..n {
        for term in counts.distinctive(n + 1 + t, CANDIDATES * 3) {
            let slot = home.entry(term.term).or_insert((f64::MIN, t));
            if term.z > slot.0 {
                *slot = (term.z, t);
            }
        }
    }
    let uncoded = counts
        .distinctive(0, CANDIDATES)
        .into_iter()
        .filter_map(|term| {
            let &(_, t) = home.get(&term.term)?;
            (!known(&norm, entries, &term.term)).then_some((t, term))
        })
        .take(SUGGESTIONS_PER_SOURCE);
    out.extend(uncoded.map(|(t, term)| {
        let count = term.count;
        suggestion(h, t, 0, term, count, "uncoded")
    }));
    let mut seen = std::collections::BTreeSet::new();
    out.retain(|s| seen.insert(s.id.clone()));
    out
}

/// How many kept answers of keyness set `set` hold `term`.
fn reach(h: &HealthBuilder, set: usize, term: &str) -> usize {
    h.example_texts()
        .iter()
        .filter(|(s, _)| s.contains(&set))
        .filter(|(_, e)| contains_words(&e.text.to_lowercase(), term))
        .count()
}

fn suggestion(
    h: &HealthBuilder,
    theme: usize,
    set: usize,
    term: Term,
    count: u64,
    source: &str,
) -> Suggestion {
    let (_, ids, _) = h.parts();
    let theme = ids[theme].clone();
    Suggestion {
        id: suggestion_id(&theme, &term.term),
        examples: examples(h, set, &term.term),
        theme,
        term: term.term,
        source: source.to_string(),
        count,
        z: term.z,
    }
}

/// Up to three kept answers of keyness set `set` where `term` occurs as whole words.
fn examples(h: &HealthBuilder, set: usize, term: &str) -> Vec<Example> {
    h.example_texts()
        .iter()
        .filter(|(sets, _)| sets.contains(&set))
        .filter(|(_, e)| contains_words(&e.text.to_lowercase(), term))
        .take(3)
        .map(|(_, e)| e.clone())
        .collect()
}

/// Whether `text` holds `term` with word boundaries either side.
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
    fn words_match_whole() {
        assert!(contains_words("my inhaler ran out", "inhaler"));
        assert!(!contains_words("inhalers", "inhaler"));
        assert!(contains_words("short break.", "short break"));
    }

    #[test]
    fn known_terms_are_not_suggested_again() {
        let entries: BTreeMap<String, u64> = [
            ("physio*".to_string(), 0),
            ("GP".to_string(), 0),
            ("appointment".to_string(), 0),
        ]
        .into();
        let n = Normalizer::new();
        let entries = [entries];
        assert!(known(&n, &entries, "physiotherapy"));
        assert!(known(&n, &entries, "gp"));
        assert!(known(&n, &entries, "appointments"));
        assert!(!known(&n, &entries, "dentist"));
    }
}
