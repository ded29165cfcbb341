//! Allocating operationIds: the generated ids of the spec's endpoints, made distinct.
//!
//! Each endpoint's id comes from its method and path ([`operation_id`]). When two endpoints
//! would get the same id (`POST /query` and `POST /api/query` both `postQuery`), or an
//! endpoint's id is one an embedded OpenAPI fragment states for another operation, the id is
//! not an error but is made distinct, deterministically, with a note (SF-A042):
//!
//! 1. every endpoint of the clash takes the id of its *full* path, prefix segments (`api`,
//!    `v1`) kept: `postQuery` and `postApiQuery`. An endpoint whose full-path id is its id
//!    keeps it, so the shorter path keeps the short name;
//! 2. when that is still taken (paths that differ only in punctuation or case, such as
//!    `/order-items` and `/order_items`), a number is appended, `2`, `3`, … in document order.
//!
//! An id a fragment states is never changed: the author wrote it. A fragment that details an
//! endpoint of the prose and states its operationId names that endpoint. Ids that are unique stay as
//! they are, so adding an endpoint changes no id but those of the endpoints it clashes with.
//! Request and response schema names derive from the id, so they are distinct too.

use crate::operations::{operation_id, operation_id_of_full_path};
use specforge_model::{Code, Diagnostic, Method, Span};
use std::collections::{HashMap, HashSet};

/// One endpoint to name.
pub struct Named<'a> {
    /// The method.
    pub method: Method,
    /// The model path.
    pub path: &'a str,
    /// `METHOD /path`, for notes.
    pub label: String,
    /// Where the path is written.
    pub span: Span,
    /// The operationId an embedded fragment states for this endpoint, if one does.
    pub stated: Option<String>,
}

