//! The forms real specs write (issue 14), each from a fixture of `fixtures/variations/3x-*`:
//! the generated migration goes up on a real PostgreSQL, the catalog read back is compared
//! with the schema model, the down leaves nothing of ours, and the up applies again to the
//! same catalog.
// The schema crate's test helpers, shared rather than copied.
#[path = "../../specforge-schema/tests/common/mod.rs"]
mod common;
mod forms;
mod pg;

use forms::{planned, round_trip};

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

#[test]
fn delta_specs_change_tables_they_assume() {
    let (model, up, down) = planned("31-delta-alter-assumed.md");
    assert!(
        up.contains(
            "-- assumes table: public.profiles (bio text)\n-- assumes table: public.orders (customer_id text, status text)\n"
        ),
        "{up}"
    );
    assert!(
        up.contains("ALTER TABLE profiles ADD COLUMN avatar_url text;"),
        "{up}"
    );
    assert!(
        down.contains("ALTER TABLE IF EXISTS profiles DROP COLUMN IF EXISTS avatar_url;"),
        "{down}"
    );
    assert!(
        down.contains("DROP INDEX IF EXISTS idx_orders_open_customer;"),
        "{down}"
    );
    // The assumed tables are not tables of the model (OpenAPI never sees them).
    assert_eq!(model.tables.len(), 1);
    let Some(server) = pg::PgServer::start_or_skip() else {
        return;
    };
    round_trip(&server, "31-delta-alter-assumed.md", &[], "");
}

#[test]
fn foreign_keys_to_outside_tables_assume_their_keys() {
    let (_, up, _) = planned("32-fk-to-outside-table.md");
    assert!(
        up.contains(
            "-- assumes table: auth.users (id uuid primary key)\n-- assumes table: billing.accounts (id bigint primary key)\n"
        ),
        "{up}"
    );
    let Some(server) = pg::PgServer::start_or_skip() else {
        return;
    };
    round_trip(
        &server,
        "32-fk-to-outside-table.md",
        &["auth", "billing"],
        "",
    );
}

#[test]
fn views_functions_triggers_policies_and_grants_are_carried_and_undone() {
    let (model, up, down) = planned("33-more-than-tables.md");
    assert_eq!(model.tables.len(), 1, "views are not tables");
    assert_eq!(model.carried.len(), 12, "{:#?}", model.carried);
    for word in [
        "CREATE VIEW",
        "CREATE MATERIALIZED VIEW",
        "CREATE TRIGGER",
        "CREATE POLICY",
        "ENABLE ROW LEVEL SECURITY",
        "COMMENT ON VIEW",
        "RAISE NOTICE",
    ] {
        assert!(up.contains(word), "{word}\n{up}");
    }
    assert!(!up.contains("UPDATE documents SET"), "{up}");
    assert!(
        down.contains("DROP FUNCTION IF EXISTS title_length(BIGINT, INTEGER);"),
        "{down}"
    );
    let Some(server) = pg::PgServer::start_or_skip() else {
        return;
    };
    // The grant runs where its role exists: create it, and check that it was granted.
    let role = "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'reporting') THEN CREATE ROLE reporting; END IF; END $$;";
    round_trip(&server, "33-more-than-tables.md", &[], role);
    let granted = server
        .rows("SELECT has_table_privilege('reporting', 'document_titles', 'SELECT')")
        .expect("privilege");
    assert_eq!(granted, [["t"]]);
}

#[test]
fn statements_that_are_not_sql_cost_only_themselves() {
    let (model, _, _) = planned("34-statement-recovery.md");
    assert_eq!(model.tables.len(), 2);
    assert_eq!(model.indexes.len(), 1);
    let Some(server) = pg::PgServer::start_or_skip() else {
        return;
    };
    round_trip(&server, "34-statement-recovery.md", &[], "");
}

#[test]
fn repeated_and_out_of_order_definitions_are_one_schema() {
    let (model, up, _) = planned("35-repetition-and-order.md");
    assert_eq!(model.tables.len(), 2);
    assert_eq!(model.indexes.len(), 1);
    assert!(model.assumed.is_empty(), "{:#?}", model.assumed);
    assert!(!up.contains("assumes"), "{up}");
    assert!(
        up.contains("COMMENT ON TABLE sessions IS 'One sign-in of an account';"),
        "{up}"
    );
    let Some(server) = pg::PgServer::start_or_skip() else {
        return;
    };
    round_trip(&server, "35-repetition-and-order.md", &[], "");
}
