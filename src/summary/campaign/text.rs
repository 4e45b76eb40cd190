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

/// Byte written after each folded word in [`Folded::buf`]; it is never a byte of UTF-8.
pub(super) const SEP: u8 = 0xff;

/// The lowercase form of each ASCII letter or digit; 0 for every other ASCII byte.
static ASCII_LOWER: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        if (b as u8).is_ascii_alphanumeric() {
            t[b] = (b as u8).to_ascii_lowercase();
        }
        b += 1;
    }
    t
};

/// A respondent's answers as folded words in one byte buffer, each word followed by [`SEP`]:
/// the words [`joined`] folds (those of `tokens::words`), without a string per word. Reused
/// from text to text.
#[derive(Default)]
pub(super) struct Folded {
    pub(super) buf: Vec<u8>,
    /// Where each word starts in `buf`.
    pub(super) starts: Vec<usize>,
}

impl Folded {
    /// Replaces the contents with the words of `r`'s answers.
    pub(super) fn read(&mut self, r: &Respondent) -> &mut Self {
        self.buf.clear();
        self.starts.clear();
        for text in r.answers.iter().flatten() {
            fold_words(text, &mut self.buf, &mut self.starts);
        }
        self
    }

    /// Number of words.
    pub(super) fn len(&self) -> usize {
        self.starts.len()
    }

    /// The 128-bit key of the folded text (the first 16 bytes of the BLAKE3 hash of the words,
    /// each followed by a space, read big-endian so keys sort as the hashes do): exact copies
    /// share it. `spaced` is scratch.
    pub(super) fn key(&self, spaced: &mut Vec<u8>) -> u128 {
        spaced.clear();
        spaced.extend(self.buf.iter().map(|&b| if b == SEP { b' ' } else { b }));
        let mut bytes = [0u8; 16];
        bytes.copy_from_slice(&blake3::hash(spaced).as_bytes()[..16]);
        u128::from_be_bytes(bytes)
    }

    /// Appends the shingle hashes in text order, one per position (not de-duplicated): each
    /// word is hashed once ([`word_hash`]) and each run of `SHINGLE` word hashes is combined
    /// ([`window_hash`]), so a byte of text is read once, not once per window holding it.
    pub(super) fn shingles_into(&self, out: &mut Vec<u32>, words: &mut Vec<u64>) {
        let n = self.starts.len();
        if n < SHINGLE {
            return;
        }
        words.clear();
        let ends = self.starts.iter().skip(1).copied();
        let ends = ends.chain(std::iter::once(self.buf.len()));
        words.extend(self.starts.iter().zip(ends).map(|(&from, next)| {
            // The word runs to the separator before the next word's start (or the buffer's end).
            let len = next.saturating_sub(from + 1);
            // A short word is read as the eight bytes from its start with the rest masked off,
            // which is what `word_hash` computes from its zero-padded bytes.
            match self.buf.get(from..from + 8) {
                Some(chunk) if (1..=8).contains(&len) => {
                    let mut x = [0u8; 8];
                    x.copy_from_slice(chunk);
                    let mask = u64::MAX >> (64 - 8 * len);
                    short_word_hash(len, u64::from_le_bytes(x) & mask)
                }
                _ => word_hash(self.buf.get(from..from + len).unwrap_or(&[])),
            }
        }));
        out.reserve(n + 1 - SHINGLE);
        out.extend(words.windows(SHINGLE).map(window_hash));
    }

    /// The shingle hashes in text order.
    pub(super) fn shingle_seq(&self) -> Vec<u32> {
        let mut out = Vec::new();
        self.shingles_into(&mut out, &mut Vec::new());
        out
    }
}

/// The 64-bit hash of one folded word, read eight bytes at a time (most words take one
/// multiplication). Stable across runs and machines; words are never empty.
#[inline]
pub(super) fn word_hash(w: &[u8]) -> u64 {
    let mut h = (w.len() as u64).wrapping_mul(WORD_SEED);
    let mut rest = w;
    while let Some((chunk, tail)) = rest.split_first_chunk::<8>() {
        h = word_mix(h, u64::from_le_bytes(*chunk));
        rest = tail;
    }
    if !rest.is_empty() {
        // The last bytes, zero-padded to eight.
        let x = rest.iter().rev().fold(0u64, |x, &b| x << 8 | u64::from(b));
        h = word_mix(h, x);
    }
    h
}

