//! Whatever the condition text, compiling and emitting never panics.

mod common;

use specforge_alerts::{AlertsConfig, ConditionInput, compile_condition, emit};

const TOKENS: [&str; 34] = [
    ">", "<", ">=", "==", "!=", "=", "1%", "0.5", "500ms", "1s", "5m", "for", "over", "p95",
    "p99.9", "errors", "5xx", "hit", "rate", "free", "of", "pool", "utilized", "average", "no",
    "requests", "/", "min", "per", "1,000", "`", "{{", "İ", "x_total",
];

#[test]
fn token_soup_never_panics() {
    let metrics = common::spec(
        "# M\n\n**Status**: Approved\n\n| Metric | Type | Labels | Description |\n|---|---|---|---|\n\
         | `x_total` | Counter | status | İİ buckets: 0.1, İ |\n| `y_duration_seconds` | Histogram | - | buckets 1, 2 |\n",
    )
    .observability
    .metrics;
    let config = AlertsConfig::default();
    let mut count = 0;
    for a in TOKENS {
        for b in TOKENS {
            for c in TOKENS {
                let text = format!("{a} {b} {c}");
                let joined = format!("{a}{b}{c}");
                for t in [text.as_str(), joined.as_str()] {
                    for row in [None, Some("x_total"), Some("y_duration_seconds")] {
                        let input = ConditionInput {
                            written_as_code: false,
                            text: t,
                            row_metric: row,
                            for_column: Some(c),
                        };
                        let _ = compile_condition(&input, &metrics, &config);
                        count += 1;
                    }
                }
            }
        }
    }
    assert!(count > 100_000);
}

#[test]
fn hostile_rows_never_panic() {
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let alphabet: Vec<char> = "ab_:%>< =.,/`{}[]()\"'İ高\u{200D}0123456789msh-#*&!@~\n"
        .chars()
        .collect();
    for _ in 0..2000 {
        let mut cell = String::new();
        for _ in 0..(state % 24) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let pick = usize::try_from(state % alphabet.len() as u64).unwrap_or(0);
            let c = alphabet[pick];
            cell.push(if c == '\n' { ' ' } else { c });
        }
        let cell = cell.replace('|', " ");
        let text = format!(
            "# T\n\n**Status**: Approved\n\n| Alert | Condition | Severity | Action | For |\n|---|---|---|---|---|\n| {cell} | {cell} | {cell} | {cell} | {cell} |\n| A | > 1% errors | P1 | {cell} | - |\n"
        );
        let _ = emit(&common::spec(&text), &cell, &AlertsConfig::default());
    }
}
