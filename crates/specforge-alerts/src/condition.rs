//! The condition compiler: a condition cell (plus the row's metric and For cell) to PromQL.
//!
//! 1. The prose grammar ([`crate::grammar`]) reads the words into a phrase.
//! 2. Binding ([`crate::binding`]) finds the metrics the phrase speaks of.
//! 3. The bound [`Shape`] is built into a PromQL expression ([`crate::promql`]) and parsed
//!    back with `promql-parser`.
//!
//! When the prose grammar fails, a condition that is PromQL (the Expression column, or
//! PromQL in backticks) is parsed and used as written, after its metrics are checked against
//! the Metrics table (SF-P004) and the labels it names against the metrics' Labels cells
//! (SF-P011, only for rows that list labels). A condition that is neither is a finding naming
//! the words that failed.
//!
//! | prose | PromQL (W = rate window, default 5m) |
//! |---|---|
//! | `> 1% errors`, `Error rate > 1%`, `>5% 5xx` | `sum(rate(REQ{status=~"5.."}[W])) / sum(rate(REQ[W])) > 0.01` |
//! | `p95 > 500ms`, `p99 >1s`, `> 500ms p95` | `histogram_quantile(0.95, sum by (le) (rate(HIST_bucket[W]))) > 0.5` |
//! | `>1s average` | `sum(rate(HIST_sum[W])) / sum(rate(HIST_count[W])) > 1` |
//! | `No requests for 2m`, `service down` | `sum(rate(REQ[2m])) == 0 or absent(REQ)`, `for: 2m` |
//! | `<10% free` | `node_filesystem_avail_bytes / node_filesystem_size_bytes < 0.1` |
//! | `>80% utilized`, `> 90% of pool` | `USED / CAPACITY > 0.8` |
//! | `Hit rate < 80%` | `sum(rate(HITS[W])) / (sum(rate(HITS[W])) + sum(rate(MISSES[W]))) < 0.8` |
//! | `Retries > 100/min` | `sum(rate(C[W])) * 60 > 100` |
//! | `>100/day` (unit ≥ W) | `sum(increase(C[1d])) > 100` |
//! | `Depth > 1000`, `Queue depth > 5000`, `metric > 5`, `== 0` on a gauge row | `GAUGE > 1000` |
//! | a bare gauge name (`sealed`), `sealed == true` | `sealed == 1` |
//! | `Success rate < 90%` | the error ratio `> 0.1` (the same condition), or a ratio gauge |
//! | `S3 error rate > 5%` with a gauge `…_s3_error_rate` declared | `GAUGE > 0.05` (`…_percent` gauges: `> 5`) |
//! | `healthy instances < 2`, `No healthy instances` | `(sum(up{job="JOB"}) or vector(0)) < 2` |
//! | `` `a > 1` AND `b ≠ 0` ``, `` `x = true` `` | `a > 1 and b != 0`, `x == 1` (operators normalized, then parsed) |
//! | `` `any PromQL` `` | as written, after it parses |
//!
//! `for D` at the end of a condition, or a For column, becomes the rule's `for:`;
//! `over D` replaces the rate window.
//!
//! A percentile or average with no latency histogram in the Metrics table binds to the
//! configured `[alerts] latency_histogram`, and an error ratio with no request counter to
//! `[alerts] request_counter`, each with a note (SF-P012) naming the metric the spec should
//! declare. JOB is `[alerts] job`, or the rule group name.

use crate::binding::{self, Bound, Catalog, ConditionError, Kind};
use crate::config::AlertsConfig;
use crate::decimal::Decimal;
use crate::duration::Duration;
use crate::grammar::{self, Cmp, Phrase, PhraseKind};
use crate::promql::{self, BinOp, Expr, LabelRole, MatchOp, Matcher};
use specforge_model::{Code, Metric};

/// A condition cell and its row.
#[derive(Debug, Clone, Copy)]
pub struct ConditionInput<'a> {
    /// The condition as written (markup removed).
    pub text: &'a str,
    /// The metric of the metrics-table row the condition sits in.
    pub row_metric: Option<&'a str>,
    /// The For/Duration cell.
    pub for_column: Option<&'a str>,
    /// The author wrote the condition as inline code: it is PromQL, no guessing.
    pub written_as_code: bool,
}

/// A condition bound to metrics: everything the rule and its unit tests are built from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shape {
    /// Share of 5xx responses.
    ErrorRatio {
        /// The request counter.
        counter: String,
        /// Its status label.
        status_label: String,
        /// Rate window.
        window: Duration,
        /// Comparison.
        cmp: Cmp,
        /// Ratio.
        threshold: Decimal,
    },
    /// A latency quantile from a histogram.
    Percentile {
        /// Histogram base name.
        histogram: String,
        /// 0.95 for p95.
        quantile: Decimal,
        /// Rate window.
        window: Duration,
        /// Comparison.
        cmp: Cmp,
        /// Seconds.
        threshold: Decimal,
    },
    /// Mean latency from a histogram's `_sum` and `_count`.
    Average {
        /// Histogram (or summary) base name.
        histogram: String,
        /// Rate window.
        window: Duration,
        /// Comparison.
        cmp: Cmp,
        /// Seconds.
        threshold: Decimal,
    },
    /// No request counted during the window, or the counter is gone.
    NoTraffic {
        /// The request counter.
        counter: String,
        /// Window.
        window: Duration,
    },
    /// Free share of a filesystem.
    DiskFree {
        /// Available bytes.
        available: String,
        /// Size in bytes.
        size: String,
        /// Comparison.
        cmp: Cmp,
        /// Ratio.
        threshold: Decimal,
    },
    /// A gauge over its capacity gauge.
    Utilization {
        /// In use.
        used: String,
        /// Capacity.
        capacity: String,
        /// Comparison.
        cmp: Cmp,
        /// Ratio.
        threshold: Decimal,
    },
    /// Hits over hits plus misses.
    HitRate {
        /// Hits counter.
        hits: String,
        /// Misses counter.
        misses: String,
        /// Rate window.
        window: Duration,
        /// Comparison.
        cmp: Cmp,
        /// Ratio.
        threshold: Decimal,
    },
    /// A counter's increase per time unit.
    CounterRate {
        /// The counter.
        counter: String,
        /// The unit (`/min` → 1m).
        per: Duration,
        /// Rate window.
        window: Duration,
        /// Comparison.
        cmp: Cmp,
        /// Count per unit.
        threshold: Decimal,
    },
    /// A gauge against a value.
    Threshold {
        /// The gauge.
        metric: String,
        /// Comparison.
        cmp: Cmp,
        /// Value.
        threshold: Decimal,
    },
    /// Instances of a scrape job that are up, against a count.
    HealthyInstances {
        /// The `job` label value of `up`.
        job: String,
        /// Comparison.
        cmp: Cmp,
        /// Count.
        threshold: Decimal,
    },
    /// PromQL written in the spec, used as written.
    Written {
        /// The expression.
        expr: String,
    },
}

