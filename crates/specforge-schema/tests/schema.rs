//! Schema model from DDL and column tables, merging and validation, over the project's
//! fixtures and small inline specs.
mod common;

use common::{codes, fixture_text, schema_of};
use specforge_model::Code;
use specforge_schema::types::BaseType;
use specforge_schema::{QualifiedName, RefAction};

fn has(diags: &[specforge_model::Diagnostic], code: Code, needle: &str) -> bool {
    diags
        .iter()
        .any(|d| d.code == code && d.message.contains(needle))
}

fn spec(body: &str) -> String {
    format!("# T\n\n**Status**: Approved\n\n## Data Model\n\n{body}\n")
}

#[test]
fn ledger_ddl_and_column_tables_merge_without_disagreement() {
    let (model, diags) = schema_of(&fixture_text("valid/ledger.md"));
    assert!(diags.iter().all(|d| !d.is_error()), "{:#?}", codes(&diags));
    assert_eq!(model.enums.len(), 4);
    assert_eq!(
        model.enums[0].labels,
        ["asset", "liability", "equity", "revenue", "expense"]
    );
    let names: Vec<String> = model.tables.iter().map(|t| t.name.to_string()).collect();
    assert_eq!(names, ["accounts", "transactions", "entries"]);
    let accounts = &model.tables[0];
    assert_eq!(accounts.sources.len(), 2, "DDL and column table");
    let status = accounts.column("status").expect("status");
    assert_eq!(
        status.ty.base,
        BaseType::Named(QualifiedName::bare("account_status"))
    );
    assert_eq!(
        status.default.as_ref().map(|d| d.text.as_str()),
        Some("'open'")
    );
    assert_eq!(status.comment.as_deref(), Some("open, closed"));
    let entries = &model.tables[2];
    let tx = entries.column("transaction_id").expect("transaction_id");
    assert_eq!(
        tx.references.as_ref().map(|r| r.table.name.as_str()),
        Some("transactions")
    );
    assert_eq!(entries.uniques[0].columns, ["transaction_id", "position"]);
    assert_eq!(
        model.indexes.len(),
        4,
        "index tables match the DDL indexes by name"
    );
}

#[test]
fn ddl_fixtures_have_no_errors_and_keep_index_details() {
    for name in [
        "valid/inventory.md",
        "valid/notifications.md",
        "valid/payouts.md",
    ] {
        let (model, diags) = schema_of(&fixture_text(name));
        assert!(diags.is_empty(), "{name}: {:#?}", codes(&diags));
        assert!(!model.tables.is_empty());
    }
    let (model, _) = schema_of(&fixture_text("valid/notifications.md"));
    let due = &model.indexes[0];
    assert_eq!(due.name.as_deref(), Some("idx_notifications_due"));
    assert_eq!(
        due.predicate.as_ref().map(|p| p.text.as_str()),
        Some("status = 'queued'")
    );
    assert!(model.indexes[1].keys[1].descending);
    let attempts = model
        .table(&QualifiedName::bare("delivery_attempts"))
        .expect("table");
    let fk = attempts
        .column("notification_id")
        .and_then(|c| c.references.as_ref())
        .expect("fk");
    assert_eq!(fk.on_delete, Some(RefAction::Cascade));
}

#[test]
fn spans_point_into_the_spec() {
    let text = fixture_text("valid/inventory.md");
    let (model, _) = schema_of(&text);
    let t = &model.tables[0];
    assert_eq!(
        text.get(t.name_span.start..t.name_span.end),
        Some("warehouses")
    );
    let status = t.column("status").expect("status");
    let d = status.default.as_ref().expect("default");
    assert_eq!(text.get(d.span.start..d.span.end), Some("'active'"));
}

