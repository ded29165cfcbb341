//! SQL fences to the schema model, through sqlparser.
//!
//! Each fence is parsed with the dialect its info string names. DDL statements fill the
//! [`SchemaModel`]; other statements are skipped with a note; constructs without a PostgreSQL
//! equivalent are reported. Spans are made absolute with [`BodyPositions`].

use crate::model::{
    CheckDef, ColumnDef, EnumType, Extension, ForeignKeyDef, IndexDef, IndexKey, KeyDef,
    QualifiedName, RefAction, Reference, SchemaModel, SqlText, TableDef, TableSource,
    VerbatimStatement,
};
use crate::position::BodyPositions;
use crate::types::{BaseType, SqlType, parse_type};
use specforge_model::{Code, Diagnostic};
use specforge_model::{Span, SqlBlock, SqlBlockRole, SqlDialect, TableOrigin};
use sqlparser::ast::{
    AlterTableOperation, ColumnOption, CommentObject, CreateTableOptions, Expr, GeneratedAs, Ident,
    IndexColumn, ObjectName, ObjectNamePart, OrderBySort, ReferentialAction, Spanned as _,
    Statement, TableConstraint, UserDefinedTypeRepresentation,
};
use sqlparser::dialect::{Dialect, MySqlDialect, PostgreSqlDialect, SQLiteDialect};
use sqlparser::parser::Parser;

/// The sqlparser dialect for a fence's dialect.
pub fn dialect_for(dialect: SqlDialect) -> Box<dyn Dialect> {
    match dialect {
        SqlDialect::Postgres => Box::new(PostgreSqlDialect {}),
        SqlDialect::MySql => Box::new(MySqlDialect {}),
        SqlDialect::Sqlite => Box::new(SQLiteDialect {}),
    }
}

/// A name as PostgreSQL sees it: unquoted (or MySQL back-quoted) folded to lowercase,
/// double-quoted kept exactly.
pub fn ident_name(ident: &Ident) -> String {
    match ident.quote_style {
        Some('"') => ident.value.clone(),
        _ => ident.value.to_lowercase(),
    }
}

/// The identifiers of an object name.
fn name_parts(name: &ObjectName) -> Vec<&Ident> {
    name.0
        .iter()
        .filter_map(|part| match part {
            ObjectNamePart::Identifier(ident) => Some(ident),
            _ => None,
        })
        .collect()
}

/// A qualified name from the last two parts of an object name.
pub fn qualified(name: &ObjectName) -> QualifiedName {
    let parts = name_parts(name);
    match parts.as_slice() {
        [] => QualifiedName::bare(name.to_string()),
        [one] => QualifiedName::bare(ident_name(one)),
        [.., schema, last] => QualifiedName {
            schema: Some(ident_name(schema)),
            name: ident_name(last),
        },
    }
}

fn ref_action(action: Option<ReferentialAction>) -> Option<RefAction> {
    action.map(|a| match a {
        ReferentialAction::Restrict => RefAction::Restrict,
        ReferentialAction::Cascade => RefAction::Cascade,
        ReferentialAction::SetNull => RefAction::SetNull,
        ReferentialAction::NoAction => RefAction::NoAction,
        ReferentialAction::SetDefault => RefAction::SetDefault,
    })
}

/// Where a column option or constraint is being applied from: a fence (precise spans) or a
/// column-table cell (the cell's span).
pub(crate) enum Place<'p, 'a> {
    /// Inside a fence.
    Fence(&'p BodyPositions<'a>),
    /// A table cell.
    Cell(Span),
}

impl Place<'_, '_> {
    pub(crate) fn span(&self, span: sqlparser::tokenizer::Span) -> Span {
        match self {
            Place::Fence(pos) => pos.span(span),
            Place::Cell(cell) => *cell,
        }
    }
}

fn sql_text(expr: &Expr, place: &Place<'_, '_>) -> SqlText {
    SqlText {
        text: expr.to_string(),
        span: place.span(expr.span()),
    }
}

/// A type from sqlparser's printed data type; errors become `SF-S020`.
pub(crate) fn column_type(printed: &str, span: Span, diags: &mut Vec<Diagnostic>) -> SqlType {
    match parse_type(printed) {
        Ok(ty) => ty,
        Err(why) => {
            diags.push(
                Diagnostic::new(
                    Code::UnknownType,
                    span,
                    format!("unknown column type `{printed}`: {why}"),
                )
                .with_help("use a PostgreSQL type (integer, bigint, varchar(n), numeric(p,s), text, boolean, uuid, jsonb, timestamptz, …) or a type declared with CREATE TYPE … AS ENUM"),
            );
            SqlType::scalar(BaseType::Text)
        }
    }
}

