//! Searching an index: query parsing, filters, sorting, snippets and counts.

use super::build::{attr_facet, interrupted_swap};
use super::manifest::{Manifest, MANIFEST_FILE};
use super::query::*;
use super::schema::{Fields, ORDER, SORT_KEY};
use super::{tv_err, IndexError};
use crate::model::Consent;
use crate::provenance::hash_file;
use crate::text::redact::Redactor;
use std::collections::BTreeMap;
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};
use tantivy::collector::sort_key::{SortBySimilarityScore, SortByStaticFastValue, SortByString};
use tantivy::collector::{Count as CountCollector, FacetCollector, FacetCounts, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query, QueryParser, QueryParserError,
    TermSetQuery,
};
use tantivy::schema::{Facet, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{
    DocAddress, Index, IndexReader, Order, ReloadPolicy, Searcher, TantivyDocument, Term,
};

/// How hits are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// Best match first (BM25); equal scores in the order the answers were read (respondent,
    /// then question).
    #[default]
    Relevance,
    /// By respondent id (string order), then question.
    Id,
}

/// One search: a query in tantivy syntax plus filters, paging and order.
///
/// Repeated values of one filter are alternatives (`--theme T01 --theme T02`: either theme);
/// different filters must all hold. An empty query (or `*`) matches every answer.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchRequest {
    /// The query over the answer text (words, "phrases", AND/OR/NOT, field:term). Words are
    /// required by default (`a b` means `a AND b`).
    pub query: String,
    /// Theme ids (`T07`).
    pub themes: Vec<String>,
    /// Priority ids (`P3`).
    pub priorities: Vec<String>,
    /// Question ids (`Q1`).
    pub questions: Vec<String>,
    /// `(column, value)` attribute filters.
    pub filters: Vec<(String, String)>,
    /// Leave out respondents who did not consent to publication, and redact the answers and
    /// snippets of the rest (as they would be published).
    pub publishable_only: bool,
    /// Hits to return.
    pub limit: usize,
    /// Hits to skip first.
    pub offset: usize,
    /// Order of hits.
    pub sort: Sort,
    /// Longest snippet, in characters.
    pub snippet_chars: usize,
}

impl Default for SearchRequest {
    fn default() -> Self {
        SearchRequest {
            query: String::new(),
            themes: Vec::new(),
            priorities: Vec::new(),
            questions: Vec::new(),
            filters: Vec::new(),
            publishable_only: false,
            limit: 10,
            offset: 0,
            sort: Sort::Relevance,
            snippet_chars: 160,
        }
    }
}

/// A short extract of an answer with the query's terms marked.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Snippet {
    /// The extract (a whole short answer, or the best fragment of a long one).
    pub text: String,
    /// Byte ranges `[start, end)` of `text` that matched the query, in order.
    pub highlights: Vec<(usize, usize)>,
}

/// One matching answer.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Hit {
    /// Respondent id.
    pub id: String,
    /// Question id.
    pub question: String,
    /// Question text.
    pub question_text: String,
    /// BM25 relevance (1.0 for every answer when there is no query text).
    pub score: f32,
    /// The whole answer.
    pub text: String,
    /// The extract to show.
    pub snippet: Snippet,
    /// Theme ids, sorted.
    pub themes: Vec<String>,
    /// Priority ids, sorted.
    pub priorities: Vec<String>,
    /// `(column, value)` for every attribute column, in column order ("" when blank).
    pub attributes: Vec<(String, String)>,
    /// Consent to publish.
    pub consent: Consent,
    /// 1-based input row.
    pub row: u64,
    /// Campaign id, when the answer belongs to a detected campaign.
    pub campaign: Option<u64>,
}

impl Hit {
    /// Whether this answer may be quoted.
    pub fn publishable(&self) -> bool {
        self.consent.publishable()
    }
}

/// The hits of one page and how many answers matched in all.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchResults {
    /// Answers matching the query and filters.
    pub total: u64,
    /// The requested page of hits.
    pub hits: Vec<Hit>,
}

