//! Property tests: the reader never panics on arbitrary Markdown-ish input, and every span it
//! reports lies inside the text (on character boundaries, so rendering can slice it).

use proptest::prelude::*;
use specforge_markdown::{Block, Document, decode, read};
use specforge_model::Span;

fn spans(document: &Document) -> Vec<Span> {
    let mut out: Vec<Span> = document.sections.iter().map(|s| s.span).collect();
    for block in &document.blocks {
        match block {
            Block::Heading { .. } => {}
            Block::Paragraph(p) => out.push(p.span),
            Block::Table(t) => {
                out.push(t.span);
                out.push(t.header().span);
                out.extend(t.header().cells().map(|c| c.span));
                for row in t.rows() {
                    out.push(row.span);
                    out.extend(row.cells().map(|c| c.span));
                }
            }
            Block::Code(c) => {
                out.push(c.span);
                out.push(Span::new(c.body_offset, c.body_offset));
            }
            Block::Field(f) => {
                out.push(f.key_span);
                out.push(f.value_span);
            }
            Block::Label(l) => out.push(l.span),
            Block::ListItem(i) => {
                out.push(i.span);
                out.push(Span::new(i.raw_offset, i.raw_offset + i.raw.len()));
            }
            Block::Comment(c) => out.push(c.span),
        }
    }
    out
}

fn check(text: &str) {
    let (document, diagnostics) = read(text);
    let all = spans(&document)
        .into_iter()
        .chain(diagnostics.iter().map(|d| d.span));
    for span in all {
        assert!(
            span.start <= span.end && span.end <= text.len(),
            "{span:?} outside {} bytes",
            text.len()
        );
        assert!(
            text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
            "{span:?} splits a character"
        );
    }
}

/// Fragments that exercise tables, fences, fields, quotes, lists and multi-byte text.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("| a | b |\n|---|---|\n".to_owned()),
        Just("| `x|y` | \\| z |\n".to_owned()),
        Just("```sql\n".to_owned()),
        Just("```\n".to_owned()),
        Just("```markdown\n".to_owned()),
        Just("~~~\n".to_owned()),
        Just("# Title\n".to_owned()),
        Just("#### GET /x/{id}\n".to_owned()),
        Just("**Status**: Approved\n".to_owned()),
        Just("> **Status:** Draft\n".to_owned()),
        Just("> | q | r |\n> |---|---|\n> | 1 | 2 |\n".to_owned()),
        Just("- **Key**: value\n".to_owned()),
        Just("1. item\n   | c | d |\n   |---|---|\n".to_owned()),
        Just("---\ntitle: x\n---\n".to_owned()),
        Just("<!-- specforge-allow SF-E001: x -->\n".to_owned()),
        Just("**Response (201 Created):**\n".to_owned()),
        Just("\n".to_owned()),
        Just("カラム名|型\n".to_owned()),
        Just("é|ü|—\n".to_owned()),
        "[ -~]{0,20}\n",
        "\\PC{0,12}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    #[test]
    fn structured_fragments_never_panic(parts in proptest::collection::vec(fragment(), 0..30)) {
        check(&parts.concat());
    }

    #[test]
    fn arbitrary_strings_never_panic(text in "\\PC{0,400}") {
        check(&text);
    }

    #[test]
    fn arbitrary_bytes_decode_or_fail_cleanly(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        if let Ok(text) = decode(&bytes, 1 << 20) {
            prop_assert!(!text.contains('\r'));
            check(&text);
        }
    }
}
