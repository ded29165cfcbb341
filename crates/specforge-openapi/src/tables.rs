//! Database tables to component schemas, and the table an endpoint's path addresses.
//!
//! Column types map to JSON Schema types and formats; `NOT NULL` columns are required,
//! nullable ones `nullable: true`; primary-key, identity, serial and database-defaulted
//! (`now()`, `gen_random_uuid()`, `nextval(…)`) columns are `readOnly`. Column comments become
//! descriptions, and `CHECK (col IN ('a', 'b'))` / `CHECK (col >= 0)` become `enum` /
//! `minimum`. Properties keep column order.

use crate::schema;
use indexmap::IndexMap;
use openapiv3::{ReferenceOr, Schema, SchemaKind, Type, VariantOrUnknownOrEmpty};
use specforge_model::case::upper_camel;
use specforge_schema::checks::{CheckFact, column_facts};
use specforge_schema::resource::TableIndex;
use specforge_schema::types::BaseType;
use specforge_schema::{ColumnDef, SchemaModel, TableDef};

/// The component name of a table: UpperCamelCase of its name, prefixed with its schema when
/// that is not `public` (`audit.events` → `AuditEvents`).
pub fn schema_name(table: &TableDef) -> String {
    match table.name.schema.as_deref() {
        Some(s) if s != "public" => upper_camel(&format!("{s}_{}", table.name.name)),
        _ => upper_camel(&table.name.name),
    }
}

/// The object schema of a table.
pub fn table_schema(table: &TableDef, model: &SchemaModel) -> Schema {
    let pk = table.primary_key_columns();
    let mut properties = IndexMap::new();
    let mut required = Vec::new();
    for column in &table.columns {
        let in_pk = pk.iter().any(|c| c == &column.name);
        let prop = column_schema(column, table, model, in_pk);
        if !column.nullable && !properties.contains_key(&column.name) {
            required.push(column.name.clone());
        }
        properties.insert(column.name.clone(), ReferenceOr::Item(Box::new(prop)));
    }
    let mut out = schema::object(properties, required);
    out.schema_data.description = table.comment.clone();
    out
}

/// The schema of one column: type, format, length, nullability, read-only, enum and bounds.
pub fn column_schema(
    column: &ColumnDef,
    table: &TableDef,
    model: &SchemaModel,
    in_pk: bool,
) -> Schema {
    let base = base_schema(&column.ty.base, model);
    let mut out = base;
    apply_checks(&mut out, &column_facts(column, table));
    for _ in 0..column.ty.array_dims {
        out = schema::array(ReferenceOr::Item(out));
    }
    let nullable = column.nullable && !in_pk && !column.primary_key;
    out.schema_data.nullable = nullable;
    out.schema_data.read_only = in_pk
        || column.primary_key
        || column.identity
        || column.ty.is_serial()
        || column
            .default
            .as_ref()
            .is_some_and(|d| db_generated(&d.text));
    out.schema_data.description = column.comment.clone();
    if matches!(
        column.ty.base,
        BaseType::Numeric(_) | BaseType::Interval | BaseType::Inet | BaseType::Cidr
    ) || specific_string(&column.ty.base)
    {
        out.schema_data.extensions.insert(
            "x-specforge-sql-type".into(),
            serde_json::Value::String(column.ty.catalog_name()),
        );
    }
    out
}

