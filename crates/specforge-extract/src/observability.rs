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
    promql_fences(cx);
}

/// Alert rules in ```` ```promql ```` fences (VARIATIONS.md item 21): blocks separated by
/// blank lines, each a `# Name — why` comment and an expression. Only an expression that
/// compares (`> 0.01`, `== 0`) is an alert condition; dashboard queries are left alone.
fn promql_fences(cx: &mut Context<'_>) {
    let document = cx.document;
    for code in document
        .code_blocks()
        .filter(|c| matches!(c.lang.as_str(), "promql" | "prometheus"))
    {
        let mut offset = 0;
        let mut block: Vec<(usize, &str)> = Vec::new();
        for line in code.body.split('\n').chain(std::iter::once("")) {
            if line.trim().is_empty() {
                if let Some(alert) = fence_alert(&block, code.body_offset) {
                    cx.out.spec.observability.alerts.push(alert);
                }
                block.clear();
            } else {
                block.push((offset, line));
            }
            offset += line.len() + 1;
        }
    }
}

fn fence_alert(block: &[(usize, &str)], base: usize) -> Option<Alert> {
    let comment = block
        .iter()
        .find(|(_, l)| l.trim_start().starts_with('#'))?;
    let expression: Vec<&(usize, &str)> = block
        .iter()
        .filter(|(_, l)| !l.trim_start().starts_with('#'))
        .collect();
    let (first, last) = (expression.first()?, expression.last()?);
    let text = expression
        .iter()
        .map(|(_, l)| l.trim())
        .collect::<Vec<_>>()
        .join(" ");
    if !compares(&text) {
        return None;
    }
    let heading = comment.1.trim_start().trim_start_matches('#').trim();
    let name = heading
        .split([':', '(', '—', '–'])
        .next()
        .unwrap_or(heading)
        .split(" - ")
        .next()
        .unwrap_or(heading)
        .trim();
    if name.is_empty() {
        return None;
    }
    let name_start = base + comment.0 + comment.1.find(name).unwrap_or(0);
    let start = base + first.0 + (first.1.len() - first.1.trim_start().len());
    let end = base + last.0 + last.1.trim_end().len();
    Some(Alert {
        name: Spanned::new(
            name.to_owned(),
            Span::new(name_start, name_start + name.len()),
        ),
        condition: Spanned::new(text, Span::new(start, end)),
        condition_is_code: true,
        severity: None,
        action: None,
        description: None,
        for_duration: None,
        origin: AlertOrigin::PromqlFence,
        span: Span::new(base + block[0].0, end),
    })
}

/// True when PromQL compares at all: `>`, `<`, `==` or `!=` outside label matchers and strings.
fn compares(promql: &str) -> bool {
    let mut depth = 0usize;
    let mut quoted = false;
    let bytes = promql.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b'{' if !quoted => depth += 1,
            b'}' if !quoted => depth = depth.saturating_sub(1),
            b'>' | b'<' if !quoted && depth == 0 => return true,
            b'=' | b'!' if !quoted && depth == 0 && bytes.get(i + 1) == Some(&b'=') => return true,
            _ => {}
        }
    }
    false
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
                    buckets: None,
                    description: Some(description.trim().to_owned()).filter(|d| !d.is_empty()),
                    span: item.span,
                });
            }
            _ => {}
        }
    }
}

fn is_metrics_title(title: &str) -> bool {
    if title.is_ascii() {
        return specforge_model::naming::find_ascii_ignoring_case(title, "metric").is_some();
    }
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

/// The metric type a description states, when it names exactly one (`Gauge of open
/// connections`); none when it names none or several.
fn kind_in_prose(description: &str) -> Option<MetricKind> {
    let lower = description.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).collect();
    let mut said = [
        ("counter", MetricKind::Counter),
        ("gauge", MetricKind::Gauge),
        ("histogram", MetricKind::Histogram),
        ("summary", MetricKind::Summary),
    ]
    .into_iter()
    .filter(|(w, _)| words.contains(w))
    .map(|(_, kind)| kind);
    match (said.next(), said.next()) {
        (Some(kind), None) => Some(kind),
        _ => None,
    }
}

