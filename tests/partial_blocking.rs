//! An error blocks only the artifacts built from its construct (issue "Real documents, part
//! 1"): `fixtures/partial/broken-*.md` each break one construct of `base.md`; the other three
//! artifacts are written and pass their oracles, the blocked one is named, left on disk as it
//! was, and reported as not current by `check`. `--strict` keeps all or nothing.

mod common;
use common::*;
use serde_json::Value;
use std::path::Path;

const KINDS: [&str; 4] = ["openapi", "migrations", "errors", "alerts"];

fn run_json(args: &[&str]) -> (i32, Value) {
    let output = specforge()
        .current_dir(repo_path(""))
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let document = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "{args:?}: no JSON ({e}): {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (output.status.code().unwrap(), document)
}

fn promtool_accepts(out: &Path) {
    let Some(promtool) = which("promtool") else {
        skip_or_fail("promtool");
        return;
    };
    let check = std::process::Command::new(&promtool)
        .args(["check", "rules"])
        .arg(out.join("alerts.yaml"))
        .output()
        .unwrap();
    assert!(check.status.success(), "{check:?}");
    let test = std::process::Command::new(&promtool)
        .current_dir(out)
        .args(["test", "rules", "alerts.test.yaml"])
        .output()
        .unwrap();
    assert!(test.status.success(), "{test:?}");
}

#[test]
fn one_broken_construct_blocks_only_its_artifact() {
    for kind in KINDS {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let spec = format!("fixtures/partial/broken-{kind}.md");
        let (code, stderr) = generate(&[&spec, "--out", out.to_str().unwrap()]);
        assert_eq!(code, 1, "{kind}: {stderr}");
        assert!(
            stderr.contains(&format!("= blocks: {kind}\n")),
            "{kind}: {stderr}"
        );
        assert!(
            stderr.contains(&format!(
                "  blocked   {kind}: by 1 error, the first at {spec}:"
            )),
            "{kind}: {stderr}"
        );
        assert!(
            stderr.contains("3 of 4 artifacts built, 1 blocked; 1 error"),
            "{kind}: {stderr}"
        );
        let written = files_under(&out);
        for other in KINDS {
            let has = written.iter().any(|p| file_of_kind(p, other));
            assert_eq!(has, other != kind, "{kind}: {other} in {written:?}");
        }
        let sum = std::fs::read_to_string(out.join("specforge.sum")).unwrap();
        assert!(sum.contains(&format!("\nblocked {kind}\n")), "{sum}");
        // What was written is sound.
        if kind != "openapi" {
            assert_openapi_valid(&out.join("openapi.yaml"), &format!("{spec}'s openapi.yaml"));
        }
        if kind != "alerts" {
            promtool_accepts(&out);
        }
        // The JSON report says the same.
        let (code, document) = run_json(&["generate", &spec, "--out", out.to_str().unwrap()]);
        assert_eq!(code, 1);
        assert_eq!(document["command"], "generate");
        assert_eq!(document["exit_code"], 1);
        let states = artifact_states(&document);
        for other in KINDS {
            let expected = if other == kind {
                "blocked"
            } else {
                "unchanged"
            };
            assert!(
                states.contains(&format!("{other}: {expected}")),
                "{kind}: {states:?}"
            );
        }
        let blocked = &items(&document, "/specs/0/artifacts")
            .iter()
            .find(|a| a["kind"] == kind)
            .unwrap()["first_error"];
        assert!(blocked.as_str().unwrap().starts_with(&spec), "{blocked}");
    }
}

