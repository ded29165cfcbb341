//! Checks over the merged schema (BAD-INPUTS "SQL" and "Names"): identifiers, duplicates,
//! references to missing tables, columns and types, control characters in text.

use crate::ident::{IdentProblem, MAX_IDENTIFIER_BYTES, check_identifier, has_control};
use crate::model::{QualifiedName, SchemaModel, TableDef};
use crate::types::BaseType;
use specforge_model::Span;
use specforge_model::{Code, Diagnostic};
use std::collections::BTreeMap;

fn name(what: &str, text: &str, span: Span, diags: &mut Vec<Diagnostic>) {
    match check_identifier(text) {
        Ok(()) => {}
        Err(IdentProblem::TooLong(n)) => diags.push(
            Diagnostic::new(
                Code::IdentifierTooLong,
                span,
                format!("{what} name `{text}` is {n} bytes long; PostgreSQL keeps only {MAX_IDENTIFIER_BYTES}"),
            )
            .with_help("shorten the name"),
        ),
        Err(_) => diags.push(
            Diagnostic::new(
                Code::InvalidIdentifier,
                span,
                format!("{what} name `{}` is not a plain SQL identifier", text.escape_debug()),
            )
            .with_help("use ASCII letters, digits and `_`, starting with a letter or `_`"),
        ),
    }
}

fn qualified_name(what: &str, q: &QualifiedName, span: Span, diags: &mut Vec<Diagnostic>) {
    if let Some(schema) = &q.schema {
        name("schema", schema, span, diags);
    }
    name(what, &q.name, span, diags);
}

fn text(what: &str, value: &str, span: Span, diags: &mut Vec<Diagnostic>) {
    if has_control(value) {
        diags.push(Diagnostic::new(
            Code::ControlCharacter,
            span,
            format!("{what} contains a NUL or control character"),
        ));
    }
}

fn columns_exist(
    table: &TableDef,
    columns: &[String],
    what: &str,
    span: Span,
    code: Code,
    diags: &mut Vec<Diagnostic>,
) {
    for c in columns {
        if table.column(c).is_none() {
            diags.push(
                Diagnostic::new(
                    code,
                    span,
                    format!(
                        "{what} names column `{c}`, which table `{}` does not have",
                        table.name
                    ),
                )
                .with_label(table.name_span, "the table")
                .with_help(format!("add column `{c}` to the table, or fix the name")),
            );
        }
    }
}

