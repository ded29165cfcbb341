//! Binding a condition's subject to a declared metric, or to a configured default.
//!
//! * The **request counter** (error ratios, no traffic): a Counter whose labels include a
//!   status label (`status`, `status_code`, `code`, `http_status`, `response_code`), or a
//!   metric whose name ends in `requests_total`; when several qualify, the ones ending in
//!   `requests_total` are preferred. A spec that declares no metrics uses the configured
//!   default (`http_requests_total`, label `status`).
//! * The **latency histogram** (percentiles, averages): a Histogram whose name contains
//!   `duration` or `latency`, preferring one that also says `request`; otherwise the
//!   configured default (`http_request_duration_seconds`).
//! * When the Metrics table declares no request counter (or no latency histogram), the
//!   configured one is used as well, and the condition compiler notes it (SF-P012).
//! * A **ratio gauge** (`S3 error rate > 5%`, `Success rate < 90%`): a gauge, or a metric of
//!   unstated type not ending in `_total`, whose name ends in `rate`, `ratio`, `percent`,
//!   `percentage` or `pct` and holds every word of the condition.
//! * A **metric named** in the condition (`ledger_outbox_depth > 1000`), or the metric of the
//!   row an alert cell sits in.
//! * **Words** (`Queue depth > 5000`): the one declared metric whose name holds every word
//!   (`notification_queue_depth`); plurals match singulars.
//! * A **capacity pair** (`> 80% utilized`): a gauge whose name says it counts what is in use
//!   (`in_use`, `used`, `active`, `busy`, `open`, `current`) and a gauge with the same name
//!   apart from a capacity word (`max`, `limit`, `capacity`, `size`).
//! * **Hits and misses** (`Hit rate < 80%`): a counter with `hit`/`hits` in its name and the
//!   counter with `miss`/`misses` in its place.
//!
//! A metric declared with a dotted name (Micrometer's `shannonstore.s3.api.errors`) is the
//! series Prometheus exposes (`shannonstore_s3_api_errors`), and a counter is also selected
//! with `_total` appended, as OpenMetrics clients expose it; both names are read in PromQL.
//!
//! A metric's kind is the Type column when there is one; otherwise a `_total` suffix means a
//! counter, and a description that names exactly one kind (`Payouts waiting (gauge)`) is
//! believed. Anything else is unknown, and an unknown kind is accepted wherever a kind is
//! required (it cannot be shown wrong).

use crate::config::AlertsConfig;
use crate::decimal::Decimal;
use crate::promql::is_metric_name;
use specforge_model::{Code, Metric, MetricKind};

/// What a metric is, as far as the spec says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A counter.
    Counter,
    /// A gauge.
    Gauge,
    /// A histogram.
    Histogram,
    /// A summary.
    Summary,
    /// Not stated.
    Unknown,
}

impl Kind {
    /// `a counter`, `a gauge`, … for messages.
    pub fn article_name(self) -> &'static str {
        self.name()
    }

    fn name(self) -> &'static str {
        match self {
            Kind::Counter => "a counter",
            Kind::Gauge => "a gauge",
            Kind::Histogram => "a histogram",
            Kind::Summary => "a summary",
            Kind::Unknown => "a metric of unstated type",
        }
    }
}

/// A metric a condition is bound to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bound {
    /// The metric name.
    pub name: String,
    /// Its kind.
    pub kind: Kind,
    /// Its declared labels (empty when unknown).
    pub labels: Vec<String>,
    /// Bucket boundaries in seconds, when the spec states them.
    pub buckets: Option<Vec<Decimal>>,
}

/// A failed condition, with its catalogue code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConditionError {
    /// SF-P004, SF-P005, SF-P006, SF-P008, SF-P009 or SF-P011.
    pub code: Code,
    /// The message (lower-case, no trailing period).
    pub message: String,
    /// How to fix the row.
    pub help: String,
}

impl ConditionError {
    /// A new error.
    pub fn new(code: Code, message: impl Into<String>, help: impl Into<String>) -> Self {
        ConditionError {
            code,
            message: message.into(),
            help: help.into(),
        }
    }
}

