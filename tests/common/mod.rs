//! Helpers shared by the end-to-end tests: run the real `specforge` binary and read its output.
#![allow(dead_code)]

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

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

/// Every diagnostic of a `generate` or `check` JSON document (`specs[].diagnostics`), in order.
pub fn report_diagnostics(document: &Value) -> Vec<Value> {
    items(document, "/specs")
        .iter()
        .flat_map(|spec| items(spec, "/diagnostics").iter().cloned())
        .collect()
}

/// `kind: state` of every artifact of the first spec of a `generate` or `check` JSON document.
pub fn artifact_states(document: &Value) -> Vec<String> {
    items(document, "/specs/0/artifacts")
        .iter()
        .map(|a| {
            format!(
                "{}: {}",
                a["kind"].as_str().unwrap_or(""),
                a["state"].as_str().unwrap_or("")
            )
        })
        .collect()
}

/// The artifact kind an error code's construct feeds (`SF-S…` migrations, `SF-E…` errors,
/// `SF-P…` alerts, `SF-A…` openapi), and whether a file belongs to it.
pub fn kind_of_code(code: &str) -> &'static str {
    match &code[..4] {
        "SF-S" | "SF-M" => "migrations",
        "SF-E" => "errors",
        "SF-P" => "alerts",
        "SF-A" => "openapi",
        _ => panic!("{code} blocks no single kind"),
    }
}

/// True when `path` (relative to the output folder) is a file of `kind`.
pub fn file_of_kind(path: &str, kind: &str) -> bool {
    match kind {
        "migrations" => path.starts_with("migrations/"),
        "errors" => path == "errors.rs",
        "alerts" => path.starts_with("alerts."),
        "openapi" => path.starts_with("openapi."),
        _ => false,
    }
}

/// Every file under `dir`, relative, `/`-separated, sorted.
pub fn files_under(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let relative = path.strip_prefix(root).unwrap();
                out.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Asserts that generating `fixtures/invalid/{file}.md` exits 1 with the exact diagnostic
/// (and its help line, and its position when given), that the diagnostic and the closing
/// lines say which artifact it blocks, and that nothing of that artifact is written (the
/// others may be).
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
    let kind = kind_of_code(code);
    assert!(
        stderr.contains(&format!("= blocks: {kind}\n")),
        "{file}: the diagnostic names what it blocks: {stderr}"
    );
    assert!(
        stderr.contains(&format!("  blocked   {kind}: by ")),
        "{file}: the closing lines name the blocked artifact: {stderr}"
    );
    assert!(stderr.contains(" blocked; "), "{file}: {stderr}");
    let written = files_under(&target);
    assert!(
        !written.iter().any(|p| file_of_kind(p, kind)),
        "{file}: {kind} was written: {written:?}"
    );
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

/// Redocly's lint policy for generated OpenAPI documents (each switched-off rule says why).
pub const REDOCLY_CONFIG: &str = "redocly.yaml";

/// How to start `openapi-spec-validator`: its command on the PATH when that answers
/// `--version` (a pyenv shim can exist for a Python that lacks the package), else
/// `python3 -m openapi_spec_validator`; `None` when neither runs. Probed once per test binary.
fn openapi_spec_validator_program() -> Option<&'static [String]> {
    static PROGRAM: std::sync::OnceLock<Option<Vec<String>>> = std::sync::OnceLock::new();
    PROGRAM
        .get_or_init(|| {
            let candidates = [
                vec!["openapi-spec-validator".to_owned()],
                vec![
                    "python3".to_owned(),
                    "-m".to_owned(),
                    "openapi_spec_validator".to_owned(),
                ],
            ];
            candidates.into_iter().find(|program| {
                which(&program[0]).is_some()
                    && std::process::Command::new(&program[0])
                        .args(&program[1..])
                        .arg("--version")
                        .output()
                        .is_ok_and(|out| out.status.success())
            })
        })
        .as_deref()
}

