//! Names of schema objects: [`QualifiedName`], and reading one from sqlparser's AST or from a
//! table cell, folded as PostgreSQL folds identifiers.

use sqlparser::ast::{Ident, ObjectName, ObjectNamePart};
use std::fmt;

/// A possibly schema-qualified name. Unquoted identifiers are folded to lowercase, as
/// PostgreSQL does; quoted ones are kept exactly.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct QualifiedName {
    /// The schema, when written (`audit` in `audit.events`).
    pub schema: Option<String>,
    /// The object name.
    pub name: String,
}

impl QualifiedName {
    /// An unqualified name.
    pub fn bare(name: impl Into<String>) -> Self {
        QualifiedName {
            schema: None,
            name: name.into(),
        }
    }

    /// True when both name the same object (`public.x` equals `x`).
    pub fn same_as(&self, other: &QualifiedName) -> bool {
        let a = self.schema.as_deref().unwrap_or("public");
        let b = other.schema.as_deref().unwrap_or("public");
        a == b && self.name == other.name
    }
}

impl fmt::Display for QualifiedName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.schema {
            Some(schema) => write!(f, "{schema}.{}", self.name),
            None => f.write_str(&self.name),
        }
    }
}

/// A name as PostgreSQL sees it: unquoted (or MySQL back-quoted) folded to lowercase,
/// double-quoted kept exactly.
pub fn ident_name(ident: &Ident) -> String {
    match ident.quote_style {
        Some('"') => ident.value.clone(),
        _ => ident.value.to_lowercase(),
    }
}

/// The identifiers of an object name.
pub(crate) fn name_parts(name: &ObjectName) -> Vec<&Ident> {
    name.0
        .iter()
        .filter_map(|part| match part {
            ObjectNamePart::Identifier(ident) => Some(ident),
            _ => None,
        })
        .collect()
}

/// A qualified name from the last two parts of an object name.
pub fn qualified(name: &ObjectName) -> QualifiedName {
    let parts = name_parts(name);
    match parts.as_slice() {
        [] => QualifiedName::bare(name.to_string()),
        [one] => QualifiedName::bare(ident_name(one)),
        [.., schema, last] => QualifiedName {
            schema: Some(ident_name(schema)),
            name: ident_name(last),
        },
    }
}

/// Strips backticks and quotes around a name cell and folds it like PostgreSQL.
pub fn cell_name(text: &str) -> String {
    let t = text.trim().trim_matches('`').trim();
    match t.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
        Some(quoted) => quoted.to_owned(),
        None => t.to_lowercase(),
    }
}

/// A table name from a cell: `audit.events` is qualified, anything else is bare.
pub fn table_name(text: &str) -> QualifiedName {
    let t = text.trim().trim_matches('`').trim();
    match t.split_once('.') {
        Some((schema, name)) if !schema.is_empty() && !name.is_empty() && !name.contains('.') => {
            QualifiedName {
                schema: Some(cell_name(schema)),
                name: cell_name(name),
            }
        }
        _ => QualifiedName::bare(cell_name(t)),
    }
}
