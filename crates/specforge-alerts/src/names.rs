//! Alert names and the rule group name.
//!
//! `alert:` is the alert name in CamelCase: the name is split at every character that is not
//! an ASCII letter or digit, and each part gets an upper-case first letter, the rest kept
//! (`Ledger High Error Rate` → `LedgerHighErrorRate`, `ledger_requests_total` →
//! `LedgerRequestsTotal`, `RouterDown` stays). Names that are empty after conversion, that
//! hold a non-ASCII letter (Cyrillic `а`, a zero-width joiner, Japanese text) or that start
//! with a digit are refused: alert names are identifiers people grep for and route on.

use specforge_model::Code;

/// The code used for an alert name that cannot become a Prometheus alert name.
///
/// SF-P010: collisions between valid names stay SF-P003.
pub const INVALID_NAME_CODE: Code = Code::InvalidAlertName;

/// Converts an alert name as written into the `alert:` value.
pub fn camel_case(name: &str) -> Result<String, String> {
    if let Some(bad) = name
        .chars()
        .find(|c| !c.is_ascii() && (c.is_alphanumeric() || c.is_control() || is_invisible(*c)))
    {
        return Err(format!(
            "the alert name `{}` holds the non-ASCII character {:?} (U+{:04X})",
            name.trim(),
            bad,
            u32::from(bad)
        ));
    }
    let mut out = String::new();
    for part in name.split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars);
        }
    }
    if out.is_empty() {
        return Err(format!(
            "the alert name `{}` has no letter or digit to build a name from",
            name.trim()
        ));
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        return Err(format!(
            "the alert name `{}` starts with a digit (`{out}`)",
            name.trim()
        ));
    }
    Ok(out)
}

fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

/// A rule group name from the service name (extraction derives it from the title when no
/// field states it): its ASCII words, lower case, joined by `-` (`Ledger Service` →
/// `ledger-service`). `None` when no ASCII word is left.
pub fn group_slug(service: &str) -> Option<String> {
    let words: Vec<String> = service
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    let slug = words.join("-");
    (!slug.is_empty()).then_some(slug)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camel_case_names() {
        let ok = [
            ("Ledger High Error Rate", "LedgerHighErrorRate"),
            ("High Error Rate", "HighErrorRate"),
            ("RouterDown", "RouterDown"),
            ("ledger_requests_total", "LedgerRequestsTotal"),
            ("Push gateway outage", "PushGatewayOutage"),
            ("in-stock", "InStock"),
            ("in stock", "InStock"),
            ("not_found", "NotFound"),
            ("NotFound", "NotFound"),
            ("  Database Connection Pool ", "DatabaseConnectionPool"),
            ("P95 latency", "P95Latency"),
        ];
        for (name, want) in ok {
            assert_eq!(camel_case(name).as_deref(), Ok(want), "{name}");
        }
        for bad in [
            "",
            "  ",
            "—",
            "5xx spike",
            "Hаlt",
            "高いエラー率",
            "a\u{200D}b",
        ] {
            assert!(camel_case(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn group_slugs() {
        assert_eq!(
            group_slug("Ledger Service").as_deref(),
            Some("ledger-service")
        );
        assert_eq!(
            group_slug("Notification Router").as_deref(),
            Some("notification-router")
        );
        assert_eq!(group_slug("payouts").as_deref(), Some("payouts"));
        assert_eq!(group_slug("仕様書"), None);
    }
}
