//! The prose condition grammar: from a condition cell to a [`Phrase`], before any metric is
//! bound.
//!
//! ```text
//! condition  := clause [ "for" ["at least"] DURATION ] [ "over" DURATION ]
//! clause     := words* CMP value words*             (one comparison, words on either side)
//!             | "no" ("requests" | "traffic")       (no-traffic; its DURATION is the window)
//!             | "zero requests" | "service down"
//!             | "no" ("healthy" | "up" | …) ("instances" | "replicas" | …)   (healthy instances == 0)
//! CMP        := ">" | ">=" | "≥" | "<" | "<=" | "≤" | "==" | "=" | "!=" | "≠"
//!             | "above" | "over" | "exceeds" | "more than" | "greater than" | "at least"
//!             | "below" | "under" | "less than" | "fewer than" | "at most"
//! value      := NUMBER "%" | NUMBER "percent"            (a ratio: 1% → 0.01)
//!             | NUMBER TIME-UNIT                          (seconds: 500ms → 0.5)
//!             | NUMBER [word] ("/" | "per") TIME-UNIT     (a count per unit: 100/min)
//!             | NUMBER                                    (a plain value; 1,000 allowed)
//!             | "true" | "false"                          (1 and 0: a 0/1 gauge)
//! ```
//!
//! The words around the comparison choose the shape; the first rule that applies wins:
//!
//! | words | shape | value |
//! |---|---|---|
//! | `p95`, `p99.9`, `95th percentile` (+ latency, response time, duration) | percentile | time |
//! | `average`, `avg`, `mean` (+ latency words) | average | time |
//! | `healthy`, `up`, `running`, `ready` + `instances`, `replicas`, `pods`, `targets` | healthy instances | N |
//! | `hit` / `hits` (+ rate, ratio, cache) | hit rate | % |
//! | `success`, `successful` (+ rate, ratio) | success ratio | % |
//! | `errors`, `error`, `5xx` (+ rate, ratio, requests, http, server) | error ratio | % |
//! | `utilized`, `utilization`, `used`, `usage`, `of` (`> 90% of pool`) | utilization | % |
//! | `free`, `disk`, `space`, `filesystem` | disk free | % |
//! | none, value per unit (`> 10 failures/min`: the word before `/` is the subject) | counter rate | N/unit |
//! | none, plain value | gauge threshold | N |
//!
//! Words the shape does not consume are the *subject*: `queue depth`, `cache`, `pool`, or a
//! metric name such as `ledger_outbox_depth`. Binding ([`crate::binding`]) turns the subject
//! into a declared metric or reports it as not understood. Shapes that take no subject (disk
//! free, no traffic) report leftover words at once.

use crate::decimal::Decimal;
use crate::duration::{Duration, unit_millis};

/// A comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `==`
    Eq,
    /// `!=`
    Ne,
}

impl Cmp {
    /// The PromQL operator.
    pub fn as_str(self) -> &'static str {
        match self {
            Cmp::Gt => ">",
            Cmp::Ge => ">=",
            Cmp::Lt => "<",
            Cmp::Le => "<=",
            Cmp::Eq => "==",
            Cmp::Ne => "!=",
        }
    }

    /// The comparison with its sides swapped in meaning: `<` for `>`, `>=` for `<=`; `==` and
    /// `!=` stay.
    pub fn reversed(self) -> Cmp {
        match self {
            Cmp::Gt => Cmp::Lt,
            Cmp::Ge => Cmp::Le,
            Cmp::Lt => Cmp::Gt,
            Cmp::Le => Cmp::Ge,
            other => other,
        }
    }

    /// True for `>` and `>=`.
    pub fn is_upper(self) -> bool {
        matches!(self, Cmp::Gt | Cmp::Ge)
    }

    /// True for `>`, `>=`, `<`, `<=`.
    pub fn is_ordering(self) -> bool {
        !matches!(self, Cmp::Eq | Cmp::Ne)
    }
}

/// What the number of a condition measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// No unit.
    Plain,
    /// `%`: the number is already divided by 100.
    Ratio,
    /// A time: the number is in seconds.
    Seconds,
    /// A count per time unit (`100/min`): the number is the count, this is the unit.
    Per(Duration),
}

