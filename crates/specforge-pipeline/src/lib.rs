//! specforge-pipeline: one spec file to every artifact, in memory, then to disk.
//!
//! * [`load`] reads, decodes and extracts a spec and applies the status gate.
//! * [`render`] runs the consistency rules and every requested emitter (re-reading each
//!   artifact only with [`Options::verify`]), applies the spec's `specforge-allow` comments, marks what
//!   each error blocks ([`blocking`]) and adds [`sum`]'s `specforge.sum` for the kinds that
//!   were built. Nothing is written.
//! * [`history`] reads the migrations an output folder already holds, so a revised spec gets
//!   the next migration instead of a rewritten first one.
//! * [`write`] writes the built artifacts atomically; [`drift`] compares them with the disk.
//! * [`fresh`] tells, from `specforge.sum` alone, that an output folder is already what the
//!   spec gives, so an unchanged spec costs nothing.
//! * [`build`] is the entry point for Cargo build scripts.
//!
//! Architecture invariant: the emitter crates below never touch the file system; this crate
//! reads specs and writes outputs, and the CLI above it only parses arguments and prints.

pub mod blocking;
pub mod build;
pub mod drift;
pub mod fresh;
pub mod history;
pub mod load;
mod render;
pub mod sum;
pub mod write;

pub use load::{LoadError, LoadedSpec, Undecodable, load, load_text, read};
pub use render::{Kind, Options, Rendered, render, render_staged};
