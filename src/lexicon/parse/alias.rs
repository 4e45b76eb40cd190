//! `aliases.toml`: words people write for other words, each read as its standard form.

use super::*;
use crate::lexicon::MAX_ALIASES;

impl Cx<'_> {
    /// `aliases.toml`: one `[aliases]` table of `written = "standard"` words, each one word;
    /// a standard form may not itself be an alias (no chains). Sorted by written form.
    pub(super) fn aliases(&mut self, table: &DeTable<'_>) -> Vec<Alias> {
        let mut out: Vec<Alias> = Vec::new();
        for (key, v) in table.iter() {
            if key.get_ref().as_ref() != "aliases" {
                self.unknown(key, &["aliases"]);
                continue;
            }
            let DeValue::Table(t) = v.get_ref() else {
                self.wrong_type(
                    "aliases",
                    v,
                    "a table ([aliases] with `written = \"standard\"`)",
                );
                continue;
            };
            for (k, v) in t.iter() {
                let line = self.line(&k.span());
                let written = k.get_ref().to_string();
                let Some(standard) = self.string(&written, v) else {
                    continue;
                };
                if out.len() == MAX_ALIASES {
                    self.error(&k.span(), format!("more than {MAX_ALIASES} aliases"));
                    return out;
                }
                let (Some(from), Some(to)) = (one_word(&written), one_word(&standard)) else {
                    self.error(
                        &k.span(),
                        format!(
                            "alias `{written}` = `{standard}`: each side must be one word \
                             (letters, digits and apostrophes; no spaces, `*` or `@`)"
                        ),
                    );
                    continue;
                };
                if from == to {
                    self.error(&k.span(), format!("alias `{written}` is read as itself"));
                    continue;
                }
                out.push(Alias { from, to, line });
            }
        }
        out.sort_by(|a, b| a.from.cmp(&b.from));
        let written: std::collections::BTreeMap<&str, usize> =
            out.iter().map(|a| (a.from.as_str(), a.line)).collect();
        let mut chains = Vec::new();
        for a in &out {
            if let Some(line) = written.get(a.to.as_str()) {
                chains.push(Finding::error(
                    self.path.to_path_buf(),
                    a.line,
                    format!(
                        "alias `{}` is read as `{}`, which is itself an alias (line {line}): \
                         write the final word",
                        a.from, a.to
                    ),
                ));
            }
        }
        self.findings.append(&mut chains);
        out
    }
}

/// The folded form of `s` when it is exactly one word as answers are split into words.
fn one_word(s: &str) -> Option<String> {
    let mut words = Vec::new();
    crate::text::segment::segment_with_currency(s, &mut words);
    match words.as_slice() {
        [w] if w.start == 0 && w.end == s.len() => Some(crate::text::fold(s)),
        _ => None,
    }
}
