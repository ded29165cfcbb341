//! Unit tests over hand-built specs: one group per rule of the emitter.

use crate::{build, reparse, to_json, to_yaml};
use serde_json::{Value, json};
use specforge_model::*;
use specforge_schema::SchemaModel;

fn sp(text: &str) -> Spanned<String> {
    Spanned::new(text.to_owned(), Span::new(10, 10 + text.len()))
}

fn endpoint(method: Method, path: &str) -> Endpoint {
    Endpoint {
        method,
        path: path.to_owned(),
        raw_path: sp(path),
        summary: Some(format!("{} it", method.as_str())),
        auth: None,
        auth_statements: Vec::new(),
        section: None,
        group: None,
        description: None,
        authorization: None,
        rate_limit: None,
        parameters: Vec::new(),
        request: None,
        request_summary: None,
        responses: Vec::new(),
        mentions: Vec::new(),
        span: Span::new(0, 1),
    }
}

fn spec(endpoints: Vec<Endpoint>) -> Spec {
    let mut s = Spec::default();
    s.info.title = Some(sp("Ledger"));
    s.api.endpoints = endpoints;
    s
}

fn param(
    name: &str,
    location: ParamLocation,
    ty: Option<&str>,
    validation: Option<&str>,
) -> Parameter {
    Parameter {
        name: sp(name),
        location,
        type_text: ty.map(sp),
        required: Some(location == ParamLocation::Query && name == "q"),
        description: Some(format!("the {name}")),
        validation: validation.map(sp),
        span: Span::new(0, 1),
    }
}

fn json_body(text: &str) -> BodyExample {
    BodyExample {
        lang: "json".into(),
        text: text.into(),
        offset: 100,
    }
}

fn response(
    status: Option<u16>,
    description: &str,
    is_error: bool,
    example: Option<&str>,
) -> ResponseSpec {
    ResponseSpec {
        status: status.map(|s| Spanned::new(s, Span::new(5, 8))),
        description: Some(description.into()),
        is_error,
        example: example.map(json_body),
        span: Span::new(0, 1),
    }
}

fn entry(code: &str, status: Option<u16>, scope: ErrorScope) -> ErrorEntry {
    ErrorEntry {
        code: sp(code),
        status: status.map(|s| Spanned::new(s, Span::new(0, 3))),
        description: Some(format!("{code} happened")),
        resolution: None,
        retryable: None,
        type_uri: None,
        scope,
        span: Span::new(0, 1),
    }
}

fn code(code: &str, status: u16) -> ErrorCode {
    ErrorCode {
        code: sp(code),
        status: Some(Spanned::new(status, Span::new(0, 3))),
        description: Some(format!("{code} happened")),
        resolution: None,
        retryable: None,
        type_uri: None,
        rows: Vec::new(),
    }
}

fn on(endpoint: &str) -> ErrorScope {
    ErrorScope::Endpoint {
        endpoint: endpoint.into(),
    }
}

fn model(sql: &str) -> SchemaModel {
    let mut s = Spec::default();
    s.schema.sql_blocks.push(SqlBlock {
        dialect: SqlDialect::Postgres,
        info: "sql".into(),
        role: SqlBlockRole::Schema,
        body: sql.into(),
        body_offset: 0,
        span: Span::new(0, sql.len()),
        section: None,
    });
    let (m, diags) = specforge_schema::build_schema(&s);
    assert!(diags.iter().all(|d| !d.is_error()), "{diags:#?}");
    m
}

const ACCOUNTS: &str = "CREATE TYPE account_kind AS ENUM ('asset', 'liability');
CREATE TABLE accounts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code varchar(32) NOT NULL UNIQUE,
  currency char(3) NOT NULL,
  kind account_kind NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'closed')),
  balance bigint NOT NULL CHECK (balance >= 0),
  rate numeric(10,4),
  meta jsonb,
  tags text[],
  flag boolean NOT NULL DEFAULT false,
  opened_on date,
  created_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz
);
COMMENT ON COLUMN accounts.code IS 'Account code';";

fn doc(spec: &Spec, m: &SchemaModel) -> (Value, Vec<Diagnostic>) {
    let built = build(spec, m, "specs/ledger.md");
    let yaml = to_yaml(&built.document, "specs/ledger.md").unwrap();
    let back = reparse(&yaml).unwrap();
    assert_eq!(back, built.document, "YAML round trip");
    let json: Value = serde_json::from_str(&to_json(&built.document).unwrap()).unwrap();
    let from_yaml: Value = serde_saphyr::from_str(&yaml).unwrap();
    assert_eq!(from_yaml, json, "YAML and JSON forms");
    if let Ok(dir) = std::env::var("SPECFORGE_OPENAPI_DUMP") {
        // For checking by hand with openapi-spec-validator and redocly.
        let name = format!("unit-{:016x}.yaml", fnv(&yaml));
        std::fs::write(std::path::Path::new(&dir).join(name), &yaml).unwrap();
    }
    (json, built.diagnostics)
}

fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn codes(diags: &[Diagnostic]) -> Vec<&'static str> {
    diags.iter().map(|d| d.code.as_str()).collect()
}

fn at<'a>(v: &'a Value, pointer: &str) -> &'a Value {
    v.pointer(pointer).unwrap_or_else(|| {
        panic!(
            "no {pointer} in {}",
            serde_json::to_string_pretty(v).unwrap()
        )
    })
}

#[test]
fn document_info_servers_and_tags() {
    let mut a = endpoint(Method::Get, "/api/v1/accounts");
    a.group = Some("3.2 Accounts".into());
    a.section = Some("get-accounts".into());
    let mut b = endpoint(Method::Get, "/api/v1/guests");
    b.group = Some("4. Guests".into());
    let c = endpoint(Method::Get, "/api/v1/health");
    let mut s = spec(vec![b, a, c]);
    s.info.version = Some(sp("1.2"));
    s.api.base_url = Some(sp("https://api.example.com/api/v1/"));
    let (d, diags) = doc(&s, &SchemaModel::default());
    assert!(diags.is_empty(), "{diags:#?}");
    assert_eq!(at(&d, "/openapi"), "3.0.3");
    assert_eq!(at(&d, "/info/title"), "Ledger");
    assert_eq!(at(&d, "/info/version"), "1.2");
    assert_eq!(at(&d, "/servers/0/url"), "https://api.example.com/api/v1");
    let paths: Vec<&String> = at(&d, "/paths").as_object().unwrap().keys().collect();
    assert!(paths.contains(&&"/accounts".to_owned()), "{paths:?}");
    let tags: Vec<&Value> = at(&d, "/tags")
        .as_array()
        .unwrap()
        .iter()
        .map(|t| &t["name"])
        .collect();
    assert_eq!(tags, [&json!("Guests"), &json!("Accounts")]);
    assert_eq!(at(&d, "/paths/~1accounts/get/tags"), &json!(["Accounts"]));
    assert!(d.pointer("/paths/~1health/get/tags").is_none());
    assert_eq!(
        at(&d, "/paths/~1accounts/get/x-specforge-source"),
        "specs/ledger.md#get-accounts"
    );
    assert_eq!(
        at(&d, "/paths/~1health/get/x-specforge-source"),
        "specs/ledger.md"
    );
    assert_eq!(at(&d, "/paths/~1accounts/get/operationId"), "getAccounts");

    // No base URL: `/`, full paths, version defaults.
    let mut s = spec(vec![endpoint(Method::Get, "/api/v1/accounts")]);
    s.info.title = None;
    s.info.service = Some(sp("Ledger Service"));
    let (d, _) = doc(&s, &SchemaModel::default());
    assert_eq!(at(&d, "/servers/0/url"), "/");
    assert_eq!(at(&d, "/info/title"), "Ledger Service");
    assert_eq!(at(&d, "/info/version"), "0.0.0");
    assert!(d.pointer("/paths/~1api~1v1~1accounts/get").is_some());
}

#[test]
fn generated_operation_ids_that_clash_are_made_distinct_with_a_note() {
    let mut query = endpoint(Method::Post, "/query");
    query.request = None;
    let s = spec(vec![
        endpoint(Method::Get, "/api/v1/order-items"),
        endpoint(Method::Get, "/api/v1/order_items"),
        endpoint(Method::Post, "/api/query"),
        query,
    ]);
    let (d, diags) = doc(&s, &SchemaModel::default());
    assert!(!diags.iter().any(|d| d.is_error()), "{diags:#?}");
    let notes: Vec<&Diagnostic> = diags
        .iter()
        .filter(|d| d.code == Code::OperationIdDisambiguated)
        .collect();
    assert_eq!(notes.len(), 3, "{notes:#?}");
    assert_eq!(
        at(&d, "/paths/~1api~1v1~1order-items/get/operationId"),
        "getApiV1OrderItems"
    );
    assert_eq!(
        at(&d, "/paths/~1api~1v1~1order_items/get/operationId"),
        "getApiV1OrderItems2"
    );
    assert_eq!(
        at(&d, "/paths/~1api~1query/post/operationId"),
        "postApiQuery"
    );
    assert_eq!(at(&d, "/paths/~1query/post/operationId"), "postQuery");
}

