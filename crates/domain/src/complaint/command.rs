//! What callers may ask of a complaint. Every command carries its actor and the time `at`
//! it is decided at; everything else from outside (ids, routing, deadlines, the reopen window)
//! is looked up by the caller and placed here, so deciding is pure.

use std::fmt;

use chrono::{DateTime, TimeDelta, Utc};

use super::types::{
    Anonymity, Assignment, Category, DeadlineKind, EscalationReason, NoteVisibility, Score,
    Visibility,
};
use crate::actor::Actor;
use crate::geo::GeoPoint;
use crate::ids::{ComplaintId, JurisdictionCode, MediaId};

/// A command for one complaint stream.
#[derive(Debug, Clone, PartialEq)]
pub enum ComplaintCommand {
    /// A resident files a new complaint. Who: a resident.
    File(FileComplaint),
    /// Routing placed it. Who: the system or a manager.
    Assign(AssignComplaint),
    /// The assigned cadre takes it on. Who: the assigned cadre.
    Accept(AcceptComplaint),
    /// Progress or extra information. Who: the filer, the assigned cadre, a manager.
    AddNote(AddNote),
    /// Hand it to another cadre. Who: the assigned cadre or a manager.
    Transfer(TransferComplaint),
    /// "Not mine": back to triage. Who: the assigned cadre, before accepting.
    RejectNotResponsible(RejectNotResponsible),
    /// Done. Who: the assigned cadre.
    Resolve(ResolveComplaint),
    /// The filer agrees it is done. Who: the filer, or the system when the reopen window lapsed.
    Confirm(ConfirmResolution),
    /// The filer disagrees, within the window. Who: the filer.
    Reopen(ReopenComplaint),
    /// Satisfaction score, once. Who: the filer.
    Rate(RateComplaint),
    /// A deadline passed. Who: the system.
    MarkOverdue(MarkOverdue),
    /// Up one level or more. Who: the system (overdue only) or a manager.
    Escalate(EscalateComplaint),
    /// The filer takes it back, before resolution. Who: the filer.
    Withdraw(WithdrawComplaint),
    /// It duplicates another complaint. Who: the assigned cadre or a manager.
    MergeAsDuplicate(MergeAsDuplicate),
}

impl ComplaintCommand {
    /// Who issues the command; the engine also records it in the log's metadata.
    pub fn by(&self) -> &Actor {
        match self {
            ComplaintCommand::File(c) => &c.by,
            ComplaintCommand::Assign(c) => &c.by,
            ComplaintCommand::Accept(c) => &c.by,
            ComplaintCommand::AddNote(c) => &c.by,
            ComplaintCommand::Transfer(c) => &c.by,
            ComplaintCommand::RejectNotResponsible(c) => &c.by,
            ComplaintCommand::Resolve(c) => &c.by,
            ComplaintCommand::Confirm(c) => &c.by,
            ComplaintCommand::Reopen(c) => &c.by,
            ComplaintCommand::Rate(c) => &c.by,
            ComplaintCommand::MarkOverdue(c) => &c.by,
            ComplaintCommand::Escalate(c) => &c.by,
            ComplaintCommand::Withdraw(c) => &c.by,
            ComplaintCommand::MergeAsDuplicate(c) => &c.by,
        }
    }

    /// The time the command is decided at.
    pub fn at(&self) -> DateTime<Utc> {
        match self {
            ComplaintCommand::File(c) => c.at,
            ComplaintCommand::Assign(c) => c.at,
            ComplaintCommand::Accept(c) => c.at,
            ComplaintCommand::AddNote(c) => c.at,
            ComplaintCommand::Transfer(c) => c.at,
            ComplaintCommand::RejectNotResponsible(c) => c.at,
            ComplaintCommand::Resolve(c) => c.at,
            ComplaintCommand::Confirm(c) => c.at,
            ComplaintCommand::Reopen(c) => c.at,
            ComplaintCommand::Rate(c) => c.at,
            ComplaintCommand::MarkOverdue(c) => c.at,
            ComplaintCommand::Escalate(c) => c.at,
            ComplaintCommand::Withdraw(c) => c.at,
            ComplaintCommand::MergeAsDuplicate(c) => c.at,
        }
    }
}

