//! PromQL: a small expression builder for the conditions specforge compiles, and the parser
//! check every expression goes through before it is emitted.
//!
//! Expressions are built as values ([`Expr`]) from validated metric and label names and
//! exact [`Decimal`] thresholds, then printed; nothing from the spec is pasted into PromQL
//! text. Label values are quoted by [`quote`], the one quoting function for PromQL strings.
//! The printed text is then parsed with the `promql-parser` crate ([`check`]); PromQL written
//! in the spec goes through the same check and is used as written.
//!
//! Two walkers read a parsed expression: [`selected_metrics`] (the metrics it selects, checked
//! against the Metrics table) and [`used_labels`] (the labels it names in matchers and in
//! `by`/`without`/`on`/`ignoring`/`group_left`/`group_right`, each with the series it applies
//! to, checked against the table's Labels cells).

use crate::decimal::Decimal;
use crate::duration::Duration;
use promql_parser::parser::{self, value::ValueType};
use std::fmt;

/// PromQL as authors write it in prose, made PromQL: `AND` / `OR` / `UNLESS` in capitals
/// become the lower-case operators, `≠` `≥` `≤` become `!=` `>=` `<=`, a lone `=` comparing
/// two values becomes `==`, and `true` / `false` become `1` / `0` (a 0/1 gauge). Label
/// matchers (`{…}`) and strings are left alone. The result still goes through [`check`].
pub fn normalize(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if let Some(q) = quote {
            out.push(c);
            if c == '\\' {
                if let Some(next) = chars.get(i + 1) {
                    out.push(*next);
                    i += 1;
                }
            } else if c == q {
                quote = None;
            }
            i += 1;
            continue;
        }
        match c {
            '"' | '\'' | '`' => {
                quote = Some(c);
                out.push(c);
            }
            '{' => {
                depth += 1;
                out.push(c);
            }
            '}' => {
                depth = depth.saturating_sub(1);
                out.push(c);
            }
            '≠' if depth == 0 => out.push_str("!="),
            '≥' if depth == 0 => out.push_str(">="),
            '≤' if depth == 0 => out.push_str("<="),
            '=' if depth == 0 => {
                let before = i.checked_sub(1).map(|k| chars[k]);
                let after = chars.get(i + 1).copied();
                let paired = matches!(before, Some('=' | '!' | '<' | '>'))
                    || matches!(after, Some('=' | '~'));
                out.push_str(if paired { "=" } else { "==" });
            }
            c if depth == 0 && (c.is_ascii_alphabetic() || c == '_') => {
                let start = i;
                while i < chars.len()
                    && (chars[i].is_ascii_alphanumeric() || matches!(chars[i], '_' | ':'))
                {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                out.push_str(match word.as_str() {
                    "AND" => "and",
                    "OR" => "or",
                    "UNLESS" => "unless",
                    "true" | "TRUE" | "True" => "1",
                    "false" | "FALSE" | "False" => "0",
                    other => other,
                });
                continue;
            }
            c => out.push(c),
        }
        i += 1;
    }
    out
}

/// True for a Prometheus metric name: `[a-zA-Z_:][a-zA-Z0-9_:]*`.
pub fn is_metric_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == ':')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
}

/// True for a label name a rule may set: `[a-zA-Z_][a-zA-Z0-9_]*`, not reserved (`__…`).
pub fn is_label_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !name.starts_with("__")
}

/// A PromQL double-quoted string literal.
pub fn quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// How a label matcher compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchOp {
    /// `=`
    Equal,
    /// `=~`
    Regex,
}

/// A label matcher `label="value"` or `label=~"regex"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matcher {
    /// Label name (validated by the caller).
    pub label: String,
    /// Operator.
    pub op: MatchOp,
    /// Value, quoted when printed.
    pub value: String,
}

/// Binary operators, printed with PromQL's precedence in mind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    /// `or`
    Or,
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `+`
    Add,
    /// `*`
    Mul,
    /// `/`
    Div,
}

