//! Endpoints, from every form they are written in: endpoint tables (any column order),
//! headings (`#### GET /x`, backticked, numbered), `METHOD /path  description` lines in plain
//! fences, `| **Method** | POST |` field tables, ```` ```http ```` request lines and bold
//! `**POST /x**` lines. Mentions of the same method and path are joined into one endpoint;
//! the section that details it becomes its anchor.

use crate::roles::{Role, TableKind};
use crate::text::{method_and_path, normalize_path, url_path};
use crate::{Context, details, placeholder};
use specforge_markdown::{Block, CodeBlock, Document, Table};
use specforge_model::{
    Code, Endpoint, EndpointForm, EndpointMention, Method, ResponseSpec, Span, Spanned,
};
use std::collections::BTreeMap;

const PLAIN_FENCE_LANGS: &[&str] = &["", "text", "txt", "plaintext", "plain", "rest", "api"];

/// Where a mention sits: the detail section's anchor and the grouping section's title.
struct Place {
    section: Option<String>,
    group: Option<String>,
}

struct Builder {
    endpoints: Vec<Endpoint>,
    index: BTreeMap<(Method, String), usize>,
    base: Option<String>,
    /// Query strings written in paths (`GET /staff?dept&page`): endpoint, path span, names.
    queries: Vec<(usize, Span, Vec<Spanned<String>>)>,
}

impl Builder {
    fn mention(
        &mut self,
        method: Method,
        raw_path: &str,
        path_span: Span,
        form: EndpointForm,
        span: Span,
        place: Place,
    ) -> usize {
        let Place { section, group } = place;
        let (bare, query) = split_query(raw_path, path_span);
        let path = normalize_path(bare, self.base.as_deref());
        let i = self.mention_path(
            method, raw_path, path, path_span, form, span, section, group,
        );
        if !query.is_empty() {
            let bare_span = Span::new(path_span.start, path_span.start + bare.len());
            self.queries.push((i, bare_span, query));
        }
        i
    }

    #[allow(clippy::too_many_arguments)]
    fn mention_path(
        &mut self,
        method: Method,
        raw_path: &str,
        path: String,
        path_span: Span,
        form: EndpointForm,
        span: Span,
        section: Option<String>,
        group: Option<String>,
    ) -> usize {
        let key = (method, path.clone());
        let mention = EndpointMention { form, span };
        if let Some(&i) = self.index.get(&key) {
            let endpoint = &mut self.endpoints[i];
            endpoint.mentions.push(mention);
            if endpoint.section.is_none() && form != EndpointForm::TableRow {
                endpoint.section = section;
            }
            if endpoint.group.is_none() {
                endpoint.group = group;
            }
            return i;
        }
        let i = self.endpoints.len();
        self.index.insert(key, i);
        self.endpoints.push(Endpoint {
            method,
            path,
            raw_path: Spanned::new(raw_path.to_owned(), path_span),
            summary: None,
            auth: None,
            auth_statements: Vec::new(),
            section: if form == EndpointForm::TableRow {
                None
            } else {
                section
            },
            group,
            description: None,
            authorization: None,
            rate_limit: None,
            parameters: Vec::new(),
            request: None,
            request_summary: None,
            responses: Vec::new(),
            mentions: vec![mention],
            span,
        });
        i
    }

    fn set_summary(&mut self, i: usize, summary: &str) {
        let summary = summary.trim();
        if !summary.is_empty() && self.endpoints[i].summary.is_none() {
            self.endpoints[i].summary = Some(summary.to_owned());
        }
    }

    fn set_auth(&mut self, i: usize, auth: Spanned<String>) {
        if auth.value.trim().is_empty() {
            return;
        }
        self.endpoints[i].auth_statements.push(auth.clone());
        if self.endpoints[i].auth.is_none() {
            self.endpoints[i].auth = Some(auth);
        }
    }
}