/// The name of a command, for errors and logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ComplaintCommandKind {
    /// [`FileComplaint`]
    File,
    /// [`AssignComplaint`]
    Assign,
    /// [`AcceptComplaint`]
    Accept,
    /// [`AddNote`]
    AddNote,
    /// [`TransferComplaint`]
    Transfer,
    /// [`RejectNotResponsible`]
    RejectNotResponsible,
    /// [`ResolveComplaint`]
    Resolve,
    /// [`ConfirmResolution`]
    Confirm,
    /// [`ReopenComplaint`]
    Reopen,
    /// [`RateComplaint`]
    Rate,
    /// [`MarkOverdue`]
    MarkOverdue,
    /// [`EscalateComplaint`]
    Escalate,
    /// [`WithdrawComplaint`]
    Withdraw,
    /// [`MergeAsDuplicate`]
    MergeAsDuplicate,
}

impl ComplaintCommandKind {
    /// The stable snake_case name.
    pub const fn as_str(self) -> &'static str {
        match self {
            ComplaintCommandKind::File => "file",
            ComplaintCommandKind::Assign => "assign",
            ComplaintCommandKind::Accept => "accept",
            ComplaintCommandKind::AddNote => "add_note",
            ComplaintCommandKind::Transfer => "transfer",
            ComplaintCommandKind::RejectNotResponsible => "reject_not_responsible",
            ComplaintCommandKind::Resolve => "resolve",
            ComplaintCommandKind::Confirm => "confirm",
            ComplaintCommandKind::Reopen => "reopen",
            ComplaintCommandKind::Rate => "rate",
            ComplaintCommandKind::MarkOverdue => "mark_overdue",
            ComplaintCommandKind::Escalate => "escalate",
            ComplaintCommandKind::Withdraw => "withdraw",
            ComplaintCommandKind::MergeAsDuplicate => "merge_as_duplicate",
        }
    }
}

impl fmt::Display for ComplaintCommandKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl ComplaintCommand {
    /// Which command this is.
    pub const fn kind(&self) -> ComplaintCommandKind {
        match self {
            ComplaintCommand::File(_) => ComplaintCommandKind::File,
            ComplaintCommand::Assign(_) => ComplaintCommandKind::Assign,
            ComplaintCommand::Accept(_) => ComplaintCommandKind::Accept,
            ComplaintCommand::AddNote(_) => ComplaintCommandKind::AddNote,
            ComplaintCommand::Transfer(_) => ComplaintCommandKind::Transfer,
            ComplaintCommand::RejectNotResponsible(_) => ComplaintCommandKind::RejectNotResponsible,
            ComplaintCommand::Resolve(_) => ComplaintCommandKind::Resolve,
            ComplaintCommand::Confirm(_) => ComplaintCommandKind::Confirm,
            ComplaintCommand::Reopen(_) => ComplaintCommandKind::Reopen,
            ComplaintCommand::Rate(_) => ComplaintCommandKind::Rate,
            ComplaintCommand::MarkOverdue(_) => ComplaintCommandKind::MarkOverdue,
            ComplaintCommand::Escalate(_) => ComplaintCommandKind::Escalate,
            ComplaintCommand::Withdraw(_) => ComplaintCommandKind::Withdraw,
            ComplaintCommand::MergeAsDuplicate(_) => ComplaintCommandKind::MergeAsDuplicate,
        }
    }
}

/// File a new complaint into an empty stream.
#[derive(Debug, Clone, PartialEq)]
pub struct FileComplaint {
    /// The id the caller generated; names the stream.
    pub complaint_id: ComplaintId,
    /// Must be a resident; recorded as the filer.
    pub by: Actor,
    /// What kind of problem.
    pub category: Category,
    /// When it happened, as the resident says; not after `at`.
    pub occurred_at: DateTime<Utc>,
    /// Where, in the resident's words (1–200 characters).
    pub address: String,
    /// Where, from the phone's location, if shared.
    pub point: Option<GeoPoint>,
    /// Where, as a code, if the resident picked a place from the tree.
    pub jurisdiction: Option<JurisdictionCode>,
    /// What happened (1–2000 characters).
    pub description: String,
    /// Photos and videos, at most nine.
    pub media: Vec<MediaId>,
    /// A spoken description, for residents who cannot type.
    pub voice_note: Option<MediaId>,
    /// Whether handlers see who filed.
    pub anonymity: Anonymity,
    /// Whether other residents may see it.
    pub visibility: Visibility,
    /// Now.
    pub at: DateTime<Utc>,
}

