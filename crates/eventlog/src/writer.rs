//! The single writer: the first stage of the group commit.
//!
//! All appends go through one OS thread. It takes every request waiting in its queue,
//! checks each one's expected version in arrival order (seeing the effect of the requests
//! accepted before it, in this batch and in batches still being synced), and writes all
//! accepted events in one atomic sled `apply_batch`. It then hands the batch to the
//! [syncer](crate::syncer), which makes it durable and answers the callers, and goes on to
//! the next batch. Positions are assigned here and only here, so they are gapless by
//! construction.

use std::collections::HashMap;
use std::sync::{mpsc as std_mpsc, Arc, Mutex};

use tokio::sync::{mpsc, oneshot};

use crate::codec::keys::{self, CHAIN_HEAD_KEY};
use crate::codec::{self, encode_chain_head, encode_outcome, encode_record};
use crate::config::Clock;
use crate::error::AppendError;
use crate::syncer::{answer, Job, Pending, SyncMessage};
use crate::types::{
    AppendOutcome, ChainHead, ExpectedVersion, Metadata, NewEvent, Position, Replay, StreamId,
    StreamVersion,
};

/// The answer channel of one append.
pub(crate) type Reply = oneshot::Sender<Result<AppendOutcome, AppendError>>;

/// One append waiting for the writer.
#[derive(Debug)]
pub(crate) struct AppendRequest {
    pub stream: StreamId,
    pub expected: ExpectedVersion,
    pub events: Vec<NewEvent>,
    pub metadata: Metadata,
    pub reply: Reply,
}

/// What the writer's queue carries.
#[derive(Debug)]
pub(crate) enum Message {
    Append(AppendRequest),
    /// Finish what is queued ahead, then stop and acknowledge.
    Close(oneshot::Sender<()>),
}

/// The writer's state. Lives on its own thread.
pub(crate) struct Writer {
    pub tree: sled::Tree,
    /// The position the next event will get.
    pub next: Position,
    /// Hash of the last committed record, the next record's `prev_hash`.
    pub chain: crate::types::Hash,
    /// `recorded_at` of the last committed record; time never goes backwards in the log.
    pub last_recorded_micros: i64,
    pub clock: Arc<dyn Clock>,
    pub max_batch_events: usize,
    /// Applied batches go here to be made durable and answered.
    pub syncer: std_mpsc::Sender<SyncMessage>,
    /// The syncer thread, joined on close.
    pub syncer_thread: Option<std::thread::JoinHandle<()>>,
    /// Set after a storage failure (here or in the syncer): the on-disk state is
    /// uncertain, so no more appends until the log is reopened and recovers from what is
    /// really on disk.
    pub poisoned: Arc<Mutex<Option<String>>>,
}

impl Writer {
    /// Serves the queue until it is closed or every sender is gone.
    pub(crate) fn run(mut self, mut queue: mpsc::Receiver<Message>) {
        let mut batch: Vec<AppendRequest> = Vec::new();
        while let Some(first) = queue.blocking_recv() {
            let mut close_ack = None;
            let mut events = 0usize;
            match first {
                Message::Append(request) => {
                    events += request.events.len();
                    batch.push(request);
                }
                Message::Close(ack) => close_ack = Some(ack),
            }
            while close_ack.is_none() && events < self.max_batch_events {
                match queue.try_recv() {
                    Ok(Message::Append(request)) => {
                        events += request.events.len();
                        batch.push(request);
                    }
                    Ok(Message::Close(ack)) => close_ack = Some(ack),
                    Err(_) => break,
                }
            }
            if !batch.is_empty() {
                self.commit(std::mem::take(&mut batch));
            }
            if let Some(ack) = close_ack {
                queue.close();
                while let Ok(message) = queue.try_recv() {
                    match message {
                        Message::Append(request) => {
                            let _ = request.reply.send(Err(AppendError::Closed));
                        }
                        Message::Close(other) => {
                            let _ = other.send(());
                        }
                    }
                }
                self.stop_syncer();
                let _ = ack.send(());
                return;
            }
        }
        self.stop_syncer();
    }

    /// Lets the syncer make everything durable and answer, and waits for it.
    fn stop_syncer(&mut self) {
        let (ack, done) = oneshot::channel();
        if self.syncer.send(SyncMessage::Close(ack)).is_ok() {
            let _ = done.blocking_recv();
        }
        if let Some(thread) = self.syncer_thread.take() {
            let _ = thread.join();
        }
    }

    fn poison_reason(&self) -> Option<String> {
        self.poisoned.lock().ok().and_then(|p| p.clone())
    }

