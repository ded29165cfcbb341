//! The proof that [`crate::yaml_writer`] writes what serde-saphyr writes: on every fixture's
//! document (and without handing any of it back), on arbitrary trees of mappings (of known,
//! unknown and misstated length), sequences and scalars of every kind, on the look-alike texts
//! as values and keys, and on every short text over the characters that decide YAML styles.

#[path = "../../../tests/support/tricky.rs"]
mod tricky;

use super::yaml_writer::{Scalars, key_style, value_style, write};
use proptest::prelude::*;
use serde::Serialize;
use serde::ser::{SerializeMap, SerializeSeq};

fn saphyr<T: Serialize>(value: &T) -> String {
    serde_saphyr::to_string_with_options(value, crate::yaml::serializer_options())
        .expect("serde-saphyr writes it")
}

fn fast<T: Serialize + ?Sized>(value: &T) -> Option<String> {
    let mut out = String::new();
    write(&mut out, value, &mut Scalars::default()).ok()?;
    Some(out)
}

/// How a test mapping states its length to the serializer.
#[derive(Debug, Clone, Copy)]
enum Len {
    Known,
    Unknown,
    /// One more than it has (a hand-written `Serialize` may misstate it).
    Wrong,
}

#[derive(Debug, Clone)]
enum Node {
    Str(String),
    Int(i64),
    UInt(u64),
    Float(f64),
    Bool(bool),
    Null,
    Map(Len, Vec<(String, Node)>),
    Seq(Vec<Node>),
}

impl Serialize for Node {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Node::Str(v) => s.serialize_str(v),
            Node::Int(v) => s.serialize_i64(*v),
            Node::UInt(v) => s.serialize_u64(*v),
            Node::Float(v) => s.serialize_f64(*v),
            Node::Bool(v) => s.serialize_bool(*v),
            Node::Null => s.serialize_none(),
            Node::Map(len, entries) => {
                let stated = match len {
                    Len::Known => Some(entries.len()),
                    Len::Unknown => None,
                    Len::Wrong => Some(entries.len() + 1),
                };
                let mut map = s.serialize_map(stated)?;
                for (k, v) in entries {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
            Node::Seq(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
        }
    }
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[a-z$/][a-z_/-]{0,8}",
        1 => tricky::text().prop_filter("a simple key", |k| k.chars().count() <= 1024),
    ]
}

fn node() -> impl Strategy<Value = Node> {
    let leaf = prop_oneof![
        2 => tricky::text().prop_map(Node::Str),
        2 => "[a-z][a-z ./-]{0,10}".prop_map(Node::Str),
        1 => any::<i64>().prop_map(Node::Int),
        1 => any::<u64>().prop_map(Node::UInt),
        1 => any::<f64>().prop_map(Node::Float),
        1 => any::<bool>().prop_map(Node::Bool),
        1 => Just(Node::Null),
    ];
    let len = prop_oneof![Just(Len::Known), Just(Len::Unknown), Just(Len::Wrong)];
    leaf.prop_recursive(6, 64, 5, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Node::Seq),
            (len.clone(), proptest::collection::vec((key(), inner), 0..4))
                .prop_map(|(len, entries)| Node::Map(len, entries)),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn trees_are_written_as_serde_saphyr_writes_them(root in node()) {
        let written = fast(&root);
        prop_assert!(written.is_some(), "handed back {root:?}");
        prop_assert_eq!(written.unwrap(), saphyr(&root), "{:?}", root);
    }

    #[test]
    fn json_values_are_written_as_serde_saphyr_writes_them(
        value in prop_oneof![tricky::value(), tricky::deep()]
    ) {
        let map = serde_json::json!({"example": value.clone(), "list": [value.clone()]});
        for v in [&value, &map] {
            match fast(v) {
                Some(written) => prop_assert_eq!(written, saphyr(v)),
                // Only keys too long for the simple form are handed back.
                None => prop_assert!(explicit_key(&saphyr(v)), "handed back {v:?}"),
            }
        }
    }

    #[test]
    fn texts_are_written_as_serde_saphyr_writes_them(text in tricky::text()) {
        let as_value = std::collections::BTreeMap::from([("k", text.as_str())]);
        prop_assert_eq!(fast(&as_value).expect("written"), saphyr(&as_value));
        prop_assert_eq!(fast(&[text.as_str()]).expect("written"), saphyr(&[text.as_str()]));
        let as_key = std::collections::BTreeMap::from([(text.as_str(), 1)]);
        match fast(&as_key) {
            Some(written) => prop_assert_eq!(written, saphyr(&as_key)),
            // Only a key too long for the simple form is handed back.
            None => prop_assert!(explicit_key(&saphyr(&as_key))),
        }
    }
}

