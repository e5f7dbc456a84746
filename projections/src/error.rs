//! The one error type of the read side.

use std::time::Duration;

use linli_eventlog::{Position, ReadError};
use thiserror::Error;

use crate::runtime::ProjectionId;

/// Everything that can go wrong while projecting or querying.
#[derive(Debug, Error)]
pub enum ProjectionError {
    /// sled failed (I/O, or a corrupt page).
    #[error("storage: {0}")]
    Storage(#[from] sled::Error),
    /// The log could not be read (a damaged record is reported with its position).
    #[error("reading the log: {0}")]
    Log(#[from] ReadError),
    /// An event in the log cannot be decoded. The projections stop here rather than skip it:
    /// skipping would silently make every read model wrong from this position on.
    #[error("cannot decode the event at position {position} ({event_type} in stream {stream}): {reason}")]
    Undecodable {
        /// Where the event sits in the log.
        position: Position,
        /// Its stream id.
        stream: String,
        /// Its stored event type.
        event_type: String,
        /// What the decoder said.
        reason: String,
    },
    /// A record stored by a projection does not decode: the tree was damaged or written by
    /// an incompatible build (which should have bumped the projection's version).
    #[error("corrupt record in projection tree {tree}: {reason}")]
    CorruptRecord {
        /// The sled tree.
        tree: String,
        /// What was wrong.
        reason: String,
    },
    /// The read model did not reach the position in time.
    #[error("timed out after {waited:?} waiting for {id} to reach position {target}; it is at {reached}")]
    Timeout {
        /// The projection waited on.
        id: ProjectionId,
        /// The position asked for.
        target: Position,
        /// Where the projection was when the wait gave up.
        reached: Position,
        /// How long the caller waited.
        waited: Duration,
    },
    /// The projection stopped on an earlier error and serves what it had applied by then.
    #[error("projection {id} stopped at position {checkpoint}: {reason}")]
    Stopped {
        /// The projection.
        id: ProjectionId,
        /// The last position it applied.
        checkpoint: Position,
        /// The error that stopped it.
        reason: String,
    },
    /// No projection with that id is registered.
    #[error("unknown projection {0}")]
    UnknownProjection(String),
    /// A rebuild of this projection is already running.
    #[error("a rebuild of {0} is already running")]
    RebuildInProgress(ProjectionId),
    /// Projection or decoder code panicked; the runtime stops rather than guess what was
    /// applied.
    #[error("a projection panicked: {0}")]
    Panicked(String),
    /// The runtime was shut down.
    #[error("the projection runtime is shut down")]
    Closed,
    /// A query argument is invalid (a malformed cursor, an unknown filter value).
    #[error("invalid query: {0}")]
    InvalidQuery(String),
}

impl ProjectionError {
    /// A stored record failed to decode.
    pub(crate) fn corrupt(tree: &sled::Tree, reason: impl std::fmt::Display) -> Self {
        ProjectionError::CorruptRecord {
            tree: String::from_utf8_lossy(&tree.name()).into_owned(),
            reason: reason.to_string(),
        }
    }
}
