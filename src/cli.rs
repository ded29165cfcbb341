//! Command-line arguments (clap). Every flag is documented here and in the README.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Turns an approved technical specification in Markdown into the artifacts a service is
/// built from, and checks that the spec's sections agree with each other.
#[derive(Debug, Parser)]
#[command(name = "specforge", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print what specforge finds in a spec (document info, every construct with its line
    /// numbers) and every diagnostic. For debugging specs and for tooling.
    Extract(ExtractArgs),
    /// Generate artifacts from an approved spec into the output folder, all or nothing.
    Generate(GenerateArgs),
}

/// Arguments of `specforge generate`.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// The spec, one Markdown file.
    pub spec: PathBuf,
    /// The output folder (created if missing; a symlink is refused).
    #[arg(long, default_value = "generated", value_name = "DIR")]
    pub out: PathBuf,
    /// Only these artifact kinds (comma-separated: openapi, migrations, errors, alerts).
    #[arg(long, value_enum, value_delimiter = ',', value_name = "KINDS")]
    pub only: Vec<Kind>,
    /// Do not stop on a status that is not approved.
    #[arg(long)]
    pub allow_draft: bool,
    /// Compare with what is on disk instead of writing; exit 1 on any difference.
    #[arg(long)]
    pub check: bool,
    /// Layout of the migration files: `plain` (`0001_x.up.sql` + `.down.sql`, read by sqlx
    /// and golang-migrate), `dbmate`, `flyway` or `refinery` (up only).
    #[arg(long, default_value = "plain", value_name = "FORMAT")]
    pub migration_format: specforge_migrate::MigrationFormat,
    /// Settings file (default: `specforge.toml` in the current folder, when present).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Emit the alerts that were understood and list the rows that were not, instead of
    /// stopping on them.
    #[arg(long)]
    pub skip_unresolved_alerts: bool,
    /// Also write `openapi.json`, the same document as `openapi.yaml`.
    #[arg(long)]
    pub openapi_json: bool,
    /// Name of the Rust error enum (default: from the service name, e.g. `LedgerError`).
    #[arg(long, value_name = "NAME")]
    pub error_enum: Option<String>,
    /// Output format of the report.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Refuse specs larger than this many bytes.
    #[arg(long, default_value_t = specforge_markdown::DEFAULT_MAX_INPUT_BYTES, value_name = "BYTES")]
    pub max_input_bytes: usize,
}

/// Artifact kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, ValueEnum)]
pub enum Kind {
    /// `openapi.yaml` (and `openapi.json` with `--openapi-json`): the OpenAPI 3.0.3 document.
    Openapi,
    /// `migrations/0001_<name>.up.sql` and `.down.sql`: PostgreSQL migrations.
    Migrations,
    /// `errors.rs`: the Rust error enum.
    Errors,
    /// `alerts.yaml` and `alerts.test.yaml`: Prometheus rules and their promtool tests.
    Alerts,
}

/// Arguments of `specforge extract`.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// The spec, one Markdown file.
    pub spec: PathBuf,
    /// Output format: a readable listing, or one JSON object (model, skipped tables,
    /// diagnostics) on stdout.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Do not stop on a status that is not approved (draft, in review, missing).
    #[arg(long)]
    pub allow_draft: bool,
    /// Refuse specs larger than this many bytes.
    #[arg(long, default_value_t = specforge_markdown::DEFAULT_MAX_INPUT_BYTES, value_name = "BYTES")]
    pub max_input_bytes: usize,
}

/// Output formats of `extract`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Human-readable text; diagnostics on stderr with source lines and carets.
    Human,
    /// JSON on stdout.
    Json,
}
