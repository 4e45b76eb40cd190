//! The `hearken` binary: parse arguments, dispatch to a subcommand, map errors to exit codes.

use std::process::ExitCode;

/// mimalloc: the pipeline makes many small, short-lived allocations (words, tokens) on several
/// threads at once, where it is markedly faster than the system allocator.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    hearken_cli::main()
}

#[path = "cli/mod.rs"]
mod hearken_cli;
