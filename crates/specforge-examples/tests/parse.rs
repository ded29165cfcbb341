//! The lenient reader: what it accepts, what it skips, what it refuses, and its spans.

use specforge_examples::{Value, parse};
use specforge_model::{Code, Severity, Span};

/// A spec with some text before the example, so spans must be shifted.
const PREFIX: &str = "# Spec\n\nSome prose — with a multi-byte dash.\n\n```json\n";

/// Embeds `example` in a spec and parses it at its offset; returns the spec too.
fn parse_in_spec(example: &str) -> (String, Option<Value>, Vec<specforge_model::Diagnostic>) {
    let spec = format!("{PREFIX}{example}\n```\n");
    let (value, diagnostics) = parse(example, PREFIX.len());
    (spec, value, diagnostics)
}

/// The spec text a span covers.
fn at(spec: &str, span: Span) -> &str {
    &spec[span.start..span.end]
}

/// Parses at offset 0 and expects a value with no diagnostics.
fn clean(text: &str) -> Value {
    let (value, diagnostics) = parse(text, 0);
    assert!(diagnostics.is_empty(), "{text}: {diagnostics:?}");
    value.unwrap_or_else(|| panic!("no value in {text}"))
}

/// The fields of an object value.
fn fields(value: &Value) -> Vec<(&str, &Value)> {
    match value {
        Value::Object { fields, .. } => fields.iter().map(|(k, _, v)| (k.as_str(), v)).collect(),
        other => panic!("not an object: {other:?}"),
    }
}

/// The named field of an object value.
fn field<'v>(value: &'v Value, key: &str) -> &'v Value {
    fields(value)
        .into_iter()
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v)
        .unwrap_or_else(|| panic!("no field {key}"))
}

/// Whether a container value is open.
fn is_open(value: &Value) -> bool {
    match value {
        Value::Object { open, .. } | Value::Array { open, .. } => *open,
        _ => false,
    }
}

/// The items of an array value.
fn items(value: &Value) -> &[Value] {
    match value {
        Value::Array { items, .. } => items,
        other => panic!("not an array: {other:?}"),
    }
}

#[test]
fn standard_json() {
    let value = clean(
        r#"{"s": "a\"b\\c\u00e9\ud83d\ude00", "n": -12.5e3, "t": true, "f": false, "z": null, "a": [1, {"b": []}], "o": {}}"#,
    );
    let keys: Vec<&str> = fields(&value).iter().map(|(k, _)| *k).collect();
    assert_eq!(keys, ["s", "n", "t", "f", "z", "a", "o"]);
    assert!(matches!(field(&value, "s"), Value::String(s, _) if s == "a\"b\\cé😀"));
    assert!(matches!(field(&value, "n"), Value::Number(n, _) if n == "-12.5e3"));
    assert!(matches!(field(&value, "t"), Value::Bool(true, _)));
    assert!(matches!(field(&value, "f"), Value::Bool(false, _)));
    assert!(matches!(field(&value, "z"), Value::Null(_)));
    assert_eq!(items(field(&value, "a")).len(), 2);
    assert!(!is_open(&value));
}

