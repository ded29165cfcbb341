//! `specforge check`: each spec's own diagnostics (extraction, the status gate, consistency
//! rules, every emitter's checks) and the drift of its generated files, as one list of
//! findings, in the requested format. Nothing is written.

use crate::cli::{CheckArgs, CheckFormat, Deny, FailOn};
use crate::diagnostics::{SourceView, render_human, summary};
use crate::exit::Exit;
use crate::generate::{describe_drift, display, fix_command};
use crate::jobs::{self, Overrides};
use crate::report::{self, Finding};
use specforge_model::{Code, Diagnostic, Severity};
use specforge_pipeline::LoadError;
use specforge_pipeline::drift::{self, State};

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
        Ok(jobs) => jobs,
        Err(message) => {
            eprintln!("error: {message}");
            return Exit::Usage;
        }
    };
    let human = args.format == CheckFormat::Human;
    let deny_warnings = args.deny == Some(Deny::Warnings);
    let outcomes = jobs::run(&jobs, args.selection.max_input_bytes);
    let mut findings = Vec::new();
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
                findings.extend(located(&view, std::slice::from_ref(&bad.diagnostic)));
                exit = exit.max(Exit::Unusable);
                continue;
            }
        };
        let view = SourceView::new(&loaded.name, &loaded.text);
        let diagnostics = &outcome.rendered.diagnostics;
        if human {
            for d in diagnostics {
                eprint!("{}", render_human(&view, d));
            }
        }
        findings.extend(located(&view, diagnostics));
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
                    findings.extend(views.findings(&changes));
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
        let artifacts = &outcome.rendered.artifacts;
        if artifacts.is_empty() {
            // Errors stopped rendering: there is nothing to compare the disk with.
            if human {
                eprintln!(
                    "check: {}: {}; generated files not compared",
                    loaded.name,
                    summary(diagnostics)
                );
            }
            continue;
        }
        let drifts = match drift::compare(&job.out, &loaded.name, artifacts) {
            Ok(drifts) => drifts,
            Err(error) => {
                eprintln!("error: {}", error.0);
                exit = exit.max(Exit::Io);
                continue;
            }
        };
        let fix = fix_command(&loaded.name, &job.out);
        let mut out_of_date = 0;
        for d in drifts.iter().filter(|d| d.state != State::Current) {
            out_of_date += 1;
            let path = display(&job.out, &d.path);
            if human {
                let generated = artifacts.iter().find(|a| a.path == d.path);
                eprint!(
                    "{}",
                    describe_drift(&path, &d.state, generated.map(|a| a.contents.as_str()))
                );
            }
            let (code, message) = drift_finding(&d.state, &path);
            findings.push(Finding {
                code: code.as_str(),
                severity: "error",
                message,
                file: path,
                line: 1,
                column: 1,
                end_line: 1,
                end_column: 1,
                help: Some(if d.state == State::Orphaned {
                    "delete the file, or restore what produced it in the spec".to_owned()
                } else {
                    format!("run: {fix}")
                }),
            });
        }
        if out_of_date > 0 {
            exit = exit.max(Exit::Findings);
        }
        if human {
            let files = if out_of_date == 0 {
                format!("{} generated file(s) current", artifacts.len())
            } else {
                format!(
                    "{out_of_date} of {} generated file(s) out of date; run: {fix}",
                    artifacts.len()
                )
            };
            eprintln!("check: {}: {}; {files}", loaded.name, summary(diagnostics));
        }
    }
    match args.format {
        CheckFormat::Human => {}
        CheckFormat::Json => println!("{}", report::json(&findings)),
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

/// Spec diagnostics as findings located in the spec.
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

fn located(view: &SourceView<'_>, diagnostics: &[Diagnostic]) -> Vec<Finding> {
    diagnostics
        .iter()
        .map(|d| {
            let (line, column) = view.line_col(d.span.start);
            let (end_line, end_column) = view.line_col(d.span.end);
            Finding {
                code: d.code.as_str(),
                severity: d.severity.as_str(),
                message: d.message.clone(),
                file: view.name.to_owned(),
                line,
                column,
                end_line,
                end_column,
                help: d.help.clone(),
            }
        })
        .collect()
}
