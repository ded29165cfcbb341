//! Markdown column tables (`| Column | Type | Constraints | Default | Description |`) to the
//! schema model.
//!
//! The type cell goes through the closed type grammar (`BIGINT PK` / `BIGINT FK` are folded
//! in); the constraints cell is read option by option with sqlparser's own column-option
//! parser, plus the `PK` and `FK` shorthands; a default must be one SQL expression; a
//! description's `References table(column)` gives the FK target.

use crate::ddl::{Place, apply_column_option};
use crate::model::{ColumnDef, Reference, SqlText, TableDef, TableSource};
use crate::name::{cell_name, ident_name, qualified, table_name};
use specforge_model::{Code, Diagnostic};
use specforge_model::{Span, Table, TableOrigin};
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::parser::Parser;
use sqlparser::tokenizer::Token;

/// True for the cells that mean "nothing": blank, `-`, `—`, `None`, `N/A`.
pub(crate) fn is_empty_cell(text: &str) -> bool {
    let t = text.trim();
    t.is_empty()
        || matches!(t, "-" | "—" | "–" | "--")
        || t.eq_ignore_ascii_case("none")
        || t.eq_ignore_ascii_case("n/a")
}

/// Splits a trailing `PK` / `FK` / `PRIMARY KEY` off a type cell.
fn split_type_cell(text: &str) -> (&str, bool, bool) {
    let mut rest = text.trim();
    let (mut pk, mut fk) = (false, false);
    loop {
        let upper = rest.to_ascii_uppercase();
        if let Some(stripped) = upper.strip_suffix(" PRIMARY KEY") {
            rest = rest[..stripped.len()].trim_end();
            pk = true;
        } else if upper.ends_with(" PK") || upper.ends_with(",PK") {
            rest = rest[..rest.len() - 3]
                .trim_end()
                .trim_end_matches(',')
                .trim_end();
            pk = true;
        } else if upper.ends_with(" FK") || upper.ends_with(",FK") {
            rest = rest[..rest.len() - 3]
                .trim_end()
                .trim_end_matches(',')
                .trim_end();
            fk = true;
        } else {
            return (rest, pk, fk);
        }
    }
}

/// Parses a default cell as exactly one SQL expression.
pub(crate) fn parse_default(text: &str, span: Span) -> Result<SqlText, String> {
    let dialect = PostgreSqlDialect {};
    let mut parser = Parser::new(&dialect)
        .try_with_sql(text)
        .map_err(|e| e.to_string())?;
    let expr = parser.parse_expr().map_err(|e| e.to_string())?;
    if parser.peek_token().token != Token::EOF {
        return Err("text follows the expression".into());
    }
    Ok(SqlText {
        text: expr.to_string(),
        span,
    })
}

/// `References accounts(id)` anywhere in a description.
fn description_reference(description: &str, span: Span) -> Option<Reference> {
    let lower = description.to_ascii_lowercase();
    let at = lower.find("references ")?;
    let rest = description.get(at + "references ".len()..)?;
    let rest = rest.replace('`', "");
    let dialect = PostgreSqlDialect {};
    let mut parser = Parser::new(&dialect).try_with_sql(&rest).ok()?;
    let table = parser.parse_object_name(false).ok()?;
    let mut columns = Vec::new();
    if parser.consume_token(&Token::LParen) {
        let column = parser.parse_identifier().ok()?;
        if !parser.consume_token(&Token::RParen) {
            return None;
        }
        columns.push(ident_name(&column));
    }
    Some(Reference {
        table: qualified(&table),
        columns,
        on_delete: None,
        on_update: None,
        span,
    })
}

/// Applies a constraints cell.
fn apply_constraints(col: &mut ColumnDef, text: &str, span: Span, diags: &mut Vec<Diagnostic>) {
    if is_empty_cell(text) {
        return;
    }
    let dialect = PostgreSqlDialect {};
    let mut parser = match Parser::new(&dialect).try_with_sql(text) {
        Ok(p) => p,
        Err(e) => {
            diags.push(Diagnostic::new(
                Code::ConstraintNotUnderstood,
                span,
                format!(
                    "constraints `{text}` of column `{}` are not understood: {e}",
                    col.name
                ),
            ));
            return;
        }
    };
    let place = Place::Cell(span);
    loop {
        while parser.consume_token(&Token::Comma) {}
        let next = parser.peek_token().token;
        if next == Token::EOF {
            return;
        }
        if let Token::Word(w) = &next {
            let upper = w.value.to_ascii_uppercase();
            if upper == "PK" {
                parser.next_token();
                col.primary_key = true;
                col.nullable = false;
                continue;
            }
            if upper == "FK" {
                parser.next_token();
                col.fk_unresolved = true;
                continue;
            }
        }
        match parser.parse_optional_column_option() {
            Ok(Some(option)) => apply_column_option(col, &option, &place, diags),
            Ok(None) | Err(_) => {
                diags.push(
                    Diagnostic::new(
                        Code::ConstraintNotUnderstood,
                        span,
                        format!("constraint `{next}` in `{text}` of column `{}` is not understood", col.name),
                    )
                    .with_help("write PK, FK, NOT NULL, UNIQUE, DEFAULT expr, REFERENCES table(column) or CHECK (expr), separated by commas"),
                );
                return;
            }
        }
    }
}

