//! The walk over pulldown-cmark's offset events that builds a [`Document`].

use crate::document::*;
use crate::fields::{LineShape, label_text, shape_of};
use crate::halves;
use crate::inline::plain_text;
use crate::slug::Slugger;
use crate::table_jobs::{self, BESIDE_FROM_BYTES, TableJob, TableSink};
use crate::unwrap::unwrap_markdown_fences;
use pulldown_cmark::{CodeBlockKind, Event, MetadataBlockKind, Parser, Tag, TagEnd};
use specforge_model::{Code, Diagnostic, Span};
use std::ops::Range;

/// Reads normalized spec text (see [`crate::decode`]) into a [`Document`]. Never fails:
/// problems come back as diagnostics beside what could be read.
pub fn read(text: &str) -> (Document, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    if text.trim().is_empty() {
        diagnostics.push(
            Diagnostic::new(
                Code::EmptyDocument,
                Span::new(0, text.len()),
                "the spec is empty",
            )
            .with_help("write the spec, or point specforge at the right file"),
        );
        return (Document::default(), diagnostics);
    }
    check_bidi(text, &mut diagnostics);
    let source = unwrap_markdown_fences(text, &mut diagnostics);
    let mut walker = walk_and_build_tables(&source, source.len() >= BESIDE_FROM_BYTES);
    walker.order_blocks();
    let Walker {
        document,
        diagnostics: walk_diagnostics,
        ..
    } = walker;
    diagnostics.extend(walk_diagnostics);
    (document, diagnostics)
}

/// Walks the text and builds its tables (see [`crate::table_jobs`]): on a second thread while
/// the walk goes on when `beside` asks for it and a thread can be had, else after the walk.
fn walk_and_build_tables(text: &str, beside: bool) -> Walker<'_> {
    walk_and_build_tables_split(text, beside, Split::Auto)
}

fn walk_and_build_tables_split(text: &str, beside: bool, mut split: Split) -> Walker<'_> {
    loop {
        match walk_once(text, beside, split) {
            Some(walker) => return walker,
            // The first half left a construct open where the second began: read it whole
            // (a walk of the whole text is never refused).
            None => split = Split::Never,
        }
    }
}

/// One walk with its tables built; `None` when `split` was refused (see [`Walker::walk`]).
fn walk_once(text: &str, beside: bool, split: Split) -> Option<Walker<'_>> {
    if beside {
        let beside = std::thread::scope(|scope| {
            let (sender, receiver) = std::sync::mpsc::channel();
            let builder = std::thread::Builder::new()
                .name("specforge-tables".to_owned())
                .spawn_scoped(scope, move || table_jobs::build_received(text, receiver))
                .ok()?;
            let mut walker = Walker::new(text, TableSink::beside(sender));
            // Ends by sending the last batch and dropping the sender, which ends the
            // builder's work list; nothing is left to build here.
            let walked = walker.walk(split);
            let built = builder
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            Some(walked.map(|_| {
                table_jobs::place(built, &mut walker.document, &mut walker.diagnostics);
                walker
            }))
        });
        if let Some(walked) = beside {
            return walked;
        }
    }
    let mut walker = Walker::new(text, TableSink::Later(Vec::new()));
    let built = walker
        .walk(split)?
        .into_iter()
        .map(|job| table_jobs::build(text, job))
        .collect();
    table_jobs::place(built, &mut walker.document, &mut walker.diagnostics);
    Some(walker)
}

fn block_start(block: &Block) -> usize {
    match block {
        Block::Heading { .. } => 0, // headings are keyed by `Walker::heading_starts`
        Block::Paragraph(b) => b.span.start,
        Block::Table(b) => b.span.start,
        Block::Code(b) => b.span.start,
        Block::Field(b) => b.key_span.start,
        Block::Label(b) => b.span.start,
        Block::ListItem(b) => b.span.start,
        Block::Comment(b) => b.span.start,
    }
}

