//! The `hearken` binary: parse arguments, dispatch to a subcommand, map errors to exit codes.

use std::process::ExitCode;

/// mimalloc: the pipeline makes many small, short-lived allocations (words, tokens) on several
/// threads at once, where it is markedly faster than the system allocator.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (the same position in its v2 and v3 option enums).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> ExitCode {
    // A run allocates and frees batch after batch: returning freed pages to the system after
    // mimalloc's default 10 ms only to fault them in again cost about a tenth of the run time on
    // a million answers. hearken is a batch process, so freed memory is kept until it exits.
    // SAFETY: sets a process-wide allocator option before any other thread exists.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
    hearken_cli::main()
}

#[path = "cli/mod.rs"]
mod hearken_cli;
