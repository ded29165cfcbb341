//! The `Document`: what the reader found, in source order, with spans.

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
#[derive(Debug, Clone, Serialize)]
pub struct Table {
    /// Header cells.
    pub header: Vec<TableCell>,
    /// Body rows (the alignment row is not one).
    pub rows: Vec<TableRow>,
    /// The whole table.
    pub span: Span,
    /// Enclosing section.
    pub section: Option<SectionId>,
}

impl Table {
    /// The rows that hold data: not blank, and not a bold group title such as
    /// `| **Booking Module** | | |` (VARIATIONS.md item 6).
    pub fn data_rows(&self) -> impl Iterator<Item = &TableRow> {
        self.rows
            .iter()
            .filter(|row| !row.cells.iter().all(|c| c.is_blank() || c.bold))
    }
}

/// A table body row.
#[derive(Debug, Clone, Serialize)]
pub struct TableRow {
    /// Cells, as many as written (may differ from the header).
    pub cells: Vec<TableCell>,
    /// The row's line.
    pub span: Span,
}

impl TableRow {
    /// The cell in column `index`, if the row has one.
    pub fn cell(&self, index: usize) -> Option<&TableCell> {
        self.cells.get(index)
    }
}

/// One cell.
#[derive(Debug, Clone, Serialize)]
pub struct TableCell {
    /// Text with markup removed and `\|` un-escaped (the source is at `span`).
    pub text: String,
    /// The trimmed cell content (an empty cell has an empty span at its position).
    pub span: Span,
    /// The whole cell is bold (`**…**`): in a data table, a group title.
    pub bold: bool,
    /// The whole cell is one inline code span (`` `name` ``).
    pub code: bool,
}

impl TableCell {
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
