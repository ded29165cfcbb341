//! `alerts.yaml`: the Prometheus rule file, as serde structures.
//!
//! One group per spec. Each rule has `alert`, `expr`, `for` (when stated), `labels`
//! (`severity` and the configured extra labels) and `annotations` (`summary`,
//! `description`, `action`, `runbook_url`, and `original_name` when the alert name
//! was derived). Every text that came from the spec or the
//! configuration is escaped for Prometheus' template engine ([`crate::template`]).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A Prometheus rule file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleFile {
    /// The groups (one).
    pub groups: Vec<RuleGroup>,
}

/// A rule group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleGroup {
    /// Group name.
    pub name: String,
    /// Alerting rules in spec order.
    pub rules: Vec<Rule>,
}

/// An alerting rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    /// CamelCase alert name.
    pub alert: String,
    /// PromQL.
    pub expr: String,
    /// How long the condition must hold.
    #[serde(rename = "for", default, skip_serializing_if = "Option::is_none")]
    pub for_duration: Option<String>,
    /// `severity` and extra labels.
    pub labels: BTreeMap<String, String>,
    /// Human text.
    pub annotations: Annotations,
}

/// The annotations of a rule, in a fixed order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Annotations {
    /// `Name: condition`.
    pub summary: String,
    /// The condition as written.
    pub description: String,
    /// The Action cell.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// The Action when it is a URL, or the configured runbook base plus the alert name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runbook_url: Option<String>,
    /// The alert name as written, when `alert:` had to be derived from it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_name: Option<String>,
}

impl Annotations {
    /// The annotations as a map (what promtool tests compare).
    pub fn to_map(&self) -> BTreeMap<String, String> {
        let mut map = BTreeMap::new();
        map.insert("summary".to_owned(), self.summary.clone());
        map.insert("description".to_owned(), self.description.clone());
        if let Some(a) = &self.action {
            map.insert("action".to_owned(), a.clone());
        }
        if let Some(r) = &self.runbook_url {
            map.insert("runbook_url".to_owned(), r.clone());
        }
        if let Some(n) = &self.original_name {
            map.insert("original_name".to_owned(), n.clone());
        }
        map
    }
}
