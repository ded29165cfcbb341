//! Request and response examples against the table the endpoint serves.
//!
//! The table is the one the path's last static segment names (`/accounts/{id}` → `accounts`,
//! see `specforge_schema::resource`). The example is unwrapped from `data` / `items` /
//! `results` envelopes and arrays down to the object that stands for a row; its top-level
//! fields are compared with the columns (a camelCase field matches its snake_case column).
//!
//! * `SF-C020` (warning): a field that is not a column, when the object is recognisably a row
//!   of the table (at least two of its fields, and at least half, are columns). A field that
//!   holds objects and names another table (`"entries": [...]`) is a nested resource, not a
//!   stray field. Computed fields are legitimate; say so with a `specforge-allow` comment.
//! * `SF-C021`: a field whose value or descriptor disagrees with its column (see
//!   [`crate::columns::mismatch`]). Error responses are not compared.

use crate::columns::{column_for_field, mismatch};
use specforge_examples::{Shape, ShapeKind};
use specforge_model::{BodyExample, Code, Diagnostic, Endpoint, Spec};
use specforge_schema::resource::TableIndex;
use specforge_schema::{SchemaModel, TableDef};

/// Runs the example rules.
pub fn check(spec: &Spec, model: &SchemaModel, out: &mut Vec<Diagnostic>) {
    if model.tables.is_empty() {
        return;
    }
    let tables = TableIndex::new(model);
    for endpoint in &spec.api.endpoints {
        let Some(table) = tables.resource(&endpoint.path) else {
            continue;
        };
        let key = format!("{} {}", endpoint.method.as_str(), endpoint.path);
        if let Some(body) = &endpoint.request {
            compare(body, &format!("`{key}` request"), table, &tables, out);
        }
        for response in responses(endpoint) {
            let status = response
                .status
                .as_ref()
                .map_or_else(String::new, |s| format!(" {}", s.value));
            if let Some(body) = &response.example {
                compare(
                    body,
                    &format!("`{key}` response{status}"),
                    table,
                    &tables,
                    out,
                );
            }
        }
    }
}

fn responses(endpoint: &Endpoint) -> impl Iterator<Item = &specforge_model::ResponseSpec> {
    endpoint
        .responses
        .iter()
        .filter(|r| !r.is_error && r.status.as_ref().is_none_or(|s| s.value < 400))
}

fn compare(
    body: &BodyExample,
    what: &str,
    table: &TableDef,
    tables: &TableIndex<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let model = tables.model();
    if !matches!(
        body.lang.as_str(),
        "json" | "jsonc" | "json5" | "javascript" | "js" | ""
    ) {
        return;
    }
    let (Some(shape), _) = specforge_examples::shape_of_example(&body.text, body.offset) else {
        return;
    };
    let Some(row) = row_object(&shape, 0) else {
        return;
    };
    let columns: Vec<_> = row
        .properties
        .iter()
        .map(|(name, shape)| (name, shape, column_for_field(table, name)))
        .collect();
    let matched = columns.iter().filter(|(_, _, c)| c.is_some()).count();
    let is_row = matched >= 2 && matched * 2 >= columns.len();
    let table_name = &table.name.name;
    for (name, shape, column) in &columns {
        match column {
            Some(column) => {
                if let Some(why) = mismatch(shape, column, table, model) {
                    out.push(
                        Diagnostic::new(
                            Code::ExampleFieldTypeMismatch,
                            shape.span,
                            format!("{what}: field `{name}`: {why}"),
                        )
                        .with_label(column.span, "the column")
                        .with_help("correct the example or the column, so that clients and the database agree"),
                    );
                }
            }
            // A nested resource (`"entries": [...]` on a transaction) is another table's rows.
            None if is_row && !nests_a_table(name, shape, tables) => out.push(
                Diagnostic::new(
                    Code::ExampleFieldNotColumn,
                    shape.span,
                    format!("{what}: field `{name}` is not a column of `{table_name}`"),
                )
                .with_help(format!(
                    "add a `{name}` column to `{table_name}`, fix the field name, or mark a computed field with `<!-- specforge-allow SF-C020: why -->`"
                )),
            ),
            None => {}
        }
    }
}

/// True when `field` holds objects or arrays and names a table (`entries`, `lineItems`).
fn nests_a_table(field: &str, shape: &Shape, tables: &TableIndex<'_>) -> bool {
    matches!(shape.kind, Some(ShapeKind::Object | ShapeKind::Array))
        && tables.for_segment(field).is_some()
}

