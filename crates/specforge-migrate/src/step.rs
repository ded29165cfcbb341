//! The next migration: from the schema the applied migrations produce to the schema a revised
//! spec describes, as Atlas `migrate diff` and sqldef plan it, with safety lints modelled on
//! Atlas and squawk.
//!
//! [`plan_step`] first applies the renames the spec declares (`renamed from x`), so a renamed
//! table or column is `RENAME`d, never dropped and re-added. It then compares object by object
//! (extensions, enum types, tables, columns, constraints by what they enforce, indexes by name,
//! comments, kept in step only when the applied schema carries comments at all: a schema
//! first created by a spec's hand-written Up without `COMMENT ON` stays without them) and
//! writes the statements in an order PostgreSQL accepts. An index on a table
//! that already exists goes into a second migration of its own as `CREATE INDEX
//! CONCURRENTLY`, because that cannot run inside a transaction. The down migration is the same
//! comparison run backwards, then the renames undone.
//!
//! Finally the plan proves itself: the up SQL is applied to the old schema through
//! [`crate::replay`], and the result must compare equal to the revised schema
//! ([`Code::PlanSelfCheck`] otherwise).

use crate::emit::{
    DeferredKey, column_head, columns_list, create_index, create_table, table_order,
};
use crate::replay::{AppliedMigration, replay_onto};
use specforge_model::{Allow, Code, Diagnostic, Span};
use specforge_schema::apply::{rename_column, rename_table};
use specforge_schema::ident::{quote_ident, quote_literal, quote_qualified};
use specforge_schema::model::{EnumType, IndexDef, QualifiedName, SchemaModel, TableDef};
use specforge_schema::names::{Constraint, ConstraintKind, constraints, references_clause};
use specforge_schema::types::{BaseType, SqlType};

/// One change the next migration makes, in words (`rename column orders.total_cents to
/// amount_cents`), and where the revised spec describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaChange {
    /// What changes.
    pub summary: String,
    /// Where the spec says so (the default span for what the spec no longer has).
    pub span: Span,
}

/// The planned migration.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Step {
    /// The up SQL of the main migration (runs in a transaction).
    pub up: String,
    /// Its down SQL.
    pub down: String,
    /// Indexes on tables that already exist, each built `CONCURRENTLY` in a migration of its
    /// own after the main one (one statement per file, outside a transaction, so every
    /// migration tool can run it).
    pub concurrent: Vec<ConcurrentIndex>,
    /// What changes, in order.
    pub changes: Vec<SchemaChange>,
    /// Safety findings (`SF-M…`), after the spec's `specforge-allow` comments.
    pub lints: Vec<Diagnostic>,
}

/// One index built concurrently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConcurrentIndex {
    /// The index name.
    pub name: String,
    /// `CREATE INDEX CONCURRENTLY …;`
    pub up: String,
    /// `DROP INDEX IF EXISTS …;` (sqlparser does not read `DROP INDEX CONCURRENTLY`, and a
    /// down migration is not the place for a long-running build anyway)
    pub down: String,
}

impl Step {
    /// True when the revised spec changes nothing in the database.
    pub fn is_empty(&self) -> bool {
        self.up.trim().is_empty() && self.concurrent.is_empty()
    }
}

/// Plans the migration from `old` (what the applied migrations produce) to `new` (the revised
/// spec's schema). `allows` are the spec's `specforge-allow` comments: a lint is silenced by
/// one of its code that covers its span; a dropped table (which the spec no longer shows) only
/// by one whose reason names it, and a dropped column by either.
pub fn plan_step(old: &SchemaModel, new: &SchemaModel, allows: &[Allow]) -> Step {
    let mut step = Step::default();
    let mut lints = Vec::new();
    let mut cur = old.clone();
    let mut rename_up = Vec::new();
    let mut rename_down = Vec::new();
    declared_renames(
        &mut cur,
        new,
        &mut rename_up,
        &mut rename_down,
        &mut step.changes,
        &mut lints,
    );
    // The concurrently built indexes are not part of the main migration: `mid` is the schema
    // between the two.
    let documented = has_comments(old);
    let forward = compare(
        &cur,
        new,
        Direction::Up,
        documented,
        &mut step.changes,
        &mut lints,
        allows,
    );
    let mut mid = new.clone();
    mid.indexes
        .retain(|ix| !forward.concurrent.iter().any(|c| c.name == ix.name));
    let backward = compare(
        &mid,
        &cur,
        Direction::Down,
        documented,
        &mut Vec::new(),
        &mut Vec::new(),
        &[],
    );

    let mut up = rename_up;
    up.extend(forward.statements);
    let mut down = backward.statements;
    down.extend(rename_down.into_iter().rev());
    step.up = join(&up);
    step.down = join(&down);
    step.concurrent = forward
        .concurrent
        .iter()
        .filter_map(|ix| {
            let name = ix.name.clone()?;
            Some(ConcurrentIndex {
                up: create_index(ix, true)? + "\n",
                down: format!("DROP INDEX IF EXISTS {};\n", index_name(ix, &name)),
                name,
            })
        })
        .collect();
    new_values_used_at_once(old, new, &mut lints);
    assumed_changes_not_planned(old, new, &mut lints);
    lints.retain(|d| !allowed(d, allows));
    if !lints.iter().any(|d| d.code == Code::ChangeNotPlanned) {
        self_check(old, new, documented, &step, &mut lints);
    }
    step.lints = lints;
    step
}