/// One value and how many matching answers have it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Count {
    /// Theme id, priority id or attribute value ("" for a blank attribute).
    pub value: String,
    /// Matching answers.
    pub count: u64,
}

/// Matching answers counted in total and broken down.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    /// Answers matching the query and filters.
    pub total: u64,
    /// Per theme of the code frame, in frame order (zeros included).
    pub by_theme: Vec<Count>,
    /// Per priority of the code frame, in frame order (zeros included).
    pub by_priority: Vec<Count>,
    /// Per value of the requested attribute column: most frequent first, then by value.
    pub by_attribute: Option<(String, Vec<Count>)>,
}

/// A reason the index may no longer reflect its inputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stale {
    /// An input file's content differs from when the index was built.
    InputChanged(PathBuf),
    /// An input file recorded in the index no longer exists.
    InputMissing(PathBuf),
    /// An input file given now was not an input of the index.
    InputNotIndexed(PathBuf),
    /// The lexicon files differ from those the answers were coded with.
    LexiconChanged,
}

impl fmt::Display for Stale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Stale::InputChanged(p) => {
                write!(f, "{} changed since the index was built", p.display())
            }
            Stale::InputMissing(p) => write!(
                f,
                "{} is missing (it was an input of the index)",
                p.display()
            ),
            Stale::InputNotIndexed(p) => write!(f, "{} is not an input of the index", p.display()),
            Stale::LexiconChanged => write!(f, "the lexicons changed since the index was built"),
        }
    }
}

/// An opened index, ready for many searches.
pub struct SearchIndex {
    pub(super) dir: PathBuf,
    pub(super) reader: IndexReader,
    pub(super) fields: Fields,
    pub(super) manifest: Manifest,
    parser: QueryParser,
    /// The index's schema, read once at opening (queries are checked against it).
    schema: tantivy::schema::Schema,
    /// Built on the first search for publishable answers only.
    redactor: std::sync::OnceLock<Redactor>,
}

/// Opens the index in `dir`. `dir` may also be the output directory of `hearken run` that holds
/// it as `index/`. When a rebuild was interrupted while swapping, the previous index is used.
pub fn open(dir: &Path) -> Result<SearchIndex, IndexError> {
    let mut dir = dir.to_path_buf();
    if !dir.join(MANIFEST_FILE).is_file() && dir.join("index").join(MANIFEST_FILE).is_file() {
        dir = dir.join("index");
    }
    if !dir.exists() {
        match interrupted_swap(&dir) {
            Some(previous) => dir = previous,
            None => return Err(IndexError::Missing(dir)),
        }
    }
    if !dir.join(MANIFEST_FILE).is_file() && !dir.join("meta.json").is_file() {
        return Err(IndexError::Missing(dir));
    }
    let manifest = Manifest::read(&dir)?;
    let index = Index::open_in_dir(&dir).map_err(tv_err(&dir))?;
    let schema = index.schema();
    let fields = Fields::from_schema(&schema).map_err(|reason| IndexError::Invalid {
        dir: dir.clone(),
        reason,
    })?;
    let reader = index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()
        .map_err(tv_err(&dir))?;
    let mut parser = QueryParser::for_index(&index, vec![fields.text]);
    parser.set_conjunction_by_default();
    Ok(SearchIndex {
        dir,
        reader,
        fields,
        manifest,
        parser,
        schema,
        redactor: std::sync::OnceLock::new(),
    })
}

impl SearchIndex {
    /// The directory the index was opened from.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Redacts publishable results with these settings (for example an analyst's list of names
    /// to remove) instead of the defaults; call before the first search.
    pub fn redact_with(
        &self,
        options: &crate::text::redact::RedactOptions,
    ) -> Result<(), IndexError> {
        let redactor = Redactor::with_options(options).map_err(|e| IndexError::Invalid {
            dir: self.dir.clone(),
            reason: e.to_string(),
        })?;
        // Already set when a search ran first: the first settings stay.
        let _ = self.redactor.set(redactor);
        Ok(())
    }

