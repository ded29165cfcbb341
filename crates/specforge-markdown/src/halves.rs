//! pulldown-cmark's events for a long text, parsed as two halves on two threads.
//!
//! Parsing is about two thirds of reading, and pulldown-cmark parses on one thread. A
//! Markdown text whose block structure is wholly closed before a line can be parsed as two
//! texts: the events of the second, with their offsets moved, are the events of the whole
//! from that line on. [`split_point`] finds such a line near the middle, and [`HeadCheck`]
//! proves, from the first half's own events, that nothing was still open there. The walk
//! takes the first half's events as they are parsed, then the second's, which another thread
//! parsed meanwhile; if the check fails at the end of the first half, the reading starts
//! over on the whole text (which only a construct straddling the line can cause).
//!
//! The line is an ATX heading (`#` to `######`, then a space or the line's end) at the
//! first column, after a blank line, in a text that defines no link references (a
//! definition anywhere changes how `[text]` reads everywhere, so such a text is parsed
//! whole). After a blank line, only a fenced code block, a raw HTML block of the kinds that
//! run to an end marker (`<!--`, `<script`, `<pre`, `<style`, `<textarea`, `<?`, `<!X`,
//! `<![CDATA[`) or a YAML metadata block can still be open: a paragraph, table, quote and
//! the other HTML blocks end at a blank line, and a list item or indented code ends at a line
//! starting in the first column. The first half's events show each: a code or HTML block
//! still open runs to the end of the half, over the blank line; and pulldown-cmark starts a
//! metadata block at any unindented `---` line that a closing line follows, anywhere later,
//! so a `---` the first half reads as a rule may be a metadata block to the whole text when
//! the second half holds a closing line (`---` or `...`), and then refuses the split too. `tests` compares the
//! two halves' events with the whole text's on every fixture at every heading, on texts made
//! to leave each construct open, and on arbitrary texts of the pieces that open and close
//! them (a property test, which found the metadata rule).

use pulldown_cmark::{Event, Options, Parser, Tag};
use std::ops::Range;

/// The options every reading parses with.
pub(crate) const OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_TASKLISTS)
    .union(Options::ENABLE_YAML_STYLE_METADATA_BLOCKS);

/// Texts shorter than this are parsed whole: a thread costs more than half their parse.
pub(crate) const SPLIT_FROM_BYTES: usize = 128 * 1024;

/// Events handed from the parsing thread at once.
const BATCH: usize = 1024;

/// Batches that may wait for the walk (at 96 bytes an event, at most 6 MB). The second
/// half's block structure, the larger part of its parse, is built in full beside the first
/// half's walk; its events are then made ahead of the walk by at most this many batches,
/// whatever the size of the text.
pub(crate) const WAITING: usize = 64;

/// One event and its range in the whole text.
pub(crate) type Located<'t> = (Event<'t>, Range<usize>);

/// The line start nearest the middle of `text` where a second parse may begin (see the
/// module's rules), if there is one.
pub(crate) fn split_point(text: &str) -> Option<usize> {
    if memchr::memmem::find(text.as_bytes(), b"]:").is_some() {
        return None;
    }
    let middle = text.len() / 2;
    let mut best: Option<usize> = None;
    let mut previous_blank = false;
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', text.as_bytes()).chain([text.len()]) {
        let line = &text[start..end];
        if previous_blank && start > 0 && is_atx_heading(line) {
            let closer = |at: usize| at.abs_diff(middle);
            if best.is_none_or(|b| closer(start) < closer(b)) {
                best = Some(start);
            }
            if start > middle {
                break;
            }
        }
        previous_blank = is_blank(line);
        start = end + 1;
    }
    best
}

/// A blank line as CommonMark has it: spaces and tabs only (a no-break space is text).
fn is_blank(line: &str) -> bool {
    line.bytes()
        .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
}

/// `#` to `######` in the first column, then a space, a tab or the line's end.
fn is_atx_heading(line: &str) -> bool {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    (1..=6).contains(&hashes) && matches!(line.as_bytes().get(hashes), None | Some(b' ' | b'\t'))
}

/// Watches the first half's events (`text[..at]`) for what would leave it open at `at`.
pub(crate) struct HeadCheck {
    /// Where the blank line before `at` starts.
    blank_start: usize,
    /// Something seen leaves the first half open, or may read differently whole.
    open: bool,
    /// The second half holds a line that closes a metadata block (`---` or `...`).
    tail_closes_metadata: bool,
}

impl HeadCheck {
    /// A check of the first half `text[..at]`.
    pub(crate) fn new(text: &str, at: usize) -> HeadCheck {
        let head = &text[..at];
        // The blank line before `at` starts after the line feed before it.
        let blank_start = head
            .strip_suffix('\n')
            .map_or(0, |before| before.rfind('\n').map_or(0, |n| n + 1));
        HeadCheck {
            blank_start,
            open: false,
            tail_closes_metadata: text[at..].lines().any(closes_metadata),
        }
    }