fn base_schema(base: &BaseType, model: &SchemaModel) -> Schema {
    match base {
        BaseType::SmallInt | BaseType::Integer | BaseType::SmallSerial | BaseType::Serial => {
            schema::integer(Some("int32"))
        }
        BaseType::BigInt | BaseType::BigSerial => schema::integer(Some("int64")),
        BaseType::Real => schema::number(Some("float")),
        BaseType::Double => schema::number(Some("double")),
        BaseType::Numeric(_) => schema::number(None),
        BaseType::Boolean => schema::boolean(),
        BaseType::Text
        | BaseType::Time
        | BaseType::TimeTz
        | BaseType::Interval
        | BaseType::Inet
        | BaseType::Cidr => schema::string(None),
        BaseType::Varchar(n) => with_lengths(schema::string(None), None, *n),
        BaseType::Char(n) => {
            let n = n.unwrap_or(1);
            with_lengths(schema::string(None), Some(n), Some(n))
        }
        BaseType::Bytea => schema::string(Some("byte")),
        BaseType::Date => schema::string(Some("date")),
        BaseType::Timestamp | BaseType::Timestamptz => schema::string(Some("date-time")),
        BaseType::Uuid => schema::string(Some("uuid")),
        BaseType::Json | BaseType::Jsonb => schema::free_object(),
        BaseType::Extension(e) if e.name == "hstore" => schema::free_object(),
        BaseType::Extension(e) if matches!(e.name, "vector" | "halfvec") => {
            schema::array(ReferenceOr::Item(schema::number(None)))
        }
        BaseType::System("oid") => schema::integer(Some("int64")),
        BaseType::Named(name) => {
            let mut out = schema::string(None);
            if let (Some(e), SchemaKind::Type(Type::String(s))) =
                (model.enum_type(name), &mut out.schema_kind)
            {
                s.enumeration = e.labels.iter().cloned().map(Some).collect();
            }
            out
        }
        // The rest (`specific_string`) travel as their text form.
        _ => schema::string(None),
    }
}

/// Types sent as their PostgreSQL text form ([`BaseType::text_form_only`], system types but
/// `oid`, extension types but `hstore` and the vectors; WKB hex for PostGIS): strings, with
/// the SQL type named in `x-specforge-sql-type`.
fn specific_string(base: &BaseType) -> bool {
    match base {
        BaseType::System(name) => *name != "oid",
        BaseType::Extension(e) => !matches!(e.name, "hstore" | "vector" | "halfvec"),
        other => other.text_form_only(),
    }
}

fn with_lengths(mut s: Schema, min: Option<u32>, max: Option<u32>) -> Schema {
    if let SchemaKind::Type(Type::String(t)) = &mut s.schema_kind {
        t.min_length = min.and_then(|n| usize::try_from(n).ok());
        t.max_length = max.and_then(|n| usize::try_from(n).ok());
    }
    s
}

/// True for a default the database computes (a function call or sequence), so clients do
/// not send the column.
fn db_generated(default: &str) -> bool {
    let d = default.to_ascii_lowercase();
    d.contains('(') || d.starts_with("current_") || d == "localtimestamp" || d == "localtime"
}

fn apply_checks(s: &mut Schema, facts: &[CheckFact]) {
    for fact in facts {
        match (&mut s.schema_kind, fact) {
            (SchemaKind::Type(Type::String(t)), CheckFact::Enum(values)) => {
                t.enumeration = values.iter().cloned().map(Some).collect();
            }
            (SchemaKind::Type(Type::Integer(t)), CheckFact::Enum(values)) => {
                t.enumeration = values
                    .iter()
                    .filter_map(|v| v.parse().ok())
                    .map(Some)
                    .collect();
            }
            (SchemaKind::Type(Type::Integer(t)), CheckFact::Min(n, excl)) if n.fract() == 0.0 => {
                t.minimum = Some(*n as i64);
                t.exclusive_minimum = *excl;
            }
            (SchemaKind::Type(Type::Integer(t)), CheckFact::Max(n, excl)) if n.fract() == 0.0 => {
                t.maximum = Some(*n as i64);
                t.exclusive_maximum = *excl;
            }
            (SchemaKind::Type(Type::Number(t)), CheckFact::Min(n, excl)) => {
                t.minimum = Some(*n);
                t.exclusive_minimum = *excl;
            }
            (SchemaKind::Type(Type::Number(t)), CheckFact::Max(n, excl)) => {
                t.maximum = Some(*n);
                t.exclusive_maximum = *excl;
            }
            _ => {}
        }
    }
}

/// When path parameter `param` (right after static `segment`) addresses the single-column
/// primary key of the table the segment names, that key column's schema.
pub fn key_schema(tables: &TableIndex<'_>, segment: &str, param: &str) -> Option<Schema> {
    let (table, column) = tables.key_column(segment, param)?;
    let mut s = column_schema(column, table, tables.model(), true);
    s.schema_data.read_only = false;
    s.schema_data.nullable = false;
    s.schema_data.description = None;
    Some(s)
}

