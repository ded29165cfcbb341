//! `specforge.toml`: the specs to process (`[[spec]]`, used when no SPEC is given on the
//! command line) and the alerts emitter's settings. Unknown keys are refused, so a typo never
//! passes silently. Paths are relative to the folder holding the file.
//!
//! ```toml
//! strict = false      # true: any error blocks every artifact of every spec (all or nothing)
//! verify = false      # true: `generate` re-reads every artifact it emits (as `--verify`)
//!
//! [[spec]]
//! path = "docs/orders.md"
//! out = "generated/orders"
//! only = ["openapi", "migrations", "errors", "alerts"]   # default: all
//! migration_format = "plain"                             # plain | dbmate | flyway | refinery
//! error_enum = "OrderError"
//! error_serde = false                                    # true: Serialize/Deserialize in errors.rs
//! openapi_json = false
//! allow_draft = false
//! strict = false                                         # this spec only
//!
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
//! job = "payments-api"        # the scrape job of `healthy instances < 2`; default: the group
//!
//! [alerts.labels]
//! team = "payments"
//! ```

use serde::Deserialize;
use specforge_alerts::AlertsConfig;
use specforge_alerts::duration::Duration;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Everything the CLI takes from the configuration file.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The alerts emitter's settings.
    pub alerts: AlertsConfig,
    /// `[[spec]]` entries, paths resolved against the file's folder.
    pub specs: Vec<SpecEntry>,
    /// `strict = true`: all or nothing, for every spec.
    pub strict: bool,
    /// `verify = true`: `generate` re-reads what it emits (`--verify`).
    pub verify: bool,
}

/// One `[[spec]]` entry.
#[derive(Debug, Clone, Default)]
pub struct SpecEntry {
    /// The spec file.
    pub path: PathBuf,
    /// Its output folder (default `generated`).
    pub out: Option<PathBuf>,
    /// Kinds to generate (default all).
    pub only: Vec<specforge_pipeline::Kind>,
    /// Migration layout.
    pub migration_format: Option<specforge_migrate::MigrationFormat>,
    /// Error enum name.
    pub error_enum: Option<String>,
    /// Serde impls in `errors.rs`.
    pub error_serde: bool,
    /// Also write `openapi.json`.
    pub openapi_json: bool,
    /// Accept a spec that is not approved.
    pub allow_draft: bool,
    /// All or nothing for this spec.
    pub strict: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    strict: Option<bool>,
    verify: Option<bool>,
    alerts: Option<AlertsSection>,
    spec: Option<Vec<SpecSection>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct SpecSection {
    path: String,
    out: Option<String>,
    only: Option<Vec<String>>,
    migration_format: Option<String>,
    error_enum: Option<String>,
    error_serde: Option<bool>,
    openapi_json: Option<bool>,
    allow_draft: Option<bool>,
    strict: Option<bool>,
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
    job: Option<String>,
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
    let base = path.parent().unwrap_or(Path::new(""));
    let specs = file
        .spec
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .map(|(i, section)| {
            spec_entry(base, section).map_err(|e| format!("{name}: [[spec]] #{}: {e}", i + 1))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Config {
        alerts,
        specs,
        strict: file.strict.unwrap_or(false),
        verify: file.verify.unwrap_or(false),
    })
}

fn spec_entry(base: &Path, section: SpecSection) -> Result<SpecEntry, String> {
    let only = section
        .only
        .unwrap_or_default()
        .iter()
        .map(|k| {
            specforge_pipeline::Kind::ALL
                .into_iter()
                .find(|kind| kind.name() == k)
                .ok_or_else(|| format!("only: `{k}` is not openapi, migrations, errors or alerts"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let migration_format = section
        .migration_format
        .map(|f| f.parse().map_err(|e| format!("migration_format: {e}")))
        .transpose()?;
    Ok(SpecEntry {
        path: base.join(section.path),
        out: section.out.map(|o| base.join(o)),
        only,
        migration_format,
        error_enum: section.error_enum,
        error_serde: section.error_serde.unwrap_or(false),
        openapi_json: section.openapi_json.unwrap_or(false),
        allow_draft: section.allow_draft.unwrap_or(false),
        strict: section.strict.unwrap_or(false),
    })
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
    alerts.job = section.job.or(alerts.job.take());
    if let Some(labels) = section.labels {
        alerts.extra_labels = labels;
    }
    Ok(())
}
