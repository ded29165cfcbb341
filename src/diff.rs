//! `specforge diff OLD NEW` and `check --against REF`: one report of what a spec revision
//! changes across the API, the database (the planned migration and its safety lints), the
//! error catalogue and the alerts, with one severity policy (`--fail-on`) and one exit code.

use crate::cli::{DiffArgs, DiffFormat, FailOn};
use crate::diagnostics::{SourceView, render_human};
use crate::exit::Exit;
use crate::report::Finding;
use specforge_diff::{Change, Level, Revision, Side};
use specforge_model::{Diagnostic, Severity};
use specforge_pipeline::{LoadError, LoadedSpec};
use std::path::Path;
use std::process::Command;

/// Runs `diff`.
pub fn run(args: &DiffArgs) -> Exit {
    let old = match load(&args.old, args.max_input_bytes) {
        Ok(spec) => spec,
        Err(exit) => return exit,
    };
    let new = match load(&args.new, args.max_input_bytes) {
        Ok(spec) => spec,
        Err(exit) => return exit,
    };
    let report = impact(&old, &new);
    let changes = &report.changes;
    let views = Views {
        old: SourceView::new(&old.name, &old.text),
        new: SourceView::new(&new.name, &new.text),
    };
    match args.format {
        DiffFormat::Human => {
            for change in changes {
                eprint!("{}", views.render(change));
            }
            if let Some(step) = &report.migration {
                eprint!("{}", planned_sql(step, "-- "));
            }
            eprintln!("diff: {} → {}: {}", old.name, new.name, tally(changes));
        }
        DiffFormat::Json => println!(
            "{}",
            serde_json::to_string_pretty(&views.findings(changes)).unwrap_or_default()
        ),
        DiffFormat::Markdown => {
            print!("{}", markdown(&views, changes));
            if let Some(step) = &report.migration {
                print!(
                    "\n<details><summary>Planned migration</summary>\n\n```sql\n{}```\n\n</details>\n",
                    planned_sql(step, "-- ")
                );
            }
        }
    }
    if fails(changes, args.fail_on) {
        Exit::Findings
    } else {
        Exit::Success
    }
}

/// A spec read for comparison: no status gate (a revision under review is still a revision),
/// but a spec that cannot be read at all stops the command.
fn load(path: &Path, max_bytes: usize) -> Result<LoadedSpec, Exit> {
    match specforge_pipeline::load(path, max_bytes, true) {
        Ok(loaded) => usable(loaded),
        Err(LoadError::Io(message)) => {
            eprintln!("error: {message}");
            Err(Exit::Io)
        }
        Err(LoadError::Undecodable(bad)) => {
            eprint!(
                "{}",
                render_human(&SourceView::new(&bad.name, &bad.text), &bad.diagnostic)
            );
            Err(Exit::Unusable)
        }
    }
}

fn usable(loaded: LoadedSpec) -> Result<LoadedSpec, Exit> {
    let view = SourceView::new(&loaded.name, &loaded.text);
    let unusable: Vec<&Diagnostic> = loaded
        .extraction
        .diagnostics
        .iter()
        .filter(|d| d.is_error() && d.code.exit_class() == specforge_model::ExitClass::Unusable)
        .collect();
    if unusable.is_empty() {
        return Ok(loaded);
    }
    for d in unusable {
        eprint!("{}", render_human(&view, d));
    }
    Err(Exit::Unusable)
}

/// The text of `path` at git revision `reference` (`git show REF:./path`, run in the spec's
/// folder so relative paths resolve as the user typed them).
pub fn at_revision(reference: &str, path: &str) -> Result<String, String> {
    let file = Path::new(path);
    let folder = file
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let output = Command::new("git")
        .arg("-C")
        .arg(folder)
        .arg("show")
        .arg(format!("{reference}:./{name}"))
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "git show {reference}:{path} failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    String::from_utf8(output.stdout).map_err(|_| format!("{path} at {reference} is not UTF-8"))
}

/// The planned migration as one SQL text: the main up migration, then each concurrent index
/// migration, each under a `-- up` style title line (`comment` starts it).
pub fn planned_sql(step: &specforge_migrate::Step, comment: &str) -> String {
    let mut out = String::new();
    if !step.up.trim().is_empty() {
        out.push_str(&format!("{comment}planned migration (up)\n{}", step.up));
        out.push_str(&format!("{comment}planned migration (down)\n{}", step.down));
    }
    for ix in &step.concurrent {
        out.push_str(&format!(
            "{comment}then, outside a transaction (index `{}`)\n{}",
            ix.name, ix.up
        ));
    }
    out
}

