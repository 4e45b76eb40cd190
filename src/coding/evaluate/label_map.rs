//! A label map: how the labels of a gold set coded with another code frame translate into theme
//! ids, so hearken can be measured on the themes the two frames share.
//!
//! The file is TOML with one table, `[labels]`, whose keys are gold labels and whose values are
//! lists of theme ids:
//!
//! ```toml
//! [labels]
//! "Staff" = ["T11"]                        # staff attitude, numbers and skills
//! "Communication & involvement" = ["T12"]  # information, being listened to
//! "Food & diet" = []                       # no theme covers catering: dropped
//! ```
//!
//! A label may map to several themes and several labels to one theme. A label mapped to `[]`, or
//! not in the map at all, is dropped (and counted). Only the themes the map names are evaluated.
//! Labels are compared ignoring case and surrounding spaces.

use crate::model::CodeFrame;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::de::{DeTable, DeValue};

/// Largest label map read, in bytes (a map names a few dozen labels; this is generous).
pub const MAX_LABEL_MAP_BYTES: u64 = 1 << 20;
/// Most labels one map may list.
pub const MAX_LABELS: usize = 10_000;
/// Most theme ids one label may map to.
pub const MAX_THEMES_PER_LABEL: usize = 100;

/// Why a label map could not be used.
#[derive(Debug, thiserror::Error)]
pub enum LabelMapError {
    /// The file could not be read.
    #[error("cannot read label map {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The file is larger than [`MAX_LABEL_MAP_BYTES`].
    #[error("label map {} is {bytes} bytes; at most {max} are read", path.display(), max = MAX_LABEL_MAP_BYTES)]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size.
        bytes: u64,
    },
    /// The file breaks the format; `line` is 1-based (0 when it concerns the whole file).
    #[error("{}", location(path, *line, message))]
    Invalid {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

fn location(path: &Path, line: usize, message: &str) -> String {
    if line == 0 {
        format!("{}: {message}", path.display())
    } else {
        format!("{}: line {line}: {message}", path.display())
    }
}

/// One label of the map and the themes it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MappedLabel {
    /// The label as written in the map.
    pub label: String,
    /// Theme ids, in the order written, without repeats; empty when the label is dropped.
    pub themes: Vec<String>,
    /// 1-based line of the label in the file.
    pub line: usize,
}

/// A parsed label map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelMap {
    /// The file it was read from.
    pub path: PathBuf,
    /// Labels keyed by their lowercased, trimmed form.
    labels: BTreeMap<String, MappedLabel>,
}

impl LabelMap {
    /// Reads and parses a label map file.
    pub fn load(path: &Path) -> Result<LabelMap, LabelMapError> {
        let io = |source| LabelMapError::Io {
            path: path.to_path_buf(),
            source,
        };
        let bytes = std::fs::metadata(path).map_err(io)?.len();
        if bytes > MAX_LABEL_MAP_BYTES {
            return Err(LabelMapError::TooLarge {
                path: path.to_path_buf(),
                bytes,
            });
        }
        let text = std::fs::read_to_string(path).map_err(io)?;
        LabelMap::parse(path, &text)
    }

    /// Parses the text of a label map; `path` is used in error messages.
    pub fn parse(path: &Path, text: &str) -> Result<LabelMap, LabelMapError> {
        let lines = Lines::new(text);
        let invalid = |span: Option<Range<usize>>, message: String| LabelMapError::Invalid {
            path: path.to_path_buf(),
            line: span.map_or(0, |s| lines.line(s.start)),
            message,
        };
        let doc = DeTable::parse(text).map_err(|e| {
            invalid(
                e.span(),
                format!("TOML syntax error: {}", e.message().trim()),
            )
        })?;
        let doc = doc.into_inner();
        let table = labels_table(&doc, &invalid)?;
        if table.len() > MAX_LABELS {
            return Err(invalid(
                None,
                format!(
                    "{} labels; a label map may list at most {MAX_LABELS}",
                    table.len()
                ),
            ));
        }
        let mut labels: BTreeMap<String, MappedLabel> = BTreeMap::new();
        // In file order, so a repeated label is reported at its second appearance.
        let mut entries: Vec<_> = table.iter().collect();
        entries.sort_by_key(|(key, _)| key.span().start);
        for (key, value) in entries {
            let line = lines.line(key.span().start);
            let label = key.get_ref().trim().to_string();
            if label.is_empty() {
                return Err(invalid(
                    Some(key.span()),
                    "a label must not be empty".to_string(),
                ));
            }
            let themes = theme_ids(&label, value, &invalid)?;
            let folded = label.to_lowercase();
            if let Some(earlier) = labels.get(&folded) {
                return Err(invalid(
                    Some(key.span()),
                    format!(
                        "`{label}` is the same label as `{}` on line {} (labels are compared ignoring case)",
                        earlier.label, earlier.line
                    ),
                ));
            }
            labels.insert(
                folded,
                MappedLabel {
                    label,
                    themes,
                    line,
                },
            );
        }
        Ok(LabelMap {
            path: path.to_path_buf(),
            labels,
        })
    }

