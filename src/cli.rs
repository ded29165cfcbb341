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
    /// Generate artifacts from approved specs into their output folders. An error blocks only
    /// the artifacts built from its construct; the others are written. When the folder
    /// already holds migrations, only the next one is added.
    Generate(GenerateArgs),
    /// Check that each spec's sections agree with each other and that the generated files on
    /// disk are current (missing, stale, hand-edited, orphaned).
    Check(CheckArgs),
    /// Report what a spec revision changes and breaks across the API, the database (with the
    /// planned migration), the error catalogue and the alerts (exit 1 at or above `--fail-on`).
    Diff(DiffArgs),
    /// Write a commented `specforge.toml` and a `.gitattributes` line keeping generated files
    /// LF, in the current folder.
    Init(InitArgs),
}

/// Which specs to process and where their outputs go: SPEC arguments, or the `[[spec]]`
/// entries of `specforge.toml`.
#[derive(Debug, Args)]
pub struct SpecSelection {
    /// Spec files (Markdown). Without any, the `[[spec]]` entries of `specforge.toml` are used.
    pub specs: Vec<PathBuf>,
    /// Output folder (default `generated`). With several SPECs, each spec's files go to
    /// `DIR/<spec file stem>/`.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Settings file (default: `specforge.toml` in the current folder, when present).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Do not stop on a status that is not approved.
    #[arg(long)]
    pub allow_draft: bool,
    /// Refuse specs larger than this many bytes.
    #[arg(long, default_value_t = specforge_markdown::DEFAULT_MAX_INPUT_BYTES, value_name = "BYTES")]
    pub max_input_bytes: usize,
}

/// Arguments of `specforge generate`.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Specs, output folder, settings.
    #[command(flatten)]
    pub selection: SpecSelection,
    /// Only these artifact kinds (comma-separated: openapi, migrations, errors, alerts).
    #[arg(long, value_enum, value_delimiter = ',', value_name = "KINDS")]
    pub only: Vec<Kind>,
    /// Compare with what is on disk instead of writing; exit 1 on any difference.
    #[arg(long)]
    pub check: bool,
    /// Layout of the migration files: `plain` (`0001_x.up.sql` + `.down.sql`, read by sqlx
    /// and golang-migrate), `dbmate`, `flyway` or `refinery` (up only).
    #[arg(long, value_name = "FORMAT")]
    pub migration_format: Option<specforge_migrate::MigrationFormat>,
    /// Retired: alert rows that do not translate are always warnings now, and the others are
    /// written. Accepted, with a note, so existing build scripts keep working.
    #[arg(long, hide = true)]
    pub skip_unresolved_alerts: bool,
    /// Regenerate even when `specforge.sum` shows the outputs are already what this spec,
    /// these options and this specforge version give (by default such a run does nothing).
    #[arg(long)]
    pub force: bool,
    /// Re-read every artifact before writing it, as a post-condition: `openapi.yaml`, and
    /// `alerts.yaml` and `alerts.test.yaml` back into their models, `errors.rs` through syn
    /// (the test suite proves these for every fixture and for arbitrary text; this repeats
    /// the proof on this run). Implies `--force`. Also `verify = true` in `specforge.toml`.
    #[arg(long)]
    pub verify: bool,
    /// All or nothing: any error, consistency findings included, blocks every artifact of
    /// every spec (by default an error blocks only the artifacts built from its construct).
    #[arg(long)]
    pub strict: bool,
    /// Treat warnings as errors: a warning blocks the artifacts built from its construct
    /// (an alert row that does not translate blocks `alerts.yaml`).
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub deny: Option<Deny>,
    /// Also write `openapi.json`, the same document as `openapi.yaml`.
    #[arg(long)]
    pub openapi_json: bool,
    /// Name of the Rust error enum (default: from the service name, e.g. `LedgerError`).
    #[arg(long, value_name = "NAME")]
    pub error_enum: Option<String>,
    /// Also implement serde's `Serialize` and `Deserialize` (as the code string) in
    /// `errors.rs`; the crate that holds it then needs the `serde` dependency.
    #[arg(long)]
    pub error_serde: bool,
    /// Output format of the report.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// Arguments of `specforge check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Specs, output folder, settings.
    #[command(flatten)]
    pub selection: SpecSelection,
    /// Output format: readable text, a JSON array of diagnostics, SARIF 2.1.0, or GitHub
    /// Actions workflow commands.
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,
    /// Treat warnings as errors for the exit code.
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub deny: Option<Deny>,
    /// Also compare each spec with its version at this git revision (`git show REF:path`) and
    /// report what the change breaks, as `specforge diff` does; breaking changes fail.
    #[arg(long, value_name = "REF")]
    pub against: Option<String>,
}

/// Arguments of `specforge diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The spec before the revision.
    pub old: PathBuf,
    /// The spec after the revision.
    pub new: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    pub format: DiffFormat,
    /// The lowest level that makes the exit code 1.
    #[arg(long, value_enum, default_value_t = FailOn::Breaking, value_name = "LEVEL")]
    pub fail_on: FailOn,
    /// Refuse specs larger than this many bytes.
    #[arg(long, default_value_t = 16 * 1024 * 1024, value_name = "BYTES")]
    pub max_input_bytes: usize,
}

/// `diff` output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// Each change with its source line and a caret, on stderr.
    Human,
    /// One JSON array of `{code, severity, message, file, line, column, end_line, end_column, help}` on stdout.
    Json,
    /// A Markdown table for a pull-request comment, on stdout.
    Markdown,
}

/// The level at which a revision fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Only breaking changes fail.
    Breaking,
    /// Warnings fail too.
    Warning,
}

/// Arguments of `specforge init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The spec the new `specforge.toml` points at.
    #[arg(long, default_value = "docs/spec.md", value_name = "SPEC")]
    pub spec: PathBuf,
    /// The output folder it names.
    #[arg(long, default_value = "generated", value_name = "DIR")]
    pub out: PathBuf,
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

impl From<Kind> for specforge_pipeline::Kind {
    fn from(kind: Kind) -> Self {
        match kind {
            Kind::Openapi => specforge_pipeline::Kind::Openapi,
            Kind::Migrations => specforge_pipeline::Kind::Migrations,
            Kind::Errors => specforge_pipeline::Kind::Errors,
            Kind::Alerts => specforge_pipeline::Kind::Alerts,
        }
    }
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

/// Output formats of `extract` and `generate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Human-readable text; diagnostics on stderr with source lines and carets.
    Human,
    /// JSON on stdout.
    Json,
}

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Diagnostics with source lines and carets, drift with unified diffs, on stderr.
    Human,
    /// One JSON array of `{code, severity, message, file, line, column, end_line, end_column,
    /// help}` on stdout.
    Json,
    /// SARIF 2.1.0 on stdout (GitHub code scanning, GitLab, IDEs).
    Sarif,
    /// GitHub Actions workflow commands (`::error file=…,line=…,col=…,title=SF-…::…`) on stdout.
    Github,
}

/// `--deny` levels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    /// Warnings fail the check (exit 1) like errors.
    Warnings,
}
