//! The `Document`: what the reader found, in source order, with spans.

use crate::table::{CellData, split_into};
use serde::Serialize;
use specforge_model::Span;

/// Index of a section in [`Document::sections`].
pub type SectionId = usize;

/// A read Markdown document: its sections (a tree kept as a flat list with parent links) and
/// its blocks in source order, each knowing the section it sits in.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Document {
    /// Every heading, in order.
    pub sections: Vec<Section>,
    /// Every block, in order of its first byte.
    pub blocks: Vec<Block>,
}

impl Document {
    /// The ids of a section and its ancestors, innermost first.
    pub fn section_ids(&self, section: Option<SectionId>) -> impl Iterator<Item = SectionId> + '_ {
        std::iter::successors(section, |&id| self.sections[id].parent)
    }

    /// Every table, in order.
    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
    }

    /// Every fenced code block, in order.
    pub fn code_blocks(&self) -> impl Iterator<Item = &CodeBlock> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Code(c) => Some(c),
            _ => None,
        })
    }

    /// Every key/value field, in order.
    pub fn fields(&self) -> impl Iterator<Item = &Field> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Field(f) => Some(f),
            _ => None,
        })
    }
}

/// A heading and the part of the document it opens.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    /// 1 to 6.
    pub level: u8,
    /// Heading text, markup removed.
    pub title: String,
    /// GitHub-style anchor, unique in the document.
    pub slug: String,
    /// The heading line.
    pub span: Span,
    /// The enclosing section.
    pub parent: Option<SectionId>,
}

/// One block-level thing the reader recognized.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "block", rename_all = "snake_case")]
pub enum Block {
    /// A heading: the start of [`Document::sections`]`[id]`.
    Heading {
        /// The section it opens.
        id: SectionId,
    },
    /// A paragraph.
    Paragraph(Paragraph),
    /// A pipe table.
    Table(Table),
    /// A fenced code block.
    Code(CodeBlock),
    /// A `**Key**: value` field, wherever written.
    Field(Field),
    /// A paragraph that is only bold text, like `**Response (201 Created):**`.
    Label(Label),
    /// A list item.
    ListItem(ListItem),
    /// An HTML comment (`<!-- specforge-allow … -->` lives here).
    Comment(Comment),
}

impl Block {
    /// The section the block sits in.
    pub fn section(&self) -> Option<SectionId> {
        match self {
            Block::Heading { id } => Some(*id),
            Block::Paragraph(b) => b.section,
            Block::Table(b) => b.section,
            Block::Code(b) => b.section,
            Block::Field(b) => b.section,
            Block::Label(b) => b.section,
            Block::ListItem(b) => b.section,
            Block::Comment(b) => b.section,
        }
    }
}

/// A paragraph of prose.
#[derive(Debug, Clone, Serialize)]
pub struct Paragraph {
    /// Text with markup removed; soft breaks kept as `\n`.
    pub text: String,
    /// The paragraph.
    pub span: Span,
    /// Enclosing section.
    pub section: Option<SectionId>,
}

/// A pipe table, split by the reader itself so that a `|` inside an inline code span stays in
/// its cell (as authors mean it) and `\|` is un-escaped.
///
/// Its cells live in one list and their plain texts in one string (a table costs a few
/// allocations, not one per cell); [`Table::header`], [`Table::rows`] and [`TableRow::cell`]
/// hand out borrowed views of them.
#[derive(Debug, Clone, Serialize)]
pub struct Table {
    /// The whole table.
    pub span: Span,
    /// Enclosing section.
    pub section: Option<SectionId>,
    /// The header row (its cells are `cells[..header.end]`).
    header: RowData,
    /// Body rows (the alignment row is not one).
    rows: Vec<RowData>,
    /// Every cell: the header's, then each row's, in order.
    cells: Vec<CellData>,
    /// The plain text of every cell, end to end.
    text: String,
}

/// A row of [`Table::cells`]: the range of its cells and its line.
#[derive(Debug, Clone, Copy, Serialize)]
struct RowData {
    start: usize,
    end: usize,
    span: Span,
}

impl Table {
    /// An empty table (no header cells yet) to fill with [`Table::push_row`]; the first row
    /// pushed is the header.
    pub(crate) fn with_capacity(rows: usize, span: Span, section: Option<SectionId>) -> Table {
        Table {
            span,
            section,
            header: RowData {
                start: 0,
                end: 0,
                span: Span::new(span.start, span.start),
            },
            rows: Vec::with_capacity(rows),
            cells: Vec::new(),
            // Plain text is hardly ever longer than its source (a capacity, not a limit).
            text: String::with_capacity(span.end.saturating_sub(span.start)),
        }
    }

    /// Splits one line into cells (see [`crate::split_row`]) and adds it: as the header if it
    /// is the first line, else as a body row.
    pub(crate) fn push_row(&mut self, line: &str, base: usize, first: bool) {
        let start = self.cells.len();
        split_into(line, base, &mut self.cells, &mut self.text);
        if first {
            // Body rows are mostly as wide as the header.
            self.cells
                .reserve((self.cells.len() - start) * self.rows.capacity());
        }
        let row = RowData {
            start,
            end: self.cells.len(),
            span: Span::new(base, base + line.trim_end().len()),
        };
        if first {
            self.header = row;
        } else {
            self.rows.push(row);
        }
    }

