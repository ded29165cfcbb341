//! `specforge generate`: extract, gate, emit every requested artifact in memory, and only if
//! nothing stopped it, write them all (or, with `--check`, compare them with the disk).

use crate::cli::{Format, GenerateArgs, Kind};
use crate::diagnostics::{SourceView, render_human, summary, to_json};
use crate::exit::Exit;
use crate::load::{LoadError, load};
use crate::write::{Drift, Outcome, compare_all, write_all};
use clap::ValueEnum as _;
use serde_json::json;
use specforge_model::{Artifact, Code, Diagnostic, Severity, Span, Spec};
use std::path::Path;

/// Diff lines shown per stale file before the rest is cut.
const DIFF_LINES: usize = 100;

/// Runs `generate`.
pub fn run(args: &GenerateArgs) -> Exit {
    let config = match crate::config::load(args.config.as_deref()) {
        Ok(config) => config,
        Err(message) => {
            eprintln!("error: {message}");
            return Exit::Usage;
        }
    };
    let loaded = match load(&args.spec, args.max_input_bytes, args.allow_draft) {
        Ok(loaded) => loaded,
        Err(LoadError::Io(message)) => {
            eprintln!("error: {message}");
            return Exit::Io;
        }
        Err(LoadError::Undecodable(bad)) => {
            let view = SourceView::new(&bad.name, &bad.text);
            eprint!("{}", render_human(&view, &bad.diagnostic));
            return Exit::Unusable;
        }
    };
    let view = SourceView::new(&loaded.name, &loaded.text);
    let mut diagnostics = loaded.extraction.diagnostics.clone();
    let mut artifacts = Vec::new();
    if Exit::from_diagnostics(&diagnostics) != Exit::Unusable {
        let kinds = requested_kinds(&args.only);
        for kind in &kinds {
            let (mut produced, mut found) =
                emit(*kind, &loaded.extraction.spec, &loaded.name, args, &config);
            if produced.is_empty()
                && !args.only.is_empty()
                && !found.iter().any(Diagnostic::is_error)
            {
                eprintln!(
                    "note: the spec holds nothing for `{}`; no file produced",
                    kind.to_possible_value()
                        .map_or_else(String::new, |v| v.get_name().to_owned())
                );
            }
            artifacts.append(&mut produced);
            diagnostics.append(&mut found);
        }
        diagnostics.sort_by_key(|d| (d.span.start, d.code));
    }
    specforge_extract::allows::apply(&loaded.extraction.spec.allows, &mut diagnostics);
    let exit = Exit::from_diagnostics(&diagnostics);
    if args.format == Format::Human {
        for d in &diagnostics {
            eprint!("{}", render_human(&view, d));
        }
    }
    if exit != Exit::Success {
        if args.format == Format::Json {
            println!(
                "{}",
                json!({"files": [], "diagnostics": to_json(&view, &diagnostics)})
            );
        } else {
            eprintln!(
                "generate: {}: {}; nothing written",
                loaded.name,
                summary(&diagnostics)
            );
        }
        return exit;
    }
    if args.check {
        check(args, &loaded.name, &artifacts, &view, &diagnostics)
    } else {
        write(args, &loaded.name, &artifacts, &view, &diagnostics)
    }
}

fn requested_kinds(only: &[Kind]) -> Vec<Kind> {
    let mut kinds = if only.is_empty() {
        vec![Kind::Openapi, Kind::Migrations, Kind::Errors, Kind::Alerts]
    } else {
        only.to_vec()
    };
    kinds.sort();
    kinds.dedup();
    kinds
}

fn emit(
    kind: Kind,
    spec: &Spec,
    spec_name: &str,
    args: &GenerateArgs,
    config: &crate::config::Config,
) -> (Vec<Artifact>, Vec<Diagnostic>) {
    match kind {
        Kind::Openapi => openapi(spec, spec_name, args),
        Kind::Migrations => {
            specforge_migrate::plan_migration(spec, spec_name, args.migration_format)
        }
        Kind::Alerts => {
            let mut out = specforge_alerts::emit(spec, spec_name, &config.alerts);
            if args.skip_unresolved_alerts {
                // The rows that were not understood are listed as warnings; the rest is emitted.
                for d in out.diagnostics.iter_mut().filter(|d| d.is_error()) {
                    d.severity = Severity::Warning;
                    d.message = format!("skipped: {}", d.message);
                }
            }
            (out.artifacts, out.diagnostics)
        }
        Kind::Errors => {
            let options = specforge_rust::RustOptions {
                enum_name: args.error_enum.clone(),
            };
            let out = specforge_rust::emit(spec, spec_name, &options);
            (out.artifacts, out.diagnostics)
        }
    }
}

