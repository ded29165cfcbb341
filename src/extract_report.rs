//! `specforge extract`: what was found, with line numbers, and every diagnostic.

use crate::cli::{ExtractArgs, Format};
use crate::diagnostics::{SourceView, located, render_human, summary};
use crate::exit::Exit;
use serde_json::{Map, Value, json};
use specforge_model::{Span, Spec};
use specforge_pipeline::{LoadError, Undecodable, load};
use std::fmt::Write as _;
use std::io::Write as _;

/// Runs `extract`.
pub fn run(args: &ExtractArgs) -> Exit {
    let loaded = match load(&args.spec, args.max_input_bytes, args.allow_draft) {
        Ok(loaded) => loaded,
        Err(error) => return report_load_error(&error, args.format),
    };
    let view = SourceView::new(&loaded.name, &loaded.text);
    let diagnostics = &loaded.extraction.diagnostics;
    let exit = Exit::from_diagnostics(diagnostics);
    let mut stdout = std::io::stdout().lock();
    match args.format {
        Format::Json => {
            let mut spec = serde_json::to_value(&loaded.extraction.spec).unwrap_or(Value::Null);
            locate(&mut spec, &view);
            let skipped: Vec<Value> = loaded
                .extraction
                .skipped
                .iter()
                .map(|s| {
                    json!({"header": s.header, "reason": s.reason, "line": view.line_col(s.span.start).0})
                })
                .collect();
            let out = json!({
                "file": loaded.name,
                "spec": spec,
                "skipped_tables": skipped,
                "diagnostics": located(&view, diagnostics),
            });
            let _ = writeln!(
                stdout,
                "{}",
                serde_json::to_string_pretty(&out).unwrap_or_default()
            );
        }
        Format::Human => {
            let _ = stdout.write_all(
                human(&loaded.extraction.spec, &loaded.extraction.skipped, &view).as_bytes(),
            );
            let mut stderr = std::io::stderr().lock();
            for d in diagnostics {
                let _ = stderr.write_all(render_human(&view, d).as_bytes());
            }
            let _ = writeln!(stderr, "extract: {}: {}", loaded.name, summary(diagnostics));
        }
    }
    exit
}

fn report_load_error(error: &LoadError, format: Format) -> Exit {
    match error {
        LoadError::Io(message) => {
            eprintln!("error: {message}");
        }
        LoadError::Undecodable(undecodable) => {
            let Undecodable {
                name,
                text,
                diagnostic,
            } = undecodable.as_ref();
            let view = SourceView::new(name, text);
            match format {
                Format::Json => {
                    let out = json!({"file": name, "spec": null, "skipped_tables": [], "diagnostics": located(&view, std::slice::from_ref(diagnostic))});
                    println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
                }
                Format::Human => eprint!("{}", render_human(&view, diagnostic)),
            }
        }
    }
    match error {
        LoadError::Io(_) => Exit::Io,
        LoadError::Undecodable(_) => Exit::Unusable,
    }
}

