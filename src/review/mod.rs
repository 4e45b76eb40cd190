//! Stage: review. Measures how far hearken's coding agrees with a careful human coder, on a
//! sample of answers coded twice.
//!
//! - [`sample`]: draws a stratified random sample of coded answers for a double-coding sheet
//!   (strata: question x whether hearken coded the answer; proportional allocation, so the
//!   sample stands for the survey and its figures need no weights).
//! - [`sheet`]: reads a sheet back once reviewers have coded it (one file per reviewer).
//! - [`mod@agreement`]: per theme, Cohen's kappa, F1, sensitivity and specificity of hearken
//!   against each reviewer, with bootstrap intervals, and Krippendorff's alpha among reviewers.
//! - [`correct`]: each theme's share corrected for the coding error measured on the sample
//!   (Rogan-Gladen), with a bootstrap interval.

pub mod agreement;
pub mod correct;
pub mod sample;
pub mod sheet;

pub use agreement::{agreement, hearken_codes, Agreement, HearkenCodes, ThemeAgreement};
pub use correct::{accuracy, corrected_share, Accuracy, CorrectedShare};
pub use sample::{SampleItem, Sampler};
pub use sheet::{ReviewError, Sheet, SheetRow};

/// Largest sample a sheet may ask for.
pub const MAX_SAMPLE: usize = 10_000;
/// Most bootstrap resamples.
pub const MAX_RESAMPLES: usize = 100_000;
/// Resamples used unless told otherwise.
pub const DEFAULT_RESAMPLES: usize = 2_000;
/// Seed used unless told otherwise.
pub const DEFAULT_SEED: u64 = 19;
