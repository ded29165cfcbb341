//! A fence's SQL: parsed with its dialect (in parallel, it is pure), then each statement
//! dispatched in the spec's order to the readers of [`crate::ddl`] (CREATE) and
//! [`crate::alter`] (ALTER, DROP, RENAME).

use crate::ddl::{DdlBuilder, Place};
use crate::model::{Extension, SchemaDef, VerbatimStatement};
use crate::name::{ident_name, qualified};
use crate::position::BodyPositions;
use specforge_model::SqlDialect;
use specforge_model::{Code, Diagnostic, SqlBlock, SqlBlockRole};
use sqlparser::ast::{SchemaName, Spanned, Statement, UserDefinedTypeRepresentation};
use sqlparser::dialect::{Dialect, MySqlDialect, PostgreSqlDialect, SQLiteDialect};

/// The sqlparser dialect for a fence's dialect.
pub fn dialect_for(dialect: SqlDialect) -> Box<dyn Dialect> {
    match dialect {
        SqlDialect::Postgres => Box::new(PostgreSqlDialect {}),
        SqlDialect::MySql => Box::new(MySqlDialect {}),
        SqlDialect::Sqlite => Box::new(SQLiteDialect {}),
    }
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
    Some(crate::dialect::parse_fence_sql(block))
}

impl DdlBuilder<'_> {
    /// Reads one fence.
    /// Adds a fence parsed by [`parse_fence`] to the model, reporting a parse failure.
    pub(crate) fn apply_fence(&mut self, block: &SqlBlock, parsed: ParsedFence) {
        let Some(parsed) = parsed else {
            return;
        };
        let mut pos = BodyPositions::new(&block.body, block.body_offset, block.span);
        pos.dialect = block.dialect;
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
            Statement::CreateSchema {
                schema_name: SchemaName::Simple(name) | SchemaName::NamedAuthorization(name, _),
                if_not_exists,
                ..
            } => self.model.schemas.push(SchemaDef {
                name: qualified(name).name,
                if_not_exists: *if_not_exists,
                span,
            }),
            Statement::CreateIndex(ci) => self.create_index(ci, &place, span),
            Statement::CreateType {
                name,
                representation: Some(UserDefinedTypeRepresentation::Enum { labels }),
            } => self.create_enum(name, labels, span),
            Statement::CreateType {
                name,
                representation: Some(UserDefinedTypeRepresentation::Composite { attributes }),
            } => self.create_composite(name, attributes, span),
            Statement::CreateDomain(domain) => self.create_domain(domain, span),
            Statement::AlterTable(at) => self.alter_table(at, &place, span),
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
