//! Key/value fields and labels written on one line: `**Key**: value`, `**Key:** value`,
//! `**Response (201 Created):**`.

use crate::inline::plain_text;
use std::ops::Range;

/// What one line of a paragraph is.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum LineShape {
    /// `**Key**: value` or `**Key:** value`; ranges are into the line.
    Field {
        key: Range<usize>,
        value: Range<usize>,
    },
    /// Only bold text, optionally with a colon: the inner text's range.
    Label { inner: Range<usize> },
    /// Anything else.
    Prose,
}

/// Classifies a line whose container prefix (`> `, list marker) is already removed.
pub(crate) fn shape_of(line: &str) -> LineShape {
    let lead = line.len() - line.trim_start().len();
    let body = line.trim();
    let marker = if body.starts_with("**") {
        "**"
    } else if body.starts_with("__") {
        "__"
    } else {
        return LineShape::Prose;
    };
    let inner_start = lead + marker.len();
    let Some(close_rel) = find_pair(&line.as_bytes()[inner_start..], marker.as_bytes()[0]) else {
        return LineShape::Prose;
    };
    let inner = inner_start..inner_start + close_rel;
    if inner.is_empty() || line[inner.clone()].trim().is_empty() {
        return LineShape::Prose;
    }
    let after_bold = inner.end + marker.len();
    let rest = &line[after_bold..];
    let inner_text = &line[inner.clone()];
    let (key, value_start) = if let Some(stripped) = inner_text.trim_end().strip_suffix(':') {
        // `**Key:** value`
        (inner.start..inner.start + stripped.len(), after_bold)
    } else if let Some(colon) = rest.trim_start().strip_prefix(':') {
        // `**Key**: value`
        (inner.clone(), line.len() - colon.len())
    } else if rest.trim().is_empty() {
        return LineShape::Label { inner };
    } else {
        return LineShape::Prose;
    };
    let value_lead = line[value_start..].len() - line[value_start..].trim_start().len();
    let value = value_start + value_lead..line.trim_end().len().max(value_start + value_lead);
    if value.is_empty() {
        return LineShape::Label { inner: key };
    }
    if key.len() > 80 {
        return LineShape::Prose;
    }
    LineShape::Field { key, value }
}

/// Where two `byte`s in a row (`**` or `__`) first occur: `str::find` without building a
/// substring searcher for a two-byte pattern.
fn find_pair(haystack: &[u8], byte: u8) -> Option<usize> {
    let mut from = 0;
    while let Some(at) = memchr::memchr(byte, &haystack[from..]) {
        let at = from + at;
        if haystack.get(at + 1) == Some(&byte) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// The plain text of a label's inner range, without a trailing colon.
pub(crate) fn label_text(line: &str, inner: Range<usize>) -> String {
    let text = plain_text(&line[inner]);
    text.trim_end_matches(':').trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(line: &str) -> Option<(&str, &str)> {
        match shape_of(line) {
            LineShape::Field { key, value } => Some((&line[key], &line[value])),
            _ => None,
        }
    }

    #[test]
    fn both_colon_placements() {
        assert_eq!(field("**Status**: Approved"), Some(("Status", "Approved")));
        assert_eq!(
            field("**Status:** Approved  "),
            Some(("Status", "Approved"))
        );
        assert_eq!(
            field("**Document Status**: DRAFT | IN_REVIEW"),
            Some(("Document Status", "DRAFT | IN_REVIEW"))
        );
        assert_eq!(field("__Owner__: Kim"), Some(("Owner", "Kim")));
    }

    #[test]
    fn labels_and_prose() {
        assert_eq!(
            shape_of("**Response (201 Created):**"),
            LineShape::Label { inner: 2..24 }
        );
        assert_eq!(
            label_text("**Response (201 Created):**", 2..24),
            "Response (201 Created)"
        );
        assert!(matches!(
            shape_of("**POST /api/v1/x**"),
            LineShape::Label { .. }
        ));
        assert!(matches!(shape_of("**Request:**"), LineShape::Label { .. }));
        assert_eq!(shape_of("**Bold** lead-in text"), LineShape::Prose);
        assert_eq!(shape_of("plain"), LineShape::Prose);
        assert_eq!(shape_of("**unclosed"), LineShape::Prose);
    }
}
