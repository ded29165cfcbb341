//! Bad input: each finding is a diagnostic on the alert's row, with the exact message, and the
//! other alerts are still emitted. A row that cannot be translated is a warning and is left
//! out; only what would make the file wrong (a rule name two written names share, a
//! templated severity) is an error.

mod common;

use specforge_alerts::{AlertsConfig, emit};
use specforge_model::{Diagnostic, Severity};

const BAD: &str = r#"# Bad Service

**Status**: Approved

## Metrics

| Metric | Type | Labels | Description |
|---|---|---|---|
| `bad_requests_total` | Counter | status | Requests |
| `bad_request_duration_seconds` | Histogram | route | Latency (buckets: 0.1, 0.25, 0.5, 1) |

## Alerts

| Alert | Condition | Severity | Action |
|---|---|---|---|
| Unknown Severity | > 1% errors | Sev-5 | Page |
| not_found | > 2% errors | Warning | Page |
| NotFound | > 3% errors | Warning | Page |
| Undeclared | `rate(ghost_total[5m]) > 1` | Warning | Page |
| Unlisted Label | `sum by (region) (rate(bad_requests_total[5m])) > 1` | Warning | Page |
| Percentile On Counter | `bad_requests_total` p95 > 1s | Warning | Page |
| Query Call | > 1% errors | Critical | See {{ query "up" }} now |
| Templated Severity | > 4% errors | {{ $labels.sev }} | Page |
| 高いエラー率 | > 1% errors | Warning | Page |
| Between Buckets | p95 > 300ms | Warning | Page |
| Nonsense | the moon is full | Warning | Page |
"#;

fn row_of<'a>(text: &'a str, d: &Diagnostic) -> &'a str {
    text.get(d.span.start..d.span.end).unwrap_or("<bad span>")
}

