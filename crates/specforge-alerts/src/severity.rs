//! The severity vocabulary.
//!
//! | written (case-insensitive) | `labels.severity` |
//! |---|---|
//! | Critical, Crit, High, P1, Sev-1 / Sev1 / Sev 1 / SEV-1 | `critical` |
//! | Warning, Warn, Medium, P2, Sev-2 | `warning` |
//! | Info, Informational, Low, P3, Sev-3 | `info` |
//!
//! A parenthesized aside that agrees is accepted too: `Critical (P1)`, `High (P1)`. Anything
//! else (`Sev-4`, `P0`, `Urgent`, `Critical (P3)`) is rejected with SF-P002.

use serde::Serialize;

/// A normalized alert severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AlertSeverity {
    /// Pages someone now.
    Critical,
    /// Needs attention during working hours.
    Warning,
    /// For the record.
    Info,
}

impl AlertSeverity {
    /// The label value.
    pub fn as_str(self) -> &'static str {
        match self {
            AlertSeverity::Critical => "critical",
            AlertSeverity::Warning => "warning",
            AlertSeverity::Info => "info",
        }
    }

    /// The words accepted, for error messages.
    pub const ACCEPTED: &'static str = "Critical, High, P1, Sev-1 (critical); Warning, Medium, P2, Sev-2 (warning); Info, Low, P3, Sev-3 (info)";

    /// Normalizes a severity as written; `None` when it is not in the vocabulary.
    pub fn parse(text: &str) -> Option<AlertSeverity> {
        let text = text.trim();
        if let Some(open) = text.find('(') {
            let inner = text[open + 1..].strip_suffix(')')?;
            let outer = word(&text[..open])?;
            let inner = word(inner)?;
            return (outer == inner).then_some(outer);
        }
        word(text)
    }
}

fn word(text: &str) -> Option<AlertSeverity> {
    let folded: String = text
        .trim()
        .chars()
        .filter(|c| !matches!(c, '-' | ' ' | '_'))
        .flat_map(char::to_lowercase)
        .collect();
    Some(match folded.as_str() {
        "critical" | "crit" | "high" | "p1" | "sev1" => AlertSeverity::Critical,
        "warning" | "warn" | "medium" | "p2" | "sev2" => AlertSeverity::Warning,
        "info" | "informational" | "low" | "p3" | "sev3" => AlertSeverity::Info,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::AlertSeverity::{self, *};

    #[test]
    fn vocabulary() {
        let cases = [
            ("Critical", Some(Critical)),
            ("critical", Some(Critical)),
            ("CRITICAL", Some(Critical)),
            ("High", Some(Critical)),
            ("P1", Some(Critical)),
            ("Sev-1", Some(Critical)),
            ("SEV1", Some(Critical)),
            ("sev 1", Some(Critical)),
            ("Critical (P1)", Some(Critical)),
            ("Warning", Some(Warning)),
            ("P2", Some(Warning)),
            ("Medium", Some(Warning)),
            ("Sev-2", Some(Warning)),
            ("Info", Some(Info)),
            ("Low", Some(Info)),
            ("P3", Some(Info)),
            ("Sev-3", Some(Info)),
            ("Warning (P2)", Some(Warning)),
            ("Critical (P3)", None),
            ("Critical (P1", None),
            ("Sev-4", None),
            ("P0", None),
            ("P4", None),
            ("Urgent", None),
            ("", None),
            ("Critical!", None),
        ];
        for (text, want) in cases {
            assert_eq!(AlertSeverity::parse(text), want, "{text}");
        }
    }
}
