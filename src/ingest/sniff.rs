//! Sniffing: is this text at all, and which delimiter. (Which survey tool, and so how many
//! header rows, is `vendor`'s business.)
//! Everything here looks at a sample of raw bytes or at the first records; nothing reads the
//! whole file.

/// How many bytes from the start of a file are sniffed.
pub const SAMPLE_BYTES: usize = 64 * 1024;

/// The delimiters tried, in order of preference when two fit equally well.
pub const DELIMITERS: [u8; 4] = [b',', b'\t', b';', b'|'];

/// What a file is, from its first bytes, when it is a well-known non-text format.
pub fn magic_kind(head: &[u8]) -> Option<&'static str> {
    const SIGNATURES: &[(&[u8], &str)] = &[
        (b"\x89PNG", "a PNG image"),
        (b"%PDF-", "a PDF document"),
        (
            b"PK\x03\x04",
            "a zip archive (a Word or Excel file? name a workbook .xlsx)",
        ),
        (b"\xD0\xCF\x11\xE0", "an old Office document (.xls or .doc)"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"\x1F\x8B", "a gzip archive"),
    ];
    SIGNATURES
        .iter()
        .find(|(sig, _)| head.starts_with(sig))
        .map(|(_, kind)| *kind)
}

/// Offset of the first byte that cannot appear in a text export (NUL and the C0 controls other
/// than tab, line feed, form feed and carriage return).
pub fn first_binary_byte(sample: &[u8]) -> Option<usize> {
    sample
        .iter()
        .position(|&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C))
}

/// Decides whether a sample is binary: `Some((offset, kind))` if so. A known signature counts as
/// binary even when its first bytes are printable (a PDF header), at the first control byte or 0;
/// otherwise a NUL byte, which no text export holds, makes a file binary. Other stray control
/// characters (ESC...) only reject the rows that hold them, wherever they are in the file.
pub fn binary(sample: &[u8]) -> Option<(u64, Option<&'static str>)> {
    match magic_kind(sample) {
        Some(kind) => Some((first_binary_byte(sample).unwrap_or(0) as u64, Some(kind))),
        None => memchr::memchr(0, sample).map(|at| (at as u64, None)),
    }
}

/// Picks the delimiter under which the sampled records have the most consistent field count
/// (more than one field); comma when nothing fits (a one-column file). When `truncated`, the
/// sample ends mid-file and its last record is ignored.
pub fn delimiter(sample: &[u8], truncated: bool) -> u8 {
    let mut best = (b',', 0usize, 0usize);
    for d in DELIMITERS {
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(d)
            .from_reader(sample);
        let mut counts: Vec<usize> = Vec::new();
        let mut rec = csv::ByteRecord::new();
        while counts.len() < 50 {
            match rdr.read_byte_record(&mut rec) {
                Ok(true) => counts.push(rec.len()),
                Ok(false) | Err(_) => break,
            }
        }
        if truncated && counts.len() > 1 {
            counts.pop();
        }
        let Some(mode) = mode(&counts) else { continue };
        if mode <= 1 {
            continue;
        }
        let consistent = counts.iter().filter(|&&c| c == mode).count();
        if (consistent, mode) > (best.1, best.2) {
            best = (d, consistent, mode);
        }
    }
    best.0
}

/// The most common value, the larger one on a tie.
fn mode(counts: &[usize]) -> Option<usize> {
    let mut sorted = counts.to_vec();
    sorted.sort_unstable();
    let mut best: Option<(usize, usize)> = None;
    for chunk in sorted.chunk_by(|a, b| a == b) {
        let n = chunk.len();
        if best.map_or(true, |(_, bn)| n >= bn) {
            best = Some((chunk[0], n));
        }
    }
    best.map(|(v, _)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_each_delimiter() {
        let cases: [(&[u8], u8); 5] = [
            (
                b"id,area,answer\n1,North,\"Buses; trains | more\"\n2,South,fine\n",
                b',',
            ),
            (
                b"id\tarea\tanswer\n1\tNorth\tBuses, trains\n2\tSouth\tfine\n",
                b'\t',
            ),
            (
                b"id;area;answer\n1;North;Buses, trains\n2;South;fine, thanks\n",
                b';',
            ),
            (
                b"id|area|answer\n1|North|Buses, trains; more\n2|South|fine\n",
                b'|',
            ),
            (b"answer\nyes\nno\n", b','),
        ];
        for (sample, want) in cases {
            assert_eq!(
                delimiter(sample, false),
                want,
                "{}",
                String::from_utf8_lossy(sample)
            );
        }
    }

    #[test]
    fn truncated_last_record_is_ignored() {
        // The second record is cut mid-field; with it, tab would look as consistent as comma.
        let sample = b"a,b,c\n1,2,3\n4,\"x\ty\tz";
        assert_eq!(delimiter(sample, true), b',');
    }

    #[test]
    fn detects_binary_files() {
        assert_eq!(
            binary(b"\x89PNG\r\n\x1a\n\0\0"),
            Some((6, Some("a PNG image")))
        );
        assert_eq!(
            binary(b"%PDF-1.7\n%abc\n"),
            Some((0, Some("a PDF document")))
        );
        assert_eq!(binary(b"id,text\n1,caf\xe9\n"), None);
        assert_eq!(binary(b"id,text\n1,a\0b\n"), Some((11, None)));
    }
}
