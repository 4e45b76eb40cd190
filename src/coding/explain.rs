//! Why an answer got (or did not get) each theme: the data behind `hearken code --explain`.

use crate::model::Evidence;
use serde::Serialize;
use std::fmt;

/// The explanation of one text: every theme with any evidence, in theme-id order.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Explanation {
    /// The text is long, has none of the lexicon's domain vocabulary and no entry strong enough
    /// to settle a theme alone (the domain threshold), so it is taken to be about something else
    /// and gets no theme.
    pub off_domain: bool,
    /// The text alone would be off the subject, but it answers a question about the frame's
    /// subject, so its themes are given on its words (see [`super::Coder::is_on_subject`]).
    pub subject_from_question: bool,
    /// Themes with at least one match.
    pub themes: Vec<ThemeExplanation>,
}

/// One theme's evidence and verdict for one text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThemeExplanation {
    /// Theme id.
    pub theme: String,
    /// Theme name.
    pub name: String,
    /// Sum of the weights of the counted matches.
    pub score: f32,
    /// The theme's threshold.
    pub threshold: f32,
    /// Whether the text gets the theme.
    pub assigned: bool,
    /// Why it was or was not assigned.
    pub verdict: Verdict,
    /// Every match, in text order, with how it counted.
    pub matches: Vec<ExplainedMatch>,
}

/// Why a theme was or was not assigned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// The score reached the threshold.
    Assigned,
    /// The counted matches do not reach the threshold.
    BelowThreshold,
    /// Enough for the theme's own threshold, but the text is off-domain (see
    /// [`Explanation::off_domain`]).
    OffDomain,
    /// Every match lay inside an exclusion.
    Excluded,
    /// No match counted because the words were used in another sense (a `with` cue missing, or
    /// an `unless` cue present).
    OtherSense,
    /// No match counted because of negation (negated "skip" entries, unnegated "only" entries).
    Negated,
    /// Over the threshold, but the code frame assigns one theme per answer and another scored higher.
    NotBest {
        /// The theme assigned instead.
        best: String,
    },
}

/// How one match counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MatchStatus {
    /// Counted with the entry's weight.
    Counted,
    /// A proximity rule pair, counted with the rule's weight.
    Near,
    /// Inside a negation scope, and the entry does not count negated.
    Negated,
    /// Outside any negation scope, and the entry counts only negated.
    NotNegated,
    /// Inside an exclusion of the theme.
    Excluded {
        /// The exclusion as written.
        by: String,
    },
    /// The entry needs one of its `with` cues nearby, and none was there.
    NoCue {
        /// The cues as written.
        needs: String,
    },
    /// One of the entry's `unless` cues was nearby.
    Blocked {
        /// The words of the text that blocked it.
        by: String,
    },
    /// The entry already counted earlier in the text (the lexicon counts each entry once).
    Repeat,
}

/// One match and how it counted.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExplainedMatch {
    /// The match (weight 0 when it did not count).
    pub evidence: Evidence,
    /// How it counted.
    pub status: MatchStatus,
    /// The matched words as the coder read them, when the lexicon's aliases changed any of them
    /// ("get an appt" read as "get an appointment"); `None` when they were read as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub read_as: Option<String>,
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Verdict::Assigned => f.write_str("assigned"),
            Verdict::BelowThreshold => f.write_str("not assigned: below threshold"),
            Verdict::OffDomain => f.write_str(
                "not assigned: the text is not about the frame's subject (no domain words, no strong entry)",
            ),
            Verdict::Excluded => f.write_str("not assigned: every match is excluded"),
            Verdict::OtherSense => {
                f.write_str("not assigned: every match is used in another sense")
            }
            Verdict::Negated => f.write_str("not assigned: every match is negated"),
            Verdict::NotBest { best } => write!(f, "not assigned: {best} scored higher"),
        }
    }
}

impl fmt::Display for MatchStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MatchStatus::Counted => f.write_str("counted"),
            MatchStatus::Near => f.write_str("counted (near)"),
            MatchStatus::Negated => f.write_str("not counted: negated"),
            MatchStatus::NotNegated => f.write_str("not counted: counts only when negated"),
            MatchStatus::Excluded { by } => write!(f, "not counted: inside exclusion `{by}`"),
            MatchStatus::NoCue { needs } => {
                write!(f, "not counted: needs one of `{needs}` nearby")
            }
            MatchStatus::Blocked { by } => write!(f, "not counted: blocked by `{by}` nearby"),
            MatchStatus::Repeat => f.write_str("not counted: the entry already counted"),
        }
    }
}