const STATUS_LABELS: [&str; 7] = [
    "status",
    "status_code",
    "code",
    "http_status",
    "http_code",
    "response_code",
    "status_class",
];
const USED_TOKENS: [&str; 10] = [
    "used", "use", "inuse", "in", "active", "busy", "usage", "open", "current", "occupied",
];
const CAPACITY_TOKENS: [&str; 6] = ["max", "maximum", "limit", "capacity", "size", "total"];

/// The metrics a spec declares, with what binding needs to know about each.
#[derive(Debug, Clone)]
pub struct Catalog {
    metrics: Vec<Bound>,
    /// Position of each name in `metrics` (the first of a name wins).
    by_name: std::collections::HashMap<String, usize>,
}

fn tokens(name: &str) -> Vec<String> {
    name.split(['_', ':', '.'])
        .filter(|t| !t.is_empty())
        .map(str::to_ascii_lowercase)
        .collect()
}

fn word_matches(word: &str, token: &str) -> bool {
    word == token
        || word.strip_suffix('s') == Some(token)
        || token.strip_suffix('s') == Some(word)
        || word.strip_suffix("es") == Some(token)
        || token.strip_suffix("es") == Some(word)
}

fn effective_kind(metric: &Metric) -> Kind {
    if let Some(kind) = metric.kind {
        return match kind {
            MetricKind::Counter => Kind::Counter,
            MetricKind::Gauge => Kind::Gauge,
            MetricKind::Histogram => Kind::Histogram,
            MetricKind::Summary => Kind::Summary,
        };
    }
    if metric.kind_text.is_some() {
        return Kind::Unknown;
    }
    // The Prometheus naming convention; a type stated in prose was read by extraction.
    if metric.name.value.ends_with("_total") {
        return Kind::Counter;
    }
    Kind::Unknown
}

/// The name Prometheus exposes a declared metric under: a dotted or dashed name
/// (Micrometer's `shannonstore.s3.api.errors`, OpenTelemetry's `http.server.duration`) with
/// `.` and `-` as `_`, which is what the Prometheus clients of those libraries export; any
/// other name as declared.
pub fn exported_name(declared: &str) -> String {
    if declared.contains(['.', '-']) {
        let exported = declared.replace(['.', '-'], "_");
        if is_metric_name(&exported) {
            return exported;
        }
    }
    declared.to_owned()
}

/// Bucket boundaries from a list as the spec writes it (a Buckets column, or the list
/// extraction found in a description): `0.1, 0.25, 0.5, 1` or `100ms, 250ms, 1s` (numbers
/// without a unit are seconds). At least two are needed.
pub fn bucket_list(list: &str) -> Option<Vec<Decimal>> {
    let mut out = Vec::new();
    for item in list.split([',', ' ']).filter(|s| !s.is_empty()) {
        let item = item.trim_matches('`');
        let number_len = item
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(item.len());
        let value = Decimal::parse(&item[..number_len])?;
        let seconds = match &item[number_len..] {
            "" | "s" => value,
            "ms" => value.shift_down(3)?,
            _ => return None,
        };
        out.push(seconds);
    }
    (out.len() >= 2).then_some(out)
}

impl Catalog {
    /// Reads the declared metrics.
    pub fn new(declared: &[Metric]) -> Catalog {
        let metrics: Vec<Bound> = declared
            .iter()
            .map(|m| Bound {
                name: exported_name(&m.name.value),
                kind: effective_kind(m),
                labels: m.labels.clone(),
                buckets: m.buckets.as_ref().and_then(|list| bucket_list(&list.value)),
            })
            .collect();
        let mut by_name = std::collections::HashMap::new();
        for (i, (m, d)) in metrics.iter().zip(declared).enumerate() {
            by_name.entry(m.name.clone()).or_insert(i);
            by_name.entry(d.name.value.clone()).or_insert(i);
        }
        // A counter is exposed with `_total` appended when its name lacks it (OpenMetrics,
        // Micrometer, OpenTelemetry): both names select it. Declared names come first.
        for (i, m) in metrics.iter().enumerate() {
            if m.kind == Kind::Counter && !m.name.ends_with("_total") {
                by_name.entry(format!("{}_total", m.name)).or_insert(i);
            }
        }
        Catalog { metrics, by_name }
    }

