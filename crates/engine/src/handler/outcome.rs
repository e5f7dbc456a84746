//! What a command produced.

use linli_eventlog::{Position, StreamVersion};

/// Whether a command wrote, found its earlier result, or had nothing to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replay {
    /// This call decided and wrote the events.
    Fresh,
    /// The idempotency key had already been written: this is the first call's result, and
    /// nothing was decided or written now.
    Duplicate,
    /// The command was accepted but changed nothing (e.g. marking overdue twice); nothing
    /// was written, so the key (if any) is not recorded either.
    Unchanged,
}

/// The result of an accepted command.
#[derive(Debug, Clone, PartialEq)]
pub struct CommandOutcome<E> {
    /// Position of the last event written (for [`Replay::Unchanged`], of the stream's last
    /// event, 0 for an empty stream): wait for read models to reach it to read your writes.
    pub position: Position,
    /// Position of the first event written (equal to `position` when one event or none).
    pub first_position: Position,
    /// The stream's version after the command's events.
    pub stream_version: StreamVersion,
    /// The events written, decoded (for a duplicate: the first call's events, read back).
    pub events: Vec<E>,
    /// Fresh, duplicate or unchanged.
    pub replay: Replay,
    /// How many times the command was decided: more than 1 after optimistic-concurrency
    /// conflicts, 0 for a duplicate found before deciding.
    pub attempts: u32,
}
