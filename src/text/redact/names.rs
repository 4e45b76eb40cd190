//! Personal names. A capitalised word on its own is never taken for a name, so places
//! ("Hamilton", "East Kilbride") and services stay; names are looked for only where the text
//! announces one. Rules:
//! - `name-title`: after a title, "Dr Patel", "Councillor J. McLeod", "dr Patel";
//!   `name-title-lower`: a lower-case name after a lower-case or abbreviated title, "mrs
//!   mcleod", "Mr smith" (not an everyday word: "my dr appointment", "ms symptoms" stay).
//! - `name-intro`: after "my name is", "Name:", "I'm called", "ask for", also in lower case
//!   after a phrase about a name ("my name is john smith", not "my name is irrelevant").
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

use super::scan::{Cue, CueAt};
use super::words::{self, list};
use super::{PiiKind, Redaction};
use std::collections::HashSet;

/// The name rules. They start where the trigger automaton found a title, a relation, an
/// introduction, a sign-off, a greeting or "I'm" (`scan.rs`), and read the words around it by
/// hand: no pattern runs over the whole text.
#[derive(Debug, Clone)]
pub(super) struct Names {
    abbreviations: HashSet<String>,
    modifiers: Vec<String>,
    weak_signoffs: HashSet<String>,
    common: HashSet<String>,
}

/// How a name was announced; decides which words may follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    /// After a title: initials ("J.") and capitals ("PATEL") are accepted.
    Title,
    /// Elsewhere: the word needs a lower-case letter ("GP" is no name).
    Plain,
}

impl Names {
    pub fn new() -> Names {
        Names {
            abbreviations: list(words::TITLE_ABBREVIATIONS)
                .map(|t| t.to_lowercase())
                .collect(),
            modifiers: list(words::RELATION_MODIFIERS).collect(),
            weak_signoffs: list(words::WEAK_SIGN_OFFS).collect(),
            common: list(words::COMMON_AFTER_TITLES).collect(),
        }
    }

    /// Every announced name at the `cues` of `text`; `not_name` says whether a word is a known
    /// non-name.
    pub fn find(
        &self,
        text: &str,
        cues: &[CueAt],
        not_name: &dyn Fn(&str) -> bool,
        found: &mut Vec<Redaction>,
    ) {
        let ctx = Ctx { text, not_name };
        let mut title_cased = None;
        for c in cues {
            match c.cue {
                Cue::Title => self.titled(&ctx, c, found),
                Cue::Intro => {
                    let at = blanks(text, c.end);
                    if at > c.end && !ctx.named(at, Rule::Plain, "name-intro", found) {
                        // "my name is john smith": lower case, unless an everyday word; only
                        // after a phrase about a name ("ask for better care" is no name).
                        let phrase = text[c.start..c.end].to_ascii_lowercase();
                        if phrase.contains("name") || phrase.contains("call") {
                            self.lower_name(&ctx, at, "name-intro", found);
                        }
                    }
                }
                Cue::Relation => self.related(&ctx, c, found),
                Cue::SignOff | Cue::Greeting => self.closing(&ctx, c, found),
                Cue::Im => {
                    let title_cased = *title_cased.get_or_insert_with(|| is_title_cased(text));
                    if !title_cased {
                        self.im(&ctx, c, found);
                    }
                }
            }
        }
    }

    /// "Dr Patel", "Councillor J. McLeod"; "mrs mcleod", "Mr smith" (lower-case names after
    /// a lower-case title, or after Mr, Mrs, Ms or Mx in any case).
    fn titled(&self, ctx: &Ctx, c: &CueAt, found: &mut Vec<Redaction>) {
        let Some(title) = ctx.text.get(c.start..c.end) else {
            return;
        };
        let lower = title.to_lowercase();
        let abbreviation = self.abbreviations.contains(&lower);
        let rest = title.get(1..).unwrap_or_default();
        // Abbreviations may start in lower case ("dr"); full titles must be capitalised.
        let written_ok = if abbreviation {
            rest.chars().all(char::is_lowercase)
        } else {
            title.chars().next().is_some_and(char::is_uppercase)
                && rest.chars().all(char::is_lowercase)
        };
        if !written_ok {
            return;
        }
        let mut at = c.end;
        if ctx.text[at..].starts_with('.') {
            at += 1;
        }
        let name_at = blanks(ctx.text, at);
        if name_at == at {
            return;
        }
        if ctx.named(name_at, Rule::Title, "name-title", found) {
            return;
        }
        let capital = title.chars().next().is_some_and(char::is_uppercase);
        let lower_ok =
            abbreviation && (!capital || matches!(lower.as_str(), "mr" | "mrs" | "ms" | "mx"));
        if lower_ok {
            self.lower_name(ctx, name_at, "name-title-lower", found);
        }
    }

