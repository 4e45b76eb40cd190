//! Personal-data redaction for quotes, exports and the index.
//!
//! [`Redactor`] finds e-mail addresses, UK phone numbers, postcodes, CHI/NHS numbers, National
//! Insurance numbers, street addresses and personal names in free text and replaces each with a
//! typed placeholder (`[email]`, `[phone]`, `[postcode]`, `[chi]`, `[nino]`, `[address]`,
//! `[name]`). Every byte outside a replaced span is kept exactly as written.
//!
//! Decisions, so that what reports show is predictable:
//! - Titles and relation words stay, only the name goes: "Dr Patel" -> "Dr [name]", "my wife,
//!   Mary," -> "my wife, [name],". A title or a relation alone identifies no one and keeping it
//!   keeps the quote readable ("Dr [name]'s clinic").
//! - Names are looked for only where the text announces one: after a title (Mr, Dr, Nurse,
//!   Councillor...), after "my name is" / "I'm called", or after a relation ("my husband", "our
//!   neighbour", "my carer"). A capitalised word on its own is never taken for a name, so places
//!   ("Hamilton", "East Kilbride") stay. Capitalised function words ("my husband And I"), days,
//!   months and service words ("my GP Practice") are never names.
//! - Full postcodes only ("ML3 0AA", "ml30aa"); an outward code alone ("G72") covers thousands of
//!   households and stays.
//! - A phone number needs 10 or 11 digits in a usual grouping, or an international prefix, so
//!   service numbers (999, 111, 101), years, sums of money, ward numbers and dates never are.
//! - A 10-digit number written as 0101011234, 943 476 5919, 01 01 01 1234 or 010101 1234 that is
//!   not a phone number is a CHI or NHS number (`[chi]`). The check digit is not tested, so a
//!   mistyped number is still removed.
//! - National Insurance numbers need a valid prefix (HMRC rules); the specimen prefix QQ, printed
//!   on forms and often copied, is accepted too.
//! - Street addresses need a house number, one to three capitalised words and a street type
//!   ("14a Quarry Road"); a flat prefix ("flat 3/2,") and a town after a comma ("..., Hamilton")
//!   are part of the address.
//! - Web addresses stay: in consultation answers they point to organisations' pages, and a
//!   personal one ("facebook.com/...") is rare enough to leave to the person publishing quotes.
//! - When two findings overlap, the longer one wins; on equal length the more specific kind wins
//!   (email, nino, chi, phone, postcode, address, name).
//!
//! Cost: a text with no digit, no `@` and none of the trigger words is checked with one byte scan
//! and one Aho-Corasick pass and copied unchanged; each regular expression runs only when the scan
//! says it could match.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use std::fmt;

/// Every pattern and word list the redactor uses, in one place.
///
/// The regular expressions are assembled from these lists in [`Redactor::new`]; change a list
/// here and both the pre-check and the patterns follow.
mod patterns {
    /// A plain e-mail address.
    pub const EMAIL: &str = r"(?-u:\b)[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?-u:\b)";

    /// Written-out "at" in an obfuscated address: "jean at", "jean [at]", "jean(at)".
    const AT_WORD: &str = r"(?:[ \t]+at[ \t]+)";
    /// Bracketed "at": "[at]", "(at)", "{at}".
    const AT_BRACKET: &str = r"(?:[ \t]*[\[({][ \t]*at[ \t]*[\])}][ \t]*)";
    /// Written-out "dot": " dot ", "[dot]", "(dot)".
    const DOT_WORD: &str = r"(?:[ \t]*[\[({][ \t]*dot[ \t]*[\])}][ \t]*|[ \t]+dot[ \t]+)";
    /// Top-level domains an obfuscated address must end with (keeps "looked at this dot" out).
    const TLDS: &str = "com|org|net|uk|scot|gov|nhs|ac|edu|info|io|me|co|biz";

    /// An obfuscated e-mail address: "jean dot smith at example dot co dot uk", "jean[at]example.com".
    pub fn obfuscated_email() -> String {
        let user = format!(r"[a-z0-9][a-z0-9._%+-]*(?:{DOT_WORD}[a-z0-9][a-z0-9._%+-]*)*");
        let label = r"[a-z0-9][a-z0-9-]*";
        // Either the "at" is bracketed and the dots may be real, or every dot is written out.
        format!(
            r"(?i)(?-u:\b){user}(?:{AT_BRACKET}{label}(?:(?:{DOT_WORD}|\.){label})*(?:{DOT_WORD}|\.)|(?:{AT_WORD}|{AT_BRACKET}){label}(?:{DOT_WORD}{label})*{DOT_WORD})(?:{TLDS})(?-u:\b)"
        )
    }

    /// A run of digit groups that may hold a phone or CHI number; [`super::classify_digits`]
    /// decides. Groups are separated by one space, hyphen or dot, or by brackets ("(0)1698").
    pub const DIGIT_RUN: &str = r"(?:\+|\(|(?-u:\b))[0-9][0-9()]*(?:[ .\-]?\(?[0-9][0-9()]*)*";

    /// A full UK postcode: outward code, optional space, inward code (letters CIKMOV never appear
    /// in the inward code).
    pub const POSTCODE: &str =
        r"(?i)(?-u:\b)([A-Z]{1,2}[0-9][A-Z0-9]?)[ ]?([0-9][ABD-HJLNP-UW-Z]{2})(?-u:\b)";

    /// A National Insurance number: two prefix letters, three pairs of digits, suffix A-D.
    pub const NINO: &str =
        r"(?i)(?-u:\b)([A-Z])([A-Z])[ -]?[0-9]{2}[ -]?[0-9]{2}[ -]?[0-9]{2}[ -]?[A-D](?-u:\b)";

    /// Street-type words that end the street part of an address ("Road", "Wynd", "Brae"...).
    pub const STREET_TYPES: &[&str] = &[
        "street",
        "st",
        "road",
        "rd",
        "avenue",
        "ave",
        "drive",
        "crescent",
        "cres",
        "place",
        "pl",
        "terrace",
        "terr",
        "gardens",
        "gdns",
        "court",
        "ct",
        "way",
        "lane",
        "ln",
        "wynd",
        "close",
        "brae",
        "gate",
        "park",
        "grove",
        "view",
        "row",
        "loan",
        "loaning",
        "square",
        "sq",
        "quadrant",
        "circle",
        "mews",
        "walk",
        "path",
        "green",
        "rise",
        "hill",
        "vale",
        "bank",
        "neuk",
        "vennel",
        "boulevard",
        "parade",
        "mount",
        "quay",
        "wharf",
        "steading",
        "cottages",
        "mains",
        "glen",
        "gait",
        "causeway",
        "circus",
        "croft",
        "heights",
        "knowe",
        "lea",
        "meadow",
        "meadows",
        "wood",
    ];

    /// A street address. Group 1: number and street; group 2: an optional town after a comma.
    pub fn address() -> String {
        let types = STREET_TYPES.join("|");
        let flat = r"(?:(?i:flat|apartment|apt|unit)\.?[ \t]+[0-9]{1,3}[A-Za-z]?(?:/[0-9]{1,3})?,?[ \t]+)?";
        let number = r"[0-9]{1,4}[A-Za-z]?(?:/[0-9]{1,3})?(?:[-–][0-9]{1,4}[A-Za-z]?)?,?[ \t]+";
        let word = r"\p{Lu}[\p{L}'’-]*\.?";
        let town = r"\p{Lu}\p{Ll}[\p{L}'’-]*(?:[ \t]+\p{Lu}\p{Ll}[\p{L}'’-]*)?";
        format!(
            r"(?-u:\b)({flat}{number}(?:{word}[ \t]+){{1,3}}(?i:{types})(?-u:\b))(?:,[ \t]*({town}))?"
        )
    }

