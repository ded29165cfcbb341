//! An unchanged spec costs nothing: when the output folder's `specforge.sum` records this
//! spec's hash, this generator, these options and no blocked kind, and every file it records
//! still has its recorded hash, the outputs are exactly what a generation would write, so
//! `generate` reports them up to date without reading the spec's Markdown.
//!
//! The options are recorded as a fingerprint: the SHA-256 of their `Debug` form (without the
//! folder's history, which the sum itself describes), so a new option changes it by itself.
//! `verify` is the exception: it changes no output, so it is left out.

use crate::Options;
use crate::sum::{FILE, Sum, sha256, sha256_file};
use rayon::prelude::*;
use std::path::Path;

/// The fingerprint of `options`, as `specforge.sum` records it.
pub fn fingerprint(options: &Options) -> String {
    let mut options = options.clone();
    options.history = Default::default();
    options.only = options.kinds();
    let text = format!("{options:?}");
    // `verify` checks the output and changes none of it: a fingerprint taken with it is the
    // one taken without it (it is the last field, so its text is the end of the form).
    let verify = format!(", verify: {:?} }}", options.verify);
    let text = text
        .strip_suffix(&verify)
        .map_or_else(|| text.clone(), |rest| format!("{rest} }}"));
    sha256(text.as_bytes())
}

/// True when `out` holds exactly what generating `spec_text` (normalized) with `options`
/// would write.
pub fn up_to_date(out: &Path, spec_text: &str, options: &Options) -> bool {
    let Ok(text) = std::fs::read_to_string(out.join(FILE)) else {
        return false;
    };
    let sum = Sum::parse(&text);
    if sum.generator.as_deref() != Some(crate::sum::generator().as_str())
        || !sum.blocked.is_empty()
        || sum.options.as_deref() != Some(fingerprint(options).as_str())
        || sum.files.is_empty()
    {
        return false;
    }
    // Hashing is all of the remaining work: the spec and the files are hashed on every core.
    let (spec_current, files_current) = rayon::join(
        || sum.spec_hash.as_deref() == Some(sha256(spec_text.as_bytes()).as_str()),
        || {
            sum.files
                .par_iter()
                .all(|(path, hash)| sha256_file(&out.join(path)).is_ok_and(|found| found == *hash))
        },
    );
    spec_current && files_current
}