pub(crate) fn extract(cx: &mut Context<'_>) {
    let mut b = Builder {
        endpoints: Vec::new(),
        index: BTreeMap::new(),
        base: None,
        queries: Vec::new(),
    };
    cx.out.spec.api.base_path = base_path(cx);
    cx.out.spec.api.base_url = base_url(cx);
    b.base = cx.out.spec.api.base_path.as_ref().map(|p| p.value.clone());
    // Sections that detail an endpoint, innermost last, for per-endpoint tables and fences.
    let mut section_endpoint: BTreeMap<usize, usize> = BTreeMap::new();
    let document = cx.document;
    for (at, block) in document.blocks.iter().enumerate() {
        match block {
            Block::Heading { id } => {
                let section = &document.sections[*id];
                if let Some((method, path, rest)) = heading_endpoint(&section.title) {
                    let span = section.span;
                    cx.scan(span, placeholder::Context::Text);
                    let path_span = sub_span(cx.text, span, path);
                    let i = b.mention(
                        method,
                        path,
                        path_span,
                        EndpointForm::Heading,
                        span,
                        Place {
                            section: Some(section.slug.clone()),
                            group: group_of(document, section.parent),
                        },
                    );
                    b.set_summary(i, rest);
                    section_endpoint.insert(*id, i);
                } else if is_endpoint_placeholder_heading(&section.title) {
                    cx.scan(section.span, placeholder::Context::Text);
                }
            }
            Block::Table(table) => {
                let Some((kind, roles)) = cx.classified[at].clone() else {
                    continue;
                };
                match kind {
                    TableKind::Endpoints => endpoint_table(cx, &mut b, table, &roles),
                    TableKind::KeyValue => {
                        if let Some(i) = field_table(cx, &mut b, table)
                            && let Some(section) = table.section
                        {
                            section_endpoint.entry(section).or_insert(i);
                        }
                    }
                    _ => {}
                }
            }
            Block::Code(code) if code.lang == "http" => {
                if let Some(i) = http_fence(cx, &mut b, code, &section_endpoint)
                    && let Some(section) = code.section
                {
                    section_endpoint.entry(section).or_insert(i);
                }
            }
            Block::Code(code) if PLAIN_FENCE_LANGS.contains(&code.lang.as_str()) => {
                fence_lines(cx, &mut b, code);
            }
            Block::Label(label) => {
                if let Some((method, path, _)) = method_and_path(&label.text) {
                    let section = label.section.map(|s| document.sections[s].slug.clone());
                    let path_span = sub_span(cx.text, label.span, path);
                    b.mention(
                        method,
                        path,
                        path_span,
                        EndpointForm::BoldLine,
                        label.span,
                        Place {
                            section,
                            group: group_of(document, label.section),
                        },
                    );
                }
            }
            _ => {}
        }
    }
    cx.section_endpoints = section_endpoint
        .into_iter()
        .map(|(section, i)| {
            (
                section,
                format!("{} {}", b.endpoints[i].method.as_str(), b.endpoints[i].path),
            )
        })
        .collect();
    query_parameters(cx, &mut b);
    cx.out.spec.api.endpoints = b.endpoints;
}

/// The path before `?` and the names of the query string after it, each with its span
/// (`/staff?dept&page=1&size=` → `/staff`, `dept`, `page`, `size`). Names that are not
/// parameter names (`{`, spaces, quotes) are left out.
fn split_query(raw_path: &str, span: Span) -> (&str, Vec<Spanned<String>>) {
    let Some(at) = raw_path.find('?') else {
        return (raw_path, Vec::new());
    };
    let mut names = Vec::new();
    let mut offset = span.start + at + 1;
    for pair in raw_path[at + 1..].split('&') {
        let name = pair.split('=').next().unwrap_or("");
        let valid = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '[' | ']'));
        if valid && !names.iter().any(|n: &Spanned<String>| n.value == name) {
            names.push(Spanned::new(
                name.to_owned(),
                Span::new(offset, offset + name.len()),
            ));
        }
        offset += pair.len() + 1;
    }
    (&raw_path[..at], names)
}

