//! The specforge model: plain data that every other crate shares.
//!
//! * [`Span`] and [`LineIndex`]: byte ranges into the (normalized) spec text, and their
//!   1-based line:column rendering.
//! * [`Diagnostic`] and the one catalogue of [`Code`]s; [`ArtifactKind`], what an error blocks.
//! * [`AuthLevel`]: what an Auth cell says (public, optional, required).
//! * [`naming`]: names derived from spec text (ASCII snake case); [`case`]: heck's camel
//!   cases, written directly for ASCII text.
//! * [`path_template`]: an endpoint path template's parameters and shape.
//! * [`Spec`]: the typed intermediate representation that extraction fills and emitters read.
//!
//! Architecture invariant: this crate performs no I/O and depends on no parser. Every
//! collection is ordered (a `Vec` in source order), so anything derived from a `Spec` is
//! deterministic.

mod artifact_kind;
mod auth;
pub mod case;
mod catalogue;
mod diagnostic;
pub mod naming;
pub mod path_template;
mod span;
mod spec;

pub use artifact_kind::{ArtifactKind, kind_list};
pub use auth::AuthLevel;
pub use catalogue::{Code, ExitClass};
pub use diagnostic::{Diagnostic, Label, Severity};
pub use span::{LineCol, LineIndex, Span, Spanned};
pub use spec::*;
