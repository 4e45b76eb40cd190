//! Suggestions of frame health (see [`super::health`]): distinctive words of each theme's near
//! misses and of the uncoded answers, placed in a theme, with a stable id and examples.

use super::health::{Example, HealthBuilder, Suggestion, SUGGESTIONS_PER_SOURCE};
use super::keyness::Term;
use std::collections::BTreeMap;

/// Distinctive terms looked at per source before those already in the lexicon are dropped.
const CANDIDATES: usize = 60;

/// The stable id of a suggestion: `S` and eight hex digits of a hash of theme and term.
pub fn suggestion_id(theme: &str, term: &str) -> String {
    let hash = blake3::hash(format!("{theme}\0{term}").as_bytes());
    format!("S{}", &hash.to_hex()[..8])
}

/// Whether the theme's entries already hold the term (as written, or by a glob it starts with).
fn known(entries: &BTreeMap<String, u64>, term: &str) -> bool {
    entries.keys().any(|e| {
        let e = e.to_lowercase();
        match e.strip_suffix('*') {
            Some(prefix) => term.starts_with(prefix),
            None => e == term,
        }
    })
}

pub(super) fn suggestions(h: &HealthBuilder) -> Vec<Suggestion> {
    let (counts, ids, entries) = h.parts();
    let n = ids.len();
    let mut out = Vec::new();
    for t in 0..n {
        let picked = counts
            .distinctive(1 + t, CANDIDATES)
            .into_iter()
            .filter(|term| !known(&entries[t], &term.term))
            .take(SUGGESTIONS_PER_SOURCE);
        out.extend(picked.map(|term| suggestion(h, t, 1 + t, term, "near-miss")));
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
            (!known(&entries[t], &term.term)).then_some((t, term))
        })
        .take(SUGGESTIONS_PER_SOURCE);
    out.extend(uncoded.map(|(t, term)| suggestion(h, t, 0, term, "uncoded")));
    let mut seen = std::collections::BTreeSet::new();
    out.retain(|s| seen.insert(s.id.clone()));
    out
}

fn suggestion(h: &HealthBuilder, theme: usize, set: usize, term: Term, source: &str) -> Suggestion {
    let (_, ids, _) = h.parts();
    let theme = ids[theme].clone();
    Suggestion {
        id: suggestion_id(&theme, &term.term),
        examples: examples(h, set, &term.term),
        theme,
        term: term.term,
        source: source.to_string(),
        count: term.count,
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
        let entries: BTreeMap<String, u64> =
            [("physio*".to_string(), 0), ("GP".to_string(), 0)].into();
        assert!(known(&entries, "physiotherapy"));
        assert!(known(&entries, "gp"));
        assert!(!known(&entries, "dentist"));
    }
}
