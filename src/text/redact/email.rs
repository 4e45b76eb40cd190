//! E-mail addresses. Rules:
//! - `email`: a plain address, "jean.smith@example.co.uk".
//! - `email-spaced`: blanks around the @ or the dots, "mary @ gmail.com", "mary@gmail . com".
//! - `email-provider`: a webmail name after an @ (spaced or not) or a written "at", with or
//!   without its top-level domain: "mary@gmail", "mary at gmail", "mary @ hotmail", "mary at
//!   outlook.com" (names that are also everyday words, such as outlook or live, need the ".com").
//!   An unknown host without a top-level domain ("info@example.") stays.
//! - `email-written`: the @ or the dots written out, "jean at example dot com", "jean[at]
//!   example.com", "jean (at) example (dot) org"; "jean at example.com" only after a word such
//!   as "email" or "contact".
//!
//! "I was at the hospital at 3", "send it @ the council" and "dot the i's" stay: a written-out
//! address must end in a known top-level domain or name a webmail provider.

use super::words::{self, list};
use super::{PiiKind, Redaction};
use regex::Regex;

/// Written-out "at": "jean at", "jean [at]", "jean(at)".
const AT_WORD: &str = r"(?:[ \t]+at[ \t]+)";
/// Bracketed "at": "[at]", "(at)", "{at}".
const AT_BRACKET: &str = r"(?:[ \t]*[\[({][ \t]*at[ \t]*[\])}][ \t]*)";
/// Written-out "dot": " dot ", "[dot]", "(dot)".
const DOT_WORD: &str = r"(?:[ \t]*[\[({][ \t]*dot[ \t]*[\])}][ \t]*|[ \t]+dot[ \t]+)";
/// Top-level domains a spaced or written-out address must end with.
const TLDS: &str = "com|org|net|uk|scot|gov|nhs|ac|edu|info|io|me|co|biz|ie|eu|wales";
/// The user part of an address.
const USER: &str = r"[A-Za-z0-9][A-Za-z0-9._%+'’-]*";

/// The e-mail rules.
#[derive(Debug, Clone)]
pub(super) struct Emails {
    plain: Regex,
    spaced: Regex,
    written: Regex,
    provider: Regex,
    announced: Regex,
    weak: Vec<String>,
}

impl Emails {
    pub fn new() -> Emails {
        let user_w = format!(r"[a-z0-9][a-z0-9._%+-]*(?:{DOT_WORD}[a-z0-9][a-z0-9._%+-]*)*");
        let label = r"[a-z0-9][a-z0-9-]*";
        let providers: Vec<String> = list(words::MAIL_PROVIDERS)
            .chain(list(words::WEAK_MAIL_PROVIDERS))
            .collect();
        Emails {
            plain: super::compile(&format!(
                r"(?-u:\b){USER}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{{2,}}(?-u:\b)"
            )),
            spaced: super::compile(&format!(
                r"(?i)(?-u:\b){USER}(?:[ \t]+@[ \t]*|[ \t]*@[ \t]+|@)[a-z0-9-]+(?:[ \t]*\.[ \t]*[a-z0-9-]+)*(?:[ \t]+\.[ \t]*|[ \t]*\.[ \t]+)(?:{TLDS})(?-u:\b)"
            )),
            // Either the "at" is bracketed and the dots may be real, or every dot is written out.
            written: super::compile(&format!(
                r"(?i)(?-u:\b){user_w}(?:{AT_BRACKET}{label}(?:(?:{DOT_WORD}|\.){label})*(?:{DOT_WORD}|\.)|(?:{AT_WORD}|{AT_BRACKET}){label}(?:{DOT_WORD}{label})*{DOT_WORD})(?:{TLDS})(?-u:\b)"
            )),
            provider: super::compile(&format!(
                r"(?i)(?-u:\b){USER}(?:{AT_WORD}|{AT_BRACKET}|[ \t]*@[ \t]*)({})((?:(?:[ \t]*\.[ \t]*|{DOT_WORD})[a-z]{{2,}}(?-u:\b)){{0,3}})(?-u:\b)",
                providers.join("|")
            )),
            announced: super::compile(&format!(
                r"(?i)(?-u:\b){USER}{AT_WORD}[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:{TLDS})(?-u:\b)"
            )),
            weak: list(words::WEAK_MAIL_PROVIDERS).collect(),
        }
    }

