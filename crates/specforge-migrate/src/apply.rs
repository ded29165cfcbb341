//! Changes to an existing schema: the `DROP`, `RENAME` and `ALTER` statements of a migration
//! applied to the model, as PostgreSQL applies them to its catalog.
//!
//! A spec's own fences rarely hold these, but applied migrations do: [`crate::replay`] reads
//! every recorded migration through them, and the planner ([`crate::step`]) applies a
//! revision's declared renames with the same functions, so the two never disagree about what
//! a rename does to keys, foreign keys and indexes.

use crate::ddl::{DdlBuilder, Place, ident_name, qualified};
use crate::model::{QualifiedName, SchemaModel, SqlText, TableDef};
use crate::names::freeze_names;
use specforge_model::{Code, Diagnostic, Span};
use sqlparser::ast::{
    AlterColumnOperation, AlterIndexOperation, AlterTableOperation, AlterTypeAddValuePosition,
    AlterTypeOperation, ObjectType, RenameTableNameKind, Statement,
};

/// The words of printed SQL outside string literals, with their byte ranges: identifiers
/// (quoted ones with their quotes), keywords and numbers.
pub(crate) fn sql_words(text: &str) -> Vec<(std::ops::Range<usize>, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    let mut in_literal = false;
    for (i, c) in text.char_indices() {
        if in_literal {
            in_literal = c != '\'';
            continue;
        }
        let word_char = c.is_alphanumeric() || c == '_' || c == '"';
        match (word_char, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s..i, &text[s..i]));
                start = None;
            }
            _ => {}
        }
        in_literal = c == '\'';
    }
    if let Some(s) = start {
        out.push((s..text.len(), &text[s..]));
    }
    out
}

/// True when `word` (from [`sql_words`]) is the identifier `name`, quoted or not.
pub(crate) fn is_identifier(word: &str, name: &str) -> bool {
    word == name || (word.starts_with('"') && word.trim_matches('"') == name)
}

/// `text` with the identifier `from` replaced by `to` (string literals are left alone).
pub(crate) fn replace_word(text: &str, from: &str, to: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (range, word) in sql_words(text) {
        if is_identifier(word, from) {
            out.push_str(&text[at..range.start]);
            out.push_str(&if word.starts_with('"') {
                crate::ident::quote_ident(to)
            } else {
                to.to_owned()
            });
            at = range.end;
        }
    }
    out.push_str(&text[at..]);
    out
}

fn mentions(text: &str, column: &str) -> bool {
    sql_words(text)
        .iter()
        .any(|(_, w)| is_identifier(w, column))
}

