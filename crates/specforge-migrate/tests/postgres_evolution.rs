//! Spec evolution on a real PostgreSQL: for each revision chain under `fixtures/evolution/`,
//! the migrations planned v1 → v2 → v3 (as `generate` plans them on top of the files already
//! written) are applied in order with rows seeded in between; the catalog must then equal a
//! fresh v3 schema, the seeded rows must survive every ALTER, and each down migration must
//! bring the catalog back to what it was before its up.

mod common;
mod pg;

use common::{fixture_text, spec_of};
use pg::catalog;
use specforge_migrate::{MigrationFormat, build_schema, file_order, plan_evolution, up_sql};
use specforge_model::Artifact;

/// The migration files of every version of `chain`, each planned on top of the previous
/// version's files, as `generate` does it.
fn planned_chain(chain: &str, versions: usize) -> Vec<Vec<Artifact>> {
    let mut out: Vec<Vec<Artifact>> = Vec::new();
    for v in 1..=versions {
        let text = fixture_text(&format!("evolution/{chain}/v{v}.md"));
        let spec = spec_of(&text);
        let (model, diags) = build_schema(&spec);
        let applied = out.last().cloned().unwrap_or_default();
        let (files, diags) = plan_evolution(
            &spec,
            &model,
            diags,
            &format!("{chain}.md"),
            MigrationFormat::Plain,
            &applied,
        );
        assert!(
            !diags.iter().any(|d| d.is_error()),
            "{chain} v{v}: {diags:#?}"
        );
        assert!(
            files.starts_with(&applied),
            "{chain} v{v}: an applied migration was rewritten"
        );
        out.push(files);
    }
    out
}

/// The up and down file pairs of `files`, in order.
fn pairs(files: &[Artifact]) -> Vec<(&Artifact, &Artifact)> {
    let mut sorted: Vec<&Artifact> = files.iter().collect();
    sorted.sort_by_cached_key(|f| file_order(MigrationFormat::Plain, &f.path));
    sorted.chunks(2).map(|p| (p[0], p[1])).collect()
}

struct Seed {
    /// Rows inserted after this many migrations have run.
    after: usize,
    sql: &'static str,
}

fn run_chain(server: &pg::PgServer, chain: &str, seeds: &[Seed], survives: &[(&str, &str)]) {
    let versions = planned_chain(chain, 3);
    let all = versions.last().unwrap();
    let pairs = pairs(all);
    assert!(pairs.len() >= 3, "{chain}: {} migrations", pairs.len());
    for (up, down) in &pairs {
        assert!(up.path.ends_with(".up.sql") && down.path.ends_with(".down.sql"));
        assert!(up_sql(MigrationFormat::Plain, &up.path, &up.contents).is_some());
    }

    // Up, one migration at a time, seeding rows where asked; the catalog after each.
    server.reset().expect("reset");
    let mut catalogs = vec![catalog::read(server)];
    for (i, (up, _)) in pairs.iter().enumerate() {
        for seed in seeds.iter().filter(|s| s.after == i) {
            server
                .psql(seed.sql)
                .unwrap_or_else(|e| panic!("{chain}: seeding: {e}"));
        }
        server
            .psql(&up.contents)
            .unwrap_or_else(|e| panic!("{chain}: {}: {e}\n{}", up.path, up.contents));
        catalogs.push(catalog::read(server));
    }
    for (query, want) in survives {
        let got = server
            .psql(query)
            .unwrap_or_else(|e| panic!("{chain}: {query}: {e}"));
        assert_eq!(
            got.trim(),
            *want,
            "{chain}: seeded data after every migration: {query}"
        );
    }
    let chained = catalogs.last().unwrap().clone();

    // Down, one at a time: each returns the catalog to what it was before its up.
    for (i, (up, down)) in pairs.iter().enumerate().rev() {
        server
            .psql(&down.contents)
            .unwrap_or_else(|e| panic!("{chain}: {}: {e}\n{}", down.path, down.contents));
        if let Err(diff) = catalog::compare(&catalogs[i], &catalog::read(server)) {
            panic!("{chain}: {} does not undo {}:{diff}", down.path, up.path);
        }
    }

    // A fresh v3 gives the catalog the chain gave.
    let text = fixture_text(&format!("evolution/{chain}/v3.md"));
    let (fresh, diags) =
        specforge_migrate::plan_migration(&spec_of(&text), "v3.md", MigrationFormat::Plain);
    assert!(!diags.iter().any(|d| d.is_error()), "{diags:#?}");
    server.reset().expect("reset");
    server.psql(&fresh[0].contents).expect("fresh v3 applies");
    if let Err(diff) = catalog::compare(&catalog::read(server), &chained) {
        panic!("{chain}: the migrated catalog differs from a fresh v3:{diff}");
    }
}

#[test]
fn orders_chain_matches_a_fresh_schema_and_keeps_its_rows() {
    let Some(server) = pg::PgServer::start_or_skip() else {
        return;
    };
    run_chain(
        &server,
        "orders",
        &[Seed {
            after: 1,
            sql: "INSERT INTO customers (email, name) VALUES ('ann@example.com', 'Ann'); \
                  INSERT INTO purchases (customer_id, status, total_cents, note) \
                  SELECT id, 'paid', 1250, 'gift wrap' FROM customers;",
        }],
        &[
            (
                "SELECT o.amount_cents, o.status, o.currency, c.email, c.name FROM orders o JOIN customers c ON c.id = o.customer_id",
                "1250\tpaid\tEUR\tann@example.com\tAnn",
            ),
            (
                "SELECT count(*) FROM information_schema.columns WHERE table_name = 'orders' AND column_name = 'note'",
                "0",
            ),
        ],
    );
}

#[test]
fn catalog_chain_matches_a_fresh_schema_and_keeps_its_rows() {
    let Some(server) = pg::PgServer::start_or_skip() else {
        return;
    };
    run_chain(
        &server,
        "catalog",
        &[Seed {
            after: 1,
            sql: "INSERT INTO categories (id, name, slug) VALUES \
                  ('6f1c2a4e-8d1b-4c7e-9a3f-2b6d8e1f0a7c', 'Mugs', 'mugs');",
        }],
        &[("SELECT name, slug FROM product_categories", "Mugs\tmugs")],
    );
}
