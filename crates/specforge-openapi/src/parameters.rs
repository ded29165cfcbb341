//! Operation parameters: every `{name}` of the path, and the query, header and cookie rows of
//! the endpoint's parameter tables, with schemas read from their type and validation cells.
//!
//! `Authorization` (covered by `security`), `Content-Type` and `Accept` header rows are left
//! out: OpenAPI 3.0 ignores header parameters of those names (media types say it).

use crate::schema;
use crate::shapes;
use crate::tables;
use crate::validate::template_params;
use openapiv3::{
    Parameter, ParameterData, ParameterSchemaOrContent, ReferenceOr, Schema, SchemaKind, Type,
};
use specforge_model::{Endpoint, ParamLocation};
use specforge_schema::resource::TableIndex;

/// Header names that are never emitted as parameters.
const SKIPPED_HEADERS: [&str; 3] = ["authorization", "content-type", "accept"];

/// The parameters of an endpoint: path parameters in path order, then the other rows in table
/// order (a repeated name and location keeps its first row).
pub fn parameters(endpoint: &Endpoint, tables: &TableIndex<'_>) -> Vec<ReferenceOr<Parameter>> {
    let mut out = Vec::new();
    let mut seen: Vec<(String, ParamLocation)> = Vec::new();
    let segments: Vec<&str> = endpoint.path.split('/').collect();
    for name in template_params(&endpoint.path) {
        if seen.iter().any(|(n, _)| n == &name) {
            continue;
        }
        seen.push((name.clone(), ParamLocation::Path));
        let row = endpoint
            .parameters
            .iter()
            .find(|p| p.name.value == name && p.location == ParamLocation::Path)
            .or_else(|| {
                endpoint
                    .parameters
                    .iter()
                    .find(|p| p.name.value == name && p.location != ParamLocation::Header)
            });
        let typed = row.and_then(|r| r.type_text.as_ref());
        let mut s = match typed {
            Some(t) => type_schema(&t.value, t.span),
            None => static_before(&segments, &name)
                .and_then(|seg| tables::key_schema(tables, seg, &name))
                .unwrap_or_else(|| schema::string(None)),
        };
        if let Some(v) = row.and_then(|r| r.validation.as_ref()) {
            apply_validation(&mut s, &v.value);
        }
        out.push(ReferenceOr::Item(Parameter::Path {
            parameter_data: data(&name, row.and_then(|r| r.description.clone()), true, s),
            style: Default::default(),
        }));
    }
    for row in &endpoint.parameters {
        let name = row.name.value.trim();
        if name.is_empty()
            || row.location == ParamLocation::Path
            || seen.iter().any(|(n, l)| n == name && *l == row.location)
            || (row.location == ParamLocation::Header
                && SKIPPED_HEADERS.contains(&name.to_ascii_lowercase().as_str()))
        {
            continue;
        }
        if template_params(&endpoint.path).iter().any(|p| p == name) {
            // The row describes the path parameter (its location was guessed as query).
            continue;
        }
        seen.push((name.to_owned(), row.location));
        let mut s = match &row.type_text {
            Some(t) => type_schema(&t.value, t.span),
            None => schema::string(None),
        };
        if let Some(v) = &row.validation {
            apply_validation(&mut s, &v.value);
        }
        let d = data(
            name,
            row.description.clone(),
            row.required.unwrap_or(false),
            s,
        );
        out.push(ReferenceOr::Item(match row.location {
            ParamLocation::Header => Parameter::Header {
                parameter_data: d,
                style: Default::default(),
            },
            ParamLocation::Cookie => Parameter::Cookie {
                parameter_data: d,
                style: Default::default(),
            },
            ParamLocation::Query | ParamLocation::Path => Parameter::Query {
                parameter_data: d,
                allow_reserved: false,
                style: Default::default(),
                allow_empty_value: None,
            },
        }));
    }
    out
}

fn static_before<'a>(segments: &[&'a str], param: &str) -> Option<&'a str> {
    let at = segments
        .iter()
        .position(|s| s.trim_start_matches('{').trim_end_matches('}') == param)?;
    segments[..at]
        .iter()
        .rev()
        .find(|s| !s.is_empty() && !s.starts_with('{'))
        .copied()
}

