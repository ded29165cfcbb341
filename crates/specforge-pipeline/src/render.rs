//! A loaded spec to its artifacts, in memory: the schema (built once), consistency rules,
//! emitters, post-conditions, allow comments, then `specforge.sum`.

use crate::load::LoadedSpec;
use rayon::prelude::*;
use specforge_alerts::AlertsConfig;
use specforge_migrate::SchemaModel;
use specforge_model::{Artifact, Code, Diagnostic, Severity, Span, Spec};

/// Artifact kinds, in output order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// `openapi.yaml` (and `openapi.json`).
    Openapi,
    /// `migrations/`.
    Migrations,
    /// `errors.rs`.
    Errors,
    /// `alerts.yaml` and `alerts.test.yaml`.
    Alerts,
}

impl Kind {
    /// Every kind, in output order.
    pub const ALL: [Kind; 4] = [Kind::Openapi, Kind::Migrations, Kind::Errors, Kind::Alerts];

    /// The name used by `--only` and `specforge.toml`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Openapi => "openapi",
            Kind::Migrations => "migrations",
            Kind::Errors => "errors",
            Kind::Alerts => "alerts",
        }
    }
}

/// What to generate and how.
#[derive(Debug, Clone)]
pub struct Options {
    /// Kinds to generate; empty means all.
    pub only: Vec<Kind>,
    /// Layout of the migration files.
    pub migration_format: specforge_migrate::MigrationFormat,
    /// Name of the error enum (default: from the service name).
    pub error_enum: Option<String>,
    /// Also implement serde's traits in `errors.rs` (`--error-serde`).
    pub error_serde: bool,
    /// Also write `openapi.json`.
    pub openapi_json: bool,
    /// Emit the alerts that were understood; the others become warnings.
    pub skip_unresolved_alerts: bool,
    /// The alerts emitter's settings.
    pub alerts: AlertsConfig,
    /// The migrations the output folder already holds ([`crate::history::read`]); the next
    /// migration is planned on top of them.
    pub history: crate::history::History,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            only: Vec::new(),
            migration_format: specforge_migrate::MigrationFormat::Plain,
            error_enum: None,
            error_serde: false,
            openapi_json: false,
            skip_unresolved_alerts: false,
            alerts: AlertsConfig::default(),
            history: crate::history::History::default(),
        }
    }
}

impl Options {
    /// The kinds requested, deduplicated, in output order.
    pub fn kinds(&self) -> Vec<Kind> {
        let mut kinds = if self.only.is_empty() {
            Kind::ALL.to_vec()
        } else {
            self.only.clone()
        };
        kinds.sort();
        kinds.dedup();
        kinds
    }
}

/// The artifacts of one spec and every diagnostic, in source order.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// Artifacts in output order, `specforge.sum` last. Empty when any diagnostic is an error.
    pub artifacts: Vec<Artifact>,
    /// Extraction, gate, consistency and emitter diagnostics, after allow comments.
    pub diagnostics: Vec<Diagnostic>,
    /// Requested kinds the spec holds nothing for.
    pub empty_kinds: Vec<Kind>,
}

/// Renders every requested artifact of `loaded`. When extraction or the gate already found the
/// spec unusable, nothing else runs.
pub fn render(loaded: &LoadedSpec, options: &Options) -> Rendered {
    let spec = &loaded.extraction.spec;
    let mut diagnostics = loaded.extraction.diagnostics.clone();
    let mut out = Rendered::default();
    if has_unusable(&diagnostics) {
        out.diagnostics = diagnostics;
        return out;
    }
    let kinds = options.kinds();
    // The schema is built once, for the consistency rules, OpenAPI and migrations, and only
    // when an artifact that reads it is requested (sqlparser dominates the run time).
    let needs_schema = kinds.contains(&Kind::Openapi) || kinds.contains(&Kind::Migrations);
    let (schema, schema_diagnostics) = if needs_schema {
        specforge_migrate::build_schema(spec)
    } else {
        (SchemaModel::default(), Vec::new())
    };
    let built = Schema {
        model: &schema,
        diagnostics: &schema_diagnostics,
    };
    // The rules and the emitters are independent: they run in parallel, and their results
    // are gathered in kind order, so the output never depends on scheduling.
    let (consistency, emitted) = rayon::join(
        || specforge_consistency::check(spec, &schema),
        || {
            kinds
                .par_iter()
                .map(|kind| emit(*kind, spec, &built, &loaded.name, options))
                .collect::<Vec<_>>()
        },
    );
    diagnostics.extend(consistency);
    let mut artifacts = Vec::new();
    for (kind, (produced, found)) in kinds.iter().zip(emitted) {
        if produced.is_empty() && !found.iter().any(Diagnostic::is_error) {
            out.empty_kinds.push(*kind);
        }
        artifacts.extend(produced);
        diagnostics.extend(found);
    }
    specforge_extract::allows::apply(&spec.allows, &mut diagnostics);
    diagnostics.sort_by_key(|d| (d.span.start, d.code));
    if !diagnostics.iter().any(Diagnostic::is_error) {
        artifacts.push(crate::sum::artifact(&loaded.name, &loaded.text, &artifacts));
        out.artifacts = artifacts;
    }
    out.diagnostics = diagnostics;
    out
}