    /// The provenance and layout recorded when the index was built.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// Why the index may be out of date. With `inputs`, those files are compared with the
    /// recorded ones (by path and blake3 hash); without, the recorded input files are checked.
    /// With `lexicon` (a [`crate::provenance::lexicon_fingerprint`]), it is compared with the recorded one.
    pub fn stale(&self, inputs: Option<&[PathBuf]>, lexicon: Option<&str>) -> Vec<Stale> {
        let mut out = Vec::new();
        let recorded: BTreeMap<&Path, &str> = self
            .manifest
            .inputs
            .iter()
            .map(|i| (i.path.as_path(), i.blake3.as_str()))
            .collect();
        let check = |path: &Path, expected: &str, out: &mut Vec<Stale>| {
            if !path.exists() {
                out.push(Stale::InputMissing(path.to_path_buf()));
            } else if hash_file(path).map_or(true, |h| h != expected) {
                out.push(Stale::InputChanged(path.to_path_buf()));
            }
        };
        match inputs {
            None => {
                for (path, hash) in &recorded {
                    check(path, hash, &mut out);
                }
            }
            Some(given) => {
                for path in given {
                    let canonical = fs::canonicalize(path).unwrap_or_else(|_| path.clone());
                    match recorded.get(canonical.as_path()) {
                        Some(hash) => check(path, hash, &mut out),
                        None if !path.exists() => out.push(Stale::InputMissing(path.clone())),
                        None => out.push(Stale::InputNotIndexed(path.clone())),
                    }
                }
            }
        }
        if lexicon.is_some_and(|l| l != self.manifest.lexicon) {
            out.push(Stale::LexiconChanged);
        }
        out
    }

    /// Runs a search and returns one page of hits with snippets.
    pub fn search(&self, req: &SearchRequest) -> Result<SearchResults, IndexError> {
        check_paging(req)?;
        let searcher = self.reader.searcher();
        let text_query = self.text_query(&req.query)?;
        let query = self.with_filters(text_query.box_clone(), req)?;
        let dir = &self.dir;
        if req.limit == 0 {
            let total = searcher
                .search(&query, &CountCollector)
                .map_err(tv_err(dir))?;
            return Ok(SearchResults {
                total: total as u64,
                hits: Vec::new(),
            });
        }
        let top = TopDocs::with_limit(req.limit).and_offset(req.offset);
        let (total, page): (usize, Vec<(f32, DocAddress)>) = match req.sort {
            Sort::Relevance => {
                let collector = top.order_by((
                    (SortBySimilarityScore, Order::Desc),
                    (SortByStaticFastValue::<u64>::for_field(ORDER), Order::Asc),
                ));
                let (total, docs) = searcher
                    .search(&query, &(CountCollector, collector))
                    .map_err(tv_err(dir))?;
                (total, docs.into_iter().map(|((s, _), d)| (s, d)).collect())
            }
            Sort::Id => {
                let collector = top.order_by((
                    (SortByString::for_field(SORT_KEY), Order::Asc),
                    (SortBySimilarityScore, Order::Desc),
                ));
                let (total, docs) = searcher
                    .search(&query, &(CountCollector, collector))
                    .map_err(tv_err(dir))?;
                (total, docs.into_iter().map(|((_, s), d)| (s, d)).collect())
            }
        };
        let mut snippets = SnippetGenerator::create(&searcher, &*text_query, self.fields.text)
            .map_err(tv_err(dir))?;
        snippets.set_max_num_chars(req.snippet_chars.max(1));
        let mut hits = Vec::with_capacity(page.len());
        for (score, address) in page {
            hits.push(self.hit(&searcher, &snippets, (score, address), req)?);
        }
        Ok(SearchResults {
            total: total as u64,
            hits,
        })
    }

