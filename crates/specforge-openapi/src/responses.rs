//! Operation responses: the labelled success responses with schemas from their examples, and
//! one error response per status gathering the endpoint's error codes.
//!
//! Rules:
//! * A success response without a stated status is `200`, or `204` for a DELETE without an
//!   example. `204` and `304` never have content.
//! * An endpoint with no success response gets `200` (`204` for DELETE) described `Success`.
//! * Error codes come from error rows scoped to the endpoint (`METHOD /path`), their status
//!   from the row or the merged catalogue; codes of one status make one response that lists
//!   them in its description and in `x-specforge-error-codes`, refers to the `Error` schema,
//!   and has one example per code when the Error schema has a code field. Labelled error
//!   responses join their status.
//! * An authenticated endpoint without a 401 gets the catalogue's 401 codes, if any.
//! * When the spec scopes no code to any endpoint, its catalogue describes the whole API: every
//!   operation lists every catalogue code (4xx and 5xx) as a possible error.
//! * Statuses are listed in ascending order.

use crate::shapes;
use openapiv3::{
    Example, MediaType, ReferenceOr, Response, Responses, Schema, SchemaKind, StatusCode, Type,
};
use specforge_examples::{Shape, ShapeKind};
use specforge_model::{BodyExample, Diagnostic, Endpoint, ErrorScope, Method, Spec};
use specforge_schema::resource::TableIndex;
use std::collections::{BTreeMap, HashMap};

/// The standard error body: its schema and how to write an example of it for one code.
pub struct ErrorModel {
    /// The `Error` component schema.
    pub schema: Schema,
    /// Property path of the code field, when there is one.
    pub code_path: Option<Vec<String>>,
    /// Property path of the message field, when there is one.
    pub message_path: Option<Vec<String>>,
    /// Property path of the RFC 7807 `type` field beside the code, when the catalogue gives
    /// problem type URIs.
    pub type_path: Option<Vec<String>>,
    /// Each code's problem type URI.
    type_uris: BTreeMap<String, String>,
    /// The example body the codes' examples are made from.
    pub template: serde_json::Value,
}

impl ErrorModel {
    /// Reads the spec's error format (or uses `{code, message}`), and lists every catalogue
    /// code with an HTTP status as the code field's `enum` (codes without one are no HTTP
    /// response). When the catalogue gives RFC 7807 problem type URIs, a `type` field beside
    /// the code lists them (`format: uri`).
    pub fn new(spec: &Spec, diags: &mut Vec<Diagnostic>) -> ErrorModel {
        let shape = spec
            .api
            .error_format
            .as_ref()
            .and_then(|body| shapes::read_example(body, diags))
            .filter(|s| s.kind == Some(ShapeKind::Object));
        let (mut schema, code_path, message_path, template) = match shape {
            Some(shape) => {
                let code_path = find_field(&shape, &["code", "error_code"], 0);
                let message_path = code_path.as_ref().and_then(|p| {
                    let mut m = p[..p.len() - 1].to_vec();
                    m.push("message".to_owned());
                    field_at(&shape, &m).map(|_| m)
                });
                let template = shapes::example_value(&shape)
                    .unwrap_or_else(|| serde_json::Value::Object(Default::default()));
                (shapes::to_schema(&shape), code_path, message_path, template)
            }
            None => {
                let mut props = indexmap::IndexMap::new();
                for name in ["code", "message"] {
                    props.insert(
                        name.to_owned(),
                        ReferenceOr::Item(Box::new(crate::schema::string(None))),
                    );
                }
                (
                    crate::schema::object(props, vec!["code".into(), "message".into()]),
                    Some(vec!["code".to_owned()]),
                    Some(vec!["message".to_owned()]),
                    serde_json::json!({"code": "", "message": ""}),
                )
            }
        };
        if let Some(path) = &code_path
            && let Some(field) = schema_at(&mut schema, path)
            && let SchemaKind::Type(Type::String(s)) = &mut field.schema_kind
        {
            let mut seen = std::collections::HashSet::new();
            let codes: Vec<Option<String>> = spec
                .errors
                .codes
                .iter()
                .filter(|c| c.status.is_some() && seen.insert(c.code.value.as_str()))
                .map(|c| Some(c.code.value.clone()))
                .collect();
            if !codes.is_empty() {
                s.enumeration = codes;
                field.schema_data.example = None;
            }
        }
        let type_uris: BTreeMap<String, String> = spec
            .errors
            .codes
            .iter()
            .filter(|c| c.status.is_some())
            .filter_map(|c| Some((c.code.value.clone(), c.type_uri.clone()?)))
            .collect();
        let type_path = code_path
            .as_ref()
            .filter(|_| !type_uris.is_empty())
            .and_then(|path| add_type_field(&mut schema, path, &type_uris));
        ErrorModel {
            schema,
            code_path,
            message_path,
            type_path,
            type_uris,
            template,
        }
    }

