//! The component schema registry: names in insertion order, and a collision check that names
//! both places (never a silent suffix).

use indexmap::IndexMap;
use openapiv3::{ReferenceOr, Schema};
use specforge_model::{Code, Diagnostic, Span};

/// Component schemas with where each name came from.
#[derive(Default)]
pub struct Registry {
    /// The schemas, in insertion order.
    pub schemas: IndexMap<String, ReferenceOr<Schema>>,
    origins: IndexMap<String, (String, Span)>,
}

impl Registry {
    /// Adds `schema` as `name`. When the name is taken, reports both places (SF-A038) and
    /// keeps the first.
    pub fn add(
        &mut self,
        name: &str,
        schema: Schema,
        what: impl Into<String>,
        span: Span,
        diags: &mut Vec<Diagnostic>,
    ) {
        let what = what.into();
        if let Some((first, first_span)) = self.origins.get(name) {
            diags.push(
                Diagnostic::new(
                    Code::SchemaNameCollision,
                    span,
                    format!("{what} and {first} both become the component schema `{name}`"),
                )
                .with_label(*first_span, first.clone())
                .with_help("rename one of them so their OpenAPI names differ"),
            );
            return;
        }
        self.origins.insert(name.to_owned(), (what, span));
        self.schemas
            .insert(name.to_owned(), ReferenceOr::Item(schema));
    }

    /// True when `name` is taken.
    pub fn contains(&self, name: &str) -> bool {
        self.schemas.contains_key(name)
    }

    /// Puts a schema from an embedded fragment under `name`; a generated schema of that name
    /// is replaced (SF-A039 note), since the fragment is what the author wrote.
    pub fn replace_from_fragment(
        &mut self,
        name: &str,
        schema: ReferenceOr<Schema>,
        span: Span,
        diags: &mut Vec<Diagnostic>,
    ) {
        if let Some((first, first_span)) = self.origins.get(name) {
            diags.push(
                Diagnostic::new(
                    Code::FragmentSchemaReplaces,
                    span,
                    format!(
                        "the fragment's schema `{name}` replaces the one generated from {first}"
                    ),
                )
                .with_label(*first_span, first.clone()),
            );
        }
        self.origins
            .insert(name.to_owned(), ("an embedded fragment".to_owned(), span));
        self.schemas.insert(name.to_owned(), schema);
    }
}