/// A compiled condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompiledCondition {
    /// The PromQL expression, checked by the parser.
    pub expr: String,
    /// The rule's `for:`.
    pub for_duration: Option<Duration>,
    /// The bound shape.
    pub shape: Shape,
    /// The metrics the expression reads.
    pub metrics: Vec<String>,
    /// Warnings (SF-P008).
    pub warnings: Vec<ConditionError>,
}

fn cmp_op(cmp: Cmp) -> BinOp {
    match cmp {
        Cmp::Gt => BinOp::Gt,
        Cmp::Ge => BinOp::Ge,
        Cmp::Lt => BinOp::Lt,
        Cmp::Le => BinOp::Le,
        Cmp::Eq => BinOp::Eq,
        Cmp::Ne => BinOp::Ne,
    }
}

impl Shape {
    /// The PromQL expression of a bound shape.
    pub fn expr(&self) -> Option<Expr> {
        let n = |d: &Decimal| Expr::Number(*d);
        Some(match self {
            Shape::ErrorRatio {
                counter,
                status_label,
                window,
                cmp,
                threshold,
            } => {
                let errors = Expr::Selector {
                    name: counter.clone(),
                    matchers: vec![Matcher {
                        label: status_label.clone(),
                        op: MatchOp::Regex,
                        value: "5..".to_owned(),
                    }],
                };
                errors
                    .sum_rate(*window)
                    .bin(BinOp::Div, Expr::metric(counter).sum_rate(*window))
                    .bin(cmp_op(*cmp), n(threshold))
            }
            Shape::Percentile {
                histogram,
                quantile,
                window,
                cmp,
                threshold,
            } => Expr::Call {
                func: "histogram_quantile",
                args: vec![
                    Expr::Number(*quantile),
                    Expr::Sum {
                        by: vec!["le".to_owned()],
                        expr: Box::new(
                            Expr::metric(&format!("{histogram}_bucket"))
                                .range(*window)
                                .call("rate"),
                        ),
                    },
                ],
            }
            .bin(cmp_op(*cmp), n(threshold)),
            Shape::Average {
                histogram,
                window,
                cmp,
                threshold,
            } => Expr::metric(&format!("{histogram}_sum"))
                .sum_rate(*window)
                .bin(
                    BinOp::Div,
                    Expr::metric(&format!("{histogram}_count")).sum_rate(*window),
                )
                .bin(cmp_op(*cmp), n(threshold)),
            Shape::NoTraffic { counter, window } => Expr::metric(counter)
                .sum_rate(*window)
                .bin(BinOp::Eq, Expr::Number(Decimal::ZERO))
                .bin(BinOp::Or, Expr::metric(counter).call("absent")),
            Shape::DiskFree {
                available,
                size,
                cmp,
                threshold,
            } => Expr::metric(available)
                .bin(BinOp::Div, Expr::metric(size))
                .bin(cmp_op(*cmp), n(threshold)),
            Shape::Utilization {
                used,
                capacity,
                cmp,
                threshold,
            } => Expr::metric(used)
                .bin(BinOp::Div, Expr::metric(capacity))
                .bin(cmp_op(*cmp), n(threshold)),
            Shape::HitRate {
                hits,
                misses,
                window,
                cmp,
                threshold,
            } => {
                let h = Expr::metric(hits).sum_rate(*window);
                h.clone()
                    .bin(
                        BinOp::Div,
                        h.bin(BinOp::Add, Expr::metric(misses).sum_rate(*window)),
                    )
                    .bin(cmp_op(*cmp), n(threshold))
            }
            Shape::CounterRate {
                counter,
                per,
                window,
                cmp,
                threshold,
            } => {
                let lhs = if per >= window {
                    Expr::metric(counter).range(*per).call("increase").sum()
                } else {
                    let rate = Expr::metric(counter).sum_rate(*window);
                    let seconds = per.seconds()?;
                    if seconds == Decimal::from_int(1) {
                        rate
                    } else {
                        rate.bin(BinOp::Mul, Expr::Number(seconds))
                    }
                };
                lhs.bin(cmp_op(*cmp), n(threshold))
            }
            Shape::Threshold {
                metric,
                cmp,
                threshold,
            } => Expr::metric(metric).bin(cmp_op(*cmp), n(threshold)),
            Shape::HealthyInstances {
                job,
                cmp,
                threshold,
            } => Expr::Selector {
                name: "up".to_owned(),
                matchers: vec![Matcher {
                    label: "job".to_owned(),
                    op: MatchOp::Equal,
                    value: job.clone(),
                }],
            }
            .sum()
            .bin(
                BinOp::Or,
                Expr::Call {
                    func: "vector",
                    args: vec![Expr::Number(Decimal::ZERO)],
                },
            )
            .bin(cmp_op(*cmp), n(threshold)),
            Shape::Written { .. } => return None,
        })
    }

    /// The metrics the shape reads.
    pub fn metrics(&self) -> Vec<String> {
        match self {
            Shape::ErrorRatio { counter, .. }
            | Shape::NoTraffic { counter, .. }
            | Shape::CounterRate { counter, .. } => vec![counter.clone()],
            Shape::Percentile { histogram, .. } | Shape::Average { histogram, .. } => {
                vec![histogram.clone()]
            }
            Shape::DiskFree {
                available, size, ..
            } => vec![available.clone(), size.clone()],
            Shape::Utilization { used, capacity, .. } => vec![used.clone(), capacity.clone()],
            Shape::HitRate { hits, misses, .. } => vec![hits.clone(), misses.clone()],
            Shape::Threshold { metric, .. } => vec![metric.clone()],
            Shape::HealthyInstances { .. } => vec!["up".to_owned()],
            Shape::Written { expr } => promql::check(expr)
                .map(|e| promql::selected_metrics(&e))
                .unwrap_or_default(),
        }
    }
}

