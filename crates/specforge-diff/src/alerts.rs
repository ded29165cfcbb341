//! Alerts across revisions: removed (`SF-P101`), added (`SF-P102`), renamed (`SF-P105`: same
//! condition, new name), condition or threshold changed (`SF-P103`), severity changed
//! (`SF-P104`). All informational: they change who gets paged, not what clients see.

use crate::{Change, Level, Side};
use specforge_model::{Alert, Code, Spec};
use std::collections::BTreeMap;

fn key(alert: &Alert) -> String {
    alert
        .name
        .value
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn condition(alert: &Alert) -> String {
    alert
        .condition
        .value
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn severity(alert: &Alert) -> String {
    alert
        .severity
        .as_ref()
        .map(|s| s.value.trim().to_ascii_lowercase())
        .unwrap_or_default()
}

/// Adds the alert changes from `old` to `new`.
pub fn compare(old: &Spec, new: &Spec, out: &mut Vec<Change>) {
    let before: BTreeMap<String, &Alert> = old
        .observability
        .alerts
        .iter()
        .map(|a| (key(a), a))
        .collect();
    let after: BTreeMap<String, &Alert> = new
        .observability
        .alerts
        .iter()
        .map(|a| (key(a), a))
        .collect();
    let added: Vec<(&String, &&Alert)> = after
        .iter()
        .filter(|(k, _)| !before.contains_key(*k))
        .collect();
    let mut renamed_to = Vec::new();
    for (name, was) in &before {
        let Some(now) = after.get(name) else {
            match added
                .iter()
                .find(|(n, a)| condition(a) == condition(was) && !renamed_to.contains(n))
            {
                Some((new_name, now)) => {
                    renamed_to.push(*new_name);
                    out.push(
                        Change::new(
                            Code::AlertRenamed,
                            Level::Info,
                            "alerts",
                            Side::New,
                            now.name.span,
                            format!("alert `{name}` is renamed `{new_name}`"),
                        )
                        .help("silences and dashboards that match the old name need updating"),
                    );
                }
                None => out.push(Change::new(
                    Code::AlertRemoved,
                    Level::Info,
                    "alerts",
                    Side::Old,
                    was.name.span,
                    format!("alert `{name}` is removed"),
                )),
            }
            continue;
        };
        if condition(was) != condition(now) {
            out.push(Change::new(
                Code::AlertConditionChanged,
                Level::Info,
                "alerts",
                Side::New,
                now.condition.span,
                format!(
                    "alert `{name}` changes its condition: `{}` → `{}`",
                    condition(was),
                    condition(now)
                ),
            ));
        }
        if severity(was) != severity(now) {
            out.push(Change::new(
                Code::AlertSeverityChanged,
                Level::Info,
                "alerts",
                Side::New,
                now.severity.as_ref().map_or(now.span, |s| s.span),
                format!(
                    "alert `{name}` changes severity: {} → {}",
                    severity(was),
                    severity(now)
                ),
            ));
        }
    }
    for (name, now) in added {
        if !renamed_to.contains(&name) {
            out.push(Change::new(
                Code::AlertAdded,
                Level::Info,
                "alerts",
                Side::New,
                now.name.span,
                format!("alert `{name}` is added"),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::test_support::{lines, spec};

    fn alerts(rows: &str) -> String {
        spec(&format!(
            "## Metrics\n\n| Metric | Type | Labels |\n|---|---|---|\n| `http_requests_total` | Counter | status |\n\n\
             ## Alerting\n\n| Alert | Condition | Severity | Action |\n|---|---|---|---|\n{rows}"
        ))
    }

    #[test]
    fn alert_changes_are_informational() {
        let old = alerts(
            "| High Errors | error rate > 5% for 5m | Critical | Page |\n| No Traffic | no requests for 10m | Warning | Look |\n| Old One | error rate > 50% for 1m | Critical | Page |\n",
        );
        let new = alerts(
            "| High Errors | error rate > 2% for 5m | Warning | Page |\n| Traffic Stopped | no requests for 10m | Warning | Look |\n",
        );
        assert_eq!(
            lines(&old, &new),
            vec![
                "SF-P101 info: alert `Old One` is removed",
                "SF-P103 info: alert `High Errors` changes its condition: `error rate > 5% for 5m` → `error rate > 2% for 5m`",
                "SF-P104 info: alert `High Errors` changes severity: critical → warning",
                "SF-P105 info: alert `No Traffic` is renamed `Traffic Stopped`",
            ]
        );
    }
}
