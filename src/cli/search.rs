//! `hearken search`: query the index built by `hearken run`.
//!
//! Text output is for reading; `--format json` writes one JSON object per hit per line (JSON
//! Lines, so it streams into `jq`), with highlight spans as byte offsets into the snippet;
//! `--format csv` writes one row per hit. Answers from respondents who did not consent to
//! publication are marked in every format, and `--publishable` leaves them out and shows the
//! rest as they would be published: redacted.

use super::printable;
use anyhow::Context;
use clap::ValueEnum;
use hearken::index::{self, Count, Counts, Hit, IndexError, SearchIndex, SearchRequest, Sort};
use hearken::report::spreadsheet::SafeCsv;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

/// Arguments of `hearken search`.
#[derive(clap::Args)]
#[command(after_help = "Examples:
  hearken search --index out/index '\"short break\" AND carers'
  hearken search --index out/index appointment --theme T07 --where locality=Hamilton
  hearken search --index out/index respite --publishable --format csv > quotes.csv
  hearken search --index out/index --count --by locality lonely

Limits: a query of at most 2,000 bytes with at most 20 nested parentheses; --limit at most
10,000; --offset at most 1,000,000.

Query syntax: words are all required (`gp phone` means `gp AND phone`) and match other forms
of the same word (`caring` finds `cared`); \"a phrase\" matches consecutive words; combine with
AND, OR, NOT (or -word) and parentheses; field:term searches another field (question:Q2,
id:R0042, theme:/T07, priority:/P3). Repeating --theme, --priority, --question or --where for
the same column accepts any of the values; different options must all hold.")]
pub struct Args {
    /// The index directory: `OUT/index` after `hearken run --out OUT` (OUT itself also works).
    #[arg(long, value_name = "DIR")]
    index: PathBuf,

    /// The query (tantivy syntax, see below). Several words are joined with spaces. Leave it
    /// out to match every answer (useful with filters and --count).
    #[arg(value_name = "QUERY")]
    query: Vec<String>,

    /// Only answers coded with this theme id (e.g. T07). Repeat for any of several.
    #[arg(long, value_name = "ID")]
    theme: Vec<String>,

    /// Only answers linked to this priority id (e.g. P3). Repeat for any of several.
    #[arg(long, value_name = "ID")]
    priority: Vec<String>,

    /// Only answers to this question id (e.g. Q2). Repeat for any of several.
    #[arg(long, value_name = "ID")]
    question: Vec<String>,

    /// Only answers whose attribute COLUMN has VALUE (exact), e.g. --where locality=Hamilton.
    #[arg(long = "where", value_name = "COLUMN=VALUE", value_parser = parse_where)]
    filters: Vec<(String, String)>,

    /// Leave out respondents who did not consent to publication (or whose consent is unknown),
    /// and show the rest redacted, as they would be published.
    #[arg(long)]
    publishable: bool,

    /// Number of hits to show (at most 10,000).
    #[arg(long, default_value_t = 10, value_name = "N",
          value_parser = clap::value_parser!(u64).range(0..=index::MAX_LIMIT as u64))]
    limit: u64,

    /// Number of hits to skip, for paging (at most 1,000,000).
    #[arg(long, default_value_t = 0, value_name = "N",
          value_parser = clap::value_parser!(u64).range(0..=index::MAX_OFFSET as u64))]
    offset: u64,

    /// Order of hits: best match first, or by respondent id then question.
    #[arg(long, value_enum, default_value_t = SortArg::Relevance)]
    sort: SortArg,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,

    /// Print how many answers match, broken down by theme and by priority, instead of hits.
    #[arg(long)]
    count: bool,

    /// With --count, also break the count down by the values of this attribute column.
    #[arg(long, value_name = "COLUMN", requires = "count")]
    by: Option<String>,

    /// Check that these input files are the ones the index was built from (by content hash);
    /// without it, the files recorded in the index are checked.
    #[arg(long, value_name = "FILE")]
    input: Vec<PathBuf>,

    /// With --publishable: a file of names to remove wherever they occur (one per line, `#`
    /// starts a comment), such as staff names.
    #[arg(long, value_name = "FILE", requires = "publishable")]
    redact_names: Option<PathBuf>,

    /// Check that the index was coded with this lexicon directory.
    #[arg(long, value_name = "DIR")]
    lexicons: Option<PathBuf>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum SortArg {
    /// Best match first.
    Relevance,
    /// By respondent id, then question.
    Id,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Readable text with highlighted snippets.
    Text,
    /// One JSON object per line.
    Json,
    /// One CSV row per hit (or per count).
    Csv,
}

