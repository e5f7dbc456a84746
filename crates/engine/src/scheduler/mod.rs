//! The deadline scheduler: marks missed deadlines overdue and escalates the complaint one
//! level up (grid → village → township → county), with the clock injected.
//!
//! Each tick asks the [`DeadlineIndex`] for deadlines due by now and, for each one whose
//! complaint still has exactly that deadline (the index may lag the log):
//!
//! 1. issues `MarkOverdue` with key `overdue:<id>:<kind>:<due>`;
//! 2. asks the router for the parent node ([`Router::escalation`]) and its cadre (rule and
//!    open-item balancing there), computes new due times from now, and issues `Escalate`
//!    with key `overdue:<id>:<kind>:<due>:escalate`. At the county there is nowhere higher:
//!    the complaint stays marked.
//!
//! The keys make a repeated tick (or a crash between the two commands, or two schedulers)
//! write nothing twice: see [`keys`]. After an escalation the complaint has new due times,
//! so the old deadline no longer matches and is skipped as stale.

mod clock;
mod index;
pub mod keys;
mod report;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, SubsecRound, Utc};
use linli_domain::complaint::{
    Complaint, ComplaintCommand, ComplaintError, DeadlineKind, EscalateComplaint, EscalationReason,
    MarkOverdue,
};
use linli_domain::{Actor, StreamName};

pub use clock::{Clock, ManualClock, SystemClock};
pub use index::{DeadlineIndex, DueItem};
pub use report::TickReport;

use crate::handler::{CommandMeta, Engine, EngineError, LoadError, Replay};
use crate::routing::{DirectoryCache, Router, Workload};
use keys::{escalate_key, overdue_key};

/// The actor recorded in the metadata of the scheduler's commands.
pub const SCHEDULER_ACTOR: &str = "system:scheduler";

/// Deadlines handled per tick; the rest wait for the next tick.
pub const DEFAULT_BATCH: usize = 500;

/// Watches deadlines and escalates. Cheap to clone.
#[derive(Clone)]
pub struct Scheduler {
    /// Executes the commands.
    engine: Engine,
    /// The current directory, for escalation routing and due times.
    directory: DirectoryCache,
    /// Which deadlines have passed.
    index: Arc<dyn DeadlineIndex>,
    /// Open items per cadre, for balancing the escalated complaint's new cadre.
    workload: Arc<dyn Workload + Send + Sync>,
    /// Now.
    clock: Arc<dyn Clock>,
    /// Deadlines per tick.
    batch: usize,
}

impl std::fmt::Debug for Scheduler {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scheduler")
            .field("engine", &self.engine)
            .field("batch", &self.batch)
            .finish_non_exhaustive()
    }
}

/// How one deadline ended in a tick.
enum Handled {
    /// The complaint no longer has this deadline, or the domain refused.
    Stale,
    /// Commands issued (or found already issued).
    Done {
        /// This tick wrote the overdue mark.
        marked: bool,
        /// This tick wrote the escalation.
        escalated: bool,
        /// There is no level above.
        at_top: bool,
    },
}

impl Scheduler {
    /// A scheduler over these collaborators, handling [`DEFAULT_BATCH`] deadlines per tick.
    pub fn new(
        engine: Engine,
        directory: DirectoryCache,
        index: Arc<dyn DeadlineIndex>,
        workload: Arc<dyn Workload + Send + Sync>,
        clock: Arc<dyn Clock>,
    ) -> Scheduler {
        Scheduler {
            engine,
            directory,
            index,
            workload,
            clock,
            batch: DEFAULT_BATCH,
        }
    }

    /// Sets how many deadlines one tick handles (at least 1).
    pub fn with_batch(mut self, batch: usize) -> Scheduler {
        self.batch = batch.max(1);
        self
    }

