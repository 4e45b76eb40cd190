//! Numbers written as groups of digits: "0141 555 0123", "+44 (0)1698 123456", "943 476 5919",
//! "4111 1111 1111 1111". The text is cut into groups of digits (the letter O counts as a zero
//! inside a group that has digits: "O7700"), groups separated by a blank, a hyphen, a dot or
//! brackets form a run, and every run is read from left to right, taking at each group the
//! longest stretch of groups that is a phone, CHI, NHS, card or passport number.

use super::{card, health, phone, scan, PiiKind, Redaction};

/// The most groups one number is written in ("0 7 7 0 0 9 0 0 1 2 3" is eleven).
const MAX_GROUPS: usize = 11;
/// The widest gap between two groups of one run ("0141 - 555").
const MAX_GAP: usize = 3;

/// One group of digits, with its byte span (including a leading `+` or brackets).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Group {
    pub start: usize,
    pub end: usize,
    /// Range of this group's digits in the shared digit buffer.
    pub d0: usize,
    pub d1: usize,
    /// Written with a leading `+`.
    pub plus: bool,
    /// Written in brackets: "(0)", "(01355)".
    pub bracketed: bool,
}

impl Group {
    /// Number of digits.
    pub fn len(&self) -> usize {
        self.d1 - self.d0
    }
}

/// A stretch of consecutive groups and their digits, as the kind rules see it.
pub(super) struct Window<'a> {
    pub groups: &'a [Group],
    /// Every digit of the stretch, the letter O read as 0.
    pub digits: &'a [u8],
    /// Digits per group.
    pub sizes: Vec<usize>,
    /// The text before the stretch (for cue words such as "CHI" or "passport").
    pub before: &'a str,
}

impl Window<'_> {
    /// Whether any group is bracketed.
    pub fn bracketed(&self) -> bool {
        self.groups.iter().any(|g| g.bracketed)
    }

    /// Whether one of `cues` occurs as a whole word in the 60 bytes before the number.
    pub fn cue(&self, cues: &[&str]) -> bool {
        let mut from = self.before.len().saturating_sub(60);
        while !self.before.is_char_boundary(from) {
            from += 1;
        }
        let near = self.before[from..].to_ascii_lowercase();
        cues.iter().any(|c| {
            near.match_indices(c)
                .any(|(i, _)| scan::is_whole_word(&near, i, i + c.len()))
        })
    }
}

/// Cuts `text` into digit groups, in order; `digits` receives every group's digits.
pub(super) fn groups(text: &str, out: &mut Vec<Group>, digits: &mut Vec<u8>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
            i += 1;
        }
        let token = &bytes[start..i];
        let digit_like = token
            .iter()
            .all(|b| b.is_ascii_digit() || matches!(b, b'O' | b'o'));
        if !digit_like || !token.iter().any(u8::is_ascii_digit) {
            continue;
        }
        let d0 = digits.len();
        digits.extend(
            token
                .iter()
                .map(|&b| if b.is_ascii_digit() { b } else { b'0' }),
        );
        let plus = start > 0 && bytes[start - 1] == b'+';
        let bracketed = start > 0 && bytes[start - 1] == b'(' && bytes.get(i) == Some(&b')');
        // "(+44)": the brackets around a country code belong to the number.
        let bracketed_plus =
            plus && start > 1 && bytes[start - 2] == b'(' && bytes.get(i) == Some(&b')');
        out.push(Group {
            start: if bracketed_plus {
                start - 2
            } else if plus || bracketed {
                start - 1
            } else {
                start
            },
            end: if bracketed || bracketed_plus {
                i + 1
            } else {
                i
            },
            d0,
            d1: digits.len(),
            plus,
            bracketed,
        });
    }
}

