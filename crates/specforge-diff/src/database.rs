//! The database side of a revision: the migration planned from the old schema to the new one
//! ([`specforge_migrate::plan_step`], with the new spec's renames and allow comments), each
//! schema change as an informational [`Change`] (`SF-M100`), and each safety lint at its own
//! level: errors (a dropped table or column, a NOT NULL column without a default, a removed
//! enum value) are breaking, warnings (rewrites, locks) are warnings, notes are information.

use crate::{Change, Level, Side};
use specforge_migrate::{Step, plan_step};
use specforge_model::{Code, Severity, Spec};
use specforge_schema::SchemaModel;

/// The planned migration from `old` to `new` and its changes.
pub fn compare(
    old: &SchemaModel,
    new: &SchemaModel,
    new_spec: &Spec,
    out: &mut Vec<Change>,
) -> Step {
    let step = plan_step(old, new, &new_spec.allows);
    for change in &step.changes {
        out.push(Change::new(
            Code::SchemaChanged,
            Level::Info,
            "database",
            Side::New,
            change.span,
            change.summary.clone(),
        ));
    }
    for lint in &step.lints {
        let level = match lint.severity {
            Severity::Error => Level::Breaking,
            Severity::Warning => Level::Warning,
            _ => Level::Info,
        };
        let mut change = Change::new(
            lint.code,
            level,
            "database",
            Side::New,
            lint.span,
            lint.message.clone(),
        );
        change.help = lint.help.clone();
        out.push(change);
    }
    step
}
