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
        .map(|line| {
            let mut doc = String::with_capacity(line.len() + 1);
            doc.push(' ');
            escape_into(line, &mut doc);
            doc
        })
        .collect()
}

/// Splits on every kind of line break.
pub fn split_lines(text: &str) -> Vec<&str> {
    // Every line break starts with one of these bytes in UTF-8 (U+0085 is C2 85, U+2028 and
    // U+2029 are E2 80 A8 and A9); text with none of them is one line.
    if !text
        .bytes()
        .any(|b| matches!(b, b'\n' | b'\r' | 0xC2 | 0xE2))
    {
        return vec![text];
    }
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
    escape_into(line, &mut out);
    out
}

/// [`escape`], appended to `out`: the text between the characters it replaces is copied as
/// it stands.
fn escape_into(line: &str, out: &mut String) {
    let mut start = 0;
    for (i, c) in line.char_indices() {
        let replacement = match c {
            '<' => "&lt;",
            '>' => "&gt;",
            '&' => "&amp;",
            '\t' => " ",
            c if c.is_control() => "\u{FFFD}",
            _ => continue,
        };
        out.push_str(&line[start..i]);
        out.push_str(replacement);
        start = i + c.len_utf8();
    }
    out.push_str(&line[start..]);
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
        assert_eq!(split_lines(""), [""]);
        assert_eq!(
            split_lines("\u{e9}\u{2026}\u{a0}"),
            ["\u{e9}\u{2026}\u{a0}"]
        );
        assert_eq!(split_lines("a\n"), ["a", ""]);
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
