//! Campaign detection: respondents who sent the same organised standard text.
//!
//! Each respondent's open answers are joined in question order and compared as one text, because
//! a campaign is a whole submission (a standard letter may be pasted into one answer or spread
//! over several) and a respondent belongs to at most one campaign.
//!
//! The rule: two texts are copies of one standard text when they share at least `min_words`
//! words in runs of five or more (counted as shared word 5-gram shingles, `min_words - 4` of
//! them) AND the shared part is at least `containment` of the shorter text's shingles. The first
//! condition stops one stock sentence that several otherwise different answers contain from
//! linking them ("the doctors are good once you see them" is not a letter); the second stops two
//! long answers that happen to share a paragraph. Measuring the shorter text keeps copies with a
//! long comment of the respondent's own added to the letter.
//!
//! Method: exact copies are grouped first (one node per distinct normalised text); each distinct
//! text gets a MinHash signature of its shingles (fixed seeds) and LSH banding proposes candidate
//! pairs, linked when the rule holds. Each connected group of at least `min_size` respondents
//! gets a standard text: the weighted medoid of its texts, so the most common version unless it
//! is an outlier. Then every text is checked against every standard through one inverted table
//! of the standards' shingles and joins the standard it shares most with when the rule holds,
//! which finds the copies banding did not pair (heavy edits, long comments). A campaign is a
//! standard with at least `min_size` members. Inside an LSH bucket each text is verified against
//! at most a few representatives of the groups already seen there, so one huge campaign costs
//! linear, not quadratic, time; a bit-set sketch of each representative rejects most of those
//! pairs (texts that share only a stock sentence) before their shingle sets are merged.

use super::tokens::{self, Word};
use crate::model::Respondent;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// Shingle length in words.
const SHINGLE: usize = 5;
/// LSH bands and rows per band; the signature has `BANDS * ROWS` MinHash values.
const BANDS: usize = 10;
const ROWS: usize = 3;
const SIGNATURE: usize = BANDS * ROWS;
/// Representatives a text is verified against inside one LSH bucket.
const BUCKET_REPS: usize = 8;
/// Uncovered words in a row that count as a comment added to the standard text.
const MIN_COMMENT_WORDS: usize = 5;
/// Standard texts looked for in one group that linking joined (see `standards_of`).
const MAX_STANDARDS_PER_GROUP: usize = 8;
/// Most common distinct texts of a group considered when choosing its standard text.
const MEDOID_SAMPLE: usize = 64;

/// Settings of campaign detection.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CampaignOptions {
    /// Smallest number of respondents that makes a campaign.
    pub min_size: usize,
    /// Words two texts must have in common (in runs of at least five) to be copies of one
    /// standard text; texts with fewer words are never campaign copies. This keeps a stock
    /// sentence that many answers happen to share from making a campaign.
    pub min_words: usize,
    /// Share of the shorter text's words that must lie in passages of five or more words the
    /// other text also has (a changed word costs about one word, an added comment nothing when
    /// the standard is the shorter text).
    pub containment: f64,
}

impl Default for CampaignOptions {
    fn default() -> Self {
        CampaignOptions {
            min_size: 5,
            min_words: 30,
            containment: 0.8,
        }
    }
}

/// How a campaign member's text relates to the standard text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CopyKind {
    /// The same words as the standard text (case and punctuation aside); a separate answer of
    /// a few words ("no", "As above.") may sit beside it.
    Exact,
    /// The standard text with some words changed, added or removed.
    Edited,
    /// The standard text plus text of the respondent's own.
    AddedComment,
}

impl CopyKind {
    /// The name shown in reports.
    pub fn name(self) -> &'static str {
        match self {
            CopyKind::Exact => "exact copy",
            CopyKind::Edited => "edited copy",
            CopyKind::AddedComment => "copy with added comment",
        }
    }
}

/// Text a member wrote outside the standard text: a byte span of one answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct AddedSpan {
    /// Index into `SurveySchema::questions`.
    pub question: u16,
    /// Byte offset in that answer.
    pub start: usize,
    /// Byte offset one past the end.
    pub end: usize,
}

/// One respondent of a campaign.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CampaignMember {
    /// `Respondent::seq`.
    pub respondent: u32,
    /// How the text differs from the standard.
    pub kind: CopyKind,
    /// The respondent's own text outside the standard (only for `AddedComment`).
    pub added: Vec<AddedSpan>,
}

