//! The [`EventLog`] handle: opening, appending, reading, subscribing, closing.

use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use tokio::sync::{mpsc, oneshot, watch};

use crate::codec::{self, keys};
use crate::config::LogConfig;
use crate::durability::Durability;
use crate::error::{AppendError, InvalidInput, OpenError, ReadError};
use crate::read::{self, Scan};
use crate::subscribe::Subscription;
use crate::syncer::Syncer;
use crate::types::{
    AppendOutcome, ChainHead, ExpectedVersion, Hash, Metadata, NewEvent, Position, RecordedEvent,
    StreamId, StreamVersion, MAX_EVENTS_PER_APPEND, MAX_EVENT_TYPE_LEN, MAX_METADATA_STRING_LEN,
    MAX_PAYLOAD_LEN,
};
use crate::writer::{AppendRequest, Message, Writer};

/// Name of the sled tree holding the log. Other components (projections) keep their own
/// trees in the same database.
const LOG_TREE: &str = "log";

/// A handle to the event log. Cheap to clone; all clones share one writer.
#[derive(Debug, Clone)]
pub struct EventLog {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    db: sled::Db,
    tree: sled::Tree,
    /// The writer's queue; `None` for a read-only (audit) handle.
    queue: Option<mpsc::Sender<Message>>,
    /// The durable head, published by the writer after each batch.
    committed: watch::Receiver<ChainHead>,
    /// Keeps the sender alive for read-only handles, whose head never moves.
    _static_head: Option<watch::Sender<ChainHead>>,
    writer: Mutex<Option<JoinHandle<()>>>,
}

impl Drop for Inner {
    fn drop(&mut self) {
        // Closing the queue lets the writer finish what is queued and stop; joining it
        // means that once the last handle is gone the store can be reopened.
        self.queue.take();
        if let Some(handle) = self.writer.lock().ok().and_then(|mut h| h.take()) {
            let _ = handle.join();
        }
    }
}

/// How long `open` keeps trying for sled's file lock. A store closed a moment ago (in this
/// process or by an operator's restart) releases its lock when sled's background threads
/// finish; waiting briefly beats failing. Another live process keeps it longer than this.
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

fn is_lock_contention(error: &sled::Error) -> bool {
    matches!(error, sled::Error::Io(io) if io.to_string().contains("could not acquire lock"))
}

fn open_sled(config: &LogConfig) -> Result<(sled::Db, sled::Tree), OpenError> {
    let sled_error = |source| OpenError::Sled {
        path: config.path.display().to_string(),
        source,
    };
    let started = std::time::Instant::now();
    let db = loop {
        let attempt = sled::Config::new()
            .path(&config.path)
            .cache_capacity(config.cache_capacity_bytes)
            // The writer flushes after every batch; sled's own 500 ms background flush
            // would only add contention.
            .flush_every_ms(None)
            .mode(sled::Mode::HighThroughput)
            .open();
        match attempt {
            Err(e) if is_lock_contention(&e) && started.elapsed() < LOCK_WAIT => {
                std::thread::sleep(std::time::Duration::from_millis(25));
            }
            other => break other.map_err(sled_error)?,
        }
    };
    let tree = db.open_tree(LOG_TREE).map_err(sled_error)?;
    Ok((db, tree))
}

/// The last record actually stored (position, hash, recorded_at), checked.
fn tail(tree: &sled::Tree) -> Result<Option<RecordedEvent>, ReadError> {
    let last = tree
        .range(keys::record_key(Position(0))..=keys::record_key(Position(u64::MAX)))
        .next_back()
        .transpose()?;
    match last {
        None => Ok(None),
        Some((key, value)) => {
            let position = keys::position_of_record_key(&key).ok_or(ReadError::Corruption {
                position: Position(0),
                problem: "malformed record key at the tail".into(),
            })?;
            codec::decode_record(position, &value).map(Some)
        }
    }
}