fn has_unusable(diagnostics: &[Diagnostic]) -> bool {
    diagnostics
        .iter()
        .any(|d| d.is_error() && d.code.exit_class() == specforge_model::ExitClass::Unusable)
}

/// The schema built from the spec, and what building it found.
struct Schema<'a> {
    model: &'a SchemaModel,
    diagnostics: &'a [Diagnostic],
}

fn emit(
    kind: Kind,
    spec: &Spec,
    schema: &Schema<'_>,
    spec_name: &str,
    options: &Options,
) -> (Vec<Artifact>, Vec<Diagnostic>) {
    match kind {
        Kind::Openapi => openapi(spec, schema, spec_name, options),
        Kind::Migrations => {
            let (files, mut diags) = specforge_migrate::plan_evolution(
                spec,
                schema.model,
                schema.diagnostics.to_vec(),
                spec_name,
                options.migration_format,
                &options.history.files,
            );
            diags.extend(options.history.diagnostics.iter().cloned());
            if diags.iter().any(Diagnostic::is_error) {
                return (Vec::new(), diags);
            }
            (files, diags)
        }
        Kind::Alerts => {
            let mut out = specforge_alerts::emit(spec, spec_name, &options.alerts);
            if options.skip_unresolved_alerts {
                // The rows that were not understood are listed as warnings; the rest is emitted.
                for d in out.diagnostics.iter_mut().filter(|d| d.is_error()) {
                    d.severity = Severity::Warning;
                    d.message = format!("skipped: {}", d.message);
                }
            }
            (out.artifacts, out.diagnostics)
        }
        Kind::Errors => {
            let rust_options = specforge_rust::RustOptions {
                enum_name: options.error_enum.clone(),
                serde: options.error_serde,
            };
            let out = specforge_rust::emit(spec, spec_name, &rust_options);
            (out.artifacts, out.diagnostics)
        }
    }
}

/// `openapi.yaml` (and `openapi.json`), re-read as a post-condition. The schema's own
/// diagnostics are reported here only when migrations are not also being generated.
fn openapi(
    spec: &Spec,
    schema: &Schema<'_>,
    spec_name: &str,
    options: &Options,
) -> (Vec<Artifact>, Vec<Diagnostic>) {
    if spec.api.endpoints.is_empty() && spec.api.fragments.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let built = specforge_openapi::build(spec, schema.model, spec_name);
    let mut diagnostics = built.diagnostics;
    if !options.kinds().contains(&Kind::Migrations) {
        diagnostics.extend(schema.diagnostics.iter().cloned());
    }
    if diagnostics.iter().any(Diagnostic::is_error) {
        return (Vec::new(), diagnostics);
    }
    let rendered = specforge_openapi::to_yaml(&built.document, spec_name).and_then(|yaml| {
        specforge_openapi::verify(&yaml, &built.document)?;
        Ok(yaml)
    });
    let json = if options.openapi_json {
        specforge_openapi::to_json(&built.document).map(Some)
    } else {
        Ok(None)
    };
    let mut artifacts = Vec::new();
    match (rendered, json) {
        (Ok(yaml), Ok(json)) => {
            artifacts.push(Artifact {
                path: "openapi.yaml".to_owned(),
                contents: yaml,
            });
            artifacts.extend(json.map(|contents| Artifact {
                path: "openapi.json".to_owned(),
                contents,
            }));
        }
        (Err(message), _) | (_, Err(message)) => diagnostics.push(Diagnostic::new(
            Code::OpenApiNotReread,
            Span::default(),
            format!("internal error: the OpenAPI document does not re-read: {message}"),
        )),
    }
    (artifacts, diagnostics)
}
