//! The subcommands. Each returns an [`Outcome`] whose exit code means something.

mod admin_client;
mod backup;
mod checkpoints;
mod demo;
mod forget;
mod grant;
mod progress;
mod purge;
mod rebuild;
mod replay;
mod serve;
mod state_at;
mod transfer;
mod verify;

use crate::cli::Command;

/// How a command ended, and so the process's exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Success,
    /// Exit 1: the store is damaged, or the input was refused (tampered import).
    Refused,
    /// Exit 3: the store could not be opened, or I/O failed.
    Failure,
    /// Exit 2: bad usage found after parsing (an unknown stream name, a bad `--at`, a
    /// wrong admin token).
    Usage,
}

impl Outcome {
    /// The process exit code.
    pub fn code(self) -> u8 {
        match self {
            Outcome::Success => 0,
            Outcome::Refused => 1,
            Outcome::Failure => 3,
            Outcome::Usage => 2,
        }
    }
}

/// Runs one subcommand to completion.
pub async fn run(command: Command) -> Outcome {
    match command {
        Command::Serve(args) => serve::run(*args).await,
        Command::Verify(args) => verify::run(args).await,
        Command::Export(args) => transfer::export(args).await,
        Command::Import(args) => transfer::import(args).await,
        Command::Grant(args) => grant::run(args).await,
        Command::Demo(args) => demo::run(args).await,
        Command::Forget(args) => forget::run(args).await,
        Command::Purge(args) => purge::run(args).await,
        Command::Replay(args) => replay::run(args).await,
        Command::StateAt(args) => state_at::run(args).await,
        Command::Checkpoints(args) => checkpoints::run(args).await,
        Command::Backup(args) => backup::backup(args).await,
        Command::Restore(args) => backup::restore(args).await,
        Command::Rebuild(args) => rebuild::run(args).await,
    }
}