/// Reports the first 20 bidirectional control characters (U+202A–U+202E, U+2066–U+2069).
/// All of them are three bytes in UTF-8 starting with 0xE2, so only those bytes are looked at.
fn check_bidi(text: &str, diagnostics: &mut Vec<Diagnostic>) {
    let bytes = text.as_bytes();
    let mut found = 0;
    for offset in memchr::memchr_iter(0xE2, bytes) {
        let Some(c) = text.get(offset..).and_then(|rest| rest.chars().next()) else {
            continue;
        };
        if !matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}') {
            continue;
        }
        diagnostics.push(
            Diagnostic::new(
                Code::BidiControl,
                Span::new(offset, offset + c.len_utf8()),
                format!("bidirectional control character U+{:04X}", c as u32),
            )
            .with_help("remove it: it makes text display differently from what it says"),
        );
        found += 1;
        if found == 20 {
            break;
        }
    }
}

/// Inline text being gathered for a heading or paragraph.
struct Inline {
    text: String,
    range: Range<usize>,
    heading: Option<u8>,
}

struct PendingTable {
    range: Range<usize>,
    head: Option<Range<usize>>,
    rows: Vec<Range<usize>>,
}

struct PendingCode {
    range: Range<usize>,
    info: String,
    body: String,
    body_offset: Option<usize>,
}

struct PendingItem {
    range: Range<usize>,
    text: String,
    has_paragraph: bool,
}

enum Container {
    Quote,
    List,
    Item(PendingItem),
    Table(PendingTable),
    Code(PendingCode),
    Meta(Range<usize>, String),
    Html,
    Other,
}

struct Walker<'t> {
    text: &'t str,
    document: Document,
    diagnostics: Vec<Diagnostic>,
    slugger: Slugger,
    open_sections: Vec<SectionId>,
    current: Option<SectionId>,
    inline: Option<Inline>,
    stack: Vec<Container>,
    heading_starts: Vec<usize>,
    /// Where the tables the walk meets go to be built.
    tables: TableSink,
}

/// Whether a walk parses its text as two halves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Split {
    /// From [`halves::SPLIT_FROM_BYTES`] on, at [`halves::split_point`].
    Auto,
    /// Never: one parse of the whole text.
    Never,
    /// At this line start, if the first half proves closed there.
    #[cfg(test)]
    At(usize),
}

impl<'t> Walker<'t> {
    fn new(text: &'t str, tables: TableSink) -> Self {
        Walker {
            text,
            document: Document::default(),
            diagnostics: Vec::new(),
            slugger: Slugger::default(),
            open_sections: Vec::new(),
            current: None,
            inline: None,
            stack: Vec::new(),
            heading_starts: Vec::new(),
            tables,
        }
    }

    /// Walks every event, then ends the table sink: returns the tables still to build here
    /// (none when they went to a builder thread); `None` when `split` cut the text where the
    /// first half left a construct open: the walk is then void, and the text is read again
    /// whole.
    fn walk(&mut self, split: Split) -> Option<Vec<TableJob>> {
        let text = self.text;
        let at = match split {
            Split::Auto => (text.len() >= halves::SPLIT_FROM_BYTES)
                .then(|| halves::split_point(text))
                .flatten(),
            Split::Never => None,
            #[cfg(test)]
            Split::At(at) => Some(at),
        };
        let walked = match at {
            Some(at) => self.walk_halves(at),
            None => {
                self.walk_whole();
                true
            }
        };
        let jobs = std::mem::replace(&mut self.tables, TableSink::Later(Vec::new())).finish();
        walked.then_some(jobs)
    }

    fn walk_whole(&mut self) {
        for (event, range) in Parser::new_ext(self.text, halves::OPTIONS).into_offset_iter() {
            self.event(event, range);
        }
    }

    /// Walks the events of `text[..at]` as they are parsed, then those of `text[at..]`,
    /// parsed meanwhile on another thread ([`halves`]); without a thread, the text is walked
    /// whole here. False when the first half turns out to leave something open at `at`: the
    /// walk stops there.
    fn walk_halves(&mut self, at: usize) -> bool {
        let text = self.text;
        std::thread::scope(|scope| {
            let (sender, receiver) = std::sync::mpsc::sync_channel(halves::WAITING);
            let Ok(parser) = std::thread::Builder::new()
                .name("specforge-parse".to_owned())
                .spawn_scoped(scope, move || halves::parse_tail(text, at, sender))
            else {
                self.walk_whole();
                return true;
            };
            let mut check = halves::HeadCheck::new(text, at);
            for (event, range) in Parser::new_ext(&text[..at], halves::OPTIONS).into_offset_iter() {
                check.see(text, &event, &range);
                self.event(event, range);
            }
            if !check.closed() {
                // The parsing thread stops at its first batch.
                drop(receiver);
                return false;
            }
            for batch in receiver {
                for (event, range) in batch {
                    self.event(event, range);
                }
            }
            if let Err(panic) = parser.join() {
                std::panic::resume_unwind(panic);
            }
            true
        })
    }

