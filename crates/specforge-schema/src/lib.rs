//! specforge-schema: the schema a spec describes, read into one validated model.
//!
//! [`build_schema`] reads every SQL fence (sqlparser) and column table of a
//! [`specforge_model::Spec`] into one [`SchemaModel`], merges the two descriptions of a
//! table, and validates the result. It never fails: problems are diagnostics. The model is
//! what migrations (`specforge-migrate`), OpenAPI schemas and the consistency rules read.
//!
//! Layers, each using only the ones above it:
//! * [`name`] (qualified names), [`ident`] (the identifier check and quoting), [`types`] (the
//!   closed type grammar), [`model`] (the model itself), [`words`] (a literal-aware word scanner);
//! * [`names`] (PostgreSQL's constraint naming), [`apply`] (model changes: renames and drops);
//! * `dialect` (MySQL, SQLite and generic words translated, extension types checked),
//!   `ddl` (CREATE statements), `usertypes` (domains, composite types), `alter` (ALTER / DROP / RENAME), `fence` (a fence parsed and
//!   dispatched), `columns` (column tables), `merge` (DDL and column table of one table),
//!   `validate` (names, references, types);
//! * [`resource`] and [`checks`], facts about tables that OpenAPI and consistency share.

pub mod apply;
pub mod checks;
pub mod ident;
pub mod model;
pub mod name;
pub mod names;
pub mod position;
pub mod resource;
pub mod types;
pub mod words;

mod alter;
mod carry;
mod columns;
mod ddl;
mod dialect;
mod fence;
mod merge;
mod split;
mod usertypes;
mod validate;

pub use fence::{check_postgres, dialect_for};
pub use model::*;
pub use names::{Constraint, ConstraintKind, constraints};
pub use split::free_dollar_tag;

use ddl::DdlBuilder;
use rayon::prelude::*;
use specforge_model::{Diagnostic, Spec, SqlBlock, SqlBlockRole};

/// Fences parsed at once before they are applied: enough to keep both cores busy, few
/// enough that their syntax trees stay small.
const FENCE_BATCH: usize = 32;

/// Whether a fence may create an extension (`CREATE EXTENSION`), cheaply: such fences are
/// parsed once ahead of the others, for the extensions every statement is read against.
fn mentions_extension(body: &str) -> bool {
    body.as_bytes()
        .windows(9)
        .any(|w| w.eq_ignore_ascii_case(b"extension"))
}

/// Reads every SQL fence and column table of `spec` into one schema, merges and validates it.
/// Never fails; every problem is a diagnostic (errors stop generation).
pub fn build_schema(spec: &Spec) -> (SchemaModel, Vec<Diagnostic>) {
    let mut model = SchemaModel::default();
    let mut diags = Vec::new();
    // sqlparser dominates: the fences are parsed in parallel, then applied in order (every
    // Up and schema fence, then the Downs), a batch at a time, so that only one batch's
    // syntax trees are alive at once (every fence's at once were a third of the whole run's
    // peak memory at 1 MB). Extensions come first: a statement needing one is read against
    // every extension the spec creates, wherever it does.
    let blocks = &spec.schema.sql_blocks;
    let extensions = blocks
        .par_iter()
        .filter(|b| mentions_extension(&b.body))
        .map(|b| fence::created_extensions(&fence::parse_fence(b)))
        .flatten_iter()
        .collect();
    let mut builder = DdlBuilder {
        model: &mut model,
        diags: &mut diags,
        extensions,
        waiting: Some(Vec::new()),
        block: 0,
    };
    let order: Vec<usize> = (0..blocks.len())
        .filter(|&i| blocks[i].role != SqlBlockRole::Down)
        .chain((0..blocks.len()).filter(|&i| blocks[i].role == SqlBlockRole::Down))
        .collect();
    for batch in order.chunks(FENCE_BATCH) {
        let parsed: Vec<fence::ParsedFence> = batch
            .par_iter()
            .map(|&i| fence::parse_fence(&blocks[i]))
            .collect();
        for (&i, fence) in batch.iter().zip(parsed) {
            builder.block = i;
            builder.apply_fence(&blocks[i], fence);
        }
    }
    // Statements naming a table that a later fence creates are read now, before the column
    // tables are merged into the DDL (an ALTER shown before its CREATE TABLE).
    let mut waiting = builder.waiting.take().unwrap_or_default();
    let (now, later): (Vec<_>, Vec<_>) = waiting.drain(..).partition(|w| match &w.statement {
        sqlparser::ast::Statement::AlterTable(at) => {
            builder.model.table(&name::qualified(&at.name)).is_some()
        }
        _ => false,
    });
    builder.waiting = None;
    for w in now {
        replay_waiting(&mut builder, blocks, w);
    }
    let waiting = later;
    let ddl_tables = model.tables.len();
    let mut column_tables: Vec<_> = spec
        .schema
        .tables
        .iter()
        .map(|table| {
            let mut table_diags = Vec::new();
            let def = columns::column_table(table, &mut table_diags);
            (def, table_diags)
        })
        .collect();
    columns::prefer_own_tables(&mut column_tables, &model);
    for (def, table_diags) in column_tables {
        diags.extend(table_diags);
        merge::add_column_table(&mut model, def, ddl_tables, &mut diags);
    }
    // Statements naming a table not read when they were: every table is known now, and a
    // table still unknown is one the spec assumes to exist.
    let mut builder = DdlBuilder {
        model: &mut model,
        diags: &mut diags,
        extensions: Vec::new(),
        waiting: None,
        block: 0,
    };
    for w in waiting {
        replay_waiting(&mut builder, blocks, w);
    }
    columns::add_described_indexes(&mut model, &spec.schema.indexes, &mut diags);
    columns::add_named_constraints(&mut model, &spec.schema.constraints, &mut diags);
    validate::merge_repeated_indexes(&mut model);
    validate::assume_outside_tables(&mut model, &mut diags);
    validate::carried_notes(&model, &mut diags);
    model.named_extensions = dialect::named_extensions(spec);
    validate::validate(&model, &mut diags);
    usertypes::validate(&model, &mut diags);
    dialect::check_extension_types(&model, &mut diags);
    (model, diags)
}

/// Reads a statement that waited for every table to be known.
fn replay_waiting(builder: &mut DdlBuilder<'_>, blocks: &[SqlBlock], w: ddl::Waiting) {
    let block = &blocks[w.block];
    let from = w.start - block.body_offset;
    let body = &block.body[from..w.end - block.body_offset];
    let pos = position::BodyPositions::new(body, w.start, w.span);
    builder.statement(&w.statement, &pos);
}

/// Reads one fence of SQL onto an existing model, as PostgreSQL would run it on a database
/// holding that schema (used to replay applied migrations).
pub fn read_sql_onto(model: &mut SchemaModel, block: &SqlBlock, diags: &mut Vec<Diagnostic>) {
    let parsed = fence::parse_fence(block);
    let mut extensions: Vec<String> = model.extensions.iter().map(|e| e.name.clone()).collect();
    extensions.extend(fence::created_extensions(&parsed));
    DdlBuilder {
        model,
        diags,
        extensions,
        waiting: None,
        block: 0,
    }
    .apply_fence(block, parsed);
}