/// One column table as a table definition.
pub(crate) fn column_table(table: &Table, diags: &mut Vec<Diagnostic>) -> TableDef {
    let mut out = TableDef::new(
        table_name(&table.name.value),
        table.name.span,
        TableSource {
            origin: TableOrigin::ColumnTable,
            span: table.span,
        },
    );
    out.renamed_from = table.renamed_from.as_ref().map(|r| table_name(&r.value));
    for column in &table.columns {
        let (type_text, pk, fk) = split_type_cell(&column.data_type.value);
        let read = crate::dialect::cell_type(
            type_text,
            &cell_name(&column.name.value),
            column.data_type.span,
            diags,
        );
        let ty = read.ty.clone();
        let mut col = ColumnDef {
            name: cell_name(&column.name.value),
            name_span: column.name.span,
            ty,
            type_span: column.data_type.span,
            nullable: !pk,
            default: None,
            identity: false,
            primary_key: pk,
            unique: false,
            references: None,
            fk_unresolved: fk,
            checks: Vec::new(),
            comment: None,
            renamed_from: column.renamed_from.as_ref().map(|r| cell_name(&r.value)),
            span: column.span,
        };
        if let Some(constraints) = &column.constraints {
            apply_constraints(&mut col, &constraints.value, constraints.span, diags);
        }
        if let Some(default) = &column.default
            && !is_empty_cell(&default.value)
        {
            match parse_default(default.value.trim(), default.span) {
                Ok(text) => col.default = Some(text),
                Err(why) => diags.push(
                    Diagnostic::new(
                        Code::InvalidDefault,
                        default.span,
                        format!(
                            "default `{}` of column `{}` is not one SQL expression: {why}",
                            default.value.trim(),
                            col.name
                        ),
                    )
                    .with_help(
                        "write a literal ('open', 0, true) or a call (now(), gen_random_uuid())",
                    ),
                ),
            }
        }
        if let Some(description) = &column.description {
            if col.references.is_none() {
                col.references = description_reference(description, column.span);
            }
            // A rename note is about the spec's history, not the column.
            let comment = specforge_model::naming::without_rename_note(description);
            if !is_empty_cell(&comment) {
                col.comment = Some(comment);
            }
        }
        crate::dialect::finish_column(&mut col, &read, crate::dialect::TypeOrigin::Cell, diags);
        out.columns.push(col);
    }
    out
}

/// Indexes described outside DDL (index tables, bullet lists): added when no DDL index of the
/// same name exists, compared with it otherwise.
pub(crate) fn add_described_indexes(
    model: &mut crate::model::SchemaModel,
    indexes: &[specforge_model::Index],
    diags: &mut Vec<Diagnostic>,
) {
    // Index names to their position in `model.indexes` (first wins), kept up to date below.
    let mut by_name: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (i, existing) in model.indexes.iter().enumerate() {
        if let Some(n) = &existing.name {
            by_name.entry(n.clone()).or_insert(i);
        }
    }
    // (end of a description of a table, its position), sorted: the table described nearest
    // before an index is a binary search away.
    let mut ends: Vec<(usize, usize)> = model
        .tables
        .iter()
        .enumerate()
        .flat_map(|(i, t)| t.sources.iter().map(move |s| (s.span.end, i)))
        .collect();
    ends.sort_unstable();
    for index in indexes {
        let name = cell_name(&index.name.value);
        let columns: Vec<String> = index
            .columns
            .iter()
            .flat_map(|c| c.split(','))
            .map(|c| c.trim().trim_matches(|ch| ch == '(' || ch == ')').trim())
            .filter(|c| !c.is_empty())
            .map(cell_name)
            .collect();
        let descending: Vec<bool> = columns.iter().map(|_| false).collect();
        let (columns, descending): (Vec<String>, Vec<bool>) = columns
            .iter()
            .zip(descending)
            .map(|(c, d)| match c.strip_suffix(" desc") {
                Some(base) => (base.trim().to_owned(), true),
                None => (c.strip_suffix(" asc").unwrap_or(c).trim().to_owned(), d),
            })
            .unzip();
        if let Some(existing) = by_name.get(&name).map(|&i| &model.indexes[i]) {
            let existing_cols: Vec<&str> = existing.keys.iter().map(|k| k.expr.as_str()).collect();
            let cols: Vec<&str> = columns.iter().map(String::as_str).collect();
            if existing_cols != cols {
                diags.push(
                    Diagnostic::new(
                        Code::SchemaDisagreement,
                        index.span,
                        format!(
                            "index `{name}` is on ({}) here but on ({}) in the DDL",
                            cols.join(", "),
                            existing_cols.join(", ")
                        ),
                    )
                    .with_label(existing.span, "the DDL index"),
                );
            }
            continue;
        }
        // No table named: the nearest column table before the index that has every column.
        let inferred = index.table.clone().or_else(|| {
            // Walk back from the index over the descriptions that end before it.
            let before = ends.partition_point(|&(end, _)| end <= index.span.start);
            ends[..before]
                .iter()
                .rev()
                .map(|&(_, i)| &model.tables[i])
                .find(|t| columns.iter().all(|c| t.column(c).is_some()))
                .map(|t| t.name.to_string())
        });
        let Some(table) = &inferred else {
            diags.push(Diagnostic::new(
                Code::UnsupportedDdl,
                index.span,
                format!("index `{name}` does not say which table it is on and is left out"),
            ));
            continue;
        };
        let kind = index.kind.as_deref().unwrap_or("").to_ascii_lowercase();
        let method = match kind.as_str() {
            "gin" | "gist" | "hash" | "brin" => Some(kind.clone()),
            _ => None,
        };
        by_name.entry(name.clone()).or_insert(model.indexes.len());
        model.indexes.push(crate::model::IndexDef {
            name: Some(name),
            table: table_name(table),
            keys: columns
                .into_iter()
                .zip(descending)
                .map(|(expr, descending)| crate::model::IndexKey {
                    expr,
                    is_column: true,
                    descending,
                })
                .collect(),
            unique: kind.contains("unique"),
            concurrently: false,
            method,
            predicate: None,
            span: index.span,
        });
    }
}

