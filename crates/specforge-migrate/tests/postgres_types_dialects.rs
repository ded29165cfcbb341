//! PostgreSQL's whole type grammar, extension types, the types a spec creates, MySQL and
//! SQLite DDL translated, and column tables as people write them (issue 14, items 3, 4 and
//! 6), each from a fixture of `fixtures/variations/6x-*`: the generated migration goes up on a
//! real PostgreSQL, the catalog read back is compared with the schema model, the down leaves
//! nothing of ours, and the up applies again to the same catalog. Extensions the server lacks
//! (`vector`, `postgis`) are checked as emitted SQL text only.
// The schema crate's test helpers, shared rather than copied.
#[path = "../../specforge-schema/tests/common/mod.rs"]
mod common;
mod forms;
mod pg;

use common::{fixture_text, spec_of};
use forms::{planned, round_trip};
use specforge_migrate::{MigrationFormat, plan_migration};
use specforge_model::Code;

/// The schema diagnostics of a spec given as text.
fn diagnostics(text: &str) -> Vec<specforge_model::Diagnostic> {
    specforge_schema::build_schema(&spec_of(text)).1
}

#[test]
fn builtin_types_round_trip() {
    let (model, up, _) = planned("60-postgres-types.md");
    let devices = model
        .table(&specforge_schema::QualifiedName::bare("devices"))
        .expect("devices");
    let ty = |c: &str| devices.column(c).expect(c).ty.catalog_name();
    assert_eq!(ty("heartbeat"), "interval day to second(3)");
    assert_eq!(ty("seen_at"), "timestamp(3) with time zone");
    assert_eq!(ty("dns_servers"), "inet[]");
    assert_eq!(
        devices.column("vlan_matrix").expect("vlan_matrix").ty.sql(),
        "integer[][]"
    );
    assert_eq!(ty("outages"), "tstzmultirange");
    assert!(up.contains("feature_mask  bit varying(64)"), "{up}");
    let Some(server) = pg::PgServer::start_or_skip() else {
        return;
    };
    round_trip(&server, "60-postgres-types.md", &[], "");
    let rows = server
        .rows("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'devices'::regclass AND attname = 'heartbeat'")
        .expect("heartbeat");
    assert_eq!(rows, [["interval day to second(3)"]]);
}

#[test]
fn extension_types_create_their_extensions() {
    let (_, up, down) = planned("61-extension-types.md");
    for ext in ["citext", "ltree", "hstore"] {
        assert!(
            up.contains(&format!("CREATE EXTENSION IF NOT EXISTS {ext};\n")),
            "{up}"
        );
        // Decision: the down never drops an extension (the IF NOT EXISTS up cannot know
        // whether it created it, and other schemas may use its types).
        assert!(!down.contains("EXTENSION"), "{down}");
    }
    let Some(server) = pg::PgServer::start_or_skip() else {
        return;
    };
    round_trip(&server, "61-extension-types.md", &[], "");
    server
        .psql("INSERT INTO sellers (email) VALUES ('A@Example.com');")
        .expect("insert");
    let found = server
        .rows("SELECT count(*) FROM sellers WHERE email = 'a@example.COM'")
        .expect("citext compares without case");
    assert_eq!(found, [["1"]]);
}

#[test]
fn extensions_the_server_lacks_are_emitted_as_text() {
    // pgvector and PostGIS are not in Debian's postgresql package: the SQL text is checked.
    let text = "---\nstatus: approved\n---\n\n# Embeddings\n\n```sql\nCREATE EXTENSION IF NOT EXISTS vector;\nCREATE EXTENSION IF NOT EXISTS postgis;\n\nCREATE TABLE chunks (\n    id BIGSERIAL PRIMARY KEY,\n    embedding VECTOR(1536) NOT NULL,\n    place GEOMETRY(Point, 4326),\n    area geography(MultiPolygon, 4326)\n);\n\nCREATE INDEX idx_chunks_embedding ON chunks USING hnsw (embedding vector_cosine_ops);\n```\n";
    let spec = spec_of(text);
    let (files, diags) = plan_migration(&spec, "embeddings.md", MigrationFormat::Plain);
    assert!(!diags.iter().any(|d| d.is_error()), "{diags:#?}");
    let up = &files[0].contents;
    assert!(
        up.contains("CREATE EXTENSION IF NOT EXISTS vector;\n"),
        "{up}"
    );
    assert!(
        up.contains("CREATE EXTENSION IF NOT EXISTS postgis;\n"),
        "{up}"
    );
    assert!(up.contains("embedding vector(1536)"), "{up}");
    assert!(up.contains("place     geometry(Point,4326)"), "{up}");
    assert!(
        up.contains("area      geography(MultiPolygon,4326)"),
        "{up}"
    );
    specforge_migrate::reparse(up).expect("the up parses as PostgreSQL");

    // Named in a comment but not created: accepted, the migration assumes it is installed.
    let named = "---\nstatus: approved\n---\n\n# E\n\n```sql\n-- needs the pgvector extension (installed by the platform team)\nCREATE TABLE c (id BIGINT PRIMARY KEY, e VECTOR(3));\n```\n";
    let d = diagnostics(named);
    assert!(d.iter().any(|d| d.code == Code::ExtensionAssumed), "{d:#?}");
    assert!(!d.iter().any(|d| d.is_error()), "{d:#?}");
    // Neither created nor named: an error that says what to add.
    let bare = "---\nstatus: approved\n---\n\n# E\n\n```sql\nCREATE TABLE c (id BIGINT PRIMARY KEY, e VECTOR(3));\n```\n";
    let d = diagnostics(bare);
    let e = d
        .iter()
        .find(|d| d.code == Code::ExtensionNotDeclared)
        .unwrap_or_else(|| panic!("{d:#?}"));
    assert!(e.message.contains("`vector`"), "{}", e.message);
}

