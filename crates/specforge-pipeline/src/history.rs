//! What an output folder already holds: its `specforge.sum`, and the `migrations/` files it
//! records, read from disk and checked against their recorded hashes.
//!
//! Those files may have run in production, so they are never rewritten: one whose bytes no
//! longer match its recorded hash was edited, which is an error ([`Code::AppliedMigrationChanged`]),
//! and so is one that was deleted while others remain. When every recorded migration is gone
//! (someone removed the folder to start over), generation starts from version 1 again.

use crate::sum::{FILE, Sum, sha256};
use specforge_model::{Artifact, Code, Diagnostic, Severity, Span};
use std::path::Path;

/// The applied migrations of one output folder.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    /// The recorded migration files, as on disk, by path.
    pub files: Vec<Artifact>,
    /// Edited or missing files (errors), or a restart (a note).
    pub diagnostics: Vec<Diagnostic>,
    /// The folder's `specforge.sum` as read (empty without one): a kind the next run cannot
    /// regenerate keeps these hashes.
    pub recorded: Sum,
}

/// Reads the migrations recorded in `out/specforge.sum`. No sum, no history.
pub fn read(out: &Path) -> History {
    let mut history = History::default();
    let Ok(text) = std::fs::read_to_string(out.join(FILE)) else {
        return history;
    };
    history.recorded = Sum::parse(&text);
    let sum = history.recorded.clone();
    let recorded: Vec<(&String, &String)> = sum
        .files
        .iter()
        .filter(|(path, _)| path.starts_with("migrations/"))
        .collect();
    let mut missing = Vec::new();
    for (path, hash) in &recorded {
        match std::fs::read(out.join(path)) {
            Ok(bytes) => {
                if sha256(&bytes) != **hash {
                    history.diagnostics.push(
                        Diagnostic::new(
                            Code::AppliedMigrationChanged,
                            Span::default(),
                            format!("{path} was edited after specforge wrote it; an applied migration is never rewritten, so the next one cannot be planned on top of it"),
                        )
                        .with_help(format!("restore it (`git checkout -- {}`), and put further changes in the spec, which plans them as the next migration", out.join(path).display())),
                    );
                    continue;
                }
                history.files.push(Artifact {
                    path: (*path).clone(),
                    contents: String::from_utf8_lossy(&bytes).into_owned(),
                });
            }
            Err(_) => missing.push((*path).clone()),
        }
    }
    if !missing.is_empty() && missing.len() == recorded.len() {
        let mut note = Diagnostic::new(
            Code::AppliedMigrationChanged,
            Span::default(),
            format!(
                "every migration {FILE} records is gone from {}; starting again at version 1",
                out.join("migrations").display()
            ),
        );
        note.severity = Severity::Note;
        history.diagnostics.push(note);
        return history;
    }
    for path in missing {
        history.diagnostics.push(
            Diagnostic::new(
                Code::AppliedMigrationChanged,
                Span::default(),
                format!("{path} is recorded in {FILE} but missing; an applied migration must stay"),
            )
            .with_help("restore it from version control; to start the migrations over, delete every migration file"),
        );
    }
    history
}
