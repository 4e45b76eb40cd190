//! Unit tests of `campaign`.

use super::*;
use crate::model::{Consent, Format, SurveySchema};
use proptest::strategy::Strategy;

pub(crate) fn schema(questions: usize) -> SurveySchema {
    SurveySchema {
        path: "fixture.csv".into(),
        format: Format::Csv,
        vendor: None,
        encoding: "UTF-8".into(),
        delimiter: Some(b','),
        header_rows: 1,
        columns: Vec::new(),
        id_column: None,
        questions: (0..questions)
            .map(|q| crate::model::Question {
                id: format!("Q{}", q + 1),
                text: format!("Question {}", q + 1),
                column: q,
            })
            .collect(),
        attributes: Vec::new(),
        consent_column: None,
        notes: Vec::new(),
    }
}

fn resp(seq: u32, text: &str) -> Respondent {
    Respondent {
        seq,
        row: u64::from(seq) + 2,
        id: format!("r{seq}"),
        attributes: Vec::new(),
        consent: Consent::Anonymous,
        answers: vec![Some(text.to_string())],
    }
}

const LETTER: &str = "We call on the partnership to keep the Riverside day centre open because it is the only \
    place where older people in our town can meet, eat a hot meal and get support from staff they trust.";

#[test]
fn finds_one_campaign_with_exact_edited_and_commented_copies() {
    let mut rs: Vec<Respondent> = (0..6).map(|i| resp(i, LETTER)).collect();
    rs.push(resp(
        6,
        &LETTER.replace("older people", "elderly residents"),
    ));
    rs.push(resp(
        7,
        &format!("{LETTER} My own mother went there every single week after her stroke."),
    ));
    rs.push(resp(8, "The buses to the hospital are far too infrequent and nobody listens when we complain about it."));
    rs.push(resp(9, "Short answer."));
    let c = detect_campaigns(&schema(1), &rs);
    assert_eq!(c.campaigns.len(), 1);
    let camp = &c.campaigns[0];
    assert_eq!((camp.id, camp.size, camp.standard_respondent), (1, 8, 0));
    assert_eq!(camp.count(CopyKind::Exact), 6);
    assert_eq!(camp.count(CopyKind::Edited), 1);
    assert_eq!(camp.count(CopyKind::AddedComment), 1);
    let m = c.member(7).map(|m| m.added.clone()).unwrap_or_default();
    assert_eq!(m.len(), 1);
    let text = rs[7].answers[0].as_deref().unwrap_or("");
    assert_eq!(
        &text[m[0].start..m[0].end],
        "My own mother went there every single week after her stroke."
    );
    assert_eq!(c.campaign_of(8), None);
    assert_eq!(c.campaign_of(9), None);
}

#[test]
fn small_groups_are_not_campaigns() {
    let rs: Vec<Respondent> = (0..4).map(|i| resp(i, LETTER)).collect();
    assert!(detect_campaigns(&schema(1), &rs).campaigns.is_empty());
    let opts = CampaignOptions {
        min_size: 4,
        ..CampaignOptions::default()
    };
    assert_eq!(
        detect_campaigns_with(&schema(1), &rs, &opts).campaigns[0].size,
        4
    );
}

#[test]
fn campaigns_are_ordered_by_size() {
    let other =
        "Please fund more community link workers in every GP practice so that people can be \
        referred to local groups and activities instead of waiting months for help from a \
        doctor or a nurse.";
    let mut rs: Vec<Respondent> = (0..5).map(|i| resp(i, other)).collect();
    rs.extend((5..12).map(|i| resp(i, LETTER)));
    let c = detect_campaigns(&schema(1), &rs);
    assert_eq!(
        c.campaigns.iter().map(|c| c.size).collect::<Vec<_>>(),
        [7, 5]
    );
    assert_eq!(c.campaign_of(0), Some(2));
    assert_eq!(c.campaign_of(5), Some(1));
}

fn resp_answers(seq: u32, answers: &[Option<&str>]) -> Respondent {
    Respondent {
        answers: answers.iter().map(|a| a.map(str::to_string)).collect(),
        ..resp(seq, "")
    }
}

const STOCK: &str =
    "The doctors are good once you see them, it's getting in the door that's the problem.";

