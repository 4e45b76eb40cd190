//! Stage: index.
