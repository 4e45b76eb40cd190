//! The command-line layer: one file per subcommand. Each parses its arguments and calls the
//! library; nothing here computes a figure.

use clap::{Parser, Subcommand};
use std::process::ExitCode;

mod code;
mod evaluate;
#[cfg(feature = "generate")]
mod generate;
mod health;
mod inspect;
mod learn;
mod lexicon;
mod progress;
mod publish;
mod review;
mod run;
mod search;
mod serve;

/// hearken turns the free-text answers of consultations and surveys into evidence: themes and
/// priorities coded with editable lexicons, a search index, summaries, quotes and reports.
#[derive(Parser)]
#[command(name = "hearken", version, about, long_about = None, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the whole pipeline: ingest, code, index, summarise and report.
    Run(run::Args),
    /// Show how hearken reads an export: format, encoding, rows and each column's role.
    Inspect(inspect::Args),
    /// Code answers onto the themes and priorities and write one row per answer.
    Code(code::Args),
    /// Compare hearken's coding with human codes: precision, recall, F1, kappa.
    Evaluate(evaluate::Args),
    /// Build a lexicon directory from a hand-coded sample.
    Learn(learn::Args),
    /// Work with lexicon directories (check them for mistakes).
    Lexicon(lexicon::Args),
    /// Double-code a sample and measure agreement with reviewers.
    Review(review::Args),
    /// Search an index built by `hearken run`.
    Search(search::Args),
    /// Open the output of `hearken run` in the browser: figures, search, themes, quote basket.
    Serve(serve::Args),
    /// Write the responses that may be published: consenting respondents only, redacted.
    Publish(publish::Args),
    /// Generate a realistic synthetic survey export for benchmarks.
    #[cfg(feature = "generate")]
    Generate(generate::Args),
}

/// Exit code for a usage error or bad query (clap uses 2 as well).
pub const EXIT_USAGE: u8 = 2;

/// Error raised by a subcommand to ask for a specific exit code.
#[derive(Debug)]
pub struct Exit(pub u8);

impl std::fmt::Display for Exit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "exit {}", self.0)
    }
}

impl std::error::Error for Exit {}

/// A hand-coded CSV and its columns, shared by `hearken learn` and `hearken evaluate`.
#[derive(clap::Args)]
pub struct CodedInput {
    /// The hand-coded CSV file (one header row).
    #[arg(long)]
    pub input: std::path::PathBuf,
    /// The column holding the answer text.
    #[arg(long)]
    pub text_column: String,
    /// The column holding the human codes (one or more labels; `NA` or blank means none). For
    /// `evaluate`, each label is compared with theme ids and names, ignoring case.
    #[arg(long)]
    pub labels_column: String,
    /// What separates several labels in one cell.
    #[arg(long, default_value = ";")]
    pub label_separator: String,
}

impl CodedInput {
    /// Reads the hand-coded sample these flags describe.
    pub fn read(
        &self,
    ) -> Result<hearken::lexicon::learn::CodedSample, hearken::lexicon::learn::LearnError> {
        hearken::lexicon::learn::read_coded(
            &self.input,
            &self.text_column,
            &self.labels_column,
            &self.label_separator,
        )
    }
}

/// How to read survey exports, shared by every command that reads one: the column roles of a
/// config file (`--config`, else `./hearken.toml` when present) with the flags laid over it
/// (flags win over the file, and both win over guesses), and the header rows.
#[derive(clap::Args, Debug, Default)]
pub struct ColumnFlags {
    /// Column roles file (default: ./hearken.toml when it exists).
    #[arg(long, value_name = "FILE")]
    pub config: Option<std::path::PathBuf>,
    /// The respondent id column (name or 1-based number); overrides the guess.
    #[arg(long, value_name = "COLUMN")]
    pub id_column: Option<String>,
    /// An open question column to code (repeatable; the list replaces the guessed one).
    #[arg(long = "text-column", value_name = "COLUMN")]
    pub text_columns: Vec<String>,
    /// A grouping column such as locality (repeatable; the list replaces the guessed one).
    #[arg(long = "attribute-column", value_name = "COLUMN")]
    pub attribute_columns: Vec<String>,
    /// The consent-to-publish column; overrides the guess.
    #[arg(long, value_name = "COLUMN")]
    pub consent_column: Option<String>,
    /// A column to leave out of the analysis (repeatable).
    #[arg(long = "ignore-column", value_name = "COLUMN")]
    pub ignore_columns: Vec<String>,
    /// Header rows before the data (0-20), when the survey tool is not recognised right.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(0..=20))]
    pub header_rows: Option<u8>,
}

