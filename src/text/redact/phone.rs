//! Telephone numbers. Rules (each names the `rule` recorded for a finding):
//! - `phone-uk`: a UK number of 11 digits starting 01, 02, 03, 05, 07, 08 or 09, in any
//!   grouping ("07700 900 123", "0 7 7 0 0 9 0 0 1 2 3", "(0141) 555 0123"); or of 10 digits
//!   starting 01 or 08/05 in two or three groups of three or more ("01387 12345", "0800 123 456").
//! - `phone-intl`: a `+` or `00` prefix and 8 to 15 digits ("+44 (0)1698 123456", "+353 1 234
//!   5678"); after +44 the national number must have 9 or 10 digits.
//! - `phone-nanp`: a North American number written (415) 555-0132 or 415-555-0132.
//! - `phone-words`: a number written in words: "oh seven seven double oh nine ...".
//!
//! Service numbers (999, 111, 101), years, sums of money, ward numbers, dates and times never
//! have enough digits in one run to be read as phone numbers.

use super::digits::Window;
use super::{scan, PiiKind, Redaction};

/// A number with an international prefix: `+` or `00`.
pub(super) fn international(w: &Window) -> Option<&'static str> {
    let first = w.groups.first()?;
    // The trunk "(0)" written after the country code is not dialled.
    let mut d: Vec<u8> = Vec::with_capacity(16);
    let mut at = 0;
    for g in w.groups {
        let gd = w.digits.get(at..at + g.len())?;
        at += g.len();
        if g.bracketed && gd == b"0" && !d.is_empty() {
            continue;
        }
        d.extend_from_slice(gd);
    }
    let rest = if first.plus { &d[..] } else { d.get(2..)? };
    if let Some(national) = rest.strip_prefix(b"44") {
        let national = national.strip_prefix(b"0").unwrap_or(national);
        let ok = (9..=10).contains(&national.len()) && national.first() != Some(&b'0');
        return ok.then_some("phone-intl");
    }
    ((8..=15).contains(&rest.len()) && rest.first() != Some(&b'0')).then_some("phone-intl")
}

/// A national UK number, or a North American one.
pub(super) fn national(w: &Window) -> Option<&'static str> {
    let d = w.digits;
    let first = w.groups.first()?;
    let trunk = d.first() == Some(&b'0') && d.get(1).is_some_and(|c| *c != b'0');
    match d.len() {
        11 if trunk && matches!(d[1], b'1' | b'2' | b'3' | b'5' | b'7' | b'8' | b'9') => {
            Some("phone-uk")
        }
        10 if trunk
            && matches!(d[1], b'1' | b'5' | b'8')
            && (first.bracketed || (w.groups.len() <= 3 && w.sizes.iter().all(|&s| s >= 3))) =>
        {
            Some("phone-uk")
        }
        10 => nanp(w).then_some("phone-nanp"),
        _ => None,
    }
}

/// (415) 555-0132 or 415-555-0132: area code and exchange start with 2-9.
fn nanp(w: &Window) -> bool {
    let d = w.digits;
    let layout = w.sizes == [3, 3, 4];
    let area_ok = matches!(d.first(), Some(b'2'..=b'9')) && matches!(d.get(3), Some(b'2'..=b'9'));
    let bracketed_area = w.groups.first().is_some_and(|g| g.bracketed);
    let hyphens = w.groups.windows(2).all(|p| p[0].end < p[1].start);
    layout && area_ok && (bracketed_area || hyphens)
}

/// The digit a number word stands for, or how often the next digit repeats.
enum Spoken {
    Digit(u8),
    Repeat(usize),
}

fn spoken(word: &str) -> Option<Spoken> {
    let w = word.to_ascii_lowercase();
    Some(match w.as_str() {
        "zero" | "oh" | "o" | "nought" | "nil" => Spoken::Digit(b'0'),
        "one" => Spoken::Digit(b'1'),
        "two" => Spoken::Digit(b'2'),
        "three" => Spoken::Digit(b'3'),
        "four" => Spoken::Digit(b'4'),
        "five" => Spoken::Digit(b'5'),
        "six" => Spoken::Digit(b'6'),
        "seven" => Spoken::Digit(b'7'),
        "eight" => Spoken::Digit(b'8'),
        "nine" => Spoken::Digit(b'9'),
        "double" => Spoken::Repeat(2),
        "triple" | "treble" => Spoken::Repeat(3),
        _ => return None,
    })
}

/// One word or digit group of a spoken number, with its digits.
struct Token {
    start: usize,
    end: usize,
    digits: Vec<u8>,
    repeat: usize,
    words: usize,
}

/// Numbers written out in words, alone or mixed with digits: "oh seven seven double oh, nine
/// oh oh, one two three", "0141 five five five 0123".
pub(super) fn find_words(text: &str, found: &mut Vec<Redaction>) {
    let bytes = text.as_bytes();
    let mut run: Vec<Token> = Vec::new();
    let mut i = 0;
    let mut last_end = 0;
    while i <= bytes.len() {
        let at_end = i == bytes.len();
        if !at_end && !bytes[i].is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
            i += 1;
        }
        let token = text.get(start..i).and_then(|w| {
            // Digits, the letter O among digits read as a zero ("O7700").
            let digit_like = w
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b'O' || b == b'o');
            if digit_like && w.bytes().any(|b| b.is_ascii_digit()) {
                return Some(Token {
                    start,
                    end: i,
                    digits: w
                        .bytes()
                        .map(|b| if b.is_ascii_digit() { b } else { b'0' })
                        .collect(),
                    repeat: 1,
                    words: 0,
                });
            }
            let (digits, repeat) = match spoken(w)? {
                Spoken::Digit(d) => (vec![d], 1),
                Spoken::Repeat(n) => (Vec::new(), n),
            };
            scan::is_whole_word(text, start, i).then_some(Token {
                start,
                end: i,
                digits,
                repeat,
                words: 1,
            })
        });
        let gap_ok = text
            .get(last_end..start)
            .is_some_and(|g| g.len() <= 3 && g.bytes().all(|b| b" \t,-.".contains(&b)));
        if token.is_none() || !gap_ok || at_end {
            read_spoken(&run, found);
            run.clear();
        }
        if let Some(t) = token {
            last_end = t.end;
            run.push(t);
        }
        if at_end {
            break;
        }
    }
}

