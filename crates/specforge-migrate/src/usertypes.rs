//! Domains and composite types in the up and down SQL: created after the enums (a domain may
//! be over an enum, a composite may use a domain) and before the tables; dropped after the
//! tables, in reverse.

use specforge_schema::ident::{quote_ident, quote_qualified};
use specforge_schema::model::SchemaModel;

/// `CREATE DOMAIN …;` and `CREATE TYPE … AS (…);`, each followed by a blank line.
pub(crate) fn create(model: &SchemaModel) -> String {
    let mut up = String::new();
    for d in &model.domains {
        up.push_str(&format!(
            "CREATE DOMAIN {} AS {}",
            quote_qualified(&d.name),
            d.base.sql()
        ));
        if let Some(default) = &d.default {
            up.push_str(&format!(" DEFAULT {}", default.text));
        }
        for c in &d.checks {
            if let Some(n) = &c.name {
                up.push_str(&format!(" CONSTRAINT {}", quote_ident(n)));
            }
            up.push_str(&format!(" CHECK ({})", c.expr.text));
        }
        up.push_str(";\n\n");
    }
    for c in &model.composites {
        let attrs: Vec<String> = c
            .attributes
            .iter()
            .map(|(name, ty)| format!("{} {}", quote_ident(name), ty.sql()))
            .collect();
        up.push_str(&format!(
            "CREATE TYPE {} AS ({});\n\n",
            quote_qualified(&c.name),
            attrs.join(", ")
        ));
    }
    up
}

/// `DROP TYPE IF EXISTS …;` and `DROP DOMAIN IF EXISTS …;`, in reverse.
pub(crate) fn drop(model: &SchemaModel) -> String {
    let mut down = String::new();
    for c in model.composites.iter().rev() {
        down.push_str(&format!(
            "DROP TYPE IF EXISTS {};\n",
            quote_qualified(&c.name)
        ));
    }
    for d in model.domains.iter().rev() {
        down.push_str(&format!(
            "DROP DOMAIN IF EXISTS {};\n",
            quote_qualified(&d.name)
        ));
    }
    down
}
