//! One row's fields as text, with buffers reused from row to row.

/// The decoded fields of the current row. Buffers are kept between rows so that reading a file
/// allocates only when a field grows beyond anything seen before.
#[derive(Debug, Default)]
pub(crate) struct Fields {
    bufs: Vec<String>,
    len: usize,
}

impl Fields {
    /// Empties the row, keeping the buffers.
    pub fn clear(&mut self) {
        self.len = 0;
    }

    /// A cleared buffer for the next field.
    pub fn push_slot(&mut self) -> &mut String {
        if self.len == self.bufs.len() {
            self.bufs.push(String::new());
        }
        let slot = &mut self.bufs[self.len];
        slot.clear();
        self.len += 1;
        slot
    }

    /// Number of fields in the row.
    pub fn len(&self) -> usize {
        self.len
    }

    /// The field at `i`, or "" past the end of the row.
    pub fn get(&self, i: usize) -> &str {
        if i < self.len {
            &self.bufs[i]
        } else {
            ""
        }
    }

    /// The fields as owned strings (for header rows).
    pub fn to_vec(&self) -> Vec<String> {
        self.bufs[..self.len].to_vec()
    }
}

/// What the source says about a row besides its fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawRow {
    /// 1-based line (CSV) or sheet row (xlsx) where the row starts.
    pub line: u64,
    /// Set when a field's bytes are not valid in the file's encoding: (0-based field, byte offset).
    /// The field then holds a lossy decoding so that headers and samples stay usable.
    pub undecodable: Option<(usize, usize)>,
}
