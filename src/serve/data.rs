//! What the workbench reads from an output folder of `hearken run`, once, at start: the figures
//! of `summary.json`, the run's `manifest.json`, the search index in `index/`, and from
//! `coded.csv` the lexicon entries that fired most per theme and where each respondent's rows
//! start (so a response page reads only that respondent's rows).
//!
//! The file names are fixed here; nothing a request says is ever joined to a path.

use super::ServeError;
use crate::index::{self, FacetTable, SearchIndex};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

/// Largest `summary.json` read (it grows with themes, groups and quotes, not with answers).
const MAX_SUMMARY_BYTES: u64 = 256 << 20;
/// Largest run `manifest.json` read.
const MAX_MANIFEST_BYTES: u64 = 16 << 20;
/// Most distinct lexicon entries counted per theme (a lexicon has far fewer).
const MAX_ENTRIES_PER_THEME: usize = 20_000;
/// Most evidence items read from one `coded.csv` cell.
const MAX_EVIDENCE_PER_ANSWER: usize = 10_000;

/// One `Count` of `summary.json`: "raising of answered respondents".
#[derive(Debug, Clone, Deserialize)]
pub struct CountView {
    /// Respondents who answered (the base).
    pub answered: u64,
    /// Respondents raising the theme or priority.
    pub raising: u64,
    /// The share in whole percent, as the reports show it.
    pub percent: u32,
    /// The quantifier word ("some", "a majority").
    #[serde(default)]
    pub word: String,
}

impl CountView {
    /// The 95% Wilson score interval of the share, as fractions.
    pub fn interval(&self) -> Option<(f64, f64)> {
        wilson(self.raising, self.answered)
    }
}

/// A count for one question.
#[derive(Debug, Clone, Deserialize)]
pub struct QuestionCountView {
    /// Question id.
    pub question: String,
    /// The count over that question's respondents.
    pub count: CountView,
}

/// A count for one group of an attribute.
#[derive(Debug, Clone, Deserialize)]
pub struct GroupCountView {
    /// The group value, or `(not given)`.
    pub value: String,
    /// The count over the group's respondents.
    pub count: CountView,
}

/// The chi-square test of one breakdown, as `summary.json` records it.
#[derive(Debug, Clone, Deserialize)]
pub struct TestView {
    /// The p-value as shown.
    pub p_display: String,
    /// Largest difference in share, percentage points.
    pub max_difference_points: f64,
    /// Group with the highest share.
    pub highest: String,
    /// Group with the lowest share.
    pub lowest: String,
    /// Whether the difference is marked.
    pub flagged: bool,
}

/// A theme's or priority's figures by the groups of one attribute.
#[derive(Debug, Clone, Deserialize)]
pub struct BreakdownView {
    /// The attribute.
    pub attribute: String,
    /// Its groups.
    pub groups: Vec<GroupCountView>,
    /// The test, when one was run.
    #[serde(default)]
    pub test: Option<TestView>,
}

/// The figures of one theme or priority.
#[derive(Debug, Clone, Deserialize)]
pub struct CodeView {
    /// `T07`, `P1`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// What it covers.
    #[serde(default)]
    pub description: String,
    /// Linked priorities (of a theme) or themes (of a priority).
    #[serde(default)]
    pub links: Vec<String>,
    /// Over every respondent with an answer.
    pub overall: CountView,
    /// Per question.
    #[serde(default)]
    pub per_question: Vec<QuestionCountView>,
    /// By every attribute.
    #[serde(default)]
    pub by_attribute: Vec<BreakdownView>,
}

/// An open question.
#[derive(Debug, Clone, Deserialize)]
pub struct QuestionView {
    /// `Q1`.
    pub id: String,
    /// The question text.
    pub text: String,
    /// Respondents who answered it.
    pub respondents_answered: u64,
}

/// Respondent and answer totals.
#[derive(Debug, Clone, Deserialize)]
pub struct OverviewView {
    /// Respondents analysed.
    pub respondents: u64,
    /// Respondents with at least one answer.
    pub respondents_answering: u64,
    /// Answers.
    pub answers: u64,
    /// Campaigns found.
    #[serde(default)]
    pub campaigns: u64,
    /// Respondents who sent a campaign text.
    #[serde(default)]
    pub campaign_respondents: u64,
}

