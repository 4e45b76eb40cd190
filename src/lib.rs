//! hearken: turns the free-text answers of public consultations and surveys into evidence.
//!
//! The library is shaped like the pipeline: [`ingest`] reads survey exports, [`text`] normalises
//! and redacts, [`lexicon`] loads the editable code frame, [`coding`] assigns themes with evidence,
//! [`index`] builds and searches a tantivy index, [`summary`] computes every figure, [`report`]
//! renders them, [`pipeline`] wires the stages for `hearken run` ([`output`] keeps its output
//! folder whole), and [`publish`] writes the responses that may be published (ingest, then
//! redaction). [`serve`] opens an output folder in the browser. Plain data that crosses stages
//! lives in [`model`].

pub mod coding;
pub mod fuzzing;
#[cfg(feature = "generate")]
pub mod generate;
pub mod index;
pub mod ingest;
pub mod lexicon;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod progress;
pub mod provenance;
pub mod publish;
pub mod report;
pub mod review;
pub mod serve;
pub mod stats;
pub mod summary;
pub mod text;
