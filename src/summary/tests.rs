//! Unit tests of the summary on the fixture consultation.

use super::*;
use std::collections::BTreeSet;

fn theme<'a>(s: &'a Summary, id: &str) -> &'a CodeSummary {
    s.themes
        .iter()
        .chain(&s.priorities)
        .find(|t| t.id == id)
        .unwrap_or_else(|| panic!("no {id}"))
}

#[test]
fn counts_are_over_respondents_and_question_bases() {
    let s = fixture::summary();
    assert_eq!(
        (
            s.overview.respondents,
            s.overview.respondents_answering,
            s.overview.answers
        ),
        (120, 120, 185)
    );
    assert_eq!(
        s.questions
            .iter()
            .map(|q| q.respondents_answered)
            .collect::<Vec<_>>(),
        [109, 76]
    );
    let t10 = theme(&s, "T10");
    assert_eq!(
        t10.overall,
        Count {
            answered: 120,
            raising: 22,
            share: 0.1833,
            percent: 18,
            word: "some".into(),
            // Wilson 95% interval of 22/120.
            low: 0.1243,
            high: 0.262,
        }
    );
    assert_eq!(
        (
            t10.per_question[0].count.raising,
            t10.per_question[0].count.answered
        ),
        (22, 109)
    );
    let t12 = &theme(&s, "T12").per_question[1].count;
    assert_eq!(
        (t12.raising, t12.answered, t12.percent, t12.word.as_str()),
        (40, 76, 53, "a majority")
    );
    assert_eq!(theme(&s, "P3").overall.raising, 101);
    assert_eq!(
        s.overview.total.rejected_by_reason.get("ragged-row"),
        Some(&2)
    );
    assert_eq!(s.overview.files[0].file, "consultation.csv");
}

#[test]
fn constructed_imbalance_is_flagged_and_uniform_spread_is_not() {
    let s = fixture::summary();
    let t10 = theme(&s, "T10");
    let by_type = &t10.by_attribute[0];
    assert_eq!(by_type.attribute, "Respondent type");
    let carers = by_type
        .groups
        .iter()
        .find(|g| g.value == "Unpaid carer")
        .map(|g| (g.count.raising, g.count.answered));
    assert_eq!(carers, Some((22, 30)));
    let test = by_type
        .test
        .clone()
        .unwrap_or_else(|| panic!("T10 by type was not tested"));
    assert!(test.flagged && test.p_value < 0.001 && test.df == 3);
    assert_eq!(
        (
            test.highest.as_str(),
            test.max_difference_points,
            test.statistic
        ),
        ("Unpaid carer", 73.3, 80.816)
    );
    let by_locality = t10.by_attribute[1]
        .test
        .clone()
        .unwrap_or_else(|| panic!("T10 by locality was not tested"));
    assert!(!by_locality.flagged && by_locality.p_value > 0.5);
    assert_eq!(s.group_tests.iter().filter(|t| t.test.flagged).count(), 2);
}

#[test]
fn campaign_is_reported_once_with_its_copies() {
    let s = fixture::summary();
    assert_eq!(s.campaigns.len(), 1);
    let c = &s.campaigns[0];
    assert_eq!(
        (c.id, c.size, c.exact, c.edited, c.added_comment),
        (1, 12, 10, 1, 1)
    );
    assert_eq!(c.standard_text, fixture::LETTER);
    assert_eq!(s.overview.campaign_respondents, 12);
}

#[test]
fn quotes_are_typical_varied_and_attributed_by_type() {
    let s = fixture::summary();
    let t10 = &s
        .quotes
        .iter()
        .find(|q| q.theme == "T10")
        .map(|q| q.quotes.clone())
        .unwrap_or_default();
    assert_eq!(t10.len(), 5);
    assert_eq!(
        t10[0].text,
        "I have lived in Forth for 3 years and I use a wheelchair to get about. I still drive but only during \
         daylight these days. Caring for my son is a full time job and the carer support plan never led to \
         anything practical for us. Ring the carer centre on [phone] or write to [email] about caring."
    );
    assert_eq!(
        (t10[0].attribution.as_str(), t10[0].question.as_str()),
        ("unpaid carer", "Q1")
    );
    // Spread across types where possible: the first T05 quotes come from different types.
    let t05: Vec<String> = s.quotes[1]
        .quotes
        .iter()
        .map(|q| q.attribution.clone())
        .collect();
    let distinct: BTreeSet<&String> = t05.iter().take(4).collect();
    assert_eq!(distinct.len(), 4, "{t05:?}");
}

#[test]
fn quotes_come_only_from_consenting_respondents_and_never_from_campaign_copies() {
    let s = fixture::summary();
    let rs = fixture::respondents();
    let mut n = 0;
    for q in s.quotes.iter().flat_map(|t| &t.quotes) {
        n += 1;
        assert!(
            !q.text.contains("Riverside day centre"),
            "campaign text quoted: {}",
            q.text
        );
        let prefix: String = q
            .text
            .split_whitespace()
            .take(10)
            .collect::<Vec<_>>()
            .join(" ");
        let sources: Vec<&Respondent> = rs
            .iter()
            .filter(|r| {
                r.answers.iter().flatten().any(|a| {
                    a.split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                        .contains(&prefix)
                })
            })
            .collect();
        assert!(
            !sources.is_empty(),
            "quote not found in any answer: {}",
            q.text
        );
        // Short shared sentences may occur in several answers; the chosen one must be publishable.
        assert!(
            sources.iter().any(|r| r.consent.publishable()),
            "{}",
            q.text
        );
        if sources.len() == 1 {
            assert!(sources[0].consent.publishable());
        }
    }
    assert_eq!(n, 29);
}