#[test]
fn every_bad_row_is_reported_on_its_row() {
    let spec = common::spec(BAD);
    let out = emit(&spec, "bad.md", &AlertsConfig::default());
    let found: Vec<(&str, &str, &str, String)> = out
        .diagnostics
        .iter()
        .map(|d| {
            (
                d.code.as_str(),
                d.severity.as_str(),
                row_of(BAD, d),
                d.message.clone(),
            )
        })
        .collect();
    let want: Vec<(&str, &str, &str, &str)> = vec![
        (
            "SF-P002",
            "warning",
            "| Unknown Severity | > 1% errors | Sev-5 | Page |",
            "the severity `Sev-5` of alert `Unknown Severity` is not in the severity table; the alert is emitted with severity `warning`",
        ),
        (
            "SF-P004",
            "warning",
            "| Undeclared | `rate(ghost_total[5m]) > 1` | Warning | Page |",
            "alert `Undeclared` skipped: the PromQL uses `ghost_total`, which the Metrics table does not declare",
        ),
        (
            "SF-P011",
            "warning",
            "| Unlisted Label | `sum by (region) (rate(bad_requests_total[5m])) > 1` | Warning | Page |",
            "alert `Unlisted Label` skipped: the PromQL groups by label `region` of `bad_requests_total`, which the Metrics table does not list (it lists: status)",
        ),
        (
            "SF-P005",
            "warning",
            "| Percentile On Counter | `bad_requests_total` p95 > 1s | Warning | Page |",
            "alert `Percentile On Counter` skipped: a percentile needs a histogram's buckets, and `bad_requests_total` is a counter",
        ),
        (
            "SF-P007",
            "error",
            "| Templated Severity | > 4% errors | {{ $labels.sev }} | Page |",
            "the severity of alert `Templated Severity` is template text (`{{ $labels.sev }}`), which Prometheus would expand when the alert fires",
        ),
        (
            "SF-P010",
            "note",
            "| 高いエラー率 | > 1% errors | Warning | Page |",
            "the alert name `高いエラー率` is not ASCII letters and digits: the rule is named `AlertBadRequestsTotal`, and the name as written is kept in its `original_name` annotation",
        ),
        (
            "SF-P008",
            "warning",
            "| Between Buckets | p95 > 300ms | Warning | Page |",
            "alert `Between Buckets`: the threshold `300ms` is not a bucket boundary of `bad_request_duration_seconds` (0.1, 0.25, 0.5, 1), so the quantile there is interpolated",
        ),
        (
            "SF-P006",
            "warning",
            "| Nonsense | the moon is full | Warning | Page |",
            "alert `Nonsense` skipped: the words `the moon is full` were not understood, and the condition has no comparison (`>`, `<`)",
        ),
        (
            "SF-P003",
            "error",
            "| NotFound | > 3% errors | Warning | Page |",
            "the alert names `not_found` and `NotFound` both become `NotFound`",
        ),
    ];
    let found_view: Vec<(&str, &str, &str, &str)> = found
        .iter()
        .map(|(a, b, c, d)| (*a, *b, *c, d.as_str()))
        .collect();
    assert_eq!(found_view, want);

    // Every error says how to fix the row.
    assert!(out.diagnostics.iter().all(|d| d.help.is_some()));
    // The collision names the first row too.
    let collision = out
        .diagnostics
        .last()
        .map(|d| d.labels.clone())
        .unwrap_or_default();
    assert_eq!(collision.len(), 1);
    assert_eq!(
        row_of(
            BAD,
            &Diagnostic {
                span: collision[0].span,
                ..out.diagnostics[0].clone()
            }
        ),
        "| not_found | > 2% errors | Warning | Page |"
    );
    // The severity warning lists the accepted words.
    assert_eq!(
        out.diagnostics[0].help.as_deref(),
        Some(
            "use one of: Critical, High, P1, Sev-1 (critical); Warning, Medium, Med, P2, Sev-2 (warning); Info, Low, P3, Sev-3 (info)"
        )
    );

    // The good rows are still emitted: the unknown severity as `warning`, `not_found`, the
    // query call shown literally, the derived name and the warning-only `Between Buckets`.
    let rules = &out.artifacts[0].contents;
    let names: Vec<&str> = rules
        .lines()
        .filter_map(|l| l.strip_prefix("  - alert: "))
        .collect();
    assert_eq!(
        names,
        [
            "UnknownSeverity",
            "NotFound",
            "QueryCall",
            "AlertBadRequestsTotal",
            "BetweenBuckets"
        ]
    );
    assert!(
        rules.contains(r#"action: See {{ "{{" }} query "up" }} now"#),
        "{rules}"
    );
    assert!(rules.contains("original_name: 高いエラー率"), "{rules}");
    assert_eq!(
        out.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count(),
        2
    );
}

#[test]
fn identical_alert_names_collide() {
    let text = "# T\n\n**Status**: Approved\n\n| Alert | Condition | Severity |\n|---|---|---|\n\
                | High Error Rate | > 1% errors | Critical |\n\
                | High Error Rate | > 5% errors | Warning |\n";
    let out = emit(&common::spec(text), "t.md", &AlertsConfig::default());
    let found: Vec<(&str, &str, String)> = out
        .diagnostics
        .iter()
        .map(|d| (d.code.as_str(), row_of(text, d), d.message.clone()))
        .collect();
    assert_eq!(
        found,
        vec![(
            "SF-P003",
            "| High Error Rate | > 5% errors | Warning |",
            "the alert names `High Error Rate` and `High Error Rate` both become `HighErrorRate`"
                .to_owned()
        )]
    );
    assert_eq!(out.diagnostics[0].labels.len(), 1);
    assert_eq!(
        text.get(out.diagnostics[0].labels[0].span.start..out.diagnostics[0].labels[0].span.end),
        Some("| High Error Rate | > 1% errors | Critical |")
    );
    // The first of the two is still emitted, once.
    let rules = &out.artifacts[0].contents;
    assert_eq!(
        rules.matches("- alert: HighErrorRate\n").count(),
        1,
        "{rules}"
    );
}

#[test]
fn template_openers_are_escaped_not_executed() {
    let text = "# T\n\n**Status**: Approved\n\n| Alert | Condition | Severity | Action |\n|---|---|---|---|\n\
                | Braces | > 1% errors | Warning | Check {{ $labels.instance }} |\n";
    let out = emit(&common::spec(text), "t.md", &AlertsConfig::default());
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    assert!(
        out.artifacts[0]
            .contents
            .contains(r#"action: Check {{ "{{" }} $labels.instance }}"#),
        "{}",
        out.artifacts[0].contents
    );
    // The test file expects Prometheus to render the text as written.
    assert!(
        out.artifacts[1]
            .contents
            .contains("action: Check {{ $labels.instance }}"),
        "{}",
        out.artifacts[1].contents
    );
}

#[test]
fn nothing_to_emit_without_alerts() {
    let text =
        "# T\n\n**Status**: Approved\n\n| Metric | Type |\n|---|---|\n| `a_total` | Counter |\n";
    let out = emit(&common::spec(text), "t.md", &AlertsConfig::default());
    assert_eq!(out, Default::default());
}
