//! Stage: ingest.
