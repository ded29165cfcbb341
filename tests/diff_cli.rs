//! `specforge diff OLD NEW` and `check --against REF`: one report, one severity policy, one
//! exit code, in human, JSON and Markdown form.

mod common;
use common::*;
use std::path::Path;

const OLD: &str = "# Orders Service - Technical Specification\n\n**Status:** Approved\n\n\
## Data Model\n\n```sql\nCREATE TABLE orders (\n  id uuid PRIMARY KEY,\n  status varchar(20) NOT NULL,\n  total integer NOT NULL\n);\n```\n\n\
## API\n\n#### GET /orders/{id}\n\n**Auth:** Required\n\n**Response (200 OK):**\n\n```json\n{\"id\": \"5f0c2a4e-8d1b-4c7e-9a3f-2b6d8e1f0a7c\", \"status\": \"paid\", \"total\": 12}\n```\n\n\
#### GET /orders\n\nLists orders.\n\n\
## Error Codes\n\n| Code | Status | Description |\n|---|---|---|\n| ORDER_NOT_FOUND | 404 | No such order |\n\n\
## Metrics\n\n| Metric | Type | Labels |\n|---|---|---|\n| `http_requests_total` | Counter | status |\n\n\
## Alerting\n\n| Alert | Condition | Severity | Action |\n|---|---|---|---|\n| High Errors | error rate > 5% for 5m | Critical | Page |\n";

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = specforge().current_dir(dir).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// (Changes sort breaking first, then by area name: alerts, api, errors.)
/// A revision with one change of each level: `GET /orders` removed (breaking), a new error
/// code (info), a changed alert threshold (info).
fn revised() -> String {
    OLD.replace("#### GET /orders\n\nLists orders.\n\n", "")
        .replace(
            "| ORDER_NOT_FOUND | 404 | No such order |\n",
            "| ORDER_NOT_FOUND | 404 | No such order |\n| ORDER_LOCKED | 409 | Locked |\n",
        )
        .replace("error rate > 5% for 5m", "error rate > 2% for 5m")
}

#[test]
fn an_unchanged_spec_has_no_changes_and_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "old.md", OLD);
    let (code, _, stderr) = run_in(dir.path(), &["diff", "old.md", "old.md"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("no changes"), "{stderr}");
}

#[test]
fn breaking_changes_exit_1_with_the_removed_construct_located_in_the_old_spec() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "old.md", OLD);
    write(dir.path(), "new.md", &revised());
    let (code, stdout, stderr) = run_in(
        dir.path(),
        &["diff", "old.md", "new.md", "--format", "json"],
    );
    assert_eq!(code, 1, "{stderr}");
    let changes: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let rows: Vec<(String, String, String)> = changes
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["code"].as_str().unwrap().to_owned(),
                c["severity"].as_str().unwrap().to_owned(),
                format!("{}:{}", c["file"].as_str().unwrap(), c["line"]),
            )
        })
        .collect();
    let line_of =
        |text: &str, needle: &str| text[..text.find(needle).unwrap()].matches('\n').count() + 1;
    let revised = revised();
    assert_eq!(
        rows,
        vec![
            (
                "SF-A101".to_owned(),
                "error".to_owned(),
                format!("old.md:{}", line_of(OLD, "/orders\n\nLists"))
            ),
            (
                "SF-P103".to_owned(),
                "note".to_owned(),
                format!("new.md:{}", line_of(&revised, "error rate > 2%"))
            ),
            (
                "SF-E103".to_owned(),
                "note".to_owned(),
                format!("new.md:{}", line_of(&revised, "ORDER_LOCKED"))
            ),
        ]
    );
}

#[test]
fn fail_on_sets_the_level_that_fails() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "old.md", OLD);
    // Only informational changes: a new error code.
    write(
        dir.path(),
        "info.md",
        &OLD.replace(
            "| ORDER_NOT_FOUND | 404 | No such order |\n",
            "| ORDER_NOT_FOUND | 404 | No such order |\n| ORDER_LOCKED | 409 | Locked |\n",
        ),
    );
    assert_eq!(run_in(dir.path(), &["diff", "old.md", "info.md"]).0, 0);
    assert_eq!(
        run_in(
            dir.path(),
            &["diff", "old.md", "info.md", "--fail-on", "warning"]
        )
        .0,
        0
    );
    // A warning: a query parameter removed.
    let with_param = OLD.replace(
        "#### GET /orders\n\nLists orders.\n",
        "#### GET /orders\n\nLists orders.\n\n| Parameter | In | Type | Required | Description |\n|---|---|---|---|---|\n| limit | query | integer | No | Page size |\n",
    );
    write(dir.path(), "param.md", &with_param);
    assert_eq!(run_in(dir.path(), &["diff", "param.md", "old.md"]).0, 0);
    let (code, _, stderr) = run_in(
        dir.path(),
        &["diff", "param.md", "old.md", "--fail-on", "warning"],
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("warning[SF-A104]"), "{stderr}");
}

#[test]
fn markdown_is_a_table_for_a_pull_request_comment() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "old.md", OLD);
    write(dir.path(), "new.md", &revised());
    let (_, stdout, _) = run_in(
        dir.path(),
        &["diff", "old.md", "new.md", "--format", "markdown"],
    );
    assert!(
        stdout.starts_with(
            "### specforge: `old.md` → `new.md`\n\n**1 breaking, 0 warning(s), 2 info**\n"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("| level | area | change | where | code |"),
        "{stdout}"
    );
    assert!(
        stdout.contains("| breaking | api | `GET /orders` is removed<br>"),
        "{stdout}"
    );
}

#[test]
fn unreadable_and_missing_specs_get_their_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "old.md", OLD);
    assert_eq!(run_in(dir.path(), &["diff", "old.md", "nope.md"]).0, 4);
    write(dir.path(), "empty.md", "");
    assert_eq!(run_in(dir.path(), &["diff", "old.md", "empty.md"]).0, 3);
    assert_eq!(run_in(dir.path(), &["diff", "old.md"]).0, 2);
}

fn git(dir: &Path, args: &[&str]) {
    let status = std::process::Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .output()
        .expect("git runs");
    assert!(
        status.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

#[test]
fn check_against_a_git_revision_reports_what_the_working_copy_breaks() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    write(&docs, "spec.md", OLD);
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-q", "-m", "v1"]);
    let (code, _, stderr) = run_in(dir.path(), &["generate", "docs/spec.md", "--out", "out"]);
    assert_eq!(code, 0, "{stderr}");
    // Unchanged: clean.
    let (code, _, stderr) = run_in(
        dir.path(),
        &["check", "docs/spec.md", "--out", "out", "--against", "HEAD"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("against HEAD: no changes"), "{stderr}");
    // The working copy removes an endpoint and is regenerated: drift is nil, the removal
    // is breaking.
    write(&docs, "spec.md", &revised());
    run_in(dir.path(), &["generate", "docs/spec.md", "--out", "out"]);
    let (code, stdout, stderr) = run_in(
        dir.path(),
        &[
            "check",
            "docs/spec.md",
            "--out",
            "out",
            "--against",
            "HEAD",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 1, "{stderr}");
    let document: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let removed = report_diagnostics(&document)
        .into_iter()
        .find(|f| f["code"] == "SF-A101")
        .expect("the removal is reported");
    assert_eq!(removed["file"], "docs/spec.md@HEAD");
    // An unknown revision is a usage error.
    let (code, _, stderr) = run_in(
        dir.path(),
        &[
            "check",
            "docs/spec.md",
            "--out",
            "out",
            "--against",
            "no-such-ref",
        ],
    );
    assert_eq!(code, 2, "{stderr}");
}