    fn example_for(&self, code: &str, message: Option<&str>) -> Option<serde_json::Value> {
        let path = self.code_path.as_ref()?;
        let mut value = self.template.clone();
        set_at(&mut value, path, code.into());
        if let (Some(m), Some(msg)) = (&self.message_path, message) {
            set_at(&mut value, m, msg.into());
        }
        if let (Some(t), Some(uri)) = (&self.type_path, self.type_uris.get(code)) {
            set_at(&mut value, t, uri.as_str().into());
        }
        Some(value)
    }
}

/// Adds the RFC 7807 `type` field (a URI, one of `uris`) to the object holding the code
/// field; returns its path. A `type` field the error format already has is used as it is.
fn add_type_field(
    schema: &mut Schema,
    code_path: &[String],
    uris: &BTreeMap<String, String>,
) -> Option<Vec<String>> {
    let parent_path = &code_path[..code_path.len() - 1];
    let parent = if parent_path.is_empty() {
        schema
    } else {
        schema_at(schema, parent_path)?
    };
    let SchemaKind::Type(Type::Object(object)) = &mut parent.schema_kind else {
        return None;
    };
    let mut path = parent_path.to_vec();
    path.push("type".to_owned());
    if !object.properties.contains_key("type") {
        let mut listed: Vec<Option<String>> = Vec::new();
        for uri in uris.values() {
            if !listed.iter().any(|u| u.as_deref() == Some(uri.as_str())) {
                listed.push(Some(uri.clone()));
            }
        }
        let field = Schema {
            schema_data: openapiv3::SchemaData {
                description: Some("The RFC 7807 problem type of the error.".to_owned()),
                ..Default::default()
            },
            schema_kind: SchemaKind::Type(Type::String(openapiv3::StringType {
                format: openapiv3::VariantOrUnknownOrEmpty::Unknown("uri".to_owned()),
                enumeration: listed,
                ..Default::default()
            })),
        };
        object
            .properties
            .insert("type".to_owned(), ReferenceOr::Item(Box::new(field)));
    }
    Some(path)
}

fn find_field(shape: &Shape, names: &[&str], depth: usize) -> Option<Vec<String>> {
    if depth > 6 {
        return None;
    }
    for (name, field) in &shape.properties {
        if names.contains(&name.as_str()) && matches!(field.kind, Some(ShapeKind::String) | None) {
            return Some(vec![name.clone()]);
        }
    }
    for (name, field) in &shape.properties {
        if let Some(mut rest) = find_field(field, names, depth + 1) {
            rest.insert(0, name.clone());
            return Some(rest);
        }
    }
    None
}

fn field_at<'a>(shape: &'a Shape, path: &[String]) -> Option<&'a Shape> {
    let (first, rest) = path.split_first()?;
    let field = shape
        .properties
        .iter()
        .find(|(n, _)| n == first)
        .map(|(_, f)| f)?;
    if rest.is_empty() {
        Some(field)
    } else {
        field_at(field, rest)
    }
}

fn schema_at<'a>(schema: &'a mut Schema, path: &[String]) -> Option<&'a mut Schema> {
    let (first, rest) = path.split_first()?;
    let SchemaKind::Type(Type::Object(o)) = &mut schema.schema_kind else {
        return None;
    };
    let ReferenceOr::Item(field) = o.properties.get_mut(first)? else {
        return None;
    };
    if rest.is_empty() {
        Some(field)
    } else {
        schema_at(field, rest)
    }
}

fn set_at(value: &mut serde_json::Value, path: &[String], new: serde_json::Value) {
    let Some((first, rest)) = path.split_first() else {
        return;
    };
    let Some(obj) = value.as_object_mut() else {
        return;
    };
    if rest.is_empty() {
        obj.insert(first.clone(), new);
    } else if let Some(inner) = obj.get_mut(first) {
        set_at(inner, rest, new);
    }
}

/// The standard reason phrase of a status, for descriptions.
pub fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        410 => "Gone",
        412 => "Precondition Failed",
        413 => "Payload Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        s if s < 300 => "Success",
        s if s < 400 => "Redirection",
        s if s < 500 => "Client error",
        _ => "Server error",
    }
}

/// A body schema derived from an example, to be registered under a component name.
pub struct BodySchema {
    /// The schema.
    pub schema: Schema,
    /// The example's real values, if any.
    pub example: Option<serde_json::Value>,
}