/// The digits of a stretch of tokens ("double" repeats the next digit).
fn spelled(tokens: &[Token]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut repeat = 1;
    for t in tokens {
        if t.digits.is_empty() {
            repeat = t.repeat;
            continue;
        }
        for (k, &d) in t.digits.iter().enumerate() {
            let n = if k == 0 { repeat } else { 1 };
            out.extend(std::iter::repeat(d).take(n));
        }
        repeat = 1;
    }
    out
}

/// Reads a run of spoken tokens: the longest stretch from each token that is a UK number with
/// at least three words in it (runs of digits alone are read by the digit rules).
fn read_spoken(run: &[Token], found: &mut Vec<Redaction>) {
    let mut i = 0;
    while i < run.len() {
        let longest = (i..run.len().min(i + 24)).rev().find(|&j| {
            let part = &run[i..=j];
            let d = spelled(part);
            let words: usize = part.iter().map(|t| t.words).sum();
            let uk = d.first() == Some(&b'0')
                && ((d.len() == 11 && matches!(d.get(1), Some(b'1'..=b'9')))
                    || (d.len() == 10 && matches!(d.get(1), Some(b'1' | b'8'))));
            let intl = d.starts_with(b"44") && (11..=12).contains(&d.len());
            words >= 3 && part[0].repeat == 1 && (uk || intl)
        });
        match longest {
            Some(j) => {
                found.push(Redaction {
                    kind: PiiKind::Phone,
                    rule: "phone-words",
                    start: run[i].start,
                    end: run[j].end,
                });
                i = j + 1;
            }
            None => i += 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::Redactor;
    use std::sync::OnceLock;

    fn red(text: &str) -> String {
        static R: OnceLock<Redactor> = OnceLock::new();
        R.get_or_init(Redactor::new).redact(text)
    }

    #[test]
    fn uk_numbers_in_their_usual_forms() {
        for (text, want) in [
            ("call 01698 123456 now", "call [phone] now"),
            ("call 01698 123 456 now", "call [phone] now"),
            ("call 0141 555 0123 now", "call [phone] now"),
            ("call 0141-555-0123 now", "call [phone] now"),
            ("call 0141.555.0123", "call [phone]"),
            ("call (01355) 234567 now", "call [phone] now"),
            ("call (0141) 555 0123", "call [phone]"),
            ("call 01698123456", "call [phone]"),
            ("text 07700 900123", "text [phone]"),
            ("text 07700 900 123.", "text [phone]."),
            ("text 077 00 90 01 23", "text [phone]"),
            ("text 0 7 7 0 0 9 0 0 1 2 3 ok", "text [phone] ok"),
            ("0800 123 4567 is free", "[phone] is free"),
            ("or 0300 123 4567", "or [phone]"),
            ("0800 123 456", "[phone]"),
            ("01387 12345", "[phone]"),
        ] {
            assert_eq!(red(text), want, "{text}");
        }
    }

    #[test]
    fn international_forms() {
        for (text, want) in [
            ("ring +44 7700 900123", "ring [phone]"),
            ("ring +44 (0)1698 123456", "ring [phone]"),
            ("ring 0044 141 555 0123", "ring [phone]"),
            ("ring +447700900123", "ring [phone]"),
            ("ring +353 1 234 5678", "ring [phone]"),
            ("ring +1 415 555 0132", "ring [phone]"),
            ("US (415) 555-0132 too", "US [phone] too"),
            ("US 415-555-0132 too", "US [phone] too"),
        ] {
            assert_eq!(red(text), want, "{text}");
        }
    }

    #[test]
    fn letter_o_for_zero() {
        assert_eq!(red("phone O7700 900123"), "phone [phone]");
        assert_eq!(red("phone 0141 555 O123"), "phone [phone]");
        assert_eq!(red("phone O141 5550 I23"), "phone O141 5550 I23");
    }

    #[test]
    fn numbers_in_words() {
        assert_eq!(
            red("ring oh seven seven double oh nine oh oh one two three please"),
            "ring [phone] please"
        );
        assert_eq!(
            red("It's zero one four one, five five five, zero one two three."),
            "It's [phone]."
        );
        assert_eq!(red("0141 five five five 0123"), "[phone]");
        assert_eq!(
            red("plus four four seven seven double oh nine oh oh one two three"),
            "plus [phone]"
        );
    }

    #[test]
    fn not_phones() {
        for text in [
            "I phoned 111 and then 999",
            "999/111 were no help",
            "NHS 24 on 111, police on 101",
            "since 2019",
            "it cost £1,200 a month",
            "I waited 3 weeks",
            "open 24/7",
            "from 01/02/2023 to 03/04/2024",
            "between 9.30 and 10.45",
            "12345 people",
            "1 2 3 4 5 6 7 8 9 10",
            "one two three four five six seven eight nine ten",
            "I had one or two visits, then nine or ten more, then three",
            "401-023-2138",
            "in 2019 2020 21",
            "1234 567890",
        ] {
            assert_eq!(red(text), text, "{text}");
        }
    }
}