#[test]
fn column_tables_only() {
    let (model, diags) = schema_of(&fixture_text("valid/bookings.md"));
    assert!(diags.iter().all(|d| !d.is_error()), "{:#?}", codes(&diags));
    let bookings = model
        .table(&QualifiedName::bare("bookings"))
        .expect("bookings");
    let guest = bookings.column("guest_id").expect("guest_id");
    assert!(!guest.nullable);
    assert_eq!(
        guest.references.as_ref().map(|r| r.columns.clone()),
        Some(vec!["id".to_owned()])
    );
    assert_eq!(bookings.column("nights").map(|c| c.checks.len()), Some(1));
    assert_eq!(
        bookings
            .column("adults")
            .and_then(|c| c.default.as_ref())
            .map(|d| d.text.as_str()),
        Some("1")
    );
    // Bullet-list indexes name no table; the nearest preceding column table is used.
    let ix = model
        .indexes
        .iter()
        .find(|i| i.name.as_deref() == Some("idx_bookings_room_id_check_in_date"))
        .expect("index");
    assert_eq!(ix.table.name, "bookings");
    assert_eq!(model.indexes.len(), 7);

    let (model, diags) = schema_of(&fixture_text("variations/07-column-tables-only.md"));
    let members = model
        .table(&QualifiedName::bare("members"))
        .expect("members");
    assert!(
        members
            .column("id")
            .is_some_and(|c| c.primary_key && !c.nullable)
    );
    assert!(has(
        &diags,
        Code::ForeignKeyTargetMissing,
        "lunch_orders.member_id"
    ));
}

#[test]
fn fence_tags_dialects_and_skips() {
    let (model, diags) = schema_of(&fixture_text("variations/18-sql-fence-tags.md"));
    let c = codes(&diags);
    assert!(
        has(&diags, Code::DialectConverted, "AUTO_INCREMENT"),
        "{c:#?}"
    );
    assert!(
        has(&diags, Code::DialectConverted, "AUTOINCREMENT"),
        "{c:#?}"
    );
    assert!(
        has(
            &diags,
            Code::DialectConverted,
            "ON UPDATE CURRENT_TIMESTAMP"
        ),
        "{c:#?}"
    );
    assert!(has(&diags, Code::StatementSkipped, "SELECT"), "{c:#?}");
    assert!(diags.iter().all(|d| !d.is_error()), "{c:#?}");
    let bins = model.table(&QualifiedName::bare("bins")).expect("bins");
    let names: Vec<&str> = bins.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["id", "aisle", "state", "capacity"]);
    assert!(
        model
            .table(&QualifiedName::bare("bin_events"))
            .and_then(|t| t.column("id"))
            .is_some_and(|c| c.identity)
    );
}

#[test]
fn unparsable_fence_is_an_error_at_the_position() {
    let text =
        spec("```sql\nCREATE TABLE a (\n  id INT PRIMARY KEY,\n  x INT NOT NULL NOT\n);\n```");
    let (_, diags) = schema_of(&text);
    let d = diags
        .iter()
        .find(|d| d.code == Code::SqlParseError)
        .expect("parse error");
    assert!(d.message.contains("does not parse"), "{}", d.message);
    assert!(text.get(d.span.start..d.span.end).is_some());
    assert_eq!(d.labels.len(), 1, "the fence is labelled");
}

#[test]
fn injection_in_type_and_default_cells() {
    let text = spec(
        "### Table: t\n\n| Column | Type | Constraints | Default | Description |\n|---|---|---|---|---|\n| id | BIGINT | PK | - | x |\n| a | varchar(255)); DROP TABLE x; -- | NOT NULL | - | x |\n| b | int | NOT NULL | 0; DROP TABLE t | x |\n| c | money2(3) | - | - | x |\n| d | text | WHATEVER | - | x |\n",
    );
    let (_, diags) = schema_of(&text);
    let c = codes(&diags);
    assert!(
        has(&diags, Code::UnknownType, "varchar(255)); DROP TABLE x; --"),
        "{c:#?}"
    );
    assert!(has(&diags, Code::UnknownType, "money2(3)"), "{c:#?}");
    assert!(
        has(&diags, Code::InvalidDefault, "0; DROP TABLE t"),
        "{c:#?}"
    );
    assert!(
        has(&diags, Code::ConstraintNotUnderstood, "WHATEVER"),
        "{c:#?}"
    );
}

