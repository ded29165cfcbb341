//! Helpers shared by the end-to-end tests: run the real `specforge` binary and read its output.
#![allow(dead_code)]

use assert_cmd::Command;
use serde_json::Value;
use std::path::PathBuf;

/// The `specforge` binary built by cargo for this test run.
pub fn specforge() -> Command {
    Command::cargo_bin("specforge").expect("the specforge binary is built")
}

/// An absolute path inside the repository.
pub fn repo_path(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// Runs `specforge extract --format json` (plus `extra` arguments) on a repository file;
/// returns the exit code and the parsed JSON.
pub fn extract_json(relative: &str, extra: &[&str]) -> (i32, Value) {
    let output = specforge()
        .current_dir(repo_path(""))
        .args(["extract", "--format", "json", relative])
        .args(extra)
        .output()
        .expect("specforge runs");
    let json = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "extract printed no JSON ({e}): {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (output.status.code().expect("an exit code"), json)
}

/// Runs `specforge extract` (human) and returns (exit code, stdout, stderr).
pub fn extract_human(relative: &str, extra: &[&str]) -> (i32, String, String) {
    let output = specforge()
        .current_dir(repo_path(""))
        .args(["extract", relative])
        .args(extra)
        .output()
        .expect("specforge runs");
    (
        output.status.code().expect("an exit code"),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The array at a JSON pointer (`/spec/api/endpoints`), empty if absent.
pub fn items<'a>(json: &'a Value, pointer: &str) -> &'a [Value] {
    json.pointer(pointer)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// `line:column` of a located span object.
pub fn at(span: &Value) -> String {
    format!("{}:{}", span["line"], span["column"])
}

/// The codes of every diagnostic, in order.
pub fn codes(json: &Value) -> Vec<String> {
    items(json, "/diagnostics")
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_owned())
        .collect()
}

/// Runs `specforge generate` (plus `args`) in the repository; returns the exit code and stderr.
pub fn generate(args: &[&str]) -> (i32, String) {
    let output = specforge()
        .current_dir(repo_path(""))
        .arg("generate")
        .args(args)
        .output()
        .expect("specforge runs");
    (
        output.status.code().expect("an exit code"),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Asserts that generating `fixtures/invalid/{file}.md` exits 1 with the exact diagnostic
/// (and its help line, and its position when given) and writes nothing.
pub fn assert_refused(file: &str, code: &str, message: &str, position: Option<&str>) {
    let out = tempfile::tempdir().expect("a temporary folder");
    let target = out.path().join("out");
    let spec = format!("fixtures/invalid/{file}.md");
    let (exit, stderr) = generate(&[&spec, "--out", &target.to_string_lossy()]);
    assert_eq!(exit, 1, "{file}: {stderr}");
    assert!(
        stderr.contains(&format!("error[{code}]: {message}")),
        "{file}: {stderr}"
    );
    assert!(
        stderr.contains("= help: ") || code.starts_with("SF-S"),
        "{file}: help line"
    );
    if let Some(position) = position {
        assert!(
            stderr.contains(&format!("--> {spec}:{position}\n")),
            "{file}: {stderr}"
        );
    }
    assert!(stderr.ends_with("; nothing written\n"), "{file}: {stderr}");
    assert!(!target.exists(), "{file}: something was written");
}

/// An external check cannot run: under `SPECFORGE_REQUIRE_ORACLES=1` (CI) that fails the
/// test; locally it prints a loud skip line to the process's stderr (not the captured test
/// output, so it always shows) and the caller returns.
pub fn skip_or_fail(what: &str) {
    assert!(
        std::env::var("SPECFORGE_REQUIRE_ORACLES").as_deref() != Ok("1"),
        "{what} is required (SPECFORGE_REQUIRE_ORACLES=1)"
    );
    let _ = std::io::Write::write_all(
        &mut std::io::stderr(),
        format!("\n*** SKIPPED ({what} missing) ***\n").as_bytes(),
    );
}

/// A program on the PATH.
pub fn which(tool: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")
        .into_iter()
        .flat_map(|paths| std::env::split_paths(&paths).collect::<Vec<_>>())
        .map(|dir| dir.join(tool))
        .find(|p| p.is_file())
}
