//! A fictional consultation built in code for tests: 120 respondents, two questions, two
//! attributes, a 12-respondent campaign, planted contact details and a constructed imbalance
//! (every unpaid carer raises the carers theme). Codings come from a tiny keyword matcher so the
//! summary can be tested without the lexicon coder.

use crate::model::*;

pub const LETTER: &str = "We call on the partnership to keep the Riverside day centre open because it is the \
    only place where older people in our town can meet, eat a hot meal and find company and support from \
    staff they trust.";
pub const PLANTED_PHONE: &str = "07700 900461";
pub const PLANTED_EMAIL: &str = "jo.fictional@example.org";
pub const PLANTED_NAME: &str = "Morag Fictionalname";
pub const PLANTED_PHONE_2: &str = "0141 496 0555";

const TYPES: [&str; 4] = [
    "Individual",
    "Unpaid carer",
    "Organisation",
    "Health or care worker",
];
const LOCALITIES: [&str; 4] = [
    "Clydesdale",
    "East Kilbride",
    "Hamilton",
    "Rutherglen/Cambuslang",
];

/// (theme, keywords, sentence variants)
const THEMES: &[(&str, &[&str], &[&str])] = &[
    ("T03", &["lonely", "isolation", "community", "lunch club"], &[
        "Since the lunch club closed many older people in the village are lonely and see nobody from one week to the next.",
        "Community groups run by volunteers do more for isolation than any service but they need small grants to survive.",
    ]),
    ("T05", &["anxiety", "counselling", "mental health", "crisis"], &[
        "My daughter waited over a year for counselling while her anxiety got steadily worse and school became impossible.",
        "There is nowhere to go in a mental health crisis at night apart from sitting in a waiting room for hours.",
    ]),
    ("T07", &["gp", "appointment", "surgery", "receptionist"], &[
        "Getting a GP appointment means phoning at eight in the morning and still being told to try again tomorrow.",
        "The surgery phone line is engaged for an hour and the receptionist cannot offer an appointment for weeks.",
        "Seeing the same GP twice would mean not having to explain my whole history every single time I go.",
    ]),
    ("T09", &["home care", "care package", "visits"], &[
        "The home care visits are rushed and fifteen minutes is not enough time to help someone wash, dress and eat.",
        "We waited four months for a care package after the assessment and my father was stuck in a ward all that time.",
    ]),
    ("T10", &["carer", "respite", "short break", "caring"], &[
        "As an unpaid carer for my husband I have not had a proper respite break in two years and I am exhausted.",
        "Carers need short breaks that can be booked without months of waiting, otherwise we simply burn out and then what.",
        "Caring for my son is a full time job and the carer support plan never led to anything practical for us.",
    ]),
    ("T12", &["information", "website", "buses", "transport"], &[
        "Nobody tells you what support exists, the information is scattered and the council website is out of date.",
        "Without a car it takes two buses to reach the health centre, so transport matters as much as the service itself.",
    ]),
];

const FILLER: &str =
    "Services in my area are mostly fine and the staff I have met were kind and patient with me.";

fn pick(variants: &[&str], i: usize) -> String {
    variants[i % variants.len()].to_string()
}

pub fn frame() -> CodeFrame {
    let p = |id: &str, name: &str| Priority {
        id: id.into(),
        name: name.into(),
        description: format!("{name}."),
    };
    let t = |id: &str, name: &str, ps: &[&str]| Theme {
        id: id.into(),
        name: name.into(),
        description: format!("{name}."),
        priorities: ps.iter().map(|s| s.to_string()).collect(),
    };
    CodeFrame {
        priorities: vec![
            p("P1", "Prevention and inequalities"),
            p("P2", "Mental health and addictions"),
            p("P3", "Day-to-day services"),
        ],
        themes: vec![
            t("T03", "Community connection and activities", &["P1", "P2"]),
            t("T05", "Mental health and wellbeing", &["P2"]),
            t("T07", "GP and primary care access", &["P3"]),
            t("T09", "Care at home and social care support", &["P3"]),
            t("T10", "Support for unpaid carers", &["P3"]),
            t("T12", "Information, access and involvement", &["P3"]),
        ],
    }
}

