//! Stage: summary. Every figure a report shows is computed here, over respondents (not rows):
//! counts and shares per theme and priority, per question and per group with a chi-square test,
//! theme co-occurrence, distinctive terms, redacted quotes and campaigns.
//!
//! The output is plain, serialisable data in a fixed order (sorted vectors, rounded floats), so
//! the same input always gives byte-identical reports.

mod builder;
pub mod campaign;
pub mod health;
pub mod keyness;
mod multiple;
mod quotes;
pub mod stats;
mod suggest;
pub mod tokens;

#[cfg(test)]
mod consent_tests;
#[cfg(test)]
#[cfg(test)]
pub(crate) mod fixture;

pub use builder::{Corrections, Reviews, SummaryBuilder, ThemeCorrection, ThemeRevisions};
pub use campaign::{detect_campaigns, detect_campaigns_with, CampaignOptions, Campaigns, CopyKind};
pub use keyness::Term;
pub use suggest::suggestion_id;

use crate::model::{Accounting, CodeFrame, CodedBatch, Respondent, SurveySchema};
use serde::Serialize;
use stats::round;
use std::collections::BTreeMap;

/// Everything a summary is computed from (see ARCHITECTURE.md).
#[derive(Debug, Clone, Copy)]
pub struct SummaryInput<'a> {
    /// The survey layout: questions and attributes.
    pub schema: &'a SurveySchema,
    /// Priorities and themes.
    pub frame: &'a CodeFrame,
    /// Every accepted respondent with the codings of its answers.
    pub coded: &'a CodedBatch,
    /// Row accounting, one per input file.
    pub accounting: &'a [Accounting],
}

/// Group values with more distinct values than this are not broken down (likely free text or ids).
pub const MAX_GROUPS: usize = 20;
/// Quotes kept per theme.
pub const QUOTES_PER_THEME: usize = 5;
/// Distinctive terms kept per theme or group.
pub const TERMS_PER_SET: usize = 10;
/// Top co-occurring theme pairs kept.
pub const TOP_PAIRS: usize = 10;
/// The label of a group whose attribute value is empty.
pub const NOT_GIVEN: &str = "(not given)";
/// Significance level of the group tests, after Holm's adjustment over all of them (family-wise).
pub const GROUP_TEST_ALPHA: f64 = 0.05;
/// Smallest difference in share (percentage points) worth flagging.
pub const GROUP_TEST_MIN_POINTS: f64 = 10.0;
/// Smallest expected cell count for the chi-square approximation to be trusted.
pub const GROUP_TEST_MIN_EXPECTED: f64 = 5.0;

/// The computed summary of a consultation; reports render it and compute nothing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// Row and respondent accounting.
    pub overview: Overview,
    /// How to read the figures: quantifier words, caveats and method notes.
    pub method: Method,
    /// The open questions with how many respondents answered each.
    pub questions: Vec<QuestionInfo>,
    /// Attributes broken down into groups, in schema order.
    pub attributes: Vec<String>,
    /// One entry per priority, in frame order.
    pub priorities: Vec<CodeSummary>,
    /// One entry per theme, in frame order.
    pub themes: Vec<CodeSummary>,
    /// Every group test run (theme or priority x attribute), flagged first, then by p-value.
    pub group_tests: Vec<GroupTestRow>,
    /// Respondents raising both of two themes.
    pub cooccurrence: Cooccurrence,
    /// Distinctive words and phrases per theme and per group.
    pub distinctive: Distinctive,
    /// Representative quotes per theme (only consenting respondents; redacted).
    pub quotes: Vec<ThemeQuotes>,
    /// Campaigns (organised standard texts), largest first.
    pub campaigns: Vec<CampaignSummary>,
    /// What reviewers' overrides changed, when the run applied any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reviews: Option<Reviews>,
    /// Each theme's share corrected for the coding error measured on a reviewed sample, when the
    /// run was given one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub corrected: Option<Corrections>,
    /// How well the code frame covers the answers, with suggested words (see [`health`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub health: Option<health::FrameHealth>,
}

