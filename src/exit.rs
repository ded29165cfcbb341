//! Exit codes, exactly as CLI-CONTRACT.md states them.

use specforge_model::{Diagnostic, ExitClass};

/// The process exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 0: success.
    Success = 0,
    /// 1: findings (inconsistency, lint errors, drift).
    Findings = 1,
    /// 2: usage or configuration error.
    Usage = 2,
    /// 3: the spec cannot be used (unreadable, not approved, placeholders, no content).
    Unusable = 3,
    /// 4: I/O error.
    Io = 4,
}

impl Exit {
    /// The exit status a set of diagnostics calls for: unusable beats findings; warnings and
    /// notes never change it.
    pub fn from_diagnostics<'d>(diagnostics: impl IntoIterator<Item = &'d Diagnostic>) -> Exit {
        let mut exit = Exit::Success;
        for d in diagnostics.into_iter().filter(|d| d.is_error()) {
            match d.code.exit_class() {
                ExitClass::Unusable => return Exit::Unusable,
                ExitClass::Finding => exit = Exit::Findings,
            }
        }
        exit
    }
}

impl Exit {
    /// The graver of two outcomes, for a run over several specs: I/O beats usage beats an
    /// unusable spec beats findings beats success.
    pub fn max(self, other: Exit) -> Exit {
        let rank = |e: Exit| match e {
            Exit::Success => 0,
            Exit::Findings => 1,
            Exit::Unusable => 2,
            Exit::Usage => 3,
            Exit::Io => 4,
        };
        if rank(other) > rank(self) {
            other
        } else {
            self
        }
    }
}

impl From<Exit> for std::process::ExitCode {
    fn from(exit: Exit) -> Self {
        std::process::ExitCode::from(exit as u8)
    }
}
