//! The API across revisions: the two OpenAPI documents compared operation by operation, with
//! oasdiff's notion of what breaks a client.
//!
//! Operations are matched by method and path template (a renamed path parameter is the same
//! operation). For each matched operation:
//!
//! | change | code | level |
//! |---|---|---|
//! | operation removed | `SF-A101` | breaking |
//! | operation added | `SF-A102` | info |
//! | parameter newly required (added as required, or optional → required) | `SF-A103` | breaking |
//! | parameter removed | `SF-A104` | warning |
//! | a parameter's, request field's or response field's type or format changes | `SF-A105` | breaking |
//! | request field newly required | `SF-A106` | breaking |
//! | request enum value removed | `SF-A107` | breaking |
//! | success response removed | `SF-A108` | breaking |
//! | response field removed | `SF-A109` | breaking |
//! | response enum value added (clients with exhaustive matches break) | `SF-A110` | warning |
//!
//! Schemas are compared as JSON values (`$ref`s into `components.schemas` resolved), down to
//! eight levels.

use crate::{Change, Level, Side};
use openapiv3::OpenAPI;
use serde_json::Value;
use specforge_model::{Code, Span, Spec};
use std::collections::{BTreeMap, BTreeSet};

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// `GET /orders/{}`: the method and path template without parameter names.
fn shape(method: &str, path: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in path.chars() {
        match c {
            '{' => {
                depth += 1;
                out.push('{');
            }
            '}' => {
                depth -= 1;
                out.push('}');
            }
            _ if depth > 0 => {}
            _ => out.push(c),
        }
    }
    format!("{} {out}", method.to_ascii_uppercase())
}

struct Operation<'a> {
    method: &'a str,
    path: &'a str,
    value: &'a Value,
}

fn operations(doc: &Value) -> BTreeMap<String, Operation<'_>> {
    let mut out = BTreeMap::new();
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
        return out;
    };
    for (path, item) in paths {
        for method in METHODS {
            if let Some(op) = item.get(method) {
                out.insert(
                    shape(method, path),
                    Operation {
                        method,
                        path,
                        value: op,
                    },
                );
            }
        }
    }
    out
}

/// Where an operation is written in `spec`: its endpoint's path.
fn span_of(spec: &Spec, method: &str, path: &str) -> Span {
    let wanted = shape(method, path);
    spec.api
        .endpoints
        .iter()
        .find(|e| {
            let endpoint = shape(e.method.as_str(), &e.path);
            endpoint == wanted
                || endpoint.ends_with(&wanted[method.len() + 1..])
                    && endpoint.starts_with(&method.to_ascii_uppercase())
        })
        .map_or(Span::default(), |e| e.raw_path.span)
}

struct Ctx<'a> {
    old_doc: &'a Value,
    new_doc: &'a Value,
    label: String,
    span: Span,
    out: &'a mut Vec<Change>,
}

impl Ctx<'_> {
    fn push(&mut self, code: Code, level: Level, message: String, help: &str) {
        self.out.push(
            Change::new(
                code,
                level,
                "api",
                Side::New,
                self.span,
                format!("{}: {message}", self.label),
            )
            .help(help),
        );
    }
}

/// Adds the API changes from `old` to `new`.
pub fn compare(
    old: &OpenAPI,
    new: &OpenAPI,
    old_spec: &Spec,
    new_spec: &Spec,
    out: &mut Vec<Change>,
) {
    let (Ok(a), Ok(b)) = (serde_json::to_value(old), serde_json::to_value(new)) else {
        return;
    };
    let (before, after) = (operations(&a), operations(&b));
    for (key, was) in &before {
        let Some(now) = after.get(key) else {
            out.push(
                Change::new(
                    Code::OperationRemoved,
                    Level::Breaking,
                    "api",
                    Side::Old,
                    span_of(old_spec, was.method, was.path),
                    format!("`{} {}` is removed", was.method.to_ascii_uppercase(), was.path),
                )
                .help("clients calling it break; deprecate it first and remove it in a new major version"),
            );
            continue;
        };
        let mut ctx = Ctx {
            old_doc: &a,
            new_doc: &b,
            label: format!("`{} {}`", now.method.to_ascii_uppercase(), now.path),
            span: span_of(new_spec, now.method, now.path),
            out,
        };
        parameters(&mut ctx, was.value, now.value);
        request(&mut ctx, was.value, now.value);
        responses(&mut ctx, was.value, now.value);
    }
    for (key, now) in &after {
        if !before.contains_key(key) {
            out.push(Change::new(
                Code::OperationAdded,
                Level::Info,
                "api",
                Side::New,
                span_of(new_spec, now.method, now.path),
                format!(
                    "`{} {}` is added",
                    now.method.to_ascii_uppercase(),
                    now.path
                ),
            ));
        }
    }
}

fn resolve<'a>(doc: &'a Value, value: &'a Value) -> &'a Value {
    let mut current = value;
    for _ in 0..8 {
        match current.get("$ref").and_then(Value::as_str) {
            Some(r) => match r
                .strip_prefix("#/")
                .and_then(|p| doc.pointer(&format!("/{p}")))
            {
                Some(target) => current = target,
                None => return current,
            },
            None => return current,
        }
    }
    current
}