/// Row accounting for one input file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileRows {
    /// File name (without directories, so outputs do not depend on where files live).
    pub file: String,
    /// Data rows read.
    pub rows: u64,
    /// Rows kept with at least one answer.
    pub ingested: u64,
    /// Rows kept without any answer (set aside).
    pub blank: u64,
    /// Rows rejected.
    pub rejected: u64,
    /// Rejections by reason name.
    pub rejected_by_reason: BTreeMap<String, u64>,
}

/// Totals over every file and every respondent.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Overview {
    /// Per input file.
    pub files: Vec<FileRows>,
    /// Totals over the files.
    pub total: FileRows,
    /// Respondents summarised.
    pub respondents: u64,
    /// Respondents with at least one answer (the base of overall shares).
    pub respondents_answering: u64,
    /// Answers (respondent x question) that were not blank.
    pub answers: u64,
    /// Number of campaigns.
    pub campaigns: u64,
    /// Respondents who sent a campaign text.
    pub campaign_respondents: u64,
}

/// One quantifier word and the share range it stands for.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quantifier {
    /// The word used in reports.
    pub word: String,
    /// Lowest share (inclusive) the word is used for.
    pub from: f64,
    /// Share the word stops at (exclusive; the last band includes 1).
    pub below: f64,
    /// The range in words ("10% to under 25%").
    pub range: String,
}

/// How to read the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Method {
    /// The quantifier words and their thresholds.
    pub quantifiers: Vec<Quantifier>,
    /// Self-selection caveat.
    pub caveat: String,
    /// How answers were coded.
    pub coding: String,
    /// How campaigns were found and counted.
    pub campaigns: String,
    /// When a group difference is flagged.
    pub group_test: String,
    /// How distinctive terms were chosen.
    pub distinctive_terms: String,
    /// How quotes were chosen.
    pub quotes: String,
    /// The attribute quotes are attributed by, if any.
    pub attribution_attribute: Option<String>,
    /// Attributes not broken down because they have too many distinct values.
    pub skipped_attributes: Vec<String>,
}

/// An open question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionInfo {
    /// `Q1`...
    pub id: String,
    /// The question text.
    pub text: String,
    /// Respondents who answered it.
    pub respondents_answered: u64,
}

/// "N of M respondents (x%)" with its quantifier word.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Count {
    /// Respondents who answered (the base).
    pub answered: u64,
    /// Respondents raising the theme or priority.
    pub raising: u64,
    /// raising / answered, 4 decimals.
    pub share: f64,
    /// The share in whole percent, as shown.
    pub percent: u32,
    /// The quantifier word for the share.
    pub word: String,
    /// Lower end of the share's 95% Wilson interval, 4 decimals.
    pub low: f64,
    /// Upper end of the share's 95% Wilson interval, 4 decimals.
    pub high: f64,
}

impl Count {
    fn new(raising: u64, answered: u64) -> Count {
        let s = stats::share(raising, answered);
        let (low, high) = crate::stats::wilson(raising.min(answered), answered, crate::stats::Z95);
        Count {
            answered,
            raising,
            share: round(s, 4),
            percent: round(s * 100.0, 0) as u32,
            word: quantifier(s).to_string(),
            low: round(low, 4),
            high: round(high, 4),
        }
    }
}

/// A count for one question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionCount {
    /// Question id.
    pub question: String,
    /// The count over that question's respondents.
    pub count: Count,
}

/// A count for one group value of an attribute.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupCount {
    /// The attribute value (or `(not given)`).
    pub value: String,
    /// The count over that group's respondents.
    pub count: Count,
}

