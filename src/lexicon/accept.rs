//! Adding an accepted suggestion to a theme file: the term goes at the end of the file's
//! `terms = [...]` array, after a comment saying where it came from, and every other byte of the
//! file is kept as written (comments, order, spacing).

/// Why a term could not be added.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AcceptError {
    /// The file has no `terms = [` array.
    #[error("no `terms = [` array to add to")]
    NoTerms,
    /// The array is not closed.
    #[error("the `terms` array is not closed")]
    Unclosed,
}

/// The text of a theme file with `term` (at `weight`) added at the end of its `terms` array,
/// after the comment line `# {comment}`.
pub fn add_term(text: &str, term: &str, weight: f32, comment: &str) -> Result<String, AcceptError> {
    let start = text
        .match_indices("terms")
        .map(|(i, _)| i)
        .find(|&i| {
            let line_start = text[..i].rfind('\n').map_or(0, |p| p + 1);
            text[line_start..i].trim().is_empty()
                && text[i + 5..].trim_start().starts_with('=')
                && text[i + 5..]
                    .trim_start()
                    .trim_start_matches('=')
                    .trim_start()
                    .starts_with('[')
        })
        .ok_or(AcceptError::NoTerms)?;
    let open = start + text[start..].find('[').ok_or(AcceptError::NoTerms)?;
    let close = closing_bracket(text, open).ok_or(AcceptError::Unclosed)?;
    // The last value before `]`: add a comma after it when it has none.
    let body = &text[open + 1..close];
    let last = last_code_char(body);
    let mut out = String::with_capacity(text.len() + term.len() + comment.len() + 32);
    match last {
        Some((i, c)) if c != ',' => {
            out.push_str(&text[..open + 1 + i + c.len_utf8()]);
            out.push(',');
            out.push_str(&text[open + 1 + i + c.len_utf8()..close]);
        }
        _ => out.push_str(&text[..close]),
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    let escaped = term.replace('\\', "\\\\").replace('"', "\\\"");
    if weight == 1.0 {
        out.push_str(&format!("  # {comment}\n  \"{escaped}\",\n"));
    } else {
        out.push_str(&format!(
            "  # {comment}\n  {{ term = \"{escaped}\", weight = {weight:?} }},\n"
        ));
    }
    out.push_str(&text[close..]);
    Ok(out)
}

/// The index of the `]` closing the array opened at `open`, skipping strings and comments.
fn closing_bracket(text: &str, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut chars = text[open..].char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(open + i);
                }
            }
            '#' => {
                for (_, c) in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            '"' | '\'' => {
                let mut escaped = false;
                for (_, d) in chars.by_ref() {
                    if c == '"' && d == '\\' && !escaped {
                        escaped = true;
                        continue;
                    }
                    if d == c && !escaped {
                        break;
                    }
                    escaped = false;
                }
            }
            _ => {}
        }
    }
    None
}

/// The last character of `body` outside comments and whitespace, with its index.
fn last_code_char(body: &str) -> Option<(usize, char)> {
    let mut last = None;
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        let code = strip_comment(line);
        if let Some((i, c)) = code.char_indices().rev().find(|(_, c)| !c.is_whitespace()) {
            last = Some((offset + i, c));
        }
        offset += line.len();
    }
    last
}

/// A line without its `#` comment (a `#` inside a string is kept).
fn strip_comment(line: &str) -> &str {
    let mut quote: Option<char> = None;
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (None, '#') => return &line[..i],
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            _ => {}
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds_at_the_end_of_terms_keeping_the_rest() {
        let text = "id = \"T02\"\nterms = [\n  \"gp\", # the doctor [sic]\n  { term = \"nurse\", weight = 0.5 }\n]\n\nexclude = [\"gp surgery\"]\n";
        let out = add_term(text, "inhaler", 1.0, "suggested S1234abcd").expect("added");
        assert_eq!(
            out,
            "id = \"T02\"\nterms = [\n  \"gp\", # the doctor [sic]\n  { term = \"nurse\", weight = 0.5 },\n  # suggested S1234abcd\n  \"inhaler\",\n]\n\nexclude = [\"gp surgery\"]\n"
        );
        let parsed: toml::Value = toml::from_str(&out).expect("still TOML");
        assert_eq!(parsed["terms"].as_array().map(Vec::len), Some(3));
        let again = add_term(&out, "spray", 0.5, "x").expect("added");
        assert!(again.contains("  { term = \"spray\", weight = 0.5 },\n]"));
        let parsed: toml::Value = toml::from_str(&again).expect("still TOML");
        assert_eq!(parsed["terms"].as_array().map(Vec::len), Some(4));
    }

    #[test]
    fn a_file_without_terms_is_an_error() {
        assert_eq!(
            add_term("id = \"T01\"\n", "x", 1.0, "c"),
            Err(AcceptError::NoTerms)
        );
        assert_eq!(
            add_term("terms = [\"a\"", "x", 1.0, "c"),
            Err(AcceptError::Unclosed)
        );
        let one_line = add_term("terms = [\"a\", \"b\"]\n", "c", 1.0, "why").expect("added");
        let parsed: toml::Value = toml::from_str(&one_line).expect("TOML");
        assert_eq!(parsed["terms"].as_array().map(Vec::len), Some(3));
    }
}
