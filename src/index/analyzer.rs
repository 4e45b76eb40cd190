//! The `en_stem` text analyzer with a stem cache.
//!
//! The same steps as tantivy's built-in `en_stem` (simple tokenizer, tokens over 40 bytes
//! dropped, lower case, the Snowball English stemmer of the same `frostem` crate), so indexes and
//! queries see the same terms, but each indexing thread stems a distinct word once: most words of
//! a survey are a few thousand distinct ones, and stemming was a tenth of the indexing work.

use crate::text::FxBuild;
use std::collections::HashMap;
use tantivy::tokenizer::{
    LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer, Token, TokenFilter, TokenStream,
    Tokenizer,
};

/// Name the analyzer is registered under (tantivy's own name for it, which the schema uses).
pub(crate) const EN_STEM: &str = "en_stem";

/// Distinct words a thread keeps stems for before starting afresh.
const CACHE_LIMIT: usize = 100_000;

/// The analyzer to register as [`EN_STEM`].
pub(crate) fn en_stem() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(CachedStemmer)
        .build()
}

/// English stemming with a cache of the stems already computed.
#[derive(Clone, Copy)]
struct CachedStemmer;

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter {
            inner: tokenizer,
            stemmer: frostem::Stemmer::new(frostem::Algorithm::English),
            cache: HashMap::default(),
        }
    }
}

#[derive(Clone)]
struct CachedStemmerFilter<T> {
    inner: T,
    stemmer: frostem::Stemmer,
    cache: HashMap<String, String, FxBuild>,
}

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        if self.cache.len() > CACHE_LIMIT {
            self.cache.clear();
        }
        CachedStemStream {
            tail: self.inner.token_stream(text),
            stemmer: self.stemmer,
            cache: &mut self.cache,
        }
    }
}

struct CachedStemStream<'a, T> {
    tail: T,
    stemmer: frostem::Stemmer,
    cache: &'a mut HashMap<String, String, FxBuild>,
}

impl<T: TokenStream> TokenStream for CachedStemStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if let Some(stem) = self.cache.get(token.text.as_str()) {
            token.text.clear();
            token.text.push_str(stem);
        } else {
            let stem = self.stemmer.stem(&token.text).into_owned();
            let word = std::mem::replace(&mut token.text, stem.clone());
            self.cache.insert(word, stem);
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::TokenizerManager;

    fn terms(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut out = Vec::new();
        let mut stream = analyzer.token_stream(text);
        while stream.advance() {
            let t = stream.token();
            out.push((t.text.clone(), t.offset_from, t.offset_to, t.position));
        }
        out
    }

    #[test]
    fn gives_the_terms_of_tantivys_own_en_stem() {
        let mut builtin = TokenizerManager::default()
            .get("en_stem")
            .expect("tantivy registers en_stem");
        let mut cached = en_stem();
        let texts = [
            "Caring for my mother: carers, cared, CARES and careful caring.",
            "Waiting lists; waited 18 weeks for physiotherapy (physiotherapists)!",
            "naïve café résumé Straße — co-operation, don't, it’s",
            "a supercalifragilisticexpialidociousandthensomemorelettersbeyondforty x",
            "",
        ];
        // Twice, so the second pass comes from the cache.
        for _ in 0..2 {
            for text in texts {
                assert_eq!(
                    terms(&mut cached, text),
                    terms(&mut builtin, text),
                    "{text:?}"
                );
            }
        }
        assert_eq!(terms(&mut cached, "carers")[0].0, "carer");
    }
}
