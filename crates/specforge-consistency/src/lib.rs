//! specforge-consistency: the rules that hold a spec's independently written sections to
//! each other. Each rule is one module and one or more stable `SF-C…` codes:
//!
//! * [`errors`]: endpoint error codes against the catalogue (unknown codes, unused codes,
//!   duplicate rows, authenticated endpoints without the catalogue's 401).
//! * [`endpoints`]: the overview table against the detail sections (missing on either side,
//!   different auth).
//! * [`examples`]: request and response example fields against the columns of the table the
//!   endpoint serves (unknown fields, disagreeing types and enum values).
//! * [`parameters`]: a path parameter's stated type against the key column it addresses.
//!
//! Rules owned by the crate that reads the construct are not repeated here: a code given two
//! statuses (`SF-E002`), duplicate endpoints (`SF-A002`), parameters not in the path
//! (`SF-A034`), column tables against DDL (`SF-S030`), foreign keys and indexes on missing
//! tables or columns (`SF-S044`, `SF-S045`), duplicate tables (`SF-S042`), undeclared metrics
//! and labels (`SF-P004`, `SF-P011`), percentiles on non-histograms (`SF-P005`), duplicate
//! alert names (`SF-P003`).
//!
//! Every rule reads the [`Spec`] and the [`SchemaModel`] built from it, and returns
//! diagnostics in document order; none fails or panics on any input.

pub mod columns;
pub mod endpoints;
pub mod errors;
pub mod examples;
pub mod parameters;

use specforge_model::{Diagnostic, Spec};
use specforge_schema::SchemaModel;

/// Every consistency finding in `spec`, in document order.
pub fn check(spec: &Spec, schema: &SchemaModel) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    errors::check(spec, &mut out);
    endpoints::check(spec, &mut out);
    examples::check(spec, schema, &mut out);
    parameters::check(spec, schema, &mut out);
    out.sort_by_key(|d| (d.span.start, d.code));
    out
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Markdown to the consistency findings, as the pipeline runs them.

    use specforge_model::{Code, Diagnostic};

    /// The findings for `text`, after extraction and schema building.
    pub fn findings(text: &str) -> Vec<Diagnostic> {
        let (doc, _) = specforge_markdown::read(text);
        let spec = specforge_extract::extract(text, &doc).spec;
        let (schema, _) = specforge_schema::build_schema(&spec);
        super::check(&spec, &schema)
    }

    /// The codes of `findings(text)`.
    pub fn codes(text: &str) -> Vec<Code> {
        findings(text).iter().map(|d| d.code).collect()
    }

    /// A spec with a status line and `body`.
    pub fn spec(body: &str) -> String {
        format!("# Orders Service - Technical Specification\n\n**Status:** Approved\n\n{body}")
    }
}
