//! Street addresses and house names. Rules:
//! - `address-street`: a house number, one to three words and a street type ("14a Quarry Road",
//!   "flat 3/2, 45 Brandon Gate", "22 Kirkton Avenue, Hamilton"): a flat prefix and a town after
//!   a comma are part of the address. In lower case ("12 main street") the street type must be
//!   an unmistakable one and no word may be a function word or a unit ("a 2 hour drive", "3
//!   weeks on the road" stay).
//! - `address-house`: a house name: one or two capitalised words and a word such as Cottage,
//!   Farmhouse, Bungalow, Villa or Manse ("Rosebank Cottage"), unless a service word follows
//!   ("Lanark Cottage Hospital").
//! - `address-residence`: capitalised words after "I live at", "we stay at", "my address is"
//!   ("I live at Braeside, Carluke"), unless one of them is a service word ("staying at Wishaw
//!   General Hospital") or a function word.

use super::words::{self, list};
use super::{PiiKind, Redaction};
use regex::Regex;
use std::collections::HashSet;

/// Letters, capitals and lower-case letters of names in Latin scripts (with accents).
const LETTER: &str = "A-Za-zÀ-ÖØ-öø-ÿĀ-ž";
const UPPER: &str = "A-ZÀ-ÖØ-Þ";
const LOWER: &str = "a-zß-öø-ÿ";

/// The address rules.
#[derive(Debug, Clone)]
pub(super) struct Addresses {
    street: Regex,
    house: Regex,
    residence: Regex,
    lower_types: HashSet<String>,
    not_street: HashSet<String>,
    strong_house: HashSet<String>,
}

impl Addresses {
    pub fn new() -> Addresses {
        let types: Vec<String> = list(words::STREET_TYPES).collect();
        let flat = r"(?:(?i:flat|apartment|apt|unit)\.?[ \t]+[0-9]{1,3}[A-Za-z]?(?:/[0-9]{1,3})?,?[ \t]+)?";
        let number = r"[0-9]{1,4}[A-Za-z]?(?:/[0-9]{1,3})?(?:[-–][0-9]{1,4}[A-Za-z]?)?,?[ \t]+";
        // Letters of the Latin alphabets that street and town names use (a small class keeps
        // the automaton small and fast): L letters, U capitals, W lower case.
        let (l, u, w) = (LETTER, UPPER, LOWER);
        let word = format!(r"[{l}][{l}'’-]*\.?");
        let town = format!(r"[{u}][{w}][{l}'’-]*(?:[ \t]+[{u}][{w}][{l}'’-]*)?");
        let house: Vec<String> = list(words::HOUSE_TYPES).collect();
        let cues: Vec<String> = list(words::RESIDENCE_CUES)
            .map(|c| c.replace(' ', r"[ \t]+"))
            .collect();
        let cap = format!(r"[{u}][{l}'’-]*");
        Addresses {
            street: super::compile(&format!(
                r"(?-u:\b)({flat}{number}((?:{word}[ \t]+){{1,3}})((?i:{}))(?-u:\b))(?:,[ \t]*({town}))?",
                types.join("|")
            )),
            house: super::compile(&format!(
                r"(?-u:\b)((?:{cap}[ \t]+){{1,2}}(?i:{}))(?-u:\b)",
                house.join("|")
            )),
            residence: super::compile(&format!(
                r"(?i:{})[ \t]+((?:[Tt]he[ \t]+)?{cap}(?:[ \t]+{cap}){{0,3}}(?:,[ \t]*[{u}][{w}][{l}'’-]*)?)",
                cues.join("|")
            )),
            lower_types: list(words::LOWER_STREET_TYPES).collect(),
            not_street: list(words::NOT_STREET_WORDS).collect(),
            strong_house: list(words::STRONG_HOUSE_TYPES).collect(),
        }
    }

    /// Which rules may match: (a digit and a street word, a house word, a residence cue).
    pub fn find(
        &self,
        text: &str,
        (street, house, residence): (bool, bool, bool),
        not_name: &dyn Fn(&str) -> bool,
        found: &mut Vec<Redaction>,
    ) {
        if street {
            self.streets(text, not_name, found);
        }
        if house {
            self.houses(text, not_name, found);
        }
        if residence {
            self.residences(text, not_name, found);
        }
    }

