//! Queries on the cadre queues.

use chrono::{DateTime, Utc};
use linli_domain::complaint::{Category, ComplaintStatus, DeadlineKind};
use linli_domain::{ComplaintId, JurisdictionCode, UserId};
use serde::Serialize;
use uuid::Uuid;

use super::stored::*;
use crate::error::ProjectionError;
use crate::models::common::{
    category, decode, id_at, page_through, status, time, user, Key, Page, PageOf, StoredCode,
};
use crate::runtime::Serving;

/// One open item in a queue.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueueItem {
    /// The complaint.
    pub complaint: ComplaintId,
    /// Its category.
    pub category: Category,
    /// `triage`, `assigned` or `in_progress`.
    pub status: ComplaintStatus,
    /// The cadre holding it; `None` in a triage queue.
    pub cadre: Option<UserId>,
    /// The node whose queue holds it.
    pub jurisdiction: String,
    /// When filed.
    pub filed_at: DateTime<Utc>,
    /// Which deadline is next: response until accepted, then resolution.
    pub deadline: DeadlineKind,
    /// When it is due.
    pub due_at: DateTime<Utc>,
    /// `due_at` is at or before the `now` the query was asked at.
    pub overdue: bool,
    /// The scheduler has recorded this deadline as missed.
    pub marked_overdue: bool,
}

/// An open item the deadline scheduler should look at.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DueItem {
    /// The complaint.
    pub complaint: ComplaintId,
    /// Which deadline.
    pub deadline: DeadlineKind,
    /// When it is due.
    pub due_at: DateTime<Utc>,
    /// Already marked overdue (the scheduler may escalate instead of marking again).
    pub marked_overdue: bool,
}

/// Reads the cadre-queue projection.
#[derive(Debug, Clone)]
pub struct CadreQueues {
    /// The serving tree.
    serving: Serving,
}

fn item(tree: &sled::Tree, id: u128) -> Result<Option<QueueRec>, ProjectionError> {
    tree.get(item_key(id))?
        .map(|b| decode(tree, &b))
        .transpose()
}

fn view(id: u128, r: &QueueRec, now: DateTime<Utc>) -> Option<QueueItem> {
    let (deadline, due) = r.next_deadline()?;
    let due_at = time(due);
    Some(QueueItem {
        complaint: ComplaintId::from_uuid(Uuid::from_u128(id)),
        category: category(r.category),
        status: status(r.status),
        cadre: r.cadre.map(user),
        jurisdiction: r.jurisdiction.map(StoredCode::text).unwrap_or_default(),
        filed_at: time(r.filed_at),
        deadline,
        due_at,
        overdue: due_at <= now,
        marked_overdue: match deadline {
            DeadlineKind::Response => r.response_overdue,
            DeadlineKind::Resolution => r.resolution_overdue,
        },
    })
}

impl CadreQueues {
    /// A reader over the serving build.
    pub fn new(serving: Serving) -> Self {
        CadreQueues { serving }
    }

    /// The projection handle (for `wait_for`).
    pub fn serving(&self) -> &Serving {
        &self.serving
    }

    fn list(
        &self,
        prefix: Vec<u8>,
        now: DateTime<Utc>,
        page: &Page,
    ) -> Result<PageOf<QueueItem>, ProjectionError> {
        let tree = self.serving.tree();
        page_through(&tree, &prefix, page, false, |key, _| {
            let Some(id) = id_at(key, key.len() - 16) else {
                return Ok(None);
            };
            Ok(item(&tree, id)?.and_then(|r| view(id, &r, now)))
        })
    }

    /// A cadre's open items, due soonest first; `overdue` is judged against `now`.
    pub fn cadre_queue(
        &self,
        cadre: UserId,
        now: DateTime<Utc>,
        page: &Page,
    ) -> Result<PageOf<QueueItem>, ProjectionError> {
        let prefix = Key::new(BY_CADRE).id(cadre.as_uuid().as_u128()).build();
        self.list(prefix, now, page)
    }

    /// A node's open items (held by its cadres or waiting in its triage queue), due soonest
    /// first.
    pub fn jurisdiction_queue(
        &self,
        node: &JurisdictionCode,
        now: DateTime<Utc>,
        page: &Page,
    ) -> Result<PageOf<QueueItem>, ProjectionError> {
        let prefix = Key::new(BY_NODE).code(StoredCode::of(node)).build();
        self.list(prefix, now, page)
    }

    /// How many open items a cadre holds.
    pub fn open_count(&self, cadre: UserId) -> Result<u32, ProjectionError> {
        let tree = self.serving.tree();
        match tree.get(count_key(cadre.as_uuid().as_u128()))? {
            None => Ok(0),
            Some(bytes) => {
                Ok(u32::from_be_bytes(bytes.as_ref().try_into().map_err(
                    |_| ProjectionError::corrupt(&tree, "bad count"),
                )?))
            }
        }
    }

    /// Open items whose next deadline is before `at`, soonest first, at most `limit`
    /// (including those already marked overdue; see the `DeadlineIndex` impl for the
    /// scheduler's view).
    pub fn due(&self, at: DateTime<Utc>, limit: usize) -> Result<Vec<DueItem>, ProjectionError> {
        let tree = self.serving.tree();
        let end = Key::new(BY_DUE).time(at.timestamp_micros()).build();
        let mut out = Vec::new();
        for kv in tree.range(vec![BY_DUE]..end) {
            if out.len() >= limit {
                break;
            }
            let (key, _) = kv?;
            let Some(id) = id_at(&key, key.len() - 16) else {
                continue;
            };
            if let Some(v) = item(&tree, id)?.and_then(|r| view(id, &r, at)) {
                out.push(DueItem {
                    complaint: v.complaint,
                    deadline: v.deadline,
                    due_at: v.due_at,
                    marked_overdue: v.marked_overdue,
                });
            }
        }
        Ok(out)
    }
}

/// Routing balances on open items. A read failure counts as "busy" (`u32::MAX`) so routing
/// prefers cadres whose load is known.
impl linli_engine::Workload for CadreQueues {
    fn open_items(&self, cadre: UserId) -> u32 {
        self.open_count(cadre).unwrap_or_else(|error| {
            tracing::error!(%error, "reading a cadre's open items failed");
            u32::MAX
        })
    }
}

/// The scheduler's deadlines: unresolved complaints whose next deadline is at or before
/// `at`, earliest first, leaving out deadlines already marked overdue under the current
/// assignment (the engine's contract). A read failure is logged and yields nothing this
/// tick.
impl linli_engine::DeadlineIndex for CadreQueues {
    fn due_before(&self, at: DateTime<Utc>, limit: usize) -> Vec<linli_engine::DueItem> {
        let tree = self.serving.tree();
        let end = Key::new(BY_DUE)
            .time(at.timestamp_micros().saturating_add(1))
            .build();
        let mut out = Vec::new();
        for kv in tree.range(vec![BY_DUE]..end) {
            if out.len() >= limit {
                break;
            }
            let found = kv.map_err(ProjectionError::from).and_then(|(key, _)| {
                let id = id_at(&key, key.len().saturating_sub(16));
                match id {
                    Some(id) => Ok(item(&tree, id)?.and_then(|r| view(id, &r, at))),
                    None => Ok(None),
                }
            });
            match found {
                Ok(Some(v)) if !v.marked_overdue => out.push(linli_engine::DueItem {
                    complaint: v.complaint,
                    kind: v.deadline,
                    due: v.due_at,
                }),
                Ok(_) => {}
                Err(error) => {
                    tracing::error!(%error, "reading due deadlines failed");
                    return Vec::new();
                }
            }
        }
        out
    }
}