    /// Decides, writes, syncs and answers one batch.
    fn commit(&mut self, requests: Vec<AppendRequest>) {
        if let Some(reason) = &self.poison_reason() {
            for request in requests {
                let _ = request
                    .reply
                    .send(Err(AppendError::Poisoned(reason.clone())));
            }
            return;
        }
        let recorded_at = self.clock.now_micros().max(self.last_recorded_micros);
        let mut batch = sled::Batch::default();
        let mut heads: HashMap<StreamId, StreamVersion> = HashMap::new();
        let mut keys_in_batch: HashMap<String, AppendOutcome> = HashMap::new();
        let mut answers: Vec<(Reply, Pending)> = Vec::with_capacity(requests.len());
        let mut next = self.next;
        let mut chain = self.chain;
        let mut written_requests = 0usize;

        for request in requests {
            let pending = self.decide(
                &request,
                &mut heads,
                &mut keys_in_batch,
                &mut batch,
                &mut next,
                &mut chain,
                recorded_at,
            );
            if matches!(pending, Pending::Written(_)) {
                written_requests += 1;
            }
            answers.push((request.reply, pending));
        }

        let events = (next.0 - self.next.0) as usize;
        let head = (events > 0).then_some(ChainHead {
            position: Position(next.0 - 1),
            hash: chain,
        });
        if let Some(head) = &head {
            batch.insert(CHAIN_HEAD_KEY, encode_chain_head(head));
            if let Err(e) = self.tree.apply_batch(batch) {
                let reason = e.to_string();
                tracing::error!(%reason, "applying a batch failed; the log stops accepting appends");
                if let Ok(mut poisoned) = self.poisoned.lock() {
                    poisoned.get_or_insert(reason.clone());
                }
                answer(answers, Some(&reason));
                return;
            }
            self.next = next;
            self.chain = chain;
            self.last_recorded_micros = recorded_at;
        }
        let job = Job {
            answers,
            head,
            requests: written_requests,
            events,
        };
        if let Err(std_mpsc::SendError(SyncMessage::Job(job))) =
            self.syncer.send(SyncMessage::Job(job))
        {
            answer(job.answers, Some("the syncer stopped"));
        }
    }

    /// Decides one request against the committed state plus this batch so far.
    #[allow(clippy::too_many_arguments)]
    fn decide(
        &self,
        request: &AppendRequest,
        heads: &mut HashMap<StreamId, StreamVersion>,
        keys_in_batch: &mut HashMap<String, AppendOutcome>,
        batch: &mut sled::Batch,
        next: &mut Position,
        chain: &mut crate::types::Hash,
        recorded_at: i64,
    ) -> Pending {
        if let Some(key) = &request.metadata.idempotency_key {
            if let Some(outcome) = keys_in_batch.get(key) {
                let mut outcome = outcome.clone();
                outcome.replay = Replay::Duplicate;
                return Pending::DuplicateInBatch(outcome);
            }
            match self.tree.get(keys::idempotency_key(key)) {
                Ok(Some(stored)) => {
                    return Pending::Settled(codec::decode_outcome(&stored).ok_or_else(|| {
                        AppendError::Storage(format!(
                            "idempotency entry for key {key:?} is undecodable"
                        ))
                    }));
                }
                Ok(None) => {}
                Err(e) => return Pending::Settled(Err(AppendError::Storage(e.to_string()))),
            }
        }

        let actual = match heads.get(&request.stream) {
            Some(version) => *version,
            None => match self.tree.get(keys::head_key(&request.stream)) {
                Ok(Some(bytes)) => match keys::decode_u64(&bytes) {
                    Some(v) => StreamVersion(v),
                    None => {
                        return Pending::Settled(Err(AppendError::Storage(format!(
                            "stream head of {} is undecodable",
                            request.stream
                        ))))
                    }
                },
                Ok(None) => StreamVersion(0),
                Err(e) => return Pending::Settled(Err(AppendError::Storage(e.to_string()))),
            },
        };
        if !request.expected.admits(actual) {
            return Pending::Settled(Err(AppendError::Conflict {
                stream: request.stream.clone(),
                expected: request.expected,
                actual,
            }));
        }

        let first_position = *next;
        let mut version = actual;
        for event in &request.events {
            version = StreamVersion(version.0 + 1);
            let record = encode_record(
                *next,
                &request.stream,
                version,
                &event.event_type,
                event.schema_version,
                recorded_at,
                &request.metadata,
                &event.payload,
                chain,
            );
            batch.insert(&keys::record_key(*next)[..], record.bytes);
            batch.insert(
                keys::index_key(&request.stream, version),
                &keys::encode_u64(next.0)[..],
            );
            *chain = record.hash;
            *next = next.next();
        }
        batch.insert(
            keys::head_key(&request.stream),
            &keys::encode_u64(version.0)[..],
        );
        heads.insert(request.stream.clone(), version);

        let outcome = AppendOutcome {
            first_position,
            last_position: Position(next.0 - 1),
            stream_version: version,
            replay: Replay::Fresh,
        };
        if let Some(key) = &request.metadata.idempotency_key {
            batch.insert(keys::idempotency_key(key), encode_outcome(&outcome));
            keys_in_batch.insert(key.clone(), outcome.clone());
        }
        Pending::Written(outcome)
    }
}
