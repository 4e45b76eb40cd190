//! `hearken code`: code every answer of an export and write one CSV row per answer, or explain
//! how one respondent's answers were coded.

use anyhow::{bail, Context};
use hearken::coding::{Coder, Explanation};
use hearken::ingest::{self, IngestOptions, RoleOverrides};
use hearken::lexicon::{self, Lexicon};
use hearken::model::Coding;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// Arguments of `hearken code`.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  hearken code --input survey.csv --output coded.csv\n  \
hearken code --lexicons my-lexicons --input survey.csv --text-column \"Any other comments?\" --id-column ResponseID --output coded.csv\n  \
hearken code --input survey.csv --id-column ResponseID --explain R0042"
)]
pub struct Args {
    /// Lexicon directory (priorities.toml plus one file per theme). Without it, the built-in
    /// lexicon of 3 priorities and 12 themes is used.
    #[arg(long, value_name = "DIR")]
    lexicons: Option<PathBuf>,
    /// The survey export to code.
    #[arg(long, value_name = "FILE")]
    input: PathBuf,
    /// A column of answers to code (header or 1-based number); repeat for several. Without it,
    /// columns of long free text are found automatically.
    #[arg(long = "text-column", value_name = "C")]
    text_columns: Vec<String>,
    /// The respondent id column (header or 1-based number). Without it, ids are `row-N`.
    #[arg(long = "id-column", value_name = "C")]
    id_column: Option<String>,
    /// Header rows before the data (0-20), when the survey tool is not recognised right.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(0..=20))]
    header_rows: Option<u8>,
    /// Where to write the coding: one row per answer with columns
    /// id,question,themes,priorities,evidence.
    #[arg(long, value_name = "OUT.csv", required_unless_present = "explain")]
    output: Option<PathBuf>,
    /// Print one respondent's answers with the matches highlighted, and why each theme was or
    /// was not assigned.
    #[arg(long, value_name = "ID")]
    explain: Option<String>,
}

/// Run `hearken code`.
pub fn run(args: Args) -> anyhow::Result<()> {
    let lex = load_lexicon(args.lexicons.as_deref())?;
    let coder = Coder::new(&lex).context("failed to compile the lexicon")?;
    let opts = IngestOptions {
        roles: RoleOverrides {
            id: args.id_column.clone(),
            text: args.text_columns.clone(),
            ..RoleOverrides::default()
        },
        progress: std::io::stderr().is_terminal(),
        header_rows: args.header_rows.map(usize::from),
        ..IngestOptions::default()
    };
    let (schema, respondents, _accounting) = ingest::read_all(&args.input, &opts)
        .with_context(|| format!("failed to read {}", args.input.display()))?;
    if let Some(out) = &args.output {
        let codings = coder.code_respondents(&respondents);
        write_codings(out, &schema, &respondents, &codings)
            .with_context(|| format!("failed to write {}", out.display()))?;
    }
    if let Some(id) = &args.explain {
        let Some(r) = respondents.iter().find(|r| &r.id == id) else {
            bail!("no respondent with id `{id}` in {}", args.input.display());
        };
        let color = std::io::stdout().is_terminal();
        let mut out = String::new();
        for (q, answer) in schema.questions.iter().zip(&r.answers) {
            let Some(text) = answer else { continue };
            out.push_str(&format!(
                "{} {} ({}):\n",
                super::printable(&r.id),
                q.id,
                super::printable(&q.text)
            ));
            out.push_str(&render_explanation(text, &coder.explain(text), color));
        }
        if out.is_empty() {
            out = format!("{}: no answers to code\n", r.id);
        }
        std::io::stdout().write_all(out.as_bytes())?;
    }
    Ok(())
}

/// The lexicon from a directory, or the built-in one.
pub fn load_lexicon(dir: Option<&Path>) -> anyhow::Result<Lexicon> {
    match dir {
        Some(d) => lexicon::load_dir(d)
            .with_context(|| format!("failed to load the lexicon in {}", d.display())),
        None => Ok(lexicon::default_lexicon()),
    }
}

fn write_codings(
    out: &Path,
    schema: &hearken::model::SurveySchema,
    respondents: &[hearken::model::Respondent],
    codings: &[Coding],
) -> anyhow::Result<()> {
    let file = std::fs::File::create(out)?;
    hearken::report::write_coded_csv(
        std::io::BufWriter::new(file),
        schema,
        respondents,
        codings,
        false,
    )?;
    Ok(())
}

/// The answer with matches highlighted, then one block per theme with evidence.
fn render_explanation(text: &str, x: &Explanation, color: bool) -> String {
    let mut spans: Vec<(usize, usize)> = x
        .themes
        .iter()
        .flat_map(|t| t.matches.iter().map(|m| (m.evidence.start, m.evidence.end)))
        .filter(|&(s, e)| s < e && e <= text.len())
        .collect();
    spans.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (s, e) in spans {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    let (open, close) = if color {
        ("\x1b[1;33m", "\x1b[0m")
    } else {
        ("[", "]")
    };
    let mut out = String::from("  ");
    out.push_str(&super::mark_spans(text, &merged, open, close));
    out = out.replace('\n', "\n  ");
    out.push('\n');
    if x.themes.is_empty() {
        out.push_str("  no lexicon entry matches\n");
    }
    if x.off_domain {
        out.push_str(
            "  off the subject: no domain words and no strong entry, so no theme is given\n",
        );
    }
    for t in &x.themes {
        let cmp = if t.score >= t.threshold { ">=" } else { "<" };
        out.push_str(&format!(
            "  {} {}: {} (score {} {cmp} threshold {})\n",
            t.theme, t.name, t.verdict, t.score, t.threshold
        ));
        for m in &t.matches {
            let e = &m.evidence;
            out.push_str(&format!(
                "    {} @{}-{} \"{}\" weight {}: {}\n",
                e.entry,
                e.start,
                e.end,
                super::printable(text.get(e.start..e.end).unwrap_or_default()),
                e.weight,
                m.status
            ));
        }
    }
    out
}
