//! Unit tests of the coder.

use super::*;
use crate::lexicon::parse_files;
use crate::model::Consent;
use std::path::PathBuf;

const PRIOS: &str =
    "[[priority]]\nid = \"P1\"\nname = \"One\"\n[[priority]]\nid = \"P3\"\nname = \"Three\"\n";

/// A coder from theme files given as (id, body after id/name/priorities lines).
fn coder(assign: &str, themes: &[(&str, &str, &str)]) -> Coder {
    coder_with_sets(&format!("assign = \"{assign}\"\n{PRIOS}"), "", themes)
}

/// A coder from `priorities.toml`, `sets.toml` (none when empty) and theme files.
fn coder_with_sets(priorities: &str, sets: &str, themes: &[(&str, &str, &str)]) -> Coder {
    let mut files = vec![(PathBuf::from("l/priorities.toml"), priorities.to_string())];
    if !sets.is_empty() {
        files.push((PathBuf::from("l/sets.toml"), sets.to_string()));
    }
    for (id, prios, body) in themes {
        files.push((
            PathBuf::from(format!("l/{id}.toml")),
            format!("id = \"{id}\"\nname = \"Theme {id}\"\npriorities = [{prios}]\n{body}"),
        ));
    }
    let lex = parse_files(&files).unwrap();
    let coder = Coder::new(&lex).unwrap();
    FRAME.with(|f| *f.borrow_mut() = coder.frame().clone());
    coder
}

thread_local! {
    /// The code frame of the coder last built on this thread: [`ev`] and [`ids`] name themes by it.
    static FRAME: std::cell::RefCell<CodeFrame> = std::cell::RefCell::default();
}

/// The id of theme `index` in the frame of the coder last built on this thread.
fn theme_id(index: u16) -> String {
    FRAME.with(|f| f.borrow().theme_id(index).to_string())
}

fn ev(c: &TextCoding) -> Vec<String> {
    c.evidence
        .iter()
        .map(|e| {
            format!(
                "{}:{}@{}-{}={}{}",
                theme_id(e.theme),
                e.entry,
                e.start,
                e.end,
                e.weight,
                if e.negated { "!" } else { "" }
            )
        })
        .collect()
}

fn ids(c: &TextCoding) -> Vec<String> {
    c.themes.iter().map(|t| theme_id(t.theme)).collect()
}

#[test]
fn phrase_beats_word_within_a_theme_and_shared_terms_fire_for_each_theme() {
    let c = coder(
        "all",
        &[
            (
                "T10",
                "\"P3\"",
                "terms = [\"short break\", \"break\", \"carer\"]",
            ),
            ("T11", "\"P3\"", "terms = [\"break\", \"carer\"]"),
        ],
    );
    let r = c.code_text("A short break. Another break for the Carers");
    assert_eq!(
        ev(&r),
        vec![
            "T10:short break@2-13=1",
            "T11:break@8-13=1",
            "T10:break@23-28=1",
            "T11:break@23-28=1",
            "T10:carer@37-43=1",
            "T11:carer@37-43=1"
        ]
    );
    assert_eq!(ids(&r), vec!["T10", "T11"]);
    assert_eq!(r.priorities, vec![1], "P3, the second priority");
}

#[test]
fn words_of_every_cached_length_code_the_same_as_alone() {
    // Short (<= 8 bytes), medium (9-16) and long words, cached once and then met again
    // in other positions and texts.
    let c = coder(
        "all",
        &[(
            "T01",
            "\"P1\"",
            "terms = [\"care\", \"physiotherapist*\", \"occupational therapy\", \"multidisciplinarity\"]",
        )],
    );
    let text = "care then physiotherapists, occupational therapy and multidisciplinarity";
    let first = c.code_text(text);
    assert_eq!(ev(&first).len(), 4, "{:?}", ev(&first));
    assert_eq!(c.code_text(text), first);
    let again = c.code_text("multidisciplinarity. Care");
    assert_eq!(ev(&again).len(), 2, "{:?}", ev(&again));
}

#[test]
fn globs_and_wildcards() {
    let c = coder(
        "all",
        &[(
            "T01",
            "\"P1\"",
            "terms = [\"carer*\", \"looking after my *\", \"hospital at home\"]",
        )],
    );
    let r = c.code_text("carers’ rights; I am looking after my Mum; hospital at home; careless");
    assert_eq!(
        ev(&r),
        vec![
            "T01:carer*@0-6=1",
            "T01:looking after my *@23-43=1",
            "T01:hospital at home@45-61=1"
        ]
    );
}

