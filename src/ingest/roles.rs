//! Column roles: statistics over a sample of rows, guesses from them and the headers, and the
//! user's explicit settings applied on top.
//!
//! The guess, for a column not set explicitly, takes the first rule that fits:
//! 1. **id**: the header is an id name (`ID`, `Respondent ID`, `Response ID`, `ResponseId`...)
//!    and more than half of the sampled values are different (duplicates are then rejected row
//!    by row; first such column only);
//! 2. **consent**: the header mentions "publish" or "consent", or at least half the values are
//!    Citizen Space consent wordings (first such column only);
//! 3. **ignore**: survey-tool metadata by header (`Timestamp`, `Start time`, `Email`, `Name`,
//!    `IP Address`...), or values that are mostly dates, mostly emails, or all numbers;
//! 4. **attribute**: at most 30 distinct values, each value used twice on average, and short
//!    values (a column of long texts that repeat, such as pasted campaign answers, is text);
//! 5. **text**: long values (more than 25 characters or 5 words on average), or a question-like
//!    header (ending in `?`, or 40+ characters) over answers of two or more words;
//! 6. otherwise **ignore**. A column empty throughout the sample is text when its header looks
//!    like a question, and ignored otherwise.
//!
//! When the survey tool is recognised, its id column and its own bookkeeping columns are known
//! by name as well (see `vendor`). At most [`MAX_QUESTIONS`] text and [`MAX_ATTRIBUTES`]
//! attribute columns are guessed; the rest are ignored, with a note.

use super::answers::{is_non_answer, looks_like_consent};
use super::config::RoleOverrides;
use super::headers::Header;
use super::limits::{MAX_ATTRIBUTES, MAX_QUESTIONS};
use super::vendor::{self, squash};
use super::IngestError;
use crate::model::{Attribute, Column, Question, Role, RoleSource, Vendor};
use std::collections::{BTreeMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;

/// Data rows sampled to guess roles.
pub const SAMPLE_ROWS: usize = 2000;

/// Characters of a value kept as a column's sample.
pub const SAMPLE_CHARS: usize = 80;

/// What the sample showed about one column.
#[derive(Debug, Default, Clone)]
pub struct ColumnStats {
    /// Non-empty values (non-answers such as "N/A" count as filled but not as samples).
    pub filled: usize,
    /// Distinct non-empty values.
    pub distinct: usize,
    chars: usize,
    words: usize,
    numeric: usize,
    dates: usize,
    emails: usize,
    consent: usize,
    /// Filled values that are non-answers ("N/A", "NA", "-"...), and how many distinct ones.
    non_answers: usize,
    distinct_non_answers: usize,
    seen: HashSet<u64>,
    /// The first real answer, whitespace collapsed, cut to [`SAMPLE_CHARS`].
    pub sample: Option<String>,
}

impl ColumnStats {
    /// Adds one value.
    pub fn add(&mut self, value: &str) {
        let v = value.trim();
        if v.is_empty() {
            return;
        }
        self.filled += 1;
        let non_answer = is_non_answer(v);
        let mut h = DefaultHasher::new();
        v.hash(&mut h);
        if self.seen.insert(h.finish()) {
            self.distinct += 1;
            self.distinct_non_answers += usize::from(non_answer);
        }
        if non_answer {
            // "NA" in every blank cell (an export re-saved from R) must not make a sparse
            // question look like a grouping, nor shorten its answers.
            self.non_answers += 1;
        } else {
            self.chars += v.chars().count();
            self.words += v.split_whitespace().count();
        }
        self.numeric += usize::from(is_number(v));
        self.dates += usize::from(is_date(v));
        self.emails += usize::from(is_email(v));
        self.consent += usize::from(looks_like_consent(v));
        if self.sample.is_none() && !is_non_answer(v) {
            let collapsed = v.split_whitespace().collect::<Vec<_>>().join(" ");
            self.sample = Some(collapsed.chars().take(SAMPLE_CHARS).collect());
        }
    }

    fn mostly(&self, n: usize) -> bool {
        self.filled > 0 && n * 5 >= self.filled * 4
    }

    /// Filled values that are real answers.
    fn answered(&self) -> usize {
        self.filled - self.non_answers
    }

    /// Distinct real answers.
    fn distinct_answers(&self) -> usize {
        self.distinct - self.distinct_non_answers
    }

    fn avg_chars(&self) -> f64 {
        self.chars as f64 / self.answered().max(1) as f64
    }

    fn avg_words(&self) -> f64 {
        self.words as f64 / self.answered().max(1) as f64
    }
}

fn is_number(v: &str) -> bool {
    let v = v.trim_end_matches('%');
    !v.is_empty() && v.parse::<f64>().is_ok_and(|f| f.is_finite())
}

/// Dates and times as survey tools write them: `2024-03-05 10:22:01`, `05/03/2024 10:22`,
/// `3/5/24`, `10:22:01`.
fn is_date(v: &str) -> bool {
    let mut parts = v.split([' ', 'T']);
    let first = parts.next().unwrap_or("");
    let date = {
        let f: Vec<&str> = first.split(['-', '/', '.']).collect();
        f.len() == 3
            && f.iter()
                .all(|p| (1..=4).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
    };
    let time = |s: &str| {
        let f: Vec<&str> = s.trim_end_matches('Z').split(':').collect();
        (2..=3).contains(&f.len())
            && f.iter()
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit() || b == b'.'))
    };
    (date || time(first))
        && parts.all(|p| p.is_empty() || time(p) || matches!(p, "AM" | "PM" | "am" | "pm"))
}

