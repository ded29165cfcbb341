//! What a spec says about each endpoint beyond its method and path: description, auth role,
//! rate limit, request headers and parameters tables, the request body example, responses by
//! status (`**Response (201 Created):**`, `**Error Response (404):**`, `Response — 200 OK`,
//! `Response: 201 Created` inside a fence, `HTTP/1.1 201 Created` fences) and `**Errors:**`
//! lines; and for the API as a whole: the auth scheme, the standard error body and embedded
//! OpenAPI / Swagger YAML fragments.
//!
//! Blocks are owned by the endpoint whose heading, field table or bold `**POST /x**` line came
//! last: a heading owns its whole section (subsections included), a bold line owns the blocks
//! up to the next heading or endpoint line.

use crate::endpoints::sub_span;
use crate::roles::{Role, Roles, TableKind};
use crate::text::{is_error_code, method_and_path, yes_no};
use crate::{Context, placeholder};
use specforge_markdown::{Block, CodeBlock, Label, Table};
use specforge_model::{
    ApiFragment, BodyExample, Code, Diagnostic, EndpointForm, ErrorEntry, ErrorScope, Method,
    ParamLocation, Parameter, ResponseSpec, Span, Spanned,
};

/// Fence languages whose bodies are taken as JSON-ish examples.
const EXAMPLE_LANGS: &[&str] = &["json", "jsonc", "json5", "javascript", "js", "", "text"];

/// What a label says the next block is.
#[derive(Debug, Clone, PartialEq)]
enum Pending {
    /// A request body example.
    Request,
    /// A response example.
    Response(ResponseLabel),
    /// A parameters table (with the location the label states, if any).
    Parameters(Option<ParamLocation>),
    /// A headers table.
    Headers,
}

/// A response label read: status, reason, error flag, where.
#[derive(Debug, Clone, PartialEq)]
struct ResponseLabel {
    status: Option<Spanned<u16>>,
    description: Option<String>,
    is_error: bool,
    span: Span,
}

/// Who owns the blocks being walked.
#[derive(Debug, Clone, Copy)]
struct Owner {
    endpoint: usize,
    /// The heading level that ends ownership (a heading at this level or above); `None` for a
    /// bold line, which any heading ends.
    level: Option<u8>,
}

