//! `hearken run`: wires ingest, coding, index, summary and report.
