//! Social media handles and web addresses that point at a person. Rules:
//! - `handle`: an @ name not preceded by a user part ("@mary_mcleod84"), as long as it holds a
//!   letter and is not a clock time ("@3pm").
//! - `handle-named`: a user name after a social network's name and "is" or a colon ("my insta is
//!   marymc_84", "Twitter: @jeansmith"); the name must hold a digit, an underscore or a dot, or
//!   follow "handle", "username" or "@".
//! - `url-social`: an address on a social network or fundraising site with a path
//!   (`facebook.com/mary.mcleod.77`, `https://www.instagram.com/marymc84`).
//! - `url-personal`: any address whose path names a person's page ("/~mary", "/users/…",
//!   "/profile/…", "/in/…", "/@…").
//!
//! Other web addresses stay: in consultation answers they point to organisations' pages.

use super::words::{self, list};
use super::{PiiKind, Redaction};
use regex::Regex;

/// Path parts that mark a person's page on any site.
const PERSONAL_PATHS: &[&str] = &[
    "/~", "/users/", "/user/", "/u/", "/profile", "/people/", "/in/", "/@", "/member/",
];

/// The handle and web address rules.
#[derive(Debug, Clone)]
pub(super) struct Web {
    handle: Regex,
    named: Regex,
    url: Regex,
    hosts: Vec<String>,
}

impl Web {
    pub fn new() -> Web {
        let hosts: Vec<String> = list(words::SOCIAL_HOSTS).collect();
        let host_alt: Vec<String> = hosts.iter().map(|h| regex::escape(h)).collect();
        let cues: Vec<String> = list(words::SOCIAL_CUES).collect();
        Web {
            handle: super::compile(
                r"(?:^|[^A-Za-z0-9._%+\-@])(@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?)",
            ),
            named: super::compile(&format!(
                r"(?i)(?-u:\b)(?:{})(?:[ \t]+(handle|name|username|user[ \t]+name|account|page|id))?(?:[ \t]+is[ \t]*:?|[ \t]*:)[ \t]*(@?[A-Za-z0-9_][A-Za-z0-9_.]{{1,29}})",
                cues.join("|")
            )),
            url: super::compile(&format!(
                r"(?i)(?:https?://|www\.|(?-u:\b)(?:{})/)[^\s<>\x22'()\[\]]+",
                host_alt.join("|")
            )),
            hosts,
        }
    }

    /// `at`: the text holds an '@'; `social`: a network's name; `url`: "://", "www." or a
    /// social host.
    pub fn find(&self, text: &str, at: bool, social: bool, url: bool, out: &mut Vec<Redaction>) {
        if at {
            for c in self.handle.captures_iter(text) {
                let Some(h) = c.get(1) else { continue };
                let name = &h.as_str()[1..];
                let letter = name.bytes().any(|b| b.is_ascii_alphabetic());
                let time = name
                    .trim_end_matches(['a', 'm', 'p', 'A', 'M', 'P'])
                    .bytes()
                    .all(|b| b.is_ascii_digit());
                if letter && !time {
                    push(out, PiiKind::Handle, "handle", h.start(), h.end());
                }
            }
        }
        if social {
            for c in self.named.captures_iter(text) {
                let Some(name) = c.get(2) else { continue };
                let n = name.as_str().trim_end_matches('.');
                let marked = n.starts_with('@')
                    || c.get(1).is_some()
                    || n.bytes()
                        .any(|b| b.is_ascii_digit() || b == b'_' || b == b'.');
                if marked {
                    push(
                        out,
                        PiiKind::Handle,
                        "handle-named",
                        name.start(),
                        name.start() + n.len(),
                    );
                }
            }
        }
        if url {
            for m in self.url.find_iter(text) {
                let s = m.as_str().trim_end_matches(['.', ',', ';', ':', '!', '?']);
                if let Some(rule) = self.personal(s) {
                    push(out, PiiKind::Url, rule, m.start(), m.start() + s.len());
                }
            }
        }
    }

    /// Whether an address points at a person, and by which rule.
    fn personal(&self, url: &str) -> Option<&'static str> {
        let lower = url.to_ascii_lowercase();
        let rest = lower
            .strip_prefix("https://")
            .or_else(|| lower.strip_prefix("http://"))
            .unwrap_or(&lower);
        let rest = rest.strip_prefix("www.").unwrap_or(rest);
        let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        let social = self
            .hosts
            .iter()
            .any(|h| host == h || host.ends_with(&format!(".{h}")));
        if social && path.trim_matches('/').len() > 1 {
            return Some("url-social");
        }
        PERSONAL_PATHS
            .iter()
            .any(|p| path.contains(p))
            .then_some("url-personal")
    }
}

fn push(out: &mut Vec<Redaction>, kind: PiiKind, rule: &'static str, start: usize, end: usize) {
    out.push(Redaction {
        kind,
        rule,
        start,
        end,
    });
}

#[cfg(test)]
mod tests {

    fn red(text: &str) -> String {
        super::super::shared().redact(text)
    }

    #[test]
    fn handles() {
        for (text, want) in [
            (
                "follow me @mary_mcleod84 for updates",
                "follow me [handle] for updates",
            ),
            ("(@JeanS)", "([handle])"),
            ("my insta is marymc_84", "my insta is [handle]"),
            ("Twitter: @jeansmith", "Twitter: [handle]"),
            (
                "my tiktok username is jeanbean",
                "my tiktok username is [handle]",
            ),
        ] {
            assert_eq!(red(text), want, "{text}");
        }
        for text in [
            "meet @3pm",
            "send it @ the council",
            "my facebook is private",
            "on Facebook there is a group",
        ] {
            assert_eq!(red(text), text);
        }
    }

    #[test]
    fn urls() {
        for (text, want) in [
            ("see facebook.com/mary.mcleod.77 please", "see [url] please"),
            ("https://www.instagram.com/marymc84.", "[url]."),
            ("www.gofundme.com/f/help-for-jean", "[url]"),
            ("http://example.org/~jsmith/", "[url]"),
            ("https://www.linkedin.com/in/jean-smith", "[url]"),
        ] {
            assert_eq!(red(text), want, "{text}");
        }
        for text in [
            "see www.nhsinform.scot for advice",
            "https://www.slhscp.org.uk/consultation",
            "the page facebook.com/ has it",
            "on facebook.com",
        ] {
            assert_eq!(red(text), text);
        }
    }
}
