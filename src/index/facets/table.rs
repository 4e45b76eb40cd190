//! [`FacetTable`]: every answer's facets held in memory, read once from an opened index, so
//! that a search can count every facet in the same pass that ranks its hits.

use super::collector::TableCounts;
use crate::index::schema::{ATTR, ORDER, PRIORITY, THEME};
use crate::index::search::{SearchIndex, SearchRequest};
use crate::index::{tv_err, IndexError};
use std::collections::BTreeSet;
use tantivy::collector::Collector;
use tantivy::fastfield::FacetReader;
use tantivy::schema::Facet;
use tantivy::{DocId, SegmentReader};

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
    pub(super) themes: Vec<String>,
    /// Priority ids, in frame order: bit `i` of a priority mask.
    pub(super) priorities: Vec<String>,
    /// Attribute column names, in column order.
    pub(super) columns: Vec<String>,
    /// Per column, its values sorted; value id `v` is `values[v - 1]`, 0 is blank.
    pub(super) values: Vec<Vec<String>>,
    /// Number of open questions.
    pub(super) questions: usize,
    /// Per segment (by ordinal), per document.
    pub(super) segments: std::sync::Arc<Vec<SegmentTable>>,
    /// The counts with no query text and no filter, for every answer and for publishable ones
    /// only: the search page's first view, counted once.
    pub(super) unfiltered: [TableCounts; 2],
    /// Searches segments on several threads.
    executor: tantivy::Executor,
}

#[derive(Default)]
pub(super) struct SegmentTable {
    pub(super) themes: Vec<u64>,
    pub(super) priorities: Vec<u64>,
    pub(super) question: Vec<u16>,
    /// `doc * columns + column`: the value id.
    pub(super) attrs: Vec<u16>,
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
        let values = self.column_values(&searcher)?;
        if values.iter().any(|v| v.len() > MAX_TABLE_VALUES) {
            return Ok(None);
        }
        let values: Vec<Vec<String>> = values
            .into_iter()
            .map(|v| v.into_iter().collect())
            .collect();
        let mut segments = Vec::with_capacity(searcher.segment_readers().len());
        for segment in searcher.segment_readers() {
            segments.push(self.segment_table(segment, &values)?);
        }
        let mut table = FacetTable {
            themes: self.table_ids(true),
            priorities: self.table_ids(false),
            columns: m.attributes.clone(),
            values,
            questions: m.questions.len(),
            segments: std::sync::Arc::new(segments),
            unfiltered: [TableCounts::default(), TableCounts::default()],
            executor: search_executor(),
        };
        self.count_unfiltered(&mut table, &searcher)?;
        Ok(Some(table))
    }

    /// The values of each column, over every segment's dictionary.
    fn column_values(
        &self,
        searcher: &tantivy::Searcher,
    ) -> Result<Vec<BTreeSet<String>>, IndexError> {
        let m = &self.manifest;
        let mut values: Vec<BTreeSet<String>> = vec![Default::default(); m.attributes.len()];
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
        Ok(values)
    }

    /// One segment's answers as the table holds them, given the sorted values of each column.
    fn segment_table(
        &self,
        segment: &SegmentReader,
        values: &[Vec<String>],
    ) -> Result<SegmentTable, IndexError> {
        let columns = self.manifest.attributes.len();
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
        let theme_bits = self.ord_bits(&theme, &self.table_ids(true))?;
        let priority = segment
            .facet_reader(PRIORITY)
            .map_err(|e| tv_err(&self.dir)(e))?;
        let priority_bits = self.ord_bits(&priority, &self.table_ids(false))?;
        let attr = segment
            .facet_reader(ATTR)
            .map_err(|e| tv_err(&self.dir)(e))?;
        let attr_ids = self.attr_value_ids(&attr, values)?;
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
        Ok(t)
    }

    /// Per facet ordinal of a theme or priority reader, the bit of its id in `ids` (0 for
    /// none).
    fn ord_bits(&self, reader: &FacetReader, ids: &[String]) -> Result<Vec<u64>, IndexError> {
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
    }

    /// Per facet ordinal of a segment's attribute reader, its column and value id.
    fn attr_value_ids(
        &self,
        attr: &FacetReader,
        values: &[Vec<String>],
    ) -> Result<Vec<Option<(usize, u16)>>, IndexError> {
        let m = &self.manifest;
        let mut facet = Facet::root();
        let mut attr_ids: Vec<Option<(usize, u16)>> = Vec::with_capacity(attr.num_facets());
        for ord in 0..attr.num_facets() as u64 {
            attr.facet_from_ord(ord, &mut facet)
                .map_err(|e| tv_err(&self.dir)(e))?;
            let id = match facet.to_path().as_slice() {
                [column, value] => m.attributes.iter().position(|a| a == column).and_then(|c| {
                    values[c]
                        .binary_search_by(|v| v.as_str().cmp(value))
                        .ok()
                        .map(|i| (c, i as u16 + 1))
                }),
                _ => None,
            };
            attr_ids.push(id);
        }
        Ok(attr_ids)
    }

    /// Counts the search page's first view (no query text, no filter) for every answer and for
    /// publishable ones, once, into the table.
    fn count_unfiltered(
        &self,
        table: &mut FacetTable,
        searcher: &tantivy::Searcher,
    ) -> Result<(), IndexError> {
        for (slot, publishable_only) in [false, true].into_iter().enumerate() {
            let req = SearchRequest {
                publishable_only,
                ..SearchRequest::default()
            };
            let query = self.with_filters(Box::new(tantivy::query::AllQuery), &req)?;
            let filters = table.compile(self, &req)?;
            let collector = table.collector(tantivy::collector::Count, &filters, true);
            let (_, counts) = table
                .run(searcher, &*query, &collector)
                .map_err(tv_err(&self.dir))?;
            table.unfiltered[slot] = counts;
        }
        Ok(())
    }

    fn table_ids(&self, themes: bool) -> Vec<String> {
        let frame = &self.manifest.frame;
        if themes {
            frame.themes.iter().map(|t| t.id.clone()).collect()
        } else {
            frame.priorities.iter().map(|p| p.id.clone()).collect()
        }
    }
}

/// Searches the segments on up to four threads, or on this one when there is one core.
fn search_executor() -> tantivy::Executor {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    match threads {
        1 => tantivy::Executor::single_thread(),
        n => tantivy::Executor::multi_thread(n, "hearken-search")
            .unwrap_or_else(|_| tantivy::Executor::single_thread()),
    }
}

impl FacetTable {
    /// Runs one pass over the segments on the table's threads.
    pub(super) fn run<C: Collector>(
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
}
