//! A loaded spec to its artifacts, in memory: the schema (built once), consistency rules,
//! emitters, post-conditions (with `verify`), allow comments, what each error blocks, then `specforge.sum`.

use crate::blocking::{self, Origin};
use crate::load::LoadedSpec;
use crate::write::Staging;
use specforge_alerts::AlertsConfig;
use specforge_model::{Artifact, Code, Diagnostic, Span, Spec};
use specforge_schema::SchemaModel;

/// Artifact kinds, in output order (the model's [`ArtifactKind`]).
pub use specforge_model::ArtifactKind as Kind;

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
    /// All or nothing: any error, consistency findings included, blocks every artifact.
    pub strict: bool,
    /// Warnings count as errors: each blocks the artifacts built from its construct.
    pub deny_warnings: bool,
    /// The alerts emitter's settings.
    pub alerts: AlertsConfig,
    /// What the output folder already holds ([`crate::history::read`]): the migrations the
    /// next one is planned on top of, and the recorded sum that blocked kinds keep.
    pub history: crate::history::History,
    /// `--verify`: re-read every artifact as a post-condition (OpenAPI and alerts YAML back
    /// into their models, `errors.rs` through syn). Off by default: the tests prove these
    /// readings once per change; this proves them again on every run. It changes no output,
    /// so it stays out of the options fingerprint ([`crate::fresh::fingerprint`]); keep it
    /// the last field.
    pub verify: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            only: Vec::new(),
            migration_format: specforge_migrate::MigrationFormat::Plain,
            error_enum: None,
            error_serde: false,
            openapi_json: false,
            strict: false,
            deny_warnings: false,
            alerts: AlertsConfig::default(),
            history: crate::history::History::default(),
            verify: false,
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
    /// Artifacts of the requested kinds that were built, in output order, `specforge.sum`
    /// last. Empty when the spec is unusable (or, with `strict`, when any error was found).
    pub artifacts: Vec<Artifact>,
    /// Extraction, gate, consistency and emitter diagnostics, after allow comments; every
    /// error carries what it blocks ([`Diagnostic::blocks`]).
    pub diagnostics: Vec<Diagnostic>,
    /// From [`render_staged`]: the files to commit, in output order, `specforge.sum` last
    /// (their contents are in the staging, not here). Empty from [`render`].
    pub staged: Vec<String>,
    /// Requested kinds the spec holds nothing for.
    pub empty_kinds: Vec<Kind>,
    /// Requested kinds an error keeps from being built, in output order. Their files on disk
    /// are left as they are, and `specforge.sum` keeps their recorded hashes.
    pub blocked: Vec<Kind>,
}

impl Rendered {
    /// The errors that block `kind`, in source order.
    pub fn blocking(&self, kind: Kind) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(move |d| d.blocks.contains(&kind))
    }

    /// True when nothing could be built because the spec cannot be used at all (exit 3).
    pub fn unusable(&self) -> bool {
        has_unusable(&self.diagnostics)
    }
}

/// Renders every requested artifact of `loaded`. An error blocks only the kinds built from
/// its construct ([`crate::blocking`]); the other kinds are built. When extraction or the gate
/// already found the spec unusable, nothing else runs.
pub fn render(loaded: &LoadedSpec, options: &Options) -> Rendered {
    render_into(loaded, options, None)
}

/// [`render`] for writing: each artifact is handed to `staging` as soon as its emitter is
/// done (checked, compared with the disk, its new bytes in a temporary file beside the
/// target) and dropped from memory, so a run never holds every artifact at once. The
/// returned [`Rendered::artifacts`] is empty; [`Rendered::staged`] lists the files to commit,
/// in output order. The files of a kind that turns out to be blocked are discarded from the
/// staging, and with `strict` and an error, everything is.
pub fn render_staged(loaded: &LoadedSpec, options: &Options, staging: &Staging) -> Rendered {
    render_into(loaded, options, Some(staging))
}

/// One kind's output: in memory, or staged (path and SHA-256 of each file).
enum Produced {
    Kept(Vec<Artifact>),
    Staged(Vec<(String, String)>),
}

impl Produced {
    fn new(artifacts: Vec<Artifact>, staging: Option<&Staging>) -> Produced {
        match staging {
            None => Produced::Kept(artifacts),
            Some(staging) => Produced::Staged(
                artifacts
                    .into_iter()
                    .map(|artifact| {
                        let hash = staging.stage(&artifact);
                        (artifact.path, hash)
                    })
                    .collect(),
            ),
        }
    }

    fn is_empty(&self) -> bool {
        match self {
            Produced::Kept(artifacts) => artifacts.is_empty(),
            Produced::Staged(files) => files.is_empty(),
        }
    }
}