    /// True when the spec declares no metric.
    pub fn is_empty(&self) -> bool {
        self.metrics.is_empty()
    }

    /// A declared metric by name.
    pub fn get(&self, name: &str) -> Option<&Bound> {
        self.by_name.get(name).map(|&i| &self.metrics[i])
    }

    /// True when `name` is declared, or is a series of a declared histogram or summary
    /// (`x_bucket`, `x_sum`, `x_count`), or Prometheus' own `up`.
    pub fn covers(&self, name: &str) -> bool {
        name == "up" || self.series(name).is_some()
    }

    /// The declared metric a selected series belongs to, and the suffix it was selected
    /// with: `x` is `(x, None)` when `x` is declared; otherwise `x_bucket` of a declared
    /// histogram (or metric of unknown kind) is `(x, Some("_bucket"))`, and `x_sum` / `x_count`
    /// of a declared histogram, summary or unknown-kind metric likewise. `None` for anything
    /// else (Prometheus' own `up` included).
    pub fn series(&self, name: &str) -> Option<(&Bound, Option<&'static str>)> {
        if let Some(m) = self.get(name) {
            return Some((m, None));
        }
        ["_bucket", "_sum", "_count"]
            .into_iter()
            .find_map(|suffix| {
                name.strip_suffix(suffix)
                    .and_then(|base| self.get(base))
                    .filter(|m| {
                        matches!(m.kind, Kind::Histogram | Kind::Unknown)
                            || (m.kind == Kind::Summary && suffix != "_bucket")
                    })
                    .map(|m| (m, Some(suffix)))
            })
    }

    /// The declared names, for messages: `a`, `b`, `c` (at most ten).
    pub fn listing(&self) -> String {
        if self.metrics.is_empty() {
            return "the spec declares no metrics".to_owned();
        }
        let names: Vec<String> = self
            .metrics
            .iter()
            .take(10)
            .map(|m| format!("`{}`", m.name))
            .collect();
        let more = if self.metrics.len() > 10 { ", …" } else { "" };
        format!("declared metrics: {}{more}", names.join(", "))
    }

    fn fix(&self) -> String {
        if self.is_empty() {
            return "declare the metric in a Metrics table and name it, or write the PromQL in backticks".to_owned();
        }
        format!(
            "name a metric from the Metrics table ({}), or write the PromQL in backticks",
            self.listing().trim_start_matches("declared metrics: ")
        )
    }

    /// A metric named in a condition or by the row: declared, or accepted as written when
    /// the spec declares no metrics.
    pub fn named(&self, name: &str) -> Result<Bound, ConditionError> {
        if !is_metric_name(name) {
            return Err(ConditionError::new(
                Code::ConditionNotUnderstood,
                format!("`{name}` is not a Prometheus metric name"),
                format!(
                    "Prometheus exports it as `{}`; name that, or write the PromQL in backticks",
                    name.replace(['.', '-'], "_")
                ),
            ));
        }
        if let Some(m) = self.get(name) {
            return Ok(m.clone());
        }
        if self.is_empty() {
            return Ok(Bound {
                name: name.to_owned(),
                kind: Kind::Unknown,
                labels: Vec::new(),
                buckets: None,
            });
        }
        Err(ConditionError::new(
            Code::UndeclaredMetric,
            format!("the condition uses `{name}`, which the Metrics table does not declare"),
            format!(
                "declare `{name}` in the Metrics table, or use one of the {}",
                self.listing()
            ),
        ))
    }

