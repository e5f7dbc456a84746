//! Why a command failed: a domain refusal, kept apart from everything that is the
//! system's fault (storage, unreadable records, too much contention).

use linli_domain::StreamName;
use linli_eventlog::{AppendError, Position, ReadError};
use thiserror::Error;

use crate::codec::CodecError;

/// The log failed under the engine.
#[derive(Debug, Error)]
pub enum StorageError {
    /// Reading the stream failed (storage failure or a damaged record).
    #[error(transparent)]
    Read(#[from] ReadError),
    /// Appending failed for a reason other than a version conflict.
    #[error(transparent)]
    Append(#[from] AppendError),
}

/// Why a stream could not be loaded.
#[derive(Debug, Error)]
pub enum LoadError {
    /// The stream belongs to another aggregate than the one asked for.
    #[error("stream {stream} does not hold {expected} events")]
    WrongStream {
        /// The stream asked for.
        stream: StreamName,
        /// The aggregate's stream category.
        expected: &'static str,
    },
    /// The log failed.
    #[error(transparent)]
    Storage(#[from] StorageError),
    /// A record of the stream cannot be decoded.
    #[error("record at position {position}: {source}")]
    Codec {
        /// The unreadable record.
        position: Position,
        /// Why.
        #[source]
        source: CodecError,
    },
}

/// Why [`Engine::execute`](crate::Engine::execute) did not produce an outcome.
///
/// Only [`EngineError::Rejected`] is the caller's business (a 4xx); every other variant is
/// the system's (a 5xx, or 503 for [`EngineError::Contended`]).
#[derive(Debug, Error)]
pub enum EngineError<E> {
    /// The aggregate refused the command. Nothing was written.
    #[error("command rejected: {0}")]
    Rejected(E),
    /// The stream belongs to another aggregate than the command's.
    #[error("stream {stream} does not hold {expected} events")]
    WrongStream {
        /// The stream asked for.
        stream: StreamName,
        /// The aggregate's stream category.
        expected: &'static str,
    },
    /// The log failed; for an append, whether it was written is unknown until the log is
    /// reopened (a retry with the same idempotency key is then safe).
    #[error(transparent)]
    Storage(#[from] StorageError),
    /// A record could not be decoded, or an event could not be encoded.
    #[error("codec failure{}: {source}", position.map(|p| format!(" at position {p}")).unwrap_or_default())]
    Codec {
        /// The unreadable record, when reading.
        position: Option<Position>,
        /// Why.
        #[source]
        source: CodecError,
    },
    /// Every attempt met an optimistic-concurrency conflict. Nothing was written.
    #[error("stream {stream} kept changing: gave up after {attempts} attempts")]
    Contended {
        /// The stream.
        stream: StreamName,
        /// How many times the command was decided.
        attempts: u32,
    },
    /// The idempotency key was first used for a command on another stream; the earlier
    /// result is not this command's, so it is not returned. Nothing was written.
    #[error("idempotency key {key:?} was already used on stream {original_stream}")]
    IdempotencyKeyReused {
        /// The key.
        key: String,
        /// The stream the key's events were written to.
        original_stream: String,
    },
}

impl<E> From<LoadError> for EngineError<E> {
    fn from(e: LoadError) -> Self {
        match e {
            LoadError::WrongStream { stream, expected } => {
                EngineError::WrongStream { stream, expected }
            }
            LoadError::Storage(e) => EngineError::Storage(e),
            LoadError::Codec { position, source } => EngineError::Codec {
                position: Some(position),
                source,
            },
        }
    }
}

impl<E> EngineError<E> {
    /// The domain refusal, if that is what this is.
    pub fn rejection(&self) -> Option<&E> {
        match self {
            EngineError::Rejected(e) => Some(e),
            _ => None,
        }
    }
}