    /// Orders the blocks by where they start (a stable order: blocks that start together
    /// keep the order they were pushed in).
    fn order_blocks(&mut self) {
        // Headings were pushed as blocks with a placeholder start; give them their own.
        // Blocks are large: sort (start, index) pairs, which orders like a stable sort by start,
        // and move each block once.
        let starts = std::mem::take(&mut self.heading_starts);
        let mut order: Vec<(usize, usize)> = self
            .document
            .blocks
            .iter()
            .enumerate()
            .map(|(at, b)| match b {
                Block::Heading { id } => (starts[*id], at),
                other => (block_start(other), at),
            })
            .collect();
        if order.is_sorted() {
            return;
        }
        // Mostly in order already (a stable sort finds the runs); pairs are distinct, so this
        // is the order a stable sort by start gives.
        order.sort();
        let mut slots: Vec<Option<Block>> = std::mem::take(&mut self.document.blocks)
            .into_iter()
            .map(Some)
            .collect();
        self.document.blocks = order
            .iter()
            .filter_map(|&(_, at)| slots[at].take())
            .collect();
    }

    fn in_quote(&self) -> bool {
        self.stack.iter().any(|c| matches!(c, Container::Quote))
    }

    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag, range),
            Event::Text(text) => self.text_event(&text, range),
            Event::Code(code) => self.push_inline(&code),
            Event::SoftBreak => {
                let heading = self.inline.as_ref().is_some_and(|i| i.heading.is_some());
                self.push_inline(if heading { " " } else { "\n" });
            }
            Event::HardBreak => self.push_inline("\n"),
            Event::Html(html) if !matches!(self.stack.last(), Some(Container::Html)) => {
                self.comments(&html, range);
            }
            Event::InlineHtml(html) => {
                if html.starts_with("<!--") {
                    self.comments(&html, range);
                } else if html.to_ascii_lowercase().starts_with("<br") {
                    self.push_inline(" ");
                } else if !crate::inline::looks_like_tag(&html) {
                    // `<bedId>` in `DELETE /beds/<bedId>/hold` is text, not markup.
                    self.push_inline(&html);
                }
            }
            _ => {}
        }
    }

    fn text_event(&mut self, text: &str, range: Range<usize>) {
        match self.stack.last_mut() {
            Some(Container::Code(code)) => {
                if code.body_offset.is_none() {
                    code.body_offset = Some(range.start);
                }
                code.body.push_str(text);
                return;
            }
            Some(Container::Meta(_, body)) => {
                body.push_str(text);
                return;
            }
            Some(Container::Table(_)) | Some(Container::Html) => return,
            _ => {}
        }
        self.push_inline(text);
    }

    fn push_inline(&mut self, text: &str) {
        if let Some(inline) = &mut self.inline {
            inline.text.push_str(text);
        } else if let Some(Container::Item(item)) = self.stack.last_mut() {
            item.text.push_str(text);
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>) {
        match tag {
            Tag::Heading { level, .. } => {
                self.inline = Some(Inline {
                    text: String::new(),
                    range,
                    heading: Some(level as u8),
                });
            }
            Tag::Paragraph => {
                if let Some(Container::Item(item)) = self.stack.last_mut() {
                    item.has_paragraph = true;
                }
                self.inline = Some(Inline {
                    text: String::new(),
                    range,
                    heading: None,
                });
            }
            Tag::Table(_) => self.stack.push(Container::Table(PendingTable {
                range,
                head: None,
                rows: Vec::new(),
            })),
            Tag::TableHead => {
                if let Some(Container::Table(t)) = self.stack.last_mut() {
                    t.head = Some(range);
                }
            }
            Tag::TableRow => {
                if let Some(Container::Table(t)) = self.stack.last_mut() {
                    t.rows.push(range);
                }
            }
            Tag::CodeBlock(kind) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => Some(info.to_string()),
                    CodeBlockKind::Indented => None,
                };
                match info {
                    Some(info) => self.stack.push(Container::Code(PendingCode {
                        range,
                        info,
                        body: String::new(),
                        body_offset: None,
                    })),
                    None => self.stack.push(Container::Other),
                }
            }
            Tag::BlockQuote(_) => self.stack.push(Container::Quote),
            Tag::List(_) => self.stack.push(Container::List),
            Tag::Item => self.stack.push(Container::Item(PendingItem {
                range,
                text: String::new(),
                has_paragraph: false,
            })),
            Tag::MetadataBlock(MetadataBlockKind::YamlStyle) => {
                self.stack.push(Container::Meta(range, String::new()))
            }
            Tag::MetadataBlock(_) => self.stack.push(Container::Other),
            Tag::HtmlBlock => {
                self.comments_in_range(range);
                self.stack.push(Container::Html);
            }
            Tag::TableCell
            | Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Link { .. }
            | Tag::Image { .. } => {}
            _ => self.stack.push(Container::Other),
        }
    }

    fn end(&mut self, tag: TagEnd, range: Range<usize>) {
        match tag {
            TagEnd::Heading(_) => {
                if let Some(inline) = self.inline.take() {
                    self.finish_heading(inline);
                }
            }
            TagEnd::Paragraph => {
                if let Some(inline) = self.inline.take() {
                    self.finish_paragraph(inline);
                }
            }
            TagEnd::TableCell
            | TagEnd::TableHead
            | TagEnd::TableRow
            | TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Link
            | TagEnd::Image => {}
            _ => match self.stack.pop() {
                Some(Container::Table(t)) => self.finish_table(t),
                Some(Container::Code(c)) => self.finish_code(c),
                Some(Container::Item(item)) => self.finish_item(item),
                Some(Container::Meta(range, body)) => self.finish_front_matter(range, &body),
                Some(_) | None => {
                    let _ = range;
                }
            },
        }
    }

    fn finish_heading(&mut self, inline: Inline) {
        let level = inline.heading.unwrap_or(1);
        while let Some(&top) = self.open_sections.last() {
            if self.document.sections[top].level >= level {
                self.open_sections.pop();
            } else {
                break;
            }
        }
        let title = inline.text.trim().to_owned();
        let id = self.document.sections.len();
        let span = self.trimmed_span(inline.range.clone());
        self.document.sections.push(Section {
            level,
            slug: self.slugger.slug(&title),
            title,
            span,
            parent: self.open_sections.last().copied(),
        });
        self.open_sections.push(id);
        self.current = Some(id);
        self.heading_starts.push(span.start);
        self.document.blocks.push(Block::Heading { id });
    }

    fn finish_paragraph(&mut self, inline: Inline) {
        let span = self.trimmed_span(inline.range.clone());
        let section = self.current;
        let form = if self.in_quote() {
            FieldForm::Blockquote
        } else {
            FieldForm::Line
        };
        let lines = self.lines_of(inline.range.clone());
        if lines.len() == 1 {
            let (start, line) = lines[0];
            if let LineShape::Label { inner } = shape_of(line) {
                let text = label_text(line, inner);
                self.document.blocks.push(Block::Label(Label {
                    text,
                    span: Span::new(start, start + line.trim_end().len()),
                    section,
                }));
                return;
            }
        }
        // The paragraph starts before its fields: pushed first, the blocks stay in order.
        self.document.blocks.push(Block::Paragraph(Paragraph {
            text: inline.text.trim().to_owned(),
            span,
            section,
        }));
        for (start, line) in lines {
            if let LineShape::Field { key, value } = shape_of(line) {
                self.push_field(line, start, key, value, form);
            }
        }
    }

    fn push_field(
        &mut self,
        line: &str,
        start: usize,
        key: Range<usize>,
        value: Range<usize>,
        form: FieldForm,
    ) {
        self.document.blocks.push(Block::Field(Field {
            key: plain_text(&line[key.clone()])
                .trim_end_matches(':')
                .trim()
                .to_owned(),
            value: plain_text(&line[value.clone()]),
            key_span: Span::new(start + key.start, start + key.end),
            value_span: Span::new(start + value.start, start + value.end),
            form,
            section: self.current,
        }));
    }

    /// The lines of a range, each with its start offset, container prefixes removed.
    fn lines_of(&self, range: Range<usize>) -> Vec<(usize, &'t str)> {
        let text = self.text;
        let line_start = text[..range.start.min(text.len())]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        let end = range.end.min(text.len());
        let quoted = self.in_quote();
        let mut out = Vec::new();
        let mut offset = line_start;
        for line in text[line_start..end].split('\n') {
            let (skip, stripped) = strip_prefix(line, quoted);
            if !stripped.trim().is_empty() {
                out.push((offset + skip, stripped));
            }
            offset += line.len() + 1;
        }
        out
    }

    fn line_at(&self, offset: usize) -> (usize, &'t str) {
        line_at(self.text, offset, self.in_quote())
    }

    fn trimmed_span(&self, range: Range<usize>) -> Span {
        trimmed_span(self.text, range)
    }

    /// Hands the table over to be built (see [`crate::table_jobs`]), leaving a placeholder
    /// block where it goes.
    fn finish_table(&mut self, pending: PendingTable) {
        let Some(head) = pending.head else { return };
        let block_at = self.document.blocks.len();
        self.document
            .blocks
            .push(Block::Table(Table::with_capacity(0, Span::default(), None)));
        let job = TableJob {
            range: pending.range,
            head,
            rows: pending.rows,
            quoted: self.in_quote(),
            section: self.current,
            block_at,
            diagnostics_at: self.diagnostics.len(),
        };
        self.tables.send(job);
    }

    fn finish_code(&mut self, code: PendingCode) {
        let range = code.range.clone();
        let text = self.text;
        let block = &text[range.start.min(text.len())..range.end.min(text.len())];
        let first_line_end = block.find('\n').map_or(block.len(), |i| i + 1);
        let opener = block[..first_line_end].trim();
        let fence_char = opener.chars().next().unwrap_or('`');
        let fence_len = opener.chars().take_while(|&c| c == fence_char).count();
        let closed = block[first_line_end..]
            .trim_end()
            .rsplit('\n')
            .next()
            .is_some_and(|last| {
                let last = strip_prefix(last, self.in_quote()).1.trim();
                first_line_end < block.len()
                    && last.len() >= fence_len
                    && last.chars().all(|c| c == fence_char)
            });
        let span = self.trimmed_span(range.clone());
        if !closed && range.end >= text.trim_end().len() {
            let (line_start, line) = self.line_at(range.start);
            self.diagnostics.push(
                Diagnostic::new(
                    Code::UnterminatedFence,
                    Span::new(line_start, line_start + line.trim_end().len()),
                    "this code fence is never closed, so the rest of the document is read as code",
                )
                .with_help(format!(
                    "close it with a line holding only {}",
                    fence_char.to_string().repeat(fence_len)
                )),
            );
        }
        let lang = code
            .info
            .split(|c: char| c.is_whitespace() || c == '{' || c == ',')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        let body_offset = code
            .body_offset
            .unwrap_or(range.start + first_line_end)
            .min(text.len());
        self.document.blocks.push(Block::Code(CodeBlock {
            info: code.info.trim().to_owned(),
            lang,
            body: code.body,
            body_offset,
            span,
            closed,
            section: self.current,
        }));
    }

    fn finish_item(&mut self, item: PendingItem) {
        let (raw_start, first_line) = self.line_at(item.range.start);
        let marker = list_marker_len(first_line);
        let raw = first_line[marker..].trim_end();
        let raw_offset = raw_start + marker;
        if !item.has_paragraph
            && let LineShape::Field { key, value } = shape_of(raw)
        {
            self.push_field(raw, raw_offset, key, value, FieldForm::ListItem);
        }
        let span = self.trimmed_span(item.range);
        self.document.blocks.push(Block::ListItem(ListItem {
            text: item.text.trim().to_owned(),
            raw: raw.to_owned(),
            raw_offset,
            span: Span::new(span.start, span.end.max(span.start)),
            section: self.current,
        }));
    }

    fn finish_front_matter(&mut self, range: Range<usize>, body: &str) {
        // Offsets: the body starts on the line after the opening `---`.
        let text = self.text;
        let block = &text[range.start.min(text.len())..range.end.min(text.len())];
        let body_start = range.start + block.find('\n').map_or(block.len(), |i| i + 1);
        let mut offset = body_start;
        for line in body.split('\n') {
            if let Some((key, value)) = line.split_once(':') {
                let is_top_level = !line.starts_with([' ', '\t', '-', '#']);
                let key_text = key.trim();
                if is_top_level && !key_text.is_empty() && !value.trim().is_empty() {
                    let value_lead = value.len() - value.trim_start().len();
                    let value_start = offset + key.len() + 1 + value_lead;
                    let raw = value.trim();
                    let unquoted = raw.trim_matches(|c| c == '"' || c == '\'');
                    let quote = raw.find(unquoted).unwrap_or(0);
                    self.document.blocks.push(Block::Field(Field {
                        key: key_text.to_owned(),
                        value: unquoted.to_owned(),
                        key_span: Span::new(offset, offset + key.len()),
                        value_span: Span::new(
                            value_start + quote,
                            value_start + quote + unquoted.len(),
                        ),
                        form: FieldForm::FrontMatter,
                        section: None,
                    }));
                }
            }
            offset += line.len() + 1;
        }
    }

    fn comments_in_range(&mut self, range: Range<usize>) {
        let text = self.text;
        let slice = &text[range.start.min(text.len())..range.end.min(text.len())];
        self.comments(slice, range);
    }

    fn comments(&mut self, html: &str, range: Range<usize>) {
        let mut from = 0;
        while let Some(open) = html[from..].find("<!--") {
            let start = from + open;
            let Some(close) = html[start + 4..].find("-->") else {
                break;
            };
            let end = start + 4 + close + 3;
            let body = html[start + 4..end - 3].trim();
            let span_start = (range.start + start).min(self.text.len());
            let span_end = (range.start + end).min(self.text.len());
            self.document.blocks.push(Block::Comment(Comment {
                text: body.to_owned(),
                span: Span::new(span_start, span_end),
                section: self.current,
            }));
            from = end;
        }
    }
}