    /// The one metric of an accepted kind whose name holds every word.
    pub fn by_words(
        &self,
        words: &[String],
        what: &str,
        accept: impl Fn(Kind) -> bool,
    ) -> Result<Bound, ConditionError> {
        let phrase = words.join(" ");
        let found: Vec<&Bound> = self
            .metrics
            .iter()
            .filter(|m| accept(m.kind))
            .filter(|m| {
                let t = tokens(&m.name);
                words.iter().all(|w| t.iter().any(|x| word_matches(w, x)))
            })
            .collect();
        match found.as_slice() {
            [one] => Ok((*one).clone()),
            [] => Err(ConditionError::new(
                Code::ConditionNotUnderstood,
                format!(
                    "the words `{phrase}` were not understood: no declared {what} has them in its name ({})",
                    self.listing()
                ),
                self.fix(),
            )),
            many => Err(ConditionError::new(
                Code::ConditionNotUnderstood,
                format!(
                    "`{phrase}` could mean {}",
                    many.iter()
                        .map(|m| format!("`{}`", m.name))
                        .collect::<Vec<_>>()
                        .join(" or ")
                ),
                "name the metric in the condition (`metric_name > 1000`), or write the PromQL in backticks",
            )),
        }
    }

    /// The request counter and its status label.
    pub fn request_counter(&self, config: &AlertsConfig) -> Result<Bound, ConditionError> {
        if self.is_empty() {
            return Ok(Bound {
                name: config.request_counter.clone(),
                kind: Kind::Counter,
                labels: vec![config.status_label.clone()],
                buckets: None,
            });
        }
        let qualifies = |m: &&Bound| {
            matches!(m.kind, Kind::Counter | Kind::Unknown)
                && (m.name.ends_with("requests_total")
                    || (m.kind == Kind::Counter
                        && m.labels.iter().any(|l| STATUS_LABELS.contains(&l.as_str()))))
        };
        let all: Vec<&Bound> = self.metrics.iter().filter(qualifies).collect();
        let preferred: Vec<&Bound> = all
            .iter()
            .copied()
            .filter(|m| m.name.ends_with("requests_total"))
            .collect();
        if all.is_empty() {
            return Ok(Bound {
                name: config.request_counter.clone(),
                kind: Kind::Counter,
                labels: vec![config.status_label.clone()],
                buckets: None,
            });
        }
        let pool = if preferred.is_empty() { all } else { preferred };
        pick(
            pool,
            config.request_counter.as_str(),
            "request counter",
            self,
        )
    }

    /// The latency histogram.
    pub fn latency_histogram(&self, config: &AlertsConfig) -> Result<Bound, ConditionError> {
        if self.is_empty() {
            return Ok(Bound {
                name: config.latency_histogram.clone(),
                kind: Kind::Histogram,
                labels: Vec::new(),
                buckets: None,
            });
        }
        let all: Vec<&Bound> = self
            .metrics
            .iter()
            .filter(|m| {
                (m.kind == Kind::Histogram
                    || (m.kind == Kind::Unknown && !m.name.ends_with("_total")))
                    && (m.name.contains("duration") || m.name.contains("latency"))
            })
            .collect();
        let preferred: Vec<&Bound> = all
            .iter()
            .copied()
            .filter(|m| m.name.contains("request"))
            .collect();
        if all.is_empty() {
            return Ok(Bound {
                name: config.latency_histogram.clone(),
                kind: Kind::Histogram,
                labels: Vec::new(),
                buckets: None,
            });
        }
        let pool = if preferred.is_empty() { all } else { preferred };
        pick(
            pool,
            config.latency_histogram.as_str(),
            "latency histogram",
            self,
        )
    }

    /// Pairs of (in use, capacity) gauges.
    pub fn capacity_pairs(&self) -> Vec<(Bound, Bound)> {
        let gaugeish = |m: &Bound| {
            m.kind == Kind::Gauge || (m.kind == Kind::Unknown && !m.name.ends_with("_total"))
        };
        let mut out = Vec::new();
        for used in self.metrics.iter().filter(|m| gaugeish(m)) {
            let t = tokens(&used.name);
            if !t.iter().any(|x| USED_TOKENS.contains(&x.as_str())) {
                continue;
            }
            let stem: Vec<&String> = t
                .iter()
                .filter(|x| !USED_TOKENS.contains(&x.as_str()))
                .collect();
            for cap in self
                .metrics
                .iter()
                .filter(|m| gaugeish(m) && m.name != used.name)
            {
                let c = tokens(&cap.name);
                if !c.iter().any(|x| CAPACITY_TOKENS.contains(&x.as_str())) {
                    continue;
                }
                let cstem: Vec<&String> = c
                    .iter()
                    .filter(|x| !CAPACITY_TOKENS.contains(&x.as_str()))
                    .collect();
                if cstem == stem {
                    out.push((used.clone(), cap.clone()));
                }
            }
        }
        out
    }

