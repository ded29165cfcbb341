//! Alert tables as real authors write them (fixtures/variations/50–52): each form yields the
//! exact rule asserted here, the untranslatable rows are warnings on their rows, and the
//! files pass `promtool check rules` and `promtool test rules`.

mod common;

use common::{fixtures_dir, promtool_available, promtool_passes, spec};
use specforge_alerts::rules::{Rule, RuleFile};
use specforge_alerts::{AlertsConfig, AlertsOutput, emit};
use specforge_model::Severity;

fn generate(name: &str) -> (String, AlertsOutput) {
    let path = fixtures_dir().join("variations").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    let out = emit(
        &spec(&text),
        &format!("fixtures/variations/{name}"),
        &AlertsConfig::default(),
    );
    (text, out)
}

fn rules(out: &AlertsOutput) -> Vec<Rule> {
    assert_eq!(out.artifacts.len(), 2, "{:#?}", out.diagnostics);
    let file: RuleFile = serde_saphyr::from_str(&out.artifacts[0].contents)
        .unwrap_or_else(|e| panic!("{e}\n{}", out.artifacts[0].contents));
    file.groups.into_iter().flat_map(|g| g.rules).collect()
}

/// (alert, expr, for, severity) of each rule.
fn summary(rules: &[Rule]) -> Vec<(String, String, Option<String>, String)> {
    rules
        .iter()
        .map(|r| {
            (
                r.alert.clone(),
                r.expr.clone(),
                r.for_duration.clone(),
                r.labels["severity"].clone(),
            )
        })
        .collect()
}

/// (code, severity, line text, message) of each diagnostic.
fn findings(text: &str, out: &AlertsOutput) -> Vec<(String, Severity, String, String)> {
    out.diagnostics
        .iter()
        .map(|d| {
            (
                d.code.as_str().to_owned(),
                d.severity,
                text[d.span.start..d.span.end].to_owned(),
                d.message.clone(),
            )
        })
        .collect()
}

fn row(
    alert: &str,
    expr: &str,
    for_duration: Option<&str>,
    severity: &str,
) -> (String, String, Option<String>, String) {
    (
        alert.to_owned(),
        expr.to_owned(),
        for_duration.map(str::to_owned),
        severity.to_owned(),
    )
}

#[test]
fn phrasings_of_real_alert_tables_translate() {
    let (text, out) = generate("50-alert-phrasings.md");
    let job = r#"up{job="courier-dispatch-service"}"#;
    assert_eq!(
        summary(&rules(&out)),
        vec![
            row(
                "AssignmentFailures",
                "sum(rate(dispatch_failures_total[5m])) * 60 > 10",
                None,
                "warning"
            ),
            // Success below 90% is the error ratio above 10%: the same condition.
            row(
                "LowSuccessRate",
                r#"sum(rate(dispatch_requests_total{status=~"5.."}[5m])) / sum(rate(dispatch_requests_total[5m])) > 0.1"#,
                Some("15m"),
                "critical"
            ),
            // No histogram declared: the configured one, with a note.
            row(
                "SlowDispatch",
                "histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket[5m]))) > 0.5",
                Some("10m"),
                "warning"
            ),
            row(
                "FewHealthyInstances",
                &format!("(sum({job}) or vector(0)) < 2"),
                None,
                "critical"
            ),
            row(
                "NoHealthyInstances",
                &format!("(sum({job}) or vector(0)) == 0"),
                Some("5m"),
                "critical"
            ),
            row(
                "BacklogGrowing",
                "dispatch_backlog > 1000",
                Some("15m"),
                "warning"
            ),
            row(
                "NoConsumers",
                "dispatch_active_consumers == 0",
                None,
                "critical"
            ),
            row("VaultSealed", "dispatch_sealed == 1", None, "critical"),
            row(
                "DegradedWithIncidents",
                "dispatch_region_degraded == 1 and dispatch_open_incidents != 0",
                None,
                "warning"
            ),
        ]
    );
    assert_eq!(
        findings(&text, &out),
        vec![
            (
                "SF-P012".to_owned(),
                Severity::Note,
                "| SlowDispatch | p95 > 500ms for 10m | Warning | Check the database |".to_owned(),
                "alert `SlowDispatch`: the Metrics table declares no metric for this condition, so it reads `http_request_duration_seconds` (`[alerts] latency_histogram`)".to_owned(),
            ),
            (
                "SF-P006".to_owned(),
                Severity::Warning,
                "| PartnerOutage | Partner API flapping | Warning | Call the partner |".to_owned(),
                "alert `PartnerOutage` skipped: the words `Partner API flapping` were not understood, and the condition has no comparison (`>`, `<`)".to_owned(),
            ),
        ]
    );
    // The skipped row says what to add: a metric from the Metrics table, or PromQL in a code span.
    let help = out.diagnostics[1].help.as_deref().unwrap_or("");
    assert!(
        help.contains("name a metric from the Metrics table") && help.contains("backticks"),
        "{help}"
    );
    if promtool_available() {
        promtool_passes("50-alert-phrasings.md", &out.artifacts);
    }
}

