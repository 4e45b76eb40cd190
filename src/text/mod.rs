//! Text normalisation and redaction.

pub mod redact;
