//! Personal-data redaction for quotes, published responses and search results.
//!
//! [`Redactor`] finds personal data in free text and replaces each span with a placeholder that
//! keeps the kind visible (`[name]`, `[phone]`, `[postcode]`...). Every byte outside a replaced
//! span is kept exactly as written. Each kind has its own file, which documents its rules; every
//! finding records the rule that made it ([`Redaction::rule`]), so a published redaction can be
//! explained without showing what was removed.
//!
//! | kind | placeholder | file |
//! |---|---|---|
//! | e-mail address | `[email]` | `email.rs` |
//! | telephone number | `[phone]` | `phone.rs` |
//! | postcode | `[postcode]` | `postcode.rs` |
//! | NHS number | `[nhs]` | `health.rs` |
//! | CHI number | `[chi]` | `health.rs` |
//! | National Insurance number | `[nino]` | `nino.rs` |
//! | date of birth | `[dob]` | `dob.rs` |
//! | street address, house name | `[address]` | `address.rs` |
//! | personal name | `[name]` | `names.rs` |
//! | social media handle | `[handle]` | `web.rs` |
//! | web address of a person | `[url]` | `web.rs` |
//! | bank card number | `[card]` | `card.rs` |
//! | vehicle registration | `[vehicle]` | `vehicle.rs` |
//! | passport number | `[passport]` | `documents.rs` |
//! | driving licence number | `[licence]` | `documents.rs` |
//!
//! When two findings overlap, the longer one wins; on equal length the more specific kind wins.
//!
//! Cost: every text gets one byte scan and one Aho-Corasick pass over the trigger words of every
//! rule (`scan.rs`); a rule runs only when its trigger occurs, so a text with no digit, no '@'
//! and no trigger word is copied unchanged after those two passes.

mod address;
mod card;
mod digits;
mod dob;
mod documents;
mod email;
mod health;
mod names;
mod nino;
mod phone;
mod postcode;
mod scan;
mod vehicle;
mod web;
mod words;

use regex::{Regex, RegexSet};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use std::fmt;

/// The kind of personal data a span holds; decides the placeholder that replaces it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PiiKind {
    /// An e-mail address, plain, spaced or written out ("jean at example dot com").
    Email,
    /// A UK or international telephone number, in figures or in words.
    Phone,
    /// A full UK postcode.
    Postcode,
    /// An NHS number (10 digits, modulus-11 check digit).
    Nhs,
    /// A CHI number (date of birth DDMMYY and 4 digits).
    Chi,
    /// A National Insurance number.
    Nino,
    /// A date of birth.
    Dob,
    /// A street address or a house name.
    Address,
    /// A personal name announced by a title, an introduction, a relation or a sign-off.
    Name,
    /// A social media handle.
    Handle,
    /// A web address pointing at a person.
    Url,
    /// A bank card number.
    Card,
    /// A vehicle registration mark.
    Vehicle,
    /// A passport number.
    Passport,
    /// A driving licence number.
    Licence,
}

impl PiiKind {
    /// Every kind, in placeholder order.
    pub const ALL: [PiiKind; 15] = [
        PiiKind::Email,
        PiiKind::Phone,
        PiiKind::Postcode,
        PiiKind::Nhs,
        PiiKind::Chi,
        PiiKind::Nino,
        PiiKind::Dob,
        PiiKind::Address,
        PiiKind::Name,
        PiiKind::Handle,
        PiiKind::Url,
        PiiKind::Card,
        PiiKind::Vehicle,
        PiiKind::Passport,
        PiiKind::Licence,
    ];

