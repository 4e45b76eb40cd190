//! The pre-check every text goes through before any rule runs: one pass over the bytes (digits,
//! '@', letters next to digits) and one Aho-Corasick pass over every trigger word of every rule.
//! A rule runs only when its trigger was seen, so a text with nothing personal in it is copied
//! after these two passes.

use super::words::{self, list};
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

/// Rule families a trigger word wakes (bits of [`Scan::families`]).
pub(super) mod family {
    /// Titles, relations, introductions, "I'm", sign-offs and greetings.
    pub const NAME: u32 = 1;
    /// Written-out e-mail addresses ("dot", "[at]", webmail names).
    pub const EMAIL_WORD: u32 = 1 << 1;
    /// Date-of-birth cues.
    pub const DOB: u32 = 1 << 2;
    /// "passport".
    pub const PASSPORT: u32 = 1 << 3;
    /// Vehicle cues ("reg", "number plate").
    pub const VEHICLE: u32 = 1 << 4;
    /// Social network names.
    pub const SOCIAL: u32 = 1 << 5;
    /// Web addresses ("://", "www.", social hosts).
    pub const URL: u32 = 1 << 6;
    /// Number words ("seven", "double").
    pub const NUMBER_WORD: u32 = 1 << 7;
    /// House words ("Cottage") and residence cues ("live at").
    pub const HOUSE: u32 = 1 << 8;
    /// A name from the analyst's list.
    pub const LISTED: u32 = 1 << 9;
    /// Words that announce an identity number ("CHI", "NHS", "national insurance").
    pub const ID_CUE: u32 = 1 << 10;
}

/// What the pre-check found in one text.
#[derive(Debug, Default, Clone)]
pub(super) struct Scan {
    /// An ASCII digit occurs.
    pub digit: bool,
    /// An '@' occurs.
    pub at: bool,
    /// A letter stands next to a digit ("ML3", "8am") or two letters, a blank and a digit
    /// ("AB 12"): the shape of postcodes, plates and identity numbers.
    pub mixed: bool,
    /// Families whose trigger words occur as whole words.
    pub families: u32,
    /// Whole number words seen.
    pub number_words: usize,
    /// Spans of names from the analyst's list.
    pub listed: Vec<(usize, usize)>,
}

impl Scan {
    /// Whether a family's trigger was seen.
    pub fn has(&self, f: u32) -> bool {
        self.families & f != 0
    }

    /// Whether no rule can match.
    pub fn nothing(&self) -> bool {
        !self.digit && !self.at && self.families == 0
    }
}

/// The trigger automaton: every trigger word with its family and whether it must stand as a
/// whole word.
#[derive(Debug, Clone)]
pub(super) struct Triggers {
    ac: AhoCorasick,
    info: Vec<(u32, bool)>,
}

/// The word of a phrase that wakes its rule: the longest (the first on a tie).
fn key_word(phrase: &str) -> String {
    phrase
        .split([' ', '\''])
        .max_by_key(|w| w.len())
        .unwrap_or(phrase)
        .to_string()
}

impl Triggers {
    /// Builds the automaton from the built-in lists and the analyst's names.
    pub fn new(listed: &[String]) -> Result<Triggers, aho_corasick::BuildError> {
        use family::*;
        let mut words: Vec<String> = Vec::new();
        let mut info = Vec::new();
        let mut add = |w: String, f: u32, bounded: bool| {
            words.push(w);
            info.push((f, bounded));
        };
        for w in list(words::TITLE_ABBREVIATIONS).chain(list(words::TITLE_WORDS)) {
            add(w, NAME, true);
        }
        for group in [
            words::RELATIONS,
            words::INTRODUCTIONS,
            words::SIGN_OFFS,
            words::GREETINGS,
        ] {
            for phrase in list(group) {
                add(key_word(&phrase), NAME, true);
            }
        }
        for w in ["i'm", "i’m", "im", "i am"] {
            add(w.to_string(), NAME, true);
        }
        add("dot".into(), EMAIL_WORD, true);
        for w in ["[at]", "(at)", "{at}", "[ at ]", "( at )"] {
            add(w.to_string(), EMAIL_WORD, false);
        }
        for w in list(words::MAIL_PROVIDERS).chain(list(words::WEAK_MAIL_PROVIDERS)) {
            add(w, EMAIL_WORD, true);
        }
        for w in list(words::DOB_CUES) {
            add(w, DOB, true);
        }
        add("passport".into(), PASSPORT, true);
        for w in list(words::VEHICLE_CUES) {
            add(w, VEHICLE, true);
        }
        for w in list(words::SOCIAL_CUES) {
            add(w, SOCIAL, true);
        }
        for w in ["://", "www."] {
            add(w.to_string(), URL, false);
        }
        for w in list(words::SOCIAL_HOSTS) {
            add(w, URL, false);
        }
        for w in list(words::NUMBER_WORDS) {
            add(w, NUMBER_WORD, true);
        }
        for w in list(words::HOUSE_TYPES) {
            add(w, HOUSE, true);
        }
        for phrase in list(words::RESIDENCE_CUES) {
            add(key_word(&phrase), HOUSE, true);
        }
        for w in ["chi", "nhs", "insurance", "ni", "nino"] {
            add(w.to_string(), ID_CUE, true);
        }
        for name in listed {
            let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
            if !name.is_empty() {
                add(name, LISTED, true);
            }
        }
        let ac = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            // A few thousand states: a full DFA is small and scans far faster than the NFA.
            .kind(Some(AhoCorasickKind::DFA))
            .build(&words)?;
        Ok(Triggers { ac, info })
    }

