//! Which survey tool wrote an export, from the signature of its first rows, and what follows
//! from it: how many header rows precede the data, which column is the respondent id, which
//! columns are the tool's own bookkeeping, and what becomes a question's label.
//!
//! The README's table "Survey tools recognised" documents every signature; keep them in step.

use crate::model::Vendor;

/// What the first rows of an export say about its layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    /// The tool that wrote the export, when its signature is recognised.
    pub vendor: Option<Vendor>,
    /// Header rows before the data.
    pub header_rows: usize,
}

/// Rows read from the start of a file to recognise its layout.
pub const PROBE_ROWS: usize = 6;

/// Lower case, letters and digits only: `Respondent ID` -> `respondentid`.
pub fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether a header cell is blank: empty, or `NA` as R and some re-saving scripts write it.
pub fn blank(cell: &str) -> bool {
    let c = cell.trim();
    c.is_empty() || c == "NA"
}

fn has(row: &[String], name: &str) -> bool {
    row.iter().any(|c| squash(c) == name)
}

fn has_all(row: &[String], names: &[&str]) -> bool {
    names.iter().all(|n| has(row, n))
}

/// A Qualtrics ImportId cell, as Qualtrics writes it (`{"ImportId":"QID1_TEXT"}`) or as a
/// script re-saves it from Python (`{'ImportId': 'QID1_TEXT'}`).
fn import_id(cell: &str) -> bool {
    let c = cell.trim_start();
    let Some(rest) = c.strip_prefix('{') else {
        return false;
    };
    let rest = rest.trim_start().trim_start_matches(['"', '\'']);
    rest.as_bytes()
        .get(..8)
        .is_some_and(|b| b.eq_ignore_ascii_case(b"importid"))
}

/// A legacy Qualtrics `V1, V2, ...` row: its first cells are `V` and a number.
fn v_row(row: &[String]) -> bool {
    let numbered = row
        .iter()
        .take(3)
        .filter(|c| {
            let c = c.trim();
            c.len() > 1 && c.starts_with('V') && c[1..].bytes().all(|b| b.is_ascii_digit())
        })
        .count();
    numbered == 3.min(row.len()) && numbered > 0
}