impl BinOp {
    /// The operator's text.
    pub fn as_str(self) -> &'static str {
        match self {
            BinOp::Or => "or",
            BinOp::Eq => "==",
            BinOp::Ne => "!=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Add => "+",
            BinOp::Mul => "*",
            BinOp::Div => "/",
        }
    }

    fn precedence(self) -> u8 {
        match self {
            BinOp::Or => 1,
            BinOp::Eq | BinOp::Ne | BinOp::Gt | BinOp::Ge | BinOp::Lt | BinOp::Le => 3,
            BinOp::Add => 4,
            BinOp::Mul | BinOp::Div => 5,
        }
    }
}

/// A PromQL expression built by specforge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    /// `name{matchers}`
    Selector {
        /// Metric name (validated by the caller).
        name: String,
        /// Label matchers.
        matchers: Vec<Matcher>,
    },
    /// `selector[window]`
    Range {
        /// The selector.
        selector: Box<Expr>,
        /// The range.
        window: Duration,
    },
    /// `func(args)`
    Call {
        /// Function name.
        func: &'static str,
        /// Arguments.
        args: Vec<Expr>,
    },
    /// `sum(expr)` or `sum by (labels) (expr)`
    Sum {
        /// Grouping labels.
        by: Vec<String>,
        /// The aggregated expression.
        expr: Box<Expr>,
    },
    /// `lhs op rhs`
    Binary {
        /// Operator.
        op: BinOp,
        /// Left side.
        lhs: Box<Expr>,
        /// Right side.
        rhs: Box<Expr>,
    },
    /// A number, printed exactly.
    Number(Decimal),
}

impl Expr {
    /// A selector without matchers.
    pub fn metric(name: &str) -> Expr {
        Expr::Selector {
            name: name.to_owned(),
            matchers: Vec::new(),
        }
    }

    /// `self[window]`
    pub fn range(self, window: Duration) -> Expr {
        Expr::Range {
            selector: Box::new(self),
            window,
        }
    }

    /// `func(self)`
    pub fn call(self, func: &'static str) -> Expr {
        Expr::Call {
            func,
            args: vec![self],
        }
    }

    /// `sum(self)`
    pub fn sum(self) -> Expr {
        Expr::Sum {
            by: Vec::new(),
            expr: Box::new(self),
        }
    }

    /// `self op rhs`
    pub fn bin(self, op: BinOp, rhs: Expr) -> Expr {
        Expr::Binary {
            op,
            lhs: Box::new(self),
            rhs: Box::new(rhs),
        }
    }

    /// `sum(rate(self[window]))`
    pub fn sum_rate(self, window: Duration) -> Expr {
        self.range(window).call("rate").sum()
    }

    fn precedence(&self) -> u8 {
        match self {
            Expr::Binary { op, .. } => op.precedence(),
            _ => u8::MAX,
        }
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expr::Selector { name, matchers } => {
                f.write_str(name)?;
                if !matchers.is_empty() {
                    f.write_str("{")?;
                    for (i, m) in matchers.iter().enumerate() {
                        if i > 0 {
                            f.write_str(", ")?;
                        }
                        let op = match m.op {
                            MatchOp::Equal => "=",
                            MatchOp::Regex => "=~",
                        };
                        write!(f, "{}{op}{}", m.label, quote(&m.value))?;
                    }
                    f.write_str("}")?;
                }
                Ok(())
            }
            Expr::Range { selector, window } => write!(f, "{selector}[{window}]"),
            Expr::Call { func, args } => {
                write!(f, "{func}(")?;
                for (i, a) in args.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{a}")?;
                }
                f.write_str(")")
            }
            Expr::Sum { by, expr } => {
                if by.is_empty() {
                    write!(f, "sum({expr})")
                } else {
                    write!(f, "sum by ({}) ({expr})", by.join(", "))
                }
            }
            Expr::Binary { op, lhs, rhs } => {
                let p = op.precedence();
                if lhs.precedence() < p {
                    write!(f, "({lhs})")?;
                } else {
                    write!(f, "{lhs}")?;
                }
                write!(f, " {} ", op.as_str())?;
                if rhs.precedence() <= p {
                    write!(f, "({rhs})")
                } else {
                    write!(f, "{rhs}")
                }
            }
            Expr::Number(n) => write!(f, "{n}"),
        }
    }
}

