//! Word segmentation with byte spans, and the clause and sentence breaks between words.
//!
//! Words follow Unicode word boundaries (UAX #29, as `unicode-segmentation` finds them), so
//! in-word apostrophes ("couldn't", "couldn’t") and decimal points stay inside a word. Text made
//! only of ASCII, Latin-1 and Latin Extended-A letters and common typographic punctuation takes a
//! fast path that applies the same boundary rules directly; anything else uses the crate.

use unicode_segmentation::UnicodeSegmentation;

pub(crate) use crate::model::Word;

/// Word-break classes of UAX #29 that matter between word characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wb {
    Letter,
    Numeric,
    ExtendNumLet,
    MidLetter,
    MidNum,
    MidNumLet,
    Other,
    /// A character the fast path does not classify: fall back to the full algorithm.
    Unknown,
}

fn class(c: char) -> Wb {
    match c {
        'a'..='z' | 'A'..='Z' => Wb::Letter,
        '0'..='9' => Wb::Numeric,
        '_' => Wb::ExtendNumLet,
        ':' | '\u{00B7}' => Wb::MidLetter,
        ',' | ';' => Wb::MidNum,
        '.' | '\'' | '\u{2018}' | '\u{2019}' | '\u{2024}' => Wb::MidNumLet,
        '\u{02BC}' => Wb::Letter,
        c if c.is_ascii() => Wb::Other,
        '\u{00C0}'..='\u{00D6}' | '\u{00D8}'..='\u{00F6}' | '\u{00F8}'..='\u{017F}' => Wb::Letter,
        '\u{00A0}' | '\u{00A3}' | '\u{00AB}' | '\u{00BB}' | '\u{2010}' | '\u{2011}'
        | '\u{2013}' | '\u{2014}' | '\u{201C}' | '\u{201D}' | '\u{2022}' | '\u{2026}'
        | '\u{20AC}' => Wb::Other,
        _ => Wb::Unknown,
    }
}

/// Word-break class of every ASCII byte, precomputed from [`class`].
const ASCII_CLASS: [Wb; 128] = {
    let mut t = [Wb::Other; 128];
    let mut b = 0;
    while b < 128 {
        t[b] = match b as u8 {
            b'a'..=b'z' | b'A'..=b'Z' => Wb::Letter,
            b'0'..=b'9' => Wb::Numeric,
            b'_' => Wb::ExtendNumLet,
            b':' => Wb::MidLetter,
            b',' | b';' => Wb::MidNum,
            b'.' | b'\'' => Wb::MidNumLet,
            _ => Wb::Other,
        };
        b += 1;
    }
    t
};

/// Per ASCII byte: [`ALNUM`], [`CLAUSE`] and [`SENTENCE`] bits (0 for every other byte).
const ASCII_BITS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = match b as u8 {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' => ALNUM,
            b'.' | b'!' | b'?' | b'\n' => CLAUSE | SENTENCE,
            b',' | b';' | b':' => CLAUSE,
            _ => 0,
        };
        b += 1;
    }
    t
};
/// An ASCII letter or digit.
const ALNUM: u8 = 1;
/// Between words, ends a clause (see [`gap_breaks`]).
const CLAUSE: u8 = 2;
/// Between words, ends a sentence.
const SENTENCE: u8 = 4;