fn not_understood(message: impl Into<String>, help: impl Into<String>) -> ConditionError {
    ConditionError::new(Code::ConditionNotUnderstood, message, help)
}

/// Compiles one condition against the spec's metrics.
pub fn compile_condition(
    input: &ConditionInput<'_>,
    metrics: &[Metric],
    config: &AlertsConfig,
) -> Result<CompiledCondition, ConditionError> {
    compile_condition_in(input, &Catalog::new(metrics), config)
}

/// [`compile_condition`] against a catalog built once for every alert of a spec.
pub fn compile_condition_in(
    input: &ConditionInput<'_>,
    catalog: &Catalog,
    config: &AlertsConfig,
) -> Result<CompiledCondition, ConditionError> {
    let for_column = match input.for_column.map(str::trim).filter(|s| !s.is_empty()) {
        Some(text) => Some(Duration::parse(text).map_err(|e| {
            not_understood(
                format!("the For column: {e}"),
                "write the duration as `5m`, `10 min` or `1h`",
            )
        })?),
        None => None,
    };
    let text = input.text.trim();
    let from_written = |written: Option<Result<(String, Option<Duration>), ConditionError>>,
                        otherwise: ConditionError| match written {
        Some(Ok((expr, own_for))) => {
            let for_duration = merge_for(for_column, own_for)?;
            let shape = Shape::Written { expr: expr.clone() };
            Ok(CompiledCondition {
                metrics: shape.metrics(),
                expr,
                for_duration: for_duration.filter(|d| !d.is_zero()),
                shape,
                warnings: Vec::new(),
            })
        }
        Some(Err(e)) => Err(e),
        None => Err(otherwise),
    };
    if let Some(bare) = bare_metric(text, input, catalog) {
        let shape = bare?;
        return finish(shape, for_column, Vec::new());
    }
    if input.written_as_code {
        let otherwise = not_understood(
            "the code is not PromQL",
            "write PromQL in backticks, or the condition in prose without them",
        );
        return from_written(written(text, catalog, true), otherwise);
    }
    let prose = grammar::parse(text)
        .map_err(|e| not_understood(e.message, e.help))
        .and_then(|phrase| bind(&phrase, input.row_metric, catalog, config));
    match prose {
        Ok((shape, own_for, warnings)) => {
            let for_duration = merge_for(for_column, own_for)?;
            finish(shape, for_duration, warnings)
        }
        // A condition the prose grammar bound but found wrong (an undeclared metric, a
        // percentile on a counter) keeps that finding; one it did not understand may be PromQL.
        Err(prose_error) if prose_error.code != Code::ConditionNotUnderstood => Err(prose_error),
        Err(prose_error) => from_written(written(text, catalog, false), prose_error),
    }
}

/// A condition that is only a metric name (`sealed`, `` `vault_core_sealed` ``): a 0/1 gauge
/// that alerts while it is 1. `None` when the text is not one name; an error when the name
/// is not a gauge the spec declares (or could be, in a spec without a Metrics table).
fn bare_metric(
    text: &str,
    input: &ConditionInput<'_>,
    catalog: &Catalog,
) -> Option<Result<Shape, ConditionError>> {
    let name = text.trim().trim_matches('`').trim();
    if !promql::is_metric_name(name) || input.row_metric.is_some() {
        return None;
    }
    let declared = catalog.get(name);
    let named = input.written_as_code || name.contains(['_', ':']) || declared.is_some();
    if !named {
        return None;
    }
    Some(catalog.named(name).and_then(|bound| match bound.kind {
        Kind::Gauge | Kind::Unknown => Ok(Shape::Threshold {
            metric: bound.name,
            cmp: Cmp::Eq,
            threshold: Decimal::from_int(1),
        }),
        _ => Err(not_understood(
            format!(
                "the condition is only the name `{}`, which is {} and not a 0/1 gauge",
                bound.name,
                bound.kind.article_name()
            ),
            "write a comparison (`> 100/min`, `p95 > 500ms`), or the PromQL in backticks",
        )),
    }))
}

fn merge_for(
    column: Option<Duration>,
    own: Option<Duration>,
) -> Result<Option<Duration>, ConditionError> {
    match (column, own) {
        (Some(c), Some(o)) if c != o => Err(not_understood(
            format!("the For column says `{c}` and the condition says `for {o}`"),
            "keep one of the two durations",
        )),
        (Some(c), _) => Ok(Some(c)),
        (None, o) => Ok(o),
    }
}

fn finish(
    shape: Shape,
    for_duration: Option<Duration>,
    warnings: Vec<ConditionError>,
) -> Result<CompiledCondition, ConditionError> {
    let expr = shape
        .expr()
        .ok_or_else(|| not_understood("a duration is too long to express", ""))?
        .to_string();
    if let Err(e) = promql::check(&expr) {
        return Err(ConditionError::new(
            Code::InvalidPromql,
            format!("specforge built PromQL that does not parse (`{expr}`): {e}"),
            "this is a specforge bug; write the PromQL in backticks meanwhile",
        ));
    }
    Ok(CompiledCondition {
        expr,
        metrics: shape.metrics(),
        for_duration: for_duration.filter(|d| !d.is_zero()),
        shape,
        warnings,
    })
}

/// True when text is certainly PromQL rather than prose: it calls a function (`rate(`),
/// selects labels (`{`) or takes a range (`[`).
fn looks_like_promql(text: &str) -> bool {
    let called = text.char_indices().any(|(i, c)| {
        c == '(' && text[..i].ends_with(|p: char| p.is_ascii_alphanumeric() || p == '_')
    });
    called || text.contains(['{', '['])
}

