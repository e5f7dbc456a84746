//! The second stage of the group commit: make applied batches durable, then answer.
//!
//! The writer applies batch N+1 to sled while this thread flushes and fsyncs batch N, so
//! CPU work (checking, encoding, hashing, applying) overlaps the I/O wait. The syncer
//! takes every job waiting for it and covers them all with one flush + fsync, because
//! sled's flush makes everything applied so far durable. Only then does it publish the new
//! durable head and answer callers. Every answer goes through here, in order, even a
//! conflict or a duplicate: those may have been decided against a batch that is not yet
//! durable, and must not be told before it is.

use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use tokio::sync::{oneshot, watch};

use crate::config::CommitObserver;
use crate::durability::Durability;
use crate::error::AppendError;
use crate::types::{AppendOutcome, ChainHead};
use crate::writer::Reply;

/// An answer decided while building a batch, sent once the batch is durable (or not).
#[derive(Debug)]
pub(crate) enum Pending {
    /// Written in this batch: good only if the batch becomes durable.
    Written(AppendOutcome),
    /// A retry of an append written earlier in this same batch: same condition.
    DuplicateInBatch(AppendOutcome),
    /// Decided against state that is at least as durable as this batch.
    Settled(Result<AppendOutcome, AppendError>),
}

/// One applied batch waiting to become durable.
#[derive(Debug)]
pub(crate) struct Job {
    /// Callers and their answers, in arrival order.
    pub answers: Vec<(Reply, Pending)>,
    /// The head after this batch, or `None` if the batch wrote nothing.
    pub head: Option<ChainHead>,
    /// Appends written, for the observer.
    pub requests: usize,
    /// Events written, for the observer.
    pub events: usize,
}

/// What the writer sends to the syncer.
#[derive(Debug)]
pub(crate) enum SyncMessage {
    Job(Job),
    /// Sync whatever is outstanding, then stop and acknowledge.
    Close(oneshot::Sender<()>),
}

/// The syncer's state; runs on its own thread.
pub(crate) struct Syncer {
    pub durability: Durability,
    pub committed: watch::Sender<ChainHead>,
    pub observer: Arc<dyn CommitObserver>,
    /// Shared with the writer: once set, no more appends are accepted.
    pub poisoned: Arc<Mutex<Option<String>>>,
}

impl Syncer {
    pub(crate) fn run(mut self, jobs: mpsc::Receiver<SyncMessage>) {
        while let Ok(first) = jobs.recv() {
            let mut group = Vec::new();
            let mut close = None;
            match first {
                SyncMessage::Job(job) => group.push(job),
                SyncMessage::Close(ack) => close = Some(ack),
            }
            while close.is_none() {
                match jobs.try_recv() {
                    Ok(SyncMessage::Job(job)) => group.push(job),
                    Ok(SyncMessage::Close(ack)) => close = Some(ack),
                    Err(_) => break,
                }
            }
            self.settle(group);
            if let Some(ack) = close {
                if let Err(e) = self.durability.sync() {
                    tracing::error!(error = %e, "final flush on close failed");
                }
                let _ = ack.send(());
                return;
            }
        }
    }

    fn settle(&mut self, group: Vec<Job>) {
        let head = group.iter().rev().find_map(|job| job.head);
        let earlier_failure = self.poisoned.lock().ok().and_then(|p| p.clone());
        let failure = match head {
            // After a failed sync, answers in flight may rest on writes that never became
            // durable: none of them can be trusted.
            _ if earlier_failure.is_some() => earlier_failure,
            None => None,
            Some(head) => {
                let started = Instant::now();
                match self.durability.sync() {
                    Ok(()) => {
                        let elapsed = started.elapsed();
                        self.committed.send_replace(head);
                        let requests = group.iter().map(|j| j.requests).sum();
                        let events = group.iter().map(|j| j.events).sum();
                        self.observer.batch_committed(requests, events, elapsed);
                        None
                    }
                    Err(e) => {
                        let reason = e.to_string();
                        tracing::error!(%reason, "fsync failed; the log stops accepting appends");
                        if let Ok(mut poisoned) = self.poisoned.lock() {
                            poisoned.get_or_insert(reason.clone());
                        }
                        Some(reason)
                    }
                }
            }
        };
        for job in group {
            answer(job.answers, failure.as_deref());
        }
    }
}

/// Sends every answer. `failure` turns every answer that is not already an error into a
/// storage error: the batch, or one it was decided against, did not become durable.
pub(crate) fn answer(answers: Vec<(Reply, Pending)>, failure: Option<&str>) {
    for (reply, pending) in answers {
        let result = match (pending, failure) {
            (Pending::Settled(Err(e)), _) => Err(e),
            (Pending::Settled(Ok(outcome)), None) => Ok(outcome),
            (Pending::Settled(Ok(_)), Some(reason)) => Err(AppendError::Storage(reason.to_owned())),
            (Pending::Written(outcome) | Pending::DuplicateInBatch(outcome), None) => Ok(outcome),
            (Pending::Written(_) | Pending::DuplicateInBatch(_), Some(reason)) => {
                Err(AppendError::Storage(reason.to_owned()))
            }
        };
        // A caller that gave up waiting has dropped its receiver; nothing to do.
        let _ = reply.send(result);
    }
}
