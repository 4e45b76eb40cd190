//! Plain data that crosses pipeline stages.
//!
//! Every stage reads what the stage before it produced through these types; behaviour stays in the
//! stage that owns it. Nothing here does I/O or knows about a later stage.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The export layout a file was recognised as; decides how many header rows it has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// Plain delimited text with one header row (Google Forms, Citizen Space and hand-made CSV).
    Csv,
    /// SurveyMonkey: question texts on row 1, sub-labels ("Open-Ended Response") on row 2.
    SurveyMonkey,
    /// Qualtrics: short names, question texts, then `{"ImportId":...}` rows.
    Qualtrics,
    /// An Excel workbook (Microsoft Forms and any `.xlsx`); the first sheet is read.
    Xlsx,
}

impl Format {
    /// The name shown to users and written to manifests.
    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::SurveyMonkey => "surveymonkey",
            Format::Qualtrics => "qualtrics",
            Format::Xlsx => "xlsx",
        }
    }
}

/// The survey tool that wrote an export, recognised from its first rows (see the README's table
/// of signatures).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Vendor {
    /// Qualtrics: short names, question texts, ImportId rows.
    Qualtrics,
    /// Qualtrics' legacy exporter: an optional `V1,V2,...` row, names, question texts.
    QualtricsLegacy,
    /// SurveyMonkey: question texts, then sub-labels.
    SurveyMonkey,
    /// SmartSurvey: `UserID, UserNo, ..., Started, Ended`, questions numbered `Q1.`.
    SmartSurvey,
    /// Microsoft Forms: `ID, Start time, Completion time`.
    MicrosoftForms,
    /// Google Forms: a first column `Timestamp`.
    GoogleForms,
    /// Citizen Space: `Response ID` (`ANON-...`) and a publishing consent question.
    CitizenSpace,
    /// Jisc Online Surveys: `Response ID`, start and completion times, numbered questions.
    JiscOnlineSurveys,
    /// LimeSurvey, with question-code or full-text headings.
    LimeSurvey,
    /// KoboToolbox: `_uuid`, `_submission_time`, group paths `group/question`.
    KoboToolbox,
    /// ODK Central or Briefcase: `SubmissionDate`, `meta-instanceID`/`KEY`, `group-question`.
    Odk,
}

impl Vendor {
    /// The name shown to users and written to manifests.
    pub fn name(self) -> &'static str {
        match self {
            Vendor::Qualtrics => "qualtrics",
            Vendor::QualtricsLegacy => "qualtrics-legacy",
            Vendor::SurveyMonkey => "surveymonkey",
            Vendor::SmartSurvey => "smartsurvey",
            Vendor::MicrosoftForms => "microsoft-forms",
            Vendor::GoogleForms => "google-forms",
            Vendor::CitizenSpace => "citizen-space",
            Vendor::JiscOnlineSurveys => "jisc-online-surveys",
            Vendor::LimeSurvey => "limesurvey",
            Vendor::KoboToolbox => "kobotoolbox",
            Vendor::Odk => "odk",
        }
    }
}

/// What a column is for in the analysis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// The respondent identifier.
    Id,
    /// An open (free-text) question to be coded.
    Text,
    /// A grouping column (locality, respondent type, age band...).
    Attribute,
    /// The consent-to-publish column.
    Consent,
    /// Kept out of the analysis (timestamps, closed numeric answers, metadata).
    Ignore,
}

impl Role {
    /// The name shown to users and accepted in `hearken.toml`.
    pub fn name(self) -> &'static str {
        match self {
            Role::Id => "id",
            Role::Text => "text",
            Role::Attribute => "attribute",
            Role::Consent => "consent",
            Role::Ignore => "ignore",
        }
    }
}

/// Where a column's role came from: explicit settings always win over guesses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RoleSource {
    /// Guessed from the values (length, distinctness) and the header text.
    Guessed,
    /// Set in `hearken.toml` or on the command line.
    Explicit,
}

