//! Names derived from spec text, shared by every stage that derives one.
//!
//! BAD-INPUTS: a derived name (a migration slug, a table name taken from a heading) is ASCII
//! `[a-z0-9_]+`; `..`, `/`, `\`, dots, spaces and non-ASCII never survive into it.

/// Lower-case ASCII letters and digits, every other run of characters folded to one `_`, no
/// leading or trailing `_`: `Ledger Spec.v2` → `ledger_spec_v2`, `спека` → `` (empty; callers
/// choose their fallback).
pub fn ascii_snake(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_separator = false;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_separator && !out.is_empty() {
                out.push('_');
            }
            pending_separator = false;
            out.push(c.to_ascii_lowercase());
        } else {
            pending_separator = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::ascii_snake;

    #[test]
    fn folds_to_ascii_snake_case() {
        assert_eq!(ascii_snake("Ledger Spec.v2"), "ledger_spec_v2");
        assert_eq!(ascii_snake("  ../../etc/passwd "), "etc_passwd");
        assert_eq!(ascii_snake("__Order__Items__"), "order_items");
        assert_eq!(ascii_snake("спека"), "");
        assert_eq!(ascii_snake("Users (사용자)"), "users");
    }
}
