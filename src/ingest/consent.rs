//! Reading the consent-to-publish answer. Survey tools and consultation teams word the question
//! and its options in many ways: Citizen Space's standard options ("Publish response with name",
//! "Publish response only (without name)", "Do not publish response"), the Scottish Government's
//! respondent information form ("Yes, make my response and name available, but not my
//! address"), and home-made ones ("Yes, publish my response with my name", "publish
//! anonymously", "I do not want my response published", "No"). [`parse`] reads them by what
//! they say about publishing the response and the name; values an analyst sets
//! ([`ConsentValues`]) are read first and win.
//!
//! The reading is cautious: a plain "yes" gives consent to publish the response but not the
//! name, a refusal anywhere ("no", "do not publish", "keep it confidential") withholds the
//! response, and anything that says neither is `unknown`, which is never published or quoted.

use crate::model::Consent;
use std::collections::HashMap;

/// Consent answers set by the analyst, each mapped to what it means. Compared after trimming,
/// ignoring case and runs of blanks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConsentValues {
    /// Answers meaning "publish my response with my name".
    pub with_name: Vec<String>,
    /// Answers meaning "publish my response without my name".
    pub anonymous: Vec<String>,
    /// Answers meaning "do not publish my response".
    pub do_not_publish: Vec<String>,
}

impl ConsentValues {
    /// Reads one consent cell: the analyst's values first, then [`parse`].
    pub fn read(&self, value: &str) -> Consent {
        let v = normalise(value);
        let listed = |list: &[String]| list.iter().any(|l| normalise(l) == v);
        if listed(&self.do_not_publish) {
            Consent::DoNotPublish
        } else if listed(&self.with_name) {
            Consent::WithName
        } else if listed(&self.anonymous) {
            Consent::Anonymous
        } else {
            parse(value)
        }
    }

    /// Whether no value is set.
    pub fn is_empty(&self) -> bool {
        self.with_name.is_empty() && self.anonymous.is_empty() && self.do_not_publish.is_empty()
    }
}

/// Reads consent cells with [`ConsentValues::read`], each distinct value once: a consent column
/// holds a handful of wordings, and reading one parses it. At most 256 values are
/// remembered; past them, cells are read one by one.
pub struct ConsentReader {
    values: ConsentValues,
    seen: HashMap<String, Consent>,
}

/// Distinct consent values a [`ConsentReader`] remembers.
const CONSENT_CACHE: usize = 256;

impl ConsentReader {
    /// A reader of cells with the analyst's `values`.
    pub fn new(values: ConsentValues) -> Self {
        ConsentReader {
            values,
            seen: HashMap::new(),
        }
    }

    /// The consent a cell gives.
    pub fn read(&mut self, value: &str) -> Consent {
        if let Some(&c) = self.seen.get(value) {
            return c;
        }
        let c = self.values.read(value);
        if self.seen.len() < CONSENT_CACHE {
            self.seen.insert(value.to_string(), c);
        }
        c
    }
}

/// Lower case, punctuation other than apostrophes as blanks, blanks collapsed.
fn normalise(value: &str) -> String {
    value
        .chars()
        .map(|c| match c {
            '’' | '‘' => '\'',
            c if c.is_alphanumeric() || c == '\'' => c,
            _ => ' ',
        })
        .collect::<String>()
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Phrases that refuse something; what follows says whether the response or only the name is
/// refused.
const REFUSALS: &[&str] = &[
    "do not publish",
    "don't publish",
    "dont publish",
    "do not want",
    "don't want",
    "dont want",
    "not be published",
    "not to be published",
    "not be made available",
    "not for publication",
    "not publish",
    "not wish",
    "not happy",
    "not content",
    "not consent",
    "not agree",
    "not at this time",
    "not my",
    "but not",
    "without",
];

/// Words that mean the response itself is refused outright.
const CLOSED: &[&str] = &["confidential", "withhold", "private", "decline", "refuse"];

/// Words that agree to publishing.
const AGREEMENTS: &[&str] = &[
    "yes",
    "publish",
    "published",
    "agree",
    "happy",
    "consent",
    "content",
    "available",
    "ok",
    "okay",
    "may",
    "can",
    "fine",
    "anonymously",
    "anonymous",
];

/// What a refusal refuses: the name (the response may be published) or the response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refused {
    Name,
    Response,
}

/// The refusals in a normalised answer.
fn refusals(v: &str) -> Vec<Refused> {
    let mut out = Vec::new();
    for r in REFUSALS {
        for (i, _) in v.match_indices(r) {
            let before_ok = i == 0 || v.as_bytes().get(i - 1) == Some(&b' ');
            if !before_ok {
                continue;
            }
            // The object: the next few words.
            let object: Vec<&str> = v[i + r.len()..].split_whitespace().take(5).collect();
            let names = object.iter().any(|w| matches!(*w, "name" | "names"));
            let response = object
                .iter()
                .any(|w| matches!(*w, "response" | "responses" | "answers" | "views"));
            let address_only = object.contains(&"address") && !names && !response;
            if address_only {
                continue;
            }
            out.push(if names && !response {
                Refused::Name
            } else {
                Refused::Response
            });
        }
    }
    out
}

