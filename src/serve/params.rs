//! Strict reading of query strings and form bodies: every name must be one the page knows, each
//! at most as often as it may repeat, every value percent-decoded to valid UTF-8 without control
//! characters and within a length limit. Anything else is a client error with a message that
//! says which parameter is wrong and why.

use percent_encoding::percent_decode_str;

/// Longest query string or form body read, in bytes.
pub const MAX_PARAMS_BYTES: usize = 64 * 1024;
/// Longest single value, in bytes (the search query limit is 2,000; ids are shorter).
pub const MAX_VALUE_BYTES: usize = 2_100;

/// A bad parameter: shown to the user as is (escaped), with a 400 status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadParam(pub String);

impl std::fmt::Display for BadParam {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The parameters of one request, in the order given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params(Vec<(String, String)>);

/// A parameter a page accepts: its name and how many times it may appear.
pub type Allowed<'a> = &'a [(&'a str, usize)];

impl Params {
    /// Reads `raw` (`a=1&b=2`, `+` for space) against the names and repeat counts of `allowed`.
    pub fn parse(raw: &str, allowed: Allowed<'_>) -> Result<Params, BadParam> {
        if raw.len() > MAX_PARAMS_BYTES {
            return Err(BadParam(format!(
                "the request's parameters are {} bytes; the limit is {MAX_PARAMS_BYTES}",
                raw.len()
            )));
        }
        let mut out: Vec<(String, String)> = Vec::new();
        for pair in raw.split('&').filter(|p| !p.is_empty()) {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let name = decode(name, "a parameter name")?;
            let Some(&(_, most)) = allowed.iter().find(|(n, _)| *n == name) else {
                let known: Vec<&str> = allowed.iter().map(|(n, _)| *n).collect();
                return Err(BadParam(if known.is_empty() {
                    format!("unknown parameter `{}`: this page takes none", shown(&name))
                } else {
                    format!(
                        "unknown parameter `{}`; this page takes {}",
                        shown(&name),
                        known.join(", ")
                    )
                }));
            };
            let value = decode(value, &format!("the value of `{name}`"))?;
            if value.len() > MAX_VALUE_BYTES {
                return Err(BadParam(format!(
                    "`{name}` is {} bytes long; the limit is {MAX_VALUE_BYTES}",
                    value.len()
                )));
            }
            let times = out.iter().filter(|(n, _)| *n == name).count();
            if times >= most {
                return Err(BadParam(if most == 1 {
                    format!("`{name}` is given more than once")
                } else {
                    format!("`{name}` is given more than {most} times")
                }));
            }
            out.push((name, value));
        }
        Ok(Params(out))
    }

    /// Every (name, value) pair, in the order given.
    pub fn pairs(&self) -> &[(String, String)] {
        &self.0
    }

    /// The value of a parameter given at most once; `None` when absent.
    pub fn one(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every non-empty value of a parameter, in order.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(n, v)| n == name && !v.is_empty())
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// A flag such as `quotable=1`: absent or empty is false, `1`/`on`/`true` true.
    pub fn flag(&self, name: &str) -> Result<bool, BadParam> {
        match self.one(name) {
            None | Some("") | Some("0") | Some("false") => Ok(false),
            Some("1") | Some("on") | Some("true") => Ok(true),
            Some(other) => Err(BadParam(format!(
                "`{name}` must be 1 or 0, not `{}`",
                shown(other)
            ))),
        }
    }

    /// A whole number parameter within `min..=max`, `default` when absent or empty.
    pub fn number(&self, name: &str, default: u64, min: u64, max: u64) -> Result<u64, BadParam> {
        match self.one(name) {
            None | Some("") => Ok(default),
            Some(v) => match v.parse::<u64>() {
                Ok(n) if (min..=max).contains(&n) => Ok(n),
                _ => Err(BadParam(format!(
                    "`{name}` must be a whole number from {min} to {max}, not `{}`",
                    shown(v)
                ))),
            },
        }
    }
}

/// Percent-decodes one name or value (`+` is a space); invalid UTF-8 and control characters
/// are refused.
fn decode(raw: &str, what: &str) -> Result<String, BadParam> {
    let spaced = raw.replace('+', " ");
    let text = percent_decode_str(&spaced)
        .decode_utf8()
        .map_err(|_| BadParam(format!("{what} is not valid UTF-8")))?;
    if text.chars().any(char::is_control) {
        return Err(BadParam(format!(
            "{what} holds a control character (such as a line break or NUL)"
        )));
    }
    Ok(text.into_owned())
}

/// A value cut short for a message.
pub fn shown(s: &str) -> String {
    if s.chars().count() > 60 {
        format!("{}…", s.chars().take(60).collect::<String>())
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEARCH: Allowed<'static> = &[("q", 1), ("theme", 3), ("page", 1)];

    #[test]
    fn values_decode_and_repeat_within_limits() {
        let p = Params::parse(
            "q=short+break%20%22care%22&theme=T01&theme=T02&page=",
            SEARCH,
        )
        .unwrap();
        assert_eq!(p.one("q"), Some("short break \"care\""));
        assert_eq!(p.all("theme"), vec!["T01", "T02"]);
        assert_eq!(p.number("page", 1, 1, 10).unwrap(), 1);
        assert!(Params::parse("", SEARCH).unwrap().one("q").is_none());
    }

    #[test]
    fn bad_input_is_refused_with_a_reason() {
        let err = |raw: &str| Params::parse(raw, SEARCH).unwrap_err().0;
        assert!(err("x=1").contains("unknown parameter `x`"));
        assert!(err("q=a&q=b").contains("more than once"));
        assert!(err("theme=1&theme=2&theme=3&theme=4").contains("more than 3 times"));
        assert!(err("q=%FF").contains("not valid UTF-8"));
        assert!(err("q=a%0Ab").contains("control character"));
        assert!(err("q=a%00").contains("control character"));
        assert!(err(&format!("q={}", "a".repeat(MAX_VALUE_BYTES + 1))).contains("limit"));
        assert!(err(&"q=a&".repeat(MAX_PARAMS_BYTES)).contains("limit is"));
        let p = Params::parse("page=0", SEARCH).unwrap();
        assert!(p
            .number("page", 1, 1, 10)
            .unwrap_err()
            .0
            .contains("from 1 to 10"));
        let p = Params::parse("page=-1", SEARCH).unwrap();
        assert!(p.number("page", 1, 1, 10).is_err());
    }
}
