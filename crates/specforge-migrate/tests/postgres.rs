//! PostgreSQL as the oracle: the spec's own DDL fences are applied to a real server, and the
//! catalog is compared with the schema model (tables, columns, types, nullability).
mod common;
mod pg;

use common::{fixture_text, spec_of};
use specforge_model::{SqlBlockRole, SqlDialect};

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
        let (model, diags) = specforge_migrate::build_schema(&spec);
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

#[test]
fn generated_migrations_round_trip() {
    let Some(server) = pg::PgServer::start_or_skip() else {
        return;
    };
    for name in common::valid_fixtures() {
        let text = fixture_text(&format!("valid/{name}"));
        let spec = spec_of(&text);
        if spec.schema.sql_blocks.is_empty() && spec.schema.tables.is_empty() {
            continue;
        }
        let (model, diags) = specforge_migrate::build_schema(&spec);
        assert!(diags.iter().all(|d| !d.is_error()), "{name}");
        let files = specforge_migrate::emit_migrations(&model, &name, "init");
        assert_eq!(
            files,
            specforge_migrate::emit_migrations(&model, &name, "init")
        );
        let (up, down) = (&files[0].contents, &files[1].contents);
        server.reset().expect("reset");
        let catalog = "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, \
             coalesce(pg_get_expr(d.adbin, d.adrelid), '') FROM pg_attribute a \
             JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace \
             LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum \
             WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped \
             ORDER BY c.relname, a.attnum";
        let objects = "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'";
        let types = "SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'public' AND t.typtype = 'e'";
        server
            .psql(up)
            .unwrap_or_else(|e| panic!("{name} up: {e}\n{up}"));
        let first = server.rows(catalog).expect("catalog");
        for t in &model.tables {
            for c in &t.columns {
                let row = first
                    .iter()
                    .find(|r| r[0] == t.name.name && r[1] == c.name)
                    .unwrap_or_else(|| panic!("{name}: {}.{} missing", t.name, c.name));
                assert_eq!(row[2], c.ty.catalog_name(), "{name} {}.{}", t.name, c.name);
                let not_null = !c.nullable
                    || t.primary_key_columns().contains(&c.name)
                    || c.ty.is_serial()
                    || c.identity;
                assert_eq!(
                    row[3] == "t",
                    not_null,
                    "{name} {}.{} nullability",
                    t.name,
                    c.name
                );
                assert_eq!(
                    row[4].is_empty(),
                    c.default.is_none() && !c.ty.is_serial(),
                    "{name} {}.{} default",
                    t.name,
                    c.name
                );
            }
        }
        let fks = server
            .rows("SELECT count(*) FROM pg_constraint WHERE contype = 'f'")
            .expect("fks");
        let want: usize = model
            .tables
            .iter()
            .map(|t| t.all_foreign_keys().len())
            .sum();
        assert_eq!(fks, [[want.to_string()]], "{name} foreign keys");
        server
            .psql(down)
            .unwrap_or_else(|e| panic!("{name} down: {e}"));
        assert_eq!(
            server.rows(objects).expect("objects"),
            [["0"]],
            "{name}: down leaves objects"
        );
        assert_eq!(
            server.rows(types).expect("types"),
            [["0"]],
            "{name}: down leaves types"
        );
        server
            .psql(up)
            .unwrap_or_else(|e| panic!("{name} up again: {e}"));
        assert_eq!(
            server.rows(catalog).expect("catalog"),
            first,
            "{name}: second up differs"
        );
    }
}
