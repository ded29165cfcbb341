//! Which specs to process, where their outputs go and with which options (SPEC arguments or
//! `specforge.toml`'s `[[spec]]` entries), and running the in-memory pipeline over all of them
//! in parallel. Results keep the input order, so reports print in input order.

use crate::cli::{Kind, SpecSelection};
use crate::config::Config;
use rayon::prelude::*;
use specforge_pipeline::{LoadError, LoadedSpec, Options, Rendered};
use std::path::PathBuf;

/// One spec to process.
#[derive(Debug, Clone)]
pub struct Job {
    /// The spec file.
    pub spec: PathBuf,
    /// Its output folder.
    pub out: PathBuf,
    /// What to generate.
    pub options: Options,
    /// Accept a spec that is not approved.
    pub allow_draft: bool,
}

/// Options given on the command line, applied to every SPEC argument (and overriding the
/// config's entries where given).
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// `--only`.
    pub only: Vec<Kind>,
    /// `--migration-format`.
    pub migration_format: Option<specforge_migrate::MigrationFormat>,
    /// `--error-enum`.
    pub error_enum: Option<String>,
    /// `--error-serde`.
    pub error_serde: bool,
    /// `--openapi-json`.
    pub openapi_json: bool,
    /// `--strict` (or `strict = true` at the top of `specforge.toml`).
    pub strict: bool,
    /// `--deny warnings`.
    pub deny_warnings: bool,
    /// `--verify` (or `verify = true` in `specforge.toml`).
    pub verify: bool,
}

/// The jobs of a command line: one per SPEC argument, or one per `[[spec]]` entry. A usage
/// error (no spec anywhere, two specs writing one folder) is a message.
pub fn resolve(
    selection: &SpecSelection,
    config: &Config,
    overrides: &Overrides,
) -> Result<Vec<Job>, String> {
    let base_options = |only: &[specforge_pipeline::Kind],
                        format: Option<specforge_migrate::MigrationFormat>,
                        error_enum: Option<String>,
                        error_serde: bool,
                        openapi_json: bool,
                        strict: bool| Options {
        only: if overrides.only.is_empty() {
            only.to_vec()
        } else {
            overrides.only.iter().map(|&k| k.into()).collect()
        },
        migration_format: overrides.migration_format.or(format).unwrap_or_default(),
        error_enum: overrides.error_enum.clone().or(error_enum),
        error_serde: overrides.error_serde || error_serde,
        openapi_json: overrides.openapi_json || openapi_json,
        strict: overrides.strict || config.strict || strict,
        deny_warnings: overrides.deny_warnings,
        alerts: config.alerts.clone(),
        history: Default::default(),
        verify: overrides.verify || config.verify,
    };
    let jobs: Vec<Job> = if !selection.specs.is_empty() {
        let out = selection
            .out
            .clone()
            .unwrap_or_else(|| PathBuf::from("generated"));
        let several = selection.specs.len() > 1;
        selection
            .specs
            .iter()
            .map(|spec| Job {
                spec: spec.clone(),
                out: if several {
                    out.join(spec.file_stem().unwrap_or_default())
                } else {
                    out.clone()
                },
                options: base_options(&[], None, None, false, false, false),
                allow_draft: selection.allow_draft,
            })
            .collect()
    } else if !config.specs.is_empty() {
        config
            .specs
            .iter()
            .map(|entry| Job {
                spec: entry.path.clone(),
                out: selection
                    .out
                    .clone()
                    .or_else(|| entry.out.clone())
                    .unwrap_or_else(|| PathBuf::from("generated")),
                options: base_options(
                    &entry.only,
                    entry.migration_format,
                    entry.error_enum.clone(),
                    entry.error_serde,
                    entry.openapi_json,
                    entry.strict,
                ),
                allow_draft: selection.allow_draft || entry.allow_draft,
            })
            .collect()
    } else {
        return Err(
            "no spec given: name SPEC files, or list them as [[spec]] entries in specforge.toml \
             (`specforge init` writes one)"
                .to_owned(),
        );
    };
    for (i, a) in jobs.iter().enumerate() {
        if let Some(b) = jobs[..i].iter().find(|b| b.out == a.out) {
            return Err(format!(
                "{} and {} would both write into {}; give each its own `out`",
                b.spec.display(),
                a.spec.display(),
                a.out.display()
            ));
        }
    }
    Ok(jobs)
}

/// What the in-memory pipeline made of one job.
pub struct Outcome {
    /// The loaded spec, or why it could not be loaded.
    pub loaded: Result<LoadedSpec, LoadError>,
    /// Artifacts and diagnostics (empty when not loaded).
    pub rendered: Rendered,
    /// With staging ([`run`]'s `stage`), the files waiting beside their targets: committed
    /// by `generate` when every folder's targets were accepted, removed when dropped.
    pub staging: Option<specforge_pipeline::write::Staging>,
    /// The output folder already holds what the spec gives ([`specforge_pipeline::fresh`]):
    /// nothing was extracted or rendered.
    pub up_to_date: bool,
}

/// Loads and renders every job, in parallel; results in job order. With `use_fresh`, a spec
/// whose output folder is already current (`specforge.sum` says so and every file matches) is
/// only read, not extracted or rendered. With `stage`, each artifact is staged in its output
/// folder as soon as it is final and dropped from memory ([`specforge_pipeline::render_staged`]).
pub fn run(jobs: &[Job], max_input_bytes: usize, use_fresh: bool, stage: bool) -> Vec<Outcome> {
    jobs.par_iter()
        .map(|job| {
            let read = specforge_pipeline::read(&job.spec, max_input_bytes);
            if use_fresh
                && let Ok((name, text)) = &read
                && specforge_pipeline::fresh::up_to_date(&job.out, text, &job.options)
            {
                return Outcome {
                    loaded: Ok(LoadedSpec {
                        name: name.clone(),
                        text: text.clone(),
                        extraction: Default::default(),
                    }),
                    rendered: Rendered::default(),
                    staging: None,
                    up_to_date: true,
                };
            }
            let loaded =
                read.map(|(name, text)| specforge_pipeline::load_text(name, text, job.allow_draft));
            let staging = (stage && loaded.is_ok())
                .then(|| specforge_pipeline::write::Staging::new(&job.out));
            let rendered = match &loaded {
                Ok(loaded) => {
                    // The migrations already written are the base of the next one, and the
                    // recorded sum keeps the hashes of what a blocked kind left on disk.
                    let mut options = job.options.clone();
                    options.history = specforge_pipeline::history::read(&job.out);
                    if !options
                        .kinds()
                        .contains(&specforge_pipeline::Kind::Migrations)
                    {
                        options.history.files.clear();
                        options.history.diagnostics.clear();
                    }
                    match &staging {
                        Some(staging) => {
                            specforge_pipeline::render_staged(loaded, &options, staging)
                        }
                        None => specforge_pipeline::render(loaded, &options),
                    }
                }
                Err(_) => Rendered::default(),
            };
            Outcome {
                loaded,
                rendered,
                staging,
                up_to_date: false,
            }
        })
        .collect()
}
