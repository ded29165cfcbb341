//! Alert names and the rule group name.
//!
//! `alert:` is the alert name in CamelCase: the name is split at every character that is not
//! an ASCII letter or digit, and each part gets an upper-case first letter, the rest kept
//! (`Ledger High Error Rate` → `LedgerHighErrorRate`, `ledger_requests_total` →
//! `LedgerRequestsTotal`, `RouterDown` stays); a name all in capitals with underscores is
//! read as words (`OUT_OF_MARKET_HIGH` → `OutOfMarketHigh`).
//!
//! Names written in other scripts still get an ASCII name, derived by one rule:
//! 1. Latin letters with diacritics fold to their base letter (`Cảnh báo độ trễ` →
//!    `CanhBaoDoTre`, `Größe` → `Grosse`);
//! 2. every other character that is not an ASCII letter or digit (Japanese text, arrows
//!    `→`, Cyrillic, zero-width characters) separates words;
//! 3. a name that starts with a digit gets the prefix `Alert` (`5xx spike` → `Alert5xxSpike`);
//! 4. a name with no ASCII letter or digit left (`高いエラー率`) is named from the metric its
//!    condition reads (`AlertHttpRequestsTotal`), or `Alert` and its position in the spec.
//!
//! A derived name keeps the name as written in the `original_name` annotation, and a note
//! (SF-P010) says what it became.

use specforge_model::Code;

/// The code of the note on a derived alert name.
pub const DERIVED_NAME_CODE: Code = Code::InvalidAlertName;

/// An alert name as it goes into `alert:`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AlertName {
    /// The name as written, in CamelCase.
    Written(String),
    /// Derived by the rules above; the written name goes into an annotation.
    Derived(String),
    /// Nothing of the name is left: the caller names it from its condition.
    Empty,
}

/// Converts an alert name as written into the `alert:` value.
pub fn alert_name(name: &str) -> AlertName {
    let mut folded = String::new();
    let mut derived = false;
    for c in name.chars() {
        if c.is_ascii() {
            folded.push(c);
        } else {
            derived = true;
            match fold_latin(c) {
                Some(ascii) => folded.push_str(ascii),
                None => folded.push(' '),
            }
        }
    }
    // `OUT_OF_MARKET_HIGH` is words in capitals: `OutOfMarketHigh`.
    let screaming = folded.contains('_')
        && folded
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
    let mut out = String::new();
    for part in folded.split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            if screaming {
                out.extend(chars.map(|c| c.to_ascii_lowercase()));
            } else {
                out.extend(chars);
            }
        }
    }
    if out.is_empty() {
        return AlertName::Empty;
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        return AlertName::Derived(format!("Alert{out}"));
    }
    if derived {
        AlertName::Derived(out)
    } else {
        AlertName::Written(out)
    }
}

/// The name of an alert whose written name has nothing ASCII: from the first metric its
/// condition reads, or from its position (1-based) among the spec's alerts.
pub fn from_condition(metrics: &[String], position: usize) -> String {
    match metrics.first() {
        Some(metric) => match alert_name(metric) {
            AlertName::Written(n) | AlertName::Derived(n) => {
                format!("Alert{}", n.trim_start_matches("Alert"))
            }
            AlertName::Empty => format!("Alert{position}"),
        },
        None => format!("Alert{position}"),
    }
}

/// Base letters of the Latin letters with diacritics (Latin-1, Latin Extended-A and the
/// Vietnamese letters of Latin Extended Additional).
const FOLDS: [(&str, &str); 30] = [
    ("a", "àáâãäåāăąǎạảấầẩẫậắằẳẵặ"),
    ("A", "ÀÁÂÃÄÅĀĂĄǍẠẢẤẦẨẪẬẮẰẲẴẶ"),
    ("c", "çćĉċč"),
    ("C", "ÇĆĈĊČ"),
    ("d", "ďđ"),
    ("D", "ĎĐ"),
    ("e", "èéêëēĕėęěẹẻẽếềểễệ"),
    ("E", "ÈÉÊËĒĔĖĘĚẸẺẼẾỀỂỄỆ"),
    ("g", "ĝğġģ"),
    ("G", "ĜĞĠĢ"),
    ("i", "ìíîïĩīĭįıǐỉị"),
    ("I", "ÌÍÎÏĨĪĬĮİǏỈỊ"),
    ("n", "ñńņňŉ"),
    ("N", "ÑŃŅŇ"),
    ("o", "òóôõöøōŏőơǒọỏốồổỗộớờởỡợ"),
    ("O", "ÒÓÔÕÖØŌŎŐƠǑỌỎỐỒỔỖỘỚỜỞỠỢ"),
    ("s", "śŝşš"),
    ("S", "ŚŜŞŠ"),
    ("t", "ţťŧ"),
    ("T", "ŢŤŦ"),
    ("u", "ùúûüũūŭůűųưǔụủứừửữự"),
    ("U", "ÙÚÛÜŨŪŬŮŰŲƯǓỤỦỨỪỬỮỰ"),
    ("y", "ýÿŷỳỵỷỹ"),
    ("Y", "ÝŸŶỲỴỶỸ"),
    ("z", "źżž"),
    ("Z", "ŹŻŽ"),
    ("l", "ĺļľŀł"),
    ("L", "ĹĻĽĿŁ"),
    ("r", "ŕŗř"),
    ("R", "ŔŖŘ"),
];

fn fold_latin(c: char) -> Option<&'static str> {
    match c {
        'ß' => return Some("ss"),
        'æ' => return Some("ae"),
        'Æ' => return Some("Ae"),
        'œ' => return Some("oe"),
        'Œ' => return Some("Oe"),
        _ => {}
    }
    FOLDS
        .iter()
        .find(|(_, accented)| accented.contains(c))
        .map(|(base, _)| *base)
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
    fn written_names() {
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
            ("Queue -> DLQ", "QueueDLQ"),
            ("OUT_OF_MARKET_HIGH", "OutOfMarketHigh"),
            ("HTTP_5XX", "Http5xx"),
        ];
        for (name, want) in ok {
            assert_eq!(
                alert_name(name),
                AlertName::Written(want.to_owned()),
                "{name}"
            );
        }
    }

    #[test]
    fn derived_names() {
        let derived = [
            ("Cảnh báo độ trễ cao", "CanhBaoDoTreCao"),
            ("Größe überschritten", "GrosseUberschritten"),
            ("Queue → DLQ", "QueueDLQ"),
            ("5xx spike", "Alert5xxSpike"),
            ("Hаlt", "HLt"),
            ("a\u{200D}b", "AB"),
            ("エラー率 (API)", "API"),
        ];
        for (name, want) in derived {
            assert_eq!(
                alert_name(name),
                AlertName::Derived(want.to_owned()),
                "{name}"
            );
        }
        for empty in ["", "  ", "—", "高いエラー率"] {
            assert_eq!(alert_name(empty), AlertName::Empty, "{empty}");
        }
        assert_eq!(
            from_condition(&["http_requests_total".to_owned()], 3),
            "AlertHttpRequestsTotal"
        );
        assert_eq!(from_condition(&[], 3), "Alert3");
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
