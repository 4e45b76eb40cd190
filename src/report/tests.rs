use super::*;
use crate::summary::fixture;

/// Writes the fixture's reports when `HEARKEN_REPORT_OUT` names a file, so they can be looked at.
#[test]
fn html_is_one_self_contained_page() {
    let s = fixture::summary();
    let out = html(&s);
    if let Ok(path) = std::env::var("HEARKEN_REPORT_OUT") {
        let _ = std::fs::write(&path, &out);
        let _ = std::fs::write(format!("{path}.md"), markdown(&s));
        let _ = std::fs::write(format!("{path}.csv"), themes_csv(&s));
    }
    assert!(out.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(!out.contains("<script") && !out.contains("http://") && !out.contains("https://"));
    assert!(out.contains("@media print") && out.contains("name=\"viewport\""));
    assert_eq!(out.matches("<svg ").count(), 1 + s.attributes.len());
    assert_eq!(
        out.matches("role=\"img\" aria-label=").count(),
        1 + s.attributes.len()
    );
    assert!(out.contains("<td>22 of 120 respondents (18%, 95% CI 12–26%)</td><td>some</td>"));
    assert!(out.contains("— unpaid carer (Q1)"));
    assert_eq!(out.matches("<tr class=\"flagged\">").count(), 2);
    assert!(out.contains("10 exact copies, 1 edited copy and 1 copy with an added comment"));
}

#[test]
fn no_planted_personal_data_or_withheld_text_reaches_any_output() {
    let s = fixture::summary();
    for (name, raw) in [
        ("html", html(&s)),
        ("markdown", markdown(&s)),
        ("json", summary_json(&s)),
    ] {
        let out = raw.replace('\\', ""); // Markdown escapes the placeholders' brackets
        for planted in [
            fixture::PLANTED_PHONE,
            fixture::PLANTED_EMAIL,
            fixture::PLANTED_NAME,
            fixture::PLANTED_PHONE_2,
        ] {
            assert!(!out.contains(planted), "{name} contains {planted}");
        }
        assert!(
            out.contains("[phone]") && out.contains("[email]"),
            "{name}: the redacted quote is missing"
        );
        // Text only non-consenting respondents wrote never appears.
        assert!(!out.contains("My name is"), "{name}");
    }
}

#[test]
fn outputs_are_byte_identical_across_runs() {
    let (a, b) = (fixture::summary(), fixture::summary());
    assert_eq!(markdown(&a), markdown(&b));
    assert_eq!(summary_json(&a), summary_json(&b));
    assert_eq!(themes_csv(&a), themes_csv(&b));
    assert_eq!(html(&a), html(&b));
}

#[test]
fn csv_has_bom_header_and_one_row_per_theme_scope() {
    let s = fixture::summary();
    let csv = themes_csv(&s);
    assert!(
        csv.starts_with("\u{feff}theme_id,theme,priorities,question,group_attribute,group_value,")
    );
    let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    // 6 themes x (overall + 2 questions + 4 types + 4 localities) + header.
    assert_eq!(lines.len(), 6 * 11 + 1);
    assert!(lines.contains(
        &"T10,Support for unpaid carers,P3,all,Respondent type,Unpaid carer,30,22,0.7333"
    ));
    assert!(lines.contains(&"T03,Community connection and activities,P1;P2,Q2,,,76,0,0"));
    assert!(lines.contains(&"T12,\"Information, access and involvement\",P3,all,,,120,48,0.4"));
}

#[test]
fn data_is_escaped_for_each_format() {
    assert_eq!(
        html::esc("<script>\"a\" & 'b'"),
        "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;"
    );
    assert_eq!(
        markdown::md("a|b *c* <d>\n#e"),
        "a\\|b \\*c\\* \\<d\\> \\#e"
    );
    let s = fixture::summary();
    let md = markdown(&s);
    assert!(
        md.contains("| T10 Support for unpaid carers | P3 | 22 of 120 respondents (18%, 95% CI 12–26%) | some |")
    );
    assert!(
        !md.replace("\\<", "").contains('<'),
        "markdown must carry no HTML"
    );
    assert!(md.contains("Rutherglen/Cambuslang"));
}