impl EventLog {
    /// Opens (or creates) the log and starts its writer.
    ///
    /// Refuses to open for writing if the last record or the stored chain head is
    /// damaged: appending onto a broken tail would chain new events to garbage. Use
    /// [`EventLog::open_read_only`] and [`EventLog::verify`] to inspect such a store.
    pub fn open(config: LogConfig) -> Result<EventLog, OpenError> {
        let (db, tree) = open_sled(&config)?;
        let tail = tail(&tree)?;
        let head = match &tail {
            None => ChainHead {
                position: Position(0),
                hash: Hash::GENESIS,
            },
            Some(record) => ChainHead {
                position: record.position,
                hash: record.hash,
            },
        };
        let stored_head = tree
            .get(keys::CHAIN_HEAD_KEY)
            .map_err(ReadError::from)?
            .map(|bytes| codec::decode_chain_head(&bytes));
        match stored_head {
            None if tail.is_none() => {}
            Some(Some(stored)) if stored == head => {}
            other => {
                return Err(OpenError::Corrupt(ReadError::Corruption {
                    position: head.position,
                    problem: format!(
                        "stored chain head {other:?} does not match the last record; run verify"
                    ),
                }))
            }
        }
        let durability =
            Durability::open(db.clone(), &config.path).map_err(|source| OpenError::Io {
                path: config.path.join("db").display().to_string(),
                source,
            })?;
        let (committed_tx, committed_rx) = watch::channel(head);
        let (queue_tx, queue_rx) = mpsc::channel(config.queue_depth.max(1));
        let poisoned = Arc::new(Mutex::new(None));
        let (sync_tx, sync_rx) = std::sync::mpsc::channel();
        let syncer = Syncer {
            durability,
            committed: committed_tx,
            observer: config.observer.clone(),
            poisoned: poisoned.clone(),
        };
        let syncer_thread = std::thread::Builder::new()
            .name("linli-log-syncer".into())
            .spawn(move || syncer.run(sync_rx))
            .map_err(OpenError::Thread)?;
        let writer = Writer {
            tree: tree.clone(),
            next: head.position.next(),
            chain: head.hash,
            last_recorded_micros: tail.map(|r| r.recorded_at_micros).unwrap_or(i64::MIN),
            clock: config.clock.clone(),
            max_batch_events: config.max_batch_events.max(1),
            syncer: sync_tx,
            syncer_thread: Some(syncer_thread),
            poisoned,
        };
        let handle = std::thread::Builder::new()
            .name("linli-log-writer".into())
            .spawn(move || writer.run(queue_rx))
            .map_err(OpenError::Thread)?;
        Ok(EventLog {
            inner: Arc::new(Inner {
                db,
                tree,
                queue: Some(queue_tx),
                committed: committed_rx,
                _static_head: None,
                writer: Mutex::new(Some(handle)),
            }),
        })
    }

    /// Opens a store for reading and verification only: no writer, no checks on open,
    /// so a damaged store can still be inspected. Appends fail with
    /// [`AppendError::Closed`].
    pub fn open_read_only(config: LogConfig) -> Result<EventLog, OpenError> {
        // sled creates a store wherever it is pointed; a reader must never do that, or a
        // typo in a path would "verify" an empty store as fine.
        if !config.path.join("conf").exists() && !config.path.join("db").exists() {
            return Err(OpenError::NoStore {
                path: config.path.display().to_string(),
            });
        }
        Self::open_without_writer(config)
    }

    /// A writer-less handle that creates the store if needed (import's target).
    pub(crate) fn open_without_writer(config: LogConfig) -> Result<EventLog, OpenError> {
        let (db, tree) = open_sled(&config)?;
        let last_key = tree
            .range(keys::record_key(Position(0))..=keys::record_key(Position(u64::MAX)))
            .next_back()
            .transpose()
            .map_err(ReadError::from)?;
        let position = last_key
            .and_then(|(key, _)| keys::position_of_record_key(&key))
            .unwrap_or(Position(0));
        let hash = read::stored_hash_at(&tree, position).unwrap_or(Hash::GENESIS);
        let (tx, rx) = watch::channel(ChainHead { position, hash });
        Ok(EventLog {
            inner: Arc::new(Inner {
                db,
                tree,
                queue: None,
                committed: rx,
                _static_head: Some(tx),
                writer: Mutex::new(None),
            }),
        })
    }

    /// Appends `events` to `stream` if the stream is at `expected`, as one atomic unit
    /// with consecutive positions. Resolves once the events are durable.
    pub async fn append(
        &self,
        stream: StreamId,
        expected: ExpectedVersion,
        events: Vec<NewEvent>,
        metadata: Metadata,
    ) -> Result<AppendOutcome, AppendError> {
        validate(&events, &metadata)?;
        let queue = self.inner.queue.as_ref().ok_or(AppendError::Closed)?;
        let (reply, answer) = oneshot::channel();
        let request = AppendRequest {
            stream,
            expected,
            events,
            metadata,
            reply,
        };
        queue
            .send(Message::Append(request))
            .await
            .map_err(|_| AppendError::Closed)?;
        answer.await.map_err(|_| AppendError::Closed)?
    }

    /// Stops the writer after the appends already queued, with a final flush. Later
    /// appends on any clone fail with [`AppendError::Closed`].
    pub async fn close(&self) {
        if let Some(queue) = &self.inner.queue {
            let (ack, done) = oneshot::channel();
            if queue.send(Message::Close(ack)).await.is_ok() {
                let _ = done.await;
            }
        }
    }

