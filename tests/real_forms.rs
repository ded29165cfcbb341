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

#[test]
fn method_and_path_cells_with_other_columns_and_status_tags() {
    let (code, stderr, dir) = generate_fixture("41-endpoint-cells-and-tags", &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        !stderr.contains("SF-D004"),
        "status tags are not placeholders: {stderr}"
    );
    assert!(
        !stderr.contains("SF-T001"),
        "both tables are read: {stderr}"
    );
    assert!(
        stderr.contains(
            "note[SF-A041]: GET /api/v1/replays/{replayId} and POST /api/v1/replays/{id} are one path template to OpenAPI: read as GET /api/v1/replays/{id} (`replayId` → `id`)"
        ),
        "{stderr}"
    );
    let doc = openapi(dir.path(), "41-endpoint-cells-and-tags");
    let paths: Vec<&String> = doc["paths"].as_object().unwrap().keys().collect();
    assert_eq!(paths, ["/api/v1/replays/{id}"]);
    let item = &doc["paths"]["/api/v1/replays/{id}"];
    let methods: Vec<&String> = item
        .as_object()
        .unwrap()
        .keys()
        .filter(|k| *k != "parameters")
        .collect();
    assert_eq!(methods, ["delete", "get", "post"]);
    for method in ["get", "post", "delete"] {
        assert_eq!(
            parameter_names(&item[method]),
            [("id".to_owned(), "path".to_owned())],
            "{method}"
        );
    }
}

#[test]
fn code_spans_are_content_not_placeholders() {
    let (code, stderr, dir) = generate_fixture("42-code-is-not-a-placeholder", &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("SF-D004"), "{stderr}");
    let doc = openapi(dir.path(), "42-code-is-not-a-placeholder");
    assert!(doc["paths"]["/records/{id}"]["get"].is_object());
    let file = errors_rs(dir.path(), "42-code-is-not-a-placeholder");
    assert!(
        file.contains("\"No record matches {MS}-{YYYY}-{SEQ}\""),
        "{file}"
    );
}

