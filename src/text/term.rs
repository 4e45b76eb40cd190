//! Lexicon terms normalised the way answers are: words, prefix globs and wildcards.

use super::segment::{segment_with_currency, Word};
use super::{fold, Normalizer};

/// One word of a lexicon term after normalisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TermWord {
    /// A word matched on its stem.
    Word {
        /// The folded surface form.
        folded: String,
        /// Its Snowball English stem.
        stem: String,
    },
    /// `prefix*`: any word whose folded form starts with the prefix.
    Prefix(String),
    /// A lone `*`: any one word.
    Any,
}

/// A lexicon term split into the words it matches.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ParsedTerm {
    /// The words, in order; empty when the term has nothing to match.
    pub words: Vec<TermWord>,
    /// Characters other than spaces and word characters were ignored (e.g. "A&E" matches "a e").
    pub dropped_punctuation: bool,
}

/// Normalises a lexicon term: whitespace-separated parts; a part ending in `*` is a prefix glob,
/// a lone `*` matches any word, anything else is segmented like answer text, read through the
/// normaliser's aliases and stemmed.
pub fn parse_term(term: &str, normalizer: &Normalizer) -> ParsedTerm {
    let mut out = ParsedTerm::default();
    let mut words: Vec<Word> = Vec::new();
    for part in term.split_whitespace() {
        if part == "*" {
            out.words.push(TermWord::Any);
            continue;
        }
        let (body, glob) = match part.strip_suffix('*') {
            Some(b) => (b, true),
            None => (part, false),
        };
        segment_with_currency(body, &mut words);
        let covered: usize = words.iter().map(|w| w.end - w.start).sum();
        if covered != body.len() {
            out.dropped_punctuation = true;
        }
        // A glob applies to the last word only if it ends exactly where the `*` was written.
        let glob_last = glob && words.last().is_some_and(|w| w.end == body.len());
        if glob && !glob_last {
            out.dropped_punctuation = true;
        }
        for (i, w) in words.iter().enumerate() {
            let folded = fold(&body[w.start..w.end]);
            if glob_last && i + 1 == words.len() {
                out.words.push(TermWord::Prefix(folded));
            } else {
                let folded = normalizer.alias(&folded).into_owned();
                let stem = normalizer.term_stem(&folded);
                out.words.push(TermWord::Word { folded, stem });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(folded: &str, stem: &str) -> TermWord {
        TermWord::Word {
            folded: folded.into(),
            stem: stem.into(),
        }
    }

    #[test]
    fn parses_words_globs_and_wildcards() {
        let n = Normalizer::new();
        assert_eq!(
            parse_term("Short Breaks", &n).words,
            vec![w("short", "short"), w("breaks", "break")]
        );
        assert_eq!(
            parse_term("looking after my *", &n).words,
            vec![
                w("looking", "look"),
                w("after", "after"),
                w("my", "my"),
                TermWord::Any
            ]
        );
        assert_eq!(
            parse_term("Carer*", &n).words,
            vec![TermWord::Prefix("carer".into())]
        );
        let ae = parse_term("A&E", &n);
        assert_eq!(ae.words, vec![w("a", "a"), w("e", "e")]);
        assert!(ae.dropped_punctuation);
        assert_eq!(
            parse_term("couldn’t", &n).words,
            vec![w("couldn't", "couldn't")]
        );
        assert!(parse_term(" ?! ", &n).words.is_empty());
    }
}
