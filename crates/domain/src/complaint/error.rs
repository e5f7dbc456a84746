//! Why a complaint command was refused.

use chrono::{DateTime, Utc};
use thiserror::Error;

use super::command::ComplaintCommandKind;
use super::types::{ComplaintStatus, DeadlineKind};
use crate::actor::Actor;
use crate::error::ErrorKind;
use crate::ids::JurisdictionCode;
use crate::validate::ValidationError;

/// A domain refusal; there are no storage errors here.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ComplaintError {
    /// The stream is empty: no complaint was filed under this id.
    #[error("complaint not found")]
    NotFound,
    /// Filing into a stream that already has a complaint.
    #[error("complaint already exists")]
    AlreadyExists,
    /// This actor may not make this transition.
    #[error("{actor} may not do this: {reason}")]
    NotAllowed {
        /// Who asked.
        actor: Actor,
        /// Who may, in words.
        reason: &'static str,
    },
    /// The command makes no sense in the current status.
    #[error("cannot {command} a complaint that is {from}")]
    InvalidTransition {
        /// The status now.
        from: ComplaintStatus,
        /// What was asked.
        command: ComplaintCommandKind,
    },
    /// Reopening after the window that counts from resolution.
    #[error("the reopen window closed at {closed_at}")]
    ReopenWindowClosed {
        /// When it was resolved.
        resolved_at: DateTime<Utc>,
        /// When reopening stopped being possible.
        closed_at: DateTime<Utc>,
    },
    /// A complaint is rated once.
    #[error("complaint already rated")]
    AlreadyRated,
    /// Marking overdue or escalating for a deadline that has not passed.
    #[error("{deadline:?} deadline {due_at} has not passed")]
    NotYetDue {
        /// Which deadline.
        deadline: DeadlineKind,
        /// When it is.
        due_at: DateTime<Utc>,
    },
    /// Escalation must go up the tree.
    #[error("{to} is not above {from}")]
    NotAnEscalation {
        /// The current node.
        from: JurisdictionCode,
        /// The node asked for.
        to: JurisdictionCode,
    },
    /// Transferring to the cadre who already has it.
    #[error("the complaint is already assigned to that cadre")]
    SameAssignee,
    /// Merging a complaint into itself.
    #[error("a complaint cannot be merged into itself")]
    MergeIntoItself,
    /// A field is out of bounds.
    #[error(transparent)]
    Validation(#[from] ValidationError),
}

impl ComplaintError {
    /// Stable machine-readable code for the API's error body, e.g. `complaint.not_found`.
    pub const fn code(&self) -> &'static str {
        match self {
            ComplaintError::NotFound => "complaint.not_found",
            ComplaintError::AlreadyExists => "complaint.already_exists",
            ComplaintError::NotAllowed { .. } => "complaint.not_allowed",
            ComplaintError::InvalidTransition { .. } => "complaint.invalid_transition",
            ComplaintError::ReopenWindowClosed { .. } => "complaint.reopen_window_closed",
            ComplaintError::AlreadyRated => "complaint.already_rated",
            ComplaintError::NotYetDue { .. } => "complaint.not_yet_due",
            ComplaintError::NotAnEscalation { .. } => "complaint.not_an_escalation",
            ComplaintError::SameAssignee => "complaint.same_assignee",
            ComplaintError::MergeIntoItself => "complaint.merge_into_itself",
            ComplaintError::Validation(_) => "complaint.invalid",
        }
    }

    /// The class of refusal, for mapping to an HTTP status.
    pub const fn kind(&self) -> ErrorKind {
        match self {
            ComplaintError::NotFound => ErrorKind::NotFound,
            ComplaintError::NotAllowed { .. } => ErrorKind::Forbidden,
            ComplaintError::AlreadyExists
            | ComplaintError::InvalidTransition { .. }
            | ComplaintError::ReopenWindowClosed { .. }
            | ComplaintError::AlreadyRated
            | ComplaintError::NotYetDue { .. }
            | ComplaintError::SameAssignee => ErrorKind::Conflict,
            ComplaintError::NotAnEscalation { .. }
            | ComplaintError::MergeIntoItself
            | ComplaintError::Validation(_) => ErrorKind::Invalid,
        }
    }
}
