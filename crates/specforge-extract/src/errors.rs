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
use specforge_markdown::{Block, Table};
use specforge_model::{Code, Diagnostic, ErrorCode, ErrorEntry, ErrorScope, Span, Spanned};
use std::collections::BTreeMap;

pub(crate) fn extract(cx: &mut Context<'_>) {
    for (_, table, kind, roles) in cx.tables() {
        if kind == TableKind::Errors {
            error_table(cx, table, &roles);
        }
    }
    example_codes(cx);
    cx.out.spec.errors.entries.sort_by_key(|e| e.span.start);
    merge(cx);
}

/// Codes named in error response examples: a JSON fence right after a label that states an
/// error status (`**Error Response (404):**`, `**Response (409 Conflict):**`, `**422**`).
fn example_codes(cx: &mut Context<'_>) {
    let document = cx.document;
    let mut label_status: Option<u16> = None;
    for block in &document.blocks {
        match block {
            Block::Label(label) => label_status = error_status_in(&label.text),
            Block::Code(code) if matches!(code.lang.as_str(), "json" | "jsonc" | "json5" | "") => {
                if let Some(status) = label_status.take() {
                    let endpoint = document
                        .section_ids(code.section)
                        .find_map(|id| cx.section_endpoints.get(&id).cloned());
                    for (offset, value) in json_codes(&code.body) {
                        let start = code.body_offset + offset;
                        let span = Span::new(start, start + value.len());
                        cx.out.spec.errors.entries.push(ErrorEntry {
                            code: Spanned::new(value.to_owned(), span),
                            status: Some(Spanned::new(status, span)),
                            description: None,
                            resolution: None,
                            retryable: None,
                            type_uri: None,
                            scope: ErrorScope::Example {
                                endpoint: endpoint.clone(),
                            },
                            span,
                        });
                    }
                }
            }
            Block::Paragraph(_) | Block::Comment(_) => {}
            _ => label_status = None,
        }
    }
}

/// The 4xx/5xx status a label states, if it is about an error response.
fn error_status_in(label: &str) -> Option<u16> {
    label
        .split(|c: char| !c.is_ascii_digit())
        .filter(|w| w.len() == 3)
        .find_map(|w| w.parse::<u16>().ok().filter(|s| (400..=599).contains(s)))
}

/// `"code": "X"` (also `"error_code"`, and `"error"` when its value is an UPPER_SNAKE code)
/// in a JSON-ish body: the offset of each value and the value.
fn json_codes(body: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    for key in ["\"code\"", "\"error_code\"", "\"errorCode\"", "\"error\""] {
        let mut from = 0;
        while let Some(at) = body[from..].find(key) {
            let after_key = from + at + key.len();
            from = after_key;
            let rest = &body[after_key..];
            let Some(colon) = rest.find(|c: char| !c.is_whitespace()) else {
                break;
            };
            if !rest[colon..].starts_with(':') {
                continue;
            }
            let value_rest = &rest[colon + 1..];
            let lead = value_rest.len() - value_rest.trim_start().len();
            let Some(quoted) = value_rest[lead..].strip_prefix('"') else {
                continue;
            };
            let Some(end) = quoted.find('"') else {
                continue;
            };
            let value = &quoted[..end];
            let strict = key != "\"error\""
                || value
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c == '_' || c.is_ascii_digit());
            if strict && is_error_code(value) && http_status(value).is_none() {
                out.push((after_key + colon + 1 + lead + 1, value));
            }
        }
    }
    out.sort_by_key(|(offset, _)| *offset);
    out
}

