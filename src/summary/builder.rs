//! The summary computed as respondents stream in, so a run never holds every answer at once.
//!
//! [`SummaryBuilder::add`] takes one batch of respondents with their codings and folds them into
//! running counts (per theme, question, group and theme pair), term counts for distinctive terms
//! and bounded pools of quote candidates. Only what campaign detection needs is kept whole: the
//! answers of respondents who wrote enough words to copy a standard text, with their coded themes
//! and evidence. Once every batch is in, [`SummaryBuilder::detect_campaigns`] finds the campaigns
//! and [`SummaryBuilder::finish`] takes the campaign copies out of the terms and quotes and
//! computes the figures.

mod kept;
mod review;
use kept::{GroupNames, KeptCodes};
pub use review::{Corrections, Reviews, ThemeCorrection, ThemeRevisions};

use super::campaign::{self, CampaignOptions, Campaigns, CopyKind};
use super::keyness::{self, TermCounts};
use super::quotes::{Pools, Weighted};
use super::tokens;
use super::*;
use crate::model::{Accounting, CodeFrame, CodedBatch, Coding, Respondent, SurveySchema};
use crate::text::redact::Redactor;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Per attribute: group value -> (respondents answering, respondents raising each code), and the
/// keyness set of each value.
#[derive(Default)]
struct AttrState {
    groups: BTreeMap<String, (u64, Vec<u64>)>,
    sets: BTreeMap<String, usize>,
    too_many: bool,
}

/// Running summary of a consultation; see the module documentation.
pub struct SummaryBuilder<'a> {
    schema: &'a SurveySchema,
    frame: &'a CodeFrame,
    options: CampaignOptions,
    /// Per theme, the codes (`themes + priority index`) of the priorities it links to.
    theme_prios: Vec<Vec<usize>>,
    attribution: Option<usize>,
    respondents: u64,
    answering: u64,
    q_answered: Vec<u64>,
    overall: Vec<u64>,
    q_raising: Vec<Vec<u64>>,
    cooc: Vec<Vec<u64>>,
    attrs: Vec<AttrState>,
    next_set: usize,
    terms: TermCounts,
    pools: Pools,
    /// Respondents long enough to be campaign copies, by seq, with their coded answers.
    kept: Vec<Respondent>,
    /// Coded answers, keyness sets and quote group of each kept respondent (their attributes
    /// are not kept).
    kept_codes: Vec<KeptCodes>,
    /// The kept respondents' quote groups.
    group_names: GroupNames,
    /// Redacts quotes and campaign texts, and says which words of an answer may be shown.
    redactor: Redactor,
    /// Codes reviewers added and removed.
    reviews: review::Tally,
}

