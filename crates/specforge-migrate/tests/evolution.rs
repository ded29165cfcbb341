//! Planning the next migration: replaying applied migrations, declared renames, the safety
//! lints and the down migration, without a database (`postgres_evolution.rs` applies them).

// The schema crate's test helpers, shared rather than copied.
#[path = "../../specforge-schema/tests/common/mod.rs"]
mod common;

use common::{fixture_text, spec_of, valid_fixtures};
use specforge_migrate::{AppliedMigration, MigrationFormat, plan_migration, plan_step, replay};
use specforge_schema::build_schema;

/// The up SQL of a fresh generation of `text` (`None` when it describes no schema).
fn first_up(name: &str, text: &str) -> Option<String> {
    let (files, diags) = plan_migration(&spec_of(text), name, MigrationFormat::Plain);
    assert!(!diags.iter().any(|d| d.is_error()), "{name}: {diags:?}");
    files.first().map(|f| f.contents.clone())
}

#[test]
fn replaying_a_fresh_migration_leaves_nothing_to_plan() {
    for name in valid_fixtures() {
        let text = fixture_text(&format!("valid/{name}"));
        let Some(up) = first_up(&name, &text) else {
            continue;
        };
        let (old, diags) = replay(&[AppliedMigration {
            name: "0001.up.sql".into(),
            sql: up,
        }]);
        assert!(
            !diags.iter().any(|d| d.is_error()),
            "{name}: replay failed: {diags:?}"
        );
        let spec = spec_of(&text);
        let (new, _) = build_schema(&spec);
        let step = plan_step(&old, &new, &spec.allows);
        assert!(
            step.is_empty(),
            "{name}: an unchanged spec planned a migration:\n{}\n{:?}\n{:?}",
            step.up,
            step.concurrent,
            step.changes
        );
    }
}

/// The schema after applying the chain's migrations up to `version`, and the step to the next.
fn chain_step(chain: &str, from: usize) -> specforge_migrate::Step {
    let mut applied = Vec::new();
    for v in 1..=from {
        let text = fixture_text(&format!("evolution/{chain}/v{v}.md"));
        if v == 1 {
            applied.push(AppliedMigration {
                name: "0001.up.sql".into(),
                sql: first_up("v1.md", &text).expect("v1 has a schema"),
            });
        } else {
            let (old, _) = replay(&applied);
            let spec = spec_of(&text);
            let (new, _) = build_schema(&spec);
            let step = plan_step(&old, &new, &spec.allows);
            applied.push(AppliedMigration {
                name: format!("{v:04}.up.sql"),
                sql: step.up.clone(),
            });
            for ix in &step.concurrent {
                applied.push(AppliedMigration {
                    name: format!("{v:04}_{}.up.sql", ix.name),
                    sql: ix.up.clone(),
                });
            }
        }
    }
    let (old, diags) = replay(&applied);
    assert!(!diags.iter().any(|d| d.is_error()), "{diags:?}");
    let text = fixture_text(&format!("evolution/{chain}/v{}.md", from + 1));
    let spec = spec_of(&text);
    let (new, schema_diags) = build_schema(&spec);
    assert!(
        !schema_diags.iter().any(|d| d.is_error()),
        "{chain} v{}: {schema_diags:?}",
        from + 1
    );
    plan_step(&old, &new, &spec.allows)
}

/// A spec whose schema is `ddl`, with `before` (allow comments) above the fence.
fn spec_md(before: &str, ddl: &str) -> String {
    format!("# Service\n\n**Status:** Approved\n\n## Schema\n\n{before}\n\n```sql\n{ddl}\n```\n")
}

/// The step from the schema `applied` SQL creates to the spec `spec_md(before, ddl)`.
fn step_between(applied: &str, before: &str, ddl: &str) -> specforge_migrate::Step {
    let (old, diags) = replay(&[AppliedMigration {
        name: "0001.up.sql".into(),
        sql: applied.into(),
    }]);
    assert!(!diags.iter().any(|d| d.is_error()), "{diags:?}");
    let spec = spec_of(&spec_md(before, ddl));
    let (new, diags) = build_schema(&spec);
    assert!(!diags.iter().any(|d| d.is_error()), "{diags:?}");
    plan_step(&old, &new, &spec.allows)
}

fn lint_codes(step: &specforge_migrate::Step) -> Vec<&'static str> {
    step.lints.iter().map(|d| d.code.as_str()).collect()
}

const BASE: &str =
    "CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL, name text);";

