//! `specforge extract` on every valid fixture: exact construct counts and sample positions,
//! one fixture per template dialect (000 to 004).

mod common;
use common::*;
use serde_json::Value;

struct Expected {
    file: &'static str,
    status_at: &'static str,
    endpoints: usize,
    first_endpoint: (&'static str, &'static str, &'static str),
    error_rows: usize,
    distinct_codes: usize,
    first_error: (&'static str, u64, &'static str),
    metrics: usize,
    alerts: usize,
    first_alert_table_row: &'static str,
    sql_fences: usize,
    column_tables: &'static [(&'static str, usize)],
    skipped_table_line: u64,
}

const FIXTURES: &[Expected] = &[
    // Dialect 000: bold field lines, plain endpoint fences, Request:/Response: in one json fence.
    Expected {
        file: "fixtures/valid/inventory.md",
        status_at: "7:13",
        endpoints: 8,
        first_endpoint: ("POST", "/api/v1/products", "124:1"),
        error_rows: 8,
        distinct_codes: 8,
        first_error: ("VALIDATION_ERROR", 400, "415:3"),
        metrics: 6,
        alerts: 4,
        first_alert_table_row: "519:1",
        sql_fences: 4,
        column_tables: &[],
        skipped_table_line: 478,
    },
    // Dialect 001: Document Information table, `| **Method** | POST |` field tables.
    Expected {
        file: "fixtures/valid/notifications.md",
        status_at: "13:16",
        endpoints: 6,
        first_endpoint: ("POST", "/api/v1/notifications", "163:1"),
        error_rows: 13,
        distinct_codes: 7,
        // Entries are in document order: the first is an error response example.
        first_error: ("TEMPLATE_NOT_FOUND", 404, "206:14"),
        metrics: 4,
        alerts: 3,
        first_alert_table_row: "532:1",
        sql_fences: 1,
        column_tables: &[],
        skipped_table_line: 465,
    },
    // Dialect 002: blockquote header, `#### Table: x` column tables, `##### GET /x` headings.
    Expected {
        file: "fixtures/valid/bookings.md",
        status_at: "5:15",
        endpoints: 7,
        first_endpoint: ("POST", "/api/v1/guests", "233:1"),
        // 9 catalogue rows + 15 codes on `**Errors:** `CODE` (400), …` lines.
        error_rows: 24,
        distinct_codes: 9,
        first_error: ("VALIDATION_ERROR", 400, "271:14"),
        metrics: 4,
        alerts: 4,
        first_alert_table_row: "594:1",
        sql_fences: 0,
        column_tables: &[
            ("rooms", 8),
            ("guests", 9),
            ("bookings", 13),
            ("payments", 9),
        ],
        skipped_table_line: 545,
    },
    // Dialect 003: overview table + detail headings, entity column tables, Up/Down fences.
    Expected {
        file: "fixtures/valid/ledger.md",
        status_at: "11:16",
        endpoints: 7,
        first_endpoint: ("POST", "/api/v1/accounts", "62:1"),
        error_rows: 36,
        distinct_codes: 13,
        first_error: ("INVALID_INPUT", 400, "124:10"),
        metrics: 5,
        alerts: 8,
        first_alert_table_row: "638:1",
        sql_fences: 2,
        column_tables: &[("accounts", 10), ("transactions", 8), ("entries", 7)],
        skipped_table_line: 605,
    },
    // Dialect 004: `**Document Status**: APPROVED`, Method|Endpoint|Purpose|Request|Response,
    // numeric error codes with Retry-able, Key Metrics with Alert Threshold.
    Expected {
        file: "fixtures/valid/payouts.md",
        status_at: "3:22",
        endpoints: 6,
        first_endpoint: ("GET", "/api/v1/payouts", "170:1"),
        error_rows: 8,
        distinct_codes: 8,
        first_error: ("BAD_REQUEST", 400, "278:3"),
        metrics: 4,
        alerts: 7,
        first_alert_table_row: "370:1",
        sql_fences: 1,
        column_tables: &[],
        skipped_table_line: 318,
    },
];