/// Query strings in paths become query parameters (typed later from a parameter table that
/// names them), with a note where each was written.
fn query_parameters(cx: &mut Context<'_>, b: &mut Builder) {
    let mut noted = std::collections::BTreeSet::new();
    for (i, path_span, names) in std::mem::take(&mut b.queries) {
        let endpoint = &mut b.endpoints[i];
        let written = Span::new(
            path_span.end,
            names.last().map_or(path_span.end + 1, |n| n.span.end),
        );
        let mut added = Vec::new();
        for name in names {
            if endpoint
                .parameters
                .iter()
                .any(|p| p.name.value == name.value)
            {
                continue;
            }
            added.push(format!("`{}`", name.value));
            endpoint.parameters.push(specforge_model::Parameter {
                span: name.span,
                name,
                location: specforge_model::ParamLocation::Query,
                type_text: None,
                required: None,
                description: None,
                validation: None,
            });
        }
        if !noted.insert(i) {
            continue;
        }
        cx.out.diagnostics.push(
            specforge_model::Diagnostic::new(
                Code::PathQueryString,
                written,
                format!(
                    "the path of {} {} holds a query string: read as the query parameter(s) {}",
                    endpoint.method.as_str(),
                    endpoint.path,
                    added.join(", ")
                ),
            )
            .with_help("type them in a parameter table of the endpoint (Parameter | In | Type)"),
        );
    }
}

/// `Base path: /api/v1` or `Base URL: https://host/api/v1`, as a field or a prose line, with
/// the span of the path itself.
fn base_path(cx: &Context<'_>) -> Option<Spanned<String>> {
    const KEYS: &[&str] = &[
        "base path",
        "base url",
        "base uri",
        "api base",
        "api base path",
        "base",
    ];
    let first_path = |value: &str| {
        value
            .split_whitespace()
            .next()
            .and_then(url_path)
            .map(str::to_owned)
    };
    let from_field = cx.document.fields().find_map(|f| {
        if !KEYS.contains(&f.key.to_lowercase().as_str()) {
            return None;
        }
        let path = first_path(&f.value)?;
        Some(Spanned::new(
            path.clone(),
            sub_span(cx.text, f.value_span, &path),
        ))
    });
    let from_prose = || {
        cx.document.blocks.iter().find_map(|b| {
            let Block::Paragraph(p) = b else { return None };
            p.text.lines().find_map(|line| {
                // Only a line that starts `base path:` or `base url:` (in any case) can
                // match: skip the others without lowercasing them.
                if !starts_with_ignore_ascii_case(line, &["base path:", "base url:"]) {
                    return None;
                }
                let lower = line.to_lowercase();
                let rest = lower
                    .strip_prefix("base path:")
                    .or_else(|| lower.strip_prefix("base url:"))?;
                let path = first_path(&line[line.len() - rest.len()..])?;
                Some(Spanned::new(path.clone(), sub_span(cx.text, p.span, &path)))
            })
        })
    };
    from_field.or_else(from_prose).filter(|p| p.value != "/")
}

/// True when `line` starts with one of the (lowercase ASCII) `prefixes`, ignoring ASCII case.
/// Lowercasing never turns a non-ASCII character into one of their letters, so a line
/// that fails this cannot start with them once lowercased.
fn starts_with_ignore_ascii_case(line: &str, prefixes: &[&str]) -> bool {
    prefixes.iter().any(|prefix| {
        line.as_bytes()
            .get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
    })
}