/// Renames a table; foreign keys and indexes follow it. Its constraints keep their names.
pub(crate) fn rename_table(model: &mut SchemaModel, from: &QualifiedName, to: &str) -> bool {
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
pub(crate) fn rename_column(
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

impl DdlBuilder<'_> {
    fn missing(&mut self, span: Span, what: String) {
        self.diags.push(
            Diagnostic::new(Code::UnknownTable, span, what)
                .with_help("a migration can only change what earlier statements created"),
        );
    }

    /// `DROP`, `ALTER TYPE` and `ALTER INDEX`; false when the statement is none of them.
    pub(crate) fn change_statement(&mut self, statement: &Statement, span: Span) -> bool {
        match statement {
            Statement::Drop {
                object_type,
                if_exists,
                names,
                ..
            } if matches!(
                object_type,
                ObjectType::Table | ObjectType::Index | ObjectType::Type
            ) =>
            {
                for name in names {
                    let name = qualified(name);
                    let found = match object_type {
                        ObjectType::Table => drop_table(self.model, &name),
                        ObjectType::Index => {
                            let before = self.model.indexes.len();
                            self.model
                                .indexes
                                .retain(|i| i.name.as_deref() != Some(name.name.as_str()));
                            before != self.model.indexes.len()
                        }
                        _ => {
                            let before = self.model.enums.len();
                            self.model.enums.retain(|e| !e.name.same_as(&name));
                            before != self.model.enums.len()
                        }
                    };
                    if !found && !if_exists {
                        self.missing(span, format!("DROP names `{name}`, which does not exist"));
                    }
                }
                true
            }
            Statement::AlterType(at) => {
                let name = qualified(&at.name);
                let Some(e) = self.model.enums.iter_mut().find(|e| e.name.same_as(&name)) else {
                    self.missing(
                        span,
                        format!("ALTER TYPE names `{name}`, which does not exist"),
                    );
                    return true;
                };
                match &at.operation {
                    AlterTypeOperation::AddValue(add) => {
                        let value = add.value.value.clone();
                        if e.labels.contains(&value) {
                            return true;
                        }
                        let at = match &add.position {
                            Some(AlterTypeAddValuePosition::Before(v)) => {
                                e.labels.iter().position(|l| *l == v.value)
                            }
                            Some(AlterTypeAddValuePosition::After(v)) => {
                                e.labels.iter().position(|l| *l == v.value).map(|i| i + 1)
                            }
                            None => None,
                        };
                        e.labels.insert(at.unwrap_or(e.labels.len()), value);
                    }
                    AlterTypeOperation::RenameValue(r) => {
                        for l in e.labels.iter_mut().filter(|l| **l == r.from.value) {
                            l.clone_from(&r.to.value);
                        }
                    }
                    AlterTypeOperation::Rename(r) => {
                        let renamed = QualifiedName {
                            schema: e.name.schema.clone(),
                            name: ident_name(&r.new_name),
                        };
                        e.name = renamed.clone();
                        for col in self.model.tables.iter_mut().flat_map(|t| &mut t.columns) {
                            if let crate::types::BaseType::Named(n) = &mut col.ty.base
                                && n.same_as(&name)
                            {
                                *n = renamed.clone();
                            }
                        }
                    }
                }
                true
            }
            Statement::AlterIndex {
                name,
                operation: AlterIndexOperation::RenameIndex { index_name },
            } => {
                let from = qualified(name).name;
                let to = qualified(index_name).name;
                match self
                    .model
                    .indexes
                    .iter_mut()
                    .find(|i| i.name.as_deref() == Some(from.as_str()))
                {
                    Some(ix) => ix.name = Some(to),
                    None => self.missing(
                        span,
                        format!("ALTER INDEX names `{from}`, which does not exist"),
                    ),
                }
                true
            }
            _ => false,
        }
    }

    /// The `ALTER TABLE` operations that change what exists; false for the others.
    pub(crate) fn change_table(
        &mut self,
        name: &QualifiedName,
        op: &AlterTableOperation,
        place: &Place<'_, '_>,
        span: Span,
    ) -> bool {
        match op {
            AlterTableOperation::RenameTable { table_name } => {
                let (RenameTableNameKind::To(to) | RenameTableNameKind::As(to)) = table_name;
                rename_table(self.model, name, &qualified(to).name);
            }
            AlterTableOperation::RenameColumn {
                old_column_name,
                new_column_name,
            } => {
                let (from, to) = (ident_name(old_column_name), ident_name(new_column_name));
                if !rename_column(self.model, name, &from, &to) {
                    self.missing(
                        span,
                        format!("RENAME COLUMN names `{name}.{from}`, which does not exist"),
                    );
                }
            }
            AlterTableOperation::DropColumn {
                column_names,
                if_exists,
                ..
            } => {
                for column in column_names.iter().map(ident_name) {
                    if !drop_column(self.model, name, &column) && !if_exists {
                        self.missing(
                            span,
                            format!("DROP COLUMN names `{name}.{column}`, which does not exist"),
                        );
                    }
                }
            }
            AlterTableOperation::DropConstraint {
                if_exists,
                name: constraint,
                ..
            } => {
                let constraint = ident_name(constraint);
                let found = self
                    .model
                    .table_mut(name)
                    .is_some_and(|t| drop_constraint(t, &constraint));
                if !found && !if_exists {
                    self.missing(
                        span,
                        format!(
                            "DROP CONSTRAINT names `{constraint}` on `{name}`, which does not exist"
                        ),
                    );
                }
            }
            AlterTableOperation::AlterColumn { column_name, op } => {
                let column = ident_name(column_name);
                let mut typed = None;
                if let AlterColumnOperation::SetDataType { data_type, .. } = op {
                    typed = Some(crate::ddl::column_type(
                        &data_type.to_string(),
                        span,
                        self.diags,
                    ));
                }
                let default = match op {
                    AlterColumnOperation::SetDefault { value } => Some(SqlText {
                        text: value.to_string(),
                        span: place.span(sqlparser::ast::Spanned::span(value)),
                    }),
                    _ => None,
                };
                let Some(col) = self
                    .model
                    .table_mut(name)
                    .and_then(|t| t.columns.iter_mut().find(|c| c.name == column))
                else {
                    self.missing(
                        span,
                        format!("ALTER COLUMN names `{name}.{column}`, which does not exist"),
                    );
                    return true;
                };
                match op {
                    AlterColumnOperation::SetNotNull => col.nullable = false,
                    AlterColumnOperation::DropNotNull => col.nullable = true,
                    AlterColumnOperation::SetDefault { .. } => col.default = default,
                    AlterColumnOperation::DropDefault => col.default = None,
                    AlterColumnOperation::SetDataType { .. } => {
                        if let Some(ty) = typed {
                            col.ty = ty;
                        }
                    }
                    AlterColumnOperation::AddGenerated { .. } => col.identity = true,
                }
            }
            _ => return false,
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_in_literals_are_not_names() {
        let check = r#"kind IN ('note', 'it''s note') AND "note" <> note_id AND note > 0"#;
        assert_eq!(
            replace_word(check, "note", "body"),
            "kind IN ('note', 'it''s note') AND body <> note_id AND body > 0"
        );
        assert!(mentions(check, "note_id"));
        assert!(!mentions("kind = 'note_id'", "note_id"));
    }
}
