//! Consent in every output, through the real binary: a fictional export where some respondents
//! did not agree to publication (a campaign signed by its organiser, and carers who all name one
//! surgery) and those who did left personal details in their answers. No report, summary,
//! search result (`--publishable`, every format) or published file may show a word that only
//! the first wrote, or any of the details the second left.

use std::path::PathBuf;
use std::process::Output;

mod common;

fn fixture() -> PathBuf {
    common::fixture("consent/survey.csv")
}

/// Runs hearken, asserting success.
fn hearken(args: &[&str]) -> Output {
    let o = common::hearken(args);
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

/// Words only respondents who did not agree wrote, and details the others left.
const NEVER: &[&str] = &[
    // Respondents C001-C011 did not agree to publication.
    "Wurzelbach",
    "wurzelbach",
    "Kirkhill",
    "Quillfeather",
    "undersigned",
    "07700 900777",
    // Personal details of those who did.
    "07700 900123",
    "agnes.brodie@example.com",
    "Jim",
    "14 Quarry Road",
    "ML11 9ZZ",
    "0101 01 1234",
    "Jean Smith",
    "Callum",
    "mcleod",
];

fn assert_clean(what: &str, text: &str) {
    for never in NEVER {
        assert!(!text.contains(never), "{what} shows {never:?}");
    }
    for id in 1..=11 {
        let id = format!("C{id:03}");
        assert!(!text.contains(&id), "{what} shows {id}, who did not agree");
    }
}

#[test]
fn reports_summary_and_published_files_show_nothing_from_withheld_respondents() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("out");
    let input = fixture();
    hearken(&[
        "run",
        &input.to_string_lossy(),
        "--out",
        &out.to_string_lossy(),
        "-q",
    ]);
    for name in ["report.html", "report.md", "summary.json"] {
        let text = std::fs::read_to_string(out.join(name)).expect("output");
        assert_clean(name, &text);
    }
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).expect("summary"))
            .expect("json");
    let campaign = &summary["campaigns"][0];
    assert_eq!(campaign["size"], 6);
    assert_eq!(campaign["standard_text_shown"], false);
    // Distinctive terms are still found, from the respondents who agreed.
    let t10 = summary["distinctive"]["by_theme"]
        .as_array()
        .and_then(|a| a.iter().find(|t| t["key"] == "T10"))
        .map(|t| t["terms"].to_string())
        .unwrap_or_default();
    assert!(t10.contains("respite"), "{t10}");

    let published = tmp.path().join("published");
    hearken(&[
        "publish",
        &input.to_string_lossy(),
        "--out",
        &published.to_string_lossy(),
        "-q",
    ]);
    for name in ["responses.csv", "redactions.csv", "manifest.json"] {
        let text = std::fs::read_to_string(published.join(name)).expect("published file");
        assert_clean(name, &text);
    }
}

#[test]
fn search_publishable_is_redacted_in_every_format() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("out");
    hearken(&[
        "run",
        &fixture().to_string_lossy(),
        "--out",
        &out.to_string_lossy(),
        "-q",
    ]);
    let index = out.join("index");
    let index = index.to_string_lossy();
    for query in ["carers", "respite", "wurzelbach", "*", "phone", "centre"] {
        for format in ["text", "json", "csv"] {
            let o = hearken(&[
                "search",
                "--index",
                &index,
                query,
                "--publishable",
                "--limit",
                "100",
                "--format",
                format,
            ]);
            let text = String::from_utf8_lossy(&o.stdout);
            assert_clean(&format!("search {query} --format {format}"), &text);
        }
    }
    // The redacted answers are there, with their placeholders.
    let o = hearken(&[
        "search",
        "--index",
        &index,
        "short break husband",
        "--publishable",
        "--format",
        "json",
    ]);
    let line = String::from_utf8_lossy(&o.stdout);
    let hit: serde_json::Value =
        serde_json::from_str(line.lines().next().unwrap_or("{}")).expect("json hit");
    assert_eq!(hit["id"], "C012");
    assert_eq!(
        hit["text"],
        "I care for my husband [name] and I need a short break. Call me on [phone] if you want to hear more."
    );
    let snippet = hit["snippet"]["text"].as_str().unwrap_or_default();
    assert!(snippet.contains("[phone]"), "{snippet}");
    let spans = hit["snippet"]["highlights"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let marked: Vec<&str> = spans
        .iter()
        .filter_map(|s| Some(&snippet[s[0].as_u64()? as usize..s[1].as_u64()? as usize]))
        .collect();
    assert_eq!(marked, ["husband", "short", "break"]);
    // Without --publishable every answer is found (and marked), as the analyst's own view.
    let o = hearken(&["search", "--index", &index, "wurzelbach", "--format", "csv"]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert_eq!(text.lines().count(), 6, "{text}");
    assert!(
        text.lines()
            .skip(1)
            .all(|l| l.contains(",do-not-publish,no,")),
        "{text}"
    );
}

#[test]
fn an_analysts_list_of_names_is_removed_from_publishable_results() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("out");
    let staff = fixture().with_file_name("staff.txt");
    let staff = staff.to_string_lossy();
    hearken(&[
        "run",
        &fixture().to_string_lossy(),
        "--out",
        &out.to_string_lossy(),
        "--redact-names",
        &staff,
        "-q",
    ]);
    let index = out.join("index");
    let index = index.to_string_lossy();
    let search = |extra: &[&str]| -> String {
        let mut args = vec!["search", "--index", &index, "physio", "--format", "csv"];
        args.extend_from_slice(extra);
        String::from_utf8_lossy(&hearken(&args).stdout).into_owned()
    };
    let plain = search(&["--publishable"]);
    assert!(plain.contains("The physio Eilidh was brilliant"), "{plain}");
    let listed = search(&["--publishable", "--redact-names", &staff]);
    assert!(
        listed.contains("The physio [name] was brilliant"),
        "{listed}"
    );
    assert!(!listed.contains("Eilidh"));
}
