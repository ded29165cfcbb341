//! `[alerts]` settings: the defaults a spec without a Metrics table binds to, the rate
//! window, and what every rule carries.

use crate::duration::Duration;
use crate::promql::{is_label_name, is_metric_name};
use crate::severity::AlertSeverity;
use std::collections::BTreeMap;

/// Settings for the alerts emitter. [`AlertsConfig::default`] gives:
///
/// | field | default |
/// |---|---|
/// | `request_counter` | `http_requests_total` |
/// | `status_label` | `status` |
/// | `latency_histogram` | `http_request_duration_seconds` |
/// | `rate_window` | `5m` |
/// | `group_name` | none: derived from the service name or title (`ledger-service`) |
/// | `runbook_base_url` | none |
/// | `extra_labels` | none |
/// | `default_severity` | `warning` (rows with no severity, such as metrics-table rows) |
/// | `disk_available_metric` | `node_filesystem_avail_bytes` |
/// | `disk_size_metric` | `node_filesystem_size_bytes` |
/// | `job` | none: the rule group name; the `job` label of `up` for `healthy instances < 2` |
///
/// The request counter, status label and latency histogram are used only when the spec
/// declares no metrics; a spec with a Metrics table binds to what it declares. The two disk
/// metrics are node-exporter series that service specs do not declare, so they are always
/// taken from here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertsConfig {
    /// The request counter for error ratios and no-traffic conditions.
    pub request_counter: String,
    /// The label of the request counter that holds the HTTP status.
    pub status_label: String,
    /// The latency histogram for percentiles and averages.
    pub latency_histogram: String,
    /// The range of `rate()` and similar functions.
    pub rate_window: Duration,
    /// The rule group's name.
    pub group_name: Option<String>,
    /// When set, each rule gets `runbook_url: BASE/AlertName` unless its Action is a URL.
    pub runbook_base_url: Option<String>,
    /// Labels added to every rule (`team`, `service`).
    pub extra_labels: BTreeMap<String, String>,
    /// The severity of an alert whose row states none.
    pub default_severity: AlertSeverity,
    /// Free bytes of a filesystem, for `< 10% free`.
    pub disk_available_metric: String,
    /// Size of a filesystem, for `< 10% free`.
    pub disk_size_metric: String,
    /// The scrape job whose `up` series count the healthy instances (`healthy instances < 2`,
    /// `No healthy instances`); the rule group name when unset.
    pub job: Option<String>,
}

impl Default for AlertsConfig {
    fn default() -> Self {
        AlertsConfig {
            request_counter: "http_requests_total".to_owned(),
            status_label: "status".to_owned(),
            latency_histogram: "http_request_duration_seconds".to_owned(),
            rate_window: Duration::from_minutes(5),
            group_name: None,
            runbook_base_url: None,
            extra_labels: BTreeMap::new(),
            default_severity: AlertSeverity::Warning,
            disk_available_metric: "node_filesystem_avail_bytes".to_owned(),
            disk_size_metric: "node_filesystem_size_bytes".to_owned(),
            job: None,
        }
    }
}

impl AlertsConfig {
    /// Checks the settings; the CLI reports an error as a configuration error (exit 2).
    /// [`crate::emit`] leaves out extra labels with invalid names, so call this first.
    pub fn validate(&self) -> Result<(), String> {
        for (what, name) in [
            ("request_counter", &self.request_counter),
            ("latency_histogram", &self.latency_histogram),
            ("disk_available_metric", &self.disk_available_metric),
            ("disk_size_metric", &self.disk_size_metric),
        ] {
            if !is_metric_name(name) {
                return Err(format!(
                    "alerts.{what}: `{name}` is not a Prometheus metric name"
                ));
            }
        }
        if !is_label_name(&self.status_label) {
            return Err(format!(
                "alerts.status_label: `{}` is not a Prometheus label name",
                self.status_label
            ));
        }
        if self.rate_window.is_zero() {
            return Err("alerts.rate_window: the window must be longer than zero".to_owned());
        }
        for name in self.extra_labels.keys() {
            if !is_label_name(name) || name == "severity" {
                return Err(format!(
                    "alerts.extra_labels: `{name}` is not a label name a rule may set"
                ));
            }
        }
        if let Some(group) = &self.group_name
            && group.trim().is_empty()
        {
            return Err("alerts.group_name: the name is empty".to_owned());
        }
        if let Some(job) = &self.job
            && job.trim().is_empty()
        {
            return Err("alerts.job: the job name is empty".to_owned());
        }
        Ok(())
    }
}
