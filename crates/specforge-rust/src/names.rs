//! Identifiers from spec text: variant names from codes, the enum name from the service.
//!
//! Codes are converted to UpperCamelCase with heck (`ORDER_NOT_FOUND` → `OrderNotFound`,
//! `auth.invalid_token` → `AuthInvalidToken`). Before conversion a code must be ASCII letters,
//! digits and the separators `_ . - :`, starting with a letter; anything else (`a#b`,
//! `'static`, a Cyrillic `а`, a zero-width joiner, an empty cell) is refused, never mangled.
//! After conversion the only Rust keyword an UpperCamelCase name can hit is `Self`, which is
//! refused as reserved (raw identifiers cannot spell it).

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
    let name = specforge_model::case::upper_camel(code);
    if name == "Self" {
        return Err(NameError::Reserved(name));
    }
    check_type_name(&name).map_err(NameError::Invalid)?;
    Ok(name)
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
    let stem = specforge_model::case::upper_camel(&words.join(" "));
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
