//! Search results for publication: the answer and its snippet as they would be published, with
//! personal data replaced by placeholders, and highlights moved to match (a highlight inside a
//! removed span is dropped with it).

use super::search::{leading, Snippet};
use crate::text::redact::{self, Redaction, Redactor};
use tantivy::snippet::Snippet as Generated;

/// A redacted text with its replaced spans: (original start, original end, redacted start,
/// redacted end).
struct Redacted {
    text: String,
    spans: Vec<(usize, usize, usize, usize)>,
}

impl Redacted {
    fn new(original: &str, found: &[Redaction]) -> Redacted {
        let mut spans = Vec::with_capacity(found.len());
        let mut shift: isize = 0;
        for r in found {
            let start = (r.start as isize + shift) as usize;
            let end = start + r.kind.placeholder().len();
            spans.push((r.start, r.end, start, end));
            shift += r.kind.placeholder().len() as isize - (r.end - r.start) as isize;
        }
        Redacted {
            text: redact::apply(original, found),
            spans,
        }
    }

    /// Where original position `pos` lands: inside a replaced span, at the placeholder's start
    /// (`to_end` false) or end (`to_end` true).
    fn map(&self, pos: usize, to_end: bool) -> usize {
        let mut shift: isize = 0;
        for &(s, e, rs, re) in &self.spans {
            if pos < s {
                break;
            }
            if pos < e {
                return if to_end { re } else { rs };
            }
            shift = re as isize - e as isize;
        }
        (pos as isize + shift).max(0) as usize
    }

    /// Whether `start..end` touches a replaced span.
    fn hides(&self, start: usize, end: usize) -> bool {
        self.spans.iter().any(|&(s, e, _, _)| s < end && start < e)
    }
}

/// The redacted answer and its redacted snippet.
pub(super) fn redacted(
    original: &str,
    generated: &Generated,
    max: usize,
    redactor: &Redactor,
) -> (String, Snippet) {
    let r = Redacted::new(original, &redactor.find(original));
    if generated.is_empty() {
        let snippet = Snippet {
            text: leading(&r.text, max),
            highlights: Vec::new(),
        };
        return (r.text, snippet);
    }
    let range = generated.fragment_range();
    let whole = original.chars().count() <= max;
    let (from, to) = if whole {
        (0, r.text.len())
    } else {
        (r.map(range.start, false), r.map(range.end, true))
    };
    let prefix = if from > 0 { "…" } else { "" };
    let suffix = if to < r.text.len() { "…" } else { "" };
    let highlights = generated
        .highlighted()
        .iter()
        .map(|h| (h.start + range.start, h.end + range.start))
        .filter(|&(s, e)| !r.hides(s, e))
        .map(|(s, e)| {
            let (s, e) = (r.map(s, false), r.map(e, true));
            (s - from + prefix.len(), e - from + prefix.len())
        })
        .collect();
    let body = r.text.get(from..to).unwrap_or_default();
    let snippet = Snippet {
        text: format!("{prefix}{body}{suffix}"),
        highlights,
    };
    (r.text, snippet)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::redact::PiiKind;

    #[test]
    fn positions_move_with_the_placeholders() {
        let text = "call 0141 555 0123 or ask Dr Patel today";
        let found = vec![
            Redaction {
                kind: PiiKind::Phone,
                rule: "phone-uk",
                start: 5,
                end: 18,
            },
            Redaction {
                kind: PiiKind::Name,
                rule: "name-title",
                start: 29,
                end: 34,
            },
        ];
        let r = Redacted::new(text, &found);
        assert_eq!(r.text, "call [phone] or ask Dr [name] today");
        assert_eq!(r.map(0, false), 0);
        assert_eq!(r.map(19, false), 13); // "or"
        assert_eq!(r.map(7, false), 5); // inside the phone: its placeholder's start
        assert_eq!(r.map(7, true), 12);
        assert_eq!(r.map(35, false), 30); // "today"
        assert_eq!(&r.text[r.map(35, false)..r.map(40, true)], "today");
        assert!(r.hides(29, 34) && r.hides(10, 12) && !r.hides(19, 21));
    }
}