/// [`word_hash`] of a word of `len` bytes, 1 to 8, given as one zero-padded little-endian word.
#[inline]
fn short_word_hash(len: usize, x: u64) -> u64 {
    word_mix((len as u64).wrapping_mul(WORD_SEED), x)
}

const WORD_SEED: u64 = 0x9e37_79b9_7f4a_7c15;

/// One step of [`word_hash`]: eight more bytes into the state.
#[inline]
fn word_mix(h: u64, x: u64) -> u64 {
    let h = (h ^ x).wrapping_mul(0xd6e8_feb8_6659_fd93);
    h ^ (h >> 32)
}

/// The hash of one shingle from the hashes of its words, in order (a rotation before each
/// word keeps "a b" and "b a" apart), folded to 32 bits.
#[inline]
pub(super) fn window_hash(words: &[u64]) -> u32 {
    let mut h: u64 = 0x243f_6a88_85a3_08d3;
    for &w in words {
        h = (h.rotate_left(29) ^ w).wrapping_mul(0xff51_afd7_ed55_8ccd);
    }
    fold32(h ^ (h >> 33))
}

/// The run of ASCII letters and digits at `bytes[i..]`, up to eight bytes, folded into
/// `buf[pos..]`: found with one word operation and lowercased by setting bit 5 (which leaves
/// digits as they are). The eight bytes are written whole when there is room for them, and the
/// caller moves on by the run only. Returns the run's length: 0 when the byte at `i` is not an
/// ASCII letter or digit, or fewer than eight bytes are left.
#[inline]
fn ascii_run(bytes: &[u8], i: usize, buf: &mut [u8], pos: usize) -> usize {
    let (Some(chunk), Some(out)) = (bytes.get(i..i + 8), buf.get_mut(pos..pos + 8)) else {
        return 0;
    };
    let mut x = [0u8; 8];
    x.copy_from_slice(chunk);
    let x = u64::from_le_bytes(x);
    let run = crate::text::segment::alnum_prefix(x);
    if run > 0 {
        out.copy_from_slice(&(x | 0x2020_2020_2020_2020).to_le_bytes());
    }
    run
}

/// Appends the folded words `tokens::words` finds in `text` to `buf`, each followed by [`SEP`],
/// and the start of each to `starts`. ASCII letters, digits and separators take a path without
/// branches on the text (word boundaries are not predictable); apostrophes and other characters
/// take the general one.
pub(super) fn fold_words(text: &str, buf: &mut Vec<u8>, starts: &mut Vec<usize>) {
    let bytes = text.as_bytes();
    // Every byte yields at most one byte (a letter, or the separator after a word) and starts
    // at most one word, and a last word needs one more separator: room for that is made up
    // front, so the writes below stay in bounds. Lowercasing a non-ASCII character may yield
    // more; that path makes room again.
    let mut pos = buf.len();
    buf.resize(pos + bytes.len() + 1, 0);
    let mut nw = starts.len();
    starts.resize(nw + bytes.len() + 1, 0);
    let mut in_word = false;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let run = ascii_run(bytes, i, buf, pos);
        if run > 0 {
            starts[nw] = pos;
            nw += usize::from(!in_word);
            pos += run;
            i += run;
            in_word = true;
            continue;
        }
        if b.is_ascii() && b != b'\'' {
            let lower = ASCII_LOWER[usize::from(b)];
            let alnum = lower != 0;
            starts[nw] = pos;
            nw += usize::from(alnum && !in_word);
            buf[pos] = if alnum { lower } else { SEP };
            pos += usize::from(alnum || in_word);
            in_word = alnum;
            i += 1;
            continue;
        }
        let Some(c) = text.get(i..).and_then(|t| t.chars().next()) else {
            break;
        };
        let len = c.len_utf8();
        if c.is_alphanumeric() {
            if !in_word {
                starts[nw] = pos;
                nw += 1;
            }
            buf.truncate(pos);
            let mut utf8 = [0u8; 4];
            for l in c.to_lowercase() {
                buf.extend_from_slice(l.encode_utf8(&mut utf8).as_bytes());
            }
            pos = buf.len();
            buf.resize(pos + (bytes.len() - i - len) + 1, 0);
            in_word = true;
        } else {
            // An apostrophe between letters is part of the word ("don't").
            let inner_apostrophe = matches!(c, '\'' | '\u{2019}' | '\u{2018}')
                && in_word
                && text
                    .get(i + len..)
                    .and_then(|t| t.chars().next())
                    .is_some_and(char::is_alphanumeric);
            if in_word && !inner_apostrophe {
                buf[pos] = SEP;
                pos += 1;
                in_word = false;
            }
        }
        i += len;
    }
    if in_word {
        buf[pos] = SEP;
        pos += 1;
    }
    buf.truncate(pos);
    starts.truncate(nw);
}

