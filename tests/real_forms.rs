//! The forms real authors write endpoints and error codes in (issue 15), one fixture of our
//! own each under `fixtures/variations/4x-*.md`: each asserts the artifact it yields and that
//! the artifact passes its oracle (openapi-spec-validator and Redocly for `openapi.yaml`, a
//! fresh crate with `#![deny(warnings)]` for `errors.rs`).

mod common;
use common::*;
use serde_json::Value;
use std::path::Path;

/// Generates `fixtures/variations/{name}.md` into a temporary folder; returns the exit code,
/// the report and the folder.
fn generate_fixture(name: &str, extra: &[&str]) -> (i32, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let spec = format!("fixtures/variations/{name}.md");
    let mut args = vec![spec.as_str(), "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    let (code, stderr) = generate(&args);
    (code, stderr, dir)
}

fn openapi(dir: &Path, what: &str) -> Value {
    let path = dir.join("out/openapi.yaml");
    assert_openapi_valid(&path, what);
    let text = std::fs::read_to_string(&path).unwrap();
    serde_saphyr::from_str(&text).unwrap()
}

fn errors_rs(dir: &Path, what: &str) -> String {
    let file = std::fs::read_to_string(dir.join("out/errors.rs"))
        .unwrap_or_else(|e| panic!("{what}: no errors.rs: {e}"));
    if let Err(message) = compile_in_fresh_crate(what, &file, None) {
        panic!("{what}: errors.rs does not compile alone:\n{message}");
    }
    file
}

fn parameter_names(operation: &Value) -> Vec<(String, String)> {
    operation["parameters"]
        .as_array()
        .map(|ps| {
            ps.iter()
                .map(|p| {
                    (
                        p["name"].as_str().unwrap().to_owned(),
                        p["in"].as_str().unwrap().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn query_strings_in_paths_are_query_parameters() {
    let (code, stderr, dir) = generate_fixture("40-query-string-paths", &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("SF-A032"), "{stderr}");
    assert!(
        stderr.contains(
            "note[SF-A040]: the path of GET /api/v1/staff holds a query string: read as the query parameter(s) `dept`, `page`, `size`"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("--> fixtures/variations/40-query-string-paths.md:12:23"),
        "{stderr}"
    );
    let doc = openapi(dir.path(), "40-query-string-paths");
    let paths: Vec<&String> = doc["paths"].as_object().unwrap().keys().collect();
    assert_eq!(paths, ["/api/v1/items", "/api/v1/staff"]);
    let staff = &doc["paths"]["/api/v1/staff"]["get"];
    assert_eq!(
        parameter_names(staff),
        [
            ("dept".to_owned(), "query".to_owned()),
            ("page".to_owned(), "query".to_owned()),
            ("size".to_owned(), "query".to_owned())
        ]
    );
    // The parameter table types and describes `status`; it is listed once.
    let items = &doc["paths"]["/api/v1/items"]["get"];
    let status = &items["parameters"][0];
    assert_eq!(items["parameters"].as_array().unwrap().len(), 1);
    assert_eq!(status["name"], "status");
    assert_eq!(status["required"], true);
    assert_eq!(status["description"], "open or closed");
}