/// What a spec adds to a table it does not create is not planned by revision: a revision
/// that changes it is an error (write that migration by hand), never a silent no-op.
fn assumed_changes_not_planned(old: &SchemaModel, new: &SchemaModel, lints: &mut Vec<Diagnostic>) {
    let added = |m: &SchemaModel, name: &specforge_schema::QualifiedName| -> Vec<String> {
        m.assumed_table(name)
            .map(|t| {
                let mut v: Vec<String> = t
                    .added
                    .columns
                    .iter()
                    .map(|c| format!("column {}", c.name))
                    .collect();
                v.extend(
                    specforge_schema::constraints(&t.added)
                        .into_iter()
                        .map(|c| format!("constraint {}", c.name)),
                );
                v.sort();
                v
            })
            .unwrap_or_default()
    };
    let names = (old.assumed.iter().map(|t| (&t.name, t.span, false)))
        .chain(new.assumed.iter().map(|t| (&t.name, t.span, true)));
    let mut seen: Vec<&specforge_schema::QualifiedName> = Vec::new();
    for (name, span, in_new) in names {
        if seen.iter().any(|n| n.same_as(name)) {
            continue;
        }
        seen.push(name);
        if added(old, name) != added(new, name) {
            lints.push(
                Diagnostic::new(
                    Code::ChangeNotPlanned,
                    if in_new { span } else { Span::default() },
                    format!("the revision changes what the spec adds to `{name}`, a table it does not create; such changes are not planned"),
                )
                .with_help("write this migration by hand, or define the table in the spec"),
            );
        }
    }
}

/// PostgreSQL cannot use an enum value added in the same transaction (`unsafe use of new
/// value`): a default, check or index predicate of the revised schema that names a value
/// this migration adds would fail there.
fn new_values_used_at_once(old: &SchemaModel, new: &SchemaModel, lints: &mut Vec<Diagnostic>) {
    for e in &new.enums {
        // A new or recreated type is committed with all its values before they are used.
        let Some(before) = old.enum_type(&e.name).filter(|b| values_only_added(b, e)) else {
            continue;
        };
        for label in e.labels.iter().filter(|l| !before.labels.contains(l)) {
            let literal = quote_literal(label);
            let mentions = |text: &str| text.contains(&literal);
            let used = new.tables.iter().any(|t| {
                t.checks.iter().any(|c| mentions(&c.expr.text))
                    || t.columns.iter().any(|c| {
                        c.default.as_ref().is_some_and(|d| mentions(&d.text))
                            || c.checks.iter().any(|k| mentions(&k.text))
                    })
            }) || new
                .indexes
                .iter()
                .any(|ix| ix.predicate.as_ref().is_some_and(|p| mentions(&p.text)));
            if used {
                lints.push(
                    Diagnostic::new(
                        Code::ChangeNotPlanned,
                        e.span,
                        format!("the new enum value {literal} is used by the same migration that adds it; PostgreSQL cannot use a value added in the same transaction"),
                    )
                    .with_help("add the value in one revision and use it (default, check) in the next"),
                );
            }
        }
    }
}

/// True when any table or column of `model` has a comment.
fn has_comments(model: &SchemaModel) -> bool {
    model
        .tables
        .iter()
        .any(|t| t.comment.is_some() || t.columns.iter().any(|c| c.comment.is_some()))
}

fn join(statements: &[String]) -> String {
    let mut out = String::new();
    for s in statements {
        out.push_str(s);
        out.push('\n');
    }
    out
}

/// True when an allow comment of its code covers `d`. A dropped table is not in the revised
/// spec, so no comment can stand before it: only one naming it counts ([`Ctx::dropped`]).
fn allowed(d: &Diagnostic, allows: &[Allow]) -> bool {
    d.code != Code::TableDropped && allows.iter().any(|a| a.silences(d.code, d.span))
}

/// True when `text` mentions `name` (`orders.note` also as `note` after `orders`) as a word.
fn names_word(text: &str, name: &str) -> bool {
    let words: Vec<&str> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
        .map(|w| w.trim_end_matches('.'))
        .collect();
    words.contains(&name)
        || name.rsplit_once('.').is_some_and(|(_, column)| {
            words.contains(&column) && words.iter().any(|w| name.starts_with(&format!("{w}.")))
        })
}

