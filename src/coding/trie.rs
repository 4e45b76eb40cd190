//! The compiled matcher: a trie over normalised words (stems, prefix globs, wildcards).
//!
//! Answers are compared word by word, not byte by byte: each word of an answer is looked up once
//! (through a per-thread cache) to get the id of its stem in the lexicon's vocabulary and the ids
//! of the globs its folded form starts with; the trie then walks those ids. Words that appear in no
//! entry are rejected with one array lookup.

/// "No node" / "no symbol".
pub(crate) const NONE: u32 = u32::MAX;

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
    /// Which tries a pattern can start in at this word ([`START_MAIN`], [`START_AUX`]).
    pub starts: u8,
}

/// [`WordInfo::starts`] bit: an entry can start at the word.
pub(crate) const START_MAIN: u8 = 1;
/// [`WordInfo::starts`] bit: an exclusion or proximity term can start at the word.
pub(crate) const START_AUX: u8 = 2;

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

/// A trie of patterns, each ending node carrying its targets.
#[derive(Debug, Clone)]
pub(crate) struct Trie<T> {
    nodes: Vec<Node<T>>,
    /// Root transitions by stem id, dense for a one-lookup reject.
    root_stems: Vec<u32>,
}

impl<T: Copy> Trie<T> {
    pub(crate) fn new() -> Self {
        Trie {
            nodes: vec![Node::new()],
            root_stems: Vec::new(),
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

    /// Builds the dense root table; call once after the last insert.
    pub(crate) fn finish(&mut self, vocabulary: usize) {
        self.root_stems = vec![NONE; vocabulary];
        for &(s, c) in &self.nodes[0].stems {
            if let Some(slot) = self.root_stems.get_mut(s as usize) {
                *slot = c;
            }
        }
    }

    /// Whether a pattern can start at a word with stem `sym` that matches `globs`; computed once
    /// per distinct word and kept in [`WordInfo::starts`].
    pub(crate) fn may_start(&self, sym: u32, globs: &[u32]) -> bool {
        let root = &self.nodes[0];
        (sym != NONE
            && self
                .root_stems
                .get(sym as usize)
                .is_some_and(|&c| c != NONE))
            || globs
                .iter()
                .any(|g| root.globs.binary_search_by_key(g, |x| x.0).is_ok())
            || root.any != NONE
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
        while let Some((node, depth)) = stack.pop() {
            let n = &self.nodes[node as usize];
            if depth > 0 && !n.out.is_empty() {
                f(depth, &n.out);
            }
            let Some(w) = words.get(start + depth as usize) else {
                continue;
            };
            if w.sym != NONE {
                let child = if node == 0 {
                    self.root_stems.get(w.sym as usize).copied().unwrap_or(NONE)
                } else {
                    n.stems
                        .binary_search_by_key(&w.sym, |x| x.0)
                        .map_or(NONE, |k| n.stems[k].1)
                };
                if child != NONE {
                    stack.push((child, depth + 1));
                }
            }
            if !n.globs.is_empty() && w.glob != 0 {
                for g in globs.get(w.glob) {
                    if let Ok(k) = n.globs.binary_search_by_key(g, |x| x.0) {
                        stack.push((n.globs[k].1, depth + 1));
                    }
                }
            }
            if n.any != NONE {
                stack.push((n.any, depth + 1));
            }
        }
    }
}