/// A group of respondents who sent the same standard text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Campaign {
    /// 1-based, in order of size (largest first), then first respondent.
    pub id: u32,
    /// Number of respondents.
    pub size: usize,
    /// The respondent whose text is taken as the standard.
    pub standard_respondent: u32,
    /// The standard text (answers joined by blank lines), not redacted: as sent by the first
    /// respondent with that exact text who agreed to publication, when there is one.
    pub standard_text: String,
    /// Whether a respondent who sent the exact standard text agreed to publication; when none
    /// did, the text may not be shown.
    pub standard_publishable: bool,
    /// Members sorted by respondent.
    pub members: Vec<CampaignMember>,
}

impl Campaign {
    /// Number of members of one kind.
    pub fn count(&self, kind: CopyKind) -> usize {
        self.members.iter().filter(|m| m.kind == kind).count()
    }
}

/// Every campaign found in a run.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Campaigns {
    /// The settings used, so reports can state the rule.
    pub options: CampaignOptions,
    /// Campaigns by id (index = id - 1).
    pub campaigns: Vec<Campaign>,
    /// Respondent seq -> campaign id, for members only.
    pub member_of: BTreeMap<u32, u32>,
}

impl Campaigns {
    /// The campaign a respondent belongs to.
    pub fn campaign_of(&self, seq: u32) -> Option<u32> {
        self.member_of.get(&seq).copied()
    }

    /// The membership record of a respondent.
    pub fn member(&self, seq: u32) -> Option<&CampaignMember> {
        let id = self.campaign_of(seq)?;
        let c = self
            .campaigns
            .get(usize::try_from(id).ok()?.checked_sub(1)?)?;
        c.members
            .binary_search_by_key(&seq, |m| m.respondent)
            .ok()
            .map(|i| &c.members[i])
    }
}

/// Finds campaigns with the default options (5 respondents, 30 shared words, 80% of the shorter text).
pub fn detect_campaigns(
    schema: &crate::model::SurveySchema,
    respondents: &[Respondent],
) -> Campaigns {
    detect_campaigns_with(schema, respondents, &CampaignOptions::default())
}

/// A distinct normalised text and the respondents (slice indices) who sent it.
struct Distinct {
    members: Vec<u32>,
    /// The text's distinct shingles, sorted.
    shingles: Vec<u32>,
    /// The ordered shingle sequence, computed the first time a comparison needs it (texts in a
    /// large campaign are compared again and again; most texts never are).
    seq: std::sync::OnceLock<Vec<u32>>,
    /// Number of words of the text.
    words: usize,
}

type Node = (Distinct, [u32; SIGNATURE]);

/// Shingles two texts must share: a run of `min_words` words holds `min_words - SHINGLE + 1`.
fn min_shared(opts: &CampaignOptions) -> usize {
    opts.min_words.saturating_sub(SHINGLE - 1).max(1)
}

/// Cheap necessary part of the link rule on counts: enough shared shingles in absolute terms,
/// and enough relative to the shorter set for the word coverage to be reachable (a text whose
/// words are `containment` covered by a few long shared passages shares about that share of its
/// shingles; half of it leaves room for many small edits).
fn plausible(shared: usize, a: usize, b: usize, opts: &CampaignOptions) -> bool {
    shared >= min_shared(opts) && shared as f64 >= 0.5 * opts.containment * a.min(b) as f64
}

/// The fewest shared shingles `plausible` accepts for sets of `a` and `b` shingles.
fn need_shared(a: usize, b: usize, opts: &CampaignOptions) -> usize {
    min_shared(opts).max((0.5 * opts.containment * a.min(b) as f64).ceil() as usize)
}

/// The ordered shingle sequence of a node's text, re-read from its first respondent once.
fn seq_of<'a>(d: &'a Distinct, respondents: &[Respondent]) -> &'a [u32] {
    d.seq.get_or_init(|| {
        d.members
            .first()
            .and_then(|&i| respondents.get(i as usize))
            .map(|r| Folded::default().read(r).shingle_seq())
            .unwrap_or_default()
    })
}