fn declared_renames(
    cur: &mut SchemaModel,
    new: &SchemaModel,
    up: &mut Vec<String>,
    down: &mut Vec<String>,
    changes: &mut Vec<SchemaChange>,
    lints: &mut Vec<Diagnostic>,
) {
    for table in &new.tables {
        let Some(from) = &table.renamed_from else {
            continue;
        };
        let from = QualifiedName {
            schema: from.schema.clone().or_else(|| table.name.schema.clone()),
            name: from.name.clone(),
        };
        if cur.table(&table.name).is_some() {
            if cur.table(&from).is_some() && !from.same_as(&table.name) {
                lints.push(both_exist(
                    table.name_span,
                    &format!("table `{from}`"),
                    &table.name.to_string(),
                ));
            }
            continue; // already renamed by an earlier migration
        }
        if from.schema.as_deref().unwrap_or("public")
            != table.name.schema.as_deref().unwrap_or("public")
        {
            lints.push(
                Diagnostic::new(
                    Code::ChangeNotPlanned,
                    table.name_span,
                    format!("`{}` is declared renamed from `{from}` in another schema; specforge does not plan moves between schemas", table.name),
                )
                .with_help("write `ALTER TABLE … SET SCHEMA …` by hand in a migration of its own"),
            );
            continue;
        }
        if cur.table(&from).is_none() {
            lints.push(rename_missing(
                table.name_span,
                &format!("table `{from}`"),
                &table.name.to_string(),
            ));
            continue;
        }
        rename_table(cur, &from, &table.name.name);
        up.push(format!(
            "ALTER TABLE {} RENAME TO {};",
            quote_qualified(&from),
            quote_ident(&table.name.name)
        ));
        down.push(format!(
            "ALTER TABLE {} RENAME TO {};",
            quote_qualified(&table.name),
            quote_ident(&from.name)
        ));
        changes.push(SchemaChange {
            summary: format!("rename table `{from}` to `{}`", table.name),
            span: table.name_span,
        });
    }
    for table in &new.tables {
        for col in &table.columns {
            let Some(from) = &col.renamed_from else {
                continue;
            };
            let Some(existing) = cur.table(&table.name) else {
                continue; // a new table: nothing to rename
            };
            if existing.column(&col.name).is_some() {
                if existing.column(from).is_some() && from != &col.name {
                    lints.push(both_exist(
                        col.name_span,
                        &format!("column `{}.{from}`", table.name),
                        &col.name,
                    ));
                }
                continue;
            }
            if existing.column(from).is_none() {
                lints.push(rename_missing(
                    col.name_span,
                    &format!("column `{}.{from}`", table.name),
                    &col.name,
                ));
                continue;
            }
            rename_column(cur, &table.name, from, &col.name);
            up.push(format!(
                "ALTER TABLE {} RENAME COLUMN {} TO {};",
                quote_qualified(&table.name),
                quote_ident(from),
                quote_ident(&col.name)
            ));
            down.push(format!(
                "ALTER TABLE {} RENAME COLUMN {} TO {};",
                quote_qualified(&table.name),
                quote_ident(&col.name),
                quote_ident(from)
            ));
            changes.push(SchemaChange {
                summary: format!("rename column `{}.{from}` to `{}`", table.name, col.name),
                span: col.name_span,
            });
        }
    }
}

fn both_exist(span: Span, old: &str, new: &str) -> Diagnostic {
    Diagnostic::new(
        Code::ChangeNotPlanned,
        span,
        format!("`{new}` is declared renamed from {old}, but the applied schema has both; a rename onto an existing name is not planned"),
    )
    .with_help("drop or rename the existing one in an earlier revision, or remove the `renamed from`")
}

fn rename_missing(span: Span, old: &str, new: &str) -> Diagnostic {
    Diagnostic::new(
        Code::RenameSourceMissing,
        span,
        format!("`{new}` is declared renamed from {old}, which the applied migrations do not create; it is created as new"),
    )
    .with_help("fix the old name, or remove the `renamed from` once the rename has shipped")
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    /// The forward migration: lints, changes, concurrent indexes.
    Up,
    /// Undoing it: plain statements only.
    Down,
}

/// Statements from `from` to `to`, and the indexes to build concurrently.
struct Compared {
    statements: Vec<String>,
    concurrent: Vec<IndexDef>,
}

struct Ctx<'a> {
    from: &'a SchemaModel,
    to: &'a SchemaModel,
    dir: Direction,
    changes: &'a mut Vec<SchemaChange>,
    lints: &'a mut Vec<Diagnostic>,
    /// The revised spec's allow comments (for what it no longer describes, matched by name).
    allows: &'a [Allow],
    /// Where to point findings about what the revised spec no longer describes.
    anchor: Span,
}

impl Ctx<'_> {
    fn change(&mut self, span: Span, summary: String) {
        if self.dir == Direction::Up {
            self.changes.push(SchemaChange { summary, span });
        }
    }

    fn lint(&mut self, code: Code, span: Span, message: String, help: &str) {
        if self.dir == Direction::Up {
            self.lints
                .push(Diagnostic::new(code, span, message).with_help(help));
        }
    }

    /// A lint about something the spec no longer shows (a dropped table or column), unless
    /// an allow comment of its code names `object` in its reason.
    fn dropped(&mut self, code: Code, span: Span, object: &str, message: String, help: &str) {
        let named = self
            .allows
            .iter()
            .any(|a| a.codes.iter().any(|c| c == code.as_str()) && names_word(&a.reason, object));
        if !named {
            self.lint(code, span, message, help);
        }
    }
}

fn compare(
    from: &SchemaModel,
    to: &SchemaModel,
    dir: Direction,
    documented: bool,
    changes: &mut Vec<SchemaChange>,
    lints: &mut Vec<Diagnostic>,
    allows: &[Allow],
) -> Compared {
    let anchor = to.tables.first().map_or(Span::default(), TableDef::span);
    let mut cx = Ctx {
        from,
        to,
        dir,
        changes,
        lints,
        allows,
        anchor,
    };
    let mut s = Phases::default();
    schemas(&mut cx, &mut s);
    extensions(&mut cx, &mut s);
    enums(&mut cx, &mut s);
    tables(&mut cx, &mut s);
    let concurrent = indexes(&mut cx, &mut s);
    if documented {
        comments(&mut cx, &mut s);
    }
    Compared {
        statements: s.into_statements(),
        concurrent,
    }
}