#[test]
fn names_references_and_duplicates() {
    let long = "x".repeat(64);
    let text = spec(&format!(
        "```sql\nCREATE TABLE {long} (id INT PRIMARY KEY);\nCREATE TABLE b (id INT PRIMARY KEY, a_id INT REFERENCES bs(id), c_id INT REFERENCES b(nope), id INT);\nCREATE TABLE b (id INT);\nCREATE INDEX idx_b ON b (nothing);\nCREATE INDEX idx_m ON cc (x);\nCREATE TABLE \"bad name\" (id INT);\nCREATE TABLE c (s kind);\n```"
    ));
    let (_, diags) = schema_of(&text);
    let c = codes(&diags);
    assert!(has(&diags, Code::IdentifierTooLong, &long), "{c:#?}");
    assert!(has(&diags, Code::UnknownReference, "table `bs`"), "{c:#?}");
    assert!(
        has(&diags, Code::UnknownReference, "column `nope`"),
        "{c:#?}"
    );
    assert!(has(&diags, Code::DuplicateColumn, "`id`"), "{c:#?}");
    assert!(has(&diags, Code::DuplicateTable, "`b`"), "{c:#?}");
    assert!(has(&diags, Code::IndexUnknownColumn, "`nothing`"), "{c:#?}");
    assert!(has(&diags, Code::IndexUnknownColumn, "`cc`"), "{c:#?}");
    // Names one edit away from a table the spec creates are typos, not outside tables.
    for (code, typo, meant) in [
        (Code::UnknownReference, "`bs`", "did you mean `b`?"),
        (Code::IndexUnknownColumn, "`cc`", "did you mean `c`?"),
    ] {
        let d = diags
            .iter()
            .find(|d| d.code == code && d.message.contains(typo))
            .expect("typo reported");
        assert!(
            d.help.as_deref().is_some_and(|h| h.starts_with(meant)),
            "{d:?}"
        );
    }
    assert!(
        !diags.iter().any(|d| d.code == Code::AssumedTable),
        "{c:#?}"
    );
    assert!(has(&diags, Code::InvalidIdentifier, "bad name"), "{c:#?}");
    assert!(has(&diags, Code::UnknownType, "`kind`"), "{c:#?}");
    let dup = diags
        .iter()
        .find(|d| d.code == Code::DuplicateTable)
        .expect("dup");
    assert_eq!(dup.labels.len(), 1, "both places");
}

#[test]
fn control_characters_in_defaults_and_comments() {
    let text = spec(
        "```sql\nCREATE TABLE t (id INT PRIMARY KEY, s TEXT DEFAULT 'a\u{1}b');\nCOMMENT ON COLUMN t.s IS 'x\u{0}y';\n```",
    );
    let (_, diags) = schema_of(&text);
    assert!(
        has(&diags, Code::ControlCharacter, "default"),
        "{:#?}",
        codes(&diags)
    );
    assert!(
        has(&diags, Code::ControlCharacter, "description"),
        "{:#?}",
        codes(&diags)
    );
}

