//! Identifiers from spec text: variant names from codes, the enum name from the service.
//!
//! Codes are converted to UpperCamelCase with heck (`ORDER_NOT_FOUND` → `OrderNotFound`,
//! `auth.invalid_token` → `AuthInvalidToken`). Before conversion a code must be ASCII letters,
//! digits and the separators `_ . - :`, starting with a letter; anything else (`a#b`,
//! `'static`, a Cyrillic `а`, a zero-width joiner, an empty cell) is refused, never mangled.
//! After conversion the only Rust keyword an UpperCamelCase name can hit is `Self`, which is
//! refused as reserved (raw identifiers cannot spell it).

use heck::ToUpperCamelCase;
use specforge_model::Spec;

/// Why a code cannot be a variant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameError {
    /// Not an identifier; the reason says why.
    Invalid(String),
    /// Converts to a reserved name.
    Reserved(String),
}

/// The variant for an error code.
pub fn variant_name(code: &str) -> Result<String, NameError> {
    check_code(code).map_err(NameError::Invalid)?;
    let name = upper_camel_case(code);
    if name == "Self" {
        return Err(NameError::Reserved(name));
    }
    check_type_name(&name).map_err(NameError::Invalid)?;
    Ok(name)
}

/// heck's `to_upper_camel_case`, done byte by byte for ASCII text (every code that passed
/// `check_code`), which is several times cheaper; other text goes to heck. The same words:
/// split at every character that is not a letter or digit, then between a lowercase letter
/// (or the digits after one) and an uppercase letter, and before the last capital of a run
/// of capitals followed by a lowercase letter (`HTTPServer` → `HTTP`, `Server`). Each word
/// is written with its first character in uppercase and the rest in lowercase.
fn upper_camel_case(code: &str) -> String {
    #[derive(Clone, Copy, PartialEq)]
    enum Mode {
        Boundary,
        Lowercase,
        Uppercase,
    }
    fn capitalize(word: &[u8], out: &mut String) {
        if let Some((first, rest)) = word.split_first() {
            out.push(char::from(first.to_ascii_uppercase()));
            out.extend(rest.iter().map(|b| char::from(b.to_ascii_lowercase())));
        }
    }
    if !code.is_ascii() {
        return code.to_upper_camel_case();
    }
    let mut out = String::with_capacity(code.len());
    for word in code.as_bytes().split(|b| !b.is_ascii_alphanumeric()) {
        let mut start = 0;
        let mut mode = Mode::Boundary;
        for (i, &c) in word.iter().enumerate() {
            let Some(&next) = word.get(i + 1) else {
                capitalize(&word[start..], &mut out);
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
                capitalize(&word[start..=i], &mut out);
                start = i + 1;
                mode = Mode::Boundary;
            } else if mode == Mode::Uppercase && c.is_ascii_uppercase() && next.is_ascii_lowercase()
            {
                capitalize(&word[start..i], &mut out);
                start = i;
                mode = Mode::Boundary;
            } else {
                mode = next_mode;
            }
        }
    }
    out
}

fn check_code(code: &str) -> Result<(), String> {
    let Some(first) = code.chars().next() else {
        return Err("it is empty".to_owned());
    };
    if let Some(bad) = code.chars().find(|c| !c.is_ascii()) {
        return Err(format!(
            "it contains the non-ASCII character U+{:04X}",
            bad as u32
        ));
    }
    if first.is_ascii_digit() {
        return Err("it starts with a digit".to_owned());
    }
    if !first.is_ascii_alphabetic() {
        return Err(format!("it starts with `{first}`"));
    }
    if let Some(bad) = code
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-' | ':')))
    {
        return Err(format!("it contains `{bad}`"));
    }
    Ok(())
}

/// Checks a type name: ASCII, an uppercase first letter, letters and digits only, no keyword.
pub fn check_type_name(name: &str) -> Result<(), String> {
    let Some(first) = name.chars().next() else {
        return Err("it is empty".to_owned());
    };
    if !first.is_ascii_uppercase() {
        return Err("it must start with an ASCII capital letter".to_owned());
    }
    if let Some(bad) = name.chars().find(|c| !c.is_ascii_alphanumeric()) {
        return Err(format!("it contains `{bad}`"));
    }
    if name == "Self" {
        return Err("`Self` is reserved".to_owned());
    }
    Ok(())
}

/// `LedgerError` from the service `Ledger Service`, `PayoutsError` from `Payouts`; `ApiError`
/// when the spec names no service.
pub fn enum_name_for(spec: &Spec) -> String {
    // The service name comes from extraction (a field, or the title without its document
    // words); a type name drops the words every service has.
    const GENERIC: &[&str] = &["service", "services", "api", "the", "v1", "v2"];
    let source = spec.info.service.as_ref().map_or("", |s| s.value.as_str());
    let words: Vec<&str> = source
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty() && !GENERIC.contains(&w.to_ascii_lowercase().as_str()))
        .collect();
    let stem = words.join(" ").to_upper_camel_case();
    let stem = stem.trim_start_matches(|c: char| c.is_ascii_digit());
    if stem.is_empty() {
        "ApiError".to_owned()
    } else {
        format!("{stem}Error")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn upper_camel_case_is_hecks(
            code in "[A-Za-z0-9_.:-]{0,24}|[ -~]{0,24}|[a-zA-Z\u{e9}\u{3a3}\u{df}_ ]{0,12}"
        ) {
            prop_assert_eq!(upper_camel_case(&code), code.to_upper_camel_case());
        }
    }

    #[test]
    fn upper_camel_case_word_boundaries() {
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
            assert_eq!(upper_camel_case(code), code.to_upper_camel_case(), "{code}");
        }
    }

    #[test]
    fn codes_become_variants() {
        assert_eq!(variant_name("ORDER_NOT_FOUND").unwrap(), "OrderNotFound");
        assert_eq!(
            variant_name("auth.invalid_token").unwrap(),
            "AuthInvalidToken"
        );
        assert_eq!(variant_name("GL-E-YAML-INVALID").unwrap(), "GlEYamlInvalid");
        assert_eq!(
            variant_name("NotFoundException").unwrap(),
            "NotFoundException"
        );
        assert_eq!(variant_name("not_found"), variant_name("NotFound"));
    }

    #[test]
    fn bad_codes_are_refused_not_mangled() {
        for code in [
            "",
            "1ST_ERROR",
            "a#b",
            "'static",
            "ORDER_\u{0430}",
            "ZERO\u{200D}WIDTH",
            "_LEADING",
        ] {
            assert!(
                matches!(variant_name(code), Err(NameError::Invalid(_))),
                "{code:?}"
            );
        }
        assert_eq!(
            variant_name("SELF"),
            Err(NameError::Reserved("Self".to_owned()))
        );
        assert_eq!(
            variant_name("self"),
            Err(NameError::Reserved("Self".to_owned()))
        );
    }

    #[test]
    fn type_names() {
        assert!(check_type_name("LedgerError").is_ok());
        for bad in [
            "",
            "ledgerError",
            "Ledger Error",
            "Ledger-Error",
            "Self",
            "Lédger",
        ] {
            assert!(check_type_name(bad).is_err(), "{bad}");
        }
    }
}