    /// The one ratio gauge whose name holds every word (see the module docs), if exactly one.
    pub fn ratio_gauge(&self, words: &[String]) -> Option<Bound> {
        let found: Vec<&Bound> = self
            .metrics
            .iter()
            .filter(|m| {
                m.kind == Kind::Gauge || (m.kind == Kind::Unknown && !m.name.ends_with("_total"))
            })
            .filter(|m| {
                let t = tokens(&m.name);
                t.last().is_some_and(|last| {
                    matches!(
                        last.as_str(),
                        "rate" | "ratio" | "percent" | "percentage" | "pct"
                    )
                }) && words.iter().all(|w| t.iter().any(|x| word_matches(w, x)))
            })
            .collect();
        match found.as_slice() {
            [one] => Some((*one).clone()),
            _ => None,
        }
    }

    /// Counters with `hit`/`hits` in their names.
    pub fn hit_counters(&self) -> Vec<Bound> {
        self.metrics
            .iter()
            .filter(|m| matches!(m.kind, Kind::Counter | Kind::Unknown))
            .filter(|m| tokens(&m.name).iter().any(|t| t == "hit" || t == "hits"))
            .cloned()
            .collect()
    }
}

/// The words of a metric name, for matching.
pub fn name_tokens(name: &str) -> Vec<String> {
    tokens(name)
}

/// True when `word` names a part of `name` (plurals match singulars).
pub fn word_in_name(word: &str, name: &str) -> bool {
    tokens(name).iter().any(|t| word_matches(word, t))
}

/// The misses counter paired with a hits counter: `hits` → `misses`, `hit` → `miss`.
pub fn misses_name(hits: &str) -> String {
    name_tokens_replace(hits)
}

fn name_tokens_replace(hits: &str) -> String {
    let mut out = String::new();
    let mut token = String::new();
    let flush = |token: &mut String, out: &mut String| {
        match token.as_str() {
            "hits" => out.push_str("misses"),
            "hit" => out.push_str("miss"),
            "Hits" => out.push_str("Misses"),
            "Hit" => out.push_str("Miss"),
            other => out.push_str(other),
        }
        token.clear();
    };
    for c in hits.chars() {
        if c == '_' || c == ':' {
            flush(&mut token, &mut out);
            out.push(c);
        } else {
            token.push(c);
        }
    }
    flush(&mut token, &mut out);
    out
}

fn pick(
    pool: Vec<&Bound>,
    configured: &str,
    what: &str,
    catalog: &Catalog,
) -> Result<Bound, ConditionError> {
    if let Some(m) = pool.iter().find(|m| m.name == configured) {
        return Ok((*m).clone());
    }
    match pool.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(ConditionError::new(
            Code::UndeclaredMetric,
            format!(
                "the condition needs a {what}, and the Metrics table declares none ({})",
                catalog.listing()
            ),
            match what {
                "request counter" => {
                    "declare a Counter with a `status` label (like `http_requests_total`), or write the PromQL in backticks"
                }
                _ => {
                    "declare a Histogram whose name says `duration` or `latency` (like `http_request_duration_seconds`), or write the PromQL in backticks"
                }
            },
        )),
        many => Err(ConditionError::new(
            Code::ConditionNotUnderstood,
            format!(
                "the condition needs a {what}, and several qualify: {}",
                qualifying_list(many)
            ),
            "name the metric in the condition, or write the PromQL in backticks",
        )),
    }
}

