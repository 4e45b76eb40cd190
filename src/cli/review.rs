//! `hearken review`: draw a double-coding sheet, and measure hearken's agreement with the
//! reviewers who coded it.

use anyhow::Context;
use hearken::report::sheet::{write_review_sheet, SheetInfo};
use hearken::review::{self, Sampler, Sheet};
use std::path::PathBuf;

/// Arguments of `hearken review`.
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand)]
enum Command {
    /// Write a stratified random sample of answers as a blank double-coding sheet (CSV for Excel).
    Sample(SampleArgs),
    /// Compare hearken's coding with reviewers' coded sheets: kappa and F1 per theme with 95%
    /// bootstrap intervals, and Krippendorff's alpha among several reviewers.
    Agreement(AgreementArgs),
}

/// Arguments of `hearken review sample`.
#[derive(clap::Args)]
#[command(
    after_help = "Example:\n  hearken review sample survey.csv --size 200 --seed 7 --output sheet.csv"
)]
pub struct SampleArgs {
    /// Survey exports to sample from (as for `hearken run`).
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,
    /// Answers to draw (at most 10,000).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=10_000))]
    size: u32,
    /// Seed of the random draw: the same seed and input give the same sheet.
    #[arg(long, value_name = "S", default_value_t = review::DEFAULT_SEED)]
    seed: u64,
    /// Where to write the sheet.
    #[arg(long, value_name = "SHEET.csv")]
    output: PathBuf,
    /// Lexicon directory (default: the built-in lexicons).
    #[arg(long, value_name = "DIR")]
    lexicons: Option<PathBuf>,
    #[command(flatten)]
    columns: super::ColumnFlags,
    #[command(flatten)]
    overrides: super::OverrideFlags,
}

/// Arguments of `hearken review agreement`.
#[derive(clap::Args)]
#[command(
    after_help = "Intervals: 95% percentile bootstrap over the sheet's answers, with a fixed --seed.\n\n\
Example:\n  hearken review agreement sheet-ann.csv sheet-bo.csv --lexicons my-lexicons"
)]
pub struct AgreementArgs {
    /// Coded sheets, one per reviewer.
    #[arg(required = true, value_name = "SHEET")]
    sheets: Vec<PathBuf>,
    /// Lexicon directory (default: the built-in lexicons).
    #[arg(long, value_name = "DIR")]
    lexicons: Option<PathBuf>,
    /// Column roles file, for its `[review]` table (default: ./hearken.toml when it exists).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    #[command(flatten)]
    overrides: super::OverrideFlags,
    /// Bootstrap resamples (0 for no intervals; at most 100,000).
    #[arg(long, value_name = "N", default_value_t = review::DEFAULT_RESAMPLES)]
    bootstrap: usize,
    /// Seed of the bootstrap.
    #[arg(long, default_value_t = review::DEFAULT_SEED)]
    seed: u64,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

/// Run `hearken review`.
pub fn run(args: Args) -> anyhow::Result<()> {
    match args.command {
        Command::Sample(a) => sample(a),
        Command::Agreement(a) => agreement(a),
    }
}

fn sample(args: SampleArgs) -> anyhow::Result<()> {
    let (codebook, (sampler, population)) = super::fold_coded(
        &args.inputs,
        args.lexicons.as_deref(),
        (&args.columns, &args.overrides),
        |_, _| (Sampler::new(args.size as usize, args.seed), 0u64),
        |(sampler, population), schema, coded| {
            *population += coded.codings.len() as u64;
            sampler.add(schema, coded);
        },
    )?;
    let items = sampler.finish();
    let info = SheetInfo {
        population,
        seed: args.seed,
    };
    let bytes = write_review_sheet(Vec::new(), &items, codebook.frame(), info)?;
    let tmp = args.output.with_extension("csv.partial");
    std::fs::write(&tmp, bytes)
        .and_then(|()| std::fs::rename(&tmp, &args.output))
        .with_context(|| format!("failed to write {}", args.output.display()))?;
    eprintln!(
        "wrote {} answers of {population} to {}",
        items.len(),
        args.output.display()
    );
    Ok(())
}

fn agreement(args: AgreementArgs) -> anyhow::Result<()> {
    anyhow::ensure!(
        args.bootstrap <= review::MAX_RESAMPLES,
        "--bootstrap {}: at most {}",
        args.bootstrap,
        review::MAX_RESAMPLES
    );
    let codebook = args
        .overrides
        .codebook(args.lexicons.as_deref(), args.config.as_deref())?;
    let sheets = args
        .sheets
        .iter()
        .map(|p| Sheet::read(p, codebook.frame()))
        .collect::<Result<Vec<_>, _>>()?;
    let hearken = review::hearken_codes(&codebook, &sheets);
    let result = review::agreement(
        codebook.frame(),
        &sheets,
        &hearken,
        args.bootstrap,
        args.seed,
    );
    if args.json {
        println!("{}", serde_json::to_string_pretty(&result)?);
    } else {
        print!("{}", text(&result));
    }
    Ok(())
}

/// `0.612 (0.48-0.73)`, or `n/a`.
fn figure(v: Option<f64>, ci: Option<(f64, f64)>) -> String {
    match (v, ci) {
        (Some(v), Some((lo, hi))) => format!("{v:.3} ({lo:.3}-{hi:.3})"),
        (Some(v), None) => format!("{v:.3}"),
        _ => "n/a".to_string(),
    }
}

fn text(a: &review::Agreement) -> String {
    let mut out = String::new();
    for reviewer in &a.reviewers {
        out.push_str(&format!(
            "hearken against {}\n{:<6} {:>7} {:>4} {:>4} {:>4} {:>5}  {:<22} {:<22}\n",
            super::printable(reviewer),
            "theme",
            "answers",
            "both",
            "h",
            "r",
            "none",
            "kappa (95% CI)",
            "F1 (95% CI)"
        ));
        for t in a.themes.iter().filter(|t| &t.reviewer == reviewer) {
            out.push_str(&format!(
                "{:<6} {:>7} {:>4} {:>4} {:>4} {:>5}  {:<22} {:<22}\n",
                super::printable(&t.theme),
                t.answers,
                t.both,
                t.hearken_only,
                t.reviewer_only,
                t.neither,
                figure(t.kappa, t.kappa_ci),
                figure(Some(t.f1), t.f1_ci)
            ));
        }
        out.push('\n');
    }
    if !a.alpha.is_empty() {
        out.push_str("agreement among reviewers (Krippendorff's alpha, nominal)\n");
        for t in &a.alpha {
            out.push_str(&format!(
                "{:<6} {:>7}  {}\n",
                super::printable(&t.theme),
                t.answers,
                figure(t.alpha, None)
            ));
        }
    }
    out.push_str(
        "h: hearken only; r: reviewer only; intervals: 95% percentile bootstrap over answers\n",
    );
    out
}
