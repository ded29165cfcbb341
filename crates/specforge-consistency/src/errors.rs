//! Endpoint error codes against the error catalogue.
//!
//! * `SF-C001`: an endpoint's error table, `**Errors:**` line or error example names a code
//!   that no catalogue table defines (only when the spec has a catalogue). The help names the
//!   closest catalogue code.
//! * `SF-C002` (warning): a catalogue code that no endpoint names, when endpoints state their
//!   own errors at all. Codes with status 401, 403, 429 or 5xx can come from any endpoint and
//!   are exempt, and so are codes without any HTTP status (a job's or an agent's errors).
//! * `SF-C003` (warning): one code listed in two catalogue rows.
//! * `SF-C004` (warning): an endpoint whose auth is required lists its own errors, none with
//!   status 401, while the catalogue has a 401 code and other authenticated endpoints list it.
//!   When no endpoint lists a 401, the spec treats it as applying everywhere (the OpenAPI
//!   document adds it to every authenticated operation), and there is nothing to flag.
//!
//! * `SF-E004` (warning): an endpoint names a code that has no HTTP status anywhere in the
//!   spec, so the OpenAPI document cannot list it among the endpoint's responses. A catalogue
//!   of codes without statuses (a batch job's or an agent's errors) is valid on its own.
//!
//! A code given two different statuses is `SF-E002`, reported where the catalogue is merged.

use specforge_model::{AuthLevel, Code, Diagnostic, ErrorEntry, ErrorScope, Spec};
use std::collections::{BTreeMap, BTreeSet};

/// Runs the error-catalogue rules.
pub fn check(spec: &Spec, out: &mut Vec<Diagnostic>) {
    endpoint_codes_without_status(spec, out);
    let entries = &spec.errors.entries;
    let catalogue: Vec<&ErrorEntry> = entries
        .iter()
        .filter(|e| e.scope == ErrorScope::Catalogue && !is_status_code(&e.code.value))
        .collect();
    if catalogue.is_empty() {
        return;
    }
    let defined: BTreeSet<&str> = catalogue.iter().map(|e| e.code.value.as_str()).collect();
    let statuses = Statuses::of_spec(spec);
    let scoped: Vec<(&ErrorEntry, &str)> = entries
        .iter()
        .filter(|e| !is_status_code(&e.code.value))
        .filter_map(|e| endpoint_of(e).map(|endpoint| (e, endpoint)))
        .collect();

    for (entry, endpoint) in &scoped {
        if defined.contains(entry.code.value.as_str()) {
            continue;
        }
        let help = match closest(&entry.code.value, &defined) {
            Some(near) => format!(
                "did you mean `{near}`? Otherwise add `{}` to the error catalogue with its status",
                entry.code.value
            ),
            None => format!(
                "add `{}` to the error catalogue with its status, or use a catalogue code",
                entry.code.value
            ),
        };
        out.push(
            Diagnostic::new(
                Code::UnknownErrorCode,
                entry.code.span,
                format!(
                    "`{endpoint}` names error `{}`, which the error catalogue does not define",
                    entry.code.value
                ),
            )
            .with_help(help),
        );
    }

    let used: BTreeSet<&str> = scoped.iter().map(|(e, _)| e.code.value.as_str()).collect();
    if !used.is_empty() {
        let mut reported = BTreeSet::new();
        for entry in &catalogue {
            let code = entry.code.value.as_str();
            let status = statuses.of(code);
            if used.contains(code) || status.is_none() || is_cross_cutting(status) {
                continue;
            }
            if reported.insert(code) {
                out.push(
                    Diagnostic::new(
                        Code::UnusedErrorCode,
                        entry.code.span,
                        format!("error `{code}` is in the catalogue, but no endpoint names it"),
                    )
                    .with_help(
                        "list it in the errors of the endpoints that return it, or remove it from the catalogue",
                    ),
                );
            }
        }
    }

    let mut first: BTreeMap<&str, &ErrorEntry> = BTreeMap::new();
    for entry in &catalogue {
        match first.get(entry.code.value.as_str()) {
            Some(earlier) => out.push(
                Diagnostic::new(
                    Code::DuplicateErrorRow,
                    entry.code.span,
                    format!(
                        "error `{}` is listed twice in the catalogue",
                        entry.code.value
                    ),
                )
                .with_label(earlier.code.span, "first listed here")
                .with_help("remove one of the two rows"),
            ),
            None => {
                first.insert(entry.code.value.as_str(), entry);
            }
        }
    }

    missing_unauthorized(spec, &statuses, &catalogue, &scoped, out);
}