fn parse_where(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((column, value)) if !column.trim().is_empty() => {
            Ok((column.trim().to_string(), value.trim().to_string()))
        }
        _ => Err(format!(
            "expected COLUMN=VALUE (e.g. locality=Hamilton), got `{s}`"
        )),
    }
}

/// Run `hearken search`.
pub fn run(args: Args) -> anyhow::Result<()> {
    let index = index::open(&args.index)
        .with_context(|| format!("cannot search {}", args.index.display()))?;
    hearken::pipeline::check_output_index(index.dir())
        .with_context(|| format!("cannot search {}", args.index.display()))?;
    warn_if_stale(&index, &args)?;
    if args.redact_names.is_some() {
        let names = super::read_names(args.redact_names.as_deref())?;
        index
            .redact_with(&hearken::text::redact::RedactOptions { names })
            .context("cannot use the names to remove")?;
    }
    let req = SearchRequest {
        query: args.query.join(" "),
        themes: args.theme.clone(),
        priorities: args.priority.clone(),
        questions: args.question.clone(),
        filters: args.filters.clone(),
        publishable_only: args.publishable,
        limit: usize::try_from(args.limit).unwrap_or(index::MAX_LIMIT),
        offset: usize::try_from(args.offset).unwrap_or(index::MAX_OFFSET),
        sort: match args.sort {
            SortArg::Relevance => Sort::Relevance,
            SortArg::Id => Sort::Id,
        },
        ..SearchRequest::default()
    };
    let stdout = io::stdout();
    let color = stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut out = io::BufWriter::new(stdout.lock());
    let written = if args.count {
        let counts = index.count(&req, args.by.as_deref()).map_err(usage)?;
        print_counts(&mut out, &index, &counts, args.format)
    } else {
        let results = index.search(&req).map_err(usage)?;
        print_hits(
            &mut out,
            &index,
            &req,
            results.total,
            &results.hits,
            args.format,
            color,
        )
    };
    match written.and_then(|()| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("cannot write the results"),
    }
}

/// Bad queries and unknown names are usage errors: say what is wrong and exit with code 2.
fn usage(err: IndexError) -> anyhow::Error {
    if err.is_usage() {
        eprintln!("hearken: error: {}", super::printable(&err.to_string()));
        super::Exit(super::EXIT_USAGE).into()
    } else {
        anyhow::Error::new(err).context("search failed")
    }
}

fn warn_if_stale(index: &SearchIndex, args: &Args) -> anyhow::Result<()> {
    let lexicon = match &args.lexicons {
        Some(dir) => Some(
            hearken::provenance::lexicon_dir_fingerprint(Some(dir))
                .with_context(|| format!("cannot read lexicons {}", dir.display()))?,
        ),
        None => None,
    };
    let inputs = (!args.input.is_empty()).then_some(args.input.as_slice());
    for reason in index.stale(inputs, lexicon.as_deref()) {
        eprintln!(
            "hearken: warning: the index {} may be out of date: {} (rerun `hearken run` to rebuild it)",
            printable(&index.dir().display().to_string()),
            printable(&reason.to_string())
        );
    }
    Ok(())
}

fn theme_name<'a>(index: &'a SearchIndex, id: &str) -> &'a str {
    let frame = &index.manifest().frame;
    frame
        .themes
        .iter()
        .find(|t| t.id == id)
        .map(|t| t.name.as_str())
        .or_else(|| {
            frame
                .priorities
                .iter()
                .find(|p| p.id == id)
                .map(|p| p.name.as_str())
        })
        .unwrap_or("")
}

/// The snippet with its highlights marked: bold on a terminal, `**...**` otherwise.
fn marked(hit: &Hit, color: bool) -> String {
    let (open, close) = if color {
        ("\x1b[1m", "\x1b[0m")
    } else {
        ("**", "**")
    };
    super::mark_spans(&hit.snippet.text, &hit.snippet.highlights, open, close)
}

fn consent_note(hit: &Hit) -> String {
    if hit.publishable() {
        hit.consent.name().to_string()
    } else {
        format!("{} — not for quotation", hit.consent.name())
    }
}