/// The chi-square test of "raised" x group for one attribute.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupTest {
    /// Chi-square statistic, 3 decimals.
    pub statistic: f64,
    /// Degrees of freedom.
    pub df: u32,
    /// p-value, 6 decimals.
    pub p_value: f64,
    /// p-value adjusted with Holm's method over every group test of the report, 6 decimals.
    pub p_adjusted: f64,
    /// The p-value as shown ("p < 0.001", "p = 0.004").
    pub p_display: String,
    /// Smallest expected count, 2 decimals.
    pub min_expected: f64,
    /// Largest difference in share between two groups, percentage points, 1 decimal.
    pub max_difference_points: f64,
    /// The group with the highest share.
    pub highest: String,
    /// The group with the lowest share.
    pub lowest: String,
    /// A marked difference: p below the level, difference large enough, expected counts adequate.
    pub flagged: bool,
}

/// A theme's or priority's figures by the groups of one attribute.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AttributeBreakdown {
    /// The attribute name.
    pub attribute: String,
    /// Each group value, sorted; `(not given)` included but not tested.
    pub groups: Vec<GroupCount>,
    /// The test, when at least two groups had answers and the code was raised by some but not all.
    pub test: Option<GroupTest>,
}

/// The figures of one theme or priority.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CodeSummary {
    /// `T07`, `P1`...
    pub id: String,
    /// Display name.
    pub name: String,
    /// What it covers.
    pub description: String,
    /// For a theme: its priorities; for a priority: its themes.
    pub links: Vec<String>,
    /// Over respondents with any answer.
    pub overall: Count,
    /// Per question, over that question's respondents.
    pub per_question: Vec<QuestionCount>,
    /// By every attribute (overall base).
    pub by_attribute: Vec<AttributeBreakdown>,
}

/// One row of the list of group tests.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupTestRow {
    /// Theme or priority id.
    pub code: String,
    /// Its name.
    pub name: String,
    /// The attribute.
    pub attribute: String,
    /// The test.
    pub test: GroupTest,
}

/// Theme co-occurrence over respondents.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cooccurrence {
    /// Theme ids, the order of rows and columns.
    pub themes: Vec<String>,
    /// `counts[i][j]`: respondents raising both themes i and j (diagonal: raising i).
    pub counts: Vec<Vec<u64>>,
    /// The most associated pairs by Jaccard index (at least `MIN_PAIR` respondents).
    pub top_pairs: Vec<ThemePair>,
}

/// Two themes raised together.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThemePair {
    /// First theme id.
    pub a: String,
    /// Second theme id.
    pub b: String,
    /// Names, for display.
    pub a_name: String,
    /// Second name.
    pub b_name: String,
    /// Respondents raising both.
    pub both: u64,
    /// both / respondents raising either, 3 decimals.
    pub jaccard: f64,
    /// Observed / expected-if-independent co-occurrence, 2 decimals.
    pub lift: f64,
}

/// Smallest number of respondents for a theme pair to be listed.
pub const MIN_PAIR: u64 = 3;

/// Distinctive terms of one theme or group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TermSet {
    /// Theme id, or the attribute name.
    pub key: String,
    /// Theme name, or the group value.
    pub label: String,
    /// Top terms by z-score.
    pub terms: Vec<Term>,
}

/// Distinctive terms, per theme and per group value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Distinctive {
    /// One set per theme (answers coded with it vs the rest).
    pub by_theme: Vec<TermSet>,
    /// One set per attribute value (its respondents' answers vs the rest).
    pub by_group: Vec<TermSet>,
}

/// A quote chosen for a theme.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quote {
    /// The redacted text.
    pub text: String,
    /// Respondent type, e.g. "unpaid carer", or "respondent".
    pub attribution: String,
    /// Question id.
    pub question: String,
}

/// The quotes of one theme.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThemeQuotes {
    /// Theme id.
    pub theme: String,
    /// Theme name.
    pub name: String,
    /// Up to `QUOTES_PER_THEME` quotes.
    pub quotes: Vec<Quote>,
}

