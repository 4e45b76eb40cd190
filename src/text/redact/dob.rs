//! Dates of birth (`dob`): a date right after a word that says it is one: "date of birth",
//! "birthdate", "DOB", "D.O.B.", "born (on)", "birthday (is)". The date may be written in figures
//! ("12/03/1954", "12.03.54", "1954-03-12"), with a month name ("3rd March 1950", "March 3,
//! 1950", "the 3rd of March 1950") or, after "born", as a year ("born in 1948", "born in April
//! 1960"). Dates without
//! such a word (appointments, letters) stay.

use super::{PiiKind, Redaction};
use regex::Regex;

const MONTHS: &str = "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";

/// The date-of-birth rule.
#[derive(Debug, Clone)]
pub(super) struct Dobs {
    re: Regex,
}

impl Dobs {
    pub fn new() -> Dobs {
        let numeric =
            r"[0-9]{1,2}[/.\-][0-9]{1,2}[/.\-](?:[0-9]{4}|[0-9]{2})|[0-9]{4}-[0-9]{2}-[0-9]{2}";
        let day = r"[0-9]{1,2}(?:st|nd|rd|th)?";
        let named = format!(
            r"(?:the[ \t]+)?{day}(?:[ \t]+of)?[ \t]+(?:{MONTHS})\.?,?(?:[ \t]+[0-9]{{4}}|[ \t]+'?[0-9]{{2}})?|(?:{MONTHS})\.?[ \t]+{day},?(?:[ \t]+[0-9]{{4}})?"
        );
        let cue = r"date[ \t]+of[ \t]+birth|birth[ \t]*date|d\.?[ \t]?o\.?[ \t]?b\.?|born(?:[ \t]+on)?|birthday(?:[ \t]+is)?|b['’]?day";
        Dobs {
            re: super::compile(&format!(
                r"(?i)(?-u:\b)(?:{cue})[ \t]*(?:[:\-,][ \t]*)?(?:is[ \t]+|was[ \t]+)?(?:on[ \t]+)?((?-u:\b)(?:{numeric}|{named})(?-u:\b)|(?:in[ \t]+)?((?:(?:{MONTHS})[ \t]+)?(?:19|20)[0-9]{{2}})(?-u:\b))"
            )),
        }
    }

    pub fn find(&self, text: &str, found: &mut Vec<Redaction>) {
        for c in self.re.captures_iter(text) {
            let Some(date) = c.get(2).or_else(|| c.get(1)) else {
                continue;
            };
            found.push(Redaction {
                kind: PiiKind::Dob,
                rule: "dob",
                start: date.start(),
                end: date.end(),
            });
        }
    }
}

#[cfg(test)]
mod tests {

    fn red(text: &str) -> String {
        super::super::shared().redact(text)
    }

    #[test]
    fn dates_of_birth() {
        for (text, want) in [
            ("DOB 12/03/1954", "DOB [dob]"),
            ("D.O.B: 12.03.54 thanks", "D.O.B: [dob] thanks"),
            (
                "my date of birth is 3rd March 1950.",
                "my date of birth is [dob].",
            ),
            ("I was born on the 3rd of March 1950", "I was born on [dob]"),
            (
                "born 12 March 1948 in Motherwell",
                "born [dob] in Motherwell",
            ),
            ("Born: March 3, 1950", "Born: [dob]"),
            ("I was born in 1948", "I was born in [dob]"),
            ("she was born in April 1960", "she was born in [dob]"),
            ("I'm 72, born 1951", "I'm 72, born [dob]"),
            ("birthday is 4 July", "birthday is [dob]"),
            ("dob 1954-03-12", "dob [dob]"),
        ] {
            assert_eq!(red(text), want, "{text}");
        }
    }

    #[test]
    fn other_dates_stay() {
        for text in [
            "my appointment on 12/03/2024 was cancelled",
            "I was born in Hamilton",
            "since March 2020",
            "on the 3rd of March we waited",
            "newborn 12 weeks",
        ] {
            assert_eq!(red(text), text, "{text}");
        }
    }
}