#[test]
fn names_and_severities_in_every_spelling() {
    let (text, out) = generate("51-alert-names-severities.md");
    let rules = rules(&out);
    let errors =
        r#"sum(rate(sync_requests_total{status=~"5.."}[5m])) / sum(rate(sync_requests_total[5m]))"#;
    assert_eq!(
        summary(&rules),
        vec![
            row("CanhBaoHangDoi", "sync_queue_depth > 5000", None, "warning"),
            row(
                "AlertSyncRequestsTotal",
                &format!("{errors} > 0.02"),
                None,
                "critical"
            ),
            row("QueueDLQ", "sync_dlq_depth > 0", None, "critical"),
            row("LagHigh", "sync_lag_seconds > 300", None, "warning"),
            row(
                "ErrorsCritical",
                &format!("{errors} > 0.05"),
                Some("5m"),
                "critical"
            ),
            // Not in the table: the default severity, with a warning.
            row("LagExtreme", "sync_lag_seconds > 3600", None, "warning"),
        ]
    );
    let originals: Vec<Option<&str>> = rules
        .iter()
        .map(|r| r.annotations.original_name.as_deref())
        .collect();
    assert_eq!(
        originals,
        [
            Some("Cảnh báo hàng đợi"),
            Some("同期エラー率"),
            Some("Queue → DLQ"),
            None,
            None,
            None
        ]
    );
    let found = findings(&text, &out);
    let codes: Vec<(&str, Severity)> = found.iter().map(|f| (f.0.as_str(), f.1)).collect();
    assert_eq!(
        codes,
        [
            ("SF-P010", Severity::Note),
            ("SF-P010", Severity::Note),
            ("SF-P010", Severity::Note),
            ("SF-P002", Severity::Warning),
        ]
    );
    assert_eq!(
        found[3].3,
        "the severity `Whenever` of alert `Lag Extreme` is not in the severity table; the alert is emitted with severity `warning`"
    );
    assert_eq!(
        found[3].2,
        "| Lag Extreme | sync_lag_seconds > 3600 | Whenever | Tell the team |"
    );
    if promtool_available() {
        promtool_passes("51-alert-names-severities.md", &out.artifacts);
    }
}

#[test]
fn template_text_in_prose_is_shown_literally() {
    let (_, out) = generate("52-alert-template-text.md");
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    let rules = rules(&out);
    assert_eq!(rules.len(), 2);
    assert_eq!(
        rules[0].annotations.action.as_deref(),
        Some(r#"Check {{ "{{" }} $labels.instance }} first"#)
    );
    assert_eq!(
        rules[0].annotations.description,
        r#"Errors seen by {{ "{{" }} query "up" }}"#
    );
    assert_eq!(
        rules[1].annotations.action.as_deref(),
        Some(r#"Run {{ "{{" }} query "up" }} in the console"#)
    );
    // promtool renders the annotations and compares them with the text as written.
    let tests = &out.artifacts[1].contents;
    assert!(
        tests.contains(r#"Check {{ $labels.instance }} first"#),
        "{tests}"
    );
    if promtool_available() {
        promtool_passes("52-alert-template-text.md", &out.artifacts);
    }
}

#[test]
fn a_templated_severity_is_the_one_refusal() {
    let text = "# T\n\n**Status**: Approved\n\n| Alert | Condition | Severity |\n|---|---|---|\n\
                | Routed | > 1% errors | {{ $labels.team }} |\n\
                | Plain | > 2% errors | Warning |\n";
    let out = emit(&spec(text), "t.md", &AlertsConfig::default());
    let codes: Vec<(&str, Severity)> = out
        .diagnostics
        .iter()
        .map(|d| (d.code.as_str(), d.severity))
        .collect();
    assert_eq!(codes, [("SF-P007", Severity::Error)]);
    assert_eq!(summary(&rules(&out))[0].0, "Plain");
}