/// The shape of a condition, from its key words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PhraseKind {
    /// `> 1% errors`
    ErrorRatio,
    /// `p95 > 500ms`
    Percentile {
        /// The quantile: `p95` → 0.95.
        quantile: Decimal,
    },
    /// `>1s average`
    Average,
    /// `No requests for 2m`
    NoTraffic,
    /// `<10% free`
    DiskFree,
    /// `> 80% utilized`
    Utilization,
    /// `Hit rate < 80%`
    HitRate,
    /// `> 100/min`
    CounterRate {
        /// The unit of the count.
        per: Duration,
    },
    /// `Depth > 1000`
    Threshold,
    /// `healthy instances < 2`, `No healthy instances`: targets of the service's job that are up.
    HealthyInstances,
    /// `Success rate < 90%`: the complement of an error ratio, or a ratio gauge.
    SuccessRatio,
}

/// A word of the condition as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// As written.
    pub text: String,
    /// Lower-case.
    pub lower: String,
}

/// A condition understood syntactically.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    /// The shape.
    pub kind: PhraseKind,
    /// The comparison (`==` for no traffic).
    pub cmp: Cmp,
    /// The threshold, converted (ratio, seconds, count per unit or plain).
    pub threshold: Decimal,
    /// The threshold as written (`1%`, `500ms`).
    pub threshold_text: String,
    /// Words left for binding: metric names or words of metric names.
    pub subject: Vec<Word>,
    /// `for D` at the end of the condition.
    pub for_duration: Option<Duration>,
    /// `over D` at the end, or the duration of `No requests for D`.
    pub window: Option<Duration>,
}

/// Why a condition could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrammarError {
    /// What went wrong (lower-case, no trailing period).
    pub message: String,
    /// How to fix the row.
    pub help: String,
}

fn error(message: impl Into<String>, help: impl Into<String>) -> GrammarError {
    GrammarError {
        message: message.into(),
        help: help.into(),
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Cmp(Cmp),
    Num(Decimal, String),
    Word(Word),
    Slash,
    Percent,
    Other(char),
}

fn tokenize(text: &str) -> Vec<Tok> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let word_char = |c: char| c.is_alphanumeric() || c == '_' || c == ':';
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        match c {
            c if c.is_whitespace() || matches!(c, '(' | ')' | ',' | ';' | '`') => {
                i += 1;
            }
            '>' | '<' | '=' | '!' => {
                let (cmp, len) = match (c, next) {
                    ('>', Some('=')) => (Some(Cmp::Ge), 2),
                    ('<', Some('=')) => (Some(Cmp::Le), 2),
                    ('=', Some('=')) => (Some(Cmp::Eq), 2),
                    ('!', Some('=')) => (Some(Cmp::Ne), 2),
                    ('>', _) => (Some(Cmp::Gt), 1),
                    ('<', _) => (Some(Cmp::Lt), 1),
                    ('=', _) => (Some(Cmp::Eq), 1),
                    _ => (None, 1),
                };
                out.push(cmp.map_or(Tok::Other(c), Tok::Cmp));
                i += len;
            }
            '≥' => {
                out.push(Tok::Cmp(Cmp::Ge));
                i += 1;
            }
            '≤' => {
                out.push(Tok::Cmp(Cmp::Le));
                i += 1;
            }
            '≠' => {
                out.push(Tok::Cmp(Cmp::Ne));
                i += 1;
            }
            '/' => {
                out.push(Tok::Slash);
                i += 1;
            }
            '%' => {
                out.push(Tok::Percent);
                i += 1;
            }
            c if c.is_ascii_digit() => {
                let start = i;
                while i < chars.len() && chars[i].is_ascii_digit() {
                    i += 1;
                }
                // Thousands groups: `,ddd` not followed by another digit.
                while i + 3 < chars.len()
                    && chars[i] == ','
                    && chars[i + 1..=i + 3].iter().all(char::is_ascii_digit)
                    && !chars.get(i + 4).is_some_and(char::is_ascii_digit)
                {
                    i += 4;
                }
                if chars.get(i) == Some(&'.') && chars.get(i + 1).is_some_and(char::is_ascii_digit)
                {
                    i += 1;
                    while i < chars.len() && chars[i].is_ascii_digit() {
                        i += 1;
                    }
                }
                let number: String = chars[start..i].iter().collect();
                let suffix_start = i;
                while i < chars.len() && word_char(chars[i]) {
                    i += 1;
                }
                let suffix: String = chars[suffix_start..i].iter().collect();
                let all: String = chars[start..i].iter().collect();
                match Decimal::parse(&number) {
                    Some(value) if suffix.is_empty() || unit_millis(&suffix).is_some() => {
                        out.push(Tok::Num(value, suffix));
                    }
                    // `5xx`, `95th`, `2x`: a word that starts with a digit.
                    _ => out.push(Tok::Word(Word {
                        lower: all.to_lowercase(),
                        text: all,
                    })),
                }
            }
            c if word_char(c) => {
                let start = i;
                while i < chars.len()
                    && (word_char(chars[i])
                        || chars[i] == '.' && chars.get(i + 1).is_some_and(|n| word_char(*n)))
                {
                    i += 1;
                }
                let text: String = chars[start..i].iter().collect();
                out.push(Tok::Word(Word {
                    lower: text.to_lowercase(),
                    text,
                }));
            }
            '.' if i + 1 == chars.len() => i += 1,
            other => {
                out.push(Tok::Other(other));
                i += 1;
            }
        }
    }
    out
}

