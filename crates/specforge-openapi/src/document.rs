//! The whole document: info, servers, tags, paths in spec order, components and security.
//!
//! Decisions:
//! * `info.title` is the document title, else the service name, else `API`; `info.version`
//!   is the document version as written, else `0.0.0`.
//! * `servers` is the base URL when one is stated, else `/` (what an absent `servers` means
//!   in OpenAPI, written out because linters require the field). When the path part of a URL
//!   (`https://x/v1` → `/v1`) starts every endpoint path, it is taken off the path keys (the
//!   server URL supplies it); otherwise path keys are the model's full paths. operationIds
//!   and `x-specforge-source` always derive from the model's path.
//! * Paths come in first-appearance order of the endpoints; operations keep the model order.
//! * `components.schemas`: tables in schema order, then `Error`, then request and response
//!   schemas in operation order, then schemas from embedded fragments.

use crate::Built;
use crate::components::Registry;
use crate::fragments;
use crate::operation_ids::{self, Named};
use crate::operations::{self, Context};
use crate::paths_out::{Beside, PathSink, Stream};
use crate::responses::ErrorModel;
use crate::security;
use crate::tables;
use crate::validate;
use openapiv3::{Components, Info, OpenAPI, PathItem, SecurityRequirement, Server, Tag};
use specforge_model::{Code, Diagnostic, Endpoint, Method, Span, Spec};
use specforge_schema::SchemaModel;

/// One operationId and where it came from, for the collision check.
pub struct IdOrigin {
    /// The id.
    pub id: String,
    /// `METHOD /path`.
    pub label: String,
    /// Where the path is written.
    pub span: Span,
}

/// Builds the document of `spec`, every operation in its `paths`.
pub fn build(spec: &Spec, model: &SchemaModel, spec_path: &str) -> Built {
    let (document, diagnostics, _) = build_into(spec, model, spec_path, None);
    Built {
        document,
        diagnostics,
    }
}

/// The document of `spec` as YAML, each path serialized as soon as it is complete
/// ([`crate::paths_out`]): the same text as [`build`] then [`crate::yaml::to_yaml`], without
/// every operation in memory at once.
pub fn build_yaml(
    spec: &Spec,
    model: &SchemaModel,
    spec_path: &str,
) -> (Result<String, String>, Vec<Diagnostic>) {
    let (document, diagnostics, sink) = build_into(spec, model, spec_path, Some(Beside::default()));
    (sink.into_yaml(document, spec_path), diagnostics)
}

pub(crate) fn build_into(
    spec: &Spec,
    model: &SchemaModel,
    spec_path: &str,
    stream: Option<Beside>,
) -> (OpenAPI, Vec<Diagnostic>, PathSink) {
    let mut diags = validate::validate(spec);
    let mut doc = OpenAPI {
        openapi: "3.0.3".into(),
        info: info(spec, spec_path),
        ..OpenAPI::default()
    };
    let strip = server_prefix(spec);
    let url = match &spec.api.base_url {
        Some(url) => url.value.trim().trim_end_matches('/').to_owned(),
        None => "/".to_owned(),
    };
    doc.servers.push(Server {
        url: if url.is_empty() { "/".to_owned() } else { url },
        ..Server::default()
    });
    let mut registry = Registry::default();
    for table in &model.tables {
        registry.add(
            &tables::schema_name(table),
            tables::table_schema(table, model),
            format!("table {}", table.name),
            table.name_span,
            &mut diags,
        );
    }
    let errors = ErrorModel::new(spec, &mut diags);
    let error_span = spec.api.error_format.as_ref().map_or(Span::default(), |b| {
        Span::new(b.offset, b.offset + b.text.len())
    });
    // Registered now, so that a table named `error` collides with it; dropped if unused.
    let error_taken_by_table = registry.contains("Error");
    registry.add(
        "Error",
        errors.schema.clone(),
        "the error format",
        error_span,
        &mut diags,
    );
    let plan = security::plan(spec);
    let index = crate::responses::ErrorIndex::new(spec);
    let tables = specforge_schema::resource::TableIndex::new(model);
    let ctx = Context {
        spec,
        spec_path,
        errors: &errors,
        top_security: &plan.top,
        index: &index,
        tables: &tables,
    };
    let mut uses_error = false;
    let mut ids: Vec<IdOrigin> = Vec::new();
    // One operation per path key and method: a later endpoint of the same key is skipped.
    let mut seen = std::collections::HashSet::new();
    let built: Vec<(&Endpoint, &Option<Vec<SecurityRequirement>>)> = spec
        .api
        .endpoints
        .iter()
        .zip(plan.per_endpoint.iter())
        .filter(|(e, _)| seen.insert((path_key(&e.path, strip.as_deref()), e.method)))
        .collect();
    let stated = fragments::stated_operation_ids(spec);
    let named: Vec<Named<'_>> = built
        .iter()
        .map(|(e, _)| Named {
            method: e.method,
            path: &e.path,
            label: operations::endpoint_label(e),
            span: e.raw_path.span,
            stated: stated
                .iter()
                .find(|(p, m, _)| *p == e.path && *m == e.method)
                .map(|(_, _, id)| id.clone()),
        })
        .collect();
    let all_stated = stated.into_iter().map(|(_, _, id)| id).collect();
    let keys: Vec<String> = built
        .iter()
        .map(|(e, _)| path_key(&e.path, strip.as_deref()))
        .collect();
    let mut sink = if let Some(beside) = stream {
        let held = fragments::path_keys(spec, strip.as_deref());
        PathSink::Stream(Box::new(Stream::new(&keys, held, beside)))
    } else {
        // A `PathItem` holds eight operations inline (kilobytes each): sized once, exactly,
        // instead of doubling (a 2,000-path map grown by doubling held 4,096 slots and,
        // while growing, both the old and the new buffer).
        let distinct: std::collections::HashSet<&String> = keys.iter().collect();
        doc.paths.paths.reserve_exact(distinct.len());
        PathSink::Keep
    };
    let allocated = operation_ids::allocate(&named, &all_stated, &mut diags);
    // Complete paths are serialized on the pool while later operations are built; the scope
    // ends when every one is written.
    rayon::scope(|scope| {
        for (index, (((endpoint, security), id), key)) in
            built.into_iter().zip(allocated).zip(keys).enumerate()
        {
            let op = operations::operation(
                &ctx,
                endpoint,
                id,
                security.clone(),
                &mut registry,
                &mut diags,
                &mut uses_error,
            );
            ids.push(IdOrigin {
                id: op.operation_id.clone().unwrap_or_default(),
                label: operations::endpoint_label(endpoint),
                span: endpoint.raw_path.span,
            });
            if let Some(tag) = op.tags.first()
                && !doc.tags.iter().any(|t| &t.name == tag)
            {
                doc.tags.push(Tag {
                    name: tag.clone(),
                    description: Some(format!("Endpoints of the section \"{tag}\".")),
                    ..Tag::default()
                });
            }
            sink.insert(scope, &mut doc, index, key, endpoint.method, op);
        }
        sink.flush(scope);
    });
    let mut components = Components::default();
    fragments::merge(
        spec,
        spec_path,
        &mut doc,
        &mut registry,
        &mut components,
        &mut ids,
        strip.as_deref(),
        &mut diags,
    );
    check_ids(&ids, &mut diags);
    if !uses_error && !error_taken_by_table {
        registry.schemas.shift_remove("Error");
    }
    components.schemas = registry.schemas;
    components.security_schemes = plan.schemes;
    doc.security = plan.top;
    let empty = components.schemas.is_empty()
        && components.security_schemes.is_empty()
        && components.parameters.is_empty()
        && components.responses.is_empty()
        && components.request_bodies.is_empty();
    if !empty {
        doc.components = Some(components);
    }
    (doc, diags, sink)
}

