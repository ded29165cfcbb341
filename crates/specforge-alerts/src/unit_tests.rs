//! `alerts.test.yaml`: `promtool test rules` cases for every alert of a known shape.
//!
//! Each alert gets two test groups, evaluated every minute from synthetic series that start
//! at zero:
//! * **fires**: series that put the condition clearly past its threshold (twice the ratio,
//!   twice the latency, one above a gauge threshold); at `eval_time` (window + `for` + 2m)
//!   the alert is firing with exactly the rule's labels (plus the series' own labels that
//!   survive the expression) and its annotations as Prometheus renders them, which is the
//!   spec text as written;
//! * **stays quiet**: series on the safe side (half the ratio, at a gauge threshold itself
//!   for `>`), and no alert at `eval_time`.
//!
//! Series values are computed with exact decimals. Rules that look back or wait more than
//! two days get no test (the series would be too long). A threshold that cannot be crossed (`>
//! 100%`) or cannot be kept (`>= 0%`) gets no test, and PromQL written in the spec has no
//! known shape, so it gets none either (promtool still checks it).

use crate::condition::Shape;
use crate::decimal::Decimal;
use crate::duration::Duration;
use crate::grammar::Cmp;
use crate::promql::{Expr, MatchOp, Matcher};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Rules whose test would need more than two days of one-minute samples get no test.
pub const MAX_TEST_MINUTES: u64 = 2 * 24 * 60 + 10;

/// A promtool test file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestFile {
    /// The rule files under test.
    pub rule_files: Vec<String>,
    /// How often rules are evaluated.
    pub evaluation_interval: String,
    /// Test groups.
    pub tests: Vec<TestGroup>,
}

/// One promtool test group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestGroup {
    /// What the group shows.
    pub name: String,
    /// Sample interval of the input series.
    pub interval: String,
    /// Input series.
    pub input_series: Vec<Series>,
    /// Expectations.
    pub alert_rule_test: Vec<AlertTest>,
}

/// An input series.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Series {
    /// `metric{label="value"}`.
    pub series: String,
    /// Expanding notation: `0+10x20`.
    pub values: String,
}

/// An expectation about one alert at one time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertTest {
    /// When.
    pub eval_time: String,
    /// Which alert.
    pub alertname: String,
    /// The firing alerts expected (none for a quiet case).
    pub exp_alerts: Vec<ExpectedAlert>,
}

/// One expected firing alert.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpectedAlert {
    /// Exact labels.
    pub exp_labels: BTreeMap<String, String>,
    /// Exact rendered annotations.
    pub exp_annotations: BTreeMap<String, String>,
}

/// What the test generator needs about one emitted rule.
#[derive(Debug, Clone)]
pub struct RuleUnderTest<'a> {
    /// The `alert:` name.
    pub alert: &'a str,
    /// The bound shape.
    pub shape: &'a Shape,
    /// The rule's `for:`.
    pub for_duration: Option<Duration>,
    /// The rule's labels as Prometheus renders them.
    pub labels: BTreeMap<String, String>,
    /// The annotations as Prometheus renders them.
    pub annotations: BTreeMap<String, String>,
}

/// A series that grows by `step` every minute (a counter) or stays at `step` (a gauge).
#[derive(Debug, Clone)]
struct Input {
    selector: Expr,
    start: Decimal,
    step: Decimal,
}

fn counter(name: &str, step: i64) -> Input {
    counter_dec(name, Decimal::from_int(step))
}

fn counter_dec(name: &str, step: Decimal) -> Input {
    Input {
        selector: Expr::metric(name),
        start: Decimal::ZERO,
        step,
    }
}

fn gauge(selector: Expr, value: Decimal) -> Input {
    Input {
        selector,
        start: value,
        step: Decimal::ZERO,
    }
}

fn with_label(mut input: Input, label: &str, value: &str) -> Input {
    if let Expr::Selector { matchers, .. } = &mut input.selector {
        matchers.push(Matcher {
            label: label.to_owned(),
            op: MatchOp::Equal,
            value: value.to_owned(),
        });
    }
    input
}

/// `(numerator, denominator)` pairs giving a ratio that fires and one that stays quiet.
fn ratio_cases(threshold: Decimal, cmp: Cmp) -> Option<((i64, i64), (i64, i64))> {
    let (a, scale) = threshold.parts();
    if scale > 12 {
        return None;
    }
    let a = i64::try_from(a).ok()?;
    let d = 10i64.checked_pow(scale)?;
    let above = if a == 0 { (1, 1) } else { ((2 * a).min(d), d) };
    let below = (a, 2 * d);
    let (fire, quiet) = if cmp.is_upper() {
        (above, below)
    } else {
        (below, above)
    };
    let holds = |(n, m): (i64, i64)| {
        // Compare n/m with a/d exactly: n*d against a*m.
        let (l, r) = (i128::from(n) * i128::from(d), i128::from(a) * i128::from(m));
        match cmp {
            Cmp::Gt => l > r,
            Cmp::Ge => l >= r,
            Cmp::Lt => l < r,
            Cmp::Le => l <= r,
            Cmp::Eq => l == r,
            Cmp::Ne => l != r,
        }
    };
    (holds(fire) && !holds(quiet)).then_some((fire, quiet))
}

