//! The compiled matcher: a trie over normalised words (stems, prefix globs, wildcards).
//!
//! Answers are compared word by word, not byte by byte: each word of an answer is looked up once
//! (through a per-thread cache) to get the id of its stem in the lexicon's vocabulary and the ids
//! of the globs its folded form starts with; the trie then walks those ids. Words that appear in no
//! entry are rejected with one array lookup.

use crate::text::FxBuild;
use std::collections::HashMap;

/// "No node" / "no symbol".
pub(crate) const NONE: u32 = u32::MAX;

/// Edge lists up to this long are scanned; longer ones are looked up in [`Trie::wide`].
const NARROW: usize = 8;

/// One word of a compiled pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Elem {
    /// A stem, by vocabulary id.
    Stem(u32),
    /// A prefix glob, by glob id.
    Glob(u32),
    /// Any one word.
    Any,
}

/// What the matcher knows about one word of an answer: 8 bytes, so the per-thread word cache
/// stays small enough to live in the processor's cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct WordInfo {
    /// Vocabulary id of the word's stem, or [`NONE`].
    pub sym: u32,
    /// The word's glob set ([`GlobSets::get`]): 0 for none, else 1 + the id of the longest glob
    /// the word starts with.
    pub glob: u16,
    /// Negation flags (`text::NEGATOR`, `text::CLOSER`).
    pub flags: u8,
    /// What each trie can do at this word: [`Role`] bits, shifted by [`Role::MAIN`] or
    /// [`Role::AUX`].
    pub starts: u8,
}

/// What one trie can do at a word, as bits of [`WordInfo::starts`]: computed once per distinct
/// word so most words are passed over without a walk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Role;

impl Role {
    /// A walk from the word can match without looking at the next word's role (a one-word
    /// pattern, or a wildcard next).
    pub const WALK: u8 = 1;
    /// A pattern starts with the word and needs a next word with [`Role::CONT`].
    pub const NEXT: u8 = 2;
    /// The word can be a later word of some pattern.
    pub const CONT: u8 = 4;
    /// Shift of the entries trie's bits.
    pub const MAIN: u32 = 0;
    /// Shift of the exclusion and proximity trie's bits.
    pub const AUX: u32 = 3;

    /// Which tries a walk from a word can find a match in, from its [`WordInfo::starts`] and
    /// the next word's (0 after the last word): [`Role::WALK`] shifted by [`Role::MAIN`] and
    /// by [`Role::AUX`]. Branch-free, as most words need no walk.
    #[inline]
    pub(crate) fn worth(word: u8, next: u8) -> u8 {
        let walk = Role::WALK << Role::MAIN | Role::WALK << Role::AUX;
        // NEXT is WALK << 1 and CONT is WALK << 2 in each trie's bits.
        word & walk | (word >> 1) & (next >> 2) & walk
    }
}

/// The globs a word matches, by the longest one: a word starts with glob `g` exactly when `g` is
/// a prefix of the longest glob it starts with, so one id per glob names every possible set.
#[derive(Debug, Clone, Default)]
pub(crate) struct GlobSets {
    arena: Vec<u32>,
    ranges: Vec<(u32, u32)>,
}

impl GlobSets {
    /// The sets for `globs` (folded prefixes, by id).
    pub(crate) fn new(globs: &[String]) -> Self {
        let mut sets = GlobSets::default();
        for g in globs {
            let from = sets.arena.len() as u32;
            for (i, h) in globs.iter().enumerate() {
                if g.starts_with(h.as_str()) {
                    sets.arena.push(i as u32);
                }
            }
            sets.ranges.push((from, sets.arena.len() as u32));
        }
        sets
    }

    /// Glob ids (sorted) of a [`WordInfo::glob`] value.
    #[inline]
    pub(crate) fn get(&self, glob: u16) -> &[u32] {
        let Some(&(from, to)) = (glob as usize)
            .checked_sub(1)
            .and_then(|i| self.ranges.get(i))
        else {
            return &[];
        };
        self.arena.get(from as usize..to as usize).unwrap_or(&[])
    }
}

#[derive(Debug, Clone)]
struct Node<T> {
    stems: Vec<(u32, u32)>,
    /// Glob transitions, sorted by glob id.
    globs: Vec<(u32, u32)>,
    any: u32,
    out: Vec<T>,
}

impl<T> Node<T> {
    fn new() -> Self {
        Node {
            stems: Vec::new(),
            globs: Vec::new(),
            any: NONE,
            out: Vec::new(),
        }
    }
}

/// A node as the walk reads it: ranges into [`Trie::edges`] and [`Trie::outs`], 28 bytes
/// instead of three vectors, so more of the trie stays in the processor's cache.
#[derive(Debug, Clone, Copy)]
struct Flat {
    stems: (u32, u32),
    globs: (u32, u32),
    any: u32,
    out: (u32, u32),
}

