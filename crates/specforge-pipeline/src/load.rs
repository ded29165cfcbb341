//! Reading a spec file from disk and running the front of the pipeline on it.

use specforge_extract::Extraction;
use specforge_model::Diagnostic;
use std::path::Path;

/// A spec read from disk: its display name, its normalized text, and what was found in it.
pub struct LoadedSpec {
    /// The path as given, with `/` separators (used in every rendered position).
    pub name: String,
    /// Normalized text (spans point into it).
    pub text: String,
    /// Model, skipped tables and diagnostics (reader, extraction and gate, in source order).
    pub extraction: Extraction,
}

/// Why a spec could not be loaded at all.
pub enum LoadError {
    /// The file could not be read.
    Io(String),
    /// The bytes are not a usable text.
    Undecodable(Box<Undecodable>),
}

/// A spec whose bytes are not usable text: the diagnostic and the text to show it against.
pub struct Undecodable {
    /// Display name.
    pub name: String,
    /// Lossy text for rendering.
    pub text: String,
    /// What is wrong.
    pub diagnostic: Diagnostic,
}

/// Reads, decodes, reads the Markdown, extracts and applies the status gate.
pub fn load(path: &Path, max_bytes: usize, allow_draft: bool) -> Result<LoadedSpec, LoadError> {
    let (name, text) = read(path, max_bytes)?;
    Ok(load_text(name, text, allow_draft))
}

/// Reads and decodes a spec file: its display name (`/` separators) and normalized text.
pub fn read(path: &Path, max_bytes: usize) -> Result<(String, String), LoadError> {
    let name = path.to_string_lossy().replace('\\', "/");
    let bytes =
        std::fs::read(path).map_err(|e| LoadError::Io(format!("cannot read {name}: {e}")))?;
    let text = specforge_markdown::decode(&bytes, max_bytes).map_err(|e| {
        LoadError::Undecodable(Box::new(Undecodable {
            name: name.clone(),
            text: e.display_text,
            diagnostic: e.diagnostic,
        }))
    })?;
    Ok((name, text))
}

/// The front of the pipeline on text already decoded and normalized (as
/// [`specforge_markdown::decode`] returns it): read the Markdown, extract, apply the status
/// gate and the allow comments. `name` is the display name used in positions.
pub fn load_text(name: String, text: String, allow_draft: bool) -> LoadedSpec {
    let (document, mut diagnostics) = specforge_markdown::read(&text);
    if diagnostics
        .iter()
        .any(|d| d.code == specforge_model::Code::EmptyDocument)
    {
        // Nothing else is worth saying about an empty file.
        return LoadedSpec {
            name,
            text,
            extraction: Extraction {
                diagnostics,
                ..Extraction::default()
            },
        };
    }
    let mut extraction = specforge_extract::extract(&text, &document);
    diagnostics.append(&mut extraction.diagnostics);
    diagnostics.extend(specforge_extract::gate(&extraction.spec, allow_draft));
    diagnostics.sort_by_key(|d| (d.span.start, d.code));
    specforge_extract::allows::apply(&extraction.spec.allows, &mut diagnostics);
    extraction.diagnostics = diagnostics;
    LoadedSpec {
        name,
        text,
        extraction,
    }
}
