//! Per-thread working memory: the word cache (what the matchers need to know about each distinct
//! word, computed once per thread) and the buffers one scan reuses.

use super::scan::{Candidate, Excl, Occ};
use super::trie::{Role, WordInfo, NONE};
use super::{Coder, Hit, Target};
use crate::text::segment::Word;
use crate::text::{aliased, fold, word_flags, FxBuild, CACHE_LIMIT};
use frostem::{Algorithm, Stemmer};
use std::cell::RefCell;
use std::collections::HashMap;

/// Slots in the front word cache: 2^12, 64 KiB.
const FRONT_BITS: u32 = 12;
/// Multiplier that spreads packed words over the front cache's slots (Fibonacci hashing).
const FRONT_MUL: u64 = 0x9E37_79B9_7F4A_7C15;
/// An empty front-cache slot's value (its key, 0, never matches a word).
const EMPTY_INFO: WordInfo = WordInfo {
    sym: NONE,
    glob: 0,
    flags: 0,
    starts: 0,
};

/// Per-thread working memory: the word cache and reusable buffers.
pub(super) struct Scratch {
    coder: u64,
    stemmer: Stemmer,
    cache: HashMap<Box<str>, WordInfo, FxBuild>,
    /// The same cache for words of at most 8 bytes, keyed by their bytes packed into an integer
    /// (most words: one multiply to hash, no string comparison).
    short: HashMap<u64, WordInfo, FxBuild>,
    /// The same for words of 9 to 16 bytes.
    medium: HashMap<u128, WordInfo, FxBuild>,
    /// A direct-mapped copy of the most recently used short words in front of `short`: one
    /// cache line per lookup for the few thousand words that make up most text. Key 0 (no
    /// word) marks an empty slot.
    front: Box<[(u64, WordInfo)]>,
    pub words: Vec<Word>,
    pub infos: Vec<WordInfo>,
    pub negated: Vec<bool>,
    pub sentence: Vec<u32>,
    /// Per word, one past the last word of its sentence: no entry, exclusion or cue phrase
    /// runs on past a full stop ("a break. Even one night" is not "break even").
    pub sentence_end: Vec<u32>,
    pub stack: Vec<(u32, u32)>,
    /// Words where an entry may start.
    pub main_at: Vec<u32>,
    /// Words where an exclusion or atom may start.
    pub aux_at: Vec<u32>,
    /// Entry matches at one word: (theme, u32::MAX - length, entry), sorted to keep each
    /// theme's longest.
    pub best: Vec<(u32, u32, u32)>,
    /// Per theme, one past the last word of its counting matches so far.
    pub reach: Vec<u32>,
    pub hits: Vec<Hit>,
    /// Exclusion occurrences, sorted by first word.
    pub excl: Vec<Excl>,
    /// Atom occurrences (atom, from, to), sorted.
    pub occ: Vec<Occ>,
    /// The longest entry match at each word where one starts, in text order.
    pub candidates: Vec<Candidate>,
    /// The candidates' targets with the end of each one's match.
    pub targets: Vec<(Target, u32)>,
    /// Whether the text is on the subject: it has domain vocabulary or is too short to judge.
    pub in_domain: bool,
    /// Which `b` occurrences of the rule being paired are taken.
    pub used: Vec<bool>,
    /// Counted hits as (theme, is a proximity rule, entry or rule, index in `hits`), for counting
    /// each entry once.
    pub firsts: Vec<(u32, bool, u32, u32)>,
}

impl Scratch {
    fn new(coder: u64) -> Self {
        Scratch {
            coder,
            stemmer: Stemmer::new(Algorithm::English),
            cache: HashMap::default(),
            short: HashMap::default(),
            medium: HashMap::default(),
            front: vec![(0, EMPTY_INFO); 1 << FRONT_BITS].into_boxed_slice(),
            words: Vec::new(),
            infos: Vec::new(),
            negated: Vec::new(),
            sentence: Vec::new(),
            sentence_end: Vec::new(),
            stack: Vec::new(),
            main_at: Vec::new(),
            aux_at: Vec::new(),
            best: Vec::new(),
            reach: Vec::new(),
            hits: Vec::new(),
            excl: Vec::new(),
            occ: Vec::new(),
            candidates: Vec::new(),
            targets: Vec::new(),
            in_domain: false,
            used: Vec::new(),
            firsts: Vec::new(),
        }
    }
}

thread_local! {
    static SCRATCH: RefCell<Option<Box<Scratch>>> = const { RefCell::new(None) };
}

