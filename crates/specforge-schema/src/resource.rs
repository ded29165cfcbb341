//! Which table an API path serves: `/accounts/{id}` → `accounts`, and which key column a path
//! parameter addresses (`{id}`, `{account_id}`, `{accountId}` → `accounts.id`).
//!
//! Shared by the OpenAPI emitter (schemas for responses and path parameters) and the
//! consistency rules (example fields against columns, parameter types against keys), so the
//! two never disagree about what an endpoint serves.

use crate::model::{ColumnDef, SchemaModel, TableDef};
use heck::ToSnakeCase;
use std::collections::HashMap;

/// The tables of a schema by name, built once and shared by every lookup of a run (a spec
/// has thousands of endpoints and tables).
pub struct TableIndex<'a> {
    model: &'a SchemaModel,
    by_name: HashMap<&'a str, &'a TableDef>,
}

impl<'a> TableIndex<'a> {
    /// Indexes `model`'s tables by unqualified name (the first of a name wins).
    pub fn new(model: &'a SchemaModel) -> TableIndex<'a> {
        let mut by_name = HashMap::new();
        for table in &model.tables {
            by_name.entry(table.name.name.as_str()).or_insert(table);
        }
        TableIndex { model, by_name }
    }

    /// The schema indexed.
    pub fn model(&self) -> &'a SchemaModel {
        self.model
    }

    /// The table a static path segment names: its snake_case form, or a simple plural or
    /// singular of it (`accounts`, `account`, `categories` / `category`).
    pub fn for_segment(&self, segment: &str) -> Option<&'a TableDef> {
        let snake = segment.to_snake_case();
        if snake.is_empty() {
            return None;
        }
        let mut candidates = vec![snake.clone(), format!("{snake}s"), format!("{snake}es")];
        if let Some(stem) = snake.strip_suffix("ies") {
            candidates.push(format!("{stem}y"));
        }
        if let Some(stem) = snake.strip_suffix('y') {
            candidates.push(format!("{stem}ies"));
        }
        if let Some(stem) = snake.strip_suffix("es") {
            candidates.push(stem.to_owned());
        }
        if let Some(stem) = snake.strip_suffix('s') {
            candidates.push(stem.to_owned());
        }
        candidates
            .iter()
            .find_map(|c| self.by_name.get(c.as_str()).copied())
    }

    /// The resource table of a path: the one its last static segment names.
    pub fn resource(&self, path: &str) -> Option<&'a TableDef> {
        path.split('/')
            .rev()
            .find(|s| !s.is_empty() && !s.starts_with('{'))
            .and_then(|s| self.for_segment(s))
    }

    /// When path parameter `param` (right after static `segment`) addresses the single-column
    /// primary key of the table the segment names: that table and key column.
    pub fn key_column(&self, segment: &str, param: &str) -> Option<(&'a TableDef, &'a ColumnDef)> {
        let table = self.for_segment(segment)?;
        let pk = table.primary_key_columns();
        let [key] = pk.as_slice() else {
            return None;
        };
        let norm = |s: &str| s.to_ascii_lowercase().replace(['_', '-'], "");
        let p = norm(param);
        let singular = table
            .name
            .name
            .strip_suffix('s')
            .unwrap_or(&table.name.name);
        let addresses = p == norm(key)
            || p == "id"
            || p == norm(&format!("{singular}id"))
            || p == norm(&format!("{}id", table.name.name));
        if !addresses {
            return None;
        }
        Some((table, table.column(key)?))
    }
}

/// Each path parameter of `path` with the static segment right before it
/// (`/accounts/{id}/entries/{entry_id}` → `(accounts, id)`, `(entries, entry_id)`).
pub fn path_parameters(path: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let mut previous = None;
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(param) => {
                if let Some(static_segment) = previous {
                    out.push((static_segment, param));
                }
            }
            None => previous = Some(segment),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build_schema;

    fn model(sql: &str) -> SchemaModel {
        let text = format!("# S\n\n**Status:** Approved\n\n## Schema\n\n```sql\n{sql}\n```\n");
        let (doc, _) = specforge_markdown::read(&text);
        let spec = specforge_extract::extract(&text, &doc).spec;
        build_schema(&spec).0
    }

    #[test]
    fn segments_find_tables_by_plural_and_singular() {
        let m = model(
            "CREATE TABLE accounts (id uuid PRIMARY KEY);\nCREATE TABLE category (id int PRIMARY KEY);",
        );
        let t = TableIndex::new(&m);
        assert_eq!(t.for_segment("account").unwrap().name.name, "accounts");
        assert_eq!(t.for_segment("categories").unwrap().name.name, "category");
        assert!(t.for_segment("close").is_none());
        assert_eq!(
            t.resource("/v1/accounts/{id}").unwrap().name.name,
            "accounts"
        );
        assert!(t.resource("/v1/accounts/{id}/close").is_none());
    }

    #[test]
    fn parameters_address_the_single_column_key() {
        let m = model("CREATE TABLE accounts (id uuid PRIMARY KEY, name text);");
        let t = TableIndex::new(&m);
        for param in ["id", "account_id", "accountId", "accounts_id"] {
            let (table, column) = t.key_column("accounts", param).unwrap();
            assert_eq!(
                (table.name.name.as_str(), column.name.as_str()),
                ("accounts", "id")
            );
        }
        assert!(t.key_column("accounts", "name").is_none());
        assert!(t.key_column("users", "id").is_none());
        assert_eq!(
            path_parameters("/a/{x}/b/{y}/{z}"),
            vec![("a", "x"), ("b", "y"), ("b", "z")]
        );
    }
}