#[test]
fn evidence_spans_are_bytes_of_the_original_text() {
    let c = coder("all", &[("T10", "\"P3\"", "terms = [\"short break\"]")]);
    let text = "Café ‘respite’ – “Short  Breaks” matter";
    let r = c.code_text(text);
    assert_eq!(ev(&r), vec!["T10:short break@27-40=1"]);
    assert_eq!(&text[27..40], "Short  Breaks");
}

#[test]
fn accented_letters_match_the_plain_term() {
    let c = coder("all", &[("T03", "\"P3\"", "terms = [\"recovery cafe\"]")]);
    let text = "The Recovery Café is open";
    assert_eq!(ev(&c.code_text(text)), vec!["T03:recovery cafe@4-18=1"]);
    assert_eq!(&text[4..18], "Recovery Café");
}

#[test]
fn exclusions_drop_matches_inside_them() {
    let c = coder(
        "all",
        &[
            ("T09", "\"P3\"", "terms = [\"home\"]"),
            (
                "T10",
                "\"P3\"",
                "terms = [\"care\"]\nexclude = [\"care home\"]",
            ),
        ],
    );
    let r = c.code_text("Mum moved to a care home. Care for carers matters.");
    assert_eq!(
        ev(&r),
        vec!["T10:care@15-19=0", "T09:home@20-24=1", "T10:care@26-30=1"]
    );
    assert_eq!(ids(&r), vec!["T09", "T10"]);
    let r = c.code_text("a care home");
    assert_eq!(ids(&r), vec!["T09"]);
    let x = c.explain("a care home");
    assert_eq!(x.themes[1].verdict, Verdict::Excluded);
    assert_eq!(
        x.themes[1].matches[0].status,
        MatchStatus::Excluded {
            by: "care home".into()
        }
    );
}

#[test]
fn negation_modes() {
    let c = coder(
        "all",
        &[
            ("T03", "\"P1\"", "terms = [{ term = \"lonely\", negation = \"skip\" }]"),
            ("T10", "\"P3\"", "terms = [{ term = \"help\", negation = \"only\" }, { term = \"respite\", negation = \"skip\" }]"),
        ],
    );
    assert_eq!(ids(&c.code_text("I am not lonely")), Vec::<&str>::new());
    assert_eq!(ids(&c.code_text("I am not sure, but lonely")), vec!["T03"]);
    assert_eq!(ids(&c.code_text("there was help")), Vec::<&str>::new());
    assert_eq!(ids(&c.code_text("there was no help")), vec!["T10"]);
    assert_eq!(ids(&c.code_text("we didn't get any help")), vec!["T10"]);
    let r = c.code_text("we cannae get respite");
    assert_eq!(ev(&r), vec!["T10:respite@14-21=0!"]);
    assert_eq!(
        c.explain("we cannae get respite").themes[0].verdict,
        Verdict::Negated
    );
}

#[test]
fn proximity_within_words_and_same_sentence() {
    let c = coder(
        "all",
        &[(
            "T10",
            "\"P3\"",
            "threshold = 2.0\nterms = [{ term = \"support\", weight = 0.5 }]\n[[near]]\na = \"support\"\nb = \"carer*\"\nwithin = 3\n[[near]]\na = \"break\"\nb = \"caring\"\nsentence = true\nweight = 2.0\n",
        )],
    );
    // support(0) for(1) my(2) carer(3): three words apart.
    let r = c.code_text("support for my carer");
    assert_eq!(
        ev(&r),
        vec!["T10:support@0-7=0.5", "T10:support ~ carer*@0-20=1"]
    );
    assert!(ids(&r).is_empty(), "1.5 is below 2.0");
    let r = c.code_text("support for my own carer");
    assert_eq!(ev(&r), vec!["T10:support@0-7=0.5"]);
    let r = c.code_text("Caring all week, I never get a break.");
    assert_eq!(ev(&r), vec!["T10:break ~ caring@0-36=2"]);
    assert_eq!(ids(&r), vec!["T10"]);
    assert!(c
        .code_text("Caring all week. I never get a break.")
        .evidence
        .is_empty());
}

