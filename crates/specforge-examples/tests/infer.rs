//! Inference: descriptors become facts, real values give kinds, formats and examples, numbers
//! are exact or refused.

use serde_json::json;
use specforge_examples::{Shape, ShapeKind, infer, parse};
use specforge_model::{Code, Diagnostic, Severity};

/// Parses and infers `text` at offset 0, expecting no diagnostics.
fn shape(text: &str) -> Shape {
    let (shape, diagnostics) = shape_with(text);
    assert!(diagnostics.is_empty(), "{text}: {diagnostics:?}");
    shape
}

/// Parses and infers `text` at offset 0.
fn shape_with(text: &str) -> (Shape, Vec<Diagnostic>) {
    let (value, mut diagnostics) = parse(text, 0);
    let value = value.unwrap_or_else(|| panic!("no value in {text}: {diagnostics:?}"));
    let (shape, more) = infer(&value);
    diagnostics.extend(more);
    (shape, diagnostics)
}

/// The shape of a descriptor string written as a JSON string.
fn descriptor(text: &str) -> Shape {
    shape(&serde_json::to_string(text).unwrap())
}

/// The named property.
fn prop<'s>(shape: &'s Shape, key: &str) -> &'s Shape {
    shape
        .properties
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, s)| s)
        .unwrap_or_else(|| panic!("no property {key}"))
}

/// A bound as stored.
fn bound(value: &str, exclusive: bool) -> Option<(String, bool)> {
    Some((value.to_string(), exclusive))
}

#[test]
fn descriptor_formats() {
    let s = descriptor("string (UUID)");
    assert_eq!(s.kind, Some(ShapeKind::String));
    assert_eq!(s.format.as_deref(), Some("uuid"));
    assert_eq!(s.example, None);
    for text in [
        "string (ISO8601)",
        "string (ISO 8601)",
        "String (iso-8601)",
        "string (RFC 3339)",
        "datetime",
        "date-time",
        "timestamp | null",
    ] {
        let s = descriptor(text);
        assert_eq!(s.kind, Some(ShapeKind::String), "{text}");
        assert_eq!(s.format.as_deref(), Some("date-time"), "{text}");
    }
    assert_eq!(descriptor("date | null").format.as_deref(), Some("date"));
    assert_eq!(
        descriptor("date (required)").format.as_deref(),
        Some("date")
    );
    assert_eq!(
        descriptor("date (ISO 8601)").format.as_deref(),
        Some("date")
    );
    assert_eq!(
        descriptor("email (unique)").format.as_deref(),
        Some("email")
    );
    assert_eq!(descriptor("url (optional)").format.as_deref(), Some("uri"));
    assert_eq!(descriptor("URI | null").format.as_deref(), Some("uri"));
    assert_eq!(descriptor("UUID").format.as_deref(), Some("uuid"));
}

#[test]
fn descriptor_base_types() {
    for (text, kind) in [
        ("string", ShapeKind::String),
        ("integer", ShapeKind::Integer),
        ("int", ShapeKind::Integer),
        ("Integer", ShapeKind::Integer),
        ("number", ShapeKind::Number),
        ("float", ShapeKind::Number),
        ("decimal", ShapeKind::Number),
        ("boolean", ShapeKind::Boolean),
        ("bool", ShapeKind::Boolean),
        ("object (free-form)", ShapeKind::Object),
        ("array | null", ShapeKind::Array),
    ] {
        let s = descriptor(text);
        assert_eq!(s.kind, Some(kind), "{text}");
        assert_eq!(s.example, None, "{text}");
    }
    assert!(descriptor("string").notes.is_empty());
    assert_eq!(descriptor("int64").format.as_deref(), Some("int64"));
}

