//! The directory: the jurisdiction tree, which cadres are posted where, routing rules, time
//! limits and the working calendar. One `directory` stream holds it all, so the router reads
//! one consistent version of it.

mod command;
mod decide;
mod error;
mod event;
mod state;
mod types;

pub use command::*;
pub use error::DirectoryError;
pub use event::*;
pub use state::{DirectoryState, Handlers, Node};
pub use types::{CadreRole, TimeLimits};

use crate::aggregate::Aggregate;

/// The directory aggregate; the single stream [`crate::aggregate::DIRECTORY_STREAM`].
#[derive(Debug, Clone, Copy, Default)]
pub struct Directory;

impl Aggregate for Directory {
    const NAME: &'static str = "directory";
    type Command = DirectoryCommand;
    type Event = DirectoryEvent;
    type State = DirectoryState;
    type Error = DirectoryError;

    fn decide(
        command: &DirectoryCommand,
        state: &DirectoryState,
    ) -> Result<Vec<DirectoryEvent>, DirectoryError> {
        decide::decide(command, state)
    }

    fn evolve(state: DirectoryState, event: &DirectoryEvent) -> DirectoryState {
        state::evolve(state, event)
    }
}
