use super::people::Identity;
use super::*;
use crate::model::{Attribute, Column, Format, Question, Role, RoleSource};

fn column(index: usize, name: &str, role: Role) -> Column {
    Column {
        index,
        name: name.to_string(),
        role,
        source: RoleSource::Guessed,
        sample: None,
        distinct: 0,
        filled: 0,
    }
}

fn schema() -> SurveySchema {
    SurveySchema {
        path: PathBuf::from("x.csv"),
        format: Format::Csv,
        vendor: None,
        notes: Vec::new(),
        encoding: "UTF-8".into(),
        delimiter: Some(b','),
        header_rows: 1,
        columns: vec![
            column(0, "Respondent ID", Role::Id),
            column(1, "Full name", Role::Attribute),
            column(2, "Organisation (if any)", Role::Attribute),
            column(
                3,
                "Are you responding as an individual or an organisation?",
                Role::Attribute,
            ),
            column(4, "Comments", Role::Text),
        ],
        id_column: Some(0),
        questions: vec![Question {
            id: "Q1".into(),
            text: "Comments".into(),
            column: 4,
        }],
        attributes: [1, 2, 3]
            .iter()
            .map(|&c| Attribute {
                name: format!("c{c}"),
                column: c,
            })
            .collect(),
        consent_column: None,
    }
}

fn respondent(attributes: [&str; 3], consent: Consent) -> Respondent {
    Respondent {
        seq: 0,
        row: 2,
        id: "R1".into(),
        attributes: attributes.iter().map(|s| s.to_string()).collect(),
        consent,
        answers: vec![Some("text".into())],
    }
}

#[test]
fn people_columns_are_found_from_headers_or_named() {
    let s = schema();
    let p = People::find(&s, None, None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        (p.name, p.organisation, p.kind),
        (Some(1), Some(2), Some(3))
    );
    let p = People::find(&s, Some("5"), Some("full NAME")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((p.name, p.organisation), (Some(4), Some(1)));
    let err = People::find(&s, Some("9"), None)
        .err()
        .map(|e| e.to_string());
    assert_eq!(
        err.as_deref(),
        Some(
            "x.csv: no column \"9\" (set as the name column); the columns are: 1 \"Respondent ID\", \
             2 \"Full name\", 3 \"Organisation (if any)\", 4 \"Are you responding as an \
             individual or an organisation?\", 5 \"Comments\""
        )
    );
}

#[test]
fn names_follow_the_policy() {
    let s = schema();
    let people = People::find(&s, None, None).unwrap_or_else(|e| panic!("{e}"));
    let id = Identity::new(&s, &people);
    assert_eq!(id.hidden(), vec![0, 1]);
    let person = respondent(["Jean Smith", "", "Individual"], Consent::WithName);
    let org = respondent(
        ["Jean Smith", "Carers Forum", "Organisation"],
        Consent::WithName,
    );
    let group = respondent(["Tam Orr", "", "Community group"], Consent::WithName);
    assert_eq!(id.published_name(&person, NamePolicy::All), "Jean Smith");
    assert_eq!(id.published_name(&org, NamePolicy::All), "Carers Forum");
    assert_eq!(id.published_name(&person, NamePolicy::Organisations), "");
    assert_eq!(
        id.published_name(&org, NamePolicy::Organisations),
        "Carers Forum"
    );
    assert_eq!(
        id.published_name(&group, NamePolicy::Organisations),
        "Tam Orr"
    );
    assert_eq!(id.published_name(&org, NamePolicy::None), "");
}

#[test]
fn withheld_reasons() {
    let r = |c| respondent(["", "", ""], c);
    assert_eq!(withheld(&r(Consent::WithName), true), None);
    assert_eq!(withheld(&r(Consent::Anonymous), false), None);
    assert_eq!(
        withheld(&r(Consent::DoNotPublish), true),
        Some("do-not-publish")
    );
    assert_eq!(
        withheld(&r(Consent::Unknown), true),
        Some("consent-unknown")
    );
    assert_eq!(
        withheld(&r(Consent::Unknown), false),
        Some("no-consent-column")
    );
}
