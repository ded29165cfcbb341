//! From a parsed [`Value`] to the [`Shape`] it describes.
//!
//! Descriptor strings become facts ([`crate::descriptor`]); real values give their kind, a
//! format when they clearly have one ([`crate::format`]) and are kept as the example (on
//! leaves only). Numbers go through [`crate::number`]: one that cannot be held exactly is an
//! error, never rounded. Array items are the first item's shape merged with the others'.

use crate::number::{self, Exact};
use crate::{Shape, ShapeKind, Value, descriptor, format};
use specforge_model::{Code, Diagnostic, Span};

/// The shape of `value`, and the problems found on the way.
pub(crate) fn infer(value: &Value) -> (Shape, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let shape = shape_of(value, &mut diagnostics);
    (shape, diagnostics)
}

/// The shape of one value.
fn shape_of(value: &Value, diagnostics: &mut Vec<Diagnostic>) -> Shape {
    match value {
        Value::Object { fields, open, span } => {
            let mut properties: Vec<(String, Shape)> = Vec::with_capacity(fields.len());
            for (key, _, field) in fields {
                let shape = shape_of(field, diagnostics);
                // A repeated key: the first one written wins.
                if !properties.iter().any(|(k, _)| k == key) {
                    properties.push((key.clone(), shape));
                }
            }
            Shape {
                kind: Some(ShapeKind::Object),
                properties,
                open: *open,
                span: *span,
                ..Shape::default()
            }
        }
        Value::Array { items, open, span } => {
            let mut merged: Option<Shape> = None;
            for item in items {
                let shape = shape_of(item, diagnostics);
                merged = Some(match merged {
                    None => shape,
                    Some(first) => merge(first, shape),
                });
            }
            Shape {
                kind: Some(ShapeKind::Array),
                items: merged.map(Box::new),
                open: *open,
                span: *span,
                ..Shape::default()
            }
        }
        Value::String(text, span) => {
            if let Some(mut shape) = descriptor::read(text) {
                shape.span = *span;
                return shape;
            }
            Shape {
                kind: Some(ShapeKind::String),
                format: format::detect(text).map(str::to_string),
                example: Some(serde_json::Value::String(text.clone())),
                span: *span,
                ..Shape::default()
            }
        }
        Value::Number(text, span) => number_shape(text, *span, diagnostics),
        Value::Bool(value, span) => Shape {
            kind: Some(ShapeKind::Boolean),
            example: Some(serde_json::Value::Bool(*value)),
            span: *span,
            ..Shape::default()
        },
        Value::Null(span) => Shape {
            nullable: true,
            span: *span,
            ..Shape::default()
        },
        Value::Placeholder(span) => Shape {
            span: *span,
            ..Shape::default()
        },
    }
}

/// The shape of a number token; an error when it cannot be held exactly.
fn number_shape(text: &str, span: Span, diagnostics: &mut Vec<Diagnostic>) -> Shape {
    let is_decimal = text.contains(['.', 'e', 'E']) || !text.bytes().any(|b| b.is_ascii_digit());
    let mut shape = Shape {
        kind: Some(if is_decimal {
            ShapeKind::Number
        } else {
            ShapeKind::Integer
        }),
        span,
        ..Shape::default()
    };
    match number::exact(text) {
        Ok(Exact::Integer { value, wide }) => {
            shape.kind = Some(ShapeKind::Integer);
            if wide {
                shape.format = Some("int64".to_string());
            }
            shape.example = Some(serde_json::Value::Number(value));
        }
        Ok(Exact::Decimal(value)) => {
            shape.kind = Some(ShapeKind::Number);
            shape.example = Some(serde_json::Value::Number(value));
        }
        Err(why) => diagnostics.push(
            Diagnostic::new(
                Code::ExampleNumberNotExact,
                span,
                format!("example number `{text}` {}", why.reason()),
            )
            .with_help(format!(
                "write it as a string (\"{text}\") or shorten it to a value a 64-bit float or integer holds exactly"
            )),
        ),
    }
    shape
}

/// Merges a later array item's shape into the first's. Kinds that disagree keep the first
/// (an integer and a decimal widen to number); formats that disagree are dropped; objects
/// gain the properties only later items have; the first example stays.
fn merge(mut first: Shape, other: Shape) -> Shape {
    match (first.kind, other.kind) {
        (None, Some(_)) if first.nullable => {
            // `[null, 3]`: the null item says nothing about the kind.
            let nullable = true;
            first = Shape {
                nullable,
                span: first.span,
                ..other
            };
            return first;
        }
        (Some(ShapeKind::Integer), Some(ShapeKind::Number)) => {
            first.kind = Some(ShapeKind::Number);
            first.format = None;
        }
        (Some(a), Some(b)) if a != b => return first,
        _ => {}
    }
    first.nullable |= other.nullable;
    first.open |= other.open;
    if first.format != other.format && other.kind.is_some() {
        first.format = None;
    }
    for (key, shape) in other.properties {
        match first.properties.iter_mut().find(|(k, _)| *k == key) {
            Some((_, existing)) => {
                let merged = merge(std::mem::take(existing), shape);
                *existing = merged;
            }
            None => first.properties.push((key, shape)),
        }
    }
    first.items = match (first.items.take(), other.items) {
        (Some(a), Some(b)) => Some(Box::new(merge(*a, *b))),
        (a, b) => a.or(b),
    };
    first
}
