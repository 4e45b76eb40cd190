//! Text normalisation: words with byte spans, case folding, stems, sentences and negation scope.
//!
//! Everything that matches lexicon terms against answers goes through here, so an answer and a
//! lexicon entry are always normalised the same way.

pub mod redact;
pub(crate) mod segment;
mod stop;
mod term;

pub use stop::{is_most_common, is_stop, is_stop_word, MOST_COMMON, STOP_WORDS};
pub use term::{parse_term, ParsedTerm, TermWord};

use frostem::{Algorithm, Stemmer};
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Words that open a negation scope (besides any word ending in "n't").
const NEGATORS: &[&str] = &[
    "no", "not", "never", "nobody", "nothing", "none", "without", "cannot", "nae", "didnae",
    "cannae", "wasnae", "isnae", "dinnae", "hardly", "neither", "nor", "dont", "didnt", "cant",
    "couldnt", "wont", "wasnt", "isnt", "doesnt", "havent", "hasnt", "wouldnt", "arent", "werent",
];

/// How many words after a negator are in its scope.
pub const NEGATION_SCOPE: u32 = 4;

/// One word of a text after normalisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the word in the original text.
    pub start: usize,
    /// Byte offset one past the word's end in the original text.
    pub end: usize,
    /// The word case-folded, with apostrophes and dashes unified.
    pub folded: String,
    /// The Snowball English stem of `folded`.
    pub stem: String,
    /// 0-based sentence number within the text.
    pub sentence: u32,
    /// Whether the word lies in a negation scope ("not" + the next four words, up to a clause end).
    pub negated: bool,
}

/// Turns texts into [`Token`]s; cheap to create, caches stems per thread.
pub struct Normalizer {
    stemmer: Stemmer,
    /// Words read as other words when lexicon terms are parsed (a lexicon's `aliases.toml`,
    /// folded): empty unless made [`Normalizer::with_aliases`].
    aliases: HashMap<String, String>,
}

impl Default for Normalizer {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for Normalizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Normalizer")
    }
}

/// Per-thread cache: surface word -> (folded, stem).
type StemCache = HashMap<Box<str>, (Box<str>, Box<str>), FxBuild>;

thread_local! {
    static STEMS: RefCell<StemCache> = RefCell::new(HashMap::default());
    /// Per-thread cache of [`Normalizer::term_stem`]: folded word -> stem (every normaliser
    /// stems with the same English stemmer).
    static TERM_STEMS: RefCell<HashMap<Box<str>, Box<str>, FxBuild>> = RefCell::new(HashMap::default());
}

/// Entries kept in a per-thread word cache before it is emptied.
pub(crate) const CACHE_LIMIT: usize = 200_000;

impl Normalizer {
    /// A normaliser for English text.
    pub fn new() -> Self {
        Normalizer {
            stemmer: Stemmer::new(Algorithm::English),
            aliases: HashMap::new(),
        }
    }

    /// A normaliser that reads each word of a lexicon term through `aliases` (folded written
    /// form -> folded standard form), as the coder reads the words of answers.
    pub fn with_aliases(aliases: HashMap<String, String>) -> Self {
        Normalizer {
            aliases,
            ..Normalizer::new()
        }
    }

