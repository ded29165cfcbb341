//! Reading and extracting synthetic specs of 50 KB, 1 MB and 10 MB (criterion).
//!
//! `cargo bench --bench extract`; the figures are reported in the README.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

#[path = "support/synthetic.rs"]
mod synthetic;

fn read_and_extract(c: &mut Criterion) {
    let mut group = c.benchmark_group("read+extract");
    group.sample_size(10);
    for (label, size) in [("50KB", 50_000), ("1MB", 1_000_000), ("10MB", 10_000_000)] {
        let spec = synthetic::synthetic_spec(size);
        group.throughput(Throughput::Bytes(spec.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(label), &spec, |b, spec| {
            b.iter(|| {
                let (document, _) = specforge_markdown::read(black_box(spec));
                let extraction = specforge_extract::extract(spec, &document);
                black_box(extraction.spec.api.endpoints.len())
            })
        });
    }
    group.finish();
}

criterion_group!(benches, read_and_extract);
criterion_main!(benches);
