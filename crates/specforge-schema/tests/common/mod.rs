//! Shared test helpers: the one fixture-path function and Markdown-to-Spec as the CLI does it.
#![allow(dead_code)]

use specforge_model::Diagnostic;
use specforge_model::Spec;
use specforge_schema::{SchemaModel, build_schema};
use std::path::PathBuf;

/// The one place fixture paths are built (adjust when the crate moves into the workspace).
pub fn fixture(relative: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures")).join(relative)
}

/// Reads a fixture's text.
pub fn fixture_text(relative: &str) -> String {
    let path = fixture(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// Markdown to Spec, exactly as the CLI does it.
pub fn spec_of(text: &str) -> Spec {
    let (doc, _) = specforge_markdown::read(text);
    specforge_extract::extract(text, &doc).spec
}

/// Markdown to schema and diagnostics.
pub fn schema_of(text: &str) -> (SchemaModel, Vec<Diagnostic>) {
    build_schema(&spec_of(text))
}

/// `code message` lines of the diagnostics, for assertions.
pub fn codes(diags: &[Diagnostic]) -> Vec<String> {
    diags
        .iter()
        .map(|d| format!("{} {}", d.code.as_str(), d.message))
        .collect()
}

/// The valid fixtures, sorted.
pub fn valid_fixtures() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(fixture("valid"))
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".md"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}
