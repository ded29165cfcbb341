//! Type descriptors: string values that describe a field instead of exemplifying it.
//!
//! Grammar (case-insensitive): a base type word, then optionally `(facts)` and/or
//! `| null`, in either order, and nothing else.
//!
//! ```text
//! descriptor := base [ "(" facts ")" ] [ "|" "null" ] [ "(" facts ")" ]   (one facts group)
//! base       := string | integer | int | int32 | int64 | number | float | double | decimal
//!             | boolean | bool | uuid | date | datetime | date-time | timestamp
//!             | email | url | uri | object | array
//! facts      := fact { "," fact }
//! ```
//!
//! A base word alone is a descriptor only when it cannot be a real value: `"email"`, `"url"`,
//! `"uri"`, `"date"`, `"timestamp"`, `"object"`, `"array"` and `"double"` are common
//! enum-like values (`"channel": "email"`, `"sort": "date"`), so they need a `(…)` or a
//! `| null` to be read as descriptors.
//!
//! A fact is a format (`UUID`, `ISO8601`, `email`, …), `optional`, `required`, `nullable`,
//! a bound (`> 0`, `>= 1`, `min 3`, `max 140`, `max 500 chars`), a range (`1-100`), an enum
//! (`enum: a, b`, `one of: a, b`, `a | b`; `enum:` takes every fact after it) or, failing
//! all those, a note kept for the description (`unique`, `read-only`).

use crate::{Shape, ShapeKind};

/// The base type words, longest first where one is a prefix of another.
const BASES: &[(&str, ShapeKind, Option<&str>)] = &[
    ("date-time", ShapeKind::String, Some("date-time")),
    ("datetime", ShapeKind::String, Some("date-time")),
    ("timestamp", ShapeKind::String, Some("date-time")),
    ("integer", ShapeKind::Integer, None),
    ("int32", ShapeKind::Integer, Some("int32")),
    ("int64", ShapeKind::Integer, Some("int64")),
    ("int", ShapeKind::Integer, None),
    ("boolean", ShapeKind::Boolean, None),
    ("bool", ShapeKind::Boolean, None),
    ("decimal", ShapeKind::Number, None),
    ("double", ShapeKind::Number, Some("double")),
    ("number", ShapeKind::Number, None),
    ("float", ShapeKind::Number, None),
    ("string", ShapeKind::String, None),
    ("object", ShapeKind::Object, None),
    ("array", ShapeKind::Array, None),
    ("email", ShapeKind::String, Some("email")),
    ("uuid", ShapeKind::String, Some("uuid")),
    ("date", ShapeKind::String, Some("date")),
    ("url", ShapeKind::String, Some("uri")),
    ("uri", ShapeKind::String, Some("uri")),
];

/// Base words that are descriptors only with `(…)` or `| null` after them.
const AMBIGUOUS_ALONE: &[&str] = &[
    "email",
    "url",
    "uri",
    "date",
    "timestamp",
    "object",
    "array",
    "double",
];

/// Format words allowed as facts, and the format they give a string.
const FORMAT_FACTS: &[(&str, &str)] = &[
    ("uuid", "uuid"),
    ("iso8601", "date-time"),
    ("iso 8601", "date-time"),
    ("iso-8601", "date-time"),
    ("rfc3339", "date-time"),
    ("rfc 3339", "date-time"),
    ("date-time", "date-time"),
    ("datetime", "date-time"),
    ("timestamp", "date-time"),
    ("date", "date"),
    ("email", "email"),
    ("url", "uri"),
    ("uri", "uri"),
];

/// The shape a descriptor string states, or `None` when the string is not a descriptor.
/// The span is left for the caller to set.
pub(crate) fn read(text: &str) -> Option<Shape> {
    read_in(text, false)
}

/// [`read`] for text written where only a type can stand (a parameter table's Type cell):
/// there a lone ambiguous word such as `email` or `date` is a type, not a value.
pub(crate) fn read_type_cell(text: &str) -> Option<Shape> {
    read_in(text, true)
}

fn read_in(text: &str, type_cell: bool) -> Option<Shape> {
    let text = text.trim();
    let (len, kind, format) = base(text)?;
    let mut shape = Shape {
        kind: Some(kind),
        format: format.map(str::to_string),
        ..Shape::default()
    };
    let mut rest = text.get(len..)?.trim_start();
    if rest.is_empty()
        && !type_cell
        && AMBIGUOUS_ALONE
            .iter()
            .any(|word| word.eq_ignore_ascii_case(text))
    {
        return None;
    }
    let mut facts = None;
    while !rest.is_empty() {
        if rest.starts_with('(') && facts.is_none() {
            let close = matching_paren(rest)?;
            facts = Some(rest.get(1..close)?);
            rest = rest.get(close + 1..)?.trim_start();
        } else if let Some(after) = rest.strip_prefix('|') {
            let after = after.trim_start();
            let word = after.get(..4)?;
            if !word.eq_ignore_ascii_case("null") || !boundary(after.get(4..)?) {
                return None;
            }
            shape.nullable = true;
            rest = after.get(4..)?.trim_start();
        } else {
            return None;
        }
    }
    if let Some(facts) = facts {
        apply_facts(&mut shape, facts);
    }
    Some(shape)
}