pub fn schema() -> SurveySchema {
    SurveySchema {
        path: "/data/exports/consultation.csv".into(),
        format: Format::Csv,
        vendor: None,
        encoding: "UTF-8".into(),
        delimiter: Some(b','),
        header_rows: 1,
        columns: Vec::new(),
        id_column: Some(0),
        questions: vec![
            Question {
                id: "Q1".into(),
                text: "What matters most to you about health and care services?".into(),
                column: 3,
            },
            Question {
                id: "Q2".into(),
                text: "What one change would make the biggest difference?".into(),
                column: 4,
            },
        ],
        attributes: vec![
            Attribute {
                name: "Respondent type".into(),
                column: 1,
            },
            Attribute {
                name: "Locality".into(),
                column: 2,
            },
        ],
        consent_column: Some(5),
        notes: Vec::new(),
    }
}

const TOWNS: [&str; 11] = [
    "Larkhall",
    "Carluke",
    "Lanark",
    "Blantyre",
    "Strathaven",
    "Biggar",
    "Uddingston",
    "Lesmahagow",
    "Bothwell",
    "Forth",
    "Stonehouse",
];
const SITUATIONS: [&str; 7] = [
    "I am retired now",
    "I work part time in a shop",
    "I look after a relative most days",
    "I have two children at the local primary",
    "I use a wheelchair to get about",
    "I work night shifts at a warehouse",
    "I moved here from the city recently",
];

const HABITS: [&str; 17] = [
    "Most mornings I walk the dog along the river before anyone else is up.",
    "On Saturdays I help out at the church hall with the teas.",
    "I still drive but only during daylight these days.",
    "My neighbour and I share a lift to the big supermarket every Thursday.",
    "I grow vegetables on an allotment beside the old railway line.",
    "Our family gets together for Sunday dinner whenever the weather allows.",
    "I am learning to use a tablet so I can video call my grandson in Canada.",
    "Evenings are spent at the bowling club when my knee lets me.",
    "I read a lot, mostly crime novels from the mobile library van.",
    "My sister phones every night at nine to make sure I am alright.",
    "I volunteer two afternoons a week at a charity shop on the main street.",
    "We have a small terrier who keeps us both on our toes.",
    "Fishing on the loch is how I switch off after a long week.",
    "I sing in a community choir that meets in the primary school.",
    "Weekends are for football, both playing and watching my boys.",
    "I knit blankets for the neonatal unit whenever I have spare wool.",
    "Cycling to work keeps me fit when the roads are not icy.",
];

/// A respondent-specific first sentence, so the fixture's answers are not near-copies of each other.
fn opener(i: usize) -> String {
    format!(
        "I have lived in {} for {} years and {}. {}",
        TOWNS[i % 11],
        i % 13 + 2,
        SITUATIONS[i % 7],
        HABITS[i % 17]
    )
}

fn q1_text(i: usize) -> Option<String> {
    if (100..=111).contains(&i) {
        return Some(match i {
            110 => LETTER.replace("older people", "elderly residents"),
            111 => format!("{LETTER} My own mother went there every week after her stroke and the staff there kept her from being lonely when nobody else did."),
            _ => LETTER.to_string(),
        });
    }
    if i % 10 == 9 {
        return None;
    }
    let mut parts = vec![opener(i)];
    let rule = |t: usize| match t {
        0 => i % 5 == 2,
        1 => i % 3 == 0,
        2 => i % 2 == 0,
        3 => i % 6 == 4,
        4 => i % 4 == 1,
        _ => i % 7 == 3,
    };
    for (t, (_, _, variants)) in THEMES.iter().enumerate() {
        if rule(t) {
            parts.push(pick(variants, i / 2));
        }
    }
    if parts.len() == 1 {
        parts.push(FILLER.to_string());
    }
    if i == 53 {
        parts.push(format!(
            "Ring the carer centre on {PLANTED_PHONE} or write to {PLANTED_EMAIL} about caring."
        ));
    }
    if i % 5 == 0 {
        parts.push(format!(
            "My name is {PLANTED_NAME} and my number is {PLANTED_PHONE_2}."
        ));
    }
    Some(parts.join(" "))
}

