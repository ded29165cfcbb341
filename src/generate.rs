//! `specforge generate`: every spec through the in-memory pipeline (in parallel), and only if
//! none of them stopped, every artifact written (or, with `--check`, compared with the disk).

use crate::cli::{Format, GenerateArgs};
use crate::diagnostics::{SourceView, render_human, summary, to_json};
use crate::exit::Exit;
use crate::jobs::{self, Job, Outcome, Overrides};
use serde_json::{Value, json};
use specforge_pipeline::drift::{self, State};
use specforge_pipeline::write::{Outcome as Written, compare_all, write_all};
use specforge_pipeline::{LoadError, LoadedSpec};
use std::path::Path;

/// Diff lines shown per stale file before the rest is cut.
pub const DIFF_LINES: usize = 100;

/// Runs `generate`.
pub fn run(args: &GenerateArgs) -> Exit {
    let config = match crate::config::load(args.selection.config.as_deref()) {
        Ok(config) => config,
        Err(message) => {
            eprintln!("error: {message}");
            return Exit::Usage;
        }
    };
    let overrides = Overrides {
        only: args.only.clone(),
        migration_format: args.migration_format,
        error_enum: args.error_enum.clone(),
        error_serde: args.error_serde,
        openapi_json: args.openapi_json,
        skip_unresolved_alerts: args.skip_unresolved_alerts,
    };
    let jobs = match jobs::resolve(&args.selection, &config, &overrides) {
        Ok(jobs) => jobs,
        Err(message) => {
            eprintln!("error: {message}");
            return Exit::Usage;
        }
    };
    let outcomes = jobs::run(&jobs, args.selection.max_input_bytes);
    let mut exit = Exit::Success;
    let mut reports = Vec::new();
    // Diagnostics first, for every spec, in input order.
    for outcome in &outcomes {
        match &outcome.loaded {
            Ok(loaded) => {
                let view = SourceView::new(&loaded.name, &loaded.text);
                if args.format == Format::Human {
                    for d in &outcome.rendered.diagnostics {
                        eprint!("{}", render_human(&view, d));
                    }
                }
                exit = exit.max(Exit::from_diagnostics(&outcome.rendered.diagnostics));
            }
            Err(error) => exit = exit.max(load_failure(error, args.format, &mut reports)),
        }
    }
    if exit != Exit::Success {
        for outcome in &outcomes {
            let Ok(loaded) = &outcome.loaded else {
                continue;
            };
            let diagnostics = &outcome.rendered.diagnostics;
            match args.format {
                Format::Json => reports.push(json!({
                    "spec": loaded.name,
                    "files": [],
                    "diagnostics": to_json(&SourceView::new(&loaded.name, &loaded.text), diagnostics),
                })),
                Format::Human => eprintln!(
                    "generate: {}: {}; nothing written",
                    loaded.name,
                    summary(diagnostics)
                ),
            }
        }
        print_json(args.format, reports);
        return exit;
    }
    for (job, outcome) in jobs.iter().zip(&outcomes) {
        if let Ok(loaded) = &outcome.loaded
            && args.format == Format::Human
        {
            for kind in &outcome.rendered.empty_kinds {
                if !job.options.only.is_empty() {
                    eprintln!(
                        "note: {}: the spec holds nothing for `{}`; no file produced",
                        loaded.name,
                        kind.name()
                    );
                }
            }
        }
    }
    let exit = if args.check {
        check(args, &jobs, &outcomes, &mut reports)
    } else {
        write(args, &jobs, &outcomes, &mut reports)
    };
    print_json(args.format, reports);
    exit
}

/// Reports a spec that could not be loaded; returns its exit status.
pub fn load_failure(error: &LoadError, format: Format, reports: &mut Vec<Value>) -> Exit {
    match error {
        LoadError::Io(message) => {
            eprintln!("error: {message}");
            Exit::Io
        }
        LoadError::Undecodable(bad) => {
            let view = SourceView::new(&bad.name, &bad.text);
            match format {
                Format::Human => eprint!("{}", render_human(&view, &bad.diagnostic)),
                Format::Json => reports.push(json!({
                    "spec": bad.name,
                    "files": [],
                    "diagnostics": to_json(&view, std::slice::from_ref(&bad.diagnostic)),
                })),
            }
            Exit::Unusable
        }
    }
}

/// One JSON object for one spec (as before several specs were accepted), an array otherwise.
fn print_json(format: Format, reports: Vec<Value>) {
    if format != Format::Json {
        return;
    }
    match <[Value; 1]>::try_from(reports) {
        Ok([one]) => println!("{one}"),
        Err(reports) => println!("{}", Value::Array(reports)),
    }
}

fn loaded(outcome: &Outcome) -> Option<&LoadedSpec> {
    outcome.loaded.as_ref().ok()
}