#[test]
fn a_dropped_table_is_an_error_unless_an_allow_names_it() {
    let applied = "CREATE TABLE customers (id bigint PRIMARY KEY); CREATE TABLE audit_log (id bigint PRIMARY KEY);";
    let kept = "CREATE TABLE customers (id bigint PRIMARY KEY);";
    let step = step_between(applied, "", kept);
    assert_eq!(lint_codes(&step), ["SF-M001"]);
    assert!(step.lints[0].is_error());
    assert!(step.up.contains("DROP TABLE audit_log;"), "{}", step.up);
    assert!(
        step.down.contains("CREATE TABLE audit_log ("),
        "{}",
        step.down
    );
    let named = "<!-- specforge-allow SF-M001: audit_log moved to the events service -->";
    assert!(step_between(applied, named, kept).lints.is_empty());
    let other = "<!-- specforge-allow SF-M001: the sessions table is retired -->";
    assert_eq!(lint_codes(&step_between(applied, other, kept)), ["SF-M001"]);
}

#[test]
fn a_dropped_column_is_an_error_unless_allowed_before_its_table() {
    let new = "CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL);";
    let step = step_between(BASE, "", new);
    assert_eq!(lint_codes(&step), ["SF-M002"]);
    assert!(step.up.contains("ALTER TABLE customers DROP COLUMN name;"));
    assert!(
        step.down
            .contains("ALTER TABLE customers ADD COLUMN name text;")
    );
    let allow = "<!-- specforge-allow SF-M002: names now live in the profile service -->";
    assert!(step_between(BASE, allow, new).lints.is_empty());
}

#[test]
fn a_not_null_column_without_default_on_an_existing_table_is_an_error() {
    let step = step_between(
        BASE,
        "",
        "CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL, name text, tier text NOT NULL);",
    );
    assert_eq!(lint_codes(&step), ["SF-M003"]);
    let with_default = step_between(
        BASE,
        "",
        "CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL, name text, tier text NOT NULL DEFAULT 'free');",
    );
    assert!(with_default.lints.is_empty());
    assert!(
        with_default
            .up
            .contains("ALTER TABLE customers ADD COLUMN tier text NOT NULL DEFAULT 'free';")
    );
    // On a new table there are no rows to fail.
    let new_table = step_between(
        BASE,
        "",
        &format!("{BASE}\nCREATE TABLE tiers (id bigint PRIMARY KEY, label text NOT NULL);"),
    );
    assert!(new_table.lints.is_empty(), "{:?}", new_table.lints);
}

#[test]
fn set_not_null_warns_with_the_safe_recipe() {
    let step = step_between(
        BASE,
        "",
        "CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL, name text NOT NULL);",
    );
    assert_eq!(lint_codes(&step), ["SF-M004"]);
    assert!(step.lints[0].help.as_deref().unwrap().contains("NOT VALID"));
    assert!(
        step.up
            .contains("ALTER TABLE customers ALTER COLUMN name SET NOT NULL;")
    );
    assert!(
        step.down
            .contains("ALTER TABLE customers ALTER COLUMN name DROP NOT NULL;")
    );
}

#[test]
fn an_index_on_an_existing_table_is_built_concurrently_in_its_own_migration() {
    let step = step_between(
        BASE,
        "",
        &format!("{BASE}\nCREATE INDEX customers_email_idx ON customers (email);"),
    );
    assert_eq!(lint_codes(&step), ["SF-M005"]);
    assert!(step.up.trim().is_empty(), "{}", step.up);
    assert_eq!(step.concurrent.len(), 1);
    assert_eq!(
        step.concurrent[0].up,
        "CREATE INDEX CONCURRENTLY customers_email_idx ON customers (email);\n"
    );
    // On a table created in the same migration there is nothing to block.
    let new_table = step_between(
        BASE,
        "",
        &format!(
            "{BASE}\nCREATE TABLE notes (id bigint PRIMARY KEY, body text);\nCREATE INDEX notes_body_idx ON notes (body);"
        ),
    );
    assert!(new_table.concurrent.is_empty());
    assert!(
        new_table
            .up
            .contains("CREATE INDEX notes_body_idx ON notes (body);")
    );
    assert!(new_table.lints.is_empty());
}