/// Place the complaint in a queue (routing right after filing, or a manager from triage).
#[derive(Debug, Clone, PartialEq)]
pub struct AssignComplaint {
    /// Cadre, node, basis and due times, all decided by the caller.
    pub assignment: Assignment,
    /// The system (router) or a manager.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

/// The assigned cadre accepts; this is the "response" the response deadline measures.
#[derive(Debug, Clone, PartialEq)]
pub struct AcceptComplaint {
    /// The assigned cadre.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

/// A note on the complaint's timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct AddNote {
    /// The note (1–1000 characters).
    pub text: String,
    /// Photos, at most nine.
    pub media: Vec<MediaId>,
    /// Who may read it; residents may only add shared notes.
    pub visibility: NoteVisibility,
    /// The filer, the assigned cadre or a manager.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

/// Hand the complaint to another cadre.
#[derive(Debug, Clone, PartialEq)]
pub struct TransferComplaint {
    /// The new cadre (required; to return to triage, reject instead), node and due times.
    pub assignment: Assignment,
    /// Why (1–500 characters), shown to the new cadre.
    pub reason: String,
    /// The assigned cadre or a manager.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

/// The assigned cadre says the complaint is not theirs; it returns to the township triage
/// queue above its current node, keeping its due times (the resident's wait does not reset).
#[derive(Debug, Clone, PartialEq)]
pub struct RejectNotResponsible {
    /// Why (1–500 characters), for the triage manager.
    pub reason: String,
    /// The assigned cadre.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

/// The assigned cadre resolves it. From `Assigned` this also records the acceptance.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolveComplaint {
    /// What was done (1–2000 characters), shown to the filer.
    pub resolution: String,
    /// Photos of the result, at most nine.
    pub media: Vec<MediaId>,
    /// The assigned cadre.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

/// The filer confirms the resolution, or the system closes it after the reopen window.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfirmResolution {
    /// The filer, or the system.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

/// The filer reopens a resolved complaint.
#[derive(Debug, Clone, PartialEq)]
pub struct ReopenComplaint {
    /// Why (1–500 characters).
    pub reason: String,
    /// How long after resolution reopening is allowed (a configured policy).
    pub window: TimeDelta,
    /// The new resolution deadline, computed by the caller.
    pub resolution_due_at: DateTime<Utc>,
    /// The filer.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

/// The filer rates the handling, once, after resolution.
#[derive(Debug, Clone, PartialEq)]
pub struct RateComplaint {
    /// 1–5.
    pub score: Score,
    /// Preset tags chosen in the mini program ("快", "态度好"), at most 5 of 1–16 characters.
    pub tags: Vec<String>,
    /// Free words, at most 500 characters.
    pub comment: Option<String>,
    /// The filer.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

/// The scheduler notes that a deadline passed. Idempotent: marking twice records nothing.
#[derive(Debug, Clone, PartialEq)]
pub struct MarkOverdue {
    /// Which deadline.
    pub deadline: DeadlineKind,
    /// The system.
    pub by: Actor,
    /// Now; must be at or after the deadline.
    pub at: DateTime<Utc>,
}

/// Move the complaint up the tree.
#[derive(Debug, Clone, PartialEq)]
pub struct EscalateComplaint {
    /// The new node (a strict ancestor of the current one), cadre and due times.
    pub assignment: Assignment,
    /// Why; the system may only escalate for a passed deadline.
    pub reason: EscalationReason,
    /// The system or a manager.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

/// The filer withdraws the complaint before it is resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct WithdrawComplaint {
    /// Why, if the filer says (at most 500 characters).
    pub reason: Option<String>,
    /// The filer.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

/// Close this complaint as a duplicate of another, which carries on. The caller checks that
/// the other complaint exists (it is another stream).
#[derive(Debug, Clone, PartialEq)]
pub struct MergeAsDuplicate {
    /// The complaint that carries on.
    pub into: ComplaintId,
    /// The assigned cadre or a manager.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}
