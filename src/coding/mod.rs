//! Stage: coding.
