//! `specforge generate`: every spec through the in-memory pipeline (in parallel), then each
//! spec's built artifacts written (or, with `--check`, compared with the disk). An error
//! blocks only the artifacts built from its construct: the others are written, the blocked
//! ones are left on disk as they were, and the run exits 1. `--strict` restores all or
//! nothing across every spec.

use crate::artifact_report::{self, FileLine, KindLine, KindState};
use crate::cli::{Deny, Format, GenerateArgs};
use crate::diagnostics::{SourceView, located, render_human, summary};
use crate::exit::Exit;
use crate::jobs::{self, Job, Outcome, Overrides};
use serde_json::Value;
use specforge_model::{ArtifactKind, Diagnostic, Severity};
use specforge_pipeline::drift::{self, State};
use specforge_pipeline::write::Outcome as Written;
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
    if args.skip_unresolved_alerts && args.format == Format::Human {
        eprintln!(
            "note: --skip-unresolved-alerts is retired and has no effect: alert rows that do not translate are always warnings, and the rest is written"
        );
    }
    let deny_warnings = args.deny == Some(Deny::Warnings);
    let overrides = Overrides {
        only: args.only.clone(),
        migration_format: args.migration_format,
        error_enum: args.error_enum.clone(),
        error_serde: args.error_serde,
        openapi_json: args.openapi_json,
        strict: args.strict,
        deny_warnings,
        verify: args.verify,
    };
    let jobs = match jobs::resolve(&args.selection, &config, &overrides) {
        Ok(jobs) => jobs,
        Err(message) => {
            eprintln!("error: {message}");
            return Exit::Usage;
        }
    };
    // An unchanged spec costs nothing; `--check` always compares, and `--force` regenerates
    // (so does `--verify`: it asks for the proof, which needs the artifacts).
    let verify = jobs.iter().any(|job| job.options.verify);
    let use_fresh = !args.check && !args.force && !verify;
    // Writing stages each artifact as soon as it is final (`--check` compares in memory).
    let outcomes = jobs::run(
        &jobs,
        args.selection.max_input_bytes,
        use_fresh,
        !args.check,
    );
    let mut exit = Exit::Success;
    let mut reports = Vec::new();
    // Diagnostics first, for every spec, in input order.
    for outcome in &outcomes {
        match &outcome.loaded {
            Ok(loaded) => {
                if args.format == Format::Human {
                    let view = SourceView::new(&loaded.name, &loaded.text);
                    for d in &outcome.rendered.diagnostics {
                        eprint!("{}", render_human(&view, d));
                    }
                }
                exit = exit.max(spec_exit(outcome));
            }
            Err(error) => exit = exit.max(load_failure(error, args.format, &mut reports)),
        }
    }
    // `--strict` keeps all or nothing across every spec: one spec's error writes nothing.
    let strict_stop = jobs.iter().zip(&outcomes).any(|(job, outcome)| {
        job.options.strict
            && (outcome.loaded.is_err()
                || outcome
                    .rendered
                    .diagnostics
                    .iter()
                    .any(Diagnostic::is_error))
    });
    if strict_stop {
        exit = exit.max(Exit::Findings);
    }
    let written = if strict_stop {
        Ok(Vec::new())
    } else if args.check {
        compare(&jobs, &outcomes, args.format)
    } else {
        write(&jobs, &outcomes)
    };
    let files = match written {
        Ok(files) => files,
        Err(message) => {
            eprintln!("error: {message}; nothing written");
            return Exit::Io;
        }
    };
    let drifted = files.iter().flatten().any(|f| !is_current(f.state));
    if args.check && drifted {
        exit = exit.max(Exit::Findings);
    }
    if deny_warnings
        && outcomes.iter().any(|o| {
            o.rendered
                .diagnostics
                .iter()
                .any(|d| d.severity >= Severity::Warning)
        })
    {
        exit = exit.max(Exit::Findings);
    }
    for (index, (job, outcome)) in jobs.iter().zip(&outcomes).enumerate() {
        let Ok(loaded) = &outcome.loaded else {
            continue;
        };
        let view = SourceView::new(&loaded.name, &loaded.text);
        let spec_files = files.get(index).map_or(&[][..], Vec::as_slice);
        let lines = if strict_stop {
            strict_lines(job, outcome)
        } else {
            artifact_report::kind_lines(
                &view,
                &job.options.kinds(),
                &outcome.rendered,
                spec_files,
                |files| summarize(files, args.check),
            )
        };
        match args.format {
            Format::Json => reports.push(artifact_report::spec_json(
                &loaded.name,
                &display(&job.out, ""),
                status(loaded).as_deref(),
                &lines,
                &located(&view, &outcome.rendered.diagnostics),
            )),
            Format::Human if outcome.up_to_date => eprintln!(
                "generate: {}: up to date ({} file(s) as specforge.sum records them); nothing to do",
                loaded.name,
                spec_files.len()
            ),
            Format::Human => eprint!(
                "{}",
                closing(
                    loaded,
                    &job.out,
                    &lines,
                    &outcome.rendered.diagnostics,
                    strict_stop,
                    args.check
                )
            ),
        }
    }
    if args.format == Format::Json {
        println!("{}", artifact_report::document("generate", exit, reports));
    }
    exit
}