pub(crate) fn extract(cx: &mut Context<'_>) {
    let document = cx.document;
    let mut owner: Option<Owner> = None;
    let mut pending: Option<Pending> = None;
    let mut error_entries = Vec::new();
    let mentions = Mentions::of(cx);
    for (at, block) in document.blocks.iter().enumerate() {
        match block {
            Block::Heading { id } => {
                let section = &document.sections[*id];
                pending = None;
                if let Some(i) = mentions.find(EndpointForm::Heading, section.span.start) {
                    owner = Some(Owner {
                        endpoint: i,
                        level: Some(section.level),
                    });
                } else if owner.is_some_and(|o| o.level.is_none_or(|l| section.level <= l)) {
                    owner = None;
                }
            }
            Block::Label(label) => {
                if method_and_path(&label.text).is_some() {
                    owner = mentions
                        .find(EndpointForm::BoldLine, label.span.start)
                        .map(|i| Owner {
                            endpoint: i,
                            level: None,
                        });
                    pending = None;
                    continue;
                }
                pending = label_target(cx, label);
                if let (Some(o), Some(Pending::Response(r))) = (owner, &pending) {
                    // A label states a response even when no example follows.
                    push_response(cx, o.endpoint, r.clone(), None);
                }
            }
            Block::Field(field) => {
                let Some(o) = owner else { continue };
                let key = field.key.trim().to_lowercase();
                let value = field.value.trim();
                match key.as_str() {
                    "description" | "purpose" | "summary" | "overview" if !value.is_empty() => {
                        set_once(
                            &mut cx.out.spec.api.endpoints[o.endpoint].description,
                            value,
                        );
                    }
                    "authentication" | "auth" | "authenticated" if !value.is_empty() => {
                        let endpoint = &mut cx.out.spec.api.endpoints[o.endpoint];
                        let auth = Spanned::new(value.to_owned(), field.value_span);
                        endpoint.auth_statements.push(auth.clone());
                        if endpoint.auth.is_none() {
                            endpoint.auth = Some(auth);
                        }
                    }
                    "authorization" | "permission" | "permissions" | "required role" | "role"
                    | "roles" | "scope" | "scopes"
                        if !value.is_empty() =>
                    {
                        set_once(
                            &mut cx.out.spec.api.endpoints[o.endpoint].authorization,
                            value.trim_matches('`'),
                        );
                    }
                    "rate limit" | "rate limiting" | "rate-limit" | "throttling"
                        if !value.is_empty() =>
                    {
                        set_once(&mut cx.out.spec.api.endpoints[o.endpoint].rate_limit, value);
                    }
                    "errors" | "error codes" | "error responses" | "possible errors" => {
                        let endpoint = endpoint_key(cx, o.endpoint);
                        error_entries.extend(errors_line(cx.text, field.value_span, &endpoint));
                    }
                    _ => {
                        // `**Response:** 204 No Content`, `**Request Parameters:** None`.
                        let label = Label {
                            text: field.key.clone(),
                            span: field.key_span.to(field.value_span),
                            section: field.section,
                        };
                        let target = label_target(cx, &label);
                        if let Some(Pending::Response(mut r)) = target {
                            if r.status.is_none() {
                                r.status = status_in(cx, value, field.value_span);
                                r.description = reason_after_status(value);
                            }
                            push_response(cx, o.endpoint, r.clone(), None);
                            pending = Some(Pending::Response(r));
                        } else if none_value(value) {
                            pending = None;
                        } else {
                            pending = target;
                        }
                    }
                }
            }
            Block::Table(table) => {
                if let Some(i) = mentions.find(EndpointForm::FieldTable, table.span.start) {
                    let level = table.section.map_or(1, |s| document.sections[s].level);
                    owner = Some(Owner {
                        endpoint: i,
                        level: Some(level),
                    });
                    key_value_table(cx, i, table);
                    pending = None;
                    continue;
                }
                let Some(o) = owner else {
                    pending = None;
                    continue;
                };
                if let Some((kind, roles)) = cx.classified[at].clone() {
                    match kind {
                        TableKind::Parameters | TableKind::Headers => {
                            let body_fields = pending == Some(Pending::Request)
                                || (roles.has(Role::Field)
                                    && !roles.has(Role::Parameter)
                                    && !roles.has(Role::In)
                                    && !matches!(pending, Some(Pending::Parameters(_))));
                            if !body_fields {
                                let default = match (&pending, kind) {
                                    (Some(Pending::Headers), _) | (_, TableKind::Headers) => {
                                        Some(ParamLocation::Header)
                                    }
                                    (Some(Pending::Parameters(l)), _) => *l,
                                    _ => None,
                                };
                                parameter_table(cx, o.endpoint, table, &roles, default);
                            }
                        }
                        TableKind::KeyValue => key_value_table(cx, o.endpoint, table),
                        _ => {}
                    }
                }
                pending = None;
            }
            Block::Code(code) => {
                if is_fragment(code) {
                    cx.out.spec.api.fragments.push(ApiFragment {
                        text: code.body.clone(),
                        offset: code.body_offset,
                        span: code.span,
                    });
                    pending = None;
                    continue;
                }
                let Some(o) = owner else {
                    error_format(cx, code);
                    pending = None;
                    continue;
                };
                if code.lang == "http" {
                    pending = http_example(cx, o.endpoint, code, pending.take());
                } else if EXAMPLE_LANGS.contains(&code.lang.as_str()) {
                    pending = example_fence(cx, o.endpoint, code, pending.take());
                } else {
                    pending = None;
                }
            }
            Block::Paragraph(_) | Block::Comment(_) => {}
            Block::ListItem(item) => {
                if let (Some(o), Some(Pending::Parameters(location))) = (owner, &pending) {
                    list_parameter(cx, o.endpoint, item, *location);
                }
            }
        }
    }
    cx.out.spec.errors.entries.extend(error_entries);
    auth_scheme(cx);
    duplicates(cx);
}

/// Every endpoint mention by form and start, so that finding the endpoint a heading, bold line
/// or field table introduces is a lookup, not a scan (a spec has thousands of endpoints).
/// Looked up only, so its order never shows; FNV hashing, since the keys are small integers.
struct Mentions(fnv::FnvHashMap<(EndpointForm, usize), usize>);

impl Mentions {
    fn of(cx: &Context<'_>) -> Mentions {
        let mut map = fnv::FnvHashMap::default();
        map.reserve(cx.out.spec.api.endpoints.len() * 2);
        for (i, e) in cx.out.spec.api.endpoints.iter().enumerate() {
            for m in &e.mentions {
                map.entry((m.form, m.span.start)).or_insert(i);
            }
        }
        Mentions(map)
    }

