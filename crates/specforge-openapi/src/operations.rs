//! One endpoint to one OpenAPI operation, and the operationId scheme.
//!
//! operationId: the lowerCamelCase of the method and the path's segments, parameters as
//! `By{Name}` (`GET /api/v1/accounts/{id}` → `getAccountsById`). Leading `api`, `rest` and
//! version segments (`v1`, `v2.1`) are left out; nothing else is, so adding an endpoint never
//! changes another one's id, and prose edits (summaries) never change any. A path with no
//! other segment gives `{method}Root`. Ids that would clash are made distinct by
//! `operation_ids`, which hands each endpoint its id.
//!
//! An endpoint without a summary gets `METHOD /path` as its summary (every operation has one).

use crate::components::Registry;
use crate::parameters;
use crate::responses::{self, ErrorModel, Inputs};
use crate::schema;
use openapiv3::{MediaType, Operation, ReferenceOr, RequestBody, SecurityRequirement};
use specforge_model::{Diagnostic, Endpoint, Method, Spec};

/// The operationId of `method path`.
pub fn operation_id(method: Method, path: &str) -> String {
    id_of(method, path, true)
}

/// The operationId of `method path` with its prefix segments (`api`, `v1`) kept, for telling
/// apart endpoints whose [`operation_id`]s are equal (see `operation_ids`).
pub fn operation_id_of_full_path(method: Method, path: &str) -> String {
    id_of(method, path, false)
}

fn id_of(method: Method, path: &str, skip_prefix: bool) -> String {
    // The words, separated by spaces (every other character of a segment is one too), then
    // camel-cased.
    let mut words = method.as_str().to_ascii_lowercase();
    let mut skipping = skip_prefix;
    let mut named = false;
    for seg in path.split('/').filter(|s| !s.is_empty()) {
        if skipping && is_prefix_segment(seg) {
            continue;
        }
        skipping = false;
        let (by, text) = match seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(param) => (true, param),
            None => (false, seg),
        };
        if !text.chars().any(|c| c.is_ascii_alphanumeric()) {
            continue;
        }
        if by {
            words.push_str(" by");
        }
        words.push(' ');
        words.extend(
            text.chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }),
        );
        named = true;
    }
    if !named {
        words.push_str(" root");
    }
    specforge_model::case::lower_camel(&words)
}

fn is_prefix_segment(seg: &str) -> bool {
    if seg.eq_ignore_ascii_case("api") || seg.eq_ignore_ascii_case("rest") {
        return true;
    }
    seg.strip_prefix(['v', 'V']).is_some_and(|v| {
        v.as_bytes().first().is_some_and(u8::is_ascii_digit)
            && v.bytes().all(|c| c.is_ascii_digit() || c == b'.')
    })
}

/// The tag of a group title: numbering such as `3.2 ` or `3.` removed.
pub fn tag_name(group: &str) -> Option<String> {
    let trimmed = group.trim();
    let rest = trimmed.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
    let name = if rest.len() < trimmed.len() && rest.starts_with(char::is_whitespace) {
        rest.trim()
    } else {
        trimmed
    };
    (!name.is_empty()).then(|| name.to_owned())
}

/// What building one operation needs from the rest of the document.
pub struct Context<'a> {
    /// The spec.
    pub spec: &'a Spec,
    /// The spec path, for `x-specforge-source`.
    pub spec_path: &'a str,
    /// The Error schema model.
    pub errors: &'a ErrorModel,
    /// The top-level security requirement.
    pub top_security: &'a Option<Vec<SecurityRequirement>>,
    /// The error catalogue, indexed.
    pub index: &'a responses::ErrorIndex<'a>,
    /// The schema's tables, indexed.
    pub tables: &'a specforge_schema::resource::TableIndex<'a>,
}