/// The exit status one rendered spec calls for: 3 when it cannot be used, 1 when a requested
/// artifact is blocked, 0 otherwise (consistency findings fail `check`, not `generate`).
fn spec_exit(outcome: &Outcome) -> Exit {
    if outcome.rendered.unusable() {
        Exit::Unusable
    } else if outcome.rendered.blocked.is_empty() {
        Exit::Success
    } else {
        Exit::Findings
    }
}

/// With `--strict` stopping the run, every requested kind the spec builds is blocked.
fn strict_lines(job: &Job, outcome: &Outcome) -> Vec<KindLine> {
    let errors = outcome
        .rendered
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .count();
    job.options
        .kinds()
        .into_iter()
        .filter(|k| !outcome.rendered.empty_kinds.contains(k))
        .map(|kind| KindLine {
            kind,
            state: KindState::Blocked,
            files: Vec::new(),
            blocking: Some((errors, "--strict: an error in any spec".to_owned())),
        })
        .collect()
}

fn closing(
    loaded: &LoadedSpec,
    out: &Path,
    lines: &[KindLine],
    diagnostics: &[Diagnostic],
    strict_stop: bool,
    check: bool,
) -> String {
    let mut text = artifact_report::human(lines, !check);
    let command = if check {
        "generate --check"
    } else {
        "generate"
    };
    let mut what = if strict_stop {
        "--strict: nothing written".to_owned()
    } else {
        artifact_report::tally(lines)
    };
    if check && !strict_stop {
        let files: Vec<&FileLine> = lines.iter().flat_map(|l| &l.files).collect();
        let stale = files.iter().filter(|f| !is_current(f.state)).count();
        what.push_str(&if stale == 0 {
            format!(", {} file(s) up to date", files.len())
        } else {
            format!(
                ", {stale} of {} file(s) out of date; run: {}",
                files.len(),
                fix_command(&loaded.name, out)
            )
        });
    }
    text.push_str(&format!(
        "{command}: {}: {what}; {}\n",
        loaded.name,
        summary(diagnostics)
    ));
    text
}

fn summarize(files: &[FileLine], check: bool) -> KindState {
    if check {
        if files.iter().all(|f| is_current(f.state)) {
            KindState::Current
        } else {
            KindState::Stale
        }
    } else if files.iter().all(|f| f.state == "unchanged") {
        KindState::Unchanged
    } else {
        KindState::Written
    }
}

fn is_current(state: &str) -> bool {
    matches!(state, "current" | "created" | "updated" | "unchanged")
}

