//! Every constraint of a table as one list, with the name PostgreSQL gives it.
//!
//! A spec may write a key on the column (`email TEXT UNIQUE`) or on the table
//! (`UNIQUE (email)`); the database does not care, and neither does the planner: both become
//! one [`Constraint`], compared by [`Constraint::signature`]. Unnamed constraints get the
//! name PostgreSQL chooses (`orders_pkey`, `orders_email_key`, `orders_customer_id_fkey`,
//! `orders_amount_check`), so a later migration can drop them. [`freeze_names`] writes those
//! names into the model before a rename, because PostgreSQL does not rename constraints when
//! their table or column is renamed.

use crate::ident::{quote_ident, quote_qualified};
use crate::model::{CheckDef, ForeignKeyDef, KeyDef, Reference, TableDef};
use specforge_model::Span;

/// What a constraint enforces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ConstraintKind {
    /// `PRIMARY KEY`.
    PrimaryKey,
    /// `UNIQUE`.
    Unique,
    /// `CHECK`.
    Check,
    /// `FOREIGN KEY … REFERENCES`.
    ForeignKey,
}

impl ConstraintKind {
    /// The SQL words.
    pub fn sql(self) -> &'static str {
        match self {
            ConstraintKind::PrimaryKey => "PRIMARY KEY",
            ConstraintKind::Unique => "UNIQUE",
            ConstraintKind::Check => "CHECK",
            ConstraintKind::ForeignKey => "FOREIGN KEY",
        }
    }
}

/// One constraint, wherever it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Constraint {
    /// Kind.
    pub kind: ConstraintKind,
    /// The name given, or PostgreSQL's default name.
    pub name: String,
    /// Key columns (for a check: the column it was written on, if any).
    pub columns: Vec<String>,
    /// A check's expression.
    pub check: Option<String>,
    /// A foreign key's target.
    pub reference: Option<Reference>,
    /// Where it is written (its column, or the table-level clause).
    pub span: Span,
}

impl Constraint {
    /// What it enforces, without its name: two constraints with one signature are the same.
    pub fn signature(&self) -> String {
        match self.kind {
            ConstraintKind::Check => {
                format!("CHECK ({})", self.check.as_deref().unwrap_or_default())
            }
            _ => self.definition(),
        }
    }

    /// The definition after `ADD CONSTRAINT name`.
    pub fn definition(&self) -> String {
        let cols = self
            .columns
            .iter()
            .map(|c| quote_ident(c))
            .collect::<Vec<_>>()
            .join(", ");
        match (self.kind, &self.reference) {
            (ConstraintKind::Check, _) => {
                format!("CHECK ({})", self.check.as_deref().unwrap_or_default())
            }
            (ConstraintKind::ForeignKey, Some(r)) => {
                format!("FOREIGN KEY ({cols}){}", references_clause(r))
            }
            (kind, _) => format!("{} ({cols})", kind.sql()),
        }
    }
}

/// ` REFERENCES t (cols) ON DELETE … ON UPDATE …`.
pub fn references_clause(r: &Reference) -> String {
    let mut clause = format!(" REFERENCES {}", quote_qualified(&r.table));
    if !r.columns.is_empty() {
        let cols: Vec<String> = r.columns.iter().map(|c| quote_ident(c)).collect();
        clause.push_str(&format!(" ({})", cols.join(", ")));
    }
    if let Some(a) = r.on_delete {
        clause.push_str(&format!(" ON DELETE {}", a.as_sql()));
    }
    if let Some(a) = r.on_update {
        clause.push_str(&format!(" ON UPDATE {}", a.as_sql()));
    }
    clause
}

/// PostgreSQL's generated name (`makeObjectName`): `table_cols_label`, where the label is
/// always kept and, past 63 bytes, the longer of the table and column parts is shortened.
pub fn default_name(table: &str, columns: &[String], label: &str) -> String {
    let cols = columns.join("_");
    let overhead = label.len() + 1 + usize::from(!cols.is_empty());
    let avail = 63usize.saturating_sub(overhead);
    let (mut n1, mut n2) = (table.len(), cols.len());
    while n1 + n2 > avail {
        if n1 > n2 {
            n1 -= 1;
        } else {
            n2 -= 1;
        }
    }
    let clip = |s: &str, mut n: usize| {
        while !s.is_char_boundary(n) {
            n -= 1;
        }
        s[..n].to_owned()
    };
    if cols.is_empty() {
        format!("{}_{label}", clip(table, n1))
    } else {
        format!("{}_{}_{label}", clip(table, n1), clip(&cols, n2))
    }
}

/// The one column of `table` a check expression mentions, if it mentions exactly one
/// (PostgreSQL names such a check `table_column_check`, any other `table_check`). Words inside
/// string literals are not names.
fn only_column_in(table: &TableDef, expr: &str) -> Option<String> {
    let mut found: Vec<&str> = Vec::new();
    for (_, word) in crate::words::sql_words(expr) {
        let name = word.trim_matches('"');
        if table.columns.iter().any(|c| c.name == name) && !found.contains(&name) {
            found.push(name);
        }
    }
    (found.len() == 1).then(|| found[0].to_owned())
}