#[derive(Debug, Clone)]
enum Item {
    Cmp(Cmp, String),
    Value(Decimal, Unit, String),
    Word(Word),
    Other(String),
}

fn time_unit(word: &str) -> Option<Duration> {
    Duration::from_value(Decimal::from_int(1), word)
}

/// Joins numbers with their units: `5 min`, `10 %`, `100/min`, `100 req/s`, `10 per minute`.
fn items(tokens: Vec<Tok>) -> Vec<Item> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i] {
            Tok::Num(value, suffix) => {
                let value = *value;
                let raw = format!("{value}{suffix}");
                if !suffix.is_empty() {
                    // An attached time unit (`500ms`, `5m`): the value in seconds, exactly.
                    let seconds = unit_millis(suffix)
                        .and_then(|ms| value.mul_int(i64::try_from(ms).ok()?)?.shift_down(3));
                    match seconds {
                        Some(s) => out.push(Item::Value(s, Unit::Seconds, raw)),
                        None => out.push(Item::Other(raw)),
                    }
                    i += 1;
                    continue;
                }
                match (tokens.get(i + 1), tokens.get(i + 2), tokens.get(i + 3)) {
                    (Some(Tok::Percent), ..) => {
                        let ratio = value.shift_down(2);
                        match ratio {
                            Some(r) => out.push(Item::Value(r, Unit::Ratio, format!("{value}%"))),
                            None => out.push(Item::Other(raw)),
                        }
                        i += 2;
                    }
                    (Some(Tok::Word(w)), ..) if w.lower == "percent" => {
                        match value.shift_down(2) {
                            Some(r) => {
                                out.push(Item::Value(r, Unit::Ratio, format!("{value} percent")))
                            }
                            None => out.push(Item::Other(raw)),
                        }
                        i += 2;
                    }
                    (Some(Tok::Slash), Some(Tok::Word(u)), _) if time_unit(&u.lower).is_some() => {
                        if let Some(per) = time_unit(&u.lower) {
                            out.push(Item::Value(
                                value,
                                Unit::Per(per),
                                format!("{value}/{}", u.text),
                            ));
                        }
                        i += 3;
                    }
                    (Some(Tok::Word(w)), Some(Tok::Slash), Some(Tok::Word(u)))
                        if time_unit(&u.lower).is_some() =>
                    {
                        if let Some(per) = time_unit(&u.lower) {
                            out.push(Item::Value(
                                value,
                                Unit::Per(per),
                                format!("{value} {}/{}", w.text, u.text),
                            ));
                            out.push(Item::Word(w.clone()));
                        }
                        i += 4;
                    }
                    (Some(Tok::Word(p)), Some(Tok::Word(u)), _)
                        if p.lower == "per" && time_unit(&u.lower).is_some() =>
                    {
                        if let Some(per) = time_unit(&u.lower) {
                            out.push(Item::Value(
                                value,
                                Unit::Per(per),
                                format!("{value} per {}", u.text),
                            ));
                        }
                        i += 3;
                    }
                    (Some(Tok::Word(u)), ..)
                        if unit_millis(&u.lower).is_some() && u.lower.len() > 1 =>
                    {
                        let seconds = unit_millis(&u.lower)
                            .and_then(|ms| value.mul_int(i64::try_from(ms).ok()?)?.shift_down(3));
                        match seconds {
                            Some(s) => out.push(Item::Value(
                                s,
                                Unit::Seconds,
                                format!("{value} {}", u.text),
                            )),
                            None => out.push(Item::Other(raw)),
                        }
                        i += 2;
                    }
                    _ => {
                        out.push(Item::Value(value, Unit::Plain, raw));
                        i += 1;
                    }
                }
            }
            Tok::Cmp(c) => {
                out.push(Item::Cmp(*c, c.as_str().to_owned()));
                i += 1;
            }
            // `sealed == true`: a 0/1 gauge compared with a boolean.
            Tok::Word(w)
                if matches!(w.lower.as_str(), "true" | "false")
                    && matches!(out.last(), Some(Item::Cmp(..))) =>
            {
                let value = Decimal::from_int(i64::from(w.lower == "true"));
                out.push(Item::Value(value, Unit::Plain, w.text.clone()));
                i += 1;
            }
            Tok::Word(w) => {
                out.push(Item::Word(w.clone()));
                i += 1;
            }
            Tok::Slash => {
                out.push(Item::Other("/".into()));
                i += 1;
            }
            Tok::Percent => {
                out.push(Item::Other("%".into()));
                i += 1;
            }
            Tok::Other(c) => {
                out.push(Item::Other(c.to_string()));
                i += 1;
            }
        }
    }
    out
}