#[test]
fn a_stock_sentence_in_otherwise_different_answers_is_not_a_campaign() {
    let bodies = [
        "Our village lost its bus service last spring and now my neighbour walks two miles to the \
         pharmacy for her tablets, which is not right for a woman of eighty with a bad hip.",
        "I work nights in a care home and the rotas change every week, so I never know when I will \
         see my own children or when I can book the dentist for them.",
        "Since my husband came home from hospital nobody has told us who to phone when the \
         equipment breaks, and the leaflet we were given lists a number that rings out.",
        "The counselling my daughter waited eleven months for was cut to six sessions by video, \
         and she stopped going after the second one because it felt like a tick box.",
        "Heating the flat costs more than our food this winter and the money advice service only \
         opens on a Tuesday morning when I am at work in the school kitchen.",
        "My dad's carers arrive at different times every day, sometimes four of them in one week, \
         and he gets confused and upset when strangers come in to help him wash.",
    ];
    let rs: Vec<Respondent> = bodies
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let text = if i % 2 == 0 {
                format!("{STOCK} {b}")
            } else {
                format!("{b} {STOCK}")
            };
            resp(i as u32, &text)
        })
        .collect();
    let c = detect_campaigns(&schema(1), &rs);
    assert!(c.campaigns.is_empty(), "{:?}", c.campaigns);
    // Answers that are little more than the stock sentence are too short to be a letter, and
    // the long answers containing it share too few words with them.
    let mut mixed: Vec<Respondent> = rs.into_iter().take(3).collect();
    mixed.push(resp_answers(3, &[Some(STOCK), Some("Everything.")]));
    mixed.push(resp_answers(4, &[Some(STOCK), None]));
    mixed.push(resp_answers(5, &[None, Some(STOCK)]));
    mixed.push(resp_answers(6, &[Some(STOCK), Some("Not sure really.")]));
    assert!(detect_campaigns(&schema(2), &mixed).campaigns.is_empty());
}

#[test]
fn copies_with_a_long_comment_or_spread_over_two_questions_are_members() {
    let comment =
        "My mother has gone there every Tuesday and Thursday since my father died, and the \
        staff noticed her chest infection before her own doctor did. Without the centre she would \
        sit alone in the flat all week, and I would have to give up my job to look after her, \
        which is what the partnership seems to expect from families now.";
    let (first, second) = LETTER.split_at(LETTER.find("because").unwrap_or(0));
    let mut rs: Vec<Respondent> = (0..5)
        .map(|i| resp_answers(i, &[Some(LETTER), None]))
        .collect();
    rs.push(resp_answers(
        5,
        &[Some(&format!("{LETTER} {comment}")), None],
    ));
    rs.push(resp_answers(6, &[Some(first), Some(second)]));
    rs.push(resp_answers(7, &[Some(LETTER), Some("No.")]));
    let c = detect_campaigns(&schema(2), &rs);
    assert_eq!(c.campaigns.len(), 1);
    assert_eq!(c.campaigns[0].size, 8);
    let kind = |seq| c.member(seq).map(|m| m.kind);
    assert_eq!(kind(5), Some(CopyKind::AddedComment));
    assert_eq!(kind(6), Some(CopyKind::Exact));
    assert_eq!(kind(7), Some(CopyKind::Exact));
    let added = c.member(5).map(|m| m.added.clone()).unwrap_or_default();
    let text = format!("{LETTER} {comment}");
    assert_eq!(added.len(), 1);
    assert_eq!(&text[added[0].start..added[0].end], comment);
}

#[test]
fn members_are_reported_by_seq_when_respondents_are_a_sparse_subset() {
    // Only some respondents are passed (e.g. those with enough words): seqs have gaps.
    let seqs = [3u32, 17, 18, 40, 41, 99, 250, 1000];
    let rs: Vec<Respondent> = seqs
        .iter()
        .enumerate()
        .map(|(i, &seq)| match i {
            1 => resp(
                seq,
                "The buses to the hospital are far too infrequent and nobody listens.",
            ),
            4 => resp(seq, &LETTER.replace("hot meal", "cooked lunch")),
            _ => resp(seq, LETTER),
        })
        .collect();
    let c = detect_campaigns(&schema(1), &rs);
    assert_eq!(c.campaigns.len(), 1);
    let camp = &c.campaigns[0];
    assert_eq!(camp.standard_respondent, 3);
    assert_eq!(
        camp.members
            .iter()
            .map(|m| m.respondent)
            .collect::<Vec<_>>(),
        [3, 18, 40, 41, 99, 250, 1000]
    );
    assert_eq!(c.member(41).map(|m| m.kind), Some(CopyKind::Edited));
    assert_eq!(c.campaign_of(17), None);
    assert_eq!(c.campaign_of(1), None);
}

/// Texts whose folding takes every path: ASCII, inner and outer apostrophes, curly quotes,
/// letters that lowercase to longer forms, digits, empty answers.
const FOLD_TEXTS: &[&str] = &[
    "Don't close the Lanark day-centre! It’s a lifeline, ‘truly’.",
    "ÉCOLE Straße 3.5 km naïve co-op 'quoted' it's",
    "İstanbul ΣΑΣ x' end' 'a'b' ’c",
    "",
    "   ",
    "a b c d e f g h",
    "We call on the partnership to keep the Riverside day centre open",
];

