//! End-to-end tests for the ways real specs write the constructs specforge reads
//! (VARIATIONS.md): one small, self-contained fixture per theme in `fixtures/variations/`,
//! and what `specforge extract --format json` must find in it.
//!
//! Positions are `line:column` of the original file (1-based, columns in characters); the CRLF
//! and BOM fixtures check that neither shifts them.

mod common;
use common::*;
use serde_json::Value;

// ---------------------------------------------------------------------------------------------
// Helpers

/// Extracts a fixture of this folder, asserting the approved spec is usable (exit 0).
fn approved(fixture: &str) -> Value {
    let (code, json) = extract_json(&format!("fixtures/variations/{fixture}"), &[]);
    assert_eq!(
        code, 0,
        "exit code of {fixture}; diagnostics: {:#}",
        json["diagnostics"]
    );
    json
}

fn text(value: &Value) -> &str {
    value
        .as_str()
        .unwrap_or_else(|| panic!("expected a string, got {value}"))
}

fn assert_status(json: &Value, written: &str, position: &str) {
    let status = &json["spec"]["info"]["status"];
    assert_eq!(status["text"], written, "status text");
    assert_eq!(status["kind"], "approved", "status kind");
    assert_eq!(at(&status["span"]), position, "status position");
}

fn assert_no_diagnostics(json: &Value) {
    assert_eq!(
        codes(json),
        Vec::<String>::new(),
        "{:#}",
        json["diagnostics"]
    );
    assert_eq!(
        items(json, "/skipped_tables").len(),
        0,
        "{:#}",
        json["skipped_tables"]
    );
}

/// `METHOD /path` of every endpoint, in order.
fn endpoint_keys(json: &Value) -> Vec<String> {
    items(json, "/spec/api/endpoints")
        .iter()
        .map(|e| format!("{} {}", text(&e["method"]), text(&e["path"])))
        .collect()
}

fn endpoint<'a>(json: &'a Value, method: &str, path: &str) -> &'a Value {
    items(json, "/spec/api/endpoints")
        .iter()
        .find(|e| e["method"] == method && e["path"] == path)
        .unwrap_or_else(|| panic!("no endpoint {method} {path} in {:?}", endpoint_keys(json)))
}

fn forms(endpoint: &Value) -> Vec<&str> {
    endpoint["mentions"]
        .as_array()
        .map_or_else(Vec::new, |m| m.iter().map(|m| text(&m["form"])).collect())
}

fn mention_positions(endpoint: &Value) -> Vec<String> {
    endpoint["mentions"]
        .as_array()
        .map_or_else(Vec::new, |m| m.iter().map(|m| at(&m["span"])).collect())
}

fn error_codes(json: &Value) -> Vec<&str> {
    items(json, "/spec/errors/entries")
        .iter()
        .map(|e| text(&e["code"]["value"]))
        .collect()
}

fn error<'a>(json: &'a Value, code: &str) -> &'a Value {
    items(json, "/spec/errors/entries")
        .iter()
        .find(|e| e["code"]["value"] == code)
        .unwrap_or_else(|| panic!("no error {code} in {:?}", error_codes(json)))
}

fn metric_names(json: &Value) -> Vec<&str> {
    items(json, "/spec/observability/metrics")
        .iter()
        .map(|m| text(&m["name"]["value"]))
        .collect()
}

fn metric<'a>(json: &'a Value, name: &str) -> &'a Value {
    items(json, "/spec/observability/metrics")
        .iter()
        .find(|m| m["name"]["value"] == name)
        .unwrap_or_else(|| panic!("no metric {name} in {:?}", metric_names(json)))
}

fn labels(metric: &Value) -> Vec<&str> {
    metric["labels"]
        .as_array()
        .map_or_else(Vec::new, |l| l.iter().map(text).collect())
}

fn alert_names(json: &Value) -> Vec<&str> {
    items(json, "/spec/observability/alerts")
        .iter()
        .map(|a| text(&a["name"]["value"]))
        .collect()
}

fn alert<'a>(json: &'a Value, name: &str) -> &'a Value {
    items(json, "/spec/observability/alerts")
        .iter()
        .find(|a| a["name"]["value"] == name)
        .unwrap_or_else(|| panic!("no alert {name} in {:?}", alert_names(json)))
}

fn table_names(json: &Value) -> Vec<&str> {
    items(json, "/spec/schema/tables")
        .iter()
        .map(|t| text(&t["name"]["value"]))
        .collect()
}

fn table<'a>(json: &'a Value, name: &str) -> &'a Value {
    items(json, "/spec/schema/tables")
        .iter()
        .find(|t| t["name"]["value"] == name)
        .unwrap_or_else(|| panic!("no table {name} in {:?}", table_names(json)))
}

/// `(name, data_type)` of every column of a table.
fn columns(table: &Value) -> Vec<(&str, &str)> {
    table["columns"].as_array().map_or_else(Vec::new, |c| {
        c.iter()
            .map(|c| (text(&c["name"]["value"]), text(&c["data_type"]["value"])))
            .collect()
    })
}

fn column<'a>(table: &'a Value, name: &str) -> &'a Value {
    table["columns"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["name"]["value"] == name))
        .unwrap_or_else(|| panic!("no column {name} in {:?}", columns(table)))
}

// ---------------------------------------------------------------------------------------------
// Tables in general (VARIATIONS 1-9)

/// 1-2: `Endpoint|Method|…`, `Route|Verb|Summary|Access`, `Purpose|URL|HTTP Method`; an error
/// code in the last column (`Check|Description|Error Code`); `HTTP Status|Cause|Code`.
#[test]
fn column_order_and_header_wording() {
    let json = approved("01-column-order-header-wording.md");
    assert_status(&json, "Approved", "3:13");
    assert_no_diagnostics(&json);

    assert_eq!(
        endpoint_keys(&json),
        [
            "GET /api/v2/kennels",
            "GET /api/v2/kennels/{kennelId}",
            "POST /api/v2/stays",
            "GET /api/v2/clinics/{clinicId}/stays",
            "PATCH /api/v2/stays/{stayId}/check-in",
            "POST /api/v2/clinics/{clinicId}/suspend",
        ]
    );
    let kennels = endpoint(&json, "GET", "/api/v2/kennels");
    assert_eq!(kennels["summary"], "List kennels near a postcode");
    assert_eq!(kennels["auth"]["value"], "Public");
    assert_eq!(forms(kennels), ["table_row"]);
    assert_eq!(at(&kennels["span"]), "16:1");
    assert_eq!(at(&kennels["raw_path"]["span"]), "16:4");
    assert_eq!(
        endpoint(&json, "POST", "/api/v2/stays")["auth"]["value"],
        "Owner JWT"
    );
    let check_in = endpoint(&json, "PATCH", "/api/v2/stays/{stayId}/check-in");
    assert_eq!(check_in["summary"], "Mark a pet as arrived");
    assert_eq!(check_in["auth"]["value"], "Clinic staff");
    assert_eq!(at(&check_in["span"]), "25:1");
    let suspend = endpoint(&json, "POST", "/api/v2/clinics/{clinicId}/suspend");
    assert_eq!(suspend["summary"], "Suspend a clinic");
    assert!(suspend["auth"].is_null());
    assert_eq!(at(&suspend["span"]), "31:1");

    assert_eq!(
        error_codes(&json),
        [
            "INVALID_POSTCODE",
            "STAY_TOO_LONG",
            "KENNEL_NOT_FOUND",
            "KENNEL_FULL"
        ]
    );
    let postcode = error(&json, "INVALID_POSTCODE");
    assert!(postcode["status"].is_null());
    assert_eq!(
        postcode["description"],
        "Postcode is not a valid UK postcode"
    );
    assert_eq!(postcode["scope"]["kind"], "catalogue");
    assert_eq!(at(&postcode["code"]["span"]), "37:60");
    let full = error(&json, "KENNEL_FULL");
    assert_eq!(full["status"]["value"], 409);
    assert_eq!(full["description"], "Kennel is full on one of the nights");
    assert_eq!(at(&full["span"]), "45:1");
    assert_eq!(at(&full["code"]["span"]), "45:48");
    assert_eq!(error(&json, "KENNEL_NOT_FOUND")["status"]["value"], 404);
}