/// Reads a consent answer in any of the usual wordings (see the module documentation).
pub fn parse(value: &str) -> Consent {
    let v = normalise(value);
    if v.is_empty() {
        return Consent::Unknown;
    }
    let words: Vec<&str> = v.split_whitespace().collect();
    let first = words.first().copied().unwrap_or_default();
    if first == "no" || first == "nope" || words.iter().any(|w| CLOSED.contains(w)) {
        return Consent::DoNotPublish;
    }
    let refused = refusals(&v);
    if refused.contains(&Refused::Response) {
        return Consent::DoNotPublish;
    }
    let anonymous = refused.contains(&Refused::Name)
        || words.iter().any(|w| w.starts_with("anonym"))
        || v.contains("response only");
    let agrees = words.iter().any(|w| AGREEMENTS.contains(w));
    if anonymous && agrees {
        return Consent::Anonymous;
    }
    let named = words.iter().any(|w| matches!(*w, "name" | "named"));
    if named && agrees {
        return Consent::WithName;
    }
    if agrees {
        return Consent::Anonymous;
    }
    Consent::Unknown
}

/// Whether a value reads as a consent answer that is more than a bare yes or no; used to
/// recognise a consent column from its values.
pub fn looks_like_consent(value: &str) -> bool {
    let v = normalise(value);
    let words = v.split_whitespace().count();
    let about_publishing = [
        "publish",
        "publication",
        "anonym",
        "confidential",
        "available",
    ]
    .iter()
    .any(|k| v.contains(k));
    words > 1 && words <= 20 && about_publishing && parse(value) != Consent::Unknown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn citizen_space_options() {
        assert_eq!(parse("Publish response with name"), Consent::WithName);
        assert_eq!(
            parse("publish  RESPONSE only (without name)"),
            Consent::Anonymous
        );
        assert_eq!(parse("Publish response only"), Consent::Anonymous);
        assert_eq!(parse("Do not publish response"), Consent::DoNotPublish);
    }

    #[test]
    fn common_phrasings() {
        for (v, want) in [
            ("Publish with my name", Consent::WithName),
            ("Yes, publish my response with my name", Consent::WithName),
            (
                "Yes – you can publish my name and response",
                Consent::WithName,
            ),
            (
                "Yes, make my response, name and address all available",
                Consent::WithName,
            ),
            (
                "Yes, make my response and name available, but not my address",
                Consent::WithName,
            ),
            ("publish anonymously", Consent::Anonymous),
            ("Publish anonymously (without my name)", Consent::Anonymous),
            (
                "Yes, make my response available, but not my name and address",
                Consent::Anonymous,
            ),
            ("Yes, but please don't publish my name", Consent::Anonymous),
            ("Yes", Consent::Anonymous),
            ("yes please", Consent::Anonymous),
            ("I agree to my response being published", Consent::Anonymous),
            ("I do not want my response published", Consent::DoNotPublish),
            ("No", Consent::DoNotPublish),
            ("No, do not publish", Consent::DoNotPublish),
            ("do not publish", Consent::DoNotPublish),
            (
                "Please keep my response confidential",
                Consent::DoNotPublish,
            ),
            ("No, not at this time", Consent::DoNotPublish),
            ("I don't want it published", Consent::DoNotPublish),
            ("", Consent::Unknown),
            ("maybe", Consent::Unknown),
            ("Hamilton", Consent::Unknown),
        ] {
            assert_eq!(parse(v), want, "{v}");
        }
    }

    #[test]
    fn analyst_values_win() {
        let values = ConsentValues {
            with_name: vec!["Option A".into()],
            anonymous: vec!["Option  b".into()],
            do_not_publish: vec!["Yes".into()],
        };
        assert_eq!(values.read("option a"), Consent::WithName);
        assert_eq!(values.read(" OPTION B "), Consent::Anonymous);
        assert_eq!(values.read("yes"), Consent::DoNotPublish);
        assert_eq!(values.read("publish anonymously"), Consent::Anonymous);
        assert!(!values.is_empty());
    }

    #[test]
    fn consent_columns_are_recognised_by_their_wording() {
        assert!(looks_like_consent("Publish with name"));
        assert!(looks_like_consent("Do not publish response"));
        assert!(!looks_like_consent("yes"));
        assert!(!looks_like_consent("I agree the buses are bad"));
        assert!(!looks_like_consent("More buses in the evening please"));
    }

    #[test]
    fn consent_cells_read_once_give_what_reading_each_gives() {
        let mut r = ConsentReader::new(ConsentValues::default());
        let values = [
            "Publish response with name",
            "Publish response only (without name)",
            "Do not publish response",
            "maybe",
        ];
        for _ in 0..2 {
            for v in values {
                assert_eq!(r.read(v), parse(v), "{v:?}");
            }
        }
        assert_eq!(r.seen.len(), values.len());
        // Past the bound, values are still read, not remembered.
        for i in 0..CONSENT_CACHE {
            r.read(&format!("value {i}"));
        }
        assert_eq!(r.seen.len(), CONSENT_CACHE);
        assert_eq!(r.read("Yes, publish it"), Consent::Anonymous);
        assert!(!r.seen.contains_key("Yes, publish it"));
    }
}