    /// The lower-case name used in placeholders and serialised output ("phone").
    pub fn name(self) -> &'static str {
        match self {
            PiiKind::Email => "email",
            PiiKind::Phone => "phone",
            PiiKind::Postcode => "postcode",
            PiiKind::Nhs => "nhs",
            PiiKind::Chi => "chi",
            PiiKind::Nino => "nino",
            PiiKind::Dob => "dob",
            PiiKind::Address => "address",
            PiiKind::Name => "name",
            PiiKind::Handle => "handle",
            PiiKind::Url => "url",
            PiiKind::Card => "card",
            PiiKind::Vehicle => "vehicle",
            PiiKind::Passport => "passport",
            PiiKind::Licence => "licence",
        }
    }

    /// The text that replaces a span of this kind (`"[phone]"`).
    pub fn placeholder(self) -> &'static str {
        match self {
            PiiKind::Email => "[email]",
            PiiKind::Phone => "[phone]",
            PiiKind::Postcode => "[postcode]",
            PiiKind::Nhs => "[nhs]",
            PiiKind::Chi => "[chi]",
            PiiKind::Nino => "[nino]",
            PiiKind::Dob => "[dob]",
            PiiKind::Address => "[address]",
            PiiKind::Name => "[name]",
            PiiKind::Handle => "[handle]",
            PiiKind::Url => "[url]",
            PiiKind::Card => "[card]",
            PiiKind::Vehicle => "[vehicle]",
            PiiKind::Passport => "[passport]",
            PiiKind::Licence => "[licence]",
        }
    }

    /// Precedence on equal-length overlaps: lower wins.
    fn rank(self) -> u8 {
        match self {
            PiiKind::Email => 0,
            PiiKind::Url => 1,
            PiiKind::Card => 2,
            PiiKind::Licence => 3,
            PiiKind::Nino => 4,
            PiiKind::Chi => 5,
            PiiKind::Nhs => 6,
            PiiKind::Passport => 7,
            PiiKind::Phone => 8,
            PiiKind::Dob => 9,
            PiiKind::Postcode => 10,
            PiiKind::Vehicle => 11,
            PiiKind::Handle => 12,
            PiiKind::Address => 13,
            PiiKind::Name => 14,
        }
    }
}

impl fmt::Display for PiiKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One span of personal data: its kind, the rule that found it and its byte range in the
/// original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Redaction {
    /// What the span holds.
    pub kind: PiiKind,
    /// The rule that found it ("phone-uk", "name-title"...), as documented per kind.
    pub rule: &'static str,
    /// Byte offset of the first byte of the span.
    pub start: usize,
    /// Byte offset one past the last byte of the span.
    pub end: usize,
}

/// Settings of a [`Redactor`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RedactOptions {
    /// Names to remove wherever they occur, in any case (staff names, for example). Each entry
    /// is matched as a whole word or phrase: list a surname on its own to remove it alone too.
    pub names: Vec<String>,
}

/// A list of names that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("the list of names to remove cannot be used: {0}")]
pub struct RedactError(String);

/// The most names an analyst's list may hold.
pub const MAX_LISTED_NAMES: usize = 100_000;

