//! A fence's SQL: parsed with its dialect (in parallel, it is pure), then each statement
//! dispatched in the spec's order to the readers of [`crate::ddl`] (CREATE) and
//! [`crate::alter`] (ALTER, DROP, RENAME).

use crate::ddl::{DdlBuilder, Place};
use crate::model::{Extension, SchemaDef};
use crate::name::{ident_name, qualified};
use crate::position::BodyPositions;
use crate::split::{DoBlock, Piece, first_word, parse_do, split_statements, starts_with_do};
use specforge_model::SqlDialect;
use specforge_model::{Code, Diagnostic, Span, SqlBlock, SqlBlockRole};
use sqlparser::ast::{SchemaName, Spanned, Statement, UserDefinedTypeRepresentation};
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

/// One statement of a fence and what reading it gave.
pub(crate) struct ParsedPiece {
    piece: Piece,
    parsed: Parsed,
}

/// What reading one statement gave.
enum Parsed {
    /// sqlparser's statements (one, as a rule).
    Statements(Vec<Statement>),
    /// A `DO` block (which sqlparser does not read).
    Do(DoBlock),
    /// The parser's message.
    Failed(String),
}

/// What parsing a fence gave: `None` for an empty fence, else each statement's verdict.
/// Parsing is pure, so the fences of a spec are parsed in parallel and applied in order.
pub(crate) type ParsedFence = Option<Vec<ParsedPiece>>;

/// Parses one fence with its dialect, statement by statement ([`split_statements`]), so a
/// statement the parser cannot read costs only itself.
pub(crate) fn parse_fence(block: &SqlBlock) -> ParsedFence {
    if block.body.trim().is_empty() {
        return None;
    }
    let dialect = dialect_for(block.dialect);
    let pieces = split_statements(&block.body, block.dialect)
        .into_iter()
        .map(|piece| {
            let code = &block.body[piece.code..piece.end];
            let parsed = if block.dialect == SqlDialect::Postgres && starts_with_do(code) {
                parse_do(code).map_or_else(Parsed::Failed, Parsed::Do)
            } else {
                // From the piece's start, so that its comments (`-- renamed from`) come along.
                crate::dialect::parse_statement_sql(
                    block.dialect,
                    dialect.as_ref(),
                    &block.body[piece.start..piece.end],
                )
                .map_or_else(|e| Parsed::Failed(e.to_string()), Parsed::Statements)
            };
            ParsedPiece { piece, parsed }
        })
        .collect();
    Some(pieces)
}

/// The extensions a parsed fence creates.
pub(crate) fn created_extensions(parsed: &ParsedFence) -> Vec<String> {
    parsed
        .iter()
        .flatten()
        .filter_map(|p| match &p.parsed {
            Parsed::Statements(s) => Some(s),
            _ => None,
        })
        .flatten()
        .filter_map(|s| match s {
            Statement::CreateExtension(ext) => Some(ident_name(&ext.name)),
            _ => None,
        })
        .collect()
}