fn missing_unauthorized(
    spec: &Spec,
    statuses: &Statuses<'_>,
    catalogue: &[&ErrorEntry],
    scoped: &[(&ErrorEntry, &str)],
    out: &mut Vec<Diagnostic>,
) {
    let Some(unauthorized) = catalogue
        .iter()
        .find(|e| statuses.of(&e.code.value) == Some(401))
    else {
        return;
    };
    let is_401 = |e: &ErrorEntry| {
        e.status.as_ref().map(|s| s.value) == Some(401) || statuses.of(&e.code.value) == Some(401)
    };
    // The convention is listing 401 per endpoint only when some endpoint does.
    if !scoped.iter().any(|(e, _)| is_401(e)) {
        return;
    }
    let mut by_endpoint: BTreeMap<&str, Vec<&ErrorEntry>> = BTreeMap::new();
    for (entry, endpoint) in scoped {
        by_endpoint.entry(endpoint).or_default().push(entry);
    }
    for endpoint in &spec.api.endpoints {
        if endpoint.auth.as_ref().and_then(|a| AuthLevel::of(&a.value)) != Some(AuthLevel::Required)
        {
            continue;
        }
        let key = format!("{} {}", endpoint.method.as_str(), endpoint.path);
        let own: &[&ErrorEntry] = by_endpoint.get(key.as_str()).map_or(&[], Vec::as_slice);
        let Some(first) = own.first() else {
            continue;
        };
        let has_401 = own.iter().any(|e| is_401(e))
            || endpoint
                .responses
                .iter()
                .any(|r| r.status.as_ref().is_some_and(|s| s.value == 401));
        if !has_401 {
            out.push(
                Diagnostic::new(
                    Code::MissingUnauthorized,
                    first.span,
                    format!(
                        "`{key}` requires auth, but its errors have no 401 (the catalogue has `{}`)",
                        unauthorized.code.value
                    ),
                )
                .with_label(unauthorized.code.span, "the catalogue's 401")
                .with_help(format!(
                    "add `{}` (401) to the endpoint's errors, or mark the endpoint public",
                    unauthorized.code.value
                )),
            );
        }
    }
}

/// `SF-E004`: endpoint rows whose code has no status, neither in the row nor merged.
fn endpoint_codes_without_status(spec: &Spec, out: &mut Vec<Diagnostic>) {
    let statuses = Statuses::of_spec(spec);
    let mut reported = BTreeSet::new();
    for entry in &spec.errors.entries {
        let Some(endpoint) = endpoint_of(entry) else {
            continue;
        };
        let code = entry.code.value.as_str();
        if entry.status.is_some() || statuses.of(code).is_some() || is_status_code(code) {
            continue;
        }
        if reported.insert((endpoint, code)) {
            out.push(
                Diagnostic::new(
                    Code::ErrorStatusMissing,
                    entry.code.span,
                    format!(
                        "`{endpoint}` names error `{code}`, which has no HTTP status: the OpenAPI document leaves it out of the endpoint's responses"
                    ),
                )
                .with_help(format!(
                    "give `{code}` a status in an HTTP Status column of its catalogue row or of this table"
                )),
            );
        }
    }
}

/// `METHOD /path` of the endpoint an error row belongs to.
fn endpoint_of(entry: &ErrorEntry) -> Option<&str> {
    match &entry.scope {
        ErrorScope::Endpoint { endpoint } => Some(endpoint),
        ErrorScope::Example {
            endpoint: Some(endpoint),
        } => Some(endpoint),
        _ => None,
    }
}

/// A row whose "code" is an HTTP status (`404`): no catalogue code to compare.
fn is_status_code(code: &str) -> bool {
    !code.is_empty() && code.bytes().all(|b| b.is_ascii_digit())
}

/// The merged status of each code, looked up by name.
struct Statuses<'a>(BTreeMap<&'a str, u16>);

impl<'a> Statuses<'a> {
    fn of_spec(spec: &'a Spec) -> Statuses<'a> {
        Statuses(
            spec.errors
                .codes
                .iter()
                .filter_map(|c| c.status.as_ref().map(|s| (c.code.value.as_str(), s.value)))
                .collect(),
        )
    }

    fn of(&self, code: &str) -> Option<u16> {
        self.0.get(code).copied()
    }
}

/// 401, 403, 429 and 5xx can come from any endpoint; nobody lists them everywhere.
fn is_cross_cutting(status: Option<u16>) -> bool {
    matches!(status, Some(401 | 403 | 429 | 500..=599))
}

/// The defined code nearest to `code` (edit distance at most a third of its length).
fn closest<'a>(code: &str, defined: &BTreeSet<&'a str>) -> Option<&'a str> {
    let limit = (code.len() / 3).max(1);
    defined
        .iter()
        .map(|d| (distance(code, d), *d))
        .filter(|(n, _)| *n <= limit)
        .min()
        .map(|(_, d)| d)
}