/// Statements grouped in the order PostgreSQL needs them: foreign keys are dropped before the
/// tables they reference, tables before the keys their foreign keys used, and the
/// remaining types are recreated before anything new uses them.
#[derive(Default)]
struct Phases {
    create_schemas: Vec<String>,
    create_types: Vec<String>,
    drop_foreign_keys: Vec<String>,
    drop_tables: Vec<String>,
    drop_constraints: Vec<String>,
    drop_indexes: Vec<String>,
    recreate_types: Vec<String>,
    create_tables: Vec<String>,
    alter_columns: Vec<String>,
    add_constraints: Vec<String>,
    add_foreign_keys: Vec<String>,
    create_indexes: Vec<String>,
    comments: Vec<String>,
    drop_types: Vec<String>,
    drop_schemas: Vec<String>,
}

impl Phases {
    fn into_statements(self) -> Vec<String> {
        [
            self.create_schemas,
            self.create_types,
            self.drop_foreign_keys,
            self.drop_tables,
            self.drop_constraints,
            self.drop_indexes,
            self.recreate_types,
            self.create_tables,
            self.alter_columns,
            self.add_constraints,
            self.add_foreign_keys,
            self.create_indexes,
            self.comments,
            self.drop_types,
            self.drop_schemas,
        ]
        .concat()
    }
}

/// Schemas the revision starts to use (a new table `audit.events`). Up: created before
/// anything in them, `CREATE SCHEMA x` when the spec creates it so, else `CREATE SCHEMA IF NOT
/// EXISTS x`. Down: a schema the up certainly created (the plain form) is dropped last; one
/// the up may have found in place is left, as in the first migration.
fn schemas(cx: &mut Ctx<'_>, s: &mut Phases) {
    // In the down, `from` is the revised model and `to` the old one.
    let (old, new) = match cx.dir {
        Direction::Up => (cx.from, cx.to),
        Direction::Down => (cx.to, cx.from),
    };
    let before = old.schema_names();
    for name in new.schema_names() {
        if before.contains(&name) {
            continue;
        }
        let certain = new
            .schemas
            .iter()
            .any(|d| d.name == name && !d.if_not_exists);
        match cx.dir {
            Direction::Up => {
                let guard = if certain { "" } else { "IF NOT EXISTS " };
                s.create_schemas
                    .push(format!("CREATE SCHEMA {guard}{};", quote_ident(&name)));
                cx.change(cx.anchor, format!("create schema `{name}`"));
            }
            Direction::Down if certain => s
                .drop_schemas
                .push(format!("DROP SCHEMA IF EXISTS {};", quote_ident(&name))),
            Direction::Down => {}
        }
    }
}

fn extensions(cx: &mut Ctx<'_>, s: &mut Phases) {
    match cx.dir {
        // New extensions are created; removed ones stay (other schemas may use them).
        Direction::Up => {
            for ext in &cx.to.extensions {
                if !cx.from.extensions.iter().any(|e| e.name == ext.name) {
                    s.create_types.push(format!(
                        "CREATE EXTENSION IF NOT EXISTS {};",
                        quote_ident(&ext.name)
                    ));
                    cx.change(ext.span, format!("create extension `{}`", ext.name));
                }
            }
        }
        // Undoing: drop what the up created.
        Direction::Down => {
            for ext in &cx.from.extensions {
                if !cx.to.extensions.iter().any(|e| e.name == ext.name) {
                    s.drop_types.push(format!(
                        "DROP EXTENSION IF EXISTS {};",
                        quote_ident(&ext.name)
                    ));
                }
            }
        }
    }
}

/// True when `new` keeps every value of `old`, in order, and only adds some: `ALTER TYPE …
/// ADD VALUE` can make the change; anything else recreates the type.
fn values_only_added(old: &EnumType, new: &EnumType) -> bool {
    let mut kept = new.labels.iter().filter(|l| old.labels.contains(l));
    old.labels.iter().all(|l| kept.next() == Some(l))
}

fn create_type_sql(e: &EnumType) -> String {
    let labels: Vec<String> = e.labels.iter().map(|l| quote_literal(l)).collect();
    format!(
        "CREATE TYPE {} AS ENUM ({});",
        quote_qualified(&e.name),
        labels.join(", ")
    )
}

