//! Realistic examples copied from the fixtures (`fixtures/valid/*.md`) and from specs seen in
//! the wild: descriptor style, real values, envelopes, comments and placeholders.

use serde_json::json;
use specforge_examples::{Shape, ShapeKind, infer, parse};
use specforge_model::Code;

/// Parses and infers, expecting a value and no diagnostics.
fn shape(text: &str) -> Shape {
    let (value, diagnostics) = parse(text, 0);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let (shape, diagnostics) = infer(&value.expect("a value"));
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    shape
}

/// The property at a `/`-separated path; `[]` steps into array items.
fn at<'s>(shape: &'s Shape, path: &str) -> &'s Shape {
    path.split('/').fold(shape, |shape, step| {
        if step == "[]" {
            shape.items.as_deref().expect("items")
        } else {
            shape
                .properties
                .iter()
                .find(|(k, _)| k == step)
                .map(|(_, s)| s)
                .unwrap_or_else(|| panic!("no {step} in {path}"))
        }
    })
}

/// The property names of an object shape.
fn keys(shape: &Shape) -> Vec<&str> {
    shape.properties.iter().map(|(k, _)| k.as_str()).collect()
}

/// ledger.md: a create body in descriptor style.
const LEDGER_CREATE_TRANSACTION: &str = r#"{
  "external_ref": "string (max 64, unique)",
  "currency": "string (enum: USD, EUR, GBP)",
  "memo": "string (optional, max 140)",
  "entries": [
    {
      "account_id": "string (UUID)",
      "direction": "string (enum: debit, credit)",
      "amount_minor": "integer (> 0)"
    }
  ]
}"#;

/// ledger.md: an envelope with descriptors and `| null`.
const LEDGER_CLOSE_ACCOUNT: &str = r#"{
  "data": {
    "id": "string (UUID)",
    "code": "string",
    "currency": "string",
    "status": "string (enum: open, closed)",
    "balance_minor": "integer",
    "closed_at": "string (ISO8601) | null"
  },
  "meta": {
    "request_id": "string"
  }
}"#;

/// ledger.md: a list envelope.
const LEDGER_LIST_ENTRIES: &str = r#"{
  "data": [
    {
      "id": "string (UUID)",
      "transaction_id": "string (UUID)",
      "position": "integer",
      "direction": "string (enum: debit, credit)",
      "amount_minor": "integer",
      "created_at": "string (ISO8601)"
    }
  ],
  "meta": {
    "request_id": "string",
    "next_cursor": "string | null"
  }
}"#;

#[test]
fn ledger_descriptor_style() {
    let s = shape(LEDGER_CREATE_TRANSACTION);
    assert_eq!(keys(&s), ["external_ref", "currency", "memo", "entries"]);
    let external_ref = at(&s, "external_ref");
    assert_eq!(external_ref.max_length, Some(64));
    assert_eq!(external_ref.notes, ["unique"]);
    assert_eq!(external_ref.example, None);
    assert_eq!(at(&s, "currency").enum_values, ["USD", "EUR", "GBP"]);
    let memo = at(&s, "memo");
    assert!(memo.optional);
    assert_eq!(memo.max_length, Some(140));
    let account = at(&s, "entries/[]/account_id");
    assert_eq!(account.format.as_deref(), Some("uuid"));
    let amount = at(&s, "entries/[]/amount_minor");
    assert_eq!(amount.kind, Some(ShapeKind::Integer));
    assert_eq!(amount.minimum, Some(("0".to_string(), true)));
    assert_eq!(amount.example, None);

    let s = shape(LEDGER_CLOSE_ACCOUNT);
    assert_eq!(keys(&s), ["data", "meta"]);
    let closed_at = at(&s, "data/closed_at");
    assert_eq!(closed_at.format.as_deref(), Some("date-time"));
    assert!(closed_at.nullable);
    let code = at(&s, "data/code");
    assert_eq!((code.kind, &code.example), (Some(ShapeKind::String), &None));

    let s = shape(LEDGER_LIST_ENTRIES);
    assert_eq!(at(&s, "data").kind, Some(ShapeKind::Array));
    assert_eq!(
        at(&s, "data/[]/created_at").format.as_deref(),
        Some("date-time")
    );
    assert!(at(&s, "meta/next_cursor").nullable);
}

/// inventory.md: one fence with a request, then a response (the caller splits them at
/// `Response:`; this is the request part).
const INVENTORY_CREATE_PRODUCT_REQUEST: &str = r#"Request:
{
  "sku": "CHAIR-OAK-001",
  "title": "Oak dining chair",
  "description": "Solid oak chair with linen seat",
  "unit_price": 149.90,
  "currency": "EUR",
  "weight_grams": 6200,
  "attributes": {
    "colour": "natural"
  }
}
"#;