/// Whether `rest` (the text after a word) starts where a word may end.
fn boundary(rest: &str) -> bool {
    rest.chars()
        .next()
        .is_none_or(|c| c.is_whitespace() || c == '(' || c == '|')
}

/// The base type word at the start of `text`: its length, kind and format.
fn base(text: &str) -> Option<(usize, ShapeKind, Option<&'static str>)> {
    BASES.iter().find_map(|&(word, kind, format)| {
        let head = text.get(..word.len())?;
        (head.eq_ignore_ascii_case(word) && boundary(text.get(word.len()..)?)).then_some((
            word.len(),
            kind,
            format,
        ))
    })
}

/// Byte index of the `)` that closes the `(` at the start of `text`.
fn matching_paren(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// Splits on commas outside nested parentheses.
fn split_facts(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                parts.push(text.get(start..i).unwrap_or(""));
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(text.get(start..).unwrap_or(""));
    parts
}

/// Strips one pair of matching quotes or backticks.
fn unquote(text: &str) -> &str {
    let text = text.trim();
    for q in ['\'', '"', '`'] {
        if let Some(inner) = text.strip_prefix(q).and_then(|t| t.strip_suffix(q)) {
            return inner.trim();
        }
    }
    text
}

/// A decimal as written: `-?digits(.digits)?`.
fn decimal(text: &str) -> Option<&str> {
    let text = text.trim();
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let (int, frac) = unsigned.split_once('.').unwrap_or((unsigned, "0"));
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (all_digits(int) && all_digits(frac)).then_some(text)
}

/// A length: a non-negative integer, optionally followed by `chars` / `characters`.
fn length(text: &str) -> Option<u64> {
    let text = text.trim();
    let number = ["characters", "chars", "char"]
        .iter()
        .find_map(|unit| text.strip_suffix(unit))
        .unwrap_or(text);
    number.trim().parse().ok()
}

/// Strips a case-insensitive word prefix (`enum:`, `max `), returning the rest.
fn strip_word<'t>(text: &'t str, word: &str) -> Option<&'t str> {
    let head = text.get(..word.len())?;
    head.eq_ignore_ascii_case(word)
        .then(|| text.get(word.len()..))?
}

/// Applies the comma-separated facts inside a descriptor's parentheses.
fn apply_facts(shape: &mut Shape, facts: &str) {
    let parts = split_facts(facts);
    let mut index = 0;
    while let Some(part) = parts.get(index) {
        index += 1;
        let fact = part.trim();
        if fact.is_empty() {
            continue;
        }
        let lower = fact.to_ascii_lowercase();
        let list_head = ["enum:", "enum ", "one of:", "one of ", "oneof:", "values:"]
            .iter()
            .find_map(|word| strip_word(fact, word));
        if let Some(first) = list_head {
            // `enum:` takes the rest of the facts: `enum: a, b, c`.
            let mut values = vec![first];
            values.extend(parts.get(index..).unwrap_or(&[]).iter().copied());
            index = parts.len();
            for value in values.iter().flat_map(|v| v.split('|')) {
                let value = unquote(value);
                if !value.is_empty() {
                    shape.enum_values.push(value.to_string());
                }
            }
            continue;
        }
        if ["e.g.", "e.g", "eg.", "example:", "for example"]
            .iter()
            .any(|word| strip_word(fact, word).is_some())
        {
            // An example list: the rest is one note.
            let rest = parts.get(index..).unwrap_or(&[]);
            index = parts.len();
            let mut note = fact.to_string();
            for more in rest {
                note.push(',');
                note.push_str(more);
            }
            shape.notes.push(note);
            continue;
        }
        if !apply_fact(shape, fact, &lower) {
            shape.notes.push(fact.to_string());
        }
    }
}

