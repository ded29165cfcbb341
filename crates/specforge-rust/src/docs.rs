//! Spec text as rustdoc lines.
//!
//! Every line break the text may hold (`\n`, `\r\n`, `\r`, U+2028, U+2029, U+0085) splits it
//! into separate `#[doc]` attributes, each a single line, so prettyplease prints them as `///`
//! comments that no text can end early (a `*/` is harmless in a line comment; a bare CR, which
//! rustc refuses in doc comments, never gets there). `<`, `>` and `&` become HTML entities, so
//! rustdoc shows HTML and `javascript:` links in descriptions as the literal text they are
//! instead of rendering them. Other control characters are replaced by U+FFFD.

/// The doc lines for `text`, each with the leading space `///` comments carry.
pub fn doc_lines(text: &str) -> Vec<String> {
    split_lines(text)
        .into_iter()
        .map(|line| format!(" {}", escape(line)))
        .collect()
}

/// Splits on every kind of line break.
pub fn split_lines(text: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}') {
            lines.push(&text[start..i]);
            start = i + c.len_utf8();
            if c == '\r' && chars.peek().is_some_and(|&(_, n)| n == '\n') {
                chars.next();
                start += 1;
            }
        }
    }
    lines.push(&text[start..]);
    lines
}

/// What rustdoc should show for one line: the text itself, literally.
pub fn escape(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\t' => out.push(' '),
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_break_splits() {
        assert_eq!(
            split_lines("a\nb\r\nc\rd\u{2028}e\u{2029}f\u{85}g"),
            ["a", "b", "c", "d", "e", "f", "g"]
        );
        assert_eq!(split_lines("one"), ["one"]);
    }

    #[test]
    fn html_is_shown_not_rendered() {
        assert_eq!(
            escape("<b>x</b> & javascript:alert(1)"),
            "&lt;b&gt;x&lt;/b&gt; &amp; javascript:alert(1)"
        );
        assert_eq!(escape("*/ \" \\ \")]"), "*/ \" \\ \")]");
        assert_eq!(escape("bell\u{7}"), "bell\u{FFFD}");
    }
}
