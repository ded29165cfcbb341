//! Property: `parse` and `infer` never panic, and every span they give lies inside the
//! example, on character boundaries of the spec.

use proptest::prelude::*;
use specforge_examples::{Shape, Value, infer, parse};
use specforge_model::{Diagnostic, Span};

/// Asserts `span` lies in `range` and on char boundaries of `spec`.
fn check_span(spec: &str, range: &std::ops::Range<usize>, span: Span) -> Result<(), TestCaseError> {
    prop_assert!(span.start <= span.end);
    prop_assert!(
        range.start <= span.start && span.end <= range.end,
        "{span:?} outside {range:?}"
    );
    prop_assert!(spec.is_char_boundary(span.start) && spec.is_char_boundary(span.end));
    Ok(())
}

/// Checks every span of a value.
fn check_value(
    spec: &str,
    range: &std::ops::Range<usize>,
    value: &Value,
) -> Result<(), TestCaseError> {
    check_span(spec, range, value.span())?;
    match value {
        Value::Object { fields, .. } => {
            for (_, key_span, field) in fields {
                check_span(spec, range, *key_span)?;
                check_value(spec, range, field)?;
            }
        }
        Value::Array { items, .. } => {
            for item in items {
                check_value(spec, range, item)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// Checks every span of a shape.
fn check_shape(
    spec: &str,
    range: &std::ops::Range<usize>,
    shape: &Shape,
) -> Result<(), TestCaseError> {
    check_span(spec, range, shape.span)?;
    for (_, property) in &shape.properties {
        check_shape(spec, range, property)?;
    }
    if let Some(items) = &shape.items {
        check_shape(spec, range, items)?;
    }
    Ok(())
}

/// Checks every span of the diagnostics, and that each has a help line.
fn check_diagnostics(
    spec: &str,
    range: &std::ops::Range<usize>,
    diagnostics: &[Diagnostic],
) -> Result<(), TestCaseError> {
    for diagnostic in diagnostics {
        check_span(spec, range, diagnostic.span)?;
        prop_assert!(diagnostic.help.is_some());
        for label in &diagnostic.labels {
            check_span(spec, range, label.span)?;
        }
    }
    Ok(())
}

/// Runs both stages on `example` written after `prefix` and checks every span.
fn run(prefix: &str, example: &str) -> Result<(), TestCaseError> {
    let spec = format!("{prefix}{example}\n```\n");
    let range = prefix.len()..prefix.len() + example.len();
    let (value, diagnostics) = parse(example, prefix.len());
    check_diagnostics(&spec, &range, &diagnostics)?;
    if let Some(value) = value {
        check_value(&spec, &range, &value)?;
        let (shape, diagnostics) = infer(&value);
        check_shape(&spec, &range, &shape)?;
        check_diagnostics(&spec, &range, &diagnostics)?;
    }
    Ok(())
}

/// Pieces of lenient JSON, so generated texts get deep into the reader.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("{".to_string()),
        Just("}".to_string()),
        Just("[".to_string()),
        Just("]".to_string()),
        Just(",".to_string()),
        Just(":".to_string()),
        Just("...".to_string()),
        Just("…".to_string()),
        Just("// c\n".to_string()),
        Just("/* c */".to_string()),
        Just("/*".to_string()),
        Just("\n# h\n".to_string()),
        Just("\n".to_string()),
        Just("\"é\\u00e9\\ud83d\"".to_string()),
        Just("'x'".to_string()),
        Just("\"".to_string()),
        Just("\\".to_string()),
        Just("\"string (UUID) | null\"".to_string()),
        Just("\"integer (1-100, max 5, > 0, enum: a | b)\"".to_string()),
        Just("1e400".to_string()),
        Just("-0.10".to_string()),
        Just("NaN".to_string()),
        Just("null".to_string()),
        Just("true".to_string()),
        Just("key".to_string()),
        Just("Request:".to_string()),
        "[0-9.eE+-]{1,25}",
        "\\PC{0,4}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_text_never_panics(example in "\\PC*", prefix in "\\PC{0,8}") {
        run(&prefix, &example)?;
    }

    #[test]
    fn json_like_text_never_panics(
        pieces in prop::collection::vec(fragment(), 0..40),
        prefix in "(é|x|\n){0,5}",
    ) {
        run(&prefix, &pieces.concat())?;
    }

    #[test]
    fn any_string_value_never_panics(text in "\\PC*") {
        let example = serde_json::to_string(&text).unwrap_or_default();
        run("", &example)?;
    }
}
