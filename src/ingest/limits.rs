//! The sizes and counts hearken accepts from an export. Each comes from a file, so each has a
//! limit with a clear message; the README lists them.
//!
//! A row that breaks a per-row limit is rejected with a reason (`too-large`) and counted; a file
//! whose header breaks a limit cannot be read at all.

/// Longest field, in bytes (1 MiB: about 170,000 words, far beyond any survey answer; Excel
/// itself stops a cell at 32,767 characters). A longer field rejects its row as `too-large`.
pub const MAX_FIELD_BYTES: usize = 1 << 20;

/// Longest row, in bytes, all fields together (16 MiB). A longer row is rejected as `too-large`.
pub const MAX_ROW_BYTES: usize = 16 << 20;

/// Most columns a file may have (16,384: Excel's own limit). A header with more is an error.
pub const MAX_COLUMNS: usize = 16_384;

/// Most rows of a workbook sheet (1,048,576: Excel's own limit). A cell past it is an error.
pub const MAX_SHEET_ROWS: u32 = 1_048_576;

/// Most header rows `--header-rows` may ask for.
pub const MAX_HEADER_ROWS: usize = 20;

/// Most open questions coded in one run; further text columns are set to `ignore` (inspect
/// says so). Every question adds a section to each report.
pub const MAX_QUESTIONS: usize = 200;

/// Most attribute (grouping) columns; further ones are set to `ignore` (inspect says so).
/// Every attribute adds a breakdown per theme to each report.
pub const MAX_ATTRIBUTES: usize = 50;
