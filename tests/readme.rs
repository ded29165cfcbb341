//! The README's diagnostic table lists exactly the catalogue's codes, with their severities.

use specforge_model::Code;

#[test]
fn readme_lists_every_diagnostic_code_with_its_severity() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let rows: Vec<&str> = readme.lines().filter(|l| l.starts_with("| SF-")).collect();
    assert_eq!(rows.len(), Code::ALL.len(), "README rows vs catalogue");
    for (row, code) in rows.iter().zip(Code::ALL) {
        let expected = format!(
            "| {} | {} | {} |",
            code.as_str(),
            code.default_severity().as_str(),
            code.summary()
        );
        assert_eq!(*row, expected);
    }
}

#[test]
fn readme_shows_the_two_commands() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    assert!(readme.contains("cargo run --release -- extract fixtures/valid/ledger.md"));
    assert!(readme.contains("cargo test --workspace"));
    assert!(
        std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/valid/ledger.md"
        ))
        .exists()
    );
}
