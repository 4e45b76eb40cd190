//! Facet counts for a search, and the answers of one respondent.
//!
//! A search page offers every filter with the number of matching answers it would keep: per
//! theme, priority, question and value of every attribute column. [`SearchIndex::facets`] counts
//! them all in one pass over the matches (the theme, priority and attribute facet columns and the
//! question from the `order` fast field), rather than one `FacetCollector` per column. Counts are
//! disjunctive, as faceted search usually is: the counts of a facet that has a filter ignore that
//! filter (one more pass per filtered facet), so they say what choosing another value would add,
//! while every other filter holds.

use super::schema::{ATTR, ORDER, PRIORITY, THEME};
use super::query::check_paging;
use super::search::{Count, Hit, SearchIndex, SearchRequest};
use super::{tv_err, IndexError};
use std::collections::BTreeMap;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::fastfield::Column;
use tantivy::fastfield::FacetReader;
use tantivy::query::{EmptyQuery, Query, TermQuery};
use tantivy::schema::{Facet, IndexRecordOption};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader, Term};

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
        let mut facets = Facets {
            total: all.total,
            themes: Vec::new(),
            priorities: Vec::new(),
            questions: Vec::new(),
            attributes: Vec::new(),
        };
        let frame = &self.manifest.frame;
        // A facet with a filter is counted again without it.
        let theme_tally = if req.themes.is_empty() {
            None
        } else {
            Some(self.tally(&SearchRequest {
                themes: Vec::new(),
                ..req.clone()
            })?)
        };
        let t = theme_tally.as_ref().unwrap_or(&all);
        facets.themes = frame
            .themes
            .iter()
            .map(|theme| t.count(Dimension::Theme, &[theme.id.as_str()]))
            .collect();
        let priority_tally = if req.priorities.is_empty() {
            None
        } else {
            Some(self.tally(&SearchRequest {
                priorities: Vec::new(),
                ..req.clone()
            })?)
        };
        let t = priority_tally.as_ref().unwrap_or(&all);
        facets.priorities = frame
            .priorities
            .iter()
            .map(|p| t.count(Dimension::Priority, &[p.id.as_str()]))
            .collect();
        let question_tally = if req.questions.is_empty() {
            None
        } else {
            Some(self.tally(&SearchRequest {
                questions: Vec::new(),
                ..req.clone()
            })?)
        };
        let t = question_tally.as_ref().unwrap_or(&all);
        facets.questions = self
            .manifest
            .questions
            .iter()
            .enumerate()
            .map(|(i, q)| Count {
                value: q.id.clone(),
                count: t.questions.get(i).copied().unwrap_or(0),
            })
            .collect();
        // Attribute filters are grouped by column, so each filtered column is counted without
        // the filters on that column only.
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
        for name in &self.manifest.attributes {
            let t = filtered.get(name).unwrap_or(&all);
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
            facets.attributes.push((name.clone(), values));
        }
        Ok(facets)
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

/// Counts matches per facet term ordinal of each segment, then names the ordinals once.
struct TallyCollector {
    questions: usize,
}

struct SegmentTally {
    total: u64,
    readers: [(Dimension, FacetReader, Vec<u64>); 3],
    order: Option<Column<u64>>,
    questions: Vec<u64>,
}