    /// The standard form of a folded word: its alias (see [`aliased`]), or the word itself.
    pub fn alias<'a>(&self, folded: &'a str) -> Cow<'a, str> {
        aliased(&self.aliases, folded).map_or(Cow::Borrowed(folded), Cow::Owned)
    }

    /// The stem of an already folded word.
    pub fn stem(&self, folded: &str) -> String {
        self.stemmer.stem(folded).into_owned()
    }

    /// [`Normalizer::stem`], kept per thread: a lexicon's terms repeat a few thousand words,
    /// and stemming each again was most of compiling one. (Answers are stemmed through caches
    /// of their own.)
    pub fn term_stem(&self, folded: &str) -> String {
        TERM_STEMS.with(|cache| {
            let mut cache = cache.borrow_mut();
            if let Some(stem) = cache.get(folded) {
                return stem.to_string();
            }
            if cache.len() > CACHE_LIMIT {
                cache.clear();
            }
            let stem = self.stem(folded);
            cache.insert(folded.into(), stem.as_str().into());
            stem
        })
    }

    /// The words of `text` with spans into `text`, folded forms, stems, sentences and negation.
    pub fn tokens(&self, text: &str) -> Vec<Token> {
        let mut words = Vec::new();
        segment::segment(text, &mut words);
        let mut out = Vec::with_capacity(words.len());
        let mut scope = NegationScope::default();
        let mut sentence = 0u32;
        STEMS.with(|cache| {
            let mut cache = cache.borrow_mut();
            if cache.len() > CACHE_LIMIT {
                cache.clear();
            }
            for (i, w) in words.iter().enumerate() {
                let surface = &text[w.start..w.end];
                if w.sentence_break && i > 0 {
                    sentence += 1;
                }
                let (folded, stem) = match cache.get(surface) {
                    Some((f, s)) => (f.to_string(), s.to_string()),
                    None => {
                        let f = fold(surface);
                        let s = self.stem(&f);
                        cache.insert(surface.into(), (f.as_str().into(), s.as_str().into()));
                        (f, s)
                    }
                };
                let negated = scope.step(w.clause_break, word_flags(&folded));
                out.push(Token {
                    start: w.start,
                    end: w.end,
                    folded,
                    stem,
                    sentence,
                    negated,
                });
            }
        });
        out
    }
}

/// The standard form of a folded word through `aliases` (folded written form -> folded standard
/// form): the alias of the word, or of the word before a possessive "'s" ("docter's" is read as
/// "doctor's"). `None` when it has none.
pub fn aliased(aliases: &HashMap<String, String>, folded: &str) -> Option<String> {
    if aliases.is_empty() {
        return None;
    }
    if let Some(standard) = aliases.get(folded) {
        return Some(standard.clone());
    }
    let base = folded.strip_suffix("'s")?;
    aliases.get(base).map(|standard| format!("{standard}'s"))
}

/// Case folds `s`, unifies apostrophes (’ ‘ ʼ → ') and dashes (– — ‑ ‐ → -) and drops the
/// accents of Latin letters (é → e), so "café" and "naïve" match the lexicon's "cafe", "naive".
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\u{2019}' | '\u{2018}' | '\u{02BC}' => out.push('\''),
            '\u{2013}' | '\u{2014}' | '\u{2011}' | '\u{2010}' => out.push('-'),
            c => {
                for l in c.to_lowercase() {
                    out.push(unaccent(l));
                }
            }
        }
    }
    out
}

/// The base letter of a lower-case Latin letter with an accent (Latin-1 and the common letters
/// of Latin Extended-A), or the letter itself. Other scripts are left as written.
fn unaccent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'ď' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' => 'i',
        'ł' => 'l',
        'ñ' | 'ń' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
        'ř' => 'r',
        'ś' | 'š' | 'ş' => 's',
        'ť' | 'ţ' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => 'u',
        'ý' | 'ÿ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        c => c,
    }
}

/// Flag: the word opens a negation scope.
pub(crate) const NEGATOR: u8 = 1;
/// Flag: the word ("but") closes a negation scope.
pub(crate) const CLOSER: u8 = 2;

/// Negation-related flags of a folded word.
pub(crate) fn word_flags(folded: &str) -> u8 {
    if folded == "but" {
        CLOSER
    } else if folded.ends_with("n't") || NEGATORS.contains(&folded) {
        NEGATOR
    } else {
        0
    }
}

/// Tracks negation scope word by word.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct NegationScope {
    remaining: u32,
}

impl NegationScope {
    /// Advances over one word; returns whether that word is negated.
    pub(crate) fn step(&mut self, clause_break: bool, flags: u8) -> bool {
        if clause_break || flags & CLOSER != 0 {
            self.remaining = 0;
        }
        let negated = self.remaining > 0;
        if flags & NEGATOR != 0 {
            self.remaining = NEGATION_SCOPE;
        } else if self.remaining > 0 {
            self.remaining -= 1;
        }
        negated
    }
}