#[test]
fn folded_words_and_shingles_are_those_of_the_word_tokens() {
    for &t in FOLD_TEXTS {
        let r = resp_answers(0, &[Some(t), None, Some("and the next answer, too")]);
        let want: Vec<String> = r
            .answers
            .iter()
            .flatten()
            .flat_map(|a| tokens::words(a))
            .map(|w| w.folded)
            .collect();
        let mut f = Folded::default();
        f.read(&r);
        let got: Vec<&[u8]> = f
            .buf
            .split(|&b| b == SEP)
            .filter(|w| !w.is_empty())
            .collect();
        let want_bytes: Vec<&[u8]> = want.iter().map(|w| w.as_bytes()).collect();
        assert_eq!(got, want_bytes, "{t:?}");
        assert_eq!(f.len(), want.len(), "{t:?}");
        assert_eq!(f.buf.last(), Some(&SEP), "{t:?}");
        let words: Vec<&str> = want.iter().map(String::as_str).collect();
        assert_eq!(f.shingle_seq(), shingle_seq(&words), "{t:?}");
    }
    let mut f = Folded::default();
    f.read(&resp(0, "Keep it open; keep it open."));
    assert_eq!(f.buf, b"keep\xffit\xffopen\xffkeep\xffit\xffopen\xff");
    assert_eq!(f.starts, [0, 5, 8, 13, 18, 21]);
    assert_eq!(f.shingle_seq().len(), 2);
}

#[test]
fn the_key_is_the_hash_of_the_words_each_followed_by_a_space() {
    let mut f = Folded::default();
    f.read(&resp(0, "Keep  the CENTRE open!"));
    let want = blake3::hash(b"keep the centre open ");
    let mut first = [0u8; 16];
    first.copy_from_slice(&want.as_bytes()[..16]);
    assert_eq!(f.key(&mut Vec::new()), u128::from_be_bytes(first));
}

#[test]
fn signature_is_the_minimum_of_each_permutation() {
    let pairs = Seeds::pairs();
    let seeds = Seeds::new();
    let sets: [&[u32]; 4] = [
        &[0, 1, u32::MAX, 0x8000_0000, 12345],
        &[7],
        &[],
        &[0xdead_beef, 0x0bad_f00d, 42, 42, 99],
    ];
    for set in sets {
        let mut want = [u32::MAX; SIGNATURE];
        for &x in set {
            for (m, &(a, b)) in want.iter_mut().zip(pairs.iter()) {
                *m = (*m).min((a.wrapping_mul(u64::from(x)).wrapping_add(b) >> 32) as u32);
            }
        }
        assert_eq!(signature(set, &seeds), want, "{set:?}");
        assert_eq!(signature_lanes(set, &seeds), want, "{set:?}");
    }
    assert_ne!(signature(&[1], &seeds), signature(&[2], &seeds));
}

