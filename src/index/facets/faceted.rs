//! [`SearchIndex::search_faceted`]: one page of hits and every facet's counts in a single pass,
//! with the filters of the request read from a [`FacetTable`].

use super::collector::{TableCollector, TableCounts};
use super::table::FacetTable;
use super::{resolve_column, Facets};
use crate::index::query::check_paging;
use crate::index::schema::{ORDER, SORT_KEY};
use crate::index::search::{Count, SearchIndex, SearchRequest};
use crate::index::{tv_err, IndexError, SearchResults, Sort};
use tantivy::collector::sort_key::{SortBySimilarityScore, SortByStaticFastValue, SortByString};
use tantivy::collector::{Collector, TopDocs};
use tantivy::query::Query;
use tantivy::{DocAddress, Order};

impl SearchIndex {
    /// One page of hits for `req` and its [`Facets`], in one pass over the answers matching the
    /// query text (and consent): the filters are applied from `table`, and an answer that fails
    /// exactly one facet's filter still counts for that facet. Gives what [`SearchIndex::search`]
    /// and [`SearchIndex::facets`] give; `table` must come from this index.
    pub fn search_faceted(
        &self,
        table: &FacetTable,
        req: &SearchRequest,
    ) -> Result<(SearchResults, Facets), IndexError> {
        check_paging(req)?;
        // Names are checked as the filters of a search check them (same errors).
        let _ = self.with_filters(Box::new(tantivy::query::AllQuery), req)?;
        let filters = table.compile(self, req)?;
        let text_query = self.text_query(&req.query)?;
        let pass = SearchRequest {
            themes: Vec::new(),
            priorities: Vec::new(),
            questions: Vec::new(),
            filters: Vec::new(),
            ..req.clone()
        };
        let query = self.with_filters(text_query.box_clone(), &pass)?;
        let searcher = self.reader.searcher();
        let dir = &self.dir;
        // With neither query text nor filters the counts are those counted at start.
        let count = has_query_text(req) || !filters.is_empty();
        let (page, counts) = self.faceted_page(table, &searcher, &*query, &filters, req, count)?;
        let page = if req.limit == 0 { Vec::new() } else { page };
        let mut snippets =
            tantivy::snippet::SnippetGenerator::create(&searcher, &*text_query, self.fields.text)
                .map_err(tv_err(dir))?;
        snippets.set_max_num_chars(req.snippet_chars.max(1));
        let mut hits = Vec::with_capacity(page.len());
        for scored in page {
            hits.push(self.hit(&searcher, &snippets, scored, req)?);
        }
        let counts = if count {
            counts
        } else {
            table.unfiltered[usize::from(req.publishable_only)].clone()
        };
        let facets = table.facets(&counts, &self.manifest.questions);
        Ok((
            SearchResults {
                total: counts.total,
                hits,
            },
            facets,
        ))
    }

    /// The page of hits `req` asks for, with their scores, and the counts of the same pass.
    /// The order is that of `search`: best first (ties in input order), or by id then score.
    /// Without query text every answer scores the same, so no score is computed and the order
    /// is the input order (or the id).
    fn faceted_page(
        &self,
        table: &FacetTable,
        searcher: &tantivy::Searcher,
        query: &dyn Query,
        filters: &Compiled,
        req: &SearchRequest,
        count: bool,
    ) -> Result<(Vec<(f32, DocAddress)>, TableCounts), IndexError> {
        let dir = &self.dir;
        let top = TopDocs::with_limit(req.limit.max(1)).and_offset(req.offset);
        Ok(match (req.sort, has_query_text(req)) {
            (Sort::Relevance, true) => {
                let inner = top.order_by((
                    (SortBySimilarityScore, Order::Desc),
                    (SortByStaticFastValue::<u64>::for_field(ORDER), Order::Asc),
                ));
                let (docs, counts) = table
                    .run(searcher, query, &table.collector(inner, filters, count))
                    .map_err(tv_err(dir))?;
                (docs.into_iter().map(|((s, _), d)| (s, d)).collect(), counts)
            }
            (Sort::Relevance, false) => {
                let inner =
                    top.order_by((SortByStaticFastValue::<u64>::for_field(ORDER), Order::Asc));
                let (docs, counts) = table
                    .run(searcher, query, &table.collector(inner, filters, count))
                    .map_err(tv_err(dir))?;
                (docs.into_iter().map(|(_, d)| (1.0, d)).collect(), counts)
            }
            (Sort::Id, true) => {
                let inner = top.order_by((
                    (SortByString::for_field(SORT_KEY), Order::Asc),
                    (SortBySimilarityScore, Order::Desc),
                ));
                let (docs, counts) = table
                    .run(searcher, query, &table.collector(inner, filters, count))
                    .map_err(tv_err(dir))?;
                (docs.into_iter().map(|((_, s), d)| (s, d)).collect(), counts)
            }
            (Sort::Id, false) => {
                let inner = top.order_by((SortByString::for_field(SORT_KEY), Order::Asc));
                let (docs, counts) = table
                    .run(searcher, query, &table.collector(inner, filters, count))
                    .map_err(tv_err(dir))?;
                (docs.into_iter().map(|(_, d)| (1.0, d)).collect(), counts)
            }
        })
    }
}