/// 3: `カラム名|型|制約|説明`, `字段名|类型|说明`, `方法|路径|说明`, `Method|Path|Body|Trả về|Role`,
/// `Mã|Exception|HTTP`, `エラーコード|ステータスコード|説明`; cells mixing languages.
#[test]
fn localized_headers() {
    let json = approved("02-localized-headers.md");
    assert_status(&json, "Approved", "8:16");
    assert_no_diagnostics(&json);
    let title = &json["spec"]["info"]["title"];
    assert_eq!(title["value"], "在庫同期サービス 技術仕様書 (Stock Sync)");
    assert_eq!(at(&title["span"]), "1:1");
    assert_eq!(json["spec"]["info"]["service"]["value"], "stock-sync");

    assert_eq!(table_names(&json), ["stock_items", "sync_jobs"]);
    let stock = table(&json, "stock_items");
    assert_eq!(
        columns(stock),
        [
            ("id", "BIGINT"),
            ("sku", "VARCHAR(64)"),
            ("quantity", "INTEGER")
        ]
    );
    let sku = column(stock, "sku");
    assert_eq!(sku["constraints"]["value"], "UNIQUE, NOT NULL");
    assert_eq!(sku["description"], "SKU code (商品コード)");
    assert_eq!(at(&column(stock, "id")["span"]), "17:1");
    let jobs = table(&json, "sync_jobs");
    assert_eq!(
        columns(jobs),
        [("job_id", "UUID"), ("started_at", "TIMESTAMPTZ")]
    );
    assert_eq!(column(jobs, "started_at")["description"], "开始时间 (UTC)");
    assert_eq!(at(&column(jobs, "job_id")["span"]), "25:1");

    assert_eq!(
        endpoint_keys(&json),
        [
            "GET /api/v1/stock/{sku}",
            "PUT /api/v1/stock/{sku}",
            "POST /api/v1/stock/{sku}/reserve",
        ]
    );
    let get = endpoint(&json, "GET", "/api/v1/stock/{sku}");
    assert_eq!(get["summary"], "查询库存");
    assert_eq!(at(&get["span"]), "32:1");
    let reserve = endpoint(&json, "POST", "/api/v1/stock/{sku}/reserve");
    assert_eq!(reserve["auth"]["value"], "ADMIN, WAREHOUSE");
    assert_eq!(at(&reserve["span"]), "39:1");
    assert_eq!(at(&reserve["raw_path"]["span"]), "39:11");

    assert_eq!(
        error_codes(&json),
        ["SKU_NOT_FOUND", "STOCK_INSUFFICIENT", "SYNC_LOCKED"]
    );
    let not_found = error(&json, "SKU_NOT_FOUND");
    assert_eq!(not_found["status"]["value"], 404);
    assert_eq!(at(&not_found["code"]["span"]), "45:4");
    assert_eq!(error(&json, "STOCK_INSUFFICIENT")["status"]["value"], 409);
    let locked = error(&json, "SYNC_LOCKED");
    assert_eq!(locked["status"]["value"], 423);
    assert_eq!(locked["description"], "同期処理中のため更新できません");
    assert_eq!(at(&locked["code"]["span"]), "52:4");
}

/// 4-5: bold, backticked and emoji cells, a `**[PLANNED]**` status tag (not a template
/// placeholder); `| :--- |`, `|---:|`, `|:---:|` separators, cells padded to fixed widths and
/// rows without spaces around the pipes.
#[test]
fn cell_markup_and_separators() {
    let json = approved("03-cell-markup-separators.md");
    assert_status(&json, "Approved", "3:15");
    assert_no_diagnostics(&json);

    assert_eq!(
        endpoint_keys(&json),
        [
            "GET /lockers",
            "POST /lockers/{lockerId}/open",
            "DELETE /lockers/{lockerId}"
        ]
    );
    let list = endpoint(&json, "GET", "/lockers");
    assert_eq!(list["summary"], "List lockers ✅");
    assert_eq!(list["auth"]["value"], "✅ Required");
    assert_eq!(list["raw_path"]["value"], "/lockers");
    assert_eq!(at(&list["span"]), "10:1");
    assert_eq!(at(&list["raw_path"]["span"]), "10:15");
    let open = endpoint(&json, "POST", "/lockers/{lockerId}/open");
    assert!(
        text(&open["summary"]).starts_with("Open a door remotely"),
        "{}",
        open["summary"]
    );
    assert_eq!(at(&open["span"]), "11:1");
    let retire = endpoint(&json, "DELETE", "/lockers/{lockerId}");
    assert_eq!(retire["auth"]["value"], "Admin only");
    assert_eq!(at(&retire["span"]), "12:1");

    assert_eq!(
        error_codes(&json),
        ["LOCKER_JAMMED", "LOCKER_OFFLINE", "DOOR_ALREADY_OPEN"]
    );
    let jammed = error(&json, "LOCKER_JAMMED");
    assert_eq!(jammed["status"]["value"], 503);
    assert_eq!(jammed["retryable"], true);
    assert_eq!(jammed["description"], "Door motor did not respond");
    assert_eq!(at(&jammed["code"]["span"]), "18:6");
    assert_eq!(error(&json, "LOCKER_OFFLINE")["retryable"], true);
    let already_open = error(&json, "DOOR_ALREADY_OPEN");
    assert_eq!(already_open["status"]["value"], 409);
    assert_eq!(already_open["retryable"], false);
    assert_eq!(at(&already_open["span"]), "20:1");

    assert_eq!(table_names(&json), ["locker_doors"]);
    let doors = table(&json, "locker_doors");
    assert_eq!(
        columns(doors),
        [
            ("id", "UUID"),
            ("locker_id", "UUID"),
            ("size_code", "CHAR(1)")
        ]
    );
    assert_eq!(at(&column(doors, "id")["span"]), "28:1");
    let size = column(doors, "size_code");
    assert_eq!(at(&size["name"]["span"]), "30:5");
    assert_eq!(at(&size["data_type"]["span"]), "30:21");
    assert_eq!(size["constraints"]["value"], "NOT NULL");
    assert_eq!(size["description"], "S, M or L");
}