/// Finds and replaces personal data. Built once (all patterns compiled in [`Redactor::new`]),
/// shared freely across threads, and reused for any number of texts.
#[derive(Debug, Clone)]
pub struct Redactor {
    triggers: scan::Triggers,
    emails: email::Emails,
    web: web::Web,
    postcodes: postcode::Postcodes,
    ninos: nino::Ninos,
    vehicles: vehicle::Vehicles,
    documents: documents::Documents,
    dobs: dob::Dobs,
    addresses: address::Addresses,
    names: names::Names,
    /// Every letter-and-digit pattern (postcodes, NINOs, plates, licences, lettered passports)
    /// in one set: one pass says which of them can match.
    codes: RegexSet,
    not_names: HashSet<String>,
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
        match Redactor::with_options(&RedactOptions::default()) {
            Ok(r) => r,
            Err(e) => panic!("built-in redaction trigger words do not compile: {e}"),
        }
    }

    /// A redactor that also removes the names in `options`.
    pub fn with_options(options: &RedactOptions) -> Result<Self, RedactError> {
        if options.names.len() > MAX_LISTED_NAMES {
            return Err(RedactError(format!(
                "{} names, more than the {MAX_LISTED_NAMES} allowed",
                options.names.len()
            )));
        }
        let triggers =
            scan::Triggers::new(&options.names).map_err(|e| RedactError(e.to_string()))?;
        let (postcodes, ninos) = (postcode::Postcodes::new(), nino::Ninos::new());
        let (vehicles, documents) = (vehicle::Vehicles::new(), documents::Documents::new());
        let mut codes = postcodes.patterns();
        codes.extend(ninos.patterns());
        codes.extend(vehicles.patterns());
        codes.extend(documents.patterns());
        let codes = match RegexSet::new(codes) {
            Ok(set) => set,
            Err(e) => panic!("built-in redaction pattern does not compile: {e}"),
        };
        Ok(Redactor {
            triggers,
            emails: email::Emails::new(),
            web: web::Web::new(),
            postcodes,
            ninos,
            vehicles,
            documents,
            codes,
            dobs: dob::Dobs::new(),
            addresses: address::Addresses::new(),
            names: names::Names::new(),
            not_names: words::list(words::NOT_NAMES).collect(),
        })
    }

    /// The text with every span of personal data replaced by its placeholder (`"[phone]"`); all
    /// other bytes are kept as written.
    pub fn redact(&self, text: &str) -> String {
        apply(text, &self.find(text))
    }

    /// What [`Redactor::redact`] would replace: kind, rule and byte span, sorted by position and
    /// non-overlapping, every span on character boundaries.
    pub fn find(&self, text: &str) -> Vec<Redaction> {
        use scan::family::*;
        let scan = self.triggers.scan(text);
        if scan.nothing() {
            return Vec::new();
        }
        let mut found = Vec::new();
        let not_name = |w: &str| self.is_not_name(w);
        if scan.at || scan.has(EMAIL_WORD) {
            self.emails
                .find(text, scan.at, scan.has(EMAIL_WORD), &mut found);
        }
        if scan.at || scan.has(SOCIAL | URL) {
            self.web
                .find(text, scan.at, scan.has(SOCIAL), scan.has(URL), &mut found);
        }
        if scan.digit {
            digits::find(text, &mut found);
            if scan.mixed {
                // Set order: postcode, NINO, three plate formats, licence, lettered passport.
                let hits = self.codes.matches(text);
                if hits.matched(0) {
                    self.postcodes.find(text, &mut found);
                }
                if hits.matched(1) {
                    self.ninos.find(text, scan.has(ID_CUE), &mut found);
                }
                if (2..5).any(|i| hits.matched(i)) {
                    self.vehicles.find(text, scan.has(VEHICLE), &mut found);
                }
                if hits.matched(5) || hits.matched(6) {
                    self.documents.find(text, scan.has(PASSPORT), &mut found);
                }
            }
            if scan.has(DOB) {
                self.dobs.find(text, &mut found);
            }
        }
        if scan.number_words >= 3 {
            phone::find_words(text, &mut found);
        }
        let street = scan.digit && scan.has(STREET);
        if street || scan.has(HOUSE | RESIDENCE) {
            self.addresses.find(
                text,
                (street, scan.has(HOUSE), scan.has(RESIDENCE)),
                &not_name,
                &mut found,
            );
        }
        if !scan.cues.is_empty() {
            self.names.find(text, &scan.cues, &not_name, &mut found);
        }
        for &(start, end) in &scan.listed {
            found.push(Redaction {
                kind: PiiKind::Name,
                rule: "name-list",
                start,
                end,
            });
        }
        resolve(text, found)
    }

    fn is_not_name(&self, word: &str) -> bool {
        let lower = word.to_lowercase();
        let lower = lower.trim_end_matches(['\'', '’', '.', ',']);
        self.not_names.contains(lower)
    }
}

/// `text` with each span of `found` (sorted, not overlapping, as [`Redactor::find`] returns
/// them) replaced by its placeholder.
pub fn apply(text: &str, found: &[Redaction]) -> String {
    if found.is_empty() {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for r in found {
        out.push_str(text.get(at..r.start).unwrap_or_default());
        out.push_str(r.kind.placeholder());
        at = r.end;
    }
    out.push_str(text.get(at..).unwrap_or_default());
    out
}

/// The blank-separated words of `text[start..end]` with their byte offsets.
fn words_in(text: &str, start: usize, end: usize) -> impl Iterator<Item = (usize, &str)> {
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

/// Keeps the longest (then most specific) of overlapping findings; returns them in text order.
/// Findings not on character boundaries are dropped (none should be).
fn resolve(text: &str, mut found: Vec<Redaction>) -> Vec<Redaction> {
    found.retain(|r| {
        r.start < r.end && text.is_char_boundary(r.start) && text.is_char_boundary(r.end)
    });
    if found.len() <= 1 {
        return found;
    }
    found.sort_by_key(|r| {
        (
            std::cmp::Reverse(r.end - r.start),
            r.kind.rank(),
            r.start,
            r.rule,
        )
    });
    // Kept spans by start; a candidate is kept when it overlaps none of them.
    let mut kept: BTreeMap<usize, Redaction> = BTreeMap::new();
    for r in found {
        let before = kept.range(..r.end).next_back();
        let overlaps = before.is_some_and(|(_, k)| k.end > r.start);
        if !overlaps {
            kept.insert(r.start, r);
        }
    }
    kept.into_values().collect()
}

/// One redactor shared by the unit tests (building one per test is slow in debug builds).
#[cfg(test)]
fn shared() -> &'static Redactor {
    static R: std::sync::OnceLock<Redactor> = std::sync::OnceLock::new();
    R.get_or_init(Redactor::new)
}

#[cfg(test)]
mod tests;