/// Every constraint of `table`: primary key, uniques, checks, foreign keys (column-level ones
/// first, in column order).
pub fn constraints(table: &TableDef) -> Vec<Constraint> {
    let t = &table.name.name;
    let mut out = Vec::new();
    let pk = table.primary_key_columns();
    let column_span = |name: &str| table.column(name).map_or(table.span(), |c| c.span);
    if !pk.is_empty() {
        let span = table
            .primary_key
            .as_ref()
            .map_or_else(|| column_span(&pk[0]), |k| k.span);
        out.push(Constraint {
            kind: ConstraintKind::PrimaryKey,
            name: table
                .primary_key
                .as_ref()
                .and_then(|k| k.name.clone())
                .unwrap_or_else(|| default_name(t, &[], "pkey")),
            columns: pk,
            check: None,
            reference: None,
            span,
        });
    }
    let uniques = table
        .columns
        .iter()
        .filter(|c| c.unique)
        .map(|c| (None, vec![c.name.clone()], c.span))
        .chain(
            table
                .uniques
                .iter()
                .map(|u| (u.name.clone(), u.columns.clone(), u.span)),
        );
    for (name, columns, span) in uniques {
        out.push(Constraint {
            kind: ConstraintKind::Unique,
            name: name.unwrap_or_else(|| default_name(t, &columns, "key")),
            columns,
            check: None,
            reference: None,
            span,
        });
    }
    let checks = table
        .columns
        .iter()
        .flat_map(|c| {
            c.checks
                .iter()
                .map(|e| (None, Some(c.name.clone()), e.text.clone(), c.span))
        })
        .chain(
            table
                .checks
                .iter()
                .map(|c| (c.name.clone(), None, c.expr.text.clone(), c.expr.span)),
        );
    for (name, column, expr, span) in checks {
        let named_after = only_column_in(table, &expr);
        out.push(Constraint {
            kind: ConstraintKind::Check,
            name: name.unwrap_or_else(|| default_name(t, named_after.as_slice(), "check")),
            columns: column.into_iter().collect(),
            check: Some(expr),
            reference: None,
            span,
        });
    }
    for fk in table.all_foreign_keys() {
        let span = fk.reference.span;
        out.push(Constraint {
            kind: ConstraintKind::ForeignKey,
            name: fk
                .name
                .clone()
                .unwrap_or_else(|| default_name(t, &fk.columns, "fkey")),
            columns: fk.columns,
            check: None,
            reference: Some(fk.reference),
            span,
        });
    }
    dedupe_default_names(&mut out);
    out
}

/// PostgreSQL adds a digit when a generated name is taken (`t_a_check`, `t_a_check1`).
fn dedupe_default_names(list: &mut [Constraint]) {
    let mut seen = std::collections::HashSet::new();
    for c in list.iter_mut() {
        if seen.insert(c.name.clone()) {
            continue;
        }
        let base = c.name.clone();
        let mut n = 1;
        while !seen.insert(format!("{base}{n}")) {
            n += 1;
        }
        c.name = format!("{base}{n}");
    }
}

/// Moves every constraint of `table` to table level with its effective name, so renaming
/// the table or a column keeps the names PostgreSQL keeps.
pub fn freeze_names(table: &mut TableDef) {
    let list = constraints(table);
    for c in &mut table.columns {
        c.primary_key = false;
        c.unique = false;
        c.checks.clear();
        c.references = None;
    }
    table.primary_key = None;
    table.uniques.clear();
    table.checks.clear();
    table.foreign_keys.clear();
    for c in list {
        let key = KeyDef {
            name: Some(c.name.clone()),
            columns: c.columns.clone(),
            span: c.span,
        };
        match c.kind {
            ConstraintKind::PrimaryKey => table.primary_key = Some(key),
            ConstraintKind::Unique => table.uniques.push(key),
            ConstraintKind::Check => table.checks.push(CheckDef {
                name: Some(c.name),
                expr: crate::model::SqlText {
                    text: c.check.unwrap_or_default(),
                    span: c.span,
                },
            }),
            ConstraintKind::ForeignKey => {
                if let Some(reference) = c.reference {
                    table.foreign_keys.push(ForeignKeyDef {
                        name: Some(c.name),
                        columns: c.columns,
                        reference,
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_names_follow_postgresql() {
        assert_eq!(default_name("orders", &[], "pkey"), "orders_pkey");
        assert_eq!(
            default_name("orders", &["a".into(), "b".into()], "key"),
            "orders_a_b_key"
        );
        let long = "t".repeat(70);
        assert_eq!(default_name(&long, &[], "pkey").len(), 63);
        assert!(default_name(&long, &[], "pkey").ends_with("t_pkey"));
        // makeObjectName keeps the label and shortens the longer part.
        assert_eq!(
            default_name(
                "subscription_billing_adjustments",
                &["payment_method_reference_id".into()],
                "fkey"
            ),
            "subscription_billing_adjustmen_payment_method_reference_id_fkey"
        );
    }
}
