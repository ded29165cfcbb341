//! The generated files pass promtool: `check rules --lint=all --lint-fatal` and `test rules`.

mod common;

use common::{fixtures_dir, promtool_available, promtool_passes, spec};
use specforge_alerts::{AlertsConfig, emit};
use specforge_model::Severity;
use std::collections::BTreeMap;

/// Every fixture that has alerts, and the codes of the warnings it is expected to report
/// (rows left out of the files). None of them has an error.
const FIXTURES: [(&str, &[&str]); 7] = [
    ("valid/bookings.md", &[]),
    ("valid/inventory.md", &[]),
    ("valid/ledger.md", &[]),
    ("valid/notifications.md", &[]),
    ("valid/payouts.md", &[]),
    (
        "variations/13-alert-tables.md",
        &[
            "SF-P006", "SF-P006", "SF-P006", "SF-P006", "SF-P006", "SF-P006", "SF-P006",
        ],
    ),
    ("variations/14-metrics-tables.md", &[]),
];

#[test]
fn fixtures_pass_promtool() {
    if !promtool_available() {
        return;
    }
    for (name, errors) in FIXTURES {
        let path = fixtures_dir().join(name);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
        let out = emit(
            &spec(&text),
            &format!("fixtures/{name}"),
            &AlertsConfig::default(),
        );
        let codes: Vec<&str> = out
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .map(|d| d.code.as_str())
            .collect();
        assert_eq!(codes, errors.to_vec(), "{name}: {:#?}", out.diagnostics);
        assert!(
            !out.diagnostics.iter().any(|d| d.is_error()),
            "{name}: {:#?}",
            out.diagnostics
        );
        assert_eq!(out.artifacts.len(), 2, "{name}");
        promtool_passes(name, &out.artifacts);
    }
}

/// A spec with every shape of the grammar, every comparison, look-alike YAML scalars and
/// template text in its actions, extra labels and a runbook base.
pub const ALL_SHAPES: &str = r#"# Shop Service - Technical Specification

**Status**: Approved

## Metrics

| Metric | Type | Labels | Description |
|---|---|---|---|
| `shop_http_requests_total` | Counter | method, route, status | Requests |
| `shop_request_duration_seconds` | Histogram | route | Latency (buckets: 0.1, 0.25, 0.5, 1, 2.5) |
| `shop_db_query_duration_seconds` | Histogram | query | Database latency |
| `shop_cache_hits_total` | Counter | cache | Cache hits |
| `shop_cache_misses_total` | Counter | cache | Cache misses |
| `shop_db_pool_connections_in_use` | Gauge | — | Connections in use |
| `shop_db_pool_connections_max` | Gauge | — | Pool size |
| `shop_queue_depth` | Gauge | queue | Jobs waiting |
| `shop_retries_total` | Counter | reason | Retries |
| `shop_payments_failed_total` | Counter | — | Failed payments |

## Alerts

| Alert | Condition | Severity | Action |
|---|---|---|---|
| High Error Rate | > 1% errors for 5m | Critical | Page on-call |
| Error Rate At Least | Error rate >= 2.5% | P1 | https://runbooks.example.com/errors |
| Slow p99 | p99 > 1s | Warning | Investigate |
| Fast Median | p50 < 100ms | Info | Check the cache |
| DB Slow | query p95 > 250ms for 10m | Sev-2 | Look at `{{ $labels.query }}` and {{{ braces |
| Slow Average | >1s average for 10 min | Medium | no |
| Service Down | No requests for 2m | Critical (P1) | ~ |
| Disk | <10% free | Low | yes |
| Pool | > 90% of pool | High | on |
| Pool Util | >80% utilized for 5 minutes | Warning | 2024-01-01 |
| Cache Cold | Hit rate < 80% | Warning | 1e3 |
| Cache Warm | cache hit ratio >= 99.5% over 30m | Info | 0x1F |
| Retry Storm | Retries > 100/min | Warning | *alias |
| Retry Trickle | Retries < 2/s | Info | 012 |
| Payment Failures | shop_payments_failed_total > 5/hour | Warning | &anchor |
| Payment Failures Daily | shop_payments_failed_total > 0.5/day | Warning | off |
| Queue Depth | Queue depth > 5000 | Warning | !tag |
| Queue Empty | shop_queue_depth == 0 for 15m | Info | %directive |
| Queue Not Empty | shop_queue_depth != 0 | Info | @at |
| Queue Low | Queue depth <= 10 | Info | - dash |
| Queue Max | Queue depth >= 1,000 | Info | key: value |
| Fraction | Queue depth < 0.5 | Info | a #comment |
| Written | `rate(shop_retries_total[5m]) > 3` | Warning | null |
| Any Errors | > 0% errors | Critical | "quoted" |
"#;

/// Extra labels with template text and a look-alike value, and a runbook base.
pub fn all_shapes_config() -> AlertsConfig {
    let mut extra = BTreeMap::new();
    extra.insert("team".to_owned(), "shop {{ team }}".to_owned());
    extra.insert("service".to_owned(), "yes".to_owned());
    AlertsConfig {
        runbook_base_url: Some("https://runbooks.example.com/shop/".to_owned()),
        extra_labels: extra,
        ..AlertsConfig::default()
    }
}

#[test]
fn every_shape_passes_promtool() {
    let out = emit(&spec(ALL_SHAPES), "specs/shop.md", &all_shapes_config());
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    let rules = &out.artifacts[0].contents;
    assert_eq!(rules.matches("  - alert: ").count(), 24, "{rules}");
    let tests = &out.artifacts[1].contents;
    // Every rule but the PromQL one has a firing and a quiet case.
    assert_eq!(tests.matches("- name: ").count(), 46, "{tests}");
    if !promtool_available() {
        return;
    }
    promtool_passes("all shapes", &out.artifacts);
}