#[test]
fn descriptor_bounds() {
    let s = descriptor("integer (> 0)");
    assert_eq!(s.kind, Some(ShapeKind::Integer));
    assert_eq!(s.minimum, bound("0", true));
    assert_eq!(s.maximum, None);
    assert_eq!(descriptor("integer (>= 1)").minimum, bound("1", false));
    assert_eq!(descriptor("integer (≥ 1)").minimum, bound("1", false));
    assert_eq!(descriptor("number (< 1.5)").maximum, bound("1.5", true));
    assert_eq!(descriptor("number (<= 100)").maximum, bound("100", false));
    let s = descriptor("integer (1-100)");
    assert_eq!(
        (s.minimum, s.maximum),
        (bound("1", false), bound("100", false))
    );
    let s = descriptor("integer (-5..5)");
    assert_eq!(
        (s.minimum, s.maximum),
        (bound("-5", false), bound("5", false))
    );
    let s = descriptor("integer (-10-10)");
    assert_eq!(
        (s.minimum, s.maximum),
        (bound("-10", false), bound("10", false))
    );
    let s = descriptor("integer (1 to 50)");
    assert_eq!(
        (s.minimum, s.maximum),
        (bound("1", false), bound("50", false))
    );
    // Bounds are kept as written, never through f64.
    let s = descriptor("integer (max 9007199254740993)");
    assert_eq!(s.maximum, bound("9007199254740993", false));
    let s = descriptor("number (optional, default 30000, min 5000, max 3600000)");
    assert!(s.optional);
    assert_eq!(s.minimum, bound("5000", false));
    assert_eq!(s.maximum, bound("3600000", false));
    assert_eq!(s.notes, ["default 30000"]);
}

#[test]
fn descriptor_lengths_and_notes() {
    let s = descriptor("string (optional, max 140)");
    assert!(s.optional);
    assert_eq!(s.max_length, Some(140));
    assert!(s.notes.is_empty());
    let s = descriptor("string (max 32, unique)");
    assert_eq!(s.max_length, Some(32));
    assert_eq!(s.notes, ["unique"]);
    let s = descriptor("string (min 3, max 500 chars)");
    assert_eq!((s.min_length, s.max_length), (Some(3), Some(500)));
    let s = descriptor("string (3-20)");
    assert_eq!((s.min_length, s.max_length), (Some(3), Some(20)));
    let s = descriptor("string (ISO8601, optional)");
    assert_eq!(s.format.as_deref(), Some("date-time"));
    assert!(s.optional);
    let s = descriptor("string (required, read-only)");
    assert!(!s.optional);
    assert_eq!(s.notes, ["read-only"]);
    let s = descriptor("url (required for polled formats, SSRF-validated)");
    assert_eq!(s.format.as_deref(), Some("uri"));
    assert_eq!(s.notes, ["required for polled formats", "SSRF-validated"]);
    let s = descriptor("string (optional, e.g. '30m', '2h', '1d')");
    assert!(s.optional);
    assert_eq!(s.notes, ["e.g. '30m', '2h', '1d'"]);
    // A bound that does not fit the kind is a note, not a wrong fact.
    let s = descriptor("boolean (> 0)");
    assert_eq!(s.minimum, None);
    assert_eq!(s.notes, ["> 0"]);
}

#[test]
fn descriptor_enums() {
    let s = descriptor("string (enum: asset, liability, equity, revenue, expense)");
    assert_eq!(
        s.enum_values,
        ["asset", "liability", "equity", "revenue", "expense"]
    );
    assert!(s.notes.is_empty());
    assert_eq!(descriptor("string (one of: a, b)").enum_values, ["a", "b"]);
    assert_eq!(descriptor("string (a | b)").enum_values, ["a", "b"]);
    assert_eq!(
        descriptor("string (Enum: 'x', \"y\")").enum_values,
        ["x", "y"]
    );
    let s = descriptor("string (optional, enum: open, closed)");
    assert!(s.optional);
    assert_eq!(s.enum_values, ["open", "closed"]);
}

#[test]
fn descriptor_nullable() {
    let s = descriptor("uuid | null");
    assert_eq!(s.kind, Some(ShapeKind::String));
    assert_eq!(s.format.as_deref(), Some("uuid"));
    assert!(s.nullable);
    let s = descriptor("string | null");
    assert!(s.nullable && s.format.is_none());
    let s = descriptor("string (ISO8601) | null");
    assert!(s.nullable);
    assert_eq!(s.format.as_deref(), Some("date-time"));
    let s = descriptor("number | null (null = reset to system default)");
    assert_eq!(s.kind, Some(ShapeKind::Number));
    assert!(s.nullable);
    assert_eq!(s.notes, ["null = reset to system default"]);
    assert!(descriptor("string (nullable)").nullable);
    assert!(descriptor("integer|NULL").nullable);
}

#[test]
fn plain_strings_are_not_descriptors() {
    for text in [
        "Oak dining chair",
        "string value here",
        "decimal string",
        "strings",
        "integers (1-3)",
        "string (unclosed",
        "string | number",
        "string | nullable",
        "string (a) trailing",
        "user-uuid | null",
        "uuid-like",
        "'default' | 'schema' | 'prometheus'",
        "Date of birth",
        "",
        // Alone, these are usually real values (`"channel": "email"`).
        "email",
        "url",
        "date",
        "timestamp",
        "object",
        "array",
    ] {
        let s = descriptor(text);
        assert_eq!(s.kind, Some(ShapeKind::String), "{text}");
        assert_eq!(s.example, Some(json!(text)), "{text}");
        assert!(!s.nullable && s.enum_values.is_empty(), "{text}");
    }
}