/// The link rule: two texts are copies of one standard text when they share at least
/// `min_words` words in passages of five or more (`plausible`) and at least `containment` of the
/// shorter text's words lie in such shared passages. Returns the shared shingle count.
fn linked(
    a: &Distinct,
    b: &Distinct,
    respondents: &[Respondent],
    opts: &CampaignOptions,
) -> Option<usize> {
    let (la, lb) = (a.shingles.len(), b.shingles.len());
    // The count stops as soon as `need_shared` cannot be reached (most candidate pairs of an LSH
    // bucket fail here).
    let shared =
        tokens::intersection_at_least(&a.shingles, &b.shingles, need_shared(la, lb, opts))?;
    if !plausible(shared, la, lb, opts) {
        return None;
    }
    let (short, long) = if (a.words, a.members.first()) <= (b.words, b.members.first()) {
        (a, b)
    } else {
        (b, a)
    };
    (coverage(seq_of(short, respondents), &long.shingles) >= opts.containment).then_some(shared)
}

/// Finds campaigns with explicit options.
///
/// `respondents` may be any subset of a survey in any order; members are reported by
/// `Respondent::seq`.
pub fn detect_campaigns_with(
    _schema: &crate::model::SurveySchema,
    respondents: &[Respondent],
    opts: &CampaignOptions,
) -> Campaigns {
    let nodes = distinct_texts(respondents, opts);
    let mut uf = UnionFind::new(nodes.len());
    let mut failed = FailedPairs::default();
    for band in 0..BANDS {
        link_band(band, &nodes, respondents, (&mut uf, &mut failed), opts);
    }
    let standards = choose_standards(&mut uf, &nodes, respondents, opts);

    // Membership: every text is compared with every standard (one inverted lookup per shingle)
    // and joins the standard it shares most with, if the link rule holds. Copies the banding did
    // not pair (long comments, several edits) are found here.
    let assigned = assign_to_standards(&nodes, &standards, respondents, opts);
    let mut by_standard: Vec<Vec<(u32, usize)>> = vec![Vec::new(); standards.len()];
    for (n, a) in assigned.into_iter().enumerate() {
        if let Some((s, shared)) = a {
            by_standard[s as usize].push((n as u32, shared));
        }
    }
    let mut found: Vec<Campaign> = standards
        .par_iter()
        .zip(by_standard.par_iter())
        .filter_map(|(&s, group)| build_campaign(s, group, &nodes, respondents, opts))
        .collect();
    found.sort_by(|a, b| {
        b.size.cmp(&a.size).then_with(|| {
            let fa = a.members.first().map(|m| m.respondent);
            let fb = b.members.first().map(|m| m.respondent);
            fa.cmp(&fb)
        })
    });
    let mut member_of = BTreeMap::new();
    for (i, c) in found.iter_mut().enumerate() {
        c.id = i as u32 + 1;
        for m in &c.members {
            member_of.insert(m.respondent, c.id);
        }
    }
    Campaigns {
        options: *opts,
        campaigns: found,
        member_of,
    }
}

/// A text as read: its key, number of words and sorted distinct shingles.
type Keyed = (u128, usize, Vec<u32>);

/// One node per distinct long-enough text, with its signature. One pass over the texts gives a
/// 128-bit key of each normalised text (exact copies share it) and its distinct shingles; a node
/// keeps the first respondent's and every respondent who wrote the same text.
fn distinct_texts(respondents: &[Respondent], opts: &CampaignOptions) -> Vec<Node> {
    // One entry per respondent, written in place (no intermediate lists of entries).
    let mut keyed: Vec<Option<Keyed>> = respondents
        .par_iter()
        .map_init(
            || (Folded::default(), Vec::new(), Vec::new(), Vec::new()),
            |(text, spaced, seq, hashes), r| {
                let words = text.read(r).len();
                if words < opts.min_words.max(SHINGLE) {
                    return None;
                }
                let key = text.key(spaced);
                seq.clear();
                text.shingles_into(seq, hashes);
                seq.sort_unstable();
                seq.dedup();
                Some((key, words, seq.clone()))
            },
        )
        .collect();
    // Sorted by key, then respondent: small entries are sorted, not the texts.
    let mut order: Vec<(u128, u32)> = keyed
        .iter()
        .enumerate()
        .filter_map(|(i, k)| k.as_ref().map(|k| (k.0, i as u32)))
        .collect();
    order.par_sort_unstable();
    // Exactly one node per distinct key: no doubling of a large vector.
    let distinct = order.windows(2).filter(|w| w[0].0 != w[1].0).count() + 1;
    let mut nodes: Vec<Node> = Vec::with_capacity(distinct.min(order.len()));
    let mut last: Option<u128> = None;
    for (key, idx) in order {
        let Some((_, words, shingles)) = keyed[idx as usize].take() else {
            continue;
        };
        match nodes.last_mut() {
            Some((g, _)) if last == Some(key) => g.members.push(idx),
            _ => nodes.push((
                Distinct {
                    members: vec![idx],
                    shingles,
                    seq: std::sync::OnceLock::new(),
                    words,
                },
                [0; SIGNATURE],
            )),
        }
        last = Some(key);
    }
    drop(keyed);
    let seeds = Seeds::new();
    nodes
        .par_iter_mut()
        .for_each(|(d, sig)| *sig = signature(&d.shingles, &seeds));
    nodes
}

