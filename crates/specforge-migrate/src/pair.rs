//! An explicit Up/Down pair written in the spec: what the Up creates, what the Down drops, and
//! whether the Down undoes the Up.
//!
//! The Up is read for `CREATE TABLE/TYPE/DOMAIN/INDEX/EXTENSION/SCHEMA/SEQUENCE/VIEW/
//! FUNCTION/TRIGGER` and for `ALTER TABLE … ADD COLUMN/ADD CONSTRAINT`. The Down is read for
//! the matching `DROP …` statements (`IF EXISTS`, several names, `CASCADE` allowed) and
//! `ALTER TABLE … DROP COLUMN/DROP CONSTRAINT`. Dropping a table also drops what lives on it
//! (indexes, triggers, columns, constraints); dropping a schema drops what lives in it.
//!
//! Two kinds of error come out: something the Up creates that the Down leaves behind (at the
//! Down fence, with a label at the `CREATE`), and something the Down drops that the Up did
//! not create (at the `DROP`). Statements of the Down that drop nothing are noted, not checked.

use specforge_model::{Code, Diagnostic, Severity, Span, SqlBlock};
use specforge_schema::dialect_for;
use specforge_schema::model::QualifiedName;
use specforge_schema::name::{ident_name, qualified};
use specforge_schema::position::BodyPositions;
use sqlparser::ast::{
    AlterTableOperation, ObjectName, ObjectType, SchemaName, Spanned as _, Statement,
    TableConstraint, UserDefinedTypeRepresentation,
};
use sqlparser::parser::Parser;
use sqlparser::tokenizer::{Token, Tokenizer};
use std::collections::BTreeSet;

/// What kind of database object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Extension,
    Schema,
    Type,
    Domain,
    Sequence,
    Table,
    View,
    MaterializedView,
    Index,
    Function,
    Trigger,
    Column,
    Constraint,
}

impl Kind {
    fn noun(self) -> &'static str {
        match self {
            Kind::Extension => "extension",
            Kind::Schema => "schema",
            Kind::Type => "type",
            Kind::Domain => "domain",
            Kind::Sequence => "sequence",
            Kind::Table => "table",
            Kind::View => "view",
            Kind::MaterializedView => "materialized view",
            Kind::Index => "index",
            Kind::Function => "function",
            Kind::Trigger => "trigger",
            Kind::Column => "column",
            Kind::Constraint => "constraint",
        }
    }

    /// The statement that would drop it, for the help line.
    fn drop_hint(self, name: &str, table: &str) -> String {
        match self {
            Kind::Column => format!("ALTER TABLE {table} DROP COLUMN IF EXISTS {name};"),
            Kind::Constraint => format!("ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {name};"),
            Kind::Trigger => format!("DROP TRIGGER IF EXISTS {name} ON {table};"),
            other => format!(
                "DROP {} IF EXISTS {name};",
                other.noun().to_ascii_uppercase()
            ),
        }
    }
}

/// A schema-qualified name with the default schema filled in: `(schema, name)`.
type Norm = (String, String);

fn norm(name: &QualifiedName) -> Norm {
    (
        name.schema.clone().unwrap_or_else(|| "public".to_owned()),
        name.name.clone(),
    )
}

/// How an object is matched between Up and Down: its kind, its (schema, name), and for
/// objects that live on a table (columns, constraints, triggers) that table.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Key {
    kind: Kind,
    name: Norm,
    on: Option<Norm>,
}

/// Something the Up creates.
#[derive(Debug, Clone)]
struct Created {
    key: Key,
    /// The table it lives on, so that dropping the table drops it too (indexes as well).
    table: Option<Norm>,
    /// The name as written, for messages.
    shown: String,
    /// The table as written, for messages.
    table_shown: String,
    /// `CREATE TYPE … AS ENUM`.
    is_enum: bool,
    span: Span,
}

impl Created {
    fn what(&self) -> &'static str {
        if self.is_enum {
            "enum type"
        } else {
            self.key.kind.noun()
        }
    }
}

/// Something the Down drops.
#[derive(Debug, Clone)]
struct Dropped {
    key: Key,
    shown: String,
    span: Span,
}

/// What the Up creates, as far as choosing between the pair and generation needs to know.
#[derive(Debug, Clone, Default)]
pub(crate) struct UpObjects {
    tables: BTreeSet<Norm>,
    types: BTreeSet<Norm>,
    indexes: BTreeSet<String>,
}

impl UpObjects {
    /// True when the Up creates this table.
    pub(crate) fn creates_table(&self, name: &QualifiedName) -> bool {
        self.tables.contains(&norm(name))
    }