/// A coder of one theme whose only entry is "x" and whose one proximity rule is `rule`.
fn one_near_rule(theme: &str, rule: &str) -> Coder {
    coder(
        "all",
        &[(
            theme,
            "\"P3\"",
            &format!("terms = [\"x\"]\n[[near]]\n{rule}"),
        )],
    )
}

#[test]
fn proximity_terms_inside_an_unless_phrase_take_no_part() {
    let c = one_near_rule(
        "T11",
        "a = \"really\"\nb = \"supportive\"\nwithin = 1\nunless = [\"supportive of\", \"really * really\"]\n",
    );
    assert_eq!(
        ids(&c.code_text("The nurse was really supportive.")),
        vec!["T11"]
    );
    // "Supportive of the plans" is not how someone behaves, so the pair does not count...
    assert!(c
        .code_text("I am really supportive of the plans")
        .evidence
        .is_empty());
    // ...and an `a` inside a phrase is set aside too, while one outside it still pairs.
    assert!(c
        .code_text("really really supportive of it")
        .evidence
        .is_empty());
    let r = c.code_text("really supportive of it, and really supportive");
    assert_eq!(ev(&r), vec!["T11:really ~ supportive@29-46=1"]);
    // Many covered pairs: the sweep stays linear and finds none.
    let long = "really supportive of them ".repeat(2_000);
    assert!(c.code_text(&long).evidence.is_empty());
}

#[test]
fn proximity_within_words_and_one_sentence_together() {
    let c = one_near_rule(
        "T12",
        "a = \"weeks\"\nb = \"appointment\"\nwithin = 3\nsentence = true\n",
    );
    assert_eq!(
        ids(&c.code_text("Three weeks for an appointment.")),
        vec!["T12"]
    );
    // Two words apart but in two sentences; one sentence but too far apart.
    assert!(c
        .code_text("I waited weeks. Appointment came.")
        .evidence
        .is_empty());
    assert!(c
        .code_text("weeks and weeks and weeks of nothing then an appointment")
        .evidence
        .is_empty());
}

#[test]
fn thresholds_and_negative_weights() {
    let c = coder(
        "all",
        &[(
            "T10",
            "\"P3\"",
            "terms = [{ term = \"support\", weight = 0.5 }, \"respite\", { term = \"care home\", weight = -1.0 }]",
        )],
    );
    assert!(ids(&c.code_text("support")).is_empty());
    assert_eq!(
        c.code_text("support and more support").themes,
        vec![ThemeScore {
            theme: 0,
            score: 1.0
        }]
    );
    assert_eq!(ids(&c.code_text("respite")), vec!["T10"]);
    assert!(ids(&c.code_text("respite in a care home")).is_empty());
    assert_eq!(
        c.explain("respite in a care home").themes[0].verdict,
        Verdict::BelowThreshold
    );
}

#[test]
fn entries_added_on_trial_count_one_at_a_time() {
    // `support` is the theme's own entry; `break` and `rest` are added on trial (entries 1, 2).
    let c = coder(
        "all",
        &[(
            "T10",
            "\"P3\"",
            "terms = [{ term = \"support\", weight = 0.5 }, { term = \"break\", weight = 0.5 }, { term = \"rest\", weight = 0.5 }]",
        )],
    );
    let originals = [1];
    // With the theme's own evidence, one added entry reaches the threshold.
    assert_eq!(
        c.try_added("support and a break", false, &originals, &[(0, 1)]),
        [true]
    );
    // Alone, neither added entry reaches it, although together they would.
    assert_eq!(ids(&c.code_text("a break and some rest")), vec!["T10"]);
    assert_eq!(
        c.try_added(
            "a break and some rest",
            false,
            &originals,
            &[(0, 1), (0, 2)]
        ),
        [false, false]
    );
    assert_eq!(
        c.try_added("a break", false, &originals, &[(0, 1)]),
        [false]
    );
    // An entry that does not occur adds nothing.
    assert_eq!(
        c.try_added("support", false, &originals, &[(0, 2)]),
        [false]
    );
    // Each trial gives what a coder compiled with only that entry added gives.
    let alone = |added: &str| {
        coder(
            "all",
            &[(
                "T10",
                "\"P3\"",
                &format!("terms = [{{ term = \"support\", weight = 0.5 }}, {{ term = \"{added}\", weight = 0.5 }}]"),
            )],
        )
    };
    let (with_break, with_rest) = (alone("break"), alone("rest"));
    for text in [
        "support, a break and some rest",
        "no support but a rest",
        "a break, a break",
        "rest",
    ] {
        let got = c.try_added(text, false, &originals, &[(0, 1), (0, 2)]);
        let want = [
            !with_break.code_text(text).themes.is_empty(),
            !with_rest.code_text(text).themes.is_empty(),
        ];
        assert_eq!(got, want, "{text}");
    }
}