fn render_into(loaded: &LoadedSpec, options: &Options, staging: Option<&Staging>) -> Rendered {
    let stage = |(artifacts, diagnostics): (Vec<Artifact>, Vec<Diagnostic>)| {
        (Produced::new(artifacts, staging), diagnostics)
    };
    let spec = &loaded.extraction.spec;
    let mut diagnostics = loaded.extraction.diagnostics.clone();
    blocking::assign(&mut diagnostics, Origin::Spec, spec, options.deny_warnings);
    let kinds = options.kinds();
    let mut out = Rendered::default();
    if has_unusable(&diagnostics) {
        out.blocked = kinds;
        out.diagnostics = diagnostics;
        return out;
    }
    // Two lanes, because this machine class has two cores and because every emitter alive at
    // once would hold every working set at once (their peaks add up). One lane builds the
    // schema, then OpenAPI (the largest, in time and in memory) beside the rules and the
    // migrations, which the other lane takes when it is free; that lane emits `errors.rs` and
    // the alerts, which read no schema, from the start. Nothing waits on the other lane, so
    // one thread runs it all the same. Results are gathered in kind order, so the output
    // never depends on scheduling.
    // The schema is built once, for the consistency rules, OpenAPI and migrations, and only
    // when an artifact that reads it is requested (sqlparser dominates the run time).
    let needs_schema = kinds.contains(&Kind::Openapi) || kinds.contains(&Kind::Migrations);
    let (
        (mut schema_diagnostics, openapi_emitted, (mut consistency, migrations_emitted)),
        (errors_emitted, alerts_emitted),
    ) = rayon::join(
        || {
            let (schema, mut schema_diagnostics) = if needs_schema {
                specforge_schema::build_schema(spec)
            } else {
                (SchemaModel::default(), Vec::new())
            };
            specforge_extract::allows::apply(&spec.allows, &mut schema_diagnostics);
            blocking::assign(
                &mut schema_diagnostics,
                Origin::Schema,
                spec,
                options.deny_warnings,
            );
            let schema_failed = schema_diagnostics.iter().any(Diagnostic::is_error);
            let (openapi_emitted, rules_and_migrations) = rayon::join(
                || {
                    kinds
                        .contains(&Kind::Openapi)
                        .then(|| stage(openapi(spec, &schema, &loaded.name, options)))
                },
                || {
                    let consistency = specforge_consistency::check(spec, &schema);
                    let migrations = kinds.contains(&Kind::Migrations).then(|| {
                        stage(if schema_failed {
                            // Blocked by the schema's errors: nothing to plan from.
                            (Vec::new(), Vec::new())
                        } else {
                            migrations(spec, &schema, &loaded.name, options)
                        })
                    });
                    (consistency, migrations)
                },
            );
            (schema_diagnostics, openapi_emitted, rules_and_migrations)
        },
        || {
            let errors = kinds
                .contains(&Kind::Errors)
                .then(|| stage(errors_rs(spec, &loaded.name, options)));
            let alerts = kinds
                .contains(&Kind::Alerts)
                .then(|| stage(alerts(spec, &loaded.name, options)));
            (errors, alerts)
        },
    );
    // In kind order, as `kinds` lists them.
    let emitted: Vec<_> = [
        openapi_emitted,
        migrations_emitted,
        errors_emitted,
        alerts_emitted,
    ]
    .into_iter()
    .flatten()
    .collect();
    blocking::assign(
        &mut consistency,
        Origin::Consistency,
        spec,
        options.deny_warnings,
    );
    diagnostics.append(&mut consistency);
    // Schema diagnostics are reported once, whichever kinds read the schema.
    diagnostics.append(&mut schema_diagnostics);
    let mut built = Vec::new();
    for (kind, (produced, mut found)) in kinds.iter().zip(emitted) {
        blocking::assign(
            &mut found,
            Origin::Emitter(*kind),
            spec,
            options.deny_warnings,
        );
        built.push((*kind, produced));
        diagnostics.append(&mut found);
    }
    specforge_extract::allows::apply(&spec.allows, &mut diagnostics);
    diagnostics.sort_by_key(|d| (d.span.start, d.code));
    // `strict`: any error at all stops every artifact, as before errors were scoped.
    let stop_all = options.strict && diagnostics.iter().any(Diagnostic::is_error);
    let mut artifacts = Vec::new();
    let mut files = Vec::new();
    for (kind, produced) in built {
        let own_errors = diagnostics.iter().any(|d| d.blocks.contains(&kind));
        if own_errors || (stop_all && !produced.is_empty()) {
            out.blocked.push(kind);
            if let (Produced::Staged(staged), Some(staging)) = (&produced, staging) {
                let paths: Vec<String> = staged.iter().map(|(path, _)| path.clone()).collect();
                staging.discard(&paths);
            }
        } else if produced.is_empty() {
            out.empty_kinds.push(kind);
        } else {
            match produced {
                Produced::Kept(kept) => {
                    files.extend(crate::sum::file_hashes(&kept));
                    artifacts.extend(kept);
                }
                Produced::Staged(staged) => files.extend(staged),
            }
        }
    }
    // The sum records what was built; with nothing built it is written only to say, over a
    // previous generation, that the kinds on disk were not regenerated.
    let recorded = &options.history.recorded;
    // (With `stop_all`, every kind that built anything is blocked above, so `files` is empty
    // and nothing staged is left to discard.)
    let nothing_to_record = files.is_empty() && recorded.files.is_empty();
    if !stop_all && !nothing_to_record {
        let sum = crate::sum::artifact_of_hashes(
            &loaded.name,
            &loaded.text,
            &crate::fresh::fingerprint(options),
            &files,
            &out.blocked,
            recorded,
        );
        match staging {
            Some(staging) => {
                staging.stage(&sum);
                out.staged = files.into_iter().map(|(path, _)| path).collect();
                out.staged.push(sum.path);
            }
            None => {
                artifacts.push(sum);
                out.artifacts = artifacts;
            }
        }
    }
    out.diagnostics = diagnostics;
    out
}

