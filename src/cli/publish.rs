//! `hearken publish`: the responses that may be published, redacted, as files.

use anyhow::Context;
use clap::ValueEnum;
use hearken::publish::{self, NamePolicy, PublishOptions};
use hearken::text::redact::RedactOptions;
use std::path::PathBuf;

/// Arguments of `hearken publish`.
#[derive(clap::Args)]
#[command(after_help = "Examples:
  hearken publish consultation.csv --out published
  hearken publish export.xlsx --names organisations --redact-names staff.txt --out published
  hearken publish export.csv --consent-column \"Can we publish?\" --consent-with-name \"Yes (A)\" --out published

Writes into the output directory: responses.csv (respondents who agreed to publication, every
open answer redacted), redactions.csv (what was removed where, never the text) and
manifest.json (inputs, settings and counts). Respondents who said no, whose answer cannot be
read as consent, or who were asked no consent question are withheld.")]
pub struct Args {
    /// Survey exports to publish (CSV, TSV or .xlsx; they must share their columns).
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,
    /// Output directory (created if missing; earlier outputs in it are replaced).
    #[arg(long, short, value_name = "DIR")]
    out: PathBuf,
    /// Whose names are published for respondents who agreed to "publish with name".
    #[arg(long, value_enum, default_value_t = Names::All)]
    names: Names,
    /// The column holding respondents' names (name or 1-based number; default: a column
    /// headed "Name", "Full name", "Your name"...).
    #[arg(long, value_name = "COLUMN")]
    name_column: Option<String>,
    /// The column holding organisations' names (default: a column whose header mentions an
    /// organisation).
    #[arg(long, value_name = "COLUMN")]
    organisation_column: Option<String>,
    /// Also publish the attribute columns (locality, respondent type...), redacted.
    #[arg(long)]
    with_attributes: bool,
    /// A file of names to remove wherever they occur (one per line, `#` starts a comment),
    /// such as staff names.
    #[arg(long, value_name = "FILE")]
    redact_names: Option<PathBuf>,
    #[command(flatten)]
    columns: super::ColumnFlags,
    #[command(flatten)]
    consent: super::ConsentFlags,
    /// Print nothing but errors.
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Names {
    /// Every respondent who agreed to publication with their name.
    All,
    /// Organisations only; individuals are published without their name.
    Organisations,
    /// No names.
    None,
}

/// Run `hearken publish`.
pub fn run(args: Args) -> anyhow::Result<()> {
    let ingest = args.columns.ingest(args.consent.values())?;
    let names = super::read_names(args.redact_names.as_deref())?;
    let opts = PublishOptions {
        inputs: args.inputs,
        out: args.out.clone(),
        ingest,
        names: match args.names {
            Names::All => NamePolicy::All,
            Names::Organisations => NamePolicy::Organisations,
            Names::None => NamePolicy::None,
        },
        name_column: args.name_column,
        organisation_column: args.organisation_column,
        with_attributes: args.with_attributes,
        redact: RedactOptions { names },
    };
    let bars = super::progress::Bars::new(!args.quiet);
    let report = publish::run(&opts, &bars).context("hearken publish failed")?;
    if !args.quiet {
        let withheld: u64 = report.withheld.values().sum();
        let reasons: Vec<String> = report
            .withheld
            .iter()
            .map(|(k, v)| format!("{v} {k}"))
            .collect();
        eprintln!(
            "{} respondents: {} published ({} with a name), {} withheld{}",
            report.respondents,
            report.published,
            report.names_published,
            withheld,
            if reasons.is_empty() {
                String::new()
            } else {
                format!(" ({})", reasons.join(", "))
            }
        );
        let kinds: Vec<String> = report
            .redactions
            .iter()
            .map(|(k, v)| format!("{v} {k}"))
            .collect();
        let total: u64 = report.redactions.values().sum();
        eprintln!(
            "{} answers published, {} with redactions; {} redactions{}",
            report.answers,
            report.answers_redacted,
            total,
            if kinds.is_empty() {
                String::new()
            } else {
                format!(": {}", kinds.join(", "))
            }
        );
        eprintln!(
            "wrote {} into {}",
            report.written.join(", "),
            args.out.display()
        );
    }
    Ok(())
}