/// Each byte of a `u64` repeated.
const LOW: u64 = 0x0101_0101_0101_0101;
/// The high bit of each byte.
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `x` whose value lies strictly between `m` and `n` (and below
/// 0x80); exact per byte, as no step carries from one byte to the next.
#[inline]
const fn bytes_between(x: u64, m: u64, n: u64) -> u64 {
    let x7 = x & (LOW * 0x7F);
    (LOW * (127 + n) - x7) & !x & (x7 + LOW * (127 - m)) & HIGH
}

/// How many of the 8 bytes of `x` (little-endian, first byte lowest) are ASCII letters or
/// digits before the first that is not.
#[inline]
pub(crate) fn alnum_prefix(x: u64) -> usize {
    let digits = bytes_between(x, b'0' as u64 - 1, b'9' as u64 + 1);
    // Setting bit 5 folds A-Z onto a-z and maps nothing else there.
    let letters = bytes_between(x | (LOW * 0x20), b'a' as u64 - 1, b'z' as u64 + 1);
    ((!(digits | letters) & HIGH).trailing_zeros() / 8) as usize
}

/// Splits `text` into words, replacing the contents of `out`.
pub(crate) fn segment(text: &str, out: &mut Vec<Word>) {
    out.clear();
    if !fast_words(text, out) {
        out.clear();
        for (start, seg) in text.split_word_bound_indices() {
            if seg.chars().any(char::is_alphanumeric) {
                out.push(Word {
                    start,
                    end: start + seg.len(),
                    clause_break: false,
                    sentence_break: false,
                });
            }
        }
        set_breaks(text, out);
    }
}

/// Currency signs that count as words of their own for matching ("£5" is `£` then `5`), so a
/// lexicon can name money directly.
const CURRENCY: [char; 3] = ['£', '$', '€'];

/// [`segment`], plus one word for each currency sign (`£`, `$`, `€`). Linear; texts without a
/// sign cost one byte scan more.
pub(crate) fn segment_with_currency(text: &str, out: &mut Vec<Word>) {
    segment(text, out);
    // '$' is one byte; '£' starts with 0xC2 and '€' with 0xE2.
    if !text.bytes().any(|b| b == b'$' || b == 0xC2 || b == 0xE2) {
        return;
    }
    let signs: Vec<Word> = text
        .char_indices()
        .filter(|(_, c)| CURRENCY.contains(c))
        .map(|(i, c)| Word {
            start: i,
            end: i + c.len_utf8(),
            clause_break: false,
            sentence_break: false,
        })
        .collect();
    if signs.is_empty() {
        return;
    }
    let words = std::mem::take(out);
    out.reserve(words.len() + signs.len());
    let (mut a, mut b) = (words.into_iter().peekable(), signs.into_iter().peekable());
    loop {
        let next = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) if y.start < x.start => b.next(),
            (Some(_), _) => a.next(),
            (None, Some(_)) => b.next(),
            (None, None) => break,
        };
        out.extend(next);
    }
    set_breaks(text, out);
}

/// The words [`segment`] finds in `text`, made from those [`segment_with_currency`] found in it
/// (`words`): the currency signs left out, and the breaks before a sign moved to the word after
/// it (a break is any break character in the gap, and a sign holds none), so a caller that has
/// both needs to split the text once.
pub(crate) fn without_currency(text: &str, words: &[Word], out: &mut Vec<Word>) {
    out.clear();
    out.reserve(words.len());
    let (mut clause, mut sentence) = (false, false);
    for w in words {
        // Every other word holds a letter or digit, so only a sign starts with one.
        let sign = text
            .get(w.start..w.end)
            .is_some_and(|t| t.starts_with(CURRENCY));
        if sign {
            clause |= w.clause_break;
            sentence |= w.sentence_break;
            continue;
        }
        out.push(Word {
            clause_break: w.clause_break || clause,
            sentence_break: w.sentence_break || sentence,
            ..*w
        });
        (clause, sentence) = (false, false);
    }
}

/// Sets each word's breaks from the text between it and the word before.
fn set_breaks(text: &str, out: &mut [Word]) {
    let mut prev_end = 0;
    for w in out.iter_mut() {
        let (clause, sentence) = gap_breaks(&text.as_bytes()[prev_end..w.start]);
        w.clause_break = clause;
        w.sentence_break = sentence;
        prev_end = w.end;
    }
}

/// Classifies the text between two words: (ends a clause, ends a sentence).
fn gap_breaks(gap: &[u8]) -> (bool, bool) {
    let mut clause = false;
    let mut sentence = false;
    let mut i = 0;
    while i < gap.len() {
        match gap[i] {
            b'.' | b'!' | b'?' | b'\n' => {
                return (true, true);
            }
            b',' | b';' | b':' => clause = true,
            // U+2026 HORIZONTAL ELLIPSIS is E2 80 A6.
            0xE2 if gap.get(i + 1) == Some(&0x80) && gap.get(i + 2) == Some(&0xA6) => {
                sentence = true;
                clause = true;
            }
            _ => {}
        }
        i += 1;
    }
    (clause, sentence)
}

