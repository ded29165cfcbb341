//! `specforge generate`: golden outputs are current, output is deterministic, bad input writes
//! nothing, and the writer never overwrites what it did not generate or follows a symlink.

mod common;
use common::*;
use std::path::{Path, PathBuf};

fn fixtures() -> Vec<String> {
    let mut stems: Vec<String> = std::fs::read_dir(repo_path("fixtures/valid"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    stems.sort();
    stems
}

fn path_arg(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

#[test]
fn golden_outputs_are_current() {
    for stem in fixtures() {
        let spec = format!("fixtures/valid/{stem}.md");
        let out = format!("generated-examples/{stem}");
        let (code, stderr) = generate(&[&spec, "--out", &out, "--check"]);
        assert_eq!(code, 0, "{stem}: generated-examples is stale:\n{stderr}");
        assert!(stderr.contains("up to date"), "{stderr}");
    }
}

#[test]
fn every_golden_folder_has_its_fixture() {
    let mut folders: Vec<String> = std::fs::read_dir(repo_path("generated-examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.is_dir()
                && !["src", "tests", "build-script"]
                    .contains(&p.file_name().unwrap().to_str().unwrap())
        })
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    folders.sort();
    assert_eq!(
        folders,
        fixtures(),
        "one generated-examples folder per valid fixture"
    );
}

#[test]
fn output_is_byte_identical_across_runs_and_environments() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    for (dir, tz, lang) in [
        (a.path(), "UTC", "C"),
        (b.path(), "Pacific/Chatham", "tr_TR.UTF-8"),
    ] {
        let output = specforge()
            .current_dir(repo_path(""))
            .env("TZ", tz)
            .env("LANG", lang)
            .env("LC_ALL", lang)
            .args([
                "generate",
                "fixtures/valid/ledger.md",
                "--out",
                &path_arg(dir),
            ])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0));
    }
    let first = std::fs::read(a.path().join("errors.rs")).unwrap();
    assert_eq!(first, std::fs::read(b.path().join("errors.rs")).unwrap());
    assert_eq!(
        first,
        std::fs::read(repo_path("generated-examples/ledger/errors.rs")).unwrap()
    );
    assert!(first.ends_with(b"}\n") && !first.ends_with(b"\n\n") && !first.contains(&b'\r'));
}

#[test]
fn error_catalogue_bad_inputs_exit_1_and_write_nothing() {
    for (file, code, message) in [
        (
            "errors-status-conflict",
            "SF-E002",
            "error code `ORDER_NOT_FOUND` has status 410 here but 404 where it is first given",
        ),
        (
            "errors-invalid-code",
            "SF-E005",
            "error code `1ST_FAILURE` cannot become a Rust variant: it starts with a digit",
        ),
        (
            "errors-variant-collision",
            "SF-E006",
            "error codes `NOT_FOUND` and `not_found` both become the variant `NotFound`",
        ),
        (
            "errors-reserved-variant",
            "SF-E007",
            "error code `SELF` becomes `Self`, a reserved Rust name",
        ),
    ] {
        assert_refused(file, code, message, None);
    }
}

#[test]
fn a_collision_names_both_places() {
    let (_, stderr) = generate(&[
        "fixtures/invalid/errors-variant-collision.md",
        "--out",
        "/nonexistent/never",
    ]);
    assert!(
        stderr.contains("--> fixtures/invalid/errors-variant-collision.md:10:3"),
        "{stderr}"
    );
    assert!(stderr.contains("`NOT_FOUND` is here"), "{stderr}");
}

#[test]
fn a_draft_spec_exits_3_and_writes_nothing() {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("out");
    let (exit, stderr) = generate(&[
        "fixtures/invalid/draft-status.md",
        "--out",
        &path_arg(&target),
    ]);
    assert_eq!(exit, 3, "{stderr}");
    assert!(!target.exists());
}

#[test]
fn the_enum_name_can_be_chosen_and_is_validated() {
    let out = tempfile::tempdir().unwrap();
    let (exit, _) = generate(&[
        "fixtures/valid/ledger.md",
        "--out",
        &path_arg(out.path()),
        "--error-enum",
        "BooksError",
    ]);
    assert_eq!(exit, 0);
    let contents = std::fs::read_to_string(out.path().join("errors.rs")).unwrap();
    assert!(contents.contains("pub enum BooksError {"));
    let (exit, stderr) = generate(&[
        "fixtures/valid/ledger.md",
        "--out",
        &path_arg(out.path()),
        "--error-enum",
        "books-error",
    ]);
    assert_eq!(exit, 1);
    assert!(
        stderr.contains("error[SF-E008]: `books-error` cannot name the error enum"),
        "{stderr}"
    );
}

