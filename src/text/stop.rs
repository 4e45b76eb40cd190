//! The one list of English function words hearken uses.

/// Function words, kept out of distinctive terms. Sorted, for binary search.
pub const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "arent",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "cannot",
    "cant",
    "could",
    "couldnt",
    "did",
    "didnt",
    "do",
    "does",
    "doesnt",
    "doing",
    "dont",
    "down",
    "during",
    "each",
    "etc",
    "even",
    "every",
    "few",
    "for",
    "from",
    "further",
    "get",
    "got",
    "had",
    "hadnt",
    "has",
    "hasnt",
    "have",
    "havent",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "hes",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "id",
    "if",
    "ill",
    "im",
    "in",
    "into",
    "is",
    "isnt",
    "it",
    "its",
    "itself",
    "ive",
    "just",
    "lets",
    "lot",
    "lots",
    "may",
    "me",
    "might",
    "more",
    "most",
    "much",
    "must",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "really",
    "same",
    "she",
    "shes",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "thats",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "theres",
    "these",
    "they",
    "theyll",
    "theyre",
    "theyve",
    "thing",
    "things",
    "think",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "us",
    "very",
    "was",
    "wasnt",
    "we",
    "wed",
    "were",
    "werent",
    "weve",
    "what",
    "whats",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "whos",
    "why",
    "will",
    "with",
    "wont",
    "would",
    "wouldnt",
    "you",
    "youd",
    "your",
    "youre",
    "yours",
    "yourself",
    "yourselves",
    "youve",
];

/// The most common of [`STOP_WORDS`], which occur in almost every answer: a lexicon entry made
/// only of them gets a warning from `hearken lexicon check`. Sorted.
pub const MOST_COMMON: &[&str] = &[
    "a", "about", "all", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can", "do",
    "for", "from", "get", "got", "had", "has", "have", "he", "her", "his", "i", "if", "in", "is",
    "it", "its", "just", "me", "more", "my", "of", "on", "or", "our", "she", "so", "that", "the",
    "their", "them", "there", "they", "this", "to", "us", "very", "was", "we", "were", "what",
    "when", "which", "who", "will", "with", "would", "you", "your",
];

/// Whether a folded word (lower case, apostrophes dropped) is on [`STOP_WORDS`].
pub fn is_stop_word(folded: &str) -> bool {
    STOP_WORDS.binary_search(&folded).is_ok()
}

/// Whether a folded word is a stop word (or too short or numeric to be informative).
/// Apostrophes are ignored, so "don't" and "dont" are both stop words.
pub fn is_stop(folded: &str) -> bool {
    let bare: std::borrow::Cow<str> = if folded.contains('\'') {
        folded.replace('\'', "").into()
    } else {
        folded.into()
    };
    bare.chars().count() < 2 || bare.chars().all(|c| c.is_ascii_digit()) || is_stop_word(&bare)
}

/// Whether a folded word is on [`MOST_COMMON`].
pub fn is_most_common(folded: &str) -> bool {
    MOST_COMMON.binary_search(&folded).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted_and_the_most_common_are_stop_words() {
        for list in [STOP_WORDS, MOST_COMMON] {
            let mut sorted = list.to_vec();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(sorted, list);
        }
        assert!(MOST_COMMON.iter().all(|w| is_stop_word(w)));
        assert!(is_most_common("the") && !is_most_common("again") && is_stop_word("again"));
    }
}