fn enums(cx: &mut Ctx<'_>, s: &mut Phases) {
    for e in &cx.to.enums {
        let Some(old) = cx.from.enum_type(&e.name) else {
            s.create_types.push(create_type_sql(e));
            cx.change(e.span, format!("create enum type `{}`", e.name));
            continue;
        };
        if old.labels == e.labels {
            continue;
        }
        if values_only_added(old, e) {
            for (i, label) in e.labels.iter().enumerate() {
                if old.labels.contains(label) {
                    continue;
                }
                let place = match (i.checked_sub(1).map(|p| &e.labels[p]), old.labels.first()) {
                    (Some(prev), _) => format!(" AFTER {}", quote_literal(prev)),
                    (None, Some(first)) => format!(" BEFORE {}", quote_literal(first)),
                    (None, None) => String::new(),
                };
                s.create_types.push(format!(
                    "ALTER TYPE {} ADD VALUE IF NOT EXISTS {}{place};",
                    quote_qualified(&e.name),
                    quote_literal(label)
                ));
                cx.change(
                    e.span,
                    format!("add value '{label}' to enum type `{}`", e.name),
                );
            }
            continue;
        }
        // A label removed or the order changed: PostgreSQL can only recreate the type.
        let removed: Vec<&String> = old
            .labels
            .iter()
            .filter(|l| !e.labels.contains(l))
            .collect();
        if !removed.is_empty() {
            let list: Vec<String> = removed.iter().map(|l| format!("'{l}'")).collect();
            cx.lint(
                Code::EnumValueRemoved,
                e.span,
                format!("enum type `{}` loses {}: the type is recreated and rows holding a removed value make the migration fail", e.name, list.join(", ")),
                "update the rows off the removed values first, or keep the values; allow it with `<!-- specforge-allow SF-M008: why -->` before the type",
            );
        }
        cx.change(
            e.span,
            format!(
                "recreate enum type `{}` as ({})",
                e.name,
                e.labels.join(", ")
            ),
        );
        let old_name = QualifiedName {
            schema: e.name.schema.clone(),
            name: format!("{}__old", e.name.name),
        };
        // After the drops (a dropped column or table is not converted), before anything new
        // uses the type.
        let r = &mut s.recreate_types;
        r.push(format!(
            "ALTER TYPE {} RENAME TO {};",
            quote_qualified(&e.name),
            quote_ident(&old_name.name)
        ));
        r.push(create_type_sql(e));
        for table in &cx.from.tables {
            let Some(target) = cx.to.table(&table.name) else {
                continue;
            };
            for col in table.columns.iter().filter(|c| is_enum(&c.ty, &e.name)) {
                let Some(after) = target.column(&col.name) else {
                    continue;
                };
                let t = quote_qualified(&table.name);
                let c = quote_ident(&col.name);
                if col.default.is_some() {
                    r.push(format!("ALTER TABLE {t} ALTER COLUMN {c} DROP DEFAULT;"));
                }
                r.push(format!(
                    "ALTER TABLE {t} ALTER COLUMN {c} TYPE {} USING {c}::text::{};",
                    col.ty.sql(),
                    col.ty.sql()
                ));
                // An unchanged default comes back here; a changed one is set with the
                // column's other changes.
                if let Some(d) = &col.default
                    && after.default.as_ref().map(|a| &a.text) == Some(&d.text)
                {
                    r.push(format!(
                        "ALTER TABLE {t} ALTER COLUMN {c} SET DEFAULT {};",
                        d.text
                    ));
                }
            }
        }
        r.push(format!("DROP TYPE {};", quote_qualified(&old_name)));
    }
    for e in &cx.from.enums {
        if cx.to.enum_type(&e.name).is_none() {
            s.drop_types
                .push(format!("DROP TYPE IF EXISTS {};", quote_qualified(&e.name)));
            cx.change(cx.anchor, format!("drop enum type `{}`", e.name));
        }
    }
}

fn is_enum(ty: &SqlType, name: &QualifiedName) -> bool {
    matches!(&ty.base, BaseType::Named(n) if n.same_as(name))
}

fn tables(cx: &mut Ctx<'_>, s: &mut Phases) {
    // Dropped tables, in one statement so foreign keys among them (even cycles) go together;
    // keys from tables that stay were dropped in an earlier phase.
    let dropped: Vec<&TableDef> = table_order(cx.from)
        .into_iter()
        .rev()
        .filter(|t| cx.to.table(&t.name).is_none())
        .collect();
    if !dropped.is_empty() {
        let names: Vec<String> = dropped.iter().map(|t| quote_qualified(&t.name)).collect();
        s.drop_tables
            .push(format!("DROP TABLE {};", names.join(", ")));
    }
    for table in dropped {
        cx.change(cx.anchor, format!("drop table `{}`", table.name));
        let object = table.name.to_string();
        cx.dropped(
            Code::TableDropped,
            cx.anchor,
            &object,
            format!("table `{}` is no longer in the spec: the migration drops it and its rows", table.name),
            "if it was renamed, declare `renamed from` on the new table; if it is retired, back it up and allow it with `<!-- specforge-allow SF-M001: why -->` whose reason names the table",
        );
    }
    // New tables, in dependency order; keys to tables created later are added afterwards.
    // Foreign keys to tables that already exist are added after the columns and keys they
    // need (the `add_foreign_keys` phase); only keys between new tables are written inline.
    let mut created: Vec<&QualifiedName> = Vec::new();
    let mut deferred: Vec<DeferredKey> = Vec::new();
    for table in table_order(cx.to) {
        if cx.from.table(&table.name).is_some() {
            continue;
        }
        let mut sql = String::new();
        create_table(table, &created, &mut deferred, &mut sql);
        s.create_tables.push(sql.trim_end().to_owned());
        created.push(&table.name);
        cx.change(table.span(), format!("create table `{}`", table.name));
    }
    for key in deferred {
        s.add_foreign_keys.push(format!(
            "ALTER TABLE {} ADD CONSTRAINT {} FOREIGN KEY ({}){};",
            quote_qualified(&key.table),
            quote_ident(&key.name),
            columns_list(&key.columns),
            references_clause(&key.reference)
        ));
    }
    for table in &cx.to.tables {
        if let Some(old) = cx.from.table(&table.name) {
            columns(cx, s, old, table);
            table_constraints(cx, s, old, table);
        }
    }
}

