//! Stage: coding.
pub mod evaluate;