/// Removes blockquote markers (when inside a quote) and indentation; returns the bytes skipped.
/// The line holding `offset`, with its container prefixes removed, and where that starts.
pub(crate) fn line_at(text: &str, offset: usize, quoted: bool) -> (usize, &str) {
    let bytes = text.as_bytes();
    let offset = offset.min(text.len());
    let start = memchr::memrchr(b'\n', &bytes[..offset]).map_or(0, |i| i + 1);
    let end = memchr::memchr(b'\n', &bytes[offset..]).map_or(text.len(), |i| offset + i);
    let (skip, stripped) = strip_prefix(&text[start..end], quoted);
    (start + skip, stripped)
}

/// `range` without the white space at its end, as a span.
pub(crate) fn trimmed_span(text: &str, range: Range<usize>) -> Span {
    let end = range.end.min(text.len());
    let start = range.start.min(end);
    let slice = &text[start..end];
    let trimmed = slice.trim_end();
    Span::new(start, start + trimmed.len())
}

fn strip_prefix(line: &str, quoted: bool) -> (usize, &str) {
    let mut rest = line;
    loop {
        let trimmed = rest.trim_start_matches([' ', '\t']);
        if quoted && trimmed.starts_with('>') {
            rest = &trimmed[1..];
        } else {
            rest = trimmed;
            break;
        }
    }
    (line.len() - rest.len(), rest)
}

