//! Embedded OpenAPI / Swagger YAML fragments merged into the document.
//!
//! A fragment is read with serde-saphyr into an order-keeping [`Tree`] (duplicate keys are an
//! error; anchors and aliases are refused, so no alias bomb can expand). A `$ref` to anything
//! but `#/…` is refused: specforge never reads a file or URL named inside a spec. Swagger 2
//! forms are converted: `in: body` parameters become the request body (`in: formData` ones a
//! form body), `type`/`format`/`enum`
//! written on a parameter move into its `schema`, a response's `schema` moves into
//! `content: application/json`, and `#/definitions/X` becomes `#/components/schemas/X`.
//!
//! Operations the prose names are filled where the prose said nothing (summary, description,
//! parameters not already present, request body, responses of other statuses, content of a
//! response the prose left without one); operations the prose does not name are added.
//! Schemas (`definitions`, `components.schemas`) go to `components.schemas`, replacing a
//! generated one of the same name (SF-A039 note).

use crate::components::Registry;
use crate::document::{IdOrigin, path_key, slot_mut};
use crate::operations::operation_id;
use crate::responses::reason;
use crate::tree::Tree;
use openapiv3::{
    Components, OpenAPI, Operation, Parameter, PathItem, ReferenceOr, Response, Schema, StatusCode,
};
use specforge_model::{ApiFragment, Code, Diagnostic, Method, Spec};

/// Merges every fragment of `spec` into `doc`.
#[allow(clippy::too_many_arguments)]
pub fn merge(
    spec: &Spec,
    spec_path: &str,
    doc: &mut OpenAPI,
    registry: &mut Registry,
    components: &mut Components,
    ids: &mut Vec<IdOrigin>,
    strip: Option<&str>,
    diags: &mut Vec<Diagnostic>,
) {
    for fragment in &spec.api.fragments {
        let Some(tree) = read(fragment, diags) else {
            continue;
        };
        let target = Target {
            doc: &mut *doc,
            registry: &mut *registry,
            components: &mut *components,
            ids: &mut *ids,
        };
        merge_one(spec, spec_path, fragment, tree, target, strip, diags);
    }
}

/// The `paths` keys the spec's embedded fragments merge into (as [`merge`] computes them): a
/// fragment that does not read merges into none.
pub fn path_keys(spec: &Spec, strip: Option<&str>) -> std::collections::HashSet<String> {
    let mut keys = std::collections::HashSet::new();
    for fragment in &spec.api.fragments {
        let Some(tree) = read(fragment, &mut Vec::new()) else {
            continue;
        };
        if let Some(Tree::Map(paths)) = tree.get("paths") {
            for (path, _) in paths {
                keys.insert(path_key(&model_path_of(spec, path), strip));
            }
        }
    }
    keys
}

/// The operationIds the spec's embedded fragments state for operations (`paths.*.*.
/// operationId`), each with the model path and method it is stated for; generated ids give
/// way to them. A fragment that does not read states none (its problem is reported when it
/// is merged).
pub fn stated_operation_ids(spec: &Spec) -> Vec<(String, Method, String)> {
    let mut ids = Vec::new();
    for fragment in &spec.api.fragments {
        let Some(tree) = read(fragment, &mut Vec::new()) else {
            continue;
        };
        let Some(Tree::Map(paths)) = tree.get("paths") else {
            continue;
        };
        for (path, item) in paths {
            let Tree::Map(methods) = item else { continue };
            for (name, op) in methods {
                if let Some(method) = Method::parse(name)
                    && let Some(Tree::String(id)) = op.get("operationId")
                {
                    ids.push((model_path_of(spec, path), method, id.clone()));
                }
            }
        }
    }
    ids
}

fn unreadable(fragment: &ApiFragment, why: &str) -> Diagnostic {
    Diagnostic::new(
        Code::FragmentUnreadable,
        fragment.span,
        format!("the embedded OpenAPI fragment cannot be read: {why}"),
    )
    .with_help("fix the YAML, or tag the fence with another language if it is not OpenAPI")
}