    /// True when the Up creates an index of this name.
    pub(crate) fn creates_index(&self, name: &str) -> bool {
        self.indexes.contains(name)
    }

    /// True when the Up creates this type.
    pub(crate) fn creates_type(&self, name: &QualifiedName) -> bool {
        self.types.contains(&norm(name))
    }
}

/// The statements of a fence, each with its span in the spec (from the first token to the
/// last before its `;`). sqlparser's own statement spans do not always cover the keyword, so
/// the boundaries come from the tokenizer; when the counts disagree, sqlparser's spans are used.
fn parse(block: &SqlBlock) -> Option<Vec<(Statement, Span)>> {
    let dialect = dialect_for(block.dialect);
    let statements = Parser::parse_sql(dialect.as_ref(), &block.body).ok()?;
    let pos = BodyPositions::new(&block.body, block.body_offset, block.span);
    let mut bounds: Vec<sqlparser::tokenizer::Span> = Vec::new();
    if let Ok(tokens) = Tokenizer::new(dialect.as_ref(), &block.body).tokenize_with_location() {
        let mut current: Option<sqlparser::tokenizer::Span> = None;
        for t in tokens {
            match t.token {
                Token::Whitespace(_) | Token::EOF => {}
                Token::SemiColon => bounds.extend(current.take()),
                _ => {
                    current = Some(match current {
                        Some(c) => sqlparser::tokenizer::Span::new(c.start, t.span.end),
                        None => t.span,
                    });
                }
            }
        }
        bounds.extend(current);
    }
    let spans: Vec<Span> = if bounds.len() == statements.len() {
        bounds.into_iter().map(|b| pos.span(b)).collect()
    } else {
        statements.iter().map(|s| pos.span(s.span())).collect()
    };
    Some(statements.into_iter().zip(spans).collect())
}

fn object_name(name: &ObjectName) -> (QualifiedName, String) {
    let q = qualified(name);
    let shown = q.to_string();
    (q, shown)
}

fn created(kind: Kind, name: &QualifiedName, table: Option<&QualifiedName>, span: Span) -> Created {
    let on = match kind {
        Kind::Column | Kind::Constraint | Kind::Trigger => table.map(norm),
        _ => None,
    };
    let key_name = match (kind, table) {
        // An index lives in its table's schema.
        (Kind::Index, Some(t)) if name.schema.is_none() => QualifiedName {
            schema: t.schema.clone(),
            name: name.name.clone(),
        },
        // Columns, constraints and triggers are named within their table.
        (Kind::Column | Kind::Constraint | Kind::Trigger, _) => {
            QualifiedName::bare(name.name.clone())
        }
        _ => name.clone(),
    };
    Created {
        key: Key {
            kind,
            name: norm(&key_name),
            on,
        },
        table: table.map(norm),
        shown: name.to_string(),
        table_shown: table.map(ToString::to_string).unwrap_or_default(),
        is_enum: false,
        span,
    }
}

