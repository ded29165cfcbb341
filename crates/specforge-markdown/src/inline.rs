//! Inline Markdown to plain text.

use pulldown_cmark::{Event, Options, Parser};

/// The text a reader sees in an inline fragment: emphasis, code ticks, link targets and
/// escapes removed, entities decoded, `<br>` as a space. Block syntax at the start (`- x`,
/// `1. x`, `# x`, `> x`) is kept as text, since a fragment is never a block.
pub fn plain_text(fragment: &str) -> String {
    let mut out = String::new();
    plain_text_into(fragment, &mut out);
    out
}

/// [`plain_text`], appended to `out`. Fragments with no markup (the most common by far: table
/// cells such as `Display name` or `gen_random_uuid()`) are copied, not parsed.
pub(crate) fn plain_text_into(fragment: &str, out: &mut String) {
    trimmed_plain_text_into(fragment.trim(), out);
}

/// [`plain_text_into`] for a fragment already trimmed.
pub(crate) fn trimmed_plain_text_into(fragment: &str, out: &mut String) {
    if let Some(inner) = whole_code_span(fragment).or_else(|| whole_strong(fragment)) {
        out.push_str(inner);
    } else if is_plain(fragment) || matches!(fragment, "-" | "+" | "#" | ">" | "=" | "|") {
        // A lone block character (`-` is how many tables say "nothing") is escaped before
        // parsing, so the parser gives it back as it is.
        out.push_str(fragment);
    } else {
        out.push_str(&parsed_plain_text(fragment));
    }
}

/// True when the fragment reads as itself: no markup character (an `_` inside a word, as in
/// `created_at`, is not one: it can neither open nor close emphasis) and no block syntax at
/// its start.
fn is_plain(fragment: &str) -> bool {
    let bytes = fragment.as_bytes();
    let mut underscore = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'*' | b'`' | b'\\' | b'[' | b'<' | b'&' | b'!' | b'~' => return false,
            b'_' => {
                underscore = true;
                let end = i + bytes[i..].iter().take_while(|&&c| c == b'_').count();
                let inside_word = i > 0
                    && bytes[i - 1].is_ascii_alphanumeric()
                    && bytes.get(end).is_some_and(u8::is_ascii_alphanumeric);
                if !inside_word {
                    return false;
                }
                i = end;
            }
            _ => i += 1,
        }
    }
    // Without an `_` the text was always copied; with one, only when it is a single line (the
    // parser would read a line break as a space).
    let multiline_underscore = underscore && bytes.contains(&b'\n');
    !multiline_underscore && !starts_like_block(fragment)
}

/// [`plain_text`] through the Markdown parser, for a trimmed fragment that holds markup.
fn parsed_plain_text(fragment: &str) -> String {
    // A leading HTML element (`<script>…`) would start an HTML block and swallow the line:
    // parse it after a sentinel letter, removed again below, so it stays inline HTML.
    let sentinel = fragment.starts_with('<') && is_known_tag(fragment);
    let guarded = if sentinel {
        format!("x{fragment}")
    } else {
        guard_block_start(fragment)
    };
    let mut out = String::with_capacity(fragment.len());
    for event in Parser::new_ext(&guarded, Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::InlineHtml(html) | Event::Html(html) => {
                if html.trim_start().to_ascii_lowercase().starts_with("<br") {
                    out.push(' ');
                } else if !looks_like_tag(&html) {
                    out.push_str(&html);
                }
            }
            _ => {}
        }
    }
    if sentinel && out.starts_with('x') {
        out.remove(0);
    }
    out.trim().to_owned()
}

/// The content of a fragment that is exactly one code span (`` `x` ``, ``` `` a`b `` ```), trimmed.
fn whole_code_span(fragment: &str) -> Option<&str> {
    let ticks = fragment.bytes().take_while(|&b| b == b'`').count();
    if ticks == 0 || fragment.len() < 2 * ticks + 1 {
        return None;
    }
    let inner = fragment.get(ticks..fragment.len() - ticks)?;
    let closing = &fragment[fragment.len() - ticks..];
    if !closing.bytes().all(|b| b == b'`') || inner.starts_with('`') || inner.ends_with('`') {
        return None;
    }
    // A run of exactly `ticks` backticks inside would close the span early.
    let mut run = 0;
    for b in inner.bytes().chain(std::iter::once(b' ')) {
        if b == b'`' {
            run += 1;
        } else {
            if run == ticks {
                return None;
            }
            run = 0;
        }
    }
    // `plain_text` trims its result, so the one-space stripping rule needs no special case.
    (!inner.contains('\n')).then(|| inner.trim())
}

/// The content of `**plain words**` with no other markup inside.
fn whole_strong(fragment: &str) -> Option<&str> {
    let inner = fragment.strip_prefix("**")?.strip_suffix("**")?;
    let plain = !inner.is_empty()
        && !inner.starts_with(' ')
        && !inner.ends_with(' ')
        && !inner.bytes().any(|b| {
            matches!(
                b,
                b'*' | b'_' | b'`' | b'\\' | b'[' | b'<' | b'&' | b'!' | b'~'
            )
        });
    plain.then_some(inner)
}

/// True for HTML that is markup (`<b>`, `<img src=…>`, `</div>`), not text like `<id>`.
pub(crate) fn looks_like_tag(html: &str) -> bool {
    let h = html.trim();
    if h.starts_with("</") {
        return true;
    }
    h.starts_with('<')
        && h.ends_with('>')
        && h[1..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '!')
        && (h.contains(' ') || h.contains('/') || h.contains('=') || is_known_tag(h))
}