/// Merges every row into one entry per code, ordered as the catalogue lists them (codes that
/// appear only in endpoint tables or examples follow, in first-mention order), reporting a code given two statuses (error) and
/// a code described twice in catalogue tables, differently (warning). Per-endpoint rows may
/// describe a code in their own words: that is what they are for.
fn merge(cx: &mut Context<'_>) {
    let mut codes: Vec<ErrorCode> = Vec::new();
    let mut description_from_catalogue: Vec<bool> = Vec::new();
    // Position of each code's first catalogue row, for ordering.
    let mut catalogue_position: Vec<Option<usize>> = Vec::new();
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    let mut diagnostics = Vec::new();
    for (row, entry) in cx.out.spec.errors.entries.iter().enumerate() {
        let from_catalogue = entry.scope == ErrorScope::Catalogue;
        let Some(&i) = index.get(&entry.code.value) else {
            index.insert(entry.code.value.clone(), codes.len());
            catalogue_position.push(from_catalogue.then_some(row));
            description_from_catalogue.push(from_catalogue && entry.description.is_some());
            codes.push(ErrorCode {
                code: entry.code.clone(),
                status: entry.status.clone(),
                description: entry.description.clone(),
                resolution: entry.resolution.clone(),
                retryable: entry.retryable,
                type_uri: entry.type_uri.clone(),
                rows: vec![entry.span],
            });
            continue;
        };
        let merged = &mut codes[i];
        merged.rows.push(entry.span);
        if from_catalogue && catalogue_position[i].is_none() {
            catalogue_position[i] = Some(row);
        }
        match (&merged.status, &entry.status) {
            (Some(first), Some(this)) if first.value != this.value => diagnostics.push(
                Diagnostic::new(
                    Code::ErrorStatusConflict,
                    this.span,
                    format!(
                        "error code `{}` has status {} here but {} where it is first given",
                        entry.code.value, this.value, first.value
                    ),
                )
                .with_label(first.span, format!("status {} given here", first.value))
                .with_help("give the code one status everywhere, or use two codes"),
            ),
            (None, Some(this)) => merged.status = Some(this.clone()),
            _ => {}
        }
        if from_catalogue && entry.description.is_some() {
            if description_from_catalogue[i] && merged.description != entry.description {
                diagnostics.push(
                    Diagnostic::new(
                        Code::ErrorDescriptionConflict,
                        entry.span,
                        format!(
                            "error code `{}` is described again, differently",
                            entry.code.value
                        ),
                    )
                    .with_label(merged.rows[0], "first described here")
                    .with_help("keep one catalogue row per code"),
                );
            } else if !description_from_catalogue[i] {
                merged.description = entry.description.clone();
                merged.resolution = entry.resolution.clone().or(merged.resolution.take());
                description_from_catalogue[i] = true;
            }
        }
        if merged.description.is_none() {
            merged.description = entry.description.clone();
        }
        if merged.resolution.is_none() {
            merged.resolution = entry.resolution.clone();
        }
        if merged.retryable.is_none() {
            merged.retryable = entry.retryable;
        }
        if merged.type_uri.is_none() {
            merged.type_uri = entry.type_uri.clone();
        }
    }
    // Catalogue order first (the order the author chose), then codes only used elsewhere.
    let mut ordered: Vec<(Option<usize>, usize, ErrorCode)> = codes
        .into_iter()
        .enumerate()
        .map(|(first, code)| (catalogue_position[first], first, code))
        .collect();
    ordered.sort_by_key(|(position, first, _)| (position.is_none(), position.unwrap_or(0), *first));
    cx.out.spec.errors.codes = ordered.into_iter().map(|(_, _, code)| code).collect();
    cx.out.diagnostics.extend(diagnostics);
}

fn error_table(cx: &mut Context<'_>, table: &Table, roles: &Roles) {
    let code_col = roles.col(Role::ErrorCode);
    let status_col = roles.col(Role::Status);
    let description_col = roles.col(Role::Description);
    let resolution_col = roles.col(Role::Resolution);
    let retry_col = roles.col(Role::Retryable);
    let type_col = roles.col(Role::ProblemType);
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
                .map(|c| c.text.to_owned())
        };
        let description = text_of(description_col);
        let mut status = status_col
            .and_then(|c| row.cell(c))
            .and_then(|c| http_status(c.text).map(|s| Spanned::new(s, c.span)));
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
                    .and_then(|c| yes_no(c.text)),
                type_uri: type_col
                    .and_then(|c| row.cell(c))
                    .filter(|c| !c.is_blank())
                    .map(|c| c.text.trim().trim_matches('`').to_owned()),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_in_json_examples() {
        let body = "{\n  \"success\": false,\n  \"error\": {\"code\": \"PLAN_NOT_FOUND\", \"message\": \"x\"}\n}";
        assert_eq!(
            json_codes(body),
            [(body.find("PLAN").unwrap(), "PLAN_NOT_FOUND")]
        );
        assert!(json_codes("{\"error\": \"message\"}").is_empty());
        assert_eq!(json_codes("{\"error\": \"RATE_LIMITED\"}").len(), 1);
        assert!(json_codes("{\"code\": 404}").is_empty());
    }

    #[test]
    fn statuses_in_labels() {
        assert_eq!(error_status_in("Error Response (404)"), Some(404));
        assert_eq!(error_status_in("Response (409 Conflict)"), Some(409));
        assert_eq!(error_status_in("Response (201 Created)"), None);
        assert_eq!(error_status_in("Request"), None);
    }
}
