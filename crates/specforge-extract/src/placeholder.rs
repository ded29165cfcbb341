//! Unfilled template placeholders: `[Project Name]`, `{Name}`, `[table_name]`, `YYYY-MM-DD`,
//! `[HTTP Method] [Path]`.
//!
//! Only text inside extracted constructs is scanned, so a link, a checkbox, a path parameter
//! `{id}`, a JSON array or a regex character class elsewhere never trips it. In prose and
//! cells, text inside code spans and fences is content (`{MS}-{YYYY}-{SEQ:06d}` is a format
//! string, `` `[EXISTS]` `` a literal), never an unfilled template: a placeholder is
//! bracketed prose outside code.

use specforge_model::Span;

/// How strictly brackets count as placeholders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// Prose and table cells: `[...]` must read like a name (a space, a capital or `_`).
    Text,
    /// SQL: any bracketed identifier is a placeholder (PostgreSQL has no bracket quoting).
    Sql,
}

/// Finds placeholders in `text`, which starts at byte `base` of the spec.
pub fn find(text: &str, base: usize, context: Context) -> Vec<(Span, String)> {
    let mut found = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Only these bytes can start a code span, a fence or a placeholder: skip the rest.
        if !matches!(bytes[i], b'`' | b'~' | b'[' | b'{' | b'Y' | b'D') {
            i += 1;
            continue;
        }
        if context == Context::Text
            && matches!(bytes[i], b'`' | b'~')
            && let Some(len) = code_len(text, i)
        {
            i += len;
            continue;
        }
        match bytes[i] {
            b'[' => {
                if let Some(len) = bracket(text, i, context) {
                    found.push((
                        Span::new(base + i, base + i + len),
                        text[i..i + len].to_owned(),
                    ));
                    i += len;
                    continue;
                }
            }
            b'{' => {
                if let Some(len) = brace(text, i) {
                    found.push((
                        Span::new(base + i, base + i + len),
                        text[i..i + len].to_owned(),
                    ));
                    i += len;
                    continue;
                }
            }
            b'Y' | b'D' => {
                for pattern in ["YYYY-MM-DD", "YYYY/MM/DD", "DD/MM/YYYY", "YYYY-NNN"] {
                    if text[i..].starts_with(pattern) {
                        found.push((
                            Span::new(base + i, base + i + pattern.len()),
                            pattern.to_owned(),
                        ));
                        i += pattern.len() - 1;
                        break;
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    found
}

/// The length of the code span (`` `x` ``, ``` `` x `` ```) or fence (```` ``` ```` or `~~~` at
/// a line start, to its closing line or the end) starting at `at`, if one does.
fn code_len(text: &str, at: usize) -> Option<usize> {
    let rest = &text[at..];
    let line_start = at == 0 || text.as_bytes()[at - 1] == b'\n';
    for fence in ["```", "~~~"] {
        if line_start && rest.starts_with(fence) {
            let body = rest.find('\n').map_or(rest.len(), |n| n + 1);
            let close = rest[body..]
                .match_indices(fence)
                .find(|(i, _)| body + i == 0 || rest.as_bytes()[body + i - 1] == b'\n')
                .map(|(i, _)| body + i + fence.len());
            return Some(close.unwrap_or(rest.len()));
        }
    }
    if !rest.starts_with('`') {
        return None;
    }
    let run = rest.len() - rest.trim_start_matches('`').len();
    let after = &rest.as_bytes()[run..];
    // The closing run has exactly as many backticks; an unclosed run is literal backticks.
    let mut j = 0;
    while j < after.len() {
        if after[j] == b'`' {
            let len = after[j..].iter().take_while(|&&b| b == b'`').count();
            if len == run {
                return Some(run + j + run);
            }
            j += len;
        } else {
            j += 1;
        }
    }
    Some(run)
}

fn bracket(text: &str, at: usize, context: Context) -> Option<usize> {
    let rest = &text[at + 1..];
    let close = rest.find([']', '\n', '['])?;
    if rest.as_bytes()[close] != b']' {
        return None;
    }
    let inner = &rest[..close];
    let len = close + 2;
    let after = text[at + len..].chars().next();
    if context == Context::Text && matches!(after, Some('(' | '[' | ':')) {
        return None; // a link or a link reference definition (SQL has no links)
    }
    if at > 0 && text.as_bytes()[at - 1] == b'!' {
        return None;
    }
    if inner.is_empty() || inner.len() > 80 || inner.contains(['"', '\'', '`']) {
        return None;
    }
    if matches!(inner, " " | "x" | "X") {
        return None; // task-list checkbox
    }
    if is_status_tag(inner) {
        return None; // `**[PLANNED]**`-style tags that real specs put in cells
    }
    let letters = longest_letter_run(inner);
    match context {
        Context::Sql => {
            let before = text[..at].trim_end_matches(' ');
            let array = before.to_ascii_uppercase().ends_with("ARRAY");
            let ident = inner
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == ' ');
            (letters >= 2 && ident && !array).then_some(len)
        }
        Context::Text => {
            let named = inner.contains(' ')
                || inner.contains('_')
                || inner.contains('/')
                || inner.chars().any(char::is_uppercase);
            let char_class =
                !inner.contains(' ') && inner.len() <= 15 && looks_like_char_class(inner);
            (letters >= 2 && named && !char_class && !inner.starts_with('^')).then_some(len)
        }
    }
}

/// Tags real authors put in cells (VARIATIONS.md item 4); never template text.
fn is_status_tag(inner: &str) -> bool {
    const TAGS: &[&str] = &[
        "planned",
        "deprecated",
        "beta",
        "alpha",
        "new",
        "wip",
        "experimental",
        "preview",
        "legacy",
        "removed",
        "internal",
        "done",
        "implemented",
        "optional",
        "required",
        "stable",
        "ga",
        "future",
        "breaking",
        "changed",
        "in progress",
        "not started",
        "blocked",
        "exists",
        "existing",
        "live",
        "shipped",
        "partial",
        "mvp",
    ];
    TAGS.contains(&inner.trim().to_lowercase().as_str())
}

fn brace(text: &str, at: usize) -> Option<usize> {
    let rest = &text[at + 1..];
    let first = rest.chars().next()?;
    if !first.is_uppercase() {
        return None;
    }
    let close = rest.find(['}', '\n', '{'])?;
    if rest.as_bytes()[close] != b'}' {
        return None;
    }
    let inner = &rest[..close];
    if inner.len() > 80
        || inner.contains(['"', '\'', ':', '$', '.'])
        || longest_letter_run(inner) < 2
    {
        return None;
    }
    Some(close + 2)
}

fn longest_letter_run(s: &str) -> usize {
    let mut best = 0;
    let mut run = 0;
    for c in s.chars() {
        if c.is_alphabetic() {
            run += 1;
            best = best.max(run);
        } else {
            run = 0;
        }
    }
    best
}

fn looks_like_char_class(inner: &str) -> bool {
    let chars: Vec<char> = inner.chars().collect();
    chars.windows(3).any(|w| {
        w[1] == '-'
            && w[0].is_alphanumeric()
            && w[2].is_alphanumeric()
            && w[0].is_alphabetic() == w[2].is_alphabetic()
    }) && chars.len() <= 12
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str, context: Context) -> Vec<String> {
        find(s, 0, context).into_iter().map(|(_, t)| t).collect()
    }

    #[test]
    fn template_placeholders_are_found() {
        assert_eq!(texts("[Project Name]", Context::Text), ["[Project Name]"]);
        assert_eq!(
            texts("[HTTP Method] [Path]", Context::Text),
            ["[HTTP Method]", "[Path]"]
        );
        assert_eq!(
            texts("{DATE} by {Name, Date}", Context::Text),
            ["{DATE}", "{Name, Date}"]
        );
        assert_eq!(texts("Created YYYY-MM-DD", Context::Text), ["YYYY-MM-DD"]);
        assert_eq!(texts("[table_name]", Context::Text), ["[table_name]"]);
        assert_eq!(
            texts("`{id}` is set on [Date]", Context::Text),
            ["[Date]"],
            "prose after a code span is still read"
        );
        assert_eq!(texts("a ` lone tick [Name]", Context::Text), ["[Name]"]);
        assert_eq!(
            texts("[/api/v1/resource]", Context::Text),
            ["[/api/v1/resource]"]
        );
        assert_eq!(
            texts(
                "CREATE INDEX idx_[table]_field ON [table_name](x);",
                Context::Sql
            ),
            ["[table]", "[table_name]"]
        );
    }

    #[test]
    fn legitimate_brackets_are_not_placeholders() {
        for text in [
            "/users/{id}",
            "[docs](http://x)",
            "[ ] todo",
            "[x] done",
            "[\"a\", \"b\"]",
            "[...]",
            "^[a-z0-9-]+$",
            "[1]",
            "{{ $labels.instance }}",
            "![Badge](x.svg)",
            "Bearer {token}",
            "**[PLANNED]**",
            "[Deprecated]",
            "[EXISTS]",
            "`{MS}-{YYYY}-{SEQ:06d}`",
            "`[Project Name]` is how the template says it",
            "``a ` [Name] ``",
            "```\n{Name}\n[Project Name]\n```",
            "~~~text\nYYYY-MM-DD\n~~~",
        ] {
            assert!(texts(text, Context::Text).is_empty(), "{text}");
        }
        assert!(texts("tags TEXT[] DEFAULT ARRAY['a']", Context::Sql).is_empty());
        assert!(texts("ARRAY [ids]", Context::Sql).is_empty());
    }
}
