//! Explicit column roles: the `[columns]` table of `hearken.toml` and the command-line flags.
//!
//! ```toml
//! [columns]
//! id = "Respondent ID"            # a header name, or a 1-based column number as a string ("1")
//! text = ["What matters most to you?", "7"]
//! attributes = ["Locality", "Which best describes you?"]
//! consent = "May we publish your response?"
//! ignore = ["Email"]
//! ```
//!
//! The `[review]` table names the files of the reviewer loop, relative to the config file:
//!
//! ```toml
//! [review]
//! overrides = "overrides.csv"     # reviewers' decisions on single answers
//! reviewed = "review-sheet.csv"   # a double-coded sample, for corrected shares
//! ```
//!
//! Unknown keys are errors (a typo must not silently change an analysis). When a list is set, it
//! is the whole list: columns that would have been guessed as that role are ignored instead.

use super::IngestError;
use serde::Deserialize;

/// Largest `hearken.toml` read (1 MiB: column settings take a few hundred bytes).
pub const MAX_CONFIG_BYTES: u64 = 1 << 20;
use std::path::Path;

/// Column roles set by the user; each entry is a header name or a 1-based column number written
/// as a string. Explicit settings always win over guesses.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleOverrides {
    /// The respondent id column.
    #[serde(default)]
    pub id: Option<String>,
    /// The open questions to code (the whole list when non-empty).
    #[serde(default)]
    pub text: Vec<String>,
    /// The grouping columns (the whole list when non-empty).
    #[serde(default)]
    pub attributes: Vec<String>,
    /// The consent-to-publish column.
    #[serde(default)]
    pub consent: Option<String>,
    /// Columns kept out of the analysis.
    #[serde(default)]
    pub ignore: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default)]
    columns: RoleOverrides,
    #[serde(default)]
    review: ReviewFiles,
}

/// The files of the reviewer loop named in `hearken.toml` (`[review]`), resolved against the
/// config file's folder.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewFiles {
    /// The overrides file.
    #[serde(default)]
    pub overrides: Option<std::path::PathBuf>,
    /// A reviewed double-coding sheet.
    #[serde(default)]
    pub reviewed: Option<std::path::PathBuf>,
}

impl ReviewFiles {
    /// The `[review]` table of the config file a command reads (see
    /// [`RoleOverrides::config_file`]); nothing when there is none.
    pub fn resolve(config: Option<&Path>) -> Result<ReviewFiles, IngestError> {
        let Some(path) = RoleOverrides::config_file(config) else {
            return Ok(ReviewFiles::default());
        };
        let text = read_config(&path)?;
        let review = parse_config(&path, &text)?.review;
        let base = path.parent().unwrap_or(Path::new(""));
        Ok(ReviewFiles {
            overrides: review.overrides.map(|p| base.join(p)),
            reviewed: review.reviewed.map(|p| base.join(p)),
        })
    }
}

/// The text of a config file, within [`MAX_CONFIG_BYTES`].
fn read_config(path: &Path) -> Result<String, IngestError> {
    let io = |source| IngestError::Io {
        path: path.to_path_buf(),
        source,
    };
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > MAX_CONFIG_BYTES {
        return Err(IngestError::Limit {
            path: path.to_path_buf(),
            message: format!(
                "the file is {size} bytes; a hearken.toml is at most {MAX_CONFIG_BYTES}"
            ),
        });
    }
    std::fs::read_to_string(path).map_err(io)
}

/// Parses a config file; errors name the line and column.
fn parse_config(path: &Path, text: &str) -> Result<ConfigFile, IngestError> {
    toml::from_str::<ConfigFile>(text).map_err(|err| {
        let (line, column) = match err.span() {
            Some(span) => line_column(text, span.start),
            None => (1, 1),
        };
        IngestError::Config {
            path: path.to_path_buf(),
            line,
            column,
            message: err.message().trim().to_string(),
        }
    })
}

impl RoleOverrides {
    /// The config file a command reads: `config` when given, else `hearken.toml` in the current
    /// directory when there is one.
    pub fn config_file(config: Option<&Path>) -> Option<std::path::PathBuf> {
        match config {
            Some(path) => Some(path.to_path_buf()),
            None => {
                let default = Path::new("hearken.toml");
                default.is_file().then(|| default.to_path_buf())
            }
        }
    }

