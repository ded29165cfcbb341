//! ALTER, DROP and RENAME statements read into the model: an `ALTER TABLE`'s added columns
//! and constraints through [`crate::ddl`], every other change through the model operations of
//! [`crate::apply`].

use crate::apply::{drop_column, drop_constraint, drop_table, rename_column, rename_table};
use crate::ddl::{DdlBuilder, Place};
use crate::model::{AssumedColumn, AssumedTable, QualifiedName, SqlText, TableDef, TableSource};
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
        if self.model.table(&name).is_none() {
            if let (Some(waiting), Place::Fence(pos)) = (&mut self.waiting, place) {
                // Read once every table is known: the table may be defined further on.
                let (start, end) = pos.range();
                waiting.push(crate::ddl::Waiting {
                    block: self.block,
                    start,
                    end,
                    span,
                    statement: sqlparser::ast::Statement::AlterTable(at.clone()),
                });
                return;
            }
            for op in &at.operations {
                self.alter_assumed(&name, op, place, span);
            }
            return;
        }
        for op in &at.operations {
            self.alter(&name, op, place, span);
        }
    }

    /// The assumed table named `name`, added on first use.
    pub(crate) fn assumed_mut(&mut self, name: &QualifiedName, span: Span) -> &mut AssumedTable {
        assumed_mut(self.model, name, span)
    }

    /// An `ALTER TABLE` of a table the spec does not create: the change is made to a table
    /// assumed to exist.
    fn alter_assumed(
        &mut self,
        name: &QualifiedName,
        op: &AlterTableOperation,
        place: &Place<'_, '_>,
        stmt: Span,
    ) {
        let typo = crate::validate::near_miss(self.model, name).map(|t| t.name.to_string());
        let delta = matches!(
            op,
            AlterTableOperation::AddColumn { .. } | AlterTableOperation::AddConstraint { .. }
        );
        if typo.is_some() || !delta {
            let mut d = Diagnostic::new(
                Code::UnknownTable,
                stmt,
                format!("ALTER TABLE names `{name}`, which is not created before it"),
            );
            d = match typo {
                Some(t) => d.with_help(format!("did you mean `{t}`? (a table one edit away from a table the spec creates is not assumed to exist elsewhere)")),
                None => d.with_help("a table the spec does not create can gain columns and constraints (ADD COLUMN, ADD CONSTRAINT); other changes to it are not made"),
            };
            self.diags.push(d);
            return;
        }
        match op {
            AlterTableOperation::AddColumn { column_def, .. } => {
                let col = self.column(column_def, place);
                let t = self.assumed_mut(name, stmt);
                t.columns.retain(|c| c.name != col.name);
                if t.added.column(&col.name).is_none() {
                    t.added.columns.push(col);
                }
            }
            AlterTableOperation::AddConstraint { constraint, .. } => {
                let mut added = self.assumed_mut(name, stmt).added.clone();
                self.table_constraint(&mut added, constraint, place, stmt);
                let used = self.constraint_columns(constraint);
                let t = self.assumed_mut(name, stmt);
                t.added = added;
                for (column, ty) in used {
                    if t.added.column(&column).is_none() {
                        touch(t, &column, ty, false);
                    }
                }
            }
            _ => {}
        }
    }

    /// The columns a constraint names, with the types it implies.
    fn constraint_columns(
        &self,
        constraint: &sqlparser::ast::TableConstraint,
    ) -> Vec<(String, Option<crate::types::SqlType>)> {
        use sqlparser::ast::TableConstraint as C;
        let plain = |cols: Vec<String>| cols.into_iter().map(|c| (c, None)).collect();
        match constraint {
            C::Check(c) => {
                let mut out = Vec::new();
                crate::carry::implied_columns(&c.expr, &mut out);
                out
            }
            C::ForeignKey(fk) => {
                let target = self.model.table(&qualified(&fk.foreign_table));
                fk.columns
                    .iter()
                    .map(ident_name)
                    .zip(
                        fk.referred_columns
                            .iter()
                            .map(ident_name)
                            .map(Some)
                            .chain(std::iter::repeat(None)),
                    )
                    .map(|(c, r)| {
                        let ty = target
                            .and_then(|t| match &r {
                                Some(r) => t.column(r),
                                None => t.primary_key_columns().first().and_then(|k| t.column(k)),
                            })
                            .map(|col| col.ty.clone());
                        (c, ty)
                    })
                    .collect()
            }
            C::Unique(u) => plain(crate::ddl::key_columns(&u.columns)),
            C::PrimaryKey(k) => plain(crate::ddl::key_columns(&k.columns)),
            _ => Vec::new(),
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
                let Some(table) = self.model.table_mut(name) else {
                    return;
                };
                match table.columns.iter_mut().find(|c| c.name == col.name) {
                    // The table's own definition already lists it (a migration shown next
                    // to the resulting table): that column, when they agree.
                    Some(existing)
                        if existing.ty == col.ty
                            && existing.nullable == col.nullable
                            && existing
                                .default
                                .as_ref()
                                .map(|d| crate::merge::normalize_expr(&d.text))
                                == col
                                    .default
                                    .as_ref()
                                    .map(|d| crate::merge::normalize_expr(&d.text)) =>
                    {
                        if existing.references.is_none() {
                            existing.references = col.references;
                        }
                    }
                    Some(existing) => {
                        let first = existing.span;
                        self.diags.push(
                            Diagnostic::new(
                                Code::SchemaDisagreement,
                                col.span,
                                format!(
                                    "ALTER TABLE adds column `{name}.{}`, which the table's definition lists differently",
                                    col.name
                                ),
                            )
                            .with_label(first, "the table's definition of the column")
                            .with_help("make the two descriptions of the column the same"),
                        );
                    }
                    None => table.columns.push(col),
                }
            }
            AlterTableOperation::AddConstraint { constraint, .. } => {
                let mut table = match self.model.table(name) {
                    Some(t) => t.clone(),
                    None => return,
                };
                let before = crate::names::constraints(&table);
                self.table_constraint(&mut table, constraint, place, stmt);
                let after = crate::names::constraints(&table);
                // A constraint the table already has (same definition) is that constraint.
                let repeated = after.len() == before.len() + 1
                    && after.iter().all(|c| {
                        before.iter().any(|b| {
                            b.signature() == c.signature()
                                && (b.name == c.name || !named(constraint))
                        })
                    });
                if repeated {
                    return;
                }
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

fn named(constraint: &sqlparser::ast::TableConstraint) -> bool {
    use sqlparser::ast::TableConstraint as C;
    match constraint {
        C::Check(c) => c.name.is_some(),
        C::ForeignKey(c) => c.name.is_some(),
        C::Unique(c) => c.name.is_some(),
        C::PrimaryKey(c) => c.name.is_some(),
        _ => false,
    }
}

/// The assumed table named `name` in `model`, added on first use.
pub(crate) fn assumed_mut<'m>(
    model: &'m mut crate::model::SchemaModel,
    name: &QualifiedName,
    span: Span,
) -> &'m mut AssumedTable {
    let at = match model.assumed.iter().position(|t| t.name.same_as(name)) {
        Some(i) => i,
        None => {
            model.assumed.push(AssumedTable {
                name: name.clone(),
                columns: Vec::new(),
                added: TableDef::new(
                    name.clone(),
                    span,
                    TableSource {
                        origin: specforge_model::TableOrigin::Ddl,
                        span,
                    },
                ),
                span,
            });
            model.assumed.len() - 1
        }
    };
    &mut model.assumed[at]
}

/// Records that the spec uses column `name` of an assumed table (with the type it implies,
/// and whether a foreign key references it).
pub(crate) fn touch(
    table: &mut AssumedTable,
    name: &str,
    ty: Option<crate::types::SqlType>,
    referenced: bool,
) {
    if table.added.column(name).is_some() {
        return;
    }
    match table.columns.iter_mut().find(|c| c.name == name) {
        Some(c) => {
            if c.ty.is_none() {
                c.ty = ty;
            }
            c.primary_key |= referenced;
        }
        None => table.columns.push(AssumedColumn {
            name: name.to_owned(),
            ty,
            primary_key: referenced,
        }),
    }
}