/// Parses `text` as PromQL and requires an instant vector (what an alerting rule needs).
/// Returns the parsed expression, or the parser's message.
pub fn check(text: &str) -> Result<parser::Expr, String> {
    let owned = text.to_owned();
    let parsed = std::panic::catch_unwind(move || parser::parse(&owned))
        .map_err(|_| "the PromQL parser failed on this text".to_owned())??;
    match parsed.value_type() {
        ValueType::Vector => Ok(parsed),
        other => Err(format!(
            "an alert expression must give an instant vector, and this gives a {}",
            match other {
                ValueType::Scalar => "scalar",
                ValueType::Matrix => "range vector",
                ValueType::String => "string",
                ValueType::Vector => "vector",
            }
        )),
    }
}

/// The metric name a selector selects: its name, or the value of a `__name__` matcher.
fn selector_name(vs: &parser::VectorSelector) -> Option<String> {
    vs.name.clone().or_else(|| {
        vs.matchers
            .matchers
            .iter()
            .find(|m| m.name == METRIC_NAME)
            .map(|m| m.value.clone())
    })
}

/// Every metric name a parsed expression selects, in order of appearance, without repeats.
pub fn selected_metrics(expr: &parser::Expr) -> Vec<String> {
    let mut out = Vec::new();
    walk(expr, &mut out);
    out
}

fn walk(expr: &parser::Expr, out: &mut Vec<String>) {
    use parser::Expr as E;
    let mut push = |vs: &parser::VectorSelector| {
        if let Some(name) = selector_name(vs)
            && !out.contains(&name)
        {
            out.push(name);
        }
    };
    match expr {
        E::VectorSelector(vs) => push(vs),
        E::MatrixSelector(ms) => push(&ms.vs),
        E::Aggregate(a) => {
            walk(&a.expr, out);
            if let Some(p) = &a.param {
                walk(p, out);
            }
        }
        E::Unary(u) => walk(&u.expr, out),
        E::Binary(b) => {
            walk(&b.lhs, out);
            walk(&b.rhs, out);
        }
        E::Paren(p) => walk(&p.expr, out),
        E::Subquery(s) => walk(&s.expr, out),
        E::Call(c) => {
            for a in &c.args.args {
                walk(a, out);
            }
        }
        E::NumberLiteral(_) | E::StringLiteral(_) | E::Extension(_) => {}
    }
}

/// The label every selector has for its metric name; never a label of the Metrics table.
const METRIC_NAME: &str = "__name__";

/// Functions and aggregations whose result carries a label the expression made itself.
const LABEL_MAKERS: [&str; 3] = ["label_replace", "label_join", "count_values"];

/// Where an expression names a label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelRole {
    /// A selector's matcher: `x{region="eu"}`.
    Matcher,
    /// An aggregation's `by (…)`.
    By,
    /// An aggregation's `without (…)`.
    Without,
    /// A binary operation's `on (…)`.
    On,
    /// A binary operation's `ignoring (…)`: the label need be on one side only (the classic
    /// `errors{code="500"} / ignoring(code) requests`).
    Ignoring,
    /// A binary operation's `group_left (…)`: the labels come from the right-hand side.
    GroupLeft,
    /// A binary operation's `group_right (…)`: the labels come from the left-hand side.
    GroupRight,
}

impl LabelRole {
    /// What the expression does with the label, for messages: "the PromQL {verb} label …".
    pub fn verb(self) -> &'static str {
        match self {
            LabelRole::Matcher => "matches on",
            LabelRole::By => "groups by",
            LabelRole::Without => "aggregates without",
            LabelRole::On => "joins on",
            LabelRole::Ignoring => "ignores",
            LabelRole::GroupLeft => "copies with group_left",
            LabelRole::GroupRight => "copies with group_right",
        }
    }

    /// True for the roles of `by`/`without`/`on`/`ignoring`/`group_left`/`group_right`: those
    /// can name a label the expression made itself; a matcher reads stored series only.
    pub fn is_grouping(self) -> bool {
        self != LabelRole::Matcher
    }
}

/// A label a parsed expression names, with the series it is named for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelUse {
    /// The label name.
    pub label: String,
    /// Where the label is named.
    pub role: LabelRole,
    /// The series it applies to, as selected (`x_bucket`, not `x`), in order of appearance,
    /// without repeats: the selector's own metric for a matcher, the metrics of the
    /// aggregated expression for `by`/`without`, of both sides for `on`/`ignoring`, of the
    /// side the labels are copied from for `group_left`/`group_right`. Selectors without a
    /// metric name (`{job="api"}`) are not listed.
    pub series: Vec<String>,
}

