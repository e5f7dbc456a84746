//! What one tick did, for logs, metrics and tests.

/// Counts of what happened to the deadlines one tick looked at.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TickReport {
    /// Deadlines the index returned.
    pub examined: usize,
    /// `complaint.marked_overdue` events written by this tick.
    pub marked: usize,
    /// `complaint.escalated` events written by this tick.
    pub escalated: usize,
    /// Overdue complaints already at the county (or with no defined node above): marked,
    /// not escalated.
    pub at_top: usize,
    /// Deadlines whose commands had already been issued (idempotency key found) or changed
    /// nothing: a repeated tick.
    pub already_done: usize,
    /// Deadlines that no longer hold (accepted, resolved, reassigned since the index saw
    /// them): the domain refused, nothing written.
    pub stale: usize,
    /// Deadlines whose commands failed for a system reason; retried on a later tick.
    pub failed: usize,
}

impl TickReport {
    /// Whether the tick wrote anything.
    pub fn wrote_anything(&self) -> bool {
        self.marked + self.escalated > 0
    }
}
