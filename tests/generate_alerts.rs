//! Alerts from the CLI: `[alerts]` settings from a config file, and rows that cannot be
//! understood are warnings on their rows and left out, while the understood rows are written;
//! `check --deny warnings` fails on them.

mod common;
use common::*;

/// Generates only the alerts of `spec` under a `specforge.toml` holding `config`; returns the
/// exit code, the report, the written `alerts.yaml` and the folder (kept alive).
fn alerts_with_config(spec: &str, config: &str) -> (i32, String, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("specforge.toml");
    std::fs::write(&path, config).unwrap();
    let out = dir.path().join("out");
    let (code, stderr) = generate(&[
        spec,
        "--only",
        "alerts",
        "--out",
        out.to_str().unwrap(),
        "--config",
        path.to_str().unwrap(),
    ]);
    let rules = std::fs::read_to_string(out.join("alerts.yaml")).unwrap_or_default();
    (code, stderr, rules, dir)
}

#[test]
fn alerts_settings_come_from_the_config_file() {
    let (code, stderr, rules, _dir) = alerts_with_config(
        "fixtures/valid/ledger.md",
        "[alerts]\nrate_window = \"10m\"\ngroup = \"ledger-core\"\nrunbook_base_url = \"https://runbooks.example.com/ledger\"\n\n[alerts.labels]\nteam = \"payments\"\n",
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(rules.contains("- name: ledger-core\n"), "{rules}");
    assert!(rules.contains("team: payments"), "{rules}");
    assert!(rules.contains("[10m]"), "{rules}");
    assert!(!rules.contains("[5m]"), "{rules}");
    assert!(
        rules.contains("runbook_url: https://runbooks.example.com/ledger/HighErrorRate"),
        "{rules}"
    );
}

/// `[alerts] job` names the scrape job whose `up` series `healthy instances < 2` counts; the
/// rules still pass promtool.
#[test]
fn the_scrape_job_of_healthy_instances_comes_from_the_config_file() {
    let (code, stderr, rules, dir) = alerts_with_config(
        "fixtures/variations/50-alert-phrasings.md",
        "[alerts]\njob = \"catalog-api\"\n",
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(rules.contains(r#"sum(up{job="catalog-api"})"#), "{rules}");
    assert_promtool_accepts(&dir.path().join("out"), "job from config");
}

#[test]
fn bad_settings_are_usage_errors_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    for (text, expected) in [
        (
            "[alerts]\nrate_windw = \"5m\"\n",
            "unknown field `rate_windw`",
        ),
        ("[alerts]\nrate_window = \"soon\"\n", "rate_window"),
        (
            "[alerts]\njob = \" \"\n",
            "alerts.job: the job name is empty",
        ),
        (
            "[alerts]\ndefault_severity = \"sometimes\"\n",
            "default_severity `sometimes`",
        ),
        (
            "[[spec]]\npath = \"x.md\"\nouput = \"o\"\n",
            "unknown field `ouput`",
        ),
        (
            "[[spec]]\npath = \"x.md\"\nonly = [\"wasm\"]\n",
            "[[spec]] #1: only: `wasm` is not openapi, migrations, errors or alerts",
        ),
    ] {
        let config = dir.path().join("specforge.toml");
        std::fs::write(&config, text).unwrap();
        let (code, stderr) = generate(&[
            "fixtures/valid/ledger.md",
            "--out",
            out.to_str().unwrap(),
            "--config",
            config.to_str().unwrap(),
        ]);
        assert_eq!(code, 2, "{text}: {stderr}");
        assert!(stderr.contains(expected), "{text}: {stderr}");
        assert!(!out.exists());
    }
    let (code, stderr) = generate(&[
        "fixtures/valid/ledger.md",
        "--config",
        "no/such/specforge.toml",
    ]);
    assert_eq!(code, 2, "{stderr}");
}

/// `check --deny warnings` on a spec, after a `generate` into `out`.
fn check_denying_warnings(spec: &str, out: &std::path::Path) -> (i32, String) {
    let output = specforge()
        .current_dir(repo_path(""))
        .args(["check", spec, "--out", out.to_str().unwrap()])
        .args(["--deny", "warnings"])
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn untranslatable_rows_are_warnings_and_the_rest_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let spec = "fixtures/variations/13-alert-tables.md";
    let (code, stderr) = generate(&[spec, "--only", "alerts", "--out", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("warning[SF-P006]: alert `RouterDown` skipped: "),
        "{stderr}"
    );
    assert!(!stderr.contains("error["), "{stderr}");
    let rules = std::fs::read_to_string(out.join("alerts.yaml")).unwrap();
    assert!(
        rules.contains("- alert: "),
        "the understood alerts are emitted: {rules}"
    );
    assert!(!rules.contains("RouterDown"), "{rules}");
    assert!(out.join("alerts.test.yaml").is_file());
    let (code, stderr) = check_denying_warnings(spec, &out);
    assert_eq!(
        code, 1,
        "--deny warnings fails on the skipped rows: {stderr}"
    );
}

#[test]
fn promql_fence_rules_are_emitted_as_written_and_pass_promtool() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let (code, stderr) = generate(&[
        "fixtures/variations/19-promql-fence.md",
        "--only",
        "alerts",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    let rules = std::fs::read_to_string(out.join("alerts.yaml")).unwrap();
    assert!(rules.contains("- alert: GatewayErrorRate\n"), "{rules}");
    assert!(
        rules.contains("expr: max(gateway_repair_backlog) > 1000\n"),
        "{rules}"
    );
    assert!(!rules.contains("RequestsPerMethod"), "{rules}");
    assert_promtool_accepts(&out, "promql fence");
}

/// Dotted metric names (Micrometer, OpenTelemetry) are the series Prometheus exposes with
/// underscores, and a counter is selected with or without `_total`: the rules are written
/// and promtool accepts them.
#[test]
fn dotted_metric_names_are_the_series_prometheus_exposes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let (code, stderr) = generate(&[
        "fixtures/variations/53-dotted-metric-names.md",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("warning["), "{stderr}");
    let rules = std::fs::read_to_string(out.join("alerts.yaml")).unwrap();
    for name in [
        "HighErrorRate",
        "EvictionStorm",
        "NoIdlePeerConnectionLeft",
        "EvictionsClimbing",
    ] {
        assert!(
            rules.contains(&format!("- alert: {name}\n")),
            "{name}: {rules}"
        );
    }
    assert!(
        rules.contains("expr: min(blobcache_peer_pool_idle) == 0\n"),
        "{rules}"
    );
    assert_promtool_accepts(&out, "dotted metric names");
}

/// `promtool check rules` (lints fatal) on `out/alerts.yaml`, and `promtool test rules` on
/// `out/alerts.test.yaml` when it was written.
fn assert_promtool_accepts(out: &std::path::Path, what: &str) {
    let Some(promtool) = which("promtool") else {
        skip_or_fail("promtool");
        return;
    };
    let run = |args: &[&str], file: &str| {
        let output = std::process::Command::new(&promtool)
            .args(args)
            .arg(out.join(file))
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{what}: promtool {args:?} {file}:\n{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    };
    run(
        &["check", "rules", "--lint=all", "--lint-fatal"],
        "alerts.yaml",
    );
    if out.join("alerts.test.yaml").exists() {
        run(&["test", "rules"], "alerts.test.yaml");
    }
}

#[test]
fn a_buckets_column_is_used_for_the_between_buckets_warning() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("latency.md");
    std::fs::write(
        &spec,
        "# Latency Service\n\n**Status**: Approved\n\n## Metrics\n\n\
| Metric | Type | Labels | Buckets |\n|---|---|---|---|\n\
| `lat_requests_total` | Counter | status | — |\n\
| `lat_request_duration_seconds` | Histogram | route | 0.1, 0.25, 0.5, 1 |\n\n## Alerts\n\n\
| Alert | Condition | Severity |\n|---|---|---|\n\
| On A Bucket | p95 > 250ms | Warning |\n\
| Between Buckets | p99 > 300ms | Warning |\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let (code, stderr) = generate(&[
        spec.to_str().unwrap(),
        "--only",
        "alerts",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("warning["))
        .collect();
    assert_eq!(warnings.len(), 1, "{stderr}");
    assert!(
        warnings[0].starts_with("warning[SF-P008]: alert `Between Buckets`"),
        "{stderr}"
    );
}

#[test]
fn a_label_the_metrics_table_does_not_list_skips_the_row() {
    let spec = "fixtures/invalid/alerts-undeclared-label.md";
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let (code, stderr) = generate(&[spec, "--out", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("warning[SF-P011]: alert `Regional Errors` skipped: the PromQL groups by label `region` of `orders_requests_total`, which the Metrics table does not list (it lists: method, status)"),
        "{stderr}"
    );
    assert!(stderr.contains(&format!("--> {spec}:16:1\n")), "{stderr}");
    // That finding is the only one: the prose alert next to it binds to the same metric.
    let findings: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("error[") || l.starts_with("warning[") || l.starts_with("note["))
        .collect();
    assert_eq!(findings.len(), 1, "{stderr}");
    assert!(
        stderr.contains("= help: add `region` to the metric's Labels cell, or fix the label name"),
        "{stderr}"
    );
    let rules = std::fs::read_to_string(out.join("alerts.yaml")).unwrap();
    assert!(!rules.contains("RegionalErrors"), "{rules}");
    let (code, stderr) = check_denying_warnings(spec, &out);
    assert_eq!(code, 1, "{stderr}");
}
