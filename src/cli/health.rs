//! `hearken lexicon health` and `hearken lexicon suggest`: how well a code frame covers a
//! survey, and adding the words it misses to the lexicon files.

use anyhow::{bail, Context};
use hearken::coding::Codebook;
use hearken::summary::health::{FrameHealth, HealthBuilder};
use std::path::PathBuf;

/// What both commands read: the exports, the lexicon and the overrides.
#[derive(clap::Args)]
pub struct HealthInput {
    /// Survey exports (as for `hearken run`).
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,
    /// Lexicon directory (default: the built-in lexicons; `suggest --accept` needs one).
    #[arg(long, value_name = "DIR")]
    lexicons: Option<PathBuf>,
    #[command(flatten)]
    columns: super::ColumnFlags,
    #[command(flatten)]
    overrides: super::OverrideFlags,
}

impl HealthInput {
    /// Codes the exports and folds them into the frame's health.
    fn health(&self) -> anyhow::Result<(Codebook, FrameHealth)> {
        let (codebook, health) = super::fold_coded(
            &self.inputs,
            self.lexicons.as_deref(),
            (&self.columns, &self.overrides),
            |codebook, schema| HealthBuilder::new(&codebook.lexicon, schema),
            |health, _, batch| health.add(batch),
        )?;
        let health = health.finish();
        Ok((codebook, health))
    }
}

/// Run `hearken lexicon health`.
pub fn health(input: &HealthInput, json: bool) -> anyhow::Result<()> {
    let (_, h) = input.health()?;
    if json {
        println!("{}", serde_json::to_string_pretty(&h)?);
        return Ok(());
    }
    let mut out = format!("{} answers\n\ntheme  answers  share  overlap  most with      near misses  entries never firing\n", h.answers);
    for t in &h.themes {
        let with = t.most_with.as_ref().map_or_else(
            || "-".to_string(),
            |(id, s)| format!("{id} {:.0}%", s * 100.0),
        );
        out.push_str(&format!(
            "{:<6} {:>7} {:>5.1}% {:>6.1}%  {:<14} {:>11}  {}\n",
            super::printable(&t.theme),
            t.answers,
            t.share * 100.0,
            t.overlap * 100.0,
            super::printable(&with),
            t.near_misses,
            t.never_fire_count
        ));
        if !t.fired_most.is_empty() {
            let fired: Vec<String> = t
                .fired_most
                .iter()
                .map(|(e, n)| format!("{} ({n})", super::printable(e)))
                .collect();
            out.push_str(&format!("       fired most: {}\n", fired.join(", ")));
        }
        for (e, s) in &t.fire_in_most {
            out.push_str(&format!(
                "       fires in {:.0}% of answers: {}\n",
                s * 100.0,
                super::printable(e)
            ));
        }
    }
    out.push_str("\nuncoded answers by question\n");
    for q in &h.questions {
        out.push_str(&format!(
            "{:<6} {} of {} ({:.1}%)\n",
            super::printable(&q.question),
            q.uncoded,
            q.answers,
            q.share * 100.0
        ));
    }
    out.push_str(&suggestions_text(&h));
    print!("{out}");
    Ok(())
}

/// Said when no word qualifies, so an empty list is not read as a failure.
const NO_SUGGESTIONS: &str = "  none: no word outside the lexicons is used mostly in one theme's \
coded answers and would, once added, code an answer the frame left without that theme\n";

fn suggestions_text(h: &FrameHealth) -> String {
    let mut out =
        String::from("\nsuggestions (accept with: hearken lexicon suggest ... --accept ID)\n");
    if h.suggestions.is_empty() {
        out.push_str(NO_SUGGESTIONS);
    }
    for s in &h.suggestions {
        out.push_str(&format!(
            "{}  {} \"{}\"  {} in {} answers, would code {} (z {:.1})\n",
            s.id,
            super::printable(&s.theme),
            super::printable(&s.term),
            s.count,
            s.source,
            s.codes,
            s.z
        ));
        for e in &s.examples {
            out.push_str(&format!(
                "    {} {}: {}\n",
                super::printable(&e.id),
                super::printable(&e.question),
                super::printable(&shorten(&e.text, 100))
            ));
        }
    }
    out
}

fn shorten(text: &str, max: usize) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        flat
    } else {
        format!("{}...", flat.chars().take(max - 3).collect::<String>())
    }
}

/// Run `hearken lexicon suggest`: list the suggestions, or add the accepted ones to their
/// theme files.
pub fn suggest(input: &HealthInput, accept: &[String]) -> anyhow::Result<()> {
    let (codebook, h) = input.health()?;
    if accept.is_empty() {
        print!("{}", suggestions_text(&h));
        return Ok(());
    }
    let Some(dir) = &input.lexicons else {
        bail!("--accept adds to a lexicon directory: give it with --lexicons (make one with `hearken lexicon export DIR`)");
    };
    for id in accept {
        let Some(s) = h.suggestions.iter().find(|s| &s.id == id) else {
            bail!("no suggestion {id} for this input and lexicon; run `hearken lexicon suggest` to list them");
        };
        let Some(theme) = codebook.lexicon.themes.iter().find(|t| t.id == s.theme) else {
            bail!("theme {} is not in {}", s.theme, dir.display());
        };
        let path = &theme.path;
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("failed to read {}", path.display()))?;
        let comment = format!(
            "{}: suggested by hearken lexicon suggest ({} in {} answers, would code {})",
            s.id, s.count, s.source, s.codes
        );
        let updated = hearken::lexicon::accept::add_term(&text, &s.term, s.weight, &comment)
            .with_context(|| format!("cannot add to {}", path.display()))?;
        std::fs::write(path, updated)
            .with_context(|| format!("failed to write {}", path.display()))?;
        println!(
            "added \"{}\" to {}",
            super::printable(&s.term),
            path.display()
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_list_of_suggestions_says_why() {
        let h = FrameHealth {
            answers: 12,
            themes: Vec::new(),
            questions: Vec::new(),
            suggestions: Vec::new(),
        };
        let text = suggestions_text(&h);
        assert!(text.starts_with("\nsuggestions (accept with:"), "{text}");
        assert!(text.ends_with(NO_SUGGESTIONS), "{text}");
    }
}