#[derive(Serialize)]
struct JsonHit<'a> {
    id: &'a str,
    question: &'a str,
    question_text: &'a str,
    score: f32,
    snippet: &'a index::Snippet,
    text: &'a str,
    themes: &'a [String],
    priorities: &'a [String],
    attributes: BTreeMap<&'a str, &'a str>,
    consent: &'static str,
    publishable: bool,
    row: u64,
    campaign: Option<u64>,
}

fn print_hits(
    out: &mut impl Write,
    index: &SearchIndex,
    req: &SearchRequest,
    total: u64,
    hits: &[Hit],
    format: Format,
    color: bool,
) -> io::Result<()> {
    match format {
        Format::Text => {
            let noun = if total == 1 {
                "answer matches"
            } else {
                "answers match"
            };
            if hits.is_empty() {
                writeln!(out, "{total} {noun}")?;
            } else {
                let first = req.offset + 1;
                let last = req.offset + hits.len();
                writeln!(out, "{total} {noun}; showing {first}-{last}")?;
            }
            for hit in hits {
                hit_text(out, index, hit, color)?;
            }
            Ok(())
        }
        Format::Json => {
            for hit in hits {
                serde_json::to_writer(&mut *out, &JsonHit::new(hit)).map_err(io::Error::other)?;
                writeln!(out)?;
            }
            Ok(())
        }
        Format::Csv => hits_csv(out, index, hits),
    }
}

/// One hit for people: id, question, groups, codes, consent and the marked snippet.
fn hit_text(out: &mut impl Write, index: &SearchIndex, hit: &Hit, color: bool) -> io::Result<()> {
    writeln!(out)?;
    writeln!(
        out,
        "{}  {}  score {:.2}",
        printable(&hit.id),
        printable(&hit.question),
        hit.score
    )?;
    writeln!(out, "  question: {}", printable(&hit.question_text))?;
    if !hit.attributes.is_empty() {
        let attrs: Vec<String> = hit
            .attributes
            .iter()
            .map(|(k, v)| {
                let v = if v.is_empty() { "(blank)" } else { v };
                format!("{}: {}", printable(k), printable(v))
            })
            .collect();
        writeln!(out, "  {}", attrs.join(" · "))?;
    }
    let themes: Vec<String> = hit
        .themes
        .iter()
        .map(|t| {
            format!("{} {}", printable(t), printable(theme_name(index, t)))
                .trim_end()
                .to_string()
        })
        .collect();
    let none_or = |list: String| {
        if list.is_empty() {
            "(none)".to_string()
        } else {
            list
        }
    };
    writeln!(
        out,
        "  themes: {} · priorities: {}",
        none_or(themes.join("; ")),
        none_or(hit.priorities.join(", "))
    )?;
    writeln!(out, "  consent: {}", consent_note(hit))?;
    writeln!(out, "  {}", marked(hit, color))
}

impl<'a> JsonHit<'a> {
    fn new(hit: &'a Hit) -> Self {
        JsonHit {
            id: &hit.id,
            question: &hit.question,
            question_text: &hit.question_text,
            score: hit.score,
            snippet: &hit.snippet,
            text: &hit.text,
            themes: &hit.themes,
            priorities: &hit.priorities,
            attributes: hit
                .attributes
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect(),
            consent: hit.consent.name(),
            publishable: hit.publishable(),
            row: hit.row,
            campaign: hit.campaign,
        }
    }
}

/// Hits as CSV: one row per hit, every attribute column, the snippet and the whole answer.
fn hits_csv(out: &mut impl Write, index: &SearchIndex, hits: &[Hit]) -> io::Result<()> {
    let mut w = SafeCsv::new(out);
    let mut header: Vec<&str> = vec![
        "id",
        "question",
        "score",
        "themes",
        "priorities",
        "consent",
        "publishable",
    ];
    header.extend(index.manifest().attributes.iter().map(String::as_str));
    header.extend(["snippet", "text"]);
    w.write_row(&header)?;
    for hit in hits {
        let mut row = vec![
            hit.id.clone(),
            hit.question.clone(),
            format!("{:.3}", hit.score),
            hit.themes.join(";"),
            hit.priorities.join(";"),
            hit.consent.name().to_string(),
            if hit.publishable() { "yes" } else { "no" }.to_string(),
        ];
        row.extend(hit.attributes.iter().map(|(_, v)| v.clone()));
        row.push(hit.snippet.text.clone());
        row.push(hit.text.clone());
        w.write_row(&row)?;
    }
    w.flush()
}

