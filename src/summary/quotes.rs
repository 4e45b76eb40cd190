//! Representative quotes per theme: typical of the theme, different from each other, spread over
//! respondent types, and only from respondents who agreed to publication.
//!
//! A candidate is an answer coded with the theme (or, for a campaign copy with an added comment,
//! that comment when it holds the theme's evidence); campaign standard and edited copies are never
//! quoted. Candidates are ranked by evidence weight per square-root word with a preference for 15 to
//! 80 words; then chosen greedily, skipping any whose 3-word shingles overlap an already chosen
//! quote by Jaccard > 0.3 and preferring a respondent type not yet quoted.

use super::campaign::{Campaigns, CopyKind};
use super::tokens;
use super::{Quote, SummaryInput, ThemeQuotes, QUOTES_PER_THEME};
use crate::text::redact::Redactor;
use std::collections::{BTreeSet, HashMap};

/// Maximum overlap (Jaccard of word 3-grams) between two quotes of one theme.
const MAX_SIMILARITY: f64 = 0.3;
/// Words shown before a long quote is cut.
const MAX_WORDS: usize = 100;
/// Candidates considered per theme after ranking.
const POOL: usize = 300;

struct Candidate<'a> {
    rank: f64,
    respondent: u32,
    question: u16,
    text: &'a str,
    group: String,
}

fn length_factor(words: usize) -> f64 {
    match words {
        15..=80 => 1.0,
        8..=14 | 81..=150 => 0.5,
        5..=7 | 151.. => 0.2,
        _ => 0.0,
    }
}

/// The display form of a quote: whitespace collapsed, cut after `MAX_WORDS` words, redacted.
fn display(text: &str, redactor: &Redactor) -> String {
    let ws = tokens::words(text);
    let cut = match ws.get(MAX_WORDS) {
        Some(w) => format!("{} …", text[..w.start].trim_end()),
        None => text.trim().to_string(),
    };
    redactor.redact(&cut.split_whitespace().collect::<Vec<_>>().join(" "))
}

pub(super) fn select(
    input: &SummaryInput,
    campaigns: &Campaigns,
    redactor: &Redactor,
    attribution: Option<usize>,
) -> Vec<ThemeQuotes> {
    let by_seq: HashMap<u32, usize> = input
        .respondents
        .iter()
        .enumerate()
        .map(|(i, r)| (r.seq, i))
        .collect();
    let theme_ix: HashMap<&str, usize> = input
        .frame
        .themes
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id.as_str(), i))
        .collect();
    let mut pools: Vec<Vec<Candidate>> = input.frame.themes.iter().map(|_| Vec::new()).collect();
    for c in input.codings {
        let Some(&ri) = by_seq.get(&c.respondent) else {
            continue;
        };
        let r = &input.respondents[ri];
        if !r.consent.publishable() || c.themes.is_empty() {
            continue;
        }
        let Some(answer) = r
            .answers
            .get(usize::from(c.question))
            .and_then(|a| a.as_deref())
        else {
            continue;
        };
        // The quotable spans of this answer.
        let spans: Vec<(usize, usize)> = match campaigns.member(r.seq) {
            None => vec![(0, answer.len())],
            Some(m) if m.kind == CopyKind::AddedComment => m
                .added
                .iter()
                .filter(|s| s.question == c.question)
                .map(|s| (s.start, s.end))
                .collect(),
            Some(_) => Vec::new(),
        };
        let group = attribution
            .and_then(|a| r.attributes.get(a))
            .map(|v| v.trim().to_lowercase())
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| "respondent".to_string());
        for (start, end) in spans {
            let Some(text) = answer.get(start..end) else {
                continue;
            };
            let words = tokens::words(text).len();
            let lf = length_factor(words);
            if lf == 0.0 {
                continue;
            }
            for t in &c.themes {
                let Some(&ti) = theme_ix.get(t.theme.as_str()) else {
                    continue;
                };
                let weight: f64 = c
                    .evidence
                    .iter()
                    .filter(|e| {
                        e.theme == t.theme && !e.negated && e.start >= start && e.end <= end
                    })
                    .map(|e| f64::from(e.weight.max(0.0)))
                    .sum();
                if weight <= 0.0 {
                    continue;
                }
                pools[ti].push(Candidate {
                    rank: weight / (words as f64).sqrt() * lf,
                    respondent: r.seq,
                    question: c.question,
                    text,
                    group: group.clone(),
                });
            }
        }
    }
    input
        .frame
        .themes
        .iter()
        .zip(pools)
        .map(|(theme, mut pool)| {
            pool.sort_by(|a, b| {
                b.rank
                    .total_cmp(&a.rank)
                    .then(a.respondent.cmp(&b.respondent))
                    .then(a.question.cmp(&b.question))
                    .then_with(|| a.text.cmp(b.text))
            });
            pool.truncate(POOL);
            let quotes = choose(&pool)
                .into_iter()
                .map(|c| Quote {
                    text: display(c.text, redactor),
                    attribution: redactor.redact(&c.group),
                    question: input
                        .schema
                        .questions
                        .get(usize::from(c.question))
                        .map_or_else(|| format!("Q{}", c.question + 1), |q| q.id.clone()),
                })
                .collect();
            ThemeQuotes {
                theme: theme.id.clone(),
                name: theme.name.clone(),
                quotes,
            }
        })
        .collect()
}

/// Greedy choice: best-ranked first, no two near-identical, one per respondent, new groups first.
fn choose<'a, 'b>(pool: &'b [Candidate<'a>]) -> Vec<&'b Candidate<'a>> {
    let shingles: Vec<Vec<u64>> = pool
        .iter()
        .map(|c| {
            let ws = tokens::words(c.text);
            tokens::shingles(&ws.iter().map(|w| w.folded.as_str()).collect::<Vec<_>>(), 3)
        })
        .collect();
    let mut chosen: Vec<usize> = Vec::new();
    let mut groups: BTreeSet<&str> = BTreeSet::new();
    let mut respondents: BTreeSet<u32> = BTreeSet::new();
    while chosen.len() < QUOTES_PER_THEME {
        let ok = |i: usize| {
            !chosen.contains(&i)
                && !respondents.contains(&pool[i].respondent)
                && chosen
                    .iter()
                    .all(|&j| tokens::jaccard(&shingles[i], &shingles[j]) <= MAX_SIMILARITY)
        };
        let pick = (0..pool.len())
            .find(|&i| ok(i) && !groups.contains(pool[i].group.as_str()))
            .or_else(|| (0..pool.len()).find(|&i| ok(i)));
        let Some(i) = pick else { break };
        chosen.push(i);
        groups.insert(pool[i].group.as_str());
        respondents.insert(pool[i].respondent);
    }
    chosen.into_iter().map(|i| &pool[i]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_quotes_are_cut_and_redacted() {
        let r = Redactor::new();
        let long = format!("Ring me on 07700 900123 please. {}", "word ".repeat(150));
        let d = display(&long, &r);
        assert!(d.starts_with("Ring me on [phone] please."));
        assert!(d.ends_with(" …"));
        assert_eq!(tokens::words(&d).len(), 99); // the two digit groups of the phone became one placeholder
    }

    #[test]
    fn length_preference() {
        assert_eq!(length_factor(4), 0.0);
        assert_eq!(length_factor(40), 1.0);
        assert_eq!(length_factor(100), 0.5);
    }
}
