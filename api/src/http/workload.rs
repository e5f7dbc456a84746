//! Routing balances by open items, read from the cadre-queue read model.

use linli_domain::UserId;
use linli_engine::Workload;
use linli_projections::models::queues::CadreQueues;

/// [`Workload`] over the queues read model. A read failure counts as "busy" so routing
/// prefers cadres whose load is known.
#[derive(Debug, Clone, Copy)]
pub struct QueueWorkload<'a>(pub &'a CadreQueues);

impl Workload for QueueWorkload<'_> {
    fn open_items(&self, cadre: UserId) -> u32 {
        self.0.open_count(cadre).unwrap_or(u32::MAX)
    }
}

/// The same, owned, for the scheduler's background task.
#[derive(Debug, Clone)]
pub struct OwnedQueueWorkload(pub CadreQueues);

impl Workload for OwnedQueueWorkload {
    fn open_items(&self, cadre: UserId) -> u32 {
        self.0.open_count(cadre).unwrap_or(u32::MAX)
    }
}

/// The scheduler's view of passed deadlines, from the cadre-queue read model. A read
/// failure is logged and yields nothing this tick; the next tick tries again.
#[derive(Debug, Clone)]
pub struct QueueDeadlines(pub CadreQueues);

impl linli_engine::scheduler::DeadlineIndex for QueueDeadlines {
    fn due_before(
        &self,
        at: chrono::DateTime<chrono::Utc>,
        limit: usize,
    ) -> Vec<linli_engine::scheduler::DueItem> {
        match self.0.due(at, limit) {
            Ok(items) => items
                .into_iter()
                .map(|item| linli_engine::scheduler::DueItem {
                    complaint: item.complaint,
                    kind: item.deadline,
                    due: item.due_at,
                })
                .collect(),
            Err(e) => {
                tracing::error!(error = %e, "reading due deadlines failed");
                Vec::new()
            }
        }
    }
}