#[test]
fn look_alikes_are_written_as_serde_saphyr_writes_them() {
    for text in tricky::LOOK_ALIKES {
        let value = std::collections::BTreeMap::from([(*text, *text)]);
        assert_eq!(
            fast(&value).as_deref(),
            Some(saphyr(&value).as_str()),
            "{text:?}"
        );
        assert_eq!(
            fast(text).as_deref(),
            Some(saphyr(text).as_str()),
            "{text:?}"
        );
    }
}

/// Every text of up to three characters over the characters that decide a style: each style
/// [`value_style`] and [`key_style`] settle is the one serde-saphyr writes.
#[test]
fn every_short_text_gets_serde_saphyrs_style() {
    const CHARS: &[u8] = b"aYnNoflue0129-.+_:#?!'\"{},[]~<=$/ x%&*|>@`\\";
    let mut texts = vec![String::new()];
    let mut last = vec![String::new()];
    for _ in 0..3 {
        let mut next = Vec::new();
        for t in &last {
            for &c in CHARS {
                let mut s = t.clone();
                s.push(char::from(c));
                next.push(s);
            }
        }
        texts.extend(next.iter().cloned());
        last = next;
    }
    for word in [
        "null", "NULL", "Null", "true", "True", "false", "FALSE", "nan", "NaN", "inf", "Inf",
        "yes", "YES", "Yes", "on", "On", "no", "No", "off", "OFF", "y", "n", "infinity", "nope",
        "yess", "onn", "truely",
    ] {
        texts.push(word.to_owned());
    }
    let mut settled = 0;
    for text in &texts {
        let value = saphyr(text);
        let value = value.strip_suffix('\n').unwrap();
        // `.`, `#` and `-` are single-quoted before any style is asked for.
        if let Some(plain) = value_style(text).filter(|_| !matches!(text.as_str(), "." | "#" | "-"))
        {
            settled += 1;
            let expected = if plain { text.clone() } else { quoted(text) };
            assert_eq!(value, expected, "value {text:?}");
        }
        let key = saphyr(&std::collections::BTreeMap::from([(text.as_str(), ())]));
        let key = key.strip_suffix(": null\n").unwrap();
        if let Some(plain) = key_style(text) {
            settled += 1;
            let expected = if plain { text.clone() } else { quoted(text) };
            assert_eq!(key, expected, "key {text:?}");
        }
    }
    assert!(settled > texts.len(), "only {settled} styles settled");
}

/// True when `yaml` has a key in the explicit `? key` form.
fn explicit_key(yaml: &str) -> bool {
    yaml.lines()
        .any(|l| l.trim_start_matches([' ', '-']).starts_with("? "))
}

fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Every fixture's document is written whole by the fast writer (nothing handed back to
/// serde-saphyr), as serde-saphyr writes it.
#[test]
fn every_fixture_document_is_written_as_serde_saphyr_writes_it() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let mut stack = vec![root];
    let mut compared = 0;
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "md") {
                continue;
            }
            let bytes = std::fs::read(&path).unwrap();
            let Ok(text) = specforge_markdown::decode(&bytes, 16 << 20) else {
                continue;
            };
            let (document, _) = specforge_markdown::read(&text);
            let extraction = specforge_extract::extract(&text, &document);
            let (schema, _) = specforge_schema::build_schema(&extraction.spec);
            let name = path.to_string_lossy().into_owned();
            let built = crate::build(&extraction.spec, &schema, &name);
            let written = fast(&built.document);
            assert!(written.is_some(), "{name}: handed back");
            assert_eq!(written.unwrap(), saphyr(&built.document), "{name}");
            compared += 1;
        }
    }
    assert!(compared > 80, "only {compared} fixtures");
}