#[test]
fn path_parameters_take_the_key_column_type() {
    let m = model(ACCOUNTS);
    let mut get = endpoint(Method::Get, "/api/v1/accounts/{id}/entries/{entry_id}");
    get.parameters.push(param(
        "entry_id",
        ParamLocation::Path,
        Some("integer"),
        Some("1-999"),
    ));
    let (d, diags) = doc(&spec(vec![get]), &m);
    assert!(diags.is_empty(), "{diags:#?}");
    let params = at(
        &d,
        "/paths/~1api~1v1~1accounts~1{id}~1entries~1{entry_id}/get/parameters",
    );
    assert_eq!(params[0]["name"], "id");
    assert_eq!(params[0]["in"], "path");
    assert_eq!(params[0]["required"], true);
    assert_eq!(
        params[0]["schema"],
        json!({"type": "string", "format": "uuid"})
    );
    assert_eq!(
        params[1]["schema"],
        json!({"type": "integer", "minimum": 1, "maximum": 999})
    );
    assert_eq!(params[1]["description"], "the entry_id");
    // Without a table: a string.
    let (d, _) = doc(&spec(vec![endpoint(Method::Get, "/things/{id}")]), &m);
    assert_eq!(
        at(&d, "/paths/~1things~1{id}/get/parameters/0/schema"),
        &json!({"type": "string"})
    );
}

#[test]
fn query_parameters_read_validation_texts() {
    let mut get = endpoint(Method::Get, "/accounts");
    get.parameters = vec![
        param(
            "limit",
            ParamLocation::Query,
            Some("integer"),
            Some("1-200, default 50"),
        ),
        param(
            "status",
            ParamLocation::Query,
            Some("string"),
            Some("open | closed"),
        ),
        param("q", ParamLocation::Query, Some("string"), Some("max 100")),
        param(
            "page_size",
            ParamLocation::Query,
            Some("integer"),
            Some("max 100"),
        ),
        param(
            "since",
            ParamLocation::Query,
            Some("string"),
            Some("ISO 8601"),
        ),
        param("owner", ParamLocation::Query, Some("string (uuid)"), None),
        param("kind", ParamLocation::Query, None, Some("one of: a, b")),
    ];
    let (d, _) = doc(&spec(vec![get]), &SchemaModel::default());
    let p = at(&d, "/paths/~1accounts/get/parameters");
    assert_eq!(
        p[0]["schema"],
        json!({"type": "integer", "minimum": 1, "maximum": 200, "default": 50})
    );
    assert!(p[0].get("required").is_none());
    assert_eq!(
        p[1]["schema"],
        json!({"type": "string", "enum": ["open", "closed"]})
    );
    assert_eq!(p[2]["schema"], json!({"type": "string", "maxLength": 100}));
    assert_eq!(p[2]["required"], true);
    assert_eq!(p[3]["schema"], json!({"type": "integer", "maximum": 100}));
    assert_eq!(
        p[4]["schema"],
        json!({"type": "string", "format": "date-time"})
    );
    assert_eq!(p[5]["schema"], json!({"type": "string", "format": "uuid"}));
    assert_eq!(
        p[6]["schema"],
        json!({"type": "string", "enum": ["a", "b"]})
    );
}

#[test]
fn header_parameters_skip_authorization_content_type_and_accept() {
    let mut get = endpoint(Method::Get, "/accounts");
    for name in ["Authorization", "content-type", "Accept", "X-Request-Id"] {
        get.parameters
            .push(param(name, ParamLocation::Header, Some("string"), None));
    }
    let (d, _) = doc(&spec(vec![get]), &SchemaModel::default());
    let p = at(&d, "/paths/~1accounts/get/parameters")
        .as_array()
        .unwrap();
    assert_eq!(p.len(), 1);
    assert_eq!(p[0]["name"], "X-Request-Id");
    assert_eq!(p[0]["in"], "header");
}

