//! What an error blocks: exactly the artifacts built from the construct it concerns.
//!
//! | where the error comes from | what it blocks |
//! |---|---|
//! | undecodable input, the status gate, placeholders, an empty spec (exit class `Unusable`) | every artifact |
//! | endpoints, examples, embedded OpenAPI (`SF-A…`) | `openapi` |
//! | error-code rows (`SF-E…`) | `errors` |
//! | metric and alert rows (`SF-P…`) | `alerts` |
//! | SQL fences and column tables (`SF-S…`), the applied migrations (`SF-M…`) | `migrations` |
//! | consistency between sections (`SF-C…`) | nothing (they fail `check`) |
//! | a character that is unsafe anywhere (`SF-R007`) | the artifacts whose constructs hold it |
//! | an emitter's own error | that emitter's artifact |
//!
//! OpenAPI reads the schema model too (component schemas taken from tables), but a schema
//! error does not block it: a table that does not parse is simply absent from the model, and
//! OpenAPI is built from the tables that were read.

use specforge_model::{ArtifactKind, Code, Diagnostic, ExitClass, Severity, Span, Spec};

/// Where a diagnostic was produced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Reading, extraction and the gate: decided by the code's area.
    Spec,
    /// Building the schema model from SQL fences and column tables.
    Schema,
    /// The cross-section consistency rules.
    Consistency,
    /// An emitter, while building its artifact.
    Emitter(ArtifactKind),
}

/// Sets [`Diagnostic::blocks`] on every error of `diagnostics` from `origin`. With
/// `deny_warnings`, warnings become errors first.
pub fn assign(diagnostics: &mut [Diagnostic], origin: Origin, spec: &Spec, deny_warnings: bool) {
    if deny_warnings {
        for d in diagnostics
            .iter_mut()
            .filter(|d| d.severity == Severity::Warning)
        {
            d.severity = Severity::Error;
        }
    }
    for d in diagnostics.iter_mut().filter(|d| d.is_error()) {
        d.blocks = kinds(d, origin, spec);
    }
}

fn kinds(d: &Diagnostic, origin: Origin, spec: &Spec) -> Vec<ArtifactKind> {
    if d.code.exit_class() == ExitClass::Unusable {
        return ArtifactKind::ALL.to_vec();
    }
    match origin {
        Origin::Consistency => Vec::new(),
        Origin::Emitter(kind) => vec![kind],
        Origin::Schema => vec![ArtifactKind::Migrations],
        Origin::Spec => by_code(d.code).unwrap_or_else(|| constructs_at(spec, d.span)),
    }
}

/// The kinds an extraction error of this code blocks; `None` when it depends on where the
/// diagnostic points.
fn by_code(code: Code) -> Option<Vec<ArtifactKind>> {
    if code == Code::BidiControl {
        return None;
    }
    let area = code.as_str().as_bytes().get(3).copied();
    Some(match area {
        Some(b'A') => vec![ArtifactKind::Openapi],
        Some(b'E') => vec![ArtifactKind::Errors],
        Some(b'P') => vec![ArtifactKind::Alerts],
        Some(b'S' | b'M') => vec![ArtifactKind::Migrations],
        _ => Vec::new(),
    })
}

/// The kinds whose constructs' source holds `span`.
fn constructs_at(spec: &Spec, span: Span) -> Vec<ArtifactKind> {
    let inside = |s: &Span| s.start <= span.start && span.end <= s.end.max(s.start + 1);
    let api = &spec.api;
    let openapi = api.endpoints.iter().any(|e| {
        inside(&e.span)
            || e.mentions.iter().any(|m| inside(&m.span))
            || e.parameters.iter().any(|p| inside(&p.span))
            || e.responses.iter().any(|r| inside(&r.span))
    }) || api.fragments.iter().any(|f| inside(&f.span));
    let schema = &spec.schema;
    let migrations = schema.sql_blocks.iter().any(|b| inside(&b.span))
        || schema.tables.iter().any(|t| inside(&t.span))
        || schema.indexes.iter().any(|i| inside(&i.span))
        || schema.constraints.iter().any(|c| inside(&c.span));
    let errors = spec.errors.entries.iter().any(|e| inside(&e.span));
    let observability = &spec.observability;
    let alerts = observability.metrics.iter().any(|m| inside(&m.span))
        || observability.alerts.iter().any(|a| inside(&a.span));
    [
        (openapi, ArtifactKind::Openapi),
        (migrations, ArtifactKind::Migrations),
        (errors, ArtifactKind::Errors),
        (alerts, ArtifactKind::Alerts),
    ]
    .into_iter()
    .filter_map(|(held, kind)| held.then_some(kind))
    .collect()
}
