//! Document to Spec: recognizes constructs by role, wherever they sit.
//!
//! One module per construct: [`info`] (title, version, status), `endpoints` (and `details`:
//! parameters, bodies and responses of each endpoint), `errors`,
//! `observability` (metrics and alerts) and `schema` (SQL fences, column, index and constraint
//! tables). Tables are routed by [`roles::classify`]; look-alikes are skipped with a note.
//! Placeholders left in any extracted construct are reported by [`placeholder`].
//!
//! Architecture invariant: extraction never fails. It returns the `Spec` it could build and
//! every diagnostic, all at once.

pub mod allows;
mod details;
mod endpoints;
mod errors;
pub mod info;
mod observability;
pub mod placeholder;
pub mod roles;
mod schema;
mod text;

use specforge_markdown::{Block, Document, Table};
use specforge_model::{Code, Diagnostic, Span, Spec};
use std::collections::BTreeSet;

pub use info::gate;

/// A table that looked like a construct and was skipped, for `extract`'s report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedTable {
    /// The header cells, joined with ` | `.
    pub header: String,
    /// Why it was skipped.
    pub reason: String,
    /// The table.
    pub span: Span,
}

/// What extraction produced.
#[derive(Debug, Clone, Default)]
pub struct Extraction {
    /// The model.
    pub spec: Spec,
    /// Tables skipped as look-alikes.
    pub skipped: Vec<SkippedTable>,
    /// Everything worth saying, in source order.
    pub diagnostics: Vec<Diagnostic>,
}

/// Extracts the spec from a read document. `text` is the text the document was read from.
///
/// Two lanes run side by side (`rayon::join`): document info, endpoints, their details and
/// the error codes on one, since each reads what the one before found; the schema and
/// observability on the other, since they read only the document. Their diagnostics are then
/// put in the order one lane after the other gives (info, endpoints, details, schema, errors,
/// observability, allows), so the output does not depend on which lane finished first.
pub fn extract(text: &str, document: &Document) -> Extraction {
    let classified = classify_tables(document);
    let mut cx = Context::new(text, document, &classified);
    cx.skip_look_alikes();
    let mut side = Context::new(text, document, &classified);
    let (before_errors, before_observability) = rayon::join(
        || {
            info::extract(&mut cx);
            endpoints::extract(&mut cx);
            details::extract(&mut cx);
            let before_errors = cx.out.diagnostics.len();
            errors::extract(&mut cx);
            endpoints::unify_template_names(&mut cx);
            before_errors
        },
        || {
            schema::extract(&mut side);
            let before_observability = side.out.diagnostics.len();
            observability::extract(&mut side);
            before_observability
        },
    );
    cx.take_side_lane(side, before_errors, before_observability);
    allows::extract(&mut cx);
    cx.finish()
}

/// The kind and header roles of each block that is a table, by block index (classified on
/// every core: each table alone, in a fixed order).
fn classify_tables(document: &Document) -> Vec<Option<(roles::TableKind, roles::Roles)>> {
    use rayon::prelude::*;
    document
        .blocks
        .par_iter()
        .with_min_len(256)
        .map(|b| match b {
            Block::Table(t) => Some(roles::classify(t)),
            _ => None,
        })
        .collect()
}

/// Shared state of one extraction.
pub(crate) struct Context<'a> {
    pub text: &'a str,
    pub document: &'a Document,
    pub out: Extraction,
    /// The kind and header roles of each block that is a table, by block index.
    pub classified: &'a [Option<(roles::TableKind, roles::Roles)>],
    /// `METHOD /path` of the endpoint each section details (filled by `endpoints`).
    pub section_endpoints: std::collections::BTreeMap<usize, String>,
    placeholders: BTreeSet<(Span, String)>,
}

impl<'a> Context<'a> {
    fn new(
        text: &'a str,
        document: &'a Document,
        classified: &'a [Option<(roles::TableKind, roles::Roles)>],
    ) -> Self {
        Context {
            text,
            document,
            classified,
            out: Extraction::default(),
            section_endpoints: Default::default(),
            placeholders: BTreeSet::new(),
        }
    }

    /// Skips every table classified as a look-alike, with a note.
    fn skip_look_alikes(&mut self) {
        for (at, block) in self.document.blocks.iter().enumerate() {
            if let (Block::Table(table), Some((roles::TableKind::LookAlike(reason), _))) =
                (block, &self.classified[at])
            {
                self.skip_table(table, reason);
            }
        }
    }

    /// The extraction: placeholders reported, every diagnostic in source order.
    fn finish(self) -> Extraction {
        let Context {
            mut out,
            placeholders,
            ..
        } = self;
        for (span, placeholder) in placeholders {
            out.diagnostics.push(
                Diagnostic::new(
                    Code::Placeholder,
                    span,
                    format!("unfilled template placeholder `{placeholder}`"),
                )
                .with_help(
                    "replace the placeholder with the real value, or delete the template row",
                ),
            );
        }
        out.diagnostics.sort_by_key(|d| (d.span.start, d.code));
        out
    }