impl Coder {
    /// Runs `f` with this thread's scratch for this coder (made on first use; its caches are
    /// emptied when they grow past their limit).
    pub(super) fn with_scratch<R>(&self, f: impl FnOnce(&mut Scratch) -> R) -> R {
        SCRATCH.with(|cell| {
            let mut slot = cell.borrow_mut();
            let scratch = match slot.as_mut() {
                Some(s) if s.coder == self.id => s,
                _ => slot.insert(Box::new(Scratch::new(self.id))),
            };
            if scratch.cache.len() + scratch.short.len() + scratch.medium.len() > CACHE_LIMIT {
                scratch.cache.clear();
                scratch.short.clear();
                scratch.medium.clear();
                scratch.front.fill((0, EMPTY_INFO));
            }
            f(scratch)
        })
    }

    /// What the matcher needs to know about the word `text[start..end]` (computed once per
    /// thread, then cached).
    pub(super) fn word_info(
        &self,
        text: &str,
        start: usize,
        end: usize,
        s: &mut Scratch,
    ) -> WordInfo {
        let bytes = text.as_bytes();
        let len = end - start;
        if len <= 8 {
            let key = packed(bytes, start, len);
            let slot = (key.wrapping_mul(FRONT_MUL) >> (64 - FRONT_BITS)) as usize;
            if let Some(&(k, w)) = s.front.get(slot) {
                if k == key {
                    return w;
                }
            }
            let info = match s.short.get(&key) {
                Some(w) => *w,
                None => {
                    let info = self.new_word_info(&text[start..end], s);
                    s.short.insert(key, info);
                    info
                }
            };
            if let Some(f) = s.front.get_mut(slot) {
                *f = (key, info);
            }
            info
        } else if len <= 16 {
            let key = u128::from(packed(bytes, start, 8))
                | u128::from(packed(bytes, start + 8, len - 8)) << 64;
            if let Some(w) = s.medium.get(&key) {
                return *w;
            }
            let info = self.new_word_info(&text[start..end], s);
            s.medium.insert(key, info);
            info
        } else {
            let surface = &text[start..end];
            if let Some(w) = s.cache.get(surface) {
                return *w;
            }
            let info = self.new_word_info(surface, s);
            s.cache.insert(surface.into(), info);
            info
        }
    }

    /// [`WordInfo`] of a word not in the cache.
    fn new_word_info(&self, surface: &str, s: &mut Scratch) -> WordInfo {
        let mut folded = fold(surface);
        if let Some(standard) = aliased(&self.aliases, &folded) {
            folded = standard;
        }
        let stem = s.stemmer.stem(&folded);
        let sym = self.vocabulary.get(stem.as_ref()).copied().unwrap_or(NONE);
        // The longest glob the word starts with names all of them (see `GlobSets`): look each
        // prefix of the word up in the sorted globs, longest first.
        let glob = folded
            .char_indices()
            .map(|(i, c)| i + c.len_utf8())
            .rev()
            .find_map(|end| {
                let prefix = &folded[..end];
                self.glob_index
                    .binary_search_by(|(g, _)| g.as_str().cmp(prefix))
                    .ok()
                    .map(|k| self.glob_index[k].1 as u16 + 1)
            })
            .unwrap_or(0);
        let globs = self.glob_sets.get(glob);
        WordInfo {
            sym,
            glob,
            flags: word_flags(&folded),
            starts: self.main.role(sym, globs) << Role::MAIN
                | self.aux.role(sym, globs) << Role::AUX,
        }
    }
}

/// The `len` (at most 8) bytes of `bytes` from `start`, packed little-endian into an integer with
/// zero padding. Words hold no NUL byte, so distinct words get distinct keys. Reads 8 bytes at
/// once where the text allows, avoiding a byte-wise copy.
#[inline]
fn packed(bytes: &[u8], start: usize, len: usize) -> u64 {
    let word = match bytes.get(start..).and_then(|b| b.first_chunk::<8>()) {
        Some(chunk) => u64::from_le_bytes(*chunk),
        None => {
            let mut b = [0u8; 8];
            for (d, x) in b.iter_mut().zip(bytes.get(start..).unwrap_or(&[])) {
                *d = *x;
            }
            u64::from_le_bytes(b)
        }
    };
    word & u64::MAX
        .checked_shr(64 - 8 * len.min(8) as u32)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_keys_are_distinct_and_read_only_the_word() {
        let text = b"care carer cared x";
        // Same word at the end of the text (short read) and in the middle (8-byte read).
        assert_eq!(packed(text, 0, 4), packed(b"care", 0, 4));
        assert_ne!(packed(text, 0, 4), packed(text, 5, 5));
        assert_ne!(packed(text, 5, 5), packed(text, 11, 5));
        assert_eq!(packed(text, 17, 1), u64::from(b'x'));
        assert_eq!(packed(b"abcdefgh", 0, 8), u64::from_le_bytes(*b"abcdefgh"));
        assert_eq!(std::mem::size_of::<WordInfo>(), 8);
    }
}
