//! Metrics tables and alert tables.
//!
//! Metrics: `| Metric | Type | Labels |` and variants (no Type column, an `Alert` or
//! `Alert Threshold` column that defines an alert per row). Alerts: `Alert | Condition |
//! Severity | Action` in any order, `Condition | Alert`, `Alert | Expression | For | Action`.

use crate::roles::{Role, Roles, TableKind};
use crate::text::is_metric_name;
use crate::{Context, placeholder};
use specforge_markdown::{Block, Table};
use specforge_model::{Alert, AlertOrigin, Code, Metric, MetricKind, Span, Spanned};

pub(crate) fn extract(cx: &mut Context<'_>) {
    for (_, table, kind, roles) in cx.tables() {
        match kind {
            TableKind::Metrics => metrics_table(cx, table, &roles),
            TableKind::Alerts => alerts_table(cx, table, &roles),
            _ => {}
        }
    }
    metric_bullets(cx);
}

/// Bullets under a "Metrics" heading or label that name a metric in backticks:
/// ``- Request rate and error rate (`inventory_http_requests_total`)``.
fn metric_bullets(cx: &mut Context<'_>) {
    let document = cx.document;
    let mut in_metrics = false;
    for block in &document.blocks {
        match block {
            Block::Heading { id } => in_metrics = is_metrics_title(&document.sections[*id].title),
            Block::Label(label) => in_metrics = is_metrics_title(&label.text),
            Block::Field(field) if field.value.is_empty() => {
                in_metrics = is_metrics_title(&field.key)
            }
            Block::ListItem(item) if in_metrics => {
                let Some((start, name)) = first_code_span(&item.raw) else {
                    continue;
                };
                if !is_metric_name(name) || !name.contains(['_', ':']) {
                    continue;
                }
                let known = cx
                    .out
                    .spec
                    .observability
                    .metrics
                    .iter()
                    .any(|m| m.name.value == name);
                if known {
                    continue;
                }
                let at = item.raw_offset + start;
                let description = item
                    .text
                    .replace(&format!("({name})"), "")
                    .replace(name, "");
                cx.out.spec.observability.metrics.push(Metric {
                    name: Spanned::new(name.to_owned(), Span::new(at, at + name.len())),
                    kind: None,
                    kind_text: None,
                    labels: Vec::new(),
                    description: Some(description.trim().to_owned()).filter(|d| !d.is_empty()),
                    span: item.span,
                });
            }
            _ => {}
        }
    }
}

fn is_metrics_title(title: &str) -> bool {
    let t = title.to_lowercase();
    t.contains("metric") || t.contains("메트릭") || t.contains("メトリク") || t.contains("指标")
}

/// The first `` `code` `` span of a line: its offset (inside the ticks) and text.
fn first_code_span(raw: &str) -> Option<(usize, &str)> {
    let open = raw.find('`')?;
    let close = raw[open + 1..].find('`')? + open + 1;
    Some((open + 1, &raw[open + 1..close]))
}

fn metric_kind(text: &str) -> Option<MetricKind> {
    let first = text
        .trim()
        .split(|c: char| !c.is_alphabetic())
        .next()?
        .to_lowercase();
    match first.as_str() {
        "counter" => Some(MetricKind::Counter),
        "gauge" => Some(MetricKind::Gauge),
        "histogram" => Some(MetricKind::Histogram),
        "summary" => Some(MetricKind::Summary),
        _ => None,
    }
}

/// Label names from `method, path, status`, `` `a`, `b` ``, `key=v1|v2`, `—`.
fn label_names(text: &str) -> Vec<String> {
    text.split([',', ';', ' '])
        .map(|part| {
            part.split(['=', ':'])
                .next()
                .unwrap_or("")
                .trim()
                .trim_matches('`')
        })
        .filter(|name| is_metric_name(name))
        .map(str::to_owned)
        .collect()
}

