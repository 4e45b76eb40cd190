//! `hearken learn`: build a lexicon directory from a hand-coded sample.

use anyhow::Context;
use hearken::lexicon::learn::{learn, LearnOptions, LearnSummary};
use hearken::lexicon::Assign;
use std::path::PathBuf;

/// How many themes an answer may get, as a flag.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum AssignFlag {
    /// `best` when every answer has exactly one label, else `all`.
    Auto,
    /// Every theme whose score reaches its threshold.
    All,
    /// Only the highest-scoring theme over its threshold.
    Best,
}

/// Arguments of `hearken learn`.
#[derive(clap::Args)]
#[command(
    after_help = "How it learns: per label, an L1 (lasso) or elastic-net logistic regression over \
word stems and two-word phrases, counted the way the coder matches them. The penalty and the \
threshold are chosen by --folds-fold cross-validation (folds drawn with --seed) to maximise \
out-of-fold F1, so the same input always learns the same files.\n\nExamples:\n  hearken learn \
--input coded.csv --text-column answer --labels-column themes --output lexicons-learned\n  hearken \
learn --input coded.csv --text-column comment --labels-column labels --label-separator \", \" \
--output learned --max-terms 200 --l1-ratio 0.5"
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
    /// At most this many terms per theme (the penalty is kept strong enough).
    #[arg(long, default_value_t = 500)]
    pub max_terms: usize,
    /// At most this many two-word phrases per theme.
    #[arg(long, default_value_t = 50)]
    pub max_phrases: usize,
    /// Share of the penalty on L1 (1 = lasso; below 1 = elastic net, keeping related words).
    #[arg(long, default_value_t = 1.0)]
    pub l1_ratio: f64,
    /// Cross-validation folds for choosing the penalty and the thresholds (2 to 20).
    #[arg(long, default_value_t = 5)]
    pub folds: usize,
    /// Seed of the fold assignment.
    #[arg(long, default_value_t = 14)]
    pub seed: u64,
    /// How many themes an answer may get.
    #[arg(long, value_enum, default_value_t = AssignFlag::Auto)]
    pub assign: AssignFlag,
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
        max_phrases: args.max_phrases,
        l1_ratio: args.l1_ratio,
        folds: args.folds,
        seed: args.seed,
        assign: match args.assign {
            AssignFlag::Auto => None,
            AssignFlag::All => Some(Assign::All),
            AssignFlag::Best => Some(Assign::Best),
        },
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
    print_summary(&summary, &opts, sample.skipped.len());
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

/// What was learned: the themes, terms, cross-validated F1 and each label's fit.
fn print_summary(summary: &LearnSummary, opts: &LearnOptions, skipped: usize) {
    let assign = match summary.assign {
        Assign::Best => "best (one theme per answer)",
        Assign::All => "all (answers may have several themes or none)",
    };
    println!(
        "learned {} themes from {} answers ({} without a label); {} rows skipped",
        summary.labels.len(),
        summary.documents,
        summary.unlabelled,
        skipped
    );
    println!("assign: {assign}");
    println!(
        "terms: {} written ({} phrases), from {} candidates seen in at least {} answers",
        summary.terms, summary.phrases, summary.candidates, opts.min_count
    );
    println!(
        "cross-validated ({} folds, seed {}): micro F1 {:.3}",
        opts.folds, opts.seed, summary.cv_micro_f1
    );
    println!(
        "  {:>6}  {:>6}  {:>5}  {:>9}  {:>9}  label",
        "count", "cv F1", "terms", "threshold", "penalty"
    );
    for fit in &summary.fits {
        println!(
            "  {:>6}  {:>6.3}  {:>5}  {:>9.4}  {:>9.2e}  {}",
            fit.count,
            fit.cv_f1,
            fit.terms,
            fit.threshold,
            fit.lambda,
            super::printable(&fit.label)
        );
    }
}
