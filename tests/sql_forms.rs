//! The SQL forms real specs write (issue 14, items 1, 5 and 7), through `specforge generate`:
//! a delta spec's migration says what it assumes, statements other than tables are carried,
//! a statement that does not parse is an error at its own position while the fence's other
//! statements are still read.

mod common;
use common::*;

fn generate_fixture(name: &str) -> (i32, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let spec = format!("fixtures/variations/{name}.md");
    let (code, stderr) = generate(&[&spec, "--out", out.to_str().unwrap()]);
    (code, stderr, dir)
}

fn migration(dir: &std::path::Path, suffix: &str) -> String {
    let folder = dir.join("out/migrations");
    let file = std::fs::read_dir(&folder)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .find(|p| p.to_string_lossy().ends_with(suffix))
        .unwrap_or_else(|| panic!("no *{suffix} in {}", folder.display()));
    std::fs::read_to_string(file).unwrap()
}

#[test]
fn a_delta_spec_writes_a_migration_that_states_its_assumptions() {
    let (code, stderr, dir) = generate_fixture("31-delta-alter-assumed");
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("note[SF-S015]: the spec changes or references tables it does not create"),
        "{stderr}"
    );
    let up = migration(dir.path(), ".up.sql");
    let header: Vec<&str> = up
        .lines()
        .filter(|l| l.starts_with("-- assumes table: "))
        .collect();
    assert_eq!(
        header,
        [
            "-- assumes table: public.profiles (bio text)",
            "-- assumes table: public.orders (customer_id text, status text)"
        ]
    );
    assert!(
        up.contains("ALTER TABLE profiles ADD COLUMN avatar_url text;\n"),
        "{up}"
    );
}

#[test]
fn views_functions_and_grants_are_carried_into_the_migration() {
    let (code, stderr, dir) = generate_fixture("33-more-than-tables");
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("note[SF-S018]: role `reporting` not created by the spec"),
        "{stderr}"
    );
    assert!(
        stderr.contains("note[SF-S017]"),
        "the DO block has no down: {stderr}"
    );
    assert!(
        stderr.contains("`UPDATE` statement is not schema DDL and is skipped"),
        "{stderr}"
    );
    let up = migration(dir.path(), ".up.sql");
    assert!(
        up.contains("CREATE VIEW document_titles AS SELECT id, title FROM documents;"),
        "{up}"
    );
    assert!(
        up.contains("IF EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'reporting') THEN"),
        "{up}"
    );
    let down = migration(dir.path(), ".down.sql");
    assert!(
        down.contains("DROP VIEW IF EXISTS document_titles;"),
        "{down}"
    );
    // OpenAPI and the model's tables never see the views.
    assert!(!stderr.contains("document_titles` is"), "{stderr}");
}

#[test]
fn a_statement_that_does_not_parse_is_an_error_at_its_position() {
    assert_refused(
        "sql-does-not-parse",
        "SF-S010",
        "a statement of the `sql` fence does not parse",
        Some("15:1"),
    );
}

#[test]
fn a_spec_whose_sql_fences_hold_no_schema_yields_no_migration() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("queries.md");
    std::fs::write(
        &spec,
        "# Reports\n\n**Status**: Approved\n\n## Queries\n\n```sql\nSELECT count(*) FROM orders;\nUPDATE orders SET state = 'x';\n```\n\n## Errors\n\n| Code | HTTP Status | Description |\n|---|---|---|\n| NOT_FOUND | 404 | Not found |\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let (code, stderr) = generate(&[spec.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!out.join("migrations").exists(), "{:?}", files_under(&out));
}