/// Replaces every `{"start": a, "end": b}` span object with line and column positions.
fn locate(value: &mut Value, view: &SourceView<'_>) {
    match value {
        Value::Object(map) => {
            if let (Some(Value::Number(start)), Some(Value::Number(end)), 2) =
                (map.get("start"), map.get("end"), map.len())
            {
                let (line, column) = view.line_col(start.as_u64().unwrap_or(0) as usize);
                let (end_line, end_column) = view.line_col(end.as_u64().unwrap_or(0) as usize);
                let mut located = Map::new();
                located.insert("line".into(), line.into());
                located.insert("column".into(), column.into());
                located.insert("end_line".into(), end_line.into());
                located.insert("end_column".into(), end_column.into());
                *map = located;
                return;
            }
            for v in map.values_mut() {
                locate(v, view);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| locate(v, view)),
        _ => {}
    }
}

fn human(
    spec: &Spec,
    skipped: &[specforge_extract::SkippedTable],
    view: &SourceView<'_>,
) -> String {
    let at = |span: Span| {
        let (line, column) = view.line_col(span.start);
        format!("{line}:{column}")
    };
    let mut out = String::new();
    let _ = writeln!(out, "{}", view.name);
    let info = &spec.info;
    for (label, value) in [
        ("title", &info.title),
        ("service", &info.service),
        ("version", &info.version),
    ] {
        if let Some(v) = value {
            let _ = writeln!(out, "  {label:<8} {}  ({})", v.value, at(v.span));
        }
    }
    match &info.status {
        Some(s) => {
            let _ = writeln!(out, "  status   {}  ({}, {:?})", s.text, at(s.span), s.kind);
        }
        None => {
            let _ = writeln!(out, "  status   (none)");
        }
    }
    let api = &spec.api;
    let _ = writeln!(out, "\nendpoints ({})", api.endpoints.len());
    if let Some(base) = &api.base_path {
        let _ = writeln!(out, "  base path {}", base.value);
    }
    for e in &api.endpoints {
        let forms: Vec<String> = e
            .mentions
            .iter()
            .map(|m| format!("{:?}@{}", m.form, at(m.span)))
            .collect();
        let _ = writeln!(
            out,
            "  {:<8} {:<7} {}{}{}  [{}]",
            at(e.span),
            e.method.as_str(),
            e.path,
            e.summary
                .as_deref()
                .map(|s| format!("  \"{s}\""))
                .unwrap_or_default(),
            e.auth
                .as_ref()
                .map(|a| format!("  auth: {}", a.value))
                .unwrap_or_default(),
            forms.join(", ")
        );
    }
    let _ = writeln!(out, "\nerror codes ({})", spec.errors.entries.len());
    for e in &spec.errors.entries {
        let scope = match &e.scope {
            specforge_model::ErrorScope::Catalogue => "catalogue".to_owned(),
            specforge_model::ErrorScope::Endpoint { endpoint } => endpoint.clone(),
            specforge_model::ErrorScope::Example { endpoint } => {
                format!(
                    "example{}",
                    endpoint
                        .as_deref()
                        .map(|e| format!(", {e}"))
                        .unwrap_or_default()
                )
            }
        };
        let _ = writeln!(
            out,
            "  {:<8} {:<28} {:<4} {}  ({scope})",
            at(e.code.span),
            e.code.value,
            e.status
                .as_ref()
                .map(|s| s.value.to_string())
                .unwrap_or_else(|| "-".into()),
            e.description.as_deref().unwrap_or("")
        );
    }
    let obs = &spec.observability;
    let _ = writeln!(out, "\nmetrics ({})", obs.metrics.len());
    for m in &obs.metrics {
        let _ = writeln!(
            out,
            "  {:<8} {:<40} {:<10} [{}]",
            at(m.span),
            m.name.value,
            m.kind_text.as_deref().unwrap_or("-"),
            m.labels.join(", ")
        );
    }
    let _ = writeln!(out, "\nalerts ({})", obs.alerts.len());
    for a in &obs.alerts {
        let _ = writeln!(
            out,
            "  {:<8} {:<28} {:<32} {}",
            at(a.span),
            a.name.value,
            a.condition.value,
            a.severity.as_ref().map(|s| s.value.as_str()).unwrap_or("-")
        );
    }
    let schema = &spec.schema;
    let _ = writeln!(out, "\nsql fences ({})", schema.sql_blocks.len());
    for b in &schema.sql_blocks {
        let _ = writeln!(
            out,
            "  {:<8} {:<10} {:<7} {} lines",
            at(b.span),
            b.info,
            format!("{:?}", b.role).to_lowercase(),
            b.body.lines().count()
        );
    }
    let _ = writeln!(out, "\ncolumn tables ({})", schema.tables.len());
    for t in &schema.tables {
        let _ = writeln!(
            out,
            "  {:<8} {:<28} {} columns",
            at(t.span),
            t.name.value,
            t.columns.len()
        );
    }
    if !schema.indexes.is_empty() || !schema.constraints.is_empty() {
        let _ = writeln!(
            out,
            "\nindexes ({}), constraints ({})",
            schema.indexes.len(),
            schema.constraints.len()
        );
        for i in &schema.indexes {
            let _ = writeln!(
                out,
                "  {:<8} {} ({})",
                at(i.span),
                i.name.value,
                i.columns.join(", ")
            );
        }
        for c in &schema.constraints {
            let _ = writeln!(
                out,
                "  {:<8} {} {} {}",
                at(c.span),
                c.name.value,
                c.kind,
                c.definition.value
            );
        }
    }
    if !skipped.is_empty() {
        let _ = writeln!(out, "\nskipped tables ({})", skipped.len());
        for s in skipped {
            let _ = writeln!(out, "  {:<8} {}: {}", at(s.span), s.header, s.reason);
        }
    }
    out
}