fn read(fragment: &ApiFragment, diags: &mut Vec<Diagnostic>) -> Option<Tree> {
    let parsed: Result<Tree, _> =
        serde_saphyr::from_str_with_options(&fragment.text, crate::yaml::strict_options());
    let mut tree = match parsed {
        Ok(tree) => tree,
        Err(e) => {
            let message = e.to_string();
            let first_line = message.lines().next().unwrap_or("").to_owned();
            let lower = message.to_ascii_lowercase();
            if lower.contains("budget") || lower.contains("alias") || lower.contains("anchor") {
                diags.push(
                    Diagnostic::new(
                        Code::FragmentRejected,
                        fragment.span,
                        format!("the embedded OpenAPI fragment is refused: {first_line}"),
                    )
                    .with_help("write the fragment without YAML anchors and aliases"),
                );
            } else {
                diags.push(unreadable(fragment, &first_line));
            }
            return None;
        }
    };
    if !matches!(tree, Tree::Map(_)) {
        diags.push(unreadable(fragment, "it is not a mapping"));
        return None;
    }
    if let Some(target) = external_ref(&tree) {
        diags.push(
            Diagnostic::new(
                Code::FragmentRejected,
                fragment.span,
                format!("the embedded OpenAPI fragment refers to `{target}` outside itself"),
            )
            .with_help("specforge never reads files or URLs named in a spec; inline the schema"),
        );
        return None;
    }
    rewrite_refs(&mut tree);
    Some(tree)
}

fn external_ref(tree: &Tree) -> Option<String> {
    match tree {
        Tree::Map(entries) => entries.iter().find_map(|(k, v)| match v {
            Tree::String(s) if k == "$ref" && !s.starts_with('#') => Some(s.clone()),
            other => external_ref(other),
        }),
        Tree::Seq(items) => items.iter().find_map(external_ref),
        _ => None,
    }
}

fn rewrite_refs(tree: &mut Tree) {
    match tree {
        Tree::Map(entries) => {
            for (k, v) in entries.iter_mut() {
                match v {
                    Tree::String(s) if k == "$ref" => {
                        if let Some(name) = s.strip_prefix("#/definitions/") {
                            *s = format!("#/components/schemas/{name}");
                        }
                    }
                    other => rewrite_refs(other),
                }
            }
        }
        Tree::Seq(items) => items.iter_mut().for_each(rewrite_refs),
        _ => {}
    }
}

/// What a fragment is merged into.
struct Target<'a> {
    doc: &'a mut OpenAPI,
    registry: &'a mut Registry,
    components: &'a mut Components,
    ids: &'a mut Vec<IdOrigin>,
}

