//! `hearken inspect`: shows how hearken reads an export, before any coding is done.
//!
//! The `--format json` output is a stable contract (the integration tests read it):
//!
//! | field | meaning |
//! |---|---|
//! | `file` | the path as given |
//! | `format` | `csv`, `surveymonkey`, `qualtrics` or `xlsx` |
//! | `vendor` | the survey tool recognised (`qualtrics`, `qualtrics-legacy`, `surveymonkey`, `smartsurvey`, `microsoft-forms`, `google-forms`, `citizen-space`, `jisc-online-surveys`, `limesurvey`, `kobotoolbox`, `odk`) or null |
//! | `flavour` | the same as `vendor` (kept for older scripts) |
//! | `encoding` | `UTF-8`, `UTF-8 (BOM)`, `windows-1252`, or `xlsx` |
//! | `delimiter` | `","`, `"\t"`, `";"`, `"|"`, or null for workbooks |
//! | `header_rows` | header rows before the data (skipped) |
//! | `respondents` | respondents read (the ingested rows) |
//! | `rows` | `{total, ingested, blank, rejected}`: every data row is exactly one of the last three |
//! | `rejected_by_reason` | `{reason: count}` with reasons `ragged-row`, `undecodable-bytes`, `duplicate-id`, `malformed-row`, `too-large`, `control-characters` |
//! | `rejections` | the first 50 `{row, reason, detail}` (row = 1-based line or sheet row) |
//! | `id_column`, `consent_column` | 1-based column number or null |
//! | `questions` | `[{id, column, text}]`: the open questions, `Q1`... in column order |
//! | `attributes` | `[{name, column}]` |
//! | `columns` | `[{number, name, role, explicit, distinct, filled, sample}]`; `sample` is the first real answer (up to 80 characters) or null |
//! | `notes` | what else to know: columns left out by a limit, no open question found |

use super::printable;
use anyhow::Context;
use hearken::ingest::{self, IngestError, IngestOptions};
use hearken::model::{Accounting, RoleSource, SurveySchema};
use serde_json::json;
use std::io::Write;
use std::path::PathBuf;

/// How many rejections are listed.
const SHOW_REJECTIONS_TEXT: usize = 5;
const SHOW_REJECTIONS_JSON: usize = 50;

/// Output format of `hearken inspect`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// A table for people.
    Text,
    /// One JSON object (fields documented in the README).
    Json,
}

/// Arguments of `hearken inspect`.
#[derive(clap::Args)]
#[command(after_help = "Examples:
  hearken inspect consultation.csv
  hearken inspect forms.xlsx --id-column ID --text-column \"What matters most to you?\" --ignore-column Email
  hearken inspect export.csv --config survey.toml --format json

Column roles set in a hearken.toml [columns] table, or with the flags above, always win over
guesses; a flag replaces the file's setting for that role. When --config is not given,
./hearken.toml is used if it exists. A column is named by its header or by its 1-based number.

Exit status: 0 when the file was read (rejected rows are reported, not fatal), 1 when the
file cannot be read, 2 for a bad hearken.toml, an unknown column name or a usage error.")]
pub struct Args {
    /// The survey export: CSV/TSV (UTF-8 or windows-1252), SurveyMonkey, Qualtrics, Google Forms,
    /// Citizen Space, or an Excel workbook (.xlsx, first sheet).
    pub file: PathBuf,
    #[command(flatten)]
    pub columns: super::ColumnFlags,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
}

/// Run `hearken inspect`.
pub fn run(args: Args) -> anyhow::Result<()> {
    let format = args.format;
    let file = args.file.clone();
    let roles = match args.columns.roles() {
        Ok(r) => r,
        Err(err) => return usage(err),
    };
    let opts = IngestOptions {
        roles,
        header_rows: args.columns.header_rows.map(usize::from),
        ..IngestOptions::default()
    };
    let (schema, acc) = match ingest::inspect(&file, &opts, &super::progress::Bars::new(true)) {
        Ok(found) => found,
        Err(err) if is_usage(&err) => return usage(err),
        Err(err) => return Err(err.into()),
    };
    let out = match format {
        OutputFormat::Json => serde_json::to_string_pretty(&to_json(&schema, &acc))
            .context("cannot write the JSON output")?,
        OutputFormat::Text => to_text(&schema, &acc),
    };
    let mut stdout = std::io::stdout().lock();
    match writeln!(stdout, "{out}") {
        // A closed pipe (`| head`) is not an error worth reporting.
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(e).context("cannot write to stdout")
        }
        _ => Ok(()),
    }
}

/// Errors in the user's column settings rather than in the export.
fn is_usage(err: &IngestError) -> bool {
    matches!(
        err,
        IngestError::Config { .. }
            | IngestError::UnknownColumn { .. }
            | IngestError::AmbiguousColumn { .. }
            | IngestError::ConflictingRoles { .. }
    )
}

/// A wrong column name or a bad hearken.toml is a usage error, like a wrong flag: exit 2.
fn usage(err: IngestError) -> anyhow::Result<()> {
    if !is_usage(&err) {
        return Err(err.into());
    }
    eprintln!("hearken: error: {}", printable(&err.to_string()));
    Err(super::Exit(super::EXIT_USAGE).into())
}

