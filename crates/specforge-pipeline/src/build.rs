//! Generating from a Cargo build script: the same pipeline as `specforge generate`, with no
//! process spawned.
//!
//! ```no_run
//! // build.rs: `fn main() { ... }` around these lines.
//! let out = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("specforge");
//! let options = specforge_pipeline::Options {
//!     only: vec![specforge_pipeline::Kind::Errors],
//!     ..Default::default()
//! };
//! if let Err(error) = specforge_pipeline::build::generate(
//!     std::path::Path::new("docs/orders.md"),
//!     &out,
//!     &options,
//! ) {
//!     panic!("{error}");
//! }
//! // src/lib.rs: include!(concat!(env!("OUT_DIR"), "/specforge/errors.rs"));
//! ```
//!
//! It prints `cargo:rerun-if-changed=SPEC`, so Cargo reruns the script when the spec changes,
//! and `cargo:warning=` lines for warnings and consistency findings. An error that blocks a
//! requested artifact stops the build with every such error as
//! `file:line:col: error[SF-XXXX]: message` lines and nothing written (`strict` makes every
//! error do so).

use crate::{Options, load, render, write};
use specforge_model::{Diagnostic, LineIndex, Severity};
use std::path::{Path, PathBuf};

/// Why generation failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError(pub String);

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BuildError {}

/// Generates the artifacts of `spec` into `out` (typically `$OUT_DIR/specforge`). Returns the
/// paths written or left unchanged. Draft specs are refused as on the command line.
pub fn generate(spec: &Path, out: &Path, options: &Options) -> Result<Vec<PathBuf>, BuildError> {
    println!("cargo:rerun-if-changed={}", spec.display());
    let loaded = load(spec, specforge_markdown::DEFAULT_MAX_INPUT_BYTES, false).map_err(|e| {
        BuildError(match e {
            crate::LoadError::Io(message) => message,
            crate::LoadError::Undecodable(bad) => {
                lines(&bad.name, &bad.text, std::slice::from_ref(&bad.diagnostic))
            }
        })
    })?;
    let mut options = options.clone();
    options.history = crate::history::read(out);
    let rendered = render(&loaded, &options);
    for d in rendered
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
    {
        for line in lines(&loaded.name, &loaded.text, std::slice::from_ref(d)).lines() {
            println!("cargo:warning={line}");
        }
    }
    // A build needs every file it asked for: an error that blocks one fails the build.
    // Consistency findings block nothing, and print as warnings.
    for d in rendered
        .diagnostics
        .iter()
        .filter(|d| d.is_error() && d.blocks.is_empty())
    {
        for line in lines(&loaded.name, &loaded.text, std::slice::from_ref(d)).lines() {
            println!("cargo:warning={line}");
        }
    }
    if !rendered.blocked.is_empty() {
        let errors: Vec<Diagnostic> = rendered
            .diagnostics
            .into_iter()
            .filter(|d| d.is_error() && (!d.blocks.is_empty() || options.strict))
            .collect();
        return Err(BuildError(lines(&loaded.name, &loaded.text, &errors)));
    }
    write::write_all(out, &rendered.artifacts).map_err(|e| BuildError(e.0))?;
    Ok(rendered
        .artifacts
        .iter()
        .map(|a| out.join(&a.path))
        .collect())
}

/// `file:line:col: severity[code]: message` and a help line per diagnostic.
fn lines(name: &str, text: &str, diagnostics: &[Diagnostic]) -> String {
    let index = LineIndex::new(text);
    let mut out = String::new();
    for d in diagnostics {
        let at = index.line_col(text, d.span.start);
        out.push_str(&format!(
            "{name}:{}:{}: {}[{}]: {}\n",
            at.line,
            at.column,
            d.severity.as_str(),
            d.code.as_str(),
            d.message
        ));
        if let Some(help) = &d.help {
            out.push_str(&format!("  help: {help}\n"));
        }
    }
    out
}
