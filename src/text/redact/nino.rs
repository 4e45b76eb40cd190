//! National Insurance numbers (`nino`): two prefix letters, three pairs of digits and a suffix
//! A-D, with or without blanks or hyphens ("QQ 12 34 56 C", "PR 123612C", "AB 123 456 C",
//! "tw987654a"). HMRC's
//! prefix rules are checked (first letter not D, F, I, Q, U or V; second not D, F, I, O, Q, U or
//! V; never BG, GB, KN, NK, NT, TN or ZZ); the specimen prefix QQ, printed on forms and often
//! copied, counts too. The suffix may be left out right after the words "national insurance",
//! "NI" or "NINO" (`nino-context`).

use super::{PiiKind, Redaction};
use regex::Regex;

/// The National Insurance rule.
#[derive(Debug, Clone)]
pub(super) struct Ninos {
    re: Regex,
}

impl Ninos {
    /// The patterns of these rules, for the shared pre-check.
    pub fn patterns(&self) -> Vec<&str> {
        vec![self.re.as_str()]
    }

    pub fn new() -> Ninos {
        Ninos {
            re: super::compile(
                r"(?i)(?-u:\b)([A-Z])([A-Z])[ -]?(?:[0-9]{2}[ -]?[0-9]{2}[ -]?[0-9]{2}|[0-9]{3}[ -][0-9]{3})(?:[ -]?([A-D]))?(?-u:\b)",
            ),
        }
    }

    pub fn find(&self, text: &str, cue: bool, found: &mut Vec<Redaction>) {
        for c in self.re.captures_iter(text) {
            let (Some(all), Some(a), Some(b)) = (c.get(0), c.get(1), c.get(2)) else {
                continue;
            };
            let first = a.as_str().bytes().next().unwrap_or(b'D');
            let second = b.as_str().bytes().next().unwrap_or(b'D');
            if !valid_prefix(first.to_ascii_uppercase(), second.to_ascii_uppercase()) {
                continue;
            }
            let rule = if c.get(3).is_some() {
                "nino"
            } else if cue && announced(text.get(..all.start()).unwrap_or_default()) {
                "nino-context"
            } else {
                continue;
            };
            found.push(Redaction {
                kind: PiiKind::Nino,
                rule,
                start: all.start(),
                end: all.end(),
            });
        }
    }
}

/// Whether the 40 bytes before a number announce a National Insurance number.
fn announced(before: &str) -> bool {
    let mut from = before.len().saturating_sub(40);
    while !before.is_char_boundary(from) {
        from += 1;
    }
    let near = before[from..].to_ascii_lowercase();
    near.contains("insurance") || near.contains("nino") || near.contains("ni ")
}

/// HMRC prefix rules, plus the specimen prefix QQ.
fn valid_prefix(a: u8, b: u8) -> bool {
    if a == b'Q' && b == b'Q' {
        return true;
    }
    if matches!(a, b'D' | b'F' | b'I' | b'Q' | b'U' | b'V') {
        return false;
    }
    if matches!(b, b'D' | b'F' | b'I' | b'O' | b'Q' | b'U' | b'V') {
        return false;
    }
    !matches!(
        [a, b],
        [b'B', b'G']
            | [b'G', b'B']
            | [b'K', b'N']
            | [b'N', b'K']
            | [b'N', b'T']
            | [b'T', b'N']
            | [b'Z', b'Z']
    )
}

#[cfg(test)]
mod tests {

    fn red(text: &str) -> String {
        super::super::shared().redact(text)
    }

    #[test]
    fn nino_forms() {
        for (text, want) in [
            ("NI QQ 12 34 56 C", "NI [nino]"),
            ("NI QQ123456C.", "NI [nino]."),
            ("NI ab123456c", "NI [nino]"),
            ("AA 12 34 56 B", "[nino]"),
            ("hh 01 02 03 d", "[nino]"),
            ("tw987654a", "[nino]"),
            ("nino: PR 123612C", "nino: [nino]"),
            (
                "my National Insurance Number YZ 61 48 68 B",
                "my National Insurance Number [nino]",
            ),
            (
                "national insurance number AB 12 34 56",
                "national insurance number [nino]",
            ),
        ] {
            assert_eq!(red(text), want, "{text}");
        }
    }

    #[test]
    fn not_ninos() {
        for text in [
            "code DA123456A",
            "code AO123456A",
            "BG123612A",
            "code ZZ123456A",
            "AA 12 34 56 H",
            "FQ 00 00 00 C",
            "nino: nt 99 88 77 a",
            "not valid UV 98 76 54 B",
            "room AB 12 34 56",
        ] {
            assert_eq!(red(text), text, "{text}");
        }
    }
}
