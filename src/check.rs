//! `specforge check`: each spec's own diagnostics (extraction, consistency rules, every
//! emitter's checks) and the drift of its generated files, as one list of findings, in the
//! requested format. Nothing is written. The status gate belongs to `generate`: a draft is
//! linted like any spec, and its status is a note. An artifact an error blocks is reported
//! as not current, never as current.

use crate::artifact_report::{self, FileLine, KindState};
use crate::cli::{CheckArgs, CheckFormat, Deny, FailOn};
use crate::diagnostics::{SourceView, located, render_human, summary};
use crate::exit::Exit;
use crate::generate::{describe_drift, display, fix_command, status};
use crate::jobs::{self, Overrides};
use crate::report::{self, Finding};
use specforge_model::{ArtifactKind, Code, Diagnostic, Severity, StatusKind};
use specforge_pipeline::drift::{self, State};
use specforge_pipeline::{LoadError, LoadedSpec};

/// Runs `check`.
pub fn run(args: &CheckArgs) -> Exit {
    let config = match crate::config::load(args.selection.config.as_deref()) {
        Ok(config) => config,
        Err(message) => {
            eprintln!("error: {message}");
            return Exit::Usage;
        }
    };
    let jobs = match jobs::resolve(&args.selection, &config, &Overrides::default()) {
        // Drafts are linted: the moment a spec is written is when its findings are cheapest.
        Ok(jobs) => jobs
            .into_iter()
            .map(|job| jobs::Job {
                allow_draft: true,
                ..job
            })
            .collect::<Vec<_>>(),
        Err(message) => {
            eprintln!("error: {message}");
            return Exit::Usage;
        }
    };
    let human = args.format == CheckFormat::Human;
    let deny_warnings = args.deny == Some(Deny::Warnings);
    let outcomes = jobs::run(&jobs, args.selection.max_input_bytes, false, false);
    let mut findings = Vec::new();
    let mut reports = Vec::new();
    let mut exit = Exit::Success;
    for (job, outcome) in jobs.iter().zip(&outcomes) {
        let loaded = match &outcome.loaded {
            Ok(loaded) => loaded,
            Err(LoadError::Io(message)) => {
                eprintln!("error: {message}");
                exit = exit.max(Exit::Io);
                continue;
            }
            Err(LoadError::Undecodable(bad)) => {
                let view = SourceView::new(&bad.name, &bad.text);
                if human {
                    eprint!("{}", render_human(&view, &bad.diagnostic));
                }
                let found = located(&view, std::slice::from_ref(&bad.diagnostic));
                reports.push(artifact_report::spec_json(&bad.name, "", None, &[], &found));
                findings.extend(found);
                exit = exit.max(Exit::Unusable);
                continue;
            }
        };
        let view = SourceView::new(&loaded.name, &loaded.text);
        let mut diagnostics = outcome.rendered.diagnostics.clone();
        diagnostics.extend(status_note(loaded));
        diagnostics.sort_by_key(|d| (d.span.start, d.code));
        let diagnostics = &diagnostics;
        if human {
            for d in diagnostics {
                eprint!("{}", render_human(&view, d));
            }
        }
        let mut spec_findings = located(&view, diagnostics);
        exit = exit.max(Exit::from_diagnostics(diagnostics));
        if deny_warnings && diagnostics.iter().any(|d| d.severity == Severity::Warning) {
            exit = exit.max(Exit::Findings);
        }
        if let Some(reference) = &args.against {
            match against(reference, loaded, args.selection.max_input_bytes) {
                Ok((old, changes)) => {
                    let views = crate::diff::Views {
                        old: SourceView::new(&old.name, &old.text),
                        new: SourceView::new(&loaded.name, &loaded.text),
                    };
                    if human {
                        for change in &changes {
                            eprint!("{}", views.render(change));
                        }
                        eprintln!(
                            "check: {} against {reference}: {}",
                            loaded.name,
                            crate::diff::tally(&changes)
                        );
                    }
                    spec_findings.extend(views.findings(&changes));
                    let fail_on = if deny_warnings {
                        FailOn::Warning
                    } else {
                        FailOn::Breaking
                    };
                    if crate::diff::fails(&changes, fail_on) {
                        exit = exit.max(Exit::Findings);
                    }
                }
                Err(message) => {
                    eprintln!("error: {message}");
                    exit = exit.max(Exit::Usage);
                }
            }
        }
        let rendered = &outcome.rendered;
        let artifacts = &rendered.artifacts;
        if rendered.unusable() || (artifacts.is_empty() && rendered.blocked.is_empty()) {
            // The spec cannot be used, or produces nothing: nothing to compare with.
            if human {
                eprintln!(
                    "check: {}: {}; generated files not compared",
                    loaded.name,
                    summary(diagnostics)
                );
            }
            reports.push(artifact_report::spec_json(
                &loaded.name,
                &display(&job.out, ""),
                status(loaded).as_deref(),
                &[],
                &spec_findings,
            ));
            findings.extend(spec_findings);
            continue;
        }
        let drifts = match drift::compare(&job.out, &loaded.name, artifacts, &rendered.blocked) {
            Ok(drifts) => drifts,
            Err(error) => {
                eprintln!("error: {}", error.0);
                exit = exit.max(Exit::Io);
                continue;
            }
        };
        let fix = fix_command(&loaded.name, &job.out);
        let mut out_of_date = 0;
        let mut files = Vec::with_capacity(drifts.len());
        for d in &drifts {
            let path = display(&job.out, &d.path);
            files.push(FileLine {
                kind: ArtifactKind::of_path(&d.path),
                path: path.clone(),
                state: d.state.name(),
            });
            if d.state == State::Current {
                continue;
            }
            out_of_date += 1;
            if human {
                let generated = artifacts.iter().find(|a| a.path == d.path);
                eprint!(
                    "{}",
                    describe_drift(&path, &d.state, generated.map(|a| a.contents.as_str()))
                );
            }
            let (code, message) = drift_finding(&d.state, &path);
            spec_findings.push(file_finding(
                code,
                message,
                path,
                if d.state == State::Orphaned {
                    "delete the file, or restore what produced it in the spec".to_owned()
                } else {
                    format!("run: {fix}")
                },
            ));
        }
        let lines =
            artifact_report::kind_lines(&view, &job.options.kinds(), rendered, &files, |files| {
                if files.iter().all(|f| f.state == "current") {
                    KindState::Current
                } else {
                    KindState::Stale
                }
            });
        for line in lines.iter().filter(|l| l.state == KindState::Blocked) {
            out_of_date += 1;
            let (errors, first) = line.blocking.clone().unwrap_or_default();
            let finding = file_finding(
                Code::GeneratedStale,
                format!(
                    "the {} artifact cannot be regenerated: {errors} error{} in its construct block it (the first at {first}); what is on disk is not proven current",
                    line.kind.name(),
                    if errors == 1 { "" } else { "s" }
                ),
                display(&job.out, ""),
                "fix the errors that block it, then run: ".to_owned() + &fix,
            );
            if human {
                eprintln!(
                    "error[{}]: {}\n  = help: {}",
                    finding.code,
                    finding.message,
                    finding.help.as_deref().unwrap_or("")
                );
            }
            spec_findings.push(finding);
        }
        if out_of_date > 0 {
            exit = exit.max(Exit::Findings);
        }
        if human {
            let files = if out_of_date == 0 {
                format!("{} generated file(s) current", artifacts.len())
            } else {
                format!("{out_of_date} generated artifact(s) not current; run: {fix}")
            };
            eprintln!("check: {}: {}; {files}", loaded.name, summary(diagnostics));
        }
        reports.push(artifact_report::spec_json(
            &loaded.name,
            &display(&job.out, ""),
            status(loaded).as_deref(),
            &lines,
            &spec_findings,
        ));
        findings.extend(spec_findings);
    }
    match args.format {
        CheckFormat::Human => {}
        CheckFormat::Json => println!("{}", artifact_report::document("check", exit, reports)),
        CheckFormat::Sarif => println!("{}", report::sarif(&findings)),
        CheckFormat::Github => print!("{}", report::github(&findings)),
    }
    exit
}