fn list_marker_len(line: &str) -> usize {
    let bytes = line.as_bytes();
    let mut i = 0;
    if matches!(bytes.first(), Some(b'-' | b'*' | b'+')) {
        i = 1;
    } else {
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        if i == 0 || !matches!(bytes.get(i), Some(b'.' | b')')) {
            return 0;
        }
        i += 1;
    }
    while i < bytes.len() && bytes[i] == b' ' {
        i += 1;
    }
    for task in ["[ ] ", "[x] ", "[X] "] {
        if line[i..].starts_with(task) {
            i += task.len();
        }
    }
    i
}

/// A `Field | Value` header (or one of its synonyms): every row is a field, bold or not.
pub(crate) fn is_field_header(header: TableRow<'_>) -> bool {
    let (Some(key), Some(value)) = (header.cell(0), header.cell(1)) else {
        return false;
    };
    let key = key.text.to_lowercase();
    let value = value.text.to_lowercase();
    matches!(
        key.as_str(),
        "field" | "key" | "property" | "attribute" | "item" | "aspect" | "項目" | "항목"
    ) && matches!(
        value.as_str(),
        "value" | "details" | "detail" | "description" | "値" | "값" | "内容"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The document and diagnostics as JSON, with tables built beside the walk or after it.
    fn read_built(text: &str, beside: bool) -> String {
        read_split(text, beside, Split::Auto)
    }

    /// The document and diagnostics as JSON, parsed whole or as two halves.
    fn read_split(text: &str, beside: bool, split: Split) -> String {
        let mut walker = walk_and_build_tables_split(text, beside, split);
        walker.order_blocks();
        let messages: Vec<String> = walker
            .diagnostics
            .iter()
            .map(|d| format!("{:?} {:?} {}", d.code, d.span, d.message))
            .collect();
        serde_json::to_string(&(&walker.document, messages)).expect("serializes")
    }

    #[test]
    fn tables_built_beside_the_walk_are_the_tables_built_after_it() {
        let mut texts: Vec<String> = fixture_texts();
        // Tables in quotes and lists, ragged rows among other diagnostics, field tables,
        // comments inside a table, a table with no body, and one that is not a table.
        texts.push(
            "# A\n\n| **Status** | Approved |\n|---|---|\n| **Owner** | x |\n\n\u{202E}\n\n\
             > | a | b |\n> |---|---|\n> | 1 | 2 | 3 |\n\n- item\n\n  | c | d |\n  |---|---|\n  | <!-- n --> k | v |\n\n\
             | Field | Value |\n|---|---|\n| key | value |\n| x | y | z | w |\n\n| only | head |\n|---|---|\n\n\
             | not | a table\n\n## B\n\n| e |\n|---|\n| `a|b` | c \\| d |\n"
                .to_owned(),
        );
        for text in &texts {
            assert_eq!(read_built(text, true), read_built(text, false), "{text}");
        }
    }

    fn fixture_texts() -> Vec<String> {
        crate::test_support::fixtures()
            .into_iter()
            .map(|(_, text)| text)
            .collect()
    }

    /// Reading a text as two halves gives the document of reading it whole: every fixture
    /// split at each heading after a blank line, and all of them as one long text that the
    /// reader splits by itself (with its tables built beside the walk).
    #[test]
    fn a_text_read_as_two_halves_is_the_text_read_whole() {
        let texts: Vec<String> = fixture_texts()
            .into_iter()
            .filter(|t| !t.contains("]:"))
            .collect();
        let mut split = 0;
        for text in &texts {
            let whole = read_split(text, false, Split::Never);
            for (at, _) in text.match_indices("\n\n#") {
                let at = at + 2;
                let heading = text[at..].lines().next().unwrap_or_default();
                if !(heading.starts_with("# ")
                    || heading.starts_with("## ")
                    || heading.starts_with("### "))
                {
                    continue;
                }
                assert_eq!(
                    read_split(text, false, Split::At(at)),
                    whole,
                    "split at {at}"
                );
                split += 1;
            }
        }
        assert!(split > 300, "{split} splits");
        let long = texts.join("\n\n");
        assert!(
            long.len() >= halves::SPLIT_FROM_BYTES,
            "{} bytes",
            long.len()
        );
        assert!(halves::split_point(&long).is_some());
        assert_eq!(
            read_split(&long, true, Split::Auto),
            read_split(&long, true, Split::Never)
        );
    }

    fn bidi_offsets(text: &str) -> Vec<(usize, String)> {
        let mut diagnostics = Vec::new();
        check_bidi(text, &mut diagnostics);
        diagnostics
            .iter()
            .map(|d| (d.span.start, d.message.clone()))
            .collect()
    }

    #[test]
    fn bidi_controls_are_found_among_other_three_byte_characters() {
        // `–` (U+2013) and `→` (U+2192) share the 0xE2 lead byte and are not controls.
        let text = "a – b \u{202E}c → \u{2066}d \u{2069}\u{202A}";
        let expected: Vec<(usize, String)> = text
            .char_indices()
            .filter(|(_, c)| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
            .map(|(at, c)| {
                (
                    at,
                    format!("bidirectional control character U+{:04X}", c as u32),
                )
            })
            .collect();
        assert_eq!(expected.len(), 4);
        assert_eq!(bidi_offsets(text), expected);
    }

    #[test]
    fn at_most_twenty_bidi_controls_are_reported() {
        let text = "x\u{202B}".repeat(25);
        let found = bidi_offsets(&text);
        assert_eq!(found.len(), 20);
        assert_eq!(found[19].0, 19 * 4 + 1);
    }
}
