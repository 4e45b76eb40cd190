//! Opening, building and replacing an index: missing and stale indexes, interrupted builds,
//! foreign folders and answers that do not fit the layout.

use super::*;

#[test]
fn missing_index_is_a_clear_error() {
    let tmp = TempDir::new().expect("tempdir");
    let dir = tmp.path().join("nothing");
    let err = open(&dir).err().expect("missing");
    assert_eq!(
        err.to_string(),
        format!(
            "no index at {} (run `hearken run ... --out ...` first)",
            dir.display()
        )
    );
    fs::create_dir(&dir).expect("mkdir");
    assert!(matches!(open(&dir), Err(IndexError::Missing(_))));
}

#[test]
fn output_directory_of_run_opens_its_index() {
    let (tmp, _index) = fixture();
    let index = open(tmp.path()).expect("open out dir");
    assert_eq!(index.dir(), tmp.path().join("index"));
    assert_eq!(index.manifest().documents, 9);
}

#[test]
fn stale_inputs_and_lexicons_are_reported() {
    let tmp = TempDir::new().expect("tempdir");
    let input = tmp.path().join("survey.csv");
    fs::write(&input, "id,answer\nR001,hello\n").expect("write");
    let dir = tmp.path().join("index");
    let mut b = IndexBuilder::create(&dir, &layout(), DEFAULT_MEMORY_BUDGET).expect("create");
    for (r, c) in respondents() {
        b.add(&r, &c, Some(3)).expect("add");
    }
    let prov =
        Provenance::for_inputs(std::slice::from_ref(&input), "lex-1".into()).expect("provenance");
    b.commit(&prov).expect("commit");
    let index = open(&dir).expect("open");
    let canonical = fs::canonicalize(&input).expect("canonical");
    assert_eq!(index.manifest().inputs[0].path, canonical);
    assert!(index.stale(None, Some("lex-1")).is_empty());
    assert!(index
        .stale(Some(std::slice::from_ref(&input)), None)
        .is_empty());
    assert_eq!(index.stale(None, Some("lex-2")), [Stale::LexiconChanged]);

    let other = tmp.path().join("other.csv");
    fs::write(&other, "x").expect("write");
    assert_eq!(
        index.stale(Some(std::slice::from_ref(&other)), None),
        [Stale::InputNotIndexed(other.clone())]
    );

    fs::write(&input, "id,answer\nR001,changed\n").expect("write");
    assert_eq!(
        index.stale(None, None),
        [Stale::InputChanged(canonical.clone())]
    );
    fs::remove_file(&input).expect("remove");
    assert_eq!(index.stale(None, None), [Stale::InputMissing(canonical)]);

    let hit = &index.search(&req("lonely")).expect("search").hits[0];
    assert_eq!(hit.campaign, Some(3));
}

#[test]
fn dropped_build_leaves_previous_index() {
    let (tmp, _) = fixture();
    let dir = tmp.path().join("index");
    let all = respondents();
    {
        let mut b = IndexBuilder::create(&dir, &layout(), DEFAULT_MEMORY_BUDGET).expect("create");
        b.add(&all[0].0, &all[0].1, None).expect("add");
        assert!(b.building_dir().is_dir());
        // Dropped without commit.
    }
    let names: Vec<String> = fs::read_dir(tmp.path())
        .expect("read")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["index"]);
    let index = open(&dir).expect("open previous");
    assert_eq!(index.search(&req("")).expect("search").total, 9);

    // A committed rebuild replaces it.
    let stats = build(&dir, &all[..1]);
    assert_eq!(stats.documents, 2);
    let index = open(&dir).expect("open new");
    assert_eq!(index.search(&req("")).expect("search").total, 2);
    let names: Vec<String> = fs::read_dir(tmp.path())
        .expect("read")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["index"]);
}

#[test]
fn interrupted_builds_and_swaps_are_recovered() {
    let (tmp, _) = fixture();
    let dir = tmp.path().join("index");
    // A build killed mid-way leaves its directory; a swap killed between its renames leaves the
    // previous index aside and none in place.
    let stale = tmp.path().join(".index.building-999999999-0");
    fs::create_dir(&stale).expect("mkdir");
    fs::write(stale.join("junk"), "partial").expect("write");
    let aside = tmp.path().join(".index.old-999999999-1");
    fs::rename(&dir, &aside).expect("rename");

    let index = open(&dir).expect("open falls back to the previous index");
    assert_eq!(index.search(&req("")).expect("search").total, 9);

    let all = respondents();
    let b = IndexBuilder::create(&dir, &layout(), DEFAULT_MEMORY_BUDGET).expect("create");
    assert!(!stale.exists());
    assert!(!aside.exists());
    assert_eq!(
        open(&dir)
            .expect("restored")
            .search(&req(""))
            .expect("search")
            .total,
        9
    );
    drop(b);
    build(&dir, &all[1..2]);
    assert_eq!(
        open(&dir)
            .expect("open")
            .search(&req(""))
            .expect("search")
            .total,
        1
    );
}

#[test]
fn refuses_to_replace_a_foreign_directory() {
    let tmp = TempDir::new().expect("tempdir");
    let dir = tmp.path().join("index");
    fs::create_dir(&dir).expect("mkdir");
    fs::write(dir.join("notes.txt"), "mine").expect("write");
    let err = IndexBuilder::create(&dir, &layout(), DEFAULT_MEMORY_BUDGET)
        .err()
        .expect("refused");
    assert!(
        err.to_string().contains("holds no hearken-index.json"),
        "{err}"
    );
    assert!(dir.join("notes.txt").is_file());
}

#[test]
fn answers_beyond_the_layout_are_an_error() {
    let tmp = TempDir::new().expect("tempdir");
    let mut b = IndexBuilder::create(&tmp.path().join("index"), &layout(), DEFAULT_MEMORY_BUDGET)
        .expect("create");
    let (mut r, c) = respondents().remove(0);
    r.answers.push(Some("extra".into()));
    let err = b.add(&r, &c, None).expect_err("too many answers");
    assert_eq!(
        err.to_string(),
        "respondent R001 (row 2): 3 answers but the index has 2 questions"
    );
}