fn merge_one(
    spec: &Spec,
    spec_path: &str,
    fragment: &ApiFragment,
    tree: Tree,
    target: Target<'_>,
    strip: Option<&str>,
    diags: &mut Vec<Diagnostic>,
) {
    let Target {
        doc,
        registry,
        components,
        ids,
    } = target;
    let schemas = tree
        .get("definitions")
        .into_iter()
        .chain(tree.get("components").and_then(|c| c.get("schemas")));
    for map in schemas {
        let Tree::Map(entries) = map else { continue };
        for (name, value) in entries {
            match value.to_typed::<ReferenceOr<Schema>>() {
                Ok(schema) => registry.replace_from_fragment(name, schema, fragment.span, diags),
                Err(e) => diags.push(unreadable(fragment, &format!("schema `{name}`: {e}"))),
            }
        }
    }
    if let Some(c) = tree.get("components") {
        merge_typed(
            c.get("parameters"),
            &mut components.parameters,
            fragment,
            diags,
        );
        merge_typed(
            c.get("responses"),
            &mut components.responses,
            fragment,
            diags,
        );
        merge_typed(
            c.get("requestBodies"),
            &mut components.request_bodies,
            fragment,
            diags,
        );
    }
    let Some(Tree::Map(paths)) = tree.get("paths") else {
        return;
    };
    for (path, item) in paths {
        let model_path = model_path_of(spec, path);
        let key = path_key(&model_path, strip);
        let shared: Vec<Tree> = match item.get("parameters") {
            Some(Tree::Seq(p)) => p.clone(),
            _ => Vec::new(),
        };
        let Tree::Map(methods) = item else { continue };
        for (method_name, op_tree) in methods {
            let Some(method) = Method::parse(method_name) else {
                continue;
            };
            let mut op_tree = op_tree.clone();
            if !shared.is_empty() {
                let mut params = match op_tree.take("parameters") {
                    Some(Tree::Seq(p)) => p,
                    _ => Vec::new(),
                };
                for p in &shared {
                    params.push(p.clone());
                }
                op_tree.set("parameters", Tree::Seq(params));
            }
            convert_swagger2(&mut op_tree);
            let theirs = match op_tree.to_typed::<Operation>() {
                Ok(op) => op,
                Err(e) => {
                    diags.push(unreadable(
                        fragment,
                        &format!("operation {} {path}: {e}", method.as_str()),
                    ));
                    continue;
                }
            };
            let entry = doc
                .paths
                .paths
                .entry(key.clone())
                .or_insert_with(|| ReferenceOr::Item(PathItem::default()));
            let ReferenceOr::Item(item) = entry else {
                continue;
            };
            let slot = slot_mut(item, method);
            match slot {
                Some(ours) => fill(ours, theirs),
                None => {
                    let mut op = theirs;
                    let id = operation_id(method, &model_path);
                    if op.operation_id.is_none() {
                        op.operation_id = Some(id);
                    }
                    if op.summary.is_none() {
                        op.summary = Some(format!("{} {model_path}", method.as_str()));
                    }
                    if op.responses.responses.is_empty() && op.responses.default.is_none() {
                        let status = if method == Method::Delete { 204 } else { 200 };
                        op.responses.responses.insert(
                            StatusCode::Code(status),
                            ReferenceOr::Item(Response {
                                description: "Success".into(),
                                ..Response::default()
                            }),
                        );
                    }
                    if op.security.is_none() && doc.security.is_none() {
                        op.security = Some(Vec::new());
                    }
                    op.extensions
                        .entry("x-specforge-source".into())
                        .or_insert_with(|| serde_json::Value::String(spec_path.to_owned()));
                    ids.push(IdOrigin {
                        id: op.operation_id.clone().unwrap_or_default(),
                        label: format!("{} {model_path}", method.as_str()),
                        span: fragment.span,
                    });
                    *slot = Some(op);
                }
            }
        }
    }
}

/// The model path a fragment path stands for: itself when an endpoint has it, else with the
/// base path in front when that names an endpoint, else itself.
fn model_path_of(spec: &Spec, path: &str) -> String {
    let trimmed = path.trim_end_matches('/');
    let path = if trimmed.is_empty() { "/" } else { trimmed };
    if spec.api.endpoints.iter().any(|e| e.path == path) {
        return path.to_owned();
    }
    if let Some(base) = &spec.api.base_path {
        let joined = format!("{}{path}", base.value.trim_end_matches('/'));
        if spec.api.endpoints.iter().any(|e| e.path == joined) {
            return joined;
        }
    }
    path.to_owned()
}

fn merge_typed<T: serde::de::DeserializeOwned>(
    map: Option<&Tree>,
    into: &mut indexmap::IndexMap<String, ReferenceOr<T>>,
    fragment: &ApiFragment,
    diags: &mut Vec<Diagnostic>,
) {
    let Some(Tree::Map(entries)) = map else {
        return;
    };
    for (name, value) in entries {
        match value.to_typed::<ReferenceOr<T>>() {
            Ok(v) => {
                into.entry(name.clone()).or_insert(v);
            }
            Err(e) => diags.push(unreadable(fragment, &format!("component `{name}`: {e}"))),
        }
    }
}