/// One column of an export as ingest understood it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Column {
    /// 0-based position in the file.
    pub index: usize,
    /// The header as shown to users (for multi-row headers, the most informative row).
    pub name: String,
    /// The role the analysis gives it.
    pub role: Role,
    /// Whether the role was guessed or set.
    pub source: RoleSource,
    /// A short non-empty example value, for `hearken inspect`.
    pub sample: Option<String>,
    /// Number of distinct non-empty values seen while guessing.
    pub distinct: usize,
    /// Number of non-empty values seen while guessing.
    pub filled: usize,
}

/// An open question: a text column, in file order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Question {
    /// Short stable id: `Q1`, `Q2`... in column order.
    pub id: String,
    /// The question text (the column header).
    pub text: String,
    /// 0-based column index in the file.
    pub column: usize,
}

/// A grouping attribute column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attribute {
    /// The column header, used as the attribute's name (`--where locality=Hamilton`).
    pub name: String,
    /// 0-based column index in the file.
    pub column: usize,
}

/// The consent-to-publish answer, mapped from the usual Citizen Space wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Consent {
    /// "Publish response with name".
    WithName,
    /// "Publish response only (without name)".
    Anonymous,
    /// "Do not publish response".
    DoNotPublish,
    /// No consent column, or an answer that could not be read as consent.
    Unknown,
}

impl Consent {
    /// Whether a quote from this respondent may appear in a report.
    pub fn publishable(self) -> bool {
        matches!(self, Consent::WithName | Consent::Anonymous)
    }

    /// The name shown to users and written to outputs.
    pub fn name(self) -> &'static str {
        match self {
            Consent::WithName => "publish-with-name",
            Consent::Anonymous => "publish-anonymously",
            Consent::DoNotPublish => "do-not-publish",
            Consent::Unknown => "unknown",
        }
    }
}

/// What ingest learned about one input file before reading its rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SurveySchema {
    /// The file read.
    pub path: PathBuf,
    /// The export layout.
    pub format: Format,
    /// The survey tool that wrote it, when recognised.
    #[serde(default)]
    pub vendor: Option<Vendor>,
    /// The detected text encoding (`UTF-8`, `UTF-8 (BOM)`, `windows-1252`; `xlsx` for workbooks).
    pub encoding: String,
    /// The field delimiter for delimited text; `None` for workbooks.
    pub delimiter: Option<u8>,
    /// How many header rows precede the data.
    pub header_rows: usize,
    /// Every column with its role.
    pub columns: Vec<Column>,
    /// The id column, if any (otherwise ids are made from row numbers).
    pub id_column: Option<usize>,
    /// The open questions, in column order.
    pub questions: Vec<Question>,
    /// The attribute columns, in column order.
    pub attributes: Vec<Attribute>,
    /// The consent column, if any.
    pub consent_column: Option<usize>,
    /// What the user should know about how the file was read (columns left out by a limit, no
    /// open question found).
    #[serde(default)]
    pub notes: Vec<String>,
}

/// One respondent: one accepted data row of an export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Respondent {
    /// 0-based position among the accepted respondents of the whole run; indexes codings.
    pub seq: u32,
    /// 1-based line (CSV) or row (xlsx) where the record starts, for messages.
    pub row: u64,
    /// The respondent id (from the id column, or `row-N`).
    pub id: String,
    /// Attribute values, parallel to `SurveySchema::attributes` (empty string when missing).
    pub attributes: Vec<String>,
    /// Consent to publish.
    pub consent: Consent,
    /// Answers, parallel to `SurveySchema::questions`; `None` when blank or a non-answer ("N/A").
    pub answers: Vec<Option<String>>,
}

impl Respondent {
    /// The answer to question `q` (an index into `SurveySchema::questions`), if given.
    pub fn answer(&self, q: usize) -> Option<&str> {
        self.answers.get(q).and_then(|a| a.as_deref())
    }
}

