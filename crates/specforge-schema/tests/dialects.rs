//! Other dialects and the types a spec creates, read into the model (issue 14, items 3 and
//! 4): small inline specs in the forms real documents hold.
mod common;

use common::{codes, schema_of};
use specforge_model::Code;
use specforge_schema::QualifiedName;
use specforge_schema::types::BaseType;

fn spec(body: &str) -> String {
    format!("# T\n\n**Status**: Approved\n\n## Data Model\n\n{body}\n")
}

#[test]
fn a_sqlite_fence_with_mysql_inline_indexes_is_read() {
    // SQLite's AUTOINCREMENT next to MySQL's inline INDEX, in a fence tagged `sql`; the
    // index name is taken by another table, as MySQL allows.
    let text = spec(
        "```sql\nCREATE TABLE a (\n  id INT PRIMARY KEY AUTO_INCREMENT,\n  code VARCHAR(9),\n  INDEX idx_code (code)\n);\n```\n\n```sql\nCREATE TABLE b (\n  id INTEGER PRIMARY KEY AUTOINCREMENT,\n  code VARCHAR(9),\n  INDEX idx_code (code)\n);\n```\n",
    );
    let (model, diags) = schema_of(&text);
    assert!(diags.iter().all(|d| !d.is_error()), "{:#?}", codes(&diags));
    let b = model.table(&QualifiedName::bare("b")).expect("b");
    assert_eq!(
        b.columns
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>(),
        ["id", "code"]
    );
    let names: Vec<&str> = model
        .indexes
        .iter()
        .filter_map(|i| i.name.as_deref())
        .collect();
    assert_eq!(names, ["idx_code", "b_idx_code"]);
}

#[test]
fn mysql_unique_key_names_are_per_table() {
    let text = spec(
        "```mysql\nCREATE TABLE `a` (`id` INT NOT NULL, `name` VARCHAR(9), PRIMARY KEY (`id`), UNIQUE KEY `name` (`name`));\nCREATE TABLE `b` (`id` INT NOT NULL, `name` VARCHAR(9), PRIMARY KEY (`id`), UNIQUE KEY `name` (`name`));\n```\n",
    );
    let (model, diags) = schema_of(&text);
    assert!(diags.iter().all(|d| !d.is_error()), "{:#?}", codes(&diags));
    let names: Vec<Option<&str>> = model
        .tables
        .iter()
        .map(|t| t.uniques[0].name.as_deref())
        .collect();
    assert_eq!(names, [Some("name"), Some("b_name")]);
    assert!(
        diags.iter().any(|d| d.code == Code::DialectConverted
            && d.message
                .starts_with("unique key `name` of table `b` becomes `b_name`")),
        "{:#?}",
        codes(&diags)
    );
}

#[test]
fn domains_and_composites_are_types_the_spec_creates() {
    let text = spec(
        "```sql\nCREATE DOMAIN email AS TEXT CHECK (VALUE LIKE '%@%');\nCREATE TYPE money_amount AS (amount NUMERIC(12,2), currency CHAR(3));\nCREATE TABLE t (id BIGINT PRIMARY KEY, contact email, price money_amount, prices money_amount[]);\n```\n",
    );
    let (model, diags) = schema_of(&text);
    assert!(diags.iter().all(|d| !d.is_error()), "{:#?}", codes(&diags));
    assert_eq!(model.domains[0].checks[0].expr.text, "VALUE LIKE '%@%'");
    assert_eq!(model.composites[0].attributes.len(), 2);
    let t = model.table(&QualifiedName::bare("t")).expect("t");
    assert!(matches!(
        t.column("contact").unwrap().ty.base,
        BaseType::Named(_)
    ));

    // A type nobody creates is still an error, and so is a type created twice.
    let (_, diags) = schema_of(&spec(
        "```sql\nCREATE DOMAIN d AS INT;\nCREATE TYPE d AS (x INT);\nCREATE TABLE t (id BIGINT PRIMARY KEY, x nothing_here);\n```\n",
    ));
    assert!(
        diags.iter().any(|d| d.code == Code::UnknownType),
        "{:#?}",
        codes(&diags)
    );
    assert!(
        diags.iter().any(|d| d.code == Code::DuplicateObject),
        "{:#?}",
        codes(&diags)
    );
}

#[test]
fn injection_through_a_type_is_refused_everywhere() {
    for ty in [
        "varchar(255)); DROP TABLE x; --",
        "vector(3)); DROP TABLE x; --",
        "geometry(Point, 4326)); DROP TABLE x; --",
        "ENUM('a'); DROP TABLE x; --",
    ] {
        let text = spec(&format!(
            "**Table:** `t`\n\n| Column | Type |\n|---|---|\n| id | bigint PK |\n| x | {ty} |\n"
        ));
        let (_, diags) = schema_of(&text);
        assert!(
            diags.iter().any(|d| d.code == Code::UnknownType),
            "{ty}: {:#?}",
            codes(&diags)
        );
    }
    // A MySQL ENUM value with a quote is a literal, never SQL.
    let (model, diags) = schema_of(&spec(
        "```mysql\nCREATE TABLE t (id INT PRIMARY KEY, s ENUM('it''s', 'x'') OR 1=1 --'));\n```\n",
    ));
    assert!(diags.iter().all(|d| !d.is_error()), "{:#?}", codes(&diags));
    let check = &model.tables[0].column("s").unwrap().checks[0].text;
    assert_eq!(check, "s IN ('it''s', 'x'') OR 1=1 --')");
}