    /// Abbreviated titles; the first letter may be lower case ("dr Patel").
    pub const TITLE_ABBREVIATIONS: &[&str] =
        &["Mrs", "Mr", "Ms", "Mx", "Dr", "Prof", "Cllr", "Revd", "Rev"];
    /// Titles written in full; they must be capitalised ("I miss Glasgow" has no title).
    pub const TITLE_WORDS: &[&str] = &[
        "Miss",
        "Doctor",
        "Nurse",
        "Sister",
        "Matron",
        "Councillor",
        "Professor",
        "Reverend",
        "Pastor",
        "Father",
        "Sir",
        "Dame",
    ];

    /// One word of a name: capitalised, with inner apostrophes or hyphens ("O'Neill",
    /// "Smith-Jones"); a trailing dot is kept for initials ("J.") and trimmed otherwise. A
    /// possessive "'s" is not part of the word.
    pub const NAME_WORD: &str = r"\p{Lu}\p{L}*(?:['’-]\p{Lu}\p{L}*)*\.?";

    /// Up to three name words on one line.
    pub fn name_seq() -> String {
        format!(r"({NAME_WORD}(?:[ \t]+{NAME_WORD}){{0,2}})")
    }

    /// A title followed by a name: "Dr Patel", "Councillor J. McLeod".
    pub fn titled_name() -> String {
        let mut alts: Vec<String> = TITLE_ABBREVIATIONS
            .iter()
            .map(|t| {
                let (first, rest) = t.split_at(1);
                format!("[{}{}]{}", first, first.to_lowercase(), rest)
            })
            .collect();
        alts.extend(TITLE_WORDS.iter().map(|t| (*t).to_string()));
        format!(r"(?-u:\b)(?:{})\.?[ \t]+{}", alts.join("|"), name_seq())
    }

    /// Phrases after which a name follows: the writer's own ("my name is") or a contact's ("ask
    /// for Sandra").
    pub const INTRODUCTIONS: &[&str] = &[
        "my name is",
        "my name's",
        "name's",
        "i am called",
        "i'm called",
        "i am named",
        "i'm named",
        "ask for",
        "asked for",
    ];

    /// "my name is Jean Smith", "I'm called Bob", "ask for Sandra".
    pub fn introduced_name() -> String {
        let alts: Vec<String> = INTRODUCTIONS.iter().map(|p| phrase(p)).collect();
        format!(r"(?-u:\b)(?i:{})[ \t]+{}", alts.join("|"), name_seq())
    }

    /// Relations after which a capitalised word is a name ("my husband John", "my carer Julie").
    pub const RELATIONS: &[&str] = &[
        "husband",
        "wife",
        "partner",
        "spouse",
        "fiance",
        "fiancé",
        "fiancee",
        "fiancée",
        "boyfriend",
        "girlfriend",
        "mum",
        "mam",
        "mom",
        "mummy",
        "mother",
        "dad",
        "daddy",
        "father",
        "stepmum",
        "stepmother",
        "stepdad",
        "stepfather",
        "son",
        "sons",
        "daughter",
        "daughters",
        "stepson",
        "stepdaughter",
        "child",
        "children",
        "kids",
        "baby",
        "twin",
        "twins",
        "brother",
        "brothers",
        "sister",
        "sisters",
        "grandson",
        "grandsons",
        "granddaughter",
        "granddaughters",
        "grandchild",
        "grandchildren",
        "gran",
        "granny",
        "grannie",
        "nan",
        "nana",
        "nanna",
        "grandmother",
        "grandma",
        "grandfather",
        "grandad",
        "granda",
        "grandpa",
        "papa",
        "aunt",
        "auntie",
        "aunty",
        "uncle",
        "nephew",
        "niece",
        "cousin",
        "friend",
        "pal",
        "neighbour",
        "neighbours",
        "neighbor",
        "neighbors",
        "carer",
        "carers",
        "care worker",
        "support worker",
        "key worker",
        "home carer",
        "social worker",
        "link worker",
        "gp",
        "doctor",
        "nurse",
        "district nurse",
        "health visitor",
        "midwife",
        "consultant",
        "physio",
        "dentist",
        "pharmacist",
        "advocate",
    ];
    /// Words that may stand between the possessive and the relation ("my late husband").
    const RELATION_MODIFIERS: &str = "late|elderly|disabled|young|little|wee|eldest|youngest|oldest|older|younger|big|twin|new|former|ex|step";

    /// "my husband John", "my wife, Mary,", "my daughter-in-law Claire", "a carer called Julie".
    pub fn related_name() -> String {
        let mut rel: Vec<String> = RELATIONS.iter().map(|p| phrase(p)).collect();
        // Longest first so that "sons" is preferred over "son" where both could match.
        rel.sort_by_key(|r| std::cmp::Reverse(r.len()));
        let rel = format!(
            r"(?:(?:{RELATION_MODIFIERS})[ \t-]+)?(?:{})(?:-in-law|[ \t]+in[ \t]+law)?",
            rel.join("|")
        );
        let called = r"(?:called|named)";
        format!(
            r"(?-u:\b)(?i:(?:my|our|his|her|their|your)[ \t]+{rel}(?:,?[ \t]+{called})?|(?:a|an|the|one)[ \t]+{rel},?[ \t]+{called}),?[ \t]+{}",
            name_seq()
        )
    }

    /// A second name joined by "and": "my sons Kyle and Ryan".
    pub fn and_name() -> String {
        format!(r"^[ \t]+(?:and|&)[ \t]+({NAME_WORD})")
    }

