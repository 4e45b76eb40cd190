//! Word tokens for campaign shingles, keyness and quote similarity.
//!
//! Every summary computation tokenises through [`words`], so switching to the shared
//! `text::Normalizer` changes one function.

use frostem::{Algorithm, Stemmer};

/// One word of a text: its byte span, case-folded form and stem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Byte offset of the word in the original text.
    pub start: usize,
    /// Byte offset one past the word.
    pub end: usize,
    /// Lower-cased word with apostrophes unified and dropped ("don't" -> "dont").
    pub folded: String,
}

/// Splits a text into words: runs of letters and digits, keeping inner apostrophes.
pub fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::with_capacity(text.len() / 5 + 1);
    let mut start: Option<usize> = None;
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if c.is_alphanumeric() {
            if start.is_none() {
                start = Some(i);
            }
            continue;
        }
        let inner_apostrophe = matches!(c, '\'' | '\u{2019}' | '\u{2018}')
            && start.is_some()
            && iter.peek().is_some_and(|(_, n)| n.is_alphanumeric());
        if inner_apostrophe {
            continue;
        }
        if let Some(s) = start.take() {
            out.push(word(text, s, i));
        }
    }
    if let Some(s) = start {
        out.push(word(text, s, text.len()));
    }
    out
}

/// Appends the folded form of each word [`words`] finds in `text` to `buf`, pushing the end of
/// each in `buf` to `ends`: the same words, without a string per word.
pub fn fold_into(text: &str, buf: &mut String, ends: &mut Vec<usize>) {
    let mut in_word = false;
    let mut iter = text.chars().peekable();
    while let Some(c) = iter.next() {
        if c.is_alphanumeric() {
            in_word = true;
            if c.is_ascii() {
                buf.push(c.to_ascii_lowercase());
            } else {
                buf.extend(c.to_lowercase());
            }
            continue;
        }
        let inner_apostrophe = matches!(c, '\'' | '\u{2019}' | '\u{2018}')
            && in_word
            && iter.peek().is_some_and(|n| n.is_alphanumeric());
        if !inner_apostrophe && in_word {
            ends.push(buf.len());
            in_word = false;
        }
    }
    if in_word {
        ends.push(buf.len());
    }
}

/// The number of words [`words`] finds, without building them.
pub fn count_words(text: &str) -> usize {
    count_words_up_to(text, usize::MAX)
}

/// The number of words [`words`] finds, counting no further than `limit`: enough to tell
/// whether a text has at least `limit` words without reading all of a long one.
pub fn count_words_up_to(text: &str, limit: usize) -> usize {
    let mut n = 0;
    let mut in_word = false;
    let mut iter = text.chars().peekable();
    while let Some(c) = iter.next() {
        if c.is_alphanumeric() {
            if !in_word {
                if n == limit {
                    break;
                }
                n += 1;
                in_word = true;
            }
            continue;
        }
        let inner_apostrophe = matches!(c, '\'' | '\u{2019}' | '\u{2018}')
            && in_word
            && iter.peek().is_some_and(|n| n.is_alphanumeric());
        if !inner_apostrophe {
            in_word = false;
        }
    }
    n
}

/// The word `text[start..end]`, folded: lower case, apostrophes dropped.
fn word(text: &str, start: usize, end: usize) -> Word {
    let raw = &text[start..end];
    let folded = if raw.bytes().all(|b| b.is_ascii_alphanumeric()) {
        raw.to_ascii_lowercase()
    } else {
        let mut f = String::with_capacity(raw.len());
        for c in raw.chars().filter(|c| c.is_alphanumeric()) {
            f.extend(c.to_lowercase());
        }
        f
    };
    Word { start, end, folded }
}

/// An English stemmer (Snowball), built once per use site.
pub fn stemmer() -> Stemmer {
    Stemmer::new(Algorithm::English)
}

pub use crate::text::is_stop;