#[test]
fn real_string_formats() {
    let s = shape(
        r#"{"id": "4b0f8a52-6c1e-4f0e-9d3a-2f1f0c7d9e11", "at": "2026-03-02T09:15:00Z",
            "day": "2026-04-10", "mail": "maria.rossi@example.com",
            "site": "https://api.example.com/users", "title": "Oak dining chair"}"#,
    );
    let formats: Vec<Option<&str>> = s
        .properties
        .iter()
        .map(|(_, p)| p.format.as_deref())
        .collect();
    assert_eq!(
        formats,
        [
            Some("uuid"),
            Some("date-time"),
            Some("date"),
            Some("email"),
            Some("uri"),
            None
        ]
    );
    assert_eq!(prop(&s, "title").example, Some(json!("Oak dining chair")));
    assert_eq!(
        prop(&s, "id").example,
        Some(json!("4b0f8a52-6c1e-4f0e-9d3a-2f1f0c7d9e11"))
    );
}

#[test]
fn scalars_and_null() {
    let s = shape(
        r#"{"n": 6200, "wide": 3000000000, "p": 149.90, "yes": true, "none": null, "neg": -1}"#,
    );
    let n = prop(&s, "n");
    assert_eq!(
        (n.kind, n.format.as_deref()),
        (Some(ShapeKind::Integer), None)
    );
    assert_eq!(n.example, Some(json!(6200)));
    let wide = prop(&s, "wide");
    assert_eq!(wide.format.as_deref(), Some("int64"));
    assert_eq!(wide.example, Some(json!(3_000_000_000_i64)));
    let p = prop(&s, "p");
    assert_eq!(p.kind, Some(ShapeKind::Number));
    assert_eq!(p.example, Some(json!(149.9)));
    assert_eq!(prop(&s, "yes").kind, Some(ShapeKind::Boolean));
    assert_eq!(prop(&s, "yes").example, Some(json!(true)));
    let none = prop(&s, "none");
    assert!(none.nullable);
    assert_eq!((none.kind, &none.example), (None, &None));
    assert_eq!(prop(&s, "neg").example, Some(json!(-1)));
}

#[test]
fn containers_keep_order_and_no_example() {
    let s = shape(r#"{"data": {"z": 1, "a": [1, 2]}, "meta": {"request_id": "r"}}"#);
    assert_eq!(s.kind, Some(ShapeKind::Object));
    assert_eq!(s.example, None);
    let keys: Vec<&str> = s.properties.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, ["data", "meta"]);
    let data = prop(&s, "data");
    let keys: Vec<&str> = data.properties.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, ["z", "a"]);
    let list = prop(data, "a");
    assert_eq!(list.kind, Some(ShapeKind::Array));
    assert_eq!(list.example, None);
    assert_eq!(list.items.as_ref().unwrap().kind, Some(ShapeKind::Integer));
    assert_eq!(list.items.as_ref().unwrap().example, Some(json!(1)));
}

