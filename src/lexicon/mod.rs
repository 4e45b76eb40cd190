//! Stage: lexicon.
