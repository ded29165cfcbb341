//! Markdown to [`Document`]: the first stage of the specforge pipeline.
//!
//! [`decode`] turns the file's bytes into normalized text (UTF-8 checked, BOM stripped,
//! CRLF folded to LF, size capped); [`read`] turns that text into a [`Document`]: nested
//! sections, pipe tables with a span per cell, fenced code blocks, key/value fields, labelled
//! paragraphs, list items and HTML comments. The reader knows nothing about endpoints or SQL.
//!
//! Architecture invariant: [`read`] never fails and never panics. Malformed input becomes
//! diagnostics next to whatever could still be read, and every span lies inside the text.

mod document;
mod fields;
mod halves;
mod inline;
mod reader;
mod slug;
mod source;
mod table;
mod table_jobs;
#[cfg(test)]
mod test_support;
mod unwrap;

pub use document::{
    Block, CodeBlock, Comment, Document, Field, FieldForm, Label, ListItem, Paragraph, Section,
    SectionId, Table, TableCell, TableRow,
};
pub use inline::plain_text;
pub use reader::read;
pub use slug::Slugger;
pub use source::{DEFAULT_MAX_INPUT_BYTES, DecodeError, decode};
pub use table::{SplitCell, split_row};
