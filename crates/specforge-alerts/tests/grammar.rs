//! The condition grammar: every phrase of the seed templates and VARIATIONS.md, the units,
//! the severity vocabulary, and the rejected phrases with their exact messages.

mod common;

use specforge_alerts::{AlertSeverity, AlertsConfig, ConditionInput, compile_condition};

const LEDGER_METRICS: &str = "# M\n\n**Status**: Approved\n\n## Metrics\n\n\
| Metric | Type | Labels | Alert |\n|---|---|---|---|\n\
| `ledger_requests_total` | Counter | method, path, status | Error rate > 1% |\n\
| `ledger_request_duration_seconds` | Histogram | method, path | p95 > 500ms |\n\
| `ledger_db_query_duration_seconds` | Histogram | query_type | p95 > 100ms |\n\
| `ledger_outbox_depth` | Gauge | topic | Depth > 1000 |\n\
| `notification_queue_depth` | Gauge | channel | - |\n\
| `cache_hits_total` | Counter | cache_name | Hit rate < 80% |\n\
| `cache_misses_total` | Counter | cache_name | - |\n\
| `db_pool_connections_in_use` | Gauge | - | - |\n\
| `db_pool_connections_max` | Gauge | - | - |\n\
| `jobs_failed_total` | Counter | - | - |\n";

fn compile(
    text: &str,
    metrics_md: Option<&str>,
    row: Option<&str>,
    for_column: Option<&str>,
) -> Result<(String, Option<String>), (String, String)> {
    let metrics = metrics_md
        .map(|md| common::spec(md).observability.metrics)
        .unwrap_or_default();
    let input = ConditionInput {
        written_as_code: false,
        text,
        row_metric: row,
        for_column,
    };
    compile_condition(&input, &metrics, &AlertsConfig::default())
        .map(|c| (c.expr, c.for_duration.map(|d| d.to_string())))
        .map_err(|e| (e.code.as_str().to_owned(), e.message))
}

#[track_caller]
fn expect(text: &str, metrics: Option<&str>, row: Option<&str>, want: &str, for_d: Option<&str>) {
    match compile(text, metrics, row, None) {
        Ok((expr, f)) => {
            assert_eq!(expr, want, "{text}");
            assert_eq!(f.as_deref(), for_d, "{text}: for");
        }
        Err(e) => panic!("{text}: {e:?}"),
    }
}

#[track_caller]
fn reject(text: &str, metrics: Option<&str>, row: Option<&str>, code: &str, message: &str) {
    match compile(text, metrics, row, None) {
        Ok(ok) => panic!("{text} compiled to {ok:?}"),
        Err((c, m)) => {
            assert_eq!(c, code, "{text}: {m}");
            assert_eq!(m, message, "{text}");
        }
    }
}

const ERR_DEFAULT: &str =
    r#"sum(rate(http_requests_total{status=~"5.."}[5m])) / sum(rate(http_requests_total[5m]))"#;
const P95_DEFAULT: &str =
    "histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))";

#[test]
fn error_ratios() {
    expect(
        ">1% errors",
        None,
        None,
        &format!("{ERR_DEFAULT} > 0.01"),
        None,
    );
    expect(
        "> 1% errors for 5m",
        None,
        None,
        &format!("{ERR_DEFAULT} > 0.01"),
        Some("5m"),
    );
    expect(
        ">5% errors for 5 min",
        None,
        None,
        &format!("{ERR_DEFAULT} > 0.05"),
        Some("5m"),
    );
    expect(
        ">5% 5xx",
        None,
        None,
        &format!("{ERR_DEFAULT} > 0.05"),
        None,
    );
    expect(
        "Error rate > 1%",
        None,
        None,
        &format!("{ERR_DEFAULT} > 0.01"),
        None,
    );
    expect(
        "error rate > 2%",
        None,
        None,
        &format!("{ERR_DEFAULT} > 0.02"),
        None,
    );
    expect(
        "> 2% errors for 5m",
        None,
        None,
        &format!("{ERR_DEFAULT} > 0.02"),
        Some("5m"),
    );
    expect(
        "> 0.1% errors",
        None,
        None,
        &format!("{ERR_DEFAULT} > 0.001"),
        None,
    );
    expect(
        "> 33.3% errors",
        None,
        None,
        &format!("{ERR_DEFAULT} > 0.333"),
        None,
    );
    expect(
        "5xx rate above 1%",
        None,
        None,
        &format!("{ERR_DEFAULT} > 0.01"),
        None,
    );
    let ledger = r#"sum(rate(ledger_requests_total{status=~"5.."}[5m])) / sum(rate(ledger_requests_total[5m])) > 0.01"#;
    expect(
        "Error rate > 1%",
        Some(LEDGER_METRICS),
        Some("ledger_requests_total"),
        ledger,
        None,
    );
    expect(
        "> 1% errors for 5m",
        Some(LEDGER_METRICS),
        None,
        ledger,
        Some("5m"),
    );
}

