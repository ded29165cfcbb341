//! The five seed templates and the shared corpus, when `SPECFORGE_SHARED_DIR` points at them
//! (CI sets it; a user's clone has no such folder). Seeds must exit 3 naming the status and
//! the placeholders; corpus documents must never panic and exit 0 or 3.

mod common;
use common::*;
use std::path::PathBuf;

fn shared_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("SPECFORGE_SHARED_DIR").map(PathBuf::from);
    match dir {
        Some(d) if d.join("seeds").is_dir() => Some(d),
        _ => {
            skip_or_fail("the shared seeds and corpus (SPECFORGE_SHARED_DIR)");
            None
        }
    }
}

fn run_json(path: &std::path::Path) -> (i32, serde_json::Value, String) {
    let output = specforge()
        .args(["extract", "--format", "json"])
        .arg(path)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let json = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{path:?}: no JSON ({e}): {stderr}"));
    (output.status.code().unwrap(), json, stderr)
}

fn files(dir: PathBuf, suffix: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(suffix))
        .collect();
    files.sort();
    files
}

#[test]
fn every_seed_template_exits_3_naming_status_and_placeholders() {
    let Some(shared) = shared_dir() else { return };
    let seeds = files(shared.join("seeds"), ".txt");
    assert_eq!(seeds.len(), 5);
    for seed in seeds {
        let (code, json, _) = run_json(&seed);
        assert_eq!(code, 3, "{seed:?}");
        let codes = codes(&json);
        assert!(
            codes.iter().any(|c| c == "SF-D003"),
            "{seed:?}: status not named: {codes:?}"
        );
        assert!(
            codes.iter().any(|c| c == "SF-D004"),
            "{seed:?}: no placeholder named: {codes:?}"
        );
    }
}

#[test]
fn corpus_documents_never_panic_and_exit_0_or_3() {
    let Some(shared) = shared_dir() else { return };
    for doc in files(shared.join("corpus"), ".md").into_iter().filter(|p| {
        p.file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("real-")
    }) {
        let (code, _, stderr) = run_json(&doc);
        assert!(code == 0 || code == 3, "{doc:?} exited {code}: {stderr}");
        assert!(!stderr.contains("panicked"), "{doc:?}: {stderr}");
    }
}

/// Real specs, not only our fixtures: every corpus document that yields an OpenAPI document
/// (with `--allow-draft`) yields one both validators accept.
#[test]
fn corpus_openapi_documents_pass_both_validators() {
    let Some(shared) = shared_dir() else { return };
    let out = tempfile::tempdir().unwrap();
    let mut documents = 0;
    for spec in files(shared.join("corpus"), ".md") {
        let stem = spec.file_stem().unwrap().to_string_lossy().into_owned();
        if !stem.starts_with("real-") {
            continue;
        }
        let target = out.path().join(&stem);
        let status = specforge()
            .args(["generate", "--allow-draft", "--only", "openapi", "--out"])
            .arg(&target)
            .arg(&spec)
            .output()
            .unwrap();
        let document = target.join("openapi.yaml");
        if !document.exists() {
            // Refused with a diagnostic (exit 1 or 3), or no API in the spec.
            assert!(status.status.code().is_some(), "{stem}: killed");
            continue;
        }
        documents += 1;
        let report = String::from_utf8_lossy(&status.stderr);
        assert_openapi_valid_reported(&document, &format!("{stem}/openapi.yaml"), &report);
    }
    assert!(
        documents >= 5,
        "only {documents} corpus documents produced OpenAPI"
    );
}