    /// Capitalised words that are never names or towns, compared in lower case: function words
    /// (so "my husband And I" keeps its "And"), days and months that are not also given names,
    /// titles and relations (handled by their own rules), and service words ("my GP Practice").
    pub const NOT_NAMES: &[&str] = &[
        // function words
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "nor",
        "so",
        "yet",
        "if",
        "then",
        "than",
        "when",
        "while",
        "whilst",
        "where",
        "who",
        "whom",
        "whose",
        "which",
        "what",
        "why",
        "how",
        "that",
        "this",
        "these",
        "those",
        "there",
        "here",
        "it",
        "its",
        "i",
        "me",
        "my",
        "mine",
        "we",
        "us",
        "our",
        "you",
        "your",
        "he",
        "him",
        "his",
        "she",
        "her",
        "they",
        "them",
        "their",
        "is",
        "was",
        "are",
        "were",
        "be",
        "been",
        "being",
        "has",
        "had",
        "have",
        "having",
        "do",
        "does",
        "did",
        "done",
        "can",
        "could",
        "would",
        "shall",
        "should",
        "might",
        "must",
        "not",
        "no",
        "yes",
        "also",
        "too",
        "very",
        "just",
        "only",
        "even",
        "still",
        "now",
        "always",
        "never",
        "often",
        "sometimes",
        "usually",
        "today",
        "yesterday",
        "tomorrow",
        "tonight",
        "please",
        "thanks",
        "thank",
        "sadly",
        "unfortunately",
        "luckily",
        "thankfully",
        "recently",
        "currently",
        "eventually",
        "finally",
        "because",
        "although",
        "though",
        "since",
        "as",
        "at",
        "in",
        "on",
        "of",
        "to",
        "for",
        "from",
        "with",
        "without",
        "by",
        "about",
        "after",
        "before",
        "until",
        "till",
        "into",
        "onto",
        "over",
        "under",
        "up",
        "down",
        "out",
        "off",
        "through",
        "during",
        "across",
        "against",
        "between",
        "among",
        "every",
        "each",
        "all",
        "any",
        "some",
        "many",
        "much",
        "most",
        "more",
        "less",
        "few",
        "both",
        "either",
        "neither",
        "other",
        "another",
        "last",
        "next",
        "first",
        "second",
        "let",
        "got",
        "get",
        "gets",
        "went",
        "goes",
        "go",
        "says",
        "said",
        "lives",
        "lived",
        "works",
        "worked",
        "needs",
        "needed",
        "uses",
        "used",
        "came",
        "comes",
        "took",
        "takes",
        "tried",
        "feels",
        "felt",
        "ok",
        "okay",
        "however",
        "again",
        "well",
        "who's",
        // days and months (May, June, April and August are also given names and stay out)
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "july",
        "september",
        "october",
        "november",
        "december",
        // titles
        "mr",
        "mrs",
        "ms",
        "mx",
        "miss",
        "dr",
        "doctor",
        "prof",
        "professor",
        "nurse",
        "sister",
        "matron",
        "councillor",
        "cllr",
        "rev",
        "revd",
        "reverend",
        "pastor",
        "father",
        "sir",
        "dame",
        // relations as capitalised forms of address
        "mum",
        "mam",
        "mom",
        "mummy",
        "dad",
        "daddy",
        "gran",
        "granny",
        "nan",
        "nana",
        "papa",
        "grandad",
        "grandma",
        "grandpa",
        "auntie",
        "uncle",
        // service words
        "hospital",
        "practice",
        "surgery",
        "centre",
        "center",
        "clinic",
        "ward",
        "unit",
        "team",
        "service",
        "services",
        "council",
        "partnership",
        "board",
        "health",
        "care",
        "trust",
        "society",
        "group",
        "home",
        "office",
        "department",
        "ambulance",
        "pharmacy",
        "chemist",
        "practitioner",
        "specialist",
        "consultant",
        "surgeon",
        "manager",
        "worker",
        "support",
        "lead",
        "visitor",
        "staff",
        "social",
        "community",
        "day",
        "night",
        "christmas",
        "help",
        "advice",
        "information",
        "assistance",
        "street",
        "road",
    ];

    /// Pre-check words for the obfuscated e-mail pattern (whole words).
    pub const OBFUSCATION_WORDS: &[&str] = &["dot"];
    /// Pre-check strings for the obfuscated e-mail pattern (anywhere).
    pub const OBFUSCATION_MARKS: &[&str] = &["[at]", "(at)", "{at}", "[ at ]", "( at )"];

    /// A lower-case phrase as a pattern: spaces become runs of blanks, apostrophes match both
    /// forms.
    fn phrase(p: &str) -> String {
        let mut out = String::new();
        for c in p.chars() {
            match c {
                ' ' => out.push_str(r"[ \t]+"),
                '\'' => out.push_str("['’]"),
                _ => out.push(c),
            }
        }
        out
    }
}

/// The kind of personal data a span holds; decides the placeholder that replaces it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PiiKind {
    /// An e-mail address, plain or written out ("jean at example dot com").
    Email,
    /// A UK or international telephone number.
    Phone,
    /// A full UK postcode.
    Postcode,
    /// A CHI or NHS number (10 digits).
    Chi,
    /// A National Insurance number.
    Nino,
    /// A street address with a house number.
    Address,
    /// A personal name announced by a title, an introduction or a relation.
    Name,
}

impl PiiKind {
    /// Every kind, in placeholder order.
    pub const ALL: [PiiKind; 7] = [
        PiiKind::Email,
        PiiKind::Phone,
        PiiKind::Postcode,
        PiiKind::Chi,
        PiiKind::Nino,
        PiiKind::Address,
        PiiKind::Name,
    ];

    /// The lower-case name used in placeholders and serialised output ("phone").
    pub fn name(self) -> &'static str {
        match self {
            PiiKind::Email => "email",
            PiiKind::Phone => "phone",
            PiiKind::Postcode => "postcode",
            PiiKind::Chi => "chi",
            PiiKind::Nino => "nino",
            PiiKind::Address => "address",
            PiiKind::Name => "name",
        }
    }

    /// The text that replaces a span of this kind ("[phone]").
    pub fn placeholder(self) -> &'static str {
        match self {
            PiiKind::Email => "[email]",
            PiiKind::Phone => "[phone]",
            PiiKind::Postcode => "[postcode]",
            PiiKind::Chi => "[chi]",
            PiiKind::Nino => "[nino]",
            PiiKind::Address => "[address]",
            PiiKind::Name => "[name]",
        }
    }

    /// Precedence on equal-length overlaps: lower wins.
    fn rank(self) -> u8 {
        match self {
            PiiKind::Email => 0,
            PiiKind::Nino => 1,
            PiiKind::Chi => 2,
            PiiKind::Phone => 3,
            PiiKind::Postcode => 4,
            PiiKind::Address => 5,
            PiiKind::Name => 6,
        }
    }
}

impl fmt::Display for PiiKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One span of personal data: its kind and its byte range in the original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Redaction {
    /// What the span holds.
    pub kind: PiiKind,
    /// Byte offset of the first byte of the span.
    pub start: usize,
    /// Byte offset one past the last byte of the span.
    pub end: usize,
}

/// Which pattern family a pre-check word belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Trigger {
    Name,
    Obfuscation,
}

/// How a name was announced; decides which words may follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NameRule {
    /// After a title: initials ("J.") and capitals ("PATEL") are accepted.
    Title,
    /// After an introduction or a relation: the word needs a lower-case letter ("GP" is no name).
    Plain,
}

/// Finds and replaces personal data. Built once (all patterns compiled in [`Redactor::new`]),
/// shared freely across threads, and reused for any number of texts.
#[derive(Debug, Clone)]
pub struct Redactor {
    /// Trigger words for the name and obfuscated e-mail patterns.
    triggers: AhoCorasick,
    /// Per trigger pattern: its family and whether it must stand as a whole word.
    trigger_info: Vec<(Trigger, bool)>,
    email: Regex,
    obfuscated_email: Regex,
    digit_run: Regex,
    postcode: Regex,
    nino: Regex,
    address: Regex,
    titled_name: Regex,
    introduced_name: Regex,
    related_name: Regex,
    and_name: Regex,
    not_names: HashSet<&'static str>,
}

impl Default for Redactor {
    fn default() -> Self {
        Redactor::new()
    }
}

/// Compiles one of the built-in patterns; they are constants, covered by the tests.
fn compile(pattern: &str) -> Regex {
    match Regex::new(pattern) {
        Ok(re) => re,
        Err(e) => panic!("built-in redaction pattern does not compile: {e}"),
    }
}

