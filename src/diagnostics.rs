//! Rendering diagnostics: human (codespan-reporting, ASCII, with source line and caret, a
//! help line and what the error blocks) and located findings for the machine formats.

use crate::report::Finding;
use codespan_reporting::diagnostic::{
    Diagnostic as Report, Label as ReportLabel, Severity as ReportSeverity,
};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, Chars, Config};
use specforge_model::{ArtifactKind, Diagnostic, LineIndex, Severity, kind_list};

/// One spec's text and name, for rendering positions.
pub struct SourceView<'a> {
    /// Display name (the path as given).
    pub name: &'a str,
    /// The text spans point into.
    pub text: &'a str,
    /// Built on the first look-up: most runs report no position at all, and indexing a
    /// 1 MB spec's lines was a sixth of an up-to-date run.
    index: std::cell::OnceCell<LineIndex>,
}

impl<'a> SourceView<'a> {
    /// A view of `text` for line:column look-ups (its lines are indexed on the first).
    pub fn new(name: &'a str, text: &'a str) -> Self {
        SourceView {
            name,
            text,
            index: std::cell::OnceCell::new(),
        }
    }

    /// 1-based line and column of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let index = self.index.get_or_init(|| LineIndex::new(self.text));
        let lc = index.line_col(self.text, offset);
        (lc.line, lc.column)
    }
}

/// Renders one diagnostic the way rustc does, as plain text.
pub fn render_human(view: &SourceView<'_>, diagnostic: &Diagnostic) -> String {
    let file = SimpleFile::new(view.name, view.text);
    let severity = match diagnostic.severity {
        Severity::Error => ReportSeverity::Error,
        Severity::Warning => ReportSeverity::Warning,
        Severity::Note => ReportSeverity::Note,
    };
    let clamp = |start: usize, end: usize| {
        let end = end.min(view.text.len());
        let mut start = start.min(end);
        while start > 0 && !view.text.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = end;
        while end < view.text.len() && !view.text.is_char_boundary(end) {
            end += 1;
        }
        start..end
    };
    let mut labels = vec![ReportLabel::primary(
        (),
        clamp(diagnostic.span.start, diagnostic.span.end),
    )];
    labels.extend(diagnostic.labels.iter().map(|l| {
        ReportLabel::secondary((), clamp(l.span.start, l.span.end)).with_message(&l.message)
    }));
    let mut report = Report::new(severity)
        .with_code(diagnostic.code.as_str())
        .with_message(&diagnostic.message)
        .with_labels(labels);
    let mut notes = Vec::new();
    if let Some(help) = &diagnostic.help {
        notes.push(format!("help: {help}"));
    }
    if !diagnostic.blocks.is_empty() {
        notes.push(if diagnostic.blocks.len() == ArtifactKind::ALL.len() {
            "blocks: every artifact".to_owned()
        } else {
            format!("blocks: {}", kind_list(&diagnostic.blocks))
        });
    }
    if !notes.is_empty() {
        report = report.with_notes(notes);
    }
    let config = Config {
        chars: Chars::ascii(),
        ..Config::default()
    };
    term::emit_into_string(&config, &file, &report).unwrap_or_else(|_| {
        let (line, column) = view.line_col(diagnostic.span.start);
        format!(
            "{}[{}]: {}\n  --> {}:{}:{}\n",
            diagnostic.severity.as_str(),
            diagnostic.code.as_str(),
            diagnostic.message,
            view.name,
            line,
            column
        )
    })
}

/// Diagnostics located in their spec, as every machine-readable format carries them.
pub fn located(view: &SourceView<'_>, diagnostics: &[Diagnostic]) -> Vec<Finding> {
    diagnostics
        .iter()
        .map(|d| {
            let (line, column) = view.line_col(d.span.start);
            let (end_line, end_column) = view.line_col(d.span.end);
            Finding {
                code: d.code.as_str(),
                severity: d.severity.as_str(),
                message: d.message.clone(),
                file: view.name.to_owned(),
                line,
                column,
                end_line,
                end_column,
                help: d.help.clone(),
                blocks: d.blocks.iter().map(|k| k.name()).collect(),
            }
        })
        .collect()
}

/// `N errors, N warnings, N notes` for a closing line.
pub fn summary(diagnostics: &[Diagnostic]) -> String {
    let count = |s| diagnostics.iter().filter(|d| d.severity == s).count();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}, {}, {}",
        plural(count(Severity::Error), "error"),
        plural(count(Severity::Warning), "warning"),
        plural(count(Severity::Note), "note")
    )
}
