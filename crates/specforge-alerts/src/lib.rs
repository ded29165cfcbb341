//! The Prometheus alerts emitter: a spec's alert rows become `alerts.yaml` (one rule group)
//! and `alerts.test.yaml` (`promtool test rules` cases).
//!
//! * [`emit`] is the entry point: it reads `spec.observability`, compiles each alert's
//!   condition ([`compile_condition`]), normalizes its severity ([`AlertSeverity`]) and name
//!   ([`names`]), and serializes both files ([`rules`], [`unit_tests`], [`yaml`]).
//! * A row that cannot be translated (a condition not understood, a metric or label the
//!   Metrics table lacks, PromQL that does not parse) is a **warning** on its row saying what
//!   the spec must add, and the row is left out; the understood rows are still emitted.
//!   An unknown severity is a warning too, and the alert gets the default severity. Errors
//!   are kept for what would make the file wrong: two written names that become one rule
//!   name (SF-P003) and a severity that would be templated (SF-P007). A caller that stops on
//!   errors writes nothing when any diagnostic is an error; `--deny warnings` also stops on
//!   the skipped rows.
//! * Output is deterministic: spec order, ordered maps, no clock.
//!
//! Alerts of a metrics table's Alert column are emitted only when no alert-table row binds to
//! the same metric (an alert table that covers the metric supersedes the column).

pub mod binding;
pub mod condition;
pub mod config;
pub mod decimal;
pub mod duration;
pub mod grammar;
pub mod names;
pub mod promql;
pub mod rules;
pub mod severity;
pub mod template;
pub mod unit_tests;
pub mod yaml;

pub use condition::{CompiledCondition, ConditionInput, Shape, compile_condition};
pub use config::AlertsConfig;
pub use severity::AlertSeverity;

use specforge_model::{Alert, AlertOrigin, Artifact, Code, Diagnostic, Severity, Span, Spec};
use std::collections::{BTreeMap, BTreeSet};

/// The generated files and what was found on the way.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AlertsOutput {
    /// `alerts.yaml` and `alerts.test.yaml` (none when no alert could be emitted).
    pub artifacts: Vec<Artifact>,
    /// Errors and warnings, each on an alert's row.
    pub diagnostics: Vec<Diagnostic>,
}

/// The rule file's path in the output folder.
pub const RULES_PATH: &str = "alerts.yaml";
/// The promtool test file's path in the output folder.
pub const TESTS_PATH: &str = "alerts.test.yaml";

struct Prepared<'a> {
    alert: &'a Alert,
    name: String,
    /// `alert:` was derived from the written name (or the condition): the written name goes
    /// into the `original_name` annotation.
    derived: bool,
    severity: AlertSeverity,
    compiled: CompiledCondition,
}

fn row_diagnostic(alert: &Alert, code: Code, message: String, help: String) -> Diagnostic {
    Diagnostic::new(code, alert.span, message).with_help(help)
}

/// A row left out of `alerts.yaml`: a warning, whatever the code's default, because the
/// rules that are written stay right without it. `--deny warnings` makes it fail.
fn skipped(alert: &Alert, code: Code, reason: &str, help: String) -> Diagnostic {
    let mut d = row_diagnostic(
        alert,
        code,
        format!("alert `{}` skipped: {reason}", alert.name.value.trim()),
        help,
    )
    .with_label(alert.condition.span, "this condition");
    d.severity = Severity::Warning;
    d
}

