//! Why a record could not be turned into a typed event, or an event into a record.
//!
//! Every way a stored record can be unreadable is a variant here, so a projection or an
//! auditor can report (or skip) it by kind; decoding never panics on what is in the log.

use linli_domain::aggregate::StreamNameError;
use linli_domain::PayloadError;
use thiserror::Error;

use super::upcast::UpcastError;

/// A record the codec cannot read, or an event it cannot write.
#[derive(Debug, Error)]
pub enum CodecError {
    /// The record's stream id is not a stream name the domain knows (`order-…`, a bad uuid).
    #[error("record in stream {stream:?}: {source}")]
    UnknownStream {
        /// The stream id as stored.
        stream: String,
        /// Why it does not parse as a [`linli_domain::StreamName`].
        #[source]
        source: StreamNameError,
    },
    /// The event type is not one the stream's aggregate declares (an event from a newer build,
    /// or a record in the wrong stream).
    #[error("event type {event_type:?} is unknown in stream {stream:?}")]
    UnknownEventType {
        /// The stream id as stored.
        stream: String,
        /// The event type as stored.
        event_type: String,
    },
    /// The record was written by a newer build with a schema this code cannot read; refusing
    /// is the only safe answer (guessing would silently drop fields).
    #[error("{event_type} v{found} is newer than v{known}, the newest this build reads")]
    NewerSchema {
        /// The event type.
        event_type: String,
        /// The schema version stored in the record.
        found: u16,
        /// The current version this build knows.
        known: u16,
    },
    /// An old version has no upcaster to the next version, so the chain to the current
    /// version is broken.
    #[error("no upcaster registered for {event_type} v{from}")]
    MissingUpcaster {
        /// The event type.
        event_type: String,
        /// The version the chain stopped at.
        from: u16,
    },
    /// An upcaster refused the payload it was given.
    #[error("upcasting {event_type} from v{from} failed: {source}")]
    Upcast {
        /// The event type.
        event_type: String,
        /// The version the failing upcaster starts from.
        from: u16,
        /// The upcaster's complaint.
        #[source]
        source: UpcastError,
    },
    /// An old payload is not JSON at all, so it cannot be handed to upcasters.
    #[error("payload of {event_type} v{version} is not JSON: {source}")]
    Malformed {
        /// The event type.
        event_type: String,
        /// The stored schema version.
        version: u16,
        /// The parser's complaint.
        #[source]
        source: serde_json::Error,
    },
    /// The domain could not encode the event, or could not decode a current-version payload.
    #[error(transparent)]
    Payload(#[from] PayloadError),
}
