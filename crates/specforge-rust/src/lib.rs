//! The error catalogue as a Rust error enum (`errors.rs`).
//!
//! [`emit`] turns `Spec::errors.codes` into one `#[non_exhaustive]` enum with `code()`,
//! `http_status()`, `retryable()`, `description()`, `resolution()`, `ALL`, `Display`,
//! `std::error::Error`, `FromStr` and, when [`RustOptions::serde`] asks for it, `Serialize` and
//! `Deserialize` as the code string. The default file needs nothing beyond `std` and carries
//! no `cfg`, so it compiles with warnings denied in any crate; the serde variant needs `serde`
//! and nothing else. It holds no inner attributes, so it can be `include!`d as well as used as
//! a module. A code without an HTTP status (a batch job's or an agent's error) is a variant
//! like any other: its `http_status()` is `None`.
//!
//! Architecture invariant: spec text reaches the output only as string literals (the text
//! `proc_macro2::Literal::string` prints) and `///` doc lines made by [`docs`], and
//! identifiers only after [`names`] has validated them, so neither `Ident::new` nor the
//! printed file can be broken by the spec. The file is printed in two parts: quote builds it
//! with one marker in place of each repeated part (the variants, `ALL`, each `match`'s arms),
//! syn parses that small file once and prettyplease prints it once; then each marker is
//! replaced by the text prettyplease prints for those parts, written directly (`layout`),
//! since parsing and printing thousands of arms was nine tenths of the emitter's time. Tests
//! prove that text equal to the full quote, syn and prettyplease print for arbitrary text and
//! at every width where a layout changes; re-parsing the printed file is a test's job (one
//! per fixture), or [`RustOptions::verify`]'s.

pub mod docs;
mod layout;
pub mod names;
mod render;

use specforge_model::{Artifact, Code, Diagnostic, ErrorCode, Span, Spec};

/// Options of the Rust emitter.
#[derive(Debug, Clone, Default)]
pub struct RustOptions {
    /// The enum's name; derived from the service name (`Ledger Service` → `LedgerError`) when
    /// not given.
    pub enum_name: Option<String>,
    /// Also implement `Serialize` and `Deserialize` (as the code string), unconditionally:
    /// the user's crate then depends on `serde`.
    pub serde: bool,
    /// `--verify`: parse the printed file again with syn before returning it (the tests do
    /// this for every fixture, and prove the text equal to prettyplease's print of the whole
    /// file, so it only re-proves them).
    pub verify: bool,
}

/// What [`emit`] produced.
#[derive(Debug, Clone, Default)]
pub struct RustOutput {
    /// `errors.rs`, unless an error-level diagnostic stopped it or there are no codes.
    pub artifacts: Vec<Artifact>,
    /// Problems found on the way.
    pub diagnostics: Vec<Diagnostic>,
}

/// Whether clients may retry, when the spec has no Retry-able column: 408, 425, 429 and every
/// 5xx except 501 (Not Implemented) and 505 (HTTP Version Not Supported).
pub fn default_retryable(status: u16) -> bool {
    matches!(status, 408 | 425 | 429)
        || ((500..=599).contains(&status) && !matches!(status, 501 | 505))
}

/// One enum variant, validated and ready to render.
#[derive(Debug, Clone)]
pub(crate) struct Variant {
    pub name: String,
    pub code: String,
    pub status: Option<u16>,
    pub retryable: bool,
    pub description: String,
    pub resolution: Option<String>,
}

/// Emits `errors.rs` for a spec. `spec_path` goes into the generated-file header.
pub fn emit(spec: &Spec, spec_path: &str, options: &RustOptions) -> RustOutput {
    let mut out = RustOutput::default();
    let codes = &spec.errors.codes;
    if codes.is_empty() {
        return out;
    }
    let enum_name = match &options.enum_name {
        Some(name) => name.clone(),
        None => names::enum_name_for(spec),
    };
    if let Err(reason) = names::check_type_name(&enum_name) {
        let span = spec.info.title.as_ref().map_or(Span::default(), |t| t.span);
        out.diagnostics.push(
            Diagnostic::new(
                Code::InvalidEnumName,
                span,
                format!("`{enum_name}` cannot name the error enum: {reason}"),
            )
            .with_help("pass --error-enum with a name such as `LedgerError`"),
        );
    }
    let variants = variants(codes, &mut out.diagnostics);
    if out.diagnostics.iter().any(Diagnostic::is_error) {
        return out;
    }
    match render::render(
        &enum_name,
        &variants,
        spec_path,
        options.serde,
        options.verify,
    ) {
        Ok(contents) => out.artifacts.push(Artifact {
            path: "errors.rs".to_owned(),
            contents,
        }),
        Err(message) => out.diagnostics.push(Diagnostic::new(
            Code::InvalidEnumName,
            Span::default(),
            format!("internal error: the generated Rust did not re-parse: {message}"),
        )),
    }
    out
}

fn variants(codes: &[ErrorCode], diagnostics: &mut Vec<Diagnostic>) -> Vec<Variant> {
    let mut variants: Vec<Variant> = Vec::new();
    let mut seen: std::collections::BTreeMap<String, &ErrorCode> =
        std::collections::BTreeMap::new();
    for code in codes {
        let name = match names::variant_name(&code.code.value) {
            Ok(name) => name,
            Err(names::NameError::Reserved(name)) => {
                diagnostics.push(
                    Diagnostic::new(
                        Code::ReservedErrorVariant,
                        code.code.span,
                        format!(
                            "error code `{}` becomes `{name}`, a reserved Rust name",
                            code.code.value
                        ),
                    )
                    .with_help("rename the code"),
                );
                continue;
            }
            Err(names::NameError::Invalid(reason)) => {
                diagnostics.push(
                    Diagnostic::new(
                        Code::InvalidErrorCode,
                        code.code.span,
                        format!(
                            "error code `{}` cannot become a Rust variant: {reason}",
                            code.code.value
                        ),
                    )
                    .with_help("write codes as ASCII identifiers such as `ORDER_NOT_FOUND`"),
                );
                continue;
            }
        };
        if let Some(other) = seen.get(&name) {
            diagnostics.push(
                Diagnostic::new(
                    Code::ErrorVariantCollision,
                    code.code.span,
                    format!(
                        "error codes `{}` and `{}` both become the variant `{name}`",
                        other.code.value, code.code.value
                    ),
                )
                .with_label(other.code.span, format!("`{}` is here", other.code.value))
                .with_help("rename one of the codes; specforge never adds suffixes silently"),
            );
            continue;
        }
        seen.insert(name.clone(), code);
        let status = code.status.as_ref().map(|s| s.value);
        variants.push(Variant {
            name,
            code: code.code.value.clone(),
            status,
            retryable: code
                .retryable
                .unwrap_or_else(|| status.is_some_and(default_retryable)),
            description: code.description.clone().unwrap_or_default(),
            resolution: code.resolution.clone(),
        });
    }
    variants
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_rules() {
        for (status, retry) in [
            (400, false),
            (404, false),
            (408, true),
            (429, true),
            (500, true),
            (501, false),
            (503, true),
            (505, false),
        ] {
            assert_eq!(default_retryable(status), retry, "{status}");
        }
    }
}