/// Whether the request has query text to score by (empty and `*` match every answer alike).
fn has_query_text(req: &SearchRequest) -> bool {
    !matches!(req.query.trim(), "" | "*")
}

/// The filters of one request as the table reads them.
pub(super) struct Compiled {
    pub(super) theme: Option<u64>,
    pub(super) priority: Option<u64>,
    pub(super) question: Option<Vec<bool>>,
    /// (column, allowed value ids).
    pub(super) columns: Vec<(usize, Vec<bool>)>,
}

impl Compiled {
    fn is_empty(&self) -> bool {
        self.theme.is_none()
            && self.priority.is_none()
            && self.question.is_none()
            && self.columns.is_empty()
    }
}

impl FacetTable {
    /// The filters of `req` as masks and allowed value ids of the table; unknown column names
    /// are errors, unknown values match nothing.
    pub(super) fn compile(
        &self,
        index: &SearchIndex,
        req: &SearchRequest,
    ) -> Result<Compiled, IndexError> {
        let mask = |ids: &[String], wanted: &[String]| -> u64 {
            wanted
                .iter()
                .filter_map(|w| {
                    ids.iter()
                        .position(|i| i == w)
                        .or_else(|| ids.iter().position(|i| i.eq_ignore_ascii_case(w)))
                })
                .fold(0u64, |m, i| m | 1 << i)
        };
        let questions = &index.manifest.questions;
        let question = (!req.questions.is_empty()).then(|| {
            let mut allowed = vec![false; self.questions];
            for q in &req.questions {
                let at = questions
                    .iter()
                    .position(|x| &x.id == q)
                    .or_else(|| questions.iter().position(|x| x.id.eq_ignore_ascii_case(q)));
                if let Some(slot) = at.and_then(|i| allowed.get_mut(i)) {
                    *slot = true;
                }
            }
            allowed
        });
        let mut columns: Vec<(usize, Vec<bool>)> = Vec::new();
        for (column, value) in &req.filters {
            let name = resolve_column(index, column)?;
            let Some(c) = self.columns.iter().position(|x| *x == name) else {
                continue;
            };
            let at = match columns.iter().position(|(x, _)| *x == c) {
                Some(at) => at,
                None => {
                    columns.push((c, vec![false; self.values[c].len() + 1]));
                    columns.len() - 1
                }
            };
            // As the index stores a value: trimmed, NUL as a space.
            let stored = value.trim().replace('\u{0}', " ");
            if let Ok(i) = self.values[c].binary_search(&stored) {
                columns[at].1[i + 1] = true;
            }
        }
        Ok(Compiled {
            theme: (!req.themes.is_empty()).then(|| mask(&self.themes, &req.themes)),
            priority: (!req.priorities.is_empty()).then(|| mask(&self.priorities, &req.priorities)),
            question,
            columns,
        })
    }

    /// The collector of one pass; without `count` it only passes every document on (there are
    /// no filters) and the counts are taken from [`FacetTable::unfiltered`].
    pub(super) fn collector<C: Collector>(
        &self,
        inner: C,
        filters: &Compiled,
        count: bool,
    ) -> TableCollector<C> {
        TableCollector {
            count,
            inner,
            segments: self.segments.clone(),
            filters: std::sync::Arc::new(Compiled {
                theme: filters.theme,
                priority: filters.priority,
                question: filters.question.clone(),
                columns: filters.columns.clone(),
            }),
            width: self.columns.len(),
            empty: std::sync::Arc::new(TableCounts::new(self)),
        }
    }

    /// The counts of one pass as [`Facets`], in the order [`SearchIndex::facets`] gives them.
    pub(super) fn facets(
        &self,
        counts: &TableCounts,
        questions: &[crate::model::Question],
    ) -> Facets {
        let list = |ids: &[String], n: &[u64]| -> Vec<Count> {
            ids.iter()
                .zip(n)
                .map(|(id, &count)| Count {
                    value: id.clone(),
                    count,
                })
                .collect()
        };
        let attributes = self
            .columns
            .iter()
            .enumerate()
            .map(|(c, name)| {
                let mut values: Vec<Count> = self.values[c]
                    .iter()
                    .zip(counts.values[c].iter().skip(1))
                    .filter(|(_, &n)| n > 0)
                    .map(|(v, &count)| Count {
                        value: v.clone(),
                        count,
                    })
                    .collect();
                values.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
                (name.clone(), values)
            })
            .collect();
        Facets {
            total: counts.total,
            themes: list(&self.themes, &counts.themes),
            priorities: list(&self.priorities, &counts.priorities),
            questions: questions
                .iter()
                .zip(&counts.questions)
                .map(|(q, &count)| Count {
                    value: q.id.clone(),
                    count,
                })
                .collect(),
            attributes,
        }
    }
}