#[test]
fn security_schemes_and_requirements() {
    let mut a = endpoint(Method::Get, "/a");
    a.auth = Some(sp("Required"));
    let mut b = endpoint(Method::Get, "/b");
    b.auth = Some(sp("None"));
    let mut c = endpoint(Method::Get, "/c");
    c.auth = Some(sp("Optional"));
    let mut e = endpoint(Method::Get, "/e");
    e.auth = Some(sp("API key (X-Partner-Key)"));
    let mut s = spec(vec![a, b, c, e, endpoint(Method::Get, "/f")]);
    s.api.auth_scheme = Some(sp("Bearer token (JWT)"));
    let (d, _) = doc(&s, &SchemaModel::default());
    assert_eq!(at(&d, "/security"), &json!([{"bearerAuth": []}]));
    assert_eq!(
        at(&d, "/components/securitySchemes/bearerAuth"),
        &json!({"type": "http", "scheme": "bearer", "bearerFormat": "JWT"})
    );
    assert_eq!(
        at(&d, "/components/securitySchemes/apiKeyAuth"),
        &json!({"type": "apiKey", "in": "header", "name": "X-Partner-Key"})
    );
    assert!(d.pointer("/paths/~1a/get/security").is_none());
    assert_eq!(at(&d, "/paths/~1b/get/security"), &json!([]));
    assert_eq!(
        at(&d, "/paths/~1c/get/security"),
        &json!([{}, {"bearerAuth": []}])
    );
    assert_eq!(
        at(&d, "/paths/~1e/get/security"),
        &json!([{"apiKeyAuth": []}])
    );
    assert!(d.pointer("/paths/~1f/get/security").is_none());

    // A bare `Required` with no scheme anywhere: bearer without a format.
    let mut a = endpoint(Method::Get, "/a");
    a.auth = Some(sp("Yes"));
    let (d, _) = doc(
        &spec(vec![a, endpoint(Method::Get, "/p")]),
        &SchemaModel::default(),
    );
    assert_eq!(
        at(&d, "/components/securitySchemes/bearerAuth"),
        &json!({"type": "http", "scheme": "bearer"})
    );
    // Nothing requires auth: no top level, every operation says `security: []`.
    let (d, _) = doc(
        &spec(vec![endpoint(Method::Get, "/p")]),
        &SchemaModel::default(),
    );
    assert!(d.get("security").is_none());
    assert_eq!(at(&d, "/paths/~1p/get/security"), &json!([]));
}

#[test]
fn error_responses_are_grouped_by_status_with_their_codes() {
    let mut get = endpoint(Method::Get, "/api/v1/accounts/{id}");
    get.auth = Some(sp("Required"));
    get.responses.push(response(Some(200), "OK", false, None));
    get.responses.push(response(Some(410), "Gone", true, None));
    let mut s = spec(vec![get]);
    s.errors.entries = vec![
        entry(
            "ACCOUNT_NOT_FOUND",
            Some(404),
            on("GET /api/v1/accounts/{id}"),
        ),
        entry("ACCOUNT_CLOSED", None, on("GET /api/v1/accounts/{id}")),
        entry("BAD_ID", Some(400), on("GET /api/v1/accounts/{id}")),
        entry("OTHER", Some(404), on("GET /api/v1/other")),
    ];
    s.errors.codes = vec![
        code("ACCOUNT_NOT_FOUND", 404),
        code("ACCOUNT_CLOSED", 404),
        code("BAD_ID", 400),
        code("OTHER", 404),
        code("UNAUTHORIZED", 401),
    ];
    let (d, _) = doc(&s, &SchemaModel::default());
    let r = at(&d, "/paths/~1api~1v1~1accounts~1{id}/get/responses");
    let statuses: Vec<&String> = r.as_object().unwrap().keys().collect();
    assert_eq!(statuses, ["200", "400", "401", "404", "410"]);
    assert_eq!(
        r["404"]["description"],
        "Not Found: ACCOUNT_NOT_FOUND, ACCOUNT_CLOSED"
    );
    assert_eq!(
        r["404"]["x-specforge-error-codes"],
        json!(["ACCOUNT_NOT_FOUND", "ACCOUNT_CLOSED"])
    );
    assert_eq!(
        r["404"]["content"]["application/json"]["schema"],
        json!({"$ref": "#/components/schemas/Error"})
    );
    assert_eq!(
        r["404"]["content"]["application/json"]["examples"]["ACCOUNT_CLOSED"]["value"],
        json!({"code": "ACCOUNT_CLOSED", "message": "ACCOUNT_CLOSED happened"})
    );
    assert_eq!(r["401"]["x-specforge-error-codes"], json!(["UNAUTHORIZED"]));
    assert_eq!(r["410"]["description"], "Gone");
    let error = at(&d, "/components/schemas/Error");
    assert_eq!(error["required"], json!(["code", "message"]));
    assert_eq!(
        error["properties"]["code"]["enum"],
        json!([
            "ACCOUNT_NOT_FOUND",
            "ACCOUNT_CLOSED",
            "BAD_ID",
            "OTHER",
            "UNAUTHORIZED"
        ])
    );
}