/// Validates an OpenAPI 3.0.x document against the OpenAPI 3.0 schema and its semantic rules
/// (resolvable `$ref`s, declared path parameters, unique operationIds, …) with the Python
/// `openapi-spec-validator` CLI. `None` when the tool is missing (the caller applies
/// [`skip_or_fail`]); `Err` carries the tool's full output.
pub fn openapi_spec_validator(path: &Path) -> Option<Result<(), String>> {
    let program = openapi_spec_validator_program()?;
    let output = std::process::Command::new(&program[0])
        .args(&program[1..])
        .args(["--schema", "3.0", "--validation-errors", "all"])
        .arg(path)
        .output()
        .expect("openapi-spec-validator runs");
    Some(if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "`{} {}` exited with {}:\n{}{}",
            program.join(" "),
            path.display(),
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ))
    })
}

/// The environment every `redocly` run gets: no usage data sent, no update or announcement
/// check (the network may be closed), no colour codes in the output.
fn redocly_command(redocly: &Path) -> std::process::Command {
    let mut command = std::process::Command::new(redocly);
    command
        .env("REDOCLY_TELEMETRY", "off")
        .env("REDOCLY_SUPPRESS_NOTIFICATIONS", "true")
        .env("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true")
        .env("NO_COLOR", "1");
    command
}

/// The `redocly` program when it is on the PATH and runs (Node.js may be missing), probed once
/// per test binary.
fn redocly_program() -> Option<&'static Path> {
    static PROGRAM: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();
    PROGRAM
        .get_or_init(|| {
            which("redocly").filter(|redocly| {
                redocly_command(redocly)
                    .arg("--version")
                    .output()
                    .is_ok_and(|out| out.status.success())
            })
        })
        .as_deref()
}

/// Lints an OpenAPI document with Redocly CLI under [`REDOCLY_CONFIG`] (the `recommended`
/// ruleset less the rules it switches off, a mistake in the config itself being an error).
/// Any problem fails, warnings included, and so does a problem hidden by an ignore file.
/// `None` when the tool is missing (the caller applies [`skip_or_fail`]); `Err` lists every
/// problem as `file:line:col severity rule: message`, then the tool's full output.
pub fn redocly_lint(path: &Path) -> Option<Result<(), String>> {
    redocly_lint_accepting(path, &|_| false)
}

/// [`redocly_lint`], where a problem `accepted` returns true for does not count (each use says
/// why it is the spec's and reported by specforge itself).
pub fn redocly_lint_accepting(
    path: &Path,
    accepted: &dyn Fn(&Value) -> bool,
) -> Option<Result<(), String>> {
    let redocly = redocly_program()?;
    let output = redocly_command(redocly)
        .arg("lint")
        .arg(path)
        .arg("--config")
        .arg(repo_path(REDOCLY_CONFIG))
        .args(["--lint-config", "error", "--format", "json"])
        .args(["--max-problems", "1000"])
        .output()
        .expect("redocly runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let full = format!(
        "`redocly lint {}` exited with {}:\n{stdout}\n{stderr}",
        path.display(),
        output.status
    );
    let Ok(report) = serde_json::from_str::<Value>(&stdout) else {
        return Some(Err(format!("no JSON report; {full}")));
    };
    let count = |what: &str| report["totals"][what].as_u64();
    let remaining: Vec<&Value> = items(&report, "/problems")
        .iter()
        .filter(|p| !accepted(p))
        .collect();
    let accepted_count = (items(&report, "/problems").len() - remaining.len()) as u64;
    // Every problem counted is listed, and each listed one is accepted; none is hidden.
    let counted = count("errors").zip(count("warnings")).map(|(e, w)| e + w);
    let clean =
        remaining.is_empty() && counted == Some(accepted_count) && count("ignored") == Some(0);
    if clean {
        return Some(Ok(()));
    }
    let problems: String = remaining
        .iter()
        .map(|p| {
            let at = &p["location"][0];
            format!(
                "{}:{}:{} {} {}: {}\n",
                at["source"]["ref"].as_str().unwrap_or("?"),
                at["start"]["line"],
                at["start"]["col"],
                p["severity"].as_str().unwrap_or("?"),
                p["ruleId"].as_str().unwrap_or("?"),
                p["message"].as_str().unwrap_or("?"),
            )
        })
        .collect();
    Some(Err(format!("{problems}{full}")))
}