/// 6: `—`, `-`, `N/A`, `None` and blank cells are "not stated"; bold group rows
/// (`| **Booking Module** | | | |`) are section titles, not records (and not skipped rows).
#[test]
fn empty_cells_and_group_rows() {
    let json = approved("04-empty-cells-group-rows.md");
    assert_status(&json, "APPROVED", "3:22");
    assert_no_diagnostics(&json);

    assert_eq!(
        endpoint_keys(&json),
        [
            "GET /api/v1/slots",
            "POST /api/v1/appointments",
            "GET /api/v1/rosters/{day}",
            "DELETE /api/v1/appointments/{id}",
        ]
    );
    let slots = endpoint(&json, "GET", "/api/v1/slots");
    assert!(slots["auth"].is_null(), "{}", slots["auth"]);
    assert_eq!(at(&slots["span"]), "10:1");
    // `N/A` in an Auth column states a public endpoint; a dash states nothing.
    assert_eq!(
        endpoint(&json, "GET", "/api/v1/rosters/{day}")["auth"]["value"],
        "N/A"
    );
    assert_eq!(
        endpoint(&json, "POST", "/api/v1/appointments")["auth"]["value"],
        "Patient JWT"
    );
    assert_eq!(
        at(&endpoint(&json, "DELETE", "/api/v1/appointments/{id}")["span"]),
        "14:1"
    );

    assert_eq!(
        error_codes(&json),
        ["SLOT_TAKEN", "PATIENT_BLOCKED", "ROSTER_LOCKED"]
    );
    assert!(error(&json, "SLOT_TAKEN")["resolution"].is_null());
    let blocked = error(&json, "PATIENT_BLOCKED");
    assert!(blocked["status"].is_null(), "{}", blocked["status"]);
    assert!(blocked["resolution"].is_null());
    assert_eq!(blocked["description"], "Patient has unpaid no-show fees");
    assert_eq!(at(&blocked["code"]["span"]), "22:4");
    let locked = error(&json, "ROSTER_LOCKED");
    assert_eq!(locked["status"]["value"], 423);
    assert!(locked["resolution"].is_null());
    assert_eq!(at(&locked["span"]), "24:1");

    assert_eq!(table_names(&json), ["appointments"]);
    let appointments = table(&json, "appointments");
    assert_eq!(
        columns(appointments),
        [
            ("id", "UUID"),
            ("slot_id", "UUID"),
            ("status", "appointment_status"),
            ("cancelled_at", "TIMESTAMPTZ"),
        ]
    );
    assert!(column(appointments, "id")["description"].is_null());
    assert!(column(appointments, "slot_id")["default"].is_null());
    assert_eq!(
        column(appointments, "status")["default"]["value"],
        "'booked'"
    );
    assert_eq!(at(&column(appointments, "status")["span"]), "36:1");
    let cancelled = column(appointments, "cancelled_at");
    assert!(cancelled["constraints"].is_null());
    assert!(cancelled["default"].is_null());
    assert!(cancelled["description"].is_null());
    assert_eq!(at(&cancelled["span"]), "37:1");

    assert_eq!(
        metric_names(&json),
        [
            "clinic_appointments_booked_total",
            "clinic_free_slots",
            "clinic_roster_publish_seconds"
        ]
    );
    for name in metric_names(&json) {
        assert_eq!(labels(metric(&json, name)), Vec::<&str>::new(), "{name}");
    }
    let publish = metric(&json, "clinic_roster_publish_seconds");
    assert_eq!(publish["kind"], "histogram");
    assert!(publish["description"].is_null());
    assert_eq!(at(&publish["span"]), "45:1");
}

/// 7: `|` inside inline code is part of the cell (`method=PutObject|GetObject`), and `\|` is
/// un-escaped; both in the same table, in metrics, alert and error tables.
#[test]
fn pipes_inside_inline_code() {
    let json = approved("05-pipes-in-inline-code.md");
    assert_status(&json, "Approved", "3:13");
    // In particular no SF-T002 (ragged row): no cell was split at a pipe inside code.
    assert_no_diagnostics(&json);

    assert_eq!(
        metric_names(&json),
        [
            "gw_s3_requests_total",
            "gw_s3_errors_total",
            "gw_disk_bytes_used",
            "gw_bucket_state"
        ]
    );
    let requests = metric(&json, "gw_s3_requests_total");
    assert_eq!(labels(requests), ["method"]);
    assert_eq!(requests["kind"], "counter");
    assert_eq!(requests["description"], "S3 calls by operation");
    assert_eq!(at(&requests["span"]), "9:1");
    let errors = metric(&json, "gw_s3_errors_total");
    assert_eq!(labels(errors), ["method", "code"]);
    assert_eq!(errors["description"], "Failed S3 calls");
    let disk = metric(&json, "gw_disk_bytes_used");
    assert_eq!(labels(disk), ["node", "disk"]);
    assert_eq!(disk["kind"], "gauge");
    assert_eq!(disk["description"], "Used bytes per disk");
    assert_eq!(at(&disk["span"]), "11:1");
    let state = metric(&json, "gw_bucket_state");
    assert_eq!(labels(state), ["state"]);
    assert_eq!(state["description"], "Bucket lifecycle state");

    assert_eq!(alert_names(&json), ["GatewayErrors"]);
    let gateway = alert(&json, "GatewayErrors");
    assert_eq!(
        gateway["condition"]["value"],
        r#"sum(rate(gw_s3_errors_total{code=~"NoSuchKey|AccessDenied"}[5m])) > 5"#
    );
    assert_eq!(gateway["for_duration"], "5m");
    assert_eq!(gateway["action"], "Notify storage channel");
    assert_eq!(gateway["origin"]["kind"], "alert_table");
    assert_eq!(at(&gateway["span"]), "18:1");

    assert_eq!(
        error_codes(&json),
        ["BUCKET_STATE_INVALID", "RANGE_INVALID"]
    );
    let bucket = error(&json, "BUCKET_STATE_INVALID");
    assert_eq!(bucket["description"], "State must be open | sealed");
    assert_eq!(bucket["status"]["value"], 409);
    assert_eq!(at(&bucket["code"]["span"]), "24:4");
    let range = error(&json, "RANGE_INVALID");
    assert_eq!(range["description"], "Header must match bytes=N-M|suffix=N");
    assert_eq!(range["status"]["value"], 416);
    assert_eq!(at(&range["span"]), "25:1");
}

/// 9: IPC `メソッド|チャネル|説明`, REST conventions `HTTP方法|用途|示例`, a UI-route table whose
/// third column holds `POST /v1/search`, a `Field|Type|Required` body table and a
/// `Status Code|Description` table: none is an endpoint, column or error table. The four
/// look-alikes are skipped with an SF-T001 note; the parameter table is what it says it is.
#[test]
fn look_alike_tables() {
    let json = approved("06-look-alike-tables.md");
    assert_status(&json, "Approved", "7:16");

    assert_eq!(endpoint_keys(&json), ["POST /api/v1/sync"]);
    let sync = endpoint(&json, "POST", "/api/v1/sync");
    assert_eq!(forms(sync), ["heading"]);
    assert_eq!(at(&sync["span"]), "35:1");
    assert_eq!(at(&sync["raw_path"]["span"]), "35:11");
    assert_eq!(items(&json, "/spec/schema/tables").len(), 0);
    assert_eq!(items(&json, "/spec/errors/entries").len(), 0);
    assert_eq!(items(&json, "/spec/observability/metrics").len(), 0);
    assert_eq!(items(&json, "/spec/observability/alerts").len(), 0);

    let skipped = items(&json, "/skipped_tables");
    let headers: Vec<&str> = skipped.iter().map(|s| text(&s["header"])).collect();
    assert_eq!(
        headers,
        [
            "メソッド | チャネル | 説明",
            "HTTP方法 | 用途 | 示例",
            "Route | Function | Server call",
            "Status Code | Description",
        ]
    );
    let lines: Vec<&Value> = skipped.iter().map(|s| &s["line"]).collect();
    assert_eq!(lines, [12, 20, 28, 48]);
    assert!(skipped.iter().all(|s| !text(&s["reason"]).is_empty()));

    assert_eq!(codes(&json), ["SF-T001"; 4]);
    let diagnostics = items(&json, "/diagnostics");
    assert!(diagnostics.iter().all(|d| d["severity"] == "note"));
    let positions: Vec<String> = diagnostics
        .iter()
        .map(|d| format!("{}:{}", d["line"], d["column"]))
        .collect();
    assert_eq!(positions, ["12:1", "20:1", "28:1", "48:1"]);
}

// ---------------------------------------------------------------------------------------------
// Schema without DDL (VARIATIONS 13)

