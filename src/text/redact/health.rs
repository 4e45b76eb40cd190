//! CHI and NHS numbers: ten digits with a modulus-11 check digit. A CHI number (Scotland) starts
//! with the date of birth as DDMMYY; an NHS number (England, Wales, Isle of Man) never does (they
//! are issued from 400 000 000 and 600 000 000 up). Rules:
//! - `chi-checksum`: a valid date and check digit, written 0101011237, 010101 1237,
//!   01 01 01 1237, 0101 01 1237 or 010 101 1237.
//! - `chi-date`: a valid date in a layout that only dates make (010101 1234, 01 01 01 1234,
//!   0101 01 1234), whatever the check digit: people mistype, and the spacing alone says CHI.
//! - `nhs-checksum`: a valid check digit, written 4010232137 or 401 023 2137 (or 401-023-2137).
//! - `chi-context` / `nhs-context`: any ten digits in those layouts right after the words "CHI"
//!   or "NHS" (within 60 bytes), so a mistyped number announced as one is still removed.

use super::digits::Window;
use super::PiiKind;

/// Whether ten digits pass the modulus-11 check shared by CHI and NHS numbers.
pub(super) fn mod11(d: &[u8]) -> bool {
    if d.len() != 10 || !d.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let sum: u32 = d[..9]
        .iter()
        .enumerate()
        .map(|(i, &c)| u32::from(c - b'0') * (10 - i as u32))
        .sum();
    let check = match 11 - sum % 11 {
        11 => 0,
        10 => return false,
        c => c,
    };
    u32::from(d[9] - b'0') == check
}

/// Whether the first six digits are a real date written DDMMYY.
pub(super) fn ddmmyy(d: &[u8]) -> bool {
    let num = |i: usize| -> Option<u32> {
        let a = u32::from(d.get(i)?.checked_sub(b'0')?);
        let b = u32::from(d.get(i + 1)?.checked_sub(b'0')?);
        (a < 10 && b < 10).then_some(a * 10 + b)
    };
    let (Some(day), Some(month), Some(year)) = (num(0), num(2), num(4)) else {
        return false;
    };
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        // The century is not written: 29 February is allowed in years divisible by four.
        2 if year % 4 == 0 => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// Layouts a CHI number is written in.
fn chi_layout(sizes: &[usize]) -> bool {
    matches!(
        sizes,
        [10] | [6, 4] | [2, 2, 2, 4] | [4, 2, 4] | [3, 3, 4] | [2, 2, 6]
    )
}

/// Layouts only a date-based number is written in.
fn date_layout(sizes: &[usize]) -> bool {
    matches!(sizes, [6, 4] | [2, 2, 2, 4] | [4, 2, 4] | [2, 2, 6])
}

/// Layouts an NHS number is written in.
fn nhs_layout(sizes: &[usize]) -> bool {
    matches!(sizes, [10] | [3, 3, 4])
}

/// A CHI or NHS number recognised from its digits alone.
pub(super) fn chi_or_nhs(w: &Window) -> Option<(PiiKind, &'static str)> {
    let d = w.digits;
    if d.len() != 10 || w.bracketed() {
        return None;
    }
    if chi_layout(&w.sizes) && ddmmyy(d) {
        if mod11(d) {
            return Some((PiiKind::Chi, "chi-checksum"));
        }
        if date_layout(&w.sizes) {
            return Some((PiiKind::Chi, "chi-date"));
        }
    }
    (nhs_layout(&w.sizes) && mod11(d)).then_some((PiiKind::Nhs, "nhs-checksum"))
}

/// Ten digits announced as a CHI or NHS number.
pub(super) fn by_cue(w: &Window) -> Option<(PiiKind, &'static str)> {
    if w.digits.len() != 10 || w.bracketed() || !chi_layout(&w.sizes) {
        return None;
    }
    if w.cue(&["chi"]) {
        return Some((PiiKind::Chi, "chi-context"));
    }
    if w.cue(&["nhs", "health"]) {
        return Some(if ddmmyy(w.digits) {
            (PiiKind::Chi, "chi-context")
        } else {
            (PiiKind::Nhs, "nhs-context")
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::{PiiKind, Redactor};
    use super::*;
    use std::sync::OnceLock;

    fn kinds(text: &str) -> Vec<(PiiKind, &'static str)> {
        static R: OnceLock<Redactor> = OnceLock::new();
        R.get_or_init(Redactor::new)
            .find(text)
            .iter()
            .map(|r| (r.kind, r.rule))
            .collect()
    }

    #[test]
    fn check_digit_and_date() {
        assert!(mod11(b"4010232137"));
        assert!(!mod11(b"4010232138"));
        assert!(mod11(b"9434765919"));
        assert!(mod11(b"0101011237"));
        assert!(ddmmyy(b"290296"));
        assert!(!ddmmyy(b"290297"));
        assert!(!ddmmyy(b"320101"));
        assert!(!ddmmyy(b"011301"));
    }

    #[test]
    fn nhs_numbers() {
        for text in [
            "401-023-2137",
            "221 395 1837",
            "0032698674",
            "NHS no 9434765919.",
        ] {
            assert_eq!(kinds(text), vec![(PiiKind::Nhs, "nhs-checksum")], "{text}");
        }
        assert_eq!(
            kinds("my NHS number is 401 023 2138"),
            vec![(PiiKind::Nhs, "nhs-context")]
        );
        assert!(kinds("401-023-2138").is_empty());
        assert!(kinds("reference 4010232138").is_empty());
    }

    #[test]
    fn chi_numbers() {
        for text in ["0101011237", "010101 1237", "01 01 01 1237", "0101 01 1237"] {
            assert_eq!(kinds(text), vec![(PiiKind::Chi, "chi-checksum")], "{text}");
        }
        for text in ["0101 01 1234", "010101 1234", "01 01 01 1234"] {
            assert_eq!(kinds(text), vec![(PiiKind::Chi, "chi-date")], "{text}");
        }
        assert_eq!(
            kinds("my CHI is 0101801234"),
            vec![(PiiKind::Chi, "chi-context")]
        );
        // Not a date and not announced: some other ten-digit reference.
        assert!(kinds("order 3213011234").is_empty());
        assert!(kinds("0113 45 6789")
            .iter()
            .all(|(k, _)| *k != PiiKind::Chi));
    }
}
