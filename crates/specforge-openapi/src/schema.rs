//! Small constructors for openapiv3 schemas, so the other modules read as what they build.

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, ArrayType, BooleanType, IntegerFormat, IntegerType, NumberFormat,
    NumberType, ObjectType, ReferenceOr, Schema, SchemaData, SchemaKind, StringFormat, StringType,
    Type, VariantOrUnknownOrEmpty,
};

/// A schema of the given type with no other facts.
pub fn of(ty: Type) -> Schema {
    Schema {
        schema_data: SchemaData::default(),
        schema_kind: SchemaKind::Type(ty),
    }
}

/// `type: string`, with an optional format.
pub fn string(format: Option<&str>) -> Schema {
    of(Type::String(StringType {
        format: string_format(format),
        ..StringType::default()
    }))
}

/// `type: integer`, with an optional format.
pub fn integer(format: Option<&str>) -> Schema {
    of(Type::Integer(IntegerType {
        format: integer_format(format),
        ..IntegerType::default()
    }))
}

/// `type: number`, with an optional format.
pub fn number(format: Option<&str>) -> Schema {
    of(Type::Number(NumberType {
        format: number_format(format),
        ..NumberType::default()
    }))
}

/// `type: boolean`.
pub fn boolean() -> Schema {
    of(Type::Boolean(BooleanType::default()))
}

/// `type: array` of `items`.
pub fn array(items: ReferenceOr<Schema>) -> Schema {
    of(Type::Array(ArrayType {
        items: Some(boxed(items)),
        min_items: None,
        max_items: None,
        unique_items: false,
    }))
}

/// A free-form object (`type: object`, `additionalProperties: true`).
pub fn free_object() -> Schema {
    of(Type::Object(ObjectType {
        additional_properties: Some(AdditionalProperties::Any(true)),
        ..ObjectType::default()
    }))
}

/// An object with the given properties (in order) and required names.
pub fn object(
    properties: IndexMap<String, ReferenceOr<Box<Schema>>>,
    required: Vec<String>,
) -> Schema {
    of(Type::Object(ObjectType {
        properties,
        required,
        ..ObjectType::default()
    }))
}

/// A `$ref` to `#/components/schemas/{name}`.
pub fn reference(name: &str) -> ReferenceOr<Schema> {
    ReferenceOr::Reference {
        reference: format!("#/components/schemas/{name}"),
    }
}

/// Boxes the schema inside a `ReferenceOr`.
pub fn boxed(schema: ReferenceOr<Schema>) -> ReferenceOr<Box<Schema>> {
    match schema {
        ReferenceOr::Item(s) => ReferenceOr::Item(Box::new(s)),
        ReferenceOr::Reference { reference } => ReferenceOr::Reference { reference },
    }
}

/// The string format as openapiv3 holds it (known names as variants, others as `Unknown`).
pub fn string_format(format: Option<&str>) -> VariantOrUnknownOrEmpty<StringFormat> {
    match format {
        None | Some("") => VariantOrUnknownOrEmpty::Empty,
        Some(f) => match f.parse::<StringFormat>() {
            Ok(known) => VariantOrUnknownOrEmpty::Item(known),
            Err(()) => VariantOrUnknownOrEmpty::Unknown(f.to_owned()),
        },
    }
}

fn integer_format(format: Option<&str>) -> VariantOrUnknownOrEmpty<IntegerFormat> {
    match format {
        None | Some("") => VariantOrUnknownOrEmpty::Empty,
        Some(f) => match f.parse::<IntegerFormat>() {
            Ok(known) => VariantOrUnknownOrEmpty::Item(known),
            Err(()) => VariantOrUnknownOrEmpty::Unknown(f.to_owned()),
        },
    }
}

fn number_format(format: Option<&str>) -> VariantOrUnknownOrEmpty<NumberFormat> {
    match format {
        None | Some("") => VariantOrUnknownOrEmpty::Empty,
        Some(f) => match f.parse::<NumberFormat>() {
            Ok(known) => VariantOrUnknownOrEmpty::Item(known),
            Err(()) => VariantOrUnknownOrEmpty::Unknown(f.to_owned()),
        },
    }
}

/// True when the schema has a `type` (so `nullable` is allowed on it).
pub fn has_type(schema: &Schema) -> bool {
    matches!(schema.schema_kind, SchemaKind::Type(_))
}