/// 13: column tables only, Korean headers `컬럼|타입|설명` and `컬럼명|데이터 타입|제약조건|설명`,
/// `BIGINT PK` / `BIGINT FK` folded into the type cell, table names from `#### MEMBERS`,
/// `#### LUNCH_ORDERS` (all-caps names folded to lower case, as PostgreSQL folds unquoted
/// names) and `#### 테이블: menu_items` headings.
#[test]
fn column_tables_only() {
    let json = approved("07-column-tables-only.md");
    assert_status(&json, "APPROVED", "3:22");
    assert_eq!(
        json["spec"]["info"]["title"]["value"],
        "🍱 도시락 주문 시스템 설계"
    );
    // In particular no SF-S002: every column table has a name in the heading above it.
    assert_no_diagnostics(&json);
    assert_eq!(items(&json, "/spec/api/endpoints").len(), 0);
    assert_eq!(items(&json, "/spec/schema/sql_blocks").len(), 0);

    assert_eq!(
        table_names(&json),
        ["members", "lunch_orders", "menu_items"]
    );
    let tables = items(&json, "/spec/schema/tables");
    assert!(tables.iter().all(|t| t["origin"] == "column_table"));
    let name_lines: Vec<&Value> = tables.iter().map(|t| &t["name"]["span"]["line"]).collect();
    assert_eq!(name_lines, [11, 19, 28]);

    let members = table(&json, "members");
    assert_eq!(
        columns(members),
        [
            ("id", "BIGINT PK"),
            ("name", "VARCHAR"),
            ("balance", "BIGINT")
        ]
    );
    let id = column(members, "id");
    assert_eq!(id["description"], "회원 ID");
    assert_eq!(at(&id["span"]), "15:1");
    assert_eq!(at(&id["data_type"]["span"]), "15:8");

    let orders = table(&json, "lunch_orders");
    assert_eq!(
        columns(orders),
        [
            ("id", "BIGINT PK"),
            ("member_id", "BIGINT FK"),
            ("menu_id", "BIGINT FK"),
            ("ordered_at", "DATETIME"),
        ]
    );
    let member_id = column(orders, "member_id");
    assert!(member_id["constraints"].is_null());
    assert_eq!(at(&member_id["span"]), "24:1");
    assert_eq!(at(&member_id["data_type"]["span"]), "24:15");

    let menu = table(&json, "menu_items");
    assert_eq!(columns(menu), [("id", "BIGINT"), ("title", "VARCHAR(100)")]);
    assert_eq!(column(menu, "id")["constraints"]["value"], "PK");
    assert_eq!(column(menu, "title")["constraints"]["value"], "NOT NULL");
}

// ---------------------------------------------------------------------------------------------
// Endpoints (VARIATIONS 14-16)

/// 14: ``#### `POST /returns/token` ``, ``#### GET `/api/devices` ``, `#### GET /api/errors/{id}`,
/// `## 1. POST /customers`, `### 4.1 PUT /x`, `### 4.2 GET /x/:id/diff?from=…`.
#[test]
fn endpoint_heading_forms() {
    let json = approved("08-endpoint-headings.md");
    assert_status(&json, "Approved", "3:13");
    assert_eq!(codes(&json), ["SF-A040"], "{:#}", json["diagnostics"]);
    assert_eq!(at(&json["diagnostics"][0]), "33:37");

    assert_eq!(
        endpoint_keys(&json),
        [
            "POST /returns/token",
            "GET /api/devices",
            "GET /api/errors/{id}",
            "POST /customers",
            "PUT /policies/{policyId}",
            "GET /policies/{policyId}/diff",
        ]
    );
    let all = items(&json, "/spec/api/endpoints");
    assert!(all.iter().all(|e| forms(e) == ["heading"]));
    let positions: Vec<String> = all.iter().map(|e| at(&e["span"])).collect();
    assert_eq!(positions, ["9:1", "15:1", "19:1", "23:1", "29:1", "33:1"]);

    let token = endpoint(&json, "POST", "/returns/token");
    assert_eq!(token["raw_path"]["value"], "/returns/token");
    assert_eq!(at(&token["raw_path"]["span"]), "9:12");
    let devices = endpoint(&json, "GET", "/api/devices");
    assert_eq!(devices["raw_path"]["value"], "/api/devices");
    assert_eq!(at(&devices["raw_path"]["span"]), "15:11");
    assert_eq!(
        at(&endpoint(&json, "POST", "/customers")["raw_path"]["span"]),
        "23:12"
    );
    let diff = endpoint(&json, "GET", "/policies/{policyId}/diff");
    assert_eq!(
        diff["raw_path"]["value"],
        "/policies/:policyId/diff?from=v1&to=v2"
    );
    assert_eq!(at(&diff["raw_path"]["span"]), "33:13");
}

/// 15: request lines of ```` ```http ```` fences (alone, or as the example of the endpoint a
/// heading details), bold `**POST /x**` lines, and `METHOD /path  description` lines of a plain
/// fence (seed 000) joined with a later bold line for the same endpoint.
#[test]
fn endpoint_http_fences_bold_lines_and_fence_lines() {
    let json = approved("09-endpoint-fences-bold-lines.md");
    assert_status(&json, "Approved", "3:15");
    assert_no_diagnostics(&json);

    assert_eq!(
        endpoint_keys(&json),
        [
            "GET /api/menus",
            "GET /api/menus/popular",
            "POST /api/members/{memberId}/points/charge",
            "POST /api/orders",
            "GET /api/orders/{orderId}",
            "GET /api/admin/kiosks",
            "PUT /api/admin/kiosks/{kioskId}",
            "DELETE /api/admin/kiosks/{kioskId}",
        ]
    );
    let menus = endpoint(&json, "GET", "/api/menus");
    assert_eq!(forms(menus), ["http_fence"]);
    assert_eq!(at(&menus["span"]), "10:1");
    let popular = endpoint(&json, "GET", "/api/menus/popular");
    assert_eq!(forms(popular), ["heading", "http_fence"]);
    assert_eq!(mention_positions(popular), ["19:1", "22:1"]);
    let charge = endpoint(&json, "POST", "/api/members/{memberId}/points/charge");
    assert_eq!(forms(charge), ["http_fence"]);
    assert_eq!(
        charge["raw_path"]["value"],
        "/api/members/{memberId}/points/charge"
    );
    assert_eq!(at(&charge["span"]), "28:1");
    let order = endpoint(&json, "POST", "/api/orders");
    assert_eq!(forms(order), ["bold_line"]);
    assert_eq!(at(&order["span"]), "34:1");
    assert_eq!(at(&order["raw_path"]["span"]), "34:8");
    let get_order = endpoint(&json, "GET", "/api/orders/{orderId}");
    assert_eq!(forms(get_order), ["bold_line"]);
    assert_eq!(at(&get_order["span"]), "40:1");

    let kiosks = endpoint(&json, "GET", "/api/admin/kiosks");
    assert_eq!(forms(kiosks), ["fence_line"]);
    assert_eq!(kiosks["summary"], "List kiosks");
    assert_eq!(at(&kiosks["span"]), "45:1");
    let update = endpoint(&json, "PUT", "/api/admin/kiosks/{kioskId}");
    assert_eq!(forms(update), ["fence_line", "bold_line"]);
    assert_eq!(mention_positions(update), ["46:1", "50:1"]);
    assert_eq!(update["summary"], "Update a kiosk");
    assert_eq!(update["raw_path"]["value"], "/api/admin/kiosks/:kioskId");
    let remove = endpoint(&json, "DELETE", "/api/admin/kiosks/{kioskId}");
    assert_eq!(remove["summary"], "Remove a kiosk");
    assert_eq!(at(&remove["span"]), "47:1");
}

/// 15: `| **Method** | POST |` field tables under `#### Endpoint: Name` (seed 001), and merged
/// `POST /api/v1/x` cells (one with a full URL) under an `Endpoint` header.
#[test]
fn endpoint_field_tables_and_merged_endpoint_cells() {
    let json = approved("10-endpoint-field-tables-merged-cells.md");
    assert_status(&json, "Approved", "9:16");
    assert_eq!(json["spec"]["info"]["service"]["value"], "Invoice Export");
    assert_no_diagnostics(&json);

    assert_eq!(
        endpoint_keys(&json),
        [
            "POST /api/v1/exports",
            "GET /api/v1/exports/{exportId}/file",
            "POST /api/v1/partners/{partnerId}/webhooks",
            "GET /api/v1/partners/{partnerId}/webhooks",
            "DELETE /api/v1/partners/{partnerId}/webhooks/{hookId}",
        ]
    );
    let start = endpoint(&json, "POST", "/api/v1/exports");
    assert_eq!(forms(start), ["field_table"]);
    assert_eq!(start["summary"], "Start an export");
    assert_eq!(start["auth"]["value"], "Required");
    assert_eq!(at(&start["auth"]["span"]), "20:14");
    assert_eq!(at(&start["span"]), "16:1");
    assert_eq!(at(&start["raw_path"]["span"]), "19:15");
    let download = endpoint(&json, "GET", "/api/v1/exports/{exportId}/file");
    assert_eq!(forms(download), ["field_table"]);
    assert_eq!(download["summary"], "Download an export");
    assert_eq!(download["auth"]["value"], "Optional");
    assert_eq!(at(&download["span"]), "23:1");

    let register = endpoint(&json, "POST", "/api/v1/partners/{partnerId}/webhooks");
    assert_eq!(forms(register), ["table_row"]);
    assert_eq!(register["summary"], "Register a webhook");
    assert_eq!(register["auth"]["value"], "Partner key");
    assert_eq!(
        register["raw_path"]["value"],
        "/api/v1/partners/{partnerId}/webhooks"
    );
    assert_eq!(at(&register["span"]), "33:1");
    assert_eq!(at(&register["raw_path"]["span"]), "33:9");
    let remove = endpoint(
        &json,
        "DELETE",
        "/api/v1/partners/{partnerId}/webhooks/{hookId}",
    );
    assert_eq!(remove["summary"], "Remove a webhook");
    assert_eq!(at(&remove["span"]), "35:1");
}

