//! Representative quotes per theme: typical of the theme, different from each other, spread over
//! respondent types, and only from respondents who agreed to publication.
//!
//! A candidate is an answer coded with the theme (or, for a campaign copy with an added comment,
//! that comment when it holds the theme's evidence); campaign standard and edited copies are never
//! quoted. Candidates are ranked by evidence weight per square-root word with a preference for 15 to
//! 80 words; then chosen greedily, skipping any whose 3-word shingles overlap an already chosen
//! quote by Jaccard > 0.3 and preferring a respondent type not yet quoted.
//!
//! Answers stream in before campaigns are known, so each theme keeps its best `STREAM_POOL`
//! candidates (identical texts once); campaign copies are dropped when the quotes are chosen.

use super::tokens;
use super::{Quote, ThemeQuotes, QUOTES_PER_THEME};
use crate::model::{CodeFrame, SurveySchema};
use crate::text::redact::Redactor;
use std::collections::BTreeSet;

/// Maximum overlap (Jaccard of word 3-grams) between two quotes of one theme.
const MAX_SIMILARITY: f64 = 0.3;
/// Words shown before a long quote is cut.
const MAX_WORDS: usize = 100;
/// Candidates considered per theme after ranking.
const POOL: usize = 300;

/// Candidates kept per theme while answers stream in (before campaign copies are known).
const STREAM_POOL: usize = 2000;

struct Candidate {
    rank: f64,
    respondent: u32,
    question: u16,
    text: String,
    group: String,
    /// The whole answer (not a comment cut out of a campaign copy).
    whole: bool,
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

/// One piece of evidence as quotes need it: theme index, byte span, weight.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Weighted {
    pub theme: u16,
    pub start: u32,
    pub end: u32,
    pub weight: f32,
}

/// The best quote candidates of every theme, kept to a bounded number as answers stream in.
pub(super) struct Pools {
    pools: Vec<Vec<Candidate>>,
    /// Per theme, the rank of the last candidate kept when its pool was last cut to
    /// `STREAM_POOL` (none while it held fewer): a candidate ranked lower could never be kept,
    /// so it is not copied in.
    floors: Vec<f64>,
}

fn order(a: &Candidate, b: &Candidate) -> std::cmp::Ordering {
    b.rank
        .total_cmp(&a.rank)
        .then(a.respondent.cmp(&b.respondent))
        .then(a.question.cmp(&b.question))
        .then_with(|| a.text.cmp(&b.text))
}

/// Best first; identical texts kept once (they could never both be chosen); at most `cap`.
fn compact(pool: &mut Vec<Candidate>, cap: usize) {
    pool.sort_by(order);
    // First occurrences, found without copying the texts; `retain` visits in order, once each.
    let mut seen = std::collections::HashSet::with_hasher(crate::text::FxBuild::default());
    let first: Vec<bool> = pool.iter().map(|c| seen.insert(c.text.as_str())).collect();
    let mut first = first.into_iter();
    pool.retain(|_| first.next().unwrap_or(false));
    pool.truncate(cap);
}

impl Pools {
    pub(super) fn new(themes: usize) -> Pools {
        Pools {
            pools: (0..themes).map(|_| Vec::new()).collect(),
            floors: vec![f64::NEG_INFINITY; themes],
        }
    }

