//! Full UK postcodes (`postcode`): outward code, optional blank, inward code ("ML3 0AA",
//! "ml30aa", "EC1A 1BB", "GIR 0AA"). The letter O is read as a zero where a digit belongs
//! ("ML3 OAA"), as long as the postcode has a real digit too. Royal Mail's letter rules are
//! checked (no Q, V or X first; no I, J or Z second; the inward letters never C, I, K, M, O or
//! V). An outward code alone ("G72") covers thousands of households and stays, and so do
//! ordinals and clock times written in lower case ("b12 3rd", "m8 2pm").

use super::{PiiKind, Redaction};
use regex::Regex;

/// The postcode rule.
#[derive(Debug, Clone)]
pub(super) struct Postcodes {
    re: Regex,
}

impl Postcodes {
    /// The patterns of these rules, for the shared pre-check.
    pub fn patterns(&self) -> Vec<&str> {
        vec![self.re.as_str()]
    }

    pub fn new() -> Postcodes {
        Postcodes {
            re: super::compile(
                r"(?i)(?-u:\b)(?:(GIR)[ ]?(0AA)|([A-Z]{1,2}[0-9O][A-Z0-9]?)[ ]?([0-9O][ABD-HJLNP-UW-Z]{2}))(?-u:\b)",
            ),
        }
    }

    pub fn find(&self, text: &str, found: &mut Vec<Redaction>) {
        for c in self.re.captures_iter(text) {
            let Some(all) = c.get(0) else { continue };
            let ok = match (c.get(3), c.get(4)) {
                (Some(outward), Some(inward)) => {
                    valid(all.as_str(), outward.as_str(), inward.as_str())
                }
                _ => true,
            };
            if ok {
                found.push(Redaction {
                    kind: PiiKind::Postcode,
                    rule: "postcode",
                    start: all.start(),
                    end: all.end(),
                });
            }
        }
    }
}

/// Royal Mail's letter rules, a real digit, and no ordinals or clock times in lower case.
fn valid(all: &str, outward: &str, inward: &str) -> bool {
    let ob = outward.as_bytes();
    let up = |i: usize| ob.get(i).map(u8::to_ascii_uppercase);
    if matches!(up(0), Some(b'Q' | b'V' | b'X') | None) {
        return false;
    }
    // Two-letter area: the second letter is never I, J or Z.
    if ob.get(1).is_some_and(u8::is_ascii_alphabetic) && matches!(up(1), Some(b'I' | b'J' | b'Z')) {
        return false;
    }
    // The letter O stands for a zero only where a digit belongs; the district's first digit is
    // right after the area letters.
    let area = ob.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    if area == 0 || area > 2 {
        return false;
    }
    if !all.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    let lower = all.bytes().any(|b| b.is_ascii_lowercase());
    if lower {
        let tail = inward.get(1..).unwrap_or_default().to_ascii_lowercase();
        if matches!(tail.as_str(), "st" | "nd" | "rd" | "th" | "am" | "pm") {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {

    fn red(text: &str) -> String {
        super::super::shared().redact(text)
    }

    #[test]
    fn postcode_forms() {
        for (text, want) in [
            ("I live in ML3 0AA now", "I live in [postcode] now"),
            ("G72 7XX", "[postcode]"),
            ("EH1 1YZ.", "[postcode]."),
            ("postcode g75 8rr", "postcode [postcode]"),
            ("postcode ML30AA", "postcode [postcode]"),
            ("at KA7 1AB, Ayr", "at [postcode], Ayr"),
            ("ML3 OAA", "[postcode]"),
            ("ml3 oaa", "[postcode]"),
            ("M11AA", "[postcode]"),
            ("EC1A1BB", "[postcode]"),
            ("GIR 0AA", "[postcode]"),
            ("From SW1A 1AA to EC1A 1BB", "From [postcode] to [postcode]"),
            ("DN55 1PT", "[postcode]"),
            ("W1A 1HQ", "[postcode]"),
        ] {
            assert_eq!(red(text), want, "{text}");
        }
    }

    #[test]
    fn not_postcodes() {
        for text in [
            "I live in G72",
            "the ML3 area",
            "vitamin b12 3rd time",
            "m8 2pm appointment",
            "A&E in Hamilton",
            "COVID19 1AA",
            "QA1 1AA",
            "VA1 1AA",
            "M1 1CA",
            "M1 1AI",
            "1A1 1AA",
            "ABCM11AADEF",
            "TOO OLD",
            "SO1 OAK",
        ] {
            assert_eq!(red(text), text, "{text}");
        }
    }
}
