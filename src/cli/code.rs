//! `hearken code`: code every answer of an export and write one CSV row per answer, or explain
//! how one respondent's answers were coded.

use anyhow::{bail, Context};
use hearken::coding::{AnswerCoder, Codebook, Explanation};
use hearken::ingest::{ConsentValues, Inputs};
use hearken::model::{Respondent, Revision, RevisionAction, SurveySchema};
use hearken::report::CodedWriter;
use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
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
    #[command(flatten)]
    columns: super::ColumnFlags,
    #[command(flatten)]
    overrides: super::OverrideFlags,
    /// Where to write the coding: one row per answer with columns
    /// id,question,themes,priorities,evidence.
    #[arg(long, value_name = "OUT.csv", required_unless_present = "explain")]
    output: Option<PathBuf>,
    /// Print one respondent's answers with the matches highlighted, and why each theme was or
    /// was not assigned.
    #[arg(long, value_name = "ID")]
    explain: Option<String>,
    /// Do not draw progress bars.
    #[arg(long, short)]
    quiet: bool,
}

/// Run `hearken code`: the export is read and coded batch by batch, as `hearken run` does.
pub fn run(args: Args) -> anyhow::Result<()> {
    let codebook = args
        .overrides
        .codebook(args.lexicons.as_deref(), args.columns.config.as_deref())?;
    let opts = args.columns.ingest(ConsentValues::default())?;
    let paths = std::slice::from_ref(&args.input);
    let bars = super::progress::Bars::new(!args.quiet);
    let mut inputs = Inputs::open(paths, &opts, &bars)
        .with_context(|| format!("failed to read {}", args.input.display()))?;
    let schema = inputs.schema().clone();
    hearken::pipeline::require_questions(&schema)?;
    // Written under a temporary name, renamed once complete, removed if coding fails.
    let partial = args
        .output
        .as_ref()
        .map(|out| out.with_extension("csv.partial"));
    let mut writer = match &partial {
        Some(tmp) => Some(coded_writer(tmp, &schema, &codebook)?),
        None => None,
    };
    let answers = codebook.answers(&schema.questions);
    let coded = code_all(&mut inputs, &answers, writer.as_mut(), &args);
    if let (Err(_), Some(tmp)) = (&coded, &partial) {
        let _ = std::fs::remove_file(tmp);
    }
    let explained = coded?;
    super::print_override_issues(&answers.issues());
    if let (Some(w), Some(tmp), Some(out)) = (writer, &partial, &args.output) {
        w.finish()
            .and_then(|mut f| f.flush())
            .and_then(|()| std::fs::rename(tmp, out))
            .with_context(|| format!("failed to write {}", out.display()))?;
    }
    if let Some(id) = &args.explain {
        let Some(r) = explained else {
            bail!("no respondent with id `{id}` in {}", args.input.display());
        };
        explain(&r, &schema, &answers)?;
    }
    Ok(())
}

/// A respondent to explain, with the reviewers' changes to its codings (by question index).
type Explained = (Respondent, Vec<(u16, Revision)>);

/// Codes every batch into `writer`; returns the respondent to explain, if asked for and found.
fn code_all(
    inputs: &mut Inputs<'_>,
    coder: &AnswerCoder<'_>,
    mut writer: Option<&mut CodedWriter<BufWriter<File>>>,
    args: &Args,
) -> anyhow::Result<Option<Explained>> {
    let mut explained = None;
    while let Some(batch) = inputs
        .next_batch()
        .with_context(|| format!("failed to read {}", args.input.display()))?
    {
        let coded = coder.code_batch(batch);
        if let (Some(w), Some(out)) = (writer.as_mut(), &args.output) {
            w.write(&coded)
                .with_context(|| format!("failed to write {}", out.display()))?;
        }
        if let Some(id) = &args.explain {
            if explained.is_none() {
                let seq = coded
                    .respondents
                    .iter()
                    .find(|r| &r.id == id)
                    .map(|r| r.seq);
                let revisions: Vec<(u16, Revision)> = coded
                    .codings
                    .iter()
                    .filter(|c| Some(c.respondent) == seq)
                    .flat_map(|c| c.revisions.iter().map(|r| (c.question, r.clone())))
                    .collect();
                explained = coded
                    .respondents
                    .into_iter()
                    .find(|r| &r.id == id)
                    .map(|r| (r, revisions));
            }
        }
    }
    Ok(explained)
}

/// The lexicon from a directory, or the built-in one, ready to code with.
pub fn load_codebook(dir: Option<&Path>) -> anyhow::Result<Codebook> {
    Codebook::load(dir).with_context(|| match dir {
        Some(d) => format!("failed to load the lexicon in {}", d.display()),
        None => "failed to load the built-in lexicon".to_string(),
    })
}

fn coded_writer(
    out: &Path,
    schema: &SurveySchema,
    codebook: &Codebook,
) -> anyhow::Result<CodedWriter<BufWriter<File>>> {
    let file = File::create(out).with_context(|| format!("failed to write {}", out.display()))?;
    let (frame, sources) = (codebook.frame(), codebook.overrides.is_some());
    CodedWriter::with_sources(BufWriter::new(file), schema, frame, false, sources)
        .with_context(|| format!("failed to write {}", out.display()))
}

/// Prints one respondent's answers with the matches highlighted and each theme's verdict.
fn explain(
    (r, revisions): &Explained,
    schema: &SurveySchema,
    answers: &AnswerCoder<'_>,
) -> anyhow::Result<()> {
    let coder = answers.coder();
    let color = std::io::stdout().is_terminal();
    let mut out = String::new();
    for (qi, (q, answer)) in schema.questions.iter().zip(&r.answers).enumerate() {
        let Some(text) = answer else { continue };
        out.push_str(&format!(
            "{} {} ({}):\n",
            super::printable(&r.id),
            q.id,
            super::printable(&q.text)
        ));
        let explanation = coder.explain_answer(text, answers.on_subject(qi));
        out.push_str(&render_explanation(text, &explanation, color));
        for (_, rev) in revisions.iter().filter(|(q, _)| usize::from(*q) == qi) {
            out.push_str(&format!(
                "  {} {} by a reviewer (overrides line {}, {})\n",
                coder.frame().theme_id(rev.theme),
                match rev.action {
                    RevisionAction::Add => "added",
                    RevisionAction::Remove => "removed",
                },
                rev.line,
                super::printable(&rev.reviewer)
            ));
        }
    }
    if out.is_empty() {
        out = format!("{}: no answers to code\n", r.id);
    }
    std::io::stdout().write_all(out.as_bytes())?;
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
    if x.subject_from_question {
        out.push_str(
            "  on the subject through its question: no domain words of its own, but the question is about the frame's subject\n",
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
            let read_as = m
                .read_as
                .as_deref()
                .map(|r| format!(" (read as \"{}\")", super::printable(r)))
                .unwrap_or_default();
            out.push_str(&format!(
                "    {} @{}-{} \"{}\"{read_as} weight {}: {}\n",
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
