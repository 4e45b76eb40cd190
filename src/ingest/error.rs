//! The errors of the ingest stage. Each message names the file and, where known, the line and
//! field, so a user can open the export and find the problem.

use std::path::PathBuf;

/// Why a file (or a `hearken.toml`) could not be read at all. Row-level problems are not errors:
/// they become [`crate::model::Rejection`]s in the accounting.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// No input was given.
    #[error("no input files given")]
    NoInput,
    /// Two inputs do not have the same questions or attributes.
    #[error("{path}: its columns differ from {first}: {detail}")]
    SchemaMismatch {
        /// The later input.
        path: PathBuf,
        /// The first input.
        first: PathBuf,
        /// What differs.
        detail: String,
    },
    /// A respondent id of one input was already read from another.
    #[error("{}: line {row}: respondent id \"{id}\" was already read from {} (line {first_row}); ids must be unique across the inputs (is one export given twice, or do two waves reuse ids?)", path.display(), first.display())]
    RepeatedId {
        /// The later input.
        path: PathBuf,
        /// Its line.
        row: u64,
        /// The id.
        id: String,
        /// The input that used it first.
        first: PathBuf,
        /// Line there.
        first_row: u64,
    },
    /// The file could not be opened or read.
    #[error("{}: cannot read the file: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
    /// The file has no bytes at all.
    #[error("{}: the file is empty", path.display())]
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// The file has bytes but no header row (only blank lines), or a workbook's first sheet is empty.
    #[error("{}: no header row: the file has only blank lines", path.display())]
    NoHeader {
        /// The file.
        path: PathBuf,
    },
    /// The file is not delimited text (an image, a PDF, a Word document...).
    #[error("{}: does not look like a survey export: binary content at byte {offset}{}", path.display(), kind_note(kind))]
    Binary {
        /// The file.
        path: PathBuf,
        /// 0-based offset of the first byte that cannot appear in a text export.
        offset: u64,
        /// What the file looks like, when its signature is known ("a PNG image").
        kind: Option<&'static str>,
    },
    /// UTF-16 text (Excel's "Unicode Text"), which hearken does not read.
    #[error("{}: the file is UTF-16 text, which hearken does not read; save it as \"CSV UTF-8 (Comma delimited)\" or as .xlsx", path.display())]
    Utf16 {
        /// The file.
        path: PathBuf,
    },
    /// A quoted field is opened and never closed, so it swallows the rest of the file.
    #[error("{}: line {line}, field {field}: a quoted field starts here and is never closed; it runs to the end of the file, so the rows after it cannot be told apart", path.display())]
    UnterminatedQuote {
        /// The file.
        path: PathBuf,
        /// 1-based line where the quoted field starts.
        line: u64,
        /// 1-based field number of the quoted field within its record.
        field: u64,
    },
    /// The file breaks one of the limits of [`super::limits`] where no row can be rejected
    /// instead (the header, a workbook's size).
    #[error("{}: {message}", path.display())]
    Limit {
        /// The file.
        path: PathBuf,
        /// Which limit, and by how much.
        message: String,
    },
    /// The CSV reader failed (an I/O error part-way through the file).
    #[error("{}: line {line}: {message}", path.display())]
    Csv {
        /// The file.
        path: PathBuf,
        /// 1-based line where reading failed.
        line: u64,
        /// What went wrong.
        message: String,
    },
    /// The workbook could not be read.
    #[error("{}: cannot read the workbook: {message}", path.display())]
    Workbook {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// `hearken.toml` is not valid or has an unknown key.
    #[error("{}: line {line}, column {column}: {message}", path.display())]
    Config {
        /// The configuration file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What went wrong.
        message: String,
    },
    /// A column named in `hearken.toml` or on the command line does not exist.
    #[error("{}: no column {wanted} (set as {role}); the columns are: {}", path.display(), available.join(", "))]
    UnknownColumn {
        /// The export.
        path: PathBuf,
        /// The name or number as written, quoted.
        wanted: String,
        /// The role it was set to.
        role: &'static str,
        /// Every column as `1 "Name"`.
        available: Vec<String>,
    },
    /// A column name matches more than one column.
    #[error("{}: the name \"{name}\" (set as {role}) matches columns {}; use the column number instead", path.display(), columns.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(" and "))]
    AmbiguousColumn {
        /// The export.
        path: PathBuf,
        /// The name as written.
        name: String,
        /// The role it was set to.
        role: &'static str,
        /// 1-based numbers of the matching columns.
        columns: Vec<usize>,
    },
    /// One column was given two roles.
    #[error("{}: column {column} \"{name}\" is set both as {first} and as {second}", path.display())]
    ConflictingRoles {
        /// The export.
        path: PathBuf,
        /// 1-based column number.
        column: usize,
        /// The column's name.
        name: String,
        /// The first role set.
        first: &'static str,
        /// The second role set.
        second: &'static str,
    },
}

fn kind_note(kind: &Option<&'static str>) -> String {
    match kind {
        Some(k) => format!(" (it looks like {k})"),
        None => String::new(),
    }
}