    /// The roles of the config file (see [`RoleOverrides::config_file`]) with `flags` laid over
    /// them: flags win over the file, and both win over guesses.
    pub fn resolve(config: Option<&Path>, flags: RoleOverrides) -> Result<Self, IngestError> {
        let base = match Self::config_file(config) {
            Some(path) => Self::load(&path)?,
            None => Self::default(),
        };
        Ok(base.merged_with(flags))
    }

    /// Reads the `[columns]` table of a `hearken.toml`; a file without it sets nothing.
    pub fn load(path: &Path) -> Result<Self, IngestError> {
        let text = read_config(path)?;
        Self::parse(path, &text)
    }

    /// Parses the text of a `hearken.toml`; `path` is used in messages only.
    pub fn parse(path: &Path, text: &str) -> Result<Self, IngestError> {
        parse_config(path, text).map(|f| f.columns)
    }

    /// Combines file settings with command-line flags: a flag replaces the file's setting for
    /// that role, and a column named by a flag is dropped from the file's other roles when it is
    /// written the same way (a name in one and a number in the other is reported as a conflict
    /// when the columns are resolved).
    pub fn merged_with(self, flags: RoleOverrides) -> Self {
        let named: Vec<&String> = flags
            .id
            .iter()
            .chain(&flags.text)
            .chain(&flags.attributes)
            .chain(flags.consent.iter())
            .chain(&flags.ignore)
            .collect();
        let keep = |v: &String| !named.contains(&v);
        let list = |mine: Vec<String>, theirs: &Vec<String>| -> Vec<String> {
            if theirs.is_empty() {
                mine.into_iter().filter(keep).collect()
            } else {
                theirs.clone()
            }
        };
        RoleOverrides {
            id: flags.id.clone().or(self.id.filter(keep)),
            text: list(self.text, &flags.text),
            attributes: list(self.attributes, &flags.attributes),
            consent: flags.consent.clone().or(self.consent.filter(keep)),
            ignore: list(self.ignore, &flags.ignore),
        }
    }

    /// Whether nothing is set.
    pub fn is_empty(&self) -> bool {
        *self == RoleOverrides::default()
    }
}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset.min(text.len())).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_columns_table() {
        let r = RoleOverrides::parse(
            Path::new("hearken.toml"),
            "[columns]\nid = \"Respondent ID\"\ntext = [\"Q1\", \"4\"]\nignore = [\"Email\"]\n",
        )
        .unwrap();
        assert_eq!(r.id.as_deref(), Some("Respondent ID"));
        assert_eq!(r.text, ["Q1", "4"]);
        assert_eq!(r.ignore, ["Email"]);
        assert!(r.consent.is_none());
    }

    #[test]
    fn unknown_key_names_file_and_line() {
        let err = RoleOverrides::parse(
            Path::new("hearken.toml"),
            "[columns]\nid = \"ID\"\ntexts = [\"Q1\"]\n",
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.starts_with("hearken.toml: line 3, column 1: unknown field `texts`"),
            "{err}"
        );
    }

    #[test]
    fn review_files_are_relative_to_the_config() {
        let dir = tempfile::tempdir().expect("temp dir");
        let config = dir.path().join("hearken.toml");
        std::fs::write(&config, "[review]\noverrides = \"o.csv\"\n").expect("write");
        let r = ReviewFiles::resolve(Some(&config)).expect("valid");
        assert_eq!(r.overrides, Some(dir.path().join("o.csv")));
        assert_eq!(r.reviewed, None);
        assert_eq!(
            RoleOverrides::load(&config).expect("valid"),
            RoleOverrides::default()
        );
    }

    #[test]
    fn flags_win_and_take_the_column() {
        let file = RoleOverrides {
            id: Some("ID".into()),
            text: vec!["Q1".into(), "Q2".into()],
            attributes: vec!["Area".into()],
            ..Default::default()
        };
        let flags = RoleOverrides {
            attributes: vec!["Q2".into()],
            ..Default::default()
        };
        let m = file.merged_with(flags);
        assert_eq!(m.id.as_deref(), Some("ID"));
        assert_eq!(m.text, ["Q1"]);
        assert_eq!(m.attributes, ["Q2"]);
    }
}
