//! Vehicle registration marks. Rules:
//! - `vehicle-current`: the format since 2001, two area letters, the age identifier and three
//!   letters ("AB51 ABC", "BD62XYZ", "LN14-HGT", any case). The area letters never hold I, Q or
//!   Z (the second not I, Q or Z either), the age identifier is 02-29 or 51-79, and the last
//!   three letters never hold I or Q.
//! - `vehicle-prefix` (1983-2001, "A123 BCD") and `vehicle-suffix` (1963-1983, "ABC 123D"):
//!   written in capitals, or in any case right after a word such as "reg" or "plate". The year
//!   letter is never I, O, U or Z.

use super::{PiiKind, Redaction};
use regex::Regex;

/// Capitalised three-letter words that are not the letters of an old plate ("GOT 4G").
const NOT_PLATE_LETTERS: &[&str] = &[
    "THE", "AND", "FOR", "BUT", "NOT", "WAS", "GOT", "HAS", "HAD", "ARE", "YOU", "NHS", "CAN",
    "ALL", "ANY", "OUT", "OUR", "GET", "HIS", "HER", "ITS", "OFF", "TOO", "TWO", "ONE", "WHO",
    "WHY", "HOW", "NEW", "OLD", "AGE", "GPS", "A&E", "YES", "AGO", "DAY", "MAY", "PER",
];

/// The vehicle rules.
#[derive(Debug, Clone)]
pub(super) struct Vehicles {
    current: Regex,
    prefix: Regex,
    suffix: Regex,
}

impl Vehicles {
    /// The patterns of these rules, for the shared pre-check.
    pub fn patterns(&self) -> Vec<&str> {
        vec![
            self.current.as_str(),
            self.prefix.as_str(),
            self.suffix.as_str(),
        ]
    }

    pub fn new() -> Vehicles {
        Vehicles {
            current: super::compile(
                r"(?i)(?-u:\b)[A-HJ-PR-Y][A-HJ-PR-Y]([0-9]{2})[ -]?[A-HJ-PR-Z]{3}(?-u:\b)",
            ),
            prefix: super::compile(r"(?i)(?-u:\b)[A-HJ-NP-TV-Y][0-9]{1,3}[ -]?([A-Z]{3})(?-u:\b)"),
            suffix: super::compile(r"(?i)(?-u:\b)([A-Z]{3})[ -]?[0-9]{1,3}[A-HJ-NP-TV-Y](?-u:\b)"),
        }
    }

    /// `cue`: a word such as "reg" or "plate" occurs, so older plates may be in lower case.
    pub fn find(&self, text: &str, cue: bool, found: &mut Vec<Redaction>) {
        for c in self.current.captures_iter(text) {
            let (Some(all), Some(age)) = (c.get(0), c.get(1)) else {
                continue;
            };
            let age: u32 = age.as_str().parse().unwrap_or(0);
            if (2..=29).contains(&age) || (51..=79).contains(&age) {
                push(found, "vehicle-current", all.start(), all.end());
            }
        }
        for (re, rule) in [
            (&self.prefix, "vehicle-prefix"),
            (&self.suffix, "vehicle-suffix"),
        ] {
            for c in re.captures_iter(text) {
                let (Some(all), Some(letters)) = (c.get(0), c.get(1)) else {
                    continue;
                };
                let capitals = !all.as_str().bytes().any(|b| b.is_ascii_lowercase());
                let word =
                    NOT_PLATE_LETTERS.contains(&letters.as_str().to_ascii_uppercase().as_str());
                if (capitals || cue) && !word {
                    push(found, rule, all.start(), all.end());
                }
            }
        }
    }
}

fn push(found: &mut Vec<Redaction>, rule: &'static str, start: usize, end: usize) {
    found.push(Redaction {
        kind: PiiKind::Vehicle,
        rule,
        start,
        end,
    });
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
    fn plates() {
        for text in [
            "AB51 ABC",
            "BD62XYZ",
            "LN14-HGT",
            "aa02 aaa",
            "My car reg is AB51 ABC and it expires",
            "AB70 DEF",
            "A123 BCD",
            "K1 ABC",
            "M456DEF",
            "ABC 123D",
            "ABC 1D",
            "DEF456G",
            "reg a123 bcd",
        ] {
            assert_eq!(kinds(text), vec![PiiKind::Vehicle], "{text}");
        }
        assert_eq!(kinds("Vehicles AB51 ABC and BD62XYZ were seen").len(), 2);
    }

    #[test]
    fn not_plates() {
        for text in [
            "IB51 ABC",
            "AQ51 ABC",
            "AB00 ABC",
            "AB35 ABC",
            "AB80 ABC",
            "AB51 AIB",
            "I123 BCD",
            "O123 BCD",
            "ABC 123I",
            "ABC 123Z",
            "hello world",
            "1234567890",
            "XXXAB51ABCYYY",
            "the a71 road",
            "I GOT 4G SIGNAL",
            "we had 2 dogs",
        ] {
            assert!(kinds(text).is_empty(), "{text}: {:?}", kinds(text));
        }
    }
}
