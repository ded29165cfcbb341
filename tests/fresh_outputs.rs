//! An unchanged spec costs nothing: `generate` over a folder whose `specforge.sum` records this
//! spec, these options and this version, with every recorded file intact, reports "up to
//! date" and touches nothing; any change to the spec, the options, the version or a file
//! defeats it.

mod common;
use common::*;
use std::path::Path;

const UP_TO_DATE: &str = "up to date (";

fn run(dir: &Path, args: &[&str]) -> (i32, String) {
    let output = specforge().current_dir(dir).args(args).output().unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        repo_path("fixtures/partial/base.md"),
        dir.path().join("spec.md"),
    )
    .unwrap();
    let (code, stderr) = run(dir.path(), &["generate", "spec.md", "--out", "out"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains(UP_TO_DATE), "{stderr}");
    dir
}

fn generate(dir: &Path, extra: &[&str]) -> String {
    let mut args = vec!["generate", "spec.md", "--out", "out"];
    args.extend_from_slice(extra);
    let (code, stderr) = run(dir, &args);
    assert_eq!(code, 0, "{stderr}");
    stderr
}

#[test]
fn an_unchanged_spec_does_no_work_and_touches_nothing() {
    let dir = setup();
    let errors = dir.path().join("out/errors.rs");
    let before = std::fs::metadata(&errors).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let stderr = generate(dir.path(), &[]);
    assert!(
        stderr.contains(
            "generate: spec.md: up to date (6 file(s) as specforge.sum records them); nothing to do"
        ),
        "{stderr}"
    );
    assert_eq!(
        std::fs::metadata(&errors).unwrap().modified().unwrap(),
        before
    );
    // The JSON report lists the recorded files as unchanged.
    let output = specforge()
        .current_dir(dir.path())
        .args(["generate", "spec.md", "--out", "out", "--format", "json"])
        .output()
        .unwrap();
    let document: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        artifact_states(&document),
        [
            "openapi: unchanged",
            "migrations: unchanged",
            "errors: unchanged",
            "alerts: unchanged"
        ]
    );
    // --force and --check do the work all the same.
    assert!(!generate(dir.path(), &["--force"]).contains(UP_TO_DATE));
    assert!(generate(dir.path(), &["--check"]).contains("file(s) up to date"));
}

#[test]
fn a_changed_spec_defeats_it() {
    let dir = setup();
    let spec = dir.path().join("spec.md");
    let text = std::fs::read_to_string(&spec).unwrap();
    std::fs::write(&spec, text.replace("No such order", "No order has this id")).unwrap();
    let stderr = generate(dir.path(), &[]);
    assert!(!stderr.contains(UP_TO_DATE), "{stderr}");
    assert!(stderr.contains("updated   out/errors.rs"), "{stderr}");
    assert!(generate(dir.path(), &[]).contains(UP_TO_DATE));
    // Line endings alone are not a change: the spec is hashed after normalization.
    std::fs::write(
        &spec,
        std::fs::read_to_string(&spec)
            .unwrap()
            .replace('\n', "\r\n"),
    )
    .unwrap();
    assert!(generate(dir.path(), &[]).contains(UP_TO_DATE));
}

#[test]
fn changed_options_defeat_it() {
    let dir = setup();
    for extra in [
        &["--openapi-json"][..],
        &["--error-enum", "ShopError"],
        &["--only", "errors,alerts"],
        &["--strict"],
    ] {
        let stderr = generate(dir.path(), extra);
        assert!(!stderr.contains(UP_TO_DATE), "{extra:?}: {stderr}");
        assert!(
            generate(dir.path(), extra).contains(UP_TO_DATE),
            "{extra:?}"
        );
    }
    // Alerts settings from the configuration count as options too.
    std::fs::write(
        dir.path().join("specforge.toml"),
        "[alerts]\nrate_window = \"10m\"\n",
    )
    .unwrap();
    assert!(!generate(dir.path(), &["--strict"]).contains(UP_TO_DATE));
}

#[test]
fn an_edited_or_missing_file_or_another_version_defeats_it() {
    let dir = setup();
    let out = dir.path().join("out");
    let errors = out.join("errors.rs");
    let good = std::fs::read_to_string(&errors).unwrap();
    std::fs::write(&errors, good.replace("No such order", "Tampered")).unwrap();
    let stderr = generate(dir.path(), &[]);
    assert!(stderr.contains("updated   out/errors.rs"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&errors).unwrap(), good);

    std::fs::remove_file(out.join("alerts.test.yaml")).unwrap();
    let stderr = generate(dir.path(), &[]);
    assert!(
        stderr.contains("created   out/alerts.test.yaml"),
        "{stderr}"
    );

    let sum = out.join("specforge.sum");
    let text = std::fs::read_to_string(&sum).unwrap();
    let version = text
        .lines()
        .find(|l| l.starts_with("generator "))
        .unwrap()
        .to_owned();
    std::fs::write(&sum, text.replace(&version, "generator specforge 0.0.1")).unwrap();
    let stderr = generate(dir.path(), &[]);
    assert!(!stderr.contains(UP_TO_DATE), "{stderr}");
    assert!(std::fs::read_to_string(&sum).unwrap().contains(&version));
}

#[test]
fn a_blocked_kind_is_never_up_to_date() {
    let dir = setup();
    std::fs::copy(
        repo_path("fixtures/partial/broken-alerts.md"),
        dir.path().join("spec.md"),
    )
    .unwrap();
    for _ in 0..2 {
        let (code, stderr) = run(dir.path(), &["generate", "spec.md", "--out", "out"]);
        assert_eq!(code, 1, "{stderr}");
        assert!(
            stderr.contains("  blocked   alerts: by 1 error"),
            "{stderr}"
        );
    }
}

/// `--verify` re-reads every artifact at run time: it regenerates (the proof needs the
/// artifacts), writes the same bytes, and changes no fingerprint, so the next plain run is up
/// to date. `verify = true` in `specforge.toml` does the same.
#[test]
fn verify_regenerates_the_same_files_and_keeps_the_fingerprint() {
    let dir = setup();
    let files = |dir: &Path| {
        let mut all: Vec<(String, Vec<u8>)> = files_under(&dir.join("out"))
            .into_iter()
            .map(|p| {
                let bytes = std::fs::read(dir.join("out").join(&p)).unwrap();
                (p, bytes)
            })
            .collect();
        all.sort();
        all
    };
    let before = files(dir.path());
    let stderr = generate(dir.path(), &["--verify"]);
    assert!(!stderr.contains(UP_TO_DATE), "{stderr}");
    assert!(stderr.contains("unchanged"), "{stderr}");
    assert_eq!(files(dir.path()), before);
    assert!(generate(dir.path(), &[]).contains(UP_TO_DATE));
    std::fs::write(dir.path().join("specforge.toml"), "verify = true\n").unwrap();
    let stderr = generate(dir.path(), &[]);
    assert!(!stderr.contains(UP_TO_DATE), "{stderr}");
    assert_eq!(files(dir.path()), before);
}
