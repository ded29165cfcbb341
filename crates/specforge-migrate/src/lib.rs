//! specforge-migrate: PostgreSQL migrations from a schema model (`specforge-schema`), and the
//! next migration planned from the applied ones.
//!
//! * [`plan_migration`] chooses the migration: the spec's explicit Up/Down pair as written
//!   (after checking that the Down undoes the Up), or SQL generated from the model
//!   ([`emit_migrations`]); [`package`] lays it out in a [`MigrationFormat`].

use specforge_model::Diagnostic;

mod emit;
mod evolve;
mod format;
mod pair;
mod plan;
mod replay;
pub use evolve::plan_evolution;
mod step;
mod usertypes;
pub use emit::emit_migrations;
pub use format::{
    MigrationFormat, file_order, migration_version, package, package_numbered, package_step, up_sql,
};
pub use plan::{plan_migration, plan_migration_from};
pub use replay::{AppliedMigration, replay, replay_onto};
pub use step::{ConcurrentIndex, SchemaChange, Step, plan_step};

/// Post-condition for emitted migrations: the text parses as PostgreSQL (sqlparser).
/// Statement by statement, as fences are read: `DO` blocks (which sqlparser does not read)
/// through their own grammar.
pub fn reparse(sql: &str) -> Result<(), String> {
    specforge_schema::check_postgres(sql)
}

/// Re-parses every file as a post-condition; a failure is an internal error of `code`.
pub(crate) fn reparse_files(
    files: &[specforge_model::Artifact],
    code: specforge_model::Code,
    diags: &mut Vec<Diagnostic>,
) {
    for file in files {
        if let Err(message) = reparse(&file.contents) {
            diags.push(Diagnostic::new(
                code,
                specforge_model::Span::default(),
                format!(
                    "internal error: {} does not parse as PostgreSQL: {message}",
                    file.path
                ),
            ));
        }
    }
}

/// The migration name for a spec file: its stem in `[a-z0-9_]+` (`Ledger Spec.md` →
/// `ledger_spec`), never empty, never a path.
pub fn migration_slug(spec_path: &str) -> String {
    let file = spec_path.rsplit(['/', '\\']).next().unwrap_or("");
    let stem = file.split('.').next().unwrap_or("");
    let slug = specforge_model::naming::ascii_snake(stem);
    if slug.is_empty() {
        "schema".to_owned()
    } else {
        slug
    }
}

#[cfg(test)]
mod slug_tests {
    use super::migration_slug;

    #[test]
    fn slugs_are_safe_file_names() {
        assert_eq!(migration_slug("fixtures/valid/ledger.md"), "ledger");
        assert_eq!(migration_slug("docs/Ledger Spec.v2.md"), "ledger_spec");
        assert_eq!(migration_slug("../../etc/passwd"), "passwd");
        assert_eq!(migration_slug(".hidden.md"), "schema");
        assert_eq!(migration_slug("CON.md"), "con");
        assert_eq!(migration_slug("спека.md"), "schema");
    }
}
