//! The schema a list of applied migrations produces: each up migration's SQL is read, in
//! order, into one [`SchemaModel`] (`CREATE`, and the `ALTER`, `DROP` and `RENAME` statements
//! of `specforge_schema::apply`).
//!
//! Positions in a migration file are not positions in the spec, so each problem names the file
//! and line in its message and carries no spec span.

use specforge_model::{Code, Diagnostic, Severity, Span, SqlBlock, SqlBlockRole, SqlDialect};
use specforge_schema::{SchemaModel, read_sql_onto};

/// One migration already written (and recorded in `specforge.sum`): its file name and up SQL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppliedMigration {
    /// The file it came from, e.g. `migrations/0001_orders.up.sql`.
    pub name: String,
    /// Its up SQL.
    pub sql: String,
}

/// The schema `migrations` produce when applied in order, and what could not be followed:
/// [`Code::AppliedMigrationUnreadable`] errors (the SQL does not parse, or changes what does
/// not exist) and [`Code::AppliedStatementSkipped`] warnings (statements the model does not
/// follow, such as functions, which the next migration then leaves alone).
pub fn replay(migrations: &[AppliedMigration]) -> (SchemaModel, Vec<Diagnostic>) {
    let mut model = SchemaModel::default();
    let mut diags = Vec::new();
    for m in migrations {
        replay_onto(&mut model, m, &mut diags);
    }
    (model, diags)
}

/// Applies one migration's up SQL to `model`.
pub fn replay_onto(
    model: &mut SchemaModel,
    migration: &AppliedMigration,
    out: &mut Vec<Diagnostic>,
) {
    let block = SqlBlock {
        dialect: SqlDialect::Postgres,
        info: migration.name.clone(),
        role: SqlBlockRole::Schema,
        body: migration.sql.clone(),
        body_offset: 0,
        span: Span::new(0, migration.sql.len()),
        section: None,
    };
    let mut found = Vec::new();
    let carried = model.carried.len();
    read_sql_onto(model, &block, &mut found);
    // Carried statements (grants, views, functions, …) are kept, but the planner does not
    // diff them.
    for c in &model.carried[carried.min(model.carried.len())..] {
        let word =
            c.up.split_whitespace()
                .next()
                .unwrap_or("")
                .to_ascii_uppercase();
        found.push(Diagnostic::new(
            Code::UnsupportedDdl,
            c.span,
            format!("the `{word}` statement is not modelled and is left out of the migration"),
        ));
    }
    let whole = Span::new(0, migration.sql.len());
    for d in found {
        // sqlparser knows no position for some statements: then the whole file is the span.
        let place = if d.span == whole {
            migration.name.clone()
        } else {
            let line = migration.sql[..d.span.start.min(migration.sql.len())]
                .matches('\n')
                .count()
                + 1;
            format!("{}:{line}", migration.name)
        };
        let code = if d.is_error() {
            Code::AppliedMigrationUnreadable
        } else if d.severity == Severity::Note {
            continue;
        } else {
            Code::AppliedStatementSkipped
        };
        let message = d
            .message
            .replace(&format!("the `{}` fence", migration.name), "it")
            .replace(
                "is not modelled and is left out of the migration",
                "is not followed by the schema model",
            );
        out.push(
            Diagnostic::new(
                code,
                Span::default(),
                format!("{place}: {message}"),
            )
            .with_help(if code == Code::AppliedMigrationUnreadable {
                "restore the migration as specforge wrote it (see specforge.sum), or start the migrations over"
            } else {
                "the next migration is planned without this statement; write any change to it by hand"
            }),
        );
    }
}
