//! The chain checkpoint recorder that runs inside `linli serve`: whenever `every_events`
//! events were appended since the last checkpoint, or `every` passed and anything at all
//! was, it records the head (position and hash) as `chain.checkpointed` through the engine.
//!
//! A checkpoint covers the head it read, so the checkpoint event itself is always after
//! what it pins; a log that only grew by the recorder's own event is not checkpointed
//! again (it would checkpoint itself forever on an idle server).

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use linli_domain::checkpoint::{ChainCheckpoint, RecordCheckpoint, CHECKPOINT_STREAM};
use linli_domain::StreamName;
use linli_engine::{Clock, CommandMeta, Engine};
use linli_eventlog::{Position, StreamId};

/// When to record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckpointPolicy {
    /// Record once this many events were appended since the last checkpoint.
    pub every_events: u64,
    /// Record at least this often while anything is being appended.
    pub every: Duration,
}

/// The actor the checkpoint events name.
pub const RECORDER_ACTOR: &str = "system:checkpointer";

/// Records chain checkpoints per a [`CheckpointPolicy`].
#[derive(Clone)]
#[allow(missing_debug_implementations)] // the engine and clock have no useful Debug
pub struct ChainRecorder {
    engine: Engine,
    clock: Arc<dyn Clock>,
    policy: CheckpointPolicy,
}

impl ChainRecorder {
    /// A recorder over `engine`'s log.
    pub fn new(engine: Engine, clock: Arc<dyn Clock>, policy: CheckpointPolicy) -> ChainRecorder {
        ChainRecorder {
            engine,
            clock,
            policy,
        }
    }

    /// The log position of the latest checkpoint event (0: none yet).
    fn last_recorded(&self) -> Position {
        let stream = StreamId::new(CHECKPOINT_STREAM).ok();
        stream
            .and_then(|s| self.engine.log().read_stream_backward(&s, 1).ok())
            .and_then(|records| records.first().map(|r| r.position))
            .unwrap_or(Position(0))
    }

    /// Records the current head if anything but checkpoints was appended since the last
    /// one; the position of the checkpoint event written, if any.
    pub async fn record_now(&self) -> Option<Position> {
        let head = self.engine.log().head();
        if head.position <= self.last_recorded() {
            return None;
        }
        let command = RecordCheckpoint {
            position: head.position.0,
            hash: head.hash.to_hex(),
            at: self.clock.now(),
        };
        // The key makes a retried record of the same head a no-op.
        let meta = CommandMeta::default()
            .with_actor(RECORDER_ACTOR)
            .with_idempotency_key(format!("chain-checkpoint-{}", head.position));
        match self
            .engine
            .execute::<ChainCheckpoint>(StreamName::Checkpoint, command, meta)
            .await
        {
            Ok(outcome) if !outcome.events.is_empty() => {
                tracing::info!(pinned = head.position.0, hash = %head.hash, at = outcome.position.0, "chain checkpoint recorded");
                Some(outcome.position)
            }
            Ok(_) => None,
            Err(error) => {
                tracing::warn!(%error, "chain checkpoint could not be recorded");
                None
            }
        }
    }

    /// Records per the policy until `shutdown` resolves.
    pub async fn run_until(&self, shutdown: impl Future<Output = ()>) {
        tokio::pin!(shutdown);
        let every_events = self.policy.every_events.max(1);
        let every = self.policy.every.max(Duration::from_secs(1));
        loop {
            let target = Position(self.last_recorded().0 + every_events);
            let log = self.engine.log().clone();
            tokio::select! {
                () = &mut shutdown => return,
                _ = log.wait_for(target) => {}
                () = tokio::time::sleep(every) => {}
            }
            self.record_now().await;
        }
    }
}
