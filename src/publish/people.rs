//! Who a respondent is, as far as publishing needs to know: the column with their name, the
//! column with their organisation's name, and whether they answered as an organisation.

use super::PublishError;
use crate::model::{Column, Respondent, Role, SurveySchema};

/// Whether, and whose, names are published for respondents who agreed to "publish with name".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NamePolicy {
    /// The name of everyone who agreed to publication with their name.
    #[default]
    All,
    /// Only the names of organisations (individuals are published without their name).
    Organisations,
    /// No names at all.
    None,
}

/// Lower case, letters and digits only.
fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Headers of a column holding the respondent's own name.
const NAME_HEADERS: &[&str] = &[
    "name",
    "fullname",
    "yourname",
    "respondentname",
    "nameofrespondent",
    "whatisyourname",
    "contactname",
    "firstandlastname",
];

/// Words of a respondent-type value that mean an organisation answered.
const ORGANISATION_WORDS: &[&str] = &[
    "organisation",
    "organization",
    "group",
    "business",
    "charity",
    "company",
    "public body",
    "council",
    "partnership",
];

/// The columns that say who a respondent is (0-based file columns).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct People {
    /// The respondent's name.
    pub name: Option<usize>,
    /// The name of the organisation a respondent answered for.
    pub organisation: Option<usize>,
    /// "Are you responding as an individual or an organisation?"
    pub kind: Option<usize>,
}

/// The column `spec` names: a 1-based number or a header (ignoring case and blanks around it).
pub fn resolve(schema: &SurveySchema, spec: &str, what: &str) -> Result<usize, PublishError> {
    let s = spec.trim();
    let found = match s.parse::<usize>() {
        Ok(n) if n >= 1 && n <= schema.columns.len() => Some(n - 1),
        Ok(_) => None,
        Err(_) => schema
            .columns
            .iter()
            .find(|c| c.name.trim().eq_ignore_ascii_case(s))
            .map(|c| c.index),
    };
    found.ok_or_else(|| PublishError::UnknownColumn {
        path: schema.path.clone(),
        wanted: spec.to_string(),
        what: what.to_string(),
        available: schema
            .columns
            .iter()
            .map(|c| format!("{} \"{}\"", c.index + 1, c.name))
            .collect(),
    })
}

impl People {
    /// Finds the columns: those named by the user, else guessed from the headers.
    pub fn find(
        schema: &SurveySchema,
        name: Option<&str>,
        organisation: Option<&str>,
    ) -> Result<People, PublishError> {
        // A name column may have been guessed as anything but the id or the consent (an
        // organisation's name under a question-like header reads as an open question).
        let free = |c: &&Column| !matches!(c.role, Role::Id | Role::Consent);
        let name = match name {
            Some(spec) => Some(resolve(schema, spec, "name")?),
            None => schema
                .columns
                .iter()
                .filter(free)
                .find(|c| NAME_HEADERS.contains(&squash(&c.name).as_str()))
                .map(|c| c.index),
        };
        let is_org_header = |c: &Column| {
            let s = squash(&c.name);
            (s.contains("organisation") || s.contains("organization")) && !s.contains("individual")
        };
        let organisation = match organisation {
            Some(spec) => Some(resolve(schema, spec, "organisation")?),
            None => schema
                .columns
                .iter()
                .filter(free)
                .find(|c| is_org_header(c))
                .map(|c| c.index),
        };
        let kind = schema
            .columns
            .iter()
            .filter(|c| c.role == Role::Attribute)
            .find(|c| {
                let s = squash(&c.name);
                (s.contains("individual")
                    && (s.contains("organisation") || s.contains("organization")))
                    || s.contains("respondingas")
                    || s.contains("respondenttype")
                    || s.contains("typeofrespondent")
            })
            .map(|c| c.index);
        Ok(People {
            name,
            organisation,
            kind,
        })
    }

    /// The columns that must be read as attributes so their values reach publishing.
    pub fn columns(&self) -> Vec<usize> {
        let mut v: Vec<usize> = [self.name, self.organisation]
            .into_iter()
            .flatten()
            .collect();
        v.dedup();
        v
    }
}

/// Reads who a respondent is from their attribute values (the schema the rows were read with).
#[derive(Debug, Clone, Default)]
pub struct Identity {
    name: Option<usize>,
    organisation: Option<usize>,
    kind: Option<usize>,
}

impl Identity {
    /// Positions of the people columns among the schema's attributes.
    pub fn new(schema: &SurveySchema, people: &People) -> Identity {
        let pos = |col: Option<usize>| {
            col.and_then(|c| schema.attributes.iter().position(|a| a.column == c))
        };
        Identity {
            name: pos(people.name),
            organisation: pos(people.organisation),
            kind: pos(people.kind),
        }
    }

    /// Attribute positions that hold names and are never published as attributes.
    pub fn hidden(&self) -> Vec<usize> {
        [self.name, self.organisation]
            .into_iter()
            .flatten()
            .collect()
    }

    fn value(r: &Respondent, at: Option<usize>) -> &str {
        at.and_then(|i| r.attributes.get(i))
            .map_or("", |v| v.trim())
    }

    /// Whether the respondent answered for an organisation.
    pub fn is_organisation(&self, r: &Respondent) -> bool {
        if !Self::value(r, self.organisation).is_empty() {
            return true;
        }
        let kind = Self::value(r, self.kind).to_lowercase();
        ORGANISATION_WORDS.iter().any(|w| kind.contains(w))
    }

    /// The name to publish for a respondent who agreed to publication with their name: the
    /// organisation's for an organisation, else their own; empty when the policy says no.
    pub fn published_name(&self, r: &Respondent, policy: NamePolicy) -> String {
        let organisation = self.is_organisation(r);
        let allowed = match policy {
            NamePolicy::All => true,
            NamePolicy::Organisations => organisation,
            NamePolicy::None => false,
        };
        if !allowed {
            return String::new();
        }
        let org = Self::value(r, self.organisation);
        if organisation && !org.is_empty() {
            org.to_string()
        } else {
            Self::value(r, self.name).to_string()
        }
    }
}