fn holds(value: Decimal, cmp: Cmp, threshold: Decimal) -> bool {
    match cmp {
        Cmp::Gt => value > threshold,
        Cmp::Ge => value >= threshold,
        Cmp::Lt => value < threshold,
        Cmp::Le => value <= threshold,
        Cmp::Eq => value == threshold,
        Cmp::Ne => value != threshold,
    }
}

/// Input series that fire and that stay quiet, the window the expression looks back, and
/// labels the series add to the alert.
#[allow(clippy::type_complexity)]
fn cases(shape: &Shape) -> Option<(Vec<Input>, Vec<Input>, Duration, BTreeMap<String, String>)> {
    let mut extra = BTreeMap::new();
    let one = Decimal::from_int(1);
    Some(match shape {
        Shape::ErrorRatio {
            counter: name,
            status_label,
            window,
            cmp,
            threshold,
        } => {
            let ((fe, ft), (qe, qt)) = ratio_cases(*threshold, *cmp)?;
            let series = |e: i64, t: i64| {
                vec![
                    with_label(counter(name, e), status_label, "500"),
                    with_label(counter(name, t - e), status_label, "200"),
                ]
            };
            (series(fe, ft), series(qe, qt), *window, extra)
        }
        Shape::HitRate {
            hits,
            misses,
            window,
            cmp,
            threshold,
        } => {
            let ((fh, ft), (qh, qt)) = ratio_cases(*threshold, *cmp)?;
            let series = |h: i64, t: i64| vec![counter(hits, h), counter(misses, t - h)];
            (series(fh, ft), series(qh, qt), *window, extra)
        }
        Shape::DiskFree {
            available,
            size,
            cmp,
            threshold,
        } => {
            let ((fa, fs), (qa, qs)) = ratio_cases(*threshold, *cmp)?;
            let series = |a: i64, s: i64| {
                vec![
                    with_label(
                        gauge(Expr::metric(available), Decimal::from_int(a)),
                        "mountpoint",
                        "/",
                    ),
                    with_label(
                        gauge(Expr::metric(size), Decimal::from_int(s)),
                        "mountpoint",
                        "/",
                    ),
                ]
            };
            extra.insert("mountpoint".to_owned(), "/".to_owned());
            (
                series(fa, fs),
                series(qa, qs),
                Duration::from_minutes(1),
                extra,
            )
        }
        Shape::Utilization {
            used,
            capacity,
            cmp,
            threshold,
        } => {
            let ((fu, fc), (qu, qc)) = ratio_cases(*threshold, *cmp)?;
            let series = |u: i64, c: i64| {
                vec![
                    gauge(Expr::metric(used), Decimal::from_int(u)),
                    gauge(Expr::metric(capacity), Decimal::from_int(c)),
                ]
            };
            (
                series(fu, fc),
                series(qu, qc),
                Duration::from_minutes(1),
                extra,
            )
        }
        Shape::Percentile {
            histogram,
            window,
            cmp,
            threshold,
            ..
        } => {
            // Buckets at T and 4T: all observations in the first keep the quantile below T,
            // all in the second put it well above.
            let low = threshold.to_string();
            let high = threshold.mul_int(4)?.to_string();
            let bucket = format!("{histogram}_bucket");
            let series = |first: i64| {
                vec![
                    with_label(counter(&bucket, first), "le", &low),
                    with_label(counter(&bucket, 10), "le", &high),
                    with_label(counter(&bucket, 10), "le", "+Inf"),
                ]
            };
            let (fire, quiet) = if cmp.is_upper() {
                (series(0), series(10))
            } else {
                (series(10), series(0))
            };
            (fire, quiet, *window, extra)
        }
        Shape::Average {
            histogram,
            window,
            cmp,
            threshold,
        } => {
            let sum = format!("{histogram}_sum");
            let count = format!("{histogram}_count");
            // (sum step, count step, average): an average of 2T (or 1 for T = 0), and of T/2.
            let high_sum = if threshold.is_zero() {
                one
            } else {
                threshold.mul_int(2)?
            };
            let above = (high_sum, 1, high_sum);
            let below = (*threshold, 2, threshold.mul_int(5)?.shift_down(1)?);
            let (fire, quiet) = if cmp.is_upper() {
                (above, below)
            } else {
                (below, above)
            };
            if !holds(fire.2, *cmp, *threshold) || holds(quiet.2, *cmp, *threshold) {
                return None;
            }
            let fire = (fire.0, fire.1);
            let quiet = (quiet.0, quiet.1);
            let series = |(s, c): (Decimal, i64)| vec![counter_dec(&sum, s), counter(&count, c)];
            (series(fire), series(quiet), *window, extra)
        }
        Shape::NoTraffic {
            counter: name,
            window,
        } => (
            vec![counter(name, 0)],
            vec![counter(name, 10)],
            *window,
            extra,
        ),
        Shape::CounterRate {
            counter: name,
            per,
            window,
            cmp,
            threshold,
        } => {
            // A step of s per minute reads as s × (per in minutes) per unit.
            let per_ms = i64::try_from(per.millis()).ok()?;
            let busy = threshold
                .mul_int(2)?
                .add_int(1)?
                .mul_int(60_000)?
                .ceil_div(per_ms)?;
            let busy = counter(name, busy.max(1));
            let idle = counter(name, 0);
            let zero_holds = holds(Decimal::ZERO, *cmp, *threshold);
            let (fire, quiet) = if cmp.is_upper() {
                (busy, idle)
            } else {
                (idle, busy)
            };
            if cmp.is_upper() == zero_holds {
                return None;
            }
            let looked_back = if per >= window { *per } else { *window };
            (vec![fire], vec![quiet], looked_back, extra)
        }
        Shape::Threshold {
            metric,
            cmp,
            threshold,
        } => {
            let (fire, quiet) = match cmp {
                Cmp::Gt => (threshold.add_int(1)?, *threshold),
                Cmp::Ge => (*threshold, threshold.add_int(-1)?),
                Cmp::Lt => (threshold.add_int(-1)?, *threshold),
                Cmp::Le => (*threshold, threshold.add_int(1)?),
                Cmp::Eq => (*threshold, threshold.add_int(1)?),
                Cmp::Ne => (threshold.add_int(1)?, *threshold),
            };
            (
                vec![gauge(Expr::metric(metric), fire)],
                vec![gauge(Expr::metric(metric), quiet)],
                Duration::from_minutes(1),
                extra,
            )
        }
        Shape::HealthyInstances {
            job,
            cmp,
            threshold,
        } => {
            let t = threshold.to_int()?;
            let (fire, quiet) = match cmp {
                Cmp::Gt => (t + 1, t),
                Cmp::Ge => (t, t - 1),
                Cmp::Lt => (t - 1, t),
                Cmp::Le => (t, t + 1),
                Cmp::Eq => (t, t + 1),
                Cmp::Ne => (t + 1, t),
            };
            if fire < 0 || quiet < 0 || fire.max(quiet) > 100 {
                return None;
            }
            // `n` targets up and one down: the down one must not count.
            let targets = |n: i64| {
                let target = |i: i64, value: i64| {
                    let up = with_label(
                        gauge(Expr::metric("up"), Decimal::from_int(value)),
                        "job",
                        job,
                    );
                    with_label(up, "instance", &format!("target-{i}"))
                };
                let mut inputs: Vec<Input> = (1..=n).map(|i| target(i, 1)).collect();
                inputs.push(target(0, 0));
                inputs
            };
            (
                targets(fire),
                targets(quiet),
                Duration::from_minutes(1),
                extra,
            )
        }
        Shape::Written { .. } => return None,
    })
}