/// The severity of a row, with a warning when the written word is not in the table, and
/// `None` (an error) when the cell holds template text.
fn row_severity(
    alert: &Alert,
    config: &AlertsConfig,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<AlertSeverity> {
    let label = alert.name.value.trim();
    let Some(written) = &alert.severity else {
        return Some(config.default_severity);
    };
    let text = written.value.trim();
    if text.contains("{{") {
        diagnostics.push(
            row_diagnostic(
                alert,
                Code::TemplateInAlertText,
                format!("the severity of alert `{label}` is template text (`{text}`), which Prometheus would expand when the alert fires"),
                format!("write the severity as a word: {}", AlertSeverity::ACCEPTED),
            )
            .with_label(written.span, "this severity"),
        );
        return None;
    }
    let (severity, why) = match AlertSeverity::read(text) {
        severity::Reading::Known(s) => return Some(s),
        severity::Reading::Disagreeing(s) => (s, "names two different severities"),
        severity::Reading::Unknown => (config.default_severity, "is not in the severity table"),
    };
    let mut d = row_diagnostic(
        alert,
        Code::UnknownSeverity,
        format!(
            "the severity `{text}` of alert `{label}` {why}; the alert is emitted with severity `{}`",
            severity.as_str()
        ),
        format!("use one of: {}", AlertSeverity::ACCEPTED),
    )
    .with_label(written.span, "this severity");
    d.severity = Severity::Warning;
    diagnostics.push(d);
    Some(severity)
}

/// The `alert:` name of a row whose condition compiled, with a note when it is derived.
fn row_name(
    alert: &Alert,
    position: usize,
    compiled: &CompiledCondition,
    diagnostics: &mut Vec<Diagnostic>,
) -> (String, bool) {
    let written = alert.name.value.trim();
    let name = match names::alert_name(written) {
        names::AlertName::Written(name) => return (name, false),
        names::AlertName::Derived(name) => name,
        names::AlertName::Empty => names::from_condition(&compiled.metrics, position),
    };
    let mut d = row_diagnostic(
        alert,
        names::DERIVED_NAME_CODE,
        format!(
            "the alert name `{written}` is not ASCII letters and digits: the rule is named `{name}`, and the name as written is kept in its `original_name` annotation"
        ),
        "name the alert with ASCII letters and digits (`HighErrorRate`) to choose the rule name yourself".to_owned(),
    )
    .with_label(alert.name.span, "this name");
    d.severity = Severity::Note;
    diagnostics.push(d);
    (name, true)
}

/// Checks one alert and compiles its condition. A row that cannot be translated is a
/// warning and `None`; only a severity that would be templated is an error.
fn prepare<'a>(
    alert: &'a Alert,
    position: usize,
    catalog: &binding::Catalog,
    config: &AlertsConfig,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Prepared<'a>> {
    let severity = row_severity(alert, config, diagnostics);
    let label = alert.name.value.trim();
    let row_metric = match &alert.origin {
        AlertOrigin::MetricRow { metric } => Some(metric.as_str()),
        AlertOrigin::AlertTable | AlertOrigin::PromqlFence => None,
    };
    let input = ConditionInput {
        text: &alert.condition.value,
        row_metric,
        for_column: alert.for_duration.as_deref(),
        written_as_code: alert.condition_is_code,
    };
    let compiled = match condition::compile_condition_in(&input, catalog, config) {
        Ok(c) => c,
        Err(e) => {
            diagnostics.push(skipped(alert, e.code, &e.message, e.help));
            return None;
        }
    };
    for w in &compiled.warnings {
        diagnostics.push(
            row_diagnostic(
                alert,
                w.code,
                format!("alert `{label}`: {}", w.message),
                w.help.clone(),
            )
            .with_label(alert.condition.span, "this condition"),
        );
    }
    let severity = severity?;
    let (name, derived) = row_name(alert, position, &compiled, diagnostics);
    Some(Prepared {
        alert,
        name,
        derived,
        severity,
        compiled,
    })
}

fn group_name(spec: &Spec, config: &AlertsConfig) -> String {
    if let Some(name) = config.group_name.as_ref().filter(|n| !n.trim().is_empty()) {
        return name.trim().to_owned();
    }
    spec.info
        .service
        .as_ref()
        .and_then(|s| names::group_slug(&s.value))
        .unwrap_or_else(|| "specforge".to_owned())
}

fn runbook(action: Option<&str>, alert: &str, config: &AlertsConfig) -> Option<String> {
    if let Some(action) = action.map(str::trim) {
        let is_url = (action.starts_with("https://") || action.starts_with("http://"))
            && !action.contains(char::is_whitespace);
        if is_url {
            return Some(action.to_owned());
        }
    }
    config
        .runbook_base_url
        .as_ref()
        .map(|base| format!("{}/{alert}", base.trim_end_matches('/')))
}