    /// The endpoint whose mention of `form` starts at `start`.
    fn find(&self, form: EndpointForm, start: usize) -> Option<usize> {
        self.0.get(&(form, start)).copied()
    }
}

fn endpoint_key(cx: &Context<'_>, i: usize) -> String {
    let e = &cx.out.spec.api.endpoints[i];
    format!("{} {}", e.method.as_str(), e.path)
}

fn set_once(slot: &mut Option<String>, value: &str) {
    let value = value.trim();
    if slot.is_none() && !value.is_empty() {
        *slot = Some(value.to_owned());
    }
}

fn none_value(value: &str) -> bool {
    matches!(
        value.trim().trim_end_matches('.').to_lowercase().as_str(),
        "none" | "n/a" | "-" | "—" | "empty" | "no body" | "(none)"
    )
}

/// What a label (`**Request Body:**`, `**Response (201 Created):**`, `**Query Parameters:**`)
/// announces.
fn label_target(cx: &mut Context<'_>, label: &Label) -> Option<Pending> {
    let text = label.text.trim().trim_end_matches(':').trim();
    let lower = text.to_lowercase();
    let first = lower
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
        .unwrap_or("");
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let has = |w: &str| words.contains(&w);
    if has("headers") || has("header") {
        return (has("request") || words.len() == 1).then_some(Pending::Headers);
    }
    if has("parameters") || has("parameter") || has("params") || has("query") {
        let location = if has("query") {
            Some(ParamLocation::Query)
        } else if has("path") {
            Some(ParamLocation::Path)
        } else {
            None
        };
        return Some(Pending::Parameters(location));
    }
    let response = has("response") || has("responses") || first == "returns";
    if response {
        let status = status_in(cx, text, sub_span(cx.text, label.span, text));
        // `**Error Responses:**` with no status announces a table, handled as errors.
        if has("responses") && status.is_none() {
            return None;
        }
        let is_error = has("error") || status.as_ref().is_some_and(|s| s.value >= 400);
        return Some(Pending::Response(ResponseLabel {
            description: status.as_ref().and_then(|_| reason_after_status(text)),
            status,
            is_error,
            span: label.span,
        }));
    }
    if has("request") || (has("body") && words.len() <= 2) || has("payload") {
        return Some(Pending::Request);
    }
    None
}

/// The first number of `text` as a status; a number that is not a status (100–599) is
/// reported.
fn status_in(cx: &mut Context<'_>, text: &str, span: Span) -> Option<Spanned<u16>> {
    let (offset, digits) = text
        .char_indices()
        .filter(|&(i, c)| {
            c.is_ascii_digit()
                && !text[..i].ends_with(|p: char| {
                    p.is_ascii_alphanumeric() || matches!(p, '-' | '_' | '#' | '/' | '.' | '$')
                })
        })
        .map(|(i, _)| {
            let len = text[i..]
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(text.len() - i);
            (i, &text[i..i + len])
        })
        .find(|(i, d)| !text[i + d.len()..].starts_with(|c: char| c.is_ascii_alphabetic()))?;
    let at = sub_span(cx.text, span, text);
    let status_span = if at.len() == text.len() {
        Span::new(at.start + offset, at.start + offset + digits.len())
    } else {
        sub_span(cx.text, span, digits)
    };
    let value = digits
        .parse::<u16>()
        .ok()
        .filter(|v| (100..=599).contains(v));
    let Some(value) = value.filter(|_| digits.len() == 3) else {
        cx.out.diagnostics.push(
            Diagnostic::new(
                Code::InvalidStatus,
                status_span,
                format!("`{digits}` is not an HTTP status code"),
            )
            .with_help("HTTP status codes run from 100 to 599 (RFC 9110 §15)"),
        );
        return None;
    };
    Some(Spanned::new(value, status_span))
}

/// `Created` in `Response (201 Created)` / `201: Booking` / `200 OK`.
fn reason_after_status(text: &str) -> Option<String> {
    let i = text.find(|c: char| c.is_ascii_digit())?;
    let rest = text[i..].trim_start_matches(|c: char| c.is_ascii_digit());
    let reason = rest
        .trim_start_matches([' ', ':', '-', '—', '–', '`'])
        .trim_end_matches([')', '`', ':', ' '])
        .trim();
    (!reason.is_empty()).then(|| reason.to_owned())
}