fn seconds_to_duration(seconds: Decimal) -> Option<Duration> {
    let millis = seconds.mul_int(1000)?.to_int()?;
    Some(Duration::from_millis(u64::try_from(millis).ok()?))
}

fn is_word(item: &Item, word: &str) -> bool {
    matches!(item, Item::Word(w) if w.lower == word)
}

/// Removes a trailing `for [at least] D` or `over D`; returns (for, window). `over D` counts
/// as a window only when a threshold comes before it (`p95 over 500ms` is a comparison).
fn trailing_clauses(
    items: &mut Vec<Item>,
) -> Result<(Option<Duration>, Option<Duration>), GrammarError> {
    let mut for_d = None;
    let mut window = None;
    loop {
        let n = items.len();
        let Some(Item::Value(v, Unit::Seconds, raw)) = items.last() else {
            break;
        };
        let (v, raw) = (*v, raw.clone());
        let word = |k: usize, w: &str| n >= k && is_word(&items[n - k], w);
        let (is_for, drop) = if word(4, "for") && word(3, "at") && word(2, "least") {
            (true, 4)
        } else if word(2, "for") {
            (true, 2)
        } else if (word(2, "over") || word(2, "within"))
            && items[..n - 2].iter().any(|i| matches!(i, Item::Value(..)))
        {
            (false, 2)
        } else {
            break;
        };
        let duration = seconds_to_duration(v).ok_or_else(|| {
            error(
                format!("`{raw}` is not a whole number of milliseconds"),
                "write the duration as `5m`, `30s` or `1h`",
            )
        })?;
        let slot = if is_for { &mut for_d } else { &mut window };
        if slot.is_some() {
            return Err(error(
                format!(
                    "the condition states two `{}` durations",
                    if is_for { "for" } else { "over" }
                ),
                "keep one duration",
            ));
        }
        *slot = Some(duration);
        items.truncate(n - drop);
    }
    Ok((for_d, window))
}