    /// Up to two lower-case words that are not everyday words: "mcleod", "mary mcleod".
    fn lower_name(&self, ctx: &Ctx, at: usize, rule: &'static str, found: &mut Vec<Redaction>) {
        let mut end = None;
        let mut pos = at;
        for _ in 0..2 {
            let w_end = word_end(ctx.text, pos, |c| {
                c.is_lowercase() || c == '\'' || c == '’' || c == '-'
            });
            let Some(w) = ctx.text.get(pos..w_end) else {
                break;
            };
            let lower = w.to_lowercase();
            let first_ok = w.chars().next().is_some_and(char::is_lowercase);
            if !first_ok
                || w.chars().count() < 2
                || !super::scan::is_whole_word(ctx.text, pos, w_end)
                || (ctx.not_name)(&lower)
                || self.common.contains(&lower)
                || looks_inflected(&lower)
            {
                break;
            }
            end = Some(w_end);
            let next = blanks(ctx.text, w_end);
            if next == w_end {
                break;
            }
            pos = next;
        }
        if let Some(end) = end {
            push(found, rule, at, end);
        }
    }

    /// "my husband John", "my wee boy Callum", "my son's name is Kyle", "a lady called
    /// Margaret"; and a second name joined by "and".
    fn related(&self, ctx: &Ctx, c: &CueAt, found: &mut Vec<Redaction>) {
        let text = ctx.text;
        let Some(owner) = self.owner(text, c.start) else {
            return;
        };
        let mut at = c.end;
        for law in ["-in-law", " in law"] {
            let b = text.as_bytes();
            if b.get(at..at + law.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(law.as_bytes()))
            {
                at += law.len();
            }
        }
        let (after, called) = called_or_named(text, at);
        // "a carer called Julie": an article needs "called" or "named".
        if owner == Owner::Article && !called {
            return;
        }
        let mut at = after;
        if text[at..].starts_with(',') {
            at += 1;
        }
        let name_at = blanks(text, at);
        if name_at == at {
            return;
        }
        if ctx.named(name_at, Rule::Plain, "name-relation", found) {
            if let Some(last) = found.last().copied() {
                self.and_name(ctx, last.end, found);
            }
        }
    }

    /// Who the relation belongs to: the word before it (past a modifier such as "late" or "wee").
    fn owner(&self, text: &str, start: usize) -> Option<Owner> {
        let (w, w_start) = word_before(text, start)?;
        let is = |w: &str, list: &[&str]| list.iter().any(|l| w.eq_ignore_ascii_case(l));
        let (w, _) = if self.modifiers.iter().any(|m| w.eq_ignore_ascii_case(m)) {
            word_before(text, w_start)?
        } else {
            (w, w_start)
        };
        if is(w, &["my", "our", "his", "her", "their", "your"]) {
            Some(Owner::Possessive)
        } else if is(w, &["a", "an", "the", "one"]) {
            Some(Owner::Article)
        } else {
            None
        }
    }

    /// "my sons Kyle and Ryan": one more name after "and" or "&".
    fn and_name(&self, ctx: &Ctx, end: usize, found: &mut Vec<Redaction>) {
        let at = blanks(ctx.text, end);
        let rest = &ctx.text[at..];
        let skip = if rest.starts_with("and") {
            3
        } else if rest.starts_with('&') {
            1
        } else {
            return;
        };
        let name_at = blanks(ctx.text, at + skip);
        if at > end && name_at > at + skip {
            ctx.named_words(name_at, 1, Rule::Plain, "name-relation", found);
        }
    }

