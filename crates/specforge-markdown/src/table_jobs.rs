//! Tables built beside the walk over pulldown-cmark's events.
//!
//! Splitting a table's lines into cells and reading each cell's plain text is a fifth of
//! reading, and needs nothing the walk learns later: the walk hands each table it meets over
//! as a [`TableJob`] (its line ranges, whether it sits in a block quote, its section) and
//! leaves a placeholder block where it goes. On a large document a second thread builds the
//! tables while pulldown-cmark goes on; on a small one (where a thread would cost more than
//! it saves) they are built after the walk. Either way [`place`] puts each table, its
//! fields and its diagnostics exactly where building it inside the walk put them, so the
//! document does not depend on which way was taken.

use crate::document::{Block, Document, Field, FieldForm, SectionId, Table};
use crate::reader::{is_field_header, line_at, trimmed_span};
use specforge_model::{Code, Diagnostic};
use std::ops::Range;
use std::sync::mpsc;

/// Below this many bytes of text, tables are built after the walk, on the walk's thread.
pub(crate) const BESIDE_FROM_BYTES: usize = 128 * 1024;

/// A table the walk met: what building it needs, and where its results go.
pub(crate) struct TableJob {
    /// The whole table.
    pub range: Range<usize>,
    /// The header row.
    pub head: Range<usize>,
    /// The body rows.
    pub rows: Vec<Range<usize>>,
    /// The table sits in a block quote (its lines carry `>` prefixes).
    pub quoted: bool,
    /// The enclosing section.
    pub section: Option<SectionId>,
    /// The index of the placeholder block the walk pushed for it.
    pub block_at: usize,
    /// How many diagnostics the walk had when it met the table.
    pub diagnostics_at: usize,
}

/// A table built from a [`TableJob`].
pub(crate) struct BuiltTable {
    table: Table,
    /// The key/value rows of a two-column table, as fields.
    fields: Vec<Field>,
    /// Rows wider than the header.
    diagnostics: Vec<Diagnostic>,
    block_at: usize,
    diagnostics_at: usize,
}

/// Tables sent to the builder thread at once: waking a thread per table cost more than
/// building the table.
const BATCH: usize = 64;

/// Where the walk sends the tables it meets.
pub(crate) enum TableSink {
    /// Kept, to be built after the walk.
    Later(Vec<TableJob>),
    /// Sent to the thread that builds them, [`BATCH`] at a time.
    Beside {
        sender: mpsc::Sender<Vec<TableJob>>,
        batch: Vec<TableJob>,
    },
}

impl TableSink {
    /// A sink that sends to the builder thread behind `sender`.
    pub(crate) fn beside(sender: mpsc::Sender<Vec<TableJob>>) -> Self {
        TableSink::Beside {
            sender,
            batch: Vec::with_capacity(BATCH),
        }
    }

    pub(crate) fn send(&mut self, job: TableJob) {
        match self {
            TableSink::Later(jobs) => jobs.push(job),
            TableSink::Beside { sender, batch } => {
                batch.push(job);
                if batch.len() == BATCH {
                    let full = std::mem::replace(batch, Vec::with_capacity(BATCH));
                    // The builder stops receiving only once the sender is gone.
                    sender.send(full).unwrap_or(());
                }
            }
        }
    }

    /// Ends the walk's side: sends what is left and lets the builder finish. Returns the jobs
    /// still to build here (those of a [`TableSink::Later`]).
    pub(crate) fn finish(self) -> Vec<TableJob> {
        match self {
            TableSink::Later(jobs) => jobs,
            TableSink::Beside { sender, batch } => {
                if !batch.is_empty() {
                    sender.send(batch).unwrap_or(());
                }
                Vec::new()
            }
        }
    }
}

/// Builds every job of `receiver`, in the order they were sent, until the walk's sender is gone.
pub(crate) fn build_received(
    text: &str,
    receiver: mpsc::Receiver<Vec<TableJob>>,
) -> Vec<BuiltTable> {
    receiver
        .into_iter()
        .flatten()
        .map(|job| build(text, job))
        .collect()
}

/// Splits one table's lines into cells, reports rows wider than the header, and reads a
/// two-column table's key/value rows as fields (a bold key, or a `Field | Value` header).
pub(crate) fn build(text: &str, job: TableJob) -> BuiltTable {
    let span = trimmed_span(text, job.range);
    let mut table = Table::with_capacity(job.rows.len(), span, job.section);
    let (head_start, head_line) = line_at(text, job.head.start, job.quoted);
    table.push_row(head_line, head_start, true);
    for r in &job.rows {
        let (start, line) = line_at(text, r.start, job.quoted);
        table.push_row(line, start, false);
    }
    let header = table.header();
    let width = header.len();
    let mut diagnostics = Vec::new();
    for row in table.rows() {
        if row.len() > width && width > 0 {
            let first = row.cell(width).map_or(row.span, |c| c.span);
            let last = row.cell(row.len() - 1).map_or(row.span, |c| c.span);
            diagnostics.push(
                Diagnostic::new(
                    Code::RaggedRow,
                    first.to(last),
                    format!(
                        "this row has {} cells but the header has {}",
                        row.len(),
                        width
                    ),
                )
                .with_help(
                    "escape a `|` that is part of a value as `\\|`, or add the missing header",
                ),
            );
        }
    }
    let mut fields = Vec::new();
    if width == 2 {
        let is_field_table = is_field_header(header);
        for row in table.rows() {
            let (Some(key), Some(value)) = (row.cell(0), row.cell(1)) else {
                continue;
            };
            if (key.bold || is_field_table) && !key.text.is_empty() {
                fields.push(Field {
                    key: key.text.trim_end_matches(':').trim().to_owned(),
                    value: value.text.to_owned(),
                    key_span: key.span,
                    value_span: value.span,
                    form: FieldForm::TableRow,
                    section: job.section,
                });
            }
        }
    }
    BuiltTable {
        table,
        fields,
        diagnostics,
        block_at: job.block_at,
        diagnostics_at: job.diagnostics_at,
    }
}

/// Puts built tables where the walk met them: each table in its placeholder block, its fields
/// after every block the walk pushed (blocks are then ordered by where they start, and
/// nothing else starts inside a table, so they land right after it), and its diagnostics
/// where the walk's diagnostics stood when it met the table.
pub(crate) fn place(
    built: Vec<BuiltTable>,
    document: &mut Document,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let any_diagnostics = built.iter().any(|b| !b.diagnostics.is_empty());
    let mut walk_diagnostics = if any_diagnostics {
        std::mem::take(diagnostics).into_iter()
    } else {
        Vec::new().into_iter()
    };
    let mut taken = 0;
    for b in built {
        document.blocks[b.block_at] = Block::Table(b.table);
        document
            .blocks
            .extend(b.fields.into_iter().map(Block::Field));
        if any_diagnostics {
            diagnostics.extend(walk_diagnostics.by_ref().take(b.diagnostics_at - taken));
            taken = b.diagnostics_at;
            diagnostics.extend(b.diagnostics);
        }
    }
    diagnostics.extend(walk_diagnostics);
}