fn check(expected: &Expected) {
    let (code, json) = extract_json(expected.file, &[]);
    let file = expected.file;
    assert_eq!(code, 0, "{file}: exit code");
    assert_eq!(json["spec"]["info"]["status"]["kind"], "approved", "{file}");
    assert_eq!(
        at(&json["spec"]["info"]["status"]["span"]),
        expected.status_at,
        "{file}: status"
    );

    let endpoints = items(&json, "/spec/api/endpoints");
    assert_eq!(endpoints.len(), expected.endpoints, "{file}: endpoints");
    let (method, path, position) = expected.first_endpoint;
    assert_eq!(endpoints[0]["method"], method, "{file}");
    assert_eq!(endpoints[0]["path"], path, "{file}");
    assert_eq!(
        at(&endpoints[0]["span"]),
        position,
        "{file}: first endpoint"
    );

    let errors = items(&json, "/spec/errors/entries");
    assert_eq!(errors.len(), expected.error_rows, "{file}: error rows");
    let distinct = items(&json, "/spec/errors/codes");
    assert_eq!(
        distinct.len(),
        expected.distinct_codes,
        "{file}: distinct codes"
    );
    assert!(
        distinct.iter().all(|c| c["status"]["value"].is_u64()),
        "{file}: every code has a status"
    );
    let (code_name, status, position) = expected.first_error;
    assert_eq!(errors[0]["code"]["value"], code_name, "{file}");
    assert_eq!(errors[0]["status"]["value"], status, "{file}");
    assert_eq!(
        at(&errors[0]["code"]["span"]),
        position,
        "{file}: first error code"
    );

    assert_eq!(
        items(&json, "/spec/observability/metrics").len(),
        expected.metrics,
        "{file}: metrics"
    );
    let alerts = items(&json, "/spec/observability/alerts");
    assert_eq!(alerts.len(), expected.alerts, "{file}: alerts");
    let first_table_alert = alerts
        .iter()
        .find(|a| a["origin"]["kind"] == "alert_table")
        .expect("an alert table row");
    assert_eq!(
        at(&first_table_alert["span"]),
        expected.first_alert_table_row,
        "{file}"
    );

    assert_eq!(
        items(&json, "/spec/schema/sql_blocks").len(),
        expected.sql_fences,
        "{file}: sql fences"
    );
    let tables: Vec<(String, usize)> = items(&json, "/spec/schema/tables")
        .iter()
        .map(|t| {
            (
                t["name"]["value"].as_str().unwrap().to_owned(),
                items(t, "/columns").len(),
            )
        })
        .collect();
    let want: Vec<(String, usize)> = expected
        .column_tables
        .iter()
        .map(|(n, c)| ((*n).to_owned(), *c))
        .collect();
    assert_eq!(tables, want, "{file}: column tables");

    let skipped = items(&json, "/skipped_tables");
    assert_eq!(skipped.len(), 1, "{file}: exactly one look-alike table");
    assert_eq!(skipped[0]["line"], expected.skipped_table_line, "{file}");
    assert_eq!(
        codes(&json),
        ["SF-T001"],
        "{file}: only the look-alike note"
    );
}

#[test]
fn inventory_dialect_000() {
    check(&FIXTURES[0]);
}

#[test]
fn notifications_dialect_001() {
    check(&FIXTURES[1]);
}

#[test]
fn bookings_dialect_002() {
    check(&FIXTURES[2]);
}

#[test]
fn ledger_dialect_003() {
    check(&FIXTURES[3]);
}

#[test]
fn payouts_dialect_004() {
    check(&FIXTURES[4]);
}

fn endpoint<'a>(json: &'a Value, method: &str, path: &str) -> &'a Value {
    items(json, "/spec/api/endpoints")
        .iter()
        .find(|e| e["method"] == method && e["path"] == path)
        .unwrap_or_else(|| panic!("{method} {path} not found"))
}

#[test]
fn overview_rows_and_detail_headings_are_joined() {
    let (_, json) = extract_json("fixtures/valid/ledger.md", &[]);
    let e = endpoint(&json, "POST", "/api/v1/accounts");
    let forms: Vec<&str> = items(e, "/mentions")
        .iter()
        .map(|m| m["form"].as_str().unwrap())
        .collect();
    assert_eq!(forms, ["table_row", "heading"]);
    assert_eq!(e["section"], "post-apiv1accounts");
    assert_eq!(e["auth"]["value"], "Required");
}

#[test]
fn plain_fence_lines_normalize_colon_parameters() {
    let (_, json) = extract_json("fixtures/valid/inventory.md", &[]);
    let paths: Vec<&str> = items(&json, "/spec/api/endpoints")
        .iter()
        .map(|e| e["path"].as_str().unwrap())
        .collect();
    assert!(paths.iter().all(|p| !p.contains(':')), "{paths:?}");
    assert!(paths.contains(&"/api/v1/products/{id}"), "{paths:?}");
}

#[test]
fn http_fences_inside_a_detailed_endpoint_are_examples_not_endpoints() {
    let (_, json) = extract_json("fixtures/valid/bookings.md", &[]);
    for e in items(&json, "/spec/api/endpoints") {
        let path = e["path"].as_str().unwrap();
        assert!(
            !path.contains('-') || !path.chars().any(|c| c.is_ascii_digit()) || path.contains('{'),
            "a concrete example path became an endpoint: {path}"
        );
    }
    let e = endpoint(&json, "GET", "/api/v1/bookings/{id}");
    let forms: Vec<&str> = items(e, "/mentions")
        .iter()
        .map(|m| m["form"].as_str().unwrap())
        .collect();
    assert_eq!(forms, ["heading", "http_fence"]);
}