fn metrics_table(cx: &mut Context<'_>, table: &Table, roles: &Roles) {
    let name_col = roles.col(Role::Metric);
    let type_col = roles.col(Role::Type);
    let labels_col = roles.col(Role::Labels);
    let description_col = roles.col(Role::Description);
    let alert_col = roles
        .col(Role::AlertThreshold)
        .or(roles.col(Role::Alert))
        .or(roles.col(Role::Condition));
    let mut metrics = Vec::new();
    let mut alerts = Vec::new();
    let mut failures = Vec::new();
    let mut placeholders = Vec::new();
    for row in table.data_rows() {
        let found = cx.peek(row.span, placeholder::Context::Text);
        let has_placeholder = !found.is_empty();
        placeholders.extend(found);
        let Some(name_cell) = name_col.and_then(|c| row.cell(c)) else {
            continue;
        };
        let name = name_cell.text.trim().trim_matches('`');
        let name = name.split('{').next().unwrap_or(name).trim();
        // `Throughput` is an identifier too: a metric name has `_` or `:`, or is written as code.
        // Micrometer-style dotted names (`s3.api.requests`) are accepted as written in code.
        let code = name_cell.code;
        let marked = name.contains(['_', ':']) || code;
        let valid = is_metric_name(name) || (code && is_metric_name(&name.replace('.', "_")));
        if !valid || !marked {
            if !has_placeholder {
                failures.push(row.span);
            }
            continue;
        }
        let kind_text = type_col
            .and_then(|c| row.cell(c))
            .filter(|c| !c.is_blank())
            .map(|c| c.text.clone());
        metrics.push(Metric {
            name: Spanned::new(name.to_owned(), name_cell.span),
            kind: kind_text.as_deref().and_then(metric_kind),
            kind_text,
            labels: labels_col
                .and_then(|c| row.cell(c))
                .filter(|c| !c.is_blank())
                .map_or_else(Vec::new, |c| label_names(&c.text)),
            description: description_col
                .and_then(|c| row.cell(c))
                .filter(|c| !c.is_blank())
                .map(|c| c.text.clone()),
            span: row.span,
        });
        if let Some(cell) = alert_col
            .and_then(|c| row.cell(c))
            .filter(|c| !c.is_blank())
        {
            alerts.push(Alert {
                name: Spanned::new(name.to_owned(), name_cell.span),
                condition: Spanned::new(cell.text.clone(), cell.span),
                severity: None,
                action: None,
                for_duration: None,
                origin: AlertOrigin::MetricRow {
                    metric: name.to_owned(),
                },
                span: row.span,
            });
        }
    }
    if metrics.is_empty() {
        if !failures.is_empty() || !placeholders.is_empty() {
            cx.skip_table(
                table,
                "its names are not metric identifiers (like `http_requests_total`)",
            );
        }
        return;
    }
    cx.commit(placeholders);
    cx.row_warnings(
        Code::MetricRowSkipped,
        failures,
        "this row of a metrics table does not name a metric",
        "write the metric's identifier, e.g. `orders_created_total`, in the Metric column",
    );
    cx.out.spec.observability.metrics.extend(metrics);
    cx.out.spec.observability.alerts.extend(alerts);
}

fn alerts_table(cx: &mut Context<'_>, table: &Table, roles: &Roles) {
    let name_col = roles.col(Role::Alert);
    let condition_col = roles.col(Role::Condition);
    let severity_col = roles.col(Role::Severity);
    let action_col = roles.col(Role::Action);
    let for_col = roles.col(Role::For);
    for row in table.data_rows() {
        cx.scan(row.span, placeholder::Context::Text);
        let cell = |col: Option<usize>| col.and_then(|c| row.cell(c)).filter(|c| !c.is_blank());
        let (Some(name), Some(condition)) = (
            cell(name_col).or(cell(condition_col)),
            cell(condition_col).or(cell(name_col)),
        ) else {
            continue;
        };
        cx.out.spec.observability.alerts.push(Alert {
            name: Spanned::new(name.text.clone(), name.span),
            condition: Spanned::new(condition.text.clone(), condition.span),
            severity: cell(severity_col).map(|c| Spanned::new(c.text.clone(), c.span)),
            action: cell(action_col).map(|c| c.text.clone()),
            for_duration: cell(for_col).map(|c| c.text.clone()),
            origin: AlertOrigin::AlertTable,
            span: row.span,
        });
    }
}
