//! Loading a stream: read its records, decode them as one aggregate's events, fold.
//! Also the auditors' view: the state as of a stream version, a log position or a time.

use chrono::{DateTime, Utc};
use linli_domain::{Aggregate, DomainEvent, StreamName};
use linli_eventlog::{EventLog, Position, StreamId, StreamVersion};

use super::error::{LoadError, StorageError};
use crate::codec::{decode_event, Upcasters};

/// One decoded event of a stream with the record facts the engine needs.
#[derive(Debug, Clone)]
pub(crate) struct LoadedEvent<E> {
    /// The event.
    pub event: E,
    /// Its global position.
    pub position: Position,
    /// Its version in the stream.
    pub version: StreamVersion,
    /// When the log committed it (µs since the epoch, UTC), for [`AsOf::Time`].
    pub recorded_at_micros: i64,
    /// The idempotency key of the append that wrote it, to answer retried commands.
    pub idempotency_key: Option<String>,
}

/// Which moment of a stream's history to look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AsOf {
    /// Everything committed now.
    Latest,
    /// The stream's events up to and including this stream version.
    Version(StreamVersion),
    /// The stream's events at or before this global log position.
    Position(Position),
    /// The stream's events committed at or before this instant (the log's `recorded_at`,
    /// which never goes backwards along the log).
    Time(DateTime<Utc>),
}

impl AsOf {
    fn includes<E>(&self, e: &LoadedEvent<E>) -> bool {
        match *self {
            AsOf::Latest => true,
            AsOf::Version(v) => e.version <= v,
            AsOf::Position(p) => e.position <= p,
            AsOf::Time(t) => e.recorded_at_micros <= t.timestamp_micros(),
        }
    }
}

/// An aggregate's state at some moment, with where in the stream and log that moment is.
#[derive(Debug, Clone, PartialEq)]
pub struct StateAt<S> {
    /// The folded state.
    pub state: S,
    /// The stream version the state includes (0: no events).
    pub version: StreamVersion,
    /// The position of the last event included (0: no events).
    pub position: Position,
}

/// The log's id of a stream name; stream names are always valid ids.
pub(crate) fn stream_id(stream: &StreamName) -> Result<StreamId, StorageError> {
    StreamId::new(stream.to_string()).map_err(|e| StorageError::Read(e.into()))
}

/// Refuses a stream that belongs to another aggregate than `A`.
pub(crate) fn check_category<A: Aggregate>(stream: &StreamName) -> Result<(), LoadError> {
    if stream.category() == A::NAME {
        Ok(())
    } else {
        Err(LoadError::WrongStream {
            stream: *stream,
            expected: A::NAME,
        })
    }
}

/// Reads and decodes the stream's events from version `from` on.
pub(crate) fn read_from<E: DomainEvent>(
    log: &EventLog,
    id: &StreamId,
    from: StreamVersion,
    upcasters: &Upcasters,
) -> Result<Vec<LoadedEvent<E>>, LoadError> {
    let records = log
        .read_stream(id, from, usize::MAX)
        .map_err(StorageError::from)?;
    records
        .into_iter()
        .map(|record| {
            let event =
                decode_event::<E>(&record, upcasters).map_err(|source| LoadError::Codec {
                    position: record.position,
                    source,
                })?;
            Ok(LoadedEvent {
                event,
                position: record.position,
                version: record.version,
                recorded_at_micros: record.recorded_at_micros,
                idempotency_key: record.metadata.idempotency_key,
            })
        })
        .collect()
}

/// Folds the events `as_of` allows.
pub(crate) fn fold_as_of<A: Aggregate>(
    events: &[LoadedEvent<A::Event>],
    as_of: AsOf,
) -> StateAt<A::State> {
    let included: Vec<&LoadedEvent<A::Event>> =
        events.iter().take_while(|e| as_of.includes(e)).collect();
    let state = A::fold(included.iter().map(|e| &e.event));
    let last = included.last();
    StateAt {
        state,
        version: last.map_or(StreamVersion(0), |e| e.version),
        position: last.map_or(Position(0), |e| e.position),
    }
}