#[test]
fn types_the_spec_creates_round_trip() {
    let (model, up, down) = planned("62-created-types.md");
    assert_eq!(model.domains.len(), 2);
    assert_eq!(model.composites.len(), 1);
    assert!(
        up.contains("CREATE DOMAIN positive_amount AS numeric(12,2) CHECK (VALUE > 0);"),
        "{up}"
    );
    assert!(
        up.contains("CREATE TYPE postal_address AS (street text, city text, postal_code character varying(16), country country_code);"),
        "{up}"
    );
    assert!(
        down.contains("DROP TYPE IF EXISTS postal_address;"),
        "{down}"
    );
    assert!(
        down.contains("DROP DOMAIN IF EXISTS country_code;"),
        "{down}"
    );
    let Some(server) = pg::PgServer::start_or_skip() else {
        return;
    };
    round_trip(&server, "62-created-types.md", &[], "");
    assert!(
        server
            .psql("INSERT INTO invoices (total, country) VALUES (-1, 'US');")
            .is_err(),
        "the domain's CHECK holds"
    );
}

#[test]
fn mysql_ddl_becomes_postgresql() {
    let spec = spec_of(&fixture_text("variations/63-mysql-ddl.md"));
    let (_, diags) = specforge_schema::build_schema(&spec);
    let notes: Vec<&str> = diags
        .iter()
        .filter(|d| d.code == Code::DialectConverted)
        .map(|d| d.message.as_str())
        .collect();
    for expected in [
        "`AUTO_INCREMENT` on column `id` becomes GENERATED BY DEFAULT AS IDENTITY",
        "the inline ENUM('new', 'active', 'archived') of column `status` becomes text with CHECK (status IN ('new', 'active', 'archived'))",
        "type `TINYINT(1)` of column `is_active` is MySQL's boolean convention; it becomes boolean",
        "default `1` of boolean column `is_active` becomes true",
        "type `INT(11) UNSIGNED` of column `id` is unsigned: widened to hold its range, with CHECK (>= 0); it becomes bigint",
        "type `LONGTEXT` of column `notes` is not a PostgreSQL type; it becomes text",
        "the inline comment on column `full_name` becomes COMMENT ON COLUMN",
        "the COMMENT option of table `patients` becomes COMMENT ON TABLE",
        "the inline INDEX in table `appointments` becomes CREATE INDEX appointments_idx_status",
        "SET('sms', 'email') on column `channels` becomes text[] with CHECK (channels <@ ARRAY['sms', 'email'])",
    ] {
        assert!(
            notes.contains(&expected),
            "missing note: {expected}\n{notes:#?}"
        );
    }
    assert!(
        notes
            .iter()
            .any(|n| n
                .starts_with("`ON UPDATE CURRENT_TIMESTAMP` on column `updated_at` is left out")),
        "{notes:#?}"
    );
    assert!(
        notes
            .iter()
            .any(|n| n.starts_with("table options `ENGINE = InnoDB")),
        "{notes:#?}"
    );
    let (_, up, _) = planned("63-mysql-ddl.md");
    assert!(
        up.contains("COMMENT ON TABLE patients IS 'Registered patients';"),
        "{up}"
    );
    assert!(!up.contains('`'), "{up}");
    let Some(server) = pg::PgServer::start_or_skip() else {
        return;
    };
    round_trip(&server, "63-mysql-ddl.md", &[], "");
    server
        .psql("INSERT INTO patients (email, full_name) VALUES ('a@b.c', 'A');")
        .expect("identity and defaults");
    assert!(
        server
            .psql("INSERT INTO patients (email, full_name, status) VALUES ('b@b.c', 'B', 'gone');")
            .is_err(),
        "the ENUM's CHECK holds"
    );
    assert!(
        server
            .psql("INSERT INTO appointments (patient_id, room, fee, kind, starts_at) VALUES (1, 1, -5, 'checkup', now());")
            .is_err(),
        "UNSIGNED's CHECK holds"
    );
    assert_eq!(
        server.rows("SELECT is_active FROM patients").expect("rows"),
        [["t"]]
    );
}