const CMP_WORDS: [(&[&str], Cmp); 12] = [
    (&["more", "than"], Cmp::Gt),
    (&["greater", "than"], Cmp::Gt),
    (&["less", "than"], Cmp::Lt),
    (&["fewer", "than"], Cmp::Lt),
    (&["at", "least"], Cmp::Ge),
    (&["at", "most"], Cmp::Le),
    (&["above"], Cmp::Gt),
    (&["over"], Cmp::Gt),
    (&["exceeds"], Cmp::Gt),
    (&["exceed"], Cmp::Gt),
    (&["below"], Cmp::Lt),
    (&["under"], Cmp::Lt),
];

/// Turns comparison words into a comparison when they stand right before the value and no
/// symbol is written.
fn word_comparison(items: &mut Vec<Item>) {
    if items.iter().any(|i| matches!(i, Item::Cmp(..))) {
        return;
    }
    for at in 0..items.len() {
        for (words, cmp) in CMP_WORDS {
            let end = at + words.len();
            if end < items.len()
                && matches!(items[end], Item::Value(..))
                && words
                    .iter()
                    .enumerate()
                    .all(|(k, w)| is_word(&items[at + k], w))
            {
                let text = words.join(" ");
                items.splice(at..end, [Item::Cmp(cmp, text)]);
                return;
            }
        }
    }
}

fn percentile(word: &str) -> Option<Decimal> {
    let digits = word.strip_prefix('p')?;
    let value = Decimal::parse(digits)?;
    if digits.contains(',') || value.is_zero() || value >= Decimal::from_int(100) {
        return None;
    }
    value.shift_down(2)
}

fn ordinal_percentile(word: &str) -> Option<Decimal> {
    let digits = word
        .strip_suffix("th")
        .or_else(|| word.strip_suffix("st"))
        .or_else(|| word.strip_suffix("nd"))
        .or_else(|| word.strip_suffix("rd"))?;
    percentile(&format!("p{digits}"))
}

const LATENCY_WORDS: [&str; 12] = [
    "latency",
    "latencies",
    "response",
    "responses",
    "time",
    "times",
    "duration",
    "request",
    "requests",
    "api",
    "http",
    "the",
];
const ERROR_WORDS: [&str; 4] = ["errors", "error", "5xx", "5xxs"];
const ERROR_FILLER: [&str; 10] = [
    "rate",
    "ratio",
    "percentage",
    "requests",
    "request",
    "http",
    "api",
    "server",
    "of",
    "the",
];
const HIT_FILLER: [&str; 4] = ["rate", "ratio", "percentage", "the"];
const UTIL_WORDS: [&str; 7] = [
    "utilized",
    "utilised",
    "utilization",
    "utilisation",
    "used",
    "usage",
    "of",
];
const DISK_WORDS: [&str; 6] = ["free", "disk", "space", "filesystem", "available", "the"];
const FILLER: [&str; 3] = ["the", "is", "are"];
const HEALTHY_WORDS: [&str; 7] = [
    "healthy",
    "up",
    "running",
    "ready",
    "live",
    "alive",
    "available",
];
const INSTANCE_WORDS: [&str; 10] = [
    "instance",
    "instances",
    "replica",
    "replicas",
    "pod",
    "pods",
    "target",
    "targets",
    "node",
    "nodes",
];
const SUCCESS_WORDS: [&str; 3] = ["success", "successful", "succeeded"];

/// `healthy instances`, `running pods`, `number of ready replicas`: a health word, an
/// instance word, and nothing else but filler.
fn healthy_instances(words: &[Word]) -> bool {
    let core = without(
        words,
        &["the", "is", "are", "of", "number", "count", "service"],
    );
    has(&core, &HEALTHY_WORDS)
        && has(&core, &INSTANCE_WORDS)
        && core.iter().all(|w| {
            HEALTHY_WORDS.contains(&w.lower.as_str()) || INSTANCE_WORDS.contains(&w.lower.as_str())
        })
}

fn has(words: &[Word], set: &[&str]) -> bool {
    words.iter().any(|w| set.contains(&w.lower.as_str()))
}

fn without(words: &[Word], set: &[&str]) -> Vec<Word> {
    words
        .iter()
        .filter(|w| !set.contains(&w.lower.as_str()))
        .cloned()
        .collect()
}

fn quoted(words: &[Word]) -> String {
    let texts: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
    format!("`{}`", texts.join(" "))
}