/// FxHash: a fast non-cryptographic hash for the per-thread word caches (keys are short words).
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

const FX_SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(FX_SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            self.add(u64::from_le_bytes(b));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(b) ^ ((rest.len() as u64) << 56));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

/// Hash builder for the word caches.
pub(crate) type FxBuild = BuildHasherDefault<FxHasher>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_read_the_word_and_its_possessive() {
        let aliases: HashMap<String, String> = [("docter", "doctor"), ("wean", "child")]
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .into_iter()
            .collect();
        assert_eq!(aliased(&aliases, "docter").as_deref(), Some("doctor"));
        assert_eq!(aliased(&aliases, "docter's").as_deref(), Some("doctor's"));
        assert_eq!(aliased(&aliases, "doctor"), None);
        assert_eq!(aliased(&aliases, "'s"), None);
        assert_eq!(aliased(&HashMap::new(), "docter"), None);
        let n = Normalizer::with_aliases(aliases);
        assert_eq!(n.alias("wean's"), "child's");
        assert_eq!(n.stem(&n.alias("weans")), "wean");
    }

    fn stems(text: &str) -> Vec<String> {
        Normalizer::new()
            .tokens(text)
            .into_iter()
            .map(|t| t.stem)
            .collect()
    }

    fn negated(text: &str) -> Vec<String> {
        Normalizer::new()
            .tokens(text)
            .into_iter()
            .filter(|t| t.negated)
            .map(|t| t.folded)
            .collect()
    }

    #[test]
    fn folds_case_apostrophes_and_dashes() {
        assert_eq!(fold("Couldn’t"), "couldn't");
        assert_eq!(fold("‘GP’ ʼs"), "'gp' 's");
        assert_eq!(fold("Short–Term — Care‑Home"), "short-term - care-home");
        assert_eq!(fold("ÉCOLE Straße"), "ecole straße");
        assert_eq!(
            fold("Recovery Café, naïve, Łódź"),
            "recovery cafe, naive, lodz"
        );
        assert_eq!(fold("Δ Ж 日本"), "δ ж 日本");
    }

    #[test]
    fn stems_and_spans() {
        assert_eq!(stems("Carers CARING cared"), vec!["carer", "care", "care"]);
        let toks = Normalizer::new().tokens("Café – couldn’t get appointments");
        let spans: Vec<(usize, usize, &str)> = toks
            .iter()
            .map(|t| (t.start, t.end, t.folded.as_str()))
            .collect();
        assert_eq!(
            spans,
            vec![
                (0, 5, "cafe"),
                (10, 20, "couldn't"),
                (21, 24, "get"),
                (25, 37, "appointments")
            ]
        );
        assert_eq!(toks[3].stem, "appoint");
    }

    #[test]
    fn sentences_are_numbered() {
        let s: Vec<u32> = Normalizer::new()
            .tokens("One two. Three! Four, five\nsix")
            .iter()
            .map(|t| t.sentence)
            .collect();
        assert_eq!(s, vec![0, 0, 1, 2, 2, 3]);
    }

    #[test]
    fn negation_scope_covers_four_words() {
        assert_eq!(
            negated("no help from the council at all"),
            vec!["help", "from", "the", "council"]
        );
        assert_eq!(
            negated("I couldn’t get any support"),
            vec!["get", "any", "support"]
        );
        assert_eq!(
            negated("without a break for years"),
            vec!["a", "break", "for", "years"]
        );
        assert_eq!(negated("we cannae get respite"), vec!["get", "respite"]);
    }

    #[test]
    fn negation_stops_at_clause_end_and_but() {
        assert_eq!(negated("not lonely, just tired"), vec!["lonely"]);
        assert_eq!(negated("never easy but support helps"), vec!["easy"]);
        assert_eq!(negated("nothing. Support was great"), Vec::<String>::new());
        assert_eq!(negated("hardly any help; carers"), vec!["any", "help"]);
    }
}
