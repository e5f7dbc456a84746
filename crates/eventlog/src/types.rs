//! The vocabulary of the log: positions, streams, versions, metadata and records.
//!
//! The log knows bytes, streams and positions, nothing of complaints: an event here is a
//! type name, a schema version and opaque payload bytes.

use std::fmt;

use uuid::Uuid;

use crate::error::InvalidInput;

/// Longest stream id, in bytes. Stream ids are keys in two indexes; a bound keeps keys small.
pub const MAX_STREAM_ID_LEN: usize = 200;
/// Longest event type name, in bytes (`complaint.filed` is 15).
pub const MAX_EVENT_TYPE_LEN: usize = 128;
/// Largest payload of one event. Media live in a content-addressed store, not in events;
/// the bound keeps every record far below sled's blob threshold in the common case and
/// stops one request from monopolising a group commit.
pub const MAX_PAYLOAD_LEN: usize = 64 * 1024;
/// Most events in one append request: one command rarely emits more than a handful.
pub const MAX_EVENTS_PER_APPEND: usize = 1_000;
/// Longest metadata string (actor, idempotency key, tenant).
pub const MAX_METADATA_STRING_LEN: usize = 256;

/// A record's place in the whole log. Positions start at 1 and have no gaps, so
/// "checkpoint 0" means "nothing applied yet" and `last + 1` is always the next one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Position(pub u64);

impl Position {
    /// The position of the very first record.
    pub const FIRST: Position = Position(1);

    /// The position after this one.
    pub fn next(self) -> Position {
        Position(self.0 + 1)
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A record's place within its stream: the first event of a stream has version 1, so a
/// stream's version is also its length, and version 0 means "no such stream".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct StreamVersion(pub u64);

impl fmt::Display for StreamVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// The name of one stream (one aggregate instance, such as `complaint-<uuid>`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StreamId(String);

impl StreamId {
    /// Validates a stream id: non-empty, at most [`MAX_STREAM_ID_LEN`] bytes, printable.
    pub fn new(id: impl Into<String>) -> Result<Self, InvalidInput> {
        let id = id.into();
        if id.is_empty() || id.len() > MAX_STREAM_ID_LEN {
            return Err(InvalidInput::StreamId(format!(
                "stream id must be 1..={MAX_STREAM_ID_LEN} bytes, got {}",
                id.len()
            )));
        }
        if id.chars().any(char::is_control) {
            return Err(InvalidInput::StreamId(
                "stream id must not contain control characters".into(),
            ));
        }
        Ok(StreamId(id))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for StreamId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What the caller believes about the stream before appending: optimistic concurrency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExpectedVersion {
    /// Append whatever the stream's version is.
    Any,
    /// The stream must not exist yet (creating an aggregate).
    NoStream,
    /// The stream's current version must be exactly this (its last event's version).
    Exact(StreamVersion),
}

impl ExpectedVersion {
    /// Does a stream currently at `actual` satisfy this expectation?
    pub fn admits(self, actual: StreamVersion) -> bool {
        match self {
            ExpectedVersion::Any => true,
            ExpectedVersion::NoStream => actual.0 == 0,
            ExpectedVersion::Exact(v) => v == actual,
        }
    }
}

/// Facts about an append that are not the event itself; every event of the append
/// carries the same metadata.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Metadata {
    /// Ties together every event caused by one user action, across aggregates.
    pub correlation_id: Option<Uuid>,
    /// The event or command that directly caused this one.
    pub causation_id: Option<Uuid>,
    /// Who did it (a user id, or `system:scheduler`): auditors ask "who did what".
    pub actor: Option<String>,
    /// A retried append with the same key returns the first result instead of writing.
    pub idempotency_key: Option<String>,
    /// The tenant or jurisdiction the event belongs to, for scoping and partitioning.
    pub tenant: Option<String>,
}

/// One event to append: a named, versioned payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvent {
    /// Explicit, stable name such as `complaint.filed`; never a Rust type name.
    pub event_type: String,
    /// Version of the payload's schema, so old events can be upcast when read.
    pub schema_version: u16,
    /// The event's data, opaque to the log.
    pub payload: Vec<u8>,
}

impl NewEvent {
    /// Builds an event from its parts.
    pub fn new(event_type: impl Into<String>, schema_version: u16, payload: Vec<u8>) -> Self {
        NewEvent {
            event_type: event_type.into(),
            schema_version,
            payload,
        }
    }
}

/// A 32-byte BLAKE3 digest chaining each record to the one before it.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Hash(pub [u8; 32]);

impl Hash {
    /// The `prev_hash` of the first record: there is nothing before it.
    pub const GENESIS: Hash = Hash([0; 32]);

    /// Lowercase hex, as exports and audit reports show it.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    /// Parses 64 hex characters.
    pub fn from_hex(text: &str) -> Result<Hash, InvalidInput> {
        let bytes = hex::decode(text).map_err(|e| InvalidInput::Hash(e.to_string()))?;
        let array: [u8; 32] = bytes
            .try_into()
            .map_err(|_| InvalidInput::Hash("a hash is 32 bytes".into()))?;
        Ok(Hash(array))
    }
}

impl fmt::Debug for Hash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Hash({})", self.to_hex())
    }
}

impl fmt::Display for Hash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

/// A record as stored and read back: the event, where it sits, and its chain links.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedEvent {
    /// Global, gapless position.
    pub position: Position,
    /// The stream it belongs to.
    pub stream: StreamId,
    /// Its version within the stream.
    pub version: StreamVersion,
    /// Explicit event name.
    pub event_type: String,
    /// Payload schema version.
    pub schema_version: u16,
    /// When the writer committed it: microseconds since the Unix epoch, UTC. Never goes
    /// backwards along the log, even if the wall clock does.
    pub recorded_at_micros: i64,
    /// Correlation, causation, actor, idempotency key, tenant.
    pub metadata: Metadata,
    /// The event's data.
    pub payload: Vec<u8>,
    /// The hash of the record at `position - 1` ([`Hash::GENESIS`] for the first).
    pub prev_hash: Hash,
    /// BLAKE3 over `prev_hash` and every field above.
    pub hash: Hash,
}

impl RecordedEvent {
    /// `recorded_at` as a UTC timestamp.
    pub fn recorded_at(&self) -> chrono::DateTime<chrono::Utc> {
        chrono::DateTime::from_timestamp_micros(self.recorded_at_micros).unwrap_or_default()
    }
}

/// What an append produced. A retried append (same idempotency key) gets the original
/// outcome back with `replay` set to [`Replay::Duplicate`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppendOutcome {
    /// Position of the first event written.
    pub first_position: Position,
    /// Position of the last event written; events of one append are consecutive.
    pub last_position: Position,
    /// The stream's version after the append.
    pub stream_version: StreamVersion,
    /// Whether this append wrote or found an earlier identical one.
    pub replay: Replay,
}

/// Did an append write new events, or return an earlier append's result?
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replay {
    /// The events were written by this call.
    Fresh,
    /// The idempotency key had been used; nothing was written.
    Duplicate,
}

/// The last committed record: its position and hash. An outside party holding an old
/// head can check that the log still extends it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChainHead {
    /// Position of the last record (0 for an empty log).
    pub position: Position,
    /// Hash of the last record ([`Hash::GENESIS`] for an empty log).
    pub hash: Hash,
}