/// `openapi.yaml` (and `openapi.json`), re-read as a post-condition. The schema's own
/// diagnostics are reported here only when migrations are not also being generated.
fn openapi(spec: &Spec, spec_name: &str, args: &GenerateArgs) -> (Vec<Artifact>, Vec<Diagnostic>) {
    if spec.api.endpoints.is_empty() && spec.api.fragments.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let (schema, schema_diagnostics) = specforge_migrate::build_schema(spec);
    let built = specforge_openapi::build(spec, &schema, spec_name);
    let mut diagnostics = built.diagnostics;
    if !requested_kinds(&args.only).contains(&Kind::Migrations) {
        diagnostics.extend(schema_diagnostics);
    }
    if diagnostics.iter().any(Diagnostic::is_error) {
        return (Vec::new(), diagnostics);
    }
    let mut artifacts = Vec::new();
    let rendered = specforge_openapi::to_yaml(&built.document, spec_name).and_then(|yaml| {
        specforge_openapi::reparse(&yaml)?;
        Ok(yaml)
    });
    let json = if args.openapi_json {
        specforge_openapi::to_json(&built.document).map(Some)
    } else {
        Ok(None)
    };
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

fn write(
    args: &GenerateArgs,
    spec_name: &str,
    artifacts: &[Artifact],
    view: &SourceView<'_>,
    diagnostics: &[Diagnostic],
) -> Exit {
    match write_all(&args.out, artifacts) {
        Ok(outcomes) => {
            let files: Vec<_> = artifacts
                .iter()
                .zip(&outcomes)
                .map(|(a, o)| (display(&args.out, &a.path), outcome_name(*o)))
                .collect();
            match args.format {
                Format::Json => println!(
                    "{}",
                    json!({
                        "files": files.iter().map(|(p, o)| json!({"path": p, "outcome": o})).collect::<Vec<_>>(),
                        "diagnostics": to_json(view, diagnostics),
                    })
                ),
                Format::Human => {
                    for (path, outcome) in &files {
                        eprintln!("{outcome:>9} {path}");
                    }
                    eprintln!(
                        "generate: {spec_name}: {} file(s), {}",
                        files.len(),
                        summary(diagnostics)
                    );
                }
            }
            Exit::Success
        }
        Err(error) => {
            eprintln!("error: {}; nothing written", error.0);
            Exit::Io
        }
    }
}

fn check(
    args: &GenerateArgs,
    spec_name: &str,
    artifacts: &[Artifact],
    view: &SourceView<'_>,
    diagnostics: &[Diagnostic],
) -> Exit {
    let drifts = match compare_all(&args.out, artifacts) {
        Ok(drifts) => drifts,
        Err(error) => {
            eprintln!("error: {}", error.0);
            return Exit::Io;
        }
    };
    let fix = format!(
        "specforge generate {} --out {}",
        spec_name,
        args.out.to_string_lossy().replace('\\', "/")
    );
    let mut stale = Vec::new();
    for (artifact, drift) in artifacts.iter().zip(&drifts) {
        let path = display(&args.out, &artifact.path);
        match drift {
            None => {}
            Some(Drift::Missing) => {
                stale.push(json!({"path": path, "state": "missing"}));
                if args.format == Format::Human {
                    eprintln!("missing: {path}");
                }
            }
            Some(Drift::Differs { on_disk }) => {
                let line_endings_only = on_disk.replace("\r\n", "\n") == artifact.contents;
                stale.push(json!({"path": path, "state": if line_endings_only { "line-endings" } else { "stale" }}));
                if args.format == Format::Human {
                    if line_endings_only {
                        eprintln!(
                            "stale: {path} differs only in line endings (CRLF on disk, LF generated)"
                        );
                    } else {
                        eprintln!("stale: {path}");
                        eprint!("{}", unified_diff(on_disk, &artifact.contents, &path));
                    }
                }
            }
        }
    }
    match args.format {
        Format::Json => println!(
            "{}",
            json!({"stale": stale, "fix": fix, "diagnostics": to_json(view, diagnostics)})
        ),
        Format::Human if stale.is_empty() => eprintln!(
            "generate --check: {spec_name}: {} file(s) up to date",
            artifacts.len()
        ),
        Format::Human => eprintln!(
            "generate --check: {} of {} file(s) out of date; run: {fix}",
            stale.len(),
            artifacts.len()
        ),
    }
    if stale.is_empty() {
        Exit::Success
    } else {
        Exit::Findings
    }
}

fn unified_diff(old: &str, new: &str, path: &str) -> String {
    let diff = similar::TextDiff::from_lines(old, new);
    let text = diff
        .unified_diff()
        .context_radius(3)
        .header(&format!("{path} (on disk)"), &format!("{path} (generated)"))
        .to_string();
    let lines: Vec<&str> = text.lines().collect();
    let mut out: String = lines
        .iter()
        .take(DIFF_LINES)
        .map(|l| format!("{l}\n"))
        .collect();
    if lines.len() > DIFF_LINES {
        out.push_str(&format!(
            "... {} more diff lines cut\n",
            lines.len() - DIFF_LINES
        ));
    }
    out
}

fn display(out: &Path, relative: &str) -> String {
    out.join(relative).to_string_lossy().replace('\\', "/")
}

fn outcome_name(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Created => "created",
        Outcome::Updated => "updated",
        Outcome::Unchanged => "unchanged",
    }
}
