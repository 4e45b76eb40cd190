//! `hearken publish`: the responses that may be published, as a file.
//!
//! Reads the exports through the ingest stage (same column roles, `hearken.toml` and flags),
//! keeps the respondents who agreed to publication, redacts every open answer (`text::redact`)
//! and writes:
//! - `responses.csv`: one row per published respondent: id, consent, name (only for "publish
//!   with name", as the [`NamePolicy`] allows), the attribute columns when asked for, and every
//!   open answer redacted;
//! - `redactions.csv`: one row per redaction: respondent id, question, kind, rule, and the
//!   character offset and length of the span in the original answer; never the removed text;
//! - `manifest.json`: inputs (hashes and row accounting), settings, and the counts: respondents
//!   published and withheld (by reason), names kept, redactions by kind and by rule.
//!
//! Respondents are withheld when they said "do not publish" (`do-not-publish`), when their
//! answer could not be read as consent (`consent-unknown`), or when the export has no consent
//! column (`no-consent-column`): publishing needs a yes.

mod output;
mod people;

pub use people::{NamePolicy, People};

use crate::ingest::{IngestError, IngestOptions, Inputs, Reader};
use crate::model::{Accounting, Consent, Respondent, SurveySchema};
use crate::output::{OutputDir, OutputError, PUBLISH_OUTPUTS};
use crate::progress::Progress;
use crate::provenance::{self, InputRecord, ProvenanceError};
use crate::text::redact::{self, RedactError, RedactOptions, Redaction, Redactor};
use output::CsvOut;
use people::Identity;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// What `hearken publish` needs to know.
#[derive(Debug, Clone, Default)]
pub struct PublishOptions {
    /// Survey exports (they must share their columns).
    pub inputs: Vec<PathBuf>,
    /// Output directory; created if missing, files in it are replaced.
    pub out: PathBuf,
    /// Column roles and consent values, as for `hearken run`.
    pub ingest: IngestOptions,
    /// Whose names are published.
    pub names: NamePolicy,
    /// The column holding respondents' names (default: guessed from the header).
    pub name_column: Option<String>,
    /// The column holding organisations' names (default: guessed from the header).
    pub organisation_column: Option<String>,
    /// Also publish the attribute columns (redacted like the answers).
    pub with_attributes: bool,
    /// Redaction settings (names to remove everywhere).
    pub redact: RedactOptions,
}

/// What was published and withheld; also written to `manifest.json`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PublishReport {
    /// Data rows read over all inputs.
    pub rows: u64,
    /// Respondents read (rows with at least one answer).
    pub respondents: u64,
    /// Respondents published.
    pub published: u64,
    /// Respondents withheld, by reason.
    pub withheld: BTreeMap<&'static str, u64>,
    /// Published respondents whose name was published.
    pub names_published: u64,
    /// Answers published.
    pub answers: u64,
    /// Published answers with at least one redaction.
    pub answers_redacted: u64,
    /// Redactions by kind.
    pub redactions: BTreeMap<&'static str, u64>,
    /// Redactions by rule.
    pub redactions_by_rule: BTreeMap<&'static str, u64>,
    /// Files written, relative to the output directory.
    pub written: Vec<String>,
}

