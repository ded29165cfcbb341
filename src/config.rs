//! `specforge.toml`: settings the CLI reads before generating. Today that is the `[alerts]`
//! section; `[[spec]]` entries arrive with the multi-spec `generate` (issue 7) and are refused
//! until then, like every unknown key, so a typo never passes silently.
//!
//! ```toml
//! [alerts]
//! request_counter = "http_requests_total"     # used when the spec declares no metrics
//! status_label = "status"
//! latency_histogram = "http_request_duration_seconds"
//! rate_window = "5m"
//! group = "payments"
//! runbook_base_url = "https://runbooks.example.com/payments"
//! default_severity = "warning"
//! disk_available_metric = "node_filesystem_avail_bytes"
//! disk_size_metric = "node_filesystem_size_bytes"
//!
//! [alerts.labels]
//! team = "payments"
//! ```

use serde::Deserialize;
use specforge_alerts::AlertsConfig;
use specforge_alerts::duration::Duration;
use std::collections::BTreeMap;
use std::path::Path;

/// Everything the CLI takes from the configuration file.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The alerts emitter's settings.
    pub alerts: AlertsConfig,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    alerts: Option<AlertsSection>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct AlertsSection {
    request_counter: Option<String>,
    status_label: Option<String>,
    latency_histogram: Option<String>,
    rate_window: Option<String>,
    group: Option<String>,
    runbook_base_url: Option<String>,
    default_severity: Option<String>,
    disk_available_metric: Option<String>,
    disk_size_metric: Option<String>,
    labels: Option<BTreeMap<String, String>>,
}

/// Loads `explicit`, or `specforge.toml` in the current folder when it exists, or defaults.
/// Any problem is a usage error message naming the file.
pub fn load(explicit: Option<&Path>) -> Result<Config, String> {
    let default = Path::new("specforge.toml");
    let path = match explicit {
        Some(path) => path,
        None if default.is_file() => default,
        None => return Ok(Config::default()),
    };
    let name = path.display();
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {name}: {e}"))?;
    let file: FileConfig = toml::from_str(&text).map_err(|e| format!("{name}: {e}"))?;
    let mut alerts = AlertsConfig::default();
    if let Some(section) = file.alerts {
        apply(&mut alerts, section).map_err(|e| format!("{name}: [alerts] {e}"))?;
        alerts
            .validate()
            .map_err(|e| format!("{name}: [alerts] {e}"))?;
    }
    Ok(Config { alerts })
}

fn apply(alerts: &mut AlertsConfig, section: AlertsSection) -> Result<(), String> {
    let set = |target: &mut String, value: Option<String>| {
        if let Some(value) = value {
            *target = value;
        }
    };
    set(&mut alerts.request_counter, section.request_counter);
    set(&mut alerts.status_label, section.status_label);
    set(&mut alerts.latency_histogram, section.latency_histogram);
    set(
        &mut alerts.disk_available_metric,
        section.disk_available_metric,
    );
    set(&mut alerts.disk_size_metric, section.disk_size_metric);
    if let Some(window) = section.rate_window {
        alerts.rate_window = Duration::parse(&window).map_err(|e| format!("rate_window: {e}"))?;
    }
    if let Some(severity) = section.default_severity {
        alerts.default_severity =
            specforge_alerts::AlertSeverity::parse(&severity).ok_or_else(|| {
                format!("default_severity `{severity}` is not critical, warning or info")
            })?;
    }
    alerts.group_name = section.group.or(alerts.group_name.take());
    alerts.runbook_base_url = section.runbook_base_url.or(alerts.runbook_base_url.take());
    if let Some(labels) = section.labels {
        alerts.extra_labels = labels;
    }
    Ok(())
}