#[test]
fn unknown_kinds_are_usage_errors() {
    let (exit, stderr) = generate(&["fixtures/valid/ledger.md", "--only", "errors,wasm"]);
    assert_eq!(exit, 2, "{stderr}");
}

#[test]
fn unchanged_files_are_not_rewritten_and_edited_ones_are() {
    let out = tempfile::tempdir().unwrap();
    let dir = path_arg(out.path());
    let file = out.path().join("errors.rs");
    let (_, first) = generate(&["fixtures/valid/ledger.md", "--out", &dir]);
    assert!(first.contains("  created "), "{first}");
    let before = std::fs::metadata(&file).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    // --force renders again (without it the run stops at "up to date"); equal bytes are
    // not rewritten.
    let (_, second) = generate(&["fixtures/valid/ledger.md", "--out", &dir, "--force"]);
    assert!(second.contains("unchanged "), "{second}");
    assert_eq!(
        std::fs::metadata(&file).unwrap().modified().unwrap(),
        before,
        "rewritten"
    );
    let edited = std::fs::read_to_string(&file)
        .unwrap()
        .replace("InvalidInput", "Tampered");
    std::fs::write(&file, edited).unwrap();
    let (exit, third) = generate(&["fixtures/valid/ledger.md", "--out", &dir]);
    assert_eq!(exit, 0);
    assert!(third.contains("  updated "), "{third}");
    assert_eq!(
        std::fs::read(&file).unwrap(),
        std::fs::read(repo_path("generated-examples/ledger/errors.rs")).unwrap()
    );
}

#[test]
fn a_file_without_the_header_is_never_overwritten() {
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("errors.rs");
    std::fs::write(&file, "// hand-written, precious\npub enum Mine {}\n").unwrap();
    let (exit, stderr) = generate(&["fixtures/valid/ledger.md", "--out", &path_arg(out.path())]);
    assert_eq!(exit, 4, "{stderr}");
    assert!(
        stderr.contains("was not generated by specforge"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "// hand-written, precious\npub enum Mine {}\n"
    );
}

#[cfg(unix)]
#[test]
fn symlinks_are_refused() {
    let root = tempfile::tempdir().unwrap();
    let elsewhere = root.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    let link: PathBuf = root.path().join("out");
    std::os::unix::fs::symlink(&elsewhere, &link).unwrap();
    let (exit, stderr) = generate(&["fixtures/valid/ledger.md", "--out", &path_arg(&link)]);
    assert_eq!(exit, 4, "{stderr}");
    assert!(stderr.contains("is a symlink"), "{stderr}");
    assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);

    let out = root.path().join("real");
    std::fs::create_dir(&out).unwrap();
    let victim = root.path().join("victim.rs");
    std::fs::write(&victim, "// @generated by specforge from x. Do not edit.\n").unwrap();
    std::os::unix::fs::symlink(&victim, out.join("errors.rs")).unwrap();
    let (exit, stderr) = generate(&["fixtures/valid/ledger.md", "--out", &path_arg(&out)]);
    assert_eq!(exit, 4, "{stderr}");
    assert_eq!(
        std::fs::read_to_string(&victim).unwrap(),
        "// @generated by specforge from x. Do not edit.\n"
    );
}