    /// Runs both passes over a text.
    pub fn scan(&self, text: &str) -> Scan {
        let bytes = text.as_bytes();
        let (digit, at, mixed) = scan_bytes(bytes);
        let mut scan = Scan {
            digit,
            at,
            mixed,
            ..Scan::default()
        };
        for m in self.ac.find_overlapping_iter(bytes) {
            let Some(&(f, bounded)) = self.info.get(m.pattern().as_usize()) else {
                continue;
            };
            if bounded && !is_whole_word(text, m.start(), m.end()) {
                continue;
            }
            scan.families |= f;
            if f == family::NUMBER_WORD {
                scan.number_words += 1;
            } else if f == family::LISTED {
                scan.listed.push((m.start(), m.end()));
            }
        }
        scan
    }
}

/// Whether the text holds an ASCII digit, an '@', and a letter beside a digit. Branch-free
/// within 32-byte chunks so that the compiler can vectorise the common case.
pub(super) fn scan_bytes(bytes: &[u8]) -> (bool, bool, bool) {
    let (mut digit, mut at) = (false, false);
    for chunk in bytes.chunks(32) {
        let (d, a) = chunk.iter().fold((false, false), |(d, a), &b| {
            (d | (b.wrapping_sub(b'0') < 10), a | (b == b'@'))
        });
        digit |= d;
        at |= a;
    }
    let mixed = digit && letter_beside_digit(bytes);
    (digit, at, mixed)
}

/// A letter directly before or after a digit, or "XX 12" / "XX-12" (two letters, one blank or
/// hyphen, a digit).
fn letter_beside_digit(bytes: &[u8]) -> bool {
    let is_digit = |b: u8| b.is_ascii_digit();
    let is_letter = |b: u8| b.is_ascii_alphabetic();
    bytes.windows(2).enumerate().any(|(i, w)| {
        (is_letter(w[0]) && is_digit(w[1]))
            || (is_digit(w[0]) && is_letter(w[1]))
            || ((w[0] == b' ' || w[0] == b'-')
                && is_digit(w[1])
                && i >= 2
                && is_letter(bytes[i - 1])
                && is_letter(bytes[i - 2])
                && (i == 2 || !is_letter(bytes[i - 3])))
    })
}

/// Whether `start..end` is not glued to a letter or digit (of any script) on either side.
pub(super) fn is_whole_word(text: &str, start: usize, end: usize) -> bool {
    let before = text.get(..start).and_then(|s| s.chars().next_back());
    let after = text.get(end..).and_then(|s| s.chars().next());
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_scan_sees_digits_at_and_mixed_tokens() {
        assert_eq!(scan_bytes(b""), (false, false, false));
        assert_eq!(scan_bytes(b"no digits here"), (false, false, false));
        assert_eq!(scan_bytes(b"waited 3 weeks"), (true, false, false));
        assert_eq!(scan_bytes(b"at 8am"), (true, false, true));
        assert_eq!(scan_bytes(b"ML3 0AA"), (true, false, true));
        assert_eq!(scan_bytes(b"NI AB 12 34"), (true, false, true));
        let long = format!("{}9 {}@", "x ".repeat(40), "y".repeat(40));
        assert_eq!(scan_bytes(long.as_bytes()), (true, true, false));
    }

    #[test]
    fn triggers_wake_only_on_whole_words() {
        let t = Triggers::new(&[]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(t.scan("the addressee of the drinks").families, 0);
        assert!(t.scan("Dr. Who").has(family::NAME));
        assert!(t.scan("my daughter-in-law").has(family::NAME));
        assert!(t.scan("jean[at]example").has(family::EMAIL_WORD));
        assert!(t.scan("example dot com").has(family::EMAIL_WORD));
        assert!(!t.scan("dotted lines").has(family::EMAIL_WORD));
        assert!(t.scan("see www.example.org").has(family::URL));
        assert_eq!(t.scan("oh seven seven double oh").number_words, 5);
        assert!(t.scan("Rose Cottage").has(family::HOUSE));
    }

    #[test]
    fn listed_names_are_found_whole_and_in_any_case() {
        let t = Triggers::new(&["Jean  Smith".to_string(), "Bob".to_string()])
            .unwrap_or_else(|e| panic!("{e}"));
        let s = t.scan("ask JEAN SMITH or bob, not Bobby");
        assert_eq!(s.listed, vec![(4, 14), (18, 21)]);
        assert!(t.scan("Zoë Bob’s").listed.len() == 1);
    }
}