fn is_email(v: &str) -> bool {
    !v.contains(char::is_whitespace)
        && v.split_once('@')
            .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'))
}

const ID_HEADERS: &[&str] = &[
    "id",
    "respondentid",
    "responseid",
    "respondent",
    "recordid",
    "submissionid",
    "responsereference",
    "reference",
    "participantid",
    "uniqueid",
];

const METADATA_HEADERS: &[&str] = &[
    "timestamp",
    "starttime",
    "completiontime",
    "lastmodifiedtime",
    "email",
    "emailaddress",
    "name",
    "firstname",
    "lastname",
    "fullname",
    "ipaddress",
    "startdate",
    "enddate",
    "recordeddate",
    "submitted",
    "submittedat",
    "submissiondate",
    "createdat",
    "updatedat",
    "progress",
    "durationinseconds",
    "finished",
    "status",
    "distributionchannel",
    "userlanguage",
    "recipientlastname",
    "recipientfirstname",
    "recipientemail",
    "externalreference",
    "externaldatareference",
    "locationlatitude",
    "locationlongitude",
    "collectorid",
    "date",
    "time",
    "customdata1",
];

fn question_like(name: &str) -> bool {
    name.trim_end().ends_with('?') || name.chars().count() >= 40
}

/// The guessed role of one column. `allow_id` / `allow_consent` are false once another column
/// has taken that role (or the user set it); `vendor` is the survey tool, when recognised.
pub fn guess(
    header: &Header,
    stats: &ColumnStats,
    allow_id: bool,
    allow_consent: bool,
    vendor: Option<Vendor>,
) -> Role {
    let names: Vec<String> = header.aliases.iter().map(|a| squash(a)).collect();
    let mostly_unique = stats.distinct * 2 > stats.filled || stats.filled == 0;
    let vendor_ids = vendor.map_or(&[][..], vendor::id_names);
    let id_name = |n: &String| ID_HEADERS.contains(&n.as_str()) || vendor_ids.contains(&n.as_str());
    if allow_id && mostly_unique && names.iter().any(id_name) {
        return Role::Id;
    }
    let consent_header = header.aliases.iter().any(|a| {
        let a = a.to_lowercase();
        a.contains("publish") || a.contains("consent")
    });
    if allow_consent && (consent_header || (stats.filled > 0 && stats.consent * 2 >= stats.filled))
    {
        return Role::Consent;
    }
    let vendor_meta = vendor.map_or(&[][..], vendor::metadata_names);
    if names
        .iter()
        .any(|n| METADATA_HEADERS.contains(&n.as_str()) || vendor_meta.contains(&n.as_str()))
    {
        return Role::Ignore;
    }
    if stats.filled == 0 {
        return if question_like(&header.name) {
            Role::Text
        } else {
            Role::Ignore
        };
    }
    if stats.mostly(stats.dates) || stats.mostly(stats.emails) || stats.numeric == stats.filled {
        return Role::Ignore;
    }
    // Long texts that repeat (answers pasted from a campaign) are answers, not groups.
    let long = stats.avg_words() > 12.0 || stats.avg_chars() > 100.0;
    let (distinct, answered) = (stats.distinct_answers(), stats.answered());
    if answered > 0 && distinct <= 30 && distinct * 2 <= answered && !long {
        return Role::Attribute;
    }
    if stats.avg_chars() > 25.0 || stats.avg_words() >= 5.0 {
        return Role::Text;
    }
    if question_like(&header.name) && stats.avg_words() >= 2.0 {
        return Role::Text;
    }
    Role::Ignore
}