/// The seed templates' forms (captured here, never read from a seed): bracketed prose outside
/// code is still an unfilled placeholder, each reported at its place, exit 3.
#[test]
fn template_placeholders_outside_code_are_still_refused() {
    let spec = "# [Project Name] - Technical Specification\n\n**Status:** Approved\n\n\
                **Date**: [YYYY-MM-DD]\n\n\
                > **Last Updated:** {DATE}\n\n\
                | Field | Value |\n|---|---|\n| **Author** | [Author Name] |\n\n\
                #### [HTTP Method] [Path]\n\n\
                | Status | Code | Description | Resolution |\n|---|---|---|---|\n\
                | 400 | `INVALID_INPUT` | [When this occurs] | [How to fix] |\n\n\
                Record numbers look like `{MS}-{YYYY}-{SEQ:06d}`.\n";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("template.md");
    std::fs::write(&path, spec).unwrap();
    let output = specforge()
        .args(["extract", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let found: Vec<&str> = stderr
        .lines()
        .filter_map(|l| l.strip_prefix("error[SF-D004]: unfilled template placeholder "))
        .collect();
    assert_eq!(
        found,
        [
            "`[Project Name]`",
            "`YYYY-MM-DD`",
            "`{DATE}`",
            "`[Author Name]`",
            "`[HTTP Method]`",
            "`[Path]`",
            "`[When this occurs]`",
            "`[How to fix]`",
        ],
        "{stderr}"
    );
    for position in [
        "1:3", "5:12", "7:21", "11:16", "13:6", "13:20", "17:27", "17:48",
    ] {
        assert!(
            stderr.contains(&format!("template.md:{position}\n")),
            "{position}: {stderr}"
        );
    }
}

/// `(code, status)` of every merged code, from `specforge extract --format json`.
fn merged_codes(fixture: &str) -> Vec<(String, Option<u64>)> {
    let (_, json) = extract_json(&format!("fixtures/variations/{fixture}.md"), &[]);
    items(&json, "/spec/errors/codes")
        .iter()
        .map(|c| {
            (
                c["code"]["value"].as_str().unwrap().to_owned(),
                c["status"]["value"].as_u64(),
            )
        })
        .collect()
}

#[test]
fn error_table_forms_and_code_spellings() {
    let (code, stderr, dir) = generate_fixture("43-error-table-forms", &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("0 errors, 0 warnings"), "{stderr}");
    let owned = |c: &str, s: Option<u64>| (c.to_owned(), s);
    assert_eq!(
        merged_codes("43-error-table-forms"),
        [
            owned("gallery.ErrFileTooLarge", Some(413)),
            owned("gallery.ErrNotFound", Some(404)),
            owned("E1001", None),
            owned("RT-006", None),
            owned("E1002", Some(415)),
            owned("UPLOAD_EXISTS", Some(409)),
        ]
    );
    let file = errors_rs(dir.path(), "43-error-table-forms");
    for (variant, code, status) in [
        (
            "GalleryErrFileTooLarge",
            "gallery.ErrFileTooLarge",
            "Some(413)",
        ),
        ("E1001", "E1001", "None"),
        ("Rt006", "RT-006", "None"),
        ("E1002", "E1002", "Some(415)"),
    ] {
        assert!(
            file.contains(&format!("Self::{variant} => \"{code}\",")),
            "{variant}: {file}"
        );
        assert!(
            file.contains(&format!(
                "Self::{variant} => ::core::option::Option::{status},"
            )),
            "{variant}: {file}"
        );
    }
    // The RFC 7807 type URIs are carried into the error schema and the examples; codes
    // without a status are no HTTP response.
    let doc = openapi(dir.path(), "43-error-table-forms");
    let error = &doc["components"]["schemas"]["Error"];
    assert_eq!(error["properties"]["type"]["format"], "uri");
    assert_eq!(
        error["properties"]["type"]["enum"],
        serde_json::json!([
            "https://errors.example.com/problems/file-too-large",
            "https://errors.example.com/problems/not-found"
        ])
    );
    assert_eq!(
        error["properties"]["code"]["enum"],
        serde_json::json!([
            "gallery.ErrFileTooLarge",
            "gallery.ErrNotFound",
            "E1002",
            "UPLOAD_EXISTS"
        ])
    );
    let too_large = &doc["paths"]["/api/v1/uploads"]["post"]["responses"]["413"]["content"]["application/json"]
        ["examples"]["gallery.ErrFileTooLarge"]["value"];
    assert_eq!(
        too_large["type"],
        "https://errors.example.com/problems/file-too-large"
    );
}

#[test]
fn codes_without_http_status_are_a_valid_catalogue() {
    let (code, stderr, dir) = generate_fixture("44-codes-without-status", &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("SF-E004"), "{stderr}");
    assert!(!stderr.contains("SF-C002"), "{stderr}");
    let file = errors_rs(dir.path(), "44-codes-without-status");
    assert!(file.contains("Self::GlEAgentCrash => ::core::option::Option::None,"));
    assert!(file.contains("Self::CrashLoopBackOff => ::core::option::Option::None,"));
    assert!(file.contains("Self::RunRejected => ::core::option::Option::Some(422),"));
    let doc = openapi(dir.path(), "44-codes-without-status");
    assert_eq!(
        doc["components"]["schemas"]["Error"]["properties"]["code"]["enum"],
        serde_json::json!(["RUN_REJECTED"])
    );
    let responses = doc["paths"]["/runs"]["post"]["responses"]
        .as_object()
        .unwrap();
    let statuses: Vec<&String> = responses.keys().collect();
    assert_eq!(statuses, ["202", "422"]);
}

/// An endpoint naming a code the catalogue lacks (`INVALID_POLICY` in fixture 12): a finding
/// for `check`, and the merged catalogue, hence `errors.rs`, still holds the code with the
/// status the endpoint gives.
#[test]
fn an_endpoint_code_missing_from_the_catalogue_keeps_its_status() {
    let codes = merged_codes("12-error-tables");
    assert_eq!(
        codes.iter().find(|(c, _)| c == "INVALID_POLICY"),
        Some(&("INVALID_POLICY".to_owned(), Some(400)))
    );
}

#[test]
fn an_endpoint_detailed_twice_is_merged_when_the_two_agree() {
    let (code, stderr, dir) = generate_fixture("45-endpoint-detailed-twice", &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("0 errors, 0 warnings"), "{stderr}");
    let doc = openapi(dir.path(), "45-endpoint-detailed-twice");
    let get = &doc["paths"]["/products/{id}"]["get"];
    assert_eq!(
        parameter_names(get),
        [
            ("id".to_owned(), "path".to_owned()),
            ("currency".to_owned(), "query".to_owned())
        ]
    );
    assert!(get["responses"]["200"]["content"]["application/json"].is_object());
}

/// Two details that differ: a warning naming both places, and the document is still written.
#[test]
fn an_endpoint_detailed_twice_differently_is_a_warning_not_a_blocker() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let (code, stderr) = generate(&[
        "fixtures/invalid/api-duplicate-endpoint.md",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains(
            "warning[SF-A002]: GET /v1/orders/{id} is detailed twice, differently: the 200 response has two different examples"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("first detailed here"), "{stderr}");
    assert!(
        stderr.contains("api-duplicate-endpoint.md:19:1"),
        "{stderr}"
    );
    assert_openapi_valid(&out.join("openapi.yaml"), "api-duplicate-endpoint");
}

/// Generated operationIds and body schema names that would collide are made distinct from
/// the full path (numbered when still equal), each with a note; a stated operationId wins.
#[test]
fn generated_names_that_collide_are_made_distinct() {
    let (code, stderr, dir) = generate_fixture("46-generated-name-collisions", &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("error["), "{stderr}");
    assert_eq!(stderr.matches("note[SF-A042]").count(), 2, "{stderr}");
    assert!(
        stderr.contains("POST /api/query would get the operationId `postQuery`, which is also the id of POST /query; it is `postApiQuery`"),
        "{stderr}"
    );
    let doc = openapi(dir.path(), "46-generated-name-collisions");
    let id = |path: &str, method: &str| {
        doc["paths"][path][method]["operationId"]
            .as_str()
            .unwrap_or_else(|| panic!("no operationId for {method} {path}"))
            .to_owned()
    };
    assert_eq!(id("/query", "post"), "postQuery");
    assert_eq!(id("/api/query", "post"), "postApiQuery");
    assert_eq!(id("/report-runs", "get"), "getReportRuns");
    assert_eq!(id("/report_runs", "get"), "getReportRuns2");
    assert_eq!(id("/saved", "get"), "listSavedQueries");
    assert_eq!(id("/api/saved", "get"), "getSaved");
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    assert!(schemas.contains_key("PostQueryRequest"), "{schemas:?}");
    assert!(schemas.contains_key("PostApiQueryRequest"), "{schemas:?}");
    assert_eq!(
        doc["paths"]["/api/query"]["post"]["requestBody"]["content"]["application/json"]["schema"]
            ["$ref"],
        "#/components/schemas/PostApiQueryRequest"
    );
}

/// Paths one request can match both of are written as the spec has them, with a warning
/// naming both; Redocly's matching `no-ambiguous-paths` warning is then the spec's, and the
/// only problem either validator reports.
#[test]
fn overlapping_paths_are_a_warning_naming_both() {
    let (code, stderr, dir) = generate_fixture("47-overlapping-paths", &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stderr.matches("warning[SF-A043]").count(), 1, "{stderr}");
    assert!(
        stderr.contains("warning[SF-A043]: /api/v1/alerts/{id}/acknowledge and /api/v1/alerts/oncall/{schedule_id} overlap: one request path can match both"),
        "{stderr}"
    );
    let document = dir.path().join("out/openapi.yaml");
    assert_openapi_valid_reported(&document, "47-overlapping-paths", &stderr);
    // Without specforge's own warning the same document fails Redocly, on that rule alone.
    if let Some(verdict) = redocly_lint(&document) {
        let problems = verdict.expect_err("Redocly warns about the overlap");
        let first_lines: Vec<&str> = problems
            .lines()
            .take_while(|l| !l.starts_with('`'))
            .collect();
        assert_eq!(first_lines.len(), 1, "{problems}");
        assert!(
            first_lines[0].contains("warn no-ambiguous-paths"),
            "{problems}"
        );
    }
}