    /// The themes a gold label stands for: `None` when the map does not list the label, an empty
    /// slice when it lists it as dropped.
    pub fn get(&self, label: &str) -> Option<&[String]> {
        self.labels
            .get(&label.trim().to_lowercase())
            .map(|m| m.themes.as_slice())
    }

    /// Every theme the map names: the themes evaluated.
    pub fn themes(&self) -> BTreeSet<String> {
        self.labels
            .values()
            .flat_map(|m| m.themes.iter().cloned())
            .collect()
    }

    /// The labels of the map, sorted by their lowercased form.
    pub fn labels(&self) -> impl Iterator<Item = &MappedLabel> {
        self.labels.values()
    }

    /// Checks that every theme the map names is a theme of `frame`; the error names the line of
    /// the first label that maps to an unknown theme.
    pub fn check_against(&self, frame: &CodeFrame) -> Result<(), LabelMapError> {
        let known: BTreeSet<&str> = frame.themes.iter().map(|t| t.id.as_str()).collect();
        let mut by_line: Vec<&MappedLabel> = self.labels.values().collect();
        by_line.sort_by_key(|m| m.line);
        for m in by_line {
            if let Some(bad) = m.themes.iter().find(|t| !known.contains(t.as_str())) {
                let list: Vec<&str> = known.iter().copied().collect();
                return Err(LabelMapError::Invalid {
                    path: self.path.clone(),
                    line: m.line,
                    message: format!(
                        "`{}` maps to `{bad}`, which is not a theme of the lexicon (themes: {})",
                        m.label,
                        list.join(", ")
                    ),
                });
            }
        }
        Ok(())
    }
}

/// Byte offsets of line starts, for 1-based line numbers.
struct Lines(Vec<usize>);

impl Lines {
    fn new(text: &str) -> Lines {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines(starts)
    }

    fn line(&self, offset: usize) -> usize {
        self.0.partition_point(|&s| s <= offset).max(1)
    }
}

/// Builds the error for a span of the file (its line) and a message.
type Invalid<'a> = dyn Fn(Option<Range<usize>>, String) -> LabelMapError + 'a;

/// The `[labels]` table, the only key a label map has.
fn labels_table<'d, 'i>(
    doc: &'d DeTable<'i>,
    invalid: &Invalid,
) -> Result<&'d DeTable<'i>, LabelMapError> {
    let mut table = None;
    for (key, value) in doc.iter() {
        if key.get_ref() != "labels" {
            return Err(invalid(
                Some(key.span()),
                format!("unknown key `{}` (expected `[labels]`)", key.get_ref()),
            ));
        }
        match value.get_ref() {
            DeValue::Table(t) => table = Some(t),
            other => {
                return Err(invalid(
                    Some(value.span()),
                    format!("`labels` must be a table, not {}", other.type_str()),
                ))
            }
        }
    }
    table.ok_or_else(|| {
        invalid(
            None,
            "no `[labels]` table: nothing maps a gold label to a theme".to_string(),
        )
    })
}

