//! Facet counts, the answers of one respondent, and the one-pass faceted search that must
//! agree with both.

use super::*;

/// (value, count) pairs of a facet, to compare with [`own`].
fn pairs(v: &[Count]) -> Vec<(String, u64)> {
    v.iter().map(|c| (c.value.clone(), c.count)).collect()
}

fn own(v: &[(&str, u64)]) -> Vec<(String, u64)> {
    v.iter().map(|(a, b)| (a.to_string(), *b)).collect()
}

#[test]
fn facets_count_every_column() {
    let (_t, index) = fixture();
    let f = index.facets(&req("")).expect("facets");
    assert_eq!(f.total, 9);
    assert_eq!(
        pairs(&f.themes),
        own(&[("T03", 1), ("T07", 2), ("T10", 4), ("T11", 2)])
    );
    assert_eq!(
        pairs(&f.priorities),
        own(&[("P1", 1), ("P2", 1), ("P3", 8)])
    );
    assert_eq!(pairs(&f.questions), own(&[("Q1", 5), ("Q2", 4)]));
    assert_eq!(f.attributes.len(), 2);
    assert_eq!(f.attributes[0].0, "locality");
    assert_eq!(
        pairs(&f.attributes[0].1),
        own(&[("Hamilton", 4), ("Wishaw", 3), ("Clydesdale", 2)])
    );
    // Blank values cannot be chosen, so they are not listed.
    assert_eq!(f.attributes[1].0, "age band");
    assert_eq!(
        pairs(&f.attributes[1].1),
        own(&[("65+", 4), ("18-34", 2), ("35-64", 1)])
    );
}

#[test]
fn a_theme_filter_leaves_out_its_own_facet_only() {
    let (_t, index) = fixture();
    // A theme filter narrows every other facet, but the theme facet still shows what another
    // theme would add.
    let mut r = req("");
    r.themes = vec!["T10".into()];
    let f = index.facets(&r).expect("facets");
    assert_eq!(f.total, 4);
    assert_eq!(
        pairs(&f.themes),
        own(&[("T03", 1), ("T07", 2), ("T10", 4), ("T11", 2)])
    );
    assert_eq!(
        pairs(&f.attributes[0].1),
        own(&[("Hamilton", 3), ("Wishaw", 1)])
    );
    assert_eq!(pairs(&f.questions), own(&[("Q1", 2), ("Q2", 2)]));
}

#[test]
fn a_column_filter_leaves_out_its_own_column_only() {
    let (_t, index) = fixture();
    // The same for a column: other columns narrow, its own values stay.
    let mut r = req("");
    r.filters = vec![("LOCALITY".into(), "Hamilton".into())];
    let f = index.facets(&r).expect("facets");
    assert_eq!(f.total, 4);
    assert_eq!(
        pairs(&f.attributes[0].1),
        own(&[("Hamilton", 4), ("Wishaw", 3), ("Clydesdale", 2)])
    );
    assert_eq!(
        pairs(&f.themes),
        own(&[("T03", 0), ("T07", 0), ("T10", 3), ("T11", 1)])
    );
    assert_eq!(pairs(&f.attributes[1].1), own(&[("18-34", 2), ("65+", 2)]));
}

#[test]
fn query_text_and_consent_narrow_every_facet() {
    let (_t, index) = fixture();
    // Query text and consent narrow everything; the total agrees with search.
    let mut r = req("carers");
    r.publishable_only = true;
    let f = index.facets(&r).expect("facets");
    assert_eq!(f.total, index.search(&r).expect("search").total);
    assert_eq!(f.total, 2);
}

#[test]
fn unknown_names_in_facets_are_usage_errors() {
    let (_t, index) = fixture();
    // Unknown names are the same usage errors as in search.
    let mut r = req("");
    r.filters = vec![("planet".into(), "Mars".into())];
    assert!(index.facets(&r).unwrap_err().is_usage());
    r.filters.clear();
    r.themes = vec!["T99".into()];
    assert!(index.facets(&r).unwrap_err().is_usage());
}

#[test]
fn answers_of_one_respondent() {
    let (_t, index) = fixture();
    let all = index.answers_of("R003", false).expect("answers");
    let got: Vec<(&str, &str)> = all
        .iter()
        .map(|h| (h.question.as_str(), h.text.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "Q1",
                "Caring for my dad while working full time leaves no time for anything."
            ),
            ("Q2", "More staff in care at home so visits are not rushed.")
        ]
    );
    assert_eq!(all[0].themes, ["T10"]);
    assert_eq!(all[1].attributes[0], ("locality".into(), "Hamilton".into()));
    // Publishable only: nothing from those who said no or whose consent is unknown.
    assert_eq!(index.answers_of("R003", true).expect("answers").len(), 2);
    assert!(index.answers_of("R002", true).expect("answers").is_empty());
    assert!(index.answers_of("R004", true).expect("answers").is_empty());
    assert_eq!(index.answers_of("R004", false).expect("answers").len(), 2);
    assert!(index
        .answers_of("NOBODY", false)
        .expect("answers")
        .is_empty());
    assert!(index.answers_of("", false).expect("answers").is_empty());
}

#[test]
fn one_pass_faceted_search_gives_what_search_and_facets_give() {
    let (_t, index) = fixture();
    let table = index.facet_table().expect("table").expect("small frame");
    let mut cases: Vec<SearchRequest> = Vec::new();
    for query in [
        "",
        "carers",
        "gp OR staff",
        "\"short break\"",
        "nothing-matches",
    ] {
        for sort in [Sort::Relevance, Sort::Id] {
            let mut r = req(query);
            r.sort = sort;
            cases.push(r.clone());
            r.themes = vec!["T10".into(), "t07".into()];
            cases.push(r.clone());
            r.filters = vec![
                ("locality".into(), "Hamilton".into()),
                ("locality".into(), " Wishaw ".into()),
                ("age band".into(), "65+".into()),
            ];
            cases.push(r.clone());
            r.questions = vec!["Q2".into()];
            r.priorities = vec!["P3".into()];
            r.publishable_only = true;
            cases.push(r.clone());
            r.filters = vec![("locality".into(), "Atlantis".into())];
            cases.push(r.clone());
            r.limit = 2;
            r.offset = 1;
            cases.push(r);
        }
    }
    for r in &cases {
        let (mut results, facets) = index.search_faceted(&table, r).expect("faceted");
        let mut plain = index.search(r).expect("search");
        if r.query.is_empty() {
            // Without query text every answer ranks the same; `search` reports 0 or 1 as the
            // score depending on the filters, so only the order is compared.
            for h in results.hits.iter_mut().chain(plain.hits.iter_mut()) {
                h.score = 0.0;
            }
        }
        assert_eq!(results, plain, "{r:?}");
        assert_eq!(facets, index.facets(r).expect("facets"), "{r:?}");
    }
    // Unknown names are the same usage errors.
    let mut r = req("");
    r.themes = vec!["T99".into()];
    assert!(index.search_faceted(&table, &r).unwrap_err().is_usage());
    let mut r = req("");
    r.filters = vec![("planet".into(), "Mars".into())];
    assert!(index.search_faceted(&table, &r).unwrap_err().is_usage());
}
