//! What the scheduler asks the read side: which deadlines have passed.

use chrono::{DateTime, Utc};
use linli_domain::complaint::DeadlineKind;
use linli_domain::ComplaintId;

/// One deadline of one complaint's current assignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DueItem {
    /// The complaint.
    pub complaint: ComplaintId,
    /// Response or resolution.
    pub kind: DeadlineKind,
    /// When it is (was) due.
    pub due: DateTime<Utc>,
}

/// Deadlines indexed by due time. The projections crate implements it over its cadre-queue
/// read model; tests use an in-memory one.
///
/// Contract: return deadlines of unresolved complaints that are due at or before `at`,
/// earliest first, at most `limit`. Deadlines already marked overdue under the current
/// assignment should be left out: returning them (or stale ones from a lagging projection)
/// is harmless, since every command the scheduler issues is idempotent and re-checked by the
/// domain, but they take room in the batch.
pub trait DeadlineIndex: Send + Sync {
    /// Deadlines due at or before `at`, earliest first, at most `limit`.
    fn due_before(&self, at: DateTime<Utc>, limit: usize) -> Vec<DueItem>;
}