/// One standard text per candidate group large enough to be a campaign, largest group first; a
/// standard that links to an earlier one is the same campaign and is dropped.
fn choose_standards(
    uf: &mut UnionFind,
    nodes: &[Node],
    respondents: &[Respondent],
    opts: &CampaignOptions,
) -> Vec<u32> {
    let mut components: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
    for i in 0..nodes.len() as u32 {
        let root = uf.find(i);
        components.entry(root).or_default().push(i);
    }
    let mut candidates: Vec<(usize, u32, u32)> = components
        .into_values()
        .filter(|c| group_size(c, nodes) >= opts.min_size)
        .collect::<Vec<_>>()
        .into_par_iter()
        .flat_map_iter(|c| standards_of(c, nodes, respondents, opts))
        .collect();
    candidates.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut standards: Vec<u32> = Vec::new();
    for &(_, _, s) in &candidates {
        let d = &nodes[s as usize].0;
        if d.shingles.len() >= min_shared(opts)
            && !standards
                .iter()
                .any(|&t| linked(d, &nodes[t as usize].0, respondents, opts).is_some())
        {
            standards.push(s);
        }
    }
    standards
}

/// Respondents who sent the texts of `group`.
fn group_size(group: &[u32], nodes: &[Node]) -> usize {
    group
        .iter()
        .map(|&n| nodes[n as usize].0.members.len())
        .sum()
}

/// The standard texts of one candidate group, each with the respondents of the texts it stood
/// for and its first respondent. Linking is transitive, so one text that copies two standard
/// texts (a respondent who pasted two campaigns' letters) joins their groups; after choosing a
/// standard, the texts that do not link to it are looked at again, and when enough respondents
/// sent them they get a standard of their own. Each round takes at least the standard out, and
/// there are at most [`MAX_STANDARDS_PER_GROUP`] rounds, so a long chain of texts that each
/// link only to the next costs time linear in the group.
fn standards_of(
    mut group: Vec<u32>,
    nodes: &[Node],
    respondents: &[Respondent],
    opts: &CampaignOptions,
) -> Vec<(usize, u32, u32)> {
    let mut out = Vec::new();
    loop {
        let size = group_size(&group, nodes);
        if group.is_empty() || size < opts.min_size || out.len() == MAX_STANDARDS_PER_GROUP {
            return out;
        }
        let s = standard_of(&group, nodes);
        let standard = &nodes[s as usize].0;
        out.push((size, standard.members[0], s));
        group.retain(|&n| {
            n != s && linked(&nodes[n as usize].0, standard, respondents, opts).is_none()
        });
    }
}