/// A Citizen Space response id: `ANON-1A2B-3C4D-5` (or another four-letter prefix).
fn citizen_space_id(v: &str) -> bool {
    let parts: Vec<&str> = v.trim().split('-').collect();
    parts.len() == 4
        && parts[0].len() == 4
        && parts[0].bytes().all(|b| b.is_ascii_uppercase())
        && parts[1].len() == 4
        && parts[2].len() == 4
        && parts[3].len() == 1
        && parts[1..]
            .iter()
            .all(|p| p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// A Jisc Online Surveys question heading: `1. What...`, `2.a. Other`, `10.3. ...`.
pub fn numbered_heading(h: &str) -> Option<&str> {
    let h = h.trim_start();
    let mut end = 0;
    let bytes = h.as_bytes();
    let mut segments = 0;
    loop {
        let start = end;
        while end < bytes.len() && bytes[end].is_ascii_alphanumeric() {
            end += 1;
        }
        if end == start || end - start > 3 || end >= bytes.len() || bytes[end] != b'.' {
            return None;
        }
        // The first segment must be a number.
        if segments == 0 && !bytes[start..end].iter().all(u8::is_ascii_digit) {
            return None;
        }
        end += 1;
        segments += 1;
        if end < bytes.len() && bytes[end] == b' ' {
            return Some(h[end..].trim_start());
        }
    }
}

/// A SmartSurvey question heading: `Q1. What...`, `Q3.2. Other`.
pub fn q_numbered_heading(h: &str) -> Option<&str> {
    let rest = h.trim_start().strip_prefix('Q')?;
    numbered_heading(rest)
}

/// Recognises the layout from the first rows of a file (up to [`PROBE_ROWS`]).
pub fn detect(first: &[Vec<String>]) -> Layout {
    let Some(row1) = first.first() else {
        return Layout {
            vendor: None,
            header_rows: 0,
        };
    };
    if let Some(layout) = several_header_rows(first, row1) {
        return layout;
    }
    let row2 = first.get(1).map(Vec::as_slice).unwrap_or(&[]);
    Layout {
        vendor: one_header_row(row1, row2),
        header_rows: 1,
    }
}

/// The tools whose exports may have more than one header row: Qualtrics (and its legacy
/// exporter), SurveyMonkey and SmartSurvey.
fn several_header_rows(first: &[Vec<String>], row1: &[String]) -> Option<Layout> {
    let row = |i: usize| first.get(i).map(Vec::as_slice).unwrap_or(&[]);
    // Qualtrics: short names, question texts, then ImportId cells.
    if row(2).iter().any(|c| import_id(c)) {
        return Some(Layout {
            vendor: Some(Vendor::Qualtrics),
            header_rows: 3,
        });
    }
    if has(row1, "responseid")
        && (has(row1, "startdate") || has(row1, "recordeddate"))
        && has(row(1), "responseid")
        && !has(row1, "responseset")
    {
        // A Qualtrics export without its ImportId row (an Excel download).
        return Some(Layout {
            vendor: Some(Vendor::Qualtrics),
            header_rows: 2,
        });
    }
    // Legacy Qualtrics: an optional V1,V2,... row, then names and question texts that both start
    // with the legacy columns (ResponseID, ResponseSet, ...).
    let legacy = |r: &[String]| {
        r.first().is_some_and(|c| squash(c) == "responseid") && has(r, "responseset")
    };
    if (v_row(row1) && legacy(row(1))) || legacy(row1) {
        let rows = first
            .iter()
            .take_while(|r| v_row(r) || legacy(r))
            .count()
            .min(3);
        return Some(Layout {
            vendor: Some(Vendor::QualtricsLegacy),
            header_rows: rows,
        });
    }
    // SurveyMonkey: question texts, then a row of sub-labels whose metadata cells are blank.
    let sub_label = |r: &[String]| {
        r.first().is_some_and(|c| blank(c))
            && r.iter().any(|c| {
                let c = c.trim();
                c.eq_ignore_ascii_case("response") || c.eq_ignore_ascii_case("open-ended response")
            })
    };
    if sub_label(row(1)) {
        return Some(Layout {
            vendor: Some(Vendor::SurveyMonkey),
            header_rows: 2,
        });
    }
    if has_all(row1, &["respondentid", "collectorid"]) {
        return Some(Layout {
            vendor: Some(Vendor::SurveyMonkey),
            header_rows: 1,
        });
    }
    // SmartSurvey: UserID, UserNo, ..., Started, Ended; matrix questions add header rows whose
    // UserID cell is blank.
    if has_all(row1, &["userno", "started", "ended"]) {
        let extra = first[1..]
            .iter()
            .take_while(|r| {
                r.first().is_some_and(|c| blank(c)) && r.iter().skip(1).any(|c| !blank(c))
            })
            .count()
            .min(2);
        return Some(Layout {
            vendor: Some(Vendor::SmartSurvey),
            header_rows: 1 + extra,
        });
    }
    None
}

/// The tools recognised by their one header row (`row2` is the first data row).
fn one_header_row(row1: &[String], row2: &[String]) -> Option<Vendor> {
    if has_all(row1, &["id", "starttime", "completiontime"]) {
        Some(Vendor::MicrosoftForms)
    } else if row1.first().is_some_and(|c| squash(c) == "timestamp") {
        Some(Vendor::GoogleForms)
    } else if has_all(row1, &["id", "submitdate", "lastpage", "startlanguage"])
        || has_all(
            row1,
            &["responseid", "datesubmitted", "lastpage", "startlanguage"],
        )
    {
        Some(Vendor::LimeSurvey)
    } else if has(row1, "uuid") && has(row1, "submissiontime") {
        Some(Vendor::KoboToolbox)
    } else if has(row1, "submissiondate")
        && (has(row1, "metainstanceid") || has(row1, "key") || has(row1, "instanceid"))
    {
        Some(Vendor::Odk)
    } else if has(row1, "responseid")
        && (row1.iter().any(|c| c.to_lowercase().contains("publish"))
            || row2.iter().any(|c| citizen_space_id(c)))
    {
        Some(Vendor::CitizenSpace)
    } else if has(row1, "responseid")
        && row1.iter().any(|c| {
            matches!(
                squash(c).as_str(),
                "started" | "completed" | "startdate" | "completiondate"
            )
        })
        && row1.iter().any(|c| numbered_heading(c).is_some())
    {
        Some(Vendor::JiscOnlineSurveys)
    } else {
        None
    }
}

/// Header names (squashed) that name the respondent id in this tool's exports, in preference
/// order; checked before the generic id names.
pub fn id_names(vendor: Vendor) -> &'static [&'static str] {
    match vendor {
        Vendor::Qualtrics | Vendor::QualtricsLegacy => &["responseid"],
        Vendor::SurveyMonkey => &["respondentid"],
        Vendor::SmartSurvey => &["userid", "userno"],
        Vendor::MicrosoftForms => &["id"],
        Vendor::GoogleForms => &[],
        Vendor::CitizenSpace | Vendor::JiscOnlineSurveys => &["responseid"],
        Vendor::LimeSurvey => &["id", "responseid"],
        Vendor::KoboToolbox => &["uuid", "id"],
        Vendor::Odk => &["key", "metainstanceid", "instanceid"],
    }
}

/// Header names (squashed) of the tool's own bookkeeping columns, which are never analysed.
pub fn metadata_names(vendor: Vendor) -> &'static [&'static str] {
    match vendor {
        Vendor::Qualtrics => QUALTRICS_METADATA,
        Vendor::QualtricsLegacy => QUALTRICS_LEGACY_METADATA,
        Vendor::SurveyMonkey => SURVEY_MONKEY_METADATA,
        Vendor::SmartSurvey => SMART_SURVEY_METADATA,
        Vendor::MicrosoftForms => MICROSOFT_FORMS_METADATA,
        Vendor::GoogleForms => GOOGLE_FORMS_METADATA,
        Vendor::CitizenSpace => CITIZEN_SPACE_METADATA,
        Vendor::JiscOnlineSurveys => JISC_ONLINE_SURVEYS_METADATA,
        Vendor::LimeSurvey => LIME_SURVEY_METADATA,
        Vendor::KoboToolbox => KOBO_TOOLBOX_METADATA,
        Vendor::Odk => ODK_METADATA,
    }
}