impl Collector for TallyCollector {
    type Fruit = Tally;
    type Child = SegmentTally;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentTally> {
        let reader = |dim, name: &str| -> tantivy::Result<(Dimension, FacetReader, Vec<u64>)> {
            let r = segment.facet_reader(name)?;
            let n = r.num_facets();
            Ok((dim, r, vec![0; n]))
        };
        Ok(SegmentTally {
            total: 0,
            readers: [
                reader(Dimension::Theme, THEME)?,
                reader(Dimension::Priority, PRIORITY)?,
                reader(Dimension::Attribute, ATTR)?,
            ],
            order: segment.fast_fields().u64(ORDER).ok(),
            questions: vec![0; self.questions],
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Tally>) -> tantivy::Result<Tally> {
        let mut out = Tally {
            total: 0,
            questions: vec![0; self.questions],
            facets: BTreeMap::new(),
        };
        for fruit in fruits {
            out.total += fruit.total;
            for (i, n) in fruit.questions.into_iter().enumerate() {
                if let Some(slot) = out.questions.get_mut(i) {
                    *slot += n;
                }
            }
            for (key, n) in fruit.facets {
                *out.facets.entry(key).or_insert(0) += n;
            }
        }
        Ok(out)
    }
}

impl SegmentCollector for SegmentTally {
    type Fruit = Tally;

    fn collect(&mut self, doc: DocId, _: Score) {
        self.total += 1;
        for (_, reader, counts) in &mut self.readers {
            for ord in reader.facet_ords(doc) {
                if let Some(slot) = counts.get_mut(ord as usize) {
                    *slot += 1;
                }
            }
        }
        if let Some(order) = &self.order {
            if let Some(v) = order.first(doc) {
                if let Some(slot) = self.questions.get_mut((v & 0xFFFF) as usize) {
                    *slot += 1;
                }
            }
        }
    }

    fn harvest(self) -> Tally {
        let mut facets = BTreeMap::new();
        for (dim, reader, counts) in &self.readers {
            let mut facet = Facet::root();
            for (ord, &n) in counts.iter().enumerate() {
                if n == 0 || reader.facet_from_ord(ord as u64, &mut facet).is_err() {
                    continue;
                }
                let path: Vec<String> = facet.to_path().into_iter().map(str::to_string).collect();
                *facets.entry((*dim, path)).or_insert(0) += n;
            }
        }
        Tally {
            total: self.total,
            questions: self.questions,
            facets,
        }
    }
}

/// Most themes or priorities a [`FacetTable`] holds (one bit each per answer).
const MAX_TABLE_CODES: usize = 64;
/// Most distinct values of one attribute column a [`FacetTable`] holds.
const MAX_TABLE_VALUES: usize = u16::MAX as usize - 1;

/// Every answer's themes, priorities, question and attribute values, held in memory (about 20
/// bytes an answer with three attribute columns), so that [`SearchIndex::search_faceted`] can
/// rank the hits and count every facet, each without its own filter, in a single pass over the
/// answers matching the query text. Built once per opened index by [`SearchIndex::facet_table`].
pub struct FacetTable {
    /// Theme ids, in frame order: bit `i` of a theme mask.
    themes: Vec<String>,
    /// Priority ids, in frame order: bit `i` of a priority mask.
    priorities: Vec<String>,
    /// Attribute column names, in column order.
    columns: Vec<String>,
    /// Per column, its values sorted; value id `v` is `values[v - 1]`, 0 is blank.
    values: Vec<Vec<String>>,
    /// Number of open questions.
    questions: usize,
    /// Per segment (by ordinal), per document.
    segments: std::sync::Arc<Vec<SegmentTable>>,
    /// The counts with no query text and no filter, for every answer and for publishable ones
    /// only: the search page's first view, counted once.
    unfiltered: [TableCounts; 2],
    /// Searches segments on several threads.
    executor: tantivy::Executor,
}

#[derive(Default)]
struct SegmentTable {
    themes: Vec<u64>,
    priorities: Vec<u64>,
    question: Vec<u16>,
    /// `doc * columns + column`: the value id.
    attrs: Vec<u16>,
}

impl SearchIndex {
    /// Reads every answer's facets into memory for [`SearchIndex::search_faceted`]. `None` when
    /// the code frame or a column is too large to hold that way (more than 64 themes or
    /// priorities, or 65,534 values in one column); [`SearchIndex::search`] and
    /// [`SearchIndex::facets`] then give the same results in several passes.
    pub fn facet_table(&self) -> Result<Option<FacetTable>, IndexError> {
        let m = &self.manifest;
        if m.frame.themes.len() > MAX_TABLE_CODES || m.frame.priorities.len() > MAX_TABLE_CODES {
            return Ok(None);
        }
        let searcher = self.reader.searcher();
        // The values of each column, over every segment's dictionary.
        let mut values: Vec<std::collections::BTreeSet<String>> =
            vec![Default::default(); m.attributes.len()];
        let mut facet = Facet::root();
        for segment in searcher.segment_readers() {
            let attr = segment
                .facet_reader(ATTR)
                .map_err(|e| tv_err(&self.dir)(e))?;
            for ord in 0..attr.num_facets() as u64 {
                attr.facet_from_ord(ord, &mut facet)
                    .map_err(|e| tv_err(&self.dir)(e))?;
                if let [column, value] = facet.to_path().as_slice() {
                    if let Some(c) = m.attributes.iter().position(|a| a == column) {
                        values[c].insert(value.to_string());
                    }
                }
            }
        }
        if values.iter().any(|v| v.len() > MAX_TABLE_VALUES) {
            return Ok(None);
        }
        let values: Vec<Vec<String>> = values
            .into_iter()
            .map(|v| v.into_iter().collect())
            .collect();
        let columns = m.attributes.len();
        let mut segments = Vec::with_capacity(searcher.segment_readers().len());
        for segment in searcher.segment_readers() {
            let max = segment.max_doc() as usize;
            let mut t = SegmentTable {
                themes: vec![0; max],
                priorities: vec![0; max],
                question: vec![0; max],
                attrs: vec![0; max * columns],
            };
            // What each facet ordinal of this segment stands for.
            let theme = segment
                .facet_reader(THEME)
                .map_err(|e| tv_err(&self.dir)(e))?;
            let bits = |reader: &FacetReader, ids: &[String]| -> Result<Vec<u64>, IndexError> {
                let mut out = Vec::with_capacity(reader.num_facets());
                let mut facet = Facet::root();
                for ord in 0..reader.num_facets() as u64 {
                    reader
                        .facet_from_ord(ord, &mut facet)
                        .map_err(|e| tv_err(&self.dir)(e))?;
                    let path = facet.to_path();
                    let bit = match path.as_slice() {
                        [id] => ids.iter().position(|x| x == id).map_or(0, |i| 1u64 << i),
                        _ => 0,
                    };
                    out.push(bit);
                }
                Ok(out)
            };
            let theme_bits = bits(&theme, &self.table_ids(true))?;
            let priority = segment
                .facet_reader(PRIORITY)
                .map_err(|e| tv_err(&self.dir)(e))?;
            let priority_bits = bits(&priority, &self.table_ids(false))?;
            let attr = segment
                .facet_reader(ATTR)
                .map_err(|e| tv_err(&self.dir)(e))?;
            let mut attr_ids: Vec<Option<(usize, u16)>> = Vec::with_capacity(attr.num_facets());
            for ord in 0..attr.num_facets() as u64 {
                attr.facet_from_ord(ord, &mut facet)
                    .map_err(|e| tv_err(&self.dir)(e))?;
                let id = match facet.to_path().as_slice() {
                    [column, value] => {
                        m.attributes.iter().position(|a| a == column).and_then(|c| {
                            values[c]
                                .binary_search_by(|v| v.as_str().cmp(value))
                                .ok()
                                .map(|i| (c, i as u16 + 1))
                        })
                    }
                    _ => None,
                };
                attr_ids.push(id);
            }
            let order = segment
                .fast_fields()
                .u64(ORDER)
                .map_err(|e| tv_err(&self.dir)(e))?;
            for doc in 0..max {
                let d = doc as DocId;
                for ord in theme.facet_ords(d) {
                    t.themes[doc] |= theme_bits.get(ord as usize).copied().unwrap_or(0);
                }
                for ord in priority.facet_ords(d) {
                    t.priorities[doc] |= priority_bits.get(ord as usize).copied().unwrap_or(0);
                }
                for ord in attr.facet_ords(d) {
                    if let Some(Some((c, v))) = attr_ids.get(ord as usize) {
                        t.attrs[doc * columns + c] = *v;
                    }
                }
                t.question[doc] = order.first(d).map_or(u16::MAX, |v| (v & 0xFFFF) as u16);
            }
            segments.push(t);
        }
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
        let executor = match threads {
            1 => tantivy::Executor::single_thread(),
            n => tantivy::Executor::multi_thread(n, "hearken-search")
                .unwrap_or_else(|_| tantivy::Executor::single_thread()),
        };
        let mut table = FacetTable {
            themes: self.table_ids(true),
            priorities: self.table_ids(false),
            columns: m.attributes.clone(),
            values,
            questions: m.questions.len(),
            segments: std::sync::Arc::new(segments),
            unfiltered: [TableCounts::default(), TableCounts::default()],
            executor,
        };
        for (slot, publishable_only) in [false, true].into_iter().enumerate() {
            let req = SearchRequest {
                publishable_only,
                ..SearchRequest::default()
            };
            let query = self.with_filters(Box::new(tantivy::query::AllQuery), &req)?;
            let filters = table.compile(self, &req)?;
            let collector = table.collector(tantivy::collector::Count, &filters, true);
            let (_, counts) = table
                .run(&searcher, &*query, &collector)
                .map_err(tv_err(&self.dir))?;
            table.unfiltered[slot] = counts;
        }
        Ok(Some(table))
    }

    fn table_ids(&self, themes: bool) -> Vec<String> {
        let frame = &self.manifest.frame;
        if themes {
            frame.themes.iter().map(|t| t.id.clone()).collect()
        } else {
            frame.priorities.iter().map(|p| p.id.clone()).collect()
        }
    }

    /// One page of hits for `req` and its [`Facets`], in one pass over the answers matching the
    /// query text (and consent): the filters are applied from `table`, and an answer that fails
    /// exactly one facet's filter still counts for that facet. Gives what [`SearchIndex::search`]
    /// and [`SearchIndex::facets`] give; `table` must come from this index.
    pub fn search_faceted(
        &self,
        table: &FacetTable,
        req: &SearchRequest,
    ) -> Result<(super::SearchResults, Facets), IndexError> {
        use tantivy::collector::sort_key::{
            SortBySimilarityScore, SortByStaticFastValue, SortByString,
        };
        use tantivy::collector::TopDocs;
        use tantivy::Order;
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
        // The same order as `search`: best first (ties in input order), or by id then score.
        // Without query text every answer scores the same, so no score is computed and the
        // order is the input order (or the id).
        let top = TopDocs::with_limit(req.limit.max(1)).and_offset(req.offset);
        let scored = !matches!(req.query.trim(), "" | "*");
        // With neither query text nor filters the counts are those counted at start.
        let count = scored || !filters.is_empty();
        let (page, counts): (Vec<(f32, tantivy::DocAddress)>, TableCounts) =
            match (req.sort, scored) {
                (super::Sort::Relevance, true) => {
                    let inner = top.order_by((
                        (SortBySimilarityScore, Order::Desc),
                        (SortByStaticFastValue::<u64>::for_field(ORDER), Order::Asc),
                    ));
                    let (docs, counts) = table
                        .run(&searcher, &*query, &table.collector(inner, &filters, count))
                        .map_err(tv_err(dir))?;
                    (docs.into_iter().map(|((s, _), d)| (s, d)).collect(), counts)
                }
                (super::Sort::Relevance, false) => {
                    let inner =
                        top.order_by((SortByStaticFastValue::<u64>::for_field(ORDER), Order::Asc));
                    let (docs, counts) = table
                        .run(&searcher, &*query, &table.collector(inner, &filters, count))
                        .map_err(tv_err(dir))?;
                    (docs.into_iter().map(|(_, d)| (1.0, d)).collect(), counts)
                }
                (super::Sort::Id, true) => {
                    let inner = top.order_by((
                        (SortByString::for_field(super::schema::SORT_KEY), Order::Asc),
                        (SortBySimilarityScore, Order::Desc),
                    ));
                    let (docs, counts) = table
                        .run(&searcher, &*query, &table.collector(inner, &filters, count))
                        .map_err(tv_err(dir))?;
                    (docs.into_iter().map(|((_, s), d)| (s, d)).collect(), counts)
                }
                (super::Sort::Id, false) => {
                    let inner = top
                        .order_by((SortByString::for_field(super::schema::SORT_KEY), Order::Asc));
                    let (docs, counts) = table
                        .run(&searcher, &*query, &table.collector(inner, &filters, count))
                        .map_err(tv_err(dir))?;
                    (docs.into_iter().map(|(_, d)| (1.0, d)).collect(), counts)
                }
            };
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
            super::SearchResults {
                total: counts.total,
                hits,
            },
            facets,
        ))
    }
}