/// Named constraints from constraint tables (`| Name | Type | Definition | Purpose |`, seed
/// 003): a CHECK becomes a table-level check, a UNIQUE a unique key. A constraint the table
/// already has under the same name (from DDL) is not added twice. Other kinds are reported,
/// not dropped silently.
pub(crate) fn add_named_constraints(
    model: &mut crate::model::SchemaModel,
    constraints: &[specforge_model::NamedConstraint],
    diags: &mut Vec<Diagnostic>,
) {
    for constraint in constraints {
        let name = cell_name(&constraint.name.value);
        let Some(owner) = constraint.table.as_deref() else {
            diags.push(
                Diagnostic::new(
                    Code::ConstraintNotUnderstood,
                    constraint.span,
                    format!("constraint `{name}` does not say which table it belongs to"),
                )
                .with_help("put the constraint table under the table's `**Table:**` line"),
            );
            continue;
        };
        let target = table_name(owner);
        let Some(table) = model.tables.iter_mut().find(|t| t.name.same_as(&target)) else {
            diags.push(Diagnostic::new(
                Code::UnknownTable,
                constraint.span,
                format!("constraint `{name}` is on table `{owner}`, which is not defined"),
            ));
            continue;
        };
        let known = |n: &Option<String>| n.as_deref() == Some(name.as_str());
        let definition = constraint.definition.value.trim();
        match constraint.kind.trim().to_ascii_uppercase().as_str() {
            "CHECK" => {
                if table.checks.iter().any(|c| known(&c.name)) {
                    continue;
                }
                let inner = definition
                    .strip_prefix("CHECK")
                    .or_else(|| definition.strip_prefix("check"))
                    .unwrap_or(definition)
                    .trim();
                match parse_default(inner, constraint.definition.span) {
                    Ok(expr) => table.checks.push(crate::model::CheckDef {
                        name: Some(name),
                        expr,
                    }),
                    Err(reason) => diags.push(
                        Diagnostic::new(
                            Code::ConstraintNotUnderstood,
                            constraint.definition.span,
                            format!("the CHECK of constraint `{name}` is not one SQL expression: {reason}"),
                        )
                        .with_help("write the condition alone, e.g. `status IN ('open', 'closed')`"),
                    ),
                }
            }
            "UNIQUE" => {
                if table.uniques.iter().any(|u| known(&u.name)) {
                    continue;
                }
                let columns: Vec<String> = definition
                    .trim_start_matches(|c: char| c.is_ascii_alphabetic() || c == ' ')
                    .split(',')
                    .map(|c| cell_name(c.trim().trim_matches(|ch| ch == '(' || ch == ')')))
                    .filter(|c| !c.is_empty())
                    .collect();
                table.uniques.push(crate::model::KeyDef {
                    name: Some(name),
                    columns,
                    span: constraint.definition.span,
                });
            }
            other => diags.push(Diagnostic::new(
                Code::UnsupportedDdl,
                constraint.span,
                format!("constraint `{name}` of type `{other}` in a constraint table is not modelled; write it in the table's DDL"),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_cells_fold_pk_and_fk() {
        assert_eq!(split_type_cell("BIGINT PK"), ("BIGINT", true, false));
        assert_eq!(split_type_cell("BIGINT FK"), ("BIGINT", false, true));
        assert_eq!(split_type_cell("uuid"), ("uuid", false, false));
    }

    #[test]
    fn defaults_must_be_one_expression() {
        let s = Span::new(0, 1);
        assert_eq!(
            parse_default("now()", s).map(|t| t.text),
            Ok("now()".into())
        );
        assert_eq!(
            parse_default("'open'", s).map(|t| t.text),
            Ok("'open'".into())
        );
        assert!(parse_default("0; DROP TABLE x", s).is_err());
        assert!(parse_default("'a' -- x", s).is_ok());
        assert!(parse_default("", s).is_err());
    }
}
