//! The command handler: load a stream, fold, decide, encode, append with the expected
//! version; retry on conflict, answer retried commands from the log.
//!
//! # Idempotency
//!
//! A command may carry an idempotency key ([`CommandMeta::idempotency_key`]); a retried
//! command with the same key must return the first result and must not be decided again
//! (deciding against the newer state could fail, e.g. filing twice is `AlreadyExists`).
//!
//! The log records the key in the metadata of every event an append writes, and answers a
//! second append with the same key with the first outcome. The engine uses both, without
//! needing a key lookup from the log:
//!
//! 1. **Before deciding**, it looks for the key among the stream's records, which it has just
//!    read anyway to fold the state. A command's events always go to the command's own stream,
//!    so a retry of a command that was written finds its events there, and gets their positions,
//!    version and decoded events back as [`Replay::Duplicate`] without deciding.
//! 2. **At append time**, the log's own key index catches the two remaining cases: the same
//!    command racing itself (both loaded before either wrote), and a key first used on another
//!    stream. The engine reads the original records back by position: same stream → the
//!    first result ([`Replay::Duplicate`]); another stream → [`EngineError::IdempotencyKeyReused`],
//!    because that result belongs to a different command.
//!
//! A command that was refused, or that changed nothing ([`Replay::Unchanged`]), wrote
//! nothing, so its key is not recorded: a retry decides again, which is harmless because the
//! first attempt had no effect.
//!
//! # Concurrency
//!
//! Appends carry `ExpectedVersion::Exact(loaded)` (`NoStream` for an empty stream). On a
//! conflict the engine reads only the events it missed, decides again on the new state, and
//! tries again, up to [`Engine::with_max_attempts`] times (default
//! [`DEFAULT_MAX_ATTEMPTS`]), then gives up with [`EngineError::Contended`]. No update is
//! lost: every write was decided on the exact state it follows.

mod error;
mod load;
mod meta;
mod outcome;

use std::sync::Arc;

use linli_domain::{Aggregate, StreamName};
use linli_eventlog::{AppendError, EventLog, ExpectedVersion, Position, Replay as LogReplay};

pub use error::{EngineError, LoadError, StorageError};
pub use load::{AsOf, StateAt};
pub use meta::CommandMeta;
pub use outcome::{CommandOutcome, Replay};

use crate::codec::{decode_event, encode_all, Upcasters};
use load::{check_category, fold_as_of, read_from, stream_id, LoadedEvent};

/// How many times a command is decided before [`EngineError::Contended`]. Conflicts need
/// another writer on the same stream within one load-decide-append round trip; five in a
/// row means a hot stream, which the caller should see rather than wait on forever.
pub const DEFAULT_MAX_ATTEMPTS: u32 = 5;

/// The write side. Cheap to clone: clones share the log and the upcaster registry.
#[derive(Debug, Clone)]
pub struct Engine {
    /// The log everything is read from and appended to.
    log: EventLog,
    /// Applied to old records while loading streams.
    upcasters: Arc<Upcasters>,
    /// Decisions per command before giving up on a contended stream.
    max_attempts: u32,
}

impl Engine {
    /// An engine over `log` with the standard upcasters and [`DEFAULT_MAX_ATTEMPTS`].
    pub fn new(log: EventLog) -> Engine {
        Engine {
            log,
            upcasters: Arc::new(Upcasters::standard().clone()),
            max_attempts: DEFAULT_MAX_ATTEMPTS,
        }
    }

    /// Replaces the upcaster registry.
    pub fn with_upcasters(mut self, upcasters: Upcasters) -> Engine {
        self.upcasters = Arc::new(upcasters);
        self
    }