impl ColumnFlags {
    /// The column roles: the config file's, with the flags laid over them.
    pub fn roles(&self) -> Result<hearken::ingest::RoleOverrides, hearken::ingest::IngestError> {
        let flags = hearken::ingest::RoleOverrides {
            id: self.id_column.clone(),
            text: self.text_columns.clone(),
            attributes: self.attribute_columns.clone(),
            consent: self.consent_column.clone(),
            ignore: self.ignore_columns.clone(),
        };
        hearken::ingest::RoleOverrides::resolve(self.config.as_deref(), flags)
    }

    /// The ingest options these flags describe, with the consent answers set on the command line.
    pub fn ingest(
        &self,
        consent: hearken::ingest::ConsentValues,
    ) -> anyhow::Result<hearken::ingest::IngestOptions> {
        Ok(hearken::ingest::IngestOptions {
            roles: self.roles().map_err(|e| {
                let file = hearken::ingest::RoleOverrides::config_file(self.config.as_deref());
                let file = file.unwrap_or_default();
                anyhow::Error::new(e).context(format!(
                    "could not read column roles from {}",
                    file.display()
                ))
            })?,
            header_rows: self.header_rows.map(usize::from),
            consent,
        })
    }
}

/// Reads `inputs` batch by batch and codes each batch with the lexicon and the reviewers'
/// overrides: `start` makes a state from the codebook and the survey's schema, `each` folds a
/// coded batch into it (the reading loop of `lexicon health`, `lexicon suggest` and
/// `review sample`).
pub fn fold_coded<S>(
    inputs: &[std::path::PathBuf],
    lexicons: Option<&std::path::Path>,
    (columns, overrides): (&ColumnFlags, &OverrideFlags),
    start: impl FnOnce(&hearken::coding::Codebook, &hearken::model::SurveySchema) -> S,
    mut each: impl FnMut(&mut S, &hearken::model::SurveySchema, &hearken::model::CodedBatch),
) -> anyhow::Result<(hearken::coding::Codebook, S)> {
    use anyhow::Context;
    let codebook = overrides.codebook(lexicons, columns.config.as_deref())?;
    let opts = columns.ingest(hearken::ingest::ConsentValues::default())?;
    let bars = progress::Bars::new(false);
    let mut inputs =
        hearken::ingest::Inputs::open(inputs, &opts, &bars).context("failed to read the input")?;
    let schema = inputs.schema().clone();
    let answers = codebook.answers(&schema.questions);
    let mut state = start(&codebook, &schema);
    while let Some(batch) = inputs.next_batch().context("failed to read the input")? {
        each(&mut state, &schema, &answers.code_batch(batch));
    }
    Ok((codebook, state))
}

/// The reviewers' overrides file: `--overrides`, else `[review] overrides` in the config file.
#[derive(clap::Args, Debug, Default)]
pub struct OverrideFlags {
    /// Reviewers' overrides, applied after the lexicons: a CSV with the columns
    /// id,question,theme,action,reviewer,date,reason (default: `overrides` in the `[review]`
    /// table of hearken.toml).
    #[arg(long, value_name = "FILE")]
    pub overrides: Option<std::path::PathBuf>,
}