/// Levenshtein distance over bytes (codes are ASCII).
fn distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = if ca == cb {
                previous
            } else {
                1 + previous.min(row[j]).min(current)
            };
            previous = current;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{codes, findings, spec};

    const CATALOGUE: &str = "## Error Codes\n\n| Code | Status | Description |\n|---|---|---|\n\
        | ORDER_NOT_FOUND | 404 | No such order |\n| UNAUTHORIZED | 401 | No credentials |\n\
        | INTERNAL_ERROR | 500 | Bug |\n";

    fn endpoint(errors: &str) -> String {
        format!(
            "## API\n\n#### GET /orders/{{id}}\n\n**Auth:** Required\n\n**Errors:**\n\n\
             | Code | Status | Description |\n|---|---|---|\n{errors}\n"
        )
    }

    #[test]
    fn an_unknown_endpoint_code_is_reported_with_the_nearest_catalogue_code() {
        let text = spec(&format!(
            "{CATALOGUE}\n{}",
            endpoint("| ORDER_NOT_FOUN | 404 | x |\n| UNAUTHORIZED | 401 | x |")
        ));
        let found = findings(&text);
        let d = found
            .iter()
            .find(|d| d.code == Code::UnknownErrorCode)
            .expect("SF-C001");
        assert_eq!(&text[d.span.start..d.span.end], "ORDER_NOT_FOUN");
        assert!(
            d.message
                .contains("`GET /orders/{id}` names error `ORDER_NOT_FOUN`")
        );
        assert!(
            d.help
                .as_deref()
                .unwrap()
                .contains("did you mean `ORDER_NOT_FOUND`?")
        );
    }

    #[test]
    fn no_catalogue_means_no_unknown_codes() {
        assert!(codes(&spec(&endpoint("| ANYTHING | 404 | x |"))).is_empty());
    }

    #[test]
    fn unused_codes_warn_except_cross_cutting_statuses() {
        let text = spec(&format!(
            "{CATALOGUE}| PAYMENT_DECLINED | 402 | Declined |\n\n{}",
            endpoint("| ORDER_NOT_FOUND | 404 | x |\n| UNAUTHORIZED | 401 | x |")
        ));
        let found = findings(&text);
        let unused: Vec<&str> = found
            .iter()
            .filter(|d| d.code == Code::UnusedErrorCode)
            .map(|d| &text[d.span.start..d.span.end])
            .collect();
        assert_eq!(unused, vec!["PAYMENT_DECLINED"]);
    }

    #[test]
    fn nothing_is_unused_when_no_endpoint_lists_errors() {
        let text = spec(&format!(
            "{CATALOGUE}\n## API\n\n#### GET /orders\n\nLists.\n"
        ));
        assert!(!codes(&text).contains(&Code::UnusedErrorCode));
    }

    #[test]
    fn a_code_listed_twice_in_the_catalogue_is_a_duplicate() {
        let text = spec(&format!(
            "{CATALOGUE}| ORDER_NOT_FOUND | 404 | No such order |\n"
        ));
        let found = findings(&text);
        let d = found
            .iter()
            .find(|d| d.code == Code::DuplicateErrorRow)
            .unwrap();
        assert!(d.span.start > text.find("| ORDER_NOT_FOUND").unwrap());
        assert_eq!(d.labels.len(), 1);
    }

    #[test]
    fn an_authenticated_endpoint_without_401_is_warned_when_others_list_it() {
        let other = "#### GET /orders\n\n**Auth:** Required\n\n**Errors:**\n\n\
             | Code | Status | Description |\n|---|---|---|\n| UNAUTHORIZED | 401 | x |\n";
        let text = spec(&format!(
            "{CATALOGUE}\n{}\n{other}",
            endpoint("| ORDER_NOT_FOUND | 404 | x |")
        ));
        let found = findings(&text);
        let d: Vec<_> = found
            .iter()
            .filter(|d| d.code == Code::MissingUnauthorized)
            .collect();
        assert_eq!(d.len(), 1, "{found:?}");
        assert!(d[0].message.contains("`GET /orders/{id}` requires auth"));
        let alone = spec(&format!(
            "{CATALOGUE}\n{}",
            endpoint("| ORDER_NOT_FOUND | 404 | x |")
        ));
        assert!(
            !codes(&alone).contains(&Code::MissingUnauthorized),
            "no endpoint lists 401: it applies everywhere"
        );
        let with = spec(&format!(
            "{CATALOGUE}\n{}",
            endpoint("| ORDER_NOT_FOUND | 404 | x |\n| UNAUTHORIZED | 401 | x |")
        ));
        assert!(!codes(&with).contains(&Code::MissingUnauthorized));
        let public = spec(&format!(
            "{CATALOGUE}\n{}",
            endpoint("| ORDER_NOT_FOUND | 404 | x |").replace("Required", "None")
        ));
        assert!(!codes(&public).contains(&Code::MissingUnauthorized));
    }

    #[test]
    fn distance_counts_edits() {
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("", "ab"), 2);
        assert_eq!(distance("same", "same"), 0);
    }
}
