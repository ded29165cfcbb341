//! The ledger spec's error enum, generated at build time by `build.rs`.

#![deny(warnings)]

#[rustfmt::skip]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/specforge/errors.rs"));
}

pub use generated::*;