fn q2_text(i: usize) -> Option<String> {
    if (100..=111).contains(&i) || (i % 3 == 2 && i % 10 != 9) {
        return None;
    }
    let text = if i % 3 == 0 {
        pick(THEMES[3].2, i)
    } else {
        pick(THEMES[5].2, i + 1)
    };
    // Respondents who left Q1 blank introduce themselves here instead.
    Some(if i % 10 == 9 {
        format!("{} {text}", opener(i))
    } else {
        text
    })
}

pub fn respondents() -> Vec<Respondent> {
    (0..120usize)
        .map(|i| Respondent {
            seq: i as u32,
            row: i as u64 + 2,
            id: format!("R{:03}", i + 1),
            attributes: vec![
                TYPES[i % 4].to_string(),
                LOCALITIES[(i / 4) % 4].to_string(),
            ],
            consent: match i % 5 {
                0 => Consent::DoNotPublish,
                1 => Consent::WithName,
                _ => Consent::Anonymous,
            },
            answers: vec![q1_text(i), q2_text(i)],
        })
        .collect()
}

/// Codes a text with the fixture keywords: one evidence per keyword match, weight 1, threshold 1.
pub fn code(respondent: u32, question: u16, text: &str) -> Coding {
    let lower = text.to_lowercase();
    let f = frame();
    let index = |id: &str| f.themes.iter().position(|t| t.id == id).unwrap_or(0) as u16;
    let mut evidence = Vec::new();
    for (theme, keywords, _) in THEMES {
        for k in *keywords {
            let mut from = 0;
            while let Some(p) = lower[from..].find(k) {
                let start = from + p;
                evidence.push(Evidence {
                    theme: index(theme),
                    entry: k.to_string(),
                    start,
                    end: start + k.len(),
                    weight: 1.0,
                    negated: false,
                });
                from = start + k.len();
            }
        }
    }
    evidence.sort_by_key(|e| (e.start, e.end));
    let themes: Vec<ThemeScore> = (0..f.themes.len() as u16)
        .filter_map(|ti| {
            let score: f32 = evidence
                .iter()
                .filter(|e| e.theme == ti)
                .map(|e| e.weight)
                .sum();
            (score >= 1.0).then_some(ThemeScore { theme: ti, score })
        })
        .collect();
    let mut priorities: Vec<u16> = themes
        .iter()
        .flat_map(|s| f.themes[usize::from(s.theme)].priorities.iter())
        .filter_map(|p| f.priorities.iter().position(|q| &q.id == p))
        .map(|i| i as u16)
        .collect();
    priorities.sort();
    priorities.dedup();
    Coding {
        respondent,
        question,
        themes,
        priorities,
        evidence,
        revisions: Vec::new(),
    }
}

pub fn codings(rs: &[Respondent]) -> Vec<Coding> {
    let mut out = Vec::new();
    for r in rs {
        for (q, a) in r.answers.iter().enumerate() {
            if let Some(text) = a {
                out.push(code(r.seq, q as u16, text));
            }
        }
    }
    out
}

pub fn accounting() -> Vec<Accounting> {
    let rej = |row, reason| Rejection {
        row,
        reason,
        detail: "fixture".into(),
    };
    vec![Accounting {
        path: "/data/exports/consultation.csv".into(),
        rows: 126,
        ingested: 120,
        blank: 3,
        rejected: vec![
            rej(40, RejectReason::Ragged),
            rej(77, RejectReason::Ragged),
            rej(90, RejectReason::DuplicateId),
        ],
        bytes: 40_000,
    }]
}

/// The whole fixture summarised.
pub fn summary() -> crate::summary::Summary {
    let (schema, frame, rs, acc) = (schema(), frame(), respondents(), accounting());
    let codings = codings(&rs);
    let campaigns = crate::summary::detect_campaigns(&schema, &rs);
    let input = crate::summary::SummaryInput {
        schema: &schema,
        frame: &frame,
        coded: &CodedBatch {
            words: Vec::new(),
            respondents: rs.clone(),
            codings,
        },
        accounting: &acc,
    };
    crate::summary::summarise(&input, &campaigns)
}