#[derive(Serialize)]
struct JsonCount<'a> {
    value: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    name: &'a str,
    count: u64,
}

impl<'a> JsonCount<'a> {
    /// From an (id, name, count) row of the theme or priority table.
    fn from_row(row: &'a (String, String, u64)) -> Self {
        JsonCount {
            value: &row.0,
            name: &row.1,
            count: row.2,
        }
    }
}

#[derive(Serialize)]
struct JsonBy<'a> {
    column: &'a str,
    counts: Vec<JsonCount<'a>>,
}

#[derive(Serialize)]
struct JsonCounts<'a> {
    total: u64,
    by_theme: Vec<JsonCount<'a>>,
    by_priority: Vec<JsonCount<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    by: Option<JsonBy<'a>>,
}

/// Counts for people: the total, then by theme, priority and the column asked for.
fn counts_text(
    out: &mut impl Write,
    counts: &Counts,
    themes: &[(String, String, u64)],
    priorities: &[(String, String, u64)],
) -> io::Result<()> {
    let noun = if counts.total == 1 {
        "answer matches"
    } else {
        "answers match"
    };
    writeln!(out, "{} {noun}", counts.total)?;
    for (title, rows) in [("theme", themes), ("priority", priorities)] {
        writeln!(out)?;
        writeln!(out, "by {title}:")?;
        let width = rows
            .iter()
            .map(|(_, n, _)| n.chars().count())
            .max()
            .unwrap_or(0);
        for (id, name, count) in rows.iter() {
            let (id, name) = (printable(id), printable(name));
            writeln!(out, "  {id:<4} {name:<width$}  {count:>6}")?;
        }
    }
    if let Some((column, by)) = &counts.by_attribute {
        writeln!(out)?;
        writeln!(out, "by {}:", printable(column))?;
        let label = |v: &str| {
            if v.is_empty() {
                "(blank)".to_string()
            } else {
                printable(v).into_owned()
            }
        };
        let width = by
            .iter()
            .map(|c| label(&c.value).chars().count())
            .max()
            .unwrap_or(0);
        for c in by {
            writeln!(out, "  {:<width$}  {:>6}", label(&c.value), c.count)?;
        }
    }
    Ok(())
}

fn print_counts(
    out: &mut impl Write,
    index: &SearchIndex,
    counts: &Counts,
    format: Format,
) -> io::Result<()> {
    let named = |list: &'_ [Count]| -> Vec<(String, String, u64)> {
        list.iter()
            .map(|c| {
                (
                    c.value.clone(),
                    theme_name(index, &c.value).to_string(),
                    c.count,
                )
            })
            .collect()
    };
    let themes = named(&counts.by_theme);
    let priorities = named(&counts.by_priority);
    match format {
        Format::Text => counts_text(out, counts, &themes, &priorities),
        Format::Json => {
            let json = JsonCounts {
                total: counts.total,
                by_theme: themes.iter().map(JsonCount::from_row).collect(),
                by_priority: priorities.iter().map(JsonCount::from_row).collect(),
                by: counts.by_attribute.as_ref().map(|(column, by)| JsonBy {
                    column,
                    counts: by
                        .iter()
                        .map(|c| JsonCount {
                            value: &c.value,
                            name: "",
                            count: c.count,
                        })
                        .collect(),
                }),
            };
            serde_json::to_writer(&mut *out, &json).map_err(io::Error::other)?;
            writeln!(out)
        }
        Format::Csv => {
            let mut w = SafeCsv::new(out);
            w.write_row(["group", "value", "count"])?;
            w.write_row(["all", "", &counts.total.to_string()])?;
            for (id, _, count) in &themes {
                w.write_row(["theme", id, &count.to_string()])?;
            }
            for (id, _, count) in &priorities {
                w.write_row(["priority", id, &count.to_string()])?;
            }
            if let Some((column, by)) = &counts.by_attribute {
                for c in by {
                    w.write_row([column.as_str(), &c.value, &c.count.to_string()])?;
                }
            }
            w.flush()
        }
    }
}