fn render(inputs: &[Input], samples: u64) -> Vec<Series> {
    inputs
        .iter()
        .map(|i| Series {
            series: i.selector.to_string(),
            values: format!("{}+{}x{samples}", i.start, i.step),
        })
        .collect()
}

/// The test groups of one rule (none for an unknown shape).
pub fn groups(rule: &RuleUnderTest<'_>) -> Vec<TestGroup> {
    let Some((fire, quiet, window, series_labels)) = cases(rule.shape) else {
        return Vec::new();
    };
    let for_duration = rule.for_duration.unwrap_or(Duration::from_millis(0));
    let eval =
        Duration::from_minutes(window.ceil_minutes().max(1) + for_duration.ceil_minutes() + 2);
    if eval.ceil_minutes() > MAX_TEST_MINUTES {
        return Vec::new();
    }
    let samples = eval.ceil_minutes() + 1;
    let mut labels = rule.labels.clone();
    labels.extend(series_labels);
    let firing = ExpectedAlert {
        exp_labels: labels,
        exp_annotations: rule.annotations.clone(),
    };
    let after = match rule.for_duration {
        Some(d) => format!(" after {d}"),
        None => String::new(),
    };
    vec![
        TestGroup {
            name: format!("{} fires{after}", rule.alert),
            interval: "1m".to_owned(),
            input_series: render(&fire, samples),
            alert_rule_test: vec![AlertTest {
                eval_time: eval.to_string(),
                alertname: rule.alert.to_owned(),
                exp_alerts: vec![firing],
            }],
        },
        TestGroup {
            name: format!("{} stays quiet", rule.alert),
            interval: "1m".to_owned(),
            input_series: render(&quiet, samples),
            alert_rule_test: vec![AlertTest {
                eval_time: eval.to_string(),
                alertname: rule.alert.to_owned(),
                exp_alerts: Vec::new(),
            }],
        },
    ]
}