const QUALTRICS_METADATA: &[&str] = &[
    "status",
    "responsetype",
    "recipientlastname",
    "recipientfirstname",
    "recipientemail",
    "externalreference",
    "externaldatareference",
    "distributionchannel",
    "userlanguage",
    "qrecaptchascore",
    "qrelevantidduplicate",
    "qrelevantidduplicatescore",
    "qrelevantidfraudscore",
    "qrelevantidlaststartdate",
];

const QUALTRICS_LEGACY_METADATA: &[&str] = &[
    "responseset",
    "externaldatareference",
    "emailaddress",
    "ipaddress",
    "status",
    "startdate",
    "enddate",
    "finished",
    "name",
    "v1",
];

const SURVEY_MONKEY_METADATA: &[&str] = &["collectorid", "customdata1", "customdata"];

const SMART_SURVEY_METADATA: &[&str] = &[
    "userno",
    "uniqueid",
    "started",
    "ended",
    "trackinglink",
    "customvalue",
];

const MICROSOFT_FORMS_METADATA: &[&str] = &["lastmodifiedtime"];

const GOOGLE_FORMS_METADATA: &[&str] = &["emailaddress", "score"];

const CITIZEN_SPACE_METADATA: &[&str] = &["submittedon", "datesubmitted", "organisation"];

const JISC_ONLINE_SURVEYS_METADATA: &[&str] =
    &["started", "completed", "startdate", "completiondate"];

const LIME_SURVEY_METADATA: &[&str] = &[
    "submitdate",
    "lastpage",
    "startlanguage",
    "seed",
    "startdate",
    "datestamp",
    "ipaddr",
    "refurl",
    "token",
    "datesubmitted",
    "datestarted",
    "datelastaction",
    "referrerurl",
    "interviewtime",
];

const KOBO_TOOLBOX_METADATA: &[&str] = &[
    "start",
    "end",
    "today",
    "deviceid",
    "subscriberid",
    "simserial",
    "phonenumber",
    "username",
    "audit",
    "id",
    "uuid",
    "submissiontime",
    "validationstatus",
    "notes",
    "status",
    "submittedby",
    "version",
    "tags",
    "index",
    "xformidstring",
    "parentindex",
    "parenttablename",
];

