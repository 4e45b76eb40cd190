//! The collector of [`SearchIndex::search_faceted`](crate::index::SearchIndex::search_faceted):
//! it wraps the collector of the hits, reads each matching answer's facets from the
//! [`FacetTable`] and counts it for every facet it passes the other filters of.

use super::faceted::Compiled;
use super::table::{FacetTable, SegmentTable};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// Counts of one pass: matches and, per facet, answers counted for it.
#[derive(Debug, Clone, Default)]
pub(super) struct TableCounts {
    pub(super) total: u64,
    pub(super) themes: Vec<u64>,
    pub(super) priorities: Vec<u64>,
    pub(super) questions: Vec<u64>,
    pub(super) values: Vec<Vec<u64>>,
}

impl TableCounts {
    pub(super) fn new(t: &FacetTable) -> TableCounts {
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

/// Wraps the collector of the hits: a document passing every filter goes to it and counts for
/// every facet; one failing a single facet's filter counts for that facet only.
pub(super) struct TableCollector<C> {
    pub(super) count: bool,
    pub(super) inner: C,
    pub(super) segments: std::sync::Arc<Vec<SegmentTable>>,
    pub(super) filters: std::sync::Arc<Compiled>,
    pub(super) width: usize,
    pub(super) empty: std::sync::Arc<TableCounts>,
}

pub(super) struct TableSegmentCollector<S> {
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