    /// Counts the answers matching the query and filters, by theme, by priority and, when `by`
    /// names an attribute column, by that column's values. Paging fields are ignored.
    pub fn count(&self, req: &SearchRequest, by: Option<&str>) -> Result<Counts, IndexError> {
        let searcher = self.reader.searcher();
        let query = self.with_filters(self.text_query(&req.query)?, req)?;
        let by = by.map(|name| self.attribute_name(name)).transpose()?;
        let mut themes = FacetCollector::for_field(super::schema::THEME);
        themes.add_facet(Facet::root());
        let mut priorities = FacetCollector::for_field(super::schema::PRIORITY);
        priorities.add_facet(Facet::root());
        let dir = &self.dir;
        let (total, theme_counts, priority_counts, by_attribute) = match &by {
            None => {
                let (t, th, pr) = searcher
                    .search(&query, &(CountCollector, themes, priorities))
                    .map_err(tv_err(dir))?;
                (t as u64, th, pr, None)
            }
            Some(name) => {
                let mut attr = FacetCollector::for_field(super::schema::ATTR);
                let column = Facet::from_path([name.as_str()]);
                attr.add_facet(column.clone());
                let (t, th, pr, at) = searcher
                    .search(&query, &(CountCollector, themes, priorities, attr))
                    .map_err(tv_err(dir))?;
                let mut counts: Vec<Count> = at
                    .get(column)
                    .map(|(facet, count)| Count {
                        value: facet
                            .to_path()
                            .last()
                            .copied()
                            .unwrap_or_default()
                            .to_string(),
                        count,
                    })
                    .collect();
                let filled: u64 = counts.iter().map(|c| c.count).sum();
                if (t as u64) > filled {
                    counts.push(Count {
                        value: String::new(),
                        count: t as u64 - filled,
                    });
                }
                counts.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
                (t as u64, th, pr, Some((name.clone(), counts)))
            }
        };
        let frame = &self.manifest.frame;
        Ok(Counts {
            total,
            by_theme: frame_counts(&theme_counts, frame.themes.iter().map(|t| t.id.as_str())),
            by_priority: frame_counts(
                &priority_counts,
                frame.priorities.iter().map(|p| p.id.as_str()),
            ),
            by_attribute,
        })
    }

    /// The query over the answer text; an empty query or `*` matches every answer.
    pub(super) fn text_query(&self, text: &str) -> Result<Box<dyn Query>, IndexError> {
        let trimmed = text.trim();
        if trimmed.is_empty() || trimmed == "*" {
            return Ok(Box::new(AllQuery));
        }
        if let Err(message) = check_query(trimmed) {
            return Err(IndexError::BadQuery {
                query: shorten(trimmed),
                message,
            });
        }
        let bad = |e: QueryParserError| IndexError::BadQuery {
            query: trimmed.to_string(),
            message: explain_query_error(trimmed, &e),
        };
        let ast = tantivy::query_grammar::parse_query(trimmed)
            .map_err(|_| bad(QueryParserError::SyntaxError(trimmed.to_string())))?;
        if let Some(field) = unanswerable_exists(&ast, &self.schema) {
            return Err(IndexError::BadQuery {
                query: shorten(trimmed),
                message: format!(
                    "`{field}:*` (any value) cannot be searched; search for a word, or filter by \
                     theme, priority, question or attribute"
                ),
            });
        }
        self.parser
            .build_query_from_user_input_ast(hoist_negations(ast))
            .map_err(bad)
    }

