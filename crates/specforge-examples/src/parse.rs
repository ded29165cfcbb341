//! The lenient JSON reader behind [`crate::parse`].
//!
//! A hand-written recursive-descent reader over the example text. Besides standard JSON it
//! accepts `//`, `/* */` and line-start `#` comments, trailing (and doubled) commas, a missing
//! comma at a line break, single-quoted strings, unquoted keys, `...` / `…` placeholders,
//! leading label lines (`Request:`) and trailing prose. It runs in linear time, never panics,
//! and stops at a nesting depth of [`MAX_DEPTH`] instead of exhausting the stack.

use crate::Value;
use specforge_model::{Code, Diagnostic, Span};

/// Deepest nesting of objects and arrays read before giving up.
const MAX_DEPTH: usize = 128;

/// Help line for an example that cannot be read.
const UNREADABLE_HELP: &str = "fix the example; besides JSON, specforge reads comments, `...` placeholders, \
     trailing commas, single-quoted strings and unquoted keys";

/// Reads the example `text`, written at byte `offset` of the spec.
pub(crate) fn parse(text: &str, offset: usize) -> (Option<Value>, Vec<Diagnostic>) {
    let mut parser = Parser {
        src: text,
        pos: 0,
        offset,
    };
    let mut diagnostics = Vec::new();
    let value = match parser.document() {
        Ok(Some(value)) => {
            if let Some(span) = parser.trailing_text() {
                diagnostics.push(
                    Diagnostic::new(
                        Code::ExampleTrailingText,
                        span,
                        "text after the example's value is ignored",
                    )
                    .with_help("move the prose out of the code block, or make it a `//` comment"),
                );
            }
            Some(value)
        }
        Ok(None) => None,
        Err(stop) => {
            diagnostics.push(
                Diagnostic::new(
                    Code::ExampleUnreadable,
                    stop.span,
                    format!("example cannot be read: {}", stop.message),
                )
                .with_help(stop.help.unwrap_or(UNREADABLE_HELP)),
            );
            None
        }
    };
    (value, diagnostics)
}

/// Why reading stopped: the place and what was wrong there.
struct Stop {
    /// Spec-wide span of the offending token.
    span: Span,
    /// What was wrong, lowercase.
    message: String,
    /// A help line more specific than [`UNREADABLE_HELP`].
    help: Option<&'static str>,
}

/// What a run of white space and comments held.
#[derive(Default)]
struct Trivia {
    /// A line break was crossed.
    newline: bool,
    /// A comment starting with `...` / `…` (`// ... other fields`) was seen.
    ellipsis: bool,
}

/// The reader's state: the text, the cursor, and where the text sits in the spec.
struct Parser<'a> {
    src: &'a str,
    pos: usize,
    offset: usize,
}

/// Characters of unquoted keys and bare words.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$' || c == '-'
}

/// Characters of a number token (read greedily, then checked).
fn is_number_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '.' || c == '+' || c == '-'
}

/// Whether a comment's text is a `...` placeholder (`// ... other fields`).
fn comment_is_ellipsis(text: &str) -> bool {
    let text = text.trim_start();
    text.starts_with("...") || text.starts_with('…')
}

/// JSON number grammar, plus leading zeros.
fn is_json_number(token: &str) -> bool {
    let bytes = token.as_bytes();
    let mut i = usize::from(bytes.first() == Some(&b'-'));
    let digits = |i: &mut usize| {
        let start = *i;
        while bytes.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i > start
    };
    if !digits(&mut i) {
        return false;
    }
    if bytes.get(i) == Some(&b'.') {
        i += 1;
        if !digits(&mut i) {
            return false;
        }
    }
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(bytes.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !digits(&mut i) {
            return false;
        }
    }
    i == bytes.len()
}