#[test]
fn ddl_and_column_table_disagreements_name_both_places() {
    let text = spec(
        "```sql\nCREATE TABLE t (\n  id BIGINT PRIMARY KEY,\n  a VARCHAR(10) NOT NULL,\n  b INT,\n  c TEXT DEFAULT 'x',\n  only_ddl INT\n);\n```\n\n### Table: t\n\n| Column | Type | Constraints | Default | Description |\n|---|---|---|---|---|\n| id | BIGINT | PK | - | id |\n| a | VARCHAR(20) | NOT NULL | - | a |\n| b | TEXT | NOT NULL | - | b |\n| c | TEXT | - | 'y' | c |\n| only_table | INT | - | - | z |\n",
    );
    let (model, diags) = schema_of(&text);
    let c = codes(&diags);
    assert!(
        has(&diags, Code::SchemaDisagreement, "length of `t.a`"),
        "{c:#?}"
    );
    assert!(
        has(&diags, Code::SchemaDisagreement, "type of `t.b`"),
        "{c:#?}"
    );
    assert!(
        has(&diags, Code::SchemaDisagreement, "nullability of `t.b`"),
        "{c:#?}"
    );
    assert!(
        has(&diags, Code::SchemaDisagreement, "default of `t.c`"),
        "{c:#?}"
    );
    assert!(
        has(
            &diags,
            Code::SchemaDisagreement,
            "`t.only_table` is in the column table"
        ),
        "{c:#?}"
    );
    assert!(
        has(
            &diags,
            Code::SchemaDisagreement,
            "`t.only_ddl` is in the DDL"
        ),
        "{c:#?}"
    );
    assert!(
        diags
            .iter()
            .filter(|d| d.code == Code::SchemaDisagreement)
            .all(|d| d.labels.len() == 1)
    );
    assert_eq!(model.tables.len(), 1);
}

#[test]
fn output_is_deterministic() {
    for name in common::valid_fixtures() {
        let text = fixture_text(&format!("valid/{name}"));
        assert_eq!(schema_of(&text), schema_of(&text), "{name}");
    }
}

/// `line:column` (1-based, columns in characters) of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    (line, column)
}

#[test]
fn a_statement_that_does_not_parse_costs_only_itself() {
    let text = spec(
        "```sql\nCREATE TABLE a (id INT PRIMARY KEY);\n\nCREATE TABLE b (\n  id INT PRIMARY KEY,\n  x INT NOT NULL NOT\n);\n\nCREATE TABLE c (id INT PRIMARY KEY, a_id INT REFERENCES a (id));\nCREATE INDEX idx_c_a ON c (a_id);\n```",
    );
    let (model, diags) = schema_of(&text);
    let errors: Vec<_> = diags.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 1, "{:#?}", codes(&diags));
    let d = errors[0];
    assert_eq!(d.code, Code::SqlParseError);
    // At the second NOT (file line and column, not the statement's), not at the fence.
    let bad = text.find("NOT NULL NOT").unwrap() + 9;
    assert_eq!(line_col(&text, d.span.start), line_col(&text, bad), "{d:?}");
    assert_eq!(line_col(&text, bad), (12, 18));
    assert!(
        !d.message.contains("Line:"),
        "positions relative to the statement are dropped: {d:?}"
    );
    assert_eq!(d.labels.len(), 1, "the statement is labelled");
    assert!(text[d.labels[0].span.start..].starts_with("CREATE TABLE b ("));
    // The other statements are read.
    let names: Vec<String> = model.tables.iter().map(|t| t.name.to_string()).collect();
    assert_eq!(names, ["a", "c"]);
    assert_eq!(model.indexes.len(), 1);
}

#[test]
fn a_delta_alter_of_a_near_miss_is_a_typo_not_an_outside_table() {
    let text = spec(
        "```sql\nCREATE TABLE orders (id INT PRIMARY KEY);\nALTER TABLE order ADD COLUMN note TEXT;\nALTER TABLE profiles ADD COLUMN note TEXT;\n```",
    );
    let (model, diags) = schema_of(&text);
    let typo = diags
        .iter()
        .find(|d| d.code == Code::UnknownTable)
        .expect("typo");
    assert!(typo.message.contains("`order`"), "{typo:?}");
    assert!(
        typo.help
            .as_deref()
            .is_some_and(|h| h.starts_with("did you mean `orders`?")),
        "{typo:?}"
    );
    let names: Vec<String> = model.assumed.iter().map(|t| t.name.to_string()).collect();
    assert_eq!(names, ["profiles"]);
    assert!(
        has(&diags, Code::AssumedTable, "public.profiles ()"),
        "{:#?}",
        codes(&diags)
    );
}