#[test]
fn best_keeps_the_top_theme_and_breaks_ties_by_id() {
    let c = coder(
        "best",
        &[
            ("T02", "\"P1\"", "terms = [\"poverty\"]"),
            ("T05", "\"P3\"", "terms = [\"anxiety\", \"stress\"]"),
            ("T07", "\"P3\"", "terms = [\"gp\"]"),
        ],
    );
    assert_eq!(
        ids(&c.code_text("poverty, anxiety and stress")),
        vec!["T05"]
    );
    let r = c.code_text("the GP and poverty");
    assert_eq!(ids(&r), vec!["T02"]);
    assert_eq!(r.priorities, vec![0], "P1, the first priority");
    let x = c.explain("the GP and poverty");
    assert_eq!(x.themes[1].verdict, Verdict::NotBest { best: "T02".into() });
}

const SETS: &str = "[staff]\nterms = [\"nurse*\", \"receptionist\", \"the doctor\"]\n[manner]\nterms = [\"kind\", \"rude\", \"lovely\"]\n[service]\nterms = [\"gp\", \"hospital\", \"service*\"]\n[care]\nterms = [\"@staff\"]\n";

#[test]
fn with_cues_in_a_window_or_the_same_sentence() {
    let c = coder_with_sets(
        PRIOS,
        SETS,
        &[
            ("T03", "\"P1\"", "terms = [{ term = \"company\", with = [\"keep * company\", \"for\"], within = 1 }]"),
            ("T12", "\"P3\"", "terms = [{ term = \"access\", with = \"@service\" }]"),
        ],
    );
    assert_eq!(ids(&c.code_text("the dog keeps me company")), vec!["T03"]);
    assert_eq!(ids(&c.code_text("I go for company")), vec!["T03"]);
    assert!(ids(&c.code_text("the company is hiring for summer")).is_empty());
    assert!(ids(&c.code_text("a building company")).is_empty());
    assert_eq!(ids(&c.code_text("Access to my GP is hard")), vec!["T12"]);
    assert_eq!(ids(&c.code_text("hard to access services")), vec!["T12"]);
    // The cue must be in the same sentence.
    assert!(ids(&c.code_text("Access to the path. The hospital")).is_empty());
    let x = c.explain("access to the coastal path");
    assert_eq!(x.themes[0].verdict, Verdict::OtherSense);
    assert_eq!(
        x.themes[0].matches[0].status,
        MatchStatus::NoCue {
            needs: "@service".into()
        }
    );
}

#[test]
fn unless_cues_block_a_sense() {
    let c = coder_with_sets(
        PRIOS,
        SETS,
        &[(
            "T12",
            "\"P3\"",
            "terms = [{ term = \"train\", unless = [\"train station\", \"line\", \"rail*\"], within = 3 }, \"bus\"]",
        )],
    );
    assert_eq!(
        ids(&c.code_text("I get the train to the clinic")),
        vec!["T12"]
    );
    assert!(ids(&c.code_text("the new train station")).is_empty());
    assert!(ids(&c.code_text("the train line is closed")).is_empty());
    // Four words away is outside the window of 3.
    assert_eq!(
        ids(&c.code_text("rail fares up again and the train")),
        vec!["T12"]
    );
    let x = c.explain("Reopen the railway: the train is late");
    assert_eq!(
        x.themes[0].matches[0].status,
        MatchStatus::Blocked {
            by: "railway".into()
        }
    );
}