fn info(spec: &Spec, spec_path: &str) -> Info {
    let title = spec
        .info
        .title
        .as_ref()
        .or(spec.info.service.as_ref())
        .map(|t| t.value.trim().to_owned())
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| "API".to_owned());
    let version = spec
        .info
        .version
        .as_ref()
        .map(|v| v.value.trim().to_owned())
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| "0.0.0".to_owned());
    Info {
        title,
        version,
        description: Some(format!(
            "Generated by specforge from {spec_path}. Do not edit; change the spec instead."
        )),
        ..Info::default()
    }
}

/// The path part of the base URL, when it starts every endpoint path.
fn server_prefix(spec: &Spec) -> Option<String> {
    let url = spec.api.base_url.as_ref()?.value.trim();
    let path = match url.find("://") {
        Some(at) => {
            let after = &url[at + 3..];
            &after[after.find('/')?..]
        }
        None if url.starts_with('/') => url,
        None => return None,
    };
    let path = path.trim_end_matches('/');
    if path.is_empty() || spec.api.endpoints.is_empty() {
        return None;
    }
    let all = spec.api.endpoints.iter().all(|e| {
        e.path == path
            || e.path
                .strip_prefix(path)
                .is_some_and(|rest| rest.starts_with('/'))
    });
    all.then(|| path.to_owned())
}

/// The key of a model path in `paths` (the server prefix taken off).
pub fn path_key(path: &str, strip: Option<&str>) -> String {
    match strip.and_then(|p| path.strip_prefix(p)) {
        Some("") => "/".to_owned(),
        Some(rest) if rest.starts_with('/') => rest.to_owned(),
        _ => path.to_owned(),
    }
}

/// The operation slot of `method` in `item`, mutably.
pub fn slot_mut(item: &mut PathItem, method: Method) -> &mut Option<openapiv3::Operation> {
    match method {
        Method::Get => &mut item.get,
        Method::Put => &mut item.put,
        Method::Post => &mut item.post,
        Method::Delete => &mut item.delete,
        Method::Options => &mut item.options,
        Method::Head => &mut item.head,
        Method::Patch => &mut item.patch,
        Method::Trace => &mut item.trace,
    }
}

pub(crate) fn set_slot(item: &mut PathItem, method: Method, op: openapiv3::Operation) {
    *slot_mut(item, method) = Some(op);
}

fn check_ids(ids: &[IdOrigin], diags: &mut Vec<Diagnostic>) {
    let mut first_with: std::collections::HashMap<&str, &IdOrigin> =
        std::collections::HashMap::new();
    for later in ids {
        let first = *first_with.entry(later.id.as_str()).or_insert(later);
        if !std::ptr::eq(first, later) {
            diags.push(
                Diagnostic::new(
                    Code::OperationIdCollision,
                    later.span,
                    format!(
                        "{} and {} both get the operationId `{}`",
                        first.label, later.label, later.id
                    ),
                )
                .with_label(first.span, format!("{} is here", first.label))
                .with_help(
                    "operationIds come from the method and path; make the paths differ in more than punctuation or case",
                ),
            );
        }
    }
}