fn push_response(
    cx: &mut Context<'_>,
    endpoint: usize,
    label: ResponseLabel,
    example: Option<BodyExample>,
) {
    let responses = &mut cx.out.spec.api.endpoints[endpoint].responses;
    if let Some(existing) = responses.iter_mut().find(|r| r.span == label.span) {
        if existing.example.is_none() {
            existing.example = example;
        }
        return;
    }
    responses.push(ResponseSpec {
        status: label.status,
        description: label.description,
        is_error: label.is_error,
        example,
        span: label.span,
    });
}

/// A fence after a label, or a fence holding `Request:` / `Response: 201 Created` lines.
fn example_fence(
    cx: &mut Context<'_>,
    endpoint: usize,
    code: &CodeBlock,
    pending: Option<Pending>,
) -> Option<Pending> {
    let parts = labelled_parts(&code.body);
    if parts.is_empty() {
        if !looks_like_body(&code.body) {
            return pending;
        }
        let example = BodyExample {
            lang: code.lang.clone(),
            text: code.body.clone(),
            offset: code.body_offset,
        };
        match pending {
            Some(Pending::Request) => set_request(cx, endpoint, example),
            Some(Pending::Response(r)) => push_response(cx, endpoint, r, Some(example)),
            _ => return pending,
        }
        return None;
    }
    for (line_offset, line, body_offset, body) in parts {
        let line_span = Span::new(
            code.body_offset + line_offset,
            code.body_offset + line_offset + line.len(),
        );
        let label = Label {
            text: line.trim().to_owned(),
            span: line_span,
            section: code.section,
        };
        let example = looks_like_body(body).then(|| BodyExample {
            lang: code.lang.clone(),
            text: body.to_owned(),
            offset: code.body_offset + body_offset,
        });
        match label_target(cx, &label) {
            Some(Pending::Request) => {
                if let Some(example) = example {
                    set_request(cx, endpoint, example);
                }
            }
            Some(Pending::Response(mut r)) => {
                r.span = line_span;
                push_response(cx, endpoint, r, example);
            }
            _ => {}
        }
    }
    None
}

fn set_request(cx: &mut Context<'_>, endpoint: usize, example: BodyExample) {
    let slot = &mut cx.out.spec.api.endpoints[endpoint].request;
    if slot.is_none() {
        *slot = Some(example);
    }
}

/// True when the text holds a JSON-ish value (an object or an array).
fn looks_like_body(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with("//") && !l.starts_with('#'))
        .is_some_and(|l| l.starts_with('{') || l.starts_with('['))
}

/// Splits a fence body at `Request:` / `Response: 201 Created` lines: (line offset, line,
/// body offset, body) per part. Empty when the fence has no such line.
fn labelled_parts(body: &str) -> Vec<(usize, &str, usize, &str)> {
    let mut starts = Vec::new();
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        let t = line.trim();
        let lower = t.to_lowercase();
        let is_label = !t.starts_with(['{', '[', '"'])
            && t.len() < 80
            && (lower.starts_with("request") || lower.starts_with("response"))
            && (t.ends_with(':') || t.contains(": ") || lower.starts_with("response "));
        if is_label {
            let lead = line.len() - line.trim_start().len();
            starts.push((offset + lead, t));
        }
        offset += line.len();
    }
    let mut parts = Vec::new();
    for (k, &(at, line)) in starts.iter().enumerate() {
        let body_start = body[at..].find('\n').map_or(body.len(), |i| at + i + 1);
        let end = starts.get(k + 1).map_or(body.len(), |&(next, _)| next);
        let end = end.max(body_start);
        parts.push((at, line, body_start, &body[body_start..end]));
    }
    parts
}

