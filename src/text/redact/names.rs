//! Personal names. A capitalised word on its own is never taken for a name, so places
//! ("Hamilton", "East Kilbride") and services stay; names are looked for only where the text
//! announces one. Rules:
//! - `name-title`: after a title, "Dr Patel", "Councillor J. McLeod", "dr Patel";
//!   `name-title-lower`: a lower-case name after a lower-case or abbreviated title, "mrs
//!   mcleod", "Mr smith" (not an everyday word: "my dr appointment", "ms symptoms" stay).
//! - `name-intro`: after "my name is", "I'm called", "ask for".
//! - `name-im`: after "I'm" or "I am", "I'm Mary McLeod" (not "I'm Scottish", and not in a text
//!   written In Title Case).
//! - `name-relation`: after a relation or a person word, "my husband John", "my wee boy
//!   Callum", "my son's name is Kyle", "a lady called Margaret"; a second name joined by "and"
//!   goes too ("my sons Kyle and Ryan").
//! - `name-signoff`: after a sign-off, "Regards, Jean Smith", "Thanks,\nJean" (everyday words
//!   such as "thanks" need a comma or line break; the name must end the line or the sentence);
//!   `name-greeting`: "Dear Jean," "Hi Tam!".
//! - `name-list`: any name on the analyst's list, wherever it stands, in any case.
//!
//! Titles and relation words stay, only the name goes: "Dr [name]", "my wife, [name],". A title
//! or a relation alone identifies no one and keeping it keeps the quote readable.

use super::words::{self, list};
use super::{PiiKind, Redaction};
use regex::Regex;
use std::collections::HashSet;

/// One word of a name: capitalised, with inner apostrophes or hyphens ("O'Neill", "Smith-Jones");
/// a trailing dot is kept for initials ("J.") and trimmed otherwise.
const NAME_WORD: &str = r"\p{Lu}\p{L}*(?:['’-]\p{Lu}\p{L}*)*\.?";

/// Up to three name words on one line.
fn name_seq() -> String {
    format!(r"({NAME_WORD}(?:[ \t]+{NAME_WORD}){{0,2}})")
}

/// A lower-case phrase as a pattern: spaces become runs of blanks, apostrophes match both forms.
fn phrase(p: &str) -> String {
    let mut out = String::new();
    for c in p.chars() {
        match c {
            ' ' => out.push_str(r"[ \t]+"),
            '\'' => out.push_str("['’]"),
            '.' => out.push_str(r"\."),
            _ => out.push(c),
        }
    }
    out
}

fn alternation(words: &'static str) -> String {
    let mut alts: Vec<String> = list(words).map(|p| phrase(&p)).collect();
    // Longest first so that "sons" is preferred over "son" where both could match.
    alts.sort_by_key(|a| std::cmp::Reverse(a.len()));
    alts.join("|")
}

/// How a name was announced; decides which words may follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    /// After a title: initials ("J.") and capitals ("PATEL") are accepted.
    Title,
    /// Elsewhere: the word needs a lower-case letter ("GP" is no name).
    Plain,
}

/// The name rules.
#[derive(Debug, Clone)]
pub(super) struct Names {
    titled: Regex,
    lower_titled: Regex,
    introduced: Regex,
    im: Regex,
    related: Regex,
    signoff: Regex,
    greeting: Regex,
    and_name: Regex,
    weak_signoffs: HashSet<String>,
    common: HashSet<String>,
}

