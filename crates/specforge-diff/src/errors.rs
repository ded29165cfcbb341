//! The error catalogue across revisions. Clients match on codes and statuses, so a removed
//! code (`SF-E101`) or a changed status (`SF-E102`) is breaking; a new code (`SF-E103`) is
//! compatible. A renamed code is a removal plus an addition: clients that matched the old name
//! break.

use crate::{Change, Level, Side};
use specforge_model::{Code, ErrorCode, Spec};
use std::collections::BTreeMap;

fn by_code(spec: &Spec) -> BTreeMap<&str, &ErrorCode> {
    spec.errors
        .codes
        .iter()
        .map(|c| (c.code.value.as_str(), c))
        .collect()
}

/// Adds the error-catalogue changes from `old` to `new`.
pub fn compare(old: &Spec, new: &Spec, out: &mut Vec<Change>) {
    let (before, after) = (by_code(old), by_code(new));
    for (code, was) in &before {
        match after.get(code) {
            None => out.push(
                Change::new(
                    Code::ErrorCodeRemoved,
                    Level::Breaking,
                    "errors",
                    Side::Old,
                    was.code.span,
                    format!("error code `{code}` is removed"),
                )
                .help("clients that handle this code lose it; keep it (deprecated) until they have moved"),
            ),
            Some(now) => {
                let (a, b) = (status(was), status(now));
                if a != b {
                    out.push(
                        Change::new(
                            Code::ErrorStatusChanged,
                            Level::Breaking,
                            "errors",
                            Side::New,
                            now.status.as_ref().map_or(now.code.span, |s| s.span),
                            format!(
                                "error code `{code}` changes status: {} → {}",
                                show(a),
                                show(b)
                            ),
                        )
                        .help("clients that branch on the status break; keep the status, or add a new code"),
                    );
                }
            }
        }
    }
    for (code, now) in &after {
        if !before.contains_key(code) {
            out.push(Change::new(
                Code::ErrorCodeAdded,
                Level::Info,
                "errors",
                Side::New,
                now.code.span,
                format!("error code `{code}` is added ({})", show(status(now))),
            ));
        }
    }
}

fn status(code: &ErrorCode) -> Option<u16> {
    code.status.as_ref().map(|s| s.value)
}

fn show(status: Option<u16>) -> String {
    status.map_or_else(|| "no status".to_owned(), |s| s.to_string())
}

#[cfg(test)]
mod tests {
    use crate::test_support::{lines, spec};

    fn catalogue(rows: &str) -> String {
        spec(&format!(
            "## Error Codes\n\n| Code | Status | Description |\n|---|---|---|\n{rows}"
        ))
    }

    #[test]
    fn removed_codes_and_changed_statuses_break_new_codes_do_not() {
        let old = catalogue("| ORDER_GONE | 404 | a |\n| ORDER_LOCKED | 409 | b |\n");
        let new = catalogue("| ORDER_GONE | 410 | a |\n| BAD_COUPON | 400 | c |\n");
        assert_eq!(
            lines(&old, &new),
            vec![
                "SF-E101 breaking: error code `ORDER_LOCKED` is removed",
                "SF-E102 breaking: error code `ORDER_GONE` changes status: 404 → 410",
                "SF-E103 info: error code `BAD_COUPON` is added (400)",
            ]
        );
        assert!(lines(&old, &old).is_empty());
    }
}
