//! The collector behind [`SearchIndex::facets`](crate::index::SearchIndex::facets): one pass over the
//! matches of a request, counting the answers per facet path and per question.

use super::{Dimension, Tally};
use crate::index::schema::{ATTR, ORDER, PRIORITY, THEME};
use std::collections::BTreeMap;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::fastfield::{Column, FacetReader};
use tantivy::schema::Facet;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// Counts matches per facet term ordinal of each segment, then names the ordinals once.
pub(super) struct TallyCollector {
    pub(super) questions: usize,
}

pub(super) struct SegmentTally {
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