/// 16: `:id`, `<id>` and `{id}` parameters (mentions in different styles join), a query string
/// in a path cell, and `Base path: /api/v1/inpatient` stated once in prose.
#[test]
fn path_parameters_query_strings_and_base_path() {
    let json = approved("11-path-params-base-path.md");
    assert_status(&json, "APPROVED", "3:22");
    // The query string is read as parameters, with a note where it is written.
    assert_eq!(codes(&json), ["SF-A040"], "{:#}", json["diagnostics"]);
    assert_eq!(at(&json["diagnostics"][0]), "16:20");

    let base = &json["spec"]["api"]["base_path"];
    assert_eq!(base["value"], "/api/v1/inpatient");
    assert_eq!(at(&base["span"]), "7:12");

    assert_eq!(
        endpoint_keys(&json),
        [
            "GET /api/v1/inpatient/wards",
            "GET /api/v1/inpatient/wards/{wardId}/beds",
            "PATCH /api/v1/inpatient/beds/{bedId}",
            "GET /api/v1/inpatient/admissions",
            "POST /api/v1/inpatient/admissions",
            "GET /api/v1/inpatient/admissions/{admissionId}",
            "DELETE /api/v1/inpatient/beds/{bedId}/hold",
        ]
    );
    assert_eq!(
        at(&endpoint(&json, "GET", "/api/v1/inpatient/wards")["span"]),
        "13:1"
    );
    let beds = endpoint(&json, "GET", "/api/v1/inpatient/wards/{wardId}/beds");
    assert_eq!(forms(beds), ["table_row", "heading"]);
    assert_eq!(mention_positions(beds), ["14:1", "22:1"]);
    assert_eq!(beds["raw_path"]["value"], "/wards/:wardId/beds");
    let bed = endpoint(&json, "PATCH", "/api/v1/inpatient/beds/{bedId}");
    assert_eq!(forms(bed), ["table_row", "heading"]);
    assert_eq!(mention_positions(bed), ["15:1", "26:1"]);
    assert_eq!(bed["raw_path"]["value"], "/beds/<bedId>");
    assert_eq!(at(&bed["raw_path"]["span"]), "15:11");
    let search = endpoint(&json, "GET", "/api/v1/inpatient/admissions");
    assert_eq!(search["raw_path"]["value"], "/admissions?wardId&from&to");
    assert_eq!(at(&search["raw_path"]["span"]), "16:9");
    assert_eq!(search["summary"], "Search admissions");
    assert_eq!(search["auth"]["value"], "Doctor");
    let query: Vec<&str> = items(search, "/parameters")
        .iter()
        .map(|p| p["name"]["value"].as_str().unwrap())
        .collect();
    assert_eq!(query, ["wardId", "from", "to"]);
    assert_eq!(
        at(&endpoint(&json, "GET", "/api/v1/inpatient/admissions/{admissionId}")["span"]),
        "18:1"
    );
    let hold = endpoint(&json, "DELETE", "/api/v1/inpatient/beds/{bedId}/hold");
    assert_eq!(forms(hold), ["heading"]);
    assert_eq!(hold["raw_path"]["value"], "/beds/<bedId>/hold");
    assert_eq!(at(&hold["span"]), "30:1");
}

// ---------------------------------------------------------------------------------------------
// Error tables (VARIATIONS 8, 19)

/// 19 and 8: statuses `` `400 Bad Request` ``, `409 Conflict`, `404`, `422 Unprocessable Entity`;
/// `A / B` and `` `A`, `B` `` code cells (one entry per code); a table with no status column;
/// numeric codes with a Meaning and a Retry-able flag (seed 004); endpoint and catalogue scope.
#[test]
fn error_table_variants() {
    let json = approved("12-error-tables.md");
    assert_status(&json, "Approved", "3:13");
    assert_no_diagnostics(&json);

    assert_eq!(endpoint_keys(&json), ["POST /api/v1/policies"]);
    assert_eq!(
        forms(endpoint(&json, "POST", "/api/v1/policies")),
        ["table_row", "heading"]
    );

    assert_eq!(
        error_codes(&json),
        [
            "INVALID_POLICY",
            "DUPLICATE_EMAIL",
            "DUPLICATE_POLICY_NUMBER",
            "POLICY_NOT_FOUND",
            "POLICY_LAPSED",
            "QUOTE_EXPIRED",
            "QUOTE_SUPERSEDED",
            "AUDIT_WRITE_FAILED",
            "AUDIT_STALE",
            "BAD_REQUEST",
            "RATE_LIMITED",
            "SERVICE_UNAVAILABLE",
        ]
    );
    let invalid = error(&json, "INVALID_POLICY");
    assert_eq!(invalid["status"]["value"], 400);
    assert_eq!(invalid["scope"]["kind"], "endpoint");
    assert_eq!(invalid["scope"]["endpoint"], "POST /api/v1/policies");
    assert_eq!(at(&invalid["span"]), "19:1");
    assert_eq!(at(&invalid["code"]["span"]), "19:24");
    for (code, position) in [
        ("DUPLICATE_EMAIL", "20:19"),
        ("DUPLICATE_POLICY_NUMBER", "20:37"),
    ] {
        let entry = error(&json, code);
        assert_eq!(entry["status"]["value"], 409, "{code}");
        assert_eq!(
            entry["description"], "Holder email or policy number already used",
            "{code}"
        );
        assert_eq!(
            entry["scope"]["endpoint"], "POST /api/v1/policies",
            "{code}"
        );
        assert_eq!(at(&entry["span"]), "20:1", "{code}");
        assert_eq!(at(&entry["code"]["span"]), position, "{code}");
    }

    let not_found = error(&json, "POLICY_NOT_FOUND");
    assert_eq!(not_found["status"]["value"], 404);
    assert_eq!(not_found["description"], "No policy with this number");
    assert_eq!(not_found["scope"]["kind"], "catalogue");
    assert_eq!(at(&not_found["code"]["span"]), "26:4");
    assert_eq!(error(&json, "POLICY_LAPSED")["status"]["value"], 422);
    for (code, position) in [("QUOTE_EXPIRED", "28:4"), ("QUOTE_SUPERSEDED", "28:21")] {
        let entry = error(&json, code);
        assert_eq!(entry["status"]["value"], 410, "{code}");
        assert_eq!(at(&entry["code"]["span"]), position, "{code}");
    }

    for code in ["AUDIT_WRITE_FAILED", "AUDIT_STALE"] {
        let entry = error(&json, code);
        assert!(entry["status"].is_null(), "{code}: {}", entry["status"]);
        assert_eq!(entry["scope"]["kind"], "catalogue", "{code}");
    }
    let audit = error(&json, "AUDIT_WRITE_FAILED");
    assert_eq!(audit["description"], "Change saved but not audited");
    assert_eq!(at(&audit["span"]), "34:1");

    let bad_request = error(&json, "BAD_REQUEST");
    assert_eq!(bad_request["status"]["value"], 400);
    assert_eq!(bad_request["retryable"], false);
    assert_eq!(at(&bad_request["span"]), "41:1");
    let limited = error(&json, "RATE_LIMITED");
    assert_eq!(limited["status"]["value"], 429);
    assert_eq!(limited["retryable"], true);
    assert_eq!(limited["description"], "Rate Limited");
    assert_eq!(at(&limited["code"]["span"]), "42:3");
    let unavailable = error(&json, "SERVICE_UNAVAILABLE");
    assert_eq!(unavailable["status"]["value"], 503);
    assert_eq!(unavailable["retryable"], true);
    assert_eq!(at(&unavailable["span"]), "43:1");
    // Retry-able is only stated by the seed-004 table.
    assert!(error(&json, "POLICY_NOT_FOUND")["retryable"].is_null());
}

