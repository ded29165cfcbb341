//! Generates `errors.rs` from the ledger fixture into `$OUT_DIR/specforge/`, with the same
//! pipeline as `specforge generate --only errors`. Cargo reruns this when the spec changes.

use std::path::{Path, PathBuf};

fn main() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/valid/ledger.md");
    let out =
        PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("specforge");
    let options = specforge_pipeline::Options {
        only: vec![specforge_pipeline::Kind::Errors],
        error_enum: Some("LedgerError".to_owned()),
        ..Default::default()
    };
    if let Err(error) = specforge_pipeline::build::generate(&spec, &out, &options) {
        panic!(
            "specforge could not generate from {}:\n{error}",
            spec.display()
        );
    }
}
