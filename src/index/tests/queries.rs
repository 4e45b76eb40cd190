//! Searching: the query language, filters, consent, hits, counts and paging.

use super::*;

#[test]
fn phrase_matches_consecutive_words_only() {
    let (_t, index) = fixture();
    assert_eq!(
        sorted_keys(&index, &req("\"short break\"")),
        ["R001/Q2", "R005/Q2"]
    );
    assert!(keys(&index, &req("\"break short\"")).is_empty());
    assert_eq!(sorted_keys(&index, &req("\"phone line\"")), ["R002/Q1"]);
}

#[test]
fn stemming_finds_other_forms() {
    let (_t, index) = fixture();
    assert_eq!(
        sorted_keys(&index, &req("caring")),
        ["R001/Q1", "R003/Q1", "R003/Q2"]
    );
    let hits = index.search(&req("caring")).expect("search").hits;
    let r001 = hits.iter().find(|h| h.id == "R001").expect("R001 hit");
    assert_eq!(r001.snippet.highlights, vec![(2, 7)]);
    assert_eq!(&r001.snippet.text[2..7], "cared");
}

#[test]
fn boolean_operators() {
    let (_t, index) = fixture();
    assert_eq!(
        sorted_keys(&index, &req("GP AND phone")),
        ["R002/Q1", "R004/Q2"]
    );
    // Words are required by default.
    assert_eq!(
        sorted_keys(&index, &req("appointment impossible")),
        ["R002/Q1"]
    );
    assert_eq!(
        sorted_keys(&index, &req("lonely OR staff")),
        ["R003/Q2", "R004/Q1", "R005/Q1"]
    );
    assert_eq!(sorted_keys(&index, &req("staff AND NOT kind")), ["R003/Q2"]);
    assert_eq!(sorted_keys(&index, &req("staff -kind")), ["R003/Q2"]);
    assert_eq!(
        sorted_keys(&index, &req("(staff OR carers) AND NOT (kind OR rural)")),
        ["R001/Q2", "R003/Q2"]
    );
    assert_eq!(
        sorted_keys(&index, &req("question:Q2 AND carers")),
        ["R001/Q2", "R005/Q2"]
    );
}

#[test]
fn filters_combine_with_query() {
    let (_t, index) = fixture();
    let mut r = req("");
    r.themes = vec!["T10".into()];
    assert_eq!(
        sorted_keys(&index, &r),
        ["R001/Q1", "R001/Q2", "R003/Q1", "R005/Q2"]
    );
    r.themes = vec!["T10".into(), "t03".into()];
    assert_eq!(
        sorted_keys(&index, &r),
        ["R001/Q1", "R001/Q2", "R003/Q1", "R004/Q1", "R005/Q2"]
    );

    let mut r = req("");
    r.priorities = vec!["P1".into()];
    assert_eq!(sorted_keys(&index, &r), ["R004/Q1"]);

    let mut r = req("");
    r.questions = vec!["Q2".into()];
    assert_eq!(
        sorted_keys(&index, &r),
        ["R001/Q2", "R003/Q2", "R004/Q2", "R005/Q2"]
    );

    let mut r = req("");
    r.filters = vec![("locality".into(), "Wishaw".into())];
    assert_eq!(sorted_keys(&index, &r), ["R002/Q1", "R005/Q1", "R005/Q2"]);
    r.filters.push(("Locality".into(), "Clydesdale".into()));
    assert_eq!(
        sorted_keys(&index, &r),
        ["R002/Q1", "R004/Q1", "R004/Q2", "R005/Q1", "R005/Q2"]
    );
    r.filters.push(("age band".into(), "65+".into()));
    assert_eq!(sorted_keys(&index, &r), ["R005/Q1", "R005/Q2"]);

    let mut r = req("carers");
    r.themes = vec!["T10".into()];
    r.filters = vec![("locality".into(), "Hamilton".into())];
    assert_eq!(sorted_keys(&index, &r), ["R001/Q2"]);
}

#[test]
fn filters_do_not_change_scores() {
    let (_t, index) = fixture();
    let plain = index.search(&req("staff")).expect("search").hits;
    let mut r = req("staff");
    r.themes = vec!["T11".into()];
    let filtered = index.search(&r).expect("search").hits;
    assert_eq!(plain.len(), 2);
    assert_eq!(filtered.len(), 2);
    for (a, b) in plain.iter().zip(&filtered) {
        assert_eq!((a.id.as_str(), a.score), (b.id.as_str(), b.score));
    }
}

