//! The text `render` writes is the text the full prettyplease path (`reference`) printed:
//! at every width where a layout changes, and for generated catalogues of hostile text.

use super::{reference, render, string_literal};
use crate::Variant;
use proptest::prelude::*;

fn variant(name: String, code: String, description: String, resolution: Option<String>) -> Variant {
    let status = match name.len() % 4 {
        0 => None,
        1 => Some(404),
        2 => Some(503),
        _ => Some(u16::MAX),
    };
    Variant {
        retryable: name.len().is_multiple_of(3),
        name,
        code,
        status,
        description,
        resolution,
    }
}

fn assert_same(enum_name: &str, variants: &[Variant], spec_path: &str, serde: bool) {
    let expected = reference::render(enum_name, variants, spec_path, serde, false);
    let actual = render(enum_name, variants, spec_path, serde, false);
    match (&expected, &actual) {
        (Ok(expected), Ok(actual)) if expected != actual => {
            let line = expected
                .lines()
                .zip(actual.lines())
                .position(|(e, a)| e != a)
                .unwrap_or(0);
            let context = |text: &str| {
                text.lines()
                    .skip(line.saturating_sub(3))
                    .take(8)
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            panic!(
                "line {}: expected\n{}\n\nactual\n{}",
                line + 1,
                context(expected),
                context(actual)
            );
        }
        (Ok(_), Ok(_)) => {}
        _ => assert_eq!(expected.is_ok(), actual.is_ok(), "{expected:?}\n{actual:?}"),
    }
}

/// `A`, `Ab`, `Abb`…: a type name of `len` bytes.
fn name_of(len: usize) -> String {
    let mut name = "A".to_owned();
    name.extend(std::iter::repeat_n('b', len.saturating_sub(1)));
    name
}

/// Text of `len` characters; `unit` sets how many bytes each takes in a string literal.
fn text_of(len: usize, unit: char) -> String {
    std::iter::repeat_n(unit, len).collect()
}

#[test]
fn every_arm_width_around_the_margin() {
    // Each arm breaks at its own width; one catalogue holds them all, since arms never
    // depend on each other. `é` is two bytes, `"` two in a literal, U+2028 eight.
    for unit in ['x', 'é', '"', '\u{2028}'] {
        let mut variants = Vec::new();
        for name_len in 1..=70 {
            for text_len in 0..=70 {
                let text = text_of(text_len, unit);
                let code = format!("C{}", text_of((name_len + text_len) % 50, '_'));
                let resolution = (!text_len.is_multiple_of(5)).then(|| text.clone());
                variants.push(variant(name_of(name_len), code, text, resolution));
            }
        }
        assert_same("AnError", &variants, "spec.md", false);
    }
}

#[test]
fn every_all_width_around_the_margin() {
    for count in 1..=5 {
        for name_len in 1..=45 {
            let variants: Vec<Variant> = (0..count)
                .map(|i| {
                    variant(
                        name_of(name_len + i % 2),
                        "CODE".into(),
                        String::new(),
                        None,
                    )
                })
                .collect();
            assert_same("E", &variants, "x.md", count % 2 == 0);
        }
    }
}

#[test]
fn long_names_and_codes() {
    let variants = vec![
        variant(
            name_of(120),
            text_of(150, 'C'),
            text_of(300, 'd'),
            Some(text_of(300, 'r')),
        ),
        variant(name_of(77), text_of(77, 'C'), String::new(), None),
    ];
    assert_same(&name_of(150), &variants, &text_of(200, 'p'), true);
}

#[test]
fn string_literals_are_literal_strings_tokens() {
    let literal = |text: &str| proc_macro2::Literal::string(text).to_string();
    for byte in 0..=0x7f_u8 {
        let text = format!("a{}b", char::from(byte));
        assert_eq!(string_literal(&text), literal(&text), "{byte:#x}");
    }
    for text in [
        "", "'", "\u{0}7", "\u{0}x", "\u{7f}", "\u{85}", "é", "\u{301}", "\u{2028}",
    ] {
        assert_eq!(string_literal(text), literal(text), "{text:?}");
    }
}

#[test]
fn identifiers_are_checked_not_trusted() {
    let variants = vec![variant(
        "not an ident".into(),
        "X".into(),
        String::new(),
        None,
    )];
    assert!(render("E", &variants, "x.md", false, false).is_err());
    assert!(render("E", &[], "x.md", false, false).is_err());
}

/// Characters that hurt: quotes, backslashes, comment closers, HTML, every line break,
/// control characters, NUL before a digit, wide and combining characters, spaces at the end.
fn hostile_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("\"".to_owned()),
        Just("\\".to_owned()),
        Just("*/".to_owned()),
        Just("/*".to_owned()),
        Just("///".to_owned()),
        Just("<b>&amp;".to_owned()),
        Just("\n".to_owned()),
        Just("\r\n".to_owned()),
        Just("\r".to_owned()),
        Just("\u{2028}\u{2029}\u{85}".to_owned()),
        Just("\t\u{7}\u{1b}\u{7f}".to_owned()),
        Just("\u{0}7".to_owned()),
        Just("'".to_owned()),
        Just("é😀\u{301}\u{200d}\u{feff}".to_owned()),
        Just("   ".to_owned()),
        "[a-z ]{1,30}",
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..24).prop_map(|pieces| pieces.concat())
}

fn catalogue() -> impl Strategy<Value = Vec<Variant>> {
    let one = (
        "[A-Z][A-Za-z0-9]{0,40}",
        "[A-Za-z][A-Za-z0-9_.:-]{0,40}",
        hostile_text(),
        prop::option::of(hostile_text()),
        prop::option::of(any::<u16>()),
        any::<bool>(),
    )
        .prop_map(
            |(name, code, description, resolution, status, retryable)| Variant {
                name,
                code,
                status,
                retryable,
                description,
                resolution,
            },
        );
    prop::collection::vec(one, 1..8)
}

proptest! {
    #[test]
    fn the_same_text_as_the_full_prettyplease_path(
        enum_name in "[A-Z][A-Za-z0-9]{0,90}",
        variants in catalogue(),
        spec_path in hostile_text(),
        serde in any::<bool>(),
    ) {
        assert_same(&enum_name, &variants, &spec_path, serde);
    }

    #[test]
    fn string_literals_are_literal_strings_tokens_for_any_text(text in hostile_text()) {
        prop_assert_eq!(string_literal(&text), proc_macro2::Literal::string(&text).to_string());
    }

    #[test]
    fn checked_names_are_identifiers(name in "[A-Za-z0-9_]{0,12}|[A-Z][A-Za-z0-9]{0,30}") {
        if let Ok(checked) = super::checked(&name) {
            let parsed = syn::parse_str::<proc_macro2::Ident>(checked).expect("an identifier");
            prop_assert_eq!(parsed.to_string(), name);
        }
    }
}