fn drift_finding(state: &State, path: &str) -> (Code, String) {
    match state {
        State::Current | State::Missing => (Code::GeneratedMissing, format!("{path} is missing")),
        State::Stale { .. } => (
            Code::GeneratedStale,
            format!("{path} is stale: the spec changed since it was generated"),
        ),
        State::HandEdited { .. } => (
            Code::GeneratedHandEdited,
            format!("{path} was edited by hand after it was generated"),
        ),
        State::Orphaned => (
            Code::GeneratedOrphaned,
            format!("{path} is no longer produced by the spec"),
        ),
        State::LineEndings => (
            Code::GeneratedLineEndings,
            format!("{path} differs only in line endings (CRLF on disk, LF generated)"),
        ),
        State::GeneratorChanged { recorded } => (
            Code::GeneratorChanged,
            format!(
                "{path} records {recorded}; this is {}",
                specforge_pipeline::sum::generator()
            ),
        ),
    }
}

/// The spec at `reference`, read like the working copy, and what changed since.
fn against(
    reference: &str,
    now: &specforge_pipeline::LoadedSpec,
    max_bytes: usize,
) -> Result<(specforge_pipeline::LoadedSpec, Vec<specforge_diff::Change>), String> {
    let text = crate::diff::at_revision(reference, &now.name)?;
    let text = specforge_markdown::decode(text.as_bytes(), max_bytes)
        .map_err(|e| format!("{} at {reference}: {}", now.name, e.diagnostic.message))?;
    let old = specforge_pipeline::load_text(format!("{}@{reference}", now.name), text, true);
    let changes = crate::diff::impact(&old, now).changes;
    Ok((old, changes))
}

/// A finding about a generated file (located at its first line).
fn file_finding(code: Code, message: String, file: String, help: String) -> Finding {
    Finding {
        code: code.as_str(),
        severity: "error",
        message,
        file,
        line: 1,
        column: 1,
        end_line: 1,
        end_column: 1,
        help: Some(help),
        blocks: Vec::new(),
    }
}

/// The note `check` adds for a spec that is not approved: it is linted all the same.
fn status_note(loaded: &LoadedSpec) -> Option<Diagnostic> {
    let status = loaded.extraction.spec.info.status.as_ref();
    if status.is_some_and(|s| s.kind.is_approved() || s.kind == StatusKind::Unfilled) {
        return None;
    }
    let mut note = match status {
        Some(status) => Diagnostic::new(
            Code::StatusNotApproved,
            status.span,
            format!(
                "the spec's status is `{}`: checked all the same; `generate` needs an approved status",
                status.text
            ),
        ),
        None => Diagnostic::new(
            Code::StatusMissing,
            Default::default(),
            "the spec states no status: checked all the same; `generate` needs an approved status",
        ),
    }
    .with_help("generate from it with --allow-draft until it is approved");
    note.severity = Severity::Note;
    Some(note)
}