/// The first ten qualifying metric names, then how many more: a spec with thousands of
/// counters must not get a diagnostic thousands of names long.
fn qualifying_list(metrics: &[&Bound]) -> String {
    const SHOWN: usize = 10;
    let mut list = metrics
        .iter()
        .take(SHOWN)
        .map(|m| format!("`{}`", m.name))
        .collect::<Vec<_>>()
        .join(", ");
    if metrics.len() > SHOWN {
        list.push_str(&format!(" and {} more", metrics.len() - SHOWN));
    }
    list
}

/// The status label of a request counter: a declared status-like label, or the configured
/// one when the spec does not list labels.
pub fn status_label(counter: &Bound, config: &AlertsConfig) -> Result<String, ConditionError> {
    if counter.labels.is_empty() {
        return Ok(config.status_label.clone());
    }
    if counter.labels.contains(&config.status_label) {
        return Ok(config.status_label.clone());
    }
    counter
        .labels
        .iter()
        .find(|l| STATUS_LABELS.contains(&l.as_str()))
        .cloned()
        .ok_or_else(|| {
            ConditionError::new(
                Code::ConditionNotUnderstood,
                format!(
                    "an error ratio needs the status of each request, and `{}` has no status label (labels: {})",
                    counter.name,
                    counter.labels.join(", ")
                ),
                "add a `status` label to the counter in the Metrics table, or write the PromQL in backticks",
            )
        })
}

/// Checks that a bound metric has a kind the shape can use.
pub fn expect_kind(
    bound: &Bound,
    accept: &[Kind],
    code: Code,
    what: &str,
    help: &str,
) -> Result<(), ConditionError> {
    if bound.kind == Kind::Unknown || accept.contains(&bound.kind) {
        return Ok(());
    }
    Err(ConditionError::new(
        code,
        format!("{what}, and `{}` is {}", bound.name, bound.kind.name()),
        help,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_from_descriptions() {
        let b = bucket_list("0.1, 0.25, 0.5, 1");
        let shown = b.map(|v| v.iter().map(|d| d.to_string()).collect::<Vec<_>>());
        assert_eq!(
            shown,
            Some(vec!["0.1".into(), "0.25".into(), "0.5".into(), "1".into()])
        );
        let b = bucket_list("100ms, 250ms, 1s");
        assert_eq!(b.map(|v| v.len()), Some(3));
        assert_eq!(bucket_list("0.5"), None);
        assert_eq!(bucket_list("fast, slow"), None);
    }

    fn declared(name: &str, kind: Option<MetricKind>) -> Metric {
        Metric {
            name: specforge_model::Spanned::new(name.to_owned(), specforge_model::Span::default()),
            kind,
            kind_text: None,
            labels: Vec::new(),
            buckets: None,
            description: None,
            span: specforge_model::Span::default(),
        }
    }

    #[test]
    fn dotted_names_are_exposed_with_underscores_and_counters_with_total() {
        assert_eq!(exported_name("s3.api.errors"), "s3_api_errors");
        assert_eq!(exported_name("peer-pool.idle"), "peer_pool_idle");
        assert_eq!(exported_name("http_requests_total"), "http_requests_total");
        let catalog = Catalog::new(&[
            declared("s3.api.errors", Some(MetricKind::Counter)),
            declared("s3.api.requests", None),
            declared("queue.depth", Some(MetricKind::Gauge)),
        ]);
        assert_eq!(catalog.get("s3.api.errors").unwrap().name, "s3_api_errors");
        assert!(catalog.covers("s3_api_errors"));
        assert!(
            catalog.covers("s3_api_errors_total"),
            "a counter with _total"
        );
        assert!(catalog.covers("s3_api_requests_count"), "a timer's _count");
        assert!(
            !catalog.covers("queue_depth_total"),
            "a gauge has no _total"
        );
        assert!(catalog.covers("queue_depth"));
        assert!(!catalog.covers("s3_api_bytes"));
    }

    #[test]
    fn misses_counterpart() {
        assert_eq!(misses_name("cache_hits_total"), "cache_misses_total");
        assert_eq!(misses_name("cache_hit_total"), "cache_miss_total");
        assert_eq!(misses_name("hitman_total"), "hitman_total");
    }
}
