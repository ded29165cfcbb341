//! `<!-- specforge-allow SF-C004, SF-C005: the legacy table keeps its name -->` comments: the
//! codes they silence and the construct they cover (the next block; a heading's whole section).

use crate::Context;
use specforge_markdown::Block;
use specforge_model::{Allow, Code, Diagnostic, Span};

const MARKER: &str = "specforge-allow";

pub(crate) fn extract(cx: &mut Context<'_>) {
    let document = cx.document;
    let blocks = &document.blocks;
    for (at, block) in blocks.iter().enumerate() {
        let Block::Comment(comment) = block else {
            continue;
        };
        let Some(rest) = comment.text.trim().strip_prefix(MARKER) else {
            continue;
        };
        let (codes_text, reason) = rest.split_once(':').unwrap_or((rest, ""));
        let codes: Vec<String> = codes_text
            .split([',', ' '])
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_owned)
            .collect();
        let unknown: Vec<&String> = codes
            .iter()
            .filter(|c| !Code::ALL.iter().any(|k| k.as_str() == c.as_str()))
            .collect();
        let reason = reason.trim();
        let problem = if codes.is_empty() {
            Some("names no code".to_owned())
        } else if !unknown.is_empty() {
            Some(format!(
                "names {} that specforge does not have",
                unknown
                    .iter()
                    .map(|c| format!("`{c}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        } else if reason.is_empty() {
            Some("gives no reason".to_owned())
        } else {
            None
        };
        if let Some(problem) = problem {
            cx.out.diagnostics.push(
                Diagnostic::new(
                    Code::AllowMalformed,
                    comment.span,
                    format!("this `specforge-allow` comment {problem}; it silences nothing"),
                )
                .with_help("write `<!-- specforge-allow SF-XXXX: why this is accepted -->` right before the construct"),
            );
            continue;
        }
        let covers = blocks[at + 1..]
            .iter()
            .find(|b| !matches!(b, Block::Comment(_)))
            .map_or(Span::new(comment.span.end, comment.span.end), |next| {
                covered(cx, next)
            });
        cx.out.spec.allows.push(Allow {
            codes,
            reason: reason.to_owned(),
            span: comment.span,
            covers,
        });
    }
}

/// The span of a block; for a heading, its whole section up to the next heading of the same or
/// a higher level.
fn covered(cx: &Context<'_>, block: &Block) -> Span {
    let document = cx.document;
    match block {
        Block::Heading { id } => {
            let section = &document.sections[*id];
            let end = document.sections[*id + 1..]
                .iter()
                .find(|s| s.level <= section.level)
                .map_or(cx.text.len(), |s| s.span.start);
            Span::new(section.span.start, end)
        }
        Block::Paragraph(b) => b.span,
        Block::Table(b) => b.span,
        Block::Code(b) => b.span,
        Block::Field(b) => b.key_span.to(b.value_span),
        Block::Label(b) => b.span,
        Block::ListItem(b) => b.span,
        Block::Comment(b) => b.span,
    }
}

/// Drops the diagnostics an allow comment covers. Errors of the `Unusable` class (the spec
/// cannot be used at all) are never silenced.
pub fn apply(allows: &[Allow], diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.retain(|d| {
        d.code.exit_class() == specforge_model::ExitClass::Unusable
            || !allows.iter().any(|a| a.silences(d.code, d.span))
    });
}