#[test]
fn unknown_filter_names_list_the_known_ones() {
    let (_t, index) = fixture();
    let mut r = req("");
    r.filters = vec![("town".into(), "Hamilton".into())];
    let err = index.search(&r).expect_err("unknown column");
    assert!(err.is_usage());
    assert_eq!(
        err.to_string(),
        "unknown column `town`; available: locality, age band"
    );
    let mut r = req("");
    r.themes = vec!["T99".into()];
    assert_eq!(
        index.search(&r).expect_err("unknown theme").to_string(),
        "unknown theme `T99`; available: T03, T07, T10, T11"
    );
    assert_eq!(
        index
            .count(&req(""), Some("ward"))
            .expect_err("unknown by")
            .to_string(),
        "unknown column `ward`; available: locality, age band"
    );
}

#[test]
fn publishable_leaves_out_those_without_consent() {
    let (_t, index) = fixture();
    let mut all = index.search(&req("GP")).expect("search").hits;
    all.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(
        all.iter()
            .map(|h| (h.id.as_str(), h.consent, h.publishable()))
            .collect::<Vec<_>>(),
        [
            ("R002", Consent::DoNotPublish, false),
            ("R004", Consent::Unknown, false)
        ]
    );
    let mut r = req("GP");
    r.publishable_only = true;
    let res = index.search(&r).expect("search");
    assert_eq!(res.total, 0);
    let mut r = req("staff");
    r.publishable_only = true;
    assert_eq!(sorted_keys(&index, &r), ["R003/Q2", "R005/Q1"]);
}

#[test]
fn hits_carry_stored_fields() {
    let (_t, index) = fixture();
    let mut r = req("lonely");
    r.limit = 1;
    let res = index.search(&r).expect("search");
    assert_eq!(res.total, 1);
    let h = &res.hits[0];
    assert_eq!(h.id, "R004");
    assert_eq!(h.question, "Q1");
    assert_eq!(h.question_text, "What matters most to you?");
    assert_eq!(h.themes, ["T03"]);
    assert_eq!(h.priorities, ["P1", "P2"]);
    assert_eq!(
        h.attributes,
        [
            ("locality".to_string(), "Clydesdale".to_string()),
            ("age band".to_string(), String::new())
        ]
    );
    assert_eq!(h.row, 5);
    assert_eq!(h.campaign, None);
    assert!(h.score > 0.0);
    assert_eq!(h.snippet.text, h.text);
    assert_eq!(
        &h.snippet.text[h.snippet.highlights[0].0..h.snippet.highlights[0].1],
        "lonely"
    );
}

#[test]
fn long_answers_get_a_fragment() {
    let tmp = TempDir::new().expect("tempdir");
    let dir = tmp.path().join("index");
    let (mut r, c) = respondents().remove(0);
    let filler = "The weather was dull and the road was long. ".repeat(8);
    r.answers[0] = Some(format!("{filler}Respite made all the difference. {filler}"));
    let mut b = IndexBuilder::create(&dir, &layout(), DEFAULT_MEMORY_BUDGET).expect("create");
    b.add(&r, &c, None).expect("add");
    b.commit(&provenance(Vec::new())).expect("commit");
    let index = open(&dir).expect("open");
    let mut q = req("respite");
    q.snippet_chars = 60;
    let hit = &index.search(&q).expect("search").hits[0];
    let s = &hit.snippet;
    assert!(
        s.text.starts_with('…') && s.text.ends_with('…'),
        "{}",
        s.text
    );
    assert!(s.text.chars().count() <= 62, "{}", s.text);
    assert_eq!(s.highlights.len(), 1);
    assert_eq!(&s.text[s.highlights[0].0..s.highlights[0].1], "Respite");
    // Without query words the snippet is the start of the answer.
    q.query = String::new();
    let hit = &index.search(&q).expect("search").hits[0];
    assert_eq!(hit.snippet.highlights, []);
    assert_eq!(
        hit.snippet.text,
        "The weather was dull and the road was long. The weather was…"
    );
}