/// A 64-bit shingle hash folded to 32 bits (the sets of a large survey stay small).
pub(super) fn fold32(h: u64) -> u32 {
    (h ^ (h >> 32)) as u32
}

/// The shingle hashes of a word list in text order, one per position (not de-duplicated).
#[cfg(test)]
pub(super) fn shingle_seq(f: &[&str]) -> Vec<u32> {
    let words: Vec<u64> = f.iter().map(|w| word_hash(w.as_bytes())).collect();
    words.windows(SHINGLE).map(window_hash).collect()
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

/// The MinHash permutations: fixed odd multipliers `a` and offsets `b`, the same on every run;
/// value `k` of a shingle `x` is the high half of `a_k * x + b_k` (mod 2^64). Kept split in 32-bit
/// halves: with `x` below 2^32 that high half is `a_hi x + b_hi + ((a_lo x + b_lo) >> 32)` (mod
/// 2^32), which vector units compute eight values at a time.
pub(super) struct Seeds {
    a_lo: [u32; LANES],
    a_hi: [u32; LANES],
    b_lo: [u32; LANES],
    b_hi: [u32; LANES],
}

/// `SIGNATURE` rounded up to whole vectors.
const LANES: usize = SIGNATURE.div_ceil(8) * 8;

impl Seeds {
    /// The multipliers and offsets as 64-bit pairs.
    pub(super) fn pairs() -> [(u64, u64); SIGNATURE] {
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

    pub(super) fn new() -> Self {
        let mut s = Seeds {
            a_lo: [0; LANES],
            a_hi: [0; LANES],
            b_lo: [0; LANES],
            b_hi: [0; LANES],
        };
        for (k, (a, b)) in Self::pairs().into_iter().enumerate() {
            s.a_lo[k] = a as u32;
            s.a_hi[k] = (a >> 32) as u32;
            s.b_lo[k] = b as u32;
            s.b_hi[k] = (b >> 32) as u32;
        }
        s
    }
}

/// The MinHash signature of a set of shingles (duplicates change nothing).
pub(super) fn signature(shingles: &[u32], seeds: &Seeds) -> [u32; SIGNATURE] {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the processor has AVX2, checked just above.
        return unsafe { signature_avx2(shingles, seeds) };
    }
    signature_lanes(shingles, seeds)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn signature_avx2(shingles: &[u32], seeds: &Seeds) -> [u32; SIGNATURE] {
    signature_lanes(shingles, seeds)
}

#[inline(always)]
pub(super) fn signature_lanes(shingles: &[u32], s: &Seeds) -> [u32; SIGNATURE] {
    let mut sig = [u32::MAX; LANES];
    for &x in shingles {
        let lanes = sig
            .iter_mut()
            .zip(&s.a_lo)
            .zip(&s.a_hi)
            .zip(&s.b_lo)
            .zip(&s.b_hi);
        for ((((m, &a_lo), &a_hi), &b_lo), &b_hi) in lanes {
            let low = (u64::from(a_lo) * u64::from(x) + u64::from(b_lo)) >> 32;
            let h = a_hi
                .wrapping_mul(x)
                .wrapping_add(b_hi)
                .wrapping_add(low as u32);
            *m = (*m).min(h);
        }
    }
    let mut out = [0u32; SIGNATURE];
    out.copy_from_slice(&sig[..SIGNATURE]);
    out
}
