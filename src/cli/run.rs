//! `hearken run`: the main job, from survey exports to reports in one command.

use anyhow::Context;
use hearken::pipeline::{self, RunOptions};
use std::path::PathBuf;

/// Arguments of `hearken run`.
#[derive(clap::Args)]
#[command(after_help = "Examples:
  hearken run sample-data/south-lanarkshire-engagement-2026.csv --out out
  hearken run wave1.csv wave2.csv --lexicons my-lexicons --out out/combined
  hearken run export.xlsx --config hearken.toml --threads 1 --out out

Writes report.html, report.md, summary.json, themes.csv, coded.csv, campaigns.csv,
manifest.json and index/ (for `hearken search`). The run is written into a new folder beside
--out and swapped in whole, so --out always holds a complete run. A folder from an earlier run
is replaced; files hearken did not write are kept. hearken refuses an --out that is a file, a
symbolic link or a folder holding one of the inputs, and never overwrites a file it did not
write (a report.md of your own stops the run).")]
pub struct Args {
    /// Survey exports to analyse together (CSV, TSV or .xlsx; they must share their columns).
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,
    /// Output folder (created if missing; an earlier run in it is replaced whole, other files are kept).
    #[arg(long, short, value_name = "DIR")]
    out: PathBuf,
    /// Lexicon directory to code with (default: the built-in lexicons for the 12 themes).
    #[arg(long, value_name = "DIR")]
    lexicons: Option<PathBuf>,
    #[command(flatten)]
    columns: super::ColumnFlags,
    #[command(flatten)]
    overrides: super::OverrideFlags,
    #[command(flatten)]
    reviewed: super::ReviewedFlags,
    /// Worker threads for coding, 1 to 256 (default: all cores).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    threads: Option<u16>,
    /// Memory budget of the index writer, in MB (16 to 4096).
    #[arg(long, value_name = "MB", default_value_t = 128,
          value_parser = clap::value_parser!(u16).range(16..=4096))]
    index_memory_mb: u16,
    #[command(flatten)]
    consent: super::ConsentFlags,
    /// A file of names to remove from quotes wherever they occur (one per line, `#` starts a
    /// comment), such as staff names.
    #[arg(long, value_name = "FILE")]
    redact_names: Option<PathBuf>,
    /// Do not draw progress bars.
    #[arg(long, short)]
    quiet: bool,
    /// Print a table of where the time went: wall time, busy CPU time and items per second of
    /// each stage (printed with --quiet too).
    #[arg(long)]
    timings: bool,
}

/// Run `hearken run`.
pub fn run(args: Args) -> anyhow::Result<()> {
    if let Some(n) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(usize::from(n))
            .build_global()
            .context("could not set the number of threads")?;
    }
    let opts = RunOptions {
        ingest: args.columns.ingest(args.consent.values())?,
        inputs: args.inputs,
        out: args.out.clone(),
        lexicons: args.lexicons,
        index_memory: usize::from(args.index_memory_mb) * 1024 * 1024,
        redact: hearken::text::redact::RedactOptions {
            names: super::read_names(args.redact_names.as_deref())?,
        },
        overrides: args.overrides.file(args.columns.config.as_deref())?,
        reviewed: args.reviewed.files(args.columns.config.as_deref())?,
    };
    let bars = super::progress::Bars::new(!args.quiet);
    let report = pipeline::run(&opts, &bars).context("hearken run failed")?;
    for note in &report.notes {
        eprintln!("hearken: note: {}", super::printable(note));
    }
    if report.override_issues > 0 {
        eprintln!(
            "hearken: warning: {} overrides were not applied; the report lists them by line",
            report.override_issues
        );
    }
    if !args.quiet {
        let total = report.elapsed.as_secs_f64();
        eprintln!(
            "{} rows in: {} respondents, {} blank, {} rejected; {} answers, {} coded to a theme; {} {}; {:.1} s",
            report.rows,
            report.respondents,
            report.blank,
            report.rejected,
            report.answers,
            report.answers_coded,
            report.campaigns,
            if report.campaigns == 1 {
                "campaign"
            } else {
                "campaigns"
            },
            total
        );
        let stages: Vec<String> = report
            .stages
            .iter()
            .map(|s| format!("{} {:.2} s", s.stage, s.wall.as_secs_f64()))
            .collect();
        eprintln!("stages: {}", stages.join(", "));
        eprintln!(
            "wrote {} into {}",
            report.written.join(", "),
            args.out.display()
        );
    }
    if args.timings {
        eprint!("{}", timings_table(&report));
    }
    Ok(())
}

/// The `--timings` table: one row per stage, then the whole run. Stages overlap, so their wall
/// times add up to more than the run's.
fn timings_table(report: &pipeline::RunReport) -> String {
    let secs = |d: Option<std::time::Duration>| match d {
        Some(d) => format!("{:.2}", d.as_secs_f64()),
        None => "-".to_string(),
    };
    let count = |n: Option<f64>| match n {
        Some(n) => format!("{n:.0}"),
        None => "-".to_string(),
    };
    let mut out = format!(
        "{:<10} {:>8} {:>10} {:>9} {:>10}\n",
        "stage", "wall s", "busy CPU s", "items", "items/s"
    );
    for s in &report.stages {
        out.push_str(&format!(
            "{:<10} {:>8} {:>10} {:>9} {:>10}\n",
            s.stage,
            secs(Some(s.wall)),
            secs(s.busy),
            count(s.items.map(|n| n as f64)),
            count(s.items_per_second()),
        ));
    }
    let wall = report.elapsed.as_secs_f64();
    let rate = (wall > 0.0).then(|| report.answers as f64 / wall);
    out.push_str(&format!(
        "{:<10} {:>8} {:>10} {:>9} {:>10}\n",
        "run",
        secs(Some(report.elapsed)),
        secs(report.cpu),
        count(Some(report.answers as f64)),
        count(rate),
    ));
    out
}
