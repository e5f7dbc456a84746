//! Chain checkpoints: the server periodically records the log's chain head (a position and
//! the hash of the record there) as an event of the single `checkpoint` stream.
//!
//! A checkpoint published outside the system (printed, mailed to the county, handed to an
//! auditor) pins the whole history up to its position: every record's hash covers the one
//! before it, so rewriting anything at or before the position changes the hash there. The
//! aggregate only keeps the checkpoints moving forward; the hash itself is taken from the log
//! by the caller and checked against the log by `linli verify`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::aggregate::Aggregate;
use crate::error::ErrorKind;
use crate::event::domain_events;

/// The name of the one stream holding every chain checkpoint.
pub const CHECKPOINT_STREAM: &str = "checkpoint";

/// The chain checkpoint aggregate; one stream, `checkpoint`.
#[derive(Debug, Clone, Copy, Default)]
pub struct ChainCheckpoint;

/// Record the chain head as it was when the caller read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordCheckpoint {
    /// The head's position (the last record covered).
    pub position: u64,
    /// The BLAKE3 hash of the record at `position`, 64 lowercase hex digits.
    pub hash: String,
    /// When the caller read the head.
    pub at: DateTime<Utc>,
}

domain_events! {
    /// Every fact of the checkpoint stream.
    pub enum CheckpointEvent {
        /// The chain head was recorded.
        Checkpointed(ChainCheckpointed) = ("chain.checkpointed", 1),
    }
}

/// `chain.checkpointed` v1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainCheckpointed {
    /// The position of the last record covered.
    pub position: u64,
    /// The hash of the record at `position` (lowercase hex BLAKE3).
    pub hash: String,
    /// When the head was read.
    pub at: DateTime<Utc>,
}

/// What the stream has recorded so far.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckpointState {
    /// How many checkpoints were recorded.
    pub count: u64,
    /// The latest checkpoint.
    pub last: Option<ChainCheckpointed>,
}

/// Why a checkpoint was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CheckpointError {
    /// The hash is not 64 lowercase hex digits.
    #[error("a chain hash is 64 lowercase hex digits")]
    MalformedHash,
    /// Position 0 is the empty log: there is nothing to pin.
    #[error("an empty log has no head to checkpoint")]
    EmptyLog,
}

impl CheckpointError {
    /// Stable machine-readable code.
    pub const fn code(&self) -> &'static str {
        match self {
            CheckpointError::MalformedHash => "checkpoint.malformed_hash",
            CheckpointError::EmptyLog => "checkpoint.empty_log",
        }
    }

    /// The class of refusal.
    pub const fn kind(&self) -> ErrorKind {
        ErrorKind::Invalid
    }
}

impl Aggregate for ChainCheckpoint {
    const NAME: &'static str = CHECKPOINT_STREAM;
    type Command = RecordCheckpoint;
    type Event = CheckpointEvent;
    type State = CheckpointState;
    type Error = CheckpointError;

    /// A head at or behind the last checkpoint adds nothing (a retried or raced recorder),
    /// so it decides no events rather than failing.
    fn decide(
        command: &RecordCheckpoint,
        state: &CheckpointState,
    ) -> Result<Vec<CheckpointEvent>, CheckpointError> {
        if command.position == 0 {
            return Err(CheckpointError::EmptyLog);
        }
        let hex = command.hash.as_bytes();
        if hex.len() != 64
            || !hex
                .iter()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(b))
        {
            return Err(CheckpointError::MalformedHash);
        }
        if state
            .last
            .as_ref()
            .is_some_and(|last| last.position >= command.position)
        {
            return Ok(Vec::new());
        }
        Ok(vec![CheckpointEvent::Checkpointed(ChainCheckpointed {
            position: command.position,
            hash: command.hash.clone(),
            at: command.at,
        })])
    }

    fn evolve(state: CheckpointState, event: &CheckpointEvent) -> CheckpointState {
        match event {
            CheckpointEvent::Checkpointed(recorded) => CheckpointState {
                count: state.count + 1,
                last: Some(recorded.clone()),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(position: u64) -> RecordCheckpoint {
        RecordCheckpoint {
            position,
            hash: "ab".repeat(32),
            at: DateTime::from_timestamp(1_700_000_000, 0).unwrap_or_default(),
        }
    }

    #[test]
    fn a_new_head_is_recorded_and_an_old_one_adds_nothing() {
        let events = ChainCheckpoint::decide(&at(10), &CheckpointState::default()).unwrap();
        assert_eq!(events.len(), 1);
        let state = ChainCheckpoint::fold(&events);
        assert_eq!(state.count, 1);
        assert!(ChainCheckpoint::decide(&at(10), &state).unwrap().is_empty());
        assert!(ChainCheckpoint::decide(&at(9), &state).unwrap().is_empty());
        assert_eq!(ChainCheckpoint::decide(&at(11), &state).unwrap().len(), 1);
    }

    #[test]
    fn a_malformed_hash_or_an_empty_log_is_refused() {
        let mut command = at(3);
        command.hash = "XY".repeat(32);
        assert_eq!(
            ChainCheckpoint::decide(&command, &CheckpointState::default()),
            Err(CheckpointError::MalformedHash)
        );
        assert_eq!(
            ChainCheckpoint::decide(&at(0), &CheckpointState::default()),
            Err(CheckpointError::EmptyLog)
        );
    }
}