#[test]
fn sqlite_ddl_becomes_postgresql() {
    let spec = spec_of(&fixture_text("variations/64-sqlite-ddl.md"));
    let (model, diags) = specforge_schema::build_schema(&spec);
    let seq = model
        .table(&specforge_schema::QualifiedName::bare("sync_log"))
        .and_then(|t| t.column("seq"))
        .expect("sync_log.seq");
    assert!(seq.identity, "SQLite's INTEGER PRIMARY KEY is a row id");
    assert!(
        diags.iter().any(|d| d.code == Code::DialectConverted
            && d.message == "default `0` of boolean column `pinned` becomes false"),
        "{diags:#?}"
    );
    let Some(server) = pg::PgServer::start_or_skip() else {
        return;
    };
    round_trip(&server, "64-sqlite-ddl.md", &[], "");
    server
        .psql("INSERT INTO notebooks (title) VALUES ('n'); INSERT INTO notes (id, notebook_id) VALUES ('x', 1);")
        .expect("identity and defaults");
}

#[test]
fn column_table_forms_round_trip() {
    let (model, up, _) = planned("65-column-table-forms.md");
    let m = model
        .table(&specforge_schema::QualifiedName::bare("memberships"))
        .expect("memberships");
    assert_eq!(m.primary_key_columns(), ["team_id", "user_id"]);
    assert!(up.contains("PRIMARY KEY (team_id, user_id)"), "{up}");
    assert!(up.contains("CHECK (role IN ('admin', 'user'))"), "{up}");
    assert!(
        up.contains("invited_by bigint REFERENCES users (id) ON DELETE SET NULL"),
        "{up}"
    );
    // `NULL`, `—`, `-` and `none` in a Default cell are no default.
    assert!(!up.contains("DEFAULT NULL"), "{up}");
    // `references auth.users`: Supabase's users table in its schema, by its key, assumed.
    assert!(
        up.contains("-- assumes table: auth.users (id uuid primary key)"),
        "{up}"
    );
    assert!(
        up.lines().any(|l| l.trim_start().starts_with("added_by")
            && l.ends_with("REFERENCES auth.users ON DELETE CASCADE,")),
        "{up}"
    );
    let Some(server) = pg::PgServer::start_or_skip() else {
        return;
    };
    round_trip(&server, "65-column-table-forms.md", &["auth"], "");
}

#[test]
fn generic_type_words_round_trip() {
    let spec = spec_of(&fixture_text("variations/66-generic-type-words.md"));
    let (model, diags) = specforge_schema::build_schema(&spec);
    let t = model
        .table(&specforge_schema::QualifiedName::bare("referrals"))
        .expect("referrals");
    let ty = |c: &str| t.column(c).expect(c).ty.catalog_name();
    for (column, becomes) in [
        ("code", "text"),
        ("uses", "integer"),
        ("max_uses", "integer"),
        ("created_at", "timestamp without time zone"),
        ("expires_at", "timestamp without time zone"),
        ("active", "boolean"),
        ("reward", "numeric(10,2)"),
        ("metadata", "json"),
        ("clicks", "bigint"),
    ] {
        assert_eq!(ty(column), becomes, "{column}");
    }
    let translated: Vec<&str> = diags
        .iter()
        .filter(|d| d.code == Code::TypeWordTranslated)
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(translated.len(), 3, "{translated:#?}");
    let Some(server) = pg::PgServer::start_or_skip() else {
        return;
    };
    round_trip(&server, "66-generic-type-words.md", &[], "");
}

#[test]
fn default_null_in_ddl_agrees_with_an_empty_default_cell() {
    let text = "---\nstatus: approved\n---\n\n# D\n\n```sql\nCREATE TABLE t (id BIGINT PRIMARY KEY, note TEXT DEFAULT NULL, at TIMESTAMPTZ NULL DEFAULT NULL);\n```\n\n**Table:** `t`\n\n| Column | Type | Default |\n|---|---|---|\n| id | bigint PK | - |\n| note | text | NULL |\n| at | timestamptz | — |\n";
    let d = diagnostics(text);
    assert!(
        !d.iter().any(|d| d.code == Code::SchemaDisagreement),
        "{d:#?}"
    );
}