/// Applies one column option to a column.
pub(crate) fn apply_column_option(
    col: &mut ColumnDef,
    option: &ColumnOption,
    place: &Place<'_, '_>,
    diags: &mut Vec<Diagnostic>,
) {
    let raw = option.span();
    let span = match place {
        Place::Fence(_) if raw == sqlparser::tokenizer::Span::empty() => col.span,
        _ => place.span(raw),
    };
    match option {
        ColumnOption::Null => col.nullable = true,
        ColumnOption::NotNull => col.nullable = false,
        ColumnOption::Default(expr) => col.default = Some(sql_text(expr, place)),
        ColumnOption::PrimaryKey(_) => {
            col.primary_key = true;
            col.nullable = false;
        }
        ColumnOption::Unique(_) => col.unique = true,
        ColumnOption::ForeignKey(fk) => {
            col.references = Some(Reference {
                table: qualified(&fk.foreign_table),
                columns: fk.referred_columns.iter().map(ident_name).collect(),
                on_delete: ref_action(fk.on_delete),
                on_update: ref_action(fk.on_update),
                span,
            });
        }
        ColumnOption::Check(check) => col.checks.push(sql_text(&check.expr, place)),
        ColumnOption::DialectSpecific(tokens) => {
            let text = tokens
                .iter()
                .map(|t| t.to_string())
                .collect::<Vec<_>>()
                .join(" ");
            let upper = text.to_ascii_uppercase();
            if upper == "AUTO_INCREMENT" || upper == "AUTOINCREMENT" {
                col.identity = true;
                diags.push(Diagnostic::new(
                    Code::DialectConverted,
                    span,
                    format!("`{text}` on column `{}` becomes GENERATED BY DEFAULT AS IDENTITY", col.name),
                ));
            } else {
                diags.push(Diagnostic::new(
                    Code::DialectDropped,
                    span,
                    format!("`{text}` on column `{}` has no PostgreSQL equivalent and is left out", col.name),
                ));
            }
        }
        ColumnOption::OnUpdate(expr) => diags.push(
            Diagnostic::new(
                Code::DialectDropped,
                span,
                format!("`ON UPDATE {expr}` on column `{}` has no PostgreSQL equivalent and is left out", col.name),
            )
            .with_help("PostgreSQL needs a BEFORE UPDATE trigger for this"),
        ),
        ColumnOption::Comment(text) => {
            col.comment = Some(text.clone());
            diags.push(Diagnostic::new(
                Code::DialectConverted,
                span,
                format!("the inline comment on column `{}` becomes COMMENT ON COLUMN", col.name),
            ));
        }
        ColumnOption::Identity(_) => col.identity = true,
        ColumnOption::Generated {
            generated_as: GeneratedAs::ByDefault | GeneratedAs::Always,
            generation_expr: None,
            ..
        } => col.identity = true,
        other => diags.push(Diagnostic::new(
            Code::UnsupportedDdl,
            span,
            format!("column option `{other}` on `{}` is not modelled and is left out", col.name),
        )),
    }
}

fn index_keys(columns: &[IndexColumn]) -> Vec<IndexKey> {
    columns
        .iter()
        .map(|c| {
            // `((lower(email)))` as emitted reads back as a nested expression: unwrap it, so
            // an expression key prints the same however often it went through a file.
            let mut key = &c.column.expr;
            while let Expr::Nested(inner) = key {
                key = inner;
            }
            let (expr, is_column) = match key {
                Expr::Identifier(id) => (ident_name(id), true),
                other => (other.to_string(), false),
            };
            IndexKey {
                expr,
                is_column,
                descending: matches!(c.column.options.sort, Some(OrderBySort::Desc)),
            }
        })
        .collect()
}

fn key_columns(columns: &[IndexColumn]) -> Vec<String> {
    index_keys(columns).into_iter().map(|k| k.expr).collect()
}

/// Builds the model from fences, collecting diagnostics.
/// What parsing a fence gave: `None` for an empty fence, else sqlparser's verdict. Parsing
/// is pure, so the fences of a spec are parsed in parallel and applied in order.
pub(crate) type ParsedFence =
    Option<Result<Vec<sqlparser::ast::Statement>, sqlparser::parser::ParserError>>;