/// The schema of a body example, enriched from the resource table of `path`.
pub fn body_schema(
    body: &BodyExample,
    path: &str,
    tables: &TableIndex<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Option<BodySchema> {
    let shape = shapes::read_example(body, diags)?;
    let mut schema = shapes::to_schema(&shape);
    if let Some(table) = tables.resource(path) {
        crate::tables::enrich(&mut schema, table, tables.model());
    }
    Some(BodySchema {
        schema,
        example: shapes::example_value(&shape),
    })
}

/// Inputs of [`responses`] that come from the rest of the document.
pub struct Inputs<'a> {
    /// The spec.
    pub spec: &'a Spec,
    /// The Error schema model, when the document has one.
    pub errors: &'a ErrorModel,
    /// True when the operation requires authentication.
    pub authenticated: bool,
    /// The error catalogue, indexed once for the whole document.
    pub index: &'a ErrorIndex<'a>,
    /// The schema's tables, indexed.
    pub tables: &'a TableIndex<'a>,
}

/// The error catalogue indexed for lookups per operation: a spec with thousands of endpoints
/// and codes must not scan every row for every operation.
pub struct ErrorIndex<'a> {
    codes: HashMap<&'a str, &'a specforge_model::ErrorCode>,
    scoped: HashMap<String, Vec<&'a specforge_model::ErrorEntry>>,
    /// True when the spec scopes no error code to any endpoint: its catalogue then describes
    /// the whole API, and every operation lists every catalogue code as a possible error.
    pub api_wide: bool,
    unauthorized: Vec<String>,
}

impl<'a> ErrorIndex<'a> {
    /// Indexes `spec`'s error codes and rows.
    pub fn new(spec: &'a Spec) -> ErrorIndex<'a> {
        let mut codes = HashMap::new();
        for code in &spec.errors.codes {
            codes.entry(code.code.value.as_str()).or_insert(code);
        }
        let mut scoped: HashMap<String, Vec<&specforge_model::ErrorEntry>> = HashMap::new();
        for entry in &spec.errors.entries {
            match &entry.scope {
                ErrorScope::Endpoint { endpoint }
                | ErrorScope::Example {
                    endpoint: Some(endpoint),
                } => scoped.entry(endpoint.clone()).or_default().push(entry),
                _ => {}
            }
        }
        let unauthorized = spec
            .errors
            .codes
            .iter()
            .filter(|c| c.status.as_ref().is_some_and(|s| s.value == 401))
            .map(|c| c.code.value.clone())
            .collect();
        ErrorIndex {
            codes,
            api_wide: scoped.is_empty(),
            scoped,
            unauthorized,
        }
    }

    fn code(&self, code: &str) -> Option<&'a specforge_model::ErrorCode> {
        self.codes.get(code).copied()
    }
}

/// A response whose body schema still has to be registered: (status, schema).
pub type PendingSchema = (u16, BodySchema);