/// An absolute `Base URL: https://api.example.com/v1`, as a field or a prose line.
fn base_url(cx: &Context<'_>) -> Option<Spanned<String>> {
    let absolute = |value: &str| {
        let url = value.split_whitespace().next()?.trim_matches('`');
        (url.starts_with("https://") || url.starts_with("http://")).then(|| url.to_owned())
    };
    let from_field = cx.document.fields().find_map(|f| {
        let key = f.key.to_lowercase();
        if !matches!(
            key.as_str(),
            "base url" | "base uri" | "api base url" | "server" | "api base"
        ) {
            return None;
        }
        let url = absolute(&f.value)?;
        Some(Spanned::new(
            url.clone(),
            sub_span(cx.text, f.value_span, &url),
        ))
    });
    let from_prose = || {
        cx.document.blocks.iter().find_map(|b| {
            let (text, span) = match b {
                Block::Paragraph(p) => (&p.text, p.span),
                Block::ListItem(i) => (&i.text, i.span),
                _ => return None,
            };
            text.lines().find_map(|line| {
                if !starts_with_ignore_ascii_case(line.trim(), &["base url:"]) {
                    return None;
                }
                let lower = line.trim().to_lowercase();
                let rest = lower.strip_prefix("base url:")?;
                let url = absolute(&line.trim()[line.trim().len() - rest.len()..])?;
                Some(Spanned::new(url.clone(), sub_span(cx.text, span, &url)))
            })
        })
    };
    from_field.or_else(from_prose)
}

/// `GET /x`, `` `GET /x` ``, `1. POST /x`, `4.2 GET /x — Summary`, `Endpoint: GET /x`.
fn heading_endpoint(title: &str) -> Option<(Method, &str, &str)> {
    let mut t = title.trim();
    let numbered = t.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
    if numbered.len() < t.len() && numbered.starts_with(' ') {
        t = numbered.trim_start();
    }
    for prefix in ["Endpoint:", "endpoint:", "API:"] {
        if let Some(rest) = t.strip_prefix(prefix) {
            t = rest.trim_start();
        }
    }
    method_and_path(t)
}

fn is_endpoint_placeholder_heading(title: &str) -> bool {
    title.contains("[HTTP Method]") || title.contains("[Path]")
}