    /// Handles every deadline due by now (up to the batch size). Fails only when the
    /// directory cannot be loaded; a failing complaint is counted and retried next tick.
    pub async fn tick(&self) -> Result<TickReport, LoadError> {
        let now = self.clock.now();
        let router = self.directory.router()?;
        let items = self.index.due_before(now, self.batch);
        let mut report = TickReport {
            examined: items.len(),
            ..TickReport::default()
        };
        for item in items {
            match self.handle(item, now, &router).await {
                Ok(Handled::Stale) => report.stale += 1,
                Ok(Handled::Done {
                    marked,
                    escalated,
                    at_top,
                }) => {
                    report.marked += usize::from(marked);
                    report.escalated += usize::from(escalated);
                    if at_top && marked {
                        report.at_top += 1;
                    } else if !marked && !escalated {
                        report.already_done += 1;
                    }
                }
                Err(error) => {
                    report.failed += 1;
                    tracing::warn!(complaint = %item.complaint, ?item.kind, %error, "deadline not handled; retried next tick");
                }
            }
        }
        Ok(report)
    }

    async fn handle(
        &self,
        item: DueItem,
        now: DateTime<Utc>,
        router: &Router,
    ) -> Result<Handled, EngineError<ComplaintError>> {
        let stream = StreamName::Complaint(item.complaint);
        let Some(record) = self.engine.load::<Complaint>(stream)?.state else {
            return Ok(Handled::Stale);
        };
        // Act only on the deadline the complaint has now: the index may lag the log.
        // The index keeps microseconds (as every read model does); the log keeps what the
        // clock gave, so compare at the index's precision.
        let current = record.due_at(item.kind).map(|due| due.trunc_subsecs(6));
        if item.due > now || current != Some(item.due.trunc_subsecs(6)) {
            return Ok(Handled::Stale);
        }
        let meta = |key: String| {
            CommandMeta::default()
                .with_actor(SCHEDULER_ACTOR)
                .with_idempotency_key(key)
        };
        let mark = ComplaintCommand::MarkOverdue(MarkOverdue {
            deadline: item.kind,
            by: Actor::System,
            at: now,
        });
        let marked = match self
            .engine
            .execute::<Complaint>(
                stream,
                mark,
                meta(overdue_key(item.complaint, item.kind, item.due)),
            )
            .await
        {
            Ok(outcome) => outcome.replay == Replay::Fresh,
            Err(EngineError::Rejected(_)) => return Ok(Handled::Stale),
            Err(e) => return Err(e),
        };
        let Some(from) = record.jurisdiction() else {
            return Ok(Handled::Stale);
        };
        let Some(decision) = router.escalation(&from, record.category, self.workload.as_ref())
        else {
            return Ok(Handled::Done {
                marked,
                escalated: false,
                at_top: true,
            });
        };
        let escalate = ComplaintCommand::Escalate(EscalateComplaint {
            assignment: router.assignment(&decision, record.category, now),
            reason: match item.kind {
                DeadlineKind::Response => EscalationReason::ResponseOverdue,
                DeadlineKind::Resolution => EscalationReason::ResolutionOverdue,
            },
            by: Actor::System,
            at: now,
        });
        let key = escalate_key(item.complaint, item.kind, item.due);
        match self
            .engine
            .execute::<Complaint>(stream, escalate, meta(key))
            .await
        {
            Ok(outcome) => Ok(Handled::Done {
                marked,
                escalated: outcome.replay == Replay::Fresh,
                at_top: false,
            }),
            Err(EngineError::Rejected(_)) => Ok(Handled::Stale),
            Err(e) => Err(e),
        }
    }

    /// Ticks every `interval`, forever; for the server, which spawns it and aborts the task
    /// on shutdown (every command is idempotent, so stopping mid-tick is safe).
    pub async fn run(&self, interval: Duration) {
        self.run_until(interval, std::future::pending()).await
    }

    /// Ticks every `interval` until `shutdown` completes (checked between ticks).
    pub async fn run_until(&self, interval: Duration, shutdown: impl Future<Output = ()>) {
        let mut ticker = tokio::time::interval(interval);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        tokio::pin!(shutdown);
        loop {
            tokio::select! {
                _ = &mut shutdown => return,
                _ = ticker.tick() => match self.tick().await {
                    Ok(report) if report.wrote_anything() || report.failed > 0 => {
                        tracing::info!(?report, "deadline tick");
                    }
                    Ok(_) => {}
                    Err(error) => tracing::warn!(%error, "deadline tick could not load the directory"),
                },
            }
        }
    }
}
