//! Normalise + code against a raw multi-pattern scan of the same bytes, measured in one run.
//!
//! Generates `HEARKEN_SCAN_ANSWERS` synthetic answers (default 300,000; `hearken generate`'s
//! corpus), writes their text one answer per line, and writes every literal piece of every
//! default lexicon term (entries, exclusions, sense cues, near-rule terms and the domain set,
//! with `@set` words expanded; `*` splits a term into pieces) to a pattern file. It then times, once each, over the same answers:
//! `rg -c -i -F -f patterns answers.txt` (ripgrep, Debian package `ripgrep`; one thread for one
//! file), hearken's coding on one core, and hearken's coding on all cores in the batches
//! `hearken run` codes (median of 5 runs each, files in the page cache), and prints the ratios.
//! Run with `cargo bench --bench scan`.

use hearken::coding::Coder;
use hearken::generate::{generate, GenerateOptions};
use hearken::ingest::{read_all, IngestOptions};
use hearken::lexicon::{default_lexicon, Lexicon};
use hearken::model::Respondent;
use std::collections::BTreeSet;
use std::hint::black_box;
use std::io::Write;
use std::process::Command;
use std::time::Instant;

/// The allocator the `hearken` binary uses, so coding is timed as it runs there.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Median wall time of `runs` calls of `f`, in seconds, with the last result.
fn median_secs<T>(runs: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs {
        let started = Instant::now();
        last = Some(f());
        times.push(started.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    let out = last.expect("at least one run");
    (times[times.len() / 2], out)
}

/// Timed runs of each contender; the median is reported.
const RUNS: usize = 5;

/// mimalloc's `mi_option_purge_delay`, set as the `hearken` binary sets it.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() {
    // SAFETY: sets a process-wide allocator option before any other thread exists.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
    let tmp = tempfile::TempDir::new().expect("temporary directory");
    let respondents = generated(tmp.path());

    let text_path = tmp.path().join("answers.txt");
    let bytes = write_answers(&respondents, &text_path);
    let lexicon = default_lexicon();
    let patterns = lexicon_patterns(&lexicon);
    let pattern_path = tmp.path().join("patterns.txt");
    let lines: String = patterns.iter().map(|p| format!("{p}\n")).collect();
    std::fs::write(&pattern_path, lines).expect("write patterns");

    let (rg_secs, rg_lines) = time_rg(&["-c", "-i", "-F", "-f"], &pattern_path, &text_path);
    // The same scan counting every occurrence, not only the first per line.
    let (rg_all_secs, rg_matches) = time_rg(
        &["--count-matches", "-i", "-F", "-f"],
        &pattern_path,
        &text_path,
    );

    let coder = Coder::new(&lexicon).expect("compile the default lexicon");
    let (one_secs, one) = median_secs(RUNS, || {
        respondents
            .iter()
            .flat_map(|r| r.answers.iter().flatten())
            .map(|a| black_box(coder.code_text(a)).themes.len())
            .sum::<usize>()
    });
    // As in `hearken run`: rows coded a batch at a time, each batch's codings passed on (here:
    // counted) and dropped before the next.
    let (all_secs, (all, coded)) = median_secs(RUNS, || {
        respondents
            .chunks(hearken::pipeline::BATCH)
            .map(|batch| {
                let codings = black_box(coder.code_respondents(batch));
                let coded = codings.iter().filter(|c| !c.themes.is_empty()).count();
                (codings.len(), coded)
            })
            .fold((0, 0), |(n, c), (bn, bc)| (n + bn, c + bc))
    });

    let mb = bytes as f64 / 1e6;
    println!(
        "{all} answers, {mb:.1} MB of text, {} literal patterns from {} lexicon terms' pieces",
        patterns.len(),
        lexicon
            .themes
            .iter()
            .map(|t| t.entries.len())
            .sum::<usize>()
    );
    println!(
        "rg -c -i -F -f (1 thread): {rg_secs:.2} s, {:.0} MB/s, {rg_lines} matching lines",
        mb / rg_secs
    );
    println!(
        "rg --count-matches -i -F -f (1 thread): {rg_all_secs:.2} s, {:.0} MB/s, {rg_matches} matches",
        mb / rg_all_secs
    );
    println!(
        "hearken normalise+code, 1 core: {one_secs:.2} s, {:.0} MB/s ({one} theme assignments) = {:.2}x rg -c, {:.2}x rg --count-matches",
        mb / one_secs,
        one_secs / rg_secs,
        one_secs / rg_all_secs
    );
    println!(
        "hearken normalise+code, {} threads: {all_secs:.2} s, {:.0} MB/s ({coded} answers coded) = {:.2}x rg -c, {:.2}x rg --count-matches",
        rayon::current_num_threads(),
        mb / all_secs,
        all_secs / rg_secs,
        all_secs / rg_all_secs
    );
}

/// Writes the answers as plain lines, the same bytes the coder reads (line breaks become
/// spaces); returns their size in bytes.
fn write_answers(respondents: &[Respondent], text_path: &std::path::Path) -> usize {
    let mut text = std::io::BufWriter::new(std::fs::File::create(text_path).expect("create"));
    let mut bytes = 0usize;
    for a in respondents.iter().flat_map(|r| r.answers.iter().flatten()) {
        bytes += a.len();
        text.write_all(a.replace(['\n', '\r'], " ").as_bytes())
            .and_then(|()| text.write_all(b"\n"))
            .expect("write answers");
    }
    text.flush().expect("flush answers");
    drop(text);

    bytes
}

/// Every plain term the lexicon stands for once its `@set` words are expanded, as literal
/// lower-case pieces (a glob's stars cut it in pieces).
fn lexicon_patterns(lexicon: &Lexicon) -> BTreeSet<String> {
    let mut patterns = BTreeSet::new();
    let mut memo = std::collections::BTreeMap::new();
    let domain = lexicon.domain.iter().map(|d| format!("@{}", d.set));
    let mut written: Vec<String> = domain.collect();
    for theme in &lexicon.themes {
        for e in theme.entries.iter().chain(&theme.exclude) {
            written.push(e.term.clone());
            written.extend(e.sense.with.iter().chain(&e.sense.unless).cloned());
        }
        written.extend(theme.near.iter().flat_map(|n| [n.a.clone(), n.b.clone()]));
    }
    for term in &written {
        for plain in lexicon
            .expand(term, &mut memo)
            .expect("the default lexicon expands")
        {
            for piece in plain.split('*').map(str::trim).filter(|p| !p.is_empty()) {
                patterns.insert(piece.to_lowercase());
            }
        }
    }
    patterns
}

/// The median time of `rg ARGS PATTERNS TEXT` and what it printed.
fn time_rg(
    args: &[&str],
    pattern_path: &std::path::Path,
    text_path: &std::path::Path,
) -> (f64, String) {
    let (secs, out) = median_secs(RUNS, || {
        Command::new("rg")
            .args(args)
            .arg(pattern_path)
            .arg(text_path)
            .output()
    });
    let out = match out {
        Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout).trim().to_string(),
        Ok(out) => panic!("rg failed: {}", String::from_utf8_lossy(&out.stderr)),
        Err(e) => panic!("rg could not be run (apt-get install ripgrep): {e}"),
    };
    (secs, out)
}

/// `HEARKEN_SCAN_ANSWERS` answers (300,000 by default) generated with seed 7 into `dir`, read.
fn generated(dir: &std::path::Path) -> Vec<Respondent> {
    let answers: u64 = std::env::var("HEARKEN_SCAN_ANSWERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300_000);
    let csv = dir.join("generated.csv");
    let file = std::fs::File::create(&csv).expect("create generated.csv");
    generate(file, &GenerateOptions { answers, seed: 7 }, |_| {}).expect("generate");
    let (_, respondents, _) = read_all(&csv, &IngestOptions::default()).expect("read generated");
    respondents
}