impl Redactor {
    /// Compiles every pattern. Costs a few milliseconds; build one and share it.
    pub fn new() -> Self {
        use patterns::*;
        let mut words: Vec<String> = Vec::new();
        let mut trigger_info = Vec::new();
        let mut add = |w: &str, t: Trigger, bounded: bool| {
            words.push(w.to_string());
            trigger_info.push((t, bounded));
        };
        for t in TITLE_ABBREVIATIONS.iter().chain(TITLE_WORDS) {
            add(t, Trigger::Name, true);
        }
        for phrase in RELATIONS.iter().chain(INTRODUCTIONS) {
            // The longest word of a phrase (the first on a tie: "ask", not "for") is enough to
            // wake its pattern ("care worker" -> "worker"); the pattern checks the whole phrase.
            let longest = phrase
                .split([' ', '\''])
                .rev()
                .max_by_key(|w| w.len())
                .unwrap_or(phrase);
            add(longest, Trigger::Name, true);
        }
        for w in OBFUSCATION_WORDS {
            add(w, Trigger::Obfuscation, true);
        }
        for w in OBFUSCATION_MARKS {
            add(w, Trigger::Obfuscation, false);
        }
        let triggers = match AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            // A few hundred states: a full DFA is small and scans far faster than the NFA.
            .kind(Some(AhoCorasickKind::DFA))
            .build(&words)
        {
            Ok(ac) => ac,
            Err(e) => panic!("built-in redaction trigger words do not compile: {e}"),
        };
        Redactor {
            triggers,
            trigger_info,
            email: compile(EMAIL),
            obfuscated_email: compile(&obfuscated_email()),
            digit_run: compile(DIGIT_RUN),
            postcode: compile(POSTCODE),
            nino: compile(NINO),
            address: compile(&address()),
            titled_name: compile(&titled_name()),
            introduced_name: compile(&introduced_name()),
            related_name: compile(&related_name()),
            and_name: compile(&and_name()),
            not_names: NOT_NAMES.iter().copied().collect(),
        }
    }

    /// The text with every span of personal data replaced by its placeholder ("[phone]"); all
    /// other bytes are kept as written.
    pub fn redact(&self, text: &str) -> String {
        let found = self.find(text);
        if found.is_empty() {
            return text.to_owned();
        }
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for r in &found {
            out.push_str(text.get(at..r.start).unwrap_or_default());
            out.push_str(r.kind.placeholder());
            at = r.end;
        }
        out.push_str(text.get(at..).unwrap_or_default());
        out
    }

    /// What [`Redactor::redact`] would replace: kind and byte span, sorted by position and
    /// non-overlapping.
    pub fn find(&self, text: &str) -> Vec<Redaction> {
        let bytes = text.as_bytes();
        let (has_digit, has_at) = scan_digits_and_at(bytes);
        let (wants_names, wants_obfuscated) = self.scan_triggers(bytes);
        if !(has_digit || has_at || wants_names || wants_obfuscated) {
            return Vec::new();
        }

        let mut found = Vec::new();
        if has_at {
            push_all(&mut found, &self.email, text, PiiKind::Email);
        }
        if wants_obfuscated {
            push_all(&mut found, &self.obfuscated_email, text, PiiKind::Email);
        }
        if has_digit {
            self.find_digit_runs(text, &mut found);
            self.find_postcodes(text, &mut found);
            self.find_ninos(text, &mut found);
            self.find_addresses(text, &mut found);
        }
        if wants_names {
            self.find_names(text, &self.titled_name, NameRule::Title, &mut found);
            self.find_names(text, &self.introduced_name, NameRule::Plain, &mut found);
            self.find_names(text, &self.related_name, NameRule::Plain, &mut found);
        }
        resolve(found)
    }

    /// Whether any whole trigger word for names, or any obfuscation mark, occurs in the text.
    fn scan_triggers(&self, bytes: &[u8]) -> (bool, bool) {
        let (mut names, mut obfuscated) = (false, false);
        for m in self.triggers.find_overlapping_iter(bytes) {
            let Some(&(kind, bounded)) = self.trigger_info.get(m.pattern().as_usize()) else {
                continue;
            };
            if bounded && !is_whole_word(bytes, m.start(), m.end()) {
                continue;
            }
            match kind {
                Trigger::Name => names = true,
                Trigger::Obfuscation => obfuscated = true,
            }
            if names && obfuscated {
                break;
            }
        }
        (names, obfuscated)
    }

    /// Phone and CHI numbers: every run of digit groups is split into its best readings.
    fn find_digit_runs(&self, text: &str, found: &mut Vec<Redaction>) {
        let mut groups = Vec::new();
        let mut digits = Vec::new();
        for m in self.digit_run.find_iter(text) {
            groups.clear();
            digits.clear();
            split_groups(m.as_str(), m.start(), &mut groups, &mut digits);
            let mut i = 0;
            while i < groups.len() {
                let longest = (i..groups.len().min(i + MAX_GROUPS))
                    .rev()
                    .find_map(|j| classify_digits(&groups[i..=j], &digits).map(|k| (j, k)));
                match longest {
                    Some((j, kind)) => {
                        found.push(Redaction {
                            kind,
                            start: groups[i].start,
                            end: groups[j].end,
                        });
                        i = j + 1;
                    }
                    None => i += 1,
                }
            }
        }
    }

    fn find_postcodes(&self, text: &str, found: &mut Vec<Redaction>) {
        for c in self.postcode.captures_iter(text) {
            let (Some(all), Some(outward), Some(inward)) = (c.get(0), c.get(1), c.get(2)) else {
                continue;
            };
            if valid_postcode(all.as_str(), outward.as_str(), inward.as_str()) {
                found.push(Redaction {
                    kind: PiiKind::Postcode,
                    start: all.start(),
                    end: all.end(),
                });
            }
        }
    }

    fn find_ninos(&self, text: &str, found: &mut Vec<Redaction>) {
        for c in self.nino.captures_iter(text) {
            let (Some(all), Some(a), Some(b)) = (c.get(0), c.get(1), c.get(2)) else {
                continue;
            };
            let first = a.as_str().bytes().next().unwrap_or(b'D');
            let second = b.as_str().bytes().next().unwrap_or(b'D');
            if valid_nino_prefix(first.to_ascii_uppercase(), second.to_ascii_uppercase()) {
                found.push(Redaction {
                    kind: PiiKind::Nino,
                    start: all.start(),
                    end: all.end(),
                });
            }
        }
    }

    fn find_addresses(&self, text: &str, found: &mut Vec<Redaction>) {
        for c in self.address.captures_iter(text) {
            let Some(street) = c.get(1) else { continue };
            let mut end = street.end();
            if let Some(town) = c.get(2) {
                // The town joins the address unless it is a function word ("..., The staff").
                for (s, w) in words(text, town.start(), town.end()) {
                    if self.is_not_name(w) {
                        break;
                    }
                    end = s + w.len();
                }
            }
            found.push(Redaction {
                kind: PiiKind::Address,
                start: street.start(),
                end,
            });
        }
    }

