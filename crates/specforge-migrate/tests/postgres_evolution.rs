//! Spec evolution on a real PostgreSQL: for each revision chain under `fixtures/evolution/`,
//! the migrations planned v1 → v2 → v3 (as `generate` plans them on top of the files already
//! written) are applied in order with rows seeded in between; the catalog must then equal a
//! fresh v3 schema, the seeded rows must survive every ALTER, and each down migration must
//! bring the catalog back to what it was before its up.

// The schema crate's test helpers, shared rather than copied.
#[path = "../../specforge-schema/tests/common/mod.rs"]
mod common;
mod pg;

use common::{fixture_text, spec_of};
use pg::catalog;
use specforge_migrate::{MigrationFormat, file_order, plan_evolution, up_sql};
use specforge_model::Artifact;
use specforge_schema::build_schema;

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

/// Runs one migration file, failing with its name and text.
fn apply(server: &pg::PgServer, what: &str, file: &Artifact) {
    server
        .psql(&file.contents)
        .unwrap_or_else(|e| panic!("{what}: {}: {e}\n{}", file.path, file.contents));
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
        apply(server, chain, up);
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
        apply(server, chain, down);
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

/// A spec whose schema is `ddl`, with `allows` above the fence.
fn spec_md(allows: &str, ddl: &str) -> String {
    format!("# Service\n\n**Status:** Approved\n\n## Schema\n\n{allows}\n\n```sql\n{ddl}\n```\n")
}

/// Applies `old`'s first migration, then the planned step to `new`: the catalog must equal a
/// fresh `new`, and the step's down must give `old`'s catalog back.
fn revision_round_trip(server: &pg::PgServer, what: &str, old: &str, allows: &str, new: &str) {
    let old_md = spec_md("", old);
    let new_md = spec_md(allows, new);
    let (first, _) =
        specforge_migrate::plan_migration(&spec_of(&old_md), "s.md", MigrationFormat::Plain);
    let spec = spec_of(&new_md);
    let (model, diags) = build_schema(&spec);
    let (files, diags) =
        plan_evolution(&spec, &model, diags, "s.md", MigrationFormat::Plain, &first);
    assert!(!diags.iter().any(|d| d.is_error()), "{what}: {diags:#?}");
    let pairs = pairs(&files);
    assert!(pairs.len() > 1, "{what}: nothing planned");
    server.reset().expect("reset");
    server.psql(&first[0].contents).expect("first migration");
    let before = catalog::read(server);
    for (up, _) in &pairs[1..] {
        apply(server, what, up);
    }
    let after = catalog::read(server);
    for (_, down) in pairs[1..].iter().rev() {
        apply(server, what, down);
    }
    if let Err(diff) = catalog::compare(&before, &catalog::read(server)) {
        panic!("{what}: the downs do not restore the old catalog:{diff}");
    }
    let (fresh, _) = specforge_migrate::plan_migration(&spec, "s.md", MigrationFormat::Plain);
    server.reset().expect("reset");
    server.psql(&fresh[0].contents).expect("fresh");
    if let Err(diff) = catalog::compare(&catalog::read(server), &after) {
        panic!("{what}: the migrated catalog differs from a fresh schema:{diff}");
    }
}

#[test]
fn revisions_that_need_careful_ordering_apply_and_undo() {
    let Some(server) = pg::PgServer::start_or_skip() else {
        return;
    };
    let customers = "CREATE TABLE customers (id bigint PRIMARY KEY, code text);";
    let orders = "CREATE TABLE orders (id bigint PRIMARY KEY);";
    revision_round_trip(
        &server,
        "a new referenced table and a new foreign-key column",
        orders,
        "",
        &format!(
            "{customers}\nCREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers (id));"
        ),
    );
    revision_round_trip(
        &server,
        "a referenced table dropped with the column that referenced it",
        &format!(
            "{customers}\nCREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers (id));"
        ),
        "<!-- specforge-allow SF-M001, SF-M002: customers and orders.customer_id move to the CRM -->",
        orders,
    );
    revision_round_trip(
        &server,
        "a new table referencing a column that becomes unique",
        customers,
        "<!-- specforge-allow SF-M007: codes are unique already -->",
        "CREATE TABLE customers (id bigint PRIMARY KEY, code text UNIQUE);\nCREATE TABLE invites (id bigint PRIMARY KEY, code text REFERENCES customers (code));",
    );
    revision_round_trip(
        &server,
        "two tables referencing each other, dropped together",
        "CREATE TABLE departments (id bigint PRIMARY KEY, head_id bigint REFERENCES employees (id));\nCREATE TABLE employees (id bigint PRIMARY KEY, department_id bigint REFERENCES departments (id));\nCREATE TABLE sites (id bigint PRIMARY KEY);",
        "<!-- specforge-allow SF-M001: departments and employees move to the HR service -->",
        "CREATE TABLE sites (id bigint PRIMARY KEY);",
    );
    revision_round_trip(
        &server,
        "an enum value removed while the default changes",
        "CREATE TYPE state AS ENUM ('draft', 'active');\nCREATE TABLE docs (id bigint PRIMARY KEY, s state NOT NULL DEFAULT 'draft');",
        "<!-- specforge-allow SF-M008: no document is a draft any more -->",
        "CREATE TYPE state AS ENUM ('pending', 'active');\nCREATE TABLE docs (id bigint PRIMARY KEY, s state NOT NULL DEFAULT 'pending');",
    );
    revision_round_trip(
        &server,
        "a new table in a schema the spec creates",
        orders,
        "",
        &format!(
            "{orders}\nCREATE SCHEMA audit;\nCREATE TABLE audit.events (id bigint PRIMARY KEY, order_id bigint REFERENCES orders (id));"
        ),
    );
    server
        .psql("DROP SCHEMA IF EXISTS audit CASCADE; DROP SCHEMA IF EXISTS reporting CASCADE;")
        .expect("drop the schemas");
    revision_round_trip(
        &server,
        "a new table in a schema the spec only names",
        orders,
        "",
        &format!(
            "{orders}\nCREATE TABLE reporting.daily (day date PRIMARY KEY, orders bigint NOT NULL);"
        ),
    );
    server
        .psql("DROP SCHEMA IF EXISTS reporting CASCADE;")
        .expect("drop reporting");
    revision_round_trip(
        &server,
        "an expression index kept while a column is added",
        "CREATE TABLE users (id bigint PRIMARY KEY, email text);\nCREATE INDEX users_email_lower ON users (lower(email));",
        "",
        "CREATE TABLE users (id bigint PRIMARY KEY, email text, name text);\nCREATE INDEX users_email_lower ON users (lower(email));",
    );
}