#[test]
fn repeated_objects_in_identical_form_are_one_and_differing_forms_are_errors_at_both() {
    let same = spec(
        "```sql\nCREATE TABLE t (id INT PRIMARY KEY, name TEXT NOT NULL);\nCREATE INDEX idx_t_name ON t (name);\n```\n\n```sql\nCREATE TABLE t (\n  id   INT PRIMARY KEY,\n  name TEXT NOT NULL\n);\nCREATE INDEX idx_t_name ON t (name);\n```",
    );
    let (model, diags) = schema_of(&same);
    assert!(!diags.iter().any(|d| d.is_error()), "{:#?}", codes(&diags));
    assert_eq!(model.tables.len(), 1);
    assert_eq!(model.tables[0].sources.len(), 2);
    assert_eq!(model.indexes.len(), 1);
    let differ = spec(
        "```sql\nCREATE TABLE t (id INT PRIMARY KEY, name TEXT NOT NULL);\nCREATE INDEX idx_t_name ON t (name);\n```\n\n```sql\nCREATE TABLE t (id INT PRIMARY KEY, name TEXT);\nCREATE INDEX idx_t_name ON t (name DESC);\n```",
    );
    let (_, diags) = schema_of(&differ);
    for code in [Code::DuplicateTable, Code::DuplicateObject] {
        let d = diags.iter().find(|d| d.code == code).expect("duplicate");
        assert!(d.message.contains("differently"), "{d:?}");
        assert_eq!(d.labels.len(), 1, "both places: {d:?}");
        assert!(d.labels[0].span.start < d.span.start, "{d:?}");
    }
}

#[test]
fn add_column_of_a_column_the_table_lists_is_that_column() {
    let text = spec(
        "```sql\nALTER TABLE t ADD COLUMN note TEXT;\nALTER TABLE t ADD COLUMN size INT;\n```\n\n```sql\nCREATE TABLE t (id INT PRIMARY KEY, note TEXT, size BIGINT);\n```",
    );
    let (model, diags) = schema_of(&text);
    assert!(model.assumed.is_empty());
    assert_eq!(model.tables[0].columns.len(), 3);
    let d: Vec<_> = diags.iter().filter(|d| d.is_error()).collect();
    assert_eq!(d.len(), 1, "{:#?}", codes(&diags));
    assert_eq!(d[0].code, Code::SchemaDisagreement);
    assert!(d[0].message.contains("`t.size`"), "{:?}", d[0]);
}

#[test]
fn a_well_known_schema_is_the_specs_own_table_when_it_has_one() {
    // `storage.id` names the spec's own table `storage` and its column; `auth.users`, with no
    // table `auth` in the spec, is Supabase's users table.
    let text = "# S\n\n**Status:** Approved\n\n\
        ### Entity: Storage\n\n**Table:** `storage`\n\n\
        | Column | Type | Constraints |\n|---|---|---|\n| `id` | uuid | PK |\n\n\
        ### Entity: File\n\n**Table:** `files`\n\n\
        | Column | Type | Constraints |\n|---|---|---|\n\
        | `id` | uuid | PK |\n\
        | `storage_id` | uuid | references storage.id |\n\
        | `owner_id` | uuid | references auth.users |\n";
    let (model, diags) = schema_of(text);
    let files = model
        .table(&QualifiedName::bare("files"))
        .unwrap_or_else(|| panic!("{:#?}", codes(&diags)));
    let target = |column: &str| {
        let r = files
            .column(column)
            .and_then(|c| c.references.as_ref())
            .unwrap_or_else(|| panic!("{column}: {:#?}", codes(&diags)));
        (r.table.to_string(), r.columns.clone())
    };
    assert_eq!(
        target("storage_id"),
        ("storage".to_owned(), vec!["id".to_owned()])
    );
    assert_eq!(
        target("owner_id"),
        ("auth.users".to_owned(), Vec::<String>::new())
    );
}