/// True when changing `from` to `to` needs no table rewrite (PostgreSQL's binary-coercible
/// widenings).
fn widening_without_rewrite(from: &SqlType, to: &SqlType) -> bool {
    if from.array_dims != to.array_dims {
        return false;
    }
    match (&from.base, &to.base) {
        (BaseType::Varchar(Some(a)), BaseType::Varchar(Some(b))) => b >= a,
        (BaseType::Varchar(_), BaseType::Varchar(None) | BaseType::Text)
        | (BaseType::Text, BaseType::Varchar(None)) => true,
        (BaseType::Numeric(Some((p1, s1))), BaseType::Numeric(Some((p2, s2)))) => {
            s1.unwrap_or(0) == s2.unwrap_or(0) && p2 >= p1
        }
        (BaseType::Numeric(Some(_)), BaseType::Numeric(None)) => true,
        _ => false,
    }
}

fn columns(cx: &mut Ctx<'_>, s: &mut Phases, old: &TableDef, table: &TableDef) {
    let t = quote_qualified(&table.name);
    for col in &table.columns {
        let c = quote_ident(&col.name);
        let Some(before) = old.column(&col.name) else {
            s.alter_columns.push(format!(
                "ALTER TABLE {t} ADD COLUMN {};",
                column_head(col, !col.nullable)
            ));
            cx.change(
                col.span,
                format!("add column `{}.{}` {}", table.name, col.name, col.ty),
            );
            if !col.nullable && col.default.is_none() && !col.identity && !col.ty.is_serial() {
                cx.lint(
                    Code::NotNullWithoutDefault,
                    col.span,
                    format!("column `{}.{}` is added NOT NULL without a default: the migration fails if `{}` has rows", table.name, col.name, table.name),
                    "give it a DEFAULT, or add it nullable, backfill it, and make it NOT NULL in a later revision",
                );
            }
            continue;
        };
        if before.identity != col.identity {
            cx.lint(
                Code::ChangeNotPlanned,
                col.span,
                format!(
                    "column `{}.{}` changes identity; specforge does not plan identity changes",
                    table.name, col.name
                ),
                "write this migration by hand (ALTER COLUMN … ADD/DROP IDENTITY)",
            );
        }
        let type_changed = before.ty.catalog_name() != col.ty.catalog_name();
        let default_changed =
            before.default.as_ref().map(|d| &d.text) != col.default.as_ref().map(|d| &d.text);
        if before.default.is_some() && (default_changed || type_changed) {
            s.alter_columns
                .push(format!("ALTER TABLE {t} ALTER COLUMN {c} DROP DEFAULT;"));
        }
        if type_changed {
            let ty = col.ty.catalog_name();
            let target = if matches!(col.ty.base, BaseType::Named(_)) {
                col.ty.sql()
            } else {
                ty.clone()
            };
            let using = if matches!(col.ty.base, BaseType::Named(_)) {
                format!("{c}::text::{target}")
            } else {
                format!("{c}::{target}")
            };
            s.alter_columns.push(format!(
                "ALTER TABLE {t} ALTER COLUMN {c} TYPE {target} USING {using};"
            ));
            cx.change(
                col.span,
                format!(
                    "change type of `{}.{}` from {} to {}",
                    table.name, col.name, before.ty, col.ty
                ),
            );
            if !widening_without_rewrite(&before.ty, &col.ty) {
                cx.lint(
                    Code::TypeRewrite,
                    col.type_span,
                    format!("`{}.{}` changes from {} to {}: PostgreSQL rewrites `{}` under an ACCESS EXCLUSIVE lock, and values that do not convert fail the migration", table.name, col.name, before.ty, col.ty, table.name),
                    "for a large table: add a new column, backfill it in batches, switch readers over, then drop the old column",
                );
            }
        }
        if let Some(d) = &col.default
            && (default_changed || type_changed)
        {
            s.alter_columns.push(format!(
                "ALTER TABLE {t} ALTER COLUMN {c} SET DEFAULT {};",
                d.text
            ));
            if default_changed {
                cx.change(
                    col.span,
                    format!("set default of `{}.{}` to {}", table.name, col.name, d.text),
                );
            }
        } else if default_changed {
            cx.change(
                col.span,
                format!("drop default of `{}.{}`", table.name, col.name),
            );
        }
        if before.nullable && !col.nullable {
            s.alter_columns
                .push(format!("ALTER TABLE {t} ALTER COLUMN {c} SET NOT NULL;"));
            cx.change(
                col.span,
                format!("make `{}.{}` NOT NULL", table.name, col.name),
            );
            cx.lint(
                Code::SetNotNull,
                col.span,
                format!("`{}.{}` becomes NOT NULL: PostgreSQL scans `{}` under an ACCESS EXCLUSIVE lock, and the migration fails on any NULL", table.name, col.name, table.name),
                "backfill first; on a large table add `CHECK (col IS NOT NULL) NOT VALID`, VALIDATE it in a later migration, then SET NOT NULL (PostgreSQL 12+ skips the scan)",
            );
        } else if !before.nullable && col.nullable {
            s.alter_columns
                .push(format!("ALTER TABLE {t} ALTER COLUMN {c} DROP NOT NULL;"));
            cx.change(
                col.span,
                format!("make `{}.{}` nullable", table.name, col.name),
            );
        }
    }
    for before in &old.columns {
        if table.column(&before.name).is_none() {
            s.alter_columns.push(format!(
                "ALTER TABLE {t} DROP COLUMN {};",
                quote_ident(&before.name)
            ));
            cx.change(
                table.span(),
                format!("drop column `{}.{}`", table.name, before.name),
            );
            let object = format!("{}.{}", table.name, before.name);
            cx.dropped(
                Code::ColumnDropped,
                table.span(),
                &object,
                format!("column `{}.{}` is no longer in the spec: the migration drops it and its values", table.name, before.name),
                "if it was renamed, declare `renamed from`; if it is retired, deploy code that no longer reads it first, then allow it with `<!-- specforge-allow SF-M002: why -->` before the table",
            );
        }
    }
}