#[test]
fn percentiles_and_averages() {
    expect("p95 >1s", None, None, &format!("{P95_DEFAULT} > 1"), None);
    expect(
        "p95 > 500ms for 5m",
        None,
        None,
        &format!("{P95_DEFAULT} > 0.5"),
        Some("5m"),
    );
    expect(
        "P95 > 300ms for 10m",
        None,
        None,
        &format!("{P95_DEFAULT} > 0.3"),
        Some("10m"),
    );
    expect(
        "> 500ms p95",
        None,
        None,
        &format!("{P95_DEFAULT} > 0.5"),
        None,
    );
    expect(
        "p95 latency > 2m",
        None,
        None,
        &format!("{P95_DEFAULT} > 120"),
        None,
    );
    expect(
        "95th percentile > 250 ms",
        None,
        None,
        &format!("{P95_DEFAULT} > 0.25"),
        None,
    );
    expect(
        "p99 > 1s",
        None,
        None,
        "histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[5m]))) > 1",
        None,
    );
    expect(
        "p99.9 > 1.1 seconds",
        None,
        None,
        "histogram_quantile(0.999, sum by (le) (rate(http_request_duration_seconds_bucket[5m]))) > 1.1",
        None,
    );
    expect(
        "p95 > 500ms",
        Some(LEDGER_METRICS),
        None,
        "histogram_quantile(0.95, sum by (le) (rate(ledger_request_duration_seconds_bucket[5m]))) > 0.5",
        None,
    );
    expect(
        "p95 > 100ms",
        Some(LEDGER_METRICS),
        Some("ledger_db_query_duration_seconds"),
        "histogram_quantile(0.95, sum by (le) (rate(ledger_db_query_duration_seconds_bucket[5m]))) > 0.1",
        None,
    );
    expect(
        "query p95 > 100ms for 10m",
        Some(LEDGER_METRICS),
        None,
        "histogram_quantile(0.95, sum by (le) (rate(ledger_db_query_duration_seconds_bucket[5m]))) > 0.1",
        Some("10m"),
    );
    expect(
        ">1s average for 10 min",
        None,
        None,
        "sum(rate(http_request_duration_seconds_sum[5m])) / sum(rate(http_request_duration_seconds_count[5m])) > 1",
        Some("10m"),
    );
    expect(
        "avg latency > 200ms over 10m",
        None,
        None,
        "sum(rate(http_request_duration_seconds_sum[10m])) / sum(rate(http_request_duration_seconds_count[10m])) > 0.2",
        None,
    );
}