/// The id of each endpoint of `endpoints`, in order, distinct from each other and from
/// `stated` (ids that embedded fragments state), with a note for each id that had to change.
pub fn allocate(
    endpoints: &[Named<'_>],
    stated: &HashSet<String>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let bases: Vec<String> = endpoints
        .iter()
        .map(|e| {
            e.stated
                .clone()
                .unwrap_or_else(|| operation_id(e.method, e.path))
        })
        .collect();
    let mut count: HashMap<&str, usize> = HashMap::new();
    for (b, e) in bases.iter().zip(endpoints) {
        if e.stated.is_none() {
            *count.entry(b.as_str()).or_default() += 1;
        }
    }
    let clashes = |b: &str| count.get(b).is_some_and(|&n| n > 1) || stated.contains(b);
    let mut used: HashSet<String> = stated.clone();
    used.extend(bases.iter().filter(|b| !clashes(b)).cloned());
    let mut first_of: HashMap<&str, usize> = HashMap::new();
    let mut ids = Vec::with_capacity(endpoints.len());
    for (i, (endpoint, base)) in endpoints.iter().zip(&bases).enumerate() {
        if endpoint.stated.is_some() || !clashes(base) {
            ids.push(base.clone());
            continue;
        }
        let first = *first_of.entry(base.as_str()).or_insert(i);
        let full = operation_id_of_full_path(endpoint.method, endpoint.path);
        let mut id = full.clone();
        let mut n = 2;
        while used.contains(&id) {
            id = format!("{full}{n}");
            n += 1;
        }
        used.insert(id.clone());
        if id != *base {
            let with = if stated.contains(base) {
                "an operationId an embedded OpenAPI fragment states".to_owned()
            } else if first == i {
                let other = bases
                    .iter()
                    .zip(endpoints)
                    .skip(i + 1)
                    .find(|(b, _)| *b == base)
                    .map_or_else(String::new, |(_, e)| e.label.clone());
                format!("the id of {other}")
            } else {
                format!("the id of {}", endpoints[first].label)
            };
            let mut note = Diagnostic::new(
                Code::OperationIdDisambiguated,
                endpoint.span,
                format!(
                    "{} would get the operationId `{base}`, which is also {with}; it is `{id}`",
                    endpoint.label
                ),
            )
            .with_help(
                "state an operationId in an embedded OpenAPI fragment to choose the name yourself",
            );
            if first != i {
                note = note.with_label(
                    endpoints[first].span,
                    format!("{} is here", endpoints[first].label),
                );
            }
            diags.push(note);
        }
        ids.push(id);
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(method: Method, path: &str, at: usize) -> Named<'_> {
        Named {
            method,
            path,
            label: format!("{} {path}", method.as_str()),
            span: Span::new(at, at + 1),
            stated: None,
        }
    }

    #[test]
    fn unique_ids_are_kept() {
        let mut diags = Vec::new();
        let ids = allocate(
            &[
                named(Method::Get, "/api/v1/users", 0),
                named(Method::Post, "/api/v1/users", 5),
            ],
            &HashSet::new(),
            &mut diags,
        );
        assert_eq!(ids, ["getUsers", "postUsers"]);
        assert!(diags.is_empty());
    }

    #[test]
    fn a_prefix_clash_takes_the_full_path_and_the_short_path_keeps_its_name() {
        let mut diags = Vec::new();
        let ids = allocate(
            &[
                named(Method::Post, "/api/query", 0),
                named(Method::Post, "/query", 5),
            ],
            &HashSet::new(),
            &mut diags,
        );
        assert_eq!(ids, ["postApiQuery", "postQuery"]);
        assert_eq!(diags.len(), 1, "{diags:#?}");
        assert_eq!(diags[0].code, Code::OperationIdDisambiguated);
        assert!(
            diags[0].message.contains("POST /api/query"),
            "{}",
            diags[0].message
        );
        assert!(
            diags[0].message.contains("POST /query"),
            "{}",
            diags[0].message
        );
        assert!(!diags[0].is_error());
    }

    #[test]
    fn punctuation_only_differences_are_numbered_in_document_order() {
        let mut diags = Vec::new();
        let ids = allocate(
            &[
                named(Method::Get, "/api/v1/order-items", 0),
                named(Method::Get, "/api/v1/order_items", 5),
                named(Method::Get, "/api/v1/orderItems", 9),
            ],
            &HashSet::new(),
            &mut diags,
        );
        assert_eq!(
            ids,
            [
                "getApiV1OrderItems",
                "getApiV1OrderItems2",
                "getApiV1OrderItems3"
            ]
        );
        assert_eq!(diags.len(), 3);
        assert_eq!(diags[1].labels.len(), 1, "a later one names the first");
    }

    #[test]
    fn a_disambiguated_id_never_takes_another_endpoints_unique_id() {
        let mut diags = Vec::new();
        let ids = allocate(
            &[
                named(Method::Get, "/api/v1/x", 0),
                named(Method::Get, "/v1/x", 3),
                named(Method::Get, "/api/v1/x2", 6),
            ],
            &HashSet::new(),
            &mut diags,
        );
        assert_eq!(ids, ["getApiV1X", "getV1X", "getX2"]);
        let all: HashSet<&String> = ids.iter().collect();
        assert_eq!(all.len(), ids.len());
    }

    #[test]
    fn a_stated_id_wins_over_a_generated_one() {
        let mut diags = Vec::new();
        let stated: HashSet<String> = ["getUsers".to_owned()].into();
        let ids = allocate(&[named(Method::Get, "/users", 0)], &stated, &mut diags);
        assert_eq!(ids, ["getUsers2"]);
        assert!(diags[0].message.contains("fragment states"), "{diags:#?}");
    }

    #[test]
    fn an_id_stated_for_the_endpoint_itself_is_its_id() {
        let mut diags = Vec::new();
        let stated: HashSet<String> = ["listUsers".to_owned()].into();
        let mut own = named(Method::Get, "/users", 0);
        own.stated = Some("listUsers".to_owned());
        let ids = allocate(
            &[own, named(Method::Post, "/users", 4)],
            &stated,
            &mut diags,
        );
        assert_eq!(ids, ["listUsers", "postUsers"]);
        assert!(diags.is_empty(), "{diags:#?}");
    }

    #[test]
    fn allocation_is_deterministic_and_order_is_the_documents() {
        let list = [
            named(Method::Post, "/query", 0),
            named(Method::Post, "/api/query", 5),
        ];
        let a = allocate(&list, &HashSet::new(), &mut Vec::new());
        let b = allocate(&list, &HashSet::new(), &mut Vec::new());
        assert_eq!(a, b);
        assert_eq!(a, ["postQuery", "postApiQuery"]);
    }
}