/// Help text naming the two ways to fix a row.
pub const FIX: &str = "name a metric from the Metrics table, or write the PromQL in backticks (`rate(x_total[5m]) > 1`)";

/// Reads a condition.
pub fn parse(text: &str) -> Result<Phrase, GrammarError> {
    let mut items = items(tokenize(text));
    if let Some(Item::Other(o)) = items.iter().find(|i| matches!(i, Item::Other(_))) {
        return Err(error(
            format!("`{o}` is not part of the condition grammar"),
            FIX,
        ));
    }
    let (for_duration, window) = trailing_clauses(&mut items)?;
    word_comparison(&mut items);
    let cmps: Vec<usize> = items
        .iter()
        .enumerate()
        .filter(|(_, i)| matches!(i, Item::Cmp(..)))
        .map(|(k, _)| k)
        .collect();
    let all_words = |items: &[Item]| -> Vec<Word> {
        items
            .iter()
            .filter_map(|i| match i {
                Item::Word(w) => Some(w.clone()),
                _ => None,
            })
            .collect()
    };
    if cmps.is_empty() {
        return no_traffic(&items, all_words(&items), for_duration, window);
    }
    if cmps.len() > 1 {
        return Err(error(
            "the condition has more than one comparison",
            "split it into one alert per comparison, or write the PromQL in backticks",
        ));
    }
    let at = cmps[0];
    let Item::Cmp(cmp, cmp_text) = &items[at] else {
        return Err(error("internal: comparison expected", FIX));
    };
    let (cmp, cmp_text) = (*cmp, cmp_text.clone());
    let Some(Item::Value(threshold, unit, threshold_text)) = items.get(at + 1).cloned() else {
        return Err(error(
            format!("`{cmp_text}` is not followed by a number"),
            "write the threshold right after the comparison (`> 1%`, `> 500ms`, `> 1000`)",
        ));
    };
    let stray_value = items
        .iter()
        .enumerate()
        .find(|(k, i)| *k != at + 1 && matches!(i, Item::Value(..)));
    if let Some((_, Item::Value(_, _, raw))) = stray_value {
        return Err(error(
            format!("`{raw}` is a second number the grammar does not place"),
            FIX,
        ));
    }
    let words = all_words(&items);
    let phrase = |kind: PhraseKind, subject: Vec<Word>| Phrase {
        kind,
        cmp,
        threshold,
        threshold_text: threshold_text.clone(),
        subject,
        for_duration,
        window,
    };

    if healthy_instances(&words) {
        if unit != Unit::Plain || !threshold.is_integer() {
            return Err(error(
                format!("`{threshold_text}` is not a number of instances"),
                "write a whole number of instances (`healthy instances < 2`)",
            ));
        }
        return Ok(phrase(PhraseKind::HealthyInstances, Vec::new()));
    }

    // Percentile and average: a time threshold on a histogram.
    let quantile = words.iter().find_map(|w| percentile(&w.lower));
    let ordinal = words
        .windows(2)
        .find(|p| p[1].lower == "percentile")
        .and_then(|p| ordinal_percentile(&p[0].lower).map(|q| (q, p[0].lower.clone())));
    if let Some((quantile, ordinal_word)) = quantile.map(|q| (q, String::new())).or(ordinal) {
        let subject: Vec<Word> = words
            .iter()
            .filter(|w| {
                percentile(&w.lower).is_none()
                    && w.lower != "percentile"
                    && w.lower != ordinal_word
                    && !LATENCY_WORDS.contains(&w.lower.as_str())
            })
            .cloned()
            .collect();
        expect_unit(unit, Unit::Seconds, &threshold_text, "a latency percentile")?;
        expect_ordering(cmp, &cmp_text)?;
        if threshold.is_zero() {
            return Err(error(
                format!("a latency threshold of `{threshold_text}` is always exceeded"),
                "write a threshold above zero",
            ));
        }
        return Ok(phrase(PhraseKind::Percentile { quantile }, subject));
    }
    if has(&words, &["average", "avg", "mean"]) {
        let mut set = LATENCY_WORDS.to_vec();
        set.extend(["average", "avg", "mean"]);
        expect_unit(unit, Unit::Seconds, &threshold_text, "an average latency")?;
        expect_ordering(cmp, &cmp_text)?;
        return Ok(phrase(PhraseKind::Average, without(&words, &set)));
    }
    if has(&words, &["hit", "hits"]) {
        let mut set = HIT_FILLER.to_vec();
        set.extend(["hit", "hits"]);
        expect_unit(unit, Unit::Ratio, &threshold_text, "a hit rate")?;
        expect_ordering(cmp, &cmp_text)?;
        expect_at_most_one(threshold, &threshold_text)?;
        return Ok(phrase(PhraseKind::HitRate, without(&words, &set)));
    }
    if has(&words, &SUCCESS_WORDS) && unit == Unit::Ratio {
        let mut set = ERROR_FILLER.to_vec();
        set.extend(SUCCESS_WORDS);
        expect_ordering(cmp, &cmp_text)?;
        expect_at_most_one(threshold, &threshold_text)?;
        return Ok(phrase(PhraseKind::SuccessRatio, without(&words, &set)));
    }
    if has(&words, &ERROR_WORDS) {
        let mut set = ERROR_FILLER.to_vec();
        set.extend(ERROR_WORDS);
        expect_unit(unit, Unit::Ratio, &threshold_text, "an error ratio")?;
        expect_ordering(cmp, &cmp_text)?;
        expect_at_most_one(threshold, &threshold_text)?;
        return Ok(phrase(PhraseKind::ErrorRatio, without(&words, &set)));
    }
    if has(&words, &UTIL_WORDS) {
        expect_unit(unit, Unit::Ratio, &threshold_text, "a utilization")?;
        expect_ordering(cmp, &cmp_text)?;
        expect_at_most_one(threshold, &threshold_text)?;
        return Ok(phrase(
            PhraseKind::Utilization,
            without(&words, &UTIL_WORDS),
        ));
    }
    if has(&words, &["free", "disk"]) {
        let rest = without(&words, &DISK_WORDS);
        if !rest.is_empty() {
            return Err(error(
                format!(
                    "the words {} were not understood in a disk-space condition",
                    quoted(&rest)
                ),
                "write the disk condition as `< 10% free`, or the PromQL in backticks",
            ));
        }
        expect_unit(unit, Unit::Ratio, &threshold_text, "free disk space")?;
        expect_ordering(cmp, &cmp_text)?;
        expect_at_most_one(threshold, &threshold_text)?;
        return Ok(phrase(PhraseKind::DiskFree, Vec::new()));
    }
    match unit {
        Unit::Per(per) => {
            expect_ordering(cmp, &cmp_text)?;
            Ok(phrase(
                PhraseKind::CounterRate { per },
                without(&words, &FILLER),
            ))
        }
        Unit::Plain => Ok(phrase(PhraseKind::Threshold, without(&words, &FILLER))),
        Unit::Seconds => Err(error(
            format!(
                "`{threshold_text}` is a duration, and the condition does not say which statistic of the latency it bounds{}",
                unknown_suffix(&without(&words, &FILLER))
            ),
            "write a percentile (`p95 > 500ms`) or an average (`> 1s average`)",
        )),
        Unit::Ratio => Err(error(
            format!(
                "`{threshold_text}` is a percentage, and the condition does not say of what{}",
                unknown_suffix(&without(&words, &FILLER))
            ),
            "write `> 1% errors`, `hit rate < 80%`, `< 10% free` or `> 80% utilized`, or the PromQL in backticks",
        )),
    }
}