/// Why a row was not ingested.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RejectReason {
    /// The row has a different number of fields from the header.
    Ragged,
    /// The row's bytes could not be decoded in the file's encoding.
    Undecodable,
    /// The id was already used by an earlier row.
    DuplicateId,
    /// The row could not be parsed (a quote opened by mistake ran over later lines).
    Malformed,
    /// A field or the whole row is over the size limit.
    TooLarge,
    /// A field holds a control character (NUL, ESC...) that no answer contains.
    ControlCharacters,
}

impl RejectReason {
    /// The name shown to users and written to manifests.
    pub fn name(&self) -> &'static str {
        match self {
            RejectReason::Ragged => "ragged-row",
            RejectReason::Undecodable => "undecodable-bytes",
            RejectReason::DuplicateId => "duplicate-id",
            RejectReason::Malformed => "malformed-row",
            RejectReason::TooLarge => "too-large",
            RejectReason::ControlCharacters => "control-characters",
        }
    }
}

/// One rejected row and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rejection {
    /// 1-based line or row number.
    pub row: u64,
    /// The reason class.
    pub reason: RejectReason,
    /// A human-readable detail ("expected 7 fields, found 5").
    pub detail: String,
}

/// Row accounting for one input file: every data row is ingested, blank or rejected.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Accounting {
    /// The file this accounting is for.
    pub path: PathBuf,
    /// Data rows read (header rows excluded).
    pub rows: u64,
    /// Rows kept with at least one answer to an open question.
    pub ingested: u64,
    /// Rows kept but with no answer to any open question (counted and set aside).
    pub blank: u64,
    /// Rows rejected, with reasons.
    pub rejected: Vec<Rejection>,
    /// Bytes read from the file.
    pub bytes: u64,
}

impl Accounting {
    /// Rejections counted by reason, in a stable order.
    pub fn rejected_by_reason(&self) -> BTreeMap<&'static str, u64> {
        let mut out = BTreeMap::new();
        for r in &self.rejected {
            *out.entry(r.reason.name()).or_insert(0) += 1;
        }
        out
    }
}

/// A priority of the code frame (`P1`..`P3` by default).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Priority {
    /// Stable id, e.g. `P1`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// What it covers.
    pub description: String,
}

/// A theme of the code frame (`T01`..`T12` by default).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Theme {
    /// Stable id, e.g. `T07`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// What a coder reads to decide.
    pub description: String,
    /// Ids of the priorities this theme links to.
    pub priorities: Vec<String>,
}

/// The code frame: priorities and themes, in display order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CodeFrame {
    /// Priorities, sorted by id.
    pub priorities: Vec<Priority>,
    /// Themes, sorted by id.
    pub themes: Vec<Theme>,
}

/// One lexicon match kept as evidence: which entry matched, where in the original text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// The theme the entry belongs to: an index into [`CodeFrame::themes`].
    pub theme: u16,
    /// The entry as written in the lexicon (`carer*`, "short break").
    pub entry: String,
    /// Byte offset of the match start in the original answer text.
    pub start: usize,
    /// Byte offset one past the match end.
    pub end: usize,
    /// The weight the match contributed (0 when negated or excluded).
    pub weight: f32,
    /// True when the match fell in a negation scope and the entry counts only unnegated.
    pub negated: bool,
}

/// A theme assigned to one answer, with its score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThemeScore {
    /// The theme: an index into [`CodeFrame::themes`].
    pub theme: u16,
    /// Sum of the weights of its evidence.
    pub score: f32,
}

/// The coding of one answer (respondent x question).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Coding {
    /// `Respondent::seq` of the respondent.
    pub respondent: u32,
    /// Index into `SurveySchema::questions`.
    pub question: u16,
    /// Themes above their threshold, in code-frame order (which is theme-id order).
    pub themes: Vec<ThemeScore>,
    /// The priorities linked to the assigned themes, as indices into
    /// [`CodeFrame::priorities`], in priority-id order and unique.
    pub priorities: Vec<u16>,
    /// Every match, in text order, including those that did not reach a threshold.
    pub evidence: Vec<Evidence>,
    /// Reviewers' overrides that changed this coding, in theme order: a theme listed as added is
    /// in `themes` because of a reviewer; one listed as removed was taken out by one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub revisions: Vec<Revision>,
}

