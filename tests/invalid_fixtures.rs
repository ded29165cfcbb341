//! Every spec under `fixtures/invalid/` triggers exactly the rule it is named for (no other
//! warning or error), and its rendered report, carets included, matches the snapshot in
//! `tests/snapshots/invalid/`. `SPECFORGE_UPDATE_SNAPSHOTS=1 cargo test --test
//! invalid_fixtures` rewrites the snapshots; review the diff before committing.

mod common;
use common::*;
use std::collections::BTreeSet;
use std::path::Path;

/// Each fixture and the one code it exists to trigger.
const EXPECTED: &[(&str, &str)] = &[
    ("alerts-undeclared-label", "SF-P011"),
    ("api-duplicate-endpoint", "SF-A002"),
    ("api-invalid-status", "SF-A003"),
    ("bidi-control", "SF-R007"),
    ("check-auth-mismatch", "SF-C012"),
    ("check-duplicate-error-row", "SF-C003"),
    ("check-endpoint-not-detailed", "SF-C011"),
    ("check-endpoint-not-in-overview", "SF-C010"),
    ("check-example-field-not-column", "SF-C020"),
    ("check-example-field-type", "SF-C021"),
    ("check-missing-401", "SF-C004"),
    ("check-path-parameter-type", "SF-C022"),
    ("check-unknown-error-code", "SF-C001"),
    ("check-unused-error-code", "SF-C002"),
    ("draft-status", "SF-D001"),
    ("empty", "SF-R005"),
    ("errors-invalid-code", "SF-E005"),
    ("errors-missing-status", "SF-E004"),
    ("errors-reserved-variant", "SF-E007"),
    ("errors-status-conflict", "SF-E002"),
    ("errors-variant-collision", "SF-E006"),
    ("invalid-utf8", "SF-R001"),
    ("missing-status", "SF-D002"),
    ("no-content", "SF-D005"),
    ("nul-byte", "SF-R002"),
    ("placeholders", "SF-D004"),
    ("sql-does-not-parse", "SF-S010"),
    ("sql-duplicate-column", "SF-S043"),
    ("sql-identifier-too-long", "SF-S040"),
    ("sql-index-missing-column", "SF-S045"),
    ("sql-injection-in-type", "SF-S020"),
    ("sql-missing-fk-table", "SF-S044"),
    ("sql-unknown-type", "SF-S020"),
    ("status-choice-list", "SF-D003"),
    ("unterminated-fence", "SF-R004"),
];

fn run(args: &[&str]) -> (i32, String, String) {
    let out = specforge()
        .current_dir(repo_path(""))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `check` after a `generate` into a fresh folder, so that only the spec's own findings are
/// reported (what a spec's errors do not block is generated, so its drift is nil; a draft
/// is generated with `--allow-draft`, since `check` lints drafts).
fn check(fixture: &str, out: &Path, format: &str) -> (i32, String, String) {
    let out = out.to_str().unwrap();
    run(&["generate", fixture, "--out", out, "--allow-draft"]);
    run(&["check", fixture, "--out", out, "--format", format])
}

#[test]
fn every_invalid_fixture_is_listed() {
    let mut on_disk: Vec<String> = std::fs::read_dir(repo_path("fixtures/invalid"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let listed: Vec<String> = EXPECTED.iter().map(|(f, _)| f.to_string()).collect();
    assert_eq!(on_disk, listed, "fixtures/invalid/ and EXPECTED differ");
}

#[test]
fn each_invalid_fixture_triggers_exactly_its_rule() {
    for (stem, code) in EXPECTED {
        let dir = tempfile::tempdir().unwrap();
        let fixture = format!("fixtures/invalid/{stem}.md");
        let (exit, stdout, stderr) = check(&fixture, &dir.path().join("out"), "json");
        let document: serde_json::Value = serde_json::from_str(&stdout)
            .unwrap_or_else(|e| panic!("{stem}: {e}\n{stdout}\n{stderr}"));
        let findings = report_diagnostics(&document);
        // Drift findings (`SF-G…`) are about the output folder, checked below.
        let codes: BTreeSet<&str> = findings
            .iter()
            .filter(|f| f["severity"] != "note")
            .map(|f| f["code"].as_str().unwrap())
            .filter(|c| !c.starts_with("SF-G"))
            .collect();
        let expected: BTreeSet<&str> = if ["SF-D001", "SF-D002"].contains(code) {
            BTreeSet::new() // `check` lints drafts; the status is a note
        } else {
            BTreeSet::from([*code])
        };
        assert_eq!(codes, expected, "{stem}: expected only {code}");
        let error = findings
            .iter()
            .any(|f| f["severity"] == "error" && f["code"] == *code);
        let unusable = (code.starts_with("SF-R") || code.starts_with("SF-D")) && *code != "SF-R007";
        let expected_exit = match (error, unusable) {
            (true, true) => 3,
            (true, false) => 1,
            (false, _) => 0,
        };
        assert_eq!(exit, expected_exit, "{stem}: exit code");
        // What the error blocks is reported as not current; a consistency finding blocks
        // nothing, so every artifact generated before the check is current.
        let blocked: Vec<&serde_json::Value> =
            findings.iter().filter(|f| f["code"] == "SF-G002").collect();
        let blocks = findings
            .iter()
            .find(|f| f["code"] == *code)
            .map(|f| items(f, "/blocks").len())
            .unwrap_or(0);
        if code.starts_with("SF-C") || !error {
            assert_eq!(blocks, 0, "{stem}: a finding blocks nothing");
            assert!(blocked.is_empty(), "{stem}: {blocked:?}");
        } else if !unusable {
            assert!(blocks > 0, "{stem}: an error blocks its artifact");
            assert_eq!(
                blocked.len(),
                blocks,
                "{stem}: one stale finding per blocked kind"
            );
        }
        for f in &findings {
            assert!(f["line"].as_u64().unwrap() >= 1, "{stem}: a position");
            assert!(
                !f["help"].as_str().unwrap_or("").is_empty() || f["severity"] == "note",
                "{stem}: {} has no help line",
                f["code"]
            );
        }
    }
}

#[test]
fn rendered_reports_match_their_snapshots() {
    let update = std::env::var_os("SPECFORGE_UPDATE_SNAPSHOTS").is_some();
    let mut stale = Vec::new();
    for (stem, _) in EXPECTED {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let fixture = format!("fixtures/invalid/{stem}.md");
        let (_, _, stderr) = check(&fixture, &out, "human");
        let report = stderr.replace(out.to_str().unwrap(), "<out>");
        let path = repo_path(&format!("tests/snapshots/invalid/{stem}.txt"));
        if update {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &report).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&path).unwrap_or_default();
        if expected != report {
            stale.push(format!(
                "{stem}: the report differs from {}:\n{report}",
                path.display()
            ));
        }
    }
    assert!(
        stale.is_empty(),
        "{}\n(SPECFORGE_UPDATE_SNAPSHOTS=1 rewrites them)",
        stale.join("\n")
    );
}