fn data(name: &str, description: Option<String>, required: bool, s: Schema) -> ParameterData {
    ParameterData {
        name: name.to_owned(),
        description,
        required,
        deprecated: None,
        format: ParameterSchemaOrContent::Schema(ReferenceOr::Item(s)),
        example: None,
        examples: Default::default(),
        explode: None,
        extensions: Default::default(),
    }
}

/// The schema a Type cell describes: the examples crate's descriptor reading when it
/// recognizes the text, else the type word (`integer`, `uuid`, `string[]`, `ISO 8601`) and the
/// facts in parentheses (`integer (1-100)`).
pub fn type_schema(text: &str, span: specforge_model::Span) -> Schema {
    if let Some(shape) = specforge_examples::describe(text, span) {
        return shapes::to_schema(&shape);
    }
    own_type_schema(text)
}

fn own_type_schema(text: &str) -> Schema {
    let t = text.trim().trim_matches('`').trim().to_ascii_lowercase();
    if let Some(inner) = t.strip_suffix("[]") {
        return schema::array(ReferenceOr::Item(own_type_schema(inner)));
    }
    for prefix in ["array of ", "list of ", "array<", "list<"] {
        if let Some(inner) = t.strip_prefix(prefix) {
            let inner = inner.trim_end_matches('>');
            return schema::array(ReferenceOr::Item(own_type_schema(inner)));
        }
    }
    let (head, paren) = match t.split_once('(') {
        Some((h, rest)) => (h.trim(), Some(rest.trim_end_matches(')'))),
        None => (t.as_str(), None),
    };
    let head = head.split_whitespace().next().unwrap_or("");
    let mut s = match head {
        "integer" | "int" | "int32" | "smallint" => schema::integer(None),
        "int64" | "long" | "bigint" => schema::integer(Some("int64")),
        "number" | "float" | "double" | "decimal" | "numeric" => schema::number(None),
        "boolean" | "bool" => schema::boolean(),
        "uuid" => schema::string(Some("uuid")),
        "date-time" | "datetime" | "timestamp" | "timestamptz" => schema::string(Some("date-time")),
        "date" => schema::string(Some("date")),
        "email" => schema::string(Some("email")),
        "array" | "list" => schema::array(ReferenceOr::Item(schema::string(None))),
        _ => schema::string(None),
    };
    if head == "string" && t.contains("iso 8601") {
        set_format(&mut s, "date-time");
    }
    if let Some(p) = paren {
        apply_validation(&mut s, p);
    }
    s
}

fn set_format(s: &mut Schema, format: &str) {
    if let SchemaKind::Type(Type::String(t)) = &mut s.schema_kind {
        t.format = schema::string_format(Some(format));
    }
}

/// Applies a Validation cell (`1-200, default 50`, `open | closed`, `max 100`, `uuid`,
/// `ISO 8601`, `one of: a, b`) to a schema. Parts that say nothing known are ignored.
pub fn apply_validation(s: &mut Schema, text: &str) {
    let text = text.trim().trim_matches('`');
    let lower = text.to_ascii_lowercase();
    for prefix in ["one of:", "one of", "enum:", "enum", "values:", "allowed:"] {
        if lower.starts_with(prefix) {
            let rest = &text[prefix.len()..];
            let values: Vec<String> = rest
                .split([',', '|'])
                .map(clean_value)
                .filter(|v| !v.is_empty())
                .collect();
            set_enum(s, &values);
            return;
        }
    }
    for part in text.split([',', ';']) {
        apply_part(s, part.trim());
    }
}

fn clean_value(v: &str) -> String {
    v.trim()
        .trim_matches(|c| c == '`' || c == '"' || c == '\'')
        .trim()
        .to_owned()
}