/// PromQL as written: `Some(Ok)` when it parses and uses known metrics, `Some(Err)` when it
/// is PromQL that is wrong, `None` when it is not PromQL at all. `certain` (the author wrote
/// it as code) skips the guessing: what does not parse is wrong PromQL.
fn written(
    text: &str,
    catalog: &Catalog,
    certain: bool,
) -> Option<Result<(String, Option<Duration>), ConditionError>> {
    let (body, own_for) = split_for(text);
    let normalized = promql::normalize(body);
    let body = normalized.as_str();
    let parsed = promql::check(body);
    let expr = match parsed {
        Ok(expr) => expr,
        Err(message) => {
            if certain || looks_like_promql(body) {
                return Some(Err(ConditionError::new(
                    Code::InvalidPromql,
                    format!("the PromQL `{body}` does not parse: {message}"),
                    "fix the expression (check it with `promtool check rules`), or write the condition in prose",
                )));
            }
            return None;
        }
    };
    let names = promql::selected_metrics(&expr);
    let metric_like = |n: &String| n.contains(['_', ':']) || n == "up" || catalog.covers(n);
    // Without a function call, matcher or range, `Depth > 1000` and `p95 == 1s` would parse
    // too: such text is PromQL only when every name it selects is a metric name.
    if !certain && !looks_like_promql(body) && !names.iter().all(metric_like) {
        return None;
    }
    if !catalog.is_empty()
        && let Some(missing) = names.iter().find(|n| !catalog.covers(n))
    {
        return Some(Err(ConditionError::new(
            Code::UndeclaredMetric,
            format!("the PromQL uses `{missing}`, which the Metrics table does not declare"),
            format!(
                "declare `{missing}` in the Metrics table, or use one of the {}",
                catalog.listing()
            ),
        )));
    }
    if let Some(finding) = undeclared_label(&expr, catalog) {
        return Some(Err(finding));
    }
    Some(Ok((body.trim().to_owned(), own_for)))
}

/// A metric's Labels cell as a list, trimmed of the backticks and spaces a cell may leave.
fn listed_labels(metric: &Bound) -> Vec<&str> {
    metric
        .labels
        .iter()
        .map(|l| l.trim().trim_matches('`').trim())
        .filter(|l| !l.is_empty())
        .collect()
}

/// What the Metrics table says about one label on one selected series.
enum LabelVerdict<'a> {
    /// The metric's Labels cell lists it, or Prometheus adds it (`le` on `_bucket`, `quantile`
    /// on a summary).
    Listed,
    /// Nothing can be said: the series is not a declared metric's, or its row lists no labels.
    Unknown,
    /// The row lists labels, and not this one.
    Missing {
        metric: &'a Bound,
        series: &'a str,
        listed: Vec<&'a str>,
    },
}

fn label_verdict<'a>(catalog: &'a Catalog, series: &'a str, label: &str) -> LabelVerdict<'a> {
    let Some((metric, suffix)) = catalog.series(series) else {
        return LabelVerdict::Unknown;
    };
    let listed = listed_labels(metric);
    if listed.is_empty() {
        // An empty Labels cell (or none) means the table does not list labels: never flagged.
        return LabelVerdict::Unknown;
    }
    // Case-sensitive, as Prometheus compares label names.
    // `job` and `instance` are attached by Prometheus to every scraped series; specs do not
    // list them.
    let added_by_prometheus = matches!(label, "job" | "instance")
        || match suffix {
            Some("_bucket") => label == "le",
            None => label == "quantile" && matches!(metric.kind, Kind::Summary | Kind::Unknown),
            Some(_) => false,
        };
    if added_by_prometheus || listed.contains(&label) {
        LabelVerdict::Listed
    } else {
        LabelVerdict::Missing {
            metric,
            series,
            listed,
        }
    }
}

/// SF-P011: the first label the PromQL names (in a matcher, or in `by`/`without`/`on`/
/// `ignoring`/`group_left`/`group_right`) that the Metrics table does not list for the metric
/// it applies to. Only metrics whose row lists labels are judged.
///
/// Prose conditions need no such check: the only label a prose shape matches on is the error
/// ratio's status label, which [`binding::status_label`] takes from the counter's declared
/// labels (the configured one only when the row lists none, which is never flagged), and the
/// only grouping is the percentile's `by (le)` on `_bucket` series, where `le` is always
/// allowed. A unit test holds every prose shape to this check.
fn undeclared_label(
    expr: &promql_parser::parser::Expr,
    catalog: &Catalog,
) -> Option<ConditionError> {
    let uses = promql::used_labels(expr);
    for u in &uses.uses {
        // `label_replace`, `label_join` and `count_values` make a label of the expression's
        // own, and a `by`/`on`/… clause may name that label rather than a metric's. Telling
        // which is more than this check does: for such an expression only the selectors'
        // matchers (which read stored series) are checked, and every grouping label is skipped.
        if uses.makes_labels && u.role.is_grouping() {
            continue;
        }
        let verdicts: Vec<LabelVerdict<'_>> = u
            .series
            .iter()
            .map(|series| label_verdict(catalog, series, &u.label))
            .collect();
        // `ignoring` needs the label on one side only; every other use needs it on each series.
        let flagged = if u.role == LabelRole::Ignoring
            && verdicts
                .iter()
                .any(|v| !matches!(v, LabelVerdict::Missing { .. }))
        {
            None
        } else {
            verdicts.into_iter().find_map(|v| match v {
                LabelVerdict::Missing {
                    metric,
                    series,
                    listed,
                } => Some((metric, series, listed)),
                LabelVerdict::Listed | LabelVerdict::Unknown => None,
            })
        };
        if let Some((metric, series, listed)) = flagged {
            let label = &u.label;
            let of = if series == metric.name {
                format!("`{series}`")
            } else {
                format!("`{}` (series `{series}`)", metric.name)
            };
            return Some(ConditionError::new(
                Code::UndeclaredLabel,
                format!(
                    "the PromQL {} label `{label}` of {of}, which the Metrics table does not list (it lists: {})",
                    u.role.verb(),
                    listed.join(", ")
                ),
                format!("add `{label}` to the metric's Labels cell, or fix the label name"),
            ));
        }
    }
    None
}

/// Splits a trailing `for D` off PromQL written with prose around it.
fn split_for(text: &str) -> (&str, Option<Duration>) {
    let trimmed = text.trim_end();
    if let Some(at) = trimmed.rfind(" for ")
        && let Ok(d) = Duration::parse(&trimmed[at + 5..])
    {
        return (trimmed[..at].trim_end(), Some(d));
    }
    (trimmed, None)
}