    /// Sets how many times a command is decided before giving up (at least 1).
    pub fn with_max_attempts(mut self, attempts: u32) -> Engine {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The log, for readers (projections, audit) that share it.
    pub fn log(&self) -> &EventLog {
        &self.log
    }

    /// The current state of an aggregate's stream.
    pub fn load<A: Aggregate>(&self, stream: StreamName) -> Result<StateAt<A::State>, LoadError> {
        self.state_at::<A>(stream, AsOf::Latest)
    }

    /// The state of an aggregate's stream as of a stream version, a log position or a time:
    /// what auditors reconstruct ("what did the engine know when it decided this?").
    pub fn state_at<A: Aggregate>(
        &self,
        stream: StreamName,
        as_of: AsOf,
    ) -> Result<StateAt<A::State>, LoadError> {
        check_category::<A>(&stream)?;
        let id = stream_id(&stream)?;
        let events = read_from::<A::Event>(
            &self.log,
            &id,
            linli_eventlog::StreamVersion(1),
            &self.upcasters,
        )?;
        Ok(fold_as_of::<A>(&events, as_of))
    }

    /// Decides `command` against the current state of `stream` and appends its events.
    ///
    /// See the [module docs](self) for idempotency and concurrency. An accepted command
    /// that decides no events writes nothing and returns [`Replay::Unchanged`].
    pub async fn execute<A: Aggregate>(
        &self,
        stream: StreamName,
        command: A::Command,
        meta: CommandMeta,
    ) -> Result<CommandOutcome<A::Event>, EngineError<A::Error>>
    where
        A::Event: Clone,
    {
        check_category::<A>(&stream)?;
        let id = stream_id(&stream)?;
        let metadata = meta.to_metadata();
        let mut history: Vec<LoadedEvent<A::Event>> = Vec::new();
        for attempt in 1..=self.max_attempts {
            // Only what was appended since the last attempt is read again.
            let loaded = history
                .last()
                .map_or(linli_eventlog::StreamVersion(0), |e| e.version);
            history.extend(read_from::<A::Event>(
                &self.log,
                &id,
                linli_eventlog::StreamVersion(loaded.0 + 1),
                &self.upcasters,
            )?);
            if let Some(key) = &meta.idempotency_key {
                if let Some(first) = earlier_result(&history, key) {
                    return Ok(first);
                }
            }
            let current = fold_as_of::<A>(&history, AsOf::Latest);
            let events = A::decide(&command, &current.state).map_err(EngineError::Rejected)?;
            if events.is_empty() {
                return Ok(CommandOutcome {
                    position: current.position,
                    first_position: current.position,
                    stream_version: current.version,
                    events,
                    replay: Replay::Unchanged,
                    attempts: attempt,
                });
            }
            let encoded = encode_all(&events).map_err(|source| EngineError::Codec {
                position: None,
                source,
            })?;
            let expected = if current.version.0 == 0 {
                ExpectedVersion::NoStream
            } else {
                ExpectedVersion::Exact(current.version)
            };
            match self
                .log
                .append(id.clone(), expected, encoded, metadata.clone())
                .await
            {
                Ok(outcome) if outcome.replay == LogReplay::Fresh => {
                    return Ok(CommandOutcome {
                        position: outcome.last_position,
                        first_position: outcome.first_position,
                        stream_version: outcome.stream_version,
                        events,
                        replay: Replay::Fresh,
                        attempts: attempt,
                    });
                }
                Ok(outcome) => {
                    let key = meta.idempotency_key.clone().unwrap_or_default();
                    return self.read_back::<A>(
                        &stream,
                        key,
                        outcome.first_position,
                        outcome.last_position,
                        outcome.stream_version,
                        attempt,
                    );
                }
                Err(AppendError::Conflict { actual, .. }) => {
                    tracing::debug!(%stream, attempt, %actual, "append conflict; reloading");
                    tokio::task::yield_now().await;
                }
                Err(e) => return Err(StorageError::from(e).into()),
            }
        }
        Err(EngineError::Contended {
            stream,
            attempts: self.max_attempts,
        })
    }

    /// Reads and decodes one stream's events from version `from` on, for in-crate readers
    /// that fold incrementally (the directory cache).
    pub(crate) fn read_events<E: linli_domain::DomainEvent>(
        &self,
        id: &linli_eventlog::StreamId,
        from: linli_eventlog::StreamVersion,
    ) -> Result<Vec<(linli_eventlog::StreamVersion, E)>, LoadError> {
        Ok(read_from::<E>(&self.log, id, from, &self.upcasters)?
            .into_iter()
            .map(|e| (e.version, e.event))
            .collect())
    }

    /// The first result of a key the log reported as already written: the records at
    /// `first..=last`, which must belong to `stream`.
    fn read_back<A: Aggregate>(
        &self,
        stream: &StreamName,
        key: String,
        first: Position,
        last: Position,
        stream_version: linli_eventlog::StreamVersion,
        attempts: u32,
    ) -> Result<CommandOutcome<A::Event>, EngineError<A::Error>> {
        let mut events = Vec::new();
        for p in first.0..=last.0 {
            let record = self.log.read_at(Position(p)).map_err(StorageError::from)?;
            if record.stream.as_str() != stream.to_string() {
                return Err(EngineError::IdempotencyKeyReused {
                    key,
                    original_stream: record.stream.as_str().to_owned(),
                });
            }
            let event = decode_event::<A::Event>(&record, &self.upcasters).map_err(|source| {
                EngineError::Codec {
                    position: Some(record.position),
                    source,
                }
            })?;
            events.push(event);
        }
        Ok(CommandOutcome {
            position: last,
            first_position: first,
            stream_version,
            events,
            replay: Replay::Duplicate,
            attempts,
        })
    }
}

/// The log's id of a stream name.
pub(crate) fn stream_id_of(stream: &StreamName) -> Result<linli_eventlog::StreamId, StorageError> {
    stream_id(stream)
}

/// The result of the append that wrote `key` to this stream, if one did: its events are
/// consecutive in the stream and all carry the key.
fn earlier_result<E: Clone>(history: &[LoadedEvent<E>], key: &str) -> Option<CommandOutcome<E>> {
    let written: Vec<&LoadedEvent<E>> = history
        .iter()
        .filter(|e| e.idempotency_key.as_deref() == Some(key))
        .collect();
    let (first, last) = (written.first()?, written.last()?);
    Some(CommandOutcome {
        position: last.position,
        first_position: first.position,
        stream_version: last.version,
        events: written.iter().map(|e| e.event.clone()).collect(),
        replay: Replay::Duplicate,
        attempts: 0,
    })
}