    fn find_names(&self, text: &str, re: &Regex, rule: NameRule, found: &mut Vec<Redaction>) {
        for c in re.captures_iter(text) {
            let Some(seq) = c.get(1) else { continue };
            let Some(end) = self.accept_name(text, seq.start(), seq.end(), rule) else {
                continue;
            };
            found.push(Redaction {
                kind: PiiKind::Name,
                start: seq.start(),
                end,
            });
            // "my sons Kyle and Ryan": a second name joined by "and".
            if let Some(extra) = text
                .get(end..)
                .and_then(|rest| self.and_name.captures(rest))
                .and_then(|c| c.get(1))
            {
                let (s, e) = (end + extra.start(), end + extra.end());
                if let Some(e) = self.accept_name(text, s, e, NameRule::Plain) {
                    found.push(Redaction {
                        kind: PiiKind::Name,
                        start: s,
                        end: e,
                    });
                }
            }
        }
    }

    /// The end of the name that starts at `start`: the leading words of `start..end` that can be
    /// names. None when not one word qualifies.
    fn accept_name(&self, text: &str, start: usize, end: usize, rule: NameRule) -> Option<usize> {
        let mut accepted = None;
        for (s, w) in words(text, start, end) {
            let (core, dotted) = match w.strip_suffix('.') {
                Some(core) => (core, true),
                None => (w, false),
            };
            let initial = core.chars().count() == 1;
            if self.is_not_name(core) {
                break;
            }
            let has_lower = core.chars().any(char::is_lowercase);
            match rule {
                NameRule::Plain if !has_lower => break,
                // "Dr J Smith" yes, "Dr A" alone no: an undotted initial waits for a full word.
                NameRule::Title if initial && !dotted => continue,
                _ => {}
            }
            if initial {
                // A dotted initial ("J.") keeps its dot.
                accepted = Some(s + w.len());
                continue;
            }
            accepted = Some(s + core.len());
            if dotted {
                // "Dr Smith. Mary said": the dot ends the sentence and the name.
                break;
            }
        }
        accepted
    }

    fn is_not_name(&self, word: &str) -> bool {
        let lower = word.to_lowercase();
        let lower = lower.trim_end_matches(['\'', '’']);
        self.not_names.contains(lower)
    }
}

/// The most digit groups one phone number is written in ("+44 (0)1698 123 456" is five).
const MAX_GROUPS: usize = 6;

/// One group of digits in a run, with its byte span (including a leading `+` or brackets).
#[derive(Debug, Clone, Copy)]
struct DigitGroup {
    start: usize,
    end: usize,
    /// Range of this group's digits in the shared digit buffer.
    d0: usize,
    d1: usize,
    plus: bool,
    bracketed: bool,
}

impl DigitGroup {
    fn len(&self) -> usize {
        self.d1 - self.d0
    }
}

/// Splits a digit run ("+44 (0)1698 123456") into groups ("+44", "(0)", "1698", "123456").
fn split_groups(run: &str, offset: usize, groups: &mut Vec<DigitGroup>, digits: &mut Vec<u8>) {
    let mut open: Option<DigitGroup> = None;
    let mut plus_at = None;
    let mut bracket_at = None;
    let close = |open: &mut Option<DigitGroup>, groups: &mut Vec<DigitGroup>| {
        if let Some(g) = open.take() {
            groups.push(g);
        }
    };
    for (i, b) in run.bytes().enumerate() {
        let pos = offset + i;
        match b {
            b'0'..=b'9' => {
                let g = open.get_or_insert_with(|| DigitGroup {
                    start: bracket_at.or(plus_at).unwrap_or(pos),
                    end: pos,
                    d0: digits.len(),
                    d1: digits.len(),
                    plus: plus_at.is_some(),
                    bracketed: bracket_at.is_some(),
                });
                digits.push(b);
                g.d1 = digits.len();
                g.end = pos + 1;
                plus_at = None;
            }
            b'+' => plus_at = Some(pos),
            b'(' => {
                close(&mut open, groups);
                bracket_at = Some(pos);
            }
            b')' => {
                if let Some(g) = open.as_mut() {
                    if g.bracketed {
                        g.end = pos + 1;
                    }
                }
                close(&mut open, groups);
                bracket_at = None;
            }
            _ => {
                close(&mut open, groups);
                bracket_at = None;
            }
        }
    }
    close(&mut open, groups);
}

/// Whether consecutive digit groups read as one phone or CHI number, and which.
fn classify_digits(groups: &[DigitGroup], digits: &[u8]) -> Option<PiiKind> {
    let first = groups.first()?;
    let last = groups.last()?;
    let d = digits.get(first.d0..last.d1)?;
    if first.plus || d.starts_with(b"00") {
        return classify_international(groups, digits);
    }
    if groups.len() > 4 || groups.iter().any(|g| g.len() < 2) {
        return None;
    }
    let national = d.first() == Some(&b'0') && d.get(1).is_some_and(|c| *c != b'0');
    let sizes: Vec<usize> = groups.iter().map(DigitGroup::len).collect();
    match d.len() {
        11 if national && (sizes[0] >= 3 || first.bracketed) => Some(PiiKind::Phone),
        10 => {
            let bracketed = groups.iter().any(|g| g.bracketed);
            let chi_layout = matches!(sizes.as_slice(), [10] | [3, 3, 4] | [2, 2, 2, 4] | [6, 4]);
            if !bracketed && chi_layout {
                Some(PiiKind::Chi)
            } else if national && groups.len() <= 3 && sizes.iter().all(|s| *s >= 3) {
                Some(PiiKind::Phone)
            } else {
                None
            }
        }
        _ => None,
    }
}

/// "+44 7700 900123", "+44 (0)1698 123456", "0044 141 555 0123", "+353 1 234 5678".
fn classify_international(groups: &[DigitGroup], digits: &[u8]) -> Option<PiiKind> {
    let first = groups.first()?;
    // The trunk "(0)" written after the country code is not dialled.
    let mut d: Vec<u8> = Vec::with_capacity(16);
    for g in groups {
        let gd = digits.get(g.d0..g.d1)?;
        if g.bracketed && gd == b"0" && !d.is_empty() {
            continue;
        }
        d.extend_from_slice(gd);
    }
    let rest = if first.plus { &d[..] } else { d.get(2..)? };
    if let Some(national) = rest.strip_prefix(b"44") {
        let national = national.strip_prefix(b"0").unwrap_or(national);
        let ok = (9..=10).contains(&national.len()) && national.first() != Some(&b'0');
        return ok.then_some(PiiKind::Phone);
    }
    (8..=15)
        .contains(&rest.len())
        .then_some(PiiKind::Phone)
        .filter(|_| rest.first() != Some(&b'0'))
}

/// Outward-code letter rules, and no ordinals or clock times in lower or mixed case
/// ("b12 3rd" is not a postcode; "B12 3RD" is).
fn valid_postcode(all: &str, outward: &str, inward: &str) -> bool {
    let ob = outward.as_bytes();
    let first = ob.first().map(u8::to_ascii_uppercase);
    if matches!(first, Some(b'Q' | b'V' | b'X') | None) {
        return false;
    }
    if ob.get(1).is_some_and(u8::is_ascii_alphabetic)
        && matches!(
            ob.get(1).map(u8::to_ascii_uppercase),
            Some(b'I' | b'J' | b'Z')
        )
    {
        return false;
    }
    let upper = !all.bytes().any(|b| b.is_ascii_lowercase());
    if !upper {
        let tail = inward.get(1..).unwrap_or_default().to_ascii_lowercase();
        if matches!(tail.as_str(), "st" | "nd" | "rd" | "th" | "am" | "pm") {
            return false;
        }
    }
    true
}

