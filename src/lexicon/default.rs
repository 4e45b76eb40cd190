//! The bundled default lexicon (`lexicons/` in the source tree), compiled into the binary.

use super::{parse_files, Lexicon};
use std::path::PathBuf;

/// The bundled lexicon files: (path shown in messages, contents).
const FILES: &[(&str, &str)] = &[
    (
        "lexicons/priorities.toml",
        include_str!("../../lexicons/priorities.toml"),
    ),
    (
        "lexicons/sets.toml",
        include_str!("../../lexicons/sets.toml"),
    ),
    (
        "lexicons/T01-health-improvement.toml",
        include_str!("../../lexicons/T01-health-improvement.toml"),
    ),
    (
        "lexicons/T02-poverty-inequalities.toml",
        include_str!("../../lexicons/T02-poverty-inequalities.toml"),
    ),
    (
        "lexicons/T03-community-connection.toml",
        include_str!("../../lexicons/T03-community-connection.toml"),
    ),
    (
        "lexicons/T04-independent-living.toml",
        include_str!("../../lexicons/T04-independent-living.toml"),
    ),
    (
        "lexicons/T05-mental-health.toml",
        include_str!("../../lexicons/T05-mental-health.toml"),
    ),
    (
        "lexicons/T06-alcohol-drugs.toml",
        include_str!("../../lexicons/T06-alcohol-drugs.toml"),
    ),
    (
        "lexicons/T07-gp-primary-care.toml",
        include_str!("../../lexicons/T07-gp-primary-care.toml"),
    ),
    (
        "lexicons/T08-unscheduled-hospital.toml",
        include_str!("../../lexicons/T08-unscheduled-hospital.toml"),
    ),
    (
        "lexicons/T09-care-at-home.toml",
        include_str!("../../lexicons/T09-care-at-home.toml"),
    ),
    (
        "lexicons/T10-unpaid-carers.toml",
        include_str!("../../lexicons/T10-unpaid-carers.toml"),
    ),
    (
        "lexicons/T11-workforce.toml",
        include_str!("../../lexicons/T11-workforce.toml"),
    ),
    (
        "lexicons/T12-information-access.toml",
        include_str!("../../lexicons/T12-information-access.toml"),
    ),
];

/// The bundled default lexicon: 3 priorities and 12 themes. Its validity is checked by the
/// test suite, so failing to parse it is a build defect, not an input error.
pub fn default_lexicon() -> Lexicon {
    match parse_files(&files()) {
        Ok(lex) => lex,
        Err(e) => panic!("the bundled lexicon is invalid: {e}"),
    }
}

/// The bundled lexicon files as (path, contents).
pub(crate) fn files() -> Vec<(PathBuf, String)> {
    FILES
        .iter()
        .map(|(p, t)| (PathBuf::from(p), (*t).to_string()))
        .collect()
}