    /// The query with every filter of `req` as a required, zero-scored clause.
    pub(super) fn with_filters(
        &self,
        query: Box<dyn Query>,
        req: &SearchRequest,
    ) -> Result<Box<dyn Query>, IndexError> {
        let f = self.fields;
        let frame = &self.manifest.frame;
        let mut groups: Vec<Vec<Term>> = Vec::new();
        if !req.themes.is_empty() {
            let ids: Vec<String> = frame.themes.iter().map(|t| t.id.clone()).collect();
            let mut terms = Vec::new();
            for t in &req.themes {
                let id = resolve("theme", t, &ids)?;
                terms.push(Term::from_facet(f.theme, &Facet::from_path([id])));
            }
            groups.push(terms);
        }
        if !req.priorities.is_empty() {
            let ids: Vec<String> = frame.priorities.iter().map(|p| p.id.clone()).collect();
            let mut terms = Vec::new();
            for p in &req.priorities {
                let id = resolve("priority", p, &ids)?;
                terms.push(Term::from_facet(f.priority, &Facet::from_path([id])));
            }
            groups.push(terms);
        }
        if !req.questions.is_empty() {
            let ids: Vec<String> = self
                .manifest
                .questions
                .iter()
                .map(|q| q.id.clone())
                .collect();
            let mut terms = Vec::new();
            for q in &req.questions {
                let id = resolve("question", q, &ids)?;
                terms.push(Term::from_field_text(f.question, id));
            }
            groups.push(terms);
        }
        let mut by_column: BTreeMap<String, Vec<Term>> = BTreeMap::new();
        for (column, value) in &req.filters {
            let name = self.attribute_name(column)?;
            let term = Term::from_facet(f.attr, &attr_facet(&name, value));
            by_column.entry(name).or_default().push(term);
        }
        groups.extend(by_column.into_values());
        if req.publishable_only {
            groups.push(vec![Term::from_field_bool(f.publishable, true)]);
        }
        if groups.is_empty() {
            return Ok(query);
        }
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, query)];
        for terms in groups {
            let filter = ConstScoreQuery::new(Box::new(TermSetQuery::new(terms)), 0.0);
            clauses.push((Occur::Must, Box::new(filter)));
        }
        Ok(Box::new(BooleanQuery::new(clauses)))
    }

    /// The attribute column called `name` (exact, else ignoring case).
    fn attribute_name(&self, name: &str) -> Result<String, IndexError> {
        resolve("column", name, &self.manifest.attributes).map(str::to_string)
    }

    pub(super) fn hit(
        &self,
        searcher: &Searcher,
        snippets: &SnippetGenerator,
        (score, address): (f32, DocAddress),
        req: &SearchRequest,
    ) -> Result<Hit, IndexError> {
        let f = self.fields;
        let doc: TantivyDocument = searcher.doc(address).map_err(tv_err(&self.dir))?;
        let text_of = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default()
        };
        let facets_of = |field| -> Vec<Vec<String>> {
            doc.get_all(field)
                .filter_map(|v| v.as_facet().map(facet_steps))
                .collect()
        };
        let text = text_of(f.text);
        let generated = snippets.snippet(&text);
        let chars = req.snippet_chars;
        // Publishable answers are shown as they would be published: redacted.
        let (text, snippet) = if req.publishable_only {
            let redactor = self.redactor.get_or_init(Redactor::new);
            super::publishable::redacted(&text, &generated, chars, redactor)
        } else {
            let snippet = plain_snippet(&text, &generated, chars);
            (text, snippet)
        };
        let mut themes: Vec<String> = facets_of(f.theme)
            .into_iter()
            .filter_map(|p| p.into_iter().next())
            .collect();
        themes.sort();
        let mut priorities: Vec<String> = facets_of(f.priority)
            .into_iter()
            .filter_map(|p| p.into_iter().next())
            .collect();
        priorities.sort();
        let mut values: BTreeMap<String, String> = BTreeMap::new();
        for path in facets_of(f.attr) {
            if let [name, value] = path.as_slice() {
                values.insert(name.clone(), value.clone());
            }
        }
        let attributes = self
            .manifest
            .attributes
            .iter()
            .map(|name| (name.clone(), values.get(name).cloned().unwrap_or_default()))
            .collect();
        // The question's text is recorded once in the manifest, not in every document.
        let question = text_of(f.question);
        let question_text = self
            .manifest
            .questions
            .iter()
            .find(|q| q.id == question)
            .map(|q| q.text.clone())
            .unwrap_or_default();
        Ok(Hit {
            id: text_of(f.id),
            question,
            question_text,
            score,
            snippet,
            themes,
            priorities,
            attributes,
            consent: consent_from_name(&text_of(f.consent)),
            row: doc.get_first(f.row).and_then(|v| v.as_u64()).unwrap_or(0),
            campaign: doc
                .get_first(f.seq)
                .and_then(|v| v.as_u64())
                .and_then(|s| self.manifest.campaigns.get(&u32::try_from(s).ok()?))
                .map(|&c| u64::from(c)),
            text,
        })
    }
}

