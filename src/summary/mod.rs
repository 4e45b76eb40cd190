//! Stage: summary.

pub mod campaign;
pub mod tokens;

pub use campaign::{detect_campaigns, Campaigns};