/// An ```` ```http ```` fence: a request (line, headers, blank line, body) or a response
/// (`HTTP/1.1 201 Created`, headers, body).
fn http_example(
    cx: &mut Context<'_>,
    endpoint: usize,
    code: &CodeBlock,
    pending: Option<Pending>,
) -> Option<Pending> {
    let body = &code.body;
    let first = body.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let split = body.find("\n\n").or_else(|| body.find("\r\n\r\n"));
    let rest = split.map(|i| (i + 2, &body[i + 2..]));
    let example = rest
        .filter(|(_, text)| looks_like_body(text))
        .map(|(at, text)| BodyExample {
            lang: "json".to_owned(),
            text: text.to_owned(),
            offset: code.body_offset + at,
        });
    if let Some(status_text) = first.trim().strip_prefix("HTTP/") {
        let line_start = code.body_offset + body.find(first).unwrap_or(0);
        let span = Span::new(line_start, line_start + first.trim_end().len());
        let after_version = status_text
            .split_once(' ')
            .map_or("", |(_, rest)| rest)
            .trim();
        let status = status_in(cx, after_version, span);
        let label = ResponseLabel {
            is_error: status.as_ref().is_some_and(|s| s.value >= 400),
            description: reason_after_status(after_version),
            status,
            span,
        };
        let label = match pending {
            Some(Pending::Response(r)) if r.status.is_none() => ResponseLabel {
                span: r.span,
                ..label
            },
            _ => label,
        };
        push_response(cx, endpoint, label, example);
        return None;
    }
    if method_and_path(first).is_some() {
        if let Some(example) = example {
            set_request(cx, endpoint, example);
            return None;
        }
        // A request without a body: the body may follow in its own fence.
        return pending;
    }
    pending
}

/// `**Errors:** `VALIDATION_ERROR` (400), `DUPLICATE_GUEST_EMAIL` (409)`.
fn errors_line(text: &str, span: Span, endpoint: &str) -> Vec<ErrorEntry> {
    let Some(value) = text.get(span.start..span.end) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut at = 0;
    for piece in value.split([',', ';']) {
        let lead = piece.len() - piece.trim_start().len();
        let trimmed = piece.trim();
        let code_text = trimmed
            .split(|c: char| c == '(' || c.is_whitespace())
            .next()
            .unwrap_or("")
            .trim_matches('`');
        if is_error_code(code_text) && !code_text.chars().all(|c| c.is_ascii_digit()) {
            let code_at = piece.find(code_text).unwrap_or(lead);
            let start = span.start + at + code_at;
            let code_span = Span::new(start, start + code_text.len());
            let status = trimmed.find('(').and_then(|open| {
                let inner = &trimmed[open + 1..];
                let digits: String = inner.chars().take_while(char::is_ascii_digit).collect();
                let value = digits
                    .parse::<u16>()
                    .ok()
                    .filter(|s| (100..=599).contains(s))?;
                let s = span.start + at + lead + open + 1;
                Some(Spanned::new(value, Span::new(s, s + digits.len())))
            });
            out.push(ErrorEntry {
                code: Spanned::new(code_text.to_owned(), code_span),
                status,
                description: None,
                resolution: None,
                retryable: None,
                type_uri: None,
                scope: ErrorScope::Endpoint {
                    endpoint: endpoint.to_owned(),
                },
                span: code_span,
            });
        }
        at += piece.len() + 1;
    }
    out
}

/// A parameters or headers table of an endpoint.
fn parameter_table(
    cx: &mut Context<'_>,
    endpoint: usize,
    table: &Table,
    roles: &Roles,
    default: Option<ParamLocation>,
) {
    cx.scan(table.span, placeholder::Context::Text);
    let name_col = roles
        .col(Role::Parameter)
        .or(roles.col(Role::Header))
        .or(roles.col(Role::Name))
        .or(roles.col(Role::Field));
    let Some(name_col) = name_col else { return };
    let path = cx.out.spec.api.endpoints[endpoint].path.clone();
    for row in table.data_rows() {
        let Some(name_cell) = row.cell(name_col) else {
            continue;
        };
        let name = name_cell.text.trim().trim_matches('`').trim();
        if name.is_empty() {
            continue;
        }
        let cell = |role: Role| roles.col(role).and_then(|c| row.cell(c));
        let stated = cell(Role::In).and_then(|c| location_of(c.text));
        let location = stated.or(default).unwrap_or_else(|| {
            if path.contains(&format!("{{{name}}}")) {
                ParamLocation::Path
            } else {
                ParamLocation::Query
            }
        });
        let spanned = |c: specforge_markdown::TableCell<'_>| {
            let t = c.text.trim().trim_matches('`').trim();
            (!c.is_blank() && !t.is_empty())
                .then(|| Spanned::new(t.to_owned(), sub_span(cx.text, c.span, t)))
        };
        let parameter = Parameter {
            name: Spanned::new(name.to_owned(), sub_span(cx.text, name_cell.span, name)),
            location,
            type_text: cell(Role::Type).and_then(spanned),
            required: cell(Role::Required).and_then(|c| yes_no(c.text)),
            description: cell(Role::Description)
                .filter(|c| !c.is_blank())
                .map(|c| c.text.trim().to_owned()),
            validation: cell(Role::Validation).and_then(spanned),
            span: row.span,
        };
        add_parameter(&mut cx.out.spec.api.endpoints[endpoint], parameter);
    }
}