/// The steps of a stored (encoded) facet.
fn facet_steps(encoded: &str) -> Vec<String> {
    match Facet::from_encoded(encoded.as_bytes().to_vec()) {
        Ok(facet) => facet.to_path().into_iter().map(str::to_string).collect(),
        Err(_) => Vec::new(),
    }
}

fn consent_from_name(name: &str) -> Consent {
    [Consent::WithName, Consent::Anonymous, Consent::DoNotPublish]
        .into_iter()
        .find(|c| c.name() == name)
        .unwrap_or(Consent::Unknown)
}

/// The snippet of an answer as stored: the whole of a short answer, else the best fragment.
fn plain_snippet(text: &str, generated: &tantivy::snippet::Snippet, max: usize) -> Snippet {
    if generated.is_empty() {
        Snippet {
            text: leading(text, max),
            highlights: Vec::new(),
        }
    } else if text.chars().count() <= max {
        // A short answer is shown whole, highlights moved from the fragment to the text.
        let at = generated.fragment_range().start;
        Snippet {
            highlights: generated
                .highlighted()
                .iter()
                .map(|r| (r.start + at, r.end + at))
                .collect(),
            text: text.to_string(),
        }
    } else {
        let range = generated.fragment_range();
        let prefix = if range.start > 0 { "…" } else { "" };
        let suffix = if range.end < text.len() { "…" } else { "" };
        Snippet {
            text: format!("{prefix}{}{suffix}", generated.fragment()),
            highlights: generated
                .highlighted()
                .iter()
                .map(|r| (r.start + prefix.len(), r.end + prefix.len()))
                .collect(),
        }
    }
}

/// The start of `text`, cut at a word boundary near `max` characters, with `…` when cut.
pub(super) fn leading(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut = text.char_indices().nth(max).map_or(text.len(), |(i, _)| i);
    let head = &text[..cut];
    let head = match head.rfind(char::is_whitespace) {
        Some(i) if i > cut / 2 => &head[..i],
        _ => head,
    };
    format!("{}…", head.trim_end())
}

/// Per id of the frame, in frame order, its count among the facet counts (0 when absent);
/// ids found in the index but not in the frame follow, sorted.
fn frame_counts<'a>(counts: &FacetCounts, ids: impl Iterator<Item = &'a str>) -> Vec<Count> {
    let found: BTreeMap<String, u64> = counts
        .get(Facet::root())
        .map(|(facet, n)| {
            (
                facet
                    .to_path()
                    .first()
                    .copied()
                    .unwrap_or_default()
                    .to_string(),
                n,
            )
        })
        .collect();
    let mut out: Vec<Count> = Vec::new();
    for id in ids {
        out.push(Count {
            value: id.to_string(),
            count: found.get(id).copied().unwrap_or(0),
        });
    }
    for (id, n) in &found {
        if !out.iter().any(|c| &c.value == id) {
            out.push(Count {
                value: id.clone(),
                count: *n,
            });
        }
    }
    out
}

/// The entry of `available` equal to `name` (exactly, else ignoring case).
fn resolve<'a>(
    kind: &'static str,
    name: &str,
    available: &'a [String],
) -> Result<&'a str, IndexError> {
    available
        .iter()
        .find(|a| a.as_ref() as &str == name)
        .or_else(|| available.iter().find(|a| a.eq_ignore_ascii_case(name)))
        .map(String::as_str)
        .ok_or_else(|| IndexError::UnknownName {
            kind,
            name: name.to_string(),
            available: available.to_vec(),
        })
}