// ---------------------------------------------------------------------------------------------
// Alerts and metrics (VARIATIONS 20-22)

/// 20-21: `Alert|Severity|Condition`, `Alert|Trigger|Priority|Escalation`,
/// `Alert|Expression|For|Action` with PromQL in backticks and `—` in For, `Condition|Alert`;
/// severities critical/CRITICAL/Warning/Info/High/Sev-3/`Critical (P1)` kept as written.
#[test]
fn alert_table_variants() {
    let json = approved("13-alert-tables.md");
    assert_status(&json, "Approved", "3:15");
    assert_no_diagnostics(&json);
    assert_eq!(items(&json, "/spec/observability/metrics").len(), 0);

    assert_eq!(
        alert_names(&json),
        [
            "RouterDown",
            "SmsProviderFailing",
            "DigestBacklog",
            "TemplateCacheCold",
            "Push gateway outage",
            "Email bounce spike",
            "Webhook retries",
            "RouterErrorBudget",
            "RouterCertExpiring",
            "Digest queue growing",
            "Router disk almost full",
        ]
    );
    let alerts = items(&json, "/spec/observability/alerts");
    assert!(alerts.iter().all(|a| a["origin"]["kind"] == "alert_table"));
    let severities: Vec<&Value> = alerts[..7]
        .iter()
        .map(|a| &a["severity"]["value"])
        .collect();
    assert_eq!(
        severities,
        [
            "critical",
            "CRITICAL",
            "Warning",
            "Info",
            "Critical (P1)",
            "High",
            "Sev-3"
        ]
    );

    let down = alert(&json, "RouterDown");
    assert_eq!(down["condition"]["value"], "No healthy router pods for 5m");
    assert!(down["for_duration"].is_null());
    assert!(down["action"].is_null());
    assert_eq!(at(&down["span"]), "9:1");
    assert_eq!(at(&down["severity"]["span"]), "9:18");

    let push = alert(&json, "Push gateway outage");
    assert_eq!(push["condition"]["value"], "Push deliveries at 0 for 2m");
    assert_eq!(push["severity"]["value"], "Critical (P1)");
    assert_eq!(at(&push["severity"]["span"]), "18:55");
    assert_eq!(push["action"], "Page on-call, then team lead after 15 min");
    assert_eq!(at(&push["span"]), "18:1");
    assert_eq!(
        alert(&json, "Webhook retries")["condition"]["value"],
        "Retries > 100/min"
    );

    let budget = alert(&json, "RouterErrorBudget");
    assert_eq!(
        budget["condition"]["value"],
        "rate(router_errors_total[5m]) / rate(router_requests_total[5m]) > 0.05"
    );
    assert_eq!(budget["for_duration"], "3m");
    assert_eq!(budget["action"], "Page on-call");
    assert!(budget["severity"].is_null());
    assert_eq!(at(&budget["span"]), "26:1");
    let cert = alert(&json, "RouterCertExpiring");
    assert_eq!(
        cert["condition"]["value"],
        "router_cert_expiry_seconds - time() < 7 * 86400"
    );
    assert!(cert["for_duration"].is_null(), "{}", cert["for_duration"]);

    let queue = alert(&json, "Digest queue growing");
    assert_eq!(
        queue["condition"]["value"],
        r#"queue_depth{queue="digest"} > 1000"#
    );
    assert_eq!(at(&queue["span"]), "33:1");
    let disk = alert(&json, "Router disk almost full");
    assert_eq!(disk["condition"]["value"], "Disk space < 10%");
    assert_eq!(at(&disk["name"]["span"]), "34:22");
}

/// 22: labels `—`, a backticked list, `key=v1|v2` and a bare list; types `Counter`, `counter`,
/// `gauge (0/1)`, `timer`; a metrics table without a Type column; an `Alert Threshold` column.
#[test]
fn metrics_table_variants() {
    let json = approved("14-metrics-tables.md");
    assert_status(&json, "APPROVED", "3:22");
    assert_no_diagnostics(&json);

    assert_eq!(
        metric_names(&json),
        [
            "upload_requests_total",
            "upload_failures_total",
            "upload_scanner_up",
            "upload_store_latency",
            "upload_size_bytes",
            "upload_active_sessions",
            "upload_quota_remaining_bytes",
            "upload_e2e_seconds",
            "upload_queue_depth",
            "upload_retries_total",
        ]
    );
    let metrics = items(&json, "/spec/observability/metrics");
    let kinds: Vec<&Value> = metrics.iter().map(|m| &m["kind"]).collect();
    assert_eq!(
        kinds,
        [
            &Value::from("counter"),
            &Value::from("counter"),
            &Value::from("gauge"),
            &Value::Null,
            &Value::from("histogram"),
            &Value::Null,
            &Value::Null,
            &Value::from("histogram"),
            &Value::from("gauge"),
            &Value::from("counter"),
        ]
    );
    let kind_texts: Vec<&Value> = metrics.iter().map(|m| &m["kind_text"]).collect();
    assert_eq!(
        kind_texts,
        [
            &Value::from("Counter"),
            &Value::from("counter"),
            &Value::from("gauge (0/1)"),
            &Value::from("timer"),
            &Value::from("Histogram"),
            &Value::Null,
            &Value::Null,
            &Value::from("Histogram"),
            &Value::from("Gauge"),
            &Value::from("Counter"),
        ]
    );
    let all_labels: Vec<Vec<&str>> = metrics.iter().map(labels).collect();
    assert_eq!(
        all_labels,
        [
            vec!["method", "route", "status"],
            vec!["reason"],
            vec![],
            vec!["backend"],
            vec!["tenant", "kind"],
            vec![],
            vec![],
            vec!["tenant"],
            vec![],
            vec!["reason"],
        ]
    );
    assert_eq!(at(&metric(&json, "upload_requests_total")["span"]), "9:1");
    assert_eq!(at(&metric(&json, "upload_failures_total")["span"]), "10:1");
    let sessions = metric(&json, "upload_active_sessions");
    assert_eq!(sessions["description"], "Sessions currently streaming");
    assert_eq!(at(&sessions["span"]), "19:1");

    assert_eq!(
        alert_names(&json),
        ["upload_e2e_seconds", "upload_queue_depth"]
    );
    let e2e = alert(&json, "upload_e2e_seconds");
    assert_eq!(e2e["condition"]["value"], "p95 > 2s for 10m");
    assert_eq!(e2e["origin"]["kind"], "metric_row");
    assert_eq!(e2e["origin"]["metric"], "upload_e2e_seconds");
    assert_eq!(at(&e2e["condition"]["span"]), "26:49");
    assert_eq!(at(&e2e["span"]), "26:1");
    let depth = alert(&json, "upload_queue_depth");
    assert_eq!(depth["condition"]["value"], "> 500");
    assert_eq!(at(&depth["condition"]["span"]), "27:38");
}

// ---------------------------------------------------------------------------------------------
// Document furniture (VARIATIONS 23-24)

