//! What CHECK constraints say about a column: `col IN ('a', 'b')` is an enumeration,
//! `col >= 0` a bound. Read by the OpenAPI emitter (enum, minimum, maximum) and by the
//! consistency rules (example values against allowed values).

use crate::model::{ColumnDef, TableDef};

/// Every fact the column's own and its table's CHECK constraints state about `column`.
pub fn column_facts(column: &ColumnDef, table: &TableDef) -> Vec<CheckFact> {
    column
        .checks
        .iter()
        .map(|c| c.text.as_str())
        .chain(table.checks.iter().map(|c| c.expr.text.as_str()))
        .flat_map(|text| check_facts(text, &column.name))
        .collect()
}

/// The values the CHECK constraints allow for `column`, when one is an `IN` list.
pub fn allowed_values(column: &ColumnDef, table: &TableDef) -> Option<Vec<String>> {
    column_facts(column, table)
        .into_iter()
        .find_map(|f| match f {
            CheckFact::Enum(values) => Some(values),
            _ => None,
        })
}

/// A fact a CHECK expression states about one column.
#[derive(Debug, Clone, PartialEq)]
pub enum CheckFact {
    /// `col IN ('a', 'b')`.
    Enum(Vec<String>),
    /// `col >= n` (false) / `col > n` (true).
    Min(f64, bool),
    /// `col <= n` / `col < n`.
    Max(f64, bool),
}

/// The facts `expr` states about `column` (conjuncts of `IN` lists and comparisons with a
/// number); anything else says nothing.
pub fn check_facts(expr: &str, column: &str) -> Vec<CheckFact> {
    split_and(strip_parens(expr))
        .into_iter()
        .filter_map(|part| one_fact(strip_parens(part), column))
        .collect()
}

fn split_and(expr: &str) -> Vec<&str> {
    let lower = expr.to_ascii_lowercase();
    let mut parts = Vec::new();
    let mut start = 0;
    let mut depth = 0i32;
    let mut quoted = false;
    let bytes = lower.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\'' => quoted = !quoted,
            b'(' if !quoted => depth += 1,
            b')' if !quoted => depth -= 1,
            b' ' if !quoted && depth == 0 && lower[i..].starts_with(" and ") => {
                parts.push(&expr[start..i]);
                start = i + 5;
                i += 4;
            }
            _ => {}
        }
        i += 1;
    }
    parts.push(&expr[start..]);
    parts
}

fn strip_parens(mut s: &str) -> &str {
    loop {
        s = s.trim();
        match s.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
            Some(inner) if balanced(inner) => s = inner,
            _ => return s,
        }
    }
}

fn balanced(s: &str) -> bool {
    let mut depth = 0i32;
    for c in s.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        if depth < 0 {
            return false;
        }
    }
    depth == 0
}

fn one_fact(part: &str, column: &str) -> Option<CheckFact> {
    let ident_end = part
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '"'))
        .unwrap_or(part.len());
    let ident = part[..ident_end].trim_matches('"');
    if !ident.eq_ignore_ascii_case(column) {
        return None;
    }
    let rest = part[ident_end..].trim_start();
    if rest.get(..2).is_some_and(|w| w.eq_ignore_ascii_case("in")) {
        let list = rest.get(2..)?.trim();
        let inner = list.strip_prefix('(')?.strip_suffix(')')?;
        return Some(CheckFact::Enum(sql_list(inner)?));
    }
    let (op, value) = ["<=", ">=", "<", ">"]
        .iter()
        .find_map(|op| rest.strip_prefix(op).map(|v| (*op, v.trim())))?;
    let n: f64 = value.parse().ok().filter(|v: &f64| v.is_finite())?;
    Some(match op {
        ">=" => CheckFact::Min(n, false),
        ">" => CheckFact::Min(n, true),
        "<=" => CheckFact::Max(n, false),
        _ => CheckFact::Max(n, true),
    })
}

/// `'a', 'b''c', 3` → the literal values; `None` when an item is not a literal.
fn sql_list(inner: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut chars = inner.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace() || *c == ',') {
            chars.next();
        }
        let Some(&first) = chars.peek() else {
            break;
        };
        if first == '\'' {
            chars.next();
            let mut value = String::new();
            loop {
                match chars.next()? {
                    '\'' if chars.peek() == Some(&'\'') => {
                        chars.next();
                        value.push('\'');
                    }
                    '\'' => break,
                    c => value.push(c),
                }
            }
            // `'a'::text` casts, as PostgreSQL prints them.
            while chars.peek().is_some_and(|c| *c != ',') {
                chars.next();
            }
            out.push(value);
        } else {
            let mut value = String::new();
            while let Some(&c) = chars.peek() {
                if c == ',' {
                    break;
                }
                value.push(c);
                chars.next();
            }
            let value = value.trim().to_owned();
            value.parse::<f64>().ok()?;
            out.push(value);
        }
    }
    (!out.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_expressions_to_facts() {
        assert_eq!(
            check_facts("status IN ('open', 'it''s')", "status"),
            vec![CheckFact::Enum(vec!["open".into(), "it's".into()])]
        );
        assert_eq!(
            check_facts("((amount >= 0) AND (amount < 100))", "amount"),
            vec![CheckFact::Min(0.0, false), CheckFact::Max(100.0, true)]
        );
        assert!(check_facts("other >= 0", "amount").is_empty());
        assert!(check_facts("amount >= other", "amount").is_empty());
        assert!(check_facts("status IN ('a'", "status").is_empty());
    }
}