fn table_constraints(cx: &mut Ctx<'_>, s: &mut Phases, old: &TableDef, table: &TableDef) {
    let t = quote_qualified(&table.name);
    let before = constraints(old);
    let after = constraints(table);
    // A key on a dropped column goes with the column, but a foreign key is dropped first and
    // explicitly: the table it references may be dropped before the column is.
    let gone_column = |c: &Constraint| {
        c.kind != ConstraintKind::ForeignKey
            && c.columns.iter().any(|col| table.column(col).is_none())
    };
    for c in &before {
        if after.iter().any(|a| a.signature() == c.signature()) || gone_column(c) {
            continue;
        }
        let sql = format!("ALTER TABLE {t} DROP CONSTRAINT {};", quote_ident(&c.name));
        // Foreign keys first; keys and indexes after the dropped tables whose foreign keys
        // may depend on them.
        if c.kind == ConstraintKind::ForeignKey {
            s.drop_foreign_keys.push(sql);
        } else {
            s.drop_constraints.push(sql);
        }
        cx.change(
            table.span(),
            format!("drop constraint `{}` on `{}`", c.name, table.name),
        );
    }
    for c in &after {
        if before.iter().any(|b| b.signature() == c.signature()) {
            continue;
        }
        let sql = format!(
            "ALTER TABLE {t} ADD CONSTRAINT {} {};",
            quote_ident(&c.name),
            c.definition()
        );
        let span = if c.span.is_empty() {
            table.span()
        } else {
            c.span
        };
        cx.change(
            span,
            format!("add {} `{}` on `{}`", c.kind.sql(), c.name, table.name),
        );
        let new_columns = c.columns.iter().all(|col| old.column(col).is_none());
        match c.kind {
            ConstraintKind::ForeignKey => s.add_foreign_keys.push(sql),
            _ => s.add_constraints.push(sql),
        }
        if new_columns && !c.columns.is_empty() && c.kind != ConstraintKind::ForeignKey {
            continue; // on columns added in this migration, which hold no data yet
        }
        match c.kind {
            ConstraintKind::PrimaryKey | ConstraintKind::Unique => cx.lint(
                Code::UniqueOnExisting,
                span,
                format!("{} `{}` is added to existing table `{}`: it fails on duplicates and blocks writes while its index builds", c.kind.sql(), c.name, table.name),
                "check for duplicates first; on a large table CREATE UNIQUE INDEX CONCURRENTLY in a migration of its own, then ADD CONSTRAINT … USING INDEX",
            ),
            ConstraintKind::Check | ConstraintKind::ForeignKey => cx.lint(
                Code::ConstraintOnExisting,
                span,
                format!("{} `{}` is added to existing table `{}`: every row is checked while writes are blocked", c.kind.sql(), c.name, table.name),
                "on a large table add it NOT VALID, then VALIDATE CONSTRAINT in a later migration (a lighter lock)",
            ),
        }
    }
}

/// Index changes; returns the indexes to create concurrently (up only).
fn indexes(cx: &mut Ctx<'_>, s: &mut Phases) -> Vec<IndexDef> {
    let mut concurrent = Vec::new();
    let same = |a: &IndexDef, b: &IndexDef| {
        a.table.same_as(&b.table)
            && a.keys == b.keys
            && a.unique == b.unique
            && a.method == b.method
            && a.predicate.as_ref().map(|p| &p.text) == b.predicate.as_ref().map(|p| &p.text)
    };
    let named = |list: &'_ [IndexDef], name: &Option<String>| -> Option<usize> {
        list.iter()
            .position(|i| i.name.is_some() && i.name == *name)
    };
    for ix in &cx.from.indexes {
        let Some(name) = &ix.name else { continue };
        let kept = named(&cx.to.indexes, &ix.name).is_some_and(|i| same(&cx.to.indexes[i], ix));
        // An index goes with its table; one on a dropped column went with the column.
        let table_stays = cx.to.table(&ix.table).is_some();
        if kept || !table_stays {
            continue;
        }
        s.drop_indexes
            .push(format!("DROP INDEX IF EXISTS {};", index_name(ix, name)));
        cx.change(cx.anchor, format!("drop index `{name}`"));
    }
    for ix in &cx.to.indexes {
        let Some(name) = &ix.name else { continue };
        if named(&cx.from.indexes, &ix.name).is_some_and(|i| same(&cx.from.indexes[i], ix)) {
            continue;
        }
        let existing_table = cx.from.table(&ix.table).is_some();
        if cx.dir == Direction::Up && existing_table {
            cx.change(
                ix.span,
                format!(
                    "create index `{name}` on `{}` concurrently, in a migration of its own",
                    ix.table
                ),
            );
            cx.lint(
                Code::IndexConcurrently,
                ix.span,
                format!("index `{name}` is on existing table `{}`: it is created CONCURRENTLY, in the next migration on its own, so writes are not blocked while it builds", ix.table),
                "that migration must run outside a transaction: specforge marks it for sqlx, dbmate and refinery; golang-migrate and psql run its single statement as written",
            );
            concurrent.push(ix.clone());
        } else if let Some(sql) = create_index(ix, false) {
            s.create_indexes.push(sql);
            cx.change(ix.span, format!("create index `{name}`"));
        }
    }
    concurrent
}

