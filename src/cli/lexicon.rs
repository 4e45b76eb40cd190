//! `hearken lexicon`: check a lexicon directory for mistakes, or export the built-in lexicon to
//! edit it.

use anyhow::{bail, Context};
use hearken::lexicon::{self, Severity};
use std::path::PathBuf;

/// Arguments of `hearken lexicon`.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  hearken lexicon check lexicons\n  hearken lexicon export my-lexicons"
)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand)]
enum Command {
    /// Check a lexicon directory: syntax and format errors with file and line, unknown priorities,
    /// duplicate themes, and entries that are duplicated, shadowed or can never match. Exits
    /// with 1 when there is any error.
    Check {
        /// The lexicon directory (priorities.toml plus one file per theme).
        dir: PathBuf,
    },
    /// How well the frame covers a survey: per theme its share, overlap, near misses and entries
    /// that never or mostly fire; uncoded answers per question; and suggested words.
    Health {
        #[command(flatten)]
        input: super::health::HealthInput,
        /// Print JSON instead of tables.
        #[arg(long)]
        json: bool,
    },
    /// List the suggested words for a survey, or add accepted ones to their theme files.
    Suggest {
        #[command(flatten)]
        input: super::health::HealthInput,
        /// Suggestion ids to add to the lexicon directory (as `hearken lexicon health` lists them).
        #[arg(long, value_name = "ID", num_args = 1..)]
        accept: Vec<String>,
    },
    /// Write the built-in lexicon into a new directory, as a starting point to edit.
    Export {
        /// The directory to create (must not already hold lexicon files).
        dir: PathBuf,
    },
}

/// Run `hearken lexicon`.
pub fn run(args: Args) -> anyhow::Result<()> {
    match args.command {
        Command::Check { dir } => {
            let report = lexicon::check(&dir);
            let mut out = String::new();
            for f in &report.findings {
                out.push_str(&format!("{}\n", super::printable(&f.to_string())));
            }
            let (errors, warnings) = (
                report.count(Severity::Error),
                report.count(Severity::Warning),
            );
            out.push_str(&format!(
                "{} {}, {} {}: {errors} {}, {warnings} {}\n",
                report.themes,
                plural(report.themes, "theme", "themes"),
                report.entries,
                plural(report.entries, "entry", "entries"),
                plural(errors, "error", "errors"),
                plural(warnings, "warning", "warnings"),
            ));
            print!("{out}");
            if errors > 0 {
                return Err(super::Exit(1).into());
            }
            Ok(())
        }
        Command::Health { input, json } => super::health::health(&input, json),
        Command::Suggest { input, accept } => super::health::suggest(&input, &accept),
        Command::Export { dir } => {
            std::fs::create_dir_all(&dir)
                .with_context(|| format!("failed to create {}", dir.display()))?;
            for (path, _) in lexicon::default_files() {
                let name = path.rsplit('/').next().unwrap_or(path);
                if dir.join(name).exists() {
                    bail!(
                        "{} already exists; choose an empty directory",
                        dir.join(name).display()
                    );
                }
            }
            for (path, text) in lexicon::default_files() {
                let target = dir.join(path.rsplit('/').next().unwrap_or(path));
                std::fs::write(&target, text)
                    .with_context(|| format!("failed to write {}", target.display()))?;
            }
            println!("wrote the built-in lexicon to {}", dir.display());
            Ok(())
        }
    }
}

fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 {
        one
    } else {
        many
    }
}