fn apply_part(s: &mut Schema, part: &str) {
    let lower = part.to_ascii_lowercase();
    if part.contains('|') {
        let values: Vec<String> = part
            .split('|')
            .map(clean_value)
            .filter(|v| !v.is_empty())
            .collect();
        set_enum(s, &values);
        return;
    }
    if let Some(rest) = lower.strip_prefix("default") {
        let raw = part[part.len() - rest.len()..]
            .trim()
            .trim_start_matches([':', '='])
            .trim();
        let value = clean_value(raw);
        s.schema_data.default = typed_value(s, &value);
        return;
    }
    if lower == "uuid" {
        set_format(s, "uuid");
        return;
    }
    if lower.contains("iso 8601") || lower.contains("iso-8601") || lower.contains("rfc 3339") {
        set_format(
            s,
            if lower.contains("date-time") || !lower.contains("date") {
                "date-time"
            } else {
                "date"
            },
        );
        return;
    }
    if lower == "email" {
        set_format(s, "email");
        return;
    }
    let words: Vec<&str> = lower.split_whitespace().collect();
    let number_after = |words: &[&str]| words.last().and_then(|w| w.parse::<f64>().ok());
    match words.first().copied() {
        Some("max" | "maximum" | "max:" | "<=" | "up") => {
            if let Some(n) = number_after(&words) {
                set_bounds(s, None, Some(n));
            }
            return;
        }
        Some("min" | "minimum" | "min:" | ">=" | "at") => {
            if let Some(n) = number_after(&words) {
                set_bounds(s, Some(n), None);
            }
            return;
        }
        _ => {}
    }
    let range = lower
        .split_once("..")
        .or_else(|| lower.split_once(" to "))
        .or_else(|| {
            // `1-200`, but not a negative lower bound's sign.
            let at = lower.get(1..)?.find('-')? + 1;
            Some((&lower[..at], &lower[at + 1..]))
        });
    if let Some((a, b)) = range
        && let (Ok(lo), Ok(hi)) = (a.trim().parse::<f64>(), b.trim().parse::<f64>())
    {
        set_bounds(s, Some(lo), Some(hi));
    }
}

fn typed_value(s: &Schema, value: &str) -> Option<serde_json::Value> {
    match &s.schema_kind {
        SchemaKind::Type(Type::Integer(_)) => value.parse::<i64>().ok().map(Into::into),
        SchemaKind::Type(Type::Number(_)) => value
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(serde_json::Value::Number),
        SchemaKind::Type(Type::Boolean(_)) => value.parse::<bool>().ok().map(Into::into),
        SchemaKind::Type(Type::String(_)) => Some(value.to_owned().into()),
        _ => None,
    }
}

fn set_enum(s: &mut Schema, values: &[String]) {
    match &mut s.schema_kind {
        SchemaKind::Type(Type::String(t)) => {
            t.enumeration = values.iter().cloned().map(Some).collect();
        }
        SchemaKind::Type(Type::Integer(t)) => {
            let parsed: Vec<Option<i64>> = values.iter().map(|v| v.parse().ok()).collect();
            if parsed.iter().all(Option::is_some) {
                t.enumeration = parsed;
            }
        }
        SchemaKind::Type(Type::Array(a)) => {
            if let Some(ReferenceOr::Item(items)) = &mut a.items {
                set_enum(items, values);
            }
        }
        _ => {}
    }
}

fn set_bounds(s: &mut Schema, lo: Option<f64>, hi: Option<f64>) {
    let as_len = |v: f64| (v >= 0.0 && v.fract() == 0.0 && v < 1e15).then_some(v as usize);
    let as_int = |v: f64| (v.fract() == 0.0 && v.abs() < 9e15).then_some(v as i64);
    match &mut s.schema_kind {
        SchemaKind::Type(Type::String(t)) => {
            if let Some(lo) = lo.and_then(as_len) {
                t.min_length = Some(lo);
            }
            if let Some(hi) = hi.and_then(as_len) {
                t.max_length = Some(hi);
            }
        }
        SchemaKind::Type(Type::Integer(t)) => {
            if let Some(lo) = lo.and_then(as_int) {
                t.minimum = Some(lo);
            }
            if let Some(hi) = hi.and_then(as_int) {
                t.maximum = Some(hi);
            }
        }
        SchemaKind::Type(Type::Number(t)) => {
            t.minimum = lo.or(t.minimum);
            t.maximum = hi.or(t.maximum);
        }
        SchemaKind::Type(Type::Array(t)) => {
            if let Some(lo) = lo.and_then(as_len) {
                t.min_items = Some(lo);
            }
            if let Some(hi) = hi.and_then(as_len) {
                t.max_items = Some(hi);
            }
        }
        _ => {}
    }
}
