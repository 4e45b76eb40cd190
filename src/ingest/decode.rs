//! Text encodings: detection by one streaming pass of UTF-8 validation, and per-field decoding.
//!
//! Windows-1252 (what Excel writes when a file is re-saved as plain "CSV") is ASCII-compatible,
//! so delimiters, quotes and line ends are the same bytes in every supported encoding: the CSV
//! parser works on raw bytes and each field is decoded as its record is read. Memory never grows
//! with the file.

use std::io::Read;

/// The UTF-8 byte order mark.
pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// A text encoding hearken reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    /// UTF-8 without a byte order mark.
    Utf8,
    /// UTF-8 starting with a byte order mark (Excel's "CSV UTF-8").
    Utf8Bom,
    /// Windows-1252 (Excel's plain "CSV" on Windows in western locales).
    Windows1252,
}

impl TextEncoding {
    /// The name shown to users (`SurveySchema::encoding`).
    pub fn name(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf8Bom => "UTF-8 (BOM)",
            TextEncoding::Windows1252 => "windows-1252",
        }
    }

    /// Bytes to skip at the start of the file.
    pub fn bom_len(self) -> u64 {
        match self {
            TextEncoding::Utf8Bom => UTF8_BOM.len() as u64,
            TextEncoding::Utf8 | TextEncoding::Windows1252 => 0,
        }
    }
}

/// Counts well-formed multi-byte UTF-8 sequences and malformed ones over a stream of chunks.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Utf8Census {
    /// Well-formed sequences of two to four bytes.
    pub valid_multibyte: u64,
    /// Bytes or truncated sequences that are not UTF-8.
    pub invalid: u64,
    pending: u8,
}

impl Utf8Census {
    /// Feeds the next chunk; sequences may straddle chunks.
    pub fn feed(&mut self, chunk: &[u8]) {
        for &b in chunk {
            if self.pending > 0 {
                if b & 0xC0 == 0x80 {
                    self.pending -= 1;
                    if self.pending == 0 {
                        self.valid_multibyte += 1;
                    }
                    continue;
                }
                self.invalid += 1;
                self.pending = 0;
            }
            match b {
                0x00..=0x7F => {}
                0xC2..=0xDF => self.pending = 1,
                0xE0..=0xEF => self.pending = 2,
                0xF0..=0xF4 => self.pending = 3,
                _ => self.invalid += 1,
            }
        }
    }

    /// Ends the stream: a sequence cut off by the end of the file is malformed.
    pub fn finish(&mut self) {
        if self.pending > 0 {
            self.invalid += 1;
            self.pending = 0;
        }
    }

    /// The verdict: UTF-8 when nothing is malformed, or when well-formed multi-byte sequences
    /// outnumber malformed ones (a UTF-8 file with a few damaged rows, which are then rejected
    /// one by one); otherwise windows-1252, in which every byte is a character.
    pub fn is_utf8(&self) -> bool {
        self.invalid == 0 || self.valid_multibyte > self.invalid
    }
}

/// Reads a whole stream once to decide its encoding. `bom` says whether it started with a UTF-8
/// byte order mark (the caller has already skipped it).
pub fn detect<R: Read>(mut input: R, bom: bool) -> std::io::Result<TextEncoding> {
    let mut census = Utf8Census::default();
    let mut buf = vec![0u8; 256 * 1024];
    loop {
        let n = input.read(&mut buf)?;
        if n == 0 {
            break;
        }
        census.feed(&buf[..n]);
    }
    census.finish();
    Ok(if bom {
        // A byte order mark is a statement of intent: bad bytes are damaged rows, not 1252.
        TextEncoding::Utf8Bom
    } else if census.is_utf8() {
        TextEncoding::Utf8
    } else {
        TextEncoding::Windows1252
    })
}

/// Decodes one field into `out` (cleared first). For UTF-8, `Err(offset)` gives the 0-based
/// offset within the field of the first byte that is not valid UTF-8. Windows-1252 never fails.
pub fn decode_field(enc: TextEncoding, bytes: &[u8], out: &mut String) -> Result<(), usize> {
    out.clear();
    match enc {
        TextEncoding::Utf8 | TextEncoding::Utf8Bom => match std::str::from_utf8(bytes) {
            Ok(s) => {
                out.push_str(s);
                Ok(())
            }
            Err(e) => Err(e.valid_up_to()),
        },
        TextEncoding::Windows1252 => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            out.push_str(&text);
            Ok(())
        }
    }
}

/// Decodes one field with replacement characters for bad bytes; for header rows and sampling,
/// where a row cannot be rejected.
pub fn decode_lossy(enc: TextEncoding, bytes: &[u8]) -> String {
    match enc {
        TextEncoding::Utf8 | TextEncoding::Utf8Bom => String::from_utf8_lossy(bytes).into_owned(),
        TextEncoding::Windows1252 => encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn census_across_chunks() {
        let text = "Caf\u{e9} \u{2019}quoted\u{201d} \u{a3}5".as_bytes();
        for split in 0..text.len() {
            let mut c = Utf8Census::default();
            c.feed(&text[..split]);
            c.feed(&text[split..]);
            c.finish();
            assert_eq!((c.valid_multibyte, c.invalid), (4, 0), "split at {split}");
        }
    }

    #[test]
    fn windows_1252_is_detected_and_decoded() {
        let bytes = b"id,answer\n1,It\x92s \xA35 a \x93trip\x94\n";
        assert_eq!(
            detect(&bytes[..], false).unwrap(),
            TextEncoding::Windows1252
        );
        let mut out = String::new();
        decode_field(TextEncoding::Windows1252, b"It\x92s \xA35", &mut out).unwrap();
        assert_eq!(out, "It\u{2019}s \u{a3}5");
    }

    #[test]
    fn mostly_utf8_file_stays_utf8() {
        let bytes = "id,answer\n1,caf\u{e9}\n2,na\u{ef}ve\n3,bad \u{0}"
            .as_bytes()
            .to_vec();
        let mut bytes = bytes;
        let last = bytes.len() - 1;
        bytes[last] = 0xA3;
        assert_eq!(detect(&bytes[..], false).unwrap(), TextEncoding::Utf8);
        let mut out = String::new();
        assert_eq!(
            decode_field(TextEncoding::Utf8, b"bad \xA3", &mut out),
            Err(4)
        );
    }
}
