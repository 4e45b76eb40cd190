//! Property test of the whole CSV reader: whatever mix of good, ragged, undecodable, oversized,
//! control-character and stray-quote rows a file has, every line written is one data row, and
//! every data row is ingested, blank or rejected, exactly once.

use hearken::ingest::{self, IngestOptions};
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Line {
    Good(u8),
    Blank,
    Ragged,
    Undecodable,
    Control,
    /// A quote opened by mistake; a later line closes a quoted field of its own.
    StrayQuote,
}

fn line() -> impl Strategy<Value = Line> {
    prop_oneof![
        6 => (0u8..5).prop_map(Line::Good),
        1 => Just(Line::Blank),
        1 => Just(Line::Ragged),
        1 => Just(Line::Undecodable),
        1 => Just(Line::Control),
        1 => Just(Line::StrayQuote),
    ]
}

const ANSWERS: [&str; 5] = [
    "More evening buses so I can get to the day centre",
    "The waiting list for a care package is far too long",
    "Respite for unpaid carers would make a real difference",
    "Keep the local clinic open, it is the only one nearby",
    "Better information about what support exists in the area",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn every_line_is_one_row_accounted_for(lines in prop::collection::vec(line(), 1..60)) {
        let mut bytes = b"Response ID,Locality,What matters most to you?\n".to_vec();
        for (i, l) in lines.iter().enumerate() {
            let row: Vec<u8> = match l {
                Line::Good(a) => format!("R{i},North,\"{}\"\n", ANSWERS[*a as usize]).into_bytes(),
                Line::Blank => format!("R{i},South,\n").into_bytes(),
                Line::Ragged => format!("R{i},{}\n", ANSWERS[0]).into_bytes(),
                Line::Undecodable => format!("R{i},North,bad \u{FFFD} byte\n")
                    .replace('\u{FFFD}', "\u{1}")
                    .into_bytes()
                    .into_iter()
                    .map(|b| if b == 1 { 0xFF } else { b })
                    .collect(),
                Line::Control => format!("R{i},North,esc \u{1b}[2J here\n").into_bytes(),
                Line::StrayQuote => format!("R{i},North,\"{}\n", ANSWERS[1]).into_bytes(),
            };
            bytes.extend(row);
        }
        // A last quoted field closes any quote left open by a stray one.
        bytes.extend(format!("Z,North,\"{}\"\n", ANSWERS[2]).into_bytes());
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("export.csv");
        std::fs::write(&path, &bytes).unwrap();
        match ingest::inspect(&path, &IngestOptions::default(), &hearken::progress::Silent) {
            Ok((_, acc)) => {
                prop_assert_eq!(acc.rows, lines.len() as u64 + 1);
                prop_assert_eq!(acc.rows, acc.ingested + acc.blank + acc.rejected.len() as u64);
                let rejected_lines: Vec<u64> = acc.rejected.iter().map(|r| r.row).collect();
                let mut sorted = rejected_lines.clone();
                sorted.dedup();
                prop_assert_eq!(sorted.len(), rejected_lines.len(), "a row rejected twice");
            }
            // A stray quote whose line is the last one with a quote cannot be told apart.
            Err(e) => prop_assert!(e.to_string().contains("never closed"), "{}", e),
        }
    }
}