/// Parameters by (location, name), with the path's parameters keyed by position (a renamed
/// path parameter is the same parameter).
fn parameter_map<'a>(doc: &'a Value, op: &'a Value) -> BTreeMap<(String, String), &'a Value> {
    let mut out = BTreeMap::new();
    let mut position = 0;
    for p in op
        .get("parameters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let p = resolve(doc, p);
        let location = p.get("in").and_then(Value::as_str).unwrap_or("").to_owned();
        let name = p
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned();
        let key = if location == "path" {
            position += 1;
            format!("#{position}")
        } else {
            name
        };
        out.insert((location, key), p);
    }
    out
}

fn required(p: &Value) -> bool {
    p.get("required").and_then(Value::as_bool).unwrap_or(false)
}

fn name(p: &Value) -> &str {
    p.get("name").and_then(Value::as_str).unwrap_or("?")
}

fn parameters(ctx: &mut Ctx<'_>, was: &Value, now: &Value) {
    let (before, after) = (
        parameter_map(ctx.old_doc, was),
        parameter_map(ctx.new_doc, now),
    );
    for (key, p) in &after {
        match before.get(key) {
            None if required(p) => ctx.push(
                Code::ParameterNewlyRequired,
                Level::Breaking,
                format!("new required {} parameter `{}`", key.0, name(p)),
                "clients that do not send it break; make it optional with a default",
            ),
            Some(old) if required(p) && !required(old) => ctx.push(
                Code::ParameterNewlyRequired,
                Level::Breaking,
                format!("{} parameter `{}` becomes required", key.0, name(p)),
                "clients that do not send it break; keep it optional with a default",
            ),
            Some(old) => {
                if let (Some(a), Some(b)) = (old.get("schema"), p.get("schema")) {
                    let what = format!("{} parameter `{}`", key.0, name(p));
                    schema(ctx, a, b, &what, Direction::Request, 0);
                }
            }
            None => {}
        }
    }
    for (key, p) in &before {
        if !after.contains_key(key) {
            ctx.push(
                Code::ParameterRemoved,
                Level::Warning,
                format!("{} parameter `{}` is removed", key.0, name(p)),
                "clients that still send it are ignored or refused; check which",
            );
        }
    }
}

fn json_body<'a>(doc: &'a Value, holder: &'a Value) -> Option<&'a Value> {
    let holder = resolve(doc, holder);
    holder
        .get("content")?
        .as_object()?
        .iter()
        .find(|(media, _)| media.contains("json"))
        .and_then(|(_, m)| m.get("schema"))
}

fn request(ctx: &mut Ctx<'_>, was: &Value, now: &Value) {
    let (Some(a), Some(b)) = (
        was.get("requestBody")
            .and_then(|r| json_body(ctx.old_doc, r)),
        now.get("requestBody")
            .and_then(|r| json_body(ctx.new_doc, r)),
    ) else {
        return;
    };
    schema(ctx, a, b, "request body", Direction::Request, 0);
}

