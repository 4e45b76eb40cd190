//! Stage: text.