/// The columns with their final roles: explicit settings first, guesses for the rest.
pub struct Assigned {
    /// Every column.
    pub columns: Vec<Column>,
    /// Open questions (`Q1`...), in column order.
    pub questions: Vec<Question>,
    /// Attribute columns, in column order.
    pub attributes: Vec<Attribute>,
    /// The id column.
    pub id_column: Option<usize>,
    /// The consent column.
    pub consent_column: Option<usize>,
    /// What the user should know about the roles (columns left out by a limit).
    pub notes: Vec<String>,
}

/// Applies `overrides` to the guessed roles. `path` names the export in messages.
pub fn assign(
    path: &Path,
    headers: &[Header],
    stats: &[ColumnStats],
    overrides: &RoleOverrides,
    vendor: Option<Vendor>,
) -> Result<Assigned, IngestError> {
    let explicit = resolve_all(path, headers, overrides)?;
    let mut columns = Vec::with_capacity(headers.len());
    let mut have_id = overrides.id.is_some();
    let mut have_consent = overrides.consent.is_some();
    let empty = ColumnStats::default();
    for (i, header) in headers.iter().enumerate() {
        let st = stats.get(i).unwrap_or(&empty);
        let (role, source) = match explicit.get(&i) {
            Some(&role) => (role, RoleSource::Explicit),
            None => {
                let mut role = guess(header, st, !have_id, !have_consent, vendor);
                // A list the user set is the whole list.
                if (role == Role::Text && !overrides.text.is_empty())
                    || (role == Role::Attribute && !overrides.attributes.is_empty())
                {
                    role = Role::Ignore;
                }
                (role, RoleSource::Guessed)
            }
        };
        have_id |= role == Role::Id;
        have_consent |= role == Role::Consent;
        columns.push(Column {
            index: i,
            name: header.name.clone(),
            role,
            source,
            sample: st.sample.clone(),
            distinct: st.distinct,
            filled: st.filled,
        });
    }
    let notes = apply_limits(path, &mut columns)?;
    let with_role = |r: Role| columns.iter().filter(move |c| c.role == r);
    let questions = with_role(Role::Text)
        .enumerate()
        .map(|(n, c)| Question {
            id: format!("Q{}", n + 1),
            text: c.name.clone(),
            column: c.index,
        })
        .collect();
    let attributes = with_role(Role::Attribute)
        .map(|c| Attribute {
            name: c.name.clone(),
            column: c.index,
        })
        .collect();
    let id_column = with_role(Role::Id).map(|c| c.index).next();
    let consent_column = with_role(Role::Consent).map(|c| c.index).next();
    Ok(Assigned {
        columns,
        questions,
        attributes,
        id_column,
        consent_column,
        notes,
    })
}

/// Keeps at most [`MAX_QUESTIONS`] open questions and [`MAX_ATTRIBUTES`] attributes: more set
/// explicitly is an error, more guessed are ignored with a note (returned).
fn apply_limits(path: &Path, columns: &mut [Column]) -> Result<Vec<String>, IngestError> {
    let mut notes = Vec::new();
    for (role, limit, what) in [
        (Role::Text, MAX_QUESTIONS, "open questions"),
        (Role::Attribute, MAX_ATTRIBUTES, "attribute columns"),
    ] {
        let explicit = columns
            .iter()
            .filter(|c| c.role == role && c.source == RoleSource::Explicit)
            .count();
        if explicit > limit {
            return Err(IngestError::Limit {
                path: path.to_path_buf(),
                message: format!(
                    "{explicit} {what} are set; hearken analyses at most {limit} {what} in one run"
                ),
            });
        }
        let mut kept = explicit;
        let mut dropped = 0;
        for c in columns.iter_mut().filter(|c| c.role == role) {
            if c.source == RoleSource::Guessed {
                if kept < limit {
                    kept += 1;
                } else {
                    c.role = Role::Ignore;
                    dropped += 1;
                }
            }
        }
        if dropped > 0 {
            notes.push(format!(
                "{dropped} more columns looked like {what} and were ignored: hearken analyses at most {limit} {what} (name the ones you want with the column flags or hearken.toml)"
            ));
        }
    }
    Ok(notes)
}

