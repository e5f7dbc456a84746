//! Users: registered through WeChat (openid), with a profile and granted roles.
//!
//! Every registered user may act as a resident; other roles are granted, each scoped to the
//! jurisdiction nodes it covers (a cadre's villages, a manager's township).

mod command;
mod decide;
mod error;
mod event;
mod personal;
mod phone;
mod state;

pub use command::*;
pub use error::UserError;
pub use event::*;
pub use personal::{HomeAddress, IdCardNumber, PersonalField};
pub use phone::PhoneNumber;
pub use state::{Profile, UserRecord, UserState};

use crate::aggregate::Aggregate;

/// The user aggregate; one stream `user-{uuid}` per person.
#[derive(Debug, Clone, Copy, Default)]
pub struct User;

impl Aggregate for User {
    const NAME: &'static str = "user";
    type Command = UserCommand;
    type Event = UserEvent;
    type State = UserState;
    type Error = UserError;

    fn decide(command: &UserCommand, state: &UserState) -> Result<Vec<UserEvent>, UserError> {
        decide::decide(command, state)
    }

    fn evolve(state: UserState, event: &UserEvent) -> UserState {
        state::evolve(state, event)
    }
}
