//! Passport and driving licence numbers. Rules:
//! - `passport`: nine digits written as one block ("123456789"), the form of a UK passport
//!   number; or nine digits in up to three groups, or two letters and seven digits
//!   ("AB1234567"), within 60 bytes after the word "passport" (`passport-context`).
//! - `licence`: a UK driving licence number: five letters of the surname (padded with 9s), six
//!   digits holding the date of birth (month plus 50 for women), two initials (9 for none), a
//!   digit and two check letters: "MORGA657054SM9IJ", also with blanks between the parts.

use super::digits::Window;
use super::{PiiKind, Redaction};
use regex::Regex;

/// Nine digits: a passport number.
pub(super) fn passport_digits(w: &Window) -> Option<&'static str> {
    if w.digits.len() != 9 || w.bracketed() {
        return None;
    }
    if w.sizes == [9] {
        return Some("passport");
    }
    (w.sizes.len() <= 3 && w.cue(&["passport"])).then_some("passport-context")
}

/// The letter-and-digit rules of this file.
#[derive(Debug, Clone)]
pub(super) struct Documents {
    licence: Regex,
    lettered_passport: Regex,
}

impl Documents {
    /// The patterns of these rules, for the shared pre-check.
    pub fn patterns(&self) -> Vec<&str> {
        vec![self.licence.as_str(), self.lettered_passport.as_str()]
    }

    pub fn new() -> Documents {
        Documents {
            licence: super::compile(
                r"(?i)(?-u:\b)([A-Z9]{5})[ ]?([0-9])([0-9]{2})([0-9]{2})([0-9])[ ]?([A-Z9]{2})([0-9])[ ]?([A-Z]{2})(?-u:\b)",
            ),
            lettered_passport: super::compile(r"(?i)(?-u:\b)[A-Z]{2}[0-9]{7}(?-u:\b)"),
        }
    }

    /// Driving licence numbers anywhere; lettered passport numbers after "passport".
    pub fn find(&self, text: &str, passport_cue: bool, found: &mut Vec<Redaction>) {
        for c in self.licence.captures_iter(text) {
            let (Some(all), Some(surname), Some(month), Some(day)) =
                (c.get(0), c.get(1), c.get(3), c.get(4))
            else {
                continue;
            };
            if valid_licence(surname.as_str(), month.as_str(), day.as_str()) {
                found.push(Redaction {
                    kind: PiiKind::Licence,
                    rule: "licence",
                    start: all.start(),
                    end: all.end(),
                });
            }
        }
        if !passport_cue {
            return;
        }
        for m in self.lettered_passport.find_iter(text) {
            let before = text.get(..m.start()).unwrap_or_default();
            let near = &before[floor(before, before.len().saturating_sub(60))..];
            if near.to_ascii_lowercase().contains("passport") {
                found.push(Redaction {
                    kind: PiiKind::Passport,
                    rule: "passport-context",
                    start: m.start(),
                    end: m.end(),
                });
            }
        }
    }
}

/// The nearest character boundary at or after `i`.
fn floor(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Surname letters then 9s (not all 9s), month 01-12 or 51-62, day 01-31.
fn valid_licence(surname: &str, month: &str, day: &str) -> bool {
    let padded = surname.trim_end_matches('9');
    let surname_ok = !padded.is_empty() && padded.bytes().all(|b| b.is_ascii_alphabetic());
    let month: u32 = month.parse().unwrap_or(0);
    let day: u32 = day.parse().unwrap_or(0);
    surname_ok && (matches!(month, 1..=12) || matches!(month, 51..=62)) && (1..=31).contains(&day)
}

#[cfg(test)]
mod tests {
    use super::super::PiiKind;

    fn kinds(text: &str) -> Vec<PiiKind> {
        super::super::shared()
            .find(text)
            .iter()
            .map(|r| r.kind)
            .collect()
    }

    #[test]
    fn licences() {
        for text in [
            "MORGA607054SM9IJ",
            "MORGA657054SM9IJ",
            "FO999512018AA1AB",
            "Licence: MORGA607054SM9IJ ok",
            "morga607054sm9ij",
            "JONES710153J99EF",
            "SMITH862310AB1CD",
            "MORGA 607054 SM9 IJ",
        ] {
            assert_eq!(kinds(text), vec![PiiKind::Licence], "{text}");
        }
        for text in [
            "MORGA600054SM9IJ",
            "MORGA613054SM9IJ",
            "MORGA650054SM9IJ",
            "MORGA601004SM9IJ",
            "MORGA601324SM9IJ",
            "MORGA65705SM9IJ",
            "99999657054SM9IJ",
            "MO9G9657054SM9IJ",
        ] {
            assert!(kinds(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn passports() {
        for text in [
            "123456789",
            "My passport number is 123456789 and it expires soon",
            "passport no. 123 456 789",
            "My passport number is CD7654321 and it expires soon",
        ] {
            assert_eq!(kinds(text), vec![PiiKind::Passport], "{text}");
        }
        for text in [
            "AB1234567",
            "12345678",
            "AB 1234567",
            "1234567AB",
            "XYZ123456789QRS",
        ] {
            assert!(kinds(text).is_empty(), "{text}");
        }
    }
}
