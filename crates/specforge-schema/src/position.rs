//! Turning sqlparser's line/column locations (1-based, relative to a fence body, columns in
//! characters) into byte spans into the spec.

use specforge_model::{LineCol, LineIndex, Span};

/// Positions of one fence body within the spec.
#[derive(Debug, Clone)]
pub struct BodyPositions<'a> {
    body: &'a str,
    lines: LineIndex,
    offset: usize,
    fence: Span,
    /// The fence's dialect (MySQL and SQLite forms are translated).
    pub(crate) dialect: specforge_model::SqlDialect,
}

impl<'a> BodyPositions<'a> {
    /// Indexes `body`, which starts at byte `offset` of the spec inside the fence `fence`.
    pub fn new(body: &'a str, offset: usize, fence: Span) -> Self {
        BodyPositions {
            body,
            lines: LineIndex::new(body),
            offset,
            fence,
            dialect: specforge_model::SqlDialect::Postgres,
        }
    }

    /// The spec byte range of the body.
    pub fn range(&self) -> (usize, usize) {
        (self.offset, self.offset + self.body.len())
    }

    /// Byte offset into the body of a 1-based line and character column; `None` when 0.
    fn byte(&self, line: u64, column: u64) -> Option<usize> {
        let position = LineCol {
            line: usize::try_from(line).ok()?,
            column: usize::try_from(column).ok()?,
        };
        self.lines.offset(self.body, position)
    }

    /// The spec span of a sqlparser span; the fence span when it is empty or unknown.
    pub fn span(&self, span: sqlparser::tokenizer::Span) -> Span {
        let start = self.byte(span.start.line, span.start.column);
        let end = self.byte(span.end.line, span.end.column);
        match (start, end) {
            (Some(s), Some(e)) if e > s => Span::new(s, e).shifted(self.offset),
            (Some(s), _) => {
                let e = self
                    .body
                    .get(s..)
                    .and_then(|rest| rest.char_indices().nth(1))
                    .map_or(self.body.len(), |(i, _)| s + i);
                if e > s {
                    Span::new(s, e).shifted(self.offset)
                } else {
                    self.fence
                }
            }
            _ => self.fence,
        }
    }

    /// The old name a `-- renamed from x` comment declares on the line where the spec span
    /// `at` ends (a column definition), or on that line or the line above it when `above` (a
    /// `CREATE TABLE`, whose span starts on its first line).
    pub fn renamed_on_line(&self, at: usize, above: bool) -> Option<String> {
        let at = at.checked_sub(self.offset)?.min(self.body.len());
        let start = self.body[..at].rfind('\n').map_or(0, |i| i + 1);
        let end = self.body[at..]
            .find('\n')
            .map_or(self.body.len(), |i| at + i);
        let comment = |line: &str| {
            line.find("--")
                .and_then(|i| specforge_model::naming::renamed_from(&line[i + 2..]))
        };
        if above {
            let this = &self.body[start..end];
            if let Some(found) = comment(this) {
                return Some(found);
            }
            let before = self.body[..start.saturating_sub(1)]
                .rsplit('\n')
                .next()
                .unwrap_or("");
            return before
                .trim_start()
                .starts_with("--")
                .then(|| comment(before))
                .flatten();
        }
        // A column's own line: its comment follows the definition (after the comma).
        comment(&self.body[at..end])
    }

    /// The span of the location named in a sqlparser error message (`… at Line: 3, Column:
    /// 5`), if any.
    pub fn error_span(&self, message: &str) -> Option<Span> {
        let at = message.rfind("Line: ")?;
        let rest = &message[at + 6..];
        let (line, rest) = rest.split_once(", Column: ")?;
        let column: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
        let line: u64 = line.trim().parse().ok()?;
        let column: u64 = column.parse().ok()?;
        let loc = sqlparser::tokenizer::Location { line, column };
        Some(self.span(sqlparser::tokenizer::Span::new(loc, loc)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlparser::tokenizer::{Location, Span as PSpan};

    #[test]
    fn lines_and_character_columns() {
        let body = "ab\nçé x\n";
        let p = BodyPositions::new(body, 100, Span::new(90, 120));
        let s = p.span(PSpan::new(Location::new(2, 4), Location::new(2, 5)));
        assert_eq!(s, Span::new(100 + 8, 100 + 9));
        assert_eq!(&body[8..9], "x");
        assert_eq!(p.span(PSpan::empty()), Span::new(90, 120));
        assert_eq!(
            p.span(PSpan::new(Location::new(9, 1), Location::new(9, 2))),
            Span::new(90, 120)
        );
        assert_eq!(
            p.error_span("Expected: foo, found: x at Line: 2, Column: 4"),
            Some(Span::new(108, 109))
        );
    }
}