/// The labels a parsed expression names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LabelUses {
    /// Every label use, in order of appearance, without repeats; `__name__` is left out.
    pub uses: Vec<LabelUse>,
    /// The expression calls `label_replace`, `label_join` or `count_values`, which make a
    /// label of the expression's own: a grouping label may be that label, not a metric's.
    pub makes_labels: bool,
}

/// The labels a parsed expression names: selector matchers, aggregation `by`/`without`
/// clauses and binary `on`/`ignoring`/`group_left`/`group_right` clauses, each with the series
/// it applies to (see [`LabelUse::series`]).
pub fn used_labels(expr: &parser::Expr) -> LabelUses {
    let mut out = LabelUses::default();
    walk_labels(expr, &mut out);
    out
}

fn push_use(out: &mut LabelUses, label: &str, role: LabelRole, series: &[String]) {
    if label == METRIC_NAME || series.is_empty() {
        return;
    }
    let candidate = LabelUse {
        label: label.to_owned(),
        role,
        series: series.to_vec(),
    };
    if !out.uses.contains(&candidate) {
        out.uses.push(candidate);
    }
}

fn union(a: Vec<String>, b: Vec<String>) -> Vec<String> {
    let mut out = a;
    for name in b {
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

fn selector_labels(vs: &parser::VectorSelector, out: &mut LabelUses) {
    let Some(name) = selector_name(vs) else {
        return;
    };
    let series = [name];
    let matchers = vs
        .matchers
        .matchers
        .iter()
        .chain(vs.matchers.or_matchers.iter().flatten());
    for m in matchers {
        push_use(out, &m.name, LabelRole::Matcher, &series);
    }
}

fn walk_labels(expr: &parser::Expr, out: &mut LabelUses) {
    use parser::{Expr as E, LabelModifier, VectorMatchCardinality as Card};
    match expr {
        E::VectorSelector(vs) => selector_labels(vs, out),
        E::MatrixSelector(ms) => selector_labels(&ms.vs, out),
        E::Aggregate(a) => {
            if LABEL_MAKERS.contains(&a.op.to_string().as_str()) {
                out.makes_labels = true;
            }
            walk_labels(&a.expr, out);
            if let Some(p) = &a.param {
                walk_labels(p, out);
            }
            if let Some(modifier) = &a.modifier {
                let role = match modifier {
                    LabelModifier::Include(_) => LabelRole::By,
                    LabelModifier::Exclude(_) => LabelRole::Without,
                };
                let series = selected_metrics(&a.expr);
                for label in &modifier.labels().labels {
                    push_use(out, label, role, &series);
                }
            }
        }
        E::Unary(u) => walk_labels(&u.expr, out),
        E::Binary(b) => {
            walk_labels(&b.lhs, out);
            walk_labels(&b.rhs, out);
            let Some(modifier) = &b.modifier else {
                return;
            };
            let lhs = selected_metrics(&b.lhs);
            let rhs = selected_metrics(&b.rhs);
            if let Some(matching) = &modifier.matching {
                let role = match matching {
                    LabelModifier::Include(_) => LabelRole::On,
                    LabelModifier::Exclude(_) => LabelRole::Ignoring,
                };
                let both = union(lhs.clone(), rhs.clone());
                for label in &matching.labels().labels {
                    push_use(out, label, role, &both);
                }
            }
            let (role, labels, from) = match &modifier.card {
                Card::ManyToOne(labels) => (LabelRole::GroupLeft, labels, &rhs),
                Card::OneToMany(labels) => (LabelRole::GroupRight, labels, &lhs),
                Card::OneToOne | Card::ManyToMany => return,
            };
            for label in &labels.labels {
                push_use(out, label, role, from);
            }
        }
        E::Paren(p) => walk_labels(&p.expr, out),
        E::Subquery(s) => walk_labels(&s.expr, out),
        E::Call(c) => {
            if LABEL_MAKERS.contains(&c.func.name) {
                out.makes_labels = true;
            }
            for a in &c.args.args {
                walk_labels(a, out);
            }
        }
        E::NumberLiteral(_) | E::StringLiteral(_) | E::Extension(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_operators_are_normalized_outside_matchers_and_strings() {
        assert_eq!(
            normalize("a > 1 AND b ≠ 0 OR c ≥ 2 UNLESS d ≤ 3"),
            "a > 1 and b != 0 or c >= 2 unless d <= 3"
        );
        assert_eq!(normalize("x = true"), "x == 1");
        assert_eq!(normalize("x == false"), "x == 0");
        assert_eq!(
            normalize(r#"up{job="AND", env=~"a=b"} == 0"#),
            r#"up{job="AND", env=~"a=b"} == 0"#
        );
        assert_eq!(
            normalize(r#"label_replace(x, "d", "=OR", "s", ".*") != 1"#),
            r#"label_replace(x, "d", "=OR", "s", ".*") != 1"#
        );
        assert_eq!(
            normalize("rate(x[5m]) >= 1 and y <= 2"),
            "rate(x[5m]) >= 1 and y <= 2"
        );
        assert!(check(&normalize("a > 1 AND b ≠ 0")).is_ok());
    }

    #[test]
    fn prints_with_precedence() {
        let w = Duration::from_minutes(5);
        let errors = Expr::Selector {
            name: "http_requests_total".into(),
            matchers: vec![Matcher {
                label: "status".into(),
                op: MatchOp::Regex,
                value: "5..".into(),
            }],
        };
        let ratio = errors
            .sum_rate(w)
            .bin(BinOp::Div, Expr::metric("http_requests_total").sum_rate(w));
        let threshold = Decimal::parse("0.01").map(Expr::Number);
        let Some(threshold) = threshold else {
            panic!("decimal")
        };
        let e = ratio.bin(BinOp::Gt, threshold);
        let text = e.to_string();
        assert_eq!(
            text,
            r#"sum(rate(http_requests_total{status=~"5.."}[5m])) / sum(rate(http_requests_total[5m])) > 0.01"#
        );
        assert!(check(&text).is_ok());
        let hits = Expr::metric("h").sum_rate(w);
        let hit_rate = hits.clone().bin(
            BinOp::Div,
            hits.bin(BinOp::Add, Expr::metric("m").sum_rate(w)),
        );
        assert_eq!(
            hit_rate.to_string(),
            "sum(rate(h[5m])) / (sum(rate(h[5m])) + sum(rate(m[5m])))"
        );
    }

    #[test]
    fn check_rejects_bad_promql() {
        assert!(check("rate(x[5m]").is_err());
        assert!(check("1 > 0").is_err());
        assert!(check("x[5m]").is_err());
        assert!(check("up == 0").is_ok());
        let parsed =
            check(r#"rate(a_total[5m]) / rate(b_total{x="y"}[5m]) > 0.05 or {__name__="c"}"#);
        let names = parsed.map(|p| selected_metrics(&p));
        assert_eq!(
            names,
            Ok(vec!["a_total".into(), "b_total".into(), "c".into()])
        );
    }

    /// `(label, role, series)` of every use, and whether the expression makes labels.
    fn uses(text: &str) -> (Vec<(String, LabelRole, Vec<String>)>, bool) {
        let parsed = check(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        let found = used_labels(&parsed);
        (
            found
                .uses
                .into_iter()
                .map(|u| (u.label, u.role, u.series))
                .collect(),
            found.makes_labels,
        )
    }

    fn one(label: &str, role: LabelRole, series: &[&str]) -> (String, LabelRole, Vec<String>) {
        (
            label.to_owned(),
            role,
            series.iter().map(|s| (*s).to_owned()).collect(),
        )
    }

    #[test]
    fn walker_reads_selector_matchers_without_the_name() {
        let (found, makes) = uses(
            r#"sum(rate(a_total{region="eu", status=~"5.."}[5m])) / sum(rate(b_total{method!="GET"}[5m])) > 0 or {__name__="c", zone="z"} > 1 or {job="x"} > 1"#,
        );
        assert_eq!(
            found,
            vec![
                one("region", LabelRole::Matcher, &["a_total"]),
                one("status", LabelRole::Matcher, &["a_total"]),
                one("method", LabelRole::Matcher, &["b_total"]),
                one("zone", LabelRole::Matcher, &["c"]),
            ]
        );
        assert!(!makes);
        // A label matched twice on the same series is listed once.
        let (found, _) = uses(r#"a{x="1"} > 1 or a{x="2"} < 0"#);
        assert_eq!(found, vec![one("x", LabelRole::Matcher, &["a"])]);
        // `or` matchers too.
        let (found, _) = uses(r#"a{x="1" or y="2"} > 1"#);
        assert_eq!(
            found,
            vec![
                one("x", LabelRole::Matcher, &["a"]),
                one("y", LabelRole::Matcher, &["a"]),
            ]
        );
    }

    #[test]
    fn walker_attributes_by_and_without_to_the_aggregated_metrics() {
        let (found, makes) = uses(
            "sum by (region, method) (rate(a_total[5m]) + rate(b_total[5m])) > 1 or max without (pod) (c) > 2",
        );
        assert_eq!(
            found,
            vec![
                one("region", LabelRole::By, &["a_total", "b_total"]),
                one("method", LabelRole::By, &["a_total", "b_total"]),
                one("pod", LabelRole::Without, &["c"]),
            ]
        );
        assert!(!makes);
        // A parameter is not grouped: topk's `by` applies to the ranked expression only.
        let (found, _) = uses("topk by (route) (3, rate(a_total[5m])) > 1");
        assert_eq!(found, vec![one("route", LabelRole::By, &["a_total"])]);
    }

    #[test]
    fn walker_attributes_on_ignoring_and_group_clauses() {
        let (found, _) = uses("a / on (instance, job) group_left (team) b > 1");
        assert_eq!(
            found,
            vec![
                one("instance", LabelRole::On, &["a", "b"]),
                one("job", LabelRole::On, &["a", "b"]),
                one("team", LabelRole::GroupLeft, &["b"]),
            ]
        );
        let (found, _) = uses(
            r#"rate(errors_total{code="500"}[5m]) / ignoring (code) group_right (owner) rate(requests_total[5m]) > 0.1"#,
        );
        assert_eq!(
            found,
            vec![
                one("code", LabelRole::Matcher, &["errors_total"]),
                one(
                    "code",
                    LabelRole::Ignoring,
                    &["errors_total", "requests_total"]
                ),
                one("owner", LabelRole::GroupRight, &["errors_total"]),
            ]
        );
        // Set operators take on/ignoring too.
        let (found, _) = uses("a > 1 and on (zone) b > 0");
        assert_eq!(found, vec![one("zone", LabelRole::On, &["a", "b"])]);
    }

    #[test]
    fn walker_keeps_le_on_the_bucket_series() {
        let (found, _) = uses(
            r#"histogram_quantile(0.95, sum by (le, route) (rate(lat_seconds_bucket{le!="+Inf"}[5m]))) > 0.5"#,
        );
        assert_eq!(
            found,
            vec![
                one("le", LabelRole::Matcher, &["lat_seconds_bucket"]),
                one("le", LabelRole::By, &["lat_seconds_bucket"]),
                one("route", LabelRole::By, &["lat_seconds_bucket"]),
            ]
        );
    }

    #[test]
    fn walker_notes_label_makers() {
        for text in [
            r#"sum by (svc) (label_replace(rate(a_total[5m]), "svc", "$1", "service", "(.*)")) > 1"#,
            r#"sum by (key) (label_join(a, "key", "-", "x", "y")) > 1"#,
            r#"count_values("version", build_info) > 1"#,
        ] {
            let (found, makes) = uses(text);
            assert!(makes, "{text}");
            assert!(
                found.iter().all(|(l, _, _)| l != "__name__"),
                "{text}: {found:?}"
            );
        }
        let (found, _) = uses(
            r#"sum by (svc) (label_replace(rate(a_total{x="1"}[5m]), "svc", "$1", "service", "(.*)")) > 1"#,
        );
        assert_eq!(
            found,
            vec![
                one("x", LabelRole::Matcher, &["a_total"]),
                one("svc", LabelRole::By, &["a_total"]),
            ]
        );
    }

    #[test]
    fn quotes_strings() {
        assert_eq!(quote(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(quote("x\ny"), r#""x\ny""#);
    }
}
