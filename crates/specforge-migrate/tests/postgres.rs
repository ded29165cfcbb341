//! PostgreSQL as the oracle: the spec's own DDL fences are applied to a real server, and the
//! catalog is compared with the schema model (tables, columns, types, nullability); every
//! generated and planned migration goes up, down to an empty database, and up again, with the
//! full catalog ([`pg::catalog`]) compared after each up.
// The schema crate's test helpers, shared rather than copied.
#[path = "../../specforge-schema/tests/common/mod.rs"]
mod common;
mod pg;

use common::{fixture_text, spec_of};
use pg::catalog;
use specforge_migrate::{MigrationFormat, plan_migration};
use specforge_model::{SqlBlockRole, SqlDialect};
use specforge_schema::SchemaModel;

#[test]
fn harness_starts_queries_and_stops() {
    let Some(server) = pg::PgServer::start_or_skip() else {
        return;
    };
    server
        .psql("CREATE TABLE t (id int PRIMARY KEY);")
        .expect("create");
    let rows = server
        .rows("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
        .expect("query");
    assert_eq!(rows, [["t"]]);
    assert!(server.psql("SELEC 1").is_err());
}

#[test]
fn model_matches_the_catalog_after_applying_the_spec_ddl() {
    let Some(server) = pg::PgServer::start_or_skip() else {
        return;
    };
    for name in [
        "valid/inventory.md",
        "valid/ledger.md",
        "valid/notifications.md",
        "valid/payouts.md",
    ] {
        let text = fixture_text(name);
        let spec = spec_of(&text);
        let (model, diags) = specforge_schema::build_schema(&spec);
        assert!(diags.iter().all(|d| !d.is_error()), "{name}");
        server.reset().expect("reset");
        for block in spec
            .schema
            .sql_blocks
            .iter()
            .filter(|b| b.role != SqlBlockRole::Down && b.dialect == SqlDialect::Postgres)
        {
            server
                .psql(&block.body)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
        }
        let rows = server
            .rows(
                "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull \
                 FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid \
                 JOIN pg_namespace n ON n.oid = c.relnamespace \
                 WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped \
                 ORDER BY c.relname, a.attnum",
            )
            .expect("catalog");
        let mut expected: Vec<Vec<String>> = model
            .tables
            .iter()
            .flat_map(|t| {
                let pk = t.primary_key_columns();
                t.columns.iter().map(move |c| {
                    let not_null =
                        !c.nullable || pk.contains(&c.name) || c.ty.is_serial() || c.identity;
                    vec![
                        t.name.name.clone(),
                        c.name.clone(),
                        c.ty.catalog_name(),
                        if not_null { "t" } else { "f" }.to_owned(),
                    ]
                })
            })
            .collect();
        expected.sort_by(|a, b| a[0].cmp(&b[0]));
        assert_eq!(rows, expected, "{name}");
        let enums = server
            .rows("SELECT t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid GROUP BY t.typname ORDER BY t.typname")
            .expect("enums");
        let mut want: Vec<Vec<String>> = model
            .enums
            .iter()
            .map(|e| vec![e.name.name.clone(), e.labels.join(",")])
            .collect();
        want.sort();
        assert_eq!(enums, want, "{name}");
        let indexes = server
            .rows("SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND indexname LIKE 'idx_%' ORDER BY indexname")
            .expect("indexes");
        let mut want: Vec<Vec<String>> = model
            .indexes
            .iter()
            .filter_map(|i| i.name.clone())
            .map(|n| vec![n])
            .collect();
        want.sort();
        assert_eq!(indexes, want, "{name}");
    }
}

/// Applies `up`, compares the catalog with `model`, applies `down`, checks that nothing of ours
/// is left, applies `up` again and checks that the catalog is identical.
fn round_trip(server: &pg::PgServer, what: &str, model: &SchemaModel, up: &str, down: &str) {
    server.reset().expect("reset");
    server
        .psql(up)
        .unwrap_or_else(|e| panic!("{what} up: {e}\n{up}"));
    let first = catalog::read(server);
    if let Err(diff) = catalog::compare(&catalog::expected(model), &first) {
        panic!("{what}: the catalog after up differs from the schema model:{diff}");
    }
    server
        .psql(down)
        .unwrap_or_else(|e| panic!("{what} down: {e}\n{down}"));
    let left = catalog::leftovers(server);
    assert!(left.is_empty(), "{what}: down leaves {left:#?}");
    server
        .psql(up)
        .unwrap_or_else(|e| panic!("{what} up again: {e}"));
    if let Err(diff) = catalog::compare(&first, &catalog::read(server)) {
        panic!("{what}: the catalog after the second up differs from the first:{diff}");
    }
}

#[test]
fn generated_migrations_round_trip() {
    let Some(server) = pg::PgServer::start_or_skip() else {
        return;
    };
    let mut checked = 0;
    for name in common::valid_fixtures() {
        let text = fixture_text(&format!("valid/{name}"));
        let spec = spec_of(&text);
        if spec.schema.sql_blocks.is_empty() && spec.schema.tables.is_empty() {
            continue;
        }
        let (model, diags) = specforge_schema::build_schema(&spec);
        assert!(diags.iter().all(|d| !d.is_error()), "{name}");
        let files = specforge_migrate::emit_migrations(&model, &name, "init");
        assert_eq!(
            files,
            specforge_migrate::emit_migrations(&model, &name, "init")
        );
        round_trip(
            &server,
            &format!("{name} (generated)"),
            &model,
            &files[0].contents,
            &files[1].contents,
        );
        // What the CLI writes: the explicit pair where the spec has one.
        let (planned, diags) = plan_migration(&spec, &name, MigrationFormat::Plain);
        assert!(diags.iter().all(|d| !d.is_error()), "{name}: {diags:#?}");
        if planned != files {
            round_trip(
                &server,
                &format!("{name} (planned)"),
                &model,
                &planned[0].contents,
                &planned[1].contents,
            );
        }
        checked += 1;
    }
    assert!(checked >= 5, "only {checked} fixtures have a schema");
}

#[test]
fn a_catalog_mismatch_is_a_readable_failure() {
    let Some(server) = pg::PgServer::start_or_skip() else {
        return;
    };
    let spec = spec_of(&fixture_text("valid/notifications.md"));
    let (model, _) = specforge_schema::build_schema(&spec);
    let files = specforge_migrate::emit_migrations(&model, "n.md", "n");
    server.reset().expect("reset");
    server.psql(&files[0].contents).expect("up");
    let fk = catalog::read(&server)
        .into_iter()
        .find(|l| l.contains("ON DELETE CASCADE"))
        .expect("a cascading foreign key");
    let mut changed = model.clone();
    for t in &mut changed.tables {
        for c in &mut t.columns {
            if let Some(r) = &mut c.references {
                r.on_delete = None;
            }
        }
        for fk in &mut t.foreign_keys {
            fk.reference.on_delete = None;
        }
    }
    for ix in &mut changed.indexes {
        ix.predicate = None;
    }
    let diff = catalog::compare(&catalog::expected(&changed), &catalog::read(&server))
        .expect_err("a mismatch");
    assert!(
        diff.contains(&format!("in the catalog, not expected: {fk}")),
        "{diff}"
    );
    assert!(
        diff.contains("in the catalog, not expected: index idx_notifications_due on notifications (scheduled_at) partial"),
        "{diff}"
    );
}

#[test]
fn ledger_explicit_pair_applies_down_empties_and_applies_again() {
    let Some(server) = pg::PgServer::start_or_skip() else {
        return;
    };
    let text = fixture_text("valid/ledger.md");
    let spec = spec_of(&text);
    let (files, diags) = specforge_migrate::plan_migration(
        &spec,
        "ledger.md",
        specforge_migrate::MigrationFormat::Plain,
    );
    assert!(diags.iter().all(|d| !d.is_error()), "{diags:#?}");
    let up_block = spec
        .schema
        .sql_blocks
        .iter()
        .find(|b| b.role == SqlBlockRole::Up)
        .expect("up");
    assert!(
        files[0].contents.contains(up_block.body.trim()),
        "the up file is the Up block as written"
    );
    let (up, down) = (&files[0].contents, &files[1].contents);
    server.reset().expect("reset");
    server.psql(up).unwrap_or_else(|e| panic!("up: {e}"));
    let tables = server
        .rows("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
        .expect("tables");
    assert_eq!(tables, [["accounts"], ["entries"], ["transactions"]]);
    let first = catalog::read(&server);
    server.psql(down).unwrap_or_else(|e| panic!("down: {e}"));
    let left = catalog::leftovers(&server);
    assert!(left.is_empty(), "down leaves {left:?}");
    server.psql(up).unwrap_or_else(|e| panic!("up again: {e}"));
    assert_eq!(catalog::read(&server), first);
}

/// A foreign-key cycle (a department has a head, an employee has a department) cannot be
/// written inside `CREATE TABLE` in any order: the key that points forward is added with
/// `ALTER TABLE` after both tables exist, and dropped first on the way down.
#[test]
fn foreign_key_cycles_round_trip() {
    const SPEC: &str = "# HR\n\n**Status**: Approved\n\n```sql\n\
CREATE TABLE departments (\n    id UUID PRIMARY KEY,\n    head_id UUID\n);\n\
CREATE TABLE employees (\n    id UUID PRIMARY KEY,\n    department_id UUID NOT NULL REFERENCES departments (id)\n);\n\
ALTER TABLE departments ADD CONSTRAINT fk_departments_head FOREIGN KEY (head_id) REFERENCES employees (id);\n\
```\n";
    let spec = spec_of(SPEC);
    let (model, diags) = specforge_schema::build_schema(&spec);
    assert!(diags.iter().all(|d| !d.is_error()), "{diags:#?}");
    let files = specforge_migrate::emit_migrations(&model, "hr.md", "hr");
    let (up, down) = (&files[0].contents, &files[1].contents);
    assert!(up.contains("ALTER TABLE departments ADD CONSTRAINT fk_departments_head FOREIGN KEY (head_id) REFERENCES employees (id);"), "{up}");
    assert!(
        down.contains(
            "ALTER TABLE IF EXISTS departments DROP CONSTRAINT IF EXISTS fk_departments_head;"
        ),
        "{down}"
    );
    let Some(server) = pg::PgServer::start_or_skip() else {
        return;
    };
    round_trip(&server, "fk cycle", &model, up, down);
}

/// Seed 003's constraint tables become named table constraints, applied for real.
#[test]
fn constraint_tables_become_named_constraints() {
    const SPEC: &str = "# Tasks\n\n**Status**: Approved\n\n### Entity: Task\n\n**Table:** `tasks`\n\n\
| Column | Type | Constraints | Default | Description |\n|---|---|---|---|---|\n\
| `id` | UUID | PK | gen_random_uuid() | Identifier |\n\
| `status` | VARCHAR(20) | NOT NULL | 'open' | State |\n\
| `slug` | VARCHAR(40) | NOT NULL | - | URL name |\n\n\
**Constraints:**\n\n| Name | Type | Definition | Purpose |\n|---|---|---|---|\n\
| `chk_tasks_status` | CHECK | status IN ('open', 'done') | Valid states |\n\
| `uq_tasks_slug` | UNIQUE | (slug) | One task per slug |\n";
    let spec = spec_of(SPEC);
    let (model, diags) = specforge_schema::build_schema(&spec);
    assert!(diags.iter().all(|d| !d.is_error()), "{diags:#?}");
    let files = specforge_migrate::emit_migrations(&model, "tasks.md", "tasks");
    let up = &files[0].contents;
    assert!(
        up.contains("CONSTRAINT chk_tasks_status CHECK (status IN ('open', 'done'))"),
        "{up}"
    );
    assert!(
        up.contains("CONSTRAINT uq_tasks_slug UNIQUE (slug)"),
        "{up}"
    );
    let Some(server) = pg::PgServer::start_or_skip() else {
        return;
    };
    round_trip(&server, "constraint table", &model, up, &files[1].contents);
    server
        .psql("INSERT INTO tasks (status, slug) VALUES ('open', 'a');")
        .expect("a valid row");
    assert!(
        server
            .psql("INSERT INTO tasks (status, slug) VALUES ('lost', 'b');")
            .is_err(),
        "the CHECK holds"
    );
    assert!(
        server
            .psql("INSERT INTO tasks (status, slug) VALUES ('done', 'a');")
            .is_err(),
        "the UNIQUE holds"
    );
}

#[test]
fn a_constraint_that_is_not_an_expression_is_refused() {
    const SPEC: &str = "# Tasks\n\n**Status**: Approved\n\n**Table:** `tasks`\n\n\
| Column | Type | Constraints | Description |\n|---|---|---|---|\n| `id` | UUID | PK | Identifier |\n\n\
**Constraints:**\n\n| Name | Type | Definition | Purpose |\n|---|---|---|---|\n\
| `chk_bad` | CHECK | id IS NOT NULL); DROP TABLE tasks; -- | Injection |\n";
    let (_, diags) = specforge_schema::build_schema(&spec_of(SPEC));
    let errors: Vec<String> = diags
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{} {}", d.code.as_str(), d.message))
        .collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0]
            .starts_with("SF-S021 the CHECK of constraint `chk_bad` is not one SQL expression"),
        "{errors:#?}"
    );
}