/// A trie of patterns, each ending node carrying its targets.
#[derive(Debug, Clone)]
pub(crate) struct Trie<T> {
    /// The nodes as built.
    nodes: Vec<Node<T>>,
    /// The same nodes, packed by [`Trie::finish`] for the walk.
    flat: Vec<Flat>,
    /// Every node's stem then glob transitions `(id, child)`, each run sorted by id.
    edges: Vec<(u32, u32)>,
    /// Every node's targets.
    outs: Vec<T>,
    /// Root transitions by stem id, dense for a one-lookup reject.
    root_stems: Vec<u32>,
    /// Stem transitions of nodes with many of them, keyed `node << 32 | stem`: one hash lookup
    /// instead of a binary search over a long edge list.
    wide: HashMap<u64, u32, FxBuild>,
    /// By stem id: a transition below the root takes the stem.
    cont_stems: Vec<bool>,
    /// By glob id: a transition below the root takes the glob.
    cont_globs: Vec<bool>,
}

impl<T: Copy> Trie<T> {
    pub(crate) fn new() -> Self {
        Trie {
            nodes: vec![Node::new()],
            flat: Vec::new(),
            edges: Vec::new(),
            outs: Vec::new(),
            root_stems: Vec::new(),
            wide: HashMap::default(),
            cont_stems: Vec::new(),
            cont_globs: Vec::new(),
        }
    }

    /// Whether no pattern was added.
    pub(crate) fn is_empty(&self) -> bool {
        self.nodes.len() == 1
    }

    /// Adds a pattern (non-empty) with its target.
    pub(crate) fn insert(&mut self, elems: &[Elem], target: T) {
        let mut node = 0usize;
        for e in elems {
            let next = self.nodes.len() as u32;
            let n = &mut self.nodes[node];
            let child = match *e {
                Elem::Stem(s) => match n.stems.binary_search_by_key(&s, |x| x.0) {
                    Ok(k) => n.stems[k].1,
                    Err(k) => {
                        n.stems.insert(k, (s, next));
                        next
                    }
                },
                Elem::Glob(g) => match n.globs.binary_search_by_key(&g, |x| x.0) {
                    Ok(k) => n.globs[k].1,
                    Err(k) => {
                        n.globs.insert(k, (g, next));
                        next
                    }
                },
                Elem::Any => {
                    if n.any == NONE {
                        n.any = next;
                    }
                    n.any
                }
            };
            if child == next {
                self.nodes.push(Node::new());
            }
            node = child as usize;
        }
        self.nodes[node].out.push(target);
    }

    /// Builds the dense tables; call once after the last insert, with the number of stems and
    /// globs the patterns were compiled from.
    pub(crate) fn finish(&mut self, vocabulary: usize, globs: usize) {
        self.wide.clear();
        for (i, n) in self.nodes.iter().enumerate().skip(1) {
            if n.stems.len() > NARROW {
                for &(sym, child) in &n.stems {
                    self.wide.insert((i as u64) << 32 | u64::from(sym), child);
                }
            }
        }
        self.root_stems = vec![NONE; vocabulary];
        for &(s, c) in &self.nodes[0].stems {
            if let Some(slot) = self.root_stems.get_mut(s as usize) {
                *slot = c;
            }
        }
        self.flat.clear();
        self.edges.clear();
        self.outs.clear();
        for n in &self.nodes {
            let mut run = |edges: &[(u32, u32)]| {
                let at = self.edges.len() as u32;
                self.edges.extend_from_slice(edges);
                (at, self.edges.len() as u32)
            };
            let (stems, globs) = (run(&n.stems), run(&n.globs));
            let at = self.outs.len() as u32;
            self.outs.extend_from_slice(&n.out);
            self.flat.push(Flat {
                stems,
                globs,
                any: n.any,
                out: (at, self.outs.len() as u32),
            });
        }
        self.cont_stems = vec![false; vocabulary];
        self.cont_globs = vec![false; globs];
        for n in self.nodes.iter().skip(1) {
            for &(s, _) in &n.stems {
                if let Some(slot) = self.cont_stems.get_mut(s as usize) {
                    *slot = true;
                }
            }
            for &(g, _) in &n.globs {
                if let Some(slot) = self.cont_globs.get_mut(g as usize) {
                    *slot = true;
                }
            }
        }
    }

    /// The [`Role`] bits of a word with stem `sym` that matches `globs`.
    pub(crate) fn role(&self, sym: u32, globs: &[u32]) -> u8 {
        let root = &self.nodes[0];
        let mut bits = 0;
        if root.any != NONE {
            bits |= Role::WALK;
        }
        let by_stem = self.root_stems.get(sym as usize).copied();
        let by_glob = globs.iter().filter_map(|g| {
            root.globs
                .binary_search_by_key(g, |x| x.0)
                .ok()
                .map(|k| root.globs[k].1)
        });
        for child in by_stem.into_iter().chain(by_glob).filter(|&c| c != NONE) {
            let Some(c) = self.nodes.get(child as usize) else {
                continue;
            };
            if !c.out.is_empty() || c.any != NONE {
                bits |= Role::WALK;
            }
            if !c.stems.is_empty() || !c.globs.is_empty() {
                bits |= Role::NEXT;
            }
        }
        let cont = self.cont_stems.get(sym as usize).copied().unwrap_or(false)
            || globs
                .iter()
                .any(|&g| self.cont_globs.get(g as usize).copied().unwrap_or(false));
        if cont {
            bits |= Role::CONT;
        }
        bits
    }