/// What a reviewer's override did to one coding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RevisionAction {
    /// The theme was added.
    Add,
    /// The theme was removed.
    Remove,
}

impl RevisionAction {
    /// `add` or `remove`, as the overrides file writes it.
    pub fn name(self) -> &'static str {
        match self {
            RevisionAction::Add => "add",
            RevisionAction::Remove => "remove",
        }
    }
}

/// One override applied to a coding: the theme, what was done, and the overrides-file line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revision {
    /// The theme: an index into [`CodeFrame::themes`].
    pub theme: u16,
    /// Added or removed.
    pub action: RevisionAction,
    /// The line of the overrides file that asked for it.
    pub line: u64,
    /// Who decided it.
    pub reviewer: String,
}

/// Where an assigned code came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CodeSource {
    /// The lexicons assigned it.
    Lexicon,
    /// A reviewer added it.
    Reviewer,
}

impl CodeSource {
    /// `lexicon` or `reviewer`.
    pub fn name(self) -> &'static str {
        match self {
            CodeSource::Lexicon => "lexicon",
            CodeSource::Reviewer => "reviewer",
        }
    }
}

impl Coding {
    /// Where an assigned theme came from: a reviewer when an override added it, else the lexicons.
    pub fn source(&self, theme: u16) -> CodeSource {
        let added = self
            .revisions
            .iter()
            .any(|r| r.theme == theme && r.action == RevisionAction::Add);
        if added {
            CodeSource::Reviewer
        } else {
            CodeSource::Lexicon
        }
    }
}

/// What the coding stage hands on: a batch of respondents (numbered by `seq` across the run)
/// and the coding of each of their answers, in (respondent, question) order. Themes and
/// priorities are indices into the [`CodeFrame`] the batch was coded with.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CodedBatch {
    /// The respondents, in input order.
    pub respondents: Vec<Respondent>,
    /// One coding per non-blank answer, in (respondent, question) order.
    pub codings: Vec<Coding>,
    /// The words of each coded answer as the coder split them, one list per coding (same
    /// order), so later stages need not split the answers again; empty when the batch was not
    /// made by the coder.
    pub words: Vec<Vec<Word>>,
}

/// One word of an answer: its byte span in the answer and what separates it from the word
/// before (Unicode word boundaries; see `text::segment`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    /// Byte offset of the first byte in the original text.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// The text between the previous word and this one ends a clause (. , ; : ! ? … or a line
    /// break).
    pub clause_break: bool,
    /// The text between the previous word and this one ends a sentence (. ! ? … or a line
    /// break).
    pub sentence_break: bool,
}

impl CodedBatch {
    /// Each respondent with the codings of its answers.
    pub fn by_respondent(&self) -> impl Iterator<Item = (&Respondent, &[Coding])> {
        let mut rest: &[Coding] = &self.codings;
        self.respondents.iter().map(move |r| {
            let n = rest.iter().take_while(|c| c.respondent == r.seq).count();
            let (mine, after) = rest.split_at(n);
            rest = after;
            (r, mine)
        })
    }

    /// Answers that received at least one theme.
    pub fn answers_coded(&self) -> u64 {
        self.codings.iter().filter(|c| !c.themes.is_empty()).count() as u64
    }
}

impl CodeFrame {
    /// The id of theme `index` (`T07`); empty for an index the frame does not have.
    pub fn theme_id(&self, index: u16) -> &str {
        self.themes
            .get(usize::from(index))
            .map_or("", |t| t.id.as_str())
    }

    /// The id of priority `index` (`P1`); empty for an index the frame does not have.
    pub fn priority_id(&self, index: u16) -> &str {
        self.priorities
            .get(usize::from(index))
            .map_or("", |p| p.id.as_str())
    }
}