#[test]
fn type_changes_that_rewrite_warn_and_widenings_do_not() {
    let applied = "CREATE TABLE items (id integer PRIMARY KEY, code varchar(20), qty integer);";
    let step = step_between(
        applied,
        "",
        "CREATE TABLE items (id integer PRIMARY KEY, code varchar(40), qty bigint);",
    );
    assert_eq!(lint_codes(&step), ["SF-M006"]);
    assert!(step.lints[0].message.contains("items.qty"));
    assert!(step.up.contains("ALTER TABLE items ALTER COLUMN code TYPE character varying(40) USING code::character varying(40);"));
    assert!(
        step.down
            .contains("ALTER TABLE items ALTER COLUMN qty TYPE integer USING qty::integer;")
    );
}

#[test]
fn unique_keys_checks_and_foreign_keys_on_existing_tables_warn() {
    let step = step_between(
        BASE,
        "",
        "CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL UNIQUE, name text CHECK (name <> ''));",
    );
    assert_eq!(lint_codes(&step), ["SF-M007", "SF-M010"]);
    assert!(
        step.up
            .contains("ALTER TABLE customers ADD CONSTRAINT customers_email_key UNIQUE (email);")
    );
    assert!(
        step.up.contains(
            "ALTER TABLE customers ADD CONSTRAINT customers_name_check CHECK (name <> '');"
        )
    );
    assert!(
        step.down
            .contains("ALTER TABLE customers DROP CONSTRAINT customers_email_key;")
    );
    let fk = step_between(
        "CREATE TABLE a (id bigint PRIMARY KEY); CREATE TABLE b (id bigint PRIMARY KEY, a_id bigint);",
        "",
        "CREATE TABLE a (id bigint PRIMARY KEY); CREATE TABLE b (id bigint PRIMARY KEY, a_id bigint REFERENCES a (id));",
    );
    assert_eq!(lint_codes(&fk), ["SF-M010"]);
    assert!(fk.up.contains(
        "ALTER TABLE b ADD CONSTRAINT b_a_id_fkey FOREIGN KEY (a_id) REFERENCES a (id);"
    ));
    // A key on a column added in the same migration holds no data yet.
    let fresh = step_between(
        BASE,
        "",
        "CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL, name text, handle text UNIQUE);",
    );
    assert!(fresh.lints.is_empty(), "{:?}", fresh.lints);
}

#[test]
fn enum_values_are_added_in_place_and_removals_recreate_the_type() {
    let applied = "CREATE TYPE status AS ENUM ('new', 'done'); CREATE TABLE t (id bigint PRIMARY KEY, s status NOT NULL DEFAULT 'new');";
    let added = step_between(
        applied,
        "",
        "CREATE TYPE status AS ENUM ('new', 'active', 'done'); CREATE TABLE t (id bigint PRIMARY KEY, s status NOT NULL DEFAULT 'new');",
    );
    assert!(added.lints.is_empty());
    assert_eq!(
        added.up,
        "ALTER TYPE status ADD VALUE IF NOT EXISTS 'active' AFTER 'new';\n"
    );
    assert!(
        added
            .down
            .contains("CREATE TYPE status AS ENUM ('new', 'done');")
    );
    let removed = step_between(
        applied,
        "",
        "CREATE TYPE status AS ENUM ('new'); CREATE TABLE t (id bigint PRIMARY KEY, s status NOT NULL DEFAULT 'new');",
    );
    assert_eq!(lint_codes(&removed), ["SF-M008"]);
    assert!(
        removed
            .up
            .contains("ALTER TABLE t ALTER COLUMN s TYPE status USING s::text::status;")
    );
}

#[test]
fn declared_renames_become_renames_and_stay_harmless_once_shipped() {
    let applied =
        "CREATE TABLE purchases (id bigint PRIMARY KEY, total integer, email text UNIQUE);";
    let ddl = "-- renamed from purchases\nCREATE TABLE orders (\n    id bigint PRIMARY KEY,\n    amount integer, -- renamed from total\n    email text UNIQUE\n);";
    let step = step_between(applied, "", ddl);
    assert!(step.lints.is_empty(), "{:?}", step.lints);
    assert_eq!(
        step.up,
        "ALTER TABLE purchases RENAME TO orders;\nALTER TABLE orders RENAME COLUMN total TO amount;\n"
    );
    assert_eq!(
        step.down,
        "ALTER TABLE orders RENAME COLUMN amount TO total;\nALTER TABLE orders RENAME TO purchases;\n"
    );
    // Applied: the declaration left in the spec changes nothing.
    let shipped = format!("{applied}\n{}", step.up);
    assert!(step_between(&shipped, "", ddl).is_empty());
    // A rename whose source never existed is created as new, with a warning.
    let wrong = step_between(
        "CREATE TABLE orders (id bigint PRIMARY KEY);",
        "",
        "CREATE TABLE orders (id bigint PRIMARY KEY, amount integer -- renamed from totl\n);",
    );
    assert_eq!(lint_codes(&wrong), ["SF-M009"]);
    assert!(wrong.up.contains("ADD COLUMN amount integer"));
}

