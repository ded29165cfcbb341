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

/// `what` is named only when the text holds a control character (it seldom does).
fn text(what: impl FnOnce() -> String, value: &str, span: Span, diags: &mut Vec<Diagnostic>) {
    if has_control(value) {
        diags.push(Diagnostic::new(
            Code::ControlCharacter,
            span,
            format!("{} contains a NUL or control character", what()),
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

/// True when `a` and `b` are one edit apart (an insertion, a deletion, a substitution or two
/// neighbours swapped).
fn one_edit(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a == b || a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let (ra, rb) = (&a[prefix..], &b[prefix..]);
    match ra.len().cmp(&rb.len()) {
        std::cmp::Ordering::Equal => {
            ra[1..] == rb[1..]
                || (ra.len() >= 2 && ra[0] == rb[1] && ra[1] == rb[0] && ra[2..] == rb[2..])
        }
        std::cmp::Ordering::Greater => ra[1..] == *rb,
        std::cmp::Ordering::Less => *ra == rb[1..],
    }
}

/// The table the spec creates that `name` is one edit away from (in the same schema): a
/// reference more likely a typo than a table of an existing system.
pub(crate) fn near_miss<'m>(model: &'m SchemaModel, name: &QualifiedName) -> Option<&'m TableDef> {
    let schema = |n: &QualifiedName| n.schema.clone().unwrap_or_else(|| "public".into());
    model
        .tables
        .iter()
        .find(|t| schema(&t.name) == schema(name) && one_edit(&t.name.name, &name.name))
}

fn did_you_mean(model: &SchemaModel, name: &QualifiedName, help: &str) -> String {
    match near_miss(model, name) {
        Some(t) => format!(
            "did you mean `{}`? (a table one edit away from a table the spec creates is not assumed to exist elsewhere)",
            t.name
        ),
        None => help.to_owned(),
    }
}

/// The same index given twice in identical form (a summary fence and the full one) is one
/// index: the repetition is dropped. A different index under the same name stays, for
/// [`validate`] to report at both places.
pub(crate) fn merge_repeated_indexes(model: &mut SchemaModel) {
    let mut first: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut keep = vec![true; model.indexes.len()];
    for (i, ix) in model.indexes.iter().enumerate() {
        let Some(name) = &ix.name else { continue };
        match first.get(name) {
            Some(&j) if crate::ddl::same_index(&model.indexes[j], ix) => keep[i] = false,
            Some(_) => {}
            None => {
                first.insert(name.clone(), i);
            }
        }
    }
    let mut at = 0;
    model.indexes.retain(|_| {
        at += 1;
        keep[at - 1]
    });
}

/// Tables the spec names but does not create (foreign-key targets, indexed tables, tables of
/// triggers and policies) become tables assumed to exist, with the columns the spec uses; a
/// name one edit away from a table the spec creates is left for [`validate`] to report as a
/// typo. One note lists them.
pub(crate) fn assume_outside_tables(model: &mut SchemaModel, diags: &mut Vec<Diagnostic>) {
    use crate::alter::{assumed_mut, touch};
    let outside = |model: &SchemaModel, name: &QualifiedName| {
        model.table(name).is_none() && near_miss(model, name).is_none()
    };
    // Foreign keys: the referenced columns (the key `id` when none is named) with the
    // referencing column's type, as the primary key.
    let mut keys = Vec::new();
    for table in model
        .tables
        .iter()
        .chain(model.assumed.iter().map(|a| &a.added))
    {
        for fk in table.all_foreign_keys() {
            let columns = if fk.reference.columns.is_empty() {
                vec!["id".to_owned()]
            } else {
                fk.reference.columns.clone()
            };
            let types: Vec<Option<crate::types::SqlType>> = fk
                .columns
                .iter()
                .map(|c| table.column(c).map(|c| crate::carry::non_serial(&c.ty)))
                .collect();
            keys.push((
                fk.reference.table.clone(),
                columns,
                types,
                fk.reference.span,
            ));
        }
    }
    for (target, columns, types, span) in keys {
        if !outside(model, &target) {
            continue;
        }
        let t = assumed_mut(model, &target, span);
        for (i, c) in columns.iter().enumerate() {
            touch(t, c, types.get(i).cloned().flatten(), true);
        }
    }
    let indexes: Vec<_> = model
        .indexes
        .iter()
        .map(|ix| {
            (
                ix.table.clone(),
                ix.keys.clone(),
                ix.predicate.clone(),
                ix.span,
            )
        })
        .collect();
    for (table, keys, predicate, span) in indexes {
        if !outside(model, &table) {
            continue;
        }
        let mut used: Vec<(String, Option<crate::types::SqlType>)> = keys
            .iter()
            .filter(|k| k.is_column)
            .map(|k| (k.expr.clone(), None))
            .collect();
        if let Some(p) = predicate {
            let dialect = sqlparser::dialect::PostgreSqlDialect {};
            if let Ok(expr) = sqlparser::parser::Parser::new(&dialect)
                .try_with_sql(&p.text)
                .and_then(|mut parser| parser.parse_expr())
            {
                crate::carry::implied_columns(&expr, &mut used);
            }
        }
        let t = assumed_mut(model, &table, span);
        for (c, ty) in used {
            touch(t, &c, ty, false);
        }
    }
    let acted_on: Vec<_> = model
        .carried
        .iter()
        .filter_map(|c| c.table.clone().map(|t| (t, c.span)))
        .collect();
    for (table, span) in acted_on {
        if outside(model, &table) {
            assumed_mut(model, &table, span);
        }
    }
    if let Some(first) = model.assumed.first() {
        let list: Vec<String> = model.assumed.iter().map(|t| t.header()).collect();
        let mut d = Diagnostic::new(
            Code::AssumedTable,
            first.span,
            format!(
                "the spec changes or references tables it does not create; the migration assumes they exist (its header says so): {}",
                list.join("; ")
            ),
        )
        .with_help("define the tables in the spec if the migration should create them");
        d.severity = specforge_model::Severity::Note;
        diags.push(d);
    }
}

/// Notes on carried statements: those without an automatic down, and those that run only
/// where the roles they name exist.
pub(crate) fn carried_notes(model: &SchemaModel, diags: &mut Vec<Diagnostic>) {
    let note = |code: Code, span: Span, message: String| {
        let mut d = Diagnostic::new(code, span, message);
        d.severity = specforge_model::Severity::Note;
        d
    };
    for c in &model.carried {
        let undone_by_drop = c.kind == crate::model::CarriedKind::ExtensionCall
            && c.table.as_ref().is_some_and(|t| model.table(t).is_some());
        if c.down.is_none() && !undone_by_drop {
            diags.push(note(
                Code::NoDownStatement,
                c.span,
                format!("the down migration cannot undo this `{}` statement; it is carried into the up only", c.up.split_whitespace().next().unwrap_or("")),
            ));
        }
        if !c.roles.is_empty() {
            diags.push(note(
                Code::RoleAssumed,
                c.span,
                format!(
                    "role{} {} not created by the spec: the migration runs this statement only where {} exist{}",
                    if c.roles.len() == 1 { "" } else { "s" },
                    c.roles.iter().map(|r| format!("`{r}`")).collect::<Vec<_>>().join(", "),
                    if c.roles.len() == 1 { "it" } else { "they" },
                    if c.roles.len() == 1 { "s" } else { "" },
                ),
            ));
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
                || format!("a label of enum `{}`", e.name),
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
                || format!("the comment of table `{}`", table.name),
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
                    || format!("the default of `{}.{}`", table.name, col.name),
                    &default.text,
                    default.span,
                    diags,
                );
            }
            if let Some(comment) = &col.comment {
                text(
                    || format!("the description of `{}.{}`", table.name, col.name),
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
                None if model.assumed_table(&fk.reference.table).is_some() => {}
                None => diags.push(
                    Diagnostic::new(
                        Code::UnknownReference,
                        span,
                        format!(
                            "foreign key of `{}` references table `{}`, which is not defined",
                            table.name, fk.reference.table
                        ),
                    )
                    .with_help(did_you_mean(
                        model,
                        &fk.reference.table,
                        "define the table, or fix the name",
                    )),
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
    for c in &model.carried {
        if let Some(t) = &c.table
            && model.table(t).is_none()
            && model.assumed_table(t).is_none()
        {
            diags.push(
                Diagnostic::new(
                    Code::UnknownTable,
                    c.span,
                    format!("the statement acts on table `{t}`, which is not defined"),
                )
                .with_help(did_you_mean(
                    model,
                    t,
                    "define the table, or fix the name",
                )),
            );
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
                        format!("index `{n}` is created twice, differently"),
                    )
                    .with_label(first, "first created here"),
                );
            }
        }
        if let Some(p) = &index.predicate {
            text(|| "an index predicate".to_owned(), &p.text, p.span, diags);
        }
        match model.table(&index.table) {
            None if model.assumed_table(&index.table).is_some() => {}
            None => diags.push(
                Diagnostic::new(
                    Code::IndexUnknownColumn,
                    index.span,
                    format!("index is on table `{}`, which is not defined", index.table),
                )
                .with_help(did_you_mean(
                    model,
                    &index.table,
                    "define the table, or put the index under the table it belongs to",
                )),
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
