//! The benchmark's synthetic spec is read as intended, so the benchmark measures real work.

#[path = "../benches/support/synthetic.rs"]
mod synthetic;

#[test]
fn synthetic_spec_extracts_every_construct() {
    let spec = synthetic::synthetic_spec(200_000);
    let (document, read_diagnostics) = specforge_markdown::read(&spec);
    let extraction = specforge_extract::extract(&spec, &document);
    let modules = extraction.spec.schema.tables.len();
    assert!(modules > 50, "{modules} modules");
    assert_eq!(extraction.spec.schema.sql_blocks.len(), modules);
    assert_eq!(extraction.spec.api.endpoints.len(), 2 * modules);
    assert_eq!(extraction.spec.errors.entries.len(), 4 * modules);
    assert_eq!(extraction.spec.observability.metrics.len(), modules);
    assert_eq!(
        extraction.spec.observability.alerts.len(),
        modules.div_ceil(5)
    );
    assert!(read_diagnostics.is_empty(), "{read_diagnostics:?}");
    assert!(
        extraction.diagnostics.iter().all(|d| !d.is_error()),
        "{:?}",
        extraction.diagnostics.iter().find(|d| d.is_error())
    );
    assert_eq!(synthetic::synthetic_spec(200_000), spec, "deterministic");
}
