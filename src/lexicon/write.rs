//! Writing a lexicon back to TOML files in the format it is read from.

use super::parse::{ALIASES_FILE, PRIORITIES_FILE, SETS_FILE};
use super::{Entry, Lexicon, LexiconError, Negation};
use crate::model::Theme;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Writes `lex` into `dir` (created if needed): `priorities.toml` plus one file per theme, named
/// after the file it was read from or `ID-name.toml`. Reading the directory back gives `lex`
/// again (apart from line numbers and paths).
pub fn write_dir(lex: &Lexicon, dir: &Path) -> Result<(), LexiconError> {
    let write_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| LexiconError::Write { path, source }
    };
    std::fs::create_dir_all(dir).map_err(write_err(dir))?;
    for (name, text) in to_toml(lex) {
        let path = dir.join(name);
        std::fs::write(&path, text).map_err(write_err(&path))?;
    }
    Ok(())
}

/// The files of a lexicon directory as (file name, contents), `priorities.toml` first.
pub fn to_toml(lex: &Lexicon) -> Vec<(PathBuf, String)> {
    let mut files = Vec::with_capacity(lex.themes.len() + 3);
    files.push((PathBuf::from(PRIORITIES_FILE), priorities_toml(lex)));
    let mut used: Vec<PathBuf> = vec![PathBuf::from(PRIORITIES_FILE)];
    if !lex.sets.is_empty() {
        files.push((PathBuf::from(SETS_FILE), sets_toml(lex)));
        used.push(PathBuf::from(SETS_FILE));
    }
    if !lex.aliases.is_empty() {
        files.push((PathBuf::from(ALIASES_FILE), aliases_toml(lex)));
        used.push(PathBuf::from(ALIASES_FILE));
    }
    for (i, t) in lex.themes.iter().enumerate() {
        let fallback = Theme {
            id: t.id.clone(),
            name: String::new(),
            description: String::new(),
            priorities: Vec::new(),
        };
        let theme = lex
            .frame
            .themes
            .iter()
            .find(|f| f.id == t.id)
            .or(lex.frame.themes.get(i))
            .unwrap_or(&fallback);
        let mut name = match t.path.file_name() {
            Some(n) if !t.path.as_os_str().is_empty() => PathBuf::from(n),
            _ => PathBuf::from(theme_file_name(&t.id, &theme.name)),
        };
        if used.contains(&name) {
            name = PathBuf::from(format!("{}-{i}.toml", sanitize(&t.id)));
        }
        used.push(name.clone());
        files.push((name, theme_toml(t, theme)));
    }
    files
}

/// `priorities.toml`: how themes are assigned and counted, the priorities and the domain.
fn priorities_toml(lex: &Lexicon) -> String {
    let mut p = String::new();
    p.push_str("# How many themes an answer may get: \"all\" or \"best\".\n");
    let _ = writeln!(p, "assign = {}", quote(lex.assign.name()));
    if lex.count != super::Count::Each {
        p.push_str("# How often an entry counts in one answer: \"each\" match or \"once\".\n");
        let _ = writeln!(p, "count = {}", quote(lex.count.name()));
    }
    for prio in &lex.frame.priorities {
        p.push_str("\n[[priority]]\n");
        let _ = writeln!(p, "id = {}", quote(&prio.id));
        let _ = writeln!(p, "name = {}", quote(&prio.name));
        let _ = writeln!(p, "description = {}", quote(&prio.description));
    }
    if let Some(d) = &lex.domain {
        p.push_str("\n[domain]\n");
        let _ = writeln!(p, "set = {}", quote(&d.set));
        let _ = writeln!(p, "threshold = {}", float(d.threshold));
        let _ = writeln!(p, "min_words = {}", d.min_words);
        if !d.unless.is_empty() {
            let _ = writeln!(p, "unless = {}", quoted_list(&d.unless));
        }
        if !d.question_words.is_empty() {
            let _ = writeln!(p, "question_words = {}", quoted_list(&d.question_words));
        }
    }
    p
}