#[test]
fn sets_work_as_terms_and_in_proximity_rules() {
    let c = coder_with_sets(
        PRIOS,
        SETS,
        &[(
            "T11",
            "\"P3\"",
            "terms = [{ term = \"@manner\", weight = 0.5 }]\n[[near]]\na = \"@staff\"\nb = \"@manner\"\nsentence = true\n",
        )],
    );
    let r = c.code_text("The nurses were lovely.");
    assert_eq!(
        ev(&r),
        vec!["T11:@staff ~ @manner@4-22=1", "T11:@manner@16-22=0.5"]
    );
    assert_eq!(ids(&r), vec!["T11"]);
    assert!(ids(&c.code_text("The nurses came. It was lovely.")).is_empty());
    assert_eq!(ids(&c.code_text("the doctor was kind")), vec!["T11"]);
}

#[test]
fn answers_without_domain_words_need_the_domain_threshold() {
    let c = coder_with_sets(
        &format!("{PRIOS}[domain]\nset = \"care\"\nthreshold = 2.0\nmin_words = 3\n"),
        SETS,
        &[(
            "T04",
            "\"P1\"",
            "terms = [\"housing\", { term = \"adaptation*\", weight = 2.0 }]",
        )],
    );
    assert!(ids(&c.code_text("Stop the housing estate on the green belt")).is_empty());
    assert_eq!(
        ids(&c.code_text("the nurse said my housing is unsuitable")),
        vec!["T04"]
    );
    assert_eq!(ids(&c.code_text("we need adaptations")), vec!["T04"]);
    assert_eq!(
        ids(&c.code_text("better housing")),
        vec!["T04"],
        "too short to judge"
    );
    let x = c.explain("more social housing");
    assert!(x.off_domain);
    assert_eq!(x.themes[0].verdict, Verdict::OffDomain);
    // Weak words do not add up to a strong one off the domain.
    let r = c.code_text("housing housing housing housing and more housing for the town");
    assert!(ids(&r).is_empty(), "{:?}", ev(&r));
    assert!(!c.explain("the nurse and housing").off_domain);
}

#[test]
fn domain_words_inside_an_unless_phrase_do_not_count() {
    let c = coder_with_sets(
        &format!(
            "{PRIOS}[domain]\nset = \"care\"\nthreshold = 2.0\nmin_words = 3\nunless = [\"nurse* shark*\", \"nursery*\"]\n"
        ),
        "[care]\nterms = [\"nurse*\", \"care\"]\n",
        &[("T11", "\"P1\"", "terms = [\"staff\"]")],
    );
    // "nurse*" matches "nursery" and "nurse sharks", but inside the unless phrases it does not
    // show the subject, so "staff" there is off the domain.
    for text in [
        "The nursery staff deserve a pay rise this year",
        "Aquarium staff feed the nurse sharks every morning",
    ] {
        let x = c.explain(text);
        assert!(x.off_domain, "{text}");
        assert!(ids(&c.code_text(text)).is_empty(), "{text}");
    }
    // A domain word outside the phrases still counts, before, after or between them.
    for text in [
        "The nurse said nursery staff were short",
        "nursery staff and nurse sharks, and the nurse staff too",
        "Nursery staff and nurse sharks: care staff matter",
    ] {
        assert!(!c.explain(text).off_domain, "{text}");
        assert_eq!(ids(&c.code_text(text)), vec!["T11"], "{text}");
    }
    // However many covered words a text has, the sweep stays linear and finds none.
    let long = "nurse sharks and nursery staff ".repeat(2_000);
    assert!(c.explain(&long).off_domain);
}

#[test]
fn only_matches_inside_a_longer_match_of_the_same_theme_are_dropped() {
    let c = coder(
        "all",
        &[
            (
                "T04",
                "\"P1\"",
                "terms = [\"at home\"]\nexclude = [\"care at home\"]",
            ),
            ("T09", "\"P3\"", "terms = [\"care at home\", \"home\"]"),
            ("T11", "\"P3\"", "terms = [\"explained why\"]"),
            ("T12", "\"P3\"", "terms = [\"explained\"]"),
        ],
    );
    // "home" inside T09's own "care at home" is dropped; T04 keeps the phrase out by exclusion.
    let r = c.code_text("care at home");
    assert_eq!(ids(&r), vec!["T09"]);
    assert_eq!(
        ev(&r),
        vec!["T09:care at home@0-12=1", "T04:at home@5-12=0"]
    );
    // Another theme's longer phrase takes nothing: both themes count.
    assert_eq!(
        ids(&c.code_text("nobody explained why")),
        vec!["T11", "T12"]
    );
}