/// Fills what an example-derived object schema leaves open from the columns of `table`
/// (format, enum, lengths, bounds, nullable, readOnly, description), after unwrapping `data`
/// envelopes and arrays. The example's own facts win where both say something; a property
/// whose type differs from the column's is left alone.
pub fn enrich(target: &mut Schema, table: &TableDef, model: &SchemaModel) {
    let pk = table.primary_key_columns();
    let Some(object) = find_object(target, 0) else {
        return;
    };
    for (name, prop) in object.iter_mut() {
        let (Some(column), ReferenceOr::Item(prop)) = (table.column(name), prop) else {
            continue;
        };
        let in_pk = pk.iter().any(|c| c == name);
        let from_column = column_schema(column, table, model, in_pk);
        merge_facts(prop, &from_column);
    }
}

fn find_object(
    s: &mut Schema,
    depth: usize,
) -> Option<&mut IndexMap<String, ReferenceOr<Box<Schema>>>> {
    if depth > 4 {
        return None;
    }
    match &mut s.schema_kind {
        SchemaKind::Type(Type::Array(a)) => match a.items.as_mut()? {
            ReferenceOr::Item(inner) => find_object(inner, depth + 1),
            ReferenceOr::Reference { .. } => None,
        },
        SchemaKind::Type(Type::Object(o)) => {
            let envelope = ["data", "items", "results"]
                .into_iter()
                .find(|k| o.properties.contains_key(*k));
            match envelope {
                Some(key) => match o.properties.get_mut(key)? {
                    ReferenceOr::Item(inner) => find_object(inner, depth + 1),
                    ReferenceOr::Reference { .. } => None,
                },
                None => Some(&mut o.properties),
            }
        }
        _ => None,
    }
}

fn merge_facts(example: &mut Schema, column: &Schema) {
    if matches!(example.schema_kind, SchemaKind::Any(_)) {
        let kept = example.schema_data.example.take();
        *example = column.clone();
        example.schema_data.example = kept;
        return;
    }
    let same_type = match (&mut example.schema_kind, &column.schema_kind) {
        (SchemaKind::Type(Type::String(e)), SchemaKind::Type(Type::String(c))) => {
            if matches!(e.format, VariantOrUnknownOrEmpty::Empty) {
                e.format = c.format.clone();
            }
            if e.enumeration.is_empty() {
                e.enumeration = c.enumeration.clone();
            }
            e.max_length = e.max_length.or(c.max_length);
            e.min_length = e.min_length.or(c.min_length);
            true
        }
        (SchemaKind::Type(Type::Integer(e)), SchemaKind::Type(Type::Integer(c))) => {
            if matches!(e.format, VariantOrUnknownOrEmpty::Empty) {
                e.format = c.format.clone();
            }
            if e.minimum.is_none() {
                e.minimum = c.minimum;
                e.exclusive_minimum = c.exclusive_minimum;
            }
            if e.maximum.is_none() {
                e.maximum = c.maximum;
                e.exclusive_maximum = c.exclusive_maximum;
            }
            if e.enumeration.is_empty() {
                e.enumeration = c.enumeration.clone();
            }
            true
        }
        (SchemaKind::Type(Type::Number(e)), SchemaKind::Type(Type::Number(c))) => {
            if matches!(e.format, VariantOrUnknownOrEmpty::Empty) {
                e.format = c.format.clone();
            }
            if e.minimum.is_none() {
                e.minimum = c.minimum;
                e.exclusive_minimum = c.exclusive_minimum;
            }
            true
        }
        (SchemaKind::Type(a), SchemaKind::Type(b)) => {
            std::mem::discriminant(a) == std::mem::discriminant(b)
        }
        _ => false,
    };
    if !same_type {
        return;
    }
    let data = &mut example.schema_data;
    data.nullable |= column.schema_data.nullable;
    data.read_only |= column.schema_data.read_only;
    if data.description.is_none() {
        data.description = column.schema_data.description.clone();
    }
    for (k, v) in &column.schema_data.extensions {
        data.extensions
            .entry(k.clone())
            .or_insert_with(|| v.clone());
    }
}
