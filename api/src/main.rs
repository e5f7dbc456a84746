//! The `linli` binary. Exit codes: 0 success; 1 the store is damaged or the operation was
//! refused (e.g. a tampered import); 2 bad usage (clap); 3 the store could not be opened or
//! an I/O error stopped the operation.
#![forbid(unsafe_code)]

use std::process::ExitCode;

use clap::Parser;

/// sled and the projections allocate and free small buffers at a high rate; profiles put about
/// 30% of CPU in glibc's malloc/free. mimalloc is measured in docs/performance.md.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = linli_api::cli::Cli::parse();
    linli_api::telemetry::init(cli.log_format);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("linli: cannot start the async runtime: {e}");
            return ExitCode::from(3);
        }
    };
    let outcome = runtime.block_on(linli_api::commands::run(cli.command));
    ExitCode::from(outcome.code())
}
