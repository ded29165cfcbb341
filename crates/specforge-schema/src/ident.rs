//! SQL names and literals: the one identifier check, the one identifier quoting function and
//! the one literal quoting function. Spec text reaches generated SQL only through these.

use crate::name::QualifiedName;

/// PostgreSQL's limit on identifier length, in bytes (NAMEDATALEN - 1).
pub const MAX_IDENTIFIER_BYTES: usize = 63;

/// Why a name is not usable as a SQL identifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdentProblem {
    /// Empty.
    Empty,
    /// Longer than 63 bytes.
    TooLong(usize),
    /// Non-ASCII, control or punctuation characters, or digit-leading.
    NotAnIdentifier,
}

/// Checks that `name` is a plain ASCII identifier of at most 63 bytes: a letter or `_`, then
/// letters, digits, `_` or `$`.
pub fn check_identifier(name: &str) -> Result<(), IdentProblem> {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return Err(IdentProblem::Empty);
    };
    if !(first.is_ascii_alphabetic() || first == '_')
        || !chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
    {
        return Err(IdentProblem::NotAnIdentifier);
    }
    if name.len() > MAX_IDENTIFIER_BYTES {
        return Err(IdentProblem::TooLong(name.len()));
    }
    Ok(())
}

/// PostgreSQL reserved and type/function-name keywords: never usable unquoted as names.
const RESERVED: &[&str] = &[
    "all",
    "analyse",
    "analyze",
    "and",
    "any",
    "array",
    "as",
    "asc",
    "asymmetric",
    "authorization",
    "binary",
    "both",
    "case",
    "cast",
    "check",
    "collate",
    "collation",
    "column",
    "concurrently",
    "constraint",
    "create",
    "cross",
    "current_catalog",
    "current_date",
    "current_role",
    "current_schema",
    "current_time",
    "current_timestamp",
    "current_user",
    "default",
    "deferrable",
    "desc",
    "distinct",
    "do",
    "else",
    "end",
    "except",
    "false",
    "fetch",
    "for",
    "foreign",
    "freeze",
    "from",
    "full",
    "grant",
    "group",
    "having",
    "ilike",
    "in",
    "initially",
    "inner",
    "intersect",
    "into",
    "is",
    "isnull",
    "join",
    "lateral",
    "leading",
    "left",
    "like",
    "limit",
    "localtime",
    "localtimestamp",
    "natural",
    "not",
    "notnull",
    "null",
    "offset",
    "on",
    "only",
    "or",
    "order",
    "outer",
    "overlaps",
    "placing",
    "primary",
    "references",
    "returning",
    "right",
    "select",
    "session_user",
    "similar",
    "some",
    "symmetric",
    "system_user",
    "table",
    "tablesample",
    "then",
    "to",
    "trailing",
    "true",
    "union",
    "unique",
    "user",
    "using",
    "variadic",
    "verbose",
    "when",
    "where",
    "window",
    "with",
];

/// The identifier as it must appear in SQL: bare when it is lowercase, plain and not a
/// keyword; otherwise double-quoted with `"` doubled.
pub fn quote_ident(name: &str) -> String {
    let plain = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if plain && !RESERVED.contains(&name) {
        name.to_owned()
    } else {
        format!("\"{}\"", name.replace('"', "\"\""))
    }
}

/// A qualified name, each part through [`quote_ident`].
pub fn quote_qualified(name: &QualifiedName) -> String {
    match &name.schema {
        Some(schema) => format!("{}.{}", quote_ident(schema), quote_ident(&name.name)),
        None => quote_ident(&name.name),
    }
}

/// A string literal: `'…'` with `'` doubled (standard_conforming_strings, so `\` is literal).
/// NUL cannot be represented; validation refuses it before emission, and it is dropped here
/// so this function can never produce broken SQL.
pub fn quote_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('\'');
    for c in text.chars() {
        match c {
            '\'' => out.push_str("''"),
            '\0' => {}
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// True when the text holds NUL or a control character other than tab and newline.
pub fn has_control(text: &str) -> bool {
    text.chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers() {
        assert_eq!(check_identifier("accounts"), Ok(()));
        assert_eq!(check_identifier(""), Err(IdentProblem::Empty));
        assert_eq!(check_identifier("1x"), Err(IdentProblem::NotAnIdentifier));
        assert_eq!(check_identifier("a;b"), Err(IdentProblem::NotAnIdentifier));
        assert_eq!(check_identifier("회원"), Err(IdentProblem::NotAnIdentifier));
        assert_eq!(check_identifier("a\0"), Err(IdentProblem::NotAnIdentifier));
        let long = "a".repeat(64);
        assert_eq!(check_identifier(&long), Err(IdentProblem::TooLong(64)));
        assert_eq!(check_identifier(&long[..63]), Ok(()));
    }

    #[test]
    fn quoting() {
        assert_eq!(quote_ident("accounts"), "accounts");
        assert_eq!(quote_ident("user"), "\"user\"");
        assert_eq!(quote_ident("Order"), "\"Order\"");
        assert_eq!(quote_ident("a\"b"), "\"a\"\"b\"");
        assert_eq!(quote_literal("it's"), "'it''s'");
        assert_eq!(quote_literal("a\\b$$;"), "'a\\b$$;'");
        assert_eq!(quote_literal("x\0y"), "'xy'");
    }
}