fn delimiter_name(d: Option<u8>) -> String {
    match d {
        Some(b',') => "comma".into(),
        Some(b'\t') => "tab".into(),
        Some(b';') => "semicolon".into(),
        Some(b'|') => "pipe".into(),
        Some(other) => format!("{:?}", other as char),
        None => "none (workbook)".into(),
    }
}

fn to_json(schema: &SurveySchema, acc: &Accounting) -> serde_json::Value {
    json!({
        "file": schema.path.display().to_string(),
        "format": schema.format.name(),
        "vendor": ingest::flavour(schema),
        "flavour": ingest::flavour(schema),
        "encoding": schema.encoding,
        "delimiter": schema.delimiter.map(|d| (d as char).to_string()),
        "header_rows": schema.header_rows,
        "respondents": acc.ingested,
        "rows": {
            "total": acc.rows,
            "ingested": acc.ingested,
            "blank": acc.blank,
            "rejected": acc.rejected.len(),
        },
        "rejected_by_reason": acc.rejected_by_reason(),
        "rejections": acc.rejected.iter().take(SHOW_REJECTIONS_JSON).map(|r| json!({
            "row": r.row, "reason": r.reason.name(), "detail": r.detail,
        })).collect::<Vec<_>>(),
        "id_column": schema.id_column.map(|c| c + 1),
        "consent_column": schema.consent_column.map(|c| c + 1),
        "questions": schema.questions.iter().map(|q| json!({
            "id": q.id, "column": q.column + 1, "text": q.text,
        })).collect::<Vec<_>>(),
        "attributes": schema.attributes.iter().map(|a| json!({
            "name": a.name, "column": a.column + 1,
        })).collect::<Vec<_>>(),
        "columns": schema.columns.iter().map(|c| json!({
            "number": c.index + 1,
            "name": c.name,
            "role": c.role.name(),
            "explicit": c.source == RoleSource::Explicit,
            "distinct": c.distinct,
            "filled": c.filled,
            "sample": c.sample,
        })).collect::<Vec<_>>(),
        "notes": notes(schema),
    })
}

/// Cuts a value to `n` characters on one line, marking the cut.
fn clip(s: &str, n: usize) -> String {
    let one_line = printable(s)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if one_line.chars().count() > n {
        format!("{}\u{2026}", one_line.chars().take(n).collect::<String>())
    } else {
        one_line
    }
}

/// Notes about the reading: the schema's own, and a warning when no open question was found.
fn notes(schema: &SurveySchema) -> Vec<String> {
    let mut out = schema.notes.clone();
    if schema.questions.is_empty() {
        out.push(
            "no column looks like an open question, so every row counts as blank; name the answer columns with --text-column".to_string(),
        );
    }
    out
}

fn to_text(schema: &SurveySchema, acc: &Accounting) -> String {
    let mut o = String::new();
    let vendor = ingest::flavour(schema).unwrap_or("not recognised (read as plain CSV)");
    o += &format!(
        "file:        {}\n",
        printable(&schema.path.display().to_string())
    );
    o += &format!("format:      {}\n", schema.format.name());
    o += &format!("vendor:      {vendor}\n");
    o += &format!("encoding:    {}\n", schema.encoding);
    o += &format!("delimiter:   {}\n", delimiter_name(schema.delimiter));
    o += &format!("header rows: {} (skipped)\n", schema.header_rows);
    o += &format!("respondents: {}\n", acc.ingested);
    o += &format!(
        "rows:        {} (ingested {}, blank {}, rejected {})\n",
        acc.rows,
        acc.ingested,
        acc.blank,
        acc.rejected.len()
    );
    if !acc.rejected.is_empty() {
        let by: Vec<String> = acc
            .rejected_by_reason()
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect();
        o += &format!("rejected:    {}\n", by.join(", "));
        for r in acc.rejected.iter().take(SHOW_REJECTIONS_TEXT) {
            o += &format!(
                "  line {}: {}: {}\n",
                r.row,
                r.reason.name(),
                printable(&r.detail)
            );
        }
        if acc.rejected.len() > SHOW_REJECTIONS_TEXT {
            o += &format!(
                "  ... and {} more\n",
                acc.rejected.len() - SHOW_REJECTIONS_TEXT
            );
        }
    }
    o += "\ncolumns (* = role set explicitly):\n";
    o += &format!(
        "{:>4}  {:<11} {:>8} {:>7}  {}\n",
        "#", "role", "distinct", "filled", "name"
    );
    for c in &schema.columns {
        let role = match c.source {
            RoleSource::Explicit => format!("{}*", c.role.name()),
            RoleSource::Guessed => c.role.name().to_string(),
        };
        o += &format!(
            "{:>4}  {:<11} {:>8} {:>7}  {}\n",
            c.index + 1,
            role,
            c.distinct,
            c.filled,
            clip(&c.name, 60)
        );
        if let Some(s) = &c.sample {
            o += &format!("{:>35}e.g. \"{}\"\n", "", clip(s, 40));
        }
    }
    for note in notes(schema) {
        o += &format!("\nnote: {}\n", printable(&note));
    }
    o.trim_end().to_string()
}
