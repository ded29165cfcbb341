//! `check`'s machine-readable reports: one list of findings (spec diagnostics located in the
//! spec, drift located in the generated file) rendered as SARIF 2.1.0 or GitHub Actions
//! workflow commands. (JSON is the document of [`crate::artifact_report`].)

use serde::Serialize;
use serde_json::{Value, json};
use specforge_model::Code;

/// One finding, located in a file: the JSON array element of CLI-CONTRACT.md.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// `SF-XXXX`.
    pub code: &'static str,
    /// `error`, `warning` or `note`.
    pub severity: &'static str,
    /// The message.
    pub message: String,
    /// The file, as given (`/`-separated).
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column (characters).
    pub column: usize,
    /// End line.
    pub end_line: usize,
    /// End column.
    pub end_column: usize,
    /// How to fix it.
    pub help: Option<String>,
    /// The artifacts this error blocks (omitted when none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub blocks: Vec<&'static str>,
}

/// SARIF 2.1.0: one run, the rules that fired (with their catalogue summaries), one result per
/// finding.
pub fn sarif(findings: &[Finding]) -> String {
    let mut rule_ids: Vec<&'static str> = findings.iter().map(|f| f.code).collect();
    rule_ids.sort_unstable();
    rule_ids.dedup();
    let rules: Vec<Value> = rule_ids
        .iter()
        .map(|id| {
            let code = Code::ALL.iter().find(|c| c.as_str() == *id);
            json!({
                "id": id,
                "shortDescription": {"text": code.map_or("", |c| c.summary())},
                "defaultConfiguration": {"level": code.map_or("error", |c| level(c.default_severity().as_str()))},
                "helpUri": format!("https://example.invalid/specforge#{}", id.to_lowercase()),
            })
        })
        .collect();
    let results: Vec<Value> = findings
        .iter()
        .map(|f| {
            let mut message = f.message.clone();
            if let Some(help) = &f.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            json!({
                "ruleId": f.code,
                "ruleIndex": rule_ids.iter().position(|r| *r == f.code),
                "level": level(f.severity),
                "message": {"text": message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": f.file},
                        "region": {
                            "startLine": f.line,
                            "startColumn": f.column,
                            "endLine": f.end_line,
                            "endColumn": f.end_column,
                        }
                    }
                }],
            })
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "specforge",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://example.invalid/specforge",
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    serde_json::to_string_pretty(&log).unwrap_or_default()
}

fn level(severity: &str) -> &'static str {
    match severity {
        "error" => "error",
        "warning" => "warning",
        _ => "note",
    }
}

/// GitHub Actions workflow commands, one line per finding.
pub fn github(findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        let command = match f.severity {
            "error" => "error",
            "warning" => "warning",
            _ => "notice",
        };
        let mut message = f.message.clone();
        if let Some(help) = &f.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        out.push_str(&format!(
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            property(&f.file),
            f.line,
            f.column,
            f.end_line,
            f.end_column,
            f.code,
            data(&message)
        ));
    }
    out
}

/// Escapes a workflow command's message.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding() -> Finding {
        Finding {
            code: "SF-G002",
            severity: "error",
            message: "50% done,\nreally".to_owned(),
            file: "out/a,b:c.yaml".to_owned(),
            line: 1,
            column: 1,
            end_line: 1,
            end_column: 1,
            help: Some("run it".to_owned()),
            blocks: Vec::new(),
        }
    }

    #[test]
    fn github_commands_escape_their_message_and_properties() {
        assert_eq!(
            github(&[finding()]),
            "::error file=out/a%2Cb%3Ac.yaml,line=1,col=1,endLine=1,endColumn=1,title=SF-G002::50%25 done,%0Areally%0Ahelp: run it\n"
        );
    }

    #[test]
    fn sarif_names_its_rules_and_locates_its_results() {
        let log: Value = serde_json::from_str(&sarif(&[finding()])).unwrap();
        assert_eq!(log["version"], "2.1.0");
        let run = &log["runs"][0];
        assert_eq!(run["tool"]["driver"]["rules"][0]["id"], "SF-G002");
        assert_eq!(run["results"][0]["ruleIndex"], 0);
        assert_eq!(
            run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "out/a,b:c.yaml"
        );
    }
}
