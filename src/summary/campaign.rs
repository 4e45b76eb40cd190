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
//! linear, not quadratic, time.

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
/// Most common distinct texts of a group considered when choosing its standard text.
const MEDOID_SAMPLE: usize = 64;
/// Size of the bit filter in front of the standards' shingle table.
const FILTER_BITS: usize = 1 << 20;

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

/// A respondent's answers as one word sequence, each word knowing its question.
struct Joined {
    words: Vec<Word>,
    question: Vec<u16>,
    /// Bytes of closing punctuation right after each word (kept when a comment is cut out).
    ends: Vec<usize>,
}

fn joined(r: &Respondent) -> Joined {
    let mut words = Vec::new();
    let mut question = Vec::new();
    let mut ends = Vec::new();
    for (q, a) in r.answers.iter().enumerate() {
        if let Some(text) = a {
            let ws = tokens::words(text);
            question.extend(std::iter::repeat(q as u16).take(ws.len()));
            ends.extend(ws.iter().map(|w| {
                text[w.end..]
                    .chars()
                    .take_while(|c| matches!(c, '.' | '!' | '?' | ')' | '"'))
                    .map(char::len_utf8)
                    .sum::<usize>()
            }));
            words.extend(ws);
        }
    }
    Joined {
        words,
        question,
        ends,
    }
}

/// A respondent's answers as folded words in one buffer, as [`joined`] folds them: what keys and
/// shingles need, without a string per word. Reused from text to text.
#[derive(Default)]
struct FoldedText {
    buf: String,
    ends: Vec<usize>,
}

impl FoldedText {
    /// Replaces the contents with the words of `r`'s answers.
    fn read(&mut self, r: &Respondent) -> &mut Self {
        self.buf.clear();
        self.ends.clear();
        for text in r.answers.iter().flatten() {
            tokens::fold_into(text, &mut self.buf, &mut self.ends);
        }
        self
    }

    /// The folded words, in order.
    fn words(&self) -> Vec<&str> {
        let mut start = 0;
        self.ends
            .iter()
            .map(|&end| {
                let w = self.buf.get(start..end).unwrap_or("");
                start = end;
                w
            })
            .collect()
    }
}

fn folded(j: &Joined) -> Vec<&str> {
    j.words.iter().map(|w| w.folded.as_str()).collect()
}

/// A 64-bit shingle hash folded to 32 bits (the sets of a large survey stay small).
fn fold32(h: u64) -> u32 {
    (h ^ (h >> 32)) as u32
}

/// The shingle hashes of a word list in text order, one per position (not de-duplicated).
fn shingle_seq(f: &[&str]) -> Vec<u32> {
    if f.len() < SHINGLE {
        return Vec::new();
    }
    f.windows(SHINGLE)
        .map(|w| fold32(tokens::hash_words(w.iter().copied())))
        .collect()
}

/// Which words of a text (given by its shingle sequence) lie inside a shingle that `other` (a
/// sorted set) also has.
fn covered(seq: &[u32], other: &[u32]) -> Vec<bool> {
    let mut out = vec![
        false;
        if seq.is_empty() {
            0
        } else {
            seq.len() + SHINGLE - 1
        }
    ];
    for (i, h) in seq.iter().enumerate() {
        if other.binary_search(h).is_ok() {
            out[i..i + SHINGLE].iter_mut().for_each(|c| *c = true);
        }
    }
    out
}

/// Share of a text's words that lie in passages of at least `SHINGLE` words `other` also has.
fn coverage(seq: &[u32], other: &[u32]) -> f64 {
    let c = covered(seq, other);
    if c.is_empty() {
        return 0.0;
    }
    c.iter().filter(|&&x| x).count() as f64 / c.len() as f64
}

/// Fixed odd multipliers and offsets: the MinHash permutations, the same on every run.
fn seeds() -> [(u64, u64); SIGNATURE] {
    let mut out = [(0u64, 0u64); SIGNATURE];
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    for s in out.iter_mut() {
        // splitmix64
        x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = x;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        *s = (z | 1, z.rotate_left(17));
    }
    out
}

fn signature(shingles: &[u32], seeds: &[(u64, u64); SIGNATURE]) -> [u32; SIGNATURE] {
    let mut sig = [u32::MAX; SIGNATURE];
    for &s in shingles {
        let x = u64::from(s);
        for (m, &(a, b)) in sig.iter_mut().zip(seeds.iter()) {
            let h = (a.wrapping_mul(x).wrapping_add(b) >> 32) as u32;
            if h < *m {
                *m = h;
            }
        }
    }
    sig
}