fn endpoint_table(
    cx: &mut Context<'_>,
    b: &mut Builder,
    table: &Table,
    roles: &crate::roles::Roles,
) {
    let method_col = roles.col(Role::Method);
    let path_col = roles.col(Role::Path).or(roles.col(Role::Endpoint));
    let summary_col = roles.col(Role::Description);
    let auth_col = roles.col(Role::Auth);
    let request_col = roles.col(Role::Request);
    let response_col = roles.col(Role::Response);
    let mut found = 0;
    let mut failures = Vec::new();
    let mut placeholders = Vec::new();
    for row in table.data_rows() {
        let row_placeholders = cx.peek(row.span, placeholder::Context::Text);
        let has_placeholder = !row_placeholders.is_empty();
        placeholders.extend(row_placeholders);
        let parsed = match (method_col, path_col) {
            (Some(m), Some(p)) => {
                let method_cell = row.cell(m);
                let path_cell = row.cell(p);
                match (method_cell, path_cell) {
                    (Some(mc), Some(pc)) => {
                        let methods = methods_in(mc.text).unwrap_or_default();
                        let path = pc.text.trim().trim_matches('`');
                        // A path cell may itself say `GET /x`.
                        let (methods, path) = match method_and_path(path) {
                            Some((m2, p2, _)) if methods.is_empty() => (vec![m2], p2),
                            _ => (methods, path),
                        };
                        url_path(path)
                            .filter(|_| !methods.is_empty())
                            .map(|p| (methods, p.to_owned(), sub_span(cx.text, pc.span, p)))
                    }
                    _ => None,
                }
            }
            (None, Some(p)) => row.cell(p).and_then(|pc| {
                method_and_path(pc.text).map(|(m, path, _)| {
                    (vec![m], path.to_owned(), sub_span(cx.text, pc.span, path))
                })
            }),
            _ => None,
        };
        match parsed {
            Some((methods, path, path_span)) => {
                for method in methods {
                    let i = b.mention(
                        method,
                        &path,
                        path_span,
                        EndpointForm::TableRow,
                        row.span,
                        Place {
                            section: None,
                            group: group_of(cx.document, table.section),
                        },
                    );
                    if let Some(cell) = response_col.and_then(|c| row.cell(c))
                        && !cell.is_blank()
                        && let Some((status, description)) =
                            details::response_cell(cx, cell.text, cell.span)
                    {
                        b.endpoints[i].responses.push(ResponseSpec {
                            is_error: status.value >= 400,
                            status: Some(status),
                            description,
                            example: None,
                            span: cell.span,
                        });
                    }
                    if let Some(cell) = request_col.and_then(|c| row.cell(c))
                        && !cell.is_blank()
                        && b.endpoints[i].request_summary.is_none()
                    {
                        b.endpoints[i].request_summary = Some(cell.text.trim().to_owned());
                    }
                    if let Some(cell) = summary_col.and_then(|c| row.cell(c)) {
                        b.set_summary(i, cell.text);
                    }
                    // `None` and `N/A` state a public endpoint here; an empty or dash cell
                    // states nothing (the API's scheme, if any, applies).
                    if let Some(cell) = auth_col.and_then(|c| row.cell(c))
                        && !matches!(cell.text.trim(), "" | "-" | "—" | "–" | "--")
                    {
                        b.set_auth(i, Spanned::new(cell.text.to_owned(), cell.span));
                    }
                    found += 1;
                }
            }
            None if !has_placeholder => failures.push(row.span),
            None => {}
        }
    }
    if found == 0 && !failures.is_empty() {
        cx.skip_table(table, "no row holds an HTTP method and a path");
        return;
    }
    cx.commit(placeholders);
    cx.row_warnings(
        Code::EndpointRowSkipped,
        failures,
        "this row of an endpoint table has no HTTP method and path",
        "write the method (GET, POST, …) and a path starting with `/`",
    );
}

/// `GET`, `GET, POST`, `GET / POST`: every word must be a method.
fn methods_in(text: &str) -> Option<Vec<Method>> {
    let methods = text
        .split([',', '/', ' ', '|'])
        .filter(|s| !s.is_empty())
        .map(Method::parse)
        .collect::<Option<Vec<_>>>()?;
    (!methods.is_empty()).then_some(methods)
}

/// A `| **Method** | POST |`, `| **Path** | /x |`, `| **Auth** | Required |` table.
fn field_table(cx: &mut Context<'_>, b: &mut Builder, table: &Table) -> Option<usize> {
    let value_of = |key: &str| {
        table.rows().find_map(|row| {
            let k = row.cell(0)?;
            (k.text.trim_end_matches(':').eq_ignore_ascii_case(key))
                .then(|| row.cell(1))
                .flatten()
        })
    };
    let method_cell = value_of("method")?;
    let path_cell = value_of("path")
        .or_else(|| value_of("endpoint"))
        .or_else(|| value_of("url"))?;
    cx.scan(table.span, placeholder::Context::Text);
    let methods = methods_in(method_cell.text)?;
    if methods.len() > 1 {
        // One endpoint is described per field table: several methods are the template's choices.
        cx.commit(vec![(method_cell.span, method_cell.text.to_owned())]);
    }
    let path = url_path(path_cell.text.trim().trim_matches('`'))?.to_owned();
    let section = table.section.map(|s| &cx.document.sections[s]);
    if let Some(section) = section {
        cx.scan(section.span, placeholder::Context::Text);
    }
    let slug = section.map(|s| s.slug.clone());
    let path_span = sub_span(cx.text, path_cell.span, &path);
    let i = b.mention(
        methods[0],
        &path,
        path_span,
        EndpointForm::FieldTable,
        table.span,
        Place {
            section: slug,
            group: group_of(cx.document, section.and_then(|s| s.parent)),
        },
    );
    if let Some(section) = section {
        let title = section.title.trim();
        let name = title
            .strip_prefix("Endpoint:")
            .or_else(|| title.strip_prefix("Endpoint -"))
            .unwrap_or(title);
        b.set_summary(i, name);
    }
    if let Some(auth) = value_of("auth").or_else(|| value_of("authentication")) {
        b.set_auth(i, Spanned::new(auth.text.to_owned(), auth.span));
    }
    Some(i)
}