    /// Whether this handle has a writer (the store may be changing under a reader).
    pub fn is_live(&self) -> bool {
        self.inner.queue.is_some()
    }

    /// The durable head: the last acknowledged position and its hash.
    pub fn head(&self) -> ChainHead {
        *self.inner.committed.borrow()
    }

    /// Waits until the log's durable head reaches `position` (read-your-writes for
    /// anything that follows the log). Returns the head reached.
    pub async fn wait_for(&self, position: Position) -> ChainHead {
        let mut committed = self.inner.committed.clone();
        let reached = committed
            .wait_for(|head| head.position >= position)
            .await
            .map(|head| *head);
        reached.unwrap_or_else(|_| *self.inner.committed.borrow())
    }

    pub(crate) fn committed_receiver(&self) -> watch::Receiver<ChainHead> {
        self.inner.committed.clone()
    }

    pub(crate) fn tree(&self) -> &sled::Tree {
        &self.inner.tree
    }

    /// The underlying sled database, so other components (projections) can keep their
    /// own trees in the same store and share its cache.
    pub fn database(&self) -> &sled::Db {
        &self.inner.db
    }

    /// One record by position.
    pub fn read_at(&self, position: Position) -> Result<RecordedEvent, ReadError> {
        if position.0 == 0 || position > self.head().position {
            return Err(ReadError::Invalid(InvalidInput::Event(format!(
                "position {position} is not in the log"
            ))));
        }
        read::record_at(self.tree(), position)
    }

    /// Events of one stream from version `from` (inclusive), oldest first, at most `max`.
    pub fn read_stream(
        &self,
        stream: &StreamId,
        from: StreamVersion,
        max: usize,
    ) -> Result<Vec<RecordedEvent>, ReadError> {
        read::stream_forward(self.tree(), self.head().position, stream, from, max)
    }

    /// The last `count` events of one stream, newest first.
    pub fn read_stream_backward(
        &self,
        stream: &StreamId,
        count: usize,
    ) -> Result<Vec<RecordedEvent>, ReadError> {
        read::stream_backward(self.tree(), self.head().position, stream, count)
    }

    /// The committed version of a stream (0 if it has no events).
    pub fn stream_version(&self, stream: &StreamId) -> Result<StreamVersion, ReadError> {
        read::stream_version(self.tree(), stream, self.head().position)
    }

    /// At most `max` events of the whole log from `from` (inclusive).
    pub fn read_all(&self, from: Position, max: usize) -> Result<Vec<RecordedEvent>, ReadError> {
        self.scan(from).take(max).collect()
    }

    /// A checked forward scan of the whole log from `from` to the head as it is now.
    pub fn scan(&self, from: Position) -> Scan {
        Scan::new(self.tree(), from, self.head().position)
    }

    /// Catches up from `from` (inclusive) and then follows live appends.
    pub fn subscribe(&self, from: Position) -> Subscription {
        Subscription::new(self.clone(), from)
    }
}

fn validate(events: &[NewEvent], metadata: &Metadata) -> Result<(), InvalidInput> {
    if events.is_empty() {
        return Err(InvalidInput::Event(
            "an append needs at least one event".into(),
        ));
    }
    if events.len() > MAX_EVENTS_PER_APPEND {
        return Err(InvalidInput::Event(format!(
            "at most {MAX_EVENTS_PER_APPEND} events per append, got {}",
            events.len()
        )));
    }
    for event in events {
        if event.event_type.is_empty()
            || event.event_type.len() > MAX_EVENT_TYPE_LEN
            || event.event_type.chars().any(char::is_control)
        {
            return Err(InvalidInput::Event(format!(
                "event type must be 1..={MAX_EVENT_TYPE_LEN} printable bytes"
            )));
        }
        if event.payload.len() > MAX_PAYLOAD_LEN {
            return Err(InvalidInput::Event(format!(
                "payload of {} bytes exceeds {MAX_PAYLOAD_LEN}",
                event.payload.len()
            )));
        }
    }
    for (name, value) in [
        ("actor", &metadata.actor),
        ("idempotency key", &metadata.idempotency_key),
        ("tenant", &metadata.tenant),
    ] {
        if let Some(value) = value {
            if value.is_empty() || value.len() > MAX_METADATA_STRING_LEN {
                return Err(InvalidInput::Metadata(format!(
                    "{name} must be 1..={MAX_METADATA_STRING_LEN} bytes"
                )));
            }
        }
    }
    Ok(())
}