/// Parses one fence with its dialect.
pub(crate) fn parse_fence(block: &SqlBlock) -> ParsedFence {
    if block.body.trim().is_empty() {
        return None;
    }
    let dialect = dialect_for(block.dialect);
    Some(Parser::parse_sql(dialect.as_ref(), &block.body))
}

pub(crate) struct DdlBuilder<'m> {
    pub(crate) model: &'m mut SchemaModel,
    pub(crate) diags: &'m mut Vec<Diagnostic>,
}

impl DdlBuilder<'_> {
    /// Reads one fence.
    /// Adds a fence parsed by [`parse_fence`] to the model, reporting a parse failure.
    pub(crate) fn apply_fence(&mut self, block: &SqlBlock, parsed: ParsedFence) {
        let Some(parsed) = parsed else {
            return;
        };
        let pos = BodyPositions::new(&block.body, block.body_offset, block.span);
        let statements = match parsed {
            Ok(statements) => statements,
            Err(_) if !mentions_ddl(&block.body) => {
                // Not schema at all: `postgresql.conf` settings or prose in a `sql` fence
                // (VARIATIONS.md item 12). Say so; it is not a broken schema.
                self.diags.push(
                    Diagnostic::new(
                        Code::StatementSkipped,
                        block.span,
                        format!("the `{}` fence holds no schema DDL (it is not SQL a migration can use); skipped", block.info),
                    )
                    .with_help("tag configuration or other text with its own language, e.g. ```ini"),
                );
                return;
            }
            Err(err) => {
                let message = err.to_string();
                let span = pos.error_span(&message).unwrap_or(block.span);
                let mut d = Diagnostic::new(
                    Code::SqlParseError,
                    span,
                    format!("the `{}` fence does not parse: {message}", block.info),
                )
                .with_help("fix the SQL at the marked position; specforge reads PostgreSQL, MySQL and SQLite DDL");
                if span != block.span {
                    d = d.with_label(block.span, "in this fence");
                }
                self.diags.push(d);
                return;
            }
        };
        if block.role == SqlBlockRole::Down {
            // A Down describes no schema; `plan_migration` checks it against its Up.
            return;
        }
        for statement in &statements {
            self.statement(statement, &pos);
        }
    }

    fn statement(&mut self, statement: &Statement, pos: &BodyPositions<'_>) {
        let span = pos.span(statement.span());
        let place = Place::Fence(pos);
        match statement {
            Statement::CreateTable(ct) => self.create_table(ct, &place, span),
            Statement::CreateIndex(ci) => {
                let Some(table) = Some(qualified(&ci.table_name)) else {
                    return;
                };
                self.model.indexes.push(IndexDef {
                    name: ci.name.as_ref().map(|n| qualified(n).name),
                    table,
                    keys: index_keys(&ci.columns),
                    unique: ci.unique,
                    concurrently: ci.concurrently,
                    method: ci.using.as_ref().map(|u| u.to_string().to_lowercase()),
                    predicate: ci.predicate.as_ref().map(|p| sql_text(p, &place)),
                    span,
                });
                if !ci.include.is_empty() || !ci.with.is_empty() || ci.nulls_distinct.is_some() {
                    self.unsupported(span, "INCLUDE, WITH or NULLS DISTINCT on an index");
                }
            }
            Statement::CreateType {
                name,
                representation: Some(UserDefinedTypeRepresentation::Enum { labels }),
            } => self.model.enums.push(EnumType {
                name: qualified(name),
                labels: labels.iter().map(|l| l.value.clone()).collect(),
                span,
            }),
            Statement::AlterTable(at) => {
                let name = qualified(&at.name);
                for op in &at.operations {
                    self.alter(&name, op, &place, span);
                }
            }
            Statement::Comment {
                object_type,
                object_name,
                comment,
                ..
            } => self.comment(*object_type, object_name, comment.clone(), span),
            Statement::CreateExtension(ext) => self.model.extensions.push(Extension {
                name: ident_name(&ext.name),
                span,
            }),
            Statement::CreateFunction(_) | Statement::CreateTrigger(_) => {
                self.model.verbatim.push(VerbatimStatement {
                    sql: statement.to_string(),
                    span,
                })
            }
            other if self.change_statement(other, span) => {}
            other => {
                let printed = other.to_string();
                let first = printed
                    .split_whitespace()
                    .next()
                    .unwrap_or("")
                    .to_ascii_uppercase();
                if matches!(
                    first.as_str(),
                    "CREATE" | "ALTER" | "DROP" | "GRANT" | "REVOKE"
                ) {
                    self.unsupported(span, &format!("the `{first}` statement"));
                } else {
                    self.diags.push(Diagnostic::new(
                        Code::StatementSkipped,
                        span,
                        format!("`{first}` statement is not schema DDL and is skipped"),
                    ));
                }
            }
        }
    }

    fn unsupported(&mut self, span: Span, what: &str) {
        self.diags.push(Diagnostic::new(
            Code::UnsupportedDdl,
            span,
            format!("{what} is not modelled and is left out of the migration"),
        ));
    }

    fn create_table(
        &mut self,
        ct: &sqlparser::ast::CreateTable,
        place: &Place<'_, '_>,
        span: Span,
    ) {
        let name = qualified(&ct.name);
        let name_span = place.span(ct.name.span());
        if let Some(existing) = self.model.table(&name) {
            self.diags.push(
                Diagnostic::new(
                    Code::DuplicateTable,
                    name_span,
                    format!("table `{name}` is created twice"),
                )
                .with_label(existing.name_span, "first created here"),
            );
            return;
        }
        if ct.temporary
            || ct.query.is_some()
            || ct.like.is_some()
            || ct.inherits.is_some()
            || ct.partition_of.is_some()
        {
            self.unsupported(span, "TEMPORARY, AS SELECT, LIKE, INHERITS or PARTITION OF");
        }
        if !matches!(ct.table_options, CreateTableOptions::None) {
            self.diags.push(Diagnostic::new(
                Code::DialectDropped,
                span,
                format!(
                    "table options `{}` on `{name}` have no PostgreSQL equivalent and are left out",
                    options_text(&ct.table_options)
                ),
            ));
        }
        let mut table = TableDef::new(
            name.clone(),
            name_span,
            TableSource {
                origin: TableOrigin::Ddl,
                span,
            },
        );
        if let Place::Fence(pos) = place {
            table.renamed_from = pos
                .renamed_on_line(span.start, true)
                .map(|old| crate::columns::table_name(&old));
        }
        if let Some(comment) = &ct.comment {
            let text = match comment {
                sqlparser::ast::CommentDef::WithEq(s)
                | sqlparser::ast::CommentDef::WithoutEq(s) => s.clone(),
            };
            table.comment = Some(text);
        }
        for column in &ct.columns {
            let col = self.column(column, place);
            table.columns.push(col);
        }
        for constraint in &ct.constraints {
            self.table_constraint(&mut table, constraint, place, span);
        }
        self.model.tables.push(table);
    }

    pub(crate) fn column(
        &mut self,
        column: &sqlparser::ast::ColumnDef,
        place: &Place<'_, '_>,
    ) -> ColumnDef {
        let col_span = place.span(column.span());
        let type_text = column.data_type.to_string();
        let name_span = place.span(column.name.span);
        let ty = column_type(
            &type_text,
            if col_span.is_empty() {
                name_span
            } else {
                col_span
            },
            self.diags,
        );
        let mut col = ColumnDef {
            name: ident_name(&column.name),
            name_span,
            ty,
            type_span: col_span,
            nullable: true,
            default: None,
            identity: false,
            primary_key: false,
            unique: false,
            references: None,
            fk_unresolved: false,
            checks: Vec::new(),
            comment: None,
            renamed_from: None,
            span: col_span,
        };
        for option in &column.options {
            apply_column_option(&mut col, &option.option, place, self.diags);
        }
        if let Place::Fence(pos) = place {
            col.renamed_from = pos.renamed_on_line(col_span.end, false);
        }
        col
    }

    fn table_constraint(
        &mut self,
        table: &mut TableDef,
        constraint: &TableConstraint,
        place: &Place<'_, '_>,
        stmt: Span,
    ) {
        let span = place.span(constraint.span());
        let span = if span.is_empty() { stmt } else { span };
        match constraint {
            TableConstraint::PrimaryKey(pk) => {
                let columns = key_columns(&pk.columns);
                for c in &mut table.columns {
                    if columns.contains(&c.name) {
                        c.nullable = false;
                    }
                }
                if let Some(existing) = &table.primary_key {
                    self.diags.push(
                        Diagnostic::new(
                            Code::DuplicateObject,
                            span,
                            format!("table `{}` has two primary keys", table.name),
                        )
                        .with_label(existing.span, "first primary key"),
                    );
                }
                table.primary_key = Some(KeyDef {
                    name: pk.name.as_ref().map(ident_name),
                    columns,
                    span,
                });
            }
            TableConstraint::Unique(u) => table.uniques.push(KeyDef {
                name: u.name.as_ref().map(ident_name),
                columns: key_columns(&u.columns),
                span,
            }),
            TableConstraint::ForeignKey(fk) => table.foreign_keys.push(ForeignKeyDef {
                name: fk.name.as_ref().map(ident_name),
                columns: fk.columns.iter().map(ident_name).collect(),
                reference: Reference {
                    table: qualified(&fk.foreign_table),
                    columns: fk.referred_columns.iter().map(ident_name).collect(),
                    on_delete: ref_action(fk.on_delete),
                    on_update: ref_action(fk.on_update),
                    span,
                },
            }),
            TableConstraint::Check(check) => table.checks.push(CheckDef {
                name: check.name.as_ref().map(ident_name),
                expr: sql_text(&check.expr, place),
            }),
            TableConstraint::Index(ix) => {
                let keys = index_keys(&ix.columns);
                let name = ix.name.as_ref().map(ident_name).unwrap_or_else(|| {
                    let cols: Vec<&str> = keys.iter().map(|k| k.expr.as_str()).collect();
                    format!("idx_{}_{}", table.name.name, cols.join("_"))
                });
                self.diags.push(Diagnostic::new(
                    Code::DialectConverted,
                    span,
                    format!(
                        "the inline INDEX in table `{}` becomes CREATE INDEX {name}",
                        table.name
                    ),
                ));
                self.model.indexes.push(IndexDef {
                    name: Some(name),
                    table: table.name.clone(),
                    keys,
                    unique: false,
                    concurrently: false,
                    method: None,
                    predicate: None,
                    span,
                });
            }
            other => self.diags.push(Diagnostic::new(
                Code::DialectDropped,
                span,
                format!("table constraint `{other}` is not modelled and is left out"),
            )),
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

    fn comment(
        &mut self,
        object: CommentObject,
        name: &ObjectName,
        comment: Option<String>,
        span: Span,
    ) {
        let parts: Vec<String> = name_parts(name).into_iter().map(ident_name).collect();
        match object {
            CommentObject::Table => {
                let table = qualified(name);
                match self.model.table_mut(&table) {
                    Some(t) => t.comment = comment,
                    None => self.diags.push(Diagnostic::new(
                        Code::UnknownTable,
                        span,
                        format!("COMMENT ON TABLE names `{table}`, which is not created before it"),
                    )),
                }
            }
            CommentObject::Column if parts.len() >= 2 => {
                let column = parts[parts.len() - 1].clone();
                let table = if parts.len() >= 3 {
                    QualifiedName {
                        schema: Some(parts[parts.len() - 3].clone()),
                        name: parts[parts.len() - 2].clone(),
                    }
                } else {
                    QualifiedName::bare(parts[0].clone())
                };
                let found = self
                    .model
                    .table_mut(&table)
                    .and_then(|t| t.columns.iter_mut().find(|c| c.name == column));
                match found {
                    Some(c) => c.comment = comment,
                    None => self.diags.push(Diagnostic::new(Code::UnknownTable, span, format!("COMMENT ON COLUMN names `{table}.{column}`, which is not created before it"))),
                }
            }
            other => self.unsupported(span, &format!("COMMENT ON {other:?}")),
        }
    }
}

fn options_text(options: &CreateTableOptions) -> String {
    match options {
        CreateTableOptions::None => String::new(),
        CreateTableOptions::With(o)
        | CreateTableOptions::Options(o)
        | CreateTableOptions::Plain(o)
        | CreateTableOptions::TableProperties(o) => o
            .iter()
            .map(|x| x.to_string())
            .collect::<Vec<_>>()
            .join(" "),
    }
}

/// True when text mentions a schema statement (`CREATE`, `ALTER`, `DROP`, `COMMENT ON`) as a
/// word, so a fence that does not parse is a broken schema rather than something else.
fn mentions_ddl(body: &str) -> bool {
    body.split(|c: char| !c.is_ascii_alphabetic()).any(|w| {
        matches!(
            w.to_ascii_uppercase().as_str(),
            "CREATE" | "ALTER" | "DROP" | "COMMENT"
        )
    })
}

#[cfg(test)]
mod fence_tests {
    use super::mentions_ddl;

    #[test]
    fn settings_are_not_ddl() {
        assert!(!mentions_ddl("wal_level = replica\nmax_wal_senders = 10\n"));
        assert!(mentions_ddl("CREATE TABLE t (id int,);"));
        assert!(mentions_ddl("alter table t add column x int"));
    }
}