    /// "I'm Mary McLeod" (not "I'm Confused").
    fn im(&self, ctx: &Ctx, c: &CueAt, found: &mut Vec<Redaction>) {
        let at = blanks(ctx.text, c.end);
        if at == c.end {
            return;
        }
        let first_end = word_end(ctx.text, at, |c| c.is_alphabetic());
        let first = ctx.text.get(at..first_end).unwrap_or_default();
        if !looks_inflected(&first.to_lowercase()) {
            ctx.named(at, Rule::Plain, "name-im", found);
        }
    }

    /// Sign-offs ("Regards, Jean Smith", "Thanks,\nJean") and greetings ("Dear Jean,"): the
    /// name must close the line or the sentence; everyday sign-offs need a comma or a line break.
    fn closing(&self, ctx: &Ctx, c: &CueAt, found: &mut Vec<Redaction>) {
        let text = ctx.text;
        let word = text[c.start..c.end].to_lowercase();
        let mut at = blanks(text, c.end);
        let greeting = c.cue == Cue::Greeting;
        let mut marked = false;
        if !greeting {
            if let Some(p) = text[at..].chars().next().filter(|p| ",!.:-–—".contains(*p)) {
                at = blanks(text, at + p.len_utf8());
                marked = p == ',' || p == ':';
            }
            let rest = &text[at..];
            let newline = if rest.starts_with("\r\n") {
                2
            } else {
                usize::from(rest.starts_with('\n'))
            };
            if newline > 0 {
                at = blanks(text, at + newline);
                marked = true;
            }
            if self.weak_signoffs.contains(&word) && !marked {
                return;
            }
        }
        if at == c.end {
            return;
        }
        let rule = if greeting { Rule::Plain } else { Rule::Title };
        let name = if greeting {
            "name-greeting"
        } else {
            "name-signoff"
        };
        let Some(end) = ctx.name_end(at, 3, rule) else {
            return;
        };
        let rest = text[end..].trim_start_matches([' ', '\t']);
        let closes = if greeting {
            rest.is_empty() || rest.starts_with([',', '!', '\n', '\r'])
        } else {
            rest.is_empty() || rest.starts_with(['.', ',', '!', '\n', '\r', ')', '-', '–'])
        };
        if closes {
            push(found, name, at, end);
        }
    }
}

/// Whether a relation follows a possessive ("my husband") or an article ("a carer called").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Owner {
    Possessive,
    Article,
}

/// After a relation: "'s name is", or "(who is|is|was) called/named" with an optional comma
/// before; returns the position after it and whether "called"/"named" was there.
fn called_or_named(text: &str, at: usize) -> (usize, bool) {
    let rest = text.get(at..).unwrap_or_default();
    let starts = |s: &str, form: &str| {
        s.len() >= form.len()
            && s.as_bytes()[..form.len()].eq_ignore_ascii_case(form.as_bytes())
            && !s[form.len()..].starts_with(char::is_alphanumeric)
    };
    for form in ["'s name is", "’s name is"] {
        if starts(rest, form) {
            return (at + form.len(), true);
        }
    }
    let skip = usize::from(rest.starts_with(','));
    let i = blanks(text, at + skip);
    let rest = text.get(i..).unwrap_or_default();
    for form in [
        "who is called",
        "who is named",
        "is called",
        "is named",
        "was called",
        "was named",
        "called",
        "named",
    ] {
        if starts(rest, form) {
            return (i + form.len(), true);
        }
    }
    (at, false)
}

/// The position after any blanks (spaces and tabs) at `at`.
fn blanks(text: &str, at: usize) -> usize {
    let b = text.as_bytes();
    let mut i = at;
    while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
        i += 1;
    }
    i
}

/// The end of the run of characters from `at` that `keep` accepts.
fn word_end(text: &str, at: usize, keep: impl Fn(char) -> bool) -> usize {
    let rest = text.get(at..).unwrap_or_default();
    at + rest
        .char_indices()
        .find(|&(_, c)| !keep(c))
        .map_or(rest.len(), |(i, _)| i)
}