/// 23-24: YAML front matter carrying `status: approved`, HTML `<img>` badges, image badges, a
/// table of contents, and a `> **ARCHIVED:**` banner that is not the document status.
#[test]
fn front_matter_archived_banner_and_badges() {
    let json = approved("15-front-matter-archived-badges.md");
    assert_status(&json, "approved", "5:9");
    assert_eq!(json["spec"]["info"]["version"]["value"], "3.1");
    assert_eq!(at(&json["spec"]["info"]["version"]["span"]), "4:11");
    assert_no_diagnostics(&json);

    assert_eq!(
        endpoint_keys(&json),
        [
            "POST /bridge/jobs",
            "GET /bridge/printers/{printerId}/status"
        ]
    );
    let jobs = endpoint(&json, "POST", "/bridge/jobs");
    assert_eq!(jobs["auth"]["value"], "Service token");
    assert_eq!(at(&jobs["span"]), "30:1");
    assert_eq!(
        at(&endpoint(&json, "GET", "/bridge/printers/{printerId}/status")["span"]),
        "31:1"
    );
    assert_eq!(metric_names(&json), ["bridge_jobs_printed_total"]);
    let printed = metric(&json, "bridge_jobs_printed_total");
    assert_eq!(labels(printed), ["printer"]);
    assert_eq!(at(&printed["span"]), "41:1");
}

/// 23: CRLF line endings everywhere; every position is the file's own line and column, and no
/// value or fence body keeps a `\r`.
#[test]
fn crlf_line_endings_keep_positions() {
    let json = approved("16-crlf-line-endings.md");
    assert_status(&json, "Approved", "8:16");
    assert_no_diagnostics(&json);
    let title = &json["spec"]["info"]["title"];
    assert_eq!(
        title["value"],
        "Fleet Telematics Ingest — Technical Specification"
    );
    assert_eq!(at(&title["span"]), "1:1");

    assert_eq!(
        endpoint_keys(&json),
        [
            "POST /ingest/v1/positions",
            "GET /ingest/v1/vehicles/{vin}/last-position"
        ]
    );
    let positions = endpoint(&json, "POST", "/ingest/v1/positions");
    assert_eq!(forms(positions), ["table_row", "heading", "http_fence"]);
    assert_eq!(mention_positions(positions), ["14:1", "17:1", "20:1"]);
    assert_eq!(positions["span"]["end_line"], 14);
    assert_eq!(positions["span"]["end_column"], 67);
    assert_eq!(positions["auth"]["value"], "Device cert");
    let last = endpoint(&json, "GET", "/ingest/v1/vehicles/{vin}/last-position");
    assert_eq!(last["auth"]["value"], "Dispatcher JWT");
    assert_eq!(at(&last["span"]), "15:1");

    assert_eq!(error_codes(&json), ["FIX_OUT_OF_ORDER", "BATCH_TOO_LARGE"]);
    let order = error(&json, "FIX_OUT_OF_ORDER");
    assert_eq!(order["status"]["value"], 400);
    assert_eq!(order["scope"]["endpoint"], "POST /ingest/v1/positions");
    assert_eq!(at(&order["code"]["span"]), "27:10");
    let large = error(&json, "BATCH_TOO_LARGE");
    assert_eq!(large["description"], "More than 500 fixes");
    assert_eq!(at(&large["code"]["span"]), "28:10");

    assert_eq!(metric_names(&json), ["ingest_fixes_total"]);
    assert_eq!(at(&metric(&json, "ingest_fixes_total")["span"]), "34:1");
    assert_eq!(alert_names(&json), ["IngestStalled"]);
    let stalled = alert(&json, "IngestStalled");
    assert_eq!(stalled["action"], "Page on-call");
    assert_eq!(at(&stalled["span"]), "40:1");
    assert_eq!(at(&stalled["severity"]["span"]), "40:37");

    let blocks = items(&json, "/spec/schema/sql_blocks");
    assert_eq!(blocks.len(), 1);
    assert_eq!(blocks[0]["dialect"], "postgres");
    assert_eq!(at(&blocks[0]["span"]), "44:1");
    assert_eq!(blocks[0]["span"]["end_line"], 49);
    let body = text(&blocks[0]["body"]);
    assert!(!body.contains('\r'), "{body:?}");
    assert!(body.starts_with("CREATE TABLE positions (\n"), "{body:?}");
}

/// 23: a UTF-8 byte order mark; the title is still line 1, column 1, and positions are the
/// file's own.
#[test]
fn bom_keeps_positions() {
    let json = approved("17-bom-blockquote-status.md");
    let title = &json["spec"]["info"]["title"];
    assert_eq!(
        title["value"],
        "Pharmacy Refill Reminders — Technical Specification"
    );
    assert_eq!(at(&title["span"]), "1:1");
    assert_status(&json, "Approved", "3:15");
    assert_eq!(json["spec"]["info"]["version"]["value"], "1.0");
    assert_eq!(at(&json["spec"]["info"]["version"]["span"]), "4:16");
    assert_no_diagnostics(&json);

    assert_eq!(endpoint_keys(&json), ["GET /refills/{patientId}/due"]);
    let due = endpoint(&json, "GET", "/refills/{patientId}/due");
    assert_eq!(at(&due["span"]), "8:1");
    assert_eq!(at(&due["raw_path"]["span"]), "8:10");
    assert_eq!(error_codes(&json), ["PATIENT_NOT_FOUND"]);
    let missing = error(&json, "PATIENT_NOT_FOUND");
    assert_eq!(missing["status"]["value"], 404);
    assert_eq!(missing["scope"]["endpoint"], "GET /refills/{patientId}/due");
    assert_eq!(at(&missing["code"]["span"]), "14:10");
    assert_eq!(table_names(&json), ["refill_reminders"]);
    let reminders = table(&json, "refill_reminders");
    assert_eq!(reminders["name"]["span"]["line"], 18);
    assert_eq!(columns(reminders), [("id", "UUID"), ("due_on", "DATE")]);
    assert_eq!(at(&column(reminders, "due_on")["span"]), "23:1");
}

// ---------------------------------------------------------------------------------------------
// SQL fences (VARIATIONS 12)

/// 12: fence tags `SQL`, `postgresql`, `postgres`, `psql`, `mysql`, `sqlite`, `sql`; a fence
/// holding only a SELECT is still a SQL fence (extract only counts fences); up/down labels.
#[test]
fn sql_fence_tags() {
    let json = approved("18-sql-fence-tags.md");
    assert_status(&json, "approved", "2:9");
    assert_eq!(
        json["spec"]["info"]["title"]["value"],
        "Warehouse Slotting — Schema Specification"
    );
    assert_no_diagnostics(&json);

    let blocks = items(&json, "/spec/schema/sql_blocks");
    let infos: Vec<&str> = blocks.iter().map(|b| text(&b["info"])).collect();
    assert_eq!(
        infos,
        [
            "SQL",
            "postgresql",
            "postgres",
            "psql",
            "mysql",
            "sqlite",
            "sql",
            "sql",
            "sql"
        ]
    );
    let dialects: Vec<&str> = blocks.iter().map(|b| text(&b["dialect"])).collect();
    assert_eq!(
        dialects,
        [
            "postgres", "postgres", "postgres", "postgres", "mysql", "sqlite", "postgres",
            "postgres", "postgres"
        ]
    );
    let starts: Vec<String> = blocks.iter().map(|b| at(&b["span"])).collect();
    assert_eq!(
        starts,
        [
            "12:1", "16:1", "20:1", "24:1", "30:1", "40:1", "46:1", "51:1", "56:1"
        ]
    );
    let ends: Vec<&Value> = blocks.iter().map(|b| &b["span"]["end_line"]).collect();
    assert_eq!(ends, [14, 18, 22, 26, 36, 42, 48, 53, 58]);
    let roles: Vec<&str> = blocks.iter().map(|b| text(&b["role"])).collect();
    assert_eq!(roles[..6], ["schema"; 6]);
    assert_eq!(roles[7..], ["up", "down"]);
    assert_eq!(
        blocks[6]["body"],
        "SELECT aisle, count(*) FROM bins GROUP BY aisle;\n"
    );
}