fn created_in(statements: &[(Statement, Span)]) -> Vec<Created> {
    let mut out = Vec::new();
    let mut enums: BTreeSet<Norm> = BTreeSet::new();
    let mut push = |kind: Kind, name: &QualifiedName, table: Option<&QualifiedName>, span: Span| {
        out.push(created(kind, name, table, span));
    };
    for (statement, span) in statements {
        let span = *span;
        match statement {
            Statement::CreateTable(ct) => push(Kind::Table, &qualified(&ct.name), None, span),
            Statement::CreateIndex(ci) => {
                if let Some(name) = &ci.name {
                    push(
                        Kind::Index,
                        &qualified(name),
                        Some(&qualified(&ci.table_name)),
                        span,
                    );
                }
            }
            Statement::CreateType {
                name,
                representation,
            } => {
                push(Kind::Type, &qualified(name), None, span);
                if let Some(UserDefinedTypeRepresentation::Enum { .. }) = representation {
                    enums.insert(norm(&qualified(name)));
                }
            }
            Statement::CreateDomain(d) => push(Kind::Domain, &qualified(&d.name), None, span),
            Statement::CreateExtension(e) => push(
                Kind::Extension,
                &QualifiedName::bare(ident_name(&e.name)),
                None,
                span,
            ),
            Statement::CreateSchema {
                schema_name: SchemaName::Simple(name) | SchemaName::NamedAuthorization(name, _),
                ..
            } => {
                let (q, _) = object_name(name);
                push(Kind::Schema, &QualifiedName::bare(q.name), None, span);
            }
            Statement::CreateSequence { name, .. } => {
                push(Kind::Sequence, &qualified(name), None, span)
            }
            Statement::CreateView(v) => push(
                if v.materialized {
                    Kind::MaterializedView
                } else {
                    Kind::View
                },
                &qualified(&v.name),
                None,
                span,
            ),
            Statement::CreateFunction(f) => push(Kind::Function, &qualified(&f.name), None, span),
            Statement::CreateTrigger(t) => push(
                Kind::Trigger,
                &qualified(&t.name),
                Some(&qualified(&t.table_name)),
                span,
            ),
            Statement::AlterTable(at) => {
                let table = qualified(&at.name);
                for op in &at.operations {
                    match op {
                        AlterTableOperation::AddColumn { column_def, .. } => push(
                            Kind::Column,
                            &QualifiedName::bare(ident_name(&column_def.name)),
                            Some(&table),
                            span,
                        ),
                        AlterTableOperation::AddConstraint { constraint, .. } => {
                            if let Some(name) = constraint_name(constraint) {
                                push(
                                    Kind::Constraint,
                                    &QualifiedName::bare(name),
                                    Some(&table),
                                    span,
                                );
                            }
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    for c in &mut out {
        c.is_enum = c.key.kind == Kind::Type && enums.contains(&c.key.name);
    }
    out
}

fn constraint_name(constraint: &TableConstraint) -> Option<String> {
    let name = match constraint {
        TableConstraint::PrimaryKey(c) => c.name.as_ref(),
        TableConstraint::Unique(c) => c.name.as_ref(),
        TableConstraint::ForeignKey(c) => c.name.as_ref(),
        TableConstraint::Check(c) => c.name.as_ref(),
        _ => None,
    };
    name.map(ident_name)
}

/// The drops of the Down; statements that drop nothing are noted in `diags`.
fn dropped_in(statements: &[(Statement, Span)], diags: &mut Vec<Diagnostic>) -> Vec<Dropped> {
    let mut out = Vec::new();
    let mut push = |kind: Kind, name: QualifiedName, on: Option<&QualifiedName>, span: Span| {
        let shown = match on {
            Some(t) => format!("{t}.{}", name.name),
            None => name.to_string(),
        };
        out.push(Dropped {
            key: Key {
                kind,
                name: norm(&name),
                on: on.map(norm),
            },
            shown,
            span,
        });
    };
    for (statement, span) in statements {
        let span = *span;
        match statement {
            Statement::Drop {
                object_type, names, ..
            } => {
                let kind = match object_type {
                    ObjectType::Table => Some(Kind::Table),
                    ObjectType::View => Some(Kind::View),
                    ObjectType::MaterializedView => Some(Kind::MaterializedView),
                    ObjectType::Index => Some(Kind::Index),
                    ObjectType::Schema => Some(Kind::Schema),
                    ObjectType::Sequence => Some(Kind::Sequence),
                    ObjectType::Type => Some(Kind::Type),
                    _ => None,
                };
                match kind {
                    Some(Kind::Schema) => {
                        for n in names {
                            push(
                                Kind::Schema,
                                QualifiedName::bare(qualified(n).name),
                                None,
                                span,
                            );
                        }
                    }
                    Some(kind) => {
                        for n in names {
                            push(kind, qualified(n), None, span);
                        }
                    }
                    None => diags.push(Diagnostic::new(
                        Code::DownMigrationDropsUnknown,
                        span,
                        format!(
                            "the down migration drops a {}, which the up migration does not create",
                            object_type.to_string().to_lowercase()
                        ),
                    )),
                }
            }
            Statement::DropFunction(df) => {
                for f in &df.func_desc {
                    push(Kind::Function, qualified(&f.name), None, span);
                }
            }
            Statement::DropExtension(de) => {
                for n in &de.names {
                    push(
                        Kind::Extension,
                        QualifiedName::bare(ident_name(n)),
                        None,
                        span,
                    );
                }
            }
            Statement::DropDomain(dd) => push(Kind::Domain, qualified(&dd.name), None, span),
            Statement::DropTrigger(dt) => {
                let table = dt.table_name.as_ref().map(qualified);
                push(
                    Kind::Trigger,
                    QualifiedName::bare(qualified(&dt.trigger_name).name),
                    table.as_ref(),
                    span,
                );
            }
            Statement::AlterTable(at) => {
                let table = qualified(&at.name);
                for op in &at.operations {
                    match op {
                        AlterTableOperation::DropColumn { column_names, .. } => {
                            for c in column_names {
                                push(
                                    Kind::Column,
                                    QualifiedName::bare(ident_name(c)),
                                    Some(&table),
                                    span,
                                );
                            }
                        }
                        AlterTableOperation::DropConstraint { name, .. } => push(
                            Kind::Constraint,
                            QualifiedName::bare(ident_name(name)),
                            Some(&table),
                            span,
                        ),
                        other => diags.push(not_checked(span, &format!("ALTER TABLE … {other}"))),
                    }
                }
            }
            other => {
                let printed = other.to_string();
                let first = printed.split_whitespace().next().unwrap_or("").to_owned();
                diags.push(not_checked(span, &first));
            }
        }
    }
    out
}

fn not_checked(span: Span, what: &str) -> Diagnostic {
    let mut d = Diagnostic::new(
        Code::StatementSkipped,
        span,
        format!(
            "`{what}` in the down migration drops nothing and is not checked against the up migration"
        ),
    );
    d.severity = Severity::Note;
    d
}

/// Checks that `down` undoes `up`. Returns what the Up creates, or `None` when either fence
/// does not parse (that error is already reported by [`specforge_schema::build_schema`]).
pub(crate) fn check_pair(
    up: &SqlBlock,
    down: &SqlBlock,
    diags: &mut Vec<Diagnostic>,
) -> Option<UpObjects> {
    let up_statements = parse(up)?;
    let down_statements = parse(down)?;
    let created = created_in(&up_statements);
    let dropped = dropped_in(&down_statements, diags);

    let dropped_keys: BTreeSet<&Key> = dropped.iter().map(|d| &d.key).collect();
    let dropped_tables: BTreeSet<&Norm> = dropped
        .iter()
        .filter(|d| d.key.kind == Kind::Table)
        .map(|d| &d.key.name)
        .collect();
    let dropped_schemas: BTreeSet<&str> = dropped
        .iter()
        .filter(|d| d.key.kind == Kind::Schema)
        .map(|d| d.key.name.1.as_str())
        .collect();
    let trigger_drops_without_table: BTreeSet<&Norm> = dropped
        .iter()
        .filter(|d| d.key.kind == Kind::Trigger && d.key.on.is_none())
        .map(|d| &d.key.name)
        .collect();

    for c in &created {
        let in_dropped_schema = dropped_schemas.contains(c.key.name.0.as_str())
            || c.table
                .as_ref()
                .is_some_and(|t| dropped_schemas.contains(t.0.as_str()));
        let covered = dropped_keys.contains(&c.key)
            || c.table.as_ref().is_some_and(|t| dropped_tables.contains(t))
            || (c.key.kind == Kind::Trigger && trigger_drops_without_table.contains(&c.key.name))
            || (c.key.kind != Kind::Schema && c.key.kind != Kind::Extension && in_dropped_schema);
        if covered {
            continue;
        }
        let what = c.what();
        let place = if c.table_shown.is_empty() || c.key.kind == Kind::Index {
            format!("{what} `{}`", c.shown)
        } else {
            format!("{what} `{}` on `{}`", c.shown, c.table_shown)
        };
        diags.push(
            Diagnostic::new(
                Code::DownMigrationIncomplete,
                down.span,
                format!("the down migration leaves {place} behind"),
            )
            .with_label(c.span, format!("{what} `{}` is created here", c.shown))
            .with_help(format!(
                "drop it in the down migration: `{}`",
                c.key.kind.drop_hint(&c.shown, &c.table_shown)
            )),
        );
    }

    let created_keys: BTreeSet<&Key> = created.iter().map(|c| &c.key).collect();
    let created_tables: BTreeSet<&Norm> = created
        .iter()
        .filter(|c| c.key.kind == Kind::Table)
        .map(|c| &c.key.name)
        .collect();
    let created_triggers: BTreeSet<&Norm> = created
        .iter()
        .filter(|c| c.key.kind == Kind::Trigger)
        .map(|c| &c.key.name)
        .collect();
    for d in &dropped {
        let known = created_keys.contains(&d.key)
            || d.key
                .on
                .as_ref()
                .is_some_and(|t| created_tables.contains(t))
            || (d.key.kind == Kind::Trigger
                && d.key.on.is_none()
                && created_triggers.contains(&d.key.name));
        if !known {
            diags.push(
                Diagnostic::new(
                    Code::DownMigrationDropsUnknown,
                    d.span,
                    format!(
                        "the down migration drops {} `{}`, which the up migration does not create",
                        d.key.kind.noun(),
                        d.shown
                    ),
                )
                .with_label(up.span, "the up migration")
                .with_help("a down migration undoes its up migration and nothing else"),
            );
        }
    }

    let mut objects = UpObjects::default();
    for c in &created {
        match c.key.kind {
            Kind::Table => {
                objects.tables.insert(c.key.name.clone());
            }
            Kind::Type => {
                objects.types.insert(c.key.name.clone());
            }
            Kind::Index => {
                objects.indexes.insert(c.key.name.1.clone());
            }
            _ => {}
        }
    }
    Some(objects)
}