#[test]
fn array_items_merge() {
    // Empty array: no items.
    let s = shape("[]");
    assert_eq!(s.items, None);
    // Placeholder only: open, no items.
    let s = shape("[...]");
    assert!(s.open && s.items.is_none());
    // Objects: properties of every item, in first-seen order; first example kept.
    let s = shape(r#"[{"a": 1, "b": "x"}, {"a": 2, "c": null}, {"c": true}]"#);
    let item = s.items.unwrap();
    let keys: Vec<&str> = item.properties.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, ["a", "b", "c"]);
    assert_eq!(prop(&item, "a").example, Some(json!(1)));
    let c = prop(&item, "c");
    assert_eq!(c.kind, Some(ShapeKind::Boolean));
    assert!(c.nullable);
    // Disagreeing kinds keep the first; integer and decimal widen to number.
    let s = shape(r#"["a", 1, true]"#);
    assert_eq!(s.items.unwrap().kind, Some(ShapeKind::String));
    let s = shape("[1, 2.5]");
    assert_eq!(s.items.unwrap().kind, Some(ShapeKind::Number));
    // Formats that disagree are dropped; agreeing ones kept.
    let s = shape(r#"["2026-04-10", "soon"]"#);
    assert_eq!(s.items.unwrap().format, None);
    let s = shape(r#"["2026-04-10", "2026-04-11"]"#);
    assert_eq!(s.items.unwrap().format.as_deref(), Some("date"));
    // `[null, "x"]`: nullable string.
    let s = shape(r#"[null, "x"]"#);
    let item = s.items.unwrap();
    assert_eq!(item.kind, Some(ShapeKind::String));
    assert!(item.nullable);
    // Nested arrays merge their items.
    let s = shape("[[1], [2.5]]");
    let inner = s.items.unwrap().items.unwrap();
    assert_eq!(inner.kind, Some(ShapeKind::Number));
}

#[test]
fn open_and_placeholders() {
    let s = shape(r#"{"data": {...}, "items": [...], "x": ..., "y": 1, ...}"#);
    assert!(s.open);
    let data = prop(&s, "data");
    assert!(data.open && data.kind == Some(ShapeKind::Object));
    let items = prop(&s, "items");
    assert!(items.open && items.kind == Some(ShapeKind::Array) && items.items.is_none());
    let x = prop(&s, "x");
    assert_eq!((x.kind, x.nullable, &x.example), (None, false, &None));
}

/// The one error of `text` (a number written inside an array).
fn number_error(text: &str) -> Diagnostic {
    let (_, diagnostics) = shape_with(text);
    assert_eq!(diagnostics.len(), 1, "{text}: {diagnostics:?}");
    diagnostics.into_iter().next().unwrap()
}

#[test]
fn numbers_that_cannot_be_exact_are_errors() {
    for (text, token) in [
        ("[1e400]", "1e400"),
        (
            "[0.1000000000000000055511151231257827]",
            "0.1000000000000000055511151231257827",
        ),
        ("[18446744073709551616]", "18446744073709551616"),
        ("[-9223372036854775809]", "-9223372036854775809"),
        ("[NaN]", "NaN"),
        ("[Infinity]", "Infinity"),
        ("[-Infinity]", "-Infinity"),
        ("[1e-400]", "1e-400"),
    ] {
        let d = number_error(text);
        assert_eq!(d.code, Code::ExampleNumberNotExact, "{text}");
        assert_eq!(d.severity, Severity::Error);
        assert!(d.message.contains(token), "{}", d.message);
        assert!(d.help.as_deref().unwrap().contains("string"), "{text}");
        assert_eq!(&text[d.span.start..d.span.end], token);
    }
    // The shape still has a kind but no (rounded) example.
    let (s, _) = shape_with("[1e400]");
    let item = s.items.unwrap();
    assert_eq!(item.kind, Some(ShapeKind::Number));
    assert_eq!(item.example, None);
    let (s, _) = shape_with("[18446744073709551616]");
    assert_eq!(s.items.unwrap().kind, Some(ShapeKind::Integer));
}

#[test]
fn numbers_that_are_exact_are_kept() {
    for (text, expected) in [
        ("9007199254740993", json!(9_007_199_254_740_993_i64)),
        ("18446744073709551615", json!(u64::MAX)),
        ("-9223372036854775808", json!(i64::MIN)),
        ("149.90", json!(149.9)),
        ("0.1", json!(0.1)),
        ("1e3", json!(1000.0)),
        ("-0.0", json!(-0.0)),
        ("567.00", json!(567.0)),
    ] {
        let s = shape(&format!("[{text}]"));
        assert_eq!(s.items.unwrap().example, Some(expected), "{text}");
    }
}

#[test]
fn number_error_spans_shift_with_the_offset() {
    let prefix = "## Create\n\nÜber-request:\n\n";
    let example = "{\n  \"amount\": 1e400,\n  \"ok\": 2\n}";
    let spec = format!("{prefix}{example}");
    let (value, diagnostics) = parse(example, prefix.len());
    assert!(diagnostics.is_empty());
    let (shape, diagnostics) = infer(&value.unwrap());
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(
        &spec[diagnostics[0].span.start..diagnostics[0].span.end],
        "1e400"
    );
    let amount = prop(&shape, "amount");
    assert_eq!(&spec[amount.span.start..amount.span.end], "1e400");
    assert_eq!(&spec[shape.span.start..shape.span.end], example);
}

#[test]
fn shape_of_example_combines_both() {
    let (shape, diagnostics) = specforge_examples::shape_of_example("Request:\n[1e400]", 3);
    assert_eq!(shape.unwrap().kind, Some(ShapeKind::Array));
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(
        specforge_examples::shape_of_example("None", 0),
        (None, Vec::new())
    );
}
