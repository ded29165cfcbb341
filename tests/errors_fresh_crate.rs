//! Every fixture's `errors.rs` compiles alone in a fresh crate that is not ours: without
//! features and with `#![deny(warnings)]` (the default file uses nothing conditional and
//! nothing beyond `std`), and, generated with `--error-serde`, with `serde` as the crate's
//! only dependency.

mod common;
use common::*;

/// Every fixture under `fixtures/valid/` and `fixtures/variations/`, as repository paths.
fn fixtures() -> Vec<String> {
    let mut out = Vec::new();
    for folder in ["fixtures/valid", "fixtures/variations"] {
        for entry in std::fs::read_dir(repo_path(folder)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "md") {
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                out.push(format!("{folder}/{name}"));
            }
        }
    }
    out.sort();
    out
}

/// `errors.rs` of `fixture`, generated with `extra` arguments; `Ok(None)` when the spec has
/// no codes, `Err` with the report when it has some and no file came out.
fn errors_rs(fixture: &str, extra: &[&str]) -> Result<Option<String>, String> {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("out");
    let target = target.to_string_lossy();
    let mut args = vec![
        fixture,
        "--only",
        "errors",
        "--allow-draft",
        "--out",
        &target,
    ];
    args.extend_from_slice(extra);
    let (_, stderr) = generate(&args);
    let path = out.path().join("out/errors.rs");
    if !path.exists() {
        if stderr.contains("  empty     errors: the spec holds nothing for it") {
            return Ok(None);
        }
        return Err(format!(
            "{fixture}: no errors.rs, and not for want of codes: {stderr}"
        ));
    }
    Ok(Some(std::fs::read_to_string(path).unwrap()))
}

fn enum_name(errors_rs: &str) -> &str {
    let after = errors_rs.split("pub enum ").nth(1).expect("an enum");
    after.split_whitespace().next().unwrap()
}

#[test]
fn every_fixtures_errors_rs_compiles_with_warnings_denied_and_no_features() {
    let mut compiled = Vec::new();
    let mut failures = Vec::new();
    for fixture in fixtures() {
        let file = match errors_rs(&fixture, &[]) {
            Ok(Some(file)) => file,
            Ok(None) => continue,
            Err(report) => {
                failures.push(report);
                continue;
            }
        };
        assert!(
            !file.contains("cfg("),
            "{fixture}: no cfg in the default file"
        );
        assert!(
            !file.contains("serde"),
            "{fixture}: no serde in the default file"
        );
        match compile_in_fresh_crate(&fixture, &file, None) {
            Ok(()) => compiled.push(fixture),
            Err(message) => failures.push(format!("{fixture}: does not compile alone:\n{message}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    // Every valid fixture and the variations with error tables (12, 40–49) yield one.
    assert!(compiled.len() >= 8, "{compiled:?}");
}

#[test]
fn serde_variant_compiles_with_serde_as_the_only_dependency() {
    for fixture in ["fixtures/valid/ledger.md", "fixtures/valid/hostile-text.md"] {
        let file = errors_rs(fixture, &["--error-serde"])
            .unwrap()
            .expect("errors.rs");
        assert!(
            !file.contains("cfg("),
            "{fixture}: serde impls are unconditional"
        );
        assert!(file.contains("impl ::serde::Serialize for"), "{fixture}");
        let name = enum_name(&file).to_owned();
        if let Err(message) = compile_in_fresh_crate(fixture, &file, Some(&name)) {
            panic!("{fixture}: the serde variant does not compile or test:\n{message}");
        }
    }
}

#[test]
fn error_serde_in_specforge_toml_writes_the_serde_impls() {
    let dir = tempfile::tempdir().unwrap();
    let spec = repo_path("fixtures/valid/ledger.md");
    let config = dir.path().join("specforge.toml");
    std::fs::write(
        &config,
        format!(
            "[[spec]]\npath = {:?}\nout = \"out\"\nonly = [\"errors\"]\nerror_serde = true\n",
            spec.to_string_lossy()
        ),
    )
    .unwrap();
    let (code, stderr) = generate(&["--config", &config.to_string_lossy()]);
    assert_eq!(code, 0, "{stderr}");
    let file = std::fs::read_to_string(dir.path().join("out/errors.rs")).unwrap();
    assert!(file.contains("impl<'de> ::serde::Deserialize<'de> for LedgerError"));
}
