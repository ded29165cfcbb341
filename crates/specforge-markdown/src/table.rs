//! Splitting a pipe-table line into cells the way authors mean it.
//!
//! Strict GFM splits `` `a|b` `` into two cells; authors mean one (VARIATIONS.md item 7). Here a
//! `|` inside a closed inline code span on the same line, or escaped as `\|`, does not split.

use crate::inline::{plain_text_into, trimmed_plain_text_into};
use serde::Serialize;
use specforge_model::Span;

/// A cell as a table stores it: its text is a range of the table's text.
#[derive(Debug, Clone, Copy, Serialize)]
pub(crate) struct CellData {
    pub(crate) text_start: usize,
    pub(crate) text_end: usize,
    pub(crate) span: Span,
    pub(crate) bold: bool,
    pub(crate) code: bool,
}

/// One cell of a split line: its text, its span and its markup, owned (for tests and
/// callers outside a table).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitCell {
    /// Text with markup removed and `\|` un-escaped.
    pub text: String,
    /// The trimmed cell content.
    pub span: Span,
    /// The whole cell is bold.
    pub bold: bool,
    /// The whole cell is one inline code span.
    pub code: bool,
}

/// Splits one table line (container prefixes such as `> ` already removed) into cells.
/// `base` is the byte offset of `line` in the document; every cell span is inside the line.
pub fn split_row(line: &str, base: usize) -> Vec<SplitCell> {
    let mut cells = Vec::new();
    let mut text = String::new();
    split_into(line, base, &mut cells, &mut text);
    cells
        .into_iter()
        .map(|c| SplitCell {
            text: text[c.text_start..c.text_end].to_owned(),
            span: c.span,
            bold: c.bold,
            code: c.code,
        })
        .collect()
}

/// [`split_row`] into a table's cell list, each cell's text appended to `text`. Tables
/// (`document.rs`) call it; this module does not know them.
pub(crate) fn split_into(line: &str, base: usize, cells: &mut Vec<CellData>, text: &mut String) {
    let bytes = line.as_bytes();
    let trimmed_start = line.len() - line.trim_start().len();
    let trimmed_end = line.trim_end().len();
    // The start of the cell being read, and the last splitting pipe seen.
    let mut start = 0;
    let mut last_pipe: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'`' => {
                let run = count_run(bytes, i, b'`');
                i = match find_closing_run(bytes, i + run, run) {
                    Some(close) => close + run,
                    None => i + run,
                };
            }
            b'|' => {
                // A leading pipe opens the row: it does not end a cell.
                if last_pipe.is_some() || i != trimmed_start {
                    push_cell(line, start, i, base, cells, text);
                }
                last_pipe = Some(i);
                start = i + 1;
                i += 1;
            }
            _ => i += 1,
        }
    }
    // A trailing pipe closes the row: nothing after it is a cell.
    if last_pipe.is_none_or(|p| p + 1 != trimmed_end) {
        push_cell(line, start.min(line.len()), line.len(), base, cells, text);
    }
}

fn push_cell(
    line: &str,
    start: usize,
    end: usize,
    base: usize,
    cells: &mut Vec<CellData>,
    text: &mut String,
) {
    let segment = line.get(start..end).unwrap_or("");
    let trimmed_start = segment.trim_start();
    let lead = segment.len() - trimmed_start.len();
    let raw = trimmed_start.trim_end();
    let s = start + lead;
    let bold = is_wrapped(raw, "**") || is_wrapped(raw, "__");
    let text_start = text.len();
    if memchr::memchr(b'\\', raw.as_bytes()).is_some() {
        plain_text_into(&raw.replace("\\|", "|"), text);
    } else {
        // `raw` is trimmed already.
        trimmed_plain_text_into(raw, text);
    }
    cells.push(CellData {
        text_start,
        text_end: text.len(),
        code: raw.len() >= 2 && raw.starts_with('`') && raw.ends_with('`'),
        span: Span::new(base + s, base + s + raw.len()),
        bold,
    });
}

fn is_wrapped(text: &str, marker: &str) -> bool {
    text.len() > 2 * marker.len()
        && text.starts_with(marker)
        && text.ends_with(marker)
        && !text[marker.len()..text.len() - marker.len()].contains(marker)
}

fn count_run(bytes: &[u8], at: usize, byte: u8) -> usize {
    bytes[at..].iter().take_while(|&&b| b == byte).count()
}

fn find_closing_run(bytes: &[u8], from: usize, run: usize) -> Option<usize> {
    let mut i = from;
    while i < bytes.len() {
        if bytes[i] == b'`' {
            let len = count_run(bytes, i, b'`');
            if len == run {
                return Some(i);
            }
            i += len;
        } else {
            i += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(line: &str) -> Vec<String> {
        split_row(line, 0).into_iter().map(|c| c.text).collect()
    }

    #[test]
    fn pipes_inside_code_spans_do_not_split() {
        assert_eq!(
            texts("| `s3_requests_total` | Counter | `method=PutObject|GetObject` |"),
            ["s3_requests_total", "Counter", "method=PutObject|GetObject"]
        );
    }

    #[test]
    fn escaped_pipes_are_unescaped() {
        assert_eq!(
            texts(r"| status | `open \| closed` | disk=/mnt/disk-1\|/mnt/disk-2 |"),
            ["status", "open | closed", "disk=/mnt/disk-1|/mnt/disk-2"]
        );
    }

    #[test]
    fn unclosed_backtick_is_literal_and_pipes_split() {
        assert_eq!(texts("| a`b | c |"), ["a`b", "c"]);
    }

    #[test]
    fn rows_without_outer_pipes_and_empty_cells() {
        assert_eq!(texts("a | b"), ["a", "b"]);
        assert_eq!(texts("| a |  | c |"), ["a", "", "c"]);
        assert_eq!(texts("|"), Vec::<String>::new());
    }

    #[test]
    fn spans_cover_the_trimmed_cell() {
        let line = "|  **Status**  | Approved |";
        let cells = split_row(line, 100);
        assert_eq!(
            &line[cells[0].span.start - 100..cells[0].span.end - 100],
            "**Status**"
        );
        assert!(cells[0].bold);
        assert_eq!(cells[0].text, "Status");
        assert_eq!(cells[1].span, Span::new(117, 125));
    }
}
