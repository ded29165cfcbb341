//! Templates that wrap the whole document in a ```` ```markdown ```` fence.
//!
//! CommonMark cannot nest fences of the same kind: the first bare fence inside the wrapper
//! closes it, and from there on code and prose swap places. When a `markdown`/`md` fence holds
//! nested fences that carry an info string (proof the author meant nesting), its opening and
//! closing lines are blanked (same byte length, so every span still fits the original text) and
//! the content is read as the Markdown it is. A note says so.

use specforge_model::{Code, Diagnostic, Span};
use std::borrow::Cow;

struct FenceLine {
    ch: u8,
    len: usize,
    info: bool,
}

fn fence_line(line: &str) -> Option<FenceLine> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = &line[indent..];
    let ch = *rest.as_bytes().first()?;
    if ch != b'`' && ch != b'~' {
        return None;
    }
    let len = rest.bytes().take_while(|&b| b == ch).count();
    if len < 3 {
        return None;
    }
    let info = rest[len..].trim();
    if ch == b'`' && info.contains('`') {
        return None;
    }
    Some(FenceLine {
        ch,
        len,
        info: !info.is_empty(),
    })
}

fn info_lang(line: &str) -> String {
    line.trim()
        .trim_start_matches(['`', '~'])
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// Returns the text with wrapper fences blanked, and a note per unwrapped fence.
pub(crate) fn unwrap_markdown_fences<'t>(
    text: &'t str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Cow<'t, str> {
    if !has_markdown_fence(text) {
        return Cow::Borrowed(text);
    }
    let mut lines: Vec<(usize, &str)> = Vec::new();
    let mut offset = 0;
    for line in text.split('\n') {
        lines.push((offset, line));
        offset += line.len() + 1;
    }
    let mut blank: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let Some(open) = fence_line(lines[i].1) else {
            i += 1;
            continue;
        };
        let lang = info_lang(lines[i].1);
        if (lang == "markdown" || lang == "md")
            && let Some(close) = wrapper_close(&lines, i, &open)
        {
            blank.push((i, close));
            let (start, line) = lines[i];
            diagnostics.push(
                Diagnostic::new(
                    Code::UnwrappedMarkdownFence,
                    Span::new(start, start + line.len()),
                    "this markdown fence holds nested fences; its content is read as Markdown",
                )
                .with_help("remove the wrapping fence if the document is meant to be a spec"),
            );
            i = close + 1;
            continue;
        }
        // An ordinary fence: skip to its close.
        let mut j = i + 1;
        while j < lines.len() {
            if let Some(f) = fence_line(lines[j].1)
                && f.ch == open.ch
                && f.len >= open.len
                && !f.info
            {
                break;
            }
            j += 1;
        }
        i = j + 1;
    }
    if blank.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = text.to_owned().into_bytes();
    for (open, close) in blank {
        for line in [open, close] {
            let (start, content) = lines[line];
            out[start..start + content.len()].fill(b' ');
        }
    }
    // Only ASCII bytes were replaced by ASCII spaces, so the text is still UTF-8.
    Cow::Owned(String::from_utf8(out).unwrap_or_else(|_| text.to_owned()))
}

/// True if some line is a `markdown`/`md` fence: only such a line can open a wrapper, so
/// without one the text is left as it is. Fence runs are rare: they are searched for, and only
/// their lines are looked at.
fn has_markdown_fence(text: &str) -> bool {
    let bytes = text.as_bytes();
    for fence in ["```", "~~~"] {
        let mut from = 0;
        for at in memchr::memmem::find_iter(bytes, fence) {
            if at < from {
                continue;
            }
            let line_start = bytes[..at]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            let line_end = bytes[at..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(text.len(), |i| at + i);
            // A fence line has at most three spaces before its run; the first run of the line
            // is the one that counts, and the rest of the line cannot open another.
            let line = &text[line_start..line_end];
            if bytes[line_start..at].iter().all(|&b| b == b' ')
                && fence_line(line).is_some()
                && matches!(info_lang(line).as_str(), "markdown" | "md")
            {
                return true;
            }
            from = line_end;
        }
    }
    false
}

/// Finds the line that closes a wrapper opened at `open_line`, if the wrapper holds a nested
/// fence with an info string. The close is the first bare fence, at a point where no nested
/// fence is open, followed only by blank lines and then the end, a heading or a thematic break.
fn wrapper_close(lines: &[(usize, &str)], open_line: usize, open: &FenceLine) -> Option<usize> {
    let mut inner_open: Option<usize> = None;
    let mut nested_with_info = false;
    let mut candidates = Vec::new();
    for (j, &(_, line)) in lines.iter().enumerate().skip(open_line + 1) {
        let Some(f) = fence_line(line) else { continue };
        if f.ch != open.ch {
            continue;
        }
        match inner_open {
            Some(len) if !f.info && f.len >= len => inner_open = None,
            Some(_) => {}
            None => {
                if f.info {
                    nested_with_info = true;
                } else if f.len >= open.len {
                    candidates.push(j);
                }
                inner_open = Some(f.len);
            }
        }
    }
    if !nested_with_info {
        return None;
    }
    let ends_block = |j: usize| {
        let next = lines[j + 1..]
            .iter()
            .map(|(_, l)| l.trim())
            .find(|l| !l.is_empty());
        match next {
            None => true,
            Some(l) => {
                l.starts_with('#')
                    || l.chars().all(|c| c == '-' || c == ' ')
                    || l.chars().all(|c| c == '*' || c == ' ')
            }
        }
    };
    candidates
        .iter()
        .copied()
        .find(|&j| ends_block(j))
        .or_else(|| candidates.last().copied())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapper_with_nested_fences_is_blanked() {
        let text = "# T\n\n```markdown\n# Inner\n\n```sql\nSELECT 1;\n```\n\n```\ndiagram\n```\n```\n\n---\n\n## After\n";
        let mut diags = Vec::new();
        let out = unwrap_markdown_fences(text, &mut diags);
        assert_eq!(out.len(), text.len());
        assert!(out.contains("\n           \n# Inner"));
        assert!(out.contains("```\n   \n\n---"));
        assert_eq!(diags.len(), 1);
    }

    #[test]
    fn markdown_fences_are_found_wherever_they_are() {
        for (text, found) in [
            ("```markdown\nx\n```\n", true),
            ("a\n   ~~~md\n", true),
            ("a\n    ```markdown\n", false),
            ("x ```markdown\n", false),
            ("```sql\n```\n``` MD\n", true),
            ("`````Markdown title\n", true),
            ("```json\n{}\n```\n", false),
            ("", false),
        ] {
            assert_eq!(has_markdown_fence(text), found, "{text:?}");
        }
    }

    #[test]
    fn plain_markdown_example_is_left_alone() {
        let text = "```markdown\n**Status**: Draft\n```\n";
        let mut diags = Vec::new();
        assert!(matches!(
            unwrap_markdown_fences(text, &mut diags),
            Cow::Borrowed(_)
        ));
        assert!(diags.is_empty());
    }
}
