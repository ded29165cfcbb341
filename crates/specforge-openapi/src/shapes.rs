//! Example bodies to schemas: [`specforge_examples`] shapes to openapiv3 schemas, and the real
//! values of an example for the `example` fields.
//!
//! When the examples crate finds no value in a body (it is being written in parallel and may
//! return nothing), strict JSON (or YAML for `yaml` fences) is tried through [`Tree`], which
//! keeps key order, so that well-formed examples still give a schema.

use crate::schema;
use crate::tree::Tree;
use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, AnySchema, IntegerType, NumberType, ObjectType, ReferenceOr, Schema,
    SchemaData, SchemaKind, StringType, Type,
};
use specforge_examples::{Shape, ShapeKind};
use specforge_model::{BodyExample, Diagnostic, Span};

/// The shape of a body example, with the example crate's diagnostics added to `diags`.
pub fn read_example(body: &BodyExample, diags: &mut Vec<Diagnostic>) -> Option<Shape> {
    let (value, mut found) = specforge_examples::parse(&body.text, body.offset);
    diags.append(&mut found);
    if let Some(value) = value {
        let (shape, mut found) = specforge_examples::infer(&value);
        diags.append(&mut found);
        return Some(shape);
    }
    let span = Span::new(body.offset, body.offset + body.text.len());
    let tree: Option<Tree> = if body.lang.eq_ignore_ascii_case("yaml") {
        serde_saphyr::from_str_with_options(&body.text, crate::yaml::strict_options()).ok()
    } else {
        serde_json::from_str(&body.text).ok()
    };
    tree.map(|t| shape_of_tree(&t, span))
}

/// The shape a strictly parsed value describes: its types, formats it looks like, its values.
pub fn shape_of_tree(tree: &Tree, span: Span) -> Shape {
    let mut shape = Shape {
        span,
        ..Shape::default()
    };
    match tree {
        Tree::Null => {
            shape.nullable = true;
            shape.example = Some(serde_json::Value::Null);
        }
        Tree::Bool(b) => {
            shape.kind = Some(ShapeKind::Boolean);
            shape.example = Some(serde_json::Value::Bool(*b));
        }
        Tree::Number(n) => {
            shape.kind = Some(if n.is_f64() {
                ShapeKind::Number
            } else {
                ShapeKind::Integer
            });
            shape.example = Some(serde_json::Value::Number(n.clone()));
        }
        Tree::String(s) => {
            shape.kind = Some(ShapeKind::String);
            shape.format = string_format_of(s).map(str::to_owned);
            shape.example = Some(serde_json::Value::String(s.clone()));
        }
        Tree::Seq(items) => {
            shape.kind = Some(ShapeKind::Array);
            shape.items = items.first().map(|i| Box::new(shape_of_tree(i, span)));
        }
        Tree::Map(entries) => {
            shape.kind = Some(ShapeKind::Object);
            shape.properties = entries
                .iter()
                .map(|(k, v)| (k.clone(), shape_of_tree(v, span)))
                .collect();
        }
    }
    shape
}

/// The format a string value looks like: `uuid`, `date-time`, `date` or `email`.
pub fn string_format_of(s: &str) -> Option<&'static str> {
    let b = s.as_bytes();
    let hex_groups: Vec<&str> = s.split('-').collect();
    if s.len() == 36
        && hex_groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && hex_groups
            .iter()
            .all(|g| g.bytes().all(|c| c.is_ascii_hexdigit()))
    {
        return Some("uuid");
    }
    let is_date = b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit);
    if is_date && b.len() == 10 {
        return Some("date");
    }
    if is_date && b.len() > 16 && matches!(b[10], b'T' | b't' | b' ') && b[13] == b':' {
        return Some("date-time");
    }
    if let Some((local, domain)) = s.split_once('@')
        && !local.is_empty()
        && domain.contains('.')
        && !s.contains(char::is_whitespace)
    {
        return Some("email");
    }
    None
}

