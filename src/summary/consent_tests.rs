//! Consent in every summary output: distinctive terms and campaign texts never show words that
//! only respondents who did not agree to publication wrote (quotes are tested in `mod.rs`).

use super::fixture;
use super::*;
use crate::model::Consent;

fn summary_of(rs: &[Respondent]) -> Summary {
    let (schema, frame, acc) = (fixture::schema(), fixture::frame(), fixture::accounting());
    let codings = fixture::codings(rs);
    let campaigns = detect_campaigns(&schema, rs);
    let input = SummaryInput {
        schema: &schema,
        frame: &frame,
        coded: &CodedBatch {
            words: Vec::new(),
            respondents: rs.to_vec(),
            codings,
        },
        accounting: &acc,
    };
    summarise(&input, &campaigns)
}

fn listed_terms(s: &Summary) -> Vec<String> {
    s.distinctive
        .by_theme
        .iter()
        .chain(&s.distinctive.by_group)
        .flat_map(|set| set.terms.iter().map(|t| t.term.to_lowercase()))
        .collect()
}

/// The fixture with a word only non-consenting respondents use and a name consenting ones give.
fn planted(all_consent: bool) -> Vec<Respondent> {
    let mut rs = fixture::respondents();
    for r in rs.iter_mut().filter(|r| r.seq < 100) {
        let Some(Some(a)) = r.answers.first_mut() else {
            continue;
        };
        // Every twentieth respondent did not agree (the fixture's consent runs in fives) and is
        // of one respondent type, so the word is distinctive of that group.
        if r.seq % 20 == 0 {
            assert_eq!(r.consent, Consent::DoNotPublish);
            a.push_str(&" The zebrafinch clinic is a zebrafinch disgrace.".repeat(4));
        } else if r.seq % 2 == 1 {
            a.push_str(" My husband Bartholomew helps.");
        }
        if all_consent {
            r.consent = Consent::Anonymous;
        }
    }
    rs
}

#[test]
fn distinctive_terms_never_show_words_only_withheld_respondents_wrote() {
    let s = summary_of(&planted(false));
    let terms = listed_terms(&s);
    assert!(!terms.is_empty());
    for t in &terms {
        assert!(!t.contains("zebrafinch"), "{t}");
        assert!(!t.contains("bartholomew"), "{t}");
    }
    // The same words are listed once their writers agree: the test can fail.
    let open = listed_terms(&summary_of(&planted(true)));
    assert!(open.iter().any(|t| t.contains("zebrafinch")), "{open:?}");
    // The name stays out even then: redaction hides it.
    assert!(!open.iter().any(|t| t.contains("bartholomew")), "{open:?}");
}

#[test]
fn a_campaign_sent_only_by_withheld_respondents_is_not_printed() {
    let mut rs = fixture::respondents();
    for r in rs.iter_mut().filter(|r| (100..=111).contains(&r.seq)) {
        r.consent = Consent::DoNotPublish;
    }
    let s = summary_of(&rs);
    assert_eq!(s.campaigns.len(), 1);
    let c = &s.campaigns[0];
    assert!(!c.standard_text_shown);
    assert!(c.standard_text.is_empty());
    for report in [crate::report::markdown(&s), crate::report::html(&s)] {
        assert!(
            !report.contains("Riverside day centre"),
            "campaign text printed"
        );
        assert!(report.contains("The standard text is not shown"));
    }
    let json = crate::report::summary_json(&s);
    assert!(!json.contains("Riverside day centre"));

    // One exact copy from a respondent who agreed is enough: the text is theirs.
    rs[105].consent = Consent::Anonymous;
    let s = summary_of(&rs);
    let c = &s.campaigns[0];
    assert!(c.standard_text_shown);
    assert_eq!(c.standard_text, fixture::LETTER);
}