/// One distinctive term.
#[derive(Debug, Clone, Deserialize)]
pub struct TermView {
    /// The word or two-word phrase.
    pub term: String,
    /// Uses in the theme's answers.
    pub count: u64,
    /// Uses in the other answers.
    #[serde(default)]
    pub count_other: u64,
}

/// The distinctive terms of one theme or group.
#[derive(Debug, Clone, Deserialize)]
pub struct TermSetView {
    /// Theme id or attribute name.
    pub key: String,
    /// Theme name or group value.
    pub label: String,
    /// The terms, most distinctive first.
    pub terms: Vec<TermView>,
}

/// Distinctive terms.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct DistinctiveView {
    /// Per theme.
    #[serde(default)]
    pub by_theme: Vec<TermSetView>,
}

/// A representative quote (already redacted by `hearken run`).
#[derive(Debug, Clone, Deserialize)]
pub struct QuoteView {
    /// The redacted text.
    pub text: String,
    /// Respondent type.
    pub attribution: String,
    /// Question id.
    pub question: String,
}

/// The quotes of one theme.
#[derive(Debug, Clone, Deserialize)]
pub struct ThemeQuotesView {
    /// Theme id.
    pub theme: String,
    /// The quotes.
    pub quotes: Vec<QuoteView>,
}

/// Theme co-occurrence.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CooccurrenceView {
    /// Theme ids, the order of rows and columns.
    #[serde(default)]
    pub themes: Vec<String>,
    /// Respondents raising both themes.
    #[serde(default)]
    pub counts: Vec<Vec<u64>>,
}

/// How to read the figures.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct MethodView {
    /// The self-selection caveat.
    #[serde(default)]
    pub caveat: String,
    /// How answers were coded.
    #[serde(default)]
    pub coding: String,
    /// When a group difference is flagged.
    #[serde(default)]
    pub group_test: String,
}

/// The parts of `summary.json` the workbench shows. Fields it does not know are ignored, so a
/// summary with more figures still reads.
#[derive(Debug, Clone, Deserialize)]
pub struct SummaryView {
    /// Totals.
    pub overview: OverviewView,
    /// How to read the figures.
    #[serde(default)]
    pub method: MethodView,
    /// The open questions.
    pub questions: Vec<QuestionView>,
    /// Attribute names broken down.
    #[serde(default)]
    pub attributes: Vec<String>,
    /// Priorities, in frame order.
    pub priorities: Vec<CodeView>,
    /// Themes, in frame order.
    pub themes: Vec<CodeView>,
    /// Themes raised together.
    #[serde(default)]
    pub cooccurrence: CooccurrenceView,
    /// Distinctive terms.
    #[serde(default)]
    pub distinctive: DistinctiveView,
    /// Representative quotes per theme.
    #[serde(default)]
    pub quotes: Vec<ThemeQuotesView>,
}

/// How often one lexicon entry fired in the answers coded with its theme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fired {
    /// The entry as written in the lexicon.
    pub entry: String,
    /// Answers coded with the theme in which the entry matched.
    pub answers: u64,
}

/// One piece of evidence of `coded.csv`: theme, entry and byte span in the answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceItem {
    /// Theme id.
    pub theme: String,
    /// The lexicon entry that matched.
    pub entry: String,
    /// Byte offset of the match.
    pub start: usize,
    /// Byte offset one past the match.
    pub end: usize,
}

/// One row of `coded.csv`: a respondent's coded answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodedRow {
    /// Question id.
    pub question: String,
    /// Theme ids assigned.
    pub themes: Vec<String>,
    /// Priority ids.
    pub priorities: Vec<String>,
    /// The evidence, in text order.
    pub evidence: Vec<EvidenceItem>,
}

/// Where one respondent's rows are in `coded.csv`.
#[derive(Debug, Clone, Copy)]
struct RowsAt {
    offset: u64,
    rows: u32,
}

/// The lexicon the answers were coded with, from the run manifest.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct LexiconInfo {
    /// `built-in` or the directory.
    #[serde(default)]
    pub source: String,
    /// Hash of the lexicon files.
    #[serde(default)]
    pub hash: String,
}

