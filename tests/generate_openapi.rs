//! `openapi.yaml`: every golden document passes both real validators (openapi-spec-validator
//! and Redocly's recommended ruleset, see `redocly.yaml`), its YAML and JSON forms decode to
//! the same value, YAML look-alike strings survive, and the error responses agree with the
//! spec's error tables (the enum side of that agreement is tested in `generated-examples`).

mod common;
use common::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// Valid fixtures whose spec has endpoints, so an OpenAPI document.
const WITH_API: &[&str] = &[
    "bookings",
    "inventory",
    "ledger",
    "notifications",
    "payouts",
];

fn golden(stem: &str) -> std::path::PathBuf {
    repo_path(&format!("generated-examples/{stem}/openapi.yaml"))
}

fn yaml_value(path: &std::path::Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{path:?}: {e}"))
}

#[test]
fn every_golden_document_passes_both_validators() {
    for stem in WITH_API {
        assert_openapi_valid(
            &golden(stem),
            &format!("generated-examples/{stem}/openapi.yaml"),
        );
    }
}

#[test]
fn fixtures_without_endpoints_get_no_document() {
    assert!(!repo_path("generated-examples/hostile-text/openapi.yaml").exists());
    for stem in WITH_API {
        assert!(golden(stem).exists(), "{stem}");
    }
}

#[test]
fn yaml_and_json_forms_decode_equal() {
    let dir = tempfile::tempdir().unwrap();
    for stem in WITH_API {
        let out = dir.path().join(stem);
        let (code, stderr) = generate(&[
            &format!("fixtures/valid/{stem}.md"),
            "--out",
            &out.to_string_lossy(),
            "--only",
            "openapi",
            "--openapi-json",
        ]);
        assert_eq!(code, 0, "{stderr}");
        let yaml = yaml_value(&out.join("openapi.yaml"));
        let json: Value =
            serde_json::from_str(&std::fs::read_to_string(out.join("openapi.json")).unwrap())
                .unwrap();
        assert_eq!(yaml, json, "{stem}");
        assert_eq!(yaml, yaml_value(&golden(stem)), "{stem}: golden");
        assert_eq!(yaml["openapi"], "3.0.3");
    }
}

/// Error codes per operation and status, from the document's `x-specforge-error-codes`.
fn document_error_codes(doc: &Value) -> BTreeMap<String, BTreeMap<u16, BTreeSet<String>>> {
    let mut out = BTreeMap::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let Some(responses) = op["responses"].as_object() else {
                continue;
            };
            let key = format!("{} {path}", method.to_uppercase());
            for (status, response) in responses {
                if let Some(codes) = response["x-specforge-error-codes"].as_array() {
                    let set = codes
                        .iter()
                        .map(|c| c.as_str().unwrap().to_owned())
                        .collect();
                    out.entry(key.clone())
                        .or_insert_with(BTreeMap::new)
                        .insert(status.parse::<u16>().unwrap(), set);
                }
            }
        }
    }
    out
}

#[test]
fn error_responses_agree_with_the_error_tables() {
    for stem in WITH_API {
        let doc = yaml_value(&golden(stem));
        let (_, spec) = extract_json(&format!("fixtures/valid/{stem}.md"), &[]);
        // Statuses of the merged catalogue.
        let status_of: BTreeMap<String, u64> = items(&spec, "/spec/errors/codes")
            .iter()
            .map(|c| {
                (
                    c["code"]["value"].as_str().unwrap().to_owned(),
                    c["status"]["value"].as_u64().unwrap(),
                )
            })
            .collect();
        // The codes each endpoint's own tables, lines and examples name.
        let mut named: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for entry in items(&spec, "/spec/errors/entries") {
            if let Some(endpoint) = entry["scope"]["endpoint"].as_str() {
                named
                    .entry(endpoint.to_owned())
                    .or_default()
                    .insert(entry["code"]["value"].as_str().unwrap().to_owned());
            }
        }
        let documented = document_error_codes(&doc);
        for (endpoint, codes) in &named {
            let by_status = documented
                .get(endpoint)
                .unwrap_or_else(|| panic!("{stem}: {endpoint} has no error responses"));
            for code in codes {
                let status = status_of[code] as u16;
                assert!(
                    by_status.get(&status).is_some_and(|s| s.contains(code)),
                    "{stem}: {endpoint}: `{code}` is not listed under {status}: {by_status:?}"
                );
            }
        }
        // Every listed code sits under the status the catalogue gives it.
        for (endpoint, by_status) in &documented {
            for (status, codes) in by_status {
                for code in codes {
                    assert_eq!(
                        status_of.get(code).map(|s| *s as u16),
                        Some(*status),
                        "{stem}: {endpoint}: `{code}`"
                    );
                }
            }
        }
        // The shared Error schema's code enum is the whole catalogue, in catalogue order.
        let enum_codes: Vec<&str> = find_code_enum(&doc["components"]["schemas"]["Error"])
            .unwrap_or_else(|| panic!("{stem}: the Error schema has no code enum"))
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect();
        let catalogue: Vec<&str> = status_of.keys().map(String::as_str).collect();
        let mut sorted = enum_codes.clone();
        sorted.sort();
        assert_eq!(sorted, catalogue, "{stem}");
    }
}

/// The `enum` of the first property named `code` or `error_code`, depth first.
fn find_code_enum(schema: &Value) -> Option<&Vec<Value>> {
    let properties = schema["properties"].as_object()?;
    for (name, property) in properties {
        if (name == "code" || name == "error_code")
            && let Some(values) = property["enum"].as_array()
        {
            return Some(values);
        }
    }
    properties.values().find_map(find_code_enum)
}

/// An Auth cell saying `None` makes the operation public (`security: []`) even when the API
/// states a scheme that covers every other operation.
#[test]
fn a_none_auth_cell_is_public_under_a_stated_scheme() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("spec.md");
    std::fs::write(
        &spec,
        "# Orders Service - Technical Specification\n\n**Status:** Approved\n\n## API\n\n\
         All endpoints require a Bearer JWT.\n\n### Authentication\n\nBearer JWT in the Authorization header.\n\n\
         | Method | Path | Description | Auth |\n|---|---|---|---|\n\
         | GET | /health | Health check | None |\n| GET | /orders | List orders | Required |\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let (code, stderr) = generate(&[
        &spec.to_string_lossy(),
        "--out",
        &out.to_string_lossy(),
        "--only",
        "openapi",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let doc = yaml_value(&out.join("openapi.yaml"));
    assert_eq!(
        doc["paths"]["/health"]["get"]["security"],
        serde_json::json!([])
    );
    assert!(doc["security"].as_array().is_some_and(|s| !s.is_empty()));
    assert!(doc["paths"]["/orders"]["get"].get("security").is_none());
}
