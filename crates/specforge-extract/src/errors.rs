//! Error-code tables: catalogues and per-endpoint tables, in every column order.
//!
//! `| Code | HTTP Status | Description |`, `| Status | Error Code | Description | Resolution |`,
//! `| Error Code | Meaning | Response Format | Retry-able |` with numeric codes (the code then
//! comes from the meaning: `429 Rate Limited` → `RATE_LIMITED`), several codes in one cell
//! (`A / B`), and tables with no status column.

use crate::endpoints::sub_span;
use crate::roles::{Role, Roles, TableKind};
use crate::text::{http_status, is_error_code, shouty_snake, yes_no};
use crate::{Context, placeholder};
use specforge_markdown::Table;
use specforge_model::{Code, ErrorEntry, ErrorScope, Spanned};

pub(crate) fn extract(cx: &mut Context<'_>) {
    for (_, table, kind, roles) in cx.tables() {
        if kind == TableKind::Errors {
            error_table(cx, table, &roles);
        }
    }
}

fn error_table(cx: &mut Context<'_>, table: &Table, roles: &Roles) {
    let code_col = roles.col(Role::ErrorCode);
    let status_col = roles.col(Role::Status);
    let description_col = roles.col(Role::Description);
    let resolution_col = roles.col(Role::Resolution);
    let retry_col = roles.col(Role::Retryable);
    let scope = cx
        .document
        .section_ids(table.section)
        .find_map(|id| cx.section_endpoints.get(&id).cloned())
        .map_or(ErrorScope::Catalogue, |endpoint| ErrorScope::Endpoint {
            endpoint,
        });
    let mut entries = Vec::new();
    let mut failures = Vec::new();
    let mut placeholders = Vec::new();
    for row in table.data_rows() {
        let found = cx.peek(row.span, placeholder::Context::Text);
        let has_placeholder = !found.is_empty();
        placeholders.extend(found);
        let Some(code_cell) = code_col.and_then(|c| row.cell(c)) else {
            continue;
        };
        let text_of = |col: Option<usize>| {
            col.and_then(|c| row.cell(c))
                .filter(|c| !c.is_blank())
                .map(|c| c.text.clone())
        };
        let description = text_of(description_col);
        let mut status = status_col
            .and_then(|c| row.cell(c))
            .and_then(|c| http_status(&c.text).map(|s| Spanned::new(s, c.span)));
        let codes: Vec<&str> = code_cell
            .text
            .split([',', '/', ' ', '、'])
            .map(|s| s.trim().trim_matches('`'))
            .filter(|s| !s.is_empty() && *s != "or")
            .collect();
        if codes.is_empty() || !codes.iter().all(|c| is_error_code(c)) {
            if !has_placeholder {
                failures.push(row.span);
            }
            continue;
        }
        for code in codes {
            let span = sub_span(cx.text, code_cell.span, code);
            let numeric = http_status(code).filter(|_| code.len() == 3);
            let name = match (numeric, &description) {
                // A bare status as the code (seed 004): the status is the number and the
                // code comes from the meaning.
                (Some(number), Some(meaning)) => {
                    status.get_or_insert(Spanned::new(number, span));
                    shouty_snake(meaning)
                }
                _ => code.to_owned(),
            };
            entries.push(ErrorEntry {
                code: Spanned::new(name, span),
                status: status.clone(),
                description: description.clone(),
                resolution: text_of(resolution_col),
                retryable: retry_col
                    .and_then(|c| row.cell(c))
                    .and_then(|c| yes_no(&c.text)),
                scope: scope.clone(),
                span: row.span,
            });
        }
    }
    if entries.is_empty() && (!failures.is_empty() || !placeholders.is_empty()) {
        cx.skip_table(
            table,
            "no row holds an error code (an UPPER_SNAKE, CamelCase or numeric code)",
        );
        return;
    }
    cx.commit(placeholders);
    cx.row_warnings(
        Code::ErrorRowSkipped,
        failures,
        "this row of an error table holds no error code",
        "write the code as an identifier such as `ORDER_NOT_FOUND`, in its own column",
    );
    cx.out.spec.errors.entries.extend(entries);
}