/// A campaign as reported.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CampaignSummary {
    /// 1-based id.
    pub id: u32,
    /// Respondents.
    pub size: u64,
    /// Share of respondents with any answer, whole percent.
    pub percent: u32,
    /// The same share with its 95% Wilson interval.
    pub count: Count,
    /// The standard text, redacted; empty when no respondent who sent it agreed to publication.
    pub standard_text: String,
    /// Whether the standard text may be shown (see `standard_text`).
    pub standard_text_shown: bool,
    /// Exact copies (including the standard).
    pub exact: u64,
    /// Edited copies.
    pub edited: u64,
    /// Copies with an added comment.
    pub added_comment: u64,
}

/// Quantifier bands: (lowest share, word). Shares are placed in the last band they reach.
const QUANTIFIERS: &[(f64, &str)] = &[
    (0.0, "none"),
    (f64::MIN_POSITIVE, "a few"),
    (0.10, "some"),
    (0.25, "many"),
    (0.50, "a majority"),
    (0.75, "a large majority"),
    (0.90, "almost all"),
    (1.0, "all"),
];

/// The quantifier word for a share (0..=1): "a few" below 10%, "some" below 25%, "many" below
/// 50%, "a majority" below 75%, "a large majority" below 90%, "almost all" below 100%.
pub fn quantifier(share: f64) -> &'static str {
    let mut word = QUANTIFIERS[0].1;
    for &(from, w) in QUANTIFIERS {
        if share >= from {
            word = w;
        }
    }
    word
}

fn quantifier_table() -> Vec<Quantifier> {
    let pct = |x: f64| format!("{}%", round(x * 100.0, 0));
    QUANTIFIERS
        .iter()
        .enumerate()
        .map(|(i, &(from, word))| {
            let below = QUANTIFIERS.get(i + 1).map_or(1.0, |n| n.0);
            let range = match word {
                "none" => "0%".to_string(),
                "all" => "100%".to_string(),
                "a few" => format!("more than 0% to under {}", pct(below)),
                _ => format!("{} to under {}", pct(from), pct(below)),
            };
            Quantifier {
                word: word.to_string(),
                from: round(from, 4),
                below: round(below, 4),
                range,
            }
        })
        .collect()
}

/// The self-selection caveat every report carries.
pub const CAVEAT: &str = "Respondents chose to take part: they are self-selected and not a \
    representative sample of the population. Figures show the range and weight of views among \
    those who responded, not how common a view is in the wider population.";

/// Finds the attribute used to attribute quotes: "respondent type", then "capacity" or "describes
/// you" (Citizen Space's "Which of these best describes you?"), then any name containing "type".
pub fn attribution_attribute(schema: &SurveySchema) -> Option<usize> {
    let names: Vec<String> = schema
        .attributes
        .iter()
        .map(|a| a.name.to_lowercase())
        .collect();
    let find = |p: &dyn Fn(&str) -> bool| names.iter().position(|n| p(n));
    find(&|n| n.contains("respondent type") || n.contains("type of respondent"))
        .or_else(|| {
            find(&|n| {
                n.contains("capacity") || n.contains("describes you") || n.contains("responding as")
            })
        })
        .or_else(|| find(&|n| n.split(|c: char| !c.is_alphanumeric()).any(|w| w == "type")))
}

fn group_value(r: &Respondent, a: usize) -> String {
    match r.attributes.get(a).map(|v| v.trim()) {
        Some(v) if !v.is_empty() => v.to_string(),
        _ => NOT_GIVEN.to_string(),
    }
}

fn answered(r: &Respondent, q: usize) -> bool {
    r.answer(q).is_some_and(|s| !s.trim().is_empty())
}

/// Computes every figure of the reports from respondents held in memory (the streaming
/// [`SummaryBuilder`] does the same batch by batch).
pub fn summarise(input: &SummaryInput, campaigns: &Campaigns) -> Summary {
    let mut b = SummaryBuilder::new(input.schema, input.frame, campaigns.options);
    b.add(input.coded);
    b.finish(campaigns, input.accounting)
}

