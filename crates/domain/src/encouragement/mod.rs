//! Encouragement (点赞鼓励): a resident publicly thanks a cadre; others like and comment.

mod command;
mod decide;
mod error;
mod event;
mod state;

pub use command::*;
pub use error::EncouragementError;
pub use event::*;
pub use state::{EncouragementRecord, EncouragementState};

use crate::aggregate::Aggregate;

/// The encouragement aggregate; one stream `encouragement-{uuid}` per post.
#[derive(Debug, Clone, Copy, Default)]
pub struct Encouragement;

impl Aggregate for Encouragement {
    const NAME: &'static str = "encouragement";
    type Command = EncouragementCommand;
    type Event = EncouragementEvent;
    type State = EncouragementState;
    type Error = EncouragementError;

    fn decide(
        command: &EncouragementCommand,
        state: &EncouragementState,
    ) -> Result<Vec<EncouragementEvent>, EncouragementError> {
        decide::decide(command, state)
    }

    fn evolve(state: EncouragementState, event: &EncouragementEvent) -> EncouragementState {
        state::evolve(state, event)
    }
}