fn unknown_suffix(words: &[Word]) -> String {
    if words.is_empty() {
        String::new()
    } else {
        format!(" (the words {} were not understood)", quoted(words))
    }
}

fn expect_unit(got: Unit, want: Unit, text: &str, what: &str) -> Result<(), GrammarError> {
    let same = matches!(
        (got, want),
        (Unit::Seconds, Unit::Seconds) | (Unit::Ratio, Unit::Ratio)
    );
    if same {
        return Ok(());
    }
    let example = match want {
        Unit::Seconds => "`500ms` or `1s`",
        _ => "a percentage such as `1%`",
    };
    Err(error(
        format!("the threshold `{text}` of {what} has the wrong unit"),
        format!("write the threshold as {example}"),
    ))
}

fn expect_ordering(cmp: Cmp, text: &str) -> Result<(), GrammarError> {
    if cmp.is_ordering() {
        Ok(())
    } else {
        Err(error(
            format!("`{text}` cannot compare a rate, ratio or latency"),
            "use `>`, `>=`, `<` or `<=`",
        ))
    }
}

fn expect_at_most_one(ratio: Decimal, text: &str) -> Result<(), GrammarError> {
    if ratio <= Decimal::from_int(1) {
        Ok(())
    } else {
        Err(error(
            format!("the percentage `{text}` is above 100%"),
            "write a percentage between 0% and 100%",
        ))
    }
}

