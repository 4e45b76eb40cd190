//! Property tests: redaction, consent reading and publishing hold their invariants on any input.

use hearken::ingest::consent;
use hearken::ingest::{IngestOptions, RoleOverrides};
use hearken::publish::{self, PublishOptions};
use hearken::report::spreadsheet::safe_cell as formula_safe;
use hearken::text::redact::{apply, Redactor};
use proptest::prelude::*;
use std::sync::OnceLock;

fn redactor() -> &'static Redactor {
    static R: OnceLock<Redactor> = OnceLock::new();
    R.get_or_init(Redactor::new)
}

/// Text built from the pieces the rules look at, so that the rules run on it.
fn pieces() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "Dr ",
        "mrs ",
        "my husband ",
        "I'm ",
        "Regards,\n",
        "Dear ",
        "John ",
        "McLeod",
        "O'Neill ",
        "0141 ",
        "555 ",
        "0123",
        "07700 900123",
        "+44 ",
        "(0)",
        "oh ",
        "seven ",
        "double ",
        "ML3 ",
        "0AA",
        "OAA ",
        "QQ 12 34 56 C",
        "@",
        ".",
        "jean",
        "gmail",
        " at ",
        " dot ",
        "com ",
        "12 ",
        "Main Street",
        "Cottage ",
        "born ",
        "12/03/1954 ",
        "facebook.com/",
        "4111 1111 1111 1111 ",
        "AB51 ABC ",
        "passport ",
        "123456789 ",
        "MORGA657054SM9IJ ",
        "Zoë ",
        "’",
        "—",
        "\t",
        ", ",
        "and ",
        "the ",
        "Hamilton ",
        "A&E ",
    ]);
    prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

fn check_spans(text: &str) {
    let found = redactor().find(text);
    for w in found.windows(2) {
        assert!(w[0].end <= w[1].start, "{text:?}: {found:?}");
    }
    for r in &found {
        assert!(r.start < r.end && r.end <= text.len());
        assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        assert!(!r.rule.is_empty());
    }
    assert_eq!(apply(text, &found), redactor().redact(text));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn spans_are_sorted_disjoint_and_on_char_boundaries(text in any::<String>()) {
        check_spans(&text);
    }

    #[test]
    fn the_same_holds_where_the_rules_fire(text in pieces()) {
        check_spans(&text);
    }

    #[test]
    fn redaction_keeps_every_byte_outside_its_spans(text in pieces()) {
        let found = redactor().find(&text);
        let out = redactor().redact(&text);
        let mut kept = String::new();
        let mut at = 0;
        for r in &found {
            kept.push_str(&text[at..r.start]);
            at = r.end;
        }
        kept.push_str(&text[at..]);
        let mut stripped = out.clone();
        for r in &found {
            stripped = stripped.replacen(r.kind.placeholder(), "", 1);
        }
        prop_assert_eq!(kept.len(), stripped.len());
    }

    #[test]
    fn consent_reading_ignores_case_and_spacing(value in "[A-Za-z ,()'’-]{0,60}") {
        let a = consent::parse(&value);
        prop_assert_eq!(a, consent::parse(&value.to_uppercase()));
        prop_assert_eq!(a, consent::parse(&format!("  {}  ", value.replace(' ', "   "))));
    }

    #[test]
    fn formula_safe_cells_never_start_a_formula(cell in any::<String>()) {
        let safe = formula_safe(&cell);
        prop_assert!(!safe.starts_with(['=', '+', '-', '@', '\t', '\r']));
        prop_assert!(safe.ends_with(cell.as_str()));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Any answers, published and read back: the same rows, valid UTF-8, every cell the
    /// redacted (and formula-safe) answer.
    #[test]
    fn published_csv_reads_back_row_for_row(
        answers in prop::collection::vec(("[^\u{0}-\u{8}\u{b}\u{c}\u{e}-\u{1f}]{1,80}", pieces()), 1..12)
    ) {
        let tmp = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
        let input = tmp.path().join("in.csv");
        let mut w = csv::Writer::from_path(&input).map_err(|e| TestCaseError::fail(e.to_string()))?;
        w.write_record(["ID", "Consent", "Comment", "More"]).map_err(|e| TestCaseError::fail(e.to_string()))?;
        // Tabs in every row would rightly make the file read as tab-separated: keep them out.
        let answers: Vec<(String, String)> = answers
            .iter()
            .map(|(a, b)| (a.replace('\t', " "), b.replace('\t', " ")))
            .collect();
        for (i, (a, b)) in answers.iter().enumerate() {
            let id = format!("R{i}");
            w.write_record([id.as_str(), "Publish anonymously", a, b]).map_err(|e| TestCaseError::fail(e.to_string()))?;
        }
        w.flush().map_err(|e| TestCaseError::fail(e.to_string()))?;
        drop(w);
        let out = tmp.path().join("out");
        let opts = PublishOptions {
            inputs: vec![input],
            out: out.clone(),
            ingest: IngestOptions {
                roles: RoleOverrides {
                    id: Some("ID".into()),
                    consent: Some("Consent".into()),
                    text: vec!["Comment".into(), "More".into()],
                    ..RoleOverrides::default()
                },
                ..IngestOptions::default()
            },
            ..PublishOptions::default()
        };
        let report = publish::run(&opts, &hearken::progress::Silent).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let bytes = std::fs::read(out.join("responses.csv")).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let text = String::from_utf8(bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let mut rdr = csv::Reader::from_reader(text.as_bytes());
        let rows: Vec<csv::StringRecord> = rdr.records().collect::<Result<_, _>>().map_err(|e| TestCaseError::fail(e.to_string()))?;
        let expected = |a: &str| -> String {
            let t = a.trim();
            if hearken::ingest::answers::is_non_answer(t) {
                String::new()
            } else {
                formula_safe(&redactor().redact(t)).into_owned()
            }
        };
        let published: Vec<&(String, String)> = answers
            .iter()
            .filter(|(a, b)| !(hearken::ingest::answers::is_non_answer(a) && hearken::ingest::answers::is_non_answer(b)))
            .collect();
        prop_assert_eq!(rows.len() as u64, report.published);
        prop_assert_eq!(rows.len(), published.len());
        for (row, (a, b)) in rows.iter().zip(published) {
            let (want_a, want_b) = (expected(a), expected(b));
            prop_assert_eq!(&row[3], want_a.as_str());
            prop_assert_eq!(&row[4], want_b.as_str());
        }
    }
}