fn overview(
    accounting: &[Accounting],
    respondents: u64,
    answering: u64,
    answers: u64,
    campaigns: &Campaigns,
) -> Overview {
    let files: Vec<FileRows> = accounting.iter().map(file_rows).collect();
    let mut total = FileRows {
        file: "all files".to_string(),
        rows: 0,
        ingested: 0,
        blank: 0,
        rejected: 0,
        rejected_by_reason: BTreeMap::new(),
    };
    for f in &files {
        total.rows += f.rows;
        total.ingested += f.ingested;
        total.blank += f.blank;
        total.rejected += f.rejected;
        for (k, v) in &f.rejected_by_reason {
            *total.rejected_by_reason.entry(k.clone()).or_insert(0) += v;
        }
    }
    Overview {
        files,
        total,
        respondents,
        respondents_answering: answering,
        answers,
        campaigns: campaigns.campaigns.len() as u64,
        campaign_respondents: campaigns.member_of.len() as u64,
    }
}

fn method(
    schema: &SurveySchema,
    o: &CampaignOptions,
    attribution: Option<usize>,
    skipped: Vec<String>,
) -> Method {
    Method {
        quantifiers: quantifier_table(),
        caveat: CAVEAT.to_string(),
        coding: "Each answer was coded against the themes with editable lexicons: a theme is assigned \
            when the weighted matches of its terms reach the theme's threshold, and the matched words are \
            kept as evidence. A theme's priorities follow from the code frame's links. Figures count \
            respondents, not answers: a respondent raising a theme in several answers counts once."
            .to_string(),
        campaigns: format!(
            "A campaign is a group of at least {} respondents who sent the same standard text, \
             whether pasted into one answer or spread over several (a respondent's answers are read \
             together). Two texts count as copies when they share at least {} words in passages of \
             five or more words and at least {}% of the shorter text's words lie in such shared \
             passages, so edited copies and copies with a comment added still count, while a stock \
             phrase that several different answers happen to contain does not. The standard text is \
             the most typical version (usually the most common one). Every campaign response is \
             counted; the standard text is reported once, and comments added to it are coded like \
             any other answer.",
            o.min_size,
            o.min_words,
            round(o.containment * 100.0, 0)
        ),
        group_test: format!(
            "For each attribute, a chi-square test of independence compares how many respondents in \
             each group raised a theme. Because many such tests are run, each p-value is adjusted \
             for the number of tests with Holm's method (which keeps the chance of marking any \
             difference that is not real below {GROUP_TEST_ALPHA} over the whole report). A \
             difference is marked when its adjusted p is below {GROUP_TEST_ALPHA}, the largest gap between two groups is at \
             least {GROUP_TEST_MIN_POINTS} percentage points, and every expected count is at least \
             {GROUP_TEST_MIN_EXPECTED}, so small groups cannot produce a marked difference on their \
             own. Respondents who did not give a value are shown but not tested."
        ),
        distinctive_terms: "Words and two-word phrases used much more in one theme's answers (or one \
            group's) than in the rest. The number after each word (z) says how much more: above 2 is \
            unlikely to be chance, above 4 is strong. Only words with z above 1.96 and used at least 3 \
            times are listed. Words are compared by stem (\"wait\", \"waiting\" and \"waited\" count \
            as one) and shown in their commonest form; common function words are left out, and so \
            are campaign copies other than the standard text. Method: weighted log-odds with an \
            informative Dirichlet prior (Monroe, Colaresi and Quinn, 2008)."
            .to_string(),
        quotes: format!(
            "Quotes come only from respondents who agreed to publication, never from campaign \
             standard copies, are chosen to be typical of the theme and different from each other, \
             and have contact details removed. {} A quote is a whole answer, so it may touch other \
             themes too.",
            match attribution {
                Some(a) => format!(
                    "They are attributed only by the respondent's answer to \"{}\".",
                    schema.attributes[a].name.trim()
                ),
                None => "They are attributed only as \"respondent\": no respondent-type column \
                         was found."
                    .to_string(),
            }
        ),
        attribution_attribute: attribution.map(|a| schema.attributes[a].name.clone()),
        skipped_attributes: skipped,
    }
}