/// The word just before `start` (past blanks and hyphens), with its start.
fn word_before(text: &str, start: usize) -> Option<(&str, usize)> {
    let before = text.get(..start)?;
    let trimmed = before.trim_end_matches([' ', '\t', '-']);
    if trimmed.len() == before.len() && start > 0 {
        return None;
    }
    let w_start = trimmed
        .char_indices()
        .rev()
        .find(|&(_, c)| !c.is_alphabetic())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let w = &trimmed[w_start..];
    (!w.is_empty()).then_some((w, w_start))
}

/// The text and the non-name test, shared by the rules.
struct Ctx<'a> {
    text: &'a str,
    not_name: &'a dyn Fn(&str) -> bool,
}

impl Ctx<'_> {
    /// Records the name of up to three words at `at`; whether one was found.
    fn named(&self, at: usize, rule: Rule, name: &'static str, found: &mut Vec<Redaction>) -> bool {
        self.named_words(at, 3, rule, name, found)
    }

    fn named_words(
        &self,
        at: usize,
        words: usize,
        rule: Rule,
        name: &'static str,
        found: &mut Vec<Redaction>,
    ) -> bool {
        match self.name_end(at, words, rule) {
            Some(end) => {
                push(found, name, at, end);
                true
            }
            None => false,
        }
    }

    /// The end of the name of up to `words` capitalised words starting at `at`: words such as
    /// "O'Neill", "Smith-Jones", an initial "J."; None when not one word qualifies.
    fn name_end(&self, at: usize, words: usize, rule: Rule) -> Option<usize> {
        let mut accepted = None;
        let mut pos = at;
        for _ in 0..words {
            let Some(end) = name_word_end(self.text, pos) else {
                break;
            };
            let w = &self.text[pos..end];
            let (core, dotted) = match w.strip_suffix('.') {
                Some(core) => (core, true),
                None => (w, false),
            };
            let initial = core.chars().count() == 1;
            if (self.not_name)(core) {
                break;
            }
            let has_lower = core.chars().any(char::is_lowercase);
            let skip = match rule {
                Rule::Plain if !has_lower => break,
                // "Dr J Smith" yes, "Dr A" alone no: an undotted initial waits for a full word.
                Rule::Title => initial && !dotted,
                Rule::Plain => false,
            };
            if !skip {
                // A dotted initial ("J.") keeps its dot; a full word ends before it.
                accepted = Some(if initial { end } else { pos + core.len() });
                if dotted && !initial {
                    // "Dr Smith. Mary said": the dot ends the sentence and the name.
                    break;
                }
            }
            let next = blanks(self.text, end);
            if next == end {
                break;
            }
            pos = next;
        }
        accepted
    }
}

/// The end of one capitalised name word at `at` (with inner apostrophes or hyphens followed
/// by a capital, and a trailing dot), if one starts there.
fn name_word_end(text: &str, at: usize) -> Option<usize> {
    let rest = text.get(at..)?;
    let mut chars = rest.char_indices().peekable();
    let (_, first) = chars.next()?;
    if !first.is_uppercase() {
        return None;
    }
    let mut end = first.len_utf8();
    while let Some(&(i, c)) = chars.peek() {
        if c.is_alphabetic() {
            end = i + c.len_utf8();
            chars.next();
        } else if matches!(c, '\'' | '’' | '-') {
            let mut ahead = rest[i + c.len_utf8()..].chars();
            if ahead.next().is_some_and(char::is_uppercase) {
                end = i + c.len_utf8();
                chars.next();
            } else {
                break;
            }
        } else {
            break;
        }
    }
    if rest[end..].starts_with('.') {
        end += 1;
    }
    // A name word is not glued to digits or other letters ("Patel2").
    let after = rest[end..].chars().next();
    if after.is_some_and(|c| c.is_alphanumeric()) {
        return None;
    }
    Some(at + end)
}

/// Whether a word of six letters or more ends like an English participle or adverb ("confused",
/// "waiting", "quickly"); few names do.
fn looks_inflected(word: &str) -> bool {
    word.chars().count() >= 6
        && (word.ends_with("ed") || word.ends_with("ing") || word.ends_with("ly"))
}

/// Whether most words of a longer text are capitalised ("I'm Very Unhappy With The Service"),
/// where capitals say nothing about names.
fn is_title_cased(text: &str) -> bool {
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
