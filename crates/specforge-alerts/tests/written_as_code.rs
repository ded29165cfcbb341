//! A condition written as inline code is PromQL: specforge does not guess. Code that does not
//! parse is an error (SF-P009) even when it would pass for prose, and code without a function
//! call is accepted as written.

mod common;
use specforge_alerts::{AlertsConfig, emit};

const SPEC: &str = "# Queue Service\n\n**Status**: Approved\n\n## Metrics\n\n\
| Metric | Type | Labels |\n|---|---|---|\n| `queue_depth` | Gauge | queue |\n\n## Alerts\n\n\
| Alert | Condition | Severity |\n|---|---|---|\n\
| Deep Queue | `queue_depth > 1000` | Warning |\n\
| Prose In Code | `queue depth is high` | Warning |\n";

#[test]
fn code_is_promql_without_guessing() {
    let out = emit(&common::spec(SPEC), "queue.md", &AlertsConfig::default());
    let codes: Vec<&str> = out.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["SF-P009"], "{:?}", out.diagnostics);
    assert!(
        out.diagnostics[0].message.contains("queue depth is high"),
        "{}",
        out.diagnostics[0].message
    );
    let rules = &out.artifacts[0].contents;
    assert!(rules.contains("expr: queue_depth > 1000"), "{rules}");
    assert!(!rules.contains("ProseInCode"), "{rules}");
}
