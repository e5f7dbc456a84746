//! Subscriptions: catch up from a position, then follow live appends.
//!
//! A subscriber reads the log only up to the durable head the writer has published, and
//! then waits for the head to move. Because it always reads by position from where it
//! stopped, the switch from catching up to following live can neither skip nor repeat an
//! event.

use std::collections::VecDeque;

use tokio::sync::watch;

use crate::error::ReadError;
use crate::log::EventLog;
use crate::types::{ChainHead, Position, RecordedEvent};

/// How many records a subscriber reads from sled at a time.
const CHUNK: usize = 512;

/// A live, in-order feed of every event from a starting position.
#[derive(Debug)]
pub struct Subscription {
    log: EventLog,
    /// The position of the next event to hand out.
    next: Position,
    committed: watch::Receiver<ChainHead>,
    buffer: VecDeque<RecordedEvent>,
    /// After an error the feed ends: a gap would break "every event exactly once".
    failed: bool,
}

impl Subscription {
    pub(crate) fn new(log: EventLog, from: Position) -> Subscription {
        let committed = log.committed_receiver();
        Subscription {
            log,
            next: from.max(Position::FIRST),
            committed,
            buffer: VecDeque::new(),
            failed: false,
        }
    }

    /// The position the next event will have.
    pub fn position(&self) -> Position {
        self.next
    }

    /// The next event, waiting for it if the subscriber has caught up. `None` once the
    /// log is closed (after every committed event was delivered) or after an error.
    pub async fn next(&mut self) -> Option<Result<RecordedEvent, ReadError>> {
        loop {
            if let Some(event) = self.buffer.pop_front() {
                self.next = event.position.next();
                return Some(Ok(event));
            }
            if self.failed {
                return None;
            }
            let head = self.committed.borrow_and_update().position;
            if self.next <= head {
                let want = ((head.0 - self.next.0 + 1) as usize).min(CHUNK);
                match self.log.read_all(self.next, want) {
                    Ok(events) => self.buffer.extend(events),
                    Err(e) => {
                        self.failed = true;
                        return Some(Err(e));
                    }
                }
                continue;
            }
            if self.committed.changed().await.is_err() {
                // The writer is gone; deliver anything committed in its last batch.
                let head = self.committed.borrow().position;
                if self.next > head {
                    return None;
                }
            }
        }
    }
}