const SCHEMA_KEYS: [&str; 15] = [
    "type",
    "format",
    "enum",
    "items",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "default",
    "pattern",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "multipleOf",
];

/// Rewrites Swagger 2 operation forms into OpenAPI 3 ones, in place.
fn convert_swagger2(op: &mut Tree) {
    for key in ["consumes", "produces", "schemes"] {
        op.take(key);
    }
    if let Some(Tree::Seq(params)) = op.take("parameters") {
        let mut kept = Vec::new();
        let mut form = Vec::new();
        for mut p in params {
            match p.get("in").and_then(Tree::as_str) {
                Some("body") => {
                    if op.get("requestBody").is_none() {
                        let mut media = Tree::Map(Vec::new());
                        if let Some(schema) = p.take("schema") {
                            media.set("schema", schema);
                        }
                        let mut content = Tree::Map(Vec::new());
                        content.set("application/json", media);
                        let mut body = Tree::Map(Vec::new());
                        if let Some(d) = p.take("description") {
                            body.set("description", d);
                        }
                        body.set("content", content);
                        body.set("required", p.take("required").unwrap_or(Tree::Bool(false)));
                        op.set("requestBody", body);
                    }
                }
                Some("formData") => form.push(p),
                _ => {
                    if p.get("schema").is_none()
                        && p.get("content").is_none()
                        && p.get("$ref").is_none()
                    {
                        let mut schema = Tree::Map(Vec::new());
                        for key in SCHEMA_KEYS {
                            if let Some(v) = p.take(key) {
                                schema.set(key, v);
                            }
                        }
                        p.take("collectionFormat");
                        p.take("allowEmptyValue");
                        if schema.get("type").is_none() {
                            schema.set("type", Tree::String("string".into()));
                        }
                        p.set("schema", schema);
                    }
                    if p.get("in").and_then(Tree::as_str) == Some("path") {
                        p.set("required", Tree::Bool(true));
                    }
                    kept.push(p);
                }
            }
        }
        op.set("parameters", Tree::Seq(kept));
        if !form.is_empty() && op.get("requestBody").is_none() {
            op.set("requestBody", form_body(form));
        }
    }
    let mut responses = op.take("responses").unwrap_or(Tree::Map(Vec::new()));
    if let Tree::Map(entries) = &mut responses {
        for (status, r) in entries.iter_mut() {
            if r.get("$ref").is_some() {
                continue;
            }
            if let Some(schema) = r.take("schema") {
                let mut media = Tree::Map(Vec::new());
                media.set("schema", schema);
                if let Some(example) = r
                    .take("examples")
                    .and_then(|mut e| e.take("application/json"))
                {
                    media.set("example", example);
                }
                let mut content = Tree::Map(Vec::new());
                content.set("application/json", media);
                r.set("content", content);
            }
            if let Some(Tree::Map(headers)) = r.get("headers").cloned() {
                let converted = headers
                    .into_iter()
                    .map(|(name, mut h)| {
                        if h.get("schema").is_none() && h.get("$ref").is_none() {
                            let mut schema = Tree::Map(Vec::new());
                            for key in SCHEMA_KEYS {
                                if let Some(v) = h.take(key) {
                                    schema.set(key, v);
                                }
                            }
                            h.set("schema", schema);
                        }
                        (name, h)
                    })
                    .collect();
                r.set("headers", Tree::Map(converted));
            }
            if r.get("description").is_none() {
                let text = status.parse::<u16>().map_or("Response", reason);
                r.set("description", Tree::String(text.to_owned()));
            }
        }
    }
    op.set("responses", responses);
}