impl Names {
    pub fn new() -> Names {
        let mut titles: Vec<String> = list(words::TITLE_ABBREVIATIONS)
            .map(|t| {
                let (first, rest) = t.split_at(1);
                format!("[{}{}]{}", first, first.to_lowercase(), rest)
            })
            .collect();
        titles.extend(list(words::TITLE_WORDS));
        // A lower-case name follows a lower-case title ("dr patel"), or Mr, Mrs, Ms or Mx in any
        // case ("Mrs mcleod"); after a capitalised "Dr" a lower-case word is rarely a name ("See
        // Dr quicker").
        let lower_titles: Vec<String> = list(words::TITLE_ABBREVIATIONS)
            .map(|t| {
                let lower = t.to_lowercase();
                if matches!(lower.as_str(), "mr" | "mrs" | "ms" | "mx") {
                    let (first, rest) = t.split_at(1);
                    format!("[{}{}]{}", first, first.to_lowercase(), rest)
                } else {
                    lower
                }
            })
            .collect();
        let seq = name_seq();
        let rel = format!(
            r"(?:(?:{})[ \t-]+)?(?:{})(?:-in-law|[ \t]+in[ \t]+law)?",
            alternation(words::RELATION_MODIFIERS),
            alternation(words::RELATIONS)
        );
        let called = r"(?:who[ \t]+is[ \t]+|is[ \t]+|was[ \t]+)?(?:called|named)";
        Names {
            titled: super::compile(&format!(r"(?-u:\b)(?:{})\.?[ \t]+{seq}", titles.join("|"))),
            lower_titled: super::compile(&format!(
                r"(?-u:\b)(?:{})\.?[ \t]+([a-z][a-z'’-]+(?:[ \t]+[a-z][a-z'’-]+)?)(?-u:\b)",
                lower_titles.join("|")
            )),
            introduced: super::compile(&format!(
                r"(?-u:\b)(?i:{})[ \t]+{seq}",
                alternation(words::INTRODUCTIONS)
            )),
            im: super::compile(&format!(r"(?-u:\b)(?i:i['’]m|i[ \t]+am|im)[ \t]+{seq}")),
            related: super::compile(&format!(
                r"(?-u:\b)(?i:(?:my|our|his|her|their|your)[ \t]+{rel}(?:['’]s[ \t]+name[ \t]+is|,?[ \t]+{called})?|(?:a|an|the|one)[ \t]+{rel},?[ \t]+{called}),?[ \t]+{seq}"
            )),
            signoff: super::compile(&format!(
                r"(?-u:\b)(?i:({}))[ \t]*([,!.:\-–—]?)[ \t]*(\r?\n[ \t]*)?{seq}",
                alternation(words::SIGN_OFFS)
            )),
            greeting: super::compile(&format!(
                r"(?-u:\b)(?i:{})[ \t]+{seq}",
                alternation(words::GREETINGS)
            )),
            and_name: super::compile(&format!(r"^[ \t]+(?:and|&)[ \t]+({NAME_WORD})")),
            weak_signoffs: list(words::WEAK_SIGN_OFFS).collect(),
            common: list(words::COMMON_AFTER_TITLES).collect(),
        }
    }

    /// Every announced name in `text`; `not_name` says whether a word is a known non-name.
    pub fn find(&self, text: &str, not_name: &dyn Fn(&str) -> bool, found: &mut Vec<Redaction>) {
        let ctx = Ctx { text, not_name };
        for (re, rule, name) in [
            (&self.titled, Rule::Title, "name-title"),
            (&self.introduced, Rule::Plain, "name-intro"),
            (&self.related, Rule::Plain, "name-relation"),
        ] {
            for c in re.captures_iter(text) {
                let Some(seq) = c.get(1) else { continue };
                if let Some(end) = ctx.accept(seq.start(), seq.end(), rule) {
                    push(found, name, seq.start(), end);
                    if name == "name-relation" {
                        self.and_name(&ctx, end, found);
                    }
                }
            }
        }
        self.lower_titled(&ctx, found);
        if !title_cased(text) {
            for c in self.im.captures_iter(text) {
                let Some(seq) = c.get(1) else { continue };
                // "I'm Confused", "I am Waiting": a capitalised participle, not a name.
                let first = seq.as_str().split_whitespace().next().unwrap_or_default();
                if looks_inflected(&first.to_lowercase()) {
                    continue;
                }
                if let Some(end) = ctx.accept(seq.start(), seq.end(), Rule::Plain) {
                    push(found, "name-im", seq.start(), end);
                }
            }
        }
        self.closings(&ctx, found);
    }

    /// "my sons Kyle and Ryan": a second name joined by "and".
    fn and_name(&self, ctx: &Ctx, end: usize, found: &mut Vec<Redaction>) {
        let Some(extra) = ctx
            .text
            .get(end..)
            .and_then(|rest| self.and_name.captures(rest))
            .and_then(|c| c.get(1))
        else {
            return;
        };
        let (s, e) = (end + extra.start(), end + extra.end());
        if let Some(e) = ctx.accept(s, e, Rule::Plain) {
            push(found, "name-relation", s, e);
        }
    }

