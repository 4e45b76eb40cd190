//! `hearken evaluate`: compare hearken's coding with human codes.

use anyhow::Context;
use hearken::coding::evaluate::{evaluate, ErrorKind, Evaluation};
use hearken::coding::Coder;
use std::path::PathBuf;

/// Output formats of `hearken evaluate`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// A table for people.
    Text,
    /// One JSON object (figures per label, averages, errors).
    Json,
}

/// Arguments of `hearken evaluate`.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  hearken evaluate --lexicons learned --input coded-test.csv \
--text-column answer --labels-column themes\n  hearken evaluate --lexicons lexicons --input \
coded.csv --text-column comment --labels-column labels --label-separator \", \" --show-errors 20"
)]
pub struct Args {
    /// The lexicon directory to code with.
    #[arg(long)]
    pub lexicons: PathBuf,
    /// The hand-coded CSV file and its columns.
    #[command(flatten)]
    pub coded: super::CodedInput,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
    /// List up to N disagreements with the answer and the matches behind them.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub show_errors: usize,
}

/// Run `hearken evaluate`.
pub fn run(args: Args) -> anyhow::Result<()> {
    let lexicon = hearken::lexicon::load_dir(&args.lexicons)
        .with_context(|| format!("could not load lexicons from {}", args.lexicons.display()))?;
    let coder = Coder::new(&lexicon).context("could not compile the lexicon")?;
    let sample = args.coded.read()?;
    let result = evaluate(&coder, &sample, args.show_errors);
    match args.format {
        OutputFormat::Json => println!("{}", serde_json::to_string_pretty(&result)?),
        OutputFormat::Text => print!("{}", text_report(&result)),
    }
    for row in sample.skipped.iter().take(5) {
        eprintln!(
            "hearken: skipped {} line {}: {}",
            args.coded.input.display(),
            row.line,
            row.reason
        );
    }
    Ok(())
}

/// Shortens a text to at most `max` characters for display, on one line.
fn shorten(text: &str, max: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        flat
    } else {
        let cut: String = flat.chars().take(max.saturating_sub(3)).collect();
        format!("{cut}...")
    }
}

fn text_report(r: &Evaluation) -> String {
    let m = &r.metrics;
    let mut out = format!(
        "documents: {}  skipped rows: {}\nmicro  precision {:.3}  recall {:.3}  F1 {:.3}\n\
         macro  precision {:.3}  recall {:.3}  F1 {:.3}\n\n",
        m.documents,
        r.skipped_rows,
        m.micro_precision,
        m.micro_recall,
        m.micro_f1,
        m.macro_precision,
        m.macro_recall,
        m.macro_f1
    );
    let width = m
        .labels
        .iter()
        .map(|l| l.label.chars().count())
        .max()
        .unwrap_or(5)
        .max(5);
    out.push_str(&format!(
        "{:<width$}  {:>9}  {:>6}  {:>5}  {:>5}  {:>7}  {:>5}  {:>5}  {:>5}\n",
        "label", "precision", "recall", "F1", "kappa", "support", "tp", "fp", "fn"
    ));
    for l in &m.labels {
        out.push_str(&format!(
            "{:<width$}  {:>9.3}  {:>6.3}  {:>5.3}  {:>5.3}  {:>7}  {:>5}  {:>5}  {:>5}\n",
            l.label, l.precision, l.recall, l.f1, l.kappa, l.support, l.tp, l.fp, l.fn_
        ));
    }
    if !r.errors.is_empty() {
        out.push_str("\nerrors:\n");
    }
    for e in &r.errors {
        let kind = match e.kind {
            ErrorKind::FalsePositive => "false positive",
            ErrorKind::FalseNegative => "false negative",
        };
        out.push_str(&format!(
            "line {}: {kind} `{}` (score {:.3})\n  text: {}\n",
            e.line,
            e.label,
            e.score,
            shorten(&e.text, 120)
        ));
        if e.evidence.is_empty() {
            out.push_str("  evidence: none\n");
        }
        for ev in &e.evidence {
            let span = e.text.get(ev.start..ev.end).unwrap_or("");
            out.push_str(&format!(
                "  evidence: `{}` matched \"{}\" at {}..{} weight {:.3}{}\n",
                ev.entry,
                span,
                ev.start,
                ev.end,
                ev.weight,
                if ev.negated { " (negated)" } else { "" }
            ));
        }
    }
    out
}
