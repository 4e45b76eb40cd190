//! Campaign detection: respondents who sent the same organised standard text.
//!
//! Each respondent's open answers are joined in question order and compared as one text, because
//! a campaign is a whole submission (the standard letter usually spans every question) and a
//! respondent belongs to at most one campaign. Texts of fewer than `min_words` words are never
//! campaign copies ("No comment" repeated is not a campaign).
//!
//! Method: exact copies are grouped first (one node per distinct normalised text); each distinct
//! text gets a MinHash signature of its word 5-gram shingles (fixed seeds), LSH banding proposes
//! candidate pairs, and a pair is linked only when the shorter text has at least `containment` of
//! its shingles in the other. A campaign is a connected group of at least `min_size` respondents.
//! Inside a bucket each text is verified against at most a few representatives of the groups
//! already seen there, so one huge campaign costs linear, not quadratic, time.

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

/// Settings of campaign detection.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CampaignOptions {
    /// Smallest number of respondents that makes a campaign.
    pub min_size: usize,
    /// Texts with fewer words are never campaign copies.
    pub min_words: usize,
    /// Share of the shorter text's shingles that must appear in the other text to link them.
    pub containment: f64,
}

impl Default for CampaignOptions {
    fn default() -> Self {
        CampaignOptions {
            min_size: 5,
            min_words: 12,
            containment: 0.8,
        }
    }
}

/// How a campaign member's text relates to the standard text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CopyKind {
    /// The same words as the standard text (case and punctuation aside).
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
    /// The standard text (answers joined by blank lines), not redacted.
    pub standard_text: String,
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

/// Finds campaigns with the default options (5 respondents, 12 words, 0.8 containment).
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

fn folded(j: &Joined) -> Vec<&str> {
    j.words.iter().map(|w| w.folded.as_str()).collect()
}

fn shingle_set(j: &Joined) -> Vec<u32> {
    let mut s: Vec<u32> = tokens::shingles(&folded(j), SHINGLE)
        .into_iter()
        .map(|h| (h ^ (h >> 32)) as u32)
        .collect();
    s.sort_unstable();
    s.dedup();
    s
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

/// Share of the smaller set's shingles found in the other.
fn containment(a: &[u32], b: &[u32]) -> f64 {
    let small = a.len().min(b.len());
    if small == 0 {
        return 0.0;
    }
    super::tokens::intersection(a, b) as f64 / small as f64
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
}

/// Finds campaigns with explicit options.
pub fn detect_campaigns_with(
    _schema: &crate::model::SurveySchema,
    respondents: &[Respondent],
    opts: &CampaignOptions,
) -> Campaigns {
    // 1. One pass over the texts: a 128-bit key of each long-enough normalised text (exact copies
    //    share it) and its shingles.
    let mut keyed: Vec<([u8; 16], u32, Vec<u32>)> = respondents
        .par_iter()
        .enumerate()
        .filter_map(|(i, r)| {
            let j = joined(r);
            if j.words.len() < opts.min_words.max(1) {
                return None;
            }
            let mut h = blake3::Hasher::new();
            for w in &j.words {
                h.update(w.folded.as_bytes());
                h.update(b" ");
            }
            let mut key = [0u8; 16];
            key.copy_from_slice(&h.finalize().as_bytes()[..16]);
            Some((key, i as u32, shingle_set(&j)))
        })
        .collect();
    keyed.par_sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));

    // 2. One node per distinct text (the first respondent's shingles), with its signature.
    let mut groups: Vec<(Vec<u32>, Vec<u32>)> = Vec::new();
    let mut last: Option<[u8; 16]> = None;
    for (key, idx, shingles) in keyed {
        match groups.last_mut() {
            Some(g) if last == Some(key) => g.0.push(idx),
            _ => groups.push((vec![idx], shingles)),
        }
        last = Some(key);
    }
    let seeds = seeds();
    let nodes: Vec<(Distinct, [u32; SIGNATURE])> = groups
        .into_par_iter()
        .map(|(members, shingles)| {
            let sig = signature(&shingles, &seeds);
            (Distinct { members, shingles }, sig)
        })
        .collect();

    // 3. LSH banding, band by band, verified by containment.
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
                link_bucket(&keys[start..end], &nodes, &mut uf, opts.containment);
            }
            start = end;
        }
    }

    // 4. Connected groups large enough to be campaigns.
    let mut components: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
    for i in 0..nodes.len() as u32 {
        let root = uf.find(i);
        components.entry(root).or_default().push(i);
    }
    let mut found: Vec<Campaign> = components
        .into_values()
        .filter(|c| {
            c.iter()
                .map(|&n| nodes[n as usize].0.members.len())
                .sum::<usize>()
                >= opts.min_size
        })
        .collect::<Vec<_>>()
        .into_par_iter()
        .filter_map(|c| build_campaign(&c, &nodes, respondents, opts))
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
    nodes: &[(Distinct, [u32; SIGNATURE])],
    uf: &mut UnionFind,
    min: f64,
) {
    let mut reps: Vec<u32> = Vec::new();
    for &(_, n) in bucket {
        let root = uf.find(n);
        if reps.iter().any(|&r| uf.find(r) == root) {
            continue;
        }
        let mut joined_any = false;
        for &r in &reps {
            let (a, sa) = (&nodes[n as usize].0.shingles, &nodes[n as usize].1);
            let (b, sb) = (&nodes[r as usize].0.shingles, &nodes[r as usize].1);
            // Cheap estimate from the signatures first; exact containment only when plausible.
            let agree =
                sa.iter().zip(sb.iter()).filter(|(x, y)| x == y).count() as f64 / SIGNATURE as f64;
            let small = a.len().min(b.len()).max(1) as f64;
            let est = agree * (a.len() + b.len()) as f64 / ((1.0 + agree) * small);
            if est < min * 0.5 {
                continue;
            }
            if containment(a, b) >= min {
                uf.union(n, r);
                joined_any = true;
            }
        }
        if !joined_any && reps.len() < BUCKET_REPS {
            reps.push(n);
        }
    }
}