/// The fast path, with each word's breaks (as [`gap_breaks`] finds them) noted on the way:
/// returns false (leaving `out` partly filled) when the text holds a character it does not
/// classify.
fn fast_words(text: &str, out: &mut Vec<Word>) -> bool {
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut i = 0;
    let (mut clause, mut sentence) = (false, false);
    while i < n {
        let b = bytes[i];
        let bits = ASCII_BITS[usize::from(b)];
        // ASCII between words: spaces and punctuation.
        if b < 0x80 && bits & ALNUM == 0 && b != b'_' {
            clause |= bits & CLAUSE != 0;
            sentence |= bits & SENTENCE != 0;
            i += 1;
            continue;
        }
        let (c, len) = if bits & ALNUM != 0 {
            let c = if b.is_ascii_digit() {
                Wb::Numeric
            } else {
                Wb::Letter
            };
            (c, 1)
        } else {
            class_at(text, i)
        };
        match c {
            Wb::Unknown => return false,
            Wb::Letter | Wb::Numeric | Wb::ExtendNumLet => {
                let Some((end, alnum)) = word_end(text, i, c, len) else {
                    return false;
                };
                if alnum {
                    out.push(Word {
                        start: i,
                        end,
                        clause_break: clause,
                        sentence_break: sentence,
                    });
                    (clause, sentence) = (false, false);
                }
                i = end;
            }
            _ => {
                // U+2026 HORIZONTAL ELLIPSIS ends a sentence.
                if bytes.get(i..i + 3) == Some(&[0xE2, 0x80, 0xA6][..]) {
                    (clause, sentence) = (true, true);
                }
                i += len;
            }
        }
    }
    true
}

/// Class and length of the character at byte offset `pos` of `text`.
#[inline]
fn class_at(text: &str, pos: usize) -> (Wb, usize) {
    match text.as_bytes().get(pos) {
        None => (Wb::Other, 0),
        Some(&b) if b < 0x80 => (ASCII_CLASS[usize::from(b)], 1),
        Some(_) => match text.get(pos..).and_then(|s| s.chars().next()) {
            Some(c) => (class(c), c.len_utf8()),
            None => (Wb::Unknown, 1),
        },
    }
}

/// The end of a run of ASCII letters and digits from `j`, the common case: eight bytes at a
/// time.
#[inline]
fn alnum_run(bytes: &[u8], mut j: usize) -> usize {
    while let Some(chunk) = bytes.get(j..).and_then(|b| b.first_chunk::<8>()) {
        let run = alnum_prefix(u64::from_le_bytes(*chunk));
        j += run;
        if run < 8 {
            return j;
        }
    }
    while bytes
        .get(j)
        .is_some_and(|&b| ASCII_BITS[usize::from(b)] & ALNUM != 0)
    {
        j += 1;
    }
    j
}

