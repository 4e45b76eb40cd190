//! `hearken evaluate`: compare hearken's coding with human codes.

use hearken::coding::evaluate::{
    evaluate, CodingError, ErrorKind, EvaluateOptions, Evaluation, Interval, LabelMap, LabelMapUse,
    Metrics, DEFAULT_RESAMPLES, DEFAULT_SEED,
};
use std::path::PathBuf;

/// Output formats of `hearken evaluate`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// A table for people.
    Text,
    /// One JSON object (figures per label, averages, errors).
    Json,
}

/// Arguments of `hearken evaluate`.
#[derive(clap::Args)]
#[command(
    after_help = "Intervals: 95% percentile bootstrap over answers (the answers are resampled with \
replacement --bootstrap times with a fixed --seed, and every figure recomputed), so the same input \
always gives the same intervals.\n\nExamples:\n  hearken evaluate --lexicons learned --input coded-test.csv \
--text-column answer --labels-column themes\n  hearken evaluate --lexicons lexicons --input \
coded.csv --text-column comment --labels-column labels --label-separator \", \" --worst 5\n  \
hearken evaluate --lexicons lexicons --input fft.csv --text-column comment_txt --labels-column \
labels --label-separator \", \" --label-map fft-to-themes.toml"
)]
pub struct Args {
    /// The lexicon directory to code with (default: the built-in lexicons for the 12 themes).
    #[arg(long, value_name = "DIR")]
    pub lexicons: Option<PathBuf>,
    /// The hand-coded CSV file and its columns.
    #[command(flatten)]
    pub coded: super::CodedInput,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
    /// List up to N disagreements, in file order, with the answer and the matches behind them.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub show_errors: usize,
    /// Per label, list the N worst false positives (highest score first, with the entries that
    /// fired) and the N worst false negatives (least evidence first).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub worst: usize,
    /// A TOML file mapping gold labels (of another code frame) to theme ids; only the themes it
    /// names are evaluated, and labels it drops or does not list are counted.
    #[arg(long, value_name = "FILE")]
    pub label_map: Option<PathBuf>,
    /// Bootstrap resamples for the 95% intervals (0 for none).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_RESAMPLES)]
    pub bootstrap: usize,
    /// Seed of the bootstrap resampling.
    #[arg(long, default_value_t = DEFAULT_SEED)]
    pub seed: u64,
    /// Reviewers' overrides to apply after the lexicons (needs --id-column); their `question`
    /// is `Q1` or the text column's name.
    #[arg(long, value_name = "FILE", requires = "id_column")]
    pub overrides: Option<PathBuf>,
    /// The column of respondent ids that overrides name.
    #[arg(long, value_name = "COLUMN")]
    pub id_column: Option<String>,
    /// The column holding the question each answer replies to (default: the column named
    /// `question`, when there is one). Answers to a question about health and care are coded
    /// as `hearken run` codes the answers under such a column header.
    #[arg(long, value_name = "COLUMN")]
    pub question_column: Option<String>,
}