/// Whether two groups belong to one run: only blanks, hyphens, dots and brackets between them.
fn joined(text: &[u8], a: &Group, b: &Group) -> bool {
    let Some(gap) = text.get(a.end..b.start) else {
        return false;
    };
    gap.len() <= MAX_GAP
        && gap
            .iter()
            .all(|c| matches!(c, b' ' | b'\t' | b'-' | b'.' | b'(' | b')'))
}

/// Every phone, CHI, NHS, card and passport number written in digits.
pub(super) fn find(text: &str, found: &mut Vec<Redaction>) {
    let mut all = Vec::new();
    let mut digits = Vec::new();
    groups(text, &mut all, &mut digits);
    let bytes = text.as_bytes();
    let mut run_start = 0;
    for k in 1..=all.len() {
        if k < all.len() && joined(bytes, &all[k - 1], &all[k]) {
            continue;
        }
        read_run(text, &all[run_start..k], &digits, found);
        run_start = k;
    }
}

/// Reads one run left to right, taking the longest stretch of groups that is a number.
fn read_run(text: &str, run: &[Group], digits: &[u8], found: &mut Vec<Redaction>) {
    let mut i = 0;
    while i < run.len() {
        let longest = (i..run.len().min(i + MAX_GROUPS)).rev().find_map(|j| {
            let (first, last) = (&run[i], &run[j]);
            let window = Window {
                groups: &run[i..=j],
                digits: digits.get(first.d0..last.d1)?,
                sizes: run[i..=j].iter().map(Group::len).collect(),
                before: text.get(..first.start).unwrap_or_default(),
            };
            classify(&window).map(|k| (j, k))
        });
        match longest {
            Some((j, (kind, rule))) => {
                found.push(Redaction {
                    kind,
                    rule,
                    start: run[i].start,
                    end: run[j].end,
                });
                i = j + 1;
            }
            None => i += 1,
        }
    }
}

/// Which kind of number a stretch of groups is, and by which rule.
fn classify(w: &Window) -> Option<(PiiKind, &'static str)> {
    let first = w.groups.first()?;
    if first.plus {
        return phone::international(w).map(|r| (PiiKind::Phone, r));
    }
    if let Some(found) = health::chi_or_nhs(w) {
        return Some(found);
    }
    if w.digits.starts_with(b"00") && w.digits.len() >= 12 {
        return phone::international(w).map(|r| (PiiKind::Phone, r));
    }
    if let Some(r) = card::card(w) {
        return Some((PiiKind::Card, r));
    }
    if let Some(found) = health::by_cue(w) {
        return Some(found);
    }
    if let Some(r) = phone::national(w) {
        return Some((PiiKind::Phone, r));
    }
    super::documents::passport_digits(w).map(|r| (PiiKind::Passport, r))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<(PiiKind, &'static str, &str)> {
        let mut found = Vec::new();
        find(text, &mut found);
        found
            .iter()
            .map(|r| (r.kind, r.rule, &text[r.start..r.end]))
            .collect()
    }

    #[test]
    fn groups_take_brackets_plus_and_letter_o() {
        let mut g = Vec::new();
        let mut d = Vec::new();
        groups("+44 (0)1698 O7700 3pm x9", &mut g, &mut d);
        assert_eq!(g.len(), 4);
        assert!(g[0].plus && g[1].bracketed);
        assert_eq!((g[1].start, g[1].end), (4, 7));
        assert_eq!(&d[g[3].d0..g[3].d1], b"07700");
    }

    #[test]
    fn runs_break_at_slashes_commas_and_words() {
        assert_eq!(read("07700900123/07700900124").len(), 2);
        assert_eq!(read("0141 555 0123, 07700 900123").len(), 2);
        assert!(read("£1,200,000 for 2019 2020").is_empty());
    }

    #[test]
    fn longest_reading_wins_then_the_rest_is_read() {
        let got = read("Ward 12 0141 555 0123 2 times");
        assert_eq!(got, vec![(PiiKind::Phone, "phone-uk", "0141 555 0123")]);
    }
}