fn no_traffic(
    items: &[Item],
    words: Vec<Word>,
    for_duration: Option<Duration>,
    window: Option<Duration>,
) -> Result<Phrase, GrammarError> {
    let lower: Vec<&str> = words.iter().map(|w| w.lower.as_str()).collect();
    let only_words = items.iter().all(|i| matches!(i, Item::Word(_)));
    let core: Vec<&str> = lower
        .iter()
        .copied()
        .filter(|w| !matches!(*w, "http" | "api" | "incoming" | "the" | "is"))
        .collect();
    let matched = only_words
        && matches!(
            core.as_slice(),
            ["no", "requests" | "request" | "traffic"]
                | ["zero", "requests" | "traffic"]
                | ["service", "down"]
                | ["down"]
        );
    if only_words && lower.first() == Some(&"no") && healthy_instances(&without(&words, &["no"])) {
        return Ok(Phrase {
            kind: PhraseKind::HealthyInstances,
            cmp: Cmp::Eq,
            threshold: Decimal::ZERO,
            threshold_text: "0".to_owned(),
            subject: Vec::new(),
            for_duration,
            window,
        });
    }
    if matched {
        if window.is_some() {
            return Err(error(
                "a no-traffic condition takes `for D`, not `over D`",
                "write `No requests for 2m`",
            ));
        }
        return Ok(Phrase {
            kind: PhraseKind::NoTraffic,
            cmp: Cmp::Eq,
            threshold: Decimal::ZERO,
            threshold_text: "0".to_owned(),
            subject: Vec::new(),
            for_duration: None,
            window: for_duration,
        });
    }
    let known = [
        "no", "zero", "requests", "request", "traffic", "service", "down",
    ];
    let unknown = without(&words, &known);
    if words.is_empty() || unknown.is_empty() {
        return Err(error(
            "the condition has no comparison (`>`, `<`) and is not a no-traffic condition",
            "write a comparison and a threshold (`> 1% errors`, `p95 > 500ms`), `No requests for 2m`, or the PromQL in backticks",
        ));
    }
    Err(error(
        format!(
            "the words {} were not understood, and the condition has no comparison (`>`, `<`)",
            quoted(&unknown)
        ),
        format!("write a comparison and a threshold: {FIX}"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> Phrase {
        match parse(text) {
            Ok(p) => p,
            Err(e) => panic!("{text}: {} ({})", e.message, e.help),
        }
    }

    #[test]
    fn tokens_and_units() {
        let p = ok("> 1,000");
        assert_eq!(p.threshold.to_string(), "1000");
        let p = ok("p95 > 500 ms");
        assert_eq!(p.threshold.to_string(), "0.5");
        let p = ok("p99 > 1.5 seconds");
        assert_eq!(p.threshold.to_string(), "1.5");
        let p = ok("> 10 percent errors");
        assert_eq!(p.threshold.to_string(), "0.1");
        let p = ok("Retries > 100/min");
        assert_eq!(
            p.kind,
            PhraseKind::CounterRate {
                per: Duration::from_minutes(1)
            }
        );
        let p = ok("> 100 per hour");
        assert_eq!(
            p.kind,
            PhraseKind::CounterRate {
                per: Duration::from_minutes(60)
            }
        );
        let p = ok("< 500 req/s");
        assert_eq!(
            p.kind,
            PhraseKind::CounterRate {
                per: Duration::from_millis(1000)
            }
        );
    }
}
