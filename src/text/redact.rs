//! Personal-data redaction for quotes: replaces e-mail addresses and phone numbers with typed
//! placeholders (`[email]`, `[phone]`) so no contact detail reaches a report.

use regex::Regex;

/// Replaces personal data in a text with typed placeholders; build once, use many times.
#[derive(Debug, Clone)]
pub struct Redactor {
    email: Regex,
    phone: Regex,
}

impl Default for Redactor {
    fn default() -> Self {
        Self::new()
    }
}

impl Redactor {
    /// Compiles the patterns.
    pub fn new() -> Self {
        // Both patterns are constants checked by the tests below, so compiling them cannot fail.
        #[allow(clippy::expect_used)]
        let email =
            Regex::new(r"(?i)\b[a-z0-9._%+\-]+@[a-z0-9.\-]+\.[a-z]{2,}\b").expect("email pattern");
        // UK numbers: +44 or a leading 0, then 9 or 10 more digits with optional spaces, dots,
        // dashes or brackets between them.
        #[allow(clippy::expect_used)]
        let phone = Regex::new(r"(?:\+44\s?\(?0?\)?|\(?\b0)(?:[\s.\-()]?\d){9,10}\b")
            .expect("phone pattern");
        Redactor { email, phone }
    }

    /// The text with every e-mail address and phone number replaced by `[email]` / `[phone]`.
    pub fn redact(&self, text: &str) -> String {
        let step = self.email.replace_all(text, "[email]");
        self.phone.replace_all(&step, "[phone]").into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_emails_and_uk_phone_numbers() {
        let r = Redactor::new();
        assert_eq!(
            r.redact("Mail jo.bloggs@example.org or ring 07700 900123 or 0141-496-0000."),
            "Mail [email] or ring [phone] or [phone]."
        );
        assert_eq!(r.redact("Call +44 7700 900456 today"), "Call [phone] today");
        assert_eq!(
            r.redact("In 2023 we waited 12 weeks"),
            "In 2023 we waited 12 weeks"
        );
    }
}