#[derive(Deserialize)]
struct RunManifest {
    #[serde(default)]
    lexicon: LexiconInfo,
    #[serde(default)]
    index: Option<IndexHash>,
}

#[derive(Deserialize)]
struct IndexHash {
    blake3: String,
}

/// Everything the pages read, loaded once from an output folder.
pub struct Workbench {
    /// The output folder.
    pub dir: PathBuf,
    /// The search index.
    pub index: SearchIndex,
    /// The figures.
    pub summary: SummaryView,
    /// The lexicon the answers were coded with.
    pub lexicon: LexiconInfo,
    /// A short name of this output (from the index hash), so baskets of different outputs
    /// are kept apart in the browser.
    pub dataset: String,
    /// Every answer's facets in memory, for one-pass searches with facet counts (`None` for
    /// a code frame too large to hold that way: searches then take several passes).
    pub table: Option<FacetTable>,
    fired: BTreeMap<String, Vec<Fired>>,
    respondents: BTreeMap<String, RowsAt>,
    coded: PathBuf,
}

impl Workbench {
    /// Reads the output folder `dir` of `hearken run`. `names` are removed from publishable
    /// text besides the usual personal details (as `--redact-names` does elsewhere).
    pub fn open(dir: &Path, names: Vec<String>) -> Result<Workbench, ServeError> {
        let bad = |file: &str, reason: String| ServeError::Output {
            path: dir.join(file),
            reason,
        };
        if !dir.is_dir() {
            return Err(ServeError::Output {
                path: dir.to_path_buf(),
                reason: "not a folder (give the --out folder of `hearken run`)".to_string(),
            });
        }
        let manifest: RunManifest = serde_json::from_slice(&read_limited(
            &dir.join("manifest.json"),
            MAX_MANIFEST_BYTES,
        )?)
        .map_err(|e| bad("manifest.json", format!("not a run manifest: {e}")))?;
        let summary: SummaryView =
            serde_json::from_slice(&read_limited(&dir.join("summary.json"), MAX_SUMMARY_BYTES)?)
                .map_err(|e| bad("summary.json", format!("not a hearken summary: {e}")))?;
        let index_dir = dir.join("index");
        let index = index::open(&index_dir).map_err(ServeError::Index)?;
        crate::pipeline::check_output_index(index.dir())
            .map_err(|e| bad("index", e.to_string()))?;
        if !names.is_empty() {
            index
                .redact_with(&crate::text::redact::RedactOptions { names })
                .map_err(ServeError::Index)?;
        }
        let table = index.facet_table().map_err(ServeError::Index)?;
        let coded = dir.join("coded.csv");
        let scan = scan_coded(&coded)?;
        let dataset = manifest
            .index
            .map(|i| i.blake3.chars().take(12).collect())
            .unwrap_or_else(|| "hearken".to_string());
        Ok(Workbench {
            dir: dir.to_path_buf(),
            index,
            summary,
            lexicon: manifest.lexicon,
            dataset,
            table,
            fired: scan.fired,
            respondents: scan.respondents,
            coded,
        })
    }

    /// The lexicon entries that fired in most answers coded with `theme`, most first.
    pub fn fired(&self, theme: &str) -> &[Fired] {
        self.fired.get(theme).map_or(&[], Vec::as_slice)
    }

    /// Whether `coded.csv` has rows for this respondent.
    pub fn has_respondent(&self, id: &str) -> bool {
        self.respondents.contains_key(id)
    }

    /// The `coded.csv` rows of one respondent (none for an id it does not hold).
    pub fn coded_rows(&self, id: &str) -> Result<Vec<CodedRow>, ServeError> {
        let Some(at) = self.respondents.get(id) else {
            return Ok(Vec::new());
        };
        let io = |e: std::io::Error| ServeError::Output {
            path: self.coded.clone(),
            reason: e.to_string(),
        };
        let mut file = File::open(&self.coded).map_err(io)?;
        file.seek(SeekFrom::Start(at.offset)).map_err(io)?;
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(file);
        let mut rows = Vec::with_capacity(at.rows as usize);
        let mut record = csv::StringRecord::new();
        for _ in 0..at.rows {
            let more = reader
                .read_record(&mut record)
                .map_err(|e| ServeError::Output {
                    path: self.coded.clone(),
                    reason: e.to_string(),
                })?;
            if !more || unescape(record.get(0).unwrap_or_default()) != id {
                break;
            }
            rows.push(CodedRow {
                question: unescape(record.get(1).unwrap_or_default()).to_string(),
                themes: split_ids(record.get(2).unwrap_or_default()),
                priorities: split_ids(record.get(3).unwrap_or_default()),
                evidence: parse_evidence(record.get(4).unwrap_or_default()),
            });
        }
        Ok(rows)
    }
}

