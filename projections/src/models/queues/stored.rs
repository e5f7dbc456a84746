//! The cadre-queue tables and their stored records.

use bincode::{Decode, Encode};
use linli_domain::complaint::{ComplaintStatus, DeadlineKind};

use crate::models::common::{status, Key, StoredCode};

/// `[1][complaint]` → [`QueueRec`]: every complaint's queue-relevant state.
pub(crate) const ITEM: u8 = 1;
/// `[2][cadre][due][complaint]` → empty: a cadre's open items, due soonest first.
pub(crate) const BY_CADRE: u8 = 2;
/// `[3][node][due][complaint]` → empty: a node's open items (its cadres' and its triage
/// queue), due soonest first.
pub(crate) const BY_NODE: u8 = 3;
/// `[4][due][complaint]` → empty: every open item by its next deadline (the scheduler's).
pub(crate) const BY_DUE: u8 = 4;
/// `[5][cadre]` → u32 big-endian: how many open items a cadre holds (routing balances on it).
pub(crate) const CADRE_COUNT: u8 = 5;

pub(crate) fn item_key(complaint: u128) -> Vec<u8> {
    Key::new(ITEM).id(complaint).build()
}

pub(crate) fn count_key(cadre: u128) -> Vec<u8> {
    Key::new(CADRE_COUNT).id(cadre).build()
}

/// What the queues need of a complaint.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode)]
pub(crate) struct QueueRec {
    /// Status byte.
    pub(crate) status: u8,
    /// Category byte.
    pub(crate) category: u8,
    /// Filing time, µs.
    pub(crate) filed_at: i64,
    /// The cadre holding it; `None` in a triage queue or before routing.
    pub(crate) cadre: Option<u128>,
    /// The node whose queue holds it; `None` before routing.
    pub(crate) jurisdiction: Option<StoredCode>,
    /// Accept by then, µs.
    pub(crate) response_due_at: Option<i64>,
    /// Resolve by then, µs.
    pub(crate) resolution_due_at: Option<i64>,
    /// The response deadline was marked overdue under the current assignment.
    pub(crate) response_overdue: bool,
    /// The resolution deadline was marked overdue under the current assignment.
    pub(crate) resolution_overdue: bool,
}

impl QueueRec {
    /// Whether it sits in a queue: routed, and somebody still has to act.
    pub(crate) fn is_open(&self) -> bool {
        matches!(
            status(self.status),
            ComplaintStatus::Triage | ComplaintStatus::Assigned | ComplaintStatus::InProgress
        ) && self.jurisdiction.is_some()
    }

    /// The deadline that matters now: acceptance until accepted, then resolution.
    pub(crate) fn next_deadline(&self) -> Option<(DeadlineKind, i64)> {
        match status(self.status) {
            ComplaintStatus::Triage | ComplaintStatus::Assigned => {
                self.response_due_at.map(|d| (DeadlineKind::Response, d))
            }
            ComplaintStatus::InProgress => self
                .resolution_due_at
                .map(|d| (DeadlineKind::Resolution, d)),
            _ => None,
        }
    }

    /// The index keys this record occupies (none when closed).
    pub(crate) fn index_keys(&self, complaint: u128) -> Vec<Vec<u8>> {
        let (Some(node), Some((_, due)), true) =
            (self.jurisdiction, self.next_deadline(), self.is_open())
        else {
            return Vec::new();
        };
        let mut keys = vec![
            Key::new(BY_NODE).code(node).time(due).id(complaint).build(),
            Key::new(BY_DUE).time(due).id(complaint).build(),
        ];
        if let Some(cadre) = self.cadre {
            keys.push(Key::new(BY_CADRE).id(cadre).time(due).id(complaint).build());
        }
        keys
    }

    /// The cadre whose open count this record adds one to.
    pub(crate) fn counted_cadre(&self) -> Option<u128> {
        if self.is_open() {
            self.cadre
        } else {
            None
        }
    }
}