fn write(
    args: &GenerateArgs,
    jobs: &[Job],
    outcomes: &[Outcome],
    reports: &mut Vec<Value>,
) -> Exit {
    // Every target of every spec is checked before a byte is written.
    for (job, outcome) in jobs.iter().zip(outcomes) {
        if let Err(error) = compare_all(&job.out, &outcome.rendered.artifacts) {
            eprintln!("error: {}; nothing written", error.0);
            return Exit::Io;
        }
    }
    for (job, outcome) in jobs.iter().zip(outcomes) {
        let Some(loaded) = loaded(outcome) else {
            continue;
        };
        let artifacts = &outcome.rendered.artifacts;
        let written = match write_all(&job.out, artifacts) {
            Ok(written) => written,
            Err(error) => {
                eprintln!("error: {}", error.0);
                return Exit::Io;
            }
        };
        let files: Vec<(String, &str)> = artifacts
            .iter()
            .zip(&written)
            .map(|(a, o)| (display(&job.out, &a.path), outcome_name(*o)))
            .collect();
        let diagnostics = &outcome.rendered.diagnostics;
        match args.format {
            Format::Json => reports.push(json!({
                "spec": loaded.name,
                "files": files.iter().map(|(p, o)| json!({"path": p, "outcome": o})).collect::<Vec<_>>(),
                "diagnostics": to_json(&SourceView::new(&loaded.name, &loaded.text), diagnostics),
            })),
            Format::Human => {
                for (path, outcome) in &files {
                    eprintln!("{outcome:>9} {path}");
                }
                eprintln!(
                    "generate: {}: {} file(s), {}",
                    loaded.name,
                    files.len(),
                    summary(diagnostics)
                );
            }
        }
    }
    Exit::Success
}

fn check(
    args: &GenerateArgs,
    jobs: &[Job],
    outcomes: &[Outcome],
    reports: &mut Vec<Value>,
) -> Exit {
    let mut exit = Exit::Success;
    for (job, outcome) in jobs.iter().zip(outcomes) {
        let Some(loaded) = loaded(outcome) else {
            continue;
        };
        let artifacts = &outcome.rendered.artifacts;
        let drifts = match drift::compare(&job.out, &loaded.name, artifacts) {
            Ok(drifts) => drifts,
            Err(error) => {
                eprintln!("error: {}", error.0);
                return Exit::Io;
            }
        };
        let fix = fix_command(&loaded.name, &job.out);
        let mut stale = Vec::new();
        for d in drifts.iter().filter(|d| d.state != State::Current) {
            let path = display(&job.out, &d.path);
            stale.push(json!({"path": path, "state": d.state.name()}));
            if args.format == Format::Human {
                let generated = artifacts.iter().find(|a| a.path == d.path);
                eprint!(
                    "{}",
                    describe_drift(&path, &d.state, generated.map(|a| a.contents.as_str()))
                );
            }
        }
        let diagnostics = &outcome.rendered.diagnostics;
        match args.format {
            Format::Json => reports.push(json!({
                "spec": loaded.name,
                "stale": stale,
                "fix": fix,
                "diagnostics": to_json(&SourceView::new(&loaded.name, &loaded.text), diagnostics),
            })),
            Format::Human if stale.is_empty() => eprintln!(
                "generate --check: {}: {} file(s) up to date",
                loaded.name,
                artifacts.len()
            ),
            Format::Human => eprintln!(
                "generate --check: {}: {} of {} file(s) out of date; run: {fix}",
                loaded.name,
                stale.len(),
                artifacts.len()
            ),
        }
        if !stale.is_empty() {
            exit = Exit::Findings;
        }
    }
    exit
}

/// The command that regenerates one spec's outputs.
pub fn fix_command(spec_name: &str, out: &Path) -> String {
    format!(
        "specforge generate {} --out {}",
        spec_name,
        out.to_string_lossy().replace('\\', "/")
    )
}

/// The human lines for one drifted file: its state and, for changed content, a unified diff.
pub fn describe_drift(path: &str, state: &State, generated: Option<&str>) -> String {
    match state {
        State::Current => String::new(),
        State::Missing => format!("missing: {path}\n"),
        State::LineEndings => {
            format!("stale: {path} differs only in line endings (CRLF on disk, LF generated)\n")
        }
        State::GeneratorChanged { recorded } => format!(
            "stale: {path} was written by {recorded}; this is {}\n",
            specforge_pipeline::sum::generator()
        ),
        State::Orphaned => format!(
            "orphaned: {path} carries specforge's header for this spec, but the spec no longer produces it\n"
        ),
        State::Stale { on_disk } => format!(
            "stale: {path}\n{}",
            unified_diff(on_disk, generated.unwrap_or(""), path)
        ),
        State::HandEdited { on_disk } => format!(
            "hand-edited: {path} was changed after it was generated (its hash is not the one in specforge.sum)\n{}",
            unified_diff(on_disk, generated.unwrap_or(""), path)
        ),
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

/// `out/relative`, `/`-separated.
pub fn display(out: &Path, relative: &str) -> String {
    out.join(relative).to_string_lossy().replace('\\', "/")
}

fn outcome_name(outcome: Written) -> &'static str {
    match outcome {
        Written::Created => "created",
        Written::Updated => "updated",
        Written::Unchanged => "unchanged",
    }
}
