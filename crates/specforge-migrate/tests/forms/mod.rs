//! The round trip every `fixtures/variations/` migration test runs: the fixture's planned up
//! goes up on a real PostgreSQL (after the tables it assumes, created from its
//! `-- assumes table:` header), the catalog read back is compared with the schema model, the
//! down leaves nothing of ours, and the up applies again to the same catalog.
#![allow(dead_code)]

use crate::common::{fixture_text, spec_of};
use crate::pg::{PgServer, catalog};
use specforge_migrate::{MigrationFormat, plan_migration};

/// The planned up and down of a variations fixture (no errors allowed), and its model.
pub fn planned(fixture: &str) -> (specforge_schema::SchemaModel, String, String) {
    let spec = spec_of(&fixture_text(&format!("variations/{fixture}")));
    let (model, diags) = specforge_schema::build_schema(&spec);
    assert!(!diags.iter().any(|d| d.is_error()), "{fixture}: {diags:#?}");
    let (files, diags) = plan_migration(&spec, fixture, MigrationFormat::Plain);
    assert!(!diags.iter().any(|d| d.is_error()), "{fixture}: {diags:#?}");
    (model, files[0].contents.clone(), files[1].contents.clone())
}

/// The tables an up migration assumes, created from its `-- assumes table:` header lines as
/// a user (or corpus-yield) would: the schema, then the table with the listed columns.
pub fn assumed_setup(up: &str) -> String {
    let mut sql = String::new();
    for line in up.lines() {
        let Some(rest) = line.strip_prefix("-- assumes table: ") else {
            continue;
        };
        let (name, columns) = rest.split_once(' ').expect("name and columns");
        assert!(columns.starts_with('(') && columns.ends_with(')'), "{line}");
        let schema = name.split_once('.').expect("schema-qualified").0;
        sql.push_str(&format!(
            "CREATE SCHEMA IF NOT EXISTS {schema};\nCREATE TABLE {name} {columns};\n"
        ));
    }
    sql
}

/// Up, catalog = model, down leaves nothing, up again gives the same catalog. `setup` runs
/// first (after the reset), `schemas` are dropped before it; the tables the up assumes are
/// created from its header before `setup`.
pub fn round_trip(
    server: &PgServer,
    fixture: &str,
    schemas: &[&str],
    setup: &str,
) -> (String, String) {
    let (model, up, down) = planned(fixture);
    server.reset().expect("reset");
    for s in schemas {
        server
            .psql(&format!("DROP SCHEMA IF EXISTS {s} CASCADE;"))
            .expect("drop schema");
    }
    let setup = format!("{}{setup}", assumed_setup(&up));
    if !setup.is_empty() {
        server
            .psql(&setup)
            .unwrap_or_else(|e| panic!("{fixture} setup: {e}\n{setup}"));
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
    (up, down)
}
