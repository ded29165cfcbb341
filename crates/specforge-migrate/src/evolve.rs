//! The migrations of a revised spec: the applied ones unchanged, plus the next.
//!
//! The output folder's `migrations/` (as recorded in `specforge.sum`, read by the caller)
//! holds what production has run. When those files are exactly what a fresh generation would
//! write, nothing changed. Otherwise their up SQL is replayed ([`crate::replay`]), the next
//! migration is planned against the revised schema ([`crate::plan_step`]), and the result is
//! every applied file byte for byte, then the new ones ([`crate::package_step`]).

use crate::format::{MigrationFormat, file_order, migration_version, package_step, up_sql};
use crate::plan_migration_from;
use crate::replay::{AppliedMigration, replay};
use crate::step::plan_step;
use specforge_model::{Artifact, Code, Diagnostic, Span, Spec};
use specforge_schema::SchemaModel;

/// The migration files for `spec`, given the `applied` files already in the output folder
/// (paths relative to it, contents as on disk, already checked against `specforge.sum`).
/// With no applied files this is [`plan_migration_from`].
pub fn plan_evolution(
    spec: &Spec,
    model: &SchemaModel,
    schema_diagnostics: Vec<Diagnostic>,
    spec_name: &str,
    format: MigrationFormat,
    applied: &[Artifact],
) -> (Vec<Artifact>, Vec<Diagnostic>) {
    let schema_count = schema_diagnostics.len();
    let (fresh, mut diags) =
        plan_migration_from(spec, model, schema_diagnostics, spec_name, format);
    if applied.is_empty() || diags.iter().any(Diagnostic::is_error) {
        return (fresh, diags);
    }
    let mut applied = applied.to_vec();
    applied.sort_by_cached_key(|f| file_order(format, &f.path));
    if fresh == applied {
        return (fresh, diags);
    }
    // What the first-migration planner added after the schema's own diagnostics: its notes
    // say how a first migration was chosen, and this is not one; its errors still stand.
    let mut planned = diags.split_off(schema_count.min(diags.len()));
    planned.retain(|d| d.severity != specforge_model::Severity::Note);
    diags.extend(planned);
    let mut versions: Vec<(u32, &Artifact)> = Vec::new();
    for file in &applied {
        match migration_version(format, &file.path) {
            Some(v) => versions.push((v, file)),
            None => {
                diags.push(
                    Diagnostic::new(
                        Code::AppliedMigrationUnreadable,
                        Span::default(),
                        format!("{} is not a `{}` migration file; the migrations were written in another format", file.path, format.name()),
                    )
                    .with_help("generate with the --migration-format the migrations were first written in"),
                );
            }
        }
    }
    if diags.iter().any(Diagnostic::is_error) {
        return (Vec::new(), diags);
    }

    let ups: Vec<AppliedMigration> = versions
        .iter()
        .filter_map(|(_, f)| {
            up_sql(format, &f.path, &f.contents).map(|sql| AppliedMigration {
                name: f.path.clone(),
                sql,
            })
        })
        .collect();
    let (old, replayed) = replay(&ups);
    diags.extend(replayed);
    if diags.iter().any(Diagnostic::is_error) {
        return (Vec::new(), diags);
    }
    let step = plan_step(&old, model, &spec.allows);
    diags.extend(step.lints.iter().cloned());
    let mut files: Vec<Artifact> = applied.clone();
    if step.is_empty() || diags.iter().any(Diagnostic::is_error) {
        let ok = !diags.iter().any(Diagnostic::is_error);
        return (if ok { files } else { Vec::new() }, diags);
    }
    let next = versions.iter().map(|(v, _)| v + 1).max().unwrap_or(1);
    let slug = crate::migration_slug(spec_name);
    let new_files = package_step(format, spec_name, &slug, next, &step);
    crate::reparse_files(&new_files, Code::PlanSelfCheck, &mut diags);
    if diags.iter().any(Diagnostic::is_error) {
        return (Vec::new(), diags);
    }
    files.extend(new_files);
    (files, diags)
}