#[test]
fn strict_keeps_all_or_nothing() {
    for kind in KINDS {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let spec = format!("fixtures/partial/broken-{kind}.md");
        let (code, stderr) = generate(&[&spec, "--out", out.to_str().unwrap(), "--strict"]);
        assert_eq!(code, 1, "{kind}: {stderr}");
        assert!(stderr.contains("--strict: nothing written"), "{stderr}");
        assert!(!out.exists(), "{kind}: something was written");
    }
    // A consistency finding blocks nothing by default, but everything under --strict.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let spec = "fixtures/invalid/check-unknown-error-code.md";
    let (code, stderr) = generate(&[spec, "--out", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(out.join("openapi.yaml").is_file() && out.join("errors.rs").is_file());
    let strict = dir.path().join("strict");
    let (code, _) = generate(&[spec, "--out", strict.to_str().unwrap(), "--strict"]);
    assert_eq!(code, 1);
    assert!(!strict.exists());
}

#[test]
fn a_partly_blocked_run_leaves_the_blocked_files_and_check_reports_them_stale() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let spec = dir.path().join("orders.md");
    let base = std::fs::read_to_string(repo_path("fixtures/partial/base.md")).unwrap();
    std::fs::write(&spec, &base).unwrap();
    let run = |args: &[&str]| {
        let output = specforge()
            .current_dir(dir.path())
            .args(args)
            .output()
            .unwrap();
        (
            output.status.code().unwrap(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    assert_eq!(run(&["generate", "orders.md", "--out", "out"]).0, 0);
    assert_eq!(run(&["check", "orders.md", "--out", "out"]).0, 0);
    let alerts_before = std::fs::read_to_string(out.join("alerts.yaml")).unwrap();
    let errors_before = std::fs::read_to_string(out.join("errors.rs")).unwrap();

    // The revision changes an error's description and breaks the alerts.
    let broken = std::fs::read_to_string(repo_path("fixtures/partial/broken-alerts.md"))
        .unwrap()
        .replace("No such order", "No order has this id");
    std::fs::write(&spec, &broken).unwrap();
    let (code, stderr) = run(&["generate", "orders.md", "--out", "out"]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        std::fs::read_to_string(out.join("alerts.yaml")).unwrap(),
        alerts_before,
        "the blocked alerts were touched"
    );
    assert_ne!(
        std::fs::read_to_string(out.join("errors.rs")).unwrap(),
        errors_before,
        "errors.rs was not regenerated"
    );
    // `check` never calls the blocked alerts current.
    let (code, stderr) = run(&["check", "orders.md", "--out", "out"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("error[SF-G002]: the alerts artifact cannot be regenerated: 1 error in its construct block it"),
        "{stderr}"
    );
    assert!(!stderr.contains("stale: out/errors.rs"), "{stderr}");
    // Fixing the spec without regenerating: the alerts are stale, not current.
    std::fs::write(
        &spec,
        broken.replace(
            "| High error rate | error rate > 10% for 1m | Critical | Page the on-call |\n",
            "",
        ),
    )
    .unwrap();
    let (code, stderr) = run(&["check", "orders.md", "--out", "out"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("stale: out/specforge.sum"), "{stderr}");
    assert_eq!(run(&["generate", "orders.md", "--out", "out"]).0, 0);
    let (code, stderr) = run(&["check", "orders.md", "--out", "out"]);
    assert_eq!(code, 0, "{stderr}");
    let sum = std::fs::read_to_string(out.join("specforge.sum")).unwrap();
    assert!(!sum.contains("blocked"), "{sum}");
}

#[test]
fn check_lints_a_draft_and_reports_each_inconsistency_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let spec = "fixtures/partial/draft-inconsistent.md";
    // `generate` keeps the gate.
    let (code, _) = generate(&[spec, "--out", out.to_str().unwrap()]);
    assert_eq!(code, 3);
    let (code, document) = run_json(&["check", spec, "--out", out.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_eq!(document["command"], "check");
    assert_eq!(document["specs"][0]["status"], "Draft");
    let found: Vec<String> = report_diagnostics(&document)
        .iter()
        .filter(|d| d["file"] == spec)
        .map(|d| {
            format!(
                "{} {} {}:{}",
                d["severity"].as_str().unwrap(),
                d["code"].as_str().unwrap(),
                d["line"],
                d["column"]
            )
        })
        .collect();
    for expected in [
        "note SF-D001 3:13",
        "error SF-C012 29:11",
        "error SF-C022 41:8",
        "error SF-C001 47:3",
    ] {
        assert!(
            found.contains(&expected.to_owned()),
            "{expected}: {found:?}"
        );
    }
}

#[test]
fn a_hostile_spec_gets_every_problem_in_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let spec = "fixtures/partial/hostile-six-problems.md";
    let (code, document) = run_json(&["generate", spec, "--out", out.to_str().unwrap()]);
    assert_eq!(code, 1);
    let errors: Vec<String> = report_diagnostics(&document)
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| {
            let blocks: Vec<&str> = items(d, "/blocks")
                .iter()
                .map(|b| b.as_str().unwrap())
                .collect();
            format!(
                "{} {}:{} [{}]",
                d["code"].as_str().unwrap(),
                d["line"],
                d["column"],
                blocks.join(",")
            )
        })
        .collect();
    assert_eq!(
        errors,
        [
            "SF-S020 16:10 [migrations]",
            "SF-R007 22:24 [openapi]",
            "SF-A032 23:9 [openapi]",
            "SF-C001 33:3 []",
            "SF-E005 40:3 [errors]",
            "SF-E002 42:18 [errors]",
        ]
    );
    assert_eq!(
        artifact_states(&document),
        [
            "openapi: blocked",
            "migrations: blocked",
            "errors: blocked",
            "alerts: written"
        ]
    );
    assert_eq!(
        files_under(&out),
        ["alerts.test.yaml", "alerts.yaml", "specforge.sum"]
    );
    promtool_accepts(&out);
}
