//! Property tests of the search query parser: whatever a user types, a search gives hits or a
//! usage error (never a panic or a stack overflow), and well-formed queries within the limits
//! are accepted.

use hearken::index::{check_query, MAX_QUERY_BYTES, MAX_QUERY_DEPTH};
use proptest::prelude::*;

/// Strings made of the characters the query grammar gives meaning to, plus words.
fn query_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![
            "(", ")", "\"", "-", "+", "!", ":", "^", "~", "*", "[", "]", "{", "}", " ", "AND",
            "OR", "NOT", "TO", "IN", "carer", "bus", "text", "id", "/", "\\", "2", "é",
        ]),
        0..200,
    )
    .prop_map(|parts| parts.concat())
}

/// A well-formed query: words combined with AND/OR and parentheses up to `depth`.
fn well_formed(depth: u32) -> BoxedStrategy<String> {
    let word = prop::sample::select(vec!["carer", "bus", "respite", "\"short break\"", "clinic"])
        .prop_map(str::to_string);
    if depth == 0 {
        return word.boxed();
    }
    (
        well_formed(depth - 1),
        prop::sample::select(vec![" AND ", " OR ", " "]),
        well_formed(depth - 1),
    )
        .prop_map(|(a, op, b)| format!("({a}{op}{b})"))
        .boxed()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn any_query_gives_hits_or_a_usage_error(q in query_text()) {
        // Panics (the property's failure) if the search returns anything else.
        hearken::fuzzing::query(q.as_bytes());
    }

    #[test]
    fn deep_or_long_queries_are_refused_before_parsing(depth in 21usize..5000, extra in 0usize..3000) {
        let nested = format!("{}carer{}", "(".repeat(depth), ")".repeat(depth));
        prop_assert!(depth > MAX_QUERY_DEPTH);
        let refused = check_query(&nested).expect_err("too deep");
        prop_assert!(refused.contains("nested") || refused.contains("bytes"), "{}", refused);
        let long = "carer ".repeat(MAX_QUERY_BYTES / 6 + 1 + extra);
        prop_assert!(check_query(&long).is_err());
        hearken::fuzzing::query(nested.as_bytes());
    }

    #[test]
    fn well_formed_queries_within_the_limits_pass(q in well_formed(4)) {
        prop_assert!(q.len() <= MAX_QUERY_BYTES);
        prop_assert_eq!(check_query(&q), Ok(()));
        hearken::fuzzing::query(q.as_bytes());
    }
}