/// Runs every check.
pub(crate) fn validate(model: &SchemaModel, diags: &mut Vec<Diagnostic>) {
    let mut enums: BTreeMap<String, Span> = BTreeMap::new();
    for e in &model.enums {
        qualified_name("type", &e.name, e.span, diags);
        if let Some(first) = enums.insert(e.name.to_string(), e.span) {
            diags.push(
                Diagnostic::new(
                    Code::DuplicateObject,
                    e.span,
                    format!("type `{}` is created twice", e.name),
                )
                .with_label(first, "first created here"),
            );
        }
        for label in &e.labels {
            text(
                &format!("a label of enum `{}`", e.name),
                label,
                e.span,
                diags,
            );
        }
    }
    for table in &model.tables {
        qualified_name("table", &table.name, table.name_span, diags);
        if let Some(comment) = &table.comment {
            text(
                &format!("the comment of table `{}`", table.name),
                comment,
                table.span(),
                diags,
            );
        }
        let mut seen: BTreeMap<&str, Span> = BTreeMap::new();
        for col in &table.columns {
            name("column", &col.name, col.name_span, diags);
            if let Some(first) = seen.insert(&col.name, col.name_span) {
                diags.push(
                    Diagnostic::new(
                        Code::DuplicateColumn,
                        col.name_span,
                        format!(
                            "column `{}` is defined twice in table `{}`",
                            col.name, table.name
                        ),
                    )
                    .with_label(first, "first defined here")
                    .with_help("keep one definition of the column, or rename one of them"),
                );
            }
            if let BaseType::Named(type_name) = &col.ty.base
                && !model.declares_type(type_name)
            {
                diags.push(
                    Diagnostic::new(
                        Code::UnknownType,
                        col.type_span,
                        format!(
                            "column `{}.{}` has unknown type `{type_name}`",
                            table.name, col.name
                        ),
                    )
                    .with_help("declare it with CREATE TYPE … AS ENUM, CREATE DOMAIN or CREATE TYPE … AS (…), or use a PostgreSQL type"),
                );
            }
            if let Some(default) = &col.default {
                text(
                    &format!("the default of `{}.{}`", table.name, col.name),
                    &default.text,
                    default.span,
                    diags,
                );
            }
            if let Some(comment) = &col.comment {
                text(
                    &format!("the description of `{}.{}`", table.name, col.name),
                    comment,
                    col.span,
                    diags,
                );
            }
            if col.fk_unresolved
                && col.references.is_none()
                && !table
                    .foreign_keys
                    .iter()
                    .any(|f| f.columns.contains(&col.name))
            {
                diags.push(
                    Diagnostic::new(
                        Code::ForeignKeyTargetMissing,
                        col.span,
                        format!(
                            "column `{}.{}` is marked FK but the referenced table is not stated",
                            table.name, col.name
                        ),
                    )
                    .with_help(
                        "write `REFERENCES table(column)` in the constraints or the description",
                    ),
                );
            }
        }
        if let Some(pk) = &table.primary_key {
            columns_exist(
                table,
                &pk.columns,
                "the primary key",
                pk.span,
                Code::UnknownReference,
                diags,
            );
        }
        for u in &table.uniques {
            columns_exist(
                table,
                &u.columns,
                "a UNIQUE constraint",
                u.span,
                Code::UnknownReference,
                diags,
            );
        }
        for fk in table.all_foreign_keys() {
            let span = fk.reference.span;
            columns_exist(
                table,
                &fk.columns,
                "a foreign key",
                span,
                Code::UnknownReference,
                diags,
            );
            match model.table(&fk.reference.table) {
                None => diags.push(
                    Diagnostic::new(
                        Code::UnknownReference,
                        span,
                        format!(
                            "foreign key of `{}` references table `{}`, which is not defined",
                            table.name, fk.reference.table
                        ),
                    )
                    .with_help("define the table, or fix the name"),
                ),
                Some(target) => {
                    if fk.reference.columns.is_empty() && target.primary_key_columns().is_empty() {
                        diags.push(Diagnostic::new(
                            Code::UnknownReference,
                            span,
                            format!(
                                "foreign key of `{}` references `{}`, which has no primary key",
                                table.name, target.name
                            ),
                        ));
                    }
                    columns_exist(
                        target,
                        &fk.reference.columns,
                        &format!("a foreign key of `{}`", table.name),
                        span,
                        Code::UnknownReference,
                        diags,
                    );
                }
            }
        }
    }
    let mut tables: BTreeMap<String, Span> = BTreeMap::new();
    for table in &model.tables {
        let key = table.name.to_string();
        if let Some(first) = tables.insert(key, table.name_span) {
            diags.push(
                Diagnostic::new(
                    Code::DuplicateTable,
                    table.name_span,
                    format!("table `{}` is defined twice", table.name),
                )
                .with_label(first, "first defined here"),
            );
        }
    }
    let mut indexes: BTreeMap<&str, Span> = BTreeMap::new();
    for index in &model.indexes {
        if let Some(n) = &index.name {
            name("index", n, index.span, diags);
            if let Some(first) = indexes.insert(n, index.span) {
                diags.push(
                    Diagnostic::new(
                        Code::DuplicateObject,
                        index.span,
                        format!("index `{n}` is created twice"),
                    )
                    .with_label(first, "first created here"),
                );
            }
        }
        if let Some(p) = &index.predicate {
            text("an index predicate", &p.text, p.span, diags);
        }
        match model.table(&index.table) {
            None => diags.push(
                Diagnostic::new(
                    Code::IndexUnknownColumn,
                    index.span,
                    format!("index is on table `{}`, which is not defined", index.table),
                )
                .with_help("define the table, or put the index under the table it belongs to"),
            ),
            Some(table) => {
                let cols: Vec<String> = index
                    .keys
                    .iter()
                    .filter(|k| k.is_column)
                    .map(|k| k.expr.clone())
                    .collect();
                columns_exist(
                    table,
                    &cols,
                    "an index",
                    index.span,
                    Code::IndexUnknownColumn,
                    diags,
                );
            }
        }
    }
}