#[test]
fn numeric_error_codes_take_their_name_from_the_meaning() {
    let (_, json) = extract_json("fixtures/valid/payouts.md", &[]);
    let errors = items(&json, "/spec/errors/entries");
    let limited = errors
        .iter()
        .find(|e| e["status"]["value"] == 429)
        .expect("a 429 row");
    assert_eq!(limited["code"]["value"], "RATE_LIMITED");
    assert_eq!(limited["retryable"], true);
    let bad = errors.iter().find(|e| e["status"]["value"] == 400).unwrap();
    assert_eq!(bad["retryable"], false);
}

#[test]
fn per_endpoint_error_tables_are_scoped_to_their_endpoint() {
    let (_, json) = extract_json("fixtures/valid/ledger.md", &[]);
    let errors = items(&json, "/spec/errors/entries");
    let catalogue = errors
        .iter()
        .filter(|e| e["scope"]["kind"] == "catalogue")
        .count();
    assert_eq!(catalogue, 13);
    assert_eq!(errors[0]["scope"]["endpoint"], "POST /api/v1/accounts");
}

#[test]
fn codes_named_only_in_error_examples_are_found_with_the_label_status() {
    let (_, json) = extract_json("fixtures/valid/notifications.md", &[]);
    let examples: Vec<&Value> = items(&json, "/spec/errors/entries")
        .iter()
        .filter(|e| e["scope"]["kind"] == "example")
        .collect();
    assert_eq!(examples.len(), 6);
    for example in &examples {
        let code = example["code"]["value"].as_str().unwrap();
        let catalogue = items(&json, "/spec/errors/entries")
            .iter()
            .find(|e| e["scope"]["kind"] == "catalogue" && e["code"]["value"] == code)
            .unwrap_or_else(|| panic!("{code} is not in the catalogue"));
        assert_eq!(
            example["status"]["value"], catalogue["status"]["value"],
            "{code}"
        );
    }
}

#[test]
fn metric_rows_with_an_alert_column_define_alerts() {
    let (_, json) = extract_json("fixtures/valid/ledger.md", &[]);
    let from_metrics: Vec<&Value> = items(&json, "/spec/observability/alerts")
        .iter()
        .filter(|a| a["origin"]["kind"] == "metric_row")
        .collect();
    assert_eq!(from_metrics.len(), 4);
    assert_eq!(from_metrics[0]["origin"]["metric"], "ledger_requests_total");
    assert_eq!(from_metrics[0]["condition"]["value"], "Error rate > 1%");
}

#[test]
fn up_and_down_migration_fences_are_recognized() {
    let (_, json) = extract_json("fixtures/valid/ledger.md", &[]);
    let roles: Vec<&str> = items(&json, "/spec/schema/sql_blocks")
        .iter()
        .map(|b| b["role"].as_str().unwrap())
        .collect();
    assert_eq!(roles, ["up", "down"]);
}

#[test]
fn human_listing_names_every_construct_with_positions() {
    let (code, stdout, stderr) = extract_human("fixtures/valid/ledger.md", &[]);
    assert_eq!(code, 0);
    assert!(stdout.contains("endpoints (7)"), "{stdout}");
    assert!(
        stdout.contains("  62:1     POST    /api/v1/accounts"),
        "{stdout}"
    );
    assert!(stdout.contains("column tables (3)"), "{stdout}");
    assert!(
        stderr.ends_with("extract: fixtures/valid/ledger.md: 0 errors, 0 warnings, 1 note\n"),
        "{stderr}"
    );
}

#[test]
fn output_is_byte_identical_across_runs_and_environments() {
    for file in ["fixtures/valid/ledger.md", "fixtures/valid/bookings.md"] {
        let run = |tz: &str, lang: &str, format: &str| {
            specforge()
                .current_dir(repo_path(""))
                .env("TZ", tz)
                .env("LANG", lang)
                .env("LC_ALL", lang)
                .args(["extract", "--format", format, file])
                .output()
                .unwrap()
        };
        for format in ["json", "human"] {
            let a = run("UTC", "C", format);
            let b = run("Asia/Tokyo", "tr_TR.UTF-8", format);
            assert!(!a.stdout.is_empty());
            assert_eq!(a.stdout, b.stdout, "{file} {format}: stdout differs");
            assert_eq!(a.stderr, b.stderr, "{file} {format}: stderr differs");
        }
    }
}