#[test]
fn numbers_are_kept_as_written() {
    let value = clean(r#"{"price": 149.90, "big": 9007199254740993, "huge": 1e400}"#);
    assert!(matches!(field(&value, "price"), Value::Number(n, _) if n == "149.90"));
    assert!(matches!(field(&value, "big"), Value::Number(n, _) if n == "9007199254740993"));
    assert!(matches!(field(&value, "huge"), Value::Number(n, _) if n == "1e400"));
}

#[test]
fn comments_of_every_kind() {
    let value = clean(
        "{\n  // the id\n  \"id\": 1, /* inline */ \"name\": \"x\" // trailing\n# hash at line start\n  /* multi\n line */\n}",
    );
    let keys: Vec<&str> = fields(&value).iter().map(|(k, _)| *k).collect();
    assert_eq!(keys, ["id", "name"]);
    assert!(!is_open(&value));
    // `//` inside a string is not a comment; `#` inside a line is text of a string.
    let value = clean(r##"{"url": "https://x.example/a#b", "c": "#support"}"##);
    assert!(matches!(field(&value, "url"), Value::String(s, _) if s == "https://x.example/a#b"));
}

#[test]
fn trailing_and_doubled_commas() {
    let value = clean("{\"a\": [1, 2, 3,], \"b\": 2,}");
    assert_eq!(items(field(&value, "a")).len(), 3);
    let value = clean("[1,, 2,]");
    assert_eq!(items(&value).len(), 2);
}

#[test]
fn missing_comma_at_a_line_break() {
    let value = clean("{\n  \"a\": 1\n  \"b\": 2\n}");
    assert_eq!(fields(&value).len(), 2);
    let (value, diagnostics) = parse("{\"a\": 1 \"b\": 2}", 0);
    assert!(value.is_none());
    assert_eq!(diagnostics[0].code, Code::ExampleUnreadable);
}

#[test]
fn placeholders_everywhere() {
    let value = clean(r#"{ "a": 1, ... }"#);
    assert!(is_open(&value));
    assert_eq!(fields(&value).len(), 1);

    let value = clean(r#"{ "a": 1, … }"#);
    assert!(is_open(&value));

    let value = clean(r#"{"data": {...}, "items": [...], "x": ..., "y": […], "z": {…}}"#);
    assert!(!is_open(&value));
    let data = field(&value, "data");
    assert!(is_open(data) && fields(data).is_empty());
    let list = field(&value, "items");
    assert!(is_open(list) && items(list).is_empty());
    assert!(matches!(field(&value, "x"), Value::Placeholder(_)));
    assert!(is_open(field(&value, "y")));
    assert!(is_open(field(&value, "z")));

    let value = clean("[1, 2, ...]");
    assert!(is_open(&value));
    assert_eq!(items(&value).len(), 2);

    let value = clean(r#"{ "input": { ... }, "findings": [ ... ] }"#);
    assert!(is_open(field(&value, "input")));
    assert!(is_open(field(&value, "findings")));

    // A `"...": "..."` member stands for more fields.
    let value = clean(r#"{"a": 1, "...": "..."}"#);
    assert!(is_open(&value));
    assert_eq!(fields(&value).len(), 1);
}

#[test]
fn ellipsis_comment_opens_the_object() {
    // real-31: `// ... other fields` after the last member, without a comma.
    let value = clean(
        "{\n  \"data\": {\n    \"errors\": [\n      {\n        \"id\": \"550e8400-e29b-41d4-a716-446655440000\",\n        \"count\": 5\n        // ... other fields\n      }\n    ],\n    \"total\": 150\n  },\n  \"status\": \"success\"\n}",
    );
    let data = field(&value, "data");
    let first = &items(field(data, "errors"))[0];
    assert!(is_open(first));
    assert!(!is_open(data));
    assert!(!is_open(&value));
    // A comment that is not an ellipsis does not.
    assert!(!is_open(&clean("{\"a\": 1 // more later\n}")));
}

#[test]
fn single_quotes_and_unquoted_keys() {
    let value =
        clean(r#"{ id: 1, 'name': 'O\'Brien', "x-y": 'say "hi"', $ref: null, snake_key: 2 }"#);
    let keys: Vec<&str> = fields(&value).iter().map(|(k, _)| *k).collect();
    assert_eq!(keys, ["id", "name", "x-y", "$ref", "snake_key"]);
    assert!(matches!(field(&value, "name"), Value::String(s, _) if s == "O'Brien"));
    assert!(matches!(field(&value, "x-y"), Value::String(s, _) if s == "say \"hi\""));
}

#[test]
fn leading_label_lines_are_skipped() {
    let value = clean("Request:\n{\n  \"sku\": \"CHAIR-OAK-001\"\n}");
    assert_eq!(fields(&value).len(), 1);
    let value = clean("POST /v1/products HTTP/1.1\nContent-Type: application/json\n\n[1, 2]");
    assert_eq!(items(&value).len(), 2);
    let value = clean("Response: 201 Created\n200 OK\n{\"ok\": true}");
    assert_eq!(fields(&value).len(), 1);
    // A label on the value's own line.
    let (spec, value, diagnostics) = parse_in_spec("Request: {\"sku\": \"A-1\"}");
    assert!(diagnostics.is_empty());
    assert_eq!(at(&spec, value.unwrap().span()), "{\"sku\": \"A-1\"}");
    let value = clean("**Response (200 OK):** [1]");
    assert_eq!(items(&value).len(), 1);
    // Prose with braces but no label colon is still prose.
    assert_eq!(parse("Returns the {id} of the row.", 0), (None, Vec::new()));
}

#[test]
fn trailing_prose_is_ignored_with_a_note() {
    let example = "{\"a\": 1}\n\nThe `a` field counts things.";
    let (spec, value, diagnostics) = parse_in_spec(example);
    assert_eq!(fields(&value.unwrap()).len(), 1);
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].code, Code::ExampleTrailingText);
    assert_eq!(diagnostics[0].severity, Severity::Note);
    assert_eq!(
        at(&spec, diagnostics[0].span),
        "The `a` field counts things."
    );
    assert!(diagnostics[0].help.is_some());
    // Comments and white space after the value are not prose.
    clean("{\"a\": 1}\n// done\n  \n");
}

#[test]
fn inventory_request_then_response_keeps_the_request() {
    // The caller splits `Request:` / `Response:`; unsplit, the request is read and the rest
    // is noted.
    let example = "Request:\n{\n  \"sku\": \"CHAIR-OAK-001\"\n}\n\nResponse: 201 Created\n{\n  \"id\": \"x\"\n}";
    let (spec, value, diagnostics) = parse_in_spec(example);
    let value = value.unwrap();
    assert_eq!(fields(&value)[0].0, "sku");
    assert_eq!(diagnostics.len(), 1);
    assert!(at(&spec, diagnostics[0].span).starts_with("Response: 201 Created"));
}

#[test]
fn no_value_at_all_is_not_an_error() {
    for text in [
        "",
        "   \n\n",
        "None",
        "Empty body",
        "(no content)",
        "// nothing here",
        "Returns 204 No Content.",
        "- id: the id\n- name: the name",
    ] {
        assert_eq!(parse(text, 0), (None, Vec::new()), "{text:?}");
    }
}

#[test]
fn a_lone_scalar_is_a_value() {
    assert!(matches!(clean("\"ok\""), Value::String(s, _) if s == "ok"));
    assert!(matches!(clean("42"), Value::Number(n, _) if n == "42"));
    assert!(matches!(clean("null"), Value::Null(_)));
    assert!(matches!(clean("true // yes"), Value::Bool(true, _)));
    assert!(matches!(clean("..."), Value::Placeholder(_)));
}

#[test]
fn nan_and_infinity_are_read_for_inference_to_refuse() {
    let value = clean("[NaN, Infinity, -Infinity]");
    let written: Vec<&str> = items(&value)
        .iter()
        .map(|v| match v {
            Value::Number(n, _) => n.as_str(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(written, ["NaN", "Infinity", "-Infinity"]);
}

#[test]
fn spans_point_at_the_tokens_in_the_spec() {
    let example = "Request:\n{\n  \"id\": \"é-1\",\n  name: 'Zoë', // note\n  \"n\": 149.90,\n  \"list\": [true, null, …],\n  \"more\": {...}\n}";
    let (spec, value, diagnostics) = parse_in_spec(example);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let value = value.unwrap();
    assert!(at(&spec, value.span()).starts_with('{') && at(&spec, value.span()).ends_with('}'));
    let Value::Object {
        fields: members, ..
    } = &value
    else {
        panic!()
    };
    let keys: Vec<&str> = members
        .iter()
        .map(|(_, span, _)| at(&spec, *span))
        .collect();
    assert_eq!(keys, ["\"id\"", "name", "\"n\"", "\"list\"", "\"more\""]);
    let values: Vec<&str> = members
        .iter()
        .map(|(_, _, v)| at(&spec, v.span()))
        .collect();
    assert_eq!(
        values,
        ["\"é-1\"", "'Zoë'", "149.90", "[true, null, …]", "{...}"]
    );
    let list = items(field(&value, "list"));
    assert_eq!(at(&spec, list[0].span()), "true");
    assert_eq!(at(&spec, list[1].span()), "null");
    let placeholder = clean("{\"x\": …}");
    assert!(matches!(field(&placeholder, "x"), Value::Placeholder(s) if s.len() == '…'.len_utf8()));
}

/// Parses garbage embedded in a spec and returns the one warning's spanned text.
fn unreadable(example: &str) -> (String, String) {
    let (spec, value, diagnostics) = parse_in_spec(example);
    assert!(value.is_none(), "{example}");
    assert_eq!(diagnostics.len(), 1, "{example}: {diagnostics:?}");
    let diagnostic = &diagnostics[0];
    assert_eq!(diagnostic.code, Code::ExampleUnreadable);
    assert_eq!(diagnostic.severity, Severity::Warning);
    assert!(diagnostic.help.is_some());
    (
        at(&spec, diagnostic.span).to_string(),
        diagnostic.message.clone(),
    )
}

#[test]
fn garbage_is_a_warning_at_the_offending_token() {
    assert_eq!(unreadable("{\"a\": 1, \"b\": }").0, "}");
    assert_eq!(unreadable("{\"a\" 1}").0, "1");
    // The innermost container left open is named.
    assert_eq!(unreadable("{\n  \"a\": [1, 2\n").0, "[");
    assert_eq!(unreadable("{\n  \"a\": [1, 2]\n").0, "{");
    assert_eq!(unreadable("[1, 2").0, "[");
    assert_eq!(unreadable("{\"a\": \"never closed}\n").0, "\"never closed}");
    assert_eq!(unreadable("{\"a\": status}").0, "status");
    assert_eq!(unreadable("{\"a\": 0x1F}").0, "0x1F");
    assert_eq!(unreadable("{\"a\": 1 /* open").0, "/*");
    assert_eq!(unreadable("{\"a\": \"\\u12\"}").0, "\\u");
    assert_eq!(unreadable("{\"a\": @}").0, "@");
    assert_eq!(unreadable("{\"é\": ü}").0, "ü");
    assert_eq!(unreadable("{ .. }").0, ".");
    let (token, message) = unreadable("{\"a\": 1 \"b\": 2}");
    assert_eq!(token, "\"");
    assert!(message.contains("expected `,` or `}`"), "{message}");
}

#[test]
fn deep_nesting_is_refused_not_overflowed() {
    let deep = "[".repeat(100_000);
    let (value, diagnostics) = parse(&deep, 7);
    assert!(value.is_none());
    assert_eq!(diagnostics.len(), 1);
    assert!(diagnostics[0].message.contains("nested"));
    let fine = format!("{}{}", "[".repeat(100), "]".repeat(100));
    assert!(parse(&fine, 0).0.is_some());
}

#[test]
fn long_inputs_are_fast() {
    let big = format!(
        "[{}]",
        vec!["{\"id\": \"4b0f8a52-6c1e-4f0e-9d3a-2f1f0c7d9e11\", \"n\": 1.5}"; 20_000].join(",\n")
    );
    let start = std::time::Instant::now();
    let (value, diagnostics) = parse(&big, 0);
    assert!(value.is_some() && diagnostics.is_empty());
    let prose = "word ".repeat(50_000);
    assert_eq!(parse(&prose, 0), (None, Vec::new()));
    assert!(start.elapsed().as_secs() < 5);
}