    /// Calls `f(depth, targets)` for every pattern matching at `words[start..]`, `depth` being its
    /// length in words. `stack` is a reusable buffer.
    pub(crate) fn walk(
        &self,
        words: &[WordInfo],
        globs: &GlobSets,
        start: usize,
        stack: &mut Vec<(u32, u32)>,
        mut f: impl FnMut(u32, &[T]),
    ) {
        stack.clear();
        stack.push((0, 0));
        let edges = |(from, to): (u32, u32)| self.edges.get(from as usize..to as usize);
        while let Some((node, depth)) = stack.pop() {
            let Some(n) = self.flat.get(node as usize) else {
                continue;
            };
            if depth > 0 && n.out.1 > n.out.0 {
                if let Some(out) = self.outs.get(n.out.0 as usize..n.out.1 as usize) {
                    f(depth, out);
                }
            }
            let Some(w) = words.get(start + depth as usize) else {
                continue;
            };
            if w.sym != NONE {
                let child = if node == 0 {
                    self.root_stems.get(w.sym as usize).copied().unwrap_or(NONE)
                } else {
                    let stems = edges(n.stems).unwrap_or(&[]);
                    if stems.len() > NARROW {
                        let key = u64::from(node) << 32 | u64::from(w.sym);
                        self.wide.get(&key).copied().unwrap_or(NONE)
                    } else {
                        stems.iter().find(|x| x.0 == w.sym).map_or(NONE, |x| x.1)
                    }
                };
                if child != NONE {
                    stack.push((child, depth + 1));
                }
            }
            if n.globs.1 > n.globs.0 && w.glob != 0 {
                let node_globs = edges(n.globs).unwrap_or(&[]);
                for g in globs.get(w.glob) {
                    if let Ok(k) = node_globs.binary_search_by_key(g, |x| x.0) {
                        stack.push((node_globs[k].1, depth + 1));
                    }
                }
            }
            if n.any != NONE {
                stack.push((n.any, depth + 1));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Stems 0 "the", 1 "doctor", 2 "carer", 3 "am", 4 "nurse"; glob 0 "physio".
    fn trie() -> Trie<u32> {
        let mut t = Trie::new();
        t.insert(&[Elem::Stem(0), Elem::Stem(1)], 0); // the doctor
        t.insert(&[Elem::Stem(2)], 1); // carer
        t.insert(&[Elem::Stem(3), Elem::Any, Elem::Stem(2)], 2); // am * carer
        t.insert(&[Elem::Glob(0), Elem::Stem(4)], 3); // physio* nurse
        t.finish(5, 1);
        t
    }

    #[test]
    fn roles_say_which_words_can_start_or_continue_a_match() {
        let t = trie();
        let sets = GlobSets::new(&["physio".to_string()]);
        assert_eq!(t.role(0, &[]), Role::NEXT, "the: needs a next word");
        assert_eq!(t.role(1, &[]), Role::CONT, "doctor: only a later word");
        assert_eq!(
            t.role(2, &[]),
            Role::WALK | Role::CONT,
            "carer: alone, or last"
        );
        assert_eq!(t.role(3, &[]), Role::WALK, "am: a wildcard follows");
        assert_eq!(t.role(4, &[]), Role::CONT);
        assert_eq!(t.role(NONE, sets.get(1)), Role::NEXT, "physio*");
        assert_eq!(t.role(NONE, &[]), 0, "a word in no pattern");
    }

    #[test]
    fn worth_walking_needs_a_next_word_that_can_continue() {
        let t = trie();
        let word = |sym: u32| t.role(sym, &[]) << Role::MAIN;
        let main = Role::WALK << Role::MAIN;
        // "the doctor" is worth a walk from "the"; "the carer" is too (carer continues some
        // pattern); "the" before a word in no pattern, or at the end, is not.
        assert_eq!(Role::worth(word(0), word(1)) & main, main);
        assert_eq!(Role::worth(word(0), word(2)) & main, main);
        assert_eq!(Role::worth(word(0), t.role(NONE, &[])) & main, 0);
        assert_eq!(Role::worth(word(0), 0) & main, 0);
        assert_eq!(Role::worth(word(2), 0) & main, main);
        // Aux bits are independent of main bits.
        assert_eq!(
            Role::worth(word(2) << Role::AUX, 0),
            Role::WALK << Role::AUX
        );
    }

    #[test]
    fn glob_sets_name_every_glob_a_word_starts_with() {
        let globs: Vec<String> = ["car", "care", "carer", "nurs"]
            .iter()
            .map(|g| g.to_string())
            .collect();
        let sets = GlobSets::new(&globs);
        // A word starting with "carer" (longest glob 2, so value 3) starts with all three.
        assert_eq!(sets.get(3), &[0, 1, 2]);
        assert_eq!(sets.get(2), &[0, 1]);
        assert_eq!(sets.get(4), &[3]);
        assert_eq!(sets.get(0), &[] as &[u32]);
        assert_eq!(sets.get(9), &[] as &[u32]);
    }
}
