//! Times each stage of the pipeline on one spec, for finding where the time goes:
//! `cargo run --release -p specforge-pipeline --example stages -- SPEC`.

use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).expect("usage: stages SPEC");
    let text = std::fs::read_to_string(&path).expect("readable spec");
    let t = Instant::now();
    let loaded = specforge_pipeline::load_text(path.clone(), text, false);
    let load = t.elapsed();
    let spec = &loaded.extraction.spec;
    let t = Instant::now();
    let (schema, _) = specforge_schema::build_schema(spec);
    let schema_time = t.elapsed();
    let t = Instant::now();
    let _ = specforge_consistency::check(spec, &schema);
    let consistency = t.elapsed();
    let t = Instant::now();
    let built = specforge_openapi::build(spec, &schema, &path);
    let openapi_build = t.elapsed();
    let t = Instant::now();
    let yaml = specforge_openapi::to_yaml(&built.document, &path).unwrap();
    let openapi_yaml = t.elapsed();
    let t = Instant::now();
    specforge_openapi::verify(&yaml, &built.document).unwrap();
    let openapi_reparse = t.elapsed();
    let t = Instant::now();
    let (streamed, _) = specforge_openapi::build_yaml(spec, &schema, &path);
    assert_eq!(streamed.unwrap(), yaml);
    eprintln!("openapi build + yaml, streamed {:?}", t.elapsed());
    let t = Instant::now();
    let mut o = serde_saphyr::Options::default();
    o.budget = None;
    let _: serde::de::IgnoredAny = serde_saphyr::from_str_with_options(&yaml, o).unwrap();
    eprintln!("yaml ignored-any {:?}", t.elapsed());
    let t = Instant::now();
    let (migrations, _) = specforge_migrate::plan_migration_from(
        spec,
        &schema,
        Vec::new(),
        &path,
        specforge_migrate::MigrationFormat::Plain,
    );
    let migrate = t.elapsed();
    let t = Instant::now();
    for file in &migrations {
        specforge_migrate::reparse(&file.contents).unwrap();
    }
    let sql_reparse = t.elapsed();
    let sql_bytes: usize = migrations.iter().map(|f| f.contents.len()).sum();
    let t = Instant::now();
    let rust = specforge_rust::emit(spec, &path, &specforge_rust::RustOptions::default());
    let errors = t.elapsed();
    let t = Instant::now();
    let verified = specforge_rust::RustOptions {
        verify: true,
        ..Default::default()
    };
    let _ = specforge_rust::emit(spec, &path, &verified);
    let errors_verified = t.elapsed();
    let t = Instant::now();
    let alerts = specforge_alerts::emit(spec, &path, &specforge_alerts::AlertsConfig::default());
    let alerts_time = t.elapsed();
    let t = Instant::now();
    specforge_alerts::yaml::verify(&alerts.artifacts, &path).unwrap();
    let alerts_verify = t.elapsed();
    let t = Instant::now();
    let rendered = specforge_pipeline::render(&loaded, &specforge_pipeline::Options::default());
    let render = t.elapsed();
    let t = Instant::now();
    let verify = specforge_pipeline::Options {
        verify: true,
        ..Default::default()
    };
    let _ = specforge_pipeline::render(&loaded, &verify);
    let render_verified = t.elapsed();
    eprintln!(
        "load {load:?}\nschema {schema_time:?}\nconsistency {consistency:?}\nopenapi build {openapi_build:?}\nopenapi yaml {openapi_yaml:?} ({} bytes)\nopenapi reparse (--verify) {openapi_reparse:?}\nmigrations (incl. reparse) {migrate:?} ({} files, {sql_bytes} bytes)\n  of which SQL re-parse {sql_reparse:?}\nerrors.rs {errors:?} ({} files), with --verify {errors_verified:?}\nalerts {alerts_time:?} ({} files), --verify re-read {alerts_verify:?}\nrender total {render:?} ({} artifacts), with --verify {render_verified:?}",
        yaml.len(),
        migrations.len(),
        rust.artifacts.len(),
        alerts.artifacts.len(),
        rendered.artifacts.len()
    );
}

#[allow(dead_code)]
fn reparse_options(yaml: &str, document: &openapiv3::OpenAPI) {
    let t = Instant::now();
    let v: serde_json::Value = serde_saphyr::from_str_with_options(yaml, {
        let mut o = serde_saphyr::Options::default();
        o.budget = None;
        o
    })
    .unwrap();
    eprintln!("yaml -> json value {:?}", t.elapsed());
    let t = Instant::now();
    let w = serde_json::to_value(document).unwrap();
    eprintln!("document -> json value {:?}", t.elapsed());
    let t = Instant::now();
    eprintln!("equal {} {:?}", v == w, t.elapsed());
    let t = Instant::now();
    let _: openapiv3::OpenAPI = serde_json::from_value(w).unwrap();
    eprintln!("json value -> openapiv3 {:?}", t.elapsed());
}