/// A sorted set of `n` pseudo-random shingles drawn from a stream starting at `seed`.
fn shingle_set(seed: u32, n: usize) -> Vec<u32> {
    let mut x = seed.wrapping_mul(0x9e37_79b1) | 1;
    let mut out: Vec<u32> = (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

#[test]
fn a_sketch_never_counts_fewer_shared_shingles_than_there_are() {
    let opts = CampaignOptions::default();
    for (len, shared) in [(40, 0), (40, 26), (120, 10), (120, 60), (600, 300)] {
        let own = shingle_set(len as u32, len);
        let other: Vec<u32> = {
            let mut o = shingle_set(len as u32 + 7_000, len - shared);
            o.extend(&own[..shared]);
            o.sort_unstable();
            o
        };
        let exact = tokens::intersection(&own, &other);
        let bound = Sketch::of(&own).shared_at_most(&other);
        assert!(bound >= exact, "{len} {shared}: {bound} < {exact}");
        if shared == 0 && len <= 120 {
            // Unrelated texts of a usual length fall far below the shared count a link needs.
            assert!(bound < min_shared(&opts) / 2, "{len}: {bound}");
        }
    }
}

#[test]
fn the_standards_table_lists_every_standard_with_a_shingle() {
    let node = |shingles: Vec<u32>| {
        (
            Distinct {
                members: vec![0],
                words: shingles.len() + SHINGLE - 1,
                shingles,
                seq: std::sync::OnceLock::new(),
            },
            [0; SIGNATURE],
        )
    };
    let a = shingle_set(1, 3000);
    let b: Vec<u32> = a.iter().copied().step_by(3).chain([0, u32::MAX]).collect();
    let mut b = b;
    b.sort_unstable();
    let nodes = vec![node(a.clone()), node(shingle_set(2, 50)), node(b.clone())];
    let index = StandardShingles::new(&nodes, &[2, 0]);
    for h in a.iter().chain(&b).chain(&nodes[1].0.shingles).copied() {
        let want: Vec<u32> = [&b, &a]
            .iter()
            .enumerate()
            .filter(|(_, s)| s.binary_search(&h).is_ok())
            .map(|(i, _)| i as u32)
            .collect();
        assert_eq!(index.owners(h), want, "{h}");
    }
    assert_eq!(index.owners(0), [0]);
    assert_eq!(index.owners(a[0]), [0, 1]);
    assert!(StandardShingles::new(&nodes, &[]).owners(a[0]).is_empty());
}

const SECOND_LETTER: &str = "Fair pay for home carers now: the workers who visit our parents every morning and \
    every night are paid less than supermarket staff, and the partnership must fund a proper wage so \
    that good carers stay in the job.";

/// The distinct texts of `rs` and the first respondent of each standard text chosen when every
/// text is put in one candidate group (as LSH linking through bridging texts can do).
fn standards_of_one_group(rs: &[Respondent]) -> (usize, Vec<u32>) {
    let opts = CampaignOptions::default();
    let nodes = distinct_texts(rs, &opts);
    let mut uf = UnionFind::new(nodes.len());
    for i in 1..nodes.len() as u32 {
        uf.union(0, i);
    }
    let standards = choose_standards(&mut uf, &nodes, rs, &opts);
    let firsts = standards
        .iter()
        .map(|&s| nodes[s as usize].0.members[0])
        .collect();
    (nodes.len(), firsts)
}

#[test]
fn a_text_that_copies_two_standards_does_not_merge_their_campaigns() {
    // Six copies of each letter, and one respondent who pasted both (one per question): linking
    // is transitive, so that text can join the two groups into one candidate group.
    let mut rs: Vec<Respondent> = (0..6).map(|i| resp(i, LETTER)).collect();
    rs.extend((6..12).map(|i| resp(i, SECOND_LETTER)));
    rs.push(resp_answers(12, &[Some(LETTER), Some(SECOND_LETTER)]));
    let (distinct, mut firsts) = standards_of_one_group(&rs);
    assert_eq!(distinct, 3);
    firsts.sort_unstable();
    assert_eq!(firsts, [0, 6], "one standard per letter");

    let c = detect_campaigns(&schema(2), &rs);
    let sizes: Vec<(usize, u32)> = c
        .campaigns
        .iter()
        .map(|c| (c.size, c.standard_respondent))
        .collect();
    assert_eq!(sizes.len(), 2, "{sizes:?}");
    assert!(
        sizes.iter().all(|&(size, _)| (6..=7).contains(&size)),
        "{sizes:?}"
    );
}

proptest::proptest! {
    /// Folding agrees with the word tokens on any mix of ASCII runs, apostrophes, punctuation
    /// and non-ASCII letters, and the shingles with those of the tokens.
    #[test]
    fn folding_any_text_gives_the_word_tokens(
        parts in proptest::collection::vec(
            proptest::prop_oneof![
                "[A-Za-z0-9]{1,12}",
                "[ .,;:!?'\\-]{1,3}",
                proptest::sample::select(vec!["’", "‘", "É", "ß", "İ", "Σ", "é", "🙂", "3.5", "don't"])
                    .prop_map(str::to_string),
            ],
            0..40,
        )
    ) {
        let text: String = parts.concat();
        let r = resp(0, &text);
        let want: Vec<String> = tokens::words(&text).into_iter().map(|w| w.folded).collect();
        let mut f = Folded::default();
        f.read(&r);
        let got: Vec<&[u8]> = f.buf.split(|&b| b == SEP).filter(|w| !w.is_empty()).collect();
        let want_bytes: Vec<&[u8]> = want.iter().map(|w| w.as_bytes()).collect();
        proptest::prop_assert_eq!(got, want_bytes);
        proptest::prop_assert_eq!(f.len(), want.len());
        let words: Vec<&str> = want.iter().map(String::as_str).collect();
        proptest::prop_assert_eq!(f.shingle_seq(), shingle_seq(&words));
    }
}

#[test]
fn a_group_joined_from_many_campaigns_gets_a_bounded_number_of_standards() {
    // Ten unrelated letters of forty words, five copies each, in one candidate group (as a chain
    // of bridging texts would join them): standards are looked for a bounded number of times.
    let letter = |i: usize| -> String {
        (0..40)
            .map(|j| format!("l{i}w{j}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let rs: Vec<Respondent> = (0..50u32)
        .map(|k| resp(k, &letter(k as usize / 5)))
        .collect();
    let (distinct, standards) = standards_of_one_group(&rs);
    assert_eq!(distinct, 10);
    assert_eq!(standards.len(), MAX_STANDARDS_PER_GROUP);
    // Without the join, each letter is a campaign of its own.
    assert_eq!(detect_campaigns(&schema(1), &rs).campaigns.len(), 10);
}
