//! specforge-diff: one report of what a spec revision changes, with one severity policy.
//!
//! * [`api`]: the two OpenAPI documents compared operation by operation, modelled on oasdiff's
//!   breaking-change rules (removed operations, responses, properties and enum values, newly
//!   required parameters and fields, type changes are breaking; additions are compatible).
//! * [`errors`]: removed codes and status changes are breaking for clients; new codes are
//!   compatible.
//! * [`alerts`]: removed alerts, changed conditions and severities are informational.
//!
//! * [`database`]: the migration planned from the old schema to the new, its changes
//!   (informational) and its safety lints (dropped tables and columns are breaking).
//!
//! Every change is a [`Change`]: a code from the catalogue (`SF-A1xx`, `SF-E1xx`, `SF-P1xx`,
//! `SF-M…`),
//! a [`Level`], a message, and where it is, in the old spec (for what was removed) or the new.

pub mod alerts;
pub mod api;
pub mod database;
pub mod errors;

use specforge_model::{Code, Span, Spec};

/// How much a change matters to the users of what the spec describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Informational: a compatible addition, an alert tweak.
    Info,
    /// May break some clients or deployments (a new response enum value, a risky migration).
    Warning,
    /// Breaks existing clients or data.
    Breaking,
}

impl Level {
    /// `info`, `warning`, `breaking`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Breaking => "breaking",
        }
    }
}

/// Which spec a location points into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Side {
    /// The old spec (something removed or changed away).
    Old,
    /// The new spec.
    New,
}

/// What a revision changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The stable code.
    pub code: Code,
    /// How much it matters.
    pub level: Level,
    /// The area: `api`, `database`, `errors`, `alerts`.
    pub area: &'static str,
    /// One line.
    pub message: String,
    /// Which spec `span` points into.
    pub side: Side,
    /// Where.
    pub span: Span,
    /// What to do about it, when there is something to do.
    pub help: Option<String>,
}

impl Change {
    pub(crate) fn new(
        code: Code,
        level: Level,
        area: &'static str,
        side: Side,
        span: Span,
        message: String,
    ) -> Change {
        Change {
            code,
            level,
            area,
            message,
            side,
            span,
            help: None,
        }
    }

    pub(crate) fn help(mut self, help: impl Into<String>) -> Change {
        self.help = Some(help.into());
        self
    }
}

/// One revision of a spec: its model, its OpenAPI document (when it has an API) and its schema
/// (when it describes one).
pub struct Revision<'a> {
    /// The extracted spec.
    pub spec: &'a Spec,
    /// The OpenAPI document built from it.
    pub openapi: Option<&'a openapiv3::OpenAPI>,
    /// The schema built from it.
    pub schema: Option<&'a specforge_schema::SchemaModel>,
}

/// The whole report: every change, and the migration the database side plans.
pub struct Report {
    /// Breaking first, then by area and source order.
    pub changes: Vec<Change>,
    /// The planned migration, when both revisions have a schema and it changed.
    pub migration: Option<specforge_migrate::Step>,
}

/// Every API, database, error and alert change from `old` to `new`.
pub fn report(old: &Revision<'_>, new: &Revision<'_>) -> Report {
    let mut out = Vec::new();
    if let (Some(a), Some(b)) = (old.openapi, new.openapi) {
        api::compare(a, b, old.spec, new.spec, &mut out);
    }
    let empty = specforge_schema::SchemaModel::default();
    let migration = match (old.schema, new.schema) {
        (None, None) => None,
        (a, b) => {
            let step =
                database::compare(a.unwrap_or(&empty), b.unwrap_or(&empty), new.spec, &mut out);
            (!step.is_empty()).then_some(step)
        }
    };
    errors::compare(old.spec, new.spec, &mut out);
    alerts::compare(old.spec, new.spec, &mut out);
    sort(&mut out);
    Report {
        changes: out,
        migration,
    }
}

/// [`report`]'s changes.
pub fn compare(old: &Revision<'_>, new: &Revision<'_>) -> Vec<Change> {
    report(old, new).changes
}

/// Breaking first, then by area, side and position.
pub fn sort(changes: &mut [Change]) {
    changes.sort_by(|a, b| {
        b.level
            .cmp(&a.level)
            .then(a.area.cmp(b.area))
            .then(a.side.cmp(&b.side))
            .then(a.span.start.cmp(&b.span.start))
            .then(a.message.cmp(&b.message))
    });
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Two Markdown revisions to their changes, as the CLI computes them.

    use super::*;

    /// The spec of `text`.
    pub fn spec_of(text: &str) -> Spec {
        let (doc, _) = specforge_markdown::read(text);
        specforge_extract::extract(text, &doc).spec
    }

    /// The changes from `old` to `new`.
    pub fn changes(old: &str, new: &str) -> Vec<Change> {
        let (a, b) = (spec_of(old), spec_of(new));
        let (sa, _) = specforge_schema::build_schema(&a);
        let (sb, _) = specforge_schema::build_schema(&b);
        let da = specforge_openapi::build(&a, &sa, "old.md").document;
        let db = specforge_openapi::build(&b, &sb, "new.md").document;
        compare(
            &Revision {
                spec: &a,
                openapi: Some(&da),
                schema: Some(&sa),
            },
            &Revision {
                spec: &b,
                openapi: Some(&db),
                schema: Some(&sb),
            },
        )
    }

    /// `code: message` lines of the changes.
    pub fn lines(old: &str, new: &str) -> Vec<String> {
        changes(old, new)
            .iter()
            .map(|c| format!("{} {}: {}", c.code.as_str(), c.level.as_str(), c.message))
            .collect()
    }

    /// A spec with a status line and `body`.
    pub fn spec(body: &str) -> String {
        format!("# Orders Service - Technical Specification\n\n**Status:** Approved\n\n{body}")
    }
}