/// HMRC prefix rules, plus the specimen prefix QQ.
fn valid_nino_prefix(a: u8, b: u8) -> bool {
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

/// Whether the text holds an ASCII digit, and whether it holds an '@'. Branch-free within
/// 32-byte chunks so that the compiler can vectorise it; stops early once both are seen.
fn scan_digits_and_at(bytes: &[u8]) -> (bool, bool) {
    let (mut digit, mut at) = (false, false);
    for chunk in bytes.chunks(32) {
        let (d, a) = chunk.iter().fold((false, false), |(d, a), &b| {
            (d | (b.wrapping_sub(b'0') < 10), a | (b == b'@'))
        });
        digit |= d;
        at |= a;
        if digit && at {
            break;
        }
    }
    (digit, at)
}

/// Whether `start..end` is not glued to a letter or digit on either side.
fn is_whole_word(bytes: &[u8], start: usize, end: usize) -> bool {
    let before = start.checked_sub(1).and_then(|i| bytes.get(i));
    let after = bytes.get(end);
    !before.is_some_and(u8::is_ascii_alphanumeric) && !after.is_some_and(u8::is_ascii_alphanumeric)
}

/// The blank-separated words of `text[start..end]` with their byte offsets.
fn words(text: &str, start: usize, end: usize) -> impl Iterator<Item = (usize, &str)> {
    let slice = text.get(start..end).unwrap_or_default();
    slice
        .split([' ', '\t'])
        .scan(start, |pos, w| {
            let at = *pos;
            *pos += w.len() + 1;
            Some((at, w))
        })
        .filter(|(_, w)| !w.is_empty())
}

fn push_all(found: &mut Vec<Redaction>, re: &Regex, text: &str, kind: PiiKind) {
    found.extend(re.find_iter(text).map(|m| Redaction {
        kind,
        start: m.start(),
        end: m.end(),
    }));
}

/// Keeps the longest (then most specific) of overlapping findings; returns them in text order.
fn resolve(mut found: Vec<Redaction>) -> Vec<Redaction> {
    if found.len() <= 1 {
        return found;
    }
    found.sort_by_key(|r| (std::cmp::Reverse(r.end - r.start), r.kind.rank(), r.start));
    // Kept spans by start; a candidate is kept when it overlaps none of them.
    let mut kept: BTreeMap<usize, Redaction> = BTreeMap::new();
    for r in found {
        if r.start >= r.end {
            continue;
        }
        let before = kept.range(..r.end).next_back();
        let overlaps = before.is_some_and(|(_, k)| k.end > r.start);
        if !overlaps {
            kept.insert(r.start, r);
        }
    }
    kept.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::OnceLock;

    fn redactor() -> &'static Redactor {
        static R: OnceLock<Redactor> = OnceLock::new();
        R.get_or_init(Redactor::new)
    }

    fn red(text: &str) -> String {
        redactor().redact(text)
    }

    /// Asserts that the text comes back byte for byte.
    fn untouched(text: &str) {
        assert_eq!(red(text), text, "should not be redacted: {text:?}");
        assert!(redactor().find(text).is_empty(), "{text:?}");
    }

    fn kinds(text: &str) -> Vec<PiiKind> {
        redactor().find(text).iter().map(|r| r.kind).collect()
    }

    // ---------- e-mail ----------

    #[test]
    fn email_plain() {
        assert_eq!(
            red("email jean.smith@example.com please"),
            "email [email] please"
        );
        assert_eq!(
            red("Contact: bob_k+survey@mail.example.co.uk."),
            "Contact: [email]."
        );
        assert_eq!(red("(j.smith2019@example.org)"), "([email])");
        assert_eq!(red("a@b.scot and c@d.com"), "[email] and [email]");
    }

    #[test]
    fn email_obfuscated() {
        assert_eq!(red("write to jean at example dot com"), "write to [email]");
        assert_eq!(
            red("jean dot smith at example dot co dot uk ok"),
            "[email] ok"
        );
        assert_eq!(red("jean[at]example.com"), "[email]");
        assert_eq!(red("jean (at) example (dot) org"), "[email]");
    }

    #[test]
    fn email_negatives() {
        untouched("I was at the hospital at 3");
        untouched("I looked at the website nhsinform.scot yesterday");
        untouched("send it @ the council");
        untouched("dot the i's and cross the t's");
    }

    // ---------- phone ----------

    #[test]
    fn phone_landline_forms() {
        assert_eq!(red("call 01698 123456 now"), "call [phone] now");
        assert_eq!(red("call 01698 123 456 now"), "call [phone] now");
        assert_eq!(red("call 0141 555 0123 now"), "call [phone] now");
        assert_eq!(red("call 0141-555-0123 now"), "call [phone] now");
        assert_eq!(red("call (01355) 234567 now"), "call [phone] now");
        assert_eq!(red("call 01698123456"), "call [phone]");
    }

    #[test]
    fn phone_mobile_forms() {
        assert_eq!(red("text 07700 900123"), "text [phone]");
        assert_eq!(red("text 07700900123"), "text [phone]");
        assert_eq!(red("text 07700 900 123."), "text [phone].");
    }

    #[test]
    fn phone_international_forms() {
        assert_eq!(red("ring +44 7700 900123"), "ring [phone]");
        assert_eq!(red("ring +44 (0)1698 123456"), "ring [phone]");
        assert_eq!(red("ring 0044 141 555 0123"), "ring [phone]");
        assert_eq!(red("ring +447700900123"), "ring [phone]");
        assert_eq!(red("ring +353 1 234 5678"), "ring [phone]");
    }

    #[test]
    fn phone_freephone_and_03() {
        assert_eq!(red("0800 123 4567 is free"), "[phone] is free");
        assert_eq!(red("or 0300 123 4567"), "or [phone]");
    }

    #[test]
    fn phone_two_in_a_row_and_trailing_numbers() {
        assert_eq!(red("0141 555 0123 07700 900123"), "[phone] [phone]");
        assert_eq!(red("07700900123/07700900124"), "[phone]/[phone]");
        assert_eq!(red("rang 0141 555 0123 2 times"), "rang [phone] 2 times");
        assert_eq!(red("Ward 12 0141 555 0123"), "Ward 12 [phone]");
    }

    #[test]
    fn phone_spans_are_exact() {
        let f = redactor().find("Tel: (01355) 234567.");
        assert_eq!(
            f,
            vec![Redaction {
                kind: PiiKind::Phone,
                start: 5,
                end: 19
            }]
        );
    }

    #[test]
    fn service_numbers_years_money_are_not_phones() {
        untouched("I phoned 111 and then 999");
        untouched("999/111 were no help");
        untouched("NHS 24 on 111, police on 101");
        untouched("since 2019");
        untouched("it cost £1,200 a month");
        untouched("£1,200,000 for 2019 2020");
        untouched("I waited 3 weeks");
        untouched("Ward 12");
        untouched("open 24/7");
        untouched("from 01/02/2023 to 03/04/2024");
        untouched("between 9.30 and 10.45");
        untouched("12345 people");
        untouched("1 2 3 4 5 6 7 8 9 10");
    }

    // ---------- CHI / NHS ----------

    #[test]
    fn chi_forms() {
        assert_eq!(red("CHI 0101011234 on file"), "CHI [chi] on file");
        assert_eq!(red("NHS number 943 476 5919"), "NHS number [chi]");
        assert_eq!(red("CHI 01 01 01 1234"), "CHI [chi]");
        assert_eq!(red("CHI 010101 1234"), "CHI [chi]");
        assert_eq!(red("943-476-5919"), "[chi]");
        assert_eq!(red("number 2512451234."), "number [chi].");
    }

    #[test]
    fn chi_versus_phone() {
        assert_eq!(kinds("0101011234"), vec![PiiKind::Chi]);
        assert_eq!(kinds("01698 123456"), vec![PiiKind::Phone]);
        assert_eq!(kinds("(016977) 1234"), vec![PiiKind::Phone]);
        assert_eq!(kinds("01387 12345"), vec![PiiKind::Phone]);
        // Eleven digits are never a CHI number.
        assert_eq!(kinds("07700900123"), vec![PiiKind::Phone]);
    }

    #[test]
    fn ten_digits_in_other_layouts_stay() {
        untouched("in 2019 2020 21");
        untouched("1234 567890");
    }

    // ---------- postcodes ----------

    #[test]
    fn postcode_forms() {
        assert_eq!(red("I live in ML3 0AA now"), "I live in [postcode] now");
        assert_eq!(red("G72 7XX"), "[postcode]");
        assert_eq!(red("EH1 1YZ."), "[postcode].");
        assert_eq!(red("postcode g75 8rr"), "postcode [postcode]");
        assert_eq!(red("postcode ML30AA"), "postcode [postcode]");
        assert_eq!(red("at KA7 1AB, Ayr"), "at [postcode], Ayr");
    }

    #[test]
    fn postcode_negatives() {
        untouched("I live in G72");
        untouched("the ML3 area");
        untouched("vitamin b12 3rd time");
        untouched("m8 2pm appointment");
        untouched("A&E in Hamilton");
        untouched("East Kilbride");
        untouched("COVID19 1AA");
    }

    // ---------- National Insurance ----------

    #[test]
    fn nino_forms() {
        assert_eq!(red("NI QQ 12 34 56 C"), "NI [nino]");
        assert_eq!(red("NI QQ123456C."), "NI [nino].");
        assert_eq!(red("NI ab123456c"), "NI [nino]");
        assert_eq!(red("NI AB 12 34 56 A"), "NI [nino]");
    }

    #[test]
    fn nino_invalid_prefixes() {
        untouched("code DA123456A");
        untouched("code AO123456A");
        untouched("code GB123456A");
        untouched("code ZZ123456A");
        untouched("code AB123456E");
    }

    // ---------- addresses ----------

    #[test]
    fn address_forms() {
        assert_eq!(red("I live at 12 Main Street."), "I live at [address].");
        assert_eq!(red("flat 3/2, 45 Brandon Gate"), "[address]");
        assert_eq!(red("at 14a Quarry Road"), "at [address]");
        assert_eq!(red("22 Kirkton Avenue, Hamilton"), "[address]");
        assert_eq!(
            red("22 Kirkton Avenue, East Kilbride G74 1AB"),
            "[address] [postcode]"
        );
        assert_eq!(red("3 St Andrews Rd"), "[address]");
        assert_eq!(red("Flat 0/1 7 Cadzow Wynd"), "[address]");
        assert_eq!(red("5 Kirk Brae is steep"), "[address] is steep");
        assert_eq!(red("12 Main Street, The staff"), "[address], The staff");
    }

    #[test]
    fn address_negatives() {
        untouched("I waited 3 weeks on the road");
        untouched("it was a 2 hour drive to the park");
        untouched("Ward 12 was full");
        untouched("12 people live on Main Street");
    }

    // ---------- names ----------

    #[test]
    fn names_after_titles() {
        assert_eq!(red("Dr Patel was kind"), "Dr [name] was kind");
        assert_eq!(red("Dr Foster's clinic"), "Dr [name]'s clinic");
        assert_eq!(red("Mrs Agnes McLeod"), "Mrs [name]");
        assert_eq!(red("Mr. Smith"), "Mr. [name]");
        assert_eq!(red("Nurse Practitioner Ann"), "Nurse Practitioner Ann");
        assert_eq!(red("Nurse Jones"), "Nurse [name]");
        assert_eq!(red("Councillor O'Neill"), "Councillor [name]");
        assert_eq!(red("Rev Smith-Jones"), "Rev [name]");
        assert_eq!(red("Dr J. Smith"), "Dr [name]");
        assert_eq!(red("Dr J Smith"), "Dr [name]");
        assert_eq!(red("dr Patel"), "dr [name]");
        assert_eq!(red("Sister Kelly on ward 3"), "Sister [name] on ward 3");
        assert_eq!(
            red("I saw Dr Patel. Then I left"),
            "I saw Dr [name]. Then I left"
        );
        assert_eq!(red("Dr PATEL"), "Dr [name]");
    }

    #[test]
    fn names_introduced() {
        assert_eq!(red("my name is Jean Smith"), "my name is [name]");
        assert_eq!(
            red("My name is Jean Smith and I"),
            "My name is [name] and I"
        );
        assert_eq!(red("I'm called Bob"), "I'm called [name]");
        assert_eq!(red("I’m called Bob"), "I’m called [name]");
        assert_eq!(red("I am called Bob."), "I am called [name].");
        assert_eq!(
            red("Phone 07700 900188 and ask for Sandra. The carers"),
            "Phone [phone] and ask for [name]. The carers"
        );
        untouched("ask for Help at the Council");
        untouched("I asked for a referral");
    }

    #[test]
    fn names_after_relations() {
        assert_eq!(red("my husband John helps"), "my husband [name] helps");
        assert_eq!(red("my wife, Mary, cares"), "my wife, [name], cares");
        assert_eq!(red("my mum Agnes"), "my mum [name]");
        assert_eq!(red("my son Kyle"), "my son [name]");
        assert_eq!(
            red("my daughter-in-law Claire"),
            "my daughter-in-law [name]"
        );
        assert_eq!(red("my carer Julie"), "my carer [name]");
        assert_eq!(red("our neighbour Mrs Brown"), "our neighbour Mrs [name]");
        assert_eq!(red("My late husband Tam"), "My late husband [name]");
        assert_eq!(red("my sons Kyle and Ryan"), "my sons [name] and [name]");
        assert_eq!(red("a carer called Julie"), "a carer called [name]");
        assert_eq!(red("my care worker Siobhan"), "my care worker [name]");
        assert_eq!(red("my husband John Smith"), "my husband [name]");
        assert_eq!(red("my son Kyle's school"), "my son [name]'s school");
        assert_eq!(red("my friend Zoë"), "my friend [name]");
    }

    #[test]
    fn name_false_positives() {
        untouched("my husband And I");
        untouched("my mum In the morning");
        untouched("my husband and I");
        untouched("my son. Sometimes he");
        untouched("my mum\nAgnes");
        untouched("my GP Practice was closed");
        untouched("my GP is good");
        untouched("my daughter Monday to Friday");
        untouched("I miss Glasgow");
        untouched("I have MS Fatigue");
        untouched("the GP");
        untouched("A&E");
        untouched("Hamilton");
        untouched("East Kilbride");
        untouched("a place called Hamilton");
        untouched("my name is not important");
        assert_eq!(red("my husband John and I"), "my husband [name] and I");
        assert_eq!(red("my mum Agnes and Dad"), "my mum [name] and Dad");
    }

    #[test]
    fn names_more_titles() {
        assert_eq!(red("Mr and Mrs Smith"), "Mr and Mrs [name]");
        assert_eq!(
            red("Dr Patel and Nurse Smith"),
            "Dr [name] and Nurse [name]"
        );
        assert_eq!(red("my GP Dr Patel"), "my GP Dr [name]");
        assert_eq!(red("Father Brown"), "Father [name]");
        untouched("Dear Sir, I am writing");
        untouched("Dr A&E");
        untouched("the Dr And nurse");
    }

    #[test]
    fn title_case_sentences_do_not_become_addresses() {
        untouched("After 2 Years In The End It Worked");
        untouched("Covid 19 Drive Through Testing");
    }

    #[test]
    fn long_runs_of_numbers_are_handled() {
        let text = "1 ".repeat(5000);
        untouched(&text);
        let text = format!("{}07700 900123", "12 ".repeat(2000));
        assert!(red(&text).ends_with("12 [phone]"));
        let text = "0".repeat(10_000);
        untouched(&text);
    }

    // ---------- ordinary text ----------

    #[test]
    fn ordinary_text_untouched() {
        untouched("I waited 3 weeks for an appointment at the GP.");
        untouched("Ward 12 at Hairmyres was clean, A&E was busy 24/7.");
        untouched("Hamilton and East Kilbride need more buses.");
        untouched("");
        untouched("   ");
        untouched("Services in 2023 were better than in 2019; 80% agreed.");
        untouched("My son has autism and my mum has dementia.");
    }

    // ---------- mixtures, overlaps, spans ----------

    #[test]
    fn mixed_text_keeps_everything_else() {
        let text = "Hi, my name is Jean Smith, 22 Kirkton Avenue, Hamilton ML3 0AA, \
                    tel 07700 900123, jean@example.com. My GP Dr Patel said wait 3 weeks.";
        assert_eq!(
            red(text),
            "Hi, my name is [name], [address] [postcode], \
             tel [phone], [email]. My GP Dr [name] said wait 3 weeks."
        );
    }

    #[test]
    fn email_beats_phone_inside_it() {
        assert_eq!(red("07700900123@sms.example.com"), "[email]");
        assert_eq!(kinds("07700900123@sms.example.com"), vec![PiiKind::Email]);
    }

    #[test]
    fn find_is_sorted_non_overlapping_and_on_char_boundaries() {
        let text = "Zoë’s dad: Mr Ó Briain, 0141 555 0123 — ML3 0AA; Dr Ng and my wife, Mary.";
        let found = redactor().find(text);
        assert_eq!(
            found.iter().map(|r| r.kind).collect::<Vec<_>>(),
            vec![
                PiiKind::Name,
                PiiKind::Phone,
                PiiKind::Postcode,
                PiiKind::Name,
                PiiKind::Name
            ]
        );
        for w in found.windows(2) {
            assert!(w[0].end <= w[1].start);
        }
        for r in &found {
            assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        }
        assert_eq!(
            red(text),
            "Zoë’s dad: Mr [name], [phone] — [postcode]; Dr [name] and my wife, [name]."
        );
    }

    #[test]
    fn resolve_prefers_longest_then_most_specific() {
        let r = |kind, start, end| Redaction { kind, start, end };
        let got = resolve(vec![
            r(PiiKind::Name, 0, 4),
            r(PiiKind::Address, 0, 10),
            r(PiiKind::Phone, 12, 20),
            r(PiiKind::Chi, 12, 20),
            r(PiiKind::Postcode, 19, 25),
        ]);
        assert_eq!(
            got,
            vec![r(PiiKind::Address, 0, 10), r(PiiKind::Chi, 12, 20)]
        );
    }

    #[test]
    fn redact_matches_find() {
        let text = "call 0141 555 0123 or write to 12 Main Street";
        let mut rebuilt = String::new();
        let mut at = 0;
        for r in redactor().find(text) {
            rebuilt.push_str(&text[at..r.start]);
            rebuilt.push_str(r.kind.placeholder());
            at = r.end;
        }
        rebuilt.push_str(&text[at..]);
        assert_eq!(rebuilt, red(text));
        assert_eq!(rebuilt, "call [phone] or write to [address]");
    }

    #[test]
    fn odd_input_does_not_panic() {
        for text in [
            "+",
            "(",
            ")",
            "(0)",
            "+44",
            "+44 (0)",
            "0",
            "00",
            "0044",
            "@",
            "@@.",
            "Dr",
            "Dr ",
            "my wife,",
            "my name is",
            "12 ",
            "flat 3/2,",
            "((((1111))))",
            "+++1",
            "1-2-3-4-5-6-7",
            "ÀÉÎ 12 Ñ Road",
            "\u{0}\u{1}",
            "my husband 𝔍ohn",
            "0141 (555) 0123",
        ] {
            let out = red(text);
            assert!(!out.is_empty() || text.is_empty(), "{text:?}");
        }
        assert_eq!(red("+44"), "+44");
        assert_eq!(red("((((1111))))"), "((((1111))))");
    }

    #[test]
    fn placeholders_and_names() {
        let got: Vec<&str> = PiiKind::ALL.iter().map(|k| k.placeholder()).collect();
        assert_eq!(
            got,
            [
                "[email]",
                "[phone]",
                "[postcode]",
                "[chi]",
                "[nino]",
                "[address]",
                "[name]"
            ]
        );
        assert_eq!(PiiKind::Postcode.to_string(), "postcode");
        assert_eq!(
            serde_json::to_string(&PiiKind::Chi).unwrap_or_default(),
            "\"chi\""
        );
    }

    #[test]
    fn redactor_is_send_sync_and_default() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Redactor>();
        assert_eq!(Redactor::default().redact("Dr Patel"), "Dr [name]");
    }

    #[test]
    fn digit_and_at_scan() {
        assert_eq!(scan_digits_and_at(b""), (false, false));
        assert_eq!(scan_digits_and_at(b"no digits here"), (false, false));
        let long = format!("{}9{}@", "x".repeat(70), "y".repeat(40));
        assert_eq!(scan_digits_and_at(long.as_bytes()), (true, true));
        assert_eq!(scan_digits_and_at(b"/:"), (false, false));
        assert_eq!(scan_digits_and_at(b"0"), (true, false));
    }

    #[test]
    fn pre_check_wakes_only_on_whole_words() {
        let r = redactor();
        assert_eq!(
            r.scan_triggers(b"the address of the drinks"),
            (false, false)
        );
        assert_eq!(r.scan_triggers(b"Dr. Who"), (true, false));
        assert_eq!(r.scan_triggers(b"my daughter-in-law"), (true, false));
        assert_eq!(r.scan_triggers(b"jean[at]example"), (false, true));
        assert_eq!(r.scan_triggers(b"example dot com"), (false, true));
        assert_eq!(r.scan_triggers(b"dotted lines"), (false, false));
        assert_eq!(r.scan_triggers(b"for them"), (false, false));
        assert_eq!(r.scan_triggers(b"ask them"), (true, false));
    }

    #[test]
    fn every_pattern_compiles() {
        // Redactor::new panics on a bad built-in pattern; build a fresh one to prove it does not.
        let r = Redactor::new();
        assert!(r.related_name.as_str().contains("husband"));
        assert!(r.address.as_str().contains("wynd"));
    }
}
