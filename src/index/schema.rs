//! The tantivy schema: one place that names every field and says how it is indexed.

use tantivy::schema::FacetOptions;
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
};

/// The answer text: stemmed English, positions for phrases, stored for snippets.
pub(crate) const TEXT: &str = "text";
/// Respondent id, exact match, fast for sorting.
pub(crate) const ID: &str = "id";
/// `id` + NUL + zero-padded question number: the `--sort id` key (a fast string column only; it
/// is never searched, so it has no terms).
pub(crate) const SORT_KEY: &str = "sort_key";
/// Question id (`Q1`), exact match.
pub(crate) const QUESTION: &str = "question";
/// Attribute facets `/<column>/<value>`.
pub(crate) const ATTR: &str = "attr";
/// Theme facets `/T07`.
pub(crate) const THEME: &str = "theme";
/// Priority facets `/P3`.
pub(crate) const PRIORITY: &str = "priority";
/// Consent name (`do-not-publish`...), exact match.
pub(crate) const CONSENT: &str = "consent";
/// Whether the answer may be quoted.
pub(crate) const PUBLISHABLE: &str = "publishable";
/// 1-based input row.
pub(crate) const ROW: &str = "row";
/// Respondent sequence number in the run.
pub(crate) const SEQ: &str = "seq";
/// Input order of an answer: `seq << 16 | question`; breaks ties between equal scores cheaply.
pub(crate) const ORDER: &str = "order";

/// Handles to every field of the hearken schema.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    pub text: Field,
    pub id: Field,
    pub sort_key: Field,
    pub question: Field,
    pub attr: Field,
    pub theme: Field,
    pub priority: Field,
    pub consent: Field,
    pub publishable: Field,
    pub row: Field,
    pub seq: Field,
    pub order: Field,
}

impl Fields {
    /// Builds the schema and returns it with its field handles.
    pub fn build() -> (Schema, Fields) {
        let mut b = Schema::builder();
        let text_options = TextOptions::default()
            .set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(super::analyzer::EN_STEM)
                    .set_index_option(IndexRecordOption::WithFreqsAndPositions),
            )
            .set_stored();
        let facet = FacetOptions::default().set_stored();
        let fields = Fields {
            text: b.add_text_field(TEXT, text_options),
            id: b.add_text_field(ID, STRING | STORED | FAST),
            sort_key: b.add_text_field(SORT_KEY, FAST),
            question: b.add_text_field(QUESTION, STRING | STORED),
            attr: b.add_facet_field(ATTR, facet.clone()),
            theme: b.add_facet_field(THEME, facet.clone()),
            priority: b.add_facet_field(PRIORITY, facet),
            consent: b.add_text_field(CONSENT, STRING | STORED),
            publishable: b.add_bool_field(PUBLISHABLE, INDEXED | STORED),
            row: b.add_u64_field(ROW, STORED),
            seq: b.add_u64_field(SEQ, STORED | FAST),
            order: b.add_u64_field(ORDER, FAST),
        };
        (b.build(), fields)
    }

    /// Finds every field in an opened index's schema; `None` names the first one missing.
    pub fn from_schema(schema: &Schema) -> Result<Fields, String> {
        let get = |name: &str| {
            schema
                .get_field(name)
                .map_err(|_| format!("field `{name}` is missing from the schema"))
        };
        Ok(Fields {
            text: get(TEXT)?,
            id: get(ID)?,
            sort_key: get(SORT_KEY)?,
            question: get(QUESTION)?,
            attr: get(ATTR)?,
            theme: get(THEME)?,
            priority: get(PRIORITY)?,
            consent: get(CONSENT)?,
            publishable: get(PUBLISHABLE)?,
            row: get(ROW)?,
            seq: get(SEQ)?,
            order: get(ORDER)?,
        })
    }
}

/// The `--sort id` key: respondent id, then the question number, so ties are ordered too.
pub(crate) fn sort_key(id: &str, question: usize) -> String {
    format!("{id}\u{0}{question:05}")
}