/// Applies one fact; false when it is not understood (it becomes a note).
fn apply_fact(shape: &mut Shape, fact: &str, lower: &str) -> bool {
    match lower {
        "optional" => {
            shape.optional = true;
            return true;
        }
        "required" => return true,
        "nullable" | "null" => {
            shape.nullable = true;
            return true;
        }
        _ => {}
    }
    let is_string = shape.kind == Some(ShapeKind::String);
    let is_numeric = matches!(shape.kind, Some(ShapeKind::Integer | ShapeKind::Number));
    if let Some(&(_, format)) = FORMAT_FACTS.iter().find(|(word, _)| *word == lower) {
        if !is_string {
            return false;
        }
        // `date (ISO 8601)` stays a date.
        if !(format == "date-time" && shape.format.as_deref() == Some("date")) {
            shape.format = Some(format.to_string());
        }
        return true;
    }
    if is_numeric && matches!(lower, "int32" | "int64" | "double" | "float") {
        shape.format = Some(lower.to_string());
        return true;
    }
    if let Some((op, rest)) = comparison(fact) {
        let Some(value) = decimal(rest) else {
            return false;
        };
        if !is_numeric {
            return false;
        }
        let bound = Some((value.to_string(), op.ends_with('x')));
        if op.starts_with('>') {
            shape.minimum = bound;
        } else {
            shape.maximum = bound;
        }
        return true;
    }
    for (words, is_min) in [
        (
            &["min length", "minlength", "min", "minimum", "at least"][..],
            true,
        ),
        (
            &[
                "max length",
                "maxlength",
                "max",
                "maximum",
                "at most",
                "up to",
            ][..],
            false,
        ),
    ] {
        let Some(rest) = words
            .iter()
            .find_map(|word| strip_word(fact, word).filter(|rest| !boundary_alnum(rest)))
        else {
            continue;
        };
        let rest = rest.trim_start().trim_start_matches(':');
        return set_limit(shape, rest, is_min);
    }
    if let Some((low, high)) = range(fact) {
        if is_numeric {
            shape.minimum = Some((low.to_string(), false));
            shape.maximum = Some((high.to_string(), false));
            return true;
        }
        if is_string && let (Ok(low), Ok(high)) = (low.parse(), high.parse()) {
            shape.min_length = Some(low);
            shape.max_length = Some(high);
            return true;
        }
        return false;
    }
    let alternatives: Vec<&str> = fact.split('|').map(unquote).collect();
    if alternatives.len() >= 2
        && alternatives
            .iter()
            .all(|a| !a.is_empty() && !a.contains(char::is_whitespace))
    {
        shape
            .enum_values
            .extend(alternatives.iter().map(|a| a.to_string()));
        return true;
    }
    false
}

/// Whether `rest` continues the word just stripped (`maxItems` after `max`).
fn boundary_alnum(rest: &str) -> bool {
    rest.chars().next().is_some_and(char::is_alphanumeric)
}

/// `min 3` / `max 140`: a length on strings, an inclusive bound on numbers.
fn set_limit(shape: &mut Shape, value: &str, is_min: bool) -> bool {
    match shape.kind {
        Some(ShapeKind::String) => {
            let Some(len) = length(value) else {
                return false;
            };
            if is_min {
                shape.min_length = Some(len);
            } else {
                shape.max_length = Some(len);
            }
            true
        }
        Some(ShapeKind::Integer | ShapeKind::Number) => {
            let Some(value) = decimal(value) else {
                return false;
            };
            let bound = Some((value.to_string(), false));
            if is_min {
                shape.minimum = bound;
            } else {
                shape.maximum = bound;
            }
            true
        }
        _ => false,
    }
}

/// `> 0`, `>= 1`, `< 10`, `<= 10`, `≥ 1`, `≤ 10`: the operator (`>x` / `<x` when
/// exclusive, `>` / `<` when inclusive) and the rest.
fn comparison(fact: &str) -> Option<(&'static str, &str)> {
    [
        (">=", ">"),
        ("≥", ">"),
        ("=>", ">"),
        (">", ">x"),
        ("<=", "<"),
        ("≤", "<"),
        ("=<", "<"),
        ("<", "<x"),
    ]
    .iter()
    .find_map(|&(symbol, op)| fact.strip_prefix(symbol).map(|rest| (op, rest)))
}

/// `1-100`, `1..100`, `1 to 100`, `1–100`: the two decimals.
fn range(fact: &str) -> Option<(&str, &str)> {
    for separator in ["..", " to ", "–", "—"] {
        if let Some((low, high)) = fact.split_once(separator) {
            return Some((decimal(low)?, decimal(high)?));
        }
    }
    // A hyphen: skip a leading minus sign of the lower bound.
    let from = usize::from(fact.starts_with('-'));
    let at = from + fact.get(from..)?.find('-')?;
    Some((decimal(fact.get(..at)?)?, decimal(fact.get(at + 1..)?)?))
}
