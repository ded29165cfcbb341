//! The post-conditions `generate` no longer runs (it re-proved what the libraries guarantee;
//! `generate --verify` still runs them), proved here for every fixture in `fixtures/valid/` and
//! `fixtures/variations/`, on the artifacts the pipeline renders:
//! - `openapi.yaml` is what `to_yaml` writes for the document; serde-saphyr reads it back into
//!   the openapiv3 model equal to the document, and PyYAML (YAML 1.1) reads it as the
//!   document's JSON form;
//! - `alerts.yaml` and `alerts.test.yaml` read back into their models, which write the same
//!   bytes again, and PyYAML reads them as those models' JSON forms;
//! - `errors.rs` parses with syn (one parse per fixture);
//! - every migration parses as PostgreSQL (sqlparser; the PostgreSQL tests apply them too).
//!
//! Arbitrary documents get the YAML readings in the property tests of specforge-openapi and
//! specforge-alerts (`tests/yaml_proof.rs`).

#[path = "support/pyyaml.rs"]
mod pyyaml;

use specforge_pipeline::{Options, load_text, render};
use std::path::Path;

fn fixtures() -> Vec<String> {
    let mut names = Vec::new();
    for folder in ["fixtures/valid", "fixtures/variations"] {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
        for entry in std::fs::read_dir(&dir).expect("fixture folder") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|e| e == "md") {
                let file = path.file_name().unwrap().to_string_lossy().into_owned();
                names.push(format!("{folder}/{file}"));
            }
        }
    }
    names.sort();
    names
}

fn render_all() -> Vec<(
    String,
    Vec<specforge_model::Artifact>,
    Option<serde_json::Value>,
)> {
    let mut out = Vec::new();
    for name in fixtures() {
        let bytes = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(&name)).unwrap();
        let text = specforge_markdown::decode(&bytes, 16 << 20).expect("decodes");
        let loaded = load_text(name.clone(), text, true);
        let rendered = render(&loaded, &Options::default());
        let mut document = None;
        if let Some(yaml) = rendered.artifacts.iter().find(|a| a.path == "openapi.yaml") {
            let spec = &loaded.extraction.spec;
            let (schema, _) = specforge_schema::build_schema(spec);
            let built = specforge_openapi::build(spec, &schema, &name);
            assert_eq!(
                specforge_openapi::to_yaml(&built.document, &name).as_deref(),
                Ok(yaml.contents.as_str()),
                "{name}: the document built again writes the rendered openapi.yaml"
            );
            let back = specforge_openapi::reparse(&yaml.contents)
                .unwrap_or_else(|e| panic!("{name}: openapi.yaml does not re-read: {e}"));
            assert!(
                back == built.document,
                "{name}: openapi.yaml reads back as another document"
            );
            specforge_openapi::verify(&yaml.contents, &built.document)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            document = Some(serde_json::to_value(&built.document).unwrap());
        }
        out.push((name, rendered.artifacts, document));
    }
    out
}

#[test]
fn every_fixture_artifact_reads_back() {
    let rendered = render_all();
    let mut proved = [0usize; 4];
    let mut pyyaml_texts: Vec<String> = Vec::new();
    let mut pyyaml_expected: Vec<(String, serde_json::Value)> = Vec::new();
    for (name, artifacts, document) in &rendered {
        if let Some(document) = document {
            let yaml = artifacts.iter().find(|a| a.path == "openapi.yaml").unwrap();
            pyyaml_texts.push(yaml.contents.clone());
            pyyaml_expected.push((format!("{name}: openapi.yaml"), document.clone()));
            proved[0] += 1;
        }
        let alerts: Vec<_> = artifacts
            .iter()
            .filter(|a| a.path.starts_with("alerts"))
            .cloned()
            .collect();
        if !alerts.is_empty() {
            specforge_alerts::yaml::verify(&alerts, name).unwrap_or_else(|e| panic!("{name}: {e}"));
            for file in &alerts {
                let value: serde_json::Value = if file.path == specforge_alerts::RULES_PATH {
                    let model: specforge_alerts::rules::RuleFile =
                        specforge_alerts::yaml::reparse(&file.contents).unwrap();
                    serde_json::to_value(model).unwrap()
                } else {
                    let model: specforge_alerts::unit_tests::TestFile =
                        specforge_alerts::yaml::reparse(&file.contents).unwrap();
                    serde_json::to_value(model).unwrap()
                };
                pyyaml_texts.push(file.contents.clone());
                pyyaml_expected.push((format!("{name}: {}", file.path), value));
            }
            proved[1] += 1;
        }
        if let Some(rust) = artifacts.iter().find(|a| a.path == "errors.rs") {
            syn::parse_file(&rust.contents)
                .unwrap_or_else(|e| panic!("{name}: errors.rs does not parse: {e}"));
            proved[2] += 1;
        }
        let mut any_sql = false;
        for sql in artifacts.iter().filter(|a| a.path.ends_with(".sql")) {
            specforge_migrate::reparse(&sql.contents)
                .unwrap_or_else(|e| panic!("{name}: {} does not parse: {e}", sql.path));
            any_sql = true;
        }
        proved[3] += usize::from(any_sql);
    }
    // Every kind is proved on more than a handful of fixtures.
    for (kind, count) in ["openapi", "alerts", "errors", "migrations"]
        .iter()
        .zip(proved)
    {
        assert!(count >= 5, "only {count} fixtures prove {kind}");
    }
    let texts: Vec<&str> = pyyaml_texts.iter().map(String::as_str).collect();
    let Some(readings) = pyyaml::load_all(&texts) else {
        pyyaml::skip_or_fail();
        return;
    };
    for ((what, expected), reading) in pyyaml_expected.iter().zip(readings) {
        match reading {
            Err(message) => panic!("{what}: PyYAML cannot read it: {message}"),
            Ok(read) => assert!(
                read == *expected,
                "{what}: PyYAML reads another document: {}",
                pyyaml::first_difference(&read, expected, "")
            ),
        }
    }
}