fn responses(ctx: &mut Ctx<'_>, was: &Value, now: &Value) {
    let (Some(a), Some(b)) = (
        was.get("responses").and_then(Value::as_object),
        now.get("responses").and_then(Value::as_object),
    ) else {
        return;
    };
    for (status, old) in a {
        let success = status.starts_with('2') || status.starts_with('3');
        match b.get(status) {
            None if success => ctx.push(
                Code::ResponseRemoved,
                Level::Breaking,
                format!("response {status} is removed"),
                "clients expecting it break",
            ),
            Some(new) if success => {
                if let (Some(x), Some(y)) =
                    (json_body(ctx.old_doc, old), json_body(ctx.new_doc, new))
                {
                    let what = format!("response {status}");
                    schema(ctx, x, y, &what, Direction::Response, 0);
                }
            }
            _ => {}
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    Request,
    Response,
}

fn kind(s: &Value) -> String {
    let ty = s.get("type").and_then(Value::as_str).unwrap_or("any");
    match s.get("format").and_then(Value::as_str) {
        Some(f) => format!("{ty} ({f})"),
        None => ty.to_owned(),
    }
}

fn enum_values(s: &Value) -> BTreeSet<String> {
    s.get("enum")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
        .collect()
}

fn schema(ctx: &mut Ctx<'_>, a: &Value, b: &Value, what: &str, dir: Direction, depth: usize) {
    if depth > 8 {
        return;
    }
    let (old_doc, new_doc) = (ctx.old_doc, ctx.new_doc);
    let (a, b) = (resolve(old_doc, a), resolve(new_doc, b));
    let (ka, kb) = (kind(a), kind(b));
    let untyped = |k: &str| k == "any";
    if ka != kb && !untyped(&ka) && !untyped(&kb) {
        ctx.push(
            Code::TypeChanged,
            Level::Breaking,
            format!("{what} changes type: {ka} → {kb}"),
            "clients parsing or sending the old type break; add a new field instead",
        );
        return;
    }
    let (ea, eb) = (enum_values(a), enum_values(b));
    if !ea.is_empty() || !eb.is_empty() {
        match dir {
            Direction::Request => {
                let removed: Vec<&String> = ea.difference(&eb).collect();
                if !removed.is_empty() && !eb.is_empty() {
                    ctx.push(
                        Code::RequestEnumValueRemoved,
                        Level::Breaking,
                        format!("{what} no longer accepts {}", list(&removed)),
                        "clients sending it break",
                    );
                }
            }
            Direction::Response => {
                let added: Vec<&String> = eb.difference(&ea).collect();
                if !added.is_empty() && !ea.is_empty() {
                    ctx.push(
                        Code::ResponseEnumValueAdded,
                        Level::Warning,
                        format!("{what} may now return {}", list(&added)),
                        "clients with an exhaustive match on the values break; tell them first",
                    );
                }
            }
        }
    }
    if let (Some(ia), Some(ib)) = (a.get("items"), b.get("items")) {
        schema(ctx, ia, ib, &format!("{what}[]"), dir, depth + 1);
    }
    let props = |s: &Value| -> BTreeMap<String, Value> {
        s.get("properties")
            .and_then(Value::as_object)
            .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default()
    };
    let required_of = |s: &Value| -> BTreeSet<String> {
        s.get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect()
    };
    let (pa, pb) = (props(a), props(b));
    let (ra, rb) = (required_of(a), required_of(b));
    for (field, old) in &pa {
        match pb.get(field) {
            None if dir == Direction::Response => ctx.push(
                Code::ResponseFieldRemoved,
                Level::Breaking,
                format!("{what} loses field `{field}`"),
                "clients reading it break; keep it (deprecated) until they have moved",
            ),
            Some(new) => schema(ctx, old, new, &format!("{what}.{field}"), dir, depth + 1),
            None => {}
        }
    }
    if dir == Direction::Request {
        for field in rb.difference(&ra) {
            ctx.push(
                Code::RequestFieldNewlyRequired,
                Level::Breaking,
                format!("{what} field `{field}` becomes required"),
                "clients that do not send it break; make it optional with a default",
            );
        }
    }
}

fn list(values: &[&String]) -> String {
    values
        .iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use crate::test_support::{lines, spec};

    fn api(endpoints: &str) -> String {
        spec(&format!(
            "## Data Model\n\n```sql\nCREATE TABLE orders (\n  id uuid PRIMARY KEY,\n  \
             status varchar(20) NOT NULL CHECK (status IN ('pending', 'paid')),\n  total integer NOT NULL\n);\n```\n\n\
             ## API\n\n{endpoints}"
        ))
    }

    const GET: &str = "#### GET /orders/{id}\n\n**Response (200 OK):**\n\n```json\n{\"id\": \"5f0c2a4e-8d1b-4c7e-9a3f-2b6d8e1f0a7c\", \"status\": \"paid\", \"total\": 12}\n```\n\n";
    const LIST: &str = "#### GET /orders\n\n| Parameter | In | Type | Required | Description |\n|---|---|---|---|---|\n| limit | query | integer | No | Page size |\n\n";

    #[test]
    fn removed_operations_break_and_added_ones_do_not() {
        let got = lines(
            &api(&format!("{GET}{LIST}")),
            &api(&format!("{GET}#### DELETE /orders/{{id}}\n\nDeletes.\n")),
        );
        assert_eq!(
            got,
            vec![
                "SF-A101 breaking: `GET /orders` is removed",
                "SF-A102 info: `DELETE /orders/{id}` is added",
            ]
        );
    }

    #[test]
    fn parameters_becoming_required_or_changing_type_break() {
        let newer = LIST.replace(
            "| limit | query | integer | No |",
            "| limit | query | string | Yes |",
        );
        let got = lines(&api(LIST), &api(&newer));
        assert!(
            got.contains(
                &"SF-A103 breaking: `GET /orders`: query parameter `limit` becomes required"
                    .to_owned()
            ),
            "{got:#?}"
        );
        let got = lines(
            &api(LIST),
            &api(&LIST.replace(
                "| limit | query | integer | No |",
                "| limit | query | string | No |",
            )),
        );
        assert_eq!(
            got,
            vec![
                "SF-A105 breaking: `GET /orders`: query parameter `limit` changes type: integer → string"
            ]
        );
    }

    #[test]
    fn response_fields_removed_or_retyped_break() {
        let newer = GET
            .replace(", \"total\": 12", "")
            .replace("\"status\": \"paid\"", "\"status\": 3");
        let got = lines(&api(GET), &api(&newer));
        assert_eq!(
            got,
            vec![
                "SF-A109 breaking: `GET /orders/{id}`: response 200 loses field `total`",
                "SF-A105 breaking: `GET /orders/{id}`: response 200.status changes type: string → integer",
            ],
        );
    }

    #[test]
    fn renamed_path_parameters_are_the_same_operation() {
        let renamed = GET.replace("{id}", "{order_id}");
        assert!(lines(&api(GET), &api(&renamed)).is_empty());
    }
}
