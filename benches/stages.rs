//! One criterion group per stage of the pipeline, on synthetic specs of 50 KB and 1 MB, so a
//! change to one stage shows in its own figure: schema (sqlparser), consistency rules, the
//! OpenAPI document and its YAML (and both at once, each path streamed as `generate` does),
//! migrations, `errors.rs`, the alert files, and the `--verify`
//! re-reads. Reading and extraction are `benches/extract.rs`; the whole pipeline is
//! `benches/generate.rs`.
//!
//! `cargo bench --bench stages`.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use specforge_pipeline::{LoadedSpec, load_text};
use std::hint::black_box;

#[path = "support/synthetic.rs"]
mod synthetic;

fn inputs() -> Vec<(&'static str, LoadedSpec)> {
    [("50KB", 50_000), ("1MB", 1_000_000)]
        .into_iter()
        .map(|(label, size)| {
            let text = synthetic::synthetic_spec(size);
            (label, load_text("spec.md".to_owned(), text, false))
        })
        .collect()
}

fn stages(c: &mut Criterion) {
    for (label, loaded) in inputs() {
        let spec = &loaded.extraction.spec;
        let bytes = loaded.text.len() as u64;
        let (schema, _) = specforge_schema::build_schema(spec);
        let document = specforge_openapi::build(spec, &schema, "spec.md").document;
        let yaml = specforge_openapi::to_yaml(&document, "spec.md").unwrap();
        let alerts =
            specforge_alerts::emit(spec, "spec.md", &specforge_alerts::AlertsConfig::default());
        let (migrations, _) = specforge_migrate::plan_migration_from(
            spec,
            &schema,
            Vec::new(),
            "spec.md",
            specforge_migrate::MigrationFormat::Plain,
        );
        let mut group = c.benchmark_group(format!("stages/{label}"));
        group.sample_size(10);
        group.throughput(Throughput::Bytes(bytes));
        let mut bench = |name: &str, f: &mut dyn FnMut() -> usize| {
            group.bench_function(BenchmarkId::from_parameter(name), |b| {
                b.iter(|| black_box(f()))
            });
        };
        bench("schema", &mut || {
            specforge_schema::build_schema(spec).0.tables.len()
        });
        bench("consistency", &mut || {
            specforge_consistency::check(spec, &schema).len()
        });
        bench("openapi-build", &mut || {
            specforge_openapi::build(spec, &schema, "spec.md")
                .document
                .paths
                .paths
                .len()
        });
        bench("openapi-yaml", &mut || {
            specforge_openapi::to_yaml(&document, "spec.md")
                .unwrap()
                .len()
        });
        bench("openapi-streamed-yaml", &mut || {
            specforge_openapi::build_yaml(spec, &schema, "spec.md")
                .0
                .unwrap()
                .len()
        });
        bench("migrations", &mut || {
            specforge_migrate::plan_migration_from(
                spec,
                &schema,
                Vec::new(),
                "spec.md",
                specforge_migrate::MigrationFormat::Plain,
            )
            .0
            .len()
        });
        bench("errors.rs", &mut || {
            specforge_rust::emit(spec, "spec.md", &Default::default())
                .artifacts
                .len()
        });
        bench("alerts", &mut || {
            specforge_alerts::emit(spec, "spec.md", &Default::default())
                .artifacts
                .len()
        });
        bench("verify-openapi-yaml", &mut || {
            specforge_openapi::verify(&yaml, &document).map_or(0, |()| 1)
        });
        bench("verify-alerts", &mut || {
            specforge_alerts::yaml::verify(&alerts.artifacts, "spec.md").map_or(0, |()| 1)
        });
        bench("verify-sql", &mut || {
            migrations
                .iter()
                .filter(|f| specforge_migrate::reparse(&f.contents).is_ok())
                .count()
        });
        group.finish();
    }
}

criterion_group!(benches, stages);
criterion_main!(benches);