type Bind = (Shape, Option<Duration>, Vec<ConditionError>);

fn identifiers(phrase: &Phrase) -> (Vec<String>, Vec<String>) {
    let mut names = Vec::new();
    let mut words = Vec::new();
    for w in &phrase.subject {
        if w.text.contains(['_', ':', '.']) {
            names.push(w.text.clone());
        } else {
            words.push(w.lower.clone());
        }
    }
    (names, words)
}

/// Binds a subject to one metric: a named metric, the row's metric, or the words.
fn subject_metric(
    phrase: &Phrase,
    row_metric: Option<&str>,
    catalog: &Catalog,
    what: &str,
    accept: impl Fn(Kind) -> bool,
    default: Option<&dyn Fn() -> Result<Bound, ConditionError>>,
) -> Result<Bound, ConditionError> {
    let (names, words) = identifiers(phrase);
    match names.as_slice() {
        [] => {}
        [one] => {
            let bound = catalog.named(one)?;
            return check_words(&bound, &words).map(|()| bound);
        }
        many => {
            return Err(not_understood(
                format!("the condition names several metrics ({})", many.join(", ")),
                "write the PromQL in backticks",
            ));
        }
    }
    if let Some(row) = row_metric {
        let bound = catalog.named(row)?;
        return check_words(&bound, &words).map(|()| bound);
    }
    if !words.is_empty() {
        return catalog.by_words(&words, what, accept);
    }
    match default {
        Some(f) => f(),
        None => Err(not_understood(
            format!("the condition does not say which {what} it is about"),
            format!(
                "name the metric in the condition (`queue_depth > 1000`); {}",
                catalog.listing()
            ),
        )),
    }
}

fn check_words(bound: &Bound, words: &[String]) -> Result<(), ConditionError> {
    let stray: Vec<&String> = words
        .iter()
        .filter(|w| !binding::word_in_name(w, &bound.name))
        .collect();
    if stray.is_empty() {
        Ok(())
    } else {
        Err(not_understood(
            format!(
                "the words `{}` were not understood: they are not part of `{}`",
                stray
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
                bound.name
            ),
            grammar::FIX,
        ))
    }
}

/// The ratio gauge an error or success ratio speaks of (`S3 error rate > 5%` with
/// `gl_s3_error_rate` declared) and the factor of its unit: 1 for a ratio, 100 for a
/// `…_percent` gauge. Only for conditions that name no metric and sit in no metric row.
fn ratio_gauge(
    phrase: &Phrase,
    row_metric: Option<&str>,
    catalog: &Catalog,
) -> Option<(Bound, i64)> {
    let (names, mut words) = identifiers(phrase);
    if row_metric.is_some() || !names.is_empty() {
        return None;
    }
    words.retain(|w| !matches!(w.as_str(), "rate" | "ratio" | "percentage" | "of"));
    words.push(
        if phrase.kind == PhraseKind::SuccessRatio {
            "success"
        } else {
            "error"
        }
        .to_owned(),
    );
    let gauge = catalog.ratio_gauge(&words)?;
    let percent = binding::name_tokens(&gauge.name)
        .last()
        .is_some_and(|t| matches!(t.as_str(), "percent" | "percentage" | "pct"));
    Some((gauge, if percent { 100 } else { 1 }))
}

/// SF-P012: the condition bound to a configured metric the spec's Metrics table does not
/// declare (a spec without a Metrics table binds to the configuration silently).
fn note_configured(
    bound: &Bound,
    catalog: &Catalog,
    setting: &str,
    notes: &mut Vec<ConditionError>,
) {
    if catalog.is_empty() || catalog.get(&bound.name).is_some() {
        return;
    }
    notes.push(ConditionError::new(
        Code::ConfiguredMetricUsed,
        format!(
            "the Metrics table declares no metric for this condition, so it reads `{}` (`[alerts] {setting}`)",
            bound.name
        ),
        format!(
            "declare `{}` (or the metric the service exports) in the Metrics table, or set `[alerts] {setting}`",
            bound.name
        ),
    ));
}

