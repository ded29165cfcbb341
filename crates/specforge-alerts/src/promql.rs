//! PromQL: a small expression builder for the conditions specforge compiles, and the parser
//! check every expression goes through before it is emitted.
//!
//! Expressions are built as values ([`Expr`]) from validated metric and label names and
//! exact [`Decimal`] thresholds, then printed; nothing from the spec is pasted into PromQL
//! text. Label values are quoted by [`quote`], the one quoting function for PromQL strings.
//! The printed text is then parsed with the `promql-parser` crate ([`check`]); PromQL written
//! in the spec goes through the same check and is used as written.

use crate::decimal::Decimal;
use crate::duration::Duration;
use promql_parser::parser::{self, value::ValueType};
use std::fmt;

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

/// Every metric name a parsed expression selects, in order of appearance, without repeats.
pub fn selected_metrics(expr: &parser::Expr) -> Vec<String> {
    let mut out = Vec::new();
    walk(expr, &mut out);
    out
}

fn walk(expr: &parser::Expr, out: &mut Vec<String>) {
    use parser::Expr as E;
    let mut push = |vs: &parser::VectorSelector| {
        let name = vs.name.clone().or_else(|| {
            vs.matchers
                .matchers
                .iter()
                .find(|m| m.name == "__name__")
                .map(|m| m.value.clone())
        });
        if let Some(name) = name
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

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn quotes_strings() {
        assert_eq!(quote(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(quote("x\ny"), r#""x\ny""#);
    }
}
