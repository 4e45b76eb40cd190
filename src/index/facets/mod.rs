//! Facet counts for a search, and the answers of one respondent.
//!
//! A search page offers every filter with the number of matching answers it would keep: per
//! theme, priority, question and value of every attribute column. [`SearchIndex::facets`] counts
//! them all in one pass over the matches (the theme, priority and attribute facet columns and the
//! question from the `order` fast field), rather than one `FacetCollector` per column. Counts are
//! disjunctive, as faceted search usually is: the counts of a facet that has a filter ignore that
//! filter (one more pass per filtered facet), so they say what choosing another value would add,
//! while every other filter holds.

mod collector;
mod faceted;
mod table;
mod tally;

pub use table::FacetTable;

use super::query::check_paging;
use super::schema::ORDER;
use super::search::{Count, Hit, SearchIndex, SearchRequest};
use super::{tv_err, IndexError};
use std::collections::BTreeMap;
use tally::TallyCollector;
use tantivy::query::{EmptyQuery, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::Term;

/// Most answers one respondent can have in the index: one per open question, and ingest
/// analyses at most 200 open questions.
const MAX_ANSWERS_OF_ONE: usize = 1_000;

/// Matching answers counted by every facet of the index.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Facets {
    /// Answers matching the query and every filter.
    pub total: u64,
    /// Per theme of the code frame, in frame order (zeros included).
    pub themes: Vec<Count>,
    /// Per priority of the code frame, in frame order (zeros included).
    pub priorities: Vec<Count>,
    /// Per open question, in question order (zeros included).
    pub questions: Vec<Count>,
    /// Per attribute column, in column order: its values with at least one matching answer,
    /// most frequent first, then by value. Blank values are not counted (they cannot be chosen).
    pub attributes: Vec<(String, Vec<Count>)>,
}

/// The facet fields counted from the index's facet columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Dimension {
    Theme,
    Priority,
    Attribute,
}

impl SearchIndex {
    /// Counts the answers matching `req` (query and filters; paging is ignored) by theme,
    /// priority, question and every attribute column. The counts of a facet with a filter in
    /// `req` are taken without that filter, so its values can be combined (see the module doc).
    pub fn facets(&self, req: &SearchRequest) -> Result<Facets, IndexError> {
        let all = self.tally(req)?;
        let frame = &self.manifest.frame;
        // A facet with a filter is counted again without it.
        let theme_tally = self.tally_without(req, !req.themes.is_empty(), |r| {
            r.themes = Vec::new();
        })?;
        let t = theme_tally.as_ref().unwrap_or(&all);
        let themes = frame
            .themes
            .iter()
            .map(|theme| t.count(Dimension::Theme, &[theme.id.as_str()]))
            .collect();
        let priority_tally = self.tally_without(req, !req.priorities.is_empty(), |r| {
            r.priorities = Vec::new();
        })?;
        let t = priority_tally.as_ref().unwrap_or(&all);
        let priorities = frame
            .priorities
            .iter()
            .map(|p| t.count(Dimension::Priority, &[p.id.as_str()]))
            .collect();
        let question_tally = self.tally_without(req, !req.questions.is_empty(), |r| {
            r.questions = Vec::new();
        })?;
        let t = question_tally.as_ref().unwrap_or(&all);
        let questions = self
            .manifest
            .questions
            .iter()
            .enumerate()
            .map(|(i, q)| Count {
                value: q.id.clone(),
                count: t.questions.get(i).copied().unwrap_or(0),
            })
            .collect();
        let attributes = self.attribute_facets(req, &all)?;
        Ok(Facets {
            total: all.total,
            themes,
            priorities,
            questions,
            attributes,
        })
    }

    /// When `filtered`, a tally of `req` with one facet's filter taken out by `clear`; `None`
    /// when that facet has no filter (its counts are then those of the whole request).
    fn tally_without(
        &self,
        req: &SearchRequest,
        filtered: bool,
        clear: impl FnOnce(&mut SearchRequest),
    ) -> Result<Option<Tally>, IndexError> {
        if !filtered {
            return Ok(None);
        }
        let mut without = req.clone();
        clear(&mut without);
        self.tally(&without).map(Some)
    }

