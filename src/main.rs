//! The `specforge` command line: argument parsing, file I/O, rendering and exit codes.
//!
//! Architecture invariant: this is the only layer that touches the file system, prints, or
//! chooses an exit code. Everything it shows comes from the library crates.

mod cli;
mod config;
mod diagnostics;
mod exit;
mod extract_report;
mod generate;
mod load;
mod write;

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
    };
    exit.into()
}