/// Adds a parameter row; one that names a query parameter the path's query string gave
/// (no type, no description) takes its place, so the table types it.
fn add_parameter(endpoint: &mut specforge_model::Endpoint, parameter: Parameter) {
    let bare = endpoint.parameters.iter().position(|p| {
        p.name.value == parameter.name.value
            && p.location == ParamLocation::Query
            && p.type_text.is_none()
            && p.description.is_none()
            && p.required.is_none()
    });
    match bare {
        Some(i) if matches!(parameter.location, ParamLocation::Query) => {
            endpoint.parameters[i] = parameter;
        }
        _ => endpoint.parameters.push(parameter),
    }
}

/// `` - `level` (string, optional): Error level `` under a parameters label. Without a stated
/// location, a list under a method that takes a body describes body fields, which are not
/// parameters.
fn list_parameter(
    cx: &mut Context<'_>,
    endpoint: usize,
    item: &specforge_markdown::ListItem,
    location: Option<ParamLocation>,
) {
    let raw = item.raw.trim();
    let Some(rest) = raw.strip_prefix('`') else {
        return;
    };
    let Some(close) = rest.find('`') else { return };
    let name = &rest[..close];
    if name.is_empty() || name.contains(char::is_whitespace) {
        return;
    }
    let after = rest[close + 1..].trim_start();
    let (facts, description) = match after.strip_prefix('(') {
        Some(inner) => match inner.split_once(')') {
            Some((facts, tail)) => (Some(facts), tail),
            None => (None, after),
        },
        None => (None, after),
    };
    let description = description
        .trim_start_matches([':', '-', '—', '–', ' '])
        .trim();
    let e = &cx.out.spec.api.endpoints[endpoint];
    let location = match location {
        Some(l) => l,
        None if e.path.contains(&format!("{{{name}}}")) => ParamLocation::Path,
        None if matches!(e.method, Method::Get | Method::Delete | Method::Head) => {
            ParamLocation::Query
        }
        None => return,
    };
    let mut type_text = None;
    let mut required = None;
    if let Some(facts) = facts {
        let mut kept = Vec::new();
        for fact in facts.split(',').map(str::trim).filter(|f| !f.is_empty()) {
            match yes_no(fact) {
                Some(r) if !fact.contains(' ') => required = Some(r),
                _ => kept.push(fact),
            }
        }
        if !kept.is_empty() {
            let text = kept.join(", ");
            let span = sub_span(cx.text, item.span, kept[0]);
            type_text = Some(Spanned::new(text, span));
        }
    }
    let name_span = sub_span(cx.text, item.span, name);
    add_parameter(
        &mut cx.out.spec.api.endpoints[endpoint],
        Parameter {
            name: Spanned::new(name.to_owned(), name_span),
            location,
            type_text,
            required,
            description: (!description.is_empty()).then(|| description.to_owned()),
            validation: None,
            span: item.span,
        },
    );
}

fn location_of(text: &str) -> Option<ParamLocation> {
    match text.trim().trim_matches('`').to_lowercase().as_str() {
        "path" | "url" | "route" => Some(ParamLocation::Path),
        "query" | "querystring" | "query string" => Some(ParamLocation::Query),
        "header" | "headers" => Some(ParamLocation::Header),
        "cookie" => Some(ParamLocation::Cookie),
        _ => None,
    }
}

/// `| **Auth** | Required |`, `| **Rate Limit** | 100/min |` rows of an endpoint's field table.
fn key_value_table(cx: &mut Context<'_>, endpoint: usize, table: &Table) {
    for row in table.rows() {
        let (Some(k), Some(v)) = (row.cell(0), row.cell(1)) else {
            continue;
        };
        let value = v.text.trim();
        if v.is_blank() || value.is_empty() {
            continue;
        }
        let e = &mut cx.out.spec.api.endpoints[endpoint];
        match k.text.trim().trim_end_matches(':').to_lowercase().as_str() {
            "description" | "purpose" | "summary" => set_once(&mut e.description, value),
            "authorization" | "permission" | "permissions" | "role" | "roles" | "scope"
            | "scopes" => set_once(&mut e.authorization, value.trim_matches('`')),
            "rate limit" | "rate limiting" => set_once(&mut e.rate_limit, value),
            _ => {}
        }
    }
}

