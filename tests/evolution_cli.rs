//! Spec evolution from the command line: `generate` on top of migrations already written plans
//! only the next one, never rewrites an applied one, refuses an edited one, and `diff` reports
//! the database side with its planned migration. The chains live in `fixtures/evolution/`; the
//! migrations and reports they produce are golden files in each chain's `expected/` folder
//! (refresh with `SPECFORGE_UPDATE_SNAPSHOTS=1`).

mod common;
use common::*;
use std::path::{Path, PathBuf};

fn chain_dir(chain: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/evolution")
        .join(chain)
}

fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = specforge().current_dir(dir).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Puts version `v` of `chain` at `dir/<chain>.md`.
fn revise(dir: &Path, chain: &str, v: u32) {
    std::fs::copy(
        chain_dir(chain).join(format!("v{v}.md")),
        dir.join(format!("{chain}.md")),
    )
    .unwrap();
}

fn generate(dir: &Path, chain: &str) -> (i32, String) {
    let spec = format!("{chain}.md");
    let (code, _, stderr) = run_in(dir, &["generate", &spec, "--out", "out"]);
    (code, stderr)
}

fn migrations(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(dir.join("out/migrations"))
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| {
                    (
                        e.file_name().to_string_lossy().into_owned(),
                        std::fs::read_to_string(e.path()).unwrap(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// Compares `actual` with the golden file, or rewrites it under SPECFORGE_UPDATE_SNAPSHOTS=1.
fn golden(path: &Path, actual: &str) {
    if std::env::var("SPECFORGE_UPDATE_SNAPSHOTS").as_deref() == Ok("1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, actual).unwrap();
        return;
    }
    let want = std::fs::read_to_string(path).unwrap_or_else(|_| {
        panic!(
            "{} is missing; run with SPECFORGE_UPDATE_SNAPSHOTS=1",
            path.display()
        )
    });
    assert_eq!(actual, want, "{} is not current", path.display());
}

#[test]
fn each_revision_adds_the_next_migration_and_keeps_the_applied_ones_byte_for_byte() {
    for chain in ["orders", "catalog"] {
        let dir = tempfile::tempdir().unwrap();
        let mut before: Vec<(String, String)> = Vec::new();
        for v in 1..=3 {
            revise(dir.path(), chain, v);
            let (code, stderr) = generate(dir.path(), chain);
            assert_eq!(code, 0, "{chain} v{v}: {stderr}");
            let now = migrations(dir.path());
            for file in &before {
                assert!(now.contains(file), "{chain} v{v}: {} was rewritten", file.0);
            }
            assert!(now.len() > before.len(), "{chain} v{v}: no new migration");
            // Unchanged spec: nothing new, and check is clean.
            let (code, stderr) = generate(dir.path(), chain);
            assert_eq!(code, 0, "{stderr}");
            assert_eq!(
                migrations(dir.path()),
                now,
                "{chain} v{v}: regenerating changed files"
            );
            let (code, _, stderr) = run_in(
                dir.path(),
                &["check", &format!("{chain}.md"), "--out", "out"],
            );
            assert_eq!(code, 0, "{chain} v{v}: check: {stderr}");
            before = now;
        }
        for (name, contents) in &before {
            golden(
                &chain_dir(chain).join("expected/migrations").join(name),
                contents,
            );
        }
        let expected_names: Vec<String> =
            std::fs::read_dir(chain_dir(chain).join("expected/migrations"))
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
        assert_eq!(
            expected_names.len(),
            before.len(),
            "{chain}: expected/migrations holds stale files"
        );
    }
}

#[test]
fn the_impact_reports_of_each_revision_are_current() {
    for chain in ["orders", "catalog"] {
        for (a, b) in [(1, 2), (2, 3)] {
            let (old, new) = (format!("v{a}.md"), format!("v{b}.md"));
            let (code, report, stderr) = run_in(
                &chain_dir(chain),
                &["diff", &old, &new, "--format", "markdown"],
            );
            assert!(code == 0 || code == 1, "{stderr}");
            assert!(report.contains("| database |"), "{chain}: {report}");
            assert!(report.contains("Planned migration"), "{chain}: {report}");
            golden(
                &chain_dir(chain).join(format!("expected/diff-v{a}-v{b}.md")),
                &report,
            );
        }
    }
}

#[test]
fn an_edited_applied_migration_blocks_the_migrations_and_writes_none() {
    let dir = tempfile::tempdir().unwrap();
    revise(dir.path(), "orders", 1);
    assert_eq!(generate(dir.path(), "orders").0, 0);
    let up = dir.path().join("out/migrations/0001_orders.up.sql");
    let edited =
        std::fs::read_to_string(&up).unwrap() + "CREATE INDEX hotfix ON customers (name);\n";
    std::fs::write(&up, &edited).unwrap();
    let sum = std::fs::read(dir.path().join("out/specforge.sum")).unwrap();
    revise(dir.path(), "orders", 2);
    let (code, stderr) = generate(dir.path(), "orders");
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("error[SF-M012]"), "{stderr}");
    assert!(stderr.contains("0001_orders.up.sql was edited"), "{stderr}");
    assert_eq!(migrations(dir.path()).len(), 2, "a migration was written");
    assert_eq!(std::fs::read_to_string(&up).unwrap(), edited);
    assert!(
        stderr.contains("  blocked   migrations: by 1 error"),
        "{stderr}"
    );
    // The other artifacts are written; the sum says migrations were not regenerated and
    // keeps their recorded hashes, so the edit is still caught and nothing passes as current.
    let migration_lines = |sum: &str| -> Vec<String> {
        sum.lines()
            .filter(|l| l.contains("  migrations/"))
            .map(str::to_owned)
            .collect()
    };
    let now = std::fs::read_to_string(dir.path().join("out/specforge.sum")).unwrap();
    let before = String::from_utf8(sum).unwrap();
    assert!(now.contains("\nblocked migrations\n"), "{now}");
    let mut kept = migration_lines(&now);
    let mut recorded = migration_lines(&before);
    kept.sort();
    recorded.sort();
    assert_eq!(kept, recorded);
    assert_ne!(now, before, "the other artifacts were regenerated");
    let (code, _, stderr) = run_in(dir.path(), &["check", "orders.md", "--out", "out"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("error[SF-M012]"), "{stderr}");
    assert!(
        stderr.contains("error[SF-G002]: the migrations artifact cannot be regenerated"),
        "{stderr}"
    );
}

#[test]
fn a_missing_migration_is_an_error_and_removing_them_all_starts_over() {
    let dir = tempfile::tempdir().unwrap();
    revise(dir.path(), "orders", 1);
    assert_eq!(generate(dir.path(), "orders").0, 0);
    revise(dir.path(), "orders", 2);
    assert_eq!(generate(dir.path(), "orders").0, 0);
    std::fs::remove_file(dir.path().join("out/migrations/0002_orders.down.sql")).unwrap();
    let (code, stderr) = generate(dir.path(), "orders");
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("0002_orders.down.sql is recorded in specforge.sum but missing"),
        "{stderr}"
    );
    std::fs::remove_dir_all(dir.path().join("out/migrations")).unwrap();
    let (code, stderr) = generate(dir.path(), "orders");
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("starting again at version 1"), "{stderr}");
    let names: Vec<String> = migrations(dir.path()).into_iter().map(|f| f.0).collect();
    assert_eq!(names, ["0001_orders.down.sql", "0001_orders.up.sql"]);
}

#[test]
fn an_unallowed_drop_fails_generate_with_the_recipe() {
    let dir = tempfile::tempdir().unwrap();
    revise(dir.path(), "orders", 1);
    assert_eq!(generate(dir.path(), "orders").0, 0);
    let v2 = std::fs::read_to_string(chain_dir("orders").join("v2.md")).unwrap();
    let allow = v2
        .lines()
        .find(|l| l.contains("specforge-allow SF-M002"))
        .expect("v2 allows the dropped column");
    std::fs::write(dir.path().join("orders.md"), v2.replace(allow, "")).unwrap();
    let (code, stderr) = generate(dir.path(), "orders");
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("error[SF-M002]: column `orders.note` is no longer in the spec"),
        "{stderr}"
    );
    assert!(stderr.contains("help: if it was renamed"), "{stderr}");
    assert_eq!(migrations(dir.path()).len(), 2);
}

#[test]
fn other_migration_formats_number_the_next_migration_their_way() {
    for (format, want) in [
        (
            "dbmate",
            vec![
                "0001_orders.sql",
                "0002_orders.sql",
                "0003_orders_orders_status_idx.sql",
            ],
        ),
        (
            "flyway",
            vec![
                "U1__orders.sql",
                "U2__orders.sql",
                "U3__orders_orders_status_idx.sql",
                "V1__orders.sql",
                "V2__orders.sql",
                "V3__orders_orders_status_idx.sql",
            ],
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        for v in 1..=2 {
            revise(dir.path(), "orders", v);
            let (code, _, stderr) = run_in(
                dir.path(),
                &[
                    "generate",
                    "orders.md",
                    "--out",
                    "out",
                    "--migration-format",
                    format,
                ],
            );
            assert_eq!(code, 0, "{format}: {stderr}");
        }
        let files = migrations(dir.path());
        let names: Vec<&str> = files.iter().map(|f| f.0.as_str()).collect();
        assert_eq!(names, want, "{format}");
        if format == "dbmate" {
            assert!(
                files[2]
                    .1
                    .contains("-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY")
            );
        }
    }
}
