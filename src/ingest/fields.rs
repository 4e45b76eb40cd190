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
    /// 1-based line where it ends (a quoted field may hold line breaks).
    pub end_line: u64,
    /// Number of fields in the row, including any past [`super::limits::MAX_COLUMNS`] that were
    /// not kept.
    pub fields: usize,
    /// Set when a field's bytes are not valid in the file's encoding: (0-based field, byte offset).
    /// The field then holds a lossy decoding so that headers and samples stay usable.
    pub undecodable: Option<(usize, usize)>,
    /// Set when the row cannot be taken as it stands.
    pub problem: Option<RowProblem>,
}

/// Why the source could not read a row as it stands; the row is rejected with this reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowProblem {
    /// A field is over [`super::limits::MAX_FIELD_BYTES`] (0-based field, bytes).
    FieldTooLarge {
        /// 0-based field.
        field: usize,
        /// Its length in bytes.
        bytes: u64,
    },
    /// The row is over [`super::limits::MAX_ROW_BYTES`].
    RowTooLarge {
        /// Its length in bytes.
        bytes: u64,
    },
    /// A quote opened by mistake ran over later lines (see `records`).
    UnbalancedQuote {
        /// 0-based field where it opened.
        field: usize,
        /// Line where it opened.
        open_line: u64,
        /// Line where it closed.
        close_line: u64,
        /// Line where reading resumed.
        resume_line: u64,
    },
}

/// The first character of `s` that is a control character a survey answer never holds (C0
/// controls other than tab, line feed, form feed and carriage return, such as NUL and ESC):
/// (byte offset, character).
pub fn control_char(s: &str) -> Option<(usize, char)> {
    // A branch-free pass first (it vectorises): most fields have no byte below 0x20 at all.
    if !s.bytes().fold(false, |any, b| any | (b < 0x20)) {
        return None;
    }
    let at = s
        .bytes()
        .position(|b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C))?;
    Some((at, char::from(s.as_bytes()[at])))
}