/// `sets.toml`: the named word lists.
fn sets_toml(lex: &Lexicon) -> String {
    let mut s = String::new();
    for set in &lex.sets {
        if !s.is_empty() {
            s.push('\n');
        }
        let _ = writeln!(s, "[{}]", set.name);
        if !set.description.is_empty() {
            let _ = writeln!(s, "description = {}", quote(&set.description));
        }
        let _ = writeln!(s, "terms = {}", quoted_list(&set.terms));
    }
    s
}

/// `aliases.toml`: the `[aliases]` table, one `written = "standard"` line per alias.
fn aliases_toml(lex: &Lexicon) -> String {
    let mut s = String::from("[aliases]\n");
    for a in &lex.aliases {
        let _ = writeln!(s, "{} = {}", quote(&a.from), quote(&a.to));
    }
    s
}

/// One theme's file: its frame entry, threshold, terms, exclusions and proximity rules.
fn theme_toml(t: &super::ThemeLexicon, theme: &Theme) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "id = {}", quote(&t.id));
    let _ = writeln!(s, "name = {}", quote(&theme.name));
    let _ = writeln!(s, "description = {}", quote(&theme.description));
    let _ = writeln!(s, "priorities = {}", quoted_list(&theme.priorities));
    let _ = writeln!(s, "threshold = {}", float(t.threshold));
    s.push_str("\nterms = [\n");
    for e in &t.entries {
        let _ = writeln!(s, "  {},", entry(e));
    }
    s.push_str("]\n");
    if !t.exclude.is_empty() {
        s.push_str("\nexclude = [\n");
        for e in &t.exclude {
            let _ = writeln!(s, "  {},", quote(&e.term));
        }
        s.push_str("]\n");
    }
    for rule in &t.near {
        s.push_str("\n[[near]]\n");
        let _ = writeln!(s, "a = {}", quote(&rule.a));
        let _ = writeln!(s, "b = {}", quote(&rule.b));
        if let Some(n) = rule.within {
            let _ = writeln!(s, "within = {n}");
        }
        if rule.sentence || rule.within.is_none() {
            s.push_str("sentence = true\n");
        }
        if rule.weight != 1.0 {
            let _ = writeln!(s, "weight = {}", float(rule.weight));
        }
        if !rule.unless.is_empty() {
            let _ = writeln!(s, "unless = {}", quoted_list(&rule.unless));
        }
    }
    s
}

/// A file name for a theme: `T10-support-for-unpaid-carers.toml`.
pub fn theme_file_name(id: &str, name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
        if slug.len() >= 40 {
            break;
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        format!("{}.toml", sanitize(id))
    } else {
        format!("{}-{slug}.toml", sanitize(id))
    }
}

/// An id made safe for a file name.
fn sanitize(id: &str) -> String {
    let s: String = id
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if s.is_empty() {
        "theme".into()
    } else {
        s
    }
}

fn entry(e: &Entry) -> String {
    if e.weight == 1.0 && e.negation == Negation::Any && e.sense.is_empty() {
        return quote(&e.term);
    }
    let mut s = format!("{{ term = {}", quote(&e.term));
    if e.weight != 1.0 {
        let _ = write!(s, ", weight = {}", float(e.weight));
    }
    if e.negation != Negation::Any {
        let _ = write!(s, ", negation = {}", quote(e.negation.name()));
    }
    if !e.sense.with.is_empty() {
        let _ = write!(s, ", with = {}", quoted_list(&e.sense.with));
    }
    if !e.sense.unless.is_empty() {
        let _ = write!(s, ", unless = {}", quoted_list(&e.sense.unless));
    }
    if let (Some(n), false) = (e.sense.within, e.sense.is_empty()) {
        let _ = write!(s, ", within = {n}");
    }
    if let (Some(n), false) = (e.sense.unless_within, e.sense.unless.is_empty()) {
        let _ = write!(s, ", unless_within = {n}");
    }
    s.push_str(" }");
    s
}