/// Run `hearken evaluate`.
pub fn run(args: Args) -> anyhow::Result<()> {
    let overrides = match &args.overrides {
        Some(p) => Some(hearken::coding::overrides::Overrides::read(p)?),
        None => None,
    };
    let codebook = super::code::load_codebook(args.lexicons.as_deref())?.with_overrides(overrides);
    let label_map = match &args.label_map {
        Some(path) => Some(LabelMap::load(path)?),
        None => None,
    };
    let sample = args.coded.read()?;
    let ids: Vec<String> = match &args.id_column {
        Some(column) => {
            let by_line = hearken::lexicon::learn::read_column(&args.coded.input, column)?;
            let id = |line| by_line.get(&line).cloned().unwrap_or_default();
            sample.rows.iter().map(|r| id(r.line)).collect()
        }
        None => Vec::new(),
    };
    let questions = [hearken::model::Question {
        id: "Q1".to_string(),
        text: args.coded.text_column.clone(),
        column: 0,
    }];
    let answers = codebook.answers(&questions);
    let on_subject = questions_on_subject(&args, &sample, &codebook.coder)?;
    let opts = EvaluateOptions {
        on_subject: on_subject.as_deref(),
        reviewed: args
            .id_column
            .is_some()
            .then_some((&answers, ids.as_slice())),
        max_errors: args.show_errors,
        worst: args.worst,
        resamples: args.bootstrap,
        seed: args.seed,
        label_map: label_map.as_ref(),
    };
    let result = evaluate(&codebook.coder, &sample, &opts)?;
    super::print_override_issues(&answers.issues());
    match args.format {
        OutputFormat::Json => println!("{}", serde_json::to_string_pretty(&result)?),
        OutputFormat::Text => print!("{}", text_report(&result)),
    }
    for row in sample.skipped.iter().take(5) {
        eprintln!(
            "hearken: skipped {} line {}: {}",
            args.coded.input.display(),
            row.line,
            row.reason
        );
    }
    Ok(())
}

/// Per sample row, whether the question it answers is about the frame's subject: from
/// `--question-column`, or the column named `question` when the file has one; `None` without.
fn questions_on_subject(
    args: &Args,
    sample: &hearken::lexicon::learn::CodedSample,
    coder: &hearken::coding::Coder,
) -> anyhow::Result<Option<Vec<bool>>> {
    let read = |column: &str| hearken::lexicon::learn::read_column(&args.coded.input, column);
    let by_line = match &args.question_column {
        Some(column) => read(column)?,
        None => match read("question") {
            Ok(by_line) => by_line,
            Err(_) => return Ok(None),
        },
    };
    // The file's questions, each once, judged together as one survey's.
    let questions: Vec<&String> = by_line
        .values()
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let on_subject: std::collections::BTreeMap<&String, bool> = questions
        .iter()
        .copied()
        .zip(coder.subjects(&questions))
        .collect();
    Ok(Some(
        sample
            .rows
            .iter()
            .map(|r| {
                by_line
                    .get(&r.line)
                    .is_some_and(|q| on_subject.get(q).copied().unwrap_or(false))
            })
            .collect(),
    ))
}

/// Shortens a text to at most `max` characters for display, on one line.
fn shorten(text: &str, max: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        flat
    } else {
        let cut: String = flat.chars().take(max.saturating_sub(3)).collect();
        format!("{cut}...")
    }
}

/// `0.812 (0.774-0.851)`, or the bare figure when there are no intervals.
fn with_ci(value: f64, ci: Interval, intervals: bool) -> String {
    if intervals {
        format!("{value:.3} ({:.3}-{:.3})", ci.low, ci.high)
    } else {
        format!("{value:.3}")
    }
}

fn text_report(r: &Evaluation) -> String {
    let m = &r.metrics;
    let mut out = format!(
        "documents: {}  skipped rows: {}\nmicro  precision {:.3}  recall {:.3}  F1 {:.3}\n\
         macro  precision {:.3}  recall {:.3}  F1 {:.3}\n",
        m.documents,
        r.skipped_rows,
        m.micro_precision,
        m.micro_recall,
        m.micro_f1,
        m.macro_precision,
        m.macro_recall,
        m.macro_f1
    );
    let ci = m.bootstrap.resamples > 0;
    if ci {
        out.push_str(&format!(
            "95% intervals ({}, {} resamples, seed {}):\n\
             micro  precision {:.3}-{:.3}  recall {:.3}-{:.3}  F1 {:.3}-{:.3}\n\
             macro  precision {:.3}-{:.3}  recall {:.3}-{:.3}  F1 {:.3}-{:.3}\n",
            m.bootstrap.method,
            m.bootstrap.resamples,
            m.bootstrap.seed,
            m.micro_precision_ci.low,
            m.micro_precision_ci.high,
            m.micro_recall_ci.low,
            m.micro_recall_ci.high,
            m.micro_f1_ci.low,
            m.micro_f1_ci.high,
            m.macro_precision_ci.low,
            m.macro_precision_ci.high,
            m.macro_recall_ci.low,
            m.macro_recall_ci.high,
            m.macro_f1_ci.low,
            m.macro_f1_ci.high,
        ));
    }
    if let Some(lm) = &r.label_map {
        out.push_str(&label_map_text(lm));
    }
    out.push('\n');
    out.push_str(&table_text(m, ci));
    if !r.errors.is_empty() {
        out.push_str("\nerrors:\n");
    }
    for e in &r.errors {
        out.push_str(&error_text(e));
    }
    for w in &r.worst {
        out.push_str(&format!("\nworst errors for `{}`:\n", w.label));
        for e in w.false_positives.iter().chain(&w.false_negatives) {
            out.push_str(&error_text(e));
        }
    }
    out
}