/// An index's name as `DROP INDEX` needs it: in its table's schema.
fn index_name(ix: &IndexDef, name: &str) -> String {
    quote_qualified(&QualifiedName {
        schema: ix.table.schema.clone(),
        name: name.to_owned(),
    })
}

fn comments(cx: &mut Ctx<'_>, s: &mut Phases) {
    for table in &cx.to.tables {
        let old = cx.from.table(&table.name);
        let t = quote_qualified(&table.name);
        let literal = |c: &Option<String>| c.as_deref().map_or("NULL".to_owned(), quote_literal);
        let old_comment = old.and_then(|o| o.comment.as_ref());
        if old_comment != table.comment.as_ref() {
            s.comments.push(format!(
                "COMMENT ON TABLE {t} IS {};",
                literal(&table.comment)
            ));
        }
        for col in &table.columns {
            let before = old.and_then(|o| o.column(&col.name)).map(|c| &c.comment);
            if before.is_some_and(|b| *b == col.comment)
                || (before.is_none() && col.comment.is_none())
            {
                continue;
            }
            s.comments.push(format!(
                "COMMENT ON COLUMN {t}.{} IS {};",
                quote_ident(&col.name),
                literal(&col.comment)
            ));
        }
    }
}

/// Applies the planned SQL to `old` and requires the revised schema.
fn self_check(
    old: &SchemaModel,
    new: &SchemaModel,
    documented: bool,
    step: &Step,
    lints: &mut Vec<Diagnostic>,
) {
    let mut model = old.clone();
    let mut found = Vec::new();
    let planned = std::iter::once(&step.up).chain(step.concurrent.iter().map(|c| &c.up));
    for sql in planned {
        replay_onto(
            &mut model,
            &AppliedMigration {
                name: "the planned migration".to_owned(),
                sql: sql.clone(),
            },
            &mut found,
        );
    }
    let residual = compare(
        &model,
        new,
        Direction::Down,
        documented,
        &mut Vec::new(),
        &mut Vec::new(),
        &[],
    );
    let mut problems: Vec<String> = found
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.message.clone())
        .collect();
    problems.extend(
        residual
            .statements
            .iter()
            .map(|s| format!("still needed: {s}")),
    );
    if !problems.is_empty() {
        lints.push(
            Diagnostic::new(
                Code::PlanSelfCheck,
                Span::default(),
                format!(
                    "internal error: the planned migration does not lead to the revised schema: {}",
                    problems.join("; ")
                ),
            )
            .with_help("please report this with the spec; meanwhile write this migration by hand"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(sql: &str) -> SchemaModel {
        let (model, diags) = crate::replay(&[AppliedMigration {
            name: "t.sql".into(),
            sql: sql.into(),
        }]);
        assert!(diags.is_empty(), "{diags:?}");
        model
    }

    #[test]
    fn a_plan_that_misses_the_target_fails_its_self_check() {
        let old = schema("CREATE TABLE t (id bigint PRIMARY KEY);");
        let new = schema("CREATE TABLE t (id bigint PRIMARY KEY, note text);");
        let mut lints = Vec::new();
        let wrong = Step {
            up: "ALTER TABLE t ADD COLUMN other text;\n".into(),
            ..Step::default()
        };
        self_check(&old, &new, false, &wrong, &mut lints);
        assert_eq!(lints.len(), 1);
        assert_eq!(lints[0].code, Code::PlanSelfCheck);
        assert!(
            lints[0].message.contains("still needed"),
            "{}",
            lints[0].message
        );
        let mut none = Vec::new();
        self_check(&old, &new, false, &plan_step(&old, &new, &[]), &mut none);
        assert!(none.is_empty(), "{none:?}");
    }

    #[test]
    fn a_new_enum_value_used_in_the_same_migration_is_not_planned() {
        let old =
            schema("CREATE TYPE s AS ENUM ('a'); CREATE TABLE t (id bigint PRIMARY KEY, v s);");
        let new = schema(
            "CREATE TYPE s AS ENUM ('a', 'b'); CREATE TABLE t (id bigint PRIMARY KEY, v s DEFAULT 'b');",
        );
        let step = plan_step(&old, &new, &[]);
        let codes: Vec<Code> = step.lints.iter().map(|d| d.code).collect();
        assert_eq!(codes, [Code::ChangeNotPlanned], "{}", step.up);
    }
}