/// 21: whole alert rules in a ```promql fence: each `# Name — why` block whose expression
/// compares becomes an alert; a dashboard query (no comparison) does not.
#[test]
fn promql_fence_rules() {
    let json = approved("19-promql-fence.md");
    let alerts = items(&json, "/spec/observability/alerts");
    let names: Vec<&str> = alerts.iter().map(|a| text(&a["name"]["value"])).collect();
    assert_eq!(names, ["Gateway error rate", "Repair backlog"]);
    assert!(
        alerts
            .iter()
            .all(|a| a["origin"]["kind"] == "promql_fence" && a["condition_is_code"] == true)
    );
    assert_eq!(
        alerts[0]["condition"]["value"],
        "sum(rate(gateway_errors_total[5m])) / sum(rate(gateway_requests_total[5m])) > 0.01"
    );
    assert_eq!(at(&alerts[0]["condition"]["span"]), "19:1");
    assert_eq!(at(&alerts[0]["name"]["span"]), "18:3");
    assert_eq!(
        alerts[1]["condition"]["value"],
        "max(gateway_repair_backlog) > 1000"
    );
}

// ---------------------------------------------------------------------------------------------
// 20: what an endpoint's section says beyond method and path

/// (name, location, type, required, validation) of each parameter.
fn parameters(endpoint: &Value) -> Vec<(String, String, String, String, String)> {
    let s = |v: &Value| match v {
        Value::Null => "-".to_owned(),
        Value::Object(_) => v["value"].as_str().unwrap_or("?").to_owned(),
        other => other.to_string(),
    };
    endpoint["parameters"]
        .as_array()
        .map_or_else(Vec::new, |ps| {
            ps.iter()
                .map(|p| {
                    (
                        s(&p["name"]),
                        s(&p["location"]).trim_matches('"').to_owned(),
                        s(&p["type_text"]),
                        s(&p["required"]),
                        s(&p["validation"]),
                    )
                })
                .collect()
        })
}

/// (status, reason, is_error, first line of the example) of each response.
fn responses(endpoint: &Value) -> Vec<(String, String, bool, String)> {
    endpoint["responses"]
        .as_array()
        .map_or_else(Vec::new, |rs| {
            rs.iter()
                .map(|r| {
                    (
                        r["status"]["value"].to_string(),
                        r["description"].as_str().unwrap_or("-").to_owned(),
                        r["is_error"] == true,
                        r["example"]["text"]
                            .as_str()
                            .map_or("-", |t| t.lines().next().unwrap_or(""))
                            .to_owned(),
                    )
                })
                .collect()
        })
}

#[test]
fn endpoint_details() {
    let json = approved("20-endpoint-details.md");
    assert_no_diagnostics(&json);
    let api = &json["spec"]["api"];
    // `Base URL:` gives both the servers URL and the base path applied to every path.
    assert_eq!(
        api["base_url"]["value"],
        "https://api.lockers.example.com/v2"
    );
    assert_eq!(at(&api["base_url"]["span"]), "6:11");
    assert_eq!(api["base_path"]["value"], "/v2");
    // The `Method` field of the authentication section names the scheme.
    assert_eq!(
        api["auth_scheme"]["value"],
        "API key in the X-API-Key header"
    );
    assert_eq!(at(&api["auth_scheme"]["span"]), "12:13");
    // The JSON fence under `### Error Format` is the standard error body.
    assert!(
        text(&api["error_format"]["text"]).contains("\"request_id\": \"r-1\""),
        "{}",
        api["error_format"]
    );

    let slots = endpoint(&json, "GET", "/v2/lockers/{locker_id}/slots");
    assert_eq!(slots["group"], "Lockers");
    assert_eq!(
        slots["description"],
        "Lists the slots of one locker with their state."
    );
    assert_eq!(slots["authorization"], "lockers:read");
    assert_eq!(slots["rate_limit"], "600 requests/minute");
    let p = |n: &str, l: &str, t: &str, r: &str, v: &str| {
        (
            n.to_owned(),
            l.to_owned(),
            t.to_owned(),
            r.to_owned(),
            v.to_owned(),
        )
    };
    assert_eq!(
        parameters(slots),
        vec![
            // The label says query; `\|` in a code span stays in the cell.
            p("size", "query", "string", "false", "S | M | L"),
            p("limit", "query", "integer", "false", "1-100, default 20"),
            // An `In` column wins over any label.
            p("locker_id", "path", "string (uuid)", "true", "-"),
            p("X-Request-Id", "header", "string", "false", "-"),
        ]
    );
    let r = |s: &str, d: &str, e: bool, x: &str| (s.to_owned(), d.to_owned(), e, x.to_owned());
    assert_eq!(
        responses(slots),
        vec![r("200", "OK", false, "{")],
        "`**Response — `200 OK`**`"
    );
    // `**Errors:** `CODE` (404), …` lines scope codes to the endpoint, with their statuses.
    let scoped: Vec<(String, String)> = items(&json, "/spec/errors/entries")
        .iter()
        .filter(|e| e["scope"]["endpoint"] == "GET /v2/lockers/{locker_id}/slots")
        .map(|e| {
            (
                text(&e["code"]["value"]).to_owned(),
                e["status"]["value"].to_string(),
            )
        })
        .collect();
    assert_eq!(
        scoped,
        vec![
            ("LOCKER_NOT_FOUND".to_owned(), "404".to_owned()),
            ("RATE_LIMITED".to_owned(), "429".to_owned())
        ]
    );

    let reserve = endpoint(&json, "POST", "/v2/lockers/{locker_id}/reservations");
    assert_eq!(
        text(&reserve["request"]["text"]).trim(),
        r#"{ "parcel_id": "string (UUID)", "size": "string (enum: S, M, L)" }"#
    );
    assert_eq!(reserve["request"]["offset"], 1148);
    assert_eq!(
        responses(reserve),
        vec![
            // An `HTTP/1.1 201 Created` fence: the body after the blank line.
            r(
                "201",
                "Created",
                false,
                r#"{ "reservation_id": "0b6f3c7e-2d1a-4e5f-9a8b-7c6d5e4f3a2b", "expires_at": "2026-05-01T10:00:00Z" }"#
            ),
            r(
                "409",
                "Conflict",
                true,
                r#"{ "error": { "code": "NO_FREE_SLOT", "message": "No free slot of that size" } }"#
            ),
        ]
    );
    // `**Response:** 204 No Content` as a field line, with no example.
    let cancel = endpoint(&json, "DELETE", "/v2/lockers/{locker_id}/reservations/{id}");
    assert_eq!(responses(cancel), vec![r("204", "No Content", false, "-")]);
    // A bold `**GET /x**` line owns the next fence, split at its `Request:` / `Response:` lines;
    // `(no body)` is not a request example.
    let get = endpoint(&json, "GET", "/v2/lockers/{locker_id}");
    assert_eq!(get["request"], Value::Null);
    assert_eq!(
        responses(get),
        vec![r(
            "200",
            "OK",
            false,
            r#"{ "id": "4e1c2b3a-5d6e-4f70-8a9b-0c1d2e3f4a5b", "site": "Lisbon Oriente" }"#
        )]
    );
}

#[test]
fn parameter_lists_as_bullets() {
    let json = approved("21-parameter-bullets.md");
    assert_no_diagnostics(&json);
    let p = |n: &str, l: &str, t: &str, r: &str| {
        (
            n.to_owned(),
            l.to_owned(),
            t.to_owned(),
            r.to_owned(),
            "-".to_owned(),
        )
    };
    assert_eq!(
        parameters(endpoint(&json, "GET", "/api/errors")),
        vec![
            p("limit", "query", "integer", "false"),
            p("level", "query", "string", "false"),
        ]
    );
    // Under a method that takes a body, an unlabelled list describes body fields.
    assert_eq!(parameters(endpoint(&json, "POST", "/api/errors")), vec![]);
    assert_eq!(
        parameters(endpoint(&json, "DELETE", "/api/errors/{id}")),
        vec![p("id", "path", "UUID", "true")]
    );
}