    /// Takes what the side lane (schema, then observability) found. Diagnostics go where a
    /// single lane would have pushed them: the schema's before the error codes', the
    /// observability's after them. `before_errors` and `before_observability` are the
    /// diagnostic counts of each lane when those extractors started.
    fn take_side_lane(
        &mut self,
        side: Context<'a>,
        before_errors: usize,
        before_observability: usize,
    ) {
        let Context {
            out: mut side_out,
            placeholders,
            ..
        } = side;
        let out = &mut self.out;
        out.spec.schema = side_out.spec.schema;
        out.spec.observability = side_out.spec.observability;
        out.skipped.append(&mut side_out.skipped);
        let from_errors = out.diagnostics.split_off(before_errors);
        let from_observability = side_out.diagnostics.split_off(before_observability);
        out.diagnostics.append(&mut side_out.diagnostics);
        out.diagnostics.extend(from_errors);
        out.diagnostics.extend(from_observability);
        self.placeholders.extend(placeholders);
    }

    /// Scans a construct's source for placeholders and reports them; true if any were found.
    pub fn scan(&mut self, span: Span, context: placeholder::Context) -> bool {
        let found = self.peek(span, context);
        let any = !found.is_empty();
        self.placeholders.extend(found);
        any
    }

    /// Finds placeholders without reporting them (for rows of a table that may still turn
    /// out to be a look-alike); report them with [`Context::commit`].
    pub fn peek(&self, span: Span, context: placeholder::Context) -> Vec<(Span, String)> {
        self.text
            .get(span.start..span.end)
            .map_or_else(Vec::new, |slice| {
                placeholder::find(slice, span.start, context)
            })
    }

    /// Reports placeholders found by [`Context::peek`].
    pub fn commit(&mut self, found: Vec<(Span, String)>) {
        self.placeholders.extend(found);
    }

    /// One warning per row that could not be read in an otherwise recognized table.
    pub fn row_warnings(&mut self, code: Code, rows: Vec<Span>, message: &str, help: &str) {
        self.out.diagnostics.extend(
            rows.into_iter()
                .map(|span| Diagnostic::new(code, span, message).with_help(help)),
        );
    }

    /// Records a table skipped as a look-alike, with a note.
    pub fn skip_table(&mut self, table: &Table, reason: &str) {
        let header = table
            .header()
            .cells()
            .map(|c| c.text)
            .collect::<Vec<_>>()
            .join(" | ");
        self.out.diagnostics.push(
            Diagnostic::new(
                Code::LookAlikeTable,
                first_line(table.span, self.text),
                format!("table `{header}` skipped: {reason}"),
            )
            .with_help(
                "nothing to do if this table is not meant to be read; otherwise rename its headers",
            ),
        );
        self.out.skipped.push(SkippedTable {
            header,
            reason: reason.to_owned(),
            span: table.span,
        });
    }

    /// The tables of the document with their classification, in order: (block index, table,
    /// kind, roles).
    pub fn tables(&self) -> Vec<(usize, &'a Table, roles::TableKind, roles::Roles)> {
        let document = self.document;
        document
            .blocks
            .iter()
            .enumerate()
            .filter_map(|(at, b)| match (b, &self.classified[at]) {
                (Block::Table(t), Some((kind, roles))) => Some((at, t, *kind, roles.clone())),
                _ => None,
            })
            .collect()
    }
}

/// The first line of a span (a table's header line, for notes about whole tables).
fn first_line(span: Span, text: &str) -> Span {
    let slice = text.get(span.start..span.end).unwrap_or("");
    let end = slice.find('\n').map_or(span.end, |i| span.start + i);
    Span::new(span.start, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every extractor one after the other on one context: what [`extract`]'s two lanes must
    /// give.
    fn extract_in_one_lane(text: &str, document: &Document) -> Extraction {
        let classified = classify_tables(document);
        let mut cx = Context::new(text, document, &classified);
        cx.skip_look_alikes();
        info::extract(&mut cx);
        endpoints::extract(&mut cx);
        details::extract(&mut cx);
        schema::extract(&mut cx);
        errors::extract(&mut cx);
        endpoints::unify_template_names(&mut cx);
        observability::extract(&mut cx);
        allows::extract(&mut cx);
        cx.finish()
    }

    fn markdown_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("fixtures folder").flatten() {
            let path = entry.path();
            if path.is_dir() {
                markdown_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "md") {
                out.push(path);
            }
        }
    }

    #[test]
    fn two_lanes_extract_what_one_lane_does_on_every_fixture() {
        let mut files = Vec::new();
        let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
        markdown_files(&fixtures, &mut files);
        assert!(files.len() > 100, "{} fixtures", files.len());
        let mut diagnostics = 0;
        for file in files {
            let bytes = std::fs::read(&file).expect("readable fixture");
            let Ok(text) = specforge_markdown::decode(&bytes, usize::MAX) else {
                continue;
            };
            let (document, _) = specforge_markdown::read(&text);
            let two = extract(&text, &document);
            let one = extract_in_one_lane(&text, &document);
            assert_eq!(
                format!("{:?}", two.spec),
                format!("{:?}", one.spec),
                "{file:?}"
            );
            assert_eq!(two.skipped, one.skipped, "{file:?}");
            assert_eq!(
                format!("{:?}", two.diagnostics),
                format!("{:?}", one.diagnostics),
                "{file:?}"
            );
            diagnostics += two.diagnostics.len();
        }
        // The fixtures hold diagnostics from both lanes (30 when this was written), so their
        // order was put to the test.
        assert!(diagnostics >= 20, "{diagnostics} diagnostics");
    }
}