#[test]
fn counts_by_theme_priority_and_column() {
    let (_t, index) = fixture();
    let counts = index.count(&req(""), Some("locality")).expect("count");
    assert_eq!(counts.total, 9);
    let pairs = |v: &[Count]| {
        v.iter()
            .map(|c| (c.value.clone(), c.count))
            .collect::<Vec<_>>()
    };
    let own = |v: &[(&str, u64)]| {
        v.iter()
            .map(|(a, b)| (a.to_string(), *b))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        pairs(&counts.by_theme),
        own(&[("T03", 1), ("T07", 2), ("T10", 4), ("T11", 2)])
    );
    assert_eq!(
        pairs(&counts.by_priority),
        own(&[("P1", 1), ("P2", 1), ("P3", 8)])
    );
    let (column, by) = counts.by_attribute.expect("by locality");
    assert_eq!(column, "locality");
    assert_eq!(
        pairs(&by),
        own(&[("Hamilton", 4), ("Wishaw", 3), ("Clydesdale", 2)])
    );

    let counts = index.count(&req(""), Some("AGE BAND")).expect("count");
    let (column, by) = counts.by_attribute.expect("by age band");
    assert_eq!(column, "age band");
    assert_eq!(
        pairs(&by),
        own(&[("65+", 4), ("", 2), ("18-34", 2), ("35-64", 1)])
    );

    let counts = index.count(&req("carers"), None).expect("count");
    assert_eq!(counts.total, 2);
    assert_eq!(
        pairs(&counts.by_theme),
        own(&[("T03", 0), ("T07", 0), ("T10", 2), ("T11", 0)])
    );
    assert_eq!(counts.by_attribute, None);
}

#[test]
fn sort_by_id_with_offset_and_limit() {
    let (_t, index) = fixture();
    let mut r = req("");
    r.sort = Sort::Id;
    assert_eq!(
        keys(&index, &r),
        [
            "R001/Q1", "R001/Q2", "R002/Q1", "R003/Q1", "R003/Q2", "R004/Q1", "R004/Q2", "R005/Q1",
            "R005/Q2"
        ]
    );
    r.offset = 2;
    r.limit = 3;
    let res = index.search(&r).expect("search");
    assert_eq!(res.total, 9);
    assert_eq!(
        res.hits
            .iter()
            .map(|h| format!("{}/{}", h.id, h.question))
            .collect::<Vec<_>>(),
        ["R002/Q1", "R003/Q1", "R003/Q2"]
    );
    r.offset = 8;
    assert_eq!(keys(&index, &r), ["R005/Q2"]);
    r.offset = 9;
    assert!(keys(&index, &r).is_empty());
    r.limit = 0;
    r.offset = 0;
    assert_eq!(index.search(&r).expect("search").total, 9);
}

#[test]
fn relevance_pages_are_consistent() {
    let (_t, index) = fixture();
    let all = keys(&index, &req("care OR carers OR staff"));
    assert_eq!(all.len(), 6);
    let mut paged = Vec::new();
    for offset in (0..6).step_by(4) {
        let mut r = req("care OR carers OR staff");
        r.offset = offset;
        r.limit = 4;
        paged.extend(keys(&index, &r));
    }
    assert_eq!(paged, all);
}

#[test]
fn bad_queries_are_errors_not_panics() {
    let (_t, index) = fixture();
    for (query, expected) in [
        (
            "\"short break",
            "bad query `\"short break`: syntax error at column 13: missing delimiter \"",
        ),
        (
            "nosuchfield:word",
            "bad query `nosuchfield:word`: unknown field `nosuchfield`",
        ),
        (
            "NOT staff",
            "bad query `NOT staff`: a query cannot only exclude terms",
        ),
        ("staff AND (", "bad query `staff AND (`: syntax error"),
        (
            "AND:* ",
            "bad query `AND:*`: `AND:*` (any value) cannot be searched",
        ),
        (
            "staff OR text:*",
            "bad query `staff OR text:*`: `text:*` (any value) cannot be searched",
        ),
    ] {
        let err = index.search(&req(query)).expect_err(query);
        assert!(err.is_usage(), "{query}");
        let msg = err.to_string();
        assert!(msg.starts_with(expected), "{query}: {msg}");
    }
}