/// The standard text of a candidate group: the weighted medoid of its most common distinct texts,
/// i.e. the text with the largest overlap (shared shingles over the larger set) with the group's
/// respondents, each distinct text weighted by how many respondents sent it; an overlap of half
/// or less counts nothing. The most common version therefore wins unless it is an outlier. Ties
/// go to the earliest respondent.
fn standard_of(component: &[u32], nodes: &[Node]) -> u32 {
    let mut order: Vec<u32> = component.to_vec();
    order.sort_by(|&a, &b| {
        let (da, db) = (&nodes[a as usize].0, &nodes[b as usize].0);
        db.members
            .len()
            .cmp(&da.members.len())
            .then(da.members[0].cmp(&db.members[0]))
    });
    order.truncate(MEDOID_SAMPLE);
    let mut best = (f64::MIN, u32::MAX, order[0]);
    for &c in &order {
        let cs = &nodes[c as usize].0.shingles;
        let score: f64 = order
            .iter()
            .map(|&o| {
                let d = &nodes[o as usize].0;
                let overlap = if o == c {
                    1.0
                } else {
                    tokens::intersection(cs, &d.shingles) as f64
                        / cs.len().max(d.shingles.len()).max(1) as f64
                };
                // A text stands only for texts it shares more than half of the longer one with:
                // one that pastes two standard texts side by side shares half with each, and
                // must not outscore both.
                if overlap > 0.5 {
                    overlap * d.members.len() as f64
                } else {
                    0.0
                }
            })
            .sum();
        let first = nodes[c as usize].0.members[0];
        if score > best.0 || (score == best.0 && first < best.1) {
            best = (score, first, c);
        }
    }
    best.2
}

/// The shingles of every standard in one open-addressing table: each distinct shingle maps to
/// the run of standards that have it, so a text costs one probe per shingle and most probes
/// end at an empty slot.
struct StandardShingles {
    /// (shingle, start, end) of each taken slot, `end` 0 for an empty one; `start..end` indexes
    /// `owners`.
    slots: Vec<(u32, u32, u32)>,
    /// Standards (indices into `standards`), grouped by shingle.
    owners: Vec<u32>,
    shift: u32,
}

impl StandardShingles {
    fn new(nodes: &[Node], standards: &[u32]) -> Self {
        let mut table: Vec<(u32, u32)> = standards
            .iter()
            .enumerate()
            .flat_map(|(i, &s)| {
                nodes[s as usize]
                    .0
                    .shingles
                    .iter()
                    .map(move |&h| (h, i as u32))
            })
            .collect();
        table.sort_unstable();
        let size = (table.len() * 2).next_power_of_two().max(1024);
        let mut index = StandardShingles {
            slots: vec![(0, 0, 0); size],
            owners: table.iter().map(|&(_, s)| s).collect(),
            shift: 64 - size.trailing_zeros(),
        };
        let mut start = 0;
        while start < table.len() {
            let h = table[start].0;
            let end = start + table[start..].iter().take_while(|t| t.0 == h).count();
            let mut i = index.slot(h);
            while index.slots[i].2 != 0 {
                i = (i + 1) & (size - 1);
            }
            index.slots[i] = (h, start as u32, end as u32);
            start = end;
        }
        index
    }

    fn slot(&self, h: u32) -> usize {
        (u64::from(h).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> self.shift) as usize
    }

    /// The standards that have shingle `h`.
    fn owners(&self, h: u32) -> &[u32] {
        let mask = self.slots.len() - 1;
        let mut i = self.slot(h);
        loop {
            let (k, start, end) = self.slots[i];
            if end == 0 {
                return &[];
            }
            if k == h {
                return &self.owners[start as usize..end as usize];
            }
            i = (i + 1) & mask;
        }
    }
}

/// For each node, the standard (index into `standards`) it shares most shingles with among those
/// it links to, and the shared count. The standards' shingles are looked up in one
/// [`StandardShingles`] table; the word coverage is computed only for the few texts whose
/// counts make a link plausible.
fn assign_to_standards(
    nodes: &[Node],
    standards: &[u32],
    respondents: &[Respondent],
    opts: &CampaignOptions,
) -> Vec<Option<(u32, usize)>> {
    let index = StandardShingles::new(nodes, standards);
    let std_seqs: Vec<&[u32]> = standards
        .iter()
        .map(|&s| seq_of(&nodes[s as usize].0, respondents))
        .collect();
    let min = min_shared(opts);
    nodes
        .par_iter()
        .map(|(d, _)| {
            if d.shingles.len() < min {
                return None;
            }
            let mut counts: Vec<(u32, usize)> = Vec::new();
            for &h in &d.shingles {
                for &s in index.owners(h) {
                    match counts.iter_mut().find(|c| c.0 == s) {
                        Some(c) => c.1 += 1,
                        None => counts.push((s, 1)),
                    }
                }
            }
            counts.retain(|&(s, shared)| {
                let std = &nodes[standards[s as usize] as usize].0;
                plausible(shared, d.shingles.len(), std.shingles.len(), opts)
            });
            // Most shared first, then the earlier standard.
            counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            counts.into_iter().find(|&(s, _)| {
                let std = &nodes[standards[s as usize] as usize].0;
                let cov = if (d.words, d.members.first()) <= (std.words, std.members.first()) {
                    coverage(seq_of(d, respondents), &std.shingles)
                } else {
                    coverage(std_seqs[s as usize], &d.shingles)
                };
                cov >= opts.containment
            })
        })
        .collect()
}