/// A YAML fence holding OpenAPI or Swagger (`openapi:`, `swagger:` or `paths:` at the top).
fn is_fragment(code: &CodeBlock) -> bool {
    matches!(code.lang.as_str(), "yaml" | "yml" | "openapi" | "swagger")
        && code.body.lines().any(|l| {
            ["openapi:", "swagger:", "paths:"]
                .iter()
                .any(|k| l.starts_with(k))
        })
}

/// A JSON fence outside every endpoint, under a heading or label about the error format.
fn error_format(cx: &mut Context<'_>, code: &CodeBlock) {
    if cx.out.spec.api.error_format.is_some()
        || !matches!(code.lang.as_str(), "json" | "jsonc" | "json5")
        || !looks_like_body(&code.body)
    {
        return;
    }
    let titled = cx.document.section_ids(code.section).take(2).any(|id| {
        let title = cx.document.sections[id].title.to_lowercase();
        title.contains("error")
            && [
                "format",
                "response",
                "handling",
                "envelope",
                "model",
                "structure",
            ]
            .iter()
            .any(|w| title.contains(w))
    });
    let body = &code.body;
    if titled && (body.contains("\"code\"") || body.contains("\"error_code\"")) {
        cx.out.spec.api.error_format = Some(BodyExample {
            lang: code.lang.clone(),
            text: body.clone(),
            offset: code.body_offset,
        });
    }
}

/// How clients authenticate, stated once: an `Authentication:` field or list line outside
/// every endpoint, or the `Method` field of an authentication section.
fn auth_scheme(cx: &mut Context<'_>) {
    let document = cx.document;
    let endpoint_sections: fnv::FnvHashSet<&str> = cx
        .out
        .spec
        .api
        .endpoints
        .iter()
        .filter_map(|e| e.section.as_deref())
        .collect();
    let in_endpoint = |section: Option<usize>| {
        document
            .section_ids(section)
            .any(|id| endpoint_sections.contains(document.sections[id].slug.as_str()))
    };
    let in_auth_section = |section| {
        document.section_ids(section).take(2).any(|id| {
            document.sections[id]
                .title
                .to_lowercase()
                .contains("authentication")
        })
    };
    let mentions_scheme = |text: &str| {
        let lower = text.to_lowercase();
        [
            "jwt",
            "bearer",
            "api key",
            "api-key",
            "apikey",
            "x-api-key",
            "oauth",
            "token",
        ]
        .iter()
        .any(|w| lower.contains(w))
    };
    let found = document.blocks.iter().find_map(|block| match block {
        Block::Field(f) if !in_endpoint(f.section) => {
            let key = f.key.to_lowercase();
            let relevant = key == "authentication"
                || key == "auth"
                || (key == "method" && in_auth_section(f.section));
            (relevant && mentions_scheme(&f.value))
                .then(|| Spanned::new(f.value.trim().to_owned(), f.value_span))
        }
        Block::ListItem(item) => {
            let (key, value) = item.text.split_once(':')?;
            (key.trim().eq_ignore_ascii_case("authentication") && mentions_scheme(value)).then(
                || {
                    let value = value.trim();
                    Spanned::new(value.to_owned(), sub_span(cx.text, item.span, value))
                },
            )
        }
        _ => None,
    });
    cx.out.spec.api.auth_scheme = found;
}

/// One endpoint detailed twice (a summary section and a full one, two chapters): the two are
/// one endpoint. Where they agree, the repeated parameter or response is merged away; where
/// they differ (a parameter typed two ways, two examples for one status), a warning names
/// both places. Never a blocker.
fn duplicates(cx: &mut Context<'_>) {
    let mut found = Vec::new();
    for endpoint in &mut cx.out.spec.api.endpoints {
        let details: Vec<Span> = endpoint
            .mentions
            .iter()
            .filter(|m| matches!(m.form, EndpointForm::Heading | EndpointForm::FieldTable))
            .map(|m| m.span)
            .collect();
        if details.len() < 2 {
            continue;
        }
        let differences = merge_repeated(endpoint);
        if differences.is_empty() {
            continue;
        }
        found.push(
            Diagnostic::new(
                Code::DuplicateEndpoint,
                details[1],
                format!(
                    "{} {} is detailed twice, differently: {}",
                    endpoint.method.as_str(),
                    endpoint.path,
                    differences.join("; ")
                ),
            )
            .with_label(details[0], "first detailed here")
            .with_help("make the two sections agree, or keep the details in one of them"),
        );
    }
    cx.out.diagnostics.extend(found);
}