/// Reviewed double-coding sheets: `--reviewed` (repeatable), else `[review] reviewed` in the
/// config file.
#[derive(clap::Args, Debug, Default)]
pub struct ReviewedFlags {
    /// A double-coding sheet coded by a reviewer (repeatable, one per reviewer): each theme's
    /// share is also given corrected for the coding error measured on it (default: `reviewed`
    /// in the `[review]` table of hearken.toml).
    #[arg(long, value_name = "SHEET")]
    pub reviewed: Vec<std::path::PathBuf>,
}

impl ReviewedFlags {
    /// The sheets to use.
    pub fn files(
        &self,
        config: Option<&std::path::Path>,
    ) -> anyhow::Result<Vec<std::path::PathBuf>> {
        use anyhow::Context;
        if !self.reviewed.is_empty() {
            return Ok(self.reviewed.clone());
        }
        let files = hearken::ingest::ReviewFiles::resolve(config)
            .context("could not read the [review] table of the config file")?;
        Ok(files.reviewed.into_iter().collect())
    }
}

impl OverrideFlags {
    /// The overrides file to use, if any.
    pub fn file(
        &self,
        config: Option<&std::path::Path>,
    ) -> anyhow::Result<Option<std::path::PathBuf>> {
        use anyhow::Context;
        if let Some(path) = &self.overrides {
            return Ok(Some(path.clone()));
        }
        let files = hearken::ingest::ReviewFiles::resolve(config)
            .context("could not read the [review] table of the config file")?;
        Ok(files.overrides)
    }

    /// Reads the overrides file, if any.
    pub fn read(
        &self,
        config: Option<&std::path::Path>,
    ) -> anyhow::Result<Option<hearken::coding::overrides::Overrides>> {
        match self.file(config)? {
            Some(path) => Ok(Some(hearken::coding::overrides::Overrides::read(&path)?)),
            None => Ok(None),
        }
    }

    /// The lexicon in `lexicons` (or the built-in one), ready to code with, with these
    /// overrides applied after it.
    pub fn codebook(
        &self,
        lexicons: Option<&std::path::Path>,
        config: Option<&std::path::Path>,
    ) -> anyhow::Result<hearken::coding::Codebook> {
        let overrides = self.read(config)?;
        Ok(code::load_codebook(lexicons)?.with_overrides(overrides))
    }
}

/// Prints the overrides that were not applied, one line each, to standard error.
pub fn print_override_issues(issues: &[hearken::coding::overrides::OverrideIssue]) {
    for i in issues {
        eprintln!(
            "hearken: warning: override on line {} ({} {} {} {}) not applied: {}",
            i.line,
            printable(&i.id),
            printable(&i.question),
            i.action.name(),
            printable(&i.theme),
            i.problem.describe()
        );
    }
}