    /// The values of every attribute column with their counts, most frequent first. Attribute
    /// filters are grouped by column, so each filtered column is counted without the filters on
    /// that column only.
    fn attribute_facets(
        &self,
        req: &SearchRequest,
        all: &Tally,
    ) -> Result<Vec<(String, Vec<Count>)>, IndexError> {
        let mut filtered: BTreeMap<String, Tally> = BTreeMap::new();
        for (column, _) in &req.filters {
            let name = resolve_column(self, column)?;
            if filtered.contains_key(&name) {
                continue;
            }
            let others: Vec<(String, String)> = req
                .filters
                .iter()
                .filter(|(c, _)| resolve_column(self, c).map_or(true, |n| n != name))
                .cloned()
                .collect();
            let tally = self.tally(&SearchRequest {
                filters: others,
                ..req.clone()
            })?;
            filtered.insert(name, tally);
        }
        let mut attributes = Vec::with_capacity(self.manifest.attributes.len());
        for name in &self.manifest.attributes {
            let t = filtered.get(name).unwrap_or(all);
            let mut values: Vec<Count> = t
                .facets
                .iter()
                .filter_map(|((dim, path), &count)| match (dim, path.as_slice()) {
                    (Dimension::Attribute, [column, value]) if column == name => Some(Count {
                        value: value.clone(),
                        count,
                    }),
                    _ => None,
                })
                .collect();
            values.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
            attributes.push((name.clone(), values));
        }
        Ok(attributes)
    }

    /// Every answer of the respondent with this id, in question order; with `publishable_only`,
    /// none unless the respondent agreed to publication, and then redacted as
    /// [`SearchIndex::search`] redacts them. An id the index does not hold gives no answers.
    pub fn answers_of(&self, id: &str, publishable_only: bool) -> Result<Vec<Hit>, IndexError> {
        let req = SearchRequest {
            publishable_only,
            limit: MAX_ANSWERS_OF_ONE,
            snippet_chars: usize::MAX / 2,
            ..SearchRequest::default()
        };
        check_paging(&req)?;
        let searcher = self.reader.searcher();
        let by_id: Box<dyn Query> = Box::new(TermQuery::new(
            Term::from_field_text(self.fields.id, id),
            IndexRecordOption::Basic,
        ));
        let query = self.with_filters(by_id, &req)?;
        let collector = tantivy::collector::TopDocs::with_limit(MAX_ANSWERS_OF_ONE)
            .order_by_u64_field(ORDER, tantivy::Order::Asc);
        let docs = searcher
            .search(&query, &collector)
            .map_err(tv_err(&self.dir))?;
        // No text query: snippets are the whole answer, unmarked.
        let snippets =
            tantivy::snippet::SnippetGenerator::create(&searcher, &EmptyQuery, self.fields.text)
                .map_err(tv_err(&self.dir))?;
        let mut hits = Vec::with_capacity(docs.len());
        for (_, address) in docs {
            hits.push(self.hit(&searcher, &snippets, (1.0, address), &req)?);
        }
        Ok(hits)
    }

    /// One pass over the answers matching `req`, counting every facet value.
    fn tally(&self, req: &SearchRequest) -> Result<Tally, IndexError> {
        let query = self.with_filters(self.text_query(&req.query)?, req)?;
        let searcher = self.reader.searcher();
        let collector = TallyCollector {
            questions: self.manifest.questions.len(),
        };
        searcher
            .search(&query, &collector)
            .map_err(tv_err(&self.dir))
    }
}

fn resolve_column(index: &SearchIndex, name: &str) -> Result<String, IndexError> {
    let available = &index.manifest.attributes;
    available
        .iter()
        .find(|a| *a == name)
        .or_else(|| available.iter().find(|a| a.eq_ignore_ascii_case(name)))
        .cloned()
        .ok_or_else(|| IndexError::UnknownName {
            kind: "column",
            name: name.to_string(),
            available: available.clone(),
        })
}

/// What one pass counted: matches, answers per question index, and answers per facet path.
#[derive(Debug, Default)]
struct Tally {
    total: u64,
    questions: Vec<u64>,
    facets: BTreeMap<(Dimension, Vec<String>), u64>,
}

impl Tally {
    fn count(&self, dim: Dimension, path: &[&str]) -> Count {
        let key = (dim, path.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        Count {
            value: path.last().copied().unwrap_or_default().to_string(),
            count: self.facets.get(&key).copied().unwrap_or(0),
        }
    }
}
