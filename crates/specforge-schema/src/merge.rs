//! Merging a column table into the DDL description of the same table. The DDL is kept; every
//! disagreement is reported with both places; descriptions become column comments.

use crate::model::{ColumnDef, SchemaModel, TableDef};
use specforge_model::{Code, Diagnostic};

/// Lowercases SQL text outside single-quoted literals and drops spaces, so `NOW()` equals
/// `now()` but `'Open'` differs from `'open'`.
pub(crate) fn normalize_expr(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut quoted = false;
    for c in text.chars() {
        if c == '\'' {
            quoted = !quoted;
        }
        if quoted || c == '\'' {
            out.push(c);
        } else if !c.is_whitespace() {
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}

fn effective_pk(table: &TableDef, col: &ColumnDef) -> bool {
    col.primary_key || table.primary_key_columns() == [col.name.clone()]
}

fn effective_unique(table: &TableDef, col: &ColumnDef) -> bool {
    col.unique
        || table
            .uniques
            .iter()
            .any(|u| u.columns == [col.name.clone()])
}

fn effective_nullable(table: &TableDef, col: &ColumnDef) -> bool {
    col.nullable && !table.primary_key_columns().contains(&col.name)
}

/// Adds a column table to the model: merged into the DDL table of the same name, or added.
pub(crate) fn add_column_table(
    model: &mut SchemaModel,
    table: TableDef,
    ddl_table_count: usize,
    diags: &mut Vec<Diagnostic>,
) {
    let Some(index) = model.table_position(&table.name) else {
        model.tables.push(table);
        return;
    };
    if index >= ddl_table_count {
        diags.push(
            Diagnostic::new(
                Code::DuplicateTable,
                table.name_span,
                format!("table `{}` is described by two column tables", table.name),
            )
            .with_label(model.tables[index].name_span, "first described here"),
        );
        return;
    }
    let ddl = &mut model.tables[index];
    let name = ddl.name.to_string();
    let mut disagree = |d: Diagnostic| diags.push(d);
    for ct_col in &table.columns {
        let Some(ddl_col) = ddl.column(&ct_col.name) else {
            disagree(
                Diagnostic::new(
                    Code::SchemaDisagreement,
                    ct_col.span,
                    format!(
                        "column `{name}.{}` is in the column table but not in the DDL",
                        ct_col.name
                    ),
                )
                .with_label(ddl.name_span, "the DDL of the table"),
            );
            continue;
        };
        let both = |msg: String| {
            Diagnostic::new(Code::SchemaDisagreement, ct_col.span, msg)
                .with_label(ddl_col.span, "the DDL says otherwise here")
        };
        if ddl_col.ty != ct_col.ty {
            let what = if ddl_col.ty.differs_only_in_length(&ct_col.ty) {
                "length"
            } else {
                "type"
            };
            disagree(both(format!(
                "{what} of `{name}.{}` differs: the DDL says {}, the column table says {}",
                ct_col.name, ddl_col.ty, ct_col.ty
            )));
        }
        let (dn, cn) = (
            effective_nullable(ddl, ddl_col),
            effective_nullable(&table, ct_col),
        );
        if dn != cn {
            let word = |n: bool| if n { "nullable" } else { "NOT NULL" };
            disagree(both(format!(
                "nullability of `{name}.{}` differs: the DDL says {}, the column table says {}",
                ct_col.name,
                word(dn),
                word(cn)
            )));
        }
        let dd = ddl_col.default.as_ref().map(|d| normalize_expr(&d.text));
        let cd = ct_col.default.as_ref().map(|d| normalize_expr(&d.text));
        if dd != cd {
            let show = |d: &Option<crate::model::SqlText>| {
                d.as_ref()
                    .map_or("no default".to_owned(), |d| format!("DEFAULT {}", d.text))
            };
            disagree(both(format!(
                "default of `{name}.{}` differs: the DDL says {}, the column table says {}",
                ct_col.name,
                show(&ddl_col.default),
                show(&ct_col.default)
            )));
        }
        if effective_pk(ddl, ddl_col) != effective_pk(&table, ct_col) {
            disagree(both(format!(
                "primary key of `{name}.{}` differs between the DDL and the column table",
                ct_col.name
            )));
        }
        if effective_unique(ddl, ddl_col) != effective_unique(&table, ct_col) {
            disagree(both(format!(
                "UNIQUE on `{name}.{}` differs between the DDL and the column table",
                ct_col.name
            )));
        }
        if let (Some(a), Some(b)) = (&ddl_col.references, &ct_col.references)
            && (!a.table.same_as(&b.table) || (!b.columns.is_empty() && a.columns != b.columns))
        {
            disagree(both(format!(
                "foreign key of `{name}.{}` differs: the DDL references {}, the column table {}",
                ct_col.name, a.table, b.table
            )));
        }
        if ct_col.fk_unresolved
            && ddl_col.references.is_none()
            && !ddl
                .foreign_keys
                .iter()
                .any(|f| f.columns.contains(&ct_col.name))
        {
            disagree(both(format!(
                "`{name}.{}` is marked FK in the column table but has no foreign key in the DDL",
                ct_col.name
            )));
        }
    }
    for ddl_col in &ddl.columns {
        if table.column(&ddl_col.name).is_none() {
            disagree(
                Diagnostic::new(
                    Code::SchemaDisagreement,
                    ddl_col.span,
                    format!(
                        "column `{name}.{}` is in the DDL but not in the column table",
                        ddl_col.name
                    ),
                )
                .with_label(table.name_span, "the column table"),
            );
        }
    }
    for ct_col in &table.columns {
        if let Some(col) = ddl.columns.iter_mut().find(|c| c.name == ct_col.name) {
            if col.comment.is_none() {
                col.comment = ct_col.comment.clone();
            }
            if col.renamed_from.is_none() {
                col.renamed_from = ct_col.renamed_from.clone();
            }
        }
    }
    if ddl.renamed_from.is_none() {
        ddl.renamed_from = table.renamed_from.clone();
    }
    ddl.sources.extend(table.sources);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expression_normalization_keeps_literals() {
        assert_eq!(normalize_expr("NOW()"), normalize_expr("now()"));
        assert_ne!(normalize_expr("'Open'"), normalize_expr("'open'"));
    }
}
