//! The whole `generate` pipeline in memory (read, extract, gate, schema, consistency rules,
//! all four artifacts, `specforge.sum`; no re-read unless `--verify`), and `check`'s
//! extra work (comparing with files on disk), on the ledger fixture and on synthetic specs of
//! 50 KB, 1 MB and 10 MB (criterion).
//!
//! `cargo bench --bench generate`; the figures are reported in the README. Whole-process
//! timings (`hyperfine`) are in the README too.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use specforge_pipeline::{Options, load_text, render, write};
use std::hint::black_box;

#[path = "support/synthetic.rs"]
mod synthetic;

fn inputs() -> Vec<(&'static str, String)> {
    let ledger = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/valid/ledger.md"
    ))
    .expect("the ledger fixture");
    vec![
        ("ledger-20KB", ledger),
        ("50KB", synthetic::synthetic_spec(50_000)),
        ("1MB", synthetic::synthetic_spec(1_000_000)),
        ("10MB", synthetic::synthetic_spec(10_000_000)),
    ]
}

fn generate_in_memory(c: &mut Criterion) {
    let options = Options::default();
    let mut group = c.benchmark_group("generate");
    group.sample_size(10);
    for (label, spec) in inputs() {
        group.throughput(Throughput::Bytes(spec.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(label), &spec, |b, spec| {
            b.iter(|| {
                let loaded = load_text("spec.md".to_owned(), black_box(spec.clone()), false);
                let rendered = render(&loaded, &options);
                assert!(!rendered.artifacts.is_empty(), "{label}: nothing rendered");
                black_box(rendered.artifacts.len())
            })
        });
    }
    group.finish();
}

fn check_against_disk(c: &mut Criterion) {
    let options = Options::default();
    let mut group = c.benchmark_group("check");
    group.sample_size(10);
    for (label, spec) in inputs() {
        let dir = tempfile::tempdir().unwrap();
        let loaded = load_text("spec.md".to_owned(), spec.clone(), false);
        write::write_all(dir.path(), &render(&loaded, &options).artifacts).unwrap();
        group.throughput(Throughput::Bytes(spec.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(label), &spec, |b, spec| {
            b.iter(|| {
                let loaded = load_text("spec.md".to_owned(), black_box(spec.clone()), false);
                let rendered = render(&loaded, &options);
                let drift = write::compare_all(dir.path(), &rendered.artifacts).unwrap();
                assert!(drift.iter().all(Option::is_none), "{label}: drift");
                black_box(drift.len())
            })
        });
    }
    group.finish();
}

criterion_group!(benches, generate_in_memory, check_against_disk);
criterion_main!(benches);