    fn streets(&self, text: &str, not_name: &dyn Fn(&str) -> bool, found: &mut Vec<Redaction>) {
        for c in self.street.captures_iter(text) {
            let (Some(street), Some(names), Some(kind)) = (c.get(1), c.get(2), c.get(3)) else {
                continue;
            };
            let ws: Vec<&str> = names.as_str().split_whitespace().collect();
            let capitalised = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
            let ok = if ws.iter().all(|w| capitalised(w)) {
                true
            } else {
                self.lower_types.contains(&kind.as_str().to_lowercase())
                    && ws.len() <= 2
                    && ws.iter().all(|w| {
                        let w = w.trim_end_matches('.').to_lowercase();
                        !not_name(&w) && !self.not_street.contains(&w)
                    })
            };
            if !ok {
                continue;
            }
            let mut end = street.end();
            if let Some(town) = c.get(4) {
                // The town joins the address unless it is a function word ("..., The staff").
                for (s, w) in super::words_in(text, town.start(), town.end()) {
                    if not_name(w) {
                        break;
                    }
                    end = s + w.len();
                }
            }
            push(found, "address-street", street.start(), end);
        }
    }

    fn houses(&self, text: &str, not_name: &dyn Fn(&str) -> bool, found: &mut Vec<Redaction>) {
        for c in self.house.captures_iter(text) {
            let Some(m) = c.get(1) else { continue };
            let ws: Vec<&str> = m.as_str().split_whitespace().collect();
            let Some((kind, names)) = ws.split_last() else {
                continue;
            };
            let next_is_service = text
                .get(m.end()..)
                .and_then(|r| r.split_whitespace().next())
                .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
                .is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase) && not_name(w));
            if self.strong_house.contains(&kind.to_lowercase())
                // "The Old Rectory": a leading "The" belongs to the name.
                && !names
                    .iter()
                    .enumerate()
                    .any(|(i, w)| !(i == 0 && *w == "The") && not_name(w))
                && !next_is_service
            {
                push(found, "address-house", m.start(), m.end());
            }
        }
    }

    fn residences(&self, text: &str, not_name: &dyn Fn(&str) -> bool, found: &mut Vec<Redaction>) {
        for c in self.residence.captures_iter(text) {
            let Some(m) = c.get(1) else { continue };
            let ws: Vec<&str> = m
                .as_str()
                .split(|c: char| c.is_whitespace() || c == ',')
                .filter(|w| !w.is_empty())
                .collect();
            let body = match ws.first() {
                Some(w) if w.eq_ignore_ascii_case("the") => &ws[1..],
                _ => &ws[..],
            };
            if !body.is_empty() && !body.iter().any(|w| not_name(w)) {
                push(found, "address-residence", m.start(), m.end());
            }
        }
    }
}

fn push(found: &mut Vec<Redaction>, rule: &'static str, start: usize, end: usize) {
    found.push(Redaction {
        kind: PiiKind::Address,
        rule,
        start,
        end,
    });
}

#[cfg(test)]
mod tests {

    fn red(text: &str) -> String {
        super::super::shared().redact(text)
    }

    #[test]
    fn street_addresses() {
        for (text, want) in [
            ("I live at 12 Main Street.", "I live at [address]."),
            ("flat 3/2, 45 Brandon Gate", "[address]"),
            ("at 14a Quarry Road", "at [address]"),
            ("22 Kirkton Avenue, Hamilton", "[address]"),
            (
                "22 Kirkton Avenue, East Kilbride G74 1AB",
                "[address] [postcode]",
            ),
            ("3 St Andrews Rd", "[address]"),
            ("Flat 0/1 7 Cadzow Wynd", "[address]"),
            ("5 Kirk Brae is steep", "[address] is steep"),
            ("12 Main Street, The staff", "[address], The staff"),
            (
                "we moved to 12 main street last year",
                "we moved to [address] last year",
            ),
            ("at 4 kirkton crescent", "at [address]"),
        ] {
            assert_eq!(red(text), want, "{text}");
        }
    }

    #[test]
    fn house_names() {
        for (text, want) in [
            (
                "We live in Rosebank Cottage now",
                "We live in [address] now",
            ),
            ("I live at Braeside, Carluke.", "I live at [address]."),
            ("we stay at The Willows", "we stay at [address]"),
            (
                "my address is Hillview Farm, Lesmahagow",
                "my address is [address]",
            ),
            ("the Old Manse", "the [address]"),
        ] {
            assert_eq!(red(text), want, "{text}");
        }
    }

    #[test]
    fn not_addresses() {
        for text in [
            "I waited 3 weeks on the road",
            "it was a 2 hour drive to the park",
            "a 5 minute walk",
            "Ward 12 was full",
            "12 people live on Main Street",
            "After 2 Years In The End It Worked",
            "Covid 19 Drive Through Testing",
            "we have 2 dogs in the park",
            "the Lanark Cottage Hospital",
            "I live at home with my son",
            "staying at Wishaw General Hospital",
            "I live in Hamilton",
            "we live at the end of the road",
        ] {
            assert_eq!(red(text), text, "{text}");
        }
    }
}
