//! Queries and requests before they reach tantivy: the limits on their size, and the rewrites
//! and messages that make the query syntax forgiving.

use super::search::SearchRequest;
use super::IndexError;
use tantivy::query::{Occur, QueryParserError};
use tantivy::query_grammar::{UserInputAst, UserInputLeaf};
use tantivy::schema::Schema;

/// Most hits one search returns (`--limit`).
pub const MAX_LIMIT: usize = 10_000;

/// Most hits one search skips (`--offset`): the skipped hits are ranked too, so paging far
/// costs memory and time.
pub const MAX_OFFSET: usize = 1_000_000;

/// Longest query, in bytes.
pub const MAX_QUERY_BYTES: usize = 2_000;

/// Deepest nesting of parentheses in a query (the query parser is recursive).
pub const MAX_QUERY_DEPTH: usize = 20;

/// Checks a query against the limits before it reaches the parser: length, nesting of
/// parentheses (outside "phrases") and runs of prefix operators. `Err` says what is wrong.
pub fn check_query(query: &str) -> Result<(), String> {
    if query.len() > MAX_QUERY_BYTES {
        return Err(format!(
            "the query is {} bytes; the limit is {MAX_QUERY_BYTES}",
            query.len()
        ));
    }
    let (mut depth, mut deepest, mut quoted, mut prefixes) = (0usize, 0usize, false, 0usize);
    for c in query.chars() {
        match c {
            '"' => quoted = !quoted,
            '(' if !quoted => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            ')' if !quoted => depth = depth.saturating_sub(1),
            _ => {}
        }
        if !quoted && matches!(c, '-' | '+' | '!') {
            prefixes += 1;
        } else if !c.is_whitespace() {
            prefixes = 0;
        }
        if prefixes > MAX_QUERY_DEPTH {
            return Err(format!(
                "more than {MAX_QUERY_DEPTH} `+`, `-` or `!` in a row; use one"
            ));
        }
    }
    if deepest > MAX_QUERY_DEPTH {
        return Err(format!(
            "parentheses nested {deepest} deep; the limit is {MAX_QUERY_DEPTH}"
        ));
    }
    let nots = query
        .split_whitespace()
        .fold((0usize, 0usize), |(run, most), w| {
            if w == "NOT" {
                (run + 1, most.max(run + 1))
            } else {
                (0, most)
            }
        })
        .1;
    if nots > MAX_QUERY_DEPTH {
        return Err(format!("more than {MAX_QUERY_DEPTH} NOT in a row"));
    }
    Ok(())
}

/// Checks paging against [`MAX_LIMIT`] and [`MAX_OFFSET`].
pub(super) fn check_paging(req: &SearchRequest) -> Result<(), IndexError> {
    let bad = |message: String| IndexError::BadRequest { message };
    if req.limit > MAX_LIMIT {
        return Err(bad(format!(
            "--limit {} is over the limit of {MAX_LIMIT}",
            req.limit
        )));
    }
    if req.offset > MAX_OFFSET {
        return Err(bad(format!(
            "--offset {} is over the limit of {MAX_OFFSET}",
            req.offset
        )));
    }
    Ok(())
}

/// Rewrites `a AND NOT b` (parsed as `+a +(-b)`, a required group that can match nothing)
/// into `+a -b`: a group made only of exclusions is merged into its parent.
pub(super) fn hoist_negations(ast: UserInputAst) -> UserInputAst {
    match ast {
        UserInputAst::Clause(clauses) => {
            let mut out = Vec::with_capacity(clauses.len());
            for (occur, child) in clauses {
                match hoist_negations(child) {
                    UserInputAst::Clause(inner)
                        if occur != Some(Occur::MustNot)
                            && !inner.is_empty()
                            && inner.iter().all(|(o, _)| *o == Some(Occur::MustNot)) =>
                    {
                        out.extend(inner)
                    }
                    child => out.push((occur, child)),
                }
            }
            UserInputAst::Clause(out)
        }
        UserInputAst::Boost(inner, boost) => {
            UserInputAst::Boost(Box::new(hoist_negations(*inner)), boost)
        }
        leaf => leaf,
    }
}

/// The first `field:*` (any value) in the query whose field the schema lacks or cannot answer
/// it for (only fast fields can): tantivy's parser accepts those and the search itself fails.
pub(super) fn unanswerable_exists(ast: &UserInputAst, schema: &Schema) -> Option<String> {
    match ast {
        UserInputAst::Clause(clauses) => clauses
            .iter()
            .find_map(|(_, child)| unanswerable_exists(child, schema)),
        UserInputAst::Boost(inner, _) => unanswerable_exists(inner, schema),
        UserInputAst::Leaf(leaf) => match leaf.as_ref() {
            UserInputLeaf::Exists { field } => {
                let fast = schema
                    .get_field(field)
                    .is_ok_and(|f| schema.get_field_entry(f).is_fast());
                (!fast).then(|| field.clone())
            }
            _ => None,
        },
    }
}

/// A query cut to 60 characters for a message.
pub(super) fn shorten(q: &str) -> String {
    if q.chars().count() > 60 {
        format!("{}...", q.chars().take(60).collect::<String>())
    } else {
        q.to_string()
    }
}

/// What is wrong with a query, in words a user can act on.
pub(super) fn explain_query_error(query: &str, err: &QueryParserError) -> String {
    match err {
        QueryParserError::SyntaxError(_) => {
            let (_, errors) = tantivy::query_grammar::parse_query_lenient(query);
            let details: Vec<String> = errors
                .iter()
                .map(|e| {
                    let column = query.get(..e.pos).map_or(e.pos, |s| s.chars().count()) + 1;
                    format!("at column {column}: {}", e.message.replace("\\\"", "\""))
                })
                .collect();
            if details.is_empty() {
                "syntax error (check quotes, parentheses and AND/OR/NOT)".to_string()
            } else {
                format!("syntax error {}", details.join("; "))
            }
        }
        QueryParserError::FieldDoesNotExist(field) => format!(
            "unknown field `{field}`; fields: text, id, question, theme, priority, attr, consent"
        ),
        QueryParserError::AllButQueryForbidden => {
            "a query cannot only exclude terms; add a word to search for".to_string()
        }
        other => other.to_string(),
    }
}
