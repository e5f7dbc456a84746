//! The log's errors, one enum per kind of operation, so callers can tell a caller's
//! mistake (invalid input, a version conflict) from the store failing.

use thiserror::Error;

use crate::types::{ExpectedVersion, Position, StreamId, StreamVersion};

/// A request the log refuses before touching storage.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum InvalidInput {
    /// The stream id is empty, too long or not printable.
    #[error("invalid stream id: {0}")]
    StreamId(String),
    /// An event's type, payload or the number of events is out of bounds.
    #[error("invalid event: {0}")]
    Event(String),
    /// A metadata string is too long.
    #[error("invalid metadata: {0}")]
    Metadata(String),
    /// A hash is not 64 hex characters.
    #[error("invalid hash: {0}")]
    Hash(String),
}

/// Why an append did not happen.
#[derive(Debug, Error)]
pub enum AppendError {
    /// Optimistic concurrency: the stream is not at the expected version. Nothing written.
    #[error("stream {stream} is at version {actual}, expected {expected:?}")]
    Conflict {
        /// The stream that moved.
        stream: StreamId,
        /// What the caller expected.
        expected: ExpectedVersion,
        /// What the stream's version actually is, so the caller can reload and retry.
        actual: StreamVersion,
    },
    /// The request itself is malformed. Nothing written.
    #[error(transparent)]
    Invalid(#[from] InvalidInput),
    /// The store failed to write or to make the batch durable. The outcome of this
    /// append is unknown until the log is reopened; the log refuses further appends.
    #[error("storage failure: {0}")]
    Storage(String),
    /// An earlier storage failure stopped the writer; reopen the log.
    #[error("the log stopped accepting appends after a storage failure: {0}")]
    Poisoned(String),
    /// The log was closed.
    #[error("the log is closed")]
    Closed,
}

/// Why a read failed. A damaged record is never handed back.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// The record at this position (or the index entry leading to it) is damaged.
    #[error("corruption at position {position}: {problem}")]
    Corruption {
        /// Where the damage is.
        position: Position,
        /// What is wrong with it.
        problem: String,
    },
    /// The store itself failed.
    #[error("storage failure: {0}")]
    Storage(String),
    /// The caller asked for something malformed.
    #[error(transparent)]
    Invalid(#[from] InvalidInput),
}

impl From<sled::Error> for ReadError {
    fn from(e: sled::Error) -> Self {
        ReadError::Storage(e.to_string())
    }
}

/// Opening the log failed.
#[derive(Debug, Error)]
pub enum OpenError {
    /// A read-only open found no store at the path.
    #[error("no store at {path}")]
    NoStore {
        /// The data directory that holds no store.
        path: String,
    },
    /// sled could not open the directory (held by another process, unreadable, ...).
    #[error("cannot open the store at {path}: {source}")]
    Sled {
        /// The data directory.
        path: String,
        /// sled's error.
        source: sled::Error,
    },
    /// The data directory's files could not be opened for fsync.
    #[error("cannot open {path} for fsync: {source}")]
    Io {
        /// The file.
        path: String,
        /// The OS error.
        source: std::io::Error,
    },
    /// The last record or the chain head is damaged; run `verify`.
    #[error(transparent)]
    Corrupt(#[from] ReadError),
    /// The writer thread could not be started.
    #[error("cannot start the writer thread: {0}")]
    Thread(std::io::Error),
}

/// The first inconsistency `verify` found.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[error("at position {position}: {problem}")]
pub struct VerifyError {
    /// The first bad position (for index problems, the position the entry names).
    pub position: Position,
    /// What is wrong.
    pub problem: String,
}

/// Export or import failed.
#[derive(Debug, Error)]
pub enum TransferError {
    /// Reading or writing the NDJSON stream failed.
    #[error("i/o: {0}")]
    Io(#[from] std::io::Error),
    /// The file is not a valid export or does not chain: nothing was imported.
    #[error("line {line}: {problem}")]
    Refused {
        /// 1-based line number in the file.
        line: u64,
        /// What is wrong.
        problem: String,
    },
    /// Import only goes into an empty store.
    #[error("the target store is not empty (head at position {0})")]
    NotEmpty(Position),
    /// Reading the log failed during export.
    #[error(transparent)]
    Read(#[from] ReadError),
    /// Writing the store failed during import.
    #[error("storage failure: {0}")]
    Storage(String),
}
