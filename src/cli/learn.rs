//! `hearken learn`: build a lexicon directory from a hand-coded sample.

use anyhow::Context;
use hearken::lexicon::learn::{learn, LearnOptions};
use hearken::lexicon::Assign;
use std::path::PathBuf;

/// Arguments of `hearken learn`.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  hearken learn --input coded.csv --text-column answer \
--labels-column themes --output lexicons-learned\n  hearken learn --input coded.csv --text-column \
comment --labels-column labels --label-separator \", \" --output learned --max-terms 200"
)]
pub struct Args {
    /// The hand-coded CSV file and its columns.
    #[command(flatten)]
    pub coded: super::CodedInput,
    /// The lexicon directory to write (created; must not exist or be empty, so no stale theme
    /// file from an earlier run can mix in).
    #[arg(long)]
    pub output: PathBuf,
    /// A word or phrase must occur in at least this many answers to become a term.
    #[arg(long, default_value_t = 2)]
    pub min_count: usize,
    /// At most this many terms per theme (the ones with the largest weights, positive or negative).
    #[arg(long, default_value_t = 500)]
    pub max_terms: usize,
}

/// Run `hearken learn`.
pub fn run(args: Args) -> anyhow::Result<()> {
    if let Ok(mut entries) = std::fs::read_dir(&args.output) {
        if entries.next().is_some() {
            eprintln!(
                "hearken: error: {} already exists and is not empty; choose a new directory or remove it",
                args.output.display()
            );
            return Err(super::Exit(super::EXIT_USAGE).into());
        }
    }
    let sample = args.coded.read()?;
    let opts = LearnOptions {
        min_count: args.min_count,
        max_terms: args.max_terms,
        ..LearnOptions::default()
    };
    let (lexicon, summary) = learn(&sample, &opts)?;
    if summary.labels.is_empty() {
        anyhow::bail!(
            "{}: no row has both a text and a label in column `{}`",
            args.coded.input.display(),
            args.coded.labels_column
        );
    }
    hearken::lexicon::write_dir(&lexicon, &args.output)
        .with_context(|| format!("could not write the lexicon to {}", args.output.display()))?;
    let assign = match summary.assign {
        Assign::Best => "best (every answer has exactly one label)",
        Assign::All => "all (answers may have several labels or none)",
    };
    println!(
        "learned {} themes from {} answers ({} without a label); {} rows skipped",
        summary.labels.len(),
        summary.documents,
        summary.unlabelled,
        sample.skipped.len()
    );
    println!("assign: {assign}");
    println!(
        "terms: {} written, from {} candidates seen in at least {} answers",
        summary.terms, summary.candidates, opts.min_count
    );
    for (label, count) in &summary.labels {
        println!("  {count:>6}  {}", super::printable(label));
    }
    for row in sample.skipped.iter().take(5) {
        eprintln!(
            "hearken: skipped {} line {}: {}",
            args.coded.input.display(),
            row.line,
            super::printable(&row.reason.to_string())
        );
    }
    println!("wrote {}", args.output.display());
    Ok(())
}
