//! The double-coding sheet `hearken review sample` writes: a CSV that opens in Excel (UTF-8 with
//! a byte-order mark, cells safe from formulas), with the coding rule summarised in comment lines
//! above the header `id,question,answer,reviewer,T01 ...,T12 ...` and one blank column per theme.
//! `review::sheet` reads it back once coded.

use super::spreadsheet::SafeCsv;
use crate::model::CodeFrame;
use crate::review::SampleItem;
use std::io::{self, Write};

/// The coding rule, one comment line each.
const RULES: [&str; 9] = [
    "Code each answer as a careful coder would, from its words alone, without looking at hearken's codes.",
    "Put 1 in the column of EVERY theme the answer raises (none, one or several) and leave the others blank.",
    "A theme is raised when the answer talks about its topic, whether it praises, criticises, asks for something or describes it.",
    "Only general praise, thanks or a rating with no topic, and 'nothing', 'N/A' or 'no comment', get no theme.",
    "Code from the answer's words, not from what the survey is about; indirect mentions count when any reader would agree.",
    "Negation and absence still raise a theme: 'no one ever explained anything' is about information.",
    "Code the topic, not the word: 'access' to a coastal path or 'transport' of goods is not about services.",
    "Staff and the service together raise both (a rude receptionist: GP access and workforce).",
    "Write your name in the reviewer column; several reviewers each code their own copy of this sheet.",
];

/// How the sample was drawn, for the sheet's first line.
#[derive(Debug, Clone, Copy)]
pub struct SheetInfo {
    /// Coded answers the sample was drawn from.
    pub population: u64,
    /// The seed of the draw.
    pub seed: u64,
}

/// Writes the sheet for `items`, with a blank column per theme of `frame`.
pub fn write_review_sheet<W: Write>(
    mut out: W,
    items: &[SampleItem],
    frame: &CodeFrame,
    info: SheetInfo,
) -> io::Result<W> {
    out.write_all("\u{feff}".as_bytes())?;
    let mut comment = |text: String| -> io::Result<()> {
        let cell = crate::report::spreadsheet::safe_cell(&text).replace('"', "\"\"");
        writeln!(out, "\"{cell}\"")
    };
    comment(format!(
        "# hearken double-coding sheet: {} answers drawn at random (seed {}) from {} coded answers, stratified by question and by whether hearken coded the answer.",
        items.len(),
        info.seed,
        info.population
    ))?;
    for rule in RULES {
        comment(format!("# {rule}"))?;
    }
    comment("# The themes:".to_string())?;
    for t in &frame.themes {
        comment(format!("# {} {}: {}", t.id, t.name, t.description))?;
    }
    let mut w = SafeCsv::new(out);
    let mut header: Vec<String> = ["id", "question", "answer", "reviewer"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    header.extend(frame.themes.iter().map(|t| format!("{} {}", t.id, t.name)));
    w.write_row(&header)?;
    for item in items {
        let mut row = vec![
            item.id.clone(),
            item.question.clone(),
            item.answer.clone(),
            String::new(),
        ];
        row.extend(frame.themes.iter().map(|_| String::new()));
        w.write_row(&row)?;
    }
    w.into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::Sheet;
    use std::path::Path;

    #[test]
    fn a_written_sheet_reads_back_blank() {
        let frame = crate::summary::fixture::frame();
        let items = vec![
            SampleItem {
                id: "R1".into(),
                question: "Q1".into(),
                answer: "=1+1, \"quoted\"".into(),
            },
            SampleItem {
                id: "R2".into(),
                question: "Q2".into(),
                answer: "line\nbreak".into(),
            },
        ];
        let info = SheetInfo {
            population: 10,
            seed: 4,
        };
        let bytes = write_review_sheet(Vec::new(), &items, &frame, info).expect("written");
        assert!(bytes.starts_with("\u{feff}\"# hearken double-coding sheet: 2 answers".as_bytes()));
        let sheet = Sheet::parse(Path::new("s.csv"), &bytes, &frame).expect("reads back");
        assert_eq!(sheet.rows.len(), 2);
        assert_eq!(sheet.rows[0].answer, "=1+1, \"quoted\"");
        assert_eq!(sheet.rows[1].answer, "line\nbreak");
        assert!(sheet.rows.iter().all(|r| r.codes.iter().all(|c| !c)));
        assert!(sheet.themes.iter().all(|&t| t));
        assert_eq!(sheet.reviewer, "s");
    }
}