    /// "mrs mcleod", "Dr patel": lower-case names after a title.
    fn lower_titled(&self, ctx: &Ctx, found: &mut Vec<Redaction>) {
        for c in self.lower_titled.captures_iter(ctx.text) {
            let Some(seq) = c.get(1) else { continue };
            let mut end = None;
            for (s, w) in super::words_in(ctx.text, seq.start(), seq.end()) {
                let lower = w.to_lowercase();
                if w.chars().count() < 2
                    || (ctx.not_name)(&lower)
                    || self.common.contains(&lower)
                    || looks_inflected(&lower)
                {
                    break;
                }
                end = Some(s + w.len());
            }
            if let Some(end) = end {
                push(found, "name-title-lower", seq.start(), end);
            }
        }
    }

    /// Sign-offs and greetings: the name must close the line or the sentence.
    fn closings(&self, ctx: &Ctx, found: &mut Vec<Redaction>) {
        let closes = |end: usize| {
            let rest = ctx.text.get(end..).unwrap_or_default();
            let rest = rest.trim_start_matches([' ', '\t']);
            rest.is_empty() || rest.starts_with(['.', ',', '!', '\n', '\r', ')', '-', '–'])
        };
        for c in self.signoff.captures_iter(ctx.text) {
            let (Some(word), Some(seq)) = (c.get(1), c.get(4)) else {
                continue;
            };
            let word = word
                .as_str()
                .to_lowercase()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            let comma = c.get(2).is_some_and(|p| !p.as_str().is_empty());
            let newline = c.get(3).is_some();
            if self.weak_signoffs.contains(&word) && !comma && !newline {
                continue;
            }
            // Initials are common in sign-offs ("J. Smith").
            if let Some(end) = ctx.accept(seq.start(), seq.end(), Rule::Title) {
                if closes(end) {
                    push(found, "name-signoff", seq.start(), end);
                }
            }
        }
        for c in self.greeting.captures_iter(ctx.text) {
            let Some(seq) = c.get(1) else { continue };
            if let Some(end) = ctx.accept(seq.start(), seq.end(), Rule::Plain) {
                let rest = ctx.text.get(end..).unwrap_or_default();
                if rest.is_empty() || rest.starts_with([',', '!', '\n', '\r']) {
                    push(found, "name-greeting", seq.start(), end);
                }
            }
        }
    }
}

/// The text and the non-name test, shared by the rules.
struct Ctx<'a> {
    text: &'a str,
    not_name: &'a dyn Fn(&str) -> bool,
}

impl Ctx<'_> {
    /// The end of the name that starts at `start`: the leading words of `start..end` that can
    /// be names. None when not one word qualifies.
    fn accept(&self, start: usize, end: usize, rule: Rule) -> Option<usize> {
        let mut accepted = None;
        for (s, w) in super::words_in(self.text, start, end) {
            let (core, dotted) = match w.strip_suffix('.') {
                Some(core) => (core, true),
                None => (w, false),
            };
            let initial = core.chars().count() == 1;
            if (self.not_name)(core) {
                break;
            }
            let has_lower = core.chars().any(char::is_lowercase);
            match rule {
                Rule::Plain if !has_lower => break,
                // "Dr J Smith" yes, "Dr A" alone no: an undotted initial waits for a full word.
                Rule::Title if initial && !dotted => continue,
                _ => {}
            }
            if initial {
                // A dotted initial ("J.") keeps its dot.
                accepted = Some(s + w.len());
                continue;
            }
            accepted = Some(s + core.len());
            if dotted {
                // "Dr Smith. Mary said": the dot ends the sentence and the name.
                break;
            }
        }
        accepted
    }
}

/// Whether a word of six letters or more ends like an English participle or adverb ("confused",
/// "waiting", "quickly"); few names do.
fn looks_inflected(word: &str) -> bool {
    word.chars().count() >= 6
        && (word.ends_with("ed") || word.ends_with("ing") || word.ends_with("ly"))
}

/// Whether most words of a longer text are capitalised ("I'm Very Unhappy With The Service"),
/// where capitals say nothing about names.
fn title_cased(text: &str) -> bool {
    let (mut words, mut caps) = (0usize, 0usize);
    for w in text.split_whitespace() {
        if let Some(c) = w.chars().find(|c| c.is_alphabetic()) {
            words += 1;
            caps += usize::from(c.is_uppercase());
        }
    }
    words >= 6 && caps * 2 > words
}

fn push(found: &mut Vec<Redaction>, rule: &'static str, start: usize, end: usize) {
    found.push(Redaction {
        kind: PiiKind::Name,
        rule,
        start,
        end,
    });
}

#[cfg(test)]
mod tests;
