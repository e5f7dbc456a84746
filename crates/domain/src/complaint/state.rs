//! What a complaint is now, folded from its events: enough for `decide`, and for the API to
//! answer "where is my complaint" without a projection.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::event::ComplaintEvent;
use super::types::{
    Anonymity, Assignment, Category, ComplaintStatus, DeadlineKind, RoutingBasis, Score, Visibility,
};
use crate::ids::{ComplaintId, JurisdictionCode, UserId};

/// The state of a complaint stream: `None` until it is filed.
pub type ComplaintState = Option<ComplaintRecord>;

/// A filed complaint as it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintRecord {
    /// Its id, so merge can refuse merging into itself.
    pub id: ComplaintId,
    /// The filer: the one who may confirm, reopen, rate, withdraw.
    pub resident: UserId,
    /// The category, for re-routing and limits on transfer/escalation.
    pub category: Category,
    /// Whether handlers see the filer's name.
    pub anonymity: Anonymity,
    /// Whether other residents may read it.
    pub visibility: Visibility,
    /// When filed, for handling-time measures.
    pub filed_at: DateTime<Utc>,
    /// The code the resident gave, if any, for re-routing.
    pub reported_jurisdiction: Option<JurisdictionCode>,
    /// Where it is in its life.
    pub status: ComplaintStatus,
    /// Who handles it and by when; `None` until routed.
    pub assignment: Option<Assignment>,
    /// When the current assignee accepted; cleared when it changes hands.
    pub accepted_at: Option<DateTime<Utc>>,
    /// When it was last resolved; the reopen window counts from here.
    pub resolved_at: Option<DateTime<Utc>>,
    /// When it reached a terminal status.
    pub closed_at: Option<DateTime<Utc>>,
    /// Which deadlines of the current assignment have passed.
    pub overdue: OverdueFlags,
    /// How many times it was escalated.
    pub escalation_level: u8,
    /// How many times it was transferred or sent back to triage.
    pub transfer_count: u16,
    /// How many times it was reopened.
    pub reopen_count: u16,
    /// How many notes it has; the next note's number is one more.
    pub note_count: u32,
    /// The filer's rating, once given.
    pub rating: Option<Score>,
    /// The complaint it was merged into.
    pub merged_into: Option<ComplaintId>,
}

/// Deadlines missed under the current assignment; a new assignment brings new deadlines and
/// clears them (the events keep the history).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverdueFlags {
    /// Not accepted by the response deadline.
    pub response: bool,
    /// Not resolved by the resolution deadline.
    pub resolution: bool,
}

impl OverdueFlags {
    /// Whether this deadline is flagged.
    pub const fn get(&self, kind: DeadlineKind) -> bool {
        match kind {
            DeadlineKind::Response => self.response,
            DeadlineKind::Resolution => self.resolution,
        }
    }
}

impl ComplaintRecord {
    /// The assigned cadre, if any.
    pub fn cadre(&self) -> Option<UserId> {
        self.assignment.as_ref().and_then(|a| a.cadre)
    }

    /// The node whose queue holds it, once routed.
    pub fn jurisdiction(&self) -> Option<JurisdictionCode> {
        self.assignment.as_ref().map(|a| a.jurisdiction)
    }

    /// The due time of one deadline, once routed.
    pub fn due_at(&self, kind: DeadlineKind) -> Option<DateTime<Utc>> {
        self.assignment.as_ref().map(|a| match kind {
            DeadlineKind::Response => a.response_due_at,
            DeadlineKind::Resolution => a.resolution_due_at,
        })
    }

    fn reassign(&mut self, assignment: Assignment) {
        self.status = if assignment.cadre.is_some() {
            ComplaintStatus::Assigned
        } else {
            ComplaintStatus::Triage
        };
        self.assignment = Some(assignment);
        self.accepted_at = None;
        self.overdue = OverdueFlags::default();
    }
}

pub(crate) fn evolve(state: ComplaintState, event: &ComplaintEvent) -> ComplaintState {
    let Some(mut c) = state else {
        return match event {
            ComplaintEvent::Filed(e) => Some(ComplaintRecord {
                id: e.complaint_id,
                resident: e.resident,
                category: e.category,
                anonymity: e.anonymity,
                visibility: e.visibility,
                filed_at: e.filed_at,
                reported_jurisdiction: e.jurisdiction,
                status: ComplaintStatus::Filed,
                assignment: None,
                accepted_at: None,
                resolved_at: None,
                closed_at: None,
                overdue: OverdueFlags::default(),
                escalation_level: 0,
                transfer_count: 0,
                reopen_count: 0,
                note_count: 0,
                rating: None,
                merged_into: None,
            }),
            _ => None,
        };
    };
    match event {
        ComplaintEvent::Filed(_) => {}
        ComplaintEvent::Assigned(e) => c.reassign(e.assignment.clone()),
        ComplaintEvent::Accepted(e) => {
            c.status = ComplaintStatus::InProgress;
            c.accepted_at = Some(e.at);
        }
        ComplaintEvent::NoteAdded(e) => c.note_count = c.note_count.max(e.number),
        ComplaintEvent::Transferred(e) => {
            c.reassign(e.assignment.clone());
            c.transfer_count = c.transfer_count.saturating_add(1);
        }
        ComplaintEvent::RejectedNotResponsible(e) => {
            if let Some(a) = c.assignment.as_mut() {
                a.cadre = None;
                a.jurisdiction = e.triage_jurisdiction;
                a.basis = RoutingBasis::Triage;
            }
            c.status = ComplaintStatus::Triage;
            c.accepted_at = None;
            c.transfer_count = c.transfer_count.saturating_add(1);
        }
        ComplaintEvent::Resolved(e) => {
            c.status = ComplaintStatus::Resolved;
            c.resolved_at = Some(e.at);
        }
        ComplaintEvent::Confirmed(e) => {
            c.status = ComplaintStatus::Closed;
            c.closed_at = Some(e.at);
        }
        ComplaintEvent::Reopened(e) => {
            c.status = ComplaintStatus::InProgress;
            c.resolved_at = None;
            if let Some(a) = c.assignment.as_mut() {
                a.resolution_due_at = e.resolution_due_at;
            }
            c.overdue.resolution = false;
            c.reopen_count = c.reopen_count.saturating_add(1);
        }
        ComplaintEvent::Rated(e) => c.rating = Some(e.score),
        ComplaintEvent::MarkedOverdue(e) => match e.deadline {
            DeadlineKind::Response => c.overdue.response = true,
            DeadlineKind::Resolution => c.overdue.resolution = true,
        },
        ComplaintEvent::Escalated(e) => {
            c.reassign(e.assignment.clone());
            c.escalation_level = e.level;
        }
        ComplaintEvent::Withdrawn(e) => {
            c.status = ComplaintStatus::Withdrawn;
            c.closed_at = Some(e.at);
        }
        ComplaintEvent::MergedAsDuplicate(e) => {
            c.status = ComplaintStatus::Merged;
            c.merged_into = Some(e.into);
            c.closed_at = Some(e.at);
        }
    }
    Some(c)
}
