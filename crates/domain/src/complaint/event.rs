//! The facts a complaint stream records. Names and versions are part of the log format:
//! never change one; add a new version and an upcaster in the engine instead.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::types::{
    Anonymity, Assignment, Category, DeadlineKind, EscalationReason, NoteVisibility, Score,
    Visibility,
};
use crate::actor::Actor;
use crate::event::domain_events;
use crate::geo::GeoPoint;
use crate::ids::{ComplaintId, JurisdictionCode, MediaId, UserId};

domain_events! {
    /// Every fact about a complaint.
    pub enum ComplaintEvent {
        /// A resident filed it.
        Filed(ComplaintFiled) = ("complaint.filed", 1),
        /// It was placed in a queue.
        Assigned(ComplaintAssigned) = ("complaint.assigned", 1),
        /// The assigned cadre accepted it.
        Accepted(ComplaintAccepted) = ("complaint.accepted", 1),
        /// A note was added.
        NoteAdded(NoteAdded) = ("complaint.note_added", 1),
        /// It was handed to another cadre.
        Transferred(ComplaintTransferred) = ("complaint.transferred", 1),
        /// The cadre said it is not theirs; back to triage.
        RejectedNotResponsible(RejectedNotResponsible) = ("complaint.rejected_not_responsible", 1),
        /// The cadre resolved it.
        Resolved(ComplaintResolved) = ("complaint.resolved", 1),
        /// The resolution was confirmed.
        Confirmed(ResolutionConfirmed) = ("complaint.confirmed", 1),
        /// The filer reopened it.
        Reopened(ComplaintReopened) = ("complaint.reopened", 1),
        /// The filer rated it.
        Rated(ComplaintRated) = ("complaint.rated", 1),
        /// A deadline passed.
        MarkedOverdue(MarkedOverdue) = ("complaint.marked_overdue", 1),
        /// It moved up the tree.
        Escalated(ComplaintEscalated) = ("complaint.escalated", 1),
        /// The filer withdrew it.
        Withdrawn(ComplaintWithdrawn) = ("complaint.withdrawn", 1),
        /// It was merged into another complaint.
        MergedAsDuplicate(MergedAsDuplicate) = ("complaint.merged_as_duplicate", 1),
    }
}

/// `complaint.filed` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComplaintFiled {
    /// The complaint's id, repeated from the stream name so the event stands alone in exports.
    pub complaint_id: ComplaintId,
    /// The filer: the only one who may confirm, reopen, rate and withdraw.
    pub resident: UserId,
    /// What kind of problem.
    pub category: Category,
    /// When it happened, as the resident says.
    pub occurred_at: DateTime<Utc>,
    /// Where, in the resident's words (trimmed).
    pub address: String,
    /// Where, as a GCJ-02 point, if shared.
    pub point: Option<GeoPoint>,
    /// Where, as a code, if the resident picked one.
    pub jurisdiction: Option<JurisdictionCode>,
    /// What happened (trimmed).
    pub description: String,
    /// Photos and videos.
    pub media: Vec<MediaId>,
    /// A spoken description.
    pub voice_note: Option<MediaId>,
    /// Whether handlers see who filed.
    pub anonymity: Anonymity,
    /// Whether other residents may see it.
    pub visibility: Visibility,
    /// When it was filed.
    pub filed_at: DateTime<Utc>,
}

/// `complaint.assigned` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComplaintAssigned {
    /// Cadre (or triage), node, routing basis and due times.
    pub assignment: Assignment,
    /// The router (system) or a manager.
    pub by: Actor,
    /// When.
    pub at: DateTime<Utc>,
}

/// `complaint.accepted` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComplaintAccepted {
    /// The cadre who accepted; response time is measured to `at`.
    pub cadre: UserId,
    /// When.
    pub at: DateTime<Utc>,
}

/// `complaint.note_added` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NoteAdded {
    /// 1 for the first note, then 2, …: a stable handle for the note within the complaint.
    pub number: u32,
    /// Who wrote it.
    pub author: Actor,
    /// The note (trimmed).
    pub text: String,
    /// Photos.
    pub media: Vec<MediaId>,
    /// Who may read it.
    pub visibility: NoteVisibility,
    /// When.
    pub at: DateTime<Utc>,
}

/// `complaint.transferred` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComplaintTransferred {
    /// The cadre who had it, so their queue projection can drop it.
    pub from_cadre: Option<UserId>,
    /// The node that had it.
    pub from_jurisdiction: JurisdictionCode,
    /// The new cadre, node and due times.
    pub assignment: Assignment,
    /// Why (trimmed).
    pub reason: String,
    /// The cadre or manager who transferred.
    pub by: Actor,
    /// When.
    pub at: DateTime<Utc>,
}

/// `complaint.rejected_not_responsible` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RejectedNotResponsible {
    /// The cadre who refused it.
    pub cadre: UserId,
    /// The node it was at.
    pub from_jurisdiction: JurisdictionCode,
    /// The triage queue it returns to: the township above `from_jurisdiction` (or that node
    /// itself when it is a township or higher).
    pub triage_jurisdiction: JurisdictionCode,
    /// Why (trimmed).
    pub reason: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// `complaint.resolved` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComplaintResolved {
    /// The cadre who resolved it.
    pub cadre: UserId,
    /// What was done (trimmed).
    pub resolution: String,
    /// Photos of the result.
    pub media: Vec<MediaId>,
    /// When; the reopen window counts from here.
    pub at: DateTime<Utc>,
}

/// `complaint.confirmed` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResolutionConfirmed {
    /// The filer, or the system closing it after the reopen window.
    pub by: Actor,
    /// When.
    pub at: DateTime<Utc>,
}

/// `complaint.reopened` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComplaintReopened {
    /// Why (trimmed).
    pub reason: String,
    /// The new resolution deadline.
    pub resolution_due_at: DateTime<Utc>,
    /// When.
    pub at: DateTime<Utc>,
}

/// `complaint.rated` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComplaintRated {
    /// 1–5.
    pub score: Score,
    /// Preset tags (trimmed, unique).
    pub tags: Vec<String>,
    /// Free words.
    pub comment: Option<String>,
    /// When.
    pub at: DateTime<Utc>,
}

/// `complaint.marked_overdue` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MarkedOverdue {
    /// Which deadline passed.
    pub deadline: DeadlineKind,
    /// What it was.
    pub due_at: DateTime<Utc>,
    /// When the scheduler noticed.
    pub at: DateTime<Utc>,
}

/// `complaint.escalated` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComplaintEscalated {
    /// The node it left.
    pub from_jurisdiction: JurisdictionCode,
    /// The new node (an ancestor), cadre and due times.
    pub assignment: Assignment,
    /// How many times it has been escalated, this one included.
    pub level: u8,
    /// Why.
    pub reason: EscalationReason,
    /// The system or a manager.
    pub by: Actor,
    /// When.
    pub at: DateTime<Utc>,
}

/// `complaint.withdrawn` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComplaintWithdrawn {
    /// Why, if given (trimmed).
    pub reason: Option<String>,
    /// When.
    pub at: DateTime<Utc>,
}

/// `complaint.merged_as_duplicate` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MergedAsDuplicate {
    /// The complaint that carries on.
    pub into: ComplaintId,
    /// The cadre or manager who merged.
    pub by: Actor,
    /// When.
    pub at: DateTime<Utc>,
}