impl<'a> Parser<'a> {
    /// Spec-wide span of the local range `start..end`.
    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(start + self.offset, end + self.offset)
    }

    /// A stop at the character under the cursor (or the empty end of the text).
    fn stop_here(&self, message: impl Into<String>) -> Stop {
        let end = self.pos + self.peek().map_or(0, char::len_utf8);
        Stop {
            span: self.span(self.pos, end),
            message: message.into(),
            help: None,
        }
    }

    /// The character under the cursor.
    fn peek(&self) -> Option<char> {
        self.src
            .get(self.pos..)
            .and_then(|rest| rest.chars().next())
    }

    /// The text from the cursor on.
    fn rest(&self) -> &'a str {
        self.src.get(self.pos..).unwrap_or("")
    }

    /// Moves past the character under the cursor.
    fn bump(&mut self) {
        self.pos += self.peek().map_or(0, char::len_utf8);
    }

    /// Moves to the end of the current line (before its `\n`).
    fn skip_to_line_end(&mut self) {
        self.pos += self.rest().find('\n').unwrap_or(self.rest().len());
    }

    /// Whether only spaces and tabs precede the cursor on its line.
    fn at_line_start(&self) -> bool {
        self.src
            .get(..self.pos)
            .unwrap_or("")
            .bytes()
            .rev()
            .take_while(|&b| b != b'\n')
            .all(|b| b == b' ' || b == b'\t')
    }

    /// Skips white space and comments.
    fn skip_trivia(&mut self) -> Result<Trivia, Stop> {
        let mut trivia = Trivia::default();
        loop {
            let rest = self.rest();
            let Some(c) = rest.chars().next() else {
                return Ok(trivia);
            };
            if c == '\n' {
                trivia.newline = true;
                self.pos += 1;
            } else if c.is_whitespace() || c == '\u{feff}' {
                self.pos += c.len_utf8();
            } else if rest.starts_with("//") || (c == '#' && self.at_line_start()) {
                let body_start = self.pos + c.len_utf8() * if c == '#' { 1 } else { 2 };
                self.skip_to_line_end();
                let body = self.src.get(body_start..self.pos).unwrap_or("");
                trivia.ellipsis |= comment_is_ellipsis(body);
            } else if rest.starts_with("/*") {
                let Some(close) = rest.get(2..).and_then(|r| r.find("*/")) else {
                    return Err(Stop {
                        span: self.span(self.pos, self.pos + 2),
                        message: "a `/*` comment is never closed".into(),
                        help: Some("close the comment with `*/`"),
                    });
                };
                let body = rest.get(2..2 + close).unwrap_or("");
                trivia.ellipsis |= comment_is_ellipsis(body);
                trivia.newline |= body.contains('\n');
                self.pos += close + 4;
            } else {
                return Ok(trivia);
            }
        }
    }

    /// Length of a `...` / `…` placeholder at the cursor, if one is there.
    fn placeholder_len(&self) -> Option<usize> {
        let rest = self.rest();
        if rest.starts_with('…') {
            return Some('…'.len_utf8());
        }
        let dots = rest.bytes().take_while(|&b| b == b'.').count();
        (dots >= 3).then_some(dots)
    }

    /// The whole example: skips label lines, reads the first value.
    fn document(&mut self) -> Result<Option<Value>, Stop> {
        loop {
            self.skip_trivia()?;
            let Some(c) = self.peek() else {
                return Ok(None);
            };
            if c == '{' || c == '[' {
                return self.value(0).map(Some);
            }
            if let Some(value) = self.line_scalar() {
                return Ok(Some(value));
            }
            if let Some(at) = self.labelled_bracket() {
                // `Request: {"a": 1}` on one line: read from the bracket.
                self.pos += at;
                return self.value(0).map(Some);
            }
            // A prose line (`Request:`, `Response: 201 Created`, `None`): skip it.
            self.skip_to_line_end();
        }
    }

    /// A scalar standing alone on its line (`"ok"`, `42`, `null`), or `None` with the cursor
    /// unmoved.
    fn line_scalar(&mut self) -> Option<Value> {
        let start = self.pos;
        let value = self.value(0).ok();
        let rest = self.rest();
        let line_rest = rest.get(..rest.find('\n').unwrap_or(rest.len()))?;
        let line_rest = line_rest.trim();
        if value.is_some() && (line_rest.is_empty() || line_rest.starts_with("//")) {
            return value;
        }
        self.pos = start;
        None
    }

    /// In a line `Label: {…` (a label without quotes or brackets, ending in `:` or `:**`), the byte
    /// distance from the cursor to the bracket.
    fn labelled_bracket(&self) -> Option<usize> {
        let rest = self.rest();
        let line = rest.get(..rest.find('\n').unwrap_or(rest.len()))?;
        let at = line.find(['{', '['])?;
        let label = line.get(..at)?.trim_end().trim_end_matches(['*', '_']);
        let plain = !label.contains(['"', '\'', '}', ']']);
        (plain && label.ends_with(':')).then_some(at)
    }

    /// The span of anything but white space and comments after the value, if there is any.
    fn trailing_text(&mut self) -> Option<Span> {
        let start = self.pos;
        if self.skip_trivia().is_ok() && self.peek().is_none() {
            return None;
        }
        let rest = self.src.get(start..).unwrap_or("");
        let trimmed_start = rest.len() - rest.trim_start().len();
        let trimmed_end = rest.trim_end().len();
        Some(self.span(start + trimmed_start, start + trimmed_end))
    }

    /// One value at the cursor.
    fn value(&mut self, depth: usize) -> Result<Value, Stop> {
        let Some(c) = self.peek() else {
            return Err(self.stop_here("expected a value, found the end of the example"));
        };
        match c {
            '{' => self.object(depth),
            '[' => self.array(depth),
            '"' | '\'' => {
                let (text, span) = self.string()?;
                Ok(Value::String(text, span))
            }
            '.' | '…' => match self.placeholder_len() {
                Some(len) => {
                    let start = self.pos;
                    self.pos += len;
                    Ok(Value::Placeholder(self.span(start, self.pos)))
                }
                None => Err(self.stop_here("expected a value, found `.`")),
            },
            '-' | '+' | '0'..='9' => self.number(),
            c if is_word_char(c) => self.word(),
            c => Err(self.stop_here(format!("expected a value, found `{c}`"))),
        }
    }

    /// A number token, kept as written; `NaN` and `Infinity` are left for inference to refuse.
    fn number(&mut self) -> Result<Value, Stop> {
        let start = self.pos;
        let len = self
            .rest()
            .find(|c: char| !is_number_char(c))
            .unwrap_or(self.rest().len());
        self.pos += len;
        let token = self.src.get(start..self.pos).unwrap_or("");
        let span = self.span(start, self.pos);
        if is_json_number(token) || matches!(token, "-Infinity" | "+Infinity") {
            Ok(Value::Number(token.to_string(), span))
        } else {
            Err(Stop {
                span,
                message: format!("`{token}` is not a number"),
                help: Some("write a JSON number, or quote the value as a string"),
            })
        }
    }

    /// A bare word: `true`, `false`, `null`, `NaN`, `Infinity`.
    fn word(&mut self) -> Result<Value, Stop> {
        let start = self.pos;
        let (word, span) = self.bare_word();
        match word {
            "true" => Ok(Value::Bool(true, span)),
            "false" => Ok(Value::Bool(false, span)),
            "null" => Ok(Value::Null(span)),
            "NaN" | "Infinity" => Ok(Value::Number(word.to_string(), span)),
            _ => {
                self.pos = start;
                Err(Stop {
                    span,
                    message: format!("`{word}` is not a JSON value"),
                    help: Some("quote the value as a string"),
                })
            }
        }
    }

    /// The run of word characters at the cursor, and its span.
    fn bare_word(&mut self) -> (&'a str, Span) {
        let start = self.pos;
        let len = self
            .rest()
            .find(|c: char| !is_word_char(c))
            .unwrap_or(self.rest().len());
        self.pos += len;
        (
            self.src.get(start..self.pos).unwrap_or(""),
            self.span(start, self.pos),
        )
    }

    /// A `"…"` or `'…'` string, unescaped. A string does not cross a line break.
    fn string(&mut self) -> Result<(String, Span), Stop> {
        let start = self.pos;
        let Some(quote) = self.peek() else {
            return Err(self.stop_here("expected a string"));
        };
        self.bump();
        let mut out = String::new();
        loop {
            let Some(c) = self.peek() else {
                return Err(self.unterminated(start));
            };
            match c {
                '\n' => return Err(self.unterminated(start)),
                c if c == quote => {
                    self.bump();
                    return Ok((out, self.span(start, self.pos)));
                }
                '\\' => {
                    self.bump();
                    self.escape(&mut out, start)?;
                }
                c => {
                    out.push(c);
                    self.bump();
                }
            }
        }
    }

    /// The stop for a string opened at `start` and not closed on its line.
    fn unterminated(&self, start: usize) -> Stop {
        let line_end = start
            + self
                .src
                .get(start..)
                .and_then(|r| r.find('\n'))
                .unwrap_or(self.src.len() - start);
        let text = self.src.get(start..line_end).unwrap_or("");
        Stop {
            span: self.span(start, start + text.trim_end().len()),
            message: "a string is not closed on its line".into(),
            help: Some("close the string with the quote it was opened with"),
        }
    }

    /// One escape after a backslash, appended to `out`.
    fn escape(&mut self, out: &mut String, string_start: usize) -> Result<(), Stop> {
        let Some(c) = self.peek() else {
            return Err(self.unterminated(string_start));
        };
        self.bump();
        match c {
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'u' => {
                let high = self.hex4()?;
                let code = if (0xD800..0xDC00).contains(&high) && self.rest().starts_with("\\u") {
                    let save = self.pos;
                    self.pos += 2;
                    let low = self.hex4()?;
                    if (0xDC00..0xE000).contains(&low) {
                        0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        self.pos = save;
                        high
                    }
                } else {
                    high
                };
                out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
            }
            '\n' => return Err(self.unterminated(string_start)),
            // `\"`, `\\`, `\/`, `\'` and, leniently, any other escaped character.
            c => out.push(c),
        }
        Ok(())
    }

    /// Four hex digits after `\u`.
    fn hex4(&mut self) -> Result<u32, Stop> {
        let start = self.pos;
        let digits = self
            .rest()
            .get(..4)
            .filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()));
        match digits.and_then(|d| u32::from_str_radix(d, 16).ok()) {
            Some(code) => {
                self.pos += 4;
                Ok(code)
            }
            None => Err(Stop {
                span: self.span(start.saturating_sub(2), start),
                message: "`\\u` is not followed by four hex digits".into(),
                help: Some("write `\\u` and four hex digits, e.g. `\\u00e9`"),
            }),
        }
    }

    /// An object key: a string or an unquoted word.
    fn key(&mut self) -> Result<(String, Span), Stop> {
        match self.peek() {
            Some('"' | '\'') => self.string(),
            Some(c) if is_word_char(c) => {
                let (word, span) = self.bare_word();
                Ok((word.to_string(), span))
            }
            Some(c) => Err(self.stop_here(format!("expected a key, found `{c}`"))),
            None => Err(self.stop_here("expected a key, found the end of the example")),
        }
    }

    /// The stop for a container opened at `start` and never closed.
    fn unclosed(&self, start: usize, bracket: char) -> Stop {
        Stop {
            span: self.span(start, start + 1),
            message: format!("`{bracket}` is never closed"),
            help: Some("close every `{` with `}` and every `[` with `]`"),
        }
    }

    /// The stop for nesting deeper than [`MAX_DEPTH`].
    fn too_deep(&self) -> Stop {
        Stop {
            span: self.span(self.pos, self.pos + 1),
            message: format!("nested more than {MAX_DEPTH} levels deep"),
            help: Some("shorten the example; deeper levels can be shown as `{ ... }`"),
        }
    }

    /// After an item: a comma, the closing bracket, or a line break (a forgotten comma).
    /// Returns whether a `...` comment was seen.
    fn separator(&mut self, close: char, what: &str) -> Result<bool, Stop> {
        let trivia = self.skip_trivia()?;
        match self.peek() {
            Some(',') => {
                self.bump();
                Ok(trivia.ellipsis)
            }
            Some(c) if c == close => Ok(trivia.ellipsis),
            None => Ok(trivia.ellipsis),
            Some(_) if trivia.newline => Ok(trivia.ellipsis),
            Some(c) => Err(self.stop_here(format!(
                "expected `,` or `{close}` after {what}, found `{c}`"
            ))),
        }
    }

    /// `{ … }`.
    fn object(&mut self, depth: usize) -> Result<Value, Stop> {
        if depth >= MAX_DEPTH {
            return Err(self.too_deep());
        }
        let start = self.pos;
        self.bump();
        let mut fields = Vec::new();
        let mut open = false;
        loop {
            open |= self.skip_trivia()?.ellipsis;
            match self.peek() {
                None => return Err(self.unclosed(start, '{')),
                Some('}') => {
                    self.bump();
                    break;
                }
                Some(',') => {
                    self.bump();
                    continue;
                }
                Some(_) => {}
            }
            if let Some(len) = self.placeholder_len() {
                self.pos += len;
                open = true;
            } else {
                let (key, key_span) = self.key()?;
                self.skip_trivia()?;
                if self.peek() != Some(':') {
                    let found = self
                        .peek()
                        .map_or("the end of the example".to_string(), |c| format!("`{c}`"));
                    return Err(self.stop_here(format!("expected `:` after a key, found {found}")));
                }
                self.bump();
                open |= self.skip_trivia()?.ellipsis;
                let value = self.value(depth + 1)?;
                if key == "..." || key == "…" {
                    open = true;
                } else {
                    fields.push((key, key_span, value));
                }
            }
            open |= self.separator('}', "a member")?;
        }
        Ok(Value::Object {
            fields,
            open,
            span: self.span(start, self.pos),
        })
    }

    /// `[ … ]`.
    fn array(&mut self, depth: usize) -> Result<Value, Stop> {
        if depth >= MAX_DEPTH {
            return Err(self.too_deep());
        }
        let start = self.pos;
        self.bump();
        let mut items = Vec::new();
        let mut open = false;
        loop {
            open |= self.skip_trivia()?.ellipsis;
            match self.peek() {
                None => return Err(self.unclosed(start, '[')),
                Some(']') => {
                    self.bump();
                    break;
                }
                Some(',') => {
                    self.bump();
                    continue;
                }
                Some(_) => {}
            }
            match self.value(depth + 1)? {
                Value::Placeholder(_) => open = true,
                value => items.push(value),
            }
            open |= self.separator(']', "an item")?;
        }
        Ok(Value::Array {
            items,
            open,
            span: self.span(start, self.pos),
        })
    }
}
