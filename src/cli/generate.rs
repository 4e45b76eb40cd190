//! `hearken generate`: write a synthetic survey export for benchmarks.

use anyhow::Context;
use hearken::generate::{generate, GenerateOptions};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::PathBuf;

/// Arguments of `hearken generate`.
#[derive(clap::Args)]
#[command(after_help = "Examples:\n  \
    hearken generate --answers 100000 --seed 1 --out bench-100k.csv\n  \
    hearken generate --answers 1000000 --out bench-1m.csv\n\n\
The file has the columns of sample-data/south-lanarkshire-engagement-2026.csv: Response ID, Date \
submitted, Locality, respondent type, Age group, publication consent and three open questions. \
Every person and detail in it is fictional. The same --answers and --seed always give the same bytes.")]
pub struct Args {
    /// Number of non-empty open answers to write; respondents give one to three answers each, so the
    /// file has about half as many rows.
    #[arg(long, value_name = "N")]
    pub answers: u64,
    /// Seed of the random sequence: the same seed gives a byte-identical file on every platform.
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,
    /// CSV file to write (replaced if it exists); `-` writes to standard output.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

/// Run `hearken generate`.
pub fn run(args: Args) -> anyhow::Result<()> {
    let opts = GenerateOptions {
        answers: args.answers,
        seed: args.seed,
    };
    let bar = if std::io::stderr().is_terminal() {
        let bar = ProgressBar::with_draw_target(Some(args.answers), ProgressDrawTarget::stderr());
        if let Ok(style) =
            ProgressStyle::with_template("{bar:40} {pos}/{len} answers ({per_sec}, {eta})")
        {
            bar.set_style(style);
        }
        bar
    } else {
        ProgressBar::hidden()
    };
    let to_stdout = args.out.as_os_str() == "-";
    let stats = if to_stdout {
        let stdout = std::io::stdout();
        generate(stdout.lock(), &opts, |n| bar.set_position(n))
            .context("failed to write to standard output")?
    } else {
        let file = std::fs::File::create(&args.out)
            .with_context(|| format!("failed to create {}", args.out.display()))?;
        generate(file, &opts, |n| bar.set_position(n))
            .with_context(|| format!("failed to write {}", args.out.display()))?
    };
    bar.finish_and_clear();
    let target = if to_stdout {
        "standard output".to_string()
    } else {
        args.out.display().to_string()
    };
    eprintln!(
        "wrote {} answers ({} words) from {} respondents to {} (seed {})",
        stats.answers, stats.words, stats.respondents, target, args.seed
    );
    Ok(())
}
