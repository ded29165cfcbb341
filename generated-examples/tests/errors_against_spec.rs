//! Every generated error enum agrees with the error tables of the spec it came from: same
//! codes in catalogue order, same statuses, retry flags and descriptions; `FromStr` and
//! `Display` round-trip. The spec is read independently here,
//! through the extractor library, not through the generated file.

use specforge_model::ErrorCode;

fn spec_codes(fixture: &str) -> Vec<ErrorCode> {
    let path = format!(
        "{}/../fixtures/valid/{fixture}.md",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let (document, _) = specforge_markdown::read(&text);
    specforge_extract::extract(&text, &document)
        .spec
        .errors
        .codes
}

/// 408, 425, 429 and 5xx except 501 and 505, when the spec has no Retry-able column.
fn expected_retryable(code: &ErrorCode) -> bool {
    let status = code.status.as_ref().map(|s| s.value);
    code.retryable.unwrap_or(status.is_some_and(|status| {
        matches!(status, 408 | 425 | 429)
            || ((500..=599).contains(&status) && !matches!(status, 501 | 505))
    }))
}

macro_rules! agrees_with_spec {
    ($test:ident, $module:ident :: $enum:ident, $fixture:literal) => {
        #[test]
        fn $test() {
            use specforge_generated_examples::$module::$enum;
            let codes = spec_codes($fixture);
            assert!(!codes.is_empty(), "{} has error codes", $fixture);
            let all: Vec<&str> = $enum::ALL.iter().map(|e| e.code()).collect();
            let want: Vec<&str> = codes.iter().map(|c| c.code.value.as_str()).collect();
            assert_eq!(all, want, "variants in catalogue order");
            for code in &codes {
                let value = code.code.value.as_str();
                let variant: $enum = value.parse().unwrap_or_else(|e| panic!("{value}: {e}"));
                assert_eq!(variant.code(), value);
                assert_eq!(variant.to_string(), value, "Display is the code");
                assert_eq!(
                    variant.http_status(),
                    code.status.as_ref().map(|s| s.value),
                    "{value}"
                );
                assert_eq!(variant.retryable(), expected_retryable(code), "{value}");
                assert_eq!(
                    variant.description(),
                    code.description.as_deref().unwrap_or(""),
                    "{value}"
                );
                assert_eq!(variant.resolution(), code.resolution.as_deref(), "{value}");
            }
            let unknown = "NO_SUCH_CODE".parse::<$enum>().unwrap_err();
            assert_eq!(unknown.code(), "NO_SUCH_CODE");
            assert_eq!(unknown.to_string(), "unknown error code `NO_SUCH_CODE`");
            let as_error: &dyn std::error::Error = &$enum::ALL[0];
            assert_eq!(as_error.to_string(), $enum::ALL[0].code());
        }
    };
}

agrees_with_spec!(bookings, bookings::BookingError, "bookings");
agrees_with_spec!(hostile_text, hostile_text::HostileTextError, "hostile-text");
agrees_with_spec!(inventory, inventory::InventoryError, "inventory");
agrees_with_spec!(ledger, ledger::LedgerError, "ledger");
agrees_with_spec!(
    notifications,
    notifications::NotificationError,
    "notifications"
);
agrees_with_spec!(payouts, payouts::PayoutsError, "payouts");

#[test]
fn hostile_descriptions_are_kept_exactly() {
    use specforge_generated_examples::hostile_text::HostileTextError as E;
    assert_eq!(
        E::CommentCloser.description(),
        "Ends a block comment */ then code"
    );
    assert_eq!(
        E::QuoteBreaker.description(),
        "Says \"hello\" and \\ backslash and \")] closer"
    );
    assert_eq!(E::LineSeparator.description(), "Before \u{2028} after");
    assert_eq!(
        E::TemplateText.description(),
        "Prometheus runs {{ $labels.instance }} templates"
    );
    assert_eq!(E::YamlLookalike.resolution(), Some("yes"));
    assert_eq!(E::RawIdentType.http_status(), Some(418));
}