/// A TOML float that reads back as the same `f32`.
fn float(x: f32) -> String {
    let s = format!("{x}");
    if s.contains(['.', 'e', 'E', 'i', 'N']) {
        s
    } else {
        format!("{s}.0")
    }
}

/// A TOML array of quoted strings, on one line.
fn quoted_list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| quote(i)).collect();
    format!("[{}]", quoted.join(", "))
}

/// A TOML basic string.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::load_dir;

    /// A lexicon with the file positions (lines, paths) cleared.
    fn positions_cleared(mut lex: Lexicon) -> Lexicon {
        for t in &mut lex.themes {
            t.path = PathBuf::new();
            for e in t.entries.iter_mut().chain(t.exclude.iter_mut()) {
                e.line = 0;
            }
            for r in &mut t.near {
                r.line = 0;
            }
        }
        for set in &mut lex.sets {
            set.line = 0;
        }
        for a in &mut lex.aliases {
            a.line = 0;
        }
        lex
    }

    #[test]
    fn load_of_write_gives_the_lexicon_back() {
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/coding/lex");
        let original = load_dir(&fixture).unwrap();
        let mut lex = original.clone();
        lex.assign = crate::lexicon::Assign::Best;
        lex.count = crate::lexicon::Count::Once;
        lex.themes[0].threshold = 1.25;
        lex.themes[0].entries[0].weight = 0.1;
        lex.themes[0]
            .entries
            .push(Entry::new("quote \" and \\ back"));
        lex.themes[0].near.push(crate::lexicon::NearRule {
            a: "@staff".into(),
            b: "kind".into(),
            within: Some(3),
            sentence: true,
            weight: 0.75,
            unless: vec!["kind of".into(), "@staff room".into()],
            line: 0,
        });
        lex.frame.themes[1].description = "line\nbreak".into();
        lex.aliases = vec![
            crate::lexicon::Alias {
                from: "cannae".into(),
                to: "can't".into(),
                line: 0,
            },
            crate::lexicon::Alias {
                from: "tae".into(),
                to: "to".into(),
                line: 0,
            },
        ];
        lex.sets.push(crate::lexicon::WordSet {
            name: "staff".into(),
            description: "People who give care".into(),
            terms: vec!["nurse*".into(), "care worker".into()],
            line: 0,
        });
        lex.domain = Some(crate::lexicon::Domain {
            set: "staff".into(),
            threshold: 2.5,
            min_words: 12,
            unless: vec!["take care".into(), "@staff room".into()],
            question_words: vec!["comments".into(), "else".into()],
        });
        lex.themes[0].entries[0].sense = crate::lexicon::Sense {
            with: vec!["@staff".into(), "ward".into()],
            unless: vec!["train station".into()],
            within: Some(4),
            unless_within: Some(1),
        };
        let a = tempfile::tempdir().unwrap();
        write_dir(&lex, a.path()).unwrap();
        let back = load_dir(a.path()).unwrap();
        assert_eq!(positions_cleared(back.clone()), positions_cleared(lex));
        // Writing what was read back gives identical files (a fixed point).
        let b = tempfile::tempdir().unwrap();
        write_dir(&back, b.path()).unwrap();
        for (name, text) in to_toml(&back) {
            assert_eq!(
                std::fs::read_to_string(a.path().join(&name)).unwrap(),
                text,
                "{name:?}"
            );
        }
        assert_eq!(to_toml(&original)[1].0, PathBuf::from("T01-carers.toml"));
    }

    #[test]
    fn file_names_for_new_themes() {
        assert_eq!(
            theme_file_name("T10", "Support for unpaid carers"),
            "T10-support-for-unpaid-carers.toml"
        );
        assert_eq!(theme_file_name("x/y", "!!"), "x_y.toml");
    }
}