/// Whether a character must not reach a terminal: control characters (C0 other than line feed
/// and tab, DEL, C1), which can move the cursor, recolour or retitle the terminal, and the
/// bidirectional overrides, which can make text read differently from what it is.
fn unprintable(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `s` without the characters that must not reach a terminal (see [`unprintable`]). Everything
/// hearken prints that comes from a file goes through this.
pub fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().any(unprintable) {
        std::borrow::Cow::Owned(s.chars().filter(|&c| !unprintable(c)).collect())
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// Largest file of names to remove, in bytes.
const MAX_NAMES_FILE: u64 = 16 << 20;

/// Reads the analyst's list of names to remove (`--redact-names`): one per line, blank lines
/// and `#` comments skipped; none without a file.
pub fn read_names(path: Option<&std::path::Path>) -> anyhow::Result<Vec<String>> {
    use anyhow::Context;
    use std::io::Read;
    let Some(path) = path else {
        return Ok(Vec::new());
    };
    let file = std::fs::File::open(path)
        .with_context(|| format!("cannot open the names file {}", path.display()))?;
    let mut text = String::new();
    file.take(MAX_NAMES_FILE + 1)
        .read_to_string(&mut text)
        .with_context(|| format!("{} is not a UTF-8 text file", path.display()))?;
    anyhow::ensure!(
        text.len() as u64 <= MAX_NAMES_FILE,
        "{}: larger than {} MiB; a names file lists names, one per line",
        path.display(),
        MAX_NAMES_FILE >> 20
    );
    let names: Vec<String> = text
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim().to_string())
        .filter(|l| !l.is_empty())
        .collect();
    anyhow::ensure!(
        names.len() <= hearken::text::redact::MAX_LISTED_NAMES,
        "{}: {} names, more than the {} allowed",
        path.display(),
        names.len(),
        hearken::text::redact::MAX_LISTED_NAMES
    );
    Ok(names)
}

/// Consent answers set on the command line, for exports whose wording hearken does not read.
#[derive(clap::Args, Debug, Default)]
pub struct ConsentFlags {
    /// A consent answer that means "publish my response with my name" (repeatable; compared
    /// ignoring case and spacing; read before the usual wordings).
    #[arg(long = "consent-with-name", value_name = "ANSWER")]
    with_name: Vec<String>,
    /// A consent answer that means "publish my response without my name" (repeatable).
    #[arg(long = "consent-anonymous", value_name = "ANSWER")]
    anonymous: Vec<String>,
    /// A consent answer that means "do not publish my response" (repeatable).
    #[arg(long = "consent-withhold", value_name = "ANSWER")]
    withhold: Vec<String>,
}

impl ConsentFlags {
    /// The values as ingest reads them.
    pub fn values(self) -> hearken::ingest::ConsentValues {
        hearken::ingest::ConsentValues {
            with_name: self.with_name,
            anonymous: self.anonymous,
            do_not_publish: self.withhold,
        }
    }
}

/// `text` with each byte span of `spans` (sorted, not overlapping) wrapped in `open`/`close`;
/// spans that do not fall on character boundaries are left unmarked.
fn mark_spans(text: &str, spans: &[(usize, usize)], open: &str, close: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut at = 0;
    for &(start, end) in spans {
        let (Some(before), Some(inside)) = (text.get(at..start), text.get(start..end)) else {
            continue;
        };
        out.push_str(&printable(before));
        out.push_str(open);
        out.push_str(&printable(inside));
        out.push_str(close);
        at = end;
    }
    out.push_str(&printable(text.get(at..).unwrap_or_default()));
    out
}

/// Parse the command line, run the subcommand, print any error as a chain of causes.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run(a) => run::run(a),
        Command::Inspect(a) => inspect::run(a),
        Command::Code(a) => code::run(a),
        Command::Evaluate(a) => evaluate::run(a),
        Command::Learn(a) => learn::run(a),
        Command::Lexicon(a) => lexicon::run(a),
        Command::Search(a) => search::run(a),
        Command::Review(a) => review::run(a),
        Command::Serve(a) => serve::run(a),
        Command::Publish(a) => publish::run(a),
        #[cfg(feature = "generate")]
        Command::Generate(a) => generate::run(a),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            if let Some(Exit(code)) = err.downcast_ref::<Exit>() {
                return ExitCode::from(*code);
            }
            let mut msg = format!("hearken: error: {err}");
            for cause in err.chain().skip(1) {
                msg.push_str(&format!("\n  caused by: {cause}"));
            }
            eprintln!("{}", printable(&msg));
            ExitCode::from(1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_output_loses_control_characters() {
        assert_eq!(
            printable("carer \u{1b}[31mred\u{1b}[0m \u{1b}]0;title\u{7} \u{9b}2J done\u{202e}"),
            "carer [31mred[0m ]0;title 2J done"
        );
        assert_eq!(printable("two\nlines\tand tab"), "two\nlines\tand tab");
        assert_eq!(
            mark_spans("a \u{1b}b c", &[(5, 6)], "**", "**"),
            "a b **c**"
        );
    }
}