/// The end of the word that starts at `start` with a character of class `c` and length `len`,
/// and whether it holds a letter or digit; `None` when it runs into a character the fast path
/// does not classify.
#[inline]
fn word_end(text: &str, start: usize, c: Wb, len: usize) -> Option<(usize, bool)> {
    let bytes = text.as_bytes();
    let mut alnum = c != Wb::ExtendNumLet;
    let mut cur = c;
    let mut j = start + len;
    loop {
        let run = j;
        j = alnum_run(bytes, j);
        if j > run {
            alnum = true;
            cur = if bytes[j - 1].is_ascii_digit() {
                Wb::Numeric
            } else {
                Wb::Letter
            };
        }
        // Most words end at a space or other ASCII that never joins.
        if bytes.get(j).map_or(true, |&b| {
            b < 0x80 && ASCII_CLASS[usize::from(b)] == Wb::Other
        }) {
            return Some((j, alnum));
        }
        let (nc, nlen) = class_at(text, j);
        match nc {
            Wb::Unknown => return None,
            Wb::Letter | Wb::Numeric | Wb::ExtendNumLet => {
                alnum |= nc != Wb::ExtendNumLet;
                cur = nc;
                j += nlen;
            }
            Wb::MidLetter | Wb::MidNum | Wb::MidNumLet => {
                let (nn, nnlen) = class_at(text, j + nlen);
                if nn == Wb::Unknown {
                    return None;
                }
                let joins = match (cur, nc) {
                    (Wb::Letter, Wb::MidLetter | Wb::MidNumLet) => nn == Wb::Letter,
                    (Wb::Numeric, Wb::MidNum | Wb::MidNumLet) => nn == Wb::Numeric,
                    _ => false,
                };
                if !joins {
                    return Some((j, alnum));
                }
                cur = nn;
                alnum = true;
                j += nlen + nnlen;
            }
            Wb::Other => return Some((j, alnum)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        segment(text, &mut out);
        out.iter().map(|w| &text[w.start..w.end]).collect()
    }

    fn reference(text: &str) -> Vec<(usize, usize)> {
        text.split_word_bound_indices()
            .filter(|(_, s)| s.chars().any(char::is_alphanumeric))
            .map(|(i, s)| (i, i + s.len()))
            .collect()
    }

    #[test]
    fn keeps_in_word_apostrophes_and_numbers() {
        assert_eq!(
            words("I couldn't get an appointment, couldn’t at all: 3.5 weeks (e.g. 10,000)!"),
            vec![
                "I",
                "couldn't",
                "get",
                "an",
                "appointment",
                "couldn’t",
                "at",
                "all",
                "3.5",
                "weeks",
                "e.g",
                "10,000"
            ]
        );
        assert_eq!(
            words("carers' needs – short-term"),
            vec!["carers", "needs", "short", "term"]
        );
    }

    #[test]
    fn breaks_between_words() {
        let mut out = Vec::new();
        segment("no help, but fine. Then\nmore", &mut out);
        let flags: Vec<(bool, bool)> = out
            .iter()
            .map(|w| (w.clause_break, w.sentence_break))
            .collect();
        assert_eq!(
            flags,
            vec![
                (false, false),
                (false, false),
                (true, false),
                (false, false),
                (true, true),
                (true, true)
            ]
        );
    }

    #[test]
    fn alnum_prefix_agrees_with_the_table_for_every_byte() {
        for b in 0u8..=255 {
            for pos in 0..8 {
                let mut chunk = *b"abcdefgh";
                chunk[pos] = b;
                let alnum = ASCII_BITS[usize::from(b)] & ALNUM != 0;
                let want = if alnum { 8 } else { pos };
                assert_eq!(
                    alnum_prefix(u64::from_le_bytes(chunk)),
                    want,
                    "byte {b:#04x} at {pos}"
                );
            }
        }
        assert_eq!(alnum_prefix(u64::from_le_bytes(*b"Ab9 cdef")), 3);
        assert_eq!(alnum_prefix(u64::from_le_bytes(*b"\x10abcdefg")), 0);
    }

    #[test]
    fn ascii_table_agrees_with_class() {
        for b in 0u8..128 {
            assert_eq!(ASCII_CLASS[usize::from(b)], class(b as char), "byte {b}");
        }
    }

    #[test]
    fn fast_path_agrees_with_unicode_segmentation() {
        // Deterministic pseudo-random strings over an alphabet of every class the fast path handles,
        // plus characters that force the fallback.
        let alphabet: Vec<char> = "ab Z09_:·,;.'‘’․ʼ-–—‑“”…é\u{00A0}£!?\n\u{0301}字"
            .chars()
            .collect();
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..20_000 {
            let len = 1 + (state >> 60) as usize;
            let mut s = String::new();
            for _ in 0..len {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                s.push(alphabet[(state >> 33) as usize % alphabet.len()]);
            }
            let mut out = Vec::new();
            segment(&s, &mut out);
            let got: Vec<(usize, usize)> = out.iter().map(|w| (w.start, w.end)).collect();
            assert_eq!(got, reference(&s), "text {s:?}");
            // Breaks noted on the way agree with classifying each gap afterwards.
            let mut again = out.clone();
            set_breaks(&s, &mut again);
            assert_eq!(out, again, "breaks of {s:?}");
        }
    }

    #[test]
    fn without_currency_gives_the_plain_words_and_their_breaks() {
        for text in [
            "It costs £5. Then $10, or €3; all £",
            "£20 a week. £ alone, then words",
            "No signs here, at all.",
            "Paid £ 40… then more",
        ] {
            let (mut plain, mut with, mut out) = (Vec::new(), Vec::new(), Vec::new());
            segment(text, &mut plain);
            segment_with_currency(text, &mut with);
            without_currency(text, &with, &mut out);
            assert_eq!(out, plain, "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn without_currency_undoes_the_signs_on_any_text(
            text in "[a-z£$€ .,;!?…\n'5é]{0,60}"
        ) {
            let (mut plain, mut with, mut out) = (Vec::new(), Vec::new(), Vec::new());
            segment(&text, &mut plain);
            segment_with_currency(&text, &mut with);
            without_currency(&text, &with, &mut out);
            proptest::prop_assert_eq!(out, plain);
        }
    }
}
