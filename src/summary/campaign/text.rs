//! How campaign detection compares answers: the joined, folded text of a respondent, its word
//! shingles, their MinHash signature, and how much of one text another covers.

use super::*;

/// A respondent's answers as one word sequence, each word knowing its question.
pub(super) struct Joined {
    pub(super) words: Vec<Word>,
    pub(super) question: Vec<u16>,
    /// Bytes of closing punctuation right after each word (kept when a comment is cut out).
    pub(super) ends: Vec<usize>,
}

pub(super) fn joined(r: &Respondent) -> Joined {
    let mut words = Vec::new();
    let mut question = Vec::new();
    let mut ends = Vec::new();
    for (q, a) in r.answers.iter().enumerate() {
        if let Some(text) = a {
            let ws = tokens::words(text);
            question.extend(std::iter::repeat(q as u16).take(ws.len()));
            ends.extend(ws.iter().map(|w| {
                text[w.end..]
                    .chars()
                    .take_while(|c| matches!(c, '.' | '!' | '?' | ')' | '"'))
                    .map(char::len_utf8)
                    .sum::<usize>()
            }));
            words.extend(ws);
        }
    }
    Joined {
        words,
        question,
        ends,
    }
}

/// A respondent's answers as folded words in one buffer, as [`joined`] folds them: what keys and
/// shingles need, without a string per word. Reused from text to text.
#[derive(Default)]
pub(super) struct FoldedText {
    pub(super) buf: String,
    pub(super) ends: Vec<usize>,
}

impl FoldedText {
    /// Replaces the contents with the words of `r`'s answers.
    pub(super) fn read(&mut self, r: &Respondent) -> &mut Self {
        self.buf.clear();
        self.ends.clear();
        for text in r.answers.iter().flatten() {
            tokens::fold_into(text, &mut self.buf, &mut self.ends);
        }
        self
    }

    /// The folded words, in order.
    pub(super) fn words(&self) -> Vec<&str> {
        let mut start = 0;
        self.ends
            .iter()
            .map(|&end| {
                let w = self.buf.get(start..end).unwrap_or("");
                start = end;
                w
            })
            .collect()
    }
}

pub(super) fn folded(j: &Joined) -> Vec<&str> {
    j.words.iter().map(|w| w.folded.as_str()).collect()
}

/// A 64-bit shingle hash folded to 32 bits (the sets of a large survey stay small).
pub(super) fn fold32(h: u64) -> u32 {
    (h ^ (h >> 32)) as u32
}

/// The shingle hashes of a word list in text order, one per position (not de-duplicated).
pub(super) fn shingle_seq(f: &[&str]) -> Vec<u32> {
    if f.len() < SHINGLE {
        return Vec::new();
    }
    f.windows(SHINGLE)
        .map(|w| fold32(tokens::hash_words(w.iter().copied())))
        .collect()
}

/// Which words of a text (given by its shingle sequence) lie inside a shingle that `other` (a
/// sorted set) also has.
pub(super) fn covered(seq: &[u32], other: &[u32]) -> Vec<bool> {
    let mut out = vec![
        false;
        if seq.is_empty() {
            0
        } else {
            seq.len() + SHINGLE - 1
        }
    ];
    for (i, h) in seq.iter().enumerate() {
        if other.binary_search(h).is_ok() {
            out[i..i + SHINGLE].iter_mut().for_each(|c| *c = true);
        }
    }
    out
}

/// Share of a text's words that lie in passages of at least `SHINGLE` words `other` also has.
pub(super) fn coverage(seq: &[u32], other: &[u32]) -> f64 {
    let c = covered(seq, other);
    if c.is_empty() {
        return 0.0;
    }
    c.iter().filter(|&&x| x).count() as f64 / c.len() as f64
}

/// Fixed odd multipliers and offsets: the MinHash permutations, the same on every run.
pub(super) fn seeds() -> [(u64, u64); SIGNATURE] {
    let mut out = [(0u64, 0u64); SIGNATURE];
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    for s in out.iter_mut() {
        // splitmix64
        x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = x;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        *s = (z | 1, z.rotate_left(17));
    }
    out
}

pub(super) fn signature(shingles: &[u32], seeds: &[(u64, u64); SIGNATURE]) -> [u32; SIGNATURE] {
    let mut sig = [u32::MAX; SIGNATURE];
    for &s in shingles {
        let x = u64::from(s);
        for (m, &(a, b)) in sig.iter_mut().zip(seeds.iter()) {
            let h = (a.wrapping_mul(x).wrapping_add(b) >> 32) as u32;
            if h < *m {
                *m = h;
            }
        }
    }
    sig
}