    /// Takes one of the first half's events; `text` is the whole text.
    pub(crate) fn see(&mut self, text: &str, event: &Event<'_>, range: &Range<usize>) {
        match event {
            Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_))
                if range.end > self.blank_start =>
            {
                self.open = true;
            }
            // pulldown-cmark reads an unindented `---` as a metadata block's start wherever
            // a closing line follows, however far: a rule in the first half may be one to
            // the whole text when the second half holds such a line.
            Event::Rule if self.tail_closes_metadata && opens_metadata(text, range.start) => {
                self.open = true;
            }
            _ => {}
        }
    }

    /// True, once every event of the first half was seen, when nothing it leaves open could
    /// reach `at`: no code, HTML or metadata block runs over the blank line before it, and
    /// no `---` that the whole text could read as a metadata block's start.
    pub(crate) fn closed(&self) -> bool {
        !self.open
    }
}

/// pulldown-cmark's start of a metadata block at `at` (but for its closing line): `---` and
/// nothing else to the line's end, then a line that is neither blank nor a closing line. In
/// any column: pulldown-cmark also looks for one after a quote's or a list item's marker.
fn opens_metadata(text: &str, at: usize) -> bool {
    let mut lines = text[at..].lines();
    let Some(line) = lines.next() else {
        return false;
    };
    line.strip_prefix("---")
        .is_some_and(|rest| rest.bytes().all(|b| b.is_ascii_whitespace()))
        && lines
            .next()
            .is_some_and(|next| !is_blank(next) && !closes_metadata(next))
}

/// A line that closes a metadata block: exactly `---` or `...`, then spaces only.
fn closes_metadata(line: &str) -> bool {
    let line = line.strip_suffix('\r').unwrap_or(line);
    ["---", "..."].iter().any(|mark| {
        line.strip_prefix(mark)
            .is_some_and(|rest| rest.bytes().all(|b| b == b' '))
    })
}

