//! Whether a value an example or a parameter describes fits a column: its JSON type and
//! format against the column's SQL type, its value against the enum labels or CHECK list,
//! a `null` against NOT NULL.
//!
//! Lenient where APIs commonly are: digit strings fit integer columns (big integers are often
//! sent as strings), numeric strings fit `numeric` columns (money), camelCase fields match
//! snake_case columns, `json`/`jsonb` columns take anything, and a descriptor that says
//! less than the column (`string` for a `uuid`) is not a disagreement.

use serde_json::Value;
use specforge_examples::{Shape, ShapeKind};
use specforge_schema::types::BaseType;
use specforge_schema::{ColumnDef, SchemaModel, TableDef, checks};

/// What a column expects of a JSON value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    Integer,
    Number,
    Boolean,
    Text,
    Uuid,
    Date,
    Timestamp,
    Any,
    Array,
}

fn expect(column: &ColumnDef) -> Expect {
    if column.ty.array_dims > 0 {
        return Expect::Array;
    }
    match &column.ty.base {
        BaseType::SmallInt
        | BaseType::Integer
        | BaseType::BigInt
        | BaseType::SmallSerial
        | BaseType::Serial
        | BaseType::BigSerial => Expect::Integer,
        BaseType::Real | BaseType::Double | BaseType::Numeric(_) => Expect::Number,
        BaseType::Boolean => Expect::Boolean,
        BaseType::Uuid => Expect::Uuid,
        BaseType::Date => Expect::Date,
        BaseType::Timestamp | BaseType::Timestamptz => Expect::Timestamp,
        BaseType::Json | BaseType::Jsonb => Expect::Any,
        BaseType::Text
        | BaseType::Varchar(_)
        | BaseType::Char(_)
        | BaseType::Bytea
        | BaseType::Time
        | BaseType::TimeTz
        | BaseType::Interval
        | BaseType::Inet
        | BaseType::Cidr
        | BaseType::Named(_) => Expect::Text,
        BaseType::Extension(_) => Expect::Any,
        // System types and the ones sent as their text form (`BaseType::text_form_only`).
        BaseType::System(_) => Expect::Text,
        other => {
            debug_assert!(other.text_form_only(), "{other:?}");
            Expect::Text
        }
    }
}

/// The labels an enum-typed column or a CHECK `IN` list allows.
pub fn allowed_values(
    column: &ColumnDef,
    table: &TableDef,
    model: &SchemaModel,
) -> Option<Vec<String>> {
    if let BaseType::Named(name) = &column.ty.base
        && column.ty.array_dims == 0
        && let Some(e) = model.enum_type(name)
    {
        return Some(e.labels.clone());
    }
    checks::allowed_values(column, table)
}

/// The column of `table` a JSON field name stands for: the same name, or its snake_case.
pub fn column_for_field<'a>(table: &'a TableDef, field: &str) -> Option<&'a ColumnDef> {
    use heck::ToSnakeCase;
    table
        .column(field)
        .or_else(|| table.column(&field.to_snake_case()))
}

/// Why `shape` does not fit `column`, or `None` when it fits.
pub fn mismatch(
    shape: &Shape,
    column: &ColumnDef,
    table: &TableDef,
    model: &SchemaModel,
) -> Option<String> {
    let sql = column.ty.sql();
    let value = shape.example.as_ref();
    if matches!(value, Some(Value::Null)) || (shape.kind.is_none() && shape.nullable) {
        let primary = column.primary_key || table.primary_key_columns().contains(&column.name);
        return (!column.nullable || primary)
            .then(|| format!("it is `null`, but column `{}` is NOT NULL", column.name));
    }
    let kind = shape.kind?;
    let expect = expect(column);
    let shown = describe(shape);
    let wrong = || {
        Some(format!(
            "it is {shown}, but column `{}` is `{sql}`",
            column.name
        ))
    };
    let text = value.and_then(Value::as_str);
    match expect {
        Expect::Any => return None,
        Expect::Array => return (kind != ShapeKind::Array).then(wrong).flatten(),
        Expect::Integer => match kind {
            ShapeKind::Integer => {}
            ShapeKind::String if text.is_some_and(is_digits) => {}
            ShapeKind::String if text.is_none() && shape.format.as_deref() == Some("int64") => {}
            _ => return wrong(),
        },
        Expect::Number => match kind {
            ShapeKind::Integer | ShapeKind::Number => {}
            ShapeKind::String if text.is_some_and(|t| t.trim().parse::<f64>().is_ok()) => {}
            ShapeKind::String if text.is_none() && shape.format.is_none() => {}
            _ => return wrong(),
        },
        Expect::Boolean => {
            if kind != ShapeKind::Boolean {
                return wrong();
            }
        }
        Expect::Uuid => {
            if kind != ShapeKind::String {
                return wrong();
            }
            match (shape.format.as_deref(), text) {
                (Some("uuid"), _) => {}
                (Some(_), _) => return wrong(),
                (None, Some(t)) if !t.trim().is_empty() => {
                    return Some(format!(
                        "`\"{t}\"` is not a UUID, but column `{}` is `uuid`",
                        column.name
                    ));
                }
                _ => {}
            }
        }
        Expect::Date | Expect::Timestamp => {
            if kind != ShapeKind::String {
                return wrong();
            }
            match (shape.format.as_deref(), text) {
                (Some("date" | "date-time"), _) => {}
                (Some(_), _) => return wrong(),
                (None, Some(t)) if !t.trim().is_empty() => {
                    return Some(format!(
                        "`\"{t}\"` is not a date or timestamp, but column `{}` is `{sql}`",
                        column.name
                    ));
                }
                _ => {}
            }
        }
        Expect::Text => {
            if kind != ShapeKind::String {
                return wrong();
            }
        }
    }
    let labels = allowed_values(column, table, model)?;
    let stated: Vec<&str> = text
        .into_iter()
        .chain(shape.enum_values.iter().map(String::as_str))
        .collect();
    stated
        .iter()
        .find(|v| !labels.iter().any(|l| l == *v))
        .map(|v| {
            format!(
                "`{v}` is not an allowed value of column `{}` ({})",
                column.name,
                labels.join(", ")
            )
        })
}

fn is_digits(t: &str) -> bool {
    let t = t.strip_prefix('-').unwrap_or(t);
    !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit())
}

/// A short description of what the example says: `integer 42`, `string "abc"`, `boolean`.
fn describe(shape: &Shape) -> String {
    let kind = match shape.kind {
        Some(ShapeKind::String) => "a string",
        Some(ShapeKind::Integer) => "an integer",
        Some(ShapeKind::Number) => "a number",
        Some(ShapeKind::Boolean) => "a boolean",
        Some(ShapeKind::Object) => "an object",
        Some(ShapeKind::Array) => "an array",
        None => "a value",
    };
    let mut out = kind.to_owned();
    if let Some(format) = &shape.format {
        out.push_str(&format!(" ({format})"));
    }
    if let Some(v @ (Value::String(_) | Value::Number(_) | Value::Bool(_))) = &shape.example {
        let mut shown = v.to_string();
        if shown.len() > 40 {
            let cut = (0..=37)
                .rev()
                .find(|i| shown.is_char_boundary(*i))
                .unwrap_or(0);
            shown.truncate(cut);
            shown.push('…');
        }
        out.push_str(&format!(" `{shown}`"));
    }
    out
}