    fn view(&self, row: &RowData) -> TableRow<'_> {
        TableRow {
            table: self,
            cells: &self.cells[row.start..row.end],
            span: row.span,
        }
    }

    /// The header cells.
    pub fn header(&self) -> TableRow<'_> {
        self.view(&self.header)
    }

    /// The body rows (the alignment row is not one).
    pub fn rows(&self) -> impl DoubleEndedIterator<Item = TableRow<'_>> + ExactSizeIterator {
        self.rows.iter().map(|row| self.view(row))
    }

    /// The rows that hold data: not blank, and not a bold group title such as
    /// `| **Booking Module** | | |` (VARIATIONS.md item 6).
    pub fn data_rows(&self) -> impl Iterator<Item = TableRow<'_>> {
        self.rows()
            .filter(|row| !row.cells().all(|c| c.is_blank() || c.bold))
    }
}

/// A row of a table (the header, or a body row): a view into the [`Table`].
#[derive(Clone, Copy)]
pub struct TableRow<'a> {
    table: &'a Table,
    cells: &'a [CellData],
    /// The row's line.
    pub span: Span,
}

impl std::fmt::Debug for TableRow<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TableRow")
            .field("cells", &self.cells().collect::<Vec<_>>())
            .field("span", &self.span)
            .finish()
    }
}

impl<'a> TableRow<'a> {
    /// The cell in column `index`, if the row has one.
    pub fn cell(&self, index: usize) -> Option<TableCell<'a>> {
        let table = self.table;
        self.cells.get(index).map(|c| TableCell::of(table, c))
    }

    /// The cells, as many as written (may differ from the header).
    pub fn cells(&self) -> impl DoubleEndedIterator<Item = TableCell<'a>> + ExactSizeIterator + 'a {
        let table = self.table;
        self.cells.iter().map(move |c| TableCell::of(table, c))
    }

    /// The number of cells.
    pub fn len(&self) -> usize {
        self.cells.len()
    }

    /// True for a row with no cells.
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }
}

/// One cell, borrowed from its [`Table`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableCell<'a> {
    /// Text with markup removed and `\|` un-escaped (the source is at `span`).
    pub text: &'a str,
    /// The trimmed cell content (an empty cell has an empty span at its position).
    pub span: Span,
    /// The whole cell is bold (`**…**`): in a data table, a group title.
    pub bold: bool,
    /// The whole cell is one inline code span (`` `name` ``).
    pub code: bool,
}

impl<'a> TableCell<'a> {
    fn of(table: &'a Table, cell: &CellData) -> Self {
        TableCell {
            text: table.text.get(cell.text_start..cell.text_end).unwrap_or(""),
            span: cell.span,
            bold: cell.bold,
            code: cell.code,
        }
    }

    /// True for cells that say nothing: blank, `-`, `—`, `–`, `N/A`, `None`, `n/a`.
    pub fn is_blank(&self) -> bool {
        let t = self.text.trim();
        t.is_empty()
            || matches!(
                t,
                "-" | "—" | "–" | "--" | "N/A" | "n/a" | "NA" | "None" | "none"
            )
    }
}

/// A fenced code block.
#[derive(Debug, Clone, Serialize)]
pub struct CodeBlock {
    /// The info string as written (`json`, `sql title="x"`).
    pub info: String,
    /// First word of the info string, lowercased (`json`, `sql`, `http`); empty for none.
    pub lang: String,
    /// The body text.
    pub body: String,
    /// Byte offset of the body's first character.
    pub body_offset: usize,
    /// The whole block, fences included.
    pub span: Span,
    /// Whether a closing fence was found.
    pub closed: bool,
    /// Enclosing section.
    pub section: Option<SectionId>,
}

/// Where a field was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldForm {
    /// `**Key**: value` or `**Key:** value` on a line of a paragraph.
    Line,
    /// The same inside a blockquote (`> **Status:** Approved`).
    Blockquote,
    /// A two-column table row (`| **Status** | Approved |`, or a Field/Value table).
    TableRow,
    /// A list item (`- **Key**: value`).
    ListItem,
    /// A `key: value` line of YAML front matter.
    FrontMatter,
}

/// A key/value pair.
#[derive(Debug, Clone, Serialize)]
pub struct Field {
    /// The key, markup removed, without its colon.
    pub key: String,
    /// The value, markup removed (the source is at `value_span`).
    pub value: String,
    /// The key.
    pub key_span: Span,
    /// The value (empty span at the end of the key when there is no value).
    pub value_span: Span,
    /// Where it was written.
    pub form: FieldForm,
    /// Enclosing section.
    pub section: Option<SectionId>,
}

/// A paragraph that is only bold text, optionally followed by a colon.
#[derive(Debug, Clone, Serialize)]
pub struct Label {
    /// The bold text, markup removed, without the trailing colon.
    pub text: String,
    /// The paragraph.
    pub span: Span,
    /// Enclosing section.
    pub section: Option<SectionId>,
}

/// A list item.
#[derive(Debug, Clone, Serialize)]
pub struct ListItem {
    /// The item's own text (not its nested lists), markup removed.
    pub text: String,
    /// The item's first line as written, marker removed.
    pub raw: String,
    /// Byte offset of `raw` in the text.
    pub raw_offset: usize,
    /// The item.
    pub span: Span,
    /// Enclosing section.
    pub section: Option<SectionId>,
}

/// An HTML comment.
#[derive(Debug, Clone, Serialize)]
pub struct Comment {
    /// The text between `<!--` and `-->`, trimmed.
    pub text: String,
    /// The comment.
    pub span: Span,
    /// Enclosing section.
    pub section: Option<SectionId>,
}