/// The names in `out` and in its spec folders (one level down), sorted, temporary files
/// included.
fn entries(out: &Path) -> Vec<String> {
    let names = |dir: &Path| -> Vec<String> {
        std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut found = Vec::new();
    for folder in names(out) {
        found.extend(
            names(&out.join(&folder))
                .into_iter()
                .map(|name| format!("{folder}/{name}")),
        );
        found.push(folder);
    }
    found.sort();
    found
}

#[test]
fn a_target_refused_in_one_folder_writes_nothing_in_any() {
    // Files are staged beside their targets as soon as each is built; a foreign file in the
    // second spec's folder must still leave the first spec's folder as it was, with no
    // temporary file behind, and the second's foreign file untouched.
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("out");
    std::fs::create_dir_all(out.join("payouts")).unwrap();
    std::fs::write(out.join("payouts/errors.rs"), "// mine\n").unwrap();
    let out_arg = path_arg(&out);
    let both = [
        "fixtures/valid/ledger.md",
        "fixtures/valid/payouts.md",
        "--out",
        &out_arg,
    ];
    let (exit, stderr) = generate(&both);
    assert_eq!(exit, 4, "{stderr}");
    assert!(stderr.contains("not generated by specforge"), "{stderr}");
    assert!(stderr.contains("nothing written"), "{stderr}");
    assert_eq!(entries(&out), ["payouts", "payouts/errors.rs"]);
    assert_eq!(
        std::fs::read_to_string(out.join("payouts/errors.rs")).unwrap(),
        "// mine\n"
    );

    // Without the foreign file, both folders are written, and nothing temporary is left.
    std::fs::remove_file(out.join("payouts/errors.rs")).unwrap();
    let (exit, stderr) = generate(&both);
    assert_eq!(exit, 0, "{stderr}");
    let written = entries(&out);
    assert!(
        written.contains(&"ledger/openapi.yaml".to_owned()),
        "{written:?}"
    );
    assert!(
        written.contains(&"payouts/errors.rs".to_owned()),
        "{written:?}"
    );
    assert!(
        !written.iter().any(|p| p.contains(".specforge-")),
        "{written:?}"
    );
}

#[test]
fn check_reports_missing_hand_edited_and_line_ending_drift_with_the_fix() {
    let out = tempfile::tempdir().unwrap();
    let dir = path_arg(out.path());
    let (exit, stderr) = generate(&["fixtures/valid/ledger.md", "--out", &dir, "--check"]);
    assert_eq!(exit, 1);
    assert!(stderr.contains("missing: "), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "run: specforge generate fixtures/valid/ledger.md --out {dir}"
        )),
        "{stderr}"
    );
    assert!(
        !out.path().join("errors.rs").exists(),
        "--check wrote a file"
    );

    generate(&["fixtures/valid/ledger.md", "--out", &dir]);
    let file = out.path().join("errors.rs");
    let good = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, good.replace("Fix the request", "Fix it yourself")).unwrap();
    let (exit, stderr) = generate(&["fixtures/valid/ledger.md", "--out", &dir, "--check"]);
    assert_eq!(exit, 1);
    assert!(
        stderr.contains("hand-edited: ") && stderr.contains("errors.rs was changed after"),
        "{stderr}"
    );
    assert!(
        stderr.contains("-    /// Resolution: Fix it yourself"),
        "{stderr}"
    );
    assert!(
        stderr.contains("+    /// Resolution: Fix the request"),
        "{stderr}"
    );

    std::fs::write(&file, good.replace('\n', "\r\n")).unwrap();
    let (exit, stderr) = generate(&["fixtures/valid/ledger.md", "--out", &dir, "--check"]);
    assert_eq!(exit, 1);
    assert!(stderr.contains("differs only in line endings"), "{stderr}");
}

#[test]
fn sql_bad_inputs_exit_1_at_their_position_and_write_nothing() {
    for (file, position, code, message) in [
        (
            "sql-does-not-parse",
            "15:1",
            "SF-S010",
            "a statement of the `sql` fence does not parse: sql parser error: Expected: column name or constraint definition, found: )",
        ),
        (
            "sql-duplicate-column",
            "11:5",
            "SF-S043",
            "column `total` is defined twice in table `orders`",
        ),
        (
            "sql-identifier-too-long",
            "8:14",
            "SF-S040",
            "table name `orders_with_a_name_that_is_far_too_long_for_postgres_to_keep_it_whole` is 69 bytes long; PostgreSQL keeps only 63",
        ),
        (
            "sql-index-missing-column",
            "11:14",
            "SF-S045",
            "an index names column `total`, which table `orders` does not have",
        ),
        (
            "sql-injection-in-type",
            "10:10",
            "SF-S020",
            "unknown column type `varchar(255)); DROP TABLE x; --`: unexpected character `;`",
        ),
        (
            "sql-missing-fk-table",
            "14:42",
            "SF-S044",
            "foreign key of `orders` references table `customer`, which is not defined",
        ),
        (
            "sql-unknown-type",
            "10:5",
            "SF-S020",
            "column `orders.total` has unknown type `moneybags`",
        ),
    ] {
        assert_refused(file, code, message, Some(position));
    }
}