/// Parses `text[at..]` and sends its events, their ranges moved to the whole text, in
/// batches; stops early when the receiver is gone.
pub(crate) fn parse_tail<'t>(
    text: &'t str,
    at: usize,
    sender: std::sync::mpsc::SyncSender<Vec<Located<'t>>>,
) {
    let mut batch = Vec::with_capacity(BATCH);
    for (event, range) in Parser::new_ext(&text[at..], OPTIONS).into_offset_iter() {
        batch.push((event, range.start + at..range.end + at));
        if batch.len() == BATCH
            && sender
                .send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)))
                .is_err()
        {
            return;
        }
    }
    if !batch.is_empty() {
        let _ = sender.send(batch);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whole(text: &str) -> Vec<String> {
        Parser::new_ext(text, OPTIONS)
            .into_offset_iter()
            .map(|(e, r)| format!("{e:?} {r:?}"))
            .collect()
    }

    /// The events of the two halves split at `at`, if the first half proves closed.
    fn halves(text: &str, at: usize) -> Option<Vec<String>> {
        let head: Vec<Located<'_>> = Parser::new_ext(&text[..at], OPTIONS)
            .into_offset_iter()
            .collect();
        let mut check = HeadCheck::new(text, at);
        for (event, range) in &head {
            check.see(text, event, range);
        }
        if !check.closed() {
            return None;
        }
        let (sender, receiver) = std::sync::mpsc::sync_channel(WAITING);
        std::thread::scope(|scope| {
            scope.spawn(|| parse_tail(text, at, sender));
            let tail: Vec<Located<'_>> = receiver.into_iter().flatten().collect();
            Some(
                head.into_iter()
                    .chain(tail)
                    .map(|(e, r)| format!("{e:?} {r:?}"))
                    .collect(),
            )
        })
    }

    /// Every line start where [`split_point`]'s rules allow a second parse.
    fn candidates(text: &str) -> Vec<usize> {
        let mut out = Vec::new();
        let mut previous_blank = false;
        let mut start = 0;
        for line in text.split_inclusive('\n') {
            if previous_blank && start > 0 && is_atx_heading(line.trim_end_matches('\n')) {
                out.push(start);
            }
            previous_blank = is_blank(line);
            start += line.len();
        }
        out
    }

    /// Splits `text` at every candidate: each split the first half proves closed gives the
    /// whole text's events. Returns (accepted, refused).
    fn every_split(text: &str, name: &str) -> (usize, usize) {
        let expected = whole(text);
        let (mut accepted, mut refused) = (0, 0);
        for at in candidates(text) {
            match halves(text, at) {
                Some(events) => {
                    accepted += 1;
                    assert_eq!(events, expected, "{name}: split at byte {at}");
                }
                None => refused += 1,
            }
        }
        (accepted, refused)
    }

    #[test]
    fn halves_give_the_whole_texts_events_on_every_fixture_at_every_heading() {
        let (mut accepted, mut refused, mut whole_only) = (0, 0, 0);
        for (file, text) in crate::test_support::fixtures() {
            if memchr::memmem::find(text.as_bytes(), b"]:").is_some() {
                whole_only += 1;
                continue;
            }
            let (a, r) = every_split(&text, &file.to_string_lossy());
            accepted += a;
            refused += r;
        }
        // The comparison was made often enough to mean something.
        assert!(
            accepted > 500,
            "{accepted} splits compared ({refused} refused, {whole_only} texts whole)"
        );
    }

    /// Texts that leave a construct open across a blank line and a heading: each split is
    /// refused or gives the whole text's events, and the ones that must be refused are.
    #[test]
    fn a_construct_left_open_refuses_the_split() {
        let cases: &[(&str, &str, bool)] = &[
            (
                "unclosed fence",
                "# A\n\n```sql\nselect 1;\n\n# not a heading\n\nx\n",
                false,
            ),
            (
                "tilde fence",
                "# A\n\n~~~~\ncode\n~~~\n\n## still code\n~~~~\n\n## B\n",
                true,
            ),
            (
                "fence in a list item",
                "# A\n\n- item\n\n  ```\n  code\n\n# B\n",
                false,
            ),
            ("fence in a quote", "# A\n\n> ```\n> code\n\n# B\n", true),
            (
                "comment",
                "# A\n\n<!-- a note\n\n## inside the comment\n-->\n\n## B\n",
                true,
            ),
            (
                "script",
                "# A\n\n<script>\nlet a;\n\n# inside\n</script>\n\n# B\n",
                true,
            ),
            ("div", "# A\n\n<div>\nx\n\n# B\n", true),
            (
                "metadata",
                "---\ntitle: x\n\n# a YAML comment\n---\n\n# A\n\n# B\n",
                true,
            ),
            (
                "unclosed metadata",
                "---\ntitle: x\n\n# a YAML comment\n",
                false,
            ),
            ("indented code", "# A\n\n    code\n\n# B\n", true),
            ("list", "# A\n\n- a\n- b\n\n# B\n\n1. c\n\n## C\n", true),
            (
                "table",
                "# A\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n# B\n",
                true,
            ),
            ("setext", "A\n===\n\n# B\n\npara\n---\n\n# C\n", true),
            ("no-break space", "# A\n\n<div>\n\u{a0}\n# x\n\n# B\n", true),
            (
                "carriage returns",
                "# A\r\r```\r\n\n# in code\r```\n\n# B\n",
                false,
            ),
            (
                "metadata after a quote marker",
                "# A\n\n> ---\n> title\n\n# B\n\n---\n",
                false,
            ),
        ];
        for (name, text, some_accepted) in cases {
            let (accepted, refused) = every_split(text, name);
            assert!(accepted + refused > 0, "{name}: no candidate");
            if *some_accepted {
                assert!(accepted > 0, "{name}: every split refused");
            }
        }
        // The unclosed fence's only candidate is inside it: refused.
        let text = cases[0].1;
        assert_eq!(candidates(text).len(), 1);
        assert!(halves(text, candidates(text)[0]).is_none());
        // So is the heading inside the comment, the script and the YAML comment.
        for (case, inside) in [(4, "## inside"), (5, "# inside"), (7, "# a YAML")] {
            let text = cases[case].1;
            let at = text.find(inside).unwrap();
            assert!(halves(text, at).is_none(), "{}", cases[case].0);
        }
    }

    /// Pieces that open, close or continue each construct the rules name, in any order.
    const PIECES: &[&str] = &[
        "# H\n",
        "## H\n",
        "\n",
        "\n\n",
        "para\n",
        "```\n",
        "````sql\n",
        "~~~\n",
        "    code\n",
        "<!-- c\n",
        "-->\n",
        "<script>\n",
        "</script>\n",
        "<div>\n",
        "</div>\n",
        "> q\n",
        "> ```\n",
        "- item\n",
        "  ```\n",
        "1. one\n",
        "| a | b |\n",
        "|---|---|\n",
        "---\n",
        "title: x\n",
        "...\n",
        "\u{a0}\n",
        "a\r",
        "* *\n",
        "<?p\n",
        "?>\n",
        "text `code\n",
        "\n# H\n",
        "\n\n## H\n",
        "> ---\n",
        "- ---\n",
        "> title: x\n",
        "  ---\n",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2048))]
        /// Any text made of those pieces: every split the first half proves closed gives the
        /// whole text's events.
        #[test]
        fn any_split_proved_closed_gives_the_whole_texts_events(
            picks in proptest::collection::vec(0..PIECES.len(), 1..60)
        ) {
            let text: String = picks.iter().map(|&i| PIECES[i]).collect();
            every_split(&text, &format!("{text:?}"));
        }
    }

    #[test]
    fn a_link_reference_or_no_heading_keeps_the_text_whole() {
        // Why: a definition in one half changes how the other half reads `[x]`.
        let text = "# A\n\n[x]\n\n# B\n\n[x]: /y\n";
        let at = text.find("# B").unwrap();
        assert_ne!(halves(text, at).unwrap(), whole(text));
        assert_eq!(split_point(text), None);
        assert_eq!(split_point("# A\n\n[x]: /y\n\n# B\n"), None);
        assert_eq!(split_point("no heading\n\nat all\n"), None);
        assert_eq!(split_point("# A\n#B\n\n#C\n"), None);
        let text = "# A\n\npara\n\n# B\n\npara\n\n# C\n\npara\n\n# D\n";
        assert_eq!(split_point(text), Some(text.find("# C").unwrap()));
    }
}