/// Anything that stops publishing; each names the file concerned.
#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    /// An input could not be read.
    #[error(transparent)]
    Ingest(#[from] IngestError),
    /// The list of names to remove could not be used.
    #[error(transparent)]
    Redact(#[from] RedactError),
    /// An input could not be hashed.
    #[error(transparent)]
    Provenance(#[from] ProvenanceError),
    /// The output folder cannot be used or finished.
    #[error(transparent)]
    Output(#[from] OutputError),
    /// The same export was given twice.
    #[error("{}: the same content as {}; each export may be given once", path.display(), first.display())]
    SameInput {
        /// The later input.
        path: PathBuf,
        /// The earlier one with the same content.
        first: PathBuf,
    },
    /// A column given for names does not exist.
    #[error("{path}: no column {wanted:?} (set as the {what} column); the columns are: {}", available.join(", "))]
    UnknownColumn {
        /// The export.
        path: PathBuf,
        /// The name or number given.
        wanted: String,
        /// Which column it was meant to be.
        what: String,
        /// Every column, numbered.
        available: Vec<String>,
    },
    /// An output file could not be written.
    #[error("{path}: {source}")]
    Write {
        /// The file being written.
        path: PathBuf,
        /// The I/O error.
        source: io::Error,
    },
    /// No input was given.
    #[error("no input files given")]
    NoInput,
}

/// Where the published rows go while the inputs are read.
struct Sink {
    responses: CsvOut,
    redactions: CsvOut,
    report: PublishReport,
}

/// Publishes the consenting respondents of `opts.inputs` into `opts.out`.
pub fn run(opts: &PublishOptions, progress: &dyn Progress) -> Result<PublishReport, PublishError> {
    let first_path = opts.inputs.first().ok_or(PublishError::NoInput)?;
    let redactor = Redactor::with_options(&opts.redact)?;
    // A first look at the export finds the name columns; they are then read as attributes so
    // their values reach this stage.
    let probe = Reader::open(first_path, &opts.ingest)?;
    let people = People::find(
        probe.schema(),
        opts.name_column.as_deref(),
        opts.organisation_column.as_deref(),
    )?;
    let ingest = with_people_columns(&opts.ingest, probe.schema(), &people);
    drop(probe);
    let hashes = provenance::hash_distinct_inputs(&opts.inputs)?
        .map_err(|(path, first)| PublishError::SameInput { path, first })?;
    let mut inputs = Inputs::open(&opts.inputs, &ingest, progress)?;
    let schema = inputs.schema().clone();
    let identity = Identity::new(&schema, &people);
    let hidden = identity.hidden();
    let shown: Vec<usize> = (0..schema.attributes.len())
        .filter(|i| opts.with_attributes && !hidden.contains(i))
        .collect();

    let output = OutputDir::prepare(&opts.out, &opts.inputs, PUBLISH_OUTPUTS)?;
    let mut sink = open_sink(output.dir(), &schema, &shown)?;
    let ctx = Ctx {
        redactor: &redactor,
        identity: &identity,
        shown: &shown,
        policy: opts.names,
        has_consent_column: schema.consent_column.is_some(),
    };
    while let Some(batch) = inputs.next_batch()? {
        publish_batch(&ctx, &batch, &mut sink)?;
    }
    let accounting = inputs.finish();
    let report = finish(
        opts,
        &schema,
        &people,
        (&hashes, &accounting),
        sink,
        output.dir(),
    )?;
    output.commit()?;
    Ok(report)
}

/// The ingest options with the name columns read as attributes: taken out of the open questions
/// (an organisation's name under a question-like header is guessed as one) and out of the
/// columns to ignore, where the user listed them there.
fn with_people_columns(
    base: &IngestOptions,
    schema: &SurveySchema,
    people: &People,
) -> IngestOptions {
    let extra = people.columns();
    if extra.is_empty() {
        return base.clone();
    }
    let mut opts = base.clone();
    let mut attributes: Vec<String> = schema
        .attributes
        .iter()
        .map(|a| (a.column + 1).to_string())
        .collect();
    attributes.extend(extra.iter().map(|c| (c + 1).to_string()));
    attributes.sort();
    attributes.dedup();
    opts.roles.attributes = attributes;
    if schema.questions.iter().any(|q| extra.contains(&q.column)) {
        opts.roles.text = schema
            .questions
            .iter()
            .filter(|q| !extra.contains(&q.column))
            .map(|q| (q.column + 1).to_string())
            .collect();
    }
    opts.roles.ignore.retain(|spec| {
        people::resolve(schema, spec, "ignore").map_or(true, |c| !extra.contains(&c))
    });
    opts
}

fn write_err(path: &Path) -> impl FnOnce(io::Error) -> PublishError + '_ {
    move |source| PublishError::Write {
        path: path.to_path_buf(),
        source,
    }
}

fn open_sink(out: &Path, schema: &SurveySchema, shown: &[usize]) -> Result<Sink, PublishError> {
    let mut header: Vec<&str> = vec!["id", "consent", "name"];
    header.extend(shown.iter().map(|&i| schema.attributes[i].name.as_str()));
    header.extend(schema.questions.iter().map(|q| q.text.as_str()));
    let path = out.join("responses.csv");
    let responses = CsvOut::create(&path, &header).map_err(write_err(&path))?;
    let path = out.join("redactions.csv");
    let redactions = CsvOut::create(
        &path,
        &["id", "question", "kind", "rule", "offset", "length"],
    )
    .map_err(write_err(&path))?;
    Ok(Sink {
        responses,
        redactions,
        report: PublishReport::default(),
    })
}

/// What every batch needs.
struct Ctx<'a> {
    redactor: &'a Redactor,
    identity: &'a Identity,
    shown: &'a [usize],
    policy: NamePolicy,
    has_consent_column: bool,
}

/// A respondent ready to write: name, redacted attributes and answers, and the redactions.
struct Published {
    name: String,
    attributes: Vec<String>,
    answers: Vec<(Option<String>, Vec<Redaction>)>,
}

/// Why a respondent is not published, if they are not.
fn withheld(r: &Respondent, has_consent_column: bool) -> Option<&'static str> {
    match r.consent {
        Consent::WithName | Consent::Anonymous => None,
        Consent::DoNotPublish => Some("do-not-publish"),
        Consent::Unknown if has_consent_column => Some("consent-unknown"),
        Consent::Unknown => Some("no-consent-column"),
    }
}

fn prepare(ctx: &Ctx, r: &Respondent) -> Published {
    let name = match r.consent {
        Consent::WithName => ctx.identity.published_name(r, ctx.policy),
        _ => String::new(),
    };
    let attributes = ctx
        .shown
        .iter()
        .map(|&i| {
            ctx.redactor
                .redact(r.attributes.get(i).map_or("", String::as_str))
        })
        .collect();
    let answers = r
        .answers
        .iter()
        .map(|a| match a {
            Some(text) => {
                let found = ctx.redactor.find(text);
                (Some(redact::apply(text, &found)), found)
            }
            None => (None, Vec::new()),
        })
        .collect();
    Published {
        name,
        attributes,
        answers,
    }
}