fn is_known_tag(h: &str) -> bool {
    const ELEMENTS: &[&str] = &[
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "button",
        "center",
        "code",
        "del",
        "details",
        "div",
        "em",
        "embed",
        "font",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "iframe",
        "img",
        "input",
        "ins",
        "kbd",
        "label",
        "li",
        "mark",
        "math",
        "nobr",
        "object",
        "ol",
        "option",
        "p",
        "picture",
        "pre",
        "s",
        "script",
        "select",
        "small",
        "source",
        "span",
        "strike",
        "strong",
        "style",
        "sub",
        "summary",
        "sup",
        "svg",
        "table",
        "tbody",
        "td",
        "textarea",
        "th",
        "thead",
        "tr",
        "u",
        "ul",
        "video",
        "wbr",
    ];
    let name: String = h[1..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    ELEMENTS.contains(&name.as_str())
}

fn starts_like_block(text: &str) -> bool {
    let first = text.as_bytes().first().copied().unwrap_or(b' ');
    matches!(first, b'#' | b'>' | b'-' | b'+' | b'=' | b'|')
        || (first.is_ascii_digit()
            && text
                .trim_start_matches(|c: char| c.is_ascii_digit())
                .starts_with(['.', ')']))
}

/// Escapes a leading character that would make a fragment parse as a block.
fn guard_block_start(text: &str) -> String {
    let bytes = text.as_bytes();
    let Some(&first) = bytes.first() else {
        return String::new();
    };
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && matches!(bytes.get(digits), Some(b'.' | b')')) {
        return format!("{}\\{}", &text[..digits], &text[digits..]);
    }
    let list_or_rule = matches!(first, b'-' | b'+' | b'*')
        && (bytes.len() == 1 || bytes[1] == b' ' || text.bytes().all(|b| b == first || b == b' '));
    let always = matches!(first, b'#' | b'>' | b'=' | b'<' | b'|')
        || (first == b'['
            && text
                .find("]:")
                .is_some_and(|i| !text[..i].contains('[') || i > 0))
        || text.starts_with("```")
        || text.starts_with("~~~");
    if list_or_rule || always {
        format!("\\{text}")
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::plain_text;

    #[test]
    fn markup_is_removed() {
        assert_eq!(plain_text("**Status**"), "Status");
        assert_eq!(plain_text("`ORDER_LOCKED`"), "ORDER_LOCKED");
        assert_eq!(plain_text("[docs](http://x) and *more*"), "docs and more");
        assert_eq!(plain_text("a<br>b"), "a b");
        assert_eq!(plain_text("snake_case_name"), "snake_case_name");
        assert_eq!(plain_text("&amp; done"), "& done");
    }

    #[test]
    fn block_syntax_stays_text() {
        assert_eq!(plain_text("-"), "-");
        assert_eq!(plain_text("- item"), "- item");
        assert_eq!(plain_text("1. first"), "1. first");
        assert_eq!(plain_text("# not a heading"), "# not a heading");
        assert_eq!(plain_text("---"), "---");
        assert_eq!(plain_text("> quoted"), "> quoted");
        assert_eq!(plain_text("<id>"), "<id>");
        assert_eq!(plain_text("[Name]: value"), "[Name]: value");
        assert_eq!(plain_text("**Critical** (P1)"), "Critical (P1)");
    }

    #[test]
    fn fast_paths_agree_with_the_parser() {
        for fragment in [
            "`id`",
            "`` a`b ``",
            "` x `",
            "`a` and `b`",
            "**Status**",
            "**a*b**",
            "``",
            "`",
            "` `",
        ] {
            let fast = super::whole_code_span(fragment.trim())
                .or_else(|| super::whole_strong(fragment.trim()));
            if let Some(fast) = fast {
                let mut slow = String::new();
                for event in pulldown_cmark::Parser::new(fragment) {
                    if let pulldown_cmark::Event::Text(t) | pulldown_cmark::Event::Code(t) = event {
                        slow.push_str(&t);
                    }
                }
                assert_eq!(fast, slow.trim(), "{fragment}");
            }
        }
        assert_eq!(plain_text("`a` and `b`"), "a and b");
    }

    #[test]
    fn words_with_underscores_are_copied_as_the_parser_reads_them() {
        for fragment in [
            "created_at",
            "gen_random_uuid()",
            "(status, created_at)",
            "a__b c_d_e",
            "snake_case_name and x_1",
            "_lead",
            "trail_",
            "a _b_ c",
            "__init__",
            "é_a",
            "a_é",
            "1_000",
        ] {
            assert_eq!(
                plain_text(fragment),
                super::parsed_plain_text(fragment),
                "{fragment}"
            );
        }
        for lone in ["-", "+", "#", ">", "=", "|"] {
            assert_eq!(super::parsed_plain_text(lone), lone);
        }
        assert!(super::is_plain("created_at"));
        assert!(!super::is_plain("_lead"));
    }

    proptest::proptest! {
        #[test]
        fn the_copy_path_agrees_with_the_parser(fragment in "[a-zA-Z0-9_ ().,:/'\"=+-]{0,24}") {
            let fragment = fragment.trim();
            if super::is_plain(fragment) {
                proptest::prop_assert_eq!(fragment, super::parsed_plain_text(fragment));
            }
        }
    }

    #[test]
    fn html_elements_are_markup_and_other_angles_are_text() {
        assert_eq!(plain_text("<script>alert(1)</script> x"), "alert(1) x");
        assert_eq!(plain_text("a <b>bold</b> <em>word</em>"), "a bold word");
        assert_eq!(plain_text("GET /beds/<bedId>"), "GET /beds/<bedId>");
    }

    #[test]
    fn placeholders_survive() {
        assert_eq!(plain_text("[Project Name]"), "[Project Name]");
        assert_eq!(plain_text("{DATE}"), "{DATE}");
        assert_eq!(plain_text("<token>"), "<token>");
    }
}