fn file_rows(a: &Accounting) -> FileRows {
    FileRows {
        file: a.path.file_name().map_or_else(
            || a.path.display().to_string(),
            |f| f.to_string_lossy().into_owned(),
        ),
        rows: a.rows,
        ingested: a.ingested,
        blank: a.blank,
        rejected: a.rejected.len() as u64,
        rejected_by_reason: a
            .rejected_by_reason()
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    }
}

fn group_test(groups: &[GroupCount]) -> Option<GroupTest> {
    let tested: Vec<&GroupCount> = groups
        .iter()
        .filter(|g| g.value != NOT_GIVEN && g.count.answered > 0)
        .collect();
    let table: Vec<(u64, u64)> = tested
        .iter()
        .map(|g| (g.count.answered, g.count.raising))
        .collect();
    let t = stats::chi_square(&table)?;
    let shares: Vec<f64> = tested
        .iter()
        .map(|g| stats::share(g.count.raising, g.count.answered))
        .collect();
    // First group wins ties, so the choice is stable.
    let (mut hi, mut lo) = (0, 0);
    for (i, s) in shares.iter().enumerate() {
        if *s > shares[hi] {
            hi = i;
        }
        if *s < shares[lo] {
            lo = i;
        }
    }
    let diff = (shares[hi] - shares[lo]) * 100.0;
    let flagged = t.p_value < GROUP_TEST_ALPHA
        && diff >= GROUP_TEST_MIN_POINTS
        && t.min_expected >= GROUP_TEST_MIN_EXPECTED;
    let p_display = if t.p_value < 0.001 {
        "p < 0.001".to_string()
    } else {
        format!("p = {:.3}", round(t.p_value, 3))
    };
    Some(GroupTest {
        statistic: round(t.statistic, 3),
        df: t.df,
        p_value: round(t.p_value, 6),
        p_adjusted: round(t.p_value, 6),
        p_display,
        min_expected: round(t.min_expected, 2),
        max_difference_points: round(diff, 1),
        highest: tested[hi].value.clone(),
        lowest: tested[lo].value.clone(),
        flagged,
    })
}

fn cooccurrence(frame: &CodeFrame, counts: Vec<Vec<u64>>, answering: u64) -> Cooccurrence {
    let nt = frame.themes.len();
    let n = answering as f64;
    let mut pairs = Vec::new();
    for a in 0..nt {
        for b in a + 1..nt {
            let both = counts[a][b];
            if both < MIN_PAIR {
                continue;
            }
            let either = counts[a][a] + counts[b][b] - both;
            let expected = counts[a][a] as f64 * counts[b][b] as f64 / n.max(1.0);
            pairs.push(ThemePair {
                a: frame.themes[a].id.clone(),
                b: frame.themes[b].id.clone(),
                a_name: frame.themes[a].name.clone(),
                b_name: frame.themes[b].name.clone(),
                both,
                jaccard: round(stats::share(both, either), 3),
                lift: round(
                    if expected > 0.0 {
                        both as f64 / expected
                    } else {
                        0.0
                    },
                    2,
                ),
            });
        }
    }
    pairs.sort_by(|x, y| {
        y.jaccard
            .total_cmp(&x.jaccard)
            .then(y.both.cmp(&x.both))
            .then_with(|| (&x.a, &x.b).cmp(&(&y.a, &y.b)))
    });
    pairs.truncate(TOP_PAIRS);
    Cooccurrence {
        themes: frame.themes.iter().map(|t| t.id.clone()).collect(),
        counts,
        top_pairs: pairs,
    }
}

#[cfg(test)]
mod tests;
