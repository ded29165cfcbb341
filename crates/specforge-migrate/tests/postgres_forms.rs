//! The forms real specs write (issue 14), each from a fixture of `fixtures/variations/3x-*`:
//! the generated migration goes up on a real PostgreSQL, the catalog read back is compared
//! with the schema model, the down leaves nothing of ours, and the up applies again to the
//! same catalog.
mod common;
mod pg;

use common::{fixture_text, spec_of};
use pg::catalog;
use specforge_migrate::{MigrationFormat, plan_migration};

/// The planned up and down of a variations fixture (no errors allowed), and its model.
fn planned(fixture: &str) -> (specforge_schema::SchemaModel, String, String) {
    let spec = spec_of(&fixture_text(&format!("variations/{fixture}")));
    let (model, diags) = specforge_schema::build_schema(&spec);
    assert!(!diags.iter().any(|d| d.is_error()), "{fixture}: {diags:#?}");
    let (files, diags) = plan_migration(&spec, fixture, MigrationFormat::Plain);
    assert!(!diags.iter().any(|d| d.is_error()), "{fixture}: {diags:#?}");
    (model, files[0].contents.clone(), files[1].contents.clone())
}

/// Up, catalog = model, down leaves nothing, up again gives the same catalog. `setup` runs
/// first (after the reset), `schemas` are dropped before it.
fn round_trip(server: &pg::PgServer, fixture: &str, schemas: &[&str], setup: &str) -> Vec<String> {
    let (model, up, down) = planned(fixture);
    server.reset().expect("reset");
    for s in schemas {
        server
            .psql(&format!("DROP SCHEMA IF EXISTS {s} CASCADE;"))
            .expect("drop schema");
    }
    if !setup.is_empty() {
        server
            .psql(setup)
            .unwrap_or_else(|e| panic!("{fixture} setup: {e}"));
    }
    let before = catalog::read(server);
    server
        .psql(&up)
        .unwrap_or_else(|e| panic!("{fixture} up: {e}\n{up}"));
    let first = catalog::read(server);
    let ours: Vec<String> = first
        .iter()
        .filter(|l| !before.contains(l))
        .cloned()
        .collect();
    if let Err(diff) = catalog::compare(&catalog::expected(&model), &ours) {
        panic!("{fixture}: the catalog after up differs from the model:{diff}\n{up}");
    }
    server
        .psql(&down)
        .unwrap_or_else(|e| panic!("{fixture} down: {e}\n{down}"));
    assert_eq!(
        catalog::read(server),
        before,
        "{fixture}: down leaves more than it found\n{down}"
    );
    server
        .psql(&up)
        .unwrap_or_else(|e| panic!("{fixture} up again: {e}"));
    if let Err(diff) = catalog::compare(&first, &catalog::read(server)) {
        panic!("{fixture}: the second up differs from the first:{diff}");
    }
    vec![up, down]
}

#[test]
fn schema_names_create_the_schema_and_public_is_the_default() {
    let (model, up, down) = planned("30-sql-schema-names.md");
    assert!(
        model
            .table(&specforge_schema::QualifiedName::bare("users"))
            .is_some()
    );
    assert!(up.contains("CREATE SCHEMA audit;\n"), "{up}");
    assert!(
        up.contains("CREATE SCHEMA IF NOT EXISTS reporting;\n"),
        "{up}"
    );
    assert!(
        down.trim_end().ends_with("DROP SCHEMA IF EXISTS audit;"),
        "{down}"
    );
    assert!(!down.contains("DROP SCHEMA IF EXISTS reporting"), "{down}");
    let Some(server) = pg::PgServer::start_or_skip() else {
        return;
    };
    round_trip(
        &server,
        "30-sql-schema-names.md",
        &["audit", "reporting"],
        "CREATE SCHEMA reporting;",
    );
    let schemas = server
        .rows("SELECT nspname FROM pg_namespace WHERE nspname IN ('audit', 'reporting') ORDER BY 1")
        .expect("schemas");
    assert_eq!(schemas, [["audit"], ["reporting"]]);
}