    /// `at`: the text holds an '@'; `words`: it holds a written-out "dot", "[at]" or a webmail
    /// name.
    pub fn find(&self, text: &str, at: bool, words: bool, found: &mut Vec<Redaction>) {
        let mut push = |start, end, rule| {
            found.push(Redaction {
                kind: PiiKind::Email,
                rule,
                start,
                end,
            })
        };
        if at {
            for m in self.plain.find_iter(text) {
                push(m.start(), m.end(), "email");
            }
            // Only worth a pass when a blank stands beside an '@' or a dot.
            let spaced = [" @", "@ ", "@\t", "\t@", " .", ". "];
            if spaced.iter().any(|s| text.contains(s)) {
                for m in self.spaced.find_iter(text) {
                    push(m.start(), m.end(), "email-spaced");
                }
            }
        }
        if words {
            for m in self.written.find_iter(text) {
                push(m.start(), m.end(), "email-written");
            }
            // "my email is john at example.com": a written "at" with real dots, after a word
            // that announces an address ("looked at nhsinform.scot" has none).
            for m in self.announced.find_iter(text) {
                if announces_address(text.get(..m.start()).unwrap_or_default()) {
                    push(m.start(), m.end(), "email-written");
                }
            }
            // Webmail names (and "outlook." and the like) are among the trigger words.
            for c in self.provider.captures_iter(text) {
                let (Some(all), Some(host), tld) = (c.get(0), c.get(1), c.get(2)) else {
                    continue;
                };
                let weak = self
                    .weak
                    .iter()
                    .any(|w| host.as_str().eq_ignore_ascii_case(w));
                if !weak || tld.is_some_and(|t| !t.as_str().is_empty()) {
                    push(all.start(), all.end(), "email-provider");
                }
            }
        }
    }
}

/// Whether the 50 bytes before an address announce one ("email", "e-mail", "contact").
fn announces_address(before: &str) -> bool {
    let mut from = before.len().saturating_sub(50);
    while !before.is_char_boundary(from) {
        from += 1;
    }
    let near = before[from..].to_ascii_lowercase();
    ["mail", "contact", "write to", "reach me"]
        .iter()
        .any(|c| near.contains(c))
}

#[cfg(test)]
mod tests {

    fn red(text: &str) -> String {
        super::super::shared().redact(text)
    }

    #[test]
    fn plain_and_spaced() {
        for (text, want) in [
            (
                "email jean.smith@example.com please",
                "email [email] please",
            ),
            (
                "Contact: bob_k+survey@mail.example.co.uk.",
                "Contact: [email].",
            ),
            ("(j.smith2019@example.org)", "([email])"),
            ("a@b.scot and c@d.com", "[email] and [email]"),
            ("my email is info@presidio.site", "my email is [email]"),
            ("mail mary @ gmail.com today", "mail [email] today"),
            ("mail mary@ gmail.com", "mail [email]"),
            ("mail mary @gmail.com", "mail [email]"),
            ("mail mary@gmail . com", "mail [email]"),
        ] {
            assert_eq!(red(text), want, "{text}");
        }
    }

    #[test]
    fn missing_tld_and_webmail() {
        for (text, want) in [
            ("email mary@gmail thanks", "email [email] thanks"),
            ("write to mary at gmail.com", "write to [email]"),
            ("write to mary at gmail", "write to [email]"),
            ("write to mary @ hotmail", "write to [email]"),
            ("write to j.smith at outlook.com", "write to [email]"),
            ("jean.smith at hotmail dot co dot uk", "[email]"),
        ] {
            assert_eq!(red(text), want, "{text}");
        }
    }

    #[test]
    fn written_out() {
        for (text, want) in [
            ("write to jean at example dot com", "write to [email]"),
            ("jean dot smith at example dot co dot uk ok", "[email] ok"),
            ("jean[at]example.com", "[email]"),
            ("jean (at) example (dot) org", "[email]"),
            ("my email is john at example.com", "my email is [email]"),
        ] {
            assert_eq!(red(text), want, "{text}");
        }
    }

    #[test]
    fn not_emails() {
        for text in [
            "I was at the hospital at 3",
            "I looked at the website nhsinform.scot yesterday",
            "send it @ the council",
            "dot the i's and cross the t's",
            "I looked at outlook and the weather",
            "we live at home",
            "the email is info@presidio.",
        ] {
            let out = red(text);
            assert!(!out.contains("[email]"), "{text}: {out}");
        }
    }
}
