//! `hearken publish`: the responses that may be published, redacted, as files.

use anyhow::Context;
use clap::ValueEnum;
use hearken::ingest::{IngestOptions, RoleOverrides};
use hearken::publish::{self, NamePolicy, PublishOptions};
use hearken::text::redact::RedactOptions;
use std::io::IsTerminal;
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
    /// Column roles file (default: ./hearken.toml when it exists).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// The respondent id column (name or 1-based number); overrides the guess.
    #[arg(long, value_name = "COLUMN")]
    id_column: Option<String>,
    /// An open question column (repeatable); overrides the guess.
    #[arg(long = "text-column", value_name = "COLUMN")]
    text_columns: Vec<String>,
    /// A grouping column such as locality (repeatable; published with --with-attributes);
    /// overrides the guess.
    #[arg(long = "attribute-column", value_name = "COLUMN")]
    attribute_columns: Vec<String>,
    /// The consent-to-publish column; overrides the guess.
    #[arg(long, value_name = "COLUMN")]
    consent_column: Option<String>,
    /// Header rows before the data (0-20), when the survey tool is not recognised right.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(0..=20))]
    header_rows: Option<u8>,
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
    let roles = super::load_roles(
        args.config.as_deref(),
        RoleOverrides {
            id: args.id_column,
            text: args.text_columns,
            attributes: args.attribute_columns,
            consent: args.consent_column,
            ..RoleOverrides::default()
        },
    )?;
    let names = super::read_names(args.redact_names.as_deref())?;
    let opts = PublishOptions {
        inputs: args.inputs,
        out: args.out.clone(),
        ingest: IngestOptions {
            roles,
            progress: !args.quiet && std::io::stderr().is_terminal(),
            header_rows: args.header_rows.map(usize::from),
            consent: args.consent.values(),
        },
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
    let report = publish::run(&opts).context("hearken publish failed")?;
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
