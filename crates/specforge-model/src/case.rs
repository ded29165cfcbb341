//! lowerCamelCase and UpperCamelCase as heck writes them, without its formatting machinery
//! for ASCII text: operationIds and schema names (OpenAPI) and enum variants (`errors.rs`)
//! are made for every endpoint, table and error code.
//!
//! heck splits the text at every character that is not alphanumeric, and inside each part
//! before an uppercase letter that follows a lowercase one (`itemId` → `item`, `Id`) and
//! before the last capital of a run followed by a lowercase letter (`HTTPServer` → `HTTP`,
//! `Server`); digits keep the case of what precedes them. Each word is then lowercased, or
//! capitalized (first letter upper, the rest lower). [`words`] is that split, line for line;
//! text that is not ASCII goes to heck itself. `tests::camel_cases_are_hecks` compares the two
//! on arbitrary text.

use heck::{ToLowerCamelCase, ToUpperCamelCase};

/// `text` in lowerCamelCase (heck's `to_lower_camel_case`).
pub fn lower_camel(text: &str) -> String {
    if !text.is_ascii() {
        return text.to_lower_camel_case();
    }
    camel(text, false)
}

/// `text` in UpperCamelCase (heck's `to_upper_camel_case`).
pub fn upper_camel(text: &str) -> String {
    if !text.is_ascii() {
        return text.to_upper_camel_case();
    }
    camel(text, true)
}

fn camel(text: &str, upper_first: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut first = true;
    words(text.as_bytes(), |word| {
        let Some((&head, tail)) = word.split_first() else {
            return;
        };
        out.push(char::from(if first && !upper_first {
            head.to_ascii_lowercase()
        } else {
            head.to_ascii_uppercase()
        }));
        out.extend(tail.iter().map(|b| char::from(b.to_ascii_lowercase())));
        first = false;
    });
    out
}

/// The case of the last cased letter since the last word boundary (heck's `WordMode`).
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Boundary,
    Lowercase,
    Uppercase,
}

/// Calls `word` with each word of ASCII `text`, in order, as heck's `transform` splits it
/// (never with an empty word).
fn words(text: &[u8], mut word: impl FnMut(&[u8])) {
    for part in text.split(|b| !b.is_ascii_alphanumeric()) {
        let mut init = 0;
        let mut mode = Mode::Boundary;
        for (i, &c) in part.iter().enumerate() {
            let Some(&next) = part.get(i + 1) else {
                word(&part[init..]);
                break;
            };
            let next_mode = if c.is_ascii_lowercase() {
                Mode::Lowercase
            } else if c.is_ascii_uppercase() {
                Mode::Uppercase
            } else {
                mode
            };
            if next_mode == Mode::Lowercase && next.is_ascii_uppercase() {
                word(&part[init..=i]);
                init = i + 1;
                mode = Mode::Boundary;
            } else if mode == Mode::Uppercase && c.is_ascii_uppercase() && next.is_ascii_lowercase()
            {
                word(&part[init..i]);
                init = i;
                mode = Mode::Boundary;
            } else {
                mode = next_mode;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_names() {
        for (text, lower, upper) in [
            ("get items 0 by id", "getItems0ById", "GetItems0ById"),
            ("getItems0ById", "getItems0ById", "GetItems0ById"),
            ("HTTPServer x", "httpServerX", "HttpServerX"),
            ("audit_events", "auditEvents", "AuditEvents"),
            ("a--b", "aB", "AB"),
            ("", "", ""),
            ("__", "", ""),
            ("ABC", "abc", "Abc"),
            ("aBC1d", "aBc1d", "ABc1d"),
            ("é x", "éX", "ÉX"),
        ] {
            assert_eq!(lower_camel(text), lower, "{text:?}");
            assert_eq!(upper_camel(text), upper, "{text:?}");
        }
    }

    #[test]
    fn word_boundaries_are_hecks() {
        for code in [
            "HTTPServer",
            "XMLHttpRequest",
            "a1B",
            "A1b",
            "ABc",
            "aBC",
            "ITEM_0_NOT_FOUND",
            "auth.invalid_token",
            "GL-E-YAML-INVALID",
            "x__y",
            "_a_",
            "9to5",
            "v2Api",
            "AbC1dEf",
        ] {
            assert_eq!(upper_camel(code), code.to_upper_camel_case(), "{code}");
            assert_eq!(lower_camel(code), code.to_lower_camel_case(), "{code}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]

        #[test]
        fn camel_cases_are_hecks(text in prop_oneof![
            "[a-zA-Z0-9 _./{}:-]{0,24}",
            "[aAbB0 ]{0,12}",
            "[A-Za-z0-9_.:-]{0,24}|[ -~]{0,24}|[a-zA-Z\u{e9}\u{3a3}\u{df}_ ]{0,12}",
            any::<String>(),
        ]) {
            prop_assert_eq!(lower_camel(&text), text.to_lower_camel_case());
            prop_assert_eq!(upper_camel(&text), text.to_upper_camel_case());
        }
    }
}
