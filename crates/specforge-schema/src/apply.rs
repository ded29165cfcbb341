//! Changes to an existing schema: the `DROP`, `RENAME` and `ALTER` statements of a migration
//! applied to the model, as PostgreSQL applies them to its catalog.
//!
//! A spec's own fences rarely hold these, but applied migrations do: `specforge_migrate::replay`
//! reads every recorded migration through them, and the planner (`specforge_migrate::plan_step`) applies a
//! revision's declared renames with the same functions, so the two never disagree about what
//! a rename does to keys, foreign keys and indexes.

use crate::model::{QualifiedName, SchemaModel, TableDef};
use crate::names::freeze_names;
use crate::words::{mentions, replace_word};

/// Renames a table; foreign keys and indexes follow it. Its constraints keep their names.
pub fn rename_table(model: &mut SchemaModel, from: &QualifiedName, to: &str) -> bool {
    let Some(table) = model.table_mut(from) else {
        return false;
    };
    freeze_names(table);
    let new_name = QualifiedName {
        schema: from.schema.clone(),
        name: to.to_owned(),
    };
    table.name = new_name.clone();
    for t in &mut model.tables {
        for c in &mut t.columns {
            if let Some(r) = &mut c.references
                && r.table.same_as(from)
            {
                r.table = new_name.clone();
            }
        }
        for fk in &mut t.foreign_keys {
            if fk.reference.table.same_as(from) {
                fk.reference.table = new_name.clone();
            }
        }
    }
    for ix in &mut model.indexes {
        if ix.table.same_as(from) {
            ix.table = new_name.clone();
        }
    }
    model.reindex();
    true
}

/// Renames a column; keys, checks, foreign keys and indexes follow it.
pub fn rename_column(
    model: &mut SchemaModel,
    table_name: &QualifiedName,
    from: &str,
    to: &str,
) -> bool {
    let Some(table) = model.table_mut(table_name) else {
        return false;
    };
    if table.column(from).is_none() {
        return false;
    }
    freeze_names(table);
    let rename = |cols: &mut Vec<String>| {
        for c in cols.iter_mut().filter(|c| c.as_str() == from) {
            *c = to.to_owned();
        }
    };
    for c in &mut table.columns {
        if c.name == from {
            c.name = to.to_owned();
        }
    }
    if let Some(pk) = &mut table.primary_key {
        rename(&mut pk.columns);
    }
    for u in &mut table.uniques {
        rename(&mut u.columns);
    }
    for fk in &mut table.foreign_keys {
        rename(&mut fk.columns);
    }
    for ch in &mut table.checks {
        ch.expr.text = replace_word(&ch.expr.text, from, to);
    }
    let table_name = table.name.clone();
    for t in &mut model.tables {
        for c in &mut t.columns {
            if let Some(r) = &mut c.references
                && r.table.same_as(&table_name)
            {
                rename(&mut r.columns);
            }
        }
        for fk in &mut t.foreign_keys {
            if fk.reference.table.same_as(&table_name) {
                rename(&mut fk.reference.columns);
            }
        }
    }
    for ix in model
        .indexes
        .iter_mut()
        .filter(|i| i.table.same_as(&table_name))
    {
        for k in &mut ix.keys {
            k.expr = if k.is_column {
                if k.expr == from {
                    to.to_owned()
                } else {
                    k.expr.clone()
                }
            } else {
                replace_word(&k.expr, from, to)
            };
        }
        if let Some(p) = &mut ix.predicate {
            p.text = replace_word(&p.text, from, to);
        }
    }
    true
}

/// Drops a column with the constraints and indexes that use it, as PostgreSQL does.
pub(crate) fn drop_column(
    model: &mut SchemaModel,
    table_name: &QualifiedName,
    column: &str,
) -> bool {
    let Some(table) = model.table_mut(table_name) else {
        return false;
    };
    let Some(at) = table.columns.iter().position(|c| c.name == column) else {
        return false;
    };
    table.columns.remove(at);
    let uses = |cols: &[String]| cols.iter().any(|c| c == column);
    if table.primary_key.as_ref().is_some_and(|k| uses(&k.columns)) {
        table.primary_key = None;
    }
    table.uniques.retain(|u| !uses(&u.columns));
    table.foreign_keys.retain(|f| !uses(&f.columns));
    table.checks.retain(|c| !mentions(&c.expr.text, column));
    let table_name = table.name.clone();
    model.indexes.retain(|ix| {
        !(ix.table.same_as(&table_name)
            && ix.keys.iter().any(|k| {
                if k.is_column {
                    k.expr == column
                } else {
                    mentions(&k.expr, column)
                }
            }))
    });
    true
}

/// Drops a table and its indexes.
pub(crate) fn drop_table(model: &mut SchemaModel, name: &QualifiedName) -> bool {
    let Some(at) = model.table_position(name) else {
        return false;
    };
    model.tables.remove(at);
    model.reindex();
    model.indexes.retain(|ix| !ix.table.same_as(name));
    true
}

/// Drops a constraint by its (possibly generated) name.
pub(crate) fn drop_constraint(table: &mut TableDef, name: &str) -> bool {
    freeze_names(table);
    let named = |n: &Option<String>| n.as_deref() == Some(name);
    let before = table.uniques.len() + table.checks.len() + table.foreign_keys.len();
    let pk = table.primary_key.as_ref().is_some_and(|k| named(&k.name));
    if pk {
        table.primary_key = None;
    }
    table.uniques.retain(|u| !named(&u.name));
    table.checks.retain(|c| !named(&c.name));
    table.foreign_keys.retain(|f| !named(&f.name));
    pk || before != table.uniques.len() + table.checks.len() + table.foreign_keys.len()
}