/// The request line of an ```` ```http ```` fence: an example of the endpoint its section
/// details when the path fits that endpoint's template, otherwise an endpoint of its own.
fn http_fence(
    cx: &mut Context<'_>,
    b: &mut Builder,
    code: &CodeBlock,
    section_endpoint: &BTreeMap<usize, usize>,
) -> Option<usize> {
    let (offset, line) = first_line(&code.body)?;
    let line = line
        .trim_end()
        .trim_end_matches("HTTP/1.1")
        .trim_end_matches("HTTP/2")
        .trim_end();
    let (method, path, _) = method_and_path(line)?;
    let start = code.body_offset + offset;
    let span = Span::new(start, start + line.len());
    let path_span = sub_span(cx.text, span, path);
    let owner = cx
        .document
        .section_ids(code.section)
        .find_map(|id| section_endpoint.get(&id).copied());
    if let Some(i) = owner {
        let endpoint = &b.endpoints[i];
        if endpoint.method == method
            && template_matches(&endpoint.path, &normalize_path(path, b.base.as_deref()))
        {
            b.endpoints[i].mentions.push(EndpointMention {
                form: EndpointForm::HttpFence,
                span,
            });
            return Some(i);
        }
    }
    cx.scan(span, placeholder::Context::Text);
    let section = code.section.map(|s| cx.document.sections[s].slug.clone());
    Some(b.mention(
        method,
        path,
        path_span,
        EndpointForm::HttpFence,
        span,
        Place {
            section,
            group: group_of(cx.document, code.section),
        },
    ))
}

fn template_matches(template: &str, concrete: &str) -> bool {
    let t: Vec<&str> = template.split('/').collect();
    let c: Vec<&str> = concrete.split('/').collect();
    t.len() == c.len()
        && t.iter()
            .zip(&c)
            .all(|(t, c)| t == c || (t.starts_with('{') && t.ends_with('}')))
}

/// `METHOD /path  description` lines of a plain fence (seed 000).
fn fence_lines(cx: &mut Context<'_>, b: &mut Builder, code: &CodeBlock) {
    let mut offset = 0;
    for line in code.body.split('\n') {
        let trimmed = line.trim_start();
        let lead = line.len() - trimmed.len();
        if let Some((method, path, rest)) = method_and_path(trimmed) {
            let start = code.body_offset + offset + lead;
            let span = Span::new(start, start + trimmed.trim_end().len());
            cx.scan(span, placeholder::Context::Text);
            let path_span = sub_span(cx.text, span, path);
            let section = code.section.map(|s| cx.document.sections[s].slug.clone());
            let i = b.mention(
                method,
                path,
                path_span,
                EndpointForm::FenceLine,
                span,
                Place {
                    section,
                    group: group_of(cx.document, code.section),
                },
            );
            b.set_summary(i, rest);
        }
        offset += line.len() + 1;
    }
}

/// The title of a section, as the group (tag) of the endpoints it lists: numbering such as
/// `3.2 ` removed.
fn group_of(document: &Document, section: Option<usize>) -> Option<String> {
    let title = document.sections.get(section?)?.title.trim();
    let unnumbered = title.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
    let title = if unnumbered.len() < title.len() && unnumbered.starts_with(' ') {
        unnumbered.trim()
    } else {
        title
    };
    (!title.is_empty()).then(|| title.to_owned())
}