/// The schema a shape describes. Objects list their properties in written order; every
/// property not marked optional is required.
pub fn to_schema(shape: &Shape) -> Schema {
    let mut out = match shape.kind {
        Some(ShapeKind::String) => schema::of(Type::String(StringType {
            format: schema::string_format(shape.format.as_deref()),
            enumeration: shape.enum_values.iter().cloned().map(Some).collect(),
            min_length: shape.min_length.and_then(|n| usize::try_from(n).ok()),
            max_length: shape.max_length.and_then(|n| usize::try_from(n).ok()),
            pattern: None,
        })),
        Some(ShapeKind::Integer) => {
            let mut ty = match schema::integer(shape.format.as_deref()).schema_kind {
                SchemaKind::Type(Type::Integer(t)) => t,
                _ => IntegerType::default(),
            };
            if let Some((v, exclusive)) = &shape.minimum
                && let Ok(v) = v.trim().parse::<i64>()
            {
                ty.minimum = Some(v);
                ty.exclusive_minimum = *exclusive;
            }
            if let Some((v, exclusive)) = &shape.maximum
                && let Ok(v) = v.trim().parse::<i64>()
            {
                ty.maximum = Some(v);
                ty.exclusive_maximum = *exclusive;
            }
            ty.enumeration = shape
                .enum_values
                .iter()
                .filter_map(|v| v.trim().parse::<i64>().ok())
                .map(Some)
                .collect();
            schema::of(Type::Integer(ty))
        }
        Some(ShapeKind::Number) => {
            let mut ty = match schema::number(shape.format.as_deref()).schema_kind {
                SchemaKind::Type(Type::Number(t)) => t,
                _ => NumberType::default(),
            };
            if let Some((v, exclusive)) = &shape.minimum
                && let Some(v) = finite(v)
            {
                ty.minimum = Some(v);
                ty.exclusive_minimum = *exclusive;
            }
            if let Some((v, exclusive)) = &shape.maximum
                && let Some(v) = finite(v)
            {
                ty.maximum = Some(v);
                ty.exclusive_maximum = *exclusive;
            }
            schema::of(Type::Number(ty))
        }
        Some(ShapeKind::Boolean) => schema::boolean(),
        Some(ShapeKind::Array) => {
            let items = shape.items.as_deref().map_or_else(any, to_schema);
            schema::array(ReferenceOr::Item(items))
        }
        Some(ShapeKind::Object) => {
            let mut properties = IndexMap::new();
            let mut required = Vec::new();
            for (name, field) in &shape.properties {
                if !field.optional && !properties.contains_key(name) {
                    required.push(name.clone());
                }
                properties.insert(name.clone(), ReferenceOr::Item(Box::new(to_schema(field))));
            }
            schema::of(Type::Object(ObjectType {
                properties,
                required,
                additional_properties: (shape.open || shape.properties.is_empty())
                    .then_some(AdditionalProperties::Any(true)),
                ..ObjectType::default()
            }))
        }
        None => any(),
    };
    out.schema_data.nullable = shape.nullable && schema::has_type(&out);
    if !shape.notes.is_empty() {
        out.schema_data.description = Some(shape.notes.join("; "));
    }
    if !matches!(shape.kind, Some(ShapeKind::Object | ShapeKind::Array)) {
        // `example: null` would read back as no example; a null says nothing anyway.
        out.schema_data.example = shape.example.clone().filter(|e| !e.is_null());
    }
    out
}

fn finite(text: &str) -> Option<f64> {
    text.trim().parse::<f64>().ok().filter(|v| v.is_finite())
}

/// A schema with no constraint (`{}`).
pub fn any() -> Schema {
    Schema {
        schema_data: SchemaData::default(),
        schema_kind: SchemaKind::Any(AnySchema::default()),
    }
}

/// The example value a shape holds: its real value, or an object/array assembled from its
/// parts' real values. `None` when nothing real was written.
///
/// An object whose required (not optional) property has no real value gives no example at
/// all: a partial example would contradict its own schema.
pub fn example_value(shape: &Shape) -> Option<serde_json::Value> {
    if let Some(v) = &shape.example {
        return Some(v.clone());
    }
    match shape.kind {
        None if shape.nullable => Some(serde_json::Value::Null),
        Some(ShapeKind::Object) => {
            let mut fields = serde_json::Map::new();
            for (k, v) in &shape.properties {
                match example_value(v) {
                    Some(e) => {
                        fields.insert(k.clone(), e);
                    }
                    None if v.optional => {}
                    None => return None,
                }
            }
            (!fields.is_empty() || shape.properties.is_empty())
                .then_some(serde_json::Value::Object(fields))
        }
        Some(ShapeKind::Array) => Some(serde_json::Value::Array(
            shape
                .items
                .as_deref()
                .and_then(example_value)
                .into_iter()
                .collect(),
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_of_strings() {
        assert_eq!(
            string_format_of("123e4567-e89b-12d3-a456-426614174000"),
            Some("uuid")
        );
        assert_eq!(string_format_of("2024-01-01"), Some("date"));
        assert_eq!(string_format_of("2024-01-01T10:00:00Z"), Some("date-time"));
        assert_eq!(string_format_of("a@b.io"), Some("email"));
        assert_eq!(string_format_of("no"), None);
        assert_eq!(string_format_of("é"), None);
    }

    #[test]
    fn json_fallback_gives_an_ordered_object_schema() {
        let body = BodyExample {
            lang: "json".into(),
            text: r#"{"z": 1, "a": "2024-01-01", "n": null}"#.into(),
            offset: 0,
        };
        let shape = read_example(&body, &mut Vec::new()).unwrap();
        let s = to_schema(&shape);
        let SchemaKind::Type(Type::Object(o)) = &s.schema_kind else {
            panic!("not an object")
        };
        let keys: Vec<&String> = o.properties.keys().collect();
        assert_eq!(keys, ["z", "a", "n"]);
        assert_eq!(o.required, ["z", "a", "n"]);
    }
}