/// A file read whole, refused past `limit` bytes.
fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, ServeError> {
    let err = |reason: String| ServeError::Output {
        path: path.to_path_buf(),
        reason,
    };
    let file = File::open(path).map_err(|e| {
        err(format!(
            "cannot open it ({e}); is this the --out folder of `hearken run`?"
        ))
    })?;
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| err(e.to_string()))?;
    if bytes.len() as u64 > limit {
        return Err(err(format!("larger than {} MiB", limit >> 20)));
    }
    Ok(bytes)
}

/// What one pass over `coded.csv` learns.
struct CodedScan {
    fired: BTreeMap<String, Vec<Fired>>,
    respondents: BTreeMap<String, RowsAt>,
}

/// Reads `coded.csv` once: per theme, in how many answers coded with it each entry fired; and
/// where each respondent's rows start. Rows of one respondent are consecutive (the run writes
/// them so); a respondent seen again later keeps its first run of rows.
fn scan_coded(path: &Path) -> Result<CodedScan, ServeError> {
    let err = |reason: String| ServeError::Output {
        path: path.to_path_buf(),
        reason,
    };
    let file = File::open(path).map_err(|e| err(format!("cannot open it ({e})")))?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(std::io::BufReader::with_capacity(1 << 20, file));
    let headers = reader.headers().map_err(|e| err(e.to_string()))?.clone();
    let expected = ["id", "question", "themes", "priorities", "evidence"];
    if headers.len() < expected.len() || expected.iter().zip(headers.iter()).any(|(a, b)| a != &b) {
        return Err(err(format!(
            "not a hearken coded.csv: the header should start {}",
            expected.join(",")
        )));
    }
    let mut counts: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
    let mut respondents: BTreeMap<String, RowsAt> = BTreeMap::new();
    let mut last: Option<String> = None;
    let mut record = csv::StringRecord::new();
    loop {
        let offset = reader.position().byte();
        let more = reader
            .read_record(&mut record)
            .map_err(|e| err(e.to_string()))?;
        if !more {
            break;
        }
        let id = unescape(record.get(0).unwrap_or_default());
        if last.as_deref() == Some(id) {
            if let Some(at) = respondents.get_mut(id) {
                at.rows = at.rows.saturating_add(1);
            }
        } else {
            respondents
                .entry(id.to_string())
                .or_insert(RowsAt { offset, rows: 1 });
            last = Some(id.to_string());
        }
        let themes = split_ids(record.get(2).unwrap_or_default());
        if themes.is_empty() {
            continue;
        }
        let evidence = parse_evidence(record.get(4).unwrap_or_default());
        // Each entry counts once per answer and theme.
        let mut seen: Vec<(&str, &str)> = Vec::new();
        for e in &evidence {
            if themes.contains(&e.theme) && !seen.contains(&(e.theme.as_str(), e.entry.as_str())) {
                seen.push((&e.theme, &e.entry));
            }
        }
        for (theme, entry) in seen {
            let per_theme = counts.entry(theme.to_string()).or_default();
            if let Some(n) = per_theme.get_mut(entry) {
                *n += 1;
            } else if per_theme.len() < MAX_ENTRIES_PER_THEME {
                per_theme.insert(entry.to_string(), 1);
            }
        }
    }
    let fired = counts
        .into_iter()
        .map(|(theme, entries)| {
            let mut list: Vec<Fired> = entries
                .into_iter()
                .map(|(entry, answers)| Fired { entry, answers })
                .collect();
            list.sort_by(|a, b| {
                b.answers
                    .cmp(&a.answers)
                    .then_with(|| a.entry.cmp(&b.entry))
            });
            (theme, list)
        })
        .collect();
    Ok(CodedScan { fired, respondents })
}

