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

/// What the matcher knows about one word of an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct WordInfo {
    /// Vocabulary id of the word's stem, or [`NONE`].
    pub sym: u32,
    /// Start of the word's matching glob ids in the glob arena.
    pub glob_start: u32,
    /// Number of matching glob ids.
    pub glob_len: u32,
    /// Negation flags (`text::NEGATOR`, `text::CLOSER`).
    pub flags: u8,
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

    /// Whether a pattern can start at a word (a fast reject for the common case).
    #[inline]
    pub(crate) fn may_start(&self, w: &WordInfo) -> bool {
        (w.sym != NONE
            && self
                .root_stems
                .get(w.sym as usize)
                .is_some_and(|&c| c != NONE))
            || (w.glob_len > 0 && !self.nodes[0].globs.is_empty())
            || self.nodes[0].any != NONE
    }

    /// Calls `f(depth, targets)` for every pattern matching at `words[start..]`, `depth` being its
    /// length in words. `stack` is a reusable buffer.
    pub(crate) fn walk(
        &self,
        words: &[WordInfo],
        arena: &[u32],
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
            if !n.globs.is_empty() && w.glob_len > 0 {
                let (s, l) = (w.glob_start as usize, w.glob_len as usize);
                for g in arena.get(s..s + l).unwrap_or(&[]) {
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