/// Builds a campaign from its standard and the nodes assigned to it (with their shared counts).
fn build_campaign(
    standard: u32,
    group: &[(u32, usize)],
    nodes: &[Node],
    respondents: &[Respondent],
    opts: &CampaignOptions,
) -> Option<Campaign> {
    let size: usize = group
        .iter()
        .map(|&(n, _)| nodes[n as usize].0.members.len())
        .sum();
    if size < opts.min_size {
        return None;
    }
    let std_node = &nodes[standard as usize].0;
    let std_sorted = &std_node.shingles;
    // The text is taken from a respondent who agreed to publication where one sent it, so what a
    // report shows of it is their words.
    let publishable = std_node
        .members
        .iter()
        .filter_map(|&i| respondents.get(i as usize))
        .find(|r| r.consent.publishable());
    let std_resp = match publishable {
        Some(r) => r,
        None => respondents.get(*std_node.members.first()? as usize)?,
    };
    let standard_text = std_resp
        .answers
        .iter()
        .flatten()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");

    let mut members = Vec::with_capacity(size);
    let mut text = Folded::default();
    for &(n, shared) in group {
        let node = &nodes[n as usize].0;
        for &idx in &node.members {
            let Some(r) = respondents.get(idx as usize) else {
                continue;
            };
            let (kind, added) = if n == standard {
                (CopyKind::Exact, Vec::new())
            } else {
                let seq = text.read(r).shingle_seq();
                compare_with_standard(&joined(r), &seq, std_sorted, shared)
            };
            members.push(CampaignMember {
                respondent: r.seq,
                kind,
                added,
            });
        }
    }
    members.sort_by_key(|m| m.respondent);
    Some(Campaign {
        id: 0,
        size: members.len(),
        standard_respondent: std_resp.seq,
        standard_text,
        standard_publishable: publishable.is_some(),
        members,
    })
}

/// How a member's text relates to the standard: its kind and the comments it adds.
fn compare_with_standard(
    j: &Joined,
    seq: &[u32],
    standard: &[u32],
    shared: usize,
) -> (CopyKind, Vec<AddedSpan>) {
    let covered = covered(seq, standard);
    let added = added_spans(j, &covered);
    if !added.is_empty() {
        return (CopyKind::AddedComment, added);
    }
    // Exact: every word sequence of the standard is there and no answer holding part of it has
    // other words; a separate short answer ("no", "As above.") does not change the copy.
    let mut in_letter = vec![
        false;
        j.question
            .iter()
            .map(|&q| q as usize + 1)
            .max()
            .unwrap_or(0)
    ];
    for (&q, &c) in j.question.iter().zip(&covered) {
        if c {
            in_letter[q as usize] = true;
        }
    }
    let clean = covered
        .iter()
        .zip(&j.question)
        .all(|(&c, &q)| c || !in_letter[q as usize]);
    if shared == standard.len() && clean {
        (CopyKind::Exact, added)
    } else {
        (CopyKind::Edited, added)
    }
}

/// Runs of at least `MIN_COMMENT_WORDS` words that no shingle of the standard text covers,
/// split at answer boundaries. Shorter runs are edits (a changed word leaves up to four
/// neighbours uncovered) or separate non-answers.
fn added_spans(j: &Joined, covered: &[bool]) -> Vec<AddedSpan> {
    let n = covered.len();
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        if covered[i] {
            i += 1;
            continue;
        }
        let mut e = i;
        while e + 1 < n && !covered[e + 1] && j.question[e + 1] == j.question[i] {
            e += 1;
        }
        if e + 1 - i >= MIN_COMMENT_WORDS {
            out.push(AddedSpan {
                question: j.question[i],
                start: j.words[i].start,
                end: j.words[e].end + j.ends[e],
            });
        }
        i = e + 1;
    }
    out
}

mod link;
mod text;
use link::*;
use text::*;

#[cfg(test)]
mod tests;
