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
    /// House words ("Cottage").
    pub const HOUSE: u32 = 1 << 8;
    /// A name from the analyst's list.
    pub const LISTED: u32 = 1 << 9;
    /// Words that announce an identity number ("CHI", "NHS", "national insurance").
    pub const ID_CUE: u32 = 1 << 10;
    /// Street-type words ("Road", "Wynd").
    pub const STREET: u32 = 1 << 11;
    /// Residence cues ("live at", "my address is").
    pub const RESIDENCE: u32 = 1 << 12;
}

/// What announces a name, for the name rules: each trigger of the name family is one of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Cue {
    /// "Dr", "Mrs", "Councillor"...
    Title,
    /// "my name is", "ask for"...
    Intro,
    /// "husband", "wee boy", "care worker"...
    Relation,
    /// "Regards", "Thanks"...
    SignOff,
    /// "Dear", "Hi"...
    Greeting,
    /// "I'm", "I am".
    Im,
}

/// One name trigger found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct CueAt {
    pub cue: Cue,
    pub start: usize,
    pub end: usize,
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
    /// Name triggers, in text order.
    pub cues: Vec<CueAt>,
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
    /// Per pattern: every (family, whole word, cue) it stands for ("lady" is a title and a
    /// person word).
    info: Vec<Vec<(u32, bool, Option<Cue>)>>,
}

/// A phrase as written with either apostrophe ("i'm", "i’m").
fn apostrophes(phrase: &str) -> Vec<String> {
    if phrase.contains('\'') {
        vec![phrase.to_string(), phrase.replace('\'', "’")]
    } else {
        vec![phrase.to_string()]
    }
}

impl Triggers {
    /// Builds the automaton from the built-in lists and the analyst's names.
    pub fn new(listed: &[String]) -> Result<Triggers, aho_corasick::BuildError> {
        use family::*;
        let mut words: Vec<String> = Vec::new();
        let mut info: Vec<Vec<(u32, bool, Option<Cue>)>> = Vec::new();
        let mut index: std::collections::HashMap<String, usize> = Default::default();
        let mut add = |w: String, f: u32, bounded: bool, cue: Option<Cue>| {
            for w in apostrophes(&w) {
                let key = w.to_ascii_lowercase();
                let i = *index.entry(key).or_insert_with(|| {
                    words.push(w);
                    info.push(Vec::new());
                    info.len() - 1
                });
                info[i].push((f, bounded, cue));
            }
        };
        let cues = [
            (words::TITLE_ABBREVIATIONS, Cue::Title),
            (words::TITLE_WORDS, Cue::Title),
            (words::RELATIONS, Cue::Relation),
            (words::INTRODUCTIONS, Cue::Intro),
            (words::SIGN_OFFS, Cue::SignOff),
            (words::GREETINGS, Cue::Greeting),
            ("i'm im i_am", Cue::Im),
        ];
        for (group, cue) in cues {
            for phrase in list(group) {
                add(phrase, NAME, true, Some(cue));
            }
        }
        for w in ["dot", "email", "e-mail", "contact"] {
            add(w.into(), EMAIL_WORD, true, None);
        }
        for w in ["[at]", "(at)", "{at}", "[ at ]", "( at )"] {
            add(w.to_string(), EMAIL_WORD, false, None);
        }
        for w in list(words::MAIL_PROVIDERS) {
            add(w, EMAIL_WORD, true, None);
        }
        // Webmail names that are everyday words count only with their dot ("outlook.com").
        for w in list(words::WEAK_MAIL_PROVIDERS) {
            add(format!("{w}."), EMAIL_WORD, false, None);
        }
        for (group, f) in [
            (words::DOB_CUES, DOB),
            ("passport", PASSPORT),
            (words::VEHICLE_CUES, VEHICLE),
            (words::SOCIAL_CUES, SOCIAL),
            (words::NUMBER_WORDS, NUMBER_WORD),
            (words::HOUSE_TYPES, HOUSE),
            (words::RESIDENCE_CUES, RESIDENCE),
            (words::STREET_TYPES, STREET),
            ("chi nhs insurance ni nino", ID_CUE),
        ] {
            for w in list(group) {
                add(w, f, true, None);
            }
        }
        for w in ["://", "www."] {
            add(w.to_string(), URL, false, None);
        }
        for w in list(words::SOCIAL_HOSTS) {
            add(w, URL, false, None);
        }
        for name in listed {
            let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
            if !name.is_empty() {
                add(name, LISTED, true, None);
            }
        }
        let ac = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            // Longest match first: "kind regards" over "regards", "home carer" over "carer".
            .match_kind(MatchKind::LeftmostLongest)
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
        for m in self.ac.find_iter(bytes) {
            let Some(meanings) = self.info.get(m.pattern().as_usize()) else {
                continue;
            };
            let whole = is_whole_word(text, m.start(), m.end());
            for &(f, bounded, cue) in meanings {
                if bounded && !whole {
                    continue;
                }
                scan.families |= f;
                if f == family::NUMBER_WORD {
                    scan.number_words += 1;
                } else if f == family::LISTED {
                    scan.listed.push((m.start(), m.end()));
                }
                if let Some(cue) = cue {
                    scan.cues.push(CueAt {
                        cue,
                        start: m.start(),
                        end: m.end(),
                    });
                }
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
        assert!(t.scan("I live at Braeside").has(family::RESIDENCE));
        assert!(!t.scan("I live in Hamilton").has(family::RESIDENCE));
        assert!(!t.scan("we use outlook").has(family::EMAIL_WORD));
        assert!(t.scan("mary at outlook.com").has(family::EMAIL_WORD));
        let cues: Vec<Cue> = t
            .scan("I’m Jean, my wife Mary")
            .cues
            .iter()
            .map(|c| c.cue)
            .collect();
        assert_eq!(cues, [Cue::Im, Cue::Relation]);
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