/// Checks that generated SQL reads back statement by statement, as the fences are read (a
/// post-condition of the emitters): sqlparser for every statement, the `DO` grammar for `DO`.
pub fn check_postgres(sql: &str) -> Result<(), String> {
    let dialect = PostgreSqlDialect {};
    for piece in split_statements(sql, SqlDialect::Postgres) {
        let code = &sql[piece.code..piece.end];
        if starts_with_do(code) {
            parse_do(code)?;
        } else {
            Parser::parse_sql(&dialect, &sql[piece.start..piece.end]).map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

impl DdlBuilder<'_> {
    /// Adds a fence parsed by [`parse_fence`] to the model, statement by statement; a
    /// statement that does not parse is an error at its position (a note when it is not SQL
    /// schema at all), and the others are still read.
    pub(crate) fn apply_fence(&mut self, block: &SqlBlock, parsed: ParsedFence) {
        let Some(pieces) = parsed else {
            return;
        };
        let failed = |p: &ParsedPiece| matches!(p.parsed, Parsed::Failed(_));
        if pieces.iter().all(failed) && !mentions_ddl(&block.body) {
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
        for p in pieces {
            let body = &block.body[p.piece.start..p.piece.end];
            let code = block.body[p.piece.code..p.piece.end].trim_end();
            let code_span = Span::new(
                block.body_offset + p.piece.code,
                block.body_offset + p.piece.code + code.len(),
            );
            let mut pos = BodyPositions::new(body, block.body_offset + p.piece.start, code_span);
            pos.dialect = block.dialect;
            match p.parsed {
                Parsed::Failed(message) => self.failed(block, code, &message, &pos, code_span),
                // A Down describes no schema; `plan_migration` checks it against its Up.
                _ if block.role == SqlBlockRole::Down => {}
                Parsed::Do(d) => self
                    .model
                    .carried
                    .push(crate::carry::do_block(&d, code_span)),
                Parsed::Statements(statements) => {
                    for statement in &statements {
                        self.statement(statement, &pos);
                    }
                }
            }
        }
    }

    /// A statement that does not parse: an error when it is schema SQL, a note when it is
    /// something else (code of another language, settings), a warning when it needs an
    /// extension the spec does not create (it could not run anyway).
    fn failed(
        &mut self,
        block: &SqlBlock,
        code: &str,
        message: &str,
        pos: &BodyPositions<'_>,
        span: Span,
    ) {
        let word = first_word(code);
        if let Some(ext) = crate::carry::needs_extension(code)
            && !self.extensions.iter().any(|e| e == ext)
        {
            self.extension_missing(span, &word, ext);
            return;
        }
        if !SCHEMA_WORDS.contains(&word.as_str()) {
            self.diags.push(
                Diagnostic::new(
                    Code::StatementSkipped,
                    span,
                    format!("this statement of the `{}` fence is not SQL schema (it starts with `{}`); skipped", block.info, code.split_whitespace().next().unwrap_or("")),
                )
                .with_help("keep other languages out of SQL fences"),
            );
            return;
        }
        let at = pos.error_span(message).unwrap_or(span);
        // sqlparser's ` at Line: …, Column: …` counts from the statement: the span says where.
        let message = message
            .rfind(" at Line: ")
            .map_or(message, |i| &message[..i]);
        let mut d = Diagnostic::new(
            Code::SqlParseError,
            at,
            format!("a statement of the `{}` fence does not parse: {message}", block.info),
        )
        .with_help("fix the SQL at the marked position; specforge reads PostgreSQL, MySQL and SQLite DDL; the fence's other statements are still read");
        if at != span {
            d = d.with_label(span, "in this statement");
        }
        self.diags.push(d);
    }

    /// A statement needing an extension the spec does not create is left out (a warning).
    pub(crate) fn extension_missing(&mut self, span: Span, word: &str, ext: &str) {
        self.diags.push(
            Diagnostic::new(
                Code::ExtensionMissing,
                span,
                format!("this `{word}` statement needs the `{ext}` extension, which the spec does not create; it is left out of the migration"),
            )
            .with_help(format!("add `CREATE EXTENSION IF NOT EXISTS {ext};` to the spec's SQL to carry it")),
        );
    }

    /// A carried statement: kept, or left out when it needs an extension the spec lacks.
    fn carry(&mut self, carried: crate::model::CarriedStatement, word: &str) {
        if let Some(ext) = &carried.needs_extension
            && !self.extensions.iter().any(|e| e == ext)
        {
            let ext = ext.clone();
            self.extension_missing(carried.span, word, &ext);
            return;
        }
        self.model.carried.push(carried);
    }

    pub(crate) fn statement(&mut self, statement: &Statement, pos: &BodyPositions<'_>) {
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
            Statement::Comment {
                object_type,
                object_name,
                comment,
                ..
            } if matches!(
                object_type,
                sqlparser::ast::CommentObject::Table | sqlparser::ast::CommentObject::Column
            ) =>
            {
                if let Some(waiting) = &mut self.waiting
                    && self
                        .model
                        .table(&comment_table(*object_type, object_name))
                        .is_none()
                {
                    // The table may be defined further on: read the comment once it is.
                    let (start, end) = pos.range();
                    waiting.push(crate::ddl::Waiting {
                        block: self.block,
                        start,
                        end,
                        span,
                        statement: statement.clone(),
                    });
                    return;
                }
                self.comment(*object_type, object_name, comment.clone(), span)
            }
            Statement::CreateExtension(ext) => self.model.extensions.push(Extension {
                name: ident_name(&ext.name),
                span,
            }),
            Statement::AlterTable(at) if !crate::carry::is_row_security(at) => {
                self.alter_table(at, &place, span)
            }
            other if self.change_statement(other, span) => {}
            other if let Some(carried) = crate::carry::carry(other, span) => {
                let word = first_word(&carried.up);
                self.carry(carried, &word);
            }
            other => {
                let printed = other.to_string();
                let first = printed
                    .split_whitespace()
                    .next()
                    .unwrap_or("")
                    .to_ascii_uppercase();
                if matches!(first.as_str(), "CREATE" | "ALTER" | "DROP") {
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

/// The table a `COMMENT ON TABLE t` or `COMMENT ON COLUMN [s.]t.c` is about.
fn comment_table(
    object: sqlparser::ast::CommentObject,
    name: &sqlparser::ast::ObjectName,
) -> crate::model::QualifiedName {
    let parts: Vec<String> = crate::name::name_parts(name)
        .into_iter()
        .map(ident_name)
        .collect();
    match (object, parts.len()) {
        (sqlparser::ast::CommentObject::Column, n) if n >= 3 => crate::model::QualifiedName {
            schema: Some(parts[n - 3].clone()),
            name: parts[n - 2].clone(),
        },
        (sqlparser::ast::CommentObject::Column, _) => {
            crate::model::QualifiedName::bare(parts.first().cloned().unwrap_or_default())
        }
        _ => qualified(name),
    }
}

/// The first words of statements that are schema SQL: one of them that does not parse is an
/// error; anything else that does not parse is not SQL schema (a note).
const SCHEMA_WORDS: &[&str] = &[
    "CREATE", "ALTER", "DROP", "COMMENT", "GRANT", "REVOKE", "DO",
];

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