impl<'a> SummaryBuilder<'a> {
    /// An empty summary of a survey with `schema`, coded against `frame`.
    pub fn new(
        schema: &'a SurveySchema,
        frame: &'a CodeFrame,
        options: CampaignOptions,
    ) -> SummaryBuilder<'a> {
        let nt = frame.themes.len();
        let nc = nt + frame.priorities.len();
        let nq = schema.questions.len();
        SummaryBuilder {
            schema,
            frame,
            options,
            theme_prios: frame
                .themes
                .iter()
                .map(|t| {
                    t.priorities
                        .iter()
                        .filter_map(|p| frame.priorities.iter().position(|q| &q.id == p))
                        .map(|i| nt + i)
                        .collect()
                })
                .collect(),
            attribution: attribution_attribute(schema),
            respondents: 0,
            answering: 0,
            q_answered: vec![0; nq],
            overall: vec![0; nc],
            q_raising: vec![vec![0; nq]; nc],
            cooc: vec![vec![0; nt]; nt],
            attrs: schema
                .attributes
                .iter()
                .map(|_| AttrState::default())
                .collect(),
            // Keyness sets: one per theme first, then one per group value as values appear.
            next_set: nt,
            terms: TermCounts::new(),
            pools: Pools::new(nt),
            kept: Vec::new(),
            kept_codes: Vec::new(),
            group_names: GroupNames::default(),
            redactor: Redactor::new(),
            reviews: review::Tally::new(nt),
        }
    }

    /// Uses `redactor` (for example one that also removes an analyst's list of names) for
    /// quotes, campaign texts and the words distinctive terms may show.
    pub fn redact_with(mut self, redactor: Redactor) -> Self {
        self.redactor = redactor;
        self
    }

    /// Folds in a coded batch.
    pub fn add(&mut self, coded: &CodedBatch) {
        let docs = if coded.words.len() == coded.codings.len() {
            coded
                .words
                .iter()
                .map(|w| keyness::DocTerms::from_words(w.clone()))
                .collect()
        } else {
            // Tokenising for distinctive terms runs in parallel.
            let texts: Vec<&str> = coded
                .by_respondent()
                .flat_map(|(r, cs)| {
                    cs.iter()
                        .map(|c| r.answer(usize::from(c.question)).unwrap_or_default())
                })
                .collect();
            texts.par_iter().map(|t| keyness::analyse(t)).collect()
        };
        self.add_docs(coded, docs);
    }

    /// [`SummaryBuilder::add`] with the words of each coding's answer as the coder split them
    /// (`words`, taken out of the batch: see [`CodedBatch::words`]), so the answers are not
    /// split again. Words that do not match the codings one for one are ignored.
    pub fn add_segmented(&mut self, coded: &CodedBatch, words: Vec<Vec<crate::model::Word>>) {
        if words.len() != coded.codings.len() {
            return self.add(coded);
        }
        let docs = words
            .into_iter()
            .map(keyness::DocTerms::from_words)
            .collect();
        self.add_docs(coded, docs);
    }

    /// Folds in a batch given the words of each coding (`docs`, in the codings' order).
    fn add_docs(&mut self, coded: &CodedBatch, docs: Vec<keyness::DocTerms>) {
        let nq = self.schema.questions.len();
        let per: Vec<(&Respondent, &[Coding])> = coded.by_respondent().collect();
        // For consenting respondents, what redaction hides, found in parallel.
        let redactor = &self.redactor;
        let hidden: Vec<Vec<Hidden>> = per
            .par_iter()
            .map(|(r, cs)| {
                cs.iter()
                    .map(|c| {
                        let text = r.answer(usize::from(c.question)).unwrap_or_default();
                        r.consent
                            .publishable()
                            .then(|| hidden_spans(redactor, text))
                    })
                    .collect()
            })
            .collect();
        let mut docs = docs.into_iter();
        let analysed: Vec<Vec<Analysed>> = hidden
            .into_iter()
            .map(|hs| {
                hs.into_iter()
                    .map(|h| (docs.next().unwrap_or_default(), h))
                    .collect()
            })
            .collect();
        self.reviews.add_batch(coded, &analysed);
        for ((r, cs), docs) in per.into_iter().zip(analysed) {
            self.add_one(r, cs, &docs, nq);
        }
    }

    fn add_one(&mut self, r: &Respondent, cs: &[Coding], docs: &[Analysed], nq: usize) {
        self.respondents += 1;
        self.reviews.add(cs);
        let answered_q: Vec<bool> = (0..nq).map(|q| answered(r, q)).collect();
        let (answer_themes, raised_any) = self.count_raised(cs, &answered_q);
        let group_sets = if answered_q.iter().any(|&a| a) {
            self.answering += 1;
            self.count_groups(r, &raised_any)
        } else {
            Vec::new()
        };
        self.add_terms(r, cs, (&answer_themes, &group_sets), docs);
        // Quote candidates (campaign copies are dropped at the end).
        let evidence: Vec<Vec<Weighted>> = cs
            .iter()
            .zip(&answer_themes)
            .map(|(c, themes)| weighted(c, themes))
            .collect();
        let group = self.quote_group(r);
        if r.consent.publishable() {
            for ((c, themes), ev) in cs.iter().zip(&answer_themes).zip(&evidence) {
                if themes.is_empty() {
                    continue;
                }
                if let Some(answer) = r.answer(usize::from(c.question)) {
                    self.pools.offer(
                        r.seq,
                        c.question,
                        answer,
                        (0, answer.len()),
                        themes,
                        ev,
                        &group,
                    );
                }
            }
        }
        // Keep what campaign detection and the end of the summary need.
        // The words campaign detection counts (it tokenises with `tokens::words`), counted only
        // as far as the least a copy needs.
        let min_words = self.options.min_words.max(1);
        let mut words = 0;
        for a in r.answers.iter().flatten() {
            if words >= min_words {
                break;
            }
            words += tokens::count_words_up_to(a, min_words - words);
        }
        if words >= min_words {
            self.kept.push(Respondent {
                seq: r.seq,
                row: r.row,
                id: r.id.clone(),
                attributes: Vec::new(),
                consent: r.consent,
                answers: r.answers.clone(),
            });
            let group = self.group_names.id(group);
            let answers =
                cs.iter()
                    .zip(answer_themes)
                    .zip(evidence)
                    .map(|((c, themes), evidence)| {
                        (c.question, themes, evidence, self.reviews.extra_sets(c))
                    });
            self.kept_codes
                .push(KeptCodes::new(answers, &group_sets, group));
        }
    }

    /// Counts the codes this respondent raised, per question, overall and in pairs; returns the
    /// themes of each answer and every code raised.
    fn count_raised(
        &mut self,
        cs: &[Coding],
        answered_q: &[bool],
    ) -> (Vec<Vec<u16>>, BTreeSet<usize>) {
        let (nt, nq) = (self.frame.themes.len(), answered_q.len());
        // Which (code, question) this respondent raised.
        let mut raised: BTreeSet<(usize, usize)> = BTreeSet::new();
        let mut answer_themes: Vec<Vec<u16>> = Vec::with_capacity(cs.len());
        for c in cs {
            let q = usize::from(c.question);
            let mut themes = Vec::new();
            if q < nq && answered_q[q] {
                for t in c.themes.iter().filter(|t| usize::from(t.theme) < nt) {
                    let ti = usize::from(t.theme);
                    raised.insert((ti, q));
                    themes.push(t.theme);
                    // A theme's priorities follow from the frame's links.
                    for &pi in &self.theme_prios[ti] {
                        raised.insert((pi, q));
                    }
                }
                let np = self.frame.priorities.len();
                for &p in c.priorities.iter().filter(|&&p| usize::from(p) < np) {
                    raised.insert((nt + usize::from(p), q));
                }
            }
            answer_themes.push(themes);
        }
        let raised_any: BTreeSet<usize> = raised.iter().map(|&(c, _)| c).collect();
        for &(c, q) in &raised {
            self.q_raising[c][q] += 1;
        }
        for &c in &raised_any {
            self.overall[c] += 1;
        }
        let ts: Vec<usize> = raised_any.iter().copied().filter(|&c| c < nt).collect();
        for &a in &ts {
            for &b in &ts {
                self.cooc[a][b] += 1;
            }
        }
        for (q, &a) in answered_q.iter().enumerate() {
            if a {
                self.q_answered[q] += 1;
            }
        }
        (answer_themes, raised_any)
    }

    /// Counts this (answering) respondent in the groups of each attribute; returns the keyness
    /// sets of its groups.
    fn count_groups(&mut self, r: &Respondent, raised_any: &BTreeSet<usize>) -> Vec<usize> {
        let nc = self.overall.len();
        let mut group_sets = Vec::new();
        {
            for (ai, st) in self.attrs.iter_mut().enumerate() {
                if st.too_many {
                    continue;
                }
                let v = group_value(r, ai);
                if !st.groups.contains_key(&v) && st.groups.len() > MAX_GROUPS {
                    // Too many distinct values to break down (likely free text or ids).
                    st.too_many = true;
                    st.groups.clear();
                    st.sets.clear();
                    continue;
                }
                if v != NOT_GIVEN {
                    let next = &mut self.next_set;
                    let set = *st.sets.entry(v.clone()).or_insert_with(|| {
                        *next += 1;
                        *next - 1
                    });
                    group_sets.push(set);
                }
                let e = st.groups.entry(v).or_insert_with(|| (0, vec![0; nc]));
                e.0 += 1;
                for &c in raised_any {
                    e.1[c] += 1;
                }
            }
        }
        group_sets
    }

    /// Distinctive terms: one document per coded answer, in the sets of its themes and groups.
    fn add_terms(
        &mut self,
        r: &Respondent,
        cs: &[Coding],
        (answer_themes, group_sets): (&[Vec<u16>], &[usize]),
        docs: &[Analysed],
    ) {
        let mut sets = Vec::new();
        for ((c, themes), (doc, hidden)) in cs.iter().zip(answer_themes).zip(docs) {
            let Some(text) = r.answer(usize::from(c.question)) else {
                continue;
            };
            sets.clear();
            sets.extend(themes.iter().map(|&t| usize::from(t)));
            sets.extend(group_sets);
            sets.extend(self.reviews.extra_sets(c));
            self.terms.add(text, doc, &sets, hidden.as_deref());
        }
    }

    fn quote_group(&self, r: &Respondent) -> String {
        self.attribution
            .and_then(|a| r.attributes.get(a))
            .map(|v| v.trim().to_lowercase())
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| "respondent".to_string())
    }

    /// The id of a respondent who could be a campaign copy (every campaign member is one).
    pub fn kept_id(&self, seq: u32) -> Option<&str> {
        let i = self.kept.binary_search_by_key(&seq, |r| r.seq).ok()?;
        Some(self.kept[i].id.as_str())
    }

    /// Campaigns among the respondents added so far.
    pub fn detect_campaigns(&self) -> Campaigns {
        campaign::detect_campaigns_with(self.schema, &self.kept, &self.options)
    }

    /// Computes every figure of the reports, given the campaigns (normally those of
    /// [`SummaryBuilder::detect_campaigns`]) and the row accounting of the inputs.
    pub fn finish(mut self, campaigns: &Campaigns, accounting: &[Accounting]) -> Summary {
        self.set_copies_aside(campaigns);
        // Frame health (which compiles and tries a coder of its own) does not depend on the
        // other figures: both run at once.
        let pools = std::mem::replace(&mut self.pools, Pools::new(0));
        let this = &self;
        let (health, mut summary) = rayon::join(
            || this.reviews.health(&this.terms),
            || this.figures(pools, campaigns, accounting),
        );
        summary.health = health;
        summary
    }

    /// Every figure of the summary but the frame's health, once copies are set aside.
    fn figures(&self, pools: Pools, campaigns: &Campaigns, accounting: &[Accounting]) -> Summary {
        let (schema, frame) = (self.schema, self.frame);
        let (attributes, skipped, attr_values) = self.broken_down();
        let mut group_tests = Vec::new();
        let mut themes: Vec<CodeSummary> = frame
            .themes
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let code = (i, t.id.as_str(), t.name.as_str(), t.description.as_str());
                self.code_summary(code, t.priorities.clone(), &attr_values, &mut group_tests)
            })
            .collect();
        let nt = frame.themes.len();
        let mut priorities: Vec<CodeSummary> = frame
            .priorities
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let links = frame
                    .themes
                    .iter()
                    .filter(|t| t.priorities.contains(&p.id))
                    .map(|t| t.id.clone())
                    .collect();
                let code = (
                    nt + i,
                    p.id.as_str(),
                    p.name.as_str(),
                    p.description.as_str(),
                );
                self.code_summary(code, links, &attr_values, &mut group_tests)
            })
            .collect();
        super::multiple::adjust(&mut group_tests, &mut [&mut themes, &mut priorities]);
        let corrected = self.reviews.corrected(&themes);
        let n_answering = self.answering;
        let cooccurrence = cooccurrence(frame, self.cooc.clone(), n_answering);
        let distinctive = self.distinctive(&attr_values);
        let excluded = |seq: u32| campaigns.campaign_of(seq).is_some();
        let quotes = pools.choose(frame, schema, &excluded, &self.redactor);
        let overview = overview(
            accounting,
            self.respondents,
            n_answering,
            self.q_answered.iter().sum(),
            campaigns,
        );
        Summary {
            overview,
            method: method(schema, &campaigns.options, self.attribution, skipped),
            questions: schema
                .questions
                .iter()
                .zip(&self.q_answered)
                .map(|(q, &n)| QuestionInfo {
                    id: q.id.clone(),
                    text: q.text.clone(),
                    respondents_answered: n,
                })
                .collect(),
            attributes,
            priorities,
            themes,
            group_tests,
            cooccurrence,
            distinctive,
            quotes,
            campaigns: campaign_summaries(campaigns, n_answering, &self.redactor),
            reviews: self.reviews.finish(frame),
            corrected,
            health: None,
        }
    }

    /// Campaign copies count in every figure, but in distinctive terms only through the
    /// standard text, and they are quoted only for what a respondent added.
    fn set_copies_aside(&mut self, campaigns: &Campaigns) {
        let kept_ix: HashMap<u32, usize> = self
            .kept
            .iter()
            .enumerate()
            .map(|(i, r)| (r.seq, i))
            .collect();
        for c in &campaigns.campaigns {
            for m in &c.members {
                let Some(&ki) = kept_ix.get(&m.respondent) else {
                    continue;
                };
                let r = &self.kept[ki];
                let codes = &self.kept_codes[ki];
                let group = self.group_names.name(codes.group());
                let copy = m.respondent != c.standard_respondent;
                let quote_comment = m.kind == CopyKind::AddedComment && r.consent.publishable();
                for a in codes.answers() {
                    let Some(text) = r.answer(usize::from(a.question)) else {
                        continue;
                    };
                    if copy {
                        let mut sets: Vec<usize> =
                            a.themes.iter().map(|&t| usize::from(t)).collect();
                        sets.extend(codes.group_sets());
                        sets.extend(&a.extra);
                        let hidden = r
                            .consent
                            .publishable()
                            .then(|| hidden_spans(&self.redactor, text));
                        let doc = keyness::analyse(text);
                        self.terms.remove(text, &doc, &sets, hidden.as_deref());
                    }
                    if quote_comment {
                        for s in m.added.iter().filter(|s| s.question == a.question) {
                            let span = (s.start, s.end);
                            let (themes, evidence) = (&a.themes, &a.evidence);
                            self.pools
                                .offer(r.seq, a.question, text, span, themes, evidence, group);
                        }
                    }
                }
            }
        }
    }

    /// The attributes broken down (those with few enough distinct values) with their state,
    /// and the names of those left out.
    fn broken_down(&self) -> (Vec<String>, Vec<String>, Vec<(usize, &AttrState)>) {
        let mut attributes = Vec::new();
        let mut skipped = Vec::new();
        let mut attr_values: Vec<(usize, &AttrState)> = Vec::new();
        for (ai, (a, st)) in self.schema.attributes.iter().zip(&self.attrs).enumerate() {
            let given = st.groups.keys().filter(|k| k.as_str() != NOT_GIVEN).count();
            if st.too_many || given > MAX_GROUPS {
                skipped.push(a.name.clone());
            } else {
                attributes.push(a.name.clone());
                attr_values.push((ai, st));
            }
        }
        (attributes, skipped, attr_values)
    }

    /// The figures of one code (`c`: a theme, or `themes + i` for priority `i`) given as (c, id,
    /// name, description); its group tests are added to `group_tests`.
    fn code_summary(
        &self,
        (c, id, name, description): (usize, &str, &str, &str),
        links: Vec<String>,
        attr_values: &[(usize, &AttrState)],
        group_tests: &mut Vec<GroupTestRow>,
    ) -> CodeSummary {
        let schema = self.schema;
        let per_question = (0..schema.questions.len())
            .map(|q| QuestionCount {
                question: schema.questions[q].id.clone(),
                count: Count::new(self.q_raising[c][q], self.q_answered[q]),
            })
            .collect();
        let by_attribute = attr_values
            .iter()
            .map(|(ai, st)| {
                let mut groups: Vec<GroupCount> = st
                    .groups
                    .iter()
                    .map(|(v, (n, k))| GroupCount {
                        value: v.clone(),
                        count: Count::new(k[c], *n),
                    })
                    .collect();
                groups.sort_by_key(|g| group_order(&g.value));
                let test = group_test(&groups);
                if let Some(t) = &test {
                    group_tests.push(GroupTestRow {
                        code: id.to_string(),
                        name: name.to_string(),
                        attribute: schema.attributes[*ai].name.clone(),
                        test: t.clone(),
                    });
                }
                AttributeBreakdown {
                    attribute: schema.attributes[*ai].name.clone(),
                    groups,
                    test,
                }
            })
            .collect();
        CodeSummary {
            id: id.to_string(),
            name: name.to_string(),
            description: description.to_string(),
            links,
            overall: Count::new(self.overall[c], self.answering),
            per_question,
            by_attribute,
        }
    }

    /// The distinctive terms of each theme and of each group of the attributes broken down.
    fn distinctive(&self, attr_values: &[(usize, &AttrState)]) -> Distinctive {
        Distinctive {
            by_theme: self
                .frame
                .themes
                .iter()
                .enumerate()
                .map(|(i, t)| TermSet {
                    key: t.id.clone(),
                    label: t.name.clone(),
                    terms: self.terms.distinctive(i, TERMS_PER_SET),
                })
                .collect(),
            by_group: attr_values
                .iter()
                .flat_map(|(ai, st)| {
                    let mut sets: Vec<(&String, &usize)> = st.sets.iter().collect();
                    sets.sort_by_key(|(v, _)| group_order(v));
                    sets.into_iter().map(|(v, &set)| TermSet {
                        key: self.schema.attributes[*ai].name.clone(),
                        label: v.clone(),
                        terms: self.terms.distinctive(set, TERMS_PER_SET),
                    })
                })
                .collect(),
        }
    }
}

