//! `SF-C022`: a path parameter's stated type against the key column it addresses.
//!
//! `{id}` after `accounts` addresses `accounts.id` when that is the table's single-column
//! primary key (also `{account_id}`, `{accountId}`); see `specforge_schema::resource`. The
//! parameter table's Type cell (`integer`, `string (uuid)`) is read as a descriptor and
//! compared with the column like an example value: `integer` for a `uuid` key disagrees,
//! `string` for a `uuid` key says less but does not disagree.

use crate::columns::mismatch;
use specforge_model::{Code, Diagnostic, ParamLocation, Spec};
use specforge_schema::SchemaModel;
use specforge_schema::resource::{TableIndex, path_parameters};

/// Runs the path-parameter rule.
pub fn check(spec: &Spec, model: &SchemaModel, out: &mut Vec<Diagnostic>) {
    if model.tables.is_empty() {
        return;
    }
    let tables = TableIndex::new(model);
    for endpoint in &spec.api.endpoints {
        for (segment, param) in path_parameters(&endpoint.path) {
            let Some((table, column)) = tables.key_column(segment, param) else {
                continue;
            };
            let stated = endpoint
                .parameters
                .iter()
                .filter(|p| p.location == ParamLocation::Path && p.name.value == param);
            for parameter in stated {
                let Some(type_text) = &parameter.type_text else {
                    continue;
                };
                let Some(shape) = specforge_examples::describe(&type_text.value, type_text.span)
                else {
                    continue;
                };
                if let Some(why) = mismatch(&shape, column, table, model) {
                    out.push(
                        Diagnostic::new(
                            Code::PathParameterTypeMismatch,
                            type_text.span,
                            format!(
                                "`{} {}`: path parameter `{param}` addresses `{}.{}`: {why}",
                                endpoint.method.as_str(),
                                endpoint.path,
                                table.name.name,
                                column.name
                            ),
                        )
                        .with_label(column.span, "the key column")
                        .with_help(format!(
                            "give `{param}` the key's type (`{}`), or correct the column",
                            column.ty.sql()
                        )),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::test_support::{findings, spec};
    use specforge_model::Code;

    fn with_param(ty: &str) -> String {
        spec(&format!(
            "## Schema\n\n```sql\nCREATE TABLE accounts (id uuid PRIMARY KEY, name text);\n```\n\n\
             ## API\n\n#### GET /accounts/{{account_id}}\n\n**Path Parameters:**\n\n\
             | Parameter | Type | Required | Description |\n|---|---|---|---|\n\
             | account_id | {ty} | Yes | The account |\n"
        ))
    }

    #[test]
    fn an_integer_parameter_for_a_uuid_key_disagrees() {
        let text = with_param("integer");
        let found: Vec<_> = findings(&text)
            .into_iter()
            .filter(|d| d.code == Code::PathParameterTypeMismatch)
            .collect();
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(&text[found[0].span.start..found[0].span.end], "integer");
        assert!(found[0].message.contains("addresses `accounts.id`"));
        assert!(found[0].help.as_deref().unwrap().contains("`uuid`"));
    }

    #[test]
    fn uuid_and_plain_string_agree() {
        for ty in ["uuid", "string (UUID)", "string"] {
            assert!(findings(&with_param(ty)).is_empty(), "{ty}");
        }
    }
}