/// FNV-1a over a word sequence: a stable 64-bit hash for shingles (same on every machine).
pub fn hash_words<'a>(ws: impl IntoIterator<Item = &'a str>) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for w in ws {
        for b in w.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        h ^= 0xff;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Sorted, de-duplicated hashes of the word k-grams of a folded word list (the whole text when
/// it is shorter than k).
pub fn shingles(folded: &[&str], k: usize) -> Vec<u64> {
    let mut out: Vec<u64> = if folded.len() < k {
        if folded.is_empty() {
            Vec::new()
        } else {
            vec![hash_words(folded.iter().copied())]
        }
    } else {
        folded
            .windows(k)
            .map(|w| hash_words(w.iter().copied()))
            .collect()
    };
    out.sort_unstable();
    out.dedup();
    out
}

/// Size of the intersection of two sorted, de-duplicated slices.
pub fn intersection<T: Ord>(a: &[T], b: &[T]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Size of the intersection of two sorted, de-duplicated slices when it is at least `need`;
/// `None` as soon as the elements left can no longer bring it there.
pub fn intersection_at_least<T: Ord>(a: &[T], b: &[T], need: usize) -> Option<usize> {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        if n + (a.len() - i).min(b.len() - j) < need {
            return None;
        }
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    (n >= need).then_some(n)
}

/// Jaccard similarity of two sorted, de-duplicated shingle sets (0 when both are empty).
pub fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    let inter = intersection(a, b);
    let union = a.len() + b.len() - inter;
    if union == 0 {
        0.0
    } else {
        inter as f64 / union as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_into_gives_the_words_words_gives() {
        let texts = [
            "Don't close the Lanark day-centre! It’s a lifeline, ‘truly’.",
            "ÉCOLE Straße 3.5 km naïve co-op 'quoted' it's",
            "",
            "   ",
            "end'",
        ];
        let mut buf = String::new();
        let mut ends = Vec::new();
        for t in texts {
            buf.clear();
            ends.clear();
            fold_into(t, &mut buf, &mut ends);
            let mut start = 0;
            let got: Vec<&str> = ends
                .iter()
                .map(|&e| {
                    let w = &buf[start..e];
                    start = e;
                    w
                })
                .collect();
            let want: Vec<String> = words(t).into_iter().map(|w| w.folded).collect();
            assert_eq!(got, want, "{t:?}");
        }
    }

    #[test]
    fn intersection_at_least_agrees_with_intersection() {
        let a: Vec<u32> = (0..60).filter(|x| x % 3 != 0).collect();
        let b: Vec<u32> = (10..90).filter(|x| x % 2 == 0).collect();
        let full = intersection(&a, &b);
        assert_eq!(full, 17);
        for need in 0..=full {
            assert_eq!(intersection_at_least(&a, &b, need), Some(full), "{need}");
        }
        assert_eq!(intersection_at_least(&a, &b, full + 1), None);
        assert_eq!(intersection_at_least(&a, &[], 0), Some(0));
        assert_eq!(intersection_at_least(&a, &[], 1), None);
    }

    #[test]
    fn count_words_agrees_with_words() {
        for t in [
            "",
            "Don't stop – it’s 24/7, isn't it?",
            "'quoted' words' end' and o'clock",
            "Ça va? Naïve café… x",
        ] {
            assert_eq!(count_words(t), words(t).len(), "{t}");
            for limit in 0..8 {
                assert_eq!(
                    count_words_up_to(t, limit),
                    words(t).len().min(limit),
                    "{t}"
                );
            }
        }
    }

    #[test]
    fn words_fold_case_and_keep_inner_apostrophes() {
        let ws = words("Don't STOP: carers’ time, 24/7!");
        let f: Vec<&str> = ws.iter().map(|w| w.folded.as_str()).collect();
        assert_eq!(f, ["dont", "stop", "carers", "time", "24", "7"]);
        assert_eq!((ws[0].start, ws[0].end), (0, 5));
    }

    #[test]
    fn stop_list_is_sorted_and_catches_function_words() {
        let mut sorted = crate::text::STOP_WORDS.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, crate::text::STOP_WORDS);
        assert!(is_stop("the") && is_stop("and") && is_stop("to") && is_stop("2024"));
        assert!(!is_stop("respite"));
    }

    #[test]
    fn jaccard_of_shingles() {
        let a = shingles(&["a", "b", "c", "d"], 2);
        let b = shingles(&["a", "b", "c", "x"], 2);
        assert_eq!(a.len(), 3);
        assert!((jaccard(&a, &b) - 0.5).abs() < 1e-9);
    }
}