/// The object in `shape` that stands for a row: through `data` / `items` / `results`
/// envelopes and array items.
fn row_object(shape: &Shape, depth: usize) -> Option<&Shape> {
    if depth > 4 {
        return None;
    }
    match shape.kind? {
        ShapeKind::Array => row_object(shape.items.as_deref()?, depth + 1),
        ShapeKind::Object => {
            let envelope = shape.properties.iter().find(|(name, inner)| {
                matches!(name.as_str(), "data" | "items" | "results")
                    && matches!(inner.kind, Some(ShapeKind::Object | ShapeKind::Array))
            });
            match envelope {
                Some((_, inner)) => row_object(inner, depth + 1),
                None => Some(shape),
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::test_support::{findings, spec};
    use specforge_model::Code;

    const SCHEMA: &str = "## Schema\n\n```sql\nCREATE TYPE order_status AS ENUM ('pending', 'paid');\n\
        CREATE TABLE orders (\n  id uuid PRIMARY KEY,\n  total_cents integer NOT NULL,\n  \
        status order_status NOT NULL,\n  paid boolean NOT NULL DEFAULT false,\n  \
        note text,\n  created_at timestamptz NOT NULL DEFAULT now()\n);\n```\n\n";

    fn with_response(json: &str) -> String {
        spec(&format!(
            "{SCHEMA}## API\n\n#### GET /orders/{{id}}\n\n**Response (200 OK):**\n\n```json\n{json}\n```\n"
        ))
    }

    fn messages(text: &str, code: Code) -> Vec<String> {
        findings(text)
            .into_iter()
            .filter(|d| d.code == code)
            .map(|d| d.message)
            .collect()
    }

    #[test]
    fn a_matching_example_is_clean() {
        let text = with_response(
            r#"{"data": {"id": "5f0c2a4e-8d1b-4c7e-9a3f-2b6d8e1f0a7c", "totalCents": 1250, "status": "paid", "paid": true, "note": null, "created_at": "2024-01-01T10:00:00Z"}}"#,
        );
        assert!(findings(&text).is_empty(), "{:?}", findings(&text));
    }

    #[test]
    fn disagreeing_types_values_and_nulls_are_errors() {
        let text = with_response(
            r#"{"id": 42, "total_cents": "12.50", "status": "refunded", "paid": "yes", "note": "x", "created_at": 1700000000}"#,
        );
        let got = messages(&text, Code::ExampleFieldTypeMismatch);
        assert_eq!(got.len(), 5, "{got:#?}");
        assert!(got[0].contains("field `id`: it is an integer `42`, but column `id` is `uuid`"));
        assert!(got[1].contains("field `total_cents`: it is a string"));
        assert!(
            got[2]
                .contains("`refunded` is not an allowed value of column `status` (pending, paid)")
        );
        assert!(got[3].contains("field `paid`: it is a string"));
        assert!(got[4].contains("`created_at`"));
        let null = with_response(
            r#"{"id": "5f0c2a4e-8d1b-4c7e-9a3f-2b6d8e1f0a7c", "total_cents": null, "note": null}"#,
        );
        let got = messages(&null, Code::ExampleFieldTypeMismatch);
        assert_eq!(got.len(), 1, "{got:#?}");
        assert!(got[0].contains("it is `null`, but column `total_cents` is NOT NULL"));
    }

    #[test]
    fn prefixed_ids_are_not_uuids_and_descriptors_are_compared_too() {
        let text = with_response(
            r#"{"id": "ord_123", "status": "string (enum: pending, shipped)", "paid": true}"#,
        );
        let got = messages(&text, Code::ExampleFieldTypeMismatch);
        assert_eq!(got.len(), 2, "{got:#?}");
        assert!(got[0].contains("`\"ord_123\"` is not a UUID"));
        assert!(got[1].contains("`shipped` is not an allowed value"));
    }

    #[test]
    fn unknown_fields_warn_only_when_the_object_is_a_row() {
        let text = with_response(
            r#"{"id": "5f0c2a4e-8d1b-4c7e-9a3f-2b6d8e1f0a7c", "status": "paid", "coupon": "X1"}"#,
        );
        let got = messages(&text, Code::ExampleFieldNotColumn);
        assert_eq!(
            got,
            vec!["`GET /orders/{id}` response 200: field `coupon` is not a column of `orders`"]
        );
        let summary = with_response(r#"{"count": 3, "revenue": 100, "status": "paid"}"#);
        assert!(messages(&summary, Code::ExampleFieldNotColumn).is_empty());
    }
}
