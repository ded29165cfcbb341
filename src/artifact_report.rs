//! What became of each artifact of one spec, for `generate` and `check` alike: one line per
//! file and per blocked kind (human), and the one JSON shape both commands print.
//!
//! ```json
//! {"command": "generate", "exit_code": 1, "specs": [{
//!   "spec": "docs/orders.md", "out": "generated", "status": "approved",
//!   "artifacts": [
//!     {"kind": "openapi", "state": "written", "files": [{"path": "generated/openapi.yaml", "state": "created"}]},
//!     {"kind": "alerts", "state": "blocked", "errors": 2, "first_error": "docs/orders.md:40:5", "files": []}],
//!   "diagnostics": [{"code": "SF-P006", "severity": "error", "blocks": ["alerts"], ...}]}]}
//! ```
//!
//! Kind states: `written` (a file was created or updated), `unchanged`, `current`, `stale`
//! (`check`: a file differs from what the spec produces), `blocked` (an error in its construct
//! kept it from being built; its files on disk were left as they were), `empty` (the spec
//! holds nothing for it).

use crate::diagnostics::SourceView;
use crate::exit::Exit;
use crate::report::Finding;
use serde_json::{Value, json};
use specforge_model::ArtifactKind;
use specforge_pipeline::Rendered;

/// The state of one artifact kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KindState {
    /// `generate`: at least one file was created or updated.
    Written,
    /// `generate`: every file already held these bytes.
    Unchanged,
    /// `check`: every file is what the spec produces.
    Current,
    /// `check`: a file is missing, stale, hand-edited or orphaned.
    Stale,
    /// An error in its construct kept it from being built.
    Blocked,
    /// The spec holds nothing for it.
    Empty,
}

impl KindState {
    fn name(self) -> &'static str {
        match self {
            KindState::Written => "written",
            KindState::Unchanged => "unchanged",
            KindState::Current => "current",
            KindState::Stale => "stale",
            KindState::Blocked => "blocked",
            KindState::Empty => "empty",
        }
    }
}

/// One file of a kind and its state (`created`, `updated`, `unchanged`, or a drift state).
#[derive(Debug, Clone)]
pub struct FileLine {
    /// The kind it belongs to (`None` for `specforge.sum`).
    pub kind: Option<ArtifactKind>,
    /// `out/relative`, `/`-separated.
    pub path: String,
    /// The state's name.
    pub state: &'static str,
}

/// One artifact kind of one spec.
#[derive(Debug, Clone)]
pub struct KindLine {
    /// The kind.
    pub kind: ArtifactKind,
    /// Its state.
    pub state: KindState,
    /// Its files (none when blocked or empty).
    pub files: Vec<FileLine>,
    /// For a blocked kind: how many errors block it, and where the first one is.
    pub blocking: Option<(usize, String)>,
}

/// The kind lines of one rendered spec: `file_state` gives each built file's state (from
/// the write or the drift comparison), and `kind_state` sums a kind's file states up.
pub fn kind_lines(
    view: &SourceView<'_>,
    requested: &[ArtifactKind],
    rendered: &Rendered,
    files: &[FileLine],
    kind_state: impl Fn(&[FileLine]) -> KindState,
) -> Vec<KindLine> {
    requested
        .iter()
        .map(|&kind| {
            if rendered.blocked.contains(&kind) {
                let errors: Vec<_> = rendered.blocking(kind).collect();
                let first = errors.first().map_or_else(String::new, |d| {
                    let (line, column) = view.line_col(d.span.start);
                    format!("{}:{line}:{column}", view.name)
                });
                return KindLine {
                    kind,
                    state: KindState::Blocked,
                    files: Vec::new(),
                    blocking: Some((errors.len(), first)),
                };
            }
            let own: Vec<FileLine> = files
                .iter()
                .filter(|f| f.kind == Some(kind))
                .cloned()
                .collect();
            let state = if own.is_empty() {
                KindState::Empty
            } else {
                kind_state(&own)
            };
            KindLine {
                kind,
                state,
                files: own,
                blocking: None,
            }
        })
        .collect()
}

/// The human lines: one per blocked or empty kind, and with `files`, one per file.
pub fn human(lines: &[KindLine], files: bool) -> String {
    let mut out = String::new();
    for line in lines {
        match (&line.state, &line.blocking) {
            (KindState::Blocked, Some((errors, first))) => out.push_str(&format!(
                "  {:<9} {}: by {errors} error{}, the first at {first}; not written, and what is on disk is left as it was\n",
                "blocked",
                line.kind.name(),
                if *errors == 1 { "" } else { "s" },
            )),
            (KindState::Empty, _) => out.push_str(&format!(
                "  {:<9} {}: the spec holds nothing for it\n",
                "empty",
                line.kind.name()
            )),
            _ if files => {
                for file in &line.files {
                    out.push_str(&format!("  {:<9} {}\n", file.state, file.path));
                }
            }
            _ => {}
        }
    }
    out
}

/// `N of M artifacts built, K blocked` for a closing line, counting the kinds the spec holds.
pub fn tally(lines: &[KindLine]) -> String {
    let held = lines.iter().filter(|l| l.state != KindState::Empty).count();
    let blocked = lines
        .iter()
        .filter(|l| l.state == KindState::Blocked)
        .count();
    let mut text = format!(
        "{} of {held} artifact{} built",
        held - blocked,
        if held == 1 { "" } else { "s" }
    );
    if blocked > 0 {
        text.push_str(&format!(", {blocked} blocked"));
    }
    text
}

/// One spec's object in the JSON document.
pub fn spec_json(
    spec: &str,
    out: &str,
    status: Option<&str>,
    lines: &[KindLine],
    diagnostics: &[Finding],
) -> Value {
    let artifacts: Vec<Value> = lines
        .iter()
        .map(|line| {
            let mut value = json!({
                "kind": line.kind.name(),
                "state": line.state.name(),
                "files": line.files.iter().map(|f| json!({"path": f.path, "state": f.state})).collect::<Vec<_>>(),
            });
            if let Some((errors, first)) = &line.blocking {
                value["errors"] = json!(errors);
                value["first_error"] = json!(first);
            }
            value
        })
        .collect();
    json!({
        "spec": spec,
        "out": out,
        "status": status,
        "artifacts": artifacts,
        "diagnostics": diagnostics,
    })
}

/// The whole JSON document of a `generate` or `check` run.
pub fn document(command: &str, exit: Exit, specs: Vec<Value>) -> String {
    let value = json!({
        "command": command,
        "exit_code": exit as u8,
        "specs": specs,
    });
    serde_json::to_string_pretty(&value).unwrap_or_default()
}