/// The bundled lexicon files, for writing them out (`hearken lexicon init`-style uses).
pub fn default_files() -> impl Iterator<Item = (&'static str, &'static str)> {
    FILES.iter().copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_lexicon_has_three_priorities_and_twelve_themes() {
        let lex = default_lexicon();
        assert_eq!(lex.frame.priorities.len(), 3);
        assert_eq!(lex.themes.len(), 12);
        let ids: Vec<&str> = lex.frame.themes.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids.first(), Some(&"T01"));
        assert_eq!(ids.last(), Some(&"T12"));
        assert!(crate::coding::Coder::new(&lex).is_ok());
    }

    /// The theme ids the bundled frame gives `text`.
    fn bundled_codes(coder: &crate::coding::Coder, text: &str) -> Vec<String> {
        let c = coder.code_text(text);
        c.themes
            .iter()
            .map(|t| coder.frame().theme_id(t.theme).to_string())
            .collect()
    }

    #[test]
    fn bundled_frame_reads_idioms_and_telecare_as_the_codebook_does() {
        let coder =
            crate::coding::Coder::new(&default_lexicon()).expect("the bundled lexicon compiles");
        let codes = |t: &str| bundled_codes(&coder, t);
        // Gratitude, not missing information (T12); the break is the carer's (T10).
        assert_eq!(
            codes("The day centre gives me a break, I dont know what I'd do without it"),
            ["T03", "T10"]
        );
        assert!(codes("Don't know where I'd be without the group.")
            .iter()
            .all(|t| t != "T12"));
        // Not knowing where to go is about information.
        assert_eq!(
            codes("I don't know where to go for help with my mum"),
            ["T12"]
        );
        // Hearing again is not an access barrier; not hearing is.
        assert!(codes("New hearing aids, I can hear the birds again").is_empty());
        assert_eq!(
            codes("I can't hear the receptionist through the glass"),
            ["T07", "T11", "T12"]
        );
        // The alarm that answers a fall is telecare (T04), said with or without its name.
        assert_eq!(codes("If I fall I've got the button"), ["T04"]);
        assert_eq!(codes("Being ignored every time we say something"), ["T12"]);
        // Staff who stick with a person, staff there are not, and a care home called "the home".
        assert_eq!(codes("My keyworker never gave up on me"), ["T11"]);
        assert_eq!(codes("The agency can't get staff"), ["T11"]);
        assert_eq!(
            codes("The home phones us whenever anything happens"),
            ["T09"]
        );
        assert!(codes("The home treatment team came out the same day")
            .iter()
            .all(|t| t != "T09"));
        // "Lovely" is written as a glob so its stem does not take in "love": an idiom is not
        // praise of the GP's staff; not getting an appointment is access (T12).
        assert_eq!(
            codes("cant get a gp appt for love nor money"),
            ["T07", "T12"]
        );
        // Nor do the stems of "dependency", "engaged", "results" and "cycling" take in other
        // words: these texts leave no evidence at all for the theme.
        for (text, theme) in [
            ("It depends on the bus", "T06"),
            ("The engagement events were badly run", "T07"),
            ("As a result the road is busier", "T12"),
            ("A cycle lane on the main road", "T01"),
        ] {
            let c = coder.code_text(text);
            assert!(
                c.evidence
                    .iter()
                    .all(|e| coder.frame().theme_id(e.theme) != theme),
                "{text}: {theme}"
            );
        }
        // Contractions typed without the apostrophe code as written with it.
        assert_eq!(codes("i dont see many people these days"), ["T03"]);
        assert_eq!(codes("ive looked after my husband for 10 years"), ["T10"]);
        // Common misspellings of the frame's key words code as the words.
        assert_eq!(codes("the recptionist was rude"), ["T07", "T11"]);
        assert_eq!(
            codes("my mum has dimentia and the anxity is terrible"),
            ["T05"]
        );
        // American spellings and names code as the British ones.
        assert_eq!(codes("my neighbor checks in on me every morning"), ["T03"]);
        assert_eq!(
            codes("waited 9 hours in the emergency room"),
            ["T08", "T12"]
        );
        assert_eq!(
            codes("the hv was brilliant with my wee one"),
            ["T07", "T11"]
        );
        // A family carer naming the person cared for is not a paid carer's visit (T09).
        assert_eq!(codes("i'm my wife's carer and i'm exhausted"), ["T10"]);
        // Hours on a trolley are a wait as well as a hospital stay.
        assert_eq!(
            codes("sat on a trolley in a corridor for 14 hours"),
            ["T08", "T12"]
        );
        // A team called a lifeline is praised (T11); not being able to read is access (T12).
        assert_eq!(
            codes("the perinatal mental health team were a lifeline"),
            ["T05", "T11"]
        );
        assert_eq!(codes("i cant read so the forms are useless to me"), ["T12"]);
        // Asking for more of a kind of staff is about staff numbers (T11).
        assert!(codes("Fund more mental health nurses in A&E")
            .iter()
            .any(|t| t == "T11"));
        // A long comment on being spoken with names no service, yet is about care.
        assert_eq!(
            codes(
                "Talked over the whole time and nobody would explain things to my husband or to \
                 me, and by the end of the hour we were both more confused than when we first \
                 came in the door that morning."
            ),
            ["T11", "T12"]
        );
        assert_eq!(
            codes(
                "Both of the workers always took the time to listen and get to know me properly. \
                 They respond with warmth and patience, and honestly I look forward to every \
                 single visit from them now."
            ),
            ["T11", "T12"]
        );
        // A physical illness put down to the mind is not a mental health answer.
        assert!(
            codes("Doctor said it was anxiety. Turned out to be my gallbladder.")
                .iter()
                .all(|t| t != "T05")
        );
        assert!(codes("My anxiety is worse since the move")
            .iter()
            .any(|t| t == "T05"));
    }
}