fn publish_batch(ctx: &Ctx, batch: &[Respondent], sink: &mut Sink) -> Result<(), PublishError> {
    let prepared: Vec<Option<Published>> = batch
        .par_iter()
        .map(|r| {
            withheld(r, ctx.has_consent_column)
                .is_none()
                .then(|| prepare(ctx, r))
        })
        .collect();
    for (r, p) in batch.iter().zip(prepared) {
        sink.report.respondents += 1;
        let Some(p) = p else {
            if let Some(reason) = withheld(r, ctx.has_consent_column) {
                *sink.report.withheld.entry(reason).or_insert(0) += 1;
            }
            continue;
        };
        write_one(r, &p, sink)?;
    }
    Ok(())
}

fn write_one(r: &Respondent, p: &Published, sink: &mut Sink) -> Result<(), PublishError> {
    let report = &mut sink.report;
    report.published += 1;
    report.names_published += u64::from(!p.name.is_empty());
    let mut cells: Vec<&str> = vec![&r.id, r.consent.name(), &p.name];
    cells.extend(p.attributes.iter().map(String::as_str));
    cells.extend(p.answers.iter().map(|(a, _)| a.as_deref().unwrap_or("")));
    let path = sink.responses.path().to_path_buf();
    sink.responses.row(cells).map_err(write_err(&path))?;
    for (qi, (answer, found)) in p.answers.iter().enumerate() {
        let (Some(_), Some(original)) = (answer, r.answer(qi)) else {
            continue;
        };
        report.answers += 1;
        report.answers_redacted += u64::from(!found.is_empty());
        let question = format!("Q{}", qi + 1);
        for f in found {
            *report.redactions.entry(f.kind.name()).or_insert(0) += 1;
            *report.redactions_by_rule.entry(f.rule).or_insert(0) += 1;
            let offset = original.get(..f.start).map_or(0, |s| s.chars().count());
            let length = original
                .get(f.start..f.end)
                .map_or(0, |s| s.chars().count());
            let (offset, length) = (offset.to_string(), length.to_string());
            let path = sink.redactions.path().to_path_buf();
            sink.redactions
                .row([
                    r.id.as_str(),
                    &question,
                    f.kind.name(),
                    f.rule,
                    &offset,
                    &length,
                ])
                .map_err(write_err(&path))?;
        }
    }
    Ok(())
}

/// `manifest.json` of a publication: no timestamps, so runs compare. `outputs` lists what
/// hearken owns in the folder (see [`crate::output`]).
#[derive(Serialize)]
struct Manifest<'a> {
    hearken_version: &'static str,
    outputs: &'static [&'static str],
    inputs: Vec<InputRecord<'a>>,
    settings: Settings<'a>,
    counts: &'a PublishReport,
}

#[derive(Serialize)]
struct Settings<'a> {
    names: NamePolicy,
    name_column: Option<&'a str>,
    organisation_column: Option<&'a str>,
    consent_column: Option<&'a str>,
    with_attributes: bool,
    listed_names: usize,
}

fn finish(
    opts: &PublishOptions,
    schema: &SurveySchema,
    people: &People,
    (hashes, accounting): (&[(PathBuf, String)], &[Accounting]),
    sink: Sink,
    dir: &Path,
) -> Result<PublishReport, PublishError> {
    let Sink {
        responses,
        redactions,
        mut report,
    } = sink;
    for out in [responses, redactions] {
        let path = out.path().to_path_buf();
        out.finish().map_err(write_err(&path))?;
    }
    report.rows = accounting.iter().map(|a| a.rows).sum();
    report.written = vec![
        "manifest.json".to_string(),
        "redactions.csv".to_string(),
        "responses.csv".to_string(),
    ];
    let column = |c: Option<usize>| {
        c.and_then(|i| schema.columns.get(i))
            .map(|c| c.name.as_str())
    };
    let inputs = hashes
        .iter()
        .zip(accounting)
        .map(|((path, hash), acc)| InputRecord::new(path, hash, schema.format, acc))
        .collect();
    let manifest = Manifest {
        hearken_version: provenance::VERSION,
        outputs: PUBLISH_OUTPUTS,
        inputs,
        settings: Settings {
            names: opts.names,
            name_column: column(people.name),
            organisation_column: column(people.organisation),
            consent_column: column(schema.consent_column),
            with_attributes: opts.with_attributes,
            listed_names: opts.redact.names.len(),
        },
        counts: &report,
    };
    let path = dir.join(crate::output::MANIFEST);
    fs::write(&path, provenance::manifest_json(&manifest)).map_err(write_err(&path))?;
    Ok(report)
}

#[cfg(test)]
mod tests;
