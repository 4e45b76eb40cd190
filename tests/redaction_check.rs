//! The redaction check set (`tests/fixtures/redaction/check.tsv`, all fictional): recall per
//! kind of personal data and the share of texts without personal data left unchanged, measured
//! on every run and held to recorded floors.

use hearken::text::redact::Redactor;
use std::collections::BTreeMap;

/// Recorded floors: recall per kind (caught / planted) on the check set. A change that lowers
/// one of these is a regression; raise them when the rules get better.
const RECALL_FLOORS: &[(&str, f64)] = &[
    ("email", 1.0),
    ("phone", 1.0),
    ("postcode", 1.0),
    ("nhs", 1.0),
    ("nino", 1.0),
    ("chi", 1.0),
    ("dob", 1.0),
    ("address", 1.0),
    ("name", 1.0),
    ("handle", 1.0),
    ("url", 1.0),
    ("card", 1.0),
    ("vehicle", 1.0),
    ("passport", 1.0),
    ("licence", 1.0),
];

/// Recorded floor: share of texts without personal data that come back byte for byte.
const UNCHANGED_FLOOR: f64 = 1.0;

struct Row {
    line: usize,
    kind: String,
    value: String,
    text: String,
}

fn rows() -> Vec<Row> {
    let data = include_str!("fixtures/redaction/check.tsv");
    data.lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty())
        .map(|(i, l)| {
            let mut cols = l.splitn(3, '\t');
            let (kind, value, text) = (cols.next(), cols.next(), cols.next());
            let (Some(kind), Some(value), Some(text)) = (kind, value, text) else {
                panic!("check.tsv line {}: expected 3 tab-separated columns", i + 1);
            };
            Row {
                line: i + 1,
                kind: kind.to_string(),
                value: value.replace("\\n", "\n"),
                text: text.replace("\\n", "\n"),
            }
        })
        .collect()
}

/// Whether every byte of `start..end` lies inside some redaction.
fn covered(found: &[hearken::text::redact::Redaction], start: usize, end: usize) -> bool {
    (start..end).all(|i| found.iter().any(|r| r.start <= i && i < r.end))
}

#[test]
fn recall_per_kind_and_unchanged_share_hold_their_floors() {
    let redactor = Redactor::new();
    let mut per_kind: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let (mut clean, mut unchanged) = (0usize, 0usize);
    let mut misses = Vec::new();
    for row in rows() {
        let found = redactor.find(&row.text);
        if row.kind == "none" {
            clean += 1;
            if found.is_empty() {
                unchanged += 1;
            } else {
                misses.push(format!(
                    "line {}: changed: {:?}",
                    row.line,
                    redactor.redact(&row.text)
                ));
            }
            continue;
        }
        let Some(start) = row.text.find(&row.value) else {
            panic!("check.tsv line {}: the value is not in the text", row.line);
        };
        let hit = covered(&found, start, start + row.value.len());
        let e = per_kind.entry(row.kind.clone()).or_insert((0, 0));
        e.1 += 1;
        if hit {
            e.0 += 1;
        } else {
            misses.push(format!(
                "line {}: {} missed: {:?}",
                row.line,
                row.kind,
                redactor.redact(&row.text)
            ));
        }
    }
    let mut report = String::new();
    for (kind, (hit, all)) in &per_kind {
        report.push_str(&format!(
            "{kind:<9} {hit:>3}/{all:<3} {:.3}\n",
            *hit as f64 / *all as f64
        ));
    }
    let share = unchanged as f64 / clean.max(1) as f64;
    report.push_str(&format!("unchanged {unchanged:>3}/{clean:<3} {share:.3}\n"));
    println!("{report}");
    for m in &misses {
        println!("{m}");
    }
    for (kind, floor) in RECALL_FLOORS {
        let (hit, all) = per_kind.get(*kind).copied().unwrap_or((0, 0));
        assert!(
            all >= 5,
            "{kind}: only {all} planted values in the check set"
        );
        let recall = hit as f64 / all as f64;
        assert!(
            recall >= *floor,
            "{kind}: recall {recall:.3} is below its floor {floor}\n{report}\n{}",
            misses.join("\n")
        );
    }
    assert_eq!(
        per_kind.len(),
        RECALL_FLOORS.len(),
        "a kind without a floor"
    );
    assert!(clean >= 50, "only {clean} texts without personal data");
    assert!(
        share >= UNCHANGED_FLOOR,
        "unchanged share {share:.3} is below its floor {UNCHANGED_FLOOR}\n{}",
        misses.join("\n")
    );
}
