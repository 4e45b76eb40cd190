//! Stage: text.

pub mod redact;
