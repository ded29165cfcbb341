//! Types the spec creates besides enums: `CREATE DOMAIN` and composite `CREATE TYPE … AS (…)`,
//! read into the model (their underlying types through the same closed grammar as columns).

use crate::ddl::DdlBuilder;
use crate::dialect::{TypeOrigin, ddl_type, domain_checks};
use crate::ident::{IdentProblem, check_identifier};
use crate::model::{CompositeType, DomainType, QualifiedName, SchemaModel, SqlText};
use crate::name::{ident_name, qualified};
use specforge_model::{Code, Diagnostic, Span, SqlDialect};
use sqlparser::ast::{CreateDomain, ObjectName, UserDefinedTypeCompositeAttributeDef};
use std::collections::BTreeMap;

impl DdlBuilder<'_> {
    /// `CREATE DOMAIN`.
    pub(crate) fn create_domain(&mut self, domain: &CreateDomain, span: Span) {
        let name = qualified(&domain.name);
        let read = ddl_type(
            &domain.data_type,
            TypeOrigin::Ddl(SqlDialect::Postgres),
            &name.name,
            span,
            self.diags,
        );
        if domain.collation.is_some() {
            self.unsupported(span, "COLLATE on a domain");
        }
        self.model.domains.push(DomainType {
            name,
            base: read.ty,
            default: domain.default.as_ref().map(|e| SqlText {
                text: e.to_string(),
                span,
            }),
            checks: domain_checks(&domain.constraints, span, self.diags),
            span,
        });
    }

    /// `CREATE TYPE name AS (attribute type, …)`.
    pub(crate) fn create_composite(
        &mut self,
        name: &ObjectName,
        attributes: &[UserDefinedTypeCompositeAttributeDef],
        span: Span,
    ) {
        let name = qualified(name);
        let mut out = Vec::new();
        for a in attributes {
            let attr = ident_name(&a.name);
            let read = ddl_type(
                &a.data_type,
                TypeOrigin::Ddl(SqlDialect::Postgres),
                &attr,
                span,
                self.diags,
            );
            out.push((attr, read.ty));
        }
        self.model.composites.push(CompositeType {
            name,
            attributes: out,
            span,
        });
    }
}

fn check_name(what: &str, name: &QualifiedName, span: Span, diags: &mut Vec<Diagnostic>) {
    for part in name.schema.iter().chain(std::iter::once(&name.name)) {
        match check_identifier(part) {
            Ok(()) => {}
            Err(IdentProblem::TooLong(n)) => diags.push(Diagnostic::new(
                Code::IdentifierTooLong,
                span,
                format!("{what} name `{part}` is {n} bytes long; PostgreSQL keeps only 63"),
            )),
            Err(_) => diags.push(Diagnostic::new(
                Code::InvalidIdentifier,
                span,
                format!(
                    "{what} name `{}` is not a plain SQL identifier",
                    part.escape_debug()
                ),
            )),
        }
    }
}

/// Names of domains and composite types (and their attributes), and a type name created
/// twice across enums, domains and composites.
pub(crate) fn validate(model: &SchemaModel, diags: &mut Vec<Diagnostic>) {
    let mut seen: BTreeMap<String, Span> = model
        .enums
        .iter()
        .map(|e| (e.name.to_string(), e.span))
        .collect();
    let created = model
        .domains
        .iter()
        .map(|d| ("domain", &d.name, d.span))
        .chain(model.composites.iter().map(|c| ("type", &c.name, c.span)));
    for (what, name, span) in created {
        check_name(what, name, span, diags);
        if let Some(first) = seen.insert(name.to_string(), span) {
            diags.push(
                Diagnostic::new(
                    Code::DuplicateObject,
                    span,
                    format!("type `{name}` is created twice"),
                )
                .with_label(first, "first created here"),
            );
        }
    }
    for c in &model.composites {
        for (attr, _) in &c.attributes {
            check_name(
                "attribute",
                &QualifiedName::bare(attr.clone()),
                c.span,
                diags,
            );
        }
    }
    for d in &model.domains {
        for text in d
            .default
            .iter()
            .map(|t| &t.text)
            .chain(d.checks.iter().map(|c| &c.expr.text))
        {
            if crate::ident::has_control(text) {
                diags.push(Diagnostic::new(
                    Code::ControlCharacter,
                    d.span,
                    format!("domain `{}` contains a NUL or control character", d.name),
                ));
            }
        }
    }
}