fn bind(
    phrase: &Phrase,
    row_metric: Option<&str>,
    catalog: &Catalog,
    config: &AlertsConfig,
) -> Result<Bind, ConditionError> {
    let window = phrase.window.unwrap_or(config.rate_window);
    let cmp = phrase.cmp;
    let threshold = phrase.threshold;
    let mut warnings = Vec::new();
    let shape = match &phrase.kind {
        PhraseKind::ErrorRatio | PhraseKind::SuccessRatio
            if ratio_gauge(phrase, row_metric, catalog).is_some() =>
        {
            let (gauge, scale) = ratio_gauge(phrase, row_metric, catalog)
                .ok_or_else(|| not_understood("internal: ratio gauge expected", ""))?;
            Shape::Threshold {
                metric: gauge.name,
                cmp,
                threshold: threshold
                    .mul_int(scale)
                    .ok_or_else(|| not_understood("the threshold is too large", ""))?,
            }
        }
        PhraseKind::ErrorRatio | PhraseKind::SuccessRatio => {
            // A success ratio below T is the error ratio above 1 - T: the same condition.
            let (cmp, threshold) = if phrase.kind == PhraseKind::SuccessRatio {
                let complement = threshold
                    .mul_int(-1)
                    .and_then(|t| t.add_int(1))
                    .ok_or_else(|| not_understood("the threshold is too large", ""))?;
                (cmp.reversed(), complement)
            } else {
                (cmp, threshold)
            };
            let default = || catalog.request_counter(config);
            let counter = subject_metric(
                phrase,
                row_metric,
                catalog,
                "request counter",
                |k| matches!(k, Kind::Counter | Kind::Unknown),
                Some(&default),
            )?;
            binding::expect_kind(
                &counter,
                &[Kind::Counter],
                Code::ConditionNotUnderstood,
                "an error ratio needs a request counter",
                "bind the condition to a Counter with a `status` label",
            )?;
            let status_label = binding::status_label(&counter, config)?;
            note_configured(&counter, catalog, "request_counter", &mut warnings);
            Shape::ErrorRatio {
                counter: counter.name,
                status_label,
                window,
                cmp,
                threshold,
            }
        }
        PhraseKind::Percentile { quantile } => {
            let default = || catalog.latency_histogram(config);
            let histogram = subject_metric(
                phrase,
                row_metric,
                catalog,
                "histogram",
                |k| matches!(k, Kind::Histogram | Kind::Unknown),
                Some(&default),
            )?;
            binding::expect_kind(
                &histogram,
                &[Kind::Histogram],
                Code::PercentileOnNonHistogram,
                "a percentile needs a histogram's buckets",
                "bind the percentile to a Histogram from the Metrics table, or write the PromQL in backticks",
            )?;
            note_configured(&histogram, catalog, "latency_histogram", &mut warnings);
            if let Some(buckets) = &histogram.buckets
                && !buckets.contains(&threshold)
            {
                warnings.push(ConditionError::new(
                        Code::ThresholdNotABucket,
                        format!(
                            "the threshold `{}` is not a bucket boundary of `{}` ({}), so the quantile there is interpolated",
                            phrase.threshold_text,
                            histogram.name,
                            buckets
                                .iter()
                                .map(|b| b.to_string())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                        "use a bucket boundary as the threshold, or add the threshold to the buckets",
                    ));
            }
            Shape::Percentile {
                histogram: histogram.name,
                quantile: *quantile,
                window,
                cmp,
                threshold,
            }
        }
        PhraseKind::Average => {
            let default = || catalog.latency_histogram(config);
            let histogram = subject_metric(
                phrase,
                row_metric,
                catalog,
                "histogram",
                |k| matches!(k, Kind::Histogram | Kind::Summary | Kind::Unknown),
                Some(&default),
            )?;
            binding::expect_kind(
                &histogram,
                &[Kind::Histogram, Kind::Summary],
                Code::PercentileOnNonHistogram,
                "an average latency needs a histogram's `_sum` and `_count`",
                "bind the average to a Histogram from the Metrics table, or write the PromQL in backticks",
            )?;
            note_configured(&histogram, catalog, "latency_histogram", &mut warnings);
            Shape::Average {
                histogram: histogram.name,
                window,
                cmp,
                threshold,
            }
        }
        PhraseKind::NoTraffic => {
            let counter = match row_metric {
                Some(row) => catalog.named(row)?,
                None => catalog.request_counter(config)?,
            };
            binding::expect_kind(
                &counter,
                &[Kind::Counter],
                Code::ConditionNotUnderstood,
                "a no-traffic condition needs a request counter",
                "bind the condition to a Counter",
            )?;
            note_configured(&counter, catalog, "request_counter", &mut warnings);
            return Ok((
                Shape::NoTraffic {
                    counter: counter.name,
                    window,
                },
                phrase.window,
                warnings,
            ));
        }
        PhraseKind::HealthyInstances => Shape::HealthyInstances {
            job: config.job.clone().unwrap_or_else(|| "specforge".to_owned()),
            cmp,
            threshold,
        },
        PhraseKind::DiskFree => Shape::DiskFree {
            available: config.disk_available_metric.clone(),
            size: config.disk_size_metric.clone(),
            cmp,
            threshold,
        },
        PhraseKind::Utilization => {
            let (names, words) = identifiers(phrase);
            if !names.is_empty() {
                return Err(not_understood(
                    "a utilization names its gauge by words (`> 90% of pool`), not by metric name",
                    "write the PromQL in backticks (`used / capacity > 0.9`)",
                ));
            }
            let pairs: Vec<(Bound, Bound)> = catalog
                .capacity_pairs()
                .into_iter()
                .filter(|(u, _)| row_metric.is_none_or(|r| u.name == r))
                .filter(|(u, _)| words.iter().all(|w| binding::word_in_name(w, &u.name)))
                .collect();
            match pairs.as_slice() {
                [(used, cap)] => Shape::Utilization {
                    used: used.name.clone(),
                    capacity: cap.name.clone(),
                    cmp,
                    threshold,
                },
                [] => {
                    return Err(not_understood(
                        format!(
                            "a utilization needs a gauge of what is in use and its capacity gauge{} (like `db_pool_connections_in_use` and `db_pool_connections_max`), and none was found ({})",
                            if words.is_empty() {
                                String::new()
                            } else {
                                format!(" for `{}`", words.join(" "))
                            },
                            catalog.listing()
                        ),
                        "declare both gauges in the Metrics table, or write the PromQL in backticks",
                    ));
                }
                many => {
                    return Err(not_understood(
                        format!(
                            "the utilization could mean {}",
                            many.iter()
                                .map(|(u, c)| format!("`{}` / `{}`", u.name, c.name))
                                .collect::<Vec<_>>()
                                .join(" or ")
                        ),
                        "say which (`> 90% of pool`), or write the PromQL in backticks",
                    ));
                }
            }
        }
        PhraseKind::HitRate => {
            let (names, words) = identifiers(phrase);
            let hits = if let [one] = names.as_slice() {
                catalog.named(one)?
            } else if let Some(row) = row_metric {
                catalog.named(row)?
            } else {
                let candidates: Vec<Bound> = catalog
                    .hit_counters()
                    .into_iter()
                    .filter(|h| words.iter().all(|w| binding::word_in_name(w, &h.name)))
                    .collect();
                match candidates.as_slice() {
                    [one] => one.clone(),
                    [] => {
                        return Err(not_understood(
                            format!(
                                "a hit rate needs a counter of hits (like `cache_hits_total`), and none was found ({})",
                                catalog.listing()
                            ),
                            "declare the hits and misses counters in the Metrics table, or write the PromQL in backticks",
                        ));
                    }
                    many => {
                        return Err(not_understood(
                            format!(
                                "the hit rate could mean {}",
                                many.iter()
                                    .map(|h| format!("`{}`", h.name))
                                    .collect::<Vec<_>>()
                                    .join(" or ")
                            ),
                            "say which (`cache hit rate < 80%`), or write the PromQL in backticks",
                        ));
                    }
                }
            };
            binding::expect_kind(
                &hits,
                &[Kind::Counter],
                Code::ConditionNotUnderstood,
                "a hit rate needs a counter of hits",
                "bind the hit rate to a Counter",
            )?;
            let misses_name = binding::misses_name(&hits.name);
            if misses_name == hits.name {
                return Err(not_understood(
                    format!(
                        "`{}` does not say `hits`, so its misses counter cannot be found",
                        hits.name
                    ),
                    "write the PromQL in backticks",
                ));
            }
            let misses = catalog.named(&misses_name).map_err(|e| {
                ConditionError::new(
                    e.code,
                    format!(
                        "a hit rate needs the misses counter `{misses_name}` next to `{}`, and the Metrics table does not declare it",
                        hits.name
                    ),
                    format!("declare `{misses_name}` in the Metrics table, or write the PromQL in backticks"),
                )
            })?;
            Shape::HitRate {
                hits: hits.name,
                misses: misses.name,
                window,
                cmp,
                threshold,
            }
        }
        PhraseKind::CounterRate { per } => {
            let counter = subject_metric(
                phrase,
                row_metric,
                catalog,
                "counter",
                |k| matches!(k, Kind::Counter | Kind::Unknown),
                None,
            )?;
            binding::expect_kind(
                &counter,
                &[Kind::Counter],
                Code::ConditionNotUnderstood,
                "a count per time unit needs a counter",
                "write a plain threshold for a gauge (`> 100`), or the PromQL in backticks",
            )?;
            Shape::CounterRate {
                counter: counter.name,
                per: *per,
                window,
                cmp,
                threshold,
            }
        }
        PhraseKind::Threshold => {
            let metric = subject_metric(
                phrase,
                row_metric,
                catalog,
                "gauge",
                |k| matches!(k, Kind::Gauge | Kind::Unknown),
                None,
            )?;
            match metric.kind {
                Kind::Counter => {
                    return Err(not_understood(
                        format!(
                            "`{}` is a counter: its value only grows, so a threshold on it fires forever once crossed",
                            metric.name
                        ),
                        "write a count per time unit (`> 100/min`), or the PromQL in backticks",
                    ));
                }
                Kind::Histogram | Kind::Summary => {
                    return Err(not_understood(
                        format!(
                            "`{}` is a histogram: a plain threshold does not say which statistic it bounds",
                            metric.name
                        ),
                        "write a percentile (`p95 > 500ms`) or an average (`> 1s average`)",
                    ));
                }
                _ => {}
            }
            Shape::Threshold {
                metric: metric.name,
                cmp,
                threshold,
            }
        }
    };
    Ok((shape, phrase.for_duration, warnings))
}

#[cfg(test)]
mod tests {
    use super::*;
    use specforge_model::{MetricKind, Span, Spanned};

    fn metric(name: &str, kind: MetricKind, labels: &[&str]) -> Metric {
        Metric {
            name: Spanned::new(name.to_owned(), Span::default()),
            kind: Some(kind),
            kind_text: None,
            labels: labels.iter().map(|l| (*l).to_owned()).collect(),
            buckets: None,
            description: None,
            span: Span::default(),
        }
    }

    fn metrics() -> Vec<Metric> {
        vec![
            metric(
                "http_requests_total",
                MetricKind::Counter,
                &["method", "status"],
            ),
            metric("lat_seconds", MetricKind::Histogram, &["route"]),
            metric("rpc_seconds", MetricKind::Summary, &["service"]),
            metric("errors_total", MetricKind::Counter, &["code"]),
            metric("requests_total", MetricKind::Counter, &["method"]),
            metric("team_info", MetricKind::Gauge, &["owner"]),
            metric("unlisted_total", MetricKind::Counter, &[]),
            metric(
                "ticked_total",
                MetricKind::Counter,
                &["`method`", " status "],
            ),
        ]
    }

    fn compile_code(text: &str, written_as_code: bool) -> Result<String, ConditionError> {
        let input = ConditionInput {
            text,
            row_metric: None,
            for_column: None,
            written_as_code,
        };
        compile_condition(&input, &metrics(), &AlertsConfig::default()).map(|c| c.expr)
    }

    #[track_caller]
    fn accepted(text: &str) {
        if let Err(e) = compile_code(text, true) {
            panic!("{text}: {e:?}");
        }
    }

    #[track_caller]
    fn flagged(text: &str) -> String {
        match compile_code(text, true) {
            Ok(expr) => panic!("{text} compiled to {expr}"),
            Err(e) => {
                assert_eq!(e.code, Code::UndeclaredLabel, "{text}: {}", e.message);
                e.message
            }
        }
    }

    #[test]
    fn an_unlisted_matcher_label_is_sf_p011() {
        let text = r#"sum(rate(http_requests_total{region="eu"}[5m])) > 1"#;
        let Err(e) = compile_code(text, true) else {
            panic!("{text} compiled");
        };
        assert_eq!(e.code, Code::UndeclaredLabel);
        assert_eq!(e.code.as_str(), "SF-P011");
        assert_eq!(
            e.message,
            "the PromQL matches on label `region` of `http_requests_total`, which the Metrics table does not list (it lists: method, status)"
        );
        assert_eq!(
            e.help,
            "add `region` to the metric's Labels cell, or fix the label name"
        );
        // PromQL found after the prose grammar gave up is checked the same way.
        let Err(e) = compile_code(text, false) else {
            panic!("{text} compiled");
        };
        assert_eq!(e.code, Code::UndeclaredLabel);
    }

    #[test]
    fn grouping_and_matching_labels_are_checked() {
        assert_eq!(
            flagged("sum by (region) (rate(http_requests_total[5m])) > 1"),
            "the PromQL groups by label `region` of `http_requests_total`, which the Metrics table does not list (it lists: method, status)"
        );
        assert_eq!(
            flagged("max without (pod) (rate(requests_total[5m])) > 1"),
            "the PromQL aggregates without label `pod` of `requests_total`, which the Metrics table does not list (it lists: method)"
        );
        assert_eq!(
            flagged("rate(errors_total[5m]) / on (code) rate(requests_total[5m]) > 0.1"),
            "the PromQL joins on label `code` of `requests_total`, which the Metrics table does not list (it lists: method)"
        );
        assert_eq!(
            flagged("rate(errors_total[5m]) / ignoring (zone) rate(requests_total[5m]) > 0.1"),
            "the PromQL ignores label `zone` of `errors_total`, which the Metrics table does not list (it lists: code)"
        );
        assert_eq!(
            flagged("rate(requests_total[5m]) * on (method) group_left (team) team_info > 1"),
            "the PromQL joins on label `method` of `team_info`, which the Metrics table does not list (it lists: owner)"
        );
        assert_eq!(
            flagged("rate(requests_total[5m]) * ignoring (method) group_left (team) team_info > 1"),
            "the PromQL copies with group_left label `team` of `team_info`, which the Metrics table does not list (it lists: owner)"
        );
        // Label names compare case-sensitively, as in Prometheus.
        assert_eq!(
            flagged(r#"http_requests_total{Method="GET"} > 1"#),
            "the PromQL matches on label `Method` of `http_requests_total`, which the Metrics table does not list (it lists: method, status)"
        );
    }

    #[test]
    fn listed_labels_pass() {
        accepted(
            r#"sum by (method) (rate(http_requests_total{status=~"5..", method!="GET"}[5m])) > 1"#,
        );
        // `ignoring` needs the label on one side only.
        accepted(
            r#"rate(errors_total{code="500"}[5m]) / ignoring (code) rate(requests_total[5m]) > 0.01"#,
        );
        accepted("rate(requests_total[5m]) * ignoring (method) group_left (owner) team_info > 1");
        // Backticks and spaces left in a Labels cell are trimmed.
        accepted(r#"ticked_total{method="GET", status="500"} > 1"#);
        // Target labels Prometheus adds at scrape time.
        accepted(r#"sum by (job, instance) (rate(http_requests_total[5m])) > 1"#);
    }

    #[test]
    fn an_empty_labels_list_is_never_flagged() {
        accepted(r#"sum by (anything) (rate(unlisted_total{whatever="x"}[5m])) > 1"#);
        // Nor is a metric the table cannot speak for (`up`), nor a spec without metrics.
        accepted(r#"up{job="api"} == 0"#);
        let input = ConditionInput {
            text: r#"rate(x_total{region="eu"}[5m]) > 1"#,
            row_metric: None,
            for_column: None,
            written_as_code: true,
        };
        assert!(compile_condition(&input, &[], &AlertsConfig::default()).is_ok());
    }

    #[test]
    fn histogram_series_belong_to_their_metric() {
        accepted(
            r#"histogram_quantile(0.95, sum by (le, route) (rate(lat_seconds_bucket{le!="+Inf"}[5m]))) > 0.5"#,
        );
        accepted("sum(rate(lat_seconds_sum[5m])) / sum(rate(lat_seconds_count[5m])) > 1");
        accepted(r#"rpc_seconds{quantile="0.99"} > 1"#);
        // `le` is on `_bucket` series only.
        assert_eq!(
            flagged("sum by (le) (rate(lat_seconds_count[5m])) > 1"),
            "the PromQL groups by label `le` of `lat_seconds` (series `lat_seconds_count`), which the Metrics table does not list (it lists: route)"
        );
        assert_eq!(
            flagged(r#"sum(rate(lat_seconds_bucket{region="eu"}[5m])) > 1"#),
            "the PromQL matches on label `region` of `lat_seconds` (series `lat_seconds_bucket`), which the Metrics table does not list (it lists: route)"
        );
    }

    #[test]
    fn label_makers_skip_the_grouping_check_only() {
        accepted(
            r#"sum by (svc) (label_replace(rate(requests_total[5m]), "svc", "$1", "method", "(.*)")) > 1"#,
        );
        accepted(r#"sum by (key) (label_join(requests_total, "key", "-", "method")) > 1"#);
        // Matchers read stored series: still checked.
        assert_eq!(
            flagged(
                r#"sum by (svc) (label_replace(rate(requests_total{region="eu"}[5m]), "svc", "$1", "method", "(.*)")) > 1"#
            ),
            "the PromQL matches on label `region` of `requests_total`, which the Metrics table does not list (it lists: method)"
        );
    }

    #[test]
    fn an_undeclared_metric_is_reported_before_its_labels() {
        let Err(e) = compile_code(r#"rate(ghost_total{region="eu"}[5m]) > 1"#, true) else {
            panic!("compiled");
        };
        assert_eq!(e.code, Code::UndeclaredMetric);
    }

    /// The prose shapes match and group only on labels the table lists (or that Prometheus
    /// adds): see [`undeclared_label`].
    #[test]
    fn prose_shapes_use_only_listed_labels() {
        let metrics = vec![
            metric(
                "api_requests_total",
                MetricKind::Counter,
                &["method", "code"],
            ),
            metric(
                "api_request_duration_seconds",
                MetricKind::Histogram,
                &["route"],
            ),
            metric("db_pool_connections_in_use", MetricKind::Gauge, &["pool"]),
            metric("db_pool_connections_max", MetricKind::Gauge, &["pool"]),
            metric("cache_hits_total", MetricKind::Counter, &["cache"]),
            metric("cache_misses_total", MetricKind::Counter, &["cache"]),
            metric("job_retries_total", MetricKind::Counter, &["reason"]),
            metric("queue_depth", MetricKind::Gauge, &["queue"]),
        ];
        let catalog = Catalog::new(&metrics);
        for text in [
            "> 1% errors",
            "p95 > 500ms",
            "> 1s average",
            "No requests for 2m",
            "> 90% of pool",
            "Hit rate < 80%",
            "job_retries_total > 100/min",
            "queue_depth > 5000",
            "<10% free",
        ] {
            let input = ConditionInput {
                text,
                row_metric: None,
                for_column: None,
                written_as_code: false,
            };
            let compiled = compile_condition(&input, &metrics, &AlertsConfig::default())
                .unwrap_or_else(|e| panic!("{text}: {e:?}"));
            assert!(
                !matches!(compiled.shape, Shape::Written { .. }),
                "{text}: not a prose shape"
            );
            let parsed = promql::check(&compiled.expr).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(
                undeclared_label(&parsed, &catalog),
                None,
                "{text}: {}",
                compiled.expr
            );
            if text == "> 1% errors" {
                // The status label is the declared one, not the configured `status`.
                assert!(
                    compiled.expr.contains(r#"{code=~"5.."}"#),
                    "{}",
                    compiled.expr
                );
            }
        }
    }
}