/// The filters of one request as the table reads them.
struct Compiled {
    theme: Option<u64>,
    priority: Option<u64>,
    question: Option<Vec<bool>>,
    /// (column, allowed value ids).
    columns: Vec<(usize, Vec<bool>)>,
}

impl Compiled {
    fn is_empty(&self) -> bool {
        self.theme.is_none()
            && self.priority.is_none()
            && self.question.is_none()
            && self.columns.is_empty()
    }
}

/// Counts of one pass: matches and, per facet, answers counted for it.
#[derive(Debug, Clone, Default)]
struct TableCounts {
    total: u64,
    themes: Vec<u64>,
    priorities: Vec<u64>,
    questions: Vec<u64>,
    values: Vec<Vec<u64>>,
}

impl TableCounts {
    fn new(t: &FacetTable) -> TableCounts {
        TableCounts {
            total: 0,
            themes: vec![0; t.themes.len()],
            priorities: vec![0; t.priorities.len()],
            questions: vec![0; t.questions],
            values: t.values.iter().map(|v| vec![0; v.len() + 1]).collect(),
        }
    }

    fn add(&mut self, other: TableCounts) {
        self.total += other.total;
        let sum = |a: &mut Vec<u64>, b: Vec<u64>| {
            for (x, y) in a.iter_mut().zip(b) {
                *x += y;
            }
        };
        sum(&mut self.themes, other.themes);
        sum(&mut self.priorities, other.priorities);
        sum(&mut self.questions, other.questions);
        for (a, b) in self.values.iter_mut().zip(other.values) {
            sum(a, b);
        }
    }
}