    /// Offers the span `start..end` of an answer to every theme in `themes` (indices) whose
    /// non-negated evidence inside the span weighs something.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn offer(
        &mut self,
        respondent: u32,
        question: u16,
        answer: &str,
        (start, end): (usize, usize),
        themes: &[u16],
        evidence: &[Weighted],
        group: &str,
    ) {
        let Some(text) = answer.get(start..end) else {
            return;
        };
        let words = tokens::count_words(text);
        let lf = length_factor(words);
        if lf == 0.0 {
            return;
        }
        for &ti in themes {
            let weight: f64 = evidence
                .iter()
                .filter(|e| e.theme == ti && e.start as usize >= start && e.end as usize <= end)
                .map(|e| f64::from(e.weight.max(0.0)))
                .sum();
            if weight <= 0.0 {
                continue;
            }
            let rank = weight / (words as f64).sqrt() * lf;
            let t = usize::from(ti);
            let (Some(pool), Some(floor)) = (self.pools.get_mut(t), self.floors.get_mut(t)) else {
                continue;
            };
            if rank < *floor {
                continue;
            }
            pool.push(Candidate {
                rank,
                respondent,
                question,
                text: text.to_string(),
                group: group.to_string(),
                whole: start == 0 && end == answer.len(),
            });
            if pool.len() >= 2 * STREAM_POOL {
                compact(pool, STREAM_POOL);
                if let (STREAM_POOL, Some(last)) = (pool.len(), pool.last()) {
                    *floor = last.rank;
                }
            }
        }
    }

    /// Drops whole answers of `excluded` respondents (campaign copies; comments cut out of them
    /// stay), then chooses the quotes.
    pub(super) fn choose(
        self,
        frame: &CodeFrame,
        schema: &SurveySchema,
        excluded: &dyn Fn(u32) -> bool,
        redactor: &Redactor,
    ) -> Vec<ThemeQuotes> {
        frame
            .themes
            .iter()
            .zip(self.pools)
            .map(|(theme, mut pool)| {
                // The best `STREAM_POOL` as at every cut, so candidates below a floor never
                // count (whether a cut came after them or not).
                compact(&mut pool, STREAM_POOL);
                pool.retain(|c| !(c.whole && excluded(c.respondent)));
                compact(&mut pool, POOL);
                let quotes = choose(&pool)
                    .into_iter()
                    .map(|c| Quote {
                        text: display(&c.text, redactor),
                        attribution: redactor.redact(&c.group),
                        question: schema
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
}

/// Greedy choice: best-ranked first, no two near-identical, one per respondent, new groups first.
fn choose(pool: &[Candidate]) -> Vec<&Candidate> {
    let shingles: Vec<Vec<u64>> = pool
        .iter()
        .map(|c| {
            let ws = tokens::words(&c.text);
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
    fn streaming_pools_keep_the_best_candidates_whatever_the_order() {
        // 3 * STREAM_POOL answers of 20 words with evidence weights 1 to 97, some texts twice;
        // offered in a scrambled order, the pool ends as the best STREAM_POOL distinct texts.
        let n = 3 * STREAM_POOL as u32;
        let answers: Vec<(u32, String, f32)> = (0..n)
            .map(|i| {
                let k = i.wrapping_mul(2_654_435_761) % n;
                let text = format!("answer {} {}", k % (n - 50), "word ".repeat(18));
                (k, text, (k % 97 + 1) as f32)
            })
            .collect();
        let mut pools = Pools::new(1);
        for (k, text, weight) in &answers {
            let evidence = [Weighted {
                theme: 0,
                start: 0,
                end: 6,
                weight: *weight,
            }];
            pools.offer(*k, 0, text, (0, text.len()), &[0], &evidence, "g");
        }
        let mut pool = pools.pools.remove(0);
        compact(&mut pool, STREAM_POOL);
        let mut all: Vec<Candidate> = answers
            .iter()
            .map(|(k, text, weight)| Candidate {
                rank: f64::from(*weight) / 20f64.sqrt(),
                respondent: *k,
                question: 0,
                text: text.clone(),
                group: "g".to_string(),
                whole: true,
            })
            .collect();
        compact(&mut all, STREAM_POOL);
        let key = |c: &Candidate| (c.respondent, c.text.clone());
        assert_eq!(pool.len(), STREAM_POOL);
        assert_eq!(
            pool.iter().map(key).collect::<Vec<_>>(),
            all.iter().map(key).collect::<Vec<_>>()
        );
        assert!(pools.floors[0] > f64::NEG_INFINITY);
    }

    #[test]
    fn length_preference() {
        assert_eq!(length_factor(4), 0.0);
        assert_eq!(length_factor(40), 1.0);
        assert_eq!(length_factor(100), 0.5);
    }
}