#[test]
fn only_the_added_comment_of_a_campaign_copy_is_quotable() {
    let (schema, frame, acc) = (fixture::schema(), fixture::frame(), fixture::accounting());
    let rs: Vec<Respondent> = fixture::respondents()
        .into_iter()
        .filter(|r| r.seq >= 100 && r.seq <= 111)
        .collect();
    let codings = fixture::codings(&rs);
    let campaigns = detect_campaigns(&schema, &rs);
    let input = SummaryInput {
        schema: &schema,
        frame: &frame,
        coded: &CodedBatch {
            words: Vec::new(),
            respondents: rs.clone(),
            codings,
        },
        accounting: &acc,
    };
    let s = summarise(&input, &campaigns);
    let quoted: Vec<&Quote> = s.quotes.iter().flat_map(|t| &t.quotes).collect();
    assert_eq!(quoted.len(), 1);
    assert_eq!(
        quoted[0].text,
        "My own mother went there every week after her stroke and the staff there kept her from being lonely \
         when nobody else did."
    );
    assert_eq!(s.quotes[0].theme, "T03");
}

#[test]
fn quantifier_words_follow_the_thresholds() {
    let words: Vec<&str> = [0.0, 0.05, 0.1, 0.249, 0.25, 0.5, 0.77, 0.95, 1.0]
        .iter()
        .map(|&x| quantifier(x))
        .collect();
    assert_eq!(
        words,
        [
            "none",
            "a few",
            "some",
            "some",
            "many",
            "a majority",
            "a large majority",
            "almost all",
            "all"
        ]
    );
    assert_eq!(quantifier_table()[2].range, "10% to under 25%");
}

#[test]
fn attribution_attribute_is_found_by_name() {
    let mut schema = fixture::schema();
    assert_eq!(attribution_attribute(&schema), Some(0));
    schema.attributes[0].name = "In what capacity are you responding?".into();
    assert_eq!(attribution_attribute(&schema), Some(0));
    schema.attributes[0].name = "Which of these best describes you?".into();
    assert_eq!(attribution_attribute(&schema), Some(0));
    schema.attributes[0].name = "Age band".into();
    assert_eq!(attribution_attribute(&schema), None);
}

/// The fixture summarised from batches of `size` respondents, each batch given the words of its
/// answers (as the coder hands them on) when `with_words`.
fn summarised_in_batches(size: usize, with_words: bool) -> Summary {
    let (schema, frame, acc) = (fixture::schema(), fixture::frame(), fixture::accounting());
    let rs = fixture::respondents();
    let codings = fixture::codings(&rs);
    let mut b = SummaryBuilder::new(&schema, &frame, CampaignOptions::default());
    for chunk in rs.chunks(size) {
        // Each batch gets only its own codings, as the pipeline gives them.
        let (lo, hi) = (chunk[0].seq, chunk[chunk.len() - 1].seq);
        let cs: Vec<crate::model::Coding> = codings
            .iter()
            .filter(|c| c.respondent >= lo && c.respondent <= hi)
            .cloned()
            .collect();
        let batch = CodedBatch {
            respondents: chunk.to_vec(),
            codings: cs,
            words: Vec::new(),
        };
        if with_words {
            // The words as the coder gives them: its split, currency signs taken out.
            let words = batch
                .by_respondent()
                .flat_map(|(r, cs)| cs.iter().map(|c| r.answer(usize::from(c.question))))
                .map(|text| {
                    let text = text.unwrap_or_default();
                    let (mut with, mut out) = (Vec::new(), Vec::new());
                    crate::text::segment::segment_with_currency(text, &mut with);
                    crate::text::segment::without_currency(text, &with, &mut out);
                    out
                })
                .collect();
            b.add_segmented(&batch, words);
        } else {
            b.add(&batch);
        }
    }
    let campaigns = b.detect_campaigns();
    assert_eq!(campaigns.campaigns.len(), 1);
    b.finish(&campaigns, &acc)
}

#[test]
fn batches_of_any_size_give_the_same_summary() {
    let whole = summarised_in_batches(usize::MAX, false);
    for size in [1, 7, 50] {
        assert_eq!(
            summarised_in_batches(size, false),
            whole,
            "batches of {size}"
        );
    }
}

#[test]
fn the_coders_words_give_the_same_summary_as_splitting_again() {
    let whole = summarised_in_batches(usize::MAX, false);
    assert!(whole
        .distinctive
        .by_theme
        .iter()
        .any(|t| !t.terms.is_empty()));
    for size in [1, 7, usize::MAX] {
        assert_eq!(
            summarised_in_batches(size, true),
            whole,
            "batches of {size}"
        );
    }
}
