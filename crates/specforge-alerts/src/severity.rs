//! The severity vocabulary: one table from what authors write to `labels.severity`.
//!
//! | written (case-insensitive; `-`, `_` and spaces ignored) | `labels.severity` |
//! |---|---|
//! | Critical, Crit, High, Highest, Urgent, Emergency, Blocker, Page, P0, P1, Sev-0, Sev-1 | `critical` |
//! | Warning, Warn, Medium, Med, Moderate, Major, P2, Sev-2 | `warning` |
//! | Info, Informational, Notice, Low, Lowest, Minor, P3, P4, Sev-3, Sev-4 | `info` |
//!
//! A parenthesized aside is read too: `Critical (P1)` and `HIGH (P1)` are `critical`; when the
//! two words disagree (`Critical (P3)`) the first one wins, and when only one of them is in the
//! table (`Urgent-ish (P1)`) that one is used. Markup (`**HIGH**`) is ignored.
//!
//! A severity that is not in the table is not a reason to drop the alert: it becomes the
//! configured default severity (`warning` unless `[alerts] default_severity` says otherwise)
//! and a warning (SF-P002) says which word was not understood and what it became. A severity
//! cell that holds template text (`{{ $labels.severity }}`) is refused (SF-P007): routing
//! would then depend on the firing series, which the spec cannot promise.

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

/// How a written severity was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// A word of the table.
    Known(AlertSeverity),
    /// Two words of the table that disagree (`Critical (P3)`): the first one is used.
    Disagreeing(AlertSeverity),
    /// Not in the table: the default is used.
    Unknown,
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

    /// The words accepted, for messages.
    pub const ACCEPTED: &'static str = "Critical, High, P1, Sev-1 (critical); Warning, Medium, Med, P2, Sev-2 (warning); Info, Low, P3, Sev-3 (info)";

    /// Normalizes a severity as written; `None` when it is not in the table or its two words
    /// disagree (see [`AlertSeverity::read`] for the lenient reading).
    pub fn parse(text: &str) -> Option<AlertSeverity> {
        match AlertSeverity::read(text) {
            Reading::Known(s) => Some(s),
            Reading::Disagreeing(_) | Reading::Unknown => None,
        }
    }

    /// Reads a severity as written, with an aside in parentheses.
    pub fn read(text: &str) -> Reading {
        let text = text.trim().trim_matches(['*', '_', '`']).trim();
        if let Some(open) = text.find('(') {
            let inner = text[open + 1..].trim_end();
            let inner = inner.strip_suffix(')').unwrap_or(inner);
            return match (word(&text[..open]), word(inner)) {
                (Some(outer), Some(inner)) if outer == inner => Reading::Known(outer),
                (Some(outer), Some(_)) => Reading::Disagreeing(outer),
                (Some(one), None) | (None, Some(one)) => Reading::Known(one),
                (None, None) => Reading::Unknown,
            };
        }
        word(text).map_or(Reading::Unknown, Reading::Known)
    }
}

fn word(text: &str) -> Option<AlertSeverity> {
    let folded: String = text
        .trim()
        .chars()
        .filter(|c| !matches!(c, '-' | ' ' | '_' | '*' | '`'))
        .flat_map(char::to_lowercase)
        .collect();
    Some(match folded.as_str() {
        "critical" | "crit" | "high" | "highest" | "urgent" | "emergency" | "blocker" | "page"
        | "p0" | "p1" | "sev0" | "sev1" => AlertSeverity::Critical,
        "warning" | "warn" | "medium" | "med" | "moderate" | "major" | "p2" | "sev2" => {
            AlertSeverity::Warning
        }
        "info" | "informational" | "notice" | "low" | "lowest" | "minor" | "p3" | "p4" | "sev3"
        | "sev4" => AlertSeverity::Info,
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
            ("MED", Some(Warning)),
            ("**HIGH**", Some(Critical)),
            ("Critical (P3)", None),
            ("Critical (P1", Some(Critical)),
            ("Sev-4", Some(Info)),
            ("P0", Some(Critical)),
            ("P4", Some(Info)),
            ("Sev-5", None),
            ("Urgent", Some(Critical)),
            ("", None),
            ("Critical!", None),
        ];
        for (text, want) in cases {
            assert_eq!(AlertSeverity::parse(text), want, "{text}");
        }
    }

    #[test]
    fn lenient_readings() {
        use super::Reading;
        assert_eq!(
            AlertSeverity::read("Critical (P3)"),
            Reading::Disagreeing(Critical)
        );
        assert_eq!(
            AlertSeverity::read("Urgentish (P1)"),
            Reading::Known(Critical)
        );
        assert_eq!(AlertSeverity::read("1"), Reading::Unknown);
        assert_eq!(AlertSeverity::read("Sev-2"), Reading::Known(Warning));
    }
}