/// Builds `alerts.yaml` and `alerts.test.yaml` from a spec.
///
/// `spec_path` goes into the generated-file header only. See the crate docs for what is
/// emitted and what is reported.
pub fn emit(spec: &Spec, spec_path: &str, config: &AlertsConfig) -> AlertsOutput {
    let mut diagnostics = Vec::new();
    let alerts = &spec.observability.alerts;
    if alerts.is_empty() {
        return AlertsOutput::default();
    }

    let catalog = binding::Catalog::new(&spec.observability.metrics);
    // `healthy instances < 2` counts the `up` series of the service's scrape job.
    let with_job;
    let config = if config.job.is_none() {
        with_job = AlertsConfig {
            job: Some(group_name(spec, config)),
            ..config.clone()
        };
        &with_job
    } else {
        config
    };
    // Alert tables (and promql fences) first: the metrics they bind supersede a metrics
    // table's Alert column.
    let mut prepared: Vec<Option<Prepared<'_>>> = Vec::with_capacity(alerts.len());
    let mut table_diagnostics: Vec<Vec<Diagnostic>> = vec![Vec::new(); alerts.len()];
    let mut covered = BTreeSet::new();
    for (i, alert) in alerts.iter().enumerate() {
        if !matches!(alert.origin, AlertOrigin::MetricRow { .. }) {
            let p = prepare(alert, i + 1, &catalog, config, &mut table_diagnostics[i]);
            if let Some(p) = &p {
                covered.extend(p.compiled.metrics.iter().cloned());
            }
            prepared.push(p);
        } else {
            prepared.push(None);
        }
    }
    for (i, alert) in alerts.iter().enumerate() {
        if let AlertOrigin::MetricRow { metric } = &alert.origin
            && !covered.contains(metric)
        {
            prepared[i] = prepare(alert, i + 1, &catalog, config, &mut table_diagnostics[i]);
        }
    }
    for d in table_diagnostics {
        diagnostics.extend(d);
    }

    // Names must stay distinct after conversion: a derived name gets a number, two written
    // names that collide are an error.
    let mut seen: BTreeMap<String, &Alert> = BTreeMap::new();
    let mut kept = Vec::new();
    for mut p in prepared.into_iter().flatten() {
        if let Some(first) = seen.get(&p.name) {
            if p.derived {
                let base = p.name.clone();
                p.name = (2..)
                    .map(|n| format!("{base}{n}"))
                    .find(|candidate| !seen.contains_key(candidate))
                    .unwrap_or(base);
            } else {
                diagnostics.push(
                    Diagnostic::new(
                        Code::AlertNameCollision,
                        p.alert.span,
                        format!(
                            "the alert names `{}` and `{}` both become `{}`",
                            first.name.value.trim(),
                            p.alert.name.value.trim(),
                            p.name
                        ),
                    )
                    .with_label(first.span, "the first alert with this name")
                    .with_help("rename one of the two alerts"),
                );
                continue;
            }
        }
        seen.insert(p.name.clone(), p.alert);
        kept.push(p);
    }
    if kept.is_empty() {
        return AlertsOutput {
            artifacts: Vec::new(),
            diagnostics,
        };
    }

    let mut rule_list = Vec::new();
    let mut test_groups = Vec::new();
    for p in &kept {
        let condition = p.alert.condition.value.trim();
        let written_name = p.alert.name.value.trim();
        let action = p
            .alert
            .action
            .as_deref()
            .map(str::trim)
            .filter(|a| !a.is_empty());
        let mut plain_labels = BTreeMap::new();
        plain_labels.insert("severity".to_owned(), p.severity.as_str().to_owned());
        for (k, v) in &config.extra_labels {
            if promql::is_label_name(k) && k != "severity" {
                plain_labels.insert(k.clone(), v.clone());
            }
        }
        let plain = rules::Annotations {
            summary: format!("{written_name}: {condition}"),
            description: p
                .alert
                .description
                .as_deref()
                .map(str::trim)
                .filter(|d| !d.is_empty())
                .unwrap_or(condition)
                .to_owned(),
            action: action.map(str::to_owned),
            runbook_url: runbook(action, &p.name, config),
            original_name: p.derived.then(|| written_name.to_owned()),
        };
        let escaped = rules::Annotations {
            summary: template::escape(&plain.summary),
            description: template::escape(&plain.description),
            action: plain.action.as_deref().map(template::escape),
            runbook_url: plain.runbook_url.as_deref().map(template::escape),
            original_name: plain.original_name.as_deref().map(template::escape),
        };
        rule_list.push(rules::Rule {
            alert: p.name.clone(),
            expr: p.compiled.expr.clone(),
            for_duration: p.compiled.for_duration.map(|d| d.to_string()),
            labels: plain_labels
                .iter()
                .map(|(k, v)| (k.clone(), template::escape(v)))
                .collect(),
            annotations: escaped,
        });
        test_groups.extend(unit_tests::groups(&unit_tests::RuleUnderTest {
            alert: &p.name,
            shape: &p.compiled.shape,
            for_duration: p.compiled.for_duration,
            labels: plain_labels,
            annotations: plain.to_map(),
        }));
    }
    let rule_file = rules::RuleFile {
        groups: vec![rules::RuleGroup {
            name: group_name(spec, config),
            rules: rule_list,
        }],
    };
    let test_file = unit_tests::TestFile {
        rule_files: vec![RULES_PATH.to_owned()],
        evaluation_interval: "1m".to_owned(),
        tests: test_groups,
    };
    let mut artifacts = Vec::new();
    for (path, body) in [
        (RULES_PATH, yaml::document(spec_path, &rule_file)),
        (TESTS_PATH, yaml::document(spec_path, &test_file)),
    ] {
        match body {
            Ok(contents) => artifacts.push(Artifact {
                path: path.to_owned(),
                contents,
            }),
            Err(e) => diagnostics.push(Diagnostic::new(
                Code::InvalidPromql,
                Span::default(),
                format!("internal: {path} could not be serialized: {e}"),
            )),
        }
    }
    AlertsOutput {
        artifacts,
        diagnostics,
    }
}
