//! The `specforge` command line: argument parsing, file I/O, rendering and exit codes.
//!
//! Architecture invariant: this is the only layer that prints or chooses an exit code; files
//! are read and written through `specforge-pipeline` (and `init`'s two small files here).
//! Everything it shows comes from the library crates.

/// mimalloc instead of the system allocator: reading and extraction allocate a string per
/// table cell, and glibc's malloc and free were a fifth of their instructions. Whole-process
/// figures with each allocator are in the README (Performance): 1.3-1.8x faster, for a
/// higher peak at 1 MB (its heaps sit on transparent huge pages; `no_thp` gives the memory
/// back and the speed with it).
#[cfg(not(feature = "system-allocator"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod artifact_report;
mod check;
mod cli;
mod config;
mod diagnostics;
mod diff;
mod exit;
mod extract_report;
mod generate;
mod init;
mod jobs;
mod report;

use clap::Parser;
use exit::Exit;

fn main() -> std::process::ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            // clap prints help/version to stdout (exit 0) and usage errors to stderr (exit 2).
            let _ = error.print();
            return if error.use_stderr() {
                Exit::Usage.into()
            } else {
                Exit::Success.into()
            };
        }
    };
    let exit = match cli.command {
        cli::Command::Extract(args) => extract_report::run(&args),
        cli::Command::Generate(args) => generate::run(&args),
        cli::Command::Check(args) => check::run(&args),
        cli::Command::Diff(args) => diff::run(&args),
        cli::Command::Init(args) => init::run(&args),
    };
    exit.into()
}