/// Builds the responses of `endpoint`. Body schemas are returned for the caller to register
/// (and the media types refer to `{prefix}{status}Response`). `uses_error` is set when any
/// response refers to the Error schema.
pub fn responses(
    inputs: &Inputs<'_>,
    endpoint: &Endpoint,
    prefix: &str,
    diags: &mut Vec<Diagnostic>,
    uses_error: &mut bool,
) -> (Responses, Vec<PendingSchema>) {
    // By status, ascending (a `Response` is hundreds of bytes: a sorted `Vec`, not a B-tree
    // node of eleven).
    let mut success: Vec<(u16, Response)> = Vec::new();
    let mut pending = Vec::new();
    let mut errors: BTreeMap<u16, (Vec<String>, Option<String>)> = BTreeMap::new();
    for r in &endpoint.responses {
        let status = match &r.status {
            Some(s) if !(100..=599).contains(&s.value) => continue,
            Some(s) => s.value,
            None if r.is_error => continue,
            None if endpoint.method == Method::Delete && r.example.is_none() => 204,
            None => 200,
        };
        if r.is_error || status >= 400 {
            errors
                .entry(status)
                .or_insert_with(|| (Vec::new(), r.description.clone()));
            continue;
        }
        let Err(at) = success.binary_search_by_key(&status, |(s, _)| *s) else {
            continue;
        };
        let mut response = Response {
            description: r
                .description
                .clone()
                .filter(|d| !d.trim().is_empty())
                .unwrap_or_else(|| reason(status).to_owned()),
            ..Response::default()
        };
        if let Some(body) = &r.example
            && status != 204
            && status != 304
            && let Some(mut b) = body_schema(body, &endpoint.path, inputs.tables, diags)
        {
            response.content.insert(
                "application/json".into(),
                MediaType {
                    schema: Some(crate::schema::reference(&format!(
                        "{prefix}{status}Response"
                    ))),
                    // Only the schema is registered: the example goes here.
                    example: b.example.take(),
                    ..MediaType::default()
                },
            );
            pending.push((status, b));
        }
        success.insert(at, (status, response));
    }
    if success.is_empty() {
        let status = if endpoint.method == Method::Delete {
            204
        } else {
            200
        };
        success.push((
            status,
            Response {
                description: "Success".into(),
                ..Response::default()
            },
        ));
    }
    for (code, status) in endpoint_codes(inputs.index, endpoint) {
        let entry = errors.entry(status).or_insert_with(|| (Vec::new(), None));
        if !entry.0.contains(&code) {
            entry.0.push(code);
        }
    }
    if inputs.index.api_wide {
        for code in &inputs.spec.errors.codes {
            if let Some(status) = code
                .status
                .as_ref()
                .map(|s| s.value)
                .filter(|s| (400..=599).contains(s))
            {
                let entry = errors.entry(status).or_insert_with(|| (Vec::new(), None));
                if !entry.0.contains(&code.code.value) {
                    entry.0.push(code.code.value.clone());
                }
            }
        }
    }
    if inputs.authenticated && !errors.contains_key(&401) {
        let codes = inputs.index.unauthorized.clone();
        if !codes.is_empty() {
            errors.insert(401, (codes, None));
        }
    }
    let mut out = Responses::default();
    for (status, response) in success {
        out.responses
            .insert(StatusCode::Code(status), ReferenceOr::Item(response));
    }
    let states_client_errors = errors.keys().any(|s| (400..500).contains(s));
    for (status, (codes, label)) in errors {
        *uses_error = true;
        out.responses.insert(
            StatusCode::Code(status),
            ReferenceOr::Item(error_response(inputs, status, &codes, label)),
        );
    }
    // Any operation can refuse a request; when the spec names no client error for this one,
    // a `4XX` range says so and gives clients the error body's shape.
    if !states_client_errors {
        *uses_error = true;
        let label =
            "The request was not accepted (the spec names no client error for this operation)";
        out.responses.insert(
            StatusCode::Range(4),
            ReferenceOr::Item(error_response(inputs, 400, &[], Some(label.to_owned()))),
        );
    }
    (out, pending)
}

fn error_response(
    inputs: &Inputs<'_>,
    status: u16,
    codes: &[String],
    label: Option<String>,
) -> Response {
    let description = if codes.is_empty() {
        label
            .filter(|l| !l.trim().is_empty())
            .unwrap_or_else(|| reason(status).to_owned())
    } else {
        format!("{}: {}", reason(status), codes.join(", "))
    };
    let mut media = MediaType {
        schema: Some(crate::schema::reference("Error")),
        ..MediaType::default()
    };
    for code in codes {
        let message = inputs.index.code(code).and_then(|c| c.description.clone());
        if let Some(value) = inputs.errors.example_for(code, message.as_deref()) {
            media.examples.insert(
                code.clone(),
                ReferenceOr::Item(Example {
                    summary: message,
                    value: Some(value),
                    ..Example::default()
                }),
            );
        }
    }
    let mut response = Response {
        description,
        ..Response::default()
    };
    response.content.insert("application/json".into(), media);
    if !codes.is_empty() {
        response.extensions.insert(
            "x-specforge-error-codes".into(),
            serde_json::Value::Array(codes.iter().cloned().map(Into::into).collect()),
        );
    }
    response
}

/// The error codes scoped to `endpoint` with their statuses, in document order. Codes
/// without any status (reported by the catalogue checks) are left out.
pub fn endpoint_codes(index: &ErrorIndex<'_>, endpoint: &Endpoint) -> Vec<(String, u16)> {
    let key = format!("{} {}", endpoint.method.as_str(), endpoint.path);
    let raw_key = format!("{} {}", endpoint.method.as_str(), endpoint.raw_path.value);
    let mut out: Vec<(String, u16)> = Vec::new();
    let rows = index.scoped.get(&key).into_iter().flatten();
    let raw_rows = (raw_key != key)
        .then(|| index.scoped.get(&raw_key))
        .flatten()
        .into_iter()
        .flatten();
    let mut rows: Vec<&specforge_model::ErrorEntry> = rows.chain(raw_rows).copied().collect();
    rows.sort_by_key(|e| e.span.start);
    for entry in rows {
        let status = entry.status.as_ref().map(|s| s.value).or_else(|| {
            index
                .code(&entry.code.value)
                .and_then(|c| c.status.as_ref().map(|s| s.value))
        });
        if let Some(status) = status.filter(|s| (100..=599).contains(s)) {
            let item = (entry.code.value.clone(), status);
            if !out.contains(&item) {
                out.push(item);
            }
        }
    }
    out
}
