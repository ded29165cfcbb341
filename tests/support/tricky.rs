//! Text that YAML readers are tempted to read as something else, for the property tests of
//! the YAML specforge writes (included with `#[path]` by the crates that write YAML).
#![allow(dead_code)]

use proptest::prelude::*;

/// Scalars YAML 1.1 or 1.2 resolves to another type, or that a plain scalar cannot hold.
pub const LOOK_ALIKES: &[&str] = &[
    "",
    " ",
    "  lead",
    "trail  ",
    "y",
    "Y",
    "n",
    "N",
    "yes",
    "Yes",
    "YES",
    "no",
    "No",
    "NO",
    "on",
    "On",
    "ON",
    "off",
    "Off",
    "OFF",
    "true",
    "True",
    "TRUE",
    "false",
    "False",
    "~",
    "null",
    "Null",
    "NULL",
    "-",
    "?",
    ":",
    "=",
    "<<",
    "0",
    "-0",
    "+1",
    "012",
    "0o17",
    "0x1F",
    "0b1010",
    "1_000",
    "1,000",
    "1e3",
    "1E+3",
    "-1.5e-10",
    "3.",
    ".5",
    ".inf",
    "-.Inf",
    ".NaN",
    "1:30",
    "12:30:45",
    "190:20:30",
    "2024-01-01",
    "2001-12-14t21:59:43.10-05:00",
    "2002-12-14 21:59:43.10 -5",
    "- item",
    "? key",
    "key: value",
    "key:value",
    "a #comment",
    "#comment",
    "*alias",
    "&anchor",
    "!tag",
    "!!str",
    "%YAML 1.1",
    "@at",
    "`tick",
    "'single'",
    "\"double\"",
    "{a: 1}",
    "[1, 2]",
    "|",
    ">",
    "---",
    "...",
    "a\nb",
    "a\n\nb",
    "trailing\n",
    "\ttab",
    "a\tb",
    "\r",
    "a\r\nb",
    "\u{0}",
    "\u{7}",
    "\u{1b}[31m",
    "\u{7f}",
    "\u{85}",
    "\u{a0}",
    "\u{2028}",
    "\u{2029}",
    "\u{feff}bom",
    "\u{fffe}",
    "\u{ffff}",
    "\u{e000}",
    "\u{1f980}",
    "é",
    "日本語",
    "مرحبا",
    "\u{202e}rtl",
    "\\",
    "\\n",
    "a: b: c",
    "- - -",
];

/// Any of: a look-alike, arbitrary Unicode, printable ASCII, control characters and
/// punctuation, non-ASCII words, two look-alikes joined, or a line thousands of characters
/// long.
pub fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::sample::select(LOOK_ALIKES).prop_map(str::to_owned),
        2 => any::<String>(),
        2 => "[ -~]{0,24}",
        1 => "[\\x00-\\x1F\\x7F\\x{80}-\\x{9F}\\x{2028}\\x{2029}\\x{FEFF}\\x{FFFE} a:#'\"-]{0,12}",
        1 => "[a-zé日本語🦀\\x{0301} ]{1,12}",
        1 => (
            proptest::sample::select(LOOK_ALIKES),
            proptest::sample::select(LOOK_ALIKES)
        )
            .prop_map(|(a, b)| format!("{a} {b}")),
        1 => (proptest::sample::select(LOOK_ALIKES), 2_000usize..6_000)
            .prop_map(|(s, n)| format!("{s}{}", "long line ".repeat(n / 10))),
    ]
}

/// A JSON value with tricky strings, numbers at their limits and nesting.
pub fn value() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_filter_map("finite", |f| serde_json::Number::from_f64(f)
            .map(Value::Number)),
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 40, 5, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            proptest::collection::vec((text(), inner), 0..5)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
        ]
    })
}

/// A value nested 1 to 48 levels deep (as deep as the spec readers accept, with room), alternating sequences and mappings with tricky keys.
pub fn deep() -> impl Strategy<Value = serde_json::Value> {
    (1usize..48, value(), text()).prop_map(|(depth, mut v, key)| {
        for level in 0..depth {
            v = if level % 2 == 0 {
                serde_json::Value::Array(vec![v])
            } else {
                serde_json::Value::Object([(key.clone(), v)].into_iter().collect())
            };
        }
        v
    })
}

/// A value that is not `null` (an `Option<Value>` field cannot carry `Some(null)` through
/// serde: it reads back as `None`).
pub fn some_value() -> impl Strategy<Value = serde_json::Value> {
    prop_oneof![value(), deep()].prop_map(|v| {
        if v.is_null() {
            serde_json::Value::String("null".to_owned())
        } else {
            v
        }
    })
}
