//! What counts as an answer: the non-answer list and the consent wording, kept in one place.

use crate::model::Consent;

/// Cell values that mean "no answer". A cell is compared after trimming whitespace and ignoring
/// case; an answer equal to one of these becomes `None` and does not count towards the row
/// being answered. Words such as "nothing" or "no" are real answers to many questions and are
/// deliberately not here.
pub const NON_ANSWERS: &[&str] = &["", "n/a", "na", "none", "-", ".", "nil", "no comment"];

/// Whether a cell value is a non-answer (see [`NON_ANSWERS`]).
pub fn is_non_answer(value: &str) -> bool {
    let v = value.trim();
    v.is_empty() || NON_ANSWERS.iter().any(|n| v.eq_ignore_ascii_case(n))
}

/// The answer text kept for an open question: trimmed, or `None` for a non-answer.
pub fn answer(value: &str) -> Option<String> {
    if is_non_answer(value) {
        None
    } else {
        Some(value.trim().to_string())
    }
}

/// Maps a consent cell to [`Consent`] in any of the usual wordings; see [`super::consent`].
pub fn consent(value: &str) -> Consent {
    super::consent::parse(value)
}

/// Whether a value is one of the consent wordings other than a bare yes/no; used to recognise a
/// consent column from its values.
pub fn looks_like_consent(value: &str) -> bool {
    super::consent::looks_like_consent(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_answers_ignore_case_and_space() {
        for v in [
            "",
            "  ",
            "N/A",
            "n/a",
            "NA",
            "None",
            "-",
            ".",
            "nil",
            " No comment ",
        ] {
            assert!(is_non_answer(v), "{v:?}");
        }
        for v in ["no", "nothing", "Nae bother", "n/a but see Q2"] {
            assert!(!is_non_answer(v), "{v:?}");
        }
        assert_eq!(answer("  More buses  "), Some("More buses".to_string()));
        assert_eq!(answer("N/A"), None);
    }

    #[test]
    fn consent_wordings() {
        assert_eq!(consent("Publish response with name"), Consent::WithName);
        assert_eq!(
            consent("publish  RESPONSE only (without name)"),
            Consent::Anonymous
        );
        assert_eq!(consent("Do not publish response"), Consent::DoNotPublish);
        assert_eq!(consent("Publish anonymously"), Consent::Anonymous);
        assert_eq!(consent("do not publish"), Consent::DoNotPublish);
        assert_eq!(consent("Yes"), Consent::Anonymous);
        assert_eq!(consent("maybe"), Consent::Unknown);
        assert!(looks_like_consent("Publish with name"));
        assert!(!looks_like_consent("yes"));
    }
}