/// The facet a document is counted for: all of them, or only the one whose filter it fails.
const THEME_DIM: usize = 0;
const PRIORITY_DIM: usize = 1;
const QUESTION_DIM: usize = 2;
const COLUMN_DIM: usize = 3;

impl FacetTable {
    /// Runs one pass over the segments on the table's threads.
    fn run<C: Collector>(
        &self,
        searcher: &tantivy::Searcher,
        query: &dyn tantivy::query::Query,
        collector: &C,
    ) -> tantivy::Result<C::Fruit> {
        let scoring = if collector.requires_scoring() {
            tantivy::query::EnableScoring::enabled_from_searcher(searcher)
        } else {
            tantivy::query::EnableScoring::disabled_from_searcher(searcher)
        };
        searcher.search_with_executor(query, collector, &self.executor, scoring)
    }

    fn compile(&self, index: &SearchIndex, req: &SearchRequest) -> Result<Compiled, IndexError> {
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
    fn collector<C: Collector>(
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

    fn facets(&self, counts: &TableCounts, questions: &[crate::model::Question]) -> Facets {
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

/// Wraps the collector of the hits: a document passing every filter goes to it and counts for
/// every facet; one failing a single facet's filter counts for that facet only.
struct TableCollector<C> {
    count: bool,
    inner: C,
    segments: std::sync::Arc<Vec<SegmentTable>>,
    filters: std::sync::Arc<Compiled>,
    width: usize,
    empty: std::sync::Arc<TableCounts>,
}

struct TableSegmentCollector<S> {
    count: bool,
    inner: S,
    segments: std::sync::Arc<Vec<SegmentTable>>,
    segment: usize,
    filters: std::sync::Arc<Compiled>,
    width: usize,
    counts: TableCounts,
    /// Reused buffer of the documents of a block that pass every filter.
    passing: Vec<DocId>,
}

impl<C: Collector> Collector for TableCollector<C> {
    type Fruit = (C::Fruit, TableCounts);
    type Child = TableSegmentCollector<C::Child>;

    fn for_segment(
        &self,
        ord: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        let held = self
            .segments
            .get(ord as usize)
            .map_or(0, |s| s.question.len());
        if held != segment.max_doc() as usize {
            return Err(tantivy::TantivyError::InternalError(
                "the facet table does not match the index it searches".to_string(),
            ));
        }
        let empty = &*self.empty;
        Ok(TableSegmentCollector {
            count: self.count,
            inner: self.inner.for_segment(ord, segment)?,
            segments: self.segments.clone(),
            segment: ord as usize,
            filters: self.filters.clone(),
            width: self.width,
            counts: TableCounts {
                total: 0,
                themes: empty.themes.clone(),
                priorities: empty.priorities.clone(),
                questions: empty.questions.clone(),
                values: empty.values.clone(),
            },
            passing: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        self.inner.requires_scoring()
    }

    fn merge_fruits(
        &self,
        fruits: Vec<(<C::Child as SegmentCollector>::Fruit, TableCounts)>,
    ) -> tantivy::Result<Self::Fruit> {
        let mut counts = TableCounts {
            total: 0,
            themes: self.empty.themes.clone(),
            priorities: self.empty.priorities.clone(),
            questions: self.empty.questions.clone(),
            values: self.empty.values.clone(),
        };
        let mut inner = Vec::with_capacity(fruits.len());
        for (fruit, c) in fruits {
            inner.push(fruit);
            counts.add(c);
        }
        Ok((self.inner.merge_fruits(inner)?, counts))
    }
}

impl<S: SegmentCollector> SegmentCollector for TableSegmentCollector<S> {
    type Fruit = (S::Fruit, TableCounts);

    fn collect(&mut self, doc: DocId, score: Score) {
        if self.tally(doc) {
            self.inner.collect(doc, score);
        }
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        let mut passing = std::mem::take(&mut self.passing);
        passing.clear();
        for &doc in docs {
            if self.tally(doc) {
                passing.push(doc);
            }
        }
        self.inner.collect_block(&passing);
        self.passing = passing;
    }

    fn harvest(self) -> Self::Fruit {
        (self.inner.harvest(), self.counts)
    }
}

impl<S: SegmentCollector> TableSegmentCollector<S> {
    /// Counts `doc` for the facets it belongs to; true when it passes every filter.
    #[inline]
    fn tally(&mut self, doc: DocId) -> bool {
        if !self.count {
            return true;
        }
        let i = doc as usize;
        let Some(t) = self.segments.get(self.segment) else {
            return false;
        };
        let f = &*self.filters;
        let (mut fails, mut which) = (0u32, 0usize);
        if let Some(m) = f.theme {
            if t.themes[i] & m == 0 {
                fails += 1;
                which = THEME_DIM;
            }
        }
        if let Some(m) = f.priority {
            if t.priorities[i] & m == 0 {
                fails += 1;
                which = PRIORITY_DIM;
            }
        }
        if let Some(allowed) = &f.question {
            if !allowed
                .get(usize::from(t.question[i]))
                .copied()
                .unwrap_or(false)
            {
                fails += 1;
                which = QUESTION_DIM;
            }
        }
        for (c, allowed) in &f.columns {
            if fails > 1 {
                break;
            }
            let v = usize::from(t.attrs[i * self.width + c]);
            if !allowed[v] {
                fails += 1;
                which = COLUMN_DIM + c;
            }
        }
        let c = &mut self.counts;
        let mut count = |dim: usize| match dim {
            THEME_DIM => add_bits(&mut c.themes, t.themes[i]),
            PRIORITY_DIM => add_bits(&mut c.priorities, t.priorities[i]),
            QUESTION_DIM => {
                if let Some(n) = c.questions.get_mut(usize::from(t.question[i])) {
                    *n += 1;
                }
            }
            column => {
                let col = column - COLUMN_DIM;
                let v = usize::from(t.attrs[i * self.width + col]);
                if v > 0 {
                    c.values[col][v] += 1;
                }
            }
        };
        match fails {
            0 => {
                count(THEME_DIM);
                count(PRIORITY_DIM);
                count(QUESTION_DIM);
                for col in 0..self.width {
                    count(COLUMN_DIM + col);
                }
                self.counts.total += 1;
                true
            }
            1 => {
                count(which);
                false
            }
            _ => false,
        }
    }
}

fn add_bits(counts: &mut [u64], mut mask: u64) {
    while mask != 0 {
        let bit = mask.trailing_zeros() as usize;
        if let Some(n) = counts.get_mut(bit) {
            *n += 1;
        }
        mask &= mask - 1;
    }
}
