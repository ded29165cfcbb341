//! The committed outputs of `specforge generate` for every spec in `fixtures/valid/`, one
//! folder per fixture. This crate compiles each generated `errors.rs` with every warning
//! denied; its tests check each enum against the spec it came from. A test in the root
//! package (`tests/generate_cli.rs`, `golden_outputs_are_current`) proves the files are current.
//!
//! The generated files are exactly what specforge writes, so rustfmt is told to skip them.
#![deny(warnings)]

/// `fixtures/valid/bookings.md` (template dialect 002).
#[rustfmt::skip]
#[path = "../bookings/errors.rs"]
pub mod bookings;

/// `fixtures/valid/hostile-text.md`: descriptions hostile to Rust, HTML and YAML.
#[rustfmt::skip]
#[path = "../hostile-text/errors.rs"]
pub mod hostile_text;

/// `fixtures/valid/inventory.md` (template dialect 000).
#[rustfmt::skip]
#[path = "../inventory/errors.rs"]
pub mod inventory;

/// `fixtures/valid/ledger.md` (template dialect 003).
#[rustfmt::skip]
#[path = "../ledger/errors.rs"]
pub mod ledger;

/// `fixtures/valid/notifications.md` (template dialect 001).
#[rustfmt::skip]
#[path = "../notifications/errors.rs"]
pub mod notifications;

/// `fixtures/valid/payouts.md` (template dialect 004).
#[rustfmt::skip]
#[path = "../payouts/errors.rs"]
pub mod payouts;
