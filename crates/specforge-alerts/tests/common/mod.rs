//! Shared helpers for the integration tests.
#![allow(dead_code)]

use specforge_model::Spec;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The specforge fixtures folder. The one place that knows where the fixtures live relative
/// to this crate: adjust it when the crate moves into the workspace (`../../fixtures`).
pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

/// Markdown to a Spec, exactly as the CLI does it.
pub fn spec(text: &str) -> Spec {
    let (doc, _) = specforge_markdown::read(text);
    specforge_extract::extract(text, &doc).spec
}

/// `true` when promtool can run. When it cannot: with `SPECFORGE_REQUIRE_ORACLES=1` the test
/// fails, otherwise a loud SKIPPED line is printed and the caller returns.
pub fn promtool_available() -> bool {
    let ok = Command::new("promtool")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if ok {
        return true;
    }
    if std::env::var("SPECFORGE_REQUIRE_ORACLES").as_deref() == Ok("1") {
        panic!("promtool is required (SPECFORGE_REQUIRE_ORACLES=1) but cannot be run");
    }
    let _ = std::io::Write::write_all(
        &mut std::io::stderr(),
        b"*** SKIPPED (promtool missing) ***\n",
    );
    false
}

/// Writes the artifacts into a fresh folder and runs `promtool check rules --lint=all
/// --lint-fatal` and `promtool test rules`; panics with promtool's output on failure.
pub fn promtool_passes(label: &str, artifacts: &[specforge_model::Artifact]) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    for a in artifacts {
        let path = dir.path().join(&a.path);
        let mut f = std::fs::File::create(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
        f.write_all(a.contents.as_bytes())
            .unwrap_or_else(|e| panic!("{path:?}: {e}"));
    }
    let runs: [&[&str]; 2] = [
        &[
            "check",
            "rules",
            "--lint=all",
            "--lint-fatal",
            "alerts.yaml",
        ],
        &["test", "rules", "alerts.test.yaml"],
    ];
    for args in runs {
        let out = Command::new("promtool")
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap_or_else(|e| panic!("promtool: {e}"));
        assert!(
            out.status.success(),
            "{label}: promtool {} failed:\n{}{}\n--- alerts.yaml\n{}\n--- alerts.test.yaml\n{}",
            args.join(" "),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
            artifacts.first().map_or("", |a| a.contents.as_str()),
            artifacts.get(1).map_or("", |a| a.contents.as_str()),
        );
    }
}