/// How a label map was used: the themes evaluated, the labels dropped or not in the map.
fn label_map_text(lm: &LabelMapUse) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "label map {}: themes evaluated {}\n",
        lm.file,
        lm.themes.join(", ")
    ));
    let list = |m: &std::collections::BTreeMap<String, usize>| {
        m.iter()
            .map(|(l, n)| format!("{l} ({n})"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !lm.dropped.is_empty() {
        out.push_str(&format!("  dropped labels: {}\n", list(&lm.dropped)));
    }
    if !lm.not_in_map.is_empty() {
        out.push_str(&format!(
            "  labels not in the map: {}\n",
            list(&lm.not_in_map)
        ));
    }
    out
}

/// The table of figures per label.
fn table_text(m: &Metrics, ci: bool) -> String {
    let mut out = String::new();
    let width = m
        .labels
        .iter()
        .map(|l| l.label.chars().count())
        .max()
        .unwrap_or(5)
        .max(5);
    let cell = if ci { 19 } else { 9 };
    out.push_str(&format!(
        "{:<width$}  {:>cell$}  {:>cell$}  {:>cell$}  {:>5}  {:>7}  {:>5}  {:>5}  {:>5}\n",
        "label", "precision", "recall", "F1", "kappa", "support", "tp", "fp", "fn"
    ));
    for l in &m.labels {
        out.push_str(&format!(
            "{:<width$}  {:>cell$}  {:>cell$}  {:>cell$}  {:>5.3}  {:>7}  {:>5}  {:>5}  {:>5}\n",
            l.label,
            with_ci(l.precision, l.precision_ci, ci),
            with_ci(l.recall, l.recall_ci, ci),
            with_ci(l.f1, l.f1_ci, ci),
            l.kappa,
            l.support,
            l.tp,
            l.fp,
            l.fn_
        ));
    }
    out
}

/// One disagreement: where, which way, the score against the threshold, and every match.
fn error_text(e: &CodingError) -> String {
    let kind = match e.kind {
        ErrorKind::FalsePositive => "false positive",
        ErrorKind::FalseNegative => "false negative",
    };
    let against = match (e.threshold, &e.verdict) {
        (Some(t), Some(v)) => format!(", threshold {t:.3}: {v}"),
        _ => String::new(),
    };
    let mut out = format!(
        "line {}: {kind} `{}` (score {:.3}{against})\n  text: {}\n",
        e.line,
        e.label,
        e.score,
        shorten(&e.text, 120)
    );
    if e.evidence.is_empty() {
        out.push_str("  evidence: none\n");
    }
    for ev in &e.evidence {
        let span = e.text.get(ev.start..ev.end).unwrap_or("");
        out.push_str(&format!(
            "  evidence: `{}` matched \"{}\" at {}..{} weight {:.3}{}\n",
            ev.entry,
            span,
            ev.start,
            ev.end,
            ev.weight,
            if ev.negated { " (negated)" } else { "" }
        ));
    }
    out
}