#[test]
fn renames_are_read_from_column_tables_too() {
    let spec = spec_of(
        "# S\n\n**Status:** Approved\n\n**Table:** `products` (renamed from `items`)\n\n| Column | Type | Constraints | Renamed from | Description |\n|---|---|---|---|---|\n| id | BIGINT | PK | | Id |\n| name | TEXT | NOT NULL | title | Name |\n| active | BOOLEAN | NOT NULL | | Listed (renamed from `enabled`) |\n",
    );
    let (model, _) = build_schema(&spec);
    let table = &model.tables[0];
    assert_eq!(table.name.name, "products");
    assert_eq!(table.renamed_from.as_ref().unwrap().name, "items");
    assert_eq!(table.columns[1].renamed_from.as_deref(), Some("title"));
    assert_eq!(table.columns[2].renamed_from.as_deref(), Some("enabled"));
}

#[test]
fn identity_changes_are_not_planned() {
    let step = step_between(
        "CREATE TABLE t (id bigint PRIMARY KEY);",
        "",
        "CREATE TABLE t (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY);",
    );
    assert_eq!(lint_codes(&step), ["SF-M011"]);
}

#[test]
fn replay_follows_renames_and_drops_by_postgresql_names() {
    let (model, diags) = replay(&[AppliedMigration {
        name: "m.sql".into(),
        sql: "CREATE TABLE a (id int PRIMARY KEY, email text UNIQUE, n int CHECK (n > 0));\n\
              ALTER TABLE a RENAME TO b;\n\
              ALTER TABLE b RENAME COLUMN email TO mail;\n\
              ALTER TABLE b DROP CONSTRAINT a_email_key;\n\
              ALTER TABLE b DROP CONSTRAINT a_n_check;\n\
              ALTER TABLE b ALTER COLUMN n SET NOT NULL;\n\
              ALTER TABLE b ALTER COLUMN n TYPE bigint;\n\
              CREATE INDEX b_mail_idx ON b (mail);\n\
              ALTER INDEX b_mail_idx RENAME TO b_mail;\n\
              CREATE TYPE s AS ENUM ('x');\n\
              ALTER TYPE s ADD VALUE 'w' BEFORE 'x';\n"
            .into(),
    }]);
    assert!(diags.is_empty(), "{diags:?}");
    let b = &model.tables[0];
    assert_eq!(b.name.name, "b");
    let names: Vec<String> = specforge_schema::constraints(b)
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(names, ["a_pkey"]);
    assert_eq!(b.columns[1].name, "mail");
    assert!(!b.columns[2].nullable);
    assert_eq!(b.columns[2].ty.catalog_name(), "bigint");
    assert_eq!(model.indexes[0].name.as_deref(), Some("b_mail"));
    assert_eq!(model.enums[0].labels, ["w", "x"]);
}

#[test]
fn a_migration_that_changes_what_does_not_exist_does_not_replay() {
    let (_, diags) = replay(&[AppliedMigration {
        name: "migrations/0002_x.up.sql".into(),
        sql: "-- header\nALTER TABLE ghost DROP COLUMN x;\n".into(),
    }]);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0].code.as_str(), "SF-M013");
    assert!(diags[0].message.starts_with("migrations/0002_x.up.sql:2:"));
}

#[test]
fn the_fixture_chains_raise_exactly_the_lints_their_allow_comments_leave() {
    let cases: [(&str, usize, &[&str]); 4] = [
        ("orders", 1, &["SF-M006", "SF-M005"]),
        ("orders", 2, &["SF-M010", "SF-M007"]),
        ("catalog", 1, &["SF-M006"]),
        ("catalog", 2, &[]),
    ];
    for (chain, from, want) in cases {
        let step = chain_step(chain, from);
        assert_eq!(lint_codes(&step), want, "{chain} v{from} → v{}", from + 1);
        assert!(!step.is_empty());
    }
}