fn has_unusable(diagnostics: &[Diagnostic]) -> bool {
    diagnostics
        .iter()
        .any(|d| d.is_error() && d.code.exit_class() == specforge_model::ExitClass::Unusable)
}

/// The migrations: the next one planned on top of the output folder's history; with
/// `verify`, every file re-parsed.
fn migrations(
    spec: &Spec,
    schema: &SchemaModel,
    spec_name: &str,
    options: &Options,
) -> (Vec<Artifact>, Vec<Diagnostic>) {
    // The schema's own diagnostics are reported by `render`, once, and a schema with errors
    // never reaches the planner.
    let (files, mut diags) = specforge_migrate::plan_evolution(
        spec,
        schema,
        Vec::new(),
        spec_name,
        options.migration_format,
        &options.history.files,
    );
    diags.extend(options.history.diagnostics.iter().cloned());
    if options.verify {
        for file in &files {
            if let Err(message) = specforge_migrate::reparse(&file.contents) {
                diags.push(Diagnostic::new(
                    Code::SqlParseError,
                    Span::default(),
                    format!(
                        "internal error (--verify): {} does not parse as PostgreSQL: {message}",
                        file.path
                    ),
                ));
            }
        }
        if diags.iter().any(Diagnostic::is_error) {
            return (Vec::new(), diags);
        }
    }
    (files, diags)
}

/// `alerts.yaml` and `alerts.test.yaml`; with `verify`, both re-read.
fn alerts(spec: &Spec, spec_name: &str, options: &Options) -> (Vec<Artifact>, Vec<Diagnostic>) {
    let mut out = specforge_alerts::emit(spec, spec_name, &options.alerts);
    if options.verify
        && let Err(message) = specforge_alerts::yaml::verify(&out.artifacts, spec_name)
    {
        out.artifacts.clear();
        out.diagnostics.push(Diagnostic::new(
            Code::AlertsNotReread,
            Span::default(),
            format!("internal error: the alert files do not re-read: {message}"),
        ));
    }
    (out.artifacts, out.diagnostics)
}

/// `errors.rs`.
fn errors_rs(spec: &Spec, spec_name: &str, options: &Options) -> (Vec<Artifact>, Vec<Diagnostic>) {
    let rust_options = specforge_rust::RustOptions {
        enum_name: options.error_enum.clone(),
        serde: options.error_serde,
        verify: options.verify,
    };
    let out = specforge_rust::emit(spec, spec_name, &rust_options);
    (out.artifacts, out.diagnostics)
}

/// `openapi.yaml` (and `openapi.json`); with `verify`, the YAML is re-read and compared with
/// the document as a post-condition.
fn openapi(
    spec: &Spec,
    schema: &SchemaModel,
    spec_name: &str,
    options: &Options,
) -> (Vec<Artifact>, Vec<Diagnostic>) {
    if spec.api.endpoints.is_empty() && spec.api.fragments.is_empty() {
        return (Vec::new(), Vec::new());
    }
    if !options.verify && !options.openapi_json {
        // Only the text is wanted: each path is written as soon as it is complete, so the
        // document's operations are never all in memory at once.
        let (yaml, mut diagnostics) = specforge_openapi::build_yaml(spec, schema, spec_name);
        if diagnostics.iter().any(Diagnostic::is_error) {
            return (Vec::new(), diagnostics);
        }
        return match yaml {
            Ok(contents) => (
                vec![Artifact {
                    path: "openapi.yaml".to_owned(),
                    contents,
                }],
                diagnostics,
            ),
            Err(message) => {
                diagnostics.push(not_reread(&message));
                (Vec::new(), diagnostics)
            }
        };
    }
    let built = specforge_openapi::build(spec, schema, spec_name);
    let mut diagnostics = built.diagnostics;
    if diagnostics.iter().any(Diagnostic::is_error) {
        return (Vec::new(), diagnostics);
    }
    let rendered = specforge_openapi::to_yaml(&built.document, spec_name).and_then(|yaml| {
        if options.verify {
            specforge_openapi::verify(&yaml, &built.document)?;
        }
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
        (Err(message), _) | (_, Err(message)) => diagnostics.push(not_reread(&message)),
    }
    (artifacts, diagnostics)
}

fn not_reread(message: &str) -> Diagnostic {
    Diagnostic::new(
        Code::OpenApiNotReread,
        Span::default(),
        format!("internal error: the OpenAPI document does not re-read: {message}"),
    )
}
