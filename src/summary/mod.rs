//! Stage: summary.