/// Every explicitly set column with its role; errors for unknown, ambiguous or doubly set columns.
fn resolve_all(
    path: &Path,
    headers: &[Header],
    overrides: &RoleOverrides,
) -> Result<BTreeMap<usize, Role>, IngestError> {
    let mut out: BTreeMap<usize, Role> = BTreeMap::new();
    let sets: [(Role, Vec<&String>); 5] = [
        (Role::Id, overrides.id.iter().collect()),
        (Role::Consent, overrides.consent.iter().collect()),
        (Role::Text, overrides.text.iter().collect()),
        (Role::Attribute, overrides.attributes.iter().collect()),
        (Role::Ignore, overrides.ignore.iter().collect()),
    ];
    for (role, specs) in sets {
        for spec in specs {
            let col = resolve(path, headers, spec, role)?;
            if let Some(&first) = out.get(&col) {
                if first != role {
                    return Err(IngestError::ConflictingRoles {
                        path: path.to_path_buf(),
                        column: col + 1,
                        name: headers[col].name.clone(),
                        first: first.name(),
                        second: role.name(),
                    });
                }
            }
            out.insert(col, role);
        }
    }
    Ok(out)
}

/// The 0-based column a name or 1-based number refers to. Names match any header row, exactly
/// first, then ignoring case and surrounding spaces.
pub fn resolve(
    path: &Path,
    headers: &[Header],
    spec: &str,
    role: Role,
) -> Result<usize, IngestError> {
    let unknown = |wanted: String| IngestError::UnknownColumn {
        path: path.to_path_buf(),
        wanted,
        role: role.name(),
        available: headers
            .iter()
            .enumerate()
            .map(|(i, h)| format!("{} \"{}\"", i + 1, h.name))
            .collect(),
    };
    let spec_t = spec.trim();
    if !spec_t.is_empty() && spec_t.bytes().all(|b| b.is_ascii_digit()) {
        return match spec_t.parse::<usize>() {
            Ok(n) if n >= 1 && n <= headers.len() => Ok(n - 1),
            _ => Err(unknown(format!(
                "number {spec_t} (there are {} columns)",
                headers.len()
            ))),
        };
    }
    let find = |eq: &dyn Fn(&str) -> bool| -> Vec<usize> {
        headers
            .iter()
            .enumerate()
            .filter(|(_, h)| h.aliases.iter().any(|a| eq(a)))
            .map(|(i, _)| i)
            .collect()
    };
    let mut hits = find(&|a| a == spec);
    if hits.is_empty() {
        hits = find(&|a| a.trim().eq_ignore_ascii_case(spec_t));
    }
    match hits.as_slice() {
        [] => Err(unknown(format!("named \"{spec}\""))),
        [one] => Ok(*one),
        many => Err(IngestError::AmbiguousColumn {
            path: path.to_path_buf(),
            name: spec.to_string(),
            role: role.name(),
            columns: many.iter().map(|i| i + 1).collect(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(name: &str) -> Header {
        Header {
            name: name.to_string(),
            aliases: vec![name.to_string()],
        }
    }

    fn stats(values: &[&str]) -> ColumnStats {
        let mut s = ColumnStats::default();
        for v in values {
            s.add(v);
        }
        s
    }

    #[test]
    fn guesses_each_role() {
        let ids = stats(&["R1", "R2", "R3", "R4"]);
        assert_eq!(
            guess(&header("Respondent ID"), &ids, true, true, None),
            Role::Id
        );
        assert_eq!(
            guess(&header("Respondent ID"), &ids, false, true, None),
            Role::Ignore
        );
        let consent = stats(&[
            "Publish response with name",
            "Do not publish response",
            "Do not publish response",
        ]);
        assert_eq!(
            guess(&header("Q9"), &consent, true, true, None),
            Role::Consent
        );
        let area = stats(&["North", "South", "North", "North", "South", "East"]);
        assert_eq!(
            guess(&header("Locality"), &area, true, true, None),
            Role::Attribute
        );
        let answers = stats(&[
            "More buses in the evenings please",
            "The day centre closing has been hard on us",
            "Nothing really, staff are lovely",
        ]);
        assert_eq!(
            guess(&header("Comments"), &answers, true, true, None),
            Role::Text
        );
    }

    #[test]
    fn guesses_what_to_ignore_and_questions_by_their_header() {
        let when = stats(&[
            "2024-03-05 10:22:01",
            "05/03/2024 11:00",
            "2024-03-06 09:01:00",
        ]);
        assert_eq!(
            guess(&header("Submitted on"), &when, true, true, None),
            Role::Ignore
        );
        let scores = stats(&["1", "5", "3", "4", "2", "5", "7", "8", "9", "10"]);
        assert_eq!(
            guess(&header("Rate us"), &scores, true, true, None),
            Role::Ignore
        );
        let emails = stats(&["a@example.org", "b@example.org"]);
        assert_eq!(
            guess(&header("Contact"), &emails, true, true, None),
            Role::Ignore
        );
        assert_eq!(
            guess(&header("Name"), &stats(&["Ann", "Bo"]), true, true, None),
            Role::Ignore
        );
        let short = stats(&["Good idea", "Not sure", "Fine by me"]);
        assert_eq!(
            guess(
                &header("Anything else you would like to tell us?"),
                &short,
                true,
                true,
                None
            ),
            Role::Text
        );
        assert_eq!(
            guess(
                &header("Postcode"),
                &stats(&["AB1", "CD2", "EF3"]),
                true,
                true,
                None
            ),
            Role::Ignore
        );
        assert_eq!(
            guess(
                &header("What matters most to you?"),
                &stats(&[]),
                true,
                true,
                None
            ),
            Role::Text
        );
    }

    #[test]
    fn repeated_long_answers_are_text_not_a_grouping() {
        let pasted =
            "Please keep the day centre open because it is a lifeline for carers and families here";
        let mut values = vec![pasted; 40];
        values.extend(["Keep the clinic open", "More buses in the evening please"]);
        assert_eq!(
            guess(&header("Your views"), &stats(&values), true, true, None),
            Role::Text
        );
    }

    #[test]
    fn vendor_columns_are_known_by_name() {
        let ids = stats(&["uuid:1", "uuid:2", "uuid:3"]);
        assert_eq!(
            guess(
                &header("_uuid"),
                &ids,
                true,
                true,
                Some(Vendor::KoboToolbox)
            ),
            Role::Id
        );
        assert_eq!(
            guess(&header("_uuid"), &ids, true, true, None),
            Role::Ignore
        );
        let versions = stats(&["v1", "v1", "v2", "v2"]);
        assert_eq!(
            guess(
                &header("__version__"),
                &versions,
                true,
                true,
                Some(Vendor::KoboToolbox)
            ),
            Role::Ignore
        );
    }

    #[test]
    fn explicit_roles_win_and_unknown_names_list_columns() {
        let headers = vec![header("ID"), header("Area"), header("Comments")];
        let st = vec![
            stats(&["1", "2", "3", "4"]),
            stats(&["North", "North", "South", "South"]),
            stats(&[
                "I would like more buses",
                "The clinic is too far away",
                "x y z w v",
                "ok then",
            ]),
        ];
        let ov = RoleOverrides {
            text: vec!["area".into()],
            ..Default::default()
        };
        let a = assign(Path::new("f.csv"), &headers, &st, &ov, None).unwrap();
        let roles: Vec<(Role, RoleSource)> = a.columns.iter().map(|c| (c.role, c.source)).collect();
        assert_eq!(
            roles,
            [
                (Role::Id, RoleSource::Guessed),
                (Role::Text, RoleSource::Explicit),
                (Role::Ignore, RoleSource::Guessed)
            ]
        );
        assert_eq!(a.questions[0].column, 1);
        let ov = RoleOverrides {
            id: Some("Ref".into()),
            ..Default::default()
        };
        let err = assign(Path::new("f.csv"), &headers, &st, &ov, None)
            .err()
            .unwrap()
            .to_string();
        assert_eq!(err, "f.csv: no column named \"Ref\" (set as id); the columns are: 1 \"ID\", 2 \"Area\", 3 \"Comments\"");
        let ov = RoleOverrides {
            id: Some("2".into()),
            ignore: vec!["Area".into()],
            ..Default::default()
        };
        let err = assign(Path::new("f.csv"), &headers, &st, &ov, None)
            .err()
            .unwrap()
            .to_string();
        assert_eq!(
            err,
            "f.csv: column 2 \"Area\" is set both as id and as ignore"
        );
    }
}
