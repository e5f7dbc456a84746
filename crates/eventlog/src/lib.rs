//! linli's event log: an append-only, hash-chained, group-committed log on sled.
//!
//! It knows bytes, streams and positions, and nothing of complaints. Guarantees (see
//! `docs/ARCHITECTURE.md` for the full statement):
//!
//! * **Durable acknowledgements.** `append` resolves only after its batch was written in
//!   one atomic sled batch, flushed, and fsynced ([`durability`](crate) module docs).
//! * **Gapless positions** starting at 1, assigned by the single writer.
//! * **Optimistic concurrency** per stream ([`ExpectedVersion`]); a conflict writes nothing.
//! * **Idempotency**: an append whose idempotency key was already written returns the
//!   original outcome and writes nothing.
//! * **Integrity**: every record is BLAKE3-chained to the one before; reads never return a
//!   damaged record; [`EventLog::verify`] checks the chain and every index.
//! * **Read-committed**: reads and subscriptions never see past the durable head.
#![forbid(unsafe_code)]

mod codec;
mod config;
mod durability;
mod error;
mod log;
mod ndjson;
mod read;
mod subscribe;
mod syncer;
mod types;
mod verify;
mod writer;

pub use config::{Clock, CommitObserver, LogConfig, NoObserver, SystemClock};
pub use error::{AppendError, InvalidInput, OpenError, ReadError, TransferError, VerifyError};
pub use log::EventLog;
pub use ndjson::{import_ndjson, ExportReport, ImportReport};
pub use read::Scan;
pub use subscribe::Subscription;
pub use types::{
    AppendOutcome, ChainHead, ExpectedVersion, Hash, Metadata, NewEvent, Position, RecordedEvent,
    Replay, StreamId, StreamVersion, MAX_EVENTS_PER_APPEND, MAX_EVENT_TYPE_LEN,
    MAX_METADATA_STRING_LEN, MAX_PAYLOAD_LEN, MAX_STREAM_ID_LEN,
};
pub use verify::VerifyReport;

/// Test support: raw access to the stored bytes, for corruption tests in this crate and
/// in others (the operator tooling's `verify` tests damage stores on purpose).
pub mod damage;