#[test]
fn traffic_disk_capacity_hits_gauges_counters() {
    expect(
        "No requests for 2m",
        None,
        None,
        "sum(rate(http_requests_total[2m])) == 0 or absent(http_requests_total)",
        Some("2m"),
    );
    expect(
        "service down",
        None,
        None,
        "sum(rate(http_requests_total[5m])) == 0 or absent(http_requests_total)",
        None,
    );
    let disk = "node_filesystem_avail_bytes / node_filesystem_size_bytes < 0.1";
    expect("<10% free", None, None, disk, None);
    expect("Disk space < 10%", None, None, disk, None);
    expect(
        "free disk space below 10% for 15m",
        None,
        None,
        disk,
        Some("15m"),
    );
    let pool = "db_pool_connections_in_use / db_pool_connections_max";
    expect(
        ">80% utilized",
        Some(LEDGER_METRICS),
        None,
        &format!("{pool} > 0.8"),
        None,
    );
    expect(
        "> 90% of pool",
        Some(LEDGER_METRICS),
        None,
        &format!("{pool} > 0.9"),
        None,
    );
    expect(
        "pool utilization > 75%",
        Some(LEDGER_METRICS),
        None,
        &format!("{pool} > 0.75"),
        None,
    );
    let hits = "sum(rate(cache_hits_total[5m])) / (sum(rate(cache_hits_total[5m])) + sum(rate(cache_misses_total[5m])))";
    expect(
        "Hit rate < 80%",
        Some(LEDGER_METRICS),
        Some("cache_hits_total"),
        &format!("{hits} < 0.8"),
        None,
    );
    expect(
        "Cache hit ratio < 50% for 30m",
        Some(LEDGER_METRICS),
        None,
        &format!("{hits} < 0.5"),
        Some("30m"),
    );
    expect(
        "Depth > 1000",
        Some(LEDGER_METRICS),
        Some("ledger_outbox_depth"),
        "ledger_outbox_depth > 1000",
        None,
    );
    expect(
        "> 500",
        Some(LEDGER_METRICS),
        Some("ledger_outbox_depth"),
        "ledger_outbox_depth > 500",
        None,
    );
    expect(
        "Queue depth > 5000",
        Some(LEDGER_METRICS),
        None,
        "notification_queue_depth > 5000",
        None,
    );
    expect(
        "ledger_outbox_depth > 1000 for 10m",
        Some(LEDGER_METRICS),
        None,
        "ledger_outbox_depth > 1000",
        Some("10m"),
    );
    expect("pg_up == 0", None, None, "pg_up == 0", None);
    expect(
        "Outbox depth >= 1,000",
        Some(LEDGER_METRICS),
        None,
        "ledger_outbox_depth >= 1000",
        None,
    );
    expect(
        ">100/day",
        Some(LEDGER_METRICS),
        Some("jobs_failed_total"),
        "sum(increase(jobs_failed_total[1d])) > 100",
        None,
    );
    expect(
        "jobs failed > 10/min",
        Some(LEDGER_METRICS),
        None,
        "sum(rate(jobs_failed_total[5m])) * 60 > 10",
        None,
    );
    expect(
        "jobs failed > 10 per hour",
        Some(LEDGER_METRICS),
        None,
        "sum(increase(jobs_failed_total[1h])) > 10",
        None,
    );
    expect(
        "jobs failed > 0.5/s",
        Some(LEDGER_METRICS),
        None,
        "sum(rate(jobs_failed_total[5m])) > 0.5",
        None,
    );
}

#[test]
fn promql_as_written() {
    expect(
        "rate(router_errors_total[5m]) / rate(router_requests_total[5m]) > 0.05",
        None,
        None,
        "rate(router_errors_total[5m]) / rate(router_requests_total[5m]) > 0.05",
        None,
    );
    expect(
        "up{namespace=\"x\"} == 0",
        None,
        None,
        "up{namespace=\"x\"} == 0",
        None,
    );
    expect(
        "gacp_backup_verification_status != 1 for 48h",
        None,
        None,
        "gacp_backup_verification_status != 1",
        Some("2d"),
    );
    expect(
        "histogram_quantile(0.95, sum by (le) (rate(ledger_request_duration_seconds_bucket[5m]))) > 1",
        Some(LEDGER_METRICS),
        None,
        "histogram_quantile(0.95, sum by (le) (rate(ledger_request_duration_seconds_bucket[5m]))) > 1",
        None,
    );
    // The For column gives `for:`.
    let c = compile("rate(x_total[5m]) > 1", None, None, Some("3m"));
    assert_eq!(
        c,
        Ok(("rate(x_total[5m]) > 1".to_owned(), Some("3m".to_owned())))
    );
    let c = compile("No requests", None, None, Some("10 minutes"));
    assert_eq!(c.map(|c| c.1), Ok(Some("10m".to_owned())));
}