#[test]
fn a_match_rejected_by_its_sense_rule_takes_no_words() {
    let c = coder(
        "all",
        &[
            ("T02", "\"P1\"", "terms = [\"food bank\"]"),
            (
                "T08",
                "\"P3\"",
                "terms = [{ term = \"the food\", unless = \"bank\", within = 1 }]",
            ),
        ],
    );
    let r = c.code_text("the food bank");
    assert_eq!(ids(&r), vec!["T02"]);
    assert_eq!(ev(&r), vec!["T08:the food@0-8=0", "T02:food bank@4-13=1"]);
    assert_eq!(ids(&c.code_text("the food was cold")), vec!["T08"]);
}

#[test]
fn an_entry_its_sense_rule_turns_down_leaves_the_words_to_the_next() {
    let c = coder_with_sets(
        PRIOS,
        SETS,
        &[(
            "T12",
            "\"P3\"",
            "terms = [{ term = \"access\", with = \"@service\" }, { term = \"accessib*\", weight = 1.5 }]",
        )],
    );
    // "accessible" matches both entries; the first wants a service word, so the second counts.
    let r = c.code_text("the building is not accessible");
    assert_eq!(ev(&r), vec!["T12:accessib*@20-30=1.5!"]);
    let r = c.code_text("accessible GP surgeries");
    assert_eq!(ev(&r), vec!["T12:access@0-10=1"]);
    // With no other entry, the turned-down match stays in the evidence at weight 0.
    assert_eq!(ev(&c.code_text("access road")), vec!["T12:access@0-6=0"]);
}

#[test]
fn unless_cues_may_be_the_matched_words_and_have_their_own_window() {
    let c = coder(
        "all",
        &[(
            "T08",
            "\"P3\"",
            "terms = [{ term = \"operation*\", unless = \"operational*\" }, { term = \"ward\", with = \"hospital\", unless = \"council\", within = 10, unless_within = 1 }]",
        )],
    );
    assert_eq!(ids(&c.code_text("my operation")), vec!["T08"]);
    assert!(ids(&c.code_text("operational reasons")).is_empty());
    assert_eq!(
        ids(&c.code_text("the hospital ward where the council met")),
        vec!["T08"]
    );
    assert!(ids(&c.code_text("the hospital is in my council ward")).is_empty());
}

#[test]
fn currency_signs_are_words() {
    let c = coder(
        "all",
        &[(
            "T02",
            "\"P1\"",
            "terms = [\"£\", { term = \"costs\", weight = 0.5 }]",
        )],
    );
    let r = c.code_text("It costs £7 return");
    assert_eq!(ev(&r), vec!["T02:costs@3-8=0.5", "T02:£@9-11=1"]);
    assert!(ids(&c.code_text("It costs 7 pounds")).is_empty());
}

#[test]
fn count_once_keeps_each_entry_s_first_match() {
    let body =
        "terms = [{ term = \"support\", weight = 0.5 }, { term = \"carer*\", weight = 0.5 }]";
    let once = coder_with_sets(
        &format!("count = \"once\"\n{PRIOS}"),
        "",
        &[("T10", "\"P3\"", body)],
    );
    let r = once.code_text("support, support and more support");
    assert_eq!(
        ev(&r),
        vec![
            "T10:support@0-7=0.5",
            "T10:support@9-16=0",
            "T10:support@26-33=0"
        ]
    );
    assert!(ids(&r).is_empty());
    assert_eq!(ids(&once.code_text("support for carers")), vec!["T10"]);
    let x = once.explain("support support");
    assert_eq!(x.themes[0].matches[1].status, MatchStatus::Repeat);
    let each = coder("all", &[("T10", "\"P3\"", body)]);
    assert_eq!(ids(&each.code_text("support, support")), vec!["T10"]);
}

#[test]
fn proximity_pairs_each_occurrence_once_in_text_order() {
    let c = coder(
        "all",
        &[(
            "T11",
            "\"P3\"",
            "threshold = 100.0\nterms = []\n[[near]]\na = \"staff\"\nb = \"kind\"\nwithin = 2\n",
        )],
    );
    // kind(0) staff(1) staff(2) kind(3) x x x staff(7) x x kind(10)
    let r = c.code_text("kind staff staff kind x x x staff x x kind");
    let spans: Vec<(usize, usize)> = r.evidence.iter().map(|e| (e.start, e.end)).collect();
    assert_eq!(spans, vec![(0, 10), (11, 21)]);
    // Many occurrences: every `a` finds its nearest free `b` and no pair is made twice.
    let long = "staff kind ".repeat(5_000);
    assert_eq!(c.code_text(&long).evidence.len(), 5_000);
}

