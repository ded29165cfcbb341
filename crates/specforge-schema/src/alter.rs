//! ALTER, DROP and RENAME statements read into the model: an `ALTER TABLE`'s added columns
//! and constraints through [`crate::ddl`], every other change through the model operations of
//! [`crate::apply`].

use crate::apply::{drop_column, drop_constraint, drop_table, rename_column, rename_table};
use crate::ddl::{DdlBuilder, Place};
use crate::model::{QualifiedName, SqlText};
use crate::name::{ident_name, qualified};
use specforge_model::{Code, Diagnostic, Span};
use sqlparser::ast::{
    AlterColumnOperation, AlterIndexOperation, AlterTable, AlterTableOperation,
    AlterTypeAddValuePosition, AlterTypeOperation, ObjectType, RenameTableNameKind, Statement,
};

impl DdlBuilder<'_> {
    /// `ALTER TABLE`, operation by operation.
    pub(crate) fn alter_table(&mut self, at: &AlterTable, place: &Place<'_, '_>, span: Span) {
        let name = qualified(&at.name);
        for op in &at.operations {
            self.alter(&name, op, place, span);
        }
    }

    fn alter(
        &mut self,
        name: &QualifiedName,
        op: &AlterTableOperation,
        place: &Place<'_, '_>,
        stmt: Span,
    ) {
        if self.model.table(name).is_none() {
            self.diags.push(Diagnostic::new(
                Code::UnknownTable,
                stmt,
                format!("ALTER TABLE names `{name}`, which is not created before it"),
            ));
            return;
        }
        match op {
            AlterTableOperation::AddColumn { column_def, .. } => {
                let col = self.column(column_def, place);
                if let Some(table) = self.model.table_mut(name) {
                    table.columns.push(col);
                }
            }
            AlterTableOperation::AddConstraint { constraint, .. } => {
                let mut table = match self.model.table(name) {
                    Some(t) => t.clone(),
                    None => return,
                };
                self.table_constraint(&mut table, constraint, place, stmt);
                if let Some(slot) = self.model.table_mut(name) {
                    *slot = table;
                }
            }
            other if self.change_table(name, other, place, stmt) => {}
            other => self.unsupported(stmt, &format!("`ALTER TABLE … {other}`")),
        }
    }

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