/// A `coded.csv` cell as written before escaping: the `'` put before a cell that a
/// spreadsheet would run as a formula is taken off again.
fn unescape(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    }
}

/// `T01;T07` as ids.
fn split_ids(cell: &str) -> Vec<String> {
    unescape(cell)
        .split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Parses an evidence cell: `T09:wait* ~ care@38-54;T12:@duration ~ @wait-context@27-61`.
/// An entry may itself hold `;` or `@`, so a piece without a trailing `@start-end` is joined to
/// the next one; malformed pieces are skipped.
pub fn parse_evidence(cell: &str) -> Vec<EvidenceItem> {
    let mut out = Vec::new();
    let mut pending = String::new();
    for piece in unescape(cell).split(';') {
        if !pending.is_empty() {
            pending.push(';');
        }
        pending.push_str(piece);
        let Some((head, span)) = pending.rsplit_once('@') else {
            continue;
        };
        let Some((start, end)) = span.split_once('-') else {
            continue;
        };
        let (Ok(start), Ok(end)) = (start.parse::<usize>(), end.parse::<usize>()) else {
            continue;
        };
        if let Some((theme, entry)) = head.split_once(':') {
            if start <= end && out.len() < MAX_EVIDENCE_PER_ANSWER {
                out.push(EvidenceItem {
                    theme: theme.to_string(),
                    entry: entry.to_string(),
                    start,
                    end,
                });
            }
        }
        pending.clear();
    }
    out
}

/// The 95% Wilson score interval for `raising` of `answered`, as fractions; `None` without a
/// base. Used where `summary.json` gives counts without intervals.
pub fn wilson(raising: u64, answered: u64) -> Option<(f64, f64)> {
    if answered == 0 || raising > answered {
        return None;
    }
    const Z: f64 = 1.959_963_984_540_054;
    let n = answered as f64;
    let p = raising as f64 / n;
    let z2 = Z * Z;
    let denominator = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denominator;
    let half = Z * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / denominator;
    Some(((centre - half).max(0.0), (centre + half).min(1.0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_matches_known_values() {
        // 575 of 751 (76.6%): 73.4% to 79.5%, narrower than the base and around the share.
        let (lo, hi) = wilson(575, 751).unwrap();
        assert!((lo - 0.7340).abs() < 5e-4, "{lo}");
        assert!((hi - 0.7945).abs() < 5e-4, "{hi}");
        // At 0 and n the bounds have closed forms: n / (n + z^2) and z^2 / (n + z^2).
        let z2 = 1.959_963_984_540_054_f64.powi(2);
        let (lo, hi) = wilson(0, 10).unwrap();
        assert_eq!(lo, 0.0);
        assert!((hi - z2 / (10.0 + z2)).abs() < 1e-12, "{hi}");
        let (lo, hi) = wilson(10, 10).unwrap();
        assert!((lo - 10.0 / (10.0 + z2)).abs() < 1e-12, "{lo}");
        assert!((hi - 1.0).abs() < 1e-12, "{hi}");
        assert_eq!(wilson(1, 0), None);
        assert_eq!(wilson(3, 2), None);
    }

    #[test]
    fn evidence_cells_parse_with_at_signs_and_semicolons_in_entries() {
        let items = parse_evidence(
            "T09:wait* ~ care@38-54;T12:@duration ~ @wait-context@27-61;T01:a;b@1-2;junk;T03:x@9-3",
        );
        let got: Vec<(&str, &str, usize, usize)> = items
            .iter()
            .map(|e| (e.theme.as_str(), e.entry.as_str(), e.start, e.end))
            .collect();
        assert_eq!(
            got,
            vec![
                ("T09", "wait* ~ care", 38, 54),
                ("T12", "@duration ~ @wait-context", 27, 61),
                ("T01", "a;b", 1, 2),
            ]
        );
        assert!(parse_evidence("").is_empty());
    }

    #[test]
    fn formula_escapes_are_taken_off() {
        assert_eq!(unescape("'=SUM(A1)"), "=SUM(A1)");
        assert_eq!(unescape("'plain"), "'plain");
        assert_eq!(unescape("R1"), "R1");
    }
}