const ODK_METADATA: &[&str] = &[
    "submissiondate",
    "start",
    "end",
    "today",
    "deviceid",
    "submitterid",
    "submittername",
    "attachmentspresent",
    "attachmentsexpected",
    "status",
    "reviewstate",
    "edits",
    "formversion",
    "metainstanceid",
    "instanceid",
    "key",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(v: &[&[&str]]) -> Vec<Vec<String>> {
        v.iter()
            .map(|r| r.iter().map(|s| s.to_string()).collect())
            .collect()
    }

    fn layout(v: &[&[&str]]) -> (Option<Vendor>, usize) {
        let l = detect(&rows(v));
        (l.vendor, l.header_rows)
    }

    #[test]
    fn qualtrics_import_id_rows_in_json_and_python_dicts() {
        for third in ["{\"ImportId\":\"QID1_TEXT\"}", "{'ImportId': 'QID1_TEXT'}"] {
            assert_eq!(
                layout(&[
                    &["ResponseId", "Q1"],
                    &["Response ID", "What matters?"],
                    &["{\"ImportId\":\"_recordId\"}", third],
                    &["R_1", "Buses"]
                ]),
                (Some(Vendor::Qualtrics), 3),
                "{third}"
            );
        }
    }

    #[test]
    fn qualtrics_legacy_with_and_without_v_row() {
        let names: &[&str] = &["ResponseID", "ResponseSet", "Name", "Q1"];
        let texts: &[&str] = &["ResponseID", "ResponseSet", "Name", "What matters?"];
        let data: &[&str] = &["R_1", "Default Response Set", "Anon", "Buses"];
        assert_eq!(
            layout(&[names, texts, data]),
            (Some(Vendor::QualtricsLegacy), 2)
        );
        assert_eq!(
            layout(&[&["V1", "V2", "V3", "Q1"], texts, data]),
            (Some(Vendor::QualtricsLegacy), 2)
        );
        assert_eq!(
            layout(&[&["V1", "V2", "V3", "Q1"], names, texts, data]),
            (Some(Vendor::QualtricsLegacy), 3)
        );
    }

    #[test]
    fn surveymonkey_sub_label_row_with_na_blanks() {
        assert_eq!(
            layout(&[
                &["Respondent ID", "Collector ID", "What matters?"],
                &["NA", "NA", "Open-Ended Response"],
                &["114", "44", "Buses"]
            ]),
            (Some(Vendor::SurveyMonkey), 2)
        );
    }

    #[test]
    fn one_row_tools() {
        assert_eq!(
            layout(&[&["ID", "Start time", "Completion time", "Email", "Q"]]),
            (Some(Vendor::MicrosoftForms), 1)
        );
        assert_eq!(
            layout(&[&["Timestamp", "What?"]]),
            (Some(Vendor::GoogleForms), 1)
        );
        assert_eq!(
            layout(&[&[
                "id",
                "submitdate",
                "lastpage",
                "startlanguage",
                "seed",
                "Q1"
            ]]),
            (Some(Vendor::LimeSurvey), 1)
        );
        assert_eq!(
            layout(&[&["start", "grp/q1", "_id", "_uuid", "_submission_time"]]),
            (Some(Vendor::KoboToolbox), 1)
        );
        assert_eq!(
            layout(&[&["SubmissionDate", "grp-q1", "meta-instanceID", "KEY"]]),
            (Some(Vendor::Odk), 1)
        );
        assert_eq!(
            layout(&[&["Response ID", "Q"], &["ANON-1A2B-3C4D-5", "x"]]),
            (Some(Vendor::CitizenSpace), 1)
        );
        assert_eq!(layout(&[&["id", "answer"], &["1", "Response"]]), (None, 1));
    }

    #[test]
    fn import_id_check_is_safe_on_any_text() {
        assert!(import_id("{\"ImportId\":\"QID1\"}"));
        assert!(!import_id("{\"Impª\":1}"));
        assert!(!import_id("{ª"));
    }

    #[test]
    fn numbered_headings() {
        assert_eq!(numbered_heading("1. What matters?"), Some("What matters?"));
        assert_eq!(numbered_heading("2.a. Other"), Some("Other"));
        assert_eq!(numbered_heading("What. Matters"), None);
        assert_eq!(
            q_numbered_heading("Q12. Any comments?"),
            Some("Any comments?")
        );
        assert_eq!(q_numbered_heading("Quality. x"), None);
    }
}