struct UnionFind(Vec<u32>);

impl UnionFind {
    fn find(&mut self, mut x: u32) -> u32 {
        while self.0[x as usize] != x {
            let p = self.0[x as usize];
            self.0[x as usize] = self.0[p as usize];
            x = p;
        }
        x
    }
    fn union(&mut self, a: u32, b: u32) {
        let (ra, rb) = (self.find(a), self.find(b));
        // The smaller index becomes the root, so roots do not depend on visiting order.
        if ra < rb {
            self.0[rb as usize] = ra;
        } else if rb < ra {
            self.0[ra as usize] = rb;
        }
    }
}

/// A distinct normalised text and the respondents (slice indices) who sent it.
struct Distinct {
    members: Vec<u32>,
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

/// The ordered shingle sequence of a node's text, re-read from its first respondent once.
fn seq_of<'a>(d: &'a Distinct, respondents: &[Respondent]) -> &'a [u32] {
    d.seq.get_or_init(|| {
        d.members
            .first()
            .and_then(|&i| respondents.get(i as usize))
            .map(|r| shingle_seq(&FoldedText::default().read(r).words()))
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
    let shared = tokens::intersection(&a.shingles, &b.shingles);
    if !plausible(shared, a.shingles.len(), b.shingles.len(), opts) {
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
    // 1. One pass over the texts: a 128-bit key of each long-enough normalised text (exact copies
    //    share it) and its shingles.
    let mut keyed: Vec<([u8; 16], u32, usize, Vec<u32>)> = respondents
        .par_iter()
        .enumerate()
        .map_init(FoldedText::default, |text, (i, r)| {
            let words = text.read(r).words();
            if words.len() < opts.min_words.max(SHINGLE) {
                return None;
            }
            let mut h = blake3::Hasher::new();
            for w in &words {
                h.update(w.as_bytes());
                h.update(b" ");
            }
            let mut key = [0u8; 16];
            key.copy_from_slice(&h.finalize().as_bytes()[..16]);
            let mut shingles = shingle_seq(&words);
            shingles.sort_unstable();
            shingles.dedup();
            Some((key, i as u32, words.len(), shingles))
        })
        .flatten()
        .collect();
    keyed.par_sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));

    // 2. One node per distinct text (the first respondent's shingles), with its signature.
    let mut groups: Vec<Distinct> = Vec::new();
    let mut last: Option<[u8; 16]> = None;
    for (key, idx, words, shingles) in keyed {
        match groups.last_mut() {
            Some(g) if last == Some(key) => g.members.push(idx),
            _ => groups.push(Distinct {
                members: vec![idx],
                shingles,
                seq: std::sync::OnceLock::new(),
                words,
            }),
        }
        last = Some(key);
    }
    let seeds = seeds();
    let nodes: Vec<Node> = groups
        .into_par_iter()
        .map(|d| {
            let sig = signature(&d.shingles, &seeds);
            (d, sig)
        })
        .collect();

    // 3. LSH banding, band by band, verified by the link rule: candidate groups.
    let mut uf = UnionFind((0..nodes.len() as u32).collect());
    for band in 0..BANDS {
        let mut keys: Vec<(u64, u32)> = nodes
            .par_iter()
            .enumerate()
            .map(|(i, (_, sig))| {
                let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ band as u64;
                for &v in &sig[band * ROWS..(band + 1) * ROWS] {
                    h = (h ^ u64::from(v)).wrapping_mul(0x0000_0100_0000_01b3);
                    h ^= h >> 29;
                }
                (h, i as u32)
            })
            .collect();
        keys.par_sort_unstable();
        let mut start = 0;
        while start < keys.len() {
            let mut end = start + 1;
            while end < keys.len() && keys[end].0 == keys[start].0 {
                end += 1;
            }
            if end - start > 1 {
                link_bucket(&keys[start..end], &nodes, respondents, &mut uf, opts);
            }
            start = end;
        }
    }

    // 4. One standard text per candidate group large enough to be a campaign, largest group
    //    first; a standard that links to an earlier one is the same campaign and is dropped.
    let mut components: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
    for i in 0..nodes.len() as u32 {
        let root = uf.find(i);
        components.entry(root).or_default().push(i);
    }
    let mut candidates: Vec<(usize, u32, u32)> = components
        .into_values()
        .filter_map(|c| {
            let size: usize = c.iter().map(|&n| nodes[n as usize].0.members.len()).sum();
            (size >= opts.min_size).then_some((size, c))
        })
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|(size, c)| {
            let s = standard_of(&c, &nodes);
            (size, nodes[s as usize].0.members[0], s)
        })
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

    // 5. Membership: every text is compared with every standard (one inverted lookup per
    //    shingle) and joins the standard it shares most with, if the link rule holds. Copies the
    //    banding did not pair (long comments, several edits) are found here.
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