/// The bucket list a description states: `buckets: 0.1, 0.25, 0.5, 1` or `(buckets 100ms,
/// 1s)` gives the list as written (`0.1, 0.25, 0.5, 1`). Reading the values is the alerts
/// stage's job.
fn buckets_in_prose(description: &str) -> Option<&str> {
    let lower = description.to_ascii_lowercase();
    let at = lower.find("bucket")?;
    let rest = description[at..].trim_start_matches(|c: char| c.is_alphabetic());
    let rest = rest.trim_start_matches([':', ' ', '(', '[', '=']);
    let list = rest[..rest.find([')', ']', ';']).unwrap_or(rest.len())].trim();
    list.starts_with(|c: char| c.is_ascii_digit())
        .then_some(list)
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
    let buckets_col = roles.col(Role::Buckets);
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
        // Micrometer- and OpenTelemetry-style names (`s3.api.requests`, `peer-pool.idle`)
        // are accepted as written in code; Prometheus exposes them with `_` for `.` and `-`.
        let code = name_cell.code;
        let marked = name.contains(['_', ':']) || code;
        let valid =
            is_metric_name(name) || (code && is_metric_name(&name.replace(['.', '-'], "_")));
        if !valid || !marked {
            if !has_placeholder {
                failures.push(row.span);
            }
            continue;
        }
        let kind_text = type_col
            .and_then(|c| row.cell(c))
            .filter(|c| !c.is_blank())
            .map(|c| c.text.to_owned());
        let description_cell = description_col
            .and_then(|c| row.cell(c))
            .filter(|c| !c.is_blank());
        let kind = match kind_text.as_deref() {
            Some(text) => metric_kind(text),
            None => description_cell.and_then(|c| kind_in_prose(c.text)),
        };
        metrics.push(Metric {
            name: Spanned::new(name.to_owned(), name_cell.span),
            kind,
            kind_text,
            labels: labels_col
                .and_then(|c| row.cell(c))
                .filter(|c| !c.is_blank())
                .map_or_else(Vec::new, |c| label_names(c.text)),
            buckets: buckets_col
                .and_then(|c| row.cell(c))
                .filter(|c| !c.is_blank())
                .map(|c| Spanned::new(c.text.to_owned(), c.span))
                .or_else(|| {
                    description_cell.and_then(|c| {
                        buckets_in_prose(c.text).map(|list| Spanned::new(list.to_owned(), c.span))
                    })
                }),
            description: description_col
                .and_then(|c| row.cell(c))
                .filter(|c| !c.is_blank())
                .map(|c| c.text.to_owned()),
            span: row.span,
        });
        if let Some(cell) = alert_col
            .and_then(|c| row.cell(c))
            .filter(|c| !c.is_blank())
        {
            alerts.push(Alert {
                name: Spanned::new(name.to_owned(), name_cell.span),
                condition: Spanned::new(cell.text.to_owned(), cell.span),
                condition_is_code: cell.code,
                severity: None,
                action: None,
                description: None,
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
    let description_col = roles.col(Role::Description);
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
            name: Spanned::new(name.text.to_owned(), name.span),
            condition: Spanned::new(condition.text.to_owned(), condition.span),
            condition_is_code: condition.code
                || code_spans_joined(cx.text.get(condition.span.start..condition.span.end)),
            severity: cell(severity_col).map(|c| Spanned::new(c.text.to_owned(), c.span)),
            action: cell(action_col).map(|c| c.text.to_owned()),
            description: cell(description_col).map(|c| c.text.to_owned()),
            for_duration: cell(for_col).map(|c| c.text.to_owned()),
            origin: AlertOrigin::AlertTable,
            span: row.span,
        });
    }
}

/// True when a cell is PromQL written as code spans joined by set operators only
/// (`` `a > 1` AND `b == 0` ``): the author wrote code, with the operators in prose capitals.
fn code_spans_joined(raw: Option<&str>) -> bool {
    let Some(raw) = raw else {
        return false;
    };
    let parts: Vec<&str> = raw.split('`').collect();
    // An odd number of parts: every span is closed. Even parts are outside code.
    if parts.len() < 5 || parts.len().is_multiple_of(2) {
        return false;
    }
    parts.iter().step_by(2).enumerate().all(|(i, outside)| {
        let word = outside.trim();
        let edge = i == 0 || i == parts.len() / 2;
        (edge && word.is_empty())
            || (!edge
                && matches!(
                    word,
                    "AND" | "OR" | "UNLESS" | "and" | "or" | "unless" | "&&" | "||"
                ))
    })
}

#[cfg(test)]
mod tests {
    use super::{code_spans_joined, compares};

    #[test]
    fn code_spans_joined_by_set_operators() {
        assert!(code_spans_joined(Some("`a > 1` AND `b != 0`")));
        assert!(code_spans_joined(Some("`a > 1` OR `b < 3` and `c == 1`")));
        assert!(!code_spans_joined(Some("`a > 1`")));
        assert!(!code_spans_joined(Some("`a > 1` when `b` is low")));
        assert!(!code_spans_joined(Some("x `a > 1` AND `b`")));
        assert!(!code_spans_joined(None));
    }

    #[test]
    fn types_and_buckets_stated_in_prose() {
        use super::{MetricKind, buckets_in_prose, kind_in_prose};
        assert_eq!(
            kind_in_prose("Gauge of open connections"),
            Some(MetricKind::Gauge)
        );
        assert_eq!(kind_in_prose("a counter, not a gauge"), None);
        assert_eq!(kind_in_prose("Requests served"), None);
        assert_eq!(
            buckets_in_prose("Request latency (buckets: 0.1, 0.25, 0.5, 1)"),
            Some("0.1, 0.25, 0.5, 1")
        );
        assert_eq!(
            buckets_in_prose("buckets 100ms, 250ms, 1s"),
            Some("100ms, 250ms, 1s")
        );
        assert_eq!(buckets_in_prose("Bucket lifecycle state"), None);
    }

    #[test]
    fn only_comparisons_are_alert_conditions() {
        assert!(compares("sum(rate(x[5m])) > 0.01"));
        assert!(compares("increase(y[1h]) >= 10"));
        assert!(compares("up == 0"));
        assert!(!compares(
            "sum(rate(x{status=\"success\"}[1h])) / sum(rate(x[1h])) * 100"
        ));
        assert!(!compares("rate(x{code!=\"200\"}[5m])"));
        assert!(!compares(
            "histogram_quantile(0.5, sum(rate(b[5m])) by (le))"
        ));
    }
}