/// The spec's status as written, for reports.
pub fn status(loaded: &LoadedSpec) -> Option<String> {
    loaded
        .extraction
        .spec
        .info
        .status
        .as_ref()
        .map(|s| s.text.clone())
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
                Format::Json => reports.push(artifact_report::spec_json(
                    &bad.name,
                    "",
                    None,
                    &[],
                    &located(&view, std::slice::from_ref(&bad.diagnostic)),
                )),
            }
            Exit::Unusable
        }
    }
}

/// Commits every spec's staged artifacts (each was checked, compared with the disk and
/// written beside its target as soon as it was final). A target refused in any spec's folder
/// writes nothing anywhere: every staging is dropped, and with it its temporary files.
/// Returns each spec's file lines, in job order.
fn write(jobs: &[Job], outcomes: &[Outcome]) -> Result<Vec<Vec<FileLine>>, String> {
    for outcome in outcomes {
        if let Some(refused) = outcome.staging.as_ref().and_then(|s| s.refused()) {
            return Err(refused.0);
        }
    }
    let mut all = Vec::with_capacity(jobs.len());
    for (job, outcome) in jobs.iter().zip(outcomes) {
        if outcome.up_to_date {
            all.push(recorded_files(job, "unchanged"));
            continue;
        }
        let Some(staging) = &outcome.staging else {
            all.push(Vec::new());
            continue;
        };
        let written = staging.commit(&outcome.rendered.staged).map_err(|e| e.0)?;
        all.push(
            written
                .into_iter()
                .map(|(path, o)| FileLine {
                    kind: ArtifactKind::of_path(&path),
                    path: display(&job.out, &path),
                    state: outcome_name(o),
                })
                .collect(),
        );
    }
    Ok(all)
}

/// `--check`: each spec's built artifacts compared with the disk; a diff per stale file.
fn compare(
    jobs: &[Job],
    outcomes: &[Outcome],
    format: Format,
) -> Result<Vec<Vec<FileLine>>, String> {
    let mut all = Vec::with_capacity(jobs.len());
    for (job, outcome) in jobs.iter().zip(outcomes) {
        let Ok(loaded) = &outcome.loaded else {
            all.push(Vec::new());
            continue;
        };
        if outcome.up_to_date {
            all.push(recorded_files(job, "current"));
            continue;
        }
        let rendered = &outcome.rendered;
        if rendered.artifacts.is_empty() {
            all.push(Vec::new());
            continue;
        }
        let drifts = drift::compare(
            &job.out,
            &loaded.name,
            &rendered.artifacts,
            &rendered.blocked,
        )
        .map_err(|e| e.0)?;
        let mut files = Vec::with_capacity(drifts.len());
        for d in &drifts {
            let path = display(&job.out, &d.path);
            if format == Format::Human && d.state != State::Current {
                let generated = rendered.artifacts.iter().find(|a| a.path == d.path);
                eprint!(
                    "{}",
                    describe_drift(&path, &d.state, generated.map(|a| a.contents.as_str()))
                );
            }
            files.push(FileLine {
                kind: ArtifactKind::of_path(&d.path),
                path,
                state: d.state.name(),
            });
        }
        all.push(files);
    }
    Ok(all)
}

/// The files an up-to-date folder's `specforge.sum` records, all in one `state`.
fn recorded_files(job: &Job, state: &'static str) -> Vec<FileLine> {
    let recorded = std::fs::read_to_string(job.out.join(specforge_pipeline::sum::FILE))
        .map(|text| specforge_pipeline::sum::Sum::parse(&text))
        .unwrap_or_default();
    recorded
        .files
        .keys()
        .map(|path| FileLine {
            kind: ArtifactKind::of_path(path),
            path: display(&job.out, path),
            state,
        })
        .collect()
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
    if relative.is_empty() {
        return out.to_string_lossy().replace('\\', "/");
    }
    out.join(relative).to_string_lossy().replace('\\', "/")
}

fn outcome_name(outcome: Written) -> &'static str {
    match outcome {
        Written::Created => "created",
        Written::Updated => "updated",
        Written::Unchanged => "unchanged",
    }
}