fn link_bucket(
    bucket: &[(u64, u32)],
    nodes: &[Node],
    respondents: &[Respondent],
    uf: &mut UnionFind,
    opts: &CampaignOptions,
) {
    let mut reps: Vec<u32> = Vec::new();
    for &(_, n) in bucket {
        let root = uf.find(n);
        if reps.iter().any(|&r| uf.find(r) == root) {
            continue;
        }
        let mut joined_any = false;
        for &r in &reps {
            let (a, sa) = (&nodes[n as usize].0, &nodes[n as usize].1);
            let (b, sb) = (&nodes[r as usize].0, &nodes[r as usize].1);
            // Cheap estimate of the shared shingles from the signatures (Jaccard J gives
            // |A n B| = J (|A| + |B|) / (1 + J)); the exact rule only when plausible.
            let agree =
                sa.iter().zip(sb.iter()).filter(|(x, y)| x == y).count() as f64 / SIGNATURE as f64;
            let est = agree * (a.shingles.len() + b.shingles.len()) as f64 / (1.0 + agree);
            if est < 0.25 * opts.containment * a.shingles.len().min(b.shingles.len()) as f64 {
                continue;
            }
            if linked(a, b, respondents, opts).is_some() {
                uf.union(n, r);
                joined_any = true;
            }
        }
        if !joined_any && reps.len() < BUCKET_REPS {
            reps.push(n);
        }
    }
}

/// The standard text of a candidate group: the weighted medoid of its most common distinct texts,
/// i.e. the text with the largest overlap (shared shingles over the larger set) with the group's
/// respondents, each distinct text weighted by how many respondents sent it. The most common
/// version therefore wins unless it is an outlier. Ties go to the earliest respondent.
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
                overlap * d.members.len() as f64
            })
            .sum();
        let first = nodes[c as usize].0.members[0];
        if score > best.0 || (score == best.0 && first < best.1) {
            best = (score, first, c);
        }
    }
    best.2
}

/// For each node, the standard (index into `standards`) it shares most shingles with among those
/// it links to, and the shared count. Shingles of all standards go in one sorted table with a
/// bit filter in front, so a text costs one cheap probe per shingle; the word coverage is
/// computed only for the few texts whose counts make a link plausible.
fn assign_to_standards(
    nodes: &[Node],
    standards: &[u32],
    respondents: &[Respondent],
    opts: &CampaignOptions,
) -> Vec<Option<(u32, usize)>> {
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
    let mut filter = vec![0u64; FILTER_BITS / 64];
    for &(h, _) in &table {
        let b = h as usize % FILTER_BITS;
        filter[b / 64] |= 1 << (b % 64);
    }
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
                let b = h as usize % FILTER_BITS;
                if filter[b / 64] & (1 << (b % 64)) == 0 {
                    continue;
                }
                let from = table.partition_point(|&(t, _)| t < h);
                for &(_, s) in table[from..].iter().take_while(|&&(t, _)| t == h) {
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
    for &(n, shared) in group {
        let node = &nodes[n as usize].0;
        for &idx in &node.members {
            let Some(r) = respondents.get(idx as usize) else {
                continue;
            };
            let (kind, added) = if n == standard {
                (CopyKind::Exact, Vec::new())
            } else {
                compare_with_standard(&joined(r), &std_node.shingles, shared)
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
    standard: &[u32],
    shared: usize,
) -> (CopyKind, Vec<AddedSpan>) {
    let covered = covered(&shingle_seq(&folded(j)), standard);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Consent, Format, SurveySchema};

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
        let comment = "My mother has gone there every Tuesday and Thursday since my father died, and the \
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
}
