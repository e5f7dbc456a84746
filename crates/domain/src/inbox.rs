//! Inbox (消息): what a user did with the messages linli sent them. The messages themselves
//! are derived from other events by the inbox read model; the only facts of its own are that
//! the user read them. One stream `inbox-{user uuid}` per user.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::actor::Actor;
use crate::aggregate::Aggregate;
use crate::error::ErrorKind;
use crate::event::domain_events;
use crate::ids::UserId;
use crate::validate::{self, ValidationError};

/// The most message ids one command marks.
pub const MAX_MARKED: usize = 200;

/// A command for one inbox stream.
#[derive(Debug, Clone, PartialEq)]
pub enum InboxCommand {
    /// Mark some messages read, or every message up to one. Who: the inbox's owner.
    MarkRead(MarkRead),
}

/// Mark messages read.
#[derive(Debug, Clone, PartialEq)]
pub struct MarkRead {
    /// The inbox's owner (the stream's user).
    pub owner: UserId,
    /// Which messages.
    pub which: ReadSelection,
    /// The owner.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

/// Which messages a mark-read covers. Message ids are the log positions of the events the
/// messages came from, so "up to" is a plain comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReadSelection {
    /// These messages.
    Messages(Vec<u64>),
    /// Every message with an id at most this.
    UpTo(u64),
}

domain_events! {
    /// Every fact of an inbox.
    pub enum InboxEvent {
        /// The owner read messages.
        Read(InboxRead) = ("inbox.read", 1),
    }
}

/// `inbox.read` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InboxRead {
    /// Which messages.
    pub which: ReadSelection,
    /// When.
    pub at: DateTime<Utc>,
}

/// The inbox's own state: the highest "read up to" mark, so marking the same again records
/// nothing.
pub type InboxState = u64;

/// Why an inbox command was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum InboxError {
    /// Only the owner reads their inbox.
    #[error("{actor} may not mark another person's messages")]
    NotOwner {
        /// Who asked.
        actor: Actor,
    },
    /// The selection is empty or too long.
    #[error(transparent)]
    Validation(#[from] ValidationError),
}

impl InboxError {
    /// Stable machine-readable code.
    pub const fn code(&self) -> &'static str {
        match self {
            InboxError::NotOwner { .. } => "inbox.not_owner",
            InboxError::Validation(_) => "inbox.invalid",
        }
    }

    /// The class of refusal.
    pub const fn kind(&self) -> ErrorKind {
        match self {
            InboxError::NotOwner { .. } => ErrorKind::Forbidden,
            InboxError::Validation(_) => ErrorKind::Invalid,
        }
    }
}

/// The inbox aggregate.
#[derive(Debug, Clone, Copy, Default)]
pub struct Inbox;

impl Aggregate for Inbox {
    const NAME: &'static str = "inbox";
    type Command = InboxCommand;
    type Event = InboxEvent;
    type State = InboxState;
    type Error = InboxError;

    fn decide(command: &InboxCommand, state: &InboxState) -> Result<Vec<InboxEvent>, InboxError> {
        let InboxCommand::MarkRead(cmd) = command;
        if cmd.by.user() != Some(cmd.owner) {
            return Err(InboxError::NotOwner { actor: cmd.by });
        }
        match &cmd.which {
            ReadSelection::Messages(ids) => {
                if ids.is_empty() {
                    return Err(ValidationError::Empty { field: "messages" }.into());
                }
                validate::unique_list("messages", ids, MAX_MARKED)?;
                if ids.iter().all(|id| id <= state) {
                    return Ok(Vec::new());
                }
            }
            ReadSelection::UpTo(up_to) => {
                if up_to <= state {
                    return Ok(Vec::new());
                }
            }
        }
        Ok(vec![InboxRead {
            which: cmd.which.clone(),
            at: cmd.at,
        }
        .into()])
    }

    fn evolve(state: InboxState, event: &InboxEvent) -> InboxState {
        match event {
            InboxEvent::Read(InboxRead {
                which: ReadSelection::UpTo(up_to),
                ..
            }) => state.max(*up_to),
            InboxEvent::Read(_) => state,
        }
    }
}