/// Each campaign's figures, with its standard text (redacted) where it may be shown.
fn campaign_summaries(
    campaigns: &Campaigns,
    n_answering: u64,
    redactor: &Redactor,
) -> Vec<CampaignSummary> {
    campaigns
        .campaigns
        .iter()
        .map(|c| CampaignSummary {
            id: c.id,
            size: c.size as u64,
            percent: round(stats::share(c.size as u64, n_answering) * 100.0, 0) as u32,
            count: Count::new(c.size as u64, n_answering),
            standard_text: if c.standard_publishable {
                redactor.redact(&c.standard_text)
            } else {
                String::new()
            },
            standard_text_shown: c.standard_publishable,
            exact: c.count(CopyKind::Exact) as u64,
            edited: c.count(CopyKind::Edited) as u64,
            added_comment: c.count(CopyKind::AddedComment) as u64,
        })
        .collect()
}

/// An answer's words for distinctive terms, and what redaction hides of it (`None` when the
/// respondent did not agree to publication).
pub(super) type Analysed = (keyness::DocTerms, Hidden);

/// The byte spans redaction hides in an answer of a consenting respondent (`None` for one who
/// did not consent).
type Hidden = Option<Vec<(usize, usize)>>;

/// The byte spans redaction removes from a text.
fn hidden_spans(redactor: &Redactor, text: &str) -> Vec<(usize, usize)> {
    redactor
        .find(text)
        .iter()
        .map(|r| (r.start, r.end))
        .collect()
}