/// Drops parameters and responses repeated with the same content; returns what the repeats
/// say differently (the first one stays in force).
fn merge_repeated(endpoint: &mut specforge_model::Endpoint) -> Vec<String> {
    let mut differences = Vec::new();
    let mut kept: Vec<Parameter> = Vec::new();
    for parameter in std::mem::take(&mut endpoint.parameters) {
        let same = kept
            .iter()
            .find(|p| p.name.value == parameter.name.value && p.location == parameter.location);
        match same {
            None => kept.push(parameter),
            Some(first) => {
                let types = (
                    first.type_text.as_ref().map(|t| t.value.to_lowercase()),
                    parameter.type_text.as_ref().map(|t| t.value.to_lowercase()),
                );
                if let (Some(a), Some(b)) = types
                    && a != b
                {
                    differences.push(format!(
                        "parameter `{}` is `{a}` first and `{b}` here",
                        parameter.name.value
                    ));
                }
            }
        }
    }
    endpoint.parameters = kept;
    let mut responses: Vec<ResponseSpec> = Vec::new();
    for response in std::mem::take(&mut endpoint.responses) {
        let status = response.status.as_ref().map(|s| s.value);
        let same = responses
            .iter()
            .find(|r| status.is_some() && r.status.as_ref().map(|s| s.value) == status);
        match same {
            None => responses.push(response),
            Some(first) => {
                let squeeze = |e: &Option<BodyExample>| {
                    e.as_ref()
                        .map(|b| b.text.split_whitespace().collect::<String>())
                };
                let (a, b) = (squeeze(&first.example), squeeze(&response.example));
                if a.is_some() && b.is_some() && a != b {
                    differences.push(format!(
                        "the {} response has two different examples",
                        status.unwrap_or_default()
                    ));
                } else if a.is_none() && b.is_some() {
                    // The later section gives the example the first one left out.
                    if let Some(slot) = responses
                        .iter_mut()
                        .find(|r| r.status.as_ref().map(|s| s.value) == status)
                    {
                        slot.example = response.example;
                    }
                }
            }
        }
    }
    endpoint.responses = responses;
    differences
}

/// Parses an endpoint table's Response cell (`201: Booking`, `200 OK`, `204`).
pub(crate) fn response_cell(
    cx: &mut Context<'_>,
    text: &str,
    span: Span,
) -> Option<(Spanned<u16>, Option<String>)> {
    let status = status_in(cx, text, span)?;
    Some((status, reason_after_status(text)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_split_at_request_and_response_lines() {
        let body = "Request:\n{\"a\": 1}\n\nResponse: 201 Created\n{\"b\": 2}\n";
        let parts = labelled_parts(body);
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].1, "Request:");
        assert_eq!(parts[0].3.trim(), "{\"a\": 1}");
        assert_eq!(parts[1].1, "Response: 201 Created");
        assert_eq!(parts[1].3.trim(), "{\"b\": 2}");
        assert_eq!(&body[parts[1].2..parts[1].2 + 8], "{\"b\": 2}");
    }

    #[test]
    fn plain_bodies_have_no_parts() {
        assert!(labelled_parts("{\n  \"response\": 1\n}").is_empty());
    }

    #[test]
    fn reasons_follow_statuses() {
        assert_eq!(
            reason_after_status("Response (201 Created)").as_deref(),
            Some("Created")
        );
        assert_eq!(
            reason_after_status("201: Booking").as_deref(),
            Some("Booking")
        );
        assert_eq!(
            reason_after_status("Response — `200 OK`").as_deref(),
            Some("OK")
        );
        assert_eq!(reason_after_status("Response (404)"), None);
    }

    #[test]
    fn errors_lines_give_codes_and_statuses() {
        let text = "**Errors:** `VALIDATION_ERROR` (400), `DUPLICATE_GUEST_EMAIL` (409)";
        let start = text.find('`').unwrap_or(0);
        let entries = errors_line(text, Span::new(start, text.len()), "POST /g");
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].code.value, "VALIDATION_ERROR");
        assert_eq!(entries[1].status.as_ref().map(|s| s.value), Some(409));
        let s = entries[1].code.span;
        assert_eq!(&text[s.start..s.end], "DUPLICATE_GUEST_EMAIL");
        let s = entries[0]
            .status
            .as_ref()
            .map(|s| s.span)
            .unwrap_or_default();
        assert_eq!(&text[s.start..s.end], "400");
    }
}