#[test]
fn statements_an_applied_migration_holds_but_the_model_does_not_follow_are_warnings() {
    let (_, diags) = replay(&[AppliedMigration {
        name: "migrations/0001_x.up.sql".into(),
        sql: "CREATE TABLE t (id bigint PRIMARY KEY);\nGRANT SELECT ON t TO reporting;\n".into(),
    }]);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0].code.as_str(), "SF-M014");
    assert!(!diags[0].is_error());
    assert!(
        diags[0]
            .message
            .starts_with("migrations/0001_x.up.sql:2: the `GRANT` statement is not followed"),
        "{}",
        diags[0].message
    );
}

#[test]
fn review_cases_plan_what_postgresql_needs() {
    // An expression index reads back the same, so an unchanged one is left alone.
    let ix = "CREATE TABLE users (id bigint PRIMARY KEY, email text);\nCREATE INDEX users_email_lower ON users (lower(email));";
    let up = first_up("s.md", &spec_md("", ix)).unwrap();
    assert!(step_between(&up, "", ix).is_empty());
    // A check over two columns is `table_check`, as PostgreSQL names it.
    let two = "CREATE TABLE bookings (id bigint PRIMARY KEY, starts_at timestamptz, ends_at timestamptz CHECK (ends_at > starts_at));";
    let changed = step_between(
        two,
        "<!-- specforge-allow SF-M010: checked -->",
        &two.replace("ends_at > starts_at", "ends_at >= starts_at"),
    );
    assert!(
        changed
            .up
            .contains("ALTER TABLE bookings DROP CONSTRAINT bookings_check;"),
        "{}",
        changed.up
    );
    // A rename does not touch string literals that spell the old name.
    let kinds = "CREATE TABLE notes (id bigint PRIMARY KEY, note text, kind text CHECK (kind IN ('note', 'todo')));";
    let renamed = step_between(
        kinds,
        "",
        "CREATE TABLE notes (id bigint PRIMARY KEY, body text, -- renamed from note\n kind text CHECK (kind IN ('note', 'todo')));",
    );
    assert_eq!(
        renamed.up, "ALTER TABLE notes RENAME COLUMN note TO body;\n",
        "{:?}",
        renamed.lints
    );
    // Renaming onto a name that exists is refused, not mistaken for a shipped rename.
    let both = step_between(
        "CREATE TABLE orders (id bigint PRIMARY KEY); CREATE TABLE purchases (id bigint PRIMARY KEY);",
        "<!-- specforge-allow SF-M001: purchases is folded into orders -->",
        "-- renamed from purchases\nCREATE TABLE orders (id bigint PRIMARY KEY);",
    );
    assert_eq!(lint_codes(&both), ["SF-M011"]);
    // An enum that had no values gains one without a position.
    let empty = step_between(
        "CREATE TYPE mood AS ENUM ();",
        "",
        "CREATE TYPE mood AS ENUM ('happy');",
    );
    assert_eq!(
        empty.up,
        "ALTER TYPE mood ADD VALUE IF NOT EXISTS 'happy';\n"
    );
}

#[test]
fn the_sql_forms_fixtures_replay_to_nothing_and_a_changed_delta_is_not_planned_silently() {
    for name in [
        "31-delta-alter-assumed.md",
        "32-fk-to-outside-table.md",
        "33-more-than-tables.md",
        "34-statement-recovery.md",
        "35-repetition-and-order.md",
    ] {
        let text = fixture_text(&format!("variations/{name}"));
        let up = first_up(name, &text).expect("a migration");
        let (old, diags) = replay(&[AppliedMigration {
            name: "0001.up.sql".into(),
            sql: up.clone(),
        }]);
        assert!(!diags.iter().any(|d| d.is_error()), "{name}: {diags:?}");
        let spec = spec_of(&text);
        let (new, _) = build_schema(&spec);
        let step = plan_step(&old, &new, &spec.allows);
        assert!(step.is_empty(), "{name}: {}\n{:?}", step.up, step.changes);
        assert!(
            !step.lints.iter().any(|d| d.is_error()),
            "{name}: {:?}",
            step.lints
        );
        if name.starts_with("31") {
            let revised = text.replace(
                "ALTER TABLE profiles ADD COLUMN avatar_url TEXT;",
                "ALTER TABLE profiles ADD COLUMN avatar_url TEXT;\nALTER TABLE profiles ADD COLUMN pronouns TEXT;",
            );
            let spec = spec_of(&revised);
            let (new, _) = build_schema(&spec);
            let step = plan_step(&old, &new, &spec.allows);
            assert_eq!(lint_codes(&step), ["SF-M011"], "{:?}", step.lints);
            assert!(
                step.lints[0].message.contains("`profiles`"),
                "{:?}",
                step.lints
            );
        }
    }
}