fn first_line(body: &str) -> Option<(usize, &str)> {
    let mut offset = 0;
    for line in body.split('\n') {
        if !line.trim().is_empty() {
            return Some((offset, line));
        }
        offset += line.len() + 1;
    }
    None
}

/// The span of `needle` inside `span` of the text (the whole span if it is not there).
pub(crate) fn sub_span(text: &str, span: Span, needle: &str) -> Span {
    text.get(span.start..span.end)
        .and_then(|s| s.find(needle))
        .map_or(span, |i| {
            Span::new(span.start + i, span.start + i + needle.len())
        })
}

/// `POST /replay/{id}` and `GET /replay/{replayId}` are one path to OpenAPI, which needs one
/// name per parameter: an endpoint with another method on a template written before takes
/// the first endpoint's names (in its path, its path parameters and the error rows scoped to
/// it), with a note. Two endpoints with the same method stay apart, for SF-A031.
pub(crate) fn unify_template_names(cx: &mut Context<'_>) {
    let mut first_of_shape: BTreeMap<String, usize> = BTreeMap::new();
    let mut renames: Vec<(String, String)> = Vec::new();
    let mut notes = Vec::new();
    let endpoints = &mut cx.out.spec.api.endpoints;
    for i in 0..endpoints.len() {
        let shape = specforge_model::path_template::shape(&endpoints[i].path);
        let Some(&first) = first_of_shape.get(&shape) else {
            first_of_shape.insert(shape, i);
            continue;
        };
        let (target, this) = (endpoints[first].path.clone(), endpoints[i].path.clone());
        let (first_method, first_span) = (endpoints[first].method, endpoints[first].raw_path.span);
        let same_method = endpoints[..i].iter().any(|e| {
            e.method == endpoints[i].method
                && specforge_model::path_template::shape(&e.path) == shape
        });
        if target == this || same_method {
            continue;
        }
        let old_names = specforge_model::path_template::parameters(&this);
        let new_names = specforge_model::path_template::parameters(&target);
        let endpoint = &mut endpoints[i];
        for parameter in &mut endpoint.parameters {
            if parameter.location == specforge_model::ParamLocation::Path
                && let Some(at) = old_names.iter().position(|n| *n == parameter.name.value)
            {
                parameter.name.value = new_names[at].clone();
            }
        }
        let old_key = format!("{} {}", endpoint.method.as_str(), this);
        let new_key = format!("{} {}", endpoint.method.as_str(), target);
        endpoint.path = target.clone();
        let pairs: Vec<String> = old_names
            .iter()
            .zip(&new_names)
            .filter(|(a, b)| a != b)
            .map(|(a, b)| format!("`{a}` → `{b}`"))
            .collect();
        notes.push(
            specforge_model::Diagnostic::new(
                Code::PathParameterRenamed,
                endpoint.raw_path.span,
                format!(
                    "{old_key} and {} {target} are one path template to OpenAPI: read as {new_key} ({})",
                    first_method.as_str(),
                    pairs.join(", ")
                ),
            )
            .with_label(first_span, "first written here")
            .with_help("use one parameter name in both places"),
        );
        renames.push((old_key, new_key));
    }
    cx.out.diagnostics.extend(notes);
    for entry in &mut cx.out.spec.errors.entries {
        let scoped = match &mut entry.scope {
            specforge_model::ErrorScope::Endpoint { endpoint } => Some(endpoint),
            specforge_model::ErrorScope::Example {
                endpoint: Some(endpoint),
            } => Some(endpoint),
            _ => None,
        };
        if let Some(key) = scoped
            && let Some((_, new)) = renames.iter().find(|(old, _)| old == key)
        {
            *key = new.clone();
        }
    }
    for key in cx.section_endpoints.values_mut() {
        if let Some((_, new)) = renames.iter().find(|(old, _)| old == key) {
            *key = new.clone();
        }
    }
}