#[test]
fn rejected_phrases_say_why() {
    reject(
        "No healthy router pods for 5m",
        None,
        None,
        "SF-P006",
        "the words `healthy router pods` were not understood, and the condition has no comparison (`>`, `<`)",
    );
    reject(
        "SMS failures > 10% for 5m",
        None,
        None,
        "SF-P006",
        "`10%` is a percentage, and the condition does not say of what (the words `SMS failures` were not understood)",
    );
    reject(
        "Digest queue > 5000 for 15m",
        None,
        None,
        "SF-P006",
        "the words `digest queue` were not understood: no declared gauge has them in its name (the spec declares no metrics)",
    );
    reject(
        "Retries > 100/min",
        Some(LEDGER_METRICS),
        None,
        "SF-P006",
        "the words `retries` were not understood: no declared counter has them in its name (declared metrics: `ledger_requests_total`, `ledger_request_duration_seconds`, `ledger_db_query_duration_seconds`, `ledger_outbox_depth`, `notification_queue_depth`, `cache_hits_total`, `cache_misses_total`, `db_pool_connections_in_use`, `db_pool_connections_max`, `jobs_failed_total`)",
    );
    reject(
        "p95 > 500",
        None,
        None,
        "SF-P006",
        "the threshold `500` of a latency percentile has the wrong unit",
    );
    reject(
        "Latency > 1s",
        None,
        None,
        "SF-P006",
        "`1s` is a duration, and the condition does not say which statistic of the latency it bounds (the words `Latency` were not understood)",
    );
    reject(
        "> 150% errors",
        None,
        None,
        "SF-P006",
        "the percentage `150%` is above 100%",
    );
    reject(
        "p95 == 1s",
        None,
        None,
        "SF-P006",
        "`==` cannot compare a rate, ratio or latency",
    );
    reject(
        "> 1% errors > 2%",
        None,
        None,
        "SF-P006",
        "the condition has more than one comparison",
    );
    reject(
        "2% budget in 1h",
        None,
        None,
        "SF-P006",
        "the words `budget in` were not understood, and the condition has no comparison (`>`, `<`)",
    );
    reject(
        "Depth > 1000",
        Some(LEDGER_METRICS),
        Some("ledger_requests_total"),
        "SF-P006",
        "the words `depth` were not understood: they are not part of `ledger_requests_total`",
    );
    reject(
        "> 1000",
        Some(LEDGER_METRICS),
        Some("jobs_failed_total"),
        "SF-P006",
        "`jobs_failed_total` is a counter: its value only grows, so a threshold on it fires forever once crossed",
    );
    reject(
        "p95 > 1s",
        Some(LEDGER_METRICS),
        Some("ledger_requests_total"),
        "SF-P005",
        "a percentile needs a histogram's buckets, and `ledger_requests_total` is a counter",
    );
    reject(
        "missing_metric > 5",
        Some(LEDGER_METRICS),
        None,
        "SF-P004",
        "the condition uses `missing_metric`, which the Metrics table does not declare",
    );
    reject(
        "rate(missing_total[5m]) > 1",
        Some(LEDGER_METRICS),
        None,
        "SF-P004",
        "the PromQL uses `missing_total`, which the Metrics table does not declare",
    );
    reject(
        "rate(x_total[5m] > 1",
        None,
        None,
        "SF-P009",
        "the PromQL `rate(x_total[5m] > 1` does not parse: unclosed left parenthesis",
    );
    assert_eq!(
        compile("> 1% errors for 5m", None, None, Some("3m")),
        Err((
            "SF-P006".to_owned(),
            "the For column says `3m` and the condition says `for 5m`".to_owned()
        ))
    );
    assert_eq!(
        compile("> 1% errors", None, None, Some("soon")),
        Err((
            "SF-P006".to_owned(),
            "the For column: `soon` is not a duration (like `5m` or `10 minutes`)".to_owned()
        ))
    );
}

#[test]
fn severity_vocabulary() {
    use AlertSeverity::*;
    for (text, want) in [
        ("Critical", Some(Critical)),
        ("CRITICAL", Some(Critical)),
        ("critical", Some(Critical)),
        ("P1", Some(Critical)),
        ("Sev-1", Some(Critical)),
        ("High", Some(Critical)),
        ("Critical (P1)", Some(Critical)),
        ("Warning", Some(Warning)),
        ("P2", Some(Warning)),
        ("Medium", Some(Warning)),
        ("Sev-2", Some(Warning)),
        ("Info", Some(Info)),
        ("Low", Some(Info)),
        ("P3", Some(Info)),
        ("Sev-3", Some(Info)),
        ("MED", Some(Warning)),
        ("HIGH", Some(Critical)),
        ("Sev-4", Some(Info)),
        ("P4", Some(Info)),
        ("Urgent", Some(Critical)),
        ("Sev-9", None),
        ("Critical (P3)", None),
    ] {
        assert_eq!(AlertSeverity::parse(text), want, "{text}");
    }
}