/// Builds a campaign from a connected group: picks the standard text, then keeps only the texts
/// that match the standard itself (links are transitive, membership is not), so a chain of
/// partly overlapping answers does not become one campaign.
fn build_campaign(
    component: &[u32],
    nodes: &[(Distinct, [u32; SIGNATURE])],
    respondents: &[Respondent],
    opts: &CampaignOptions,
) -> Option<Campaign> {
    // The standard: the most common exact text; when every text is unique, the medoid.
    let mut order: Vec<u32> = component.to_vec();
    order.sort_by(|&a, &b| {
        let (da, db) = (&nodes[a as usize].0, &nodes[b as usize].0);
        db.members
            .len()
            .cmp(&da.members.len())
            .then(da.members[0].cmp(&db.members[0]))
    });
    let mut standard = order[0];
    if nodes[standard as usize].0.members.len() == 1 && order.len() > 2 {
        let sample: Vec<u32> = order.iter().copied().take(64).collect();
        let mut best = (f64::MIN, u32::MAX);
        for &c in &sample {
            let total: f64 = sample
                .iter()
                .filter(|&&o| o != c)
                .map(|&o| containment(&nodes[c as usize].0.shingles, &nodes[o as usize].0.shingles))
                .sum();
            let first = nodes[c as usize].0.members[0];
            if total > best.0 || (total == best.0 && first < best.1) {
                best = (total, first);
                standard = c;
            }
        }
    }
    let std_node = &nodes[standard as usize].0;
    let std_resp = &respondents[std_node.members[0] as usize];
    let standard_text = std_resp
        .answers
        .iter()
        .flatten()
        .map(|s| s.trim())
        .collect::<Vec<_>>()
        .join("\n\n");

    let mut members = Vec::new();
    for &n in component {
        let node = &nodes[n as usize].0;
        if n != standard && containment(&node.shingles, &std_node.shingles) < opts.containment {
            continue;
        }
        for &idx in &node.members {
            let r = &respondents[idx as usize];
            if n == standard {
                members.push(CampaignMember {
                    respondent: r.seq,
                    kind: CopyKind::Exact,
                    added: Vec::new(),
                });
                continue;
            }
            let added = added_spans(&joined(r), &std_node.shingles);
            let kind = if added.is_empty() {
                CopyKind::Edited
            } else {
                CopyKind::AddedComment
            };
            members.push(CampaignMember {
                respondent: r.seq,
                kind,
                added,
            });
        }
    }
    if members.len() < opts.min_size {
        return None;
    }
    members.sort_by_key(|m| m.respondent);
    Some(Campaign {
        id: 0,
        size: members.len(),
        standard_respondent: std_resp.seq,
        standard_text,
        members,
    })
}

/// Runs of at least `MIN_COMMENT_WORDS` words that no shingle of the standard text covers,
/// split at answer boundaries.
fn added_spans(j: &Joined, standard: &[u32]) -> Vec<AddedSpan> {
    let f = folded(j);
    let mut covered = vec![false; f.len()];
    if f.len() >= SHINGLE {
        for (i, w) in f.windows(SHINGLE).enumerate() {
            let h = tokens::hash_words(w.iter().copied());
            let h32 = (h ^ (h >> 32)) as u32;
            if standard.binary_search(&h32).is_ok() {
                covered[i..i + SHINGLE].iter_mut().for_each(|c| *c = true);
            }
        }
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < f.len() {
        if covered[i] {
            i += 1;
            continue;
        }
        let mut e = i;
        while e + 1 < f.len() && !covered[e + 1] && j.question[e + 1] == j.question[i] {
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
            referred to local groups and activities instead of waiting months for help.";
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
}