/// The report from `old` to `new`: changes breaking first, and the planned migration.
pub fn impact(old: &LoadedSpec, new: &LoadedSpec) -> specforge_diff::Report {
    let (a, b) = (&old.extraction.spec, &new.extraction.spec);
    let ((schema_a, _), (schema_b, _)) = rayon::join(
        || specforge_schema::build_schema(a),
        || specforge_schema::build_schema(b),
    );
    let openapi = |spec: &specforge_model::Spec, schema, name: &str| {
        (!spec.api.endpoints.is_empty() || !spec.api.fragments.is_empty())
            .then(|| specforge_openapi::build(spec, schema, name).document)
    };
    let doc_a = openapi(a, &schema_a, &old.name);
    let doc_b = openapi(b, &schema_b, &new.name);
    let schema = |spec: &specforge_model::Spec, model| {
        (!spec.schema.sql_blocks.is_empty() || !spec.schema.tables.is_empty()).then_some(model)
    };
    specforge_diff::report(
        &Revision {
            spec: a,
            openapi: doc_a.as_ref(),
            schema: schema(a, &schema_a),
        },
        &Revision {
            spec: b,
            openapi: doc_b.as_ref(),
            schema: schema(b, &schema_b),
        },
    )
}

/// True when a change is at or above the failing level.
pub fn fails(changes: &[Change], fail_on: FailOn) -> bool {
    let threshold = match fail_on {
        FailOn::Breaking => Level::Breaking,
        FailOn::Warning => Level::Warning,
    };
    changes.iter().any(|c| c.level >= threshold)
}

/// `2 breaking, 1 warning, 3 info`.
pub fn tally(changes: &[Change]) -> String {
    let count = |level| changes.iter().filter(|c| c.level == level).count();
    if changes.is_empty() {
        return "no changes".to_owned();
    }
    format!(
        "{} breaking, {} warning(s), {} info",
        count(Level::Breaking),
        count(Level::Warning),
        count(Level::Info)
    )
}

/// The two texts changes point into.
pub struct Views<'a> {
    /// The old spec.
    pub old: SourceView<'a>,
    /// The new spec.
    pub new: SourceView<'a>,
}

impl Views<'_> {
    fn view(&self, side: Side) -> &SourceView<'_> {
        match side {
            Side::Old => &self.old,
            Side::New => &self.new,
        }
    }

    /// A change as a diagnostic with its source line (breaking as an error).
    pub fn render(&self, change: &Change) -> String {
        let mut d = Diagnostic::new(
            change.code,
            change.span,
            format!(
                "{} ({}): {}",
                change.level.as_str(),
                change.area,
                change.message
            ),
        );
        d.severity = severity(change.level);
        d.help = change.help.clone();
        render_human(self.view(change.side), &d)
    }

    /// The changes as findings (for JSON, SARIF and GitHub output).
    pub fn findings(&self, changes: &[Change]) -> Vec<Finding> {
        changes
            .iter()
            .map(|c| {
                let view = self.view(c.side);
                let (line, column) = view.line_col(c.span.start);
                let (end_line, end_column) = view.line_col(c.span.end);
                Finding {
                    code: c.code.as_str(),
                    severity: severity(c.level).as_str(),
                    message: format!("{} ({}): {}", c.level.as_str(), c.area, c.message),
                    file: view.name.to_owned(),
                    line,
                    column,
                    end_line,
                    end_column,
                    help: c.help.clone(),
                    blocks: Vec::new(),
                }
            })
            .collect()
    }
}

fn severity(level: Level) -> Severity {
    match level {
        Level::Breaking => Severity::Error,
        Level::Warning => Severity::Warning,
        Level::Info => Severity::Note,
    }
}

/// A pull-request comment: a summary line and one table row per change.
fn markdown(views: &Views<'_>, changes: &[Change]) -> String {
    let mut out = format!(
        "### specforge: `{}` → `{}`\n\n**{}**\n",
        views.old.name,
        views.new.name,
        tally(changes)
    );
    if changes.is_empty() {
        return out;
    }
    out.push_str("\n| level | area | change | where | code |\n|---|---|---|---|---|\n");
    for c in changes {
        let view = views.view(c.side);
        let (line, _) = view.line_col(c.span.start);
        let mut text = c.message.replace('|', "\\|");
        if let Some(help) = &c.help {
            text.push_str(&format!("<br>*{}*", help.replace('|', "\\|")));
        }
        out.push_str(&format!(
            "| {} | {} | {} | `{}:{line}` | {} |\n",
            c.level.as_str(),
            c.area,
            text,
            view.name,
            c.code.as_str()
        ));
    }
    out
}
