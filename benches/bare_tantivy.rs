//! Yardstick for the end-to-end benchmark: the least a program must do to make a searchable index
//! of a survey export with tantivy, and nothing else (no coding, summary or reports).
//!
//! Reads the CSV with the csv crate and adds one document per non-blank answer: the answer text
//! (tantivy's `en_stem` analyzer, positions, stored), the respondent id and the question as
//! exact-match strings, and two attribute columns as facets; 2 indexing threads, a 200 MB writer
//! budget, one commit. `benches/e2e.sh` times it on the same generated export as `hearken run`.
//!
//! Usage: `cargo run --release --example bare_tantivy -- INPUT.csv INDEX_DIR [COLUMN...]`, where
//! the COLUMNs name the two facet attributes (default `Locality` and `Age group`, as in
//! `hearken generate`). Blank answers and the usual non-answers (`n/a`, `none`...) are skipped, as
//! hearken skips them. Every column whose header ends in `?` and is not an attribute or the
//! consent question counts as a question; the first column is the id.

use std::error::Error;
use std::path::PathBuf;
use tantivy::schema::{
    Facet, FacetOptions, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, STORED, STRING,
};
use tantivy::{doc, Index, IndexWriter};

/// Columns that end in `?` but are attributes or bookkeeping in a generated export.
const NOT_QUESTIONS: [&str; 2] = [
    "Which of these best describes you?",
    "May we publish your response?",
];

/// What counts as no answer (as in hearken's ingest).
const NON_ANSWERS: [&str; 8] = ["", "n/a", "na", "none", "-", ".", "nil", "no comment"];

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args_os().skip(1);
    let usage = "usage: bare_tantivy INPUT.csv INDEX_DIR [FACET_COLUMN FACET_COLUMN]";
    let input = PathBuf::from(args.next().ok_or(usage)?);
    let dir = PathBuf::from(args.next().ok_or(usage)?);
    let mut facet_names: Vec<String> = args.map(|a| a.to_string_lossy().into_owned()).collect();
    if facet_names.len() != 2 {
        facet_names = vec!["Locality".to_string(), "Age group".to_string()];
    }

    let mut builder = Schema::builder();
    let text_options = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("en_stem")
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    let text = builder.add_text_field("text", text_options);
    let id = builder.add_text_field("id", STRING | STORED);
    let question = builder.add_text_field("question", STRING | STORED);
    let facets: Vec<_> = facet_names
        .iter()
        .map(|n| builder.add_facet_field(&n.to_lowercase(), FacetOptions::default()))
        .collect();
    std::fs::create_dir_all(&dir)?;
    let index = Index::create_in_dir(&dir, builder.build())?;
    let mut writer: IndexWriter = index.writer_with_num_threads(2, 200_000_000)?;

    let mut reader = csv::Reader::from_path(&input)?;
    let headers = reader.headers()?.clone();
    let column = |name: &str| headers.iter().position(|h| h == name);
    let facet_columns: Vec<usize> = facet_names
        .iter()
        .map(|n| column(n).ok_or_else(|| format!("no column {n:?}")))
        .collect::<Result<_, _>>()?;
    let questions: Vec<(usize, String)> = headers
        .iter()
        .enumerate()
        .filter(|(_, h)| h.ends_with('?') && !NOT_QUESTIONS.contains(h))
        .map(|(i, _)| (i, format!("Q{}", i)))
        .collect();

    let mut documents = 0u64;
    let mut record = csv::StringRecord::new();
    while reader.read_record(&mut record)? {
        let respondent = record.get(0).unwrap_or_default();
        for (column, name) in &questions {
            let answer = record.get(*column).unwrap_or_default();
            if NON_ANSWERS.contains(&answer.trim().to_lowercase().as_str()) {
                continue;
            }
            let mut document = doc!(text => answer, id => respondent, question => name.as_str());
            for (field, column) in facets.iter().zip(&facet_columns) {
                let value = record.get(*column).unwrap_or_default();
                document.add_facet(*field, Facet::from_path([value]));
            }
            writer.add_document(document)?;
            documents += 1;
        }
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    println!("{documents} documents indexed into {}", dir.display());
    Ok(())
}
