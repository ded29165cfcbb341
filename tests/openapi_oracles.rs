//! The external OpenAPI validators, proved on hand-written documents in tests/data/openapi/:
//! a good OpenAPI 3.0.3 document passes openapi-spec-validator and Redocly's lint under
//! redocly.yaml, and broken ones are rejected for the right reason. The same helpers
//! (`assert_openapi_valid` in tests/common) check every generated openapi.yaml.
mod common;

use common::{assert_openapi_valid, openapi_spec_validator, redocly_lint, repo_path, skip_or_fail};
use std::path::PathBuf;

fn sample(name: &str) -> PathBuf {
    repo_path(&format!("tests/data/openapi/{name}"))
}

/// Asserts that a tool's verdict is a rejection whose output holds every `expected` fragment;
/// a missing tool follows the skip-or-fail rule.
fn assert_rejected(tool: &str, verdict: Option<Result<(), String>>, expected: &[&str]) {
    match verdict {
        None => skip_or_fail(tool),
        Some(Ok(())) => panic!("{tool} accepted a document it must reject"),
        Some(Err(output)) => {
            for fragment in expected {
                assert!(
                    output.contains(fragment),
                    "{tool}: no `{fragment}` in\n{output}"
                );
            }
        }
    }
}

#[test]
fn a_good_document_passes_both_validators() {
    assert_openapi_valid(&sample("good-ledger.yaml"), "good-ledger.yaml");
}

#[test]
fn a_reference_to_a_missing_schema_is_rejected_by_both() {
    let path = sample("bad-missing-ref.yaml");
    assert_rejected(
        "openapi-spec-validator",
        openapi_spec_validator(&path),
        &["'/components/schemas/Acount' does not exist"],
    );
    assert_rejected(
        "redocly",
        redocly_lint(&path),
        &["bad-missing-ref.yaml:28:19 error no-unresolved-refs: Can't resolve $ref"],
    );
}

#[test]
fn an_undeclared_path_parameter_is_rejected_by_both() {
    let path = sample("bad-undeclared-path-param.yaml");
    assert_rejected(
        "openapi-spec-validator",
        openapi_spec_validator(&path),
        &["Path parameter 'id' for 'get' operation in '/accounts/{id}' was not resolved"],
    );
    assert_rejected(
        "redocly",
        redocly_lint(&path),
        &["error path-parameters-defined: The operation does not define the path parameter `{id}`"],
    );
}

#[test]
fn a_lint_warning_fails_even_when_the_schema_is_valid() {
    let path = sample("bad-lint-warning-only.yaml");
    match openapi_spec_validator(&path) {
        None => skip_or_fail("openapi-spec-validator"),
        Some(verdict) => assert_eq!(verdict, Ok(()), "the document itself is valid"),
    }
    assert_rejected(
        "redocly",
        redocly_lint(&path),
        &[
            "bad-lint-warning-only.yaml:13:5 warn tag-description:",
            "bad-lint-warning-only.yaml:16:5 warn operation-operationId:",
        ],
    );
}