/// Swagger 2 `in: formData` parameters as one form request body (`multipart/form-data` when a
/// parameter is a file, else `application/x-www-form-urlencoded`).
fn form_body(params: Vec<Tree>) -> Tree {
    let mut properties = Tree::Map(Vec::new());
    let mut required = Vec::new();
    let mut multipart = false;
    for mut p in params {
        let Some(name) = p.get("name").and_then(Tree::as_str).map(str::to_owned) else {
            continue;
        };
        let mut schema = Tree::Map(Vec::new());
        for key in SCHEMA_KEYS {
            if let Some(v) = p.take(key) {
                schema.set(key, v);
            }
        }
        if schema.get("type").and_then(Tree::as_str) == Some("file") {
            multipart = true;
            schema.set("type", Tree::String("string".into()));
            schema.set("format", Tree::String("binary".into()));
        }
        if schema.get("type").is_none() {
            schema.set("type", Tree::String("string".into()));
        }
        if let Some(d) = p.take("description") {
            schema.set("description", d);
        }
        if matches!(p.get("required"), Some(Tree::Bool(true))) {
            required.push(Tree::String(name.clone()));
        }
        properties.set(&name, schema);
    }
    let mut object = Tree::Map(Vec::new());
    object.set("type", Tree::String("object".into()));
    object.set("properties", properties);
    let any_required = !required.is_empty();
    if any_required {
        object.set("required", Tree::Seq(required));
    }
    let mut media = Tree::Map(Vec::new());
    media.set("schema", object);
    let mut content = Tree::Map(Vec::new());
    let kind = if multipart {
        "multipart/form-data"
    } else {
        "application/x-www-form-urlencoded"
    };
    content.set(kind, media);
    let mut body = Tree::Map(Vec::new());
    body.set("content", content);
    body.set("required", Tree::Bool(any_required));
    body
}

/// Fills what the prose left open in `ours` from `theirs`.
fn fill(ours: &mut Operation, theirs: Operation) {
    if ours.summary.is_none() {
        ours.summary = theirs.summary;
    }
    if ours.description.is_none() {
        ours.description = theirs.description;
    }
    if ours.tags.is_empty() {
        ours.tags = theirs.tags;
    }
    for p in theirs.parameters {
        let present = match &p {
            ReferenceOr::Item(tp) => ours.parameters.iter().any(|q| match q {
                ReferenceOr::Item(op) => same_param(op, tp),
                ReferenceOr::Reference { .. } => false,
            }),
            ReferenceOr::Reference { reference } => ours
                .parameters
                .iter()
                .any(|q| matches!(q, ReferenceOr::Reference { reference: r } if r == reference)),
        };
        if !present {
            ours.parameters.push(p);
        }
    }
    if ours.request_body.is_none() {
        ours.request_body = theirs.request_body;
    } else if let (Some(ReferenceOr::Item(mine)), Some(ReferenceOr::Item(their))) =
        (&mut ours.request_body, theirs.request_body)
        && mine
            .content
            .values()
            .all(|m| matches!(&m.schema, Some(ReferenceOr::Item(s)) if matches!(s.schema_kind, openapiv3::SchemaKind::Any(_))))
    {
        mine.content = their.content;
    }
    for (status, response) in theirs.responses.responses {
        match ours.responses.responses.get_mut(&status) {
            None => {
                ours.responses.responses.insert(status, response);
            }
            Some(ReferenceOr::Item(mine)) => {
                if let ReferenceOr::Item(their) = response
                    && mine.content.is_empty()
                {
                    mine.content = their.content;
                    if mine.headers.is_empty() {
                        mine.headers = their.headers;
                    }
                }
            }
            Some(ReferenceOr::Reference { .. }) => {}
        }
    }
    ours.responses.responses.sort_keys();
    if ours.responses.default.is_none() {
        ours.responses.default = theirs.responses.default;
    }
}

fn same_param(a: &Parameter, b: &Parameter) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
        && a.parameter_data_ref().name == b.parameter_data_ref().name
}