/// Builds the operation of `endpoint`, whose operationId is `id`; body schemas go to
/// `registry`. `uses_error` is set when a response refers to the Error schema.
pub fn operation(
    ctx: &Context<'_>,
    endpoint: &Endpoint,
    id: String,
    security: Option<Vec<SecurityRequirement>>,
    registry: &mut Registry,
    diags: &mut Vec<Diagnostic>,
    uses_error: &mut bool,
) -> Operation {
    let prefix = specforge_model::case::upper_camel(&id);
    let mut op = Operation {
        tags: endpoint
            .group
            .as_deref()
            .and_then(tag_name)
            .into_iter()
            .collect(),
        summary: Some(
            endpoint
                .summary
                .clone()
                .filter(|s| !s.trim().is_empty())
                .unwrap_or_else(|| endpoint_label(endpoint)),
        ),
        description: description(endpoint),
        operation_id: Some(id.clone()),
        parameters: parameters::parameters(endpoint, ctx.tables),
        ..Operation::default()
    };
    if let Some(body) = &endpoint.request {
        let mut media = MediaType {
            schema: Some(ReferenceOr::Item(crate::shapes::any())),
            ..MediaType::default()
        };
        if let Some(b) = responses::body_schema(body, &endpoint.path, ctx.tables, diags) {
            let name = format!("{prefix}Request");
            media.schema = Some(schema::reference(&name));
            media.example = b.example;
            registry.add(
                &name,
                b.schema,
                format!("the request example of {}", endpoint_label(endpoint)),
                endpoint.raw_path.span,
                diags,
            );
        }
        let mut request = RequestBody {
            required: true,
            ..RequestBody::default()
        };
        request.content.insert("application/json".into(), media);
        op.request_body = Some(ReferenceOr::Item(request));
    }
    let authenticated = match &security {
        Some(reqs) => reqs.iter().any(|r| !r.is_empty()),
        None => ctx.top_security.is_some(),
    };
    let inputs = Inputs {
        spec: ctx.spec,
        errors: ctx.errors,
        authenticated,
        index: ctx.index,
        tables: ctx.tables,
    };
    let (responses, pending) = responses::responses(&inputs, endpoint, &prefix, diags, uses_error);
    op.responses = responses;
    for (status, body) in pending {
        registry.add(
            &format!("{prefix}{status}Response"),
            body.schema,
            format!(
                "the {status} response example of {}",
                endpoint_label(endpoint)
            ),
            endpoint.raw_path.span,
            diags,
        );
    }
    op.security = security;
    let source = match &endpoint.section {
        Some(section) if !section.is_empty() => format!("{}#{section}", ctx.spec_path),
        _ => ctx.spec_path.to_owned(),
    };
    op.extensions
        .insert("x-specforge-source".into(), source.into());
    if let Some(a) = endpoint
        .authorization
        .as_ref()
        .filter(|a| !a.trim().is_empty())
    {
        op.extensions
            .insert("x-specforge-authorization".into(), a.clone().into());
    }
    if let Some(r) = endpoint
        .rate_limit
        .as_ref()
        .filter(|r| !r.trim().is_empty())
    {
        op.extensions
            .insert("x-specforge-rate-limit".into(), r.clone().into());
    }
    op
}

/// `METHOD /path`, for messages.
pub fn endpoint_label(endpoint: &Endpoint) -> String {
    format!("{} {}", endpoint.method.as_str(), endpoint.path)
}

fn description(endpoint: &Endpoint) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    if let Some(d) = endpoint
        .description
        .as_ref()
        .filter(|d| !d.trim().is_empty())
    {
        parts.push(d.trim().to_owned());
    }
    if let Some(a) = endpoint
        .authorization
        .as_ref()
        .filter(|a| !a.trim().is_empty())
    {
        parts.push(format!("Authorization: {}", a.trim()));
    }
    if let Some(r) = endpoint
        .rate_limit
        .as_ref()
        .filter(|r| !r.trim().is_empty())
    {
        parts.push(format!("Rate limit: {}", r.trim()));
    }
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_ids() {
        assert_eq!(
            operation_id(Method::Get, "/api/v1/accounts/{id}"),
            "getAccountsById"
        );
        assert_eq!(
            operation_id(Method::Post, "/api/v1/accounts"),
            "postAccounts"
        );
        assert_eq!(
            operation_id(Method::Post, "/v2/order-items/{item_id}/refunds"),
            "postOrderItemsByItemIdRefunds"
        );
        assert_eq!(operation_id(Method::Get, "/api/v1"), "getRoot");
        assert_eq!(operation_id(Method::Get, "/"), "getRoot");
    }

    #[test]
    fn tag_names_drop_numbering() {
        assert_eq!(
            tag_name("3.2 API Endpoints").as_deref(),
            Some("API Endpoints")
        );
        assert_eq!(tag_name("4. Guests").as_deref(), Some("Guests"));
        assert_eq!(tag_name("Guests").as_deref(), Some("Guests"));
        assert_eq!(tag_name("2024 Plans").as_deref(), Some("Plans"));
        assert_eq!(tag_name("  ").as_deref(), None);
    }
}