/// inventory.md: the response part of the same fence.
const INVENTORY_CREATE_PRODUCT_RESPONSE: &str = r#"Response: 201 Created
{
  "id": "4b0f8a52-6c1e-4f0e-9d3a-2f1f0c7d9e11",
  "sku": "CHAIR-OAK-001",
  "title": "Oak dining chair",
  "unit_price": 149.90,
  "weight_grams": 6200,
  "attributes": {
    "colour": "natural"
  },
  "status": "active",
  "created_at": "2026-03-02T09:15:00Z",
  "updated_at": "2026-03-02T09:15:00Z"
}"#;

#[test]
fn inventory_real_values() {
    let s = shape(INVENTORY_CREATE_PRODUCT_REQUEST);
    let sku = at(&s, "sku");
    assert_eq!(sku.example, Some(json!("CHAIR-OAK-001")));
    assert_eq!(sku.format, None);
    let title = at(&s, "title");
    assert_eq!(title.example, Some(json!("Oak dining chair")));
    let price = at(&s, "unit_price");
    assert_eq!(price.kind, Some(ShapeKind::Number));
    assert_eq!(price.example, Some(json!(149.9)));
    let weight = at(&s, "weight_grams");
    assert_eq!(weight.kind, Some(ShapeKind::Integer));
    assert_eq!(weight.example, Some(json!(6200)));
    assert_eq!(at(&s, "attributes").kind, Some(ShapeKind::Object));
    assert_eq!(at(&s, "attributes").example, None);
    assert_eq!(at(&s, "attributes/colour").example, Some(json!("natural")));

    let s = shape(INVENTORY_CREATE_PRODUCT_RESPONSE);
    assert_eq!(at(&s, "id").format.as_deref(), Some("uuid"));
    assert_eq!(at(&s, "created_at").format.as_deref(), Some("date-time"));

    // The whole fence, unsplit: the request is read and the response noted.
    let whole = format!("{INVENTORY_CREATE_PRODUCT_REQUEST}\n{INVENTORY_CREATE_PRODUCT_RESPONSE}");
    let (value, diagnostics) = parse(&whole, 0);
    assert!(value.is_some());
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].code, Code::ExampleTrailingText);
}

/// bookings.md: a booking with a decimal amount and a `null`.
const BOOKING: &str = r#"{
  "id": "a8b7c6d5-e4f3-4a2b-9c1d-0e9f8a7b6c5d",
  "guest_id": "c5a1e2d3-4b6f-4a7e-8d9c-0b1a2c3d4e5f",
  "check_in_date": "2026-04-10",
  "nights": 3,
  "status": "confirmed",
  "total_amount": 567.00,
  "special_requests": "Late arrival, around 23:00",
  "cancelled_at": null,
  "created_at": "2026-01-28T09:15:02Z"
}"#;

/// bookings.md: a guest with an email and a boolean.
const GUEST: &str = r#"{
  "email": "maria.rossi@example.com",
  "full_name": "Maria Rossi",
  "phone": "+393401234567",
  "country_code": "IT",
  "marketing_opt_in": false
}"#;

/// bookings.md: an error body with an array of objects.
const BOOKING_ERROR: &str = r#"{
  "error": {
    "code": "VALIDATION_ERROR",
    "message": "Invalid input data",
    "details": [
      {
        "field": "nights",
        "message": "Must be greater than 0"
      }
    ],
    "timestamp": "2026-01-28T09:15:02Z",
    "requestId": "req_7f3a9c21"
  }
}"#;

#[test]
fn bookings_real_values() {
    let s = shape(BOOKING);
    assert_eq!(at(&s, "check_in_date").format.as_deref(), Some("date"));
    assert_eq!(at(&s, "total_amount").example, Some(json!(567.0)));
    let cancelled = at(&s, "cancelled_at");
    assert!(cancelled.nullable);
    assert_eq!(cancelled.kind, None);
    assert_eq!(
        at(&s, "special_requests").example,
        Some(json!("Late arrival, around 23:00"))
    );

    let s = shape(GUEST);
    assert_eq!(at(&s, "email").format.as_deref(), Some("email"));
    assert_eq!(at(&s, "phone").format, None);
    assert_eq!(at(&s, "marketing_opt_in").example, Some(json!(false)));

    let s = shape(BOOKING_ERROR);
    assert_eq!(keys(at(&s, "error/details/[]")), ["field", "message"]);
    assert_eq!(
        at(&s, "error/timestamp").format.as_deref(),
        Some("date-time")
    );
}

/// notifications.md: a `success` envelope with a list.
const NOTIFICATION_ATTEMPTS: &str = r#"{
  "success": true,
  "data": [
    {
      "id": "8d7c6b5a-4f3e-4d2c-9b1a-0f9e8d7c6b5a",
      "notification_id": "2f6e1b7a-3c4d-4e5f-9a8b-7c6d5e4f3a2b",
      "attempt_number": 1,
      "provider": "ses",
      "succeeded": true,
      "error_message": null,
      "duration_ms": 412,
      "attempted_at": "2026-01-20T14:02:18Z"
    }
  ]
}"#;