/// The order groups are shown in: "(not given)" first, then values with a number by that number
/// ("Under 25" < "25-44" < "65+" < "75 or over"), then the rest alphabetically.
fn group_order(value: &str) -> (u8, u64, String) {
    if value == NOT_GIVEN {
        return (0, 0, String::new());
    }
    let lower = value.to_lowercase();
    let digits: String = lower
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(char::is_ascii_digit)
        .collect();
    match digits.parse::<u64>() {
        // "Under 25" sorts before "25-44"; "25 and under" is not special-cased.
        Ok(n) if lower.starts_with("under") || lower.starts_with("below") => (1, n * 2, lower),
        Ok(n) => (1, n * 2 + 1, lower),
        Err(_) => (2, 0, lower),
    }
}

/// The non-negated, positive evidence of an answer for its assigned themes.
fn weighted(c: &Coding, themes: &[u16]) -> Vec<Weighted> {
    c.evidence
        .iter()
        .filter(|e| !e.negated && e.weight > 0.0)
        .filter_map(|e| {
            themes.contains(&e.theme).then_some(Weighted {
                theme: e.theme,
                start: e.start as u32,
                end: e.end as u32,
                weight: e.weight,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::fixture;
    use super::*;

    #[test]
    fn groups_with_numbers_are_in_numeric_order() {
        let mut v = vec![
            "Prefer not to say",
            "75 or over",
            "Under 25",
            "(not given)",
            "25-44",
            "100+",
            "45-64",
        ];
        v.sort_by_key(|x| group_order(x));
        assert_eq!(
            v,
            [
                "(not given)",
                "Under 25",
                "25-44",
                "45-64",
                "75 or over",
                "100+",
                "Prefer not to say"
            ]
        );
        let mut places = vec!["Hamilton", "Clydesdale", "East Kilbride"];
        places.sort_by_key(|x| group_order(x));
        assert_eq!(places, ["Clydesdale", "East Kilbride", "Hamilton"]);
    }

    #[test]
    fn only_long_enough_respondents_are_kept_for_campaigns() {
        let (schema, frame) = (fixture::schema(), fixture::frame());
        let mut rs = fixture::respondents();
        let long = rs.len();
        let mut short = rs[0].clone();
        short.seq = rs.iter().map(|r| r.seq).max().unwrap_or(0) + 1;
        short.id = "SHORT".into();
        short.answers = vec![Some("No comment, thanks.".into())];
        rs.push(short);
        let codings = fixture::codings(&rs);
        let mut b = SummaryBuilder::new(&schema, &frame, CampaignOptions::default());
        b.add(&CodedBatch {
            words: Vec::new(),
            respondents: rs.clone(),
            codings,
        });
        assert_eq!(b.kept.len(), long);
        assert_eq!(b.kept_id(rs[long].seq), None);
        assert_eq!(b.kept_id(rs[0].seq), Some(rs[0].id.as_str()));
    }
}