#[test]
fn error_schema_follows_the_error_format_example() {
    let mut get = endpoint(Method::Get, "/a");
    get.responses
        .push(response(Some(404), "Not found", true, None));
    let mut s = spec(vec![get]);
    s.api.error_format = Some(json_body(
        r#"{"error": {"code": "NOT_FOUND", "message": "No such thing", "details": []}}"#,
    ));
    s.errors.entries = vec![entry("NOT_FOUND", Some(404), on("GET /a"))];
    s.errors.codes = vec![code("NOT_FOUND", 404)];
    let (d, _) = doc(&s, &SchemaModel::default());
    assert_eq!(
        at(
            &d,
            "/components/schemas/Error/properties/error/properties/code/enum"
        ),
        &json!(["NOT_FOUND"])
    );
    assert_eq!(
        at(
            &d,
            "/paths/~1a/get/responses/404/content/application~1json/examples/NOT_FOUND/value"
        ),
        &json!({"error": {"code": "NOT_FOUND", "message": "NOT_FOUND happened", "details": []}})
    );
}

#[test]
fn success_responses_bodies_and_defaults() {
    let m = model(ACCOUNTS);
    let mut post = endpoint(Method::Post, "/api/v1/accounts");
    post.request = Some(json_body(
        r#"{"code": "CASH", "currency": "USD", "kind": "asset"}"#,
    ));
    post.responses.push(response(
        Some(201),
        "Created",
        false,
        Some(r#"{"data": {"id": "123e4567-e89b-12d3-a456-426614174000", "status": "open", "closed_at": null, "balance": 5}}"#),
    ));
    let del = endpoint(Method::Delete, "/api/v1/accounts/{id}");
    let get = endpoint(Method::Get, "/api/v1/accounts/{id}");
    let (d, diags) = doc(&spec(vec![post, del, get]), &m);
    assert!(diags.is_empty(), "{diags:#?}");
    let body = at(&d, "/paths/~1api~1v1~1accounts/post/requestBody");
    assert_eq!(body["required"], true);
    assert_eq!(
        body["content"]["application/json"]["schema"],
        json!({"$ref": "#/components/schemas/PostAccountsRequest"})
    );
    assert_eq!(
        body["content"]["application/json"]["example"],
        json!({"code": "CASH", "currency": "USD", "kind": "asset"})
    );
    let req = at(&d, "/components/schemas/PostAccountsRequest");
    assert_eq!(req["properties"]["code"]["maxLength"], 32);
    assert_eq!(
        req["properties"]["kind"]["enum"],
        json!(["asset", "liability"])
    );
    let created = at(&d, "/paths/~1api~1v1~1accounts/post/responses/201");
    assert_eq!(created["description"], "Created");
    let resp = at(
        &d,
        "/components/schemas/PostAccounts201Response/properties/data/properties",
    );
    assert_eq!(resp["id"]["format"], "uuid");
    assert_eq!(resp["id"]["readOnly"], true);
    assert_eq!(resp["status"]["enum"], json!(["open", "closed"]));
    assert_eq!(resp["closed_at"]["format"], "date-time");
    assert_eq!(resp["closed_at"]["nullable"], true);
    assert_eq!(resp["balance"]["format"], "int64");
    // No error named for it: a `4XX` range with the Error body (Redocly's
    // operation-4xx-response).
    assert_eq!(
        at(&d, "/paths/~1api~1v1~1accounts~1{id}/delete/responses"),
        &json!({
            "204": {"description": "Success"},
            "4XX": {
                "description": "The request was not accepted (the spec names no client error for this operation)",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
            }
        })
    );
    assert_eq!(
        at(&d, "/paths/~1api~1v1~1accounts~1{id}/get/responses/200"),
        &json!({"description": "Success"})
    );
}

#[test]
fn new_column_types_map_to_their_text_form() {
    let m = model(
        "CREATE EXTENSION IF NOT EXISTS vector;
CREATE EXTENSION IF NOT EXISTS hstore;
CREATE TABLE devices (
  id bigint PRIMARY KEY,
  ports int4range NOT NULL,
  mac macaddr NOT NULL,
  cost money NOT NULL,
  embedding vector(3) NOT NULL,
  attrs hstore NOT NULL,
  seen timestamp(3) with time zone NOT NULL
);",
    );
    let (d, _) = doc(&spec(vec![]), &m);
    let p = &at(&d, "/components/schemas/Devices")["properties"];
    assert_eq!(
        p["ports"],
        json!({"type": "string", "x-specforge-sql-type": "int4range"})
    );
    assert_eq!(
        p["mac"],
        json!({"type": "string", "x-specforge-sql-type": "macaddr"})
    );
    assert_eq!(p["cost"]["x-specforge-sql-type"], "money");
    assert_eq!(
        p["embedding"],
        json!({"type": "array", "items": {"type": "number"}})
    );
    assert_eq!(p["attrs"]["type"], "object");
    assert_eq!(p["seen"]["format"], "date-time");
}

#[test]
fn table_schemas() {
    let m = model(ACCOUNTS);
    let built = build(&spec(vec![]), &m, "x.md");
    let Some(openapiv3::ReferenceOr::Item(accounts)) = built
        .document
        .components
        .as_ref()
        .and_then(|c| c.schemas.get("Accounts"))
    else {
        panic!("no Accounts schema")
    };
    let openapiv3::SchemaKind::Type(openapiv3::Type::Object(o)) = &accounts.schema_kind else {
        panic!("not an object")
    };
    let names: Vec<&String> = o.properties.keys().collect();
    assert_eq!(names[..4], ["id", "code", "currency", "kind"]);
    let (d, _) = doc(&spec(vec![]), &m);
    let t = at(&d, "/components/schemas/Accounts");
    let p = &t["properties"];
    assert_eq!(
        p["id"],
        json!({"type": "string", "format": "uuid", "readOnly": true})
    );
    assert_eq!(
        p["code"],
        json!({"type": "string", "maxLength": 32, "description": "Account code"})
    );
    assert_eq!(
        p["currency"],
        json!({"type": "string", "minLength": 3, "maxLength": 3})
    );
    assert_eq!(
        p["kind"],
        json!({"type": "string", "enum": ["asset", "liability"]})
    );
    assert_eq!(p["status"]["enum"], json!(["open", "closed"]));
    assert_eq!(
        p["balance"],
        json!({"type": "integer", "format": "int64", "minimum": 0})
    );
    assert_eq!(p["rate"]["type"], "number");
    assert_eq!(p["rate"]["nullable"], true);
    assert_eq!(p["rate"]["x-specforge-sql-type"], "numeric(10,4)");
    assert_eq!(
        p["meta"],
        json!({"type": "object", "additionalProperties": true, "nullable": true})
    );
    assert_eq!(
        p["tags"],
        json!({"type": "array", "items": {"type": "string"}, "nullable": true})
    );
    assert_eq!(p["flag"], json!({"type": "boolean"}));
    assert_eq!(p["opened_on"]["format"], "date");
    assert_eq!(
        p["created_at"],
        json!({"type": "string", "format": "date-time", "readOnly": true})
    );
    assert_eq!(
        t["required"],
        json!([
            "id",
            "code",
            "currency",
            "kind",
            "status",
            "balance",
            "flag",
            "created_at"
        ])
    );
}

#[test]
fn schema_name_collisions_are_errors() {
    let mut get = endpoint(Method::Get, "/a");
    get.responses
        .push(response(Some(404), "Not found", true, None));
    let built = build(
        &spec(vec![get]),
        &model("CREATE TABLE error (id integer PRIMARY KEY);"),
        "x.md",
    );
    assert!(codes(&built.diagnostics).contains(&"SF-A038"));
}

#[test]
fn structure_diagnostics() {
    // A query string in the written path was read as parameters by extraction; a fragment
    // is still refused.
    let mut with_query = endpoint(Method::Get, "/a");
    with_query.raw_path = sp("/a?b=1");
    let mut with_fragment = endpoint(Method::Get, "/f");
    with_fragment.raw_path = sp("/f#top");
    let mut bad_param = endpoint(Method::Get, "/c/{id}");
    bad_param
        .parameters
        .push(param("other", ParamLocation::Path, None, None));
    let mut bad_status = endpoint(Method::Post, "/c/{id}");
    bad_status
        .responses
        .push(response(Some(700), "Huh", false, None));
    let s = spec(vec![
        with_query,
        with_fragment,
        endpoint(Method::Get, "/b b"),
        endpoint(Method::Get, "/q/'x'"),
        bad_param,
        endpoint(Method::Put, "/c/{key}"),
        endpoint(Method::Get, "/d/{x}/e/{x}"),
        bad_status,
    ]);
    let built = build(&s, &SchemaModel::default(), "x.md");
    let found = codes(&built.diagnostics);
    assert_eq!(
        found,
        [
            "SF-A032", "SF-A032", "SF-A032", "SF-A034", "SF-A033", "SF-A035", "SF-A031"
        ],
        "{:#?}",
        built.diagnostics
    );
    assert!(
        built
            .diagnostics
            .iter()
            .all(|d| d.is_error() && d.help.is_some())
    );
    assert_eq!(built.diagnostics[0].span, Span::new(10, 16));
    let ambiguous = built.diagnostics.last().unwrap();
    assert!(ambiguous.message.contains("/c/{id}") && ambiguous.message.contains("/c/{key}"));
}

#[test]
fn fragments_fill_gaps_and_convert_swagger_2() {
    let mut get = endpoint(Method::Get, "/api/v1/accounts/{id}");
    get.responses.push(response(Some(200), "OK", false, None));
    let mut s = spec(vec![get, endpoint(Method::Post, "/api/v1/accounts")]);
    s.api.base_path = Some(sp("/api/v1"));
    let text = "swagger: '2.0'
paths:
  /accounts/{id}:
    get:
      description: From the fragment
      parameters:
        - name: expand
          in: query
          type: string
          enum: [owner, entries]
      responses:
        200:
          description: The account
          schema:
            $ref: '#/definitions/Account'
  /accounts:
    post:
      parameters:
        - name: body
          in: body
          required: true
          schema:
            $ref: '#/definitions/Account'
  /uploads:
    post:
      consumes: [multipart/form-data]
      parameters:
        - {name: file, in: formData, type: file, required: true}
        - {name: note, in: formData, type: string}
      responses:
        201: {description: Stored}
  /health:
    get:
      responses:
        '200':
          description: Healthy
definitions:
  Account:
    type: object
    properties:
      id: {type: string, format: uuid}
      name: {type: string}
";
    s.api.fragments.push(ApiFragment {
        text: text.into(),
        offset: 0,
        span: Span::new(0, text.len()),
    });
    let (d, diags) = doc(&s, &SchemaModel::default());
    assert!(diags.is_empty(), "{diags:#?}");
    let get = at(&d, "/paths/~1api~1v1~1accounts~1{id}/get");
    assert_eq!(get["description"], "From the fragment");
    assert_eq!(
        get["parameters"][1]["schema"],
        json!({"type": "string", "enum": ["owner", "entries"]})
    );
    assert_eq!(
        get["responses"]["200"]["content"]["application/json"]["schema"],
        json!({"$ref": "#/components/schemas/Account"})
    );
    assert_eq!(get["responses"]["200"]["description"], "OK");
    let post = at(&d, "/paths/~1api~1v1~1accounts/post");
    assert_eq!(post["requestBody"]["required"], true);
    assert_eq!(
        post["requestBody"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/Account"
    );
    assert_eq!(at(&d, "/paths/~1health/get/operationId"), "getHealth");
    assert_eq!(
        at(
            &d,
            "/paths/~1uploads/post/requestBody/content/multipart~1form-data/schema"
        ),
        &json!({"type": "object", "required": ["file"], "properties": {
            "file": {"type": "string", "format": "binary"}, "note": {"type": "string"}}})
    );
    let names: Vec<&String> = at(&d, "/components/schemas/Account/properties")
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(names, ["id", "name"]);
}

#[test]
fn bad_fragments_are_reported() {
    let cases = [
        ("paths: [unclosed", "SF-A036"),
        ("a: &x [1]\nb: *x\n", "SF-A037"),
        (
            "paths:\n  /a:\n    get:\n      responses:\n        '200':\n          $ref: 'http://evil/x.yaml'\n",
            "SF-A037",
        ),
        ("a: 1\na: 2\n", "SF-A036"),
    ];
    for (text, expected) in cases {
        let mut s = spec(vec![endpoint(Method::Get, "/a")]);
        s.api.fragments.push(ApiFragment {
            text: text.into(),
            offset: 40,
            span: Span::new(37, 40 + text.len()),
        });
        let built = build(&s, &SchemaModel::default(), "x.md");
        assert_eq!(
            codes(&built.diagnostics),
            [expected],
            "{text}: {:#?}",
            built.diagnostics
        );
        assert_eq!(built.diagnostics[0].span, Span::new(37, 40 + text.len()));
    }
}

#[test]
fn output_is_deterministic_and_yaml_look_alikes_survive() {
    let m = model(ACCOUNTS);
    let mut get = endpoint(Method::Get, "/api/v1/accounts/{id}");
    get.summary = Some("no".into());
    get.description = Some("2024-01-01".into());
    get.authorization = Some("on: yes #admin".into());
    get.rate_limit = Some("1e3".into());
    get.group = Some("~".into());
    get.responses.push(response(
        Some(200),
        "*alias",
        false,
        Some(r#"{"v": "0x1F", "w": "012", "n": 9007199254740993}"#),
    ));
    let s = spec(vec![get]);
    let (d, _) = doc(&s, &m);
    assert_eq!(at(&d, "/paths/~1api~1v1~1accounts~1{id}/get/summary"), "no");
    assert_eq!(
        at(
            &d,
            "/paths/~1api~1v1~1accounts~1{id}/get/responses/200/content/application~1json/example/n"
        ),
        &json!(9007199254740993u64)
    );
    let a = to_yaml(&build(&s, &m, "x.md").document, "x.md").unwrap();
    let b = to_yaml(&build(&s, &m, "x.md").document, "x.md").unwrap();
    assert_eq!(a, b);
    assert!(a.ends_with('\n') && !a.ends_with("\n\n"));
}

#[test]
fn hostile_texts_never_panic() {
    let texts = [
        "",
        "é",
        "-",
        "1-",
        "-1-5",
        "é-ü",
        "max",
        "default",
        "|",
        "||",
        "one of",
        "(",
        ")",
        "{}",
        "{",
        "}",
        "/{/}",
        "a\u{2028}b",
        "\u{0}",
        "ÿ1..2",
        "1..",
        "x to",
        "in",
        "IN (",
        "é in",
    ];
    let m = model(ACCOUNTS);
    for text in texts {
        let mut e = endpoint(Method::Get, &format!("/accounts/{text}"));
        e.auth = Some(sp(text));
        e.group = Some(text.into());
        e.parameters
            .push(param(text, ParamLocation::Query, Some(text), Some(text)));
        e.parameters
            .push(param("p", ParamLocation::Header, Some(text), Some(text)));
        e.request = Some(json_body(text));
        e.responses
            .push(response(Some(200), text, false, Some(text)));
        let mut s = spec(vec![e]);
        s.api.base_url = Some(sp(text));
        s.api.auth_scheme = Some(sp(text));
        s.api.error_format = Some(json_body(text));
        s.api.fragments.push(ApiFragment {
            text: text.into(),
            offset: 0,
            span: Span::new(0, text.len()),
        });
        let built = build(&s, &m, text);
        let yaml = to_yaml(&built.document, text).unwrap();
        assert_eq!(reparse(&yaml).unwrap(), built.document, "{text:?}");
    }
}

fn overlaps(paths: &[&str]) -> Vec<String> {
    let s = spec(paths.iter().map(|p| endpoint(Method::Get, p)).collect());
    build(&s, &SchemaModel::default(), "x.md")
        .diagnostics
        .into_iter()
        .filter(|d| d.code == Code::OverlappingPaths)
        .map(|d| d.message)
        .collect()
}

#[test]
fn overlapping_templates_are_the_ones_redocly_calls_ambiguous() {
    assert_eq!(
        overlaps(&["/alerts/{id}/ack", "/alerts/oncall/{schedule_id}"]),
        [
            "/alerts/{id}/ack and /alerts/oncall/{schedule_id} overlap: one request path can match both"
        ]
    );
    // A literal beside a parameter, with fewer parameters, is more specific: no overlap.
    assert!(overlaps(&["/users/{id}", "/users/me"]).is_empty());
    assert!(overlaps(&["/a/{x}/b", "/a/{y}/c"]).is_empty());
    // Same template up to names is SF-A031/SF-A041's, not this.
    assert!(overlaps(&["/a/{x}", "/a/{y}"]).is_empty());
    // `{name}.json` is a literal segment, as Redocly reads it.
    assert!(overlaps(&["/f/{name}.json", "/f/x.json"]).is_empty());
    assert_eq!(overlaps(&["/f/{name}.json/{v}", "/f/{n}/x"]).len(), 1);
    assert_eq!(overlaps(&["/{a}/x", "/y/{b}", "/y/x"]).len(), 1);
}

/// Paths serialized beside the build, [`crate::paths_out::BATCH`] at a time, give the text of
/// the whole document whether every batch goes to the pool, none does (the builder writes each
/// itself) or some do, in pools of one and of four threads; with paths completed in an order
/// other than their first appearance, so that a block put back by completion order, not by
/// place, would show.
#[test]
fn paths_serialized_beside_the_build_keep_the_documents_order() {
    use crate::paths_out::{BATCH, Beside};
    let mut endpoints = Vec::new();
    let count = 6 * BATCH + 3;
    for i in 0..count {
        endpoints.push(endpoint(Method::Get, &format!("/r{i}")));
        if i % 3 == 0 {
            endpoints.push(endpoint(Method::Get, &format!("/one{i}")));
        }
    }
    for i in (0..count).rev() {
        endpoints.push(endpoint(Method::Post, &format!("/r{i}")));
    }
    let spec = spec(endpoints);
    let model = SchemaModel::default();
    let whole = to_yaml(&build(&spec, &model, "s.md").document, "s.md").unwrap();
    assert!(whole.find("\n  /r0:\n").unwrap() < whole.find("\n  /one0:\n").unwrap());
    assert!(whole.find("\n  /one3:\n").unwrap() < whole.find("\n  /r4:\n").unwrap());
    for threads in [1, 4] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        for limit in [0, 1, 2, usize::MAX] {
            let (document, diagnostics, sink) = pool.install(|| {
                crate::document::build_into(&spec, &model, "s.md", Some(Beside::with_limit(limit)))
            });
            assert!(diagnostics.is_empty(), "{diagnostics:?}");
            let streamed = sink.into_yaml(document, "s.md").unwrap();
            assert_eq!(streamed, whole, "{threads} threads, limit {limit}");
        }
    }
}
