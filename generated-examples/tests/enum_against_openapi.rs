//! The third side of the error agreement: every error code that a generated OpenAPI document
//! lists under a status parses into the generated enum, and the variant's `http_status()` is
//! that status; the OpenAPI `Error` schema's code enum is exactly the enum's codes. (The spec
//! side: `errors_against_spec.rs` here, and `tests/generate_openapi.rs` at the repository root.)

use serde_json::Value;

fn document(fixture: &str) -> Value {
    let path = format!("{}/{fixture}/openapi.yaml", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// (status, code) for every code listed in an error response.
fn listed(doc: &Value) -> Vec<(u16, String)> {
    let mut out = Vec::new();
    for item in doc["paths"].as_object().expect("paths").values() {
        for op in item.as_object().expect("path item").values() {
            let Some(responses) = op["responses"].as_object() else {
                continue;
            };
            for (status, response) in responses {
                for code in response["x-specforge-error-codes"]
                    .as_array()
                    .into_iter()
                    .flatten()
                {
                    out.push((
                        status.parse().expect("numeric status"),
                        code.as_str().expect("code").to_owned(),
                    ));
                }
            }
        }
    }
    out
}

fn code_enum(schema: &Value) -> Option<Vec<String>> {
    let properties = schema["properties"].as_object()?;
    for (name, property) in properties {
        if (name == "code" || name == "error_code")
            && let Some(values) = property["enum"].as_array()
        {
            return Some(
                values
                    .iter()
                    .map(|v| v.as_str().unwrap().to_owned())
                    .collect(),
            );
        }
    }
    properties.values().find_map(code_enum)
}

macro_rules! agrees_with_openapi {
    ($test:ident, $module:ident :: $enum:ident, $fixture:literal) => {
        #[test]
        fn $test() {
            use specforge_generated_examples::$module::$enum;
            let doc = document($fixture);
            let pairs = listed(&doc);
            assert!(!pairs.is_empty(), "{} lists error responses", $fixture);
            for (status, code) in pairs {
                let variant: $enum = code.parse().unwrap_or_else(|e| panic!("{code}: {e}"));
                assert_eq!(variant.http_status(), Some(status), "{code}");
            }
            let all: Vec<String> = $enum::ALL.iter().map(|e| e.code().to_owned()).collect();
            assert_eq!(
                code_enum(&doc["components"]["schemas"]["Error"]),
                Some(all),
                "the Error schema's codes are the enum's, in order"
            );
        }
    };
}

agrees_with_openapi!(bookings, bookings::BookingError, "bookings");
agrees_with_openapi!(inventory, inventory::InventoryError, "inventory");
agrees_with_openapi!(ledger, ledger::LedgerError, "ledger");
agrees_with_openapi!(
    notifications,
    notifications::NotificationError,
    "notifications"
);
agrees_with_openapi!(payouts, payouts::PayoutsError, "payouts");
