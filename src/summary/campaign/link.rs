//! How campaign detection proposes and links candidate pairs: LSH banding of the MinHash
//! signatures, and inside each bucket a check of each text against a few representatives.

use super::*;

/// Union-find over node indices; the smallest index of a group is its root.
pub(super) struct UnionFind(Vec<u32>);

impl UnionFind {
    /// `n` nodes, each its own group.
    pub(super) fn new(n: usize) -> Self {
        UnionFind((0..n as u32).collect())
    }

    pub(super) fn find(&mut self, mut x: u32) -> u32 {
        while self.0[x as usize] != x {
            let p = self.0[x as usize];
            self.0[x as usize] = self.0[p as usize];
            x = p;
        }
        x
    }
    pub(super) fn union(&mut self, a: u32, b: u32) {
        let (ra, rb) = (self.find(a), self.find(b));
        // The smaller index becomes the root, so roots do not depend on visiting order.
        if ra < rb {
            self.0[rb as usize] = ra;
        } else if rb < ra {
            self.0[ra as usize] = rb;
        }
    }
}

/// LSH banding, one band: nodes whose signatures agree on the band are candidates, joined when
/// the link rule holds.
pub(super) fn link_band(
    band: usize,
    nodes: &[Node],
    respondents: &[Respondent],
    (uf, failed): (&mut UnionFind, &mut FailedPairs),
    opts: &CampaignOptions,
) {
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
            link_bucket(&keys[start..end], nodes, respondents, (uf, failed), opts);
        }
        start = end;
    }
}

/// Pairs of nodes (text, representative) the full link rule has already rejected. Similar texts
/// share most of their bands, so in a large campaign the same text meets the same
/// representatives band after band; the rule is checked once per pair, not once per band (pairs
/// a [`Sketch`] rejects are not kept: that check is cheaper than the lookup).
#[derive(Default)]
pub(super) struct FailedPairs(std::collections::HashSet<u64, crate::text::FxBuild>);

impl FailedPairs {
    fn key(text: u32, rep: u32) -> u64 {
        u64::from(text) << 32 | u64::from(rep)
    }
}

/// Bits of a representative's [`Sketch`].
const SKETCH_BITS: usize = 2048;

/// A text's shingles as a bit set, one bit per shingle (chosen by a multiplicative hash of it).
/// Every shingle another text shares with this one has its bit set, so counting the other
/// text's shingles whose bits are set bounds the shared count from above: a pair that cannot
/// reach [`need_shared`] is rejected without merging the two sets. In a crowded LSH bucket
/// (texts that share a stock sentence) nearly every candidate pair ends there.
pub(super) struct Sketch([u64; SKETCH_BITS / 64]);

impl Sketch {
    fn bit(h: u32) -> usize {
        (h.wrapping_mul(0x9e37_79b1) >> (32 - SKETCH_BITS.trailing_zeros())) as usize
    }

    pub(super) fn of(shingles: &[u32]) -> Self {
        let mut bits = [0u64; SKETCH_BITS / 64];
        for &h in shingles {
            let b = Self::bit(h);
            bits[b / 64] |= 1 << (b % 64);
        }
        Sketch(bits)
    }

    /// At least the number of `other`'s shingles the sketched text also has.
    pub(super) fn shared_at_most(&self, other: &[u32]) -> usize {
        other
            .iter()
            .map(|&h| {
                let b = Self::bit(h);
                (self.0[b / 64] >> (b % 64) & 1) as usize
            })
            .sum()
    }
}

/// Links the texts of one LSH bucket (in bucket order): each text not yet in the group of one of
/// the bucket's representatives is checked against them, and becomes one itself (up to
/// `BUCKET_REPS`) when it joins none.
fn link_bucket(
    bucket: &[(u64, u32)],
    nodes: &[Node],
    respondents: &[Respondent],
    (uf, failed): (&mut UnionFind, &mut FailedPairs),
    opts: &CampaignOptions,
) {
    let mut reps: Vec<(u32, Sketch)> = Vec::new();
    for &(_, n) in bucket {
        let root = uf.find(n);
        if reps.iter().any(|&(r, _)| uf.find(r) == root) {
            continue;
        }
        let mut joined_any = false;
        for (r, sketch) in &reps {
            let r = *r;
            // A representative already in this text's group adds nothing (this text joined
            // its group through another representative).
            if joined_any && uf.find(r) == uf.find(n) {
                continue;
            }
            let (a, sa) = (&nodes[n as usize].0, &nodes[n as usize].1);
            let (b, sb) = (&nodes[r as usize].0, &nodes[r as usize].1);
            let (la, lb) = (a.shingles.len(), b.shingles.len());
            // Cheap estimate of the shared shingles from the signatures (Jaccard J gives
            // |A n B| = J (|A| + |B|) / (1 + J)); the exact rule only when plausible.
            let agree =
                sa.iter().zip(sb.iter()).filter(|(x, y)| x == y).count() as f64 / SIGNATURE as f64;
            let est = agree * (la + lb) as f64 / (1.0 + agree);
            if est < 0.25 * opts.containment * la.min(lb) as f64
                || sketch.shared_at_most(&a.shingles) < need_shared(la, lb, opts)
                || failed.0.contains(&FailedPairs::key(n, r))
            {
                continue;
            }
            if linked(a, b, respondents, opts).is_some() {
                uf.union(n, r);
                joined_any = true;
            } else {
                failed.0.insert(FailedPairs::key(n, r));
            }
        }
        if !joined_any && reps.len() < BUCKET_REPS {
            reps.push((n, Sketch::of(&nodes[n as usize].0.shingles)));
        }
    }
}