/// Asserts that an OpenAPI document passes both external validators: openapi-spec-validator
/// and Redocly's lint (errors and warnings). A missing tool is skipped loudly locally and
/// fails under `SPECFORGE_REQUIRE_ORACLES=1`; the other still runs. `what` names the document
/// in failure messages (`"ledger's openapi.yaml"`).
pub fn assert_openapi_valid(path: &Path, what: &str) {
    assert_openapi_valid_reported(path, what, "");
}

/// [`assert_openapi_valid`] for a document whose spec has overlapping paths: a Redocly
/// `no-ambiguous-paths` warning is the spec's own design, and it does not count when
/// specforge's `report` (its stderr) warned about the same two paths (`SF-A043`).
pub fn assert_openapi_valid_reported(path: &Path, what: &str, report: &str) {
    let overlaps: Vec<&str> = report
        .lines()
        .filter(|l| l.starts_with("warning[SF-A043]"))
        .collect();
    let reported_by_us = |problem: &Value| {
        let message = problem["message"].as_str().unwrap_or("");
        let paths: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
        problem["ruleId"] == "no-ambiguous-paths"
            && paths.len() == 2
            && overlaps
                .iter()
                .any(|l| paths.iter().all(|p| l.contains(&format!("{p} "))))
    };
    let mut failures = Vec::new();
    for (tool, verdict) in [
        ("openapi-spec-validator", openapi_spec_validator(path)),
        ("redocly", redocly_lint_accepting(path, &reported_by_us)),
    ] {
        match verdict {
            None => skip_or_fail(tool),
            Some(Ok(())) => {}
            Some(Err(output)) => failures.push(format!("{tool} rejects {what}:\n{output}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Compiles one generated `errors.rs` alone in a fresh crate outside this workspace, with
/// `#![deny(warnings)]` and no features, as a user's crate would. With `serde_enum` (the
/// enum's name) the crate depends on `serde` only, and `cargo test` also checks that every
/// code deserializes into its variant. Crates share one target folder, so `serde` is built
/// once. Cargo runs offline, from the registry cache this workspace already filled.
pub fn compile_in_fresh_crate(
    name: &str,
    errors_rs: &str,
    serde_enum: Option<&str>,
) -> Result<(), String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let package = format!(
        "fresh-{}",
        name.replace(|c: char| !c.is_ascii_alphanumeric(), "-")
    );
    let dependencies = if serde_enum.is_some() {
        "serde = \"1\"\n"
    } else {
        ""
    };
    let manifest = format!(
        "[package]\nname = \"{package}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\n{dependencies}\n[workspace]\n"
    );
    let mut lib =
        "#![deny(warnings)]\n//! A user's crate.\n\n/// The generated file.\npub mod errors;\n"
            .to_owned();
    if let Some(enum_name) = serde_enum {
        lib.push_str(&format!(
            "\n#[cfg(test)]\nmod tests {{\n    use serde::de::IntoDeserializer;\n\n    fn serializable<T: serde::Serialize>(_: &T) {{}}\n\n    #[test]\n    fn codes_deserialize() {{\n        for variant in crate::errors::{enum_name}::ALL {{\n            serializable(variant);\n            let input: serde::de::value::StrDeserializer<'_, serde::de::value::Error> =\n                variant.code().into_deserializer();\n            let back = <crate::errors::{enum_name} as serde::Deserialize>::deserialize(input);\n            assert_eq!(back.unwrap(), *variant);\n        }}\n    }}\n}}\n"
        ));
    }
    std::fs::create_dir_all(dir.path().join("src")).map_err(|e| e.to_string())?;
    std::fs::write(dir.path().join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    std::fs::write(dir.path().join("src/lib.rs"), lib).map_err(|e| e.to_string())?;
    std::fs::write(dir.path().join("src/errors.rs"), errors_rs).map_err(|e| e.to_string())?;
    let target = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("fresh-crates");
    let command = if serde_enum.is_some() {
        "test"
    } else {
        "build"
    };
    let output = std::process::Command::new(env!("CARGO"))
        .current_dir(dir.path())
        .args([command, "--offline", "--quiet"])
        .env("CARGO_TARGET_DIR", &target)
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .map_err(|e| format!("cargo does not run: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}