#[test]
fn coder_is_shared_across_threads() {
    fn shareable<T: Send + Sync>() {}
    shareable::<Coder>();
}

#[test]
fn codes_respondents_in_order() {
    let c = coder("all", &[("T07", "\"P3\"", "terms = [\"gp\"]")]);
    let resp = |seq: u32, answers: Vec<Option<&str>>| Respondent {
        seq,
        row: u64::from(seq) + 2,
        id: format!("R{seq}"),
        attributes: vec![],
        consent: Consent::Unknown,
        answers: answers.into_iter().map(|a| a.map(str::to_string)).collect(),
    };
    let rs: Vec<Respondent> = (0..50)
        .map(|i| resp(i, vec![Some("my GP"), None, Some("  "), Some("nothing")]))
        .collect();
    let out = c.code_batch(rs).codings;
    assert_eq!(out.len(), 100);
    assert_eq!(
        (out[0].respondent, out[0].question, out[0].themes.len()),
        (0, 0, 1)
    );
    assert_eq!(
        (out[1].respondent, out[1].question, out[1].themes.len()),
        (0, 3, 0)
    );
    assert_eq!((out[99].respondent, out[99].question), (49, 3));
}

#[test]
fn aliases_read_answers_and_terms_alike() {
    let files = vec![
        (
            PathBuf::from("l/aliases.toml"),
            "[aliases]\ncannae = \"can't\"\ncannot = \"can't\"\ndocter = \"doctor\"\ndinnae = \"don't\"\n"
                .to_string(),
        ),
        (PathBuf::from("l/priorities.toml"), format!("assign = \"all\"\n{PRIOS}")),
        (
            PathBuf::from("l/T01.toml"),
            "id = \"T01\"\nname = \"A\"\npriorities = [\"P1\"]\nterms = [\"can't afford\", \"doctor*\", \"cannae cope\", { term = \"respite\", negation = \"skip\" }]\n"
                .to_string(),
        ),
    ];
    let c = Coder::new(&parse_files(&files).unwrap()).unwrap();
    FRAME.with(|f| *f.borrow_mut() = c.frame().clone());
    // The answer's word is read as its standard form; the evidence keeps the words as written
    // (marked negated, "!", after the negator "can't", as without an alias).
    let text = "I cannae afford it";
    assert_eq!(ev(&c.code_text(text)), vec!["T01:can't afford@2-15=1!"]);
    assert_eq!(&text[2..15], "cannae afford");
    for (text, evidence, why) in [
        (
            "we cannot cope",
            "T01:cannae cope@3-14=1!",
            "a term written with an alias",
        ),
        (
            "we can't cope",
            "T01:cannae cope@3-13=1!",
            "is the term of its standard form",
        ),
        (
            "my docter",
            "T01:doctor*@3-9=1",
            "globs meet the standard form",
        ),
        (
            "the docter's",
            "T01:doctor*@4-12=1",
            "a possessive is read through its word",
        ),
        (
            "we dinnae get respite",
            "T01:respite@14-21=0!",
            "an alias of a negator negates",
        ),
    ] {
        assert_eq!(ev(&c.code_text(text)), vec![evidence], "{why}");
    }
    // The explanation says how the words were read, and only where an alias applied.
    let x = c.explain("I cannae afford it, my docter says");
    let read: Vec<Option<&str>> = x.themes[0]
        .matches
        .iter()
        .map(|m| m.read_as.as_deref())
        .collect();
    assert_eq!(read, vec![Some("can't afford"), Some("doctor")]);
    assert_eq!(c.explain("my doctor").themes[0].matches[0].read_as, None);
    // Without the table, none of this holds.
    let plain = Coder::new(&parse_files(&files[1..]).unwrap()).unwrap();
    assert!(plain.code_text("I cannae afford it").evidence.is_empty());
    assert!(plain.code_text("my docter").evidence.is_empty());
}
