//! The `hearken` binary: parse arguments, dispatch to a subcommand, map errors to exit codes.

use std::process::ExitCode;

fn main() -> ExitCode {
    hearken_cli::main()
}

#[path = "cli/mod.rs"]
mod hearken_cli;