/// The theme ids a label maps to, each once, in the order written.
fn theme_ids(
    label: &str,
    value: &toml::Spanned<DeValue<'_>>,
    invalid: &Invalid,
) -> Result<Vec<String>, LabelMapError> {
    let DeValue::Array(items) = value.get_ref() else {
        return Err(invalid(
            Some(value.span()),
            format!(
                "`{label}` must map to a list of theme ids (e.g. [\"T11\"]), not {}",
                value.get_ref().type_str()
            ),
        ));
    };
    if items.len() > MAX_THEMES_PER_LABEL {
        return Err(invalid(
            Some(value.span()),
            format!(
                "`{label}` maps to {} themes; at most {MAX_THEMES_PER_LABEL}",
                items.len()
            ),
        ));
    }
    let mut themes: Vec<String> = Vec::new();
    for item in items.iter() {
        let DeValue::String(id) = item.get_ref() else {
            return Err(invalid(
                Some(item.span()),
                format!(
                    "`{label}`: a theme id must be a string, not {}",
                    item.get_ref().type_str()
                ),
            ));
        };
        let id = id.trim();
        if id.is_empty() {
            return Err(invalid(
                Some(item.span()),
                format!("`{label}`: a theme id must not be empty"),
            ));
        }
        if !themes.iter().any(|t| t == id) {
            themes.push(id.to_string());
        }
    }
    Ok(themes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Theme;

    fn parse(text: &str) -> Result<LabelMap, LabelMapError> {
        LabelMap::parse(Path::new("maps/fft.toml"), text)
    }

    fn error(text: &str) -> String {
        parse(text).expect_err("the map is invalid").to_string()
    }

    #[test]
    fn many_to_many_with_dropped_labels() {
        let map = parse(
            "# FFT categories\n[labels]\n\"Staff\" = [\"T11\"] # attitude\nCommunication = [\"T12\", \"T11\", \"T12\"]\n\"Food & diet\" = []\n",
        )
        .unwrap();
        assert_eq!(map.get("staff"), Some(&["T11".to_string()][..]));
        assert_eq!(
            map.get(" COMMUNICATION "),
            Some(&["T12".to_string(), "T11".to_string()][..])
        );
        assert_eq!(map.get("Food & diet"), Some(&[][..]));
        assert_eq!(map.get("General"), None);
        assert_eq!(
            map.themes().into_iter().collect::<Vec<_>>(),
            vec!["T11", "T12"]
        );
        let lines: Vec<(String, usize)> = map.labels().map(|m| (m.label.clone(), m.line)).collect();
        assert_eq!(
            lines,
            vec![
                ("Communication".to_string(), 4),
                ("Food & diet".to_string(), 5),
                ("Staff".to_string(), 3)
            ]
        );
    }

    #[test]
    fn errors_name_the_file_and_line() {
        assert_eq!(
            error("[labels]\nStaff = [\"T11\"]\nAccess = \"T12\"\n"),
            "maps/fft.toml: line 3: `Access` must map to a list of theme ids (e.g. [\"T11\"]), not string"
        );
        assert_eq!(
            error("[labels]\nStaff = [\"T11\",\n  12]\n"),
            "maps/fft.toml: line 3: `Staff`: a theme id must be a string, not integer"
        );
        assert_eq!(
            error("[labels]\nStaff = [\"T11\"]\nSTAFF = []\n"),
            "maps/fft.toml: line 3: `STAFF` is the same label as `Staff` on line 2 (labels are compared ignoring case)"
        );
        assert_eq!(
            error("[labels]\nStaff = [\"\"]\n"),
            "maps/fft.toml: line 2: `Staff`: a theme id must not be empty"
        );
        assert_eq!(
            error("[label]\nStaff = [\"T11\"]\n"),
            "maps/fft.toml: line 1: unknown key `label` (expected `[labels]`)"
        );
        assert_eq!(
            error("# nothing\n"),
            "maps/fft.toml: no `[labels]` table: nothing maps a gold label to a theme"
        );
        assert_eq!(
            error("labels = 3\n"),
            "maps/fft.toml: line 1: `labels` must be a table, not integer"
        );
        let syntax = error("[labels]\nStaff = [\"T11\"\n");
        assert!(
            syntax.starts_with("maps/fft.toml: line 2: TOML syntax error"),
            "{syntax}"
        );
    }

    #[test]
    fn unknown_themes_are_named_with_their_line() {
        let map =
            parse("[labels]\nStaff = [\"T11\"]\nFood = []\nAccess = [\"T12\", \"T99\"]\n").unwrap();
        let theme = |id: &str| Theme {
            id: id.into(),
            name: id.into(),
            description: String::new(),
            priorities: vec![],
        };
        let frame = CodeFrame {
            priorities: vec![],
            themes: vec![theme("T11"), theme("T12")],
        };
        assert_eq!(
            map.check_against(&frame).unwrap_err().to_string(),
            "maps/fft.toml: line 4: `Access` maps to `T99`, which is not a theme of the lexicon (themes: T11, T12)"
        );
        let frame = CodeFrame {
            priorities: vec![],
            themes: vec![theme("T11"), theme("T12"), theme("T99")],
        };
        assert!(map.check_against(&frame).is_ok());
    }

    #[test]
    fn oversized_files_are_refused_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.toml");
        let file = std::fs::File::create(&path).unwrap();
        file.set_len(MAX_LABEL_MAP_BYTES + 1).unwrap();
        let err = LabelMap::load(&path).unwrap_err();
        assert!(matches!(err, LabelMapError::TooLarge { .. }), "{err}");
        let missing = LabelMap::load(&dir.path().join("none.toml")).unwrap_err();
        assert!(
            missing.to_string().starts_with("cannot read label map"),
            "{missing}"
        );
    }
}
