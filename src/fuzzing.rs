//! Entry points that take arbitrary bytes, as the fuzz targets in `fuzz/` feed them and as the
//! corpus replay test (`tests/fuzz_corpus.rs`) does on every `cargo test`. Each one must return
//! without a panic, abort or unbounded allocation whatever the bytes; a broken invariant panics.

use crate::index::{self, IndexBuilder, IndexError, IndexLayout, SearchRequest};
use crate::ingest::{self, IngestOptions};
use crate::model::{Consent, Question, Respondent};
use crate::provenance::Provenance;
use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A file in the system's temporary folder, removed on drop.
struct TempFile(PathBuf);

impl TempFile {
    fn with(bytes: &[u8], extension: &str) -> TempFile {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!(
            "hearken-fuzz-{}-{n}.{extension}",
            std::process::id()
        ));
        std::fs::write(&path, bytes).expect("the temporary folder is writable");
        TempFile(path)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Reads `path` as an export through [`ingest::inspect`]; when it can be read, every row must
/// be accounted for exactly once.
fn read_export(path: &Path) {
    if let Ok((schema, acc)) =
        ingest::inspect(path, &IngestOptions::default(), &crate::progress::Silent)
    {
        assert_eq!(
            acc.rows,
            acc.ingested + acc.blank + acc.rejected.len() as u64,
            "every row is ingested, blank or rejected"
        );
        assert!(schema.columns.len() <= ingest::limits::MAX_COLUMNS);
        assert!(schema.questions.len() <= ingest::limits::MAX_QUESTIONS);
    }
}

/// Any bytes as a delimited text export.
pub fn csv(data: &[u8]) {
    let file = TempFile::with(data, "csv");
    read_export(&file.0);
}

/// Any bytes as an `.xlsx` workbook.
pub fn xlsx(data: &[u8]) {
    let file = TempFile::with(data, "xlsx");
    read_export(&file.0);
}

/// Any bytes as one theme file of a lexicon (with the built-in priorities beside it), and as
/// the aliases table of a small frame.
pub fn lexicon(data: &[u8]) {
    let priorities = crate::lexicon::default_files()
        .find(|(path, _)| path.ends_with("priorities.toml"))
        .map(|(_, text)| text.to_string())
        .unwrap_or_default();
    let files = vec![
        (PathBuf::from("priorities.toml"), priorities),
        (
            PathBuf::from("T01-fuzz.toml"),
            String::from_utf8_lossy(data).into_owned(),
        ),
    ];
    if let Ok(lexicon) = crate::lexicon::parse_files(&files) {
        let _ = crate::coding::Coder::new(&lexicon);
    }
    // The same bytes as `aliases.toml` beside a small frame, and as an answer coded through it.
    let text = String::from_utf8_lossy(data).into_owned();
    let files = vec![
        (PathBuf::from("aliases.toml"), text.clone()),
        (
            PathBuf::from("priorities.toml"),
            "[[priority]]\nid = \"P1\"\nname = \"One\"\n".to_string(),
        ),
        (
            PathBuf::from("T01.toml"),
            "id = \"T01\"\nname = \"A\"\npriorities = [\"P1\"]\nterms = [\"can't cope\", \"doctor*\"]\n"
                .to_string(),
        ),
    ];
    if let Ok(lexicon) = crate::lexicon::parse_files(&files) {
        if let Ok(coder) = crate::coding::Coder::new(&lexicon) {
            let _ = coder.code_text(&text);
        }
    }
}

/// An index in the temporary folder, removed on drop.
struct SmallIndex {
    dir: PathBuf,
    index: index::SearchIndex,
}

impl Drop for SmallIndex {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

thread_local! {
    static INDEX: RefCell<Option<SmallIndex>> = const { RefCell::new(None) };
}

/// A small index of fictional answers, built once per thread in the temporary folder.
fn small_index() -> Result<SmallIndex, IndexError> {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("hearken-fuzz-index-{}-{n}", std::process::id()));
    let layout = IndexLayout {
        questions: vec![Question {
            id: "Q1".into(),
            text: "What matters most?".into(),
            column: 1,
        }],
        attributes: vec!["Locality".into()],
        frame: crate::lexicon::default_lexicon().frame,
    };
    let mut builder = IndexBuilder::create(&dir, &layout, index::DEFAULT_MEMORY_BUDGET)?;
    let answers = [
        "More evening buses to the day centre, please",
        "Respite for unpaid carers and a short break now and then",
        "The phone line for appointments is always busy",
    ];
    for (i, text) in answers.iter().enumerate() {
        let r = Respondent {
            seq: i as u32,
            row: i as u64 + 2,
            id: format!("R{i}"),
            attributes: vec!["Northfield".into()],
            consent: Consent::Anonymous,
            answers: vec![Some(text.to_string())],
        };
        builder.add(&r, &[], None)?;
    }
    builder.commit(&Provenance {
        inputs: Vec::new(),
        lexicon: String::new(),
        hearken_version: env!("CARGO_PKG_VERSION").to_string(),
    })?;
    let index = index::open(&dir)?;
    Ok(SmallIndex { dir, index })
}

/// Any bytes as a search query (lossy UTF-8), run against a small index: the answer is hits or
/// a bad-query error, never anything else.
pub fn query(data: &[u8]) {
    let text = String::from_utf8_lossy(data).into_owned();
    INDEX.with(|cell| {
        let mut cell = cell.borrow_mut();
        if cell.is_none() {
            *cell = Some(small_index().expect("the small index builds"));
        }
        let Some(SmallIndex { index: idx, .. }) = cell.as_ref() else {
            return;
        };
        let req = SearchRequest {
            query: text,
            ..SearchRequest::default()
        };
        match idx.search(&req) {
            Ok(found) => assert!(found.hits.len() <= req.limit),
            Err(e) => assert!(e.is_usage(), "a query gives hits or a usage error: {e}"),
        }
    });
}

/// Reads `data` as a reviewers' overrides file and as a coded double-coding sheet against the
/// bundled frame; overrides that parse are applied to a small coded batch, and every line must
/// end up applied or reported.
pub fn review(data: &[u8]) {
    let Ok(codebook) = crate::coding::Codebook::load(None) else {
        return;
    };
    let frame = codebook.frame();
    let _ = crate::review::Sheet::parse(Path::new("fuzz.csv"), data, frame);
    let Ok(overrides) = crate::coding::overrides::Overrides::parse(Path::new("fuzz.csv"), data)
    else {
        return;
    };
    let lines = overrides.rows.len();
    let codebook = codebook.with_overrides(Some(overrides));
    let questions = [Question {
        id: "Q1".into(),
        text: "Q1".into(),
        column: 1,
    }];
    let answers = codebook.answers(&questions);
    let respondents: Vec<Respondent> = (0..3)
        .map(|i| Respondent {
            seq: i,
            row: u64::from(i) + 2,
            id: format!("R{i}"),
            attributes: Vec::new(),
            consent: Consent::Unknown,
            answers: vec![Some("I could not get a GP appointment".to_string())],
        })
        .collect();
    let batch = answers.code_batch(respondents);
    let applied: usize = batch.codings.iter().map(|c| c.revisions.len()).sum();
    assert!(applied <= lines, "more changes than overrides");
    assert!(
        answers.issues().len() <= lines,
        "more issues than overrides"
    );
}

/// Any bytes as the query string of the workbench's search (`hearken serve`): read by its strict
/// parameter reader, whose values must then be within the limits, and, when they read, searched
/// on a small index both in one pass with every facet ([`index::SearchIndex::search_faceted`])
/// and in several ([`index::SearchIndex::search`], [`index::SearchIndex::facets`]), which must
/// agree. The bytes are also read as an evidence cell of `coded.csv`.
pub fn serve_request(data: &[u8]) {
    use crate::serve::params::{Params, MAX_VALUE_BYTES};
    let text = String::from_utf8_lossy(data).into_owned();
    for e in crate::serve::parse_evidence(&text) {
        assert!(e.start <= e.end, "evidence span {}..{}", e.start, e.end);
    }
    let allowed = crate::serve::search::ALLOWED;
    let Ok(params) = Params::parse(&text, allowed) else {
        return;
    };
    for (name, value) in params.pairs() {
        assert!(
            allowed.iter().any(|(n, _)| n == name),
            "unknown name {name} read"
        );
        assert!(value.len() <= MAX_VALUE_BYTES && !value.chars().any(char::is_control));
    }
    let req = SearchRequest {
        query: params.one("q").unwrap_or("").to_string(),
        themes: params.all("theme"),
        priorities: params.all("priority"),
        questions: params.all("question"),
        filters: params
            .all("where")
            .into_iter()
            .map(|w| match w.split_once('=') {
                Some((c, v)) => (c.to_string(), v.to_string()),
                None => (w, String::new()),
            })
            .collect(),
        publishable_only: params.one("quotable").is_some(),
        sort: if params.one("sort") == Some("id") {
            index::Sort::Id
        } else {
            index::Sort::Relevance
        },
        ..SearchRequest::default()
    };
    INDEX.with(|cell| {
        let mut cell = cell.borrow_mut();
        if cell.is_none() {
            *cell = Some(small_index().expect("the small index builds"));
        }
        let Some(SmallIndex { index: idx, .. }) = cell.as_ref() else {
            return;
        };
        let table = idx
            .facet_table()
            .expect("the table reads")
            .expect("the built-in frame fits a table");
        let one = idx.search_faceted(&table, &req);
        let several = idx
            .search(&req)
            .and_then(|r| idx.facets(&req).map(|f| (r, f)));
        match (one, several) {
            (Ok((mut r1, f1)), Ok((mut r2, f2))) => {
                if matches!(req.query.trim(), "" | "*") {
                    for h in r1.hits.iter_mut().chain(r2.hits.iter_mut()) {
                        h.score = 0.0;
                    }
                }
                assert_eq!(r1, r2, "hits of {req:?}");
                assert_eq!(f1, f2, "facets of {req:?}");
            }
            (Err(a), Err(b)) => assert!(a.is_usage() && b.is_usage(), "{a} / {b}"),
            (a, b) => panic!(
                "one pass and several disagree on {req:?}: {:?} / {:?}",
                a.err(),
                b.err()
            ),
        }
    });
}
