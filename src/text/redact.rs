//! Personal data redaction.