/// notifications.md: template braces inside strings are text.
const NOTIFICATION_TEMPLATE: &str = r#"{
  "slug": "order-confirmation",
  "channel": "email",
  "subject": "Your order {{.order_number}} is confirmed",
  "body": "Hi {{.first_name}}, thanks for your order."
}"#;

#[test]
fn notifications_envelopes() {
    let s = shape(NOTIFICATION_ATTEMPTS);
    assert_eq!(keys(&s), ["success", "data"]);
    assert_eq!(at(&s, "success").kind, Some(ShapeKind::Boolean));
    let item = at(&s, "data/[]");
    assert_eq!(item.properties.len(), 8);
    assert!(at(&s, "data/[]/error_message").nullable);
    assert_eq!(at(&s, "data/[]/duration_ms").example, Some(json!(412)));

    let s = shape(NOTIFICATION_TEMPLATE);
    assert_eq!(
        at(&s, "subject").example,
        Some(json!("Your order {{.order_number}} is confirmed"))
    );
    // `"channel": "email"` is a real value that happens to be a type word.
    let channel = at(&s, "channel");
    assert_eq!(channel.format, None);
    assert_eq!(channel.example, Some(json!("email")));
}

/// Seen in the wild: `// ... other fields` comments and `{ ... }` placeholders.
const WILD_COMMENTS: &str = r#"{
  "data": {
    "errors": [
      {
        "id": "550e8400-e29b-41d4-a716-446655440000",
        "timestamp": "2025-08-29T12:00:00Z",
        "level": "error",
        "resolved": false,
        "count": 5
        // ... other fields
      }
    ],
    "total": 150,
    "page": 1,
    "limit": 50
  },
  "context": { ... },
  "status": "success"
}"#;

/// Seen in the wild: `uuid` descriptors, `a | b` strings that are not descriptors.
const WILD_DESCRIPTORS: &str = r#"{
  "id": "uuid",
  "email": "user@example.com",
  "role": "admin | user",
  "is_active": true,
  "teams": [
    {
      "team_id": "uuid",
      "team": { "id": "uuid", "name": "Team Name", "description": "..." }
    }
  ],
  "name": "string (required)",
  "metrics_endpoint": "url (optional)",
  "poll_interval_ms": "number (optional, default 30000, min 5000, max 3600000)",
  "rate_limit_rpm": "number | null (null = reset to system default)",
  "kind": "url | dlp | prompt_injection | tool_call",
  "findings": [ ... ]
}"#;

#[test]
fn wild_comments_and_placeholders() {
    let s = shape(WILD_COMMENTS);
    let error = at(&s, "data/errors/[]");
    assert!(error.open);
    assert_eq!(
        keys(error),
        ["id", "timestamp", "level", "resolved", "count"]
    );
    assert!(!at(&s, "data").open);
    assert!(at(&s, "context").open);
    assert_eq!(at(&s, "context").kind, Some(ShapeKind::Object));
}

#[test]
fn wild_descriptors() {
    let s = shape(WILD_DESCRIPTORS);
    let id = at(&s, "id");
    assert_eq!(id.format.as_deref(), Some("uuid"));
    assert_eq!(id.example, None);
    assert_eq!(at(&s, "role").example, Some(json!("admin | user")));
    assert_eq!(at(&s, "teams/[]/team/id").format.as_deref(), Some("uuid"));
    // A lone `"..."` string is a real (if unhelpful) value, not a placeholder.
    assert_eq!(
        at(&s, "teams/[]/team/description").example,
        Some(json!("..."))
    );
    assert!(!at(&s, "name").optional);
    assert_eq!(at(&s, "name").notes, Vec::<String>::new());
    let metrics = at(&s, "metrics_endpoint");
    assert!(metrics.optional);
    assert_eq!(metrics.format.as_deref(), Some("uri"));
    let poll = at(&s, "poll_interval_ms");
    assert_eq!(poll.minimum, Some(("5000".to_string(), false)));
    let rate = at(&s, "rate_limit_rpm");
    assert!(rate.nullable);
    assert_eq!(rate.kind, Some(ShapeKind::Number));
    // `url | dlp | …` starts with a type word but is not `| null`: a real value.
    assert_eq!(
        at(&s, "kind").example,
        Some(json!("url | dlp | prompt_injection | tool_call"))
    );
    assert!(at(&s, "findings").open);
}

#[test]
fn wild_top_level_arrays_with_unicode() {
    let text = r#"[
  { "menuId": 1, "name": "아메리카노", "price": 100 },
  { "menuId": 2, "name": "바닐라라떼", "price": 120 }
]"#;
    let s = shape(text);
    let item = at(&s, "[]");
    assert_eq!(keys(item), ["menuId", "name", "price"]);
    assert_eq!(at(item, "name").example, Some(json!("아메리카노")));
    let prefix = "Ответ:\n";
    let spec = format!("{prefix}{text}");
    let (value, _) = parse(&spec[prefix.len()..], prefix.len());
    let (s, _) = infer(&value.unwrap());
    let name = at(&s, "[]/name");
    assert_eq!(&spec[name.span.start..name.span.end], "\"아메리카노\"");
}
