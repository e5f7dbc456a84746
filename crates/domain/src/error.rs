//! One error type over all aggregates, for callers (engine, API) that handle any command.

use thiserror::Error;

use crate::civic::CivicError;
use crate::complaint::ComplaintError;
use crate::directory::DirectoryError;
use crate::encouragement::EncouragementError;
use crate::neighbourhood::NeighbourhoodError;
use crate::privacy::PrivacyError;
use crate::user::UserError;

/// The class of a refusal, so the API can pick a status code without knowing every variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The stream (or a referenced item in it) does not exist: 404.
    NotFound,
    /// The actor may not do this: 403.
    Forbidden,
    /// The request conflicts with the current state: 409.
    Conflict,
    /// A field is invalid: 422.
    Invalid,
}

/// Any aggregate's refusal.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DomainError {
    /// From the complaint aggregate.
    #[error(transparent)]
    Complaint(#[from] ComplaintError),
    /// From the encouragement aggregate.
    #[error(transparent)]
    Encouragement(#[from] EncouragementError),
    /// From the user aggregate.
    #[error(transparent)]
    User(#[from] UserError),
    /// From the directory aggregate.
    #[error(transparent)]
    Directory(#[from] DirectoryError),
    /// From the personal-data access log or the retention record.
    #[error(transparent)]
    Privacy(#[from] PrivacyError),
    /// From the community-service aggregates (announcement, guide, application, errand,
    /// feedback).
    #[error(transparent)]
    Civic(#[from] CivicError),
    /// From a life-service aggregate (provider, service, slot, order).
    #[error(transparent)]
    Services(#[from] crate::services::ServicesError),
    /// From the inbox aggregate.
    #[error(transparent)]
    Inbox(#[from] crate::inbox::InboxError),
    /// From a neighbourhood aggregate (forum, events, listings, help, ideas).
    #[error(transparent)]
    Neighbourhood(#[from] NeighbourhoodError),
}

impl DomainError {
    /// Stable machine-readable code, e.g. `complaint.not_found`.
    pub const fn code(&self) -> &'static str {
        match self {
            DomainError::Complaint(e) => e.code(),
            DomainError::Encouragement(e) => e.code(),
            DomainError::User(e) => e.code(),
            DomainError::Directory(e) => e.code(),
            DomainError::Privacy(e) => e.code(),
            DomainError::Civic(e) => e.code(),
            DomainError::Services(e) => e.code(),
            DomainError::Inbox(e) => e.code(),
            DomainError::Neighbourhood(e) => e.code(),
        }
    }

    /// The class of refusal.
    pub const fn kind(&self) -> ErrorKind {
        match self {
            DomainError::Complaint(e) => e.kind(),
            DomainError::Encouragement(e) => e.kind(),
            DomainError::User(e) => e.kind(),
            DomainError::Directory(e) => e.kind(),
            DomainError::Privacy(e) => e.kind(),
            DomainError::Civic(e) => e.kind(),
            DomainError::Services(e) => e.kind(),
            DomainError::Inbox(e) => e.kind(),
            DomainError::Neighbourhood(e) => e.kind(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actor::Actor;
    use crate::validate::ValidationError;

    #[test]
    fn every_aggregate_error_maps_to_a_code_and_kind() {
        let cases: [(DomainError, &str, ErrorKind); 5] = [
            (
                ComplaintError::NotFound.into(),
                "complaint.not_found",
                ErrorKind::NotFound,
            ),
            (
                EncouragementError::AlreadyLiked.into(),
                "encouragement.already_liked",
                ErrorKind::Conflict,
            ),
            (
                UserError::NotAllowed {
                    actor: Actor::System,
                    reason: "x",
                }
                .into(),
                "user.not_allowed",
                ErrorKind::Forbidden,
            ),
            (
                DirectoryError::Validation(ValidationError::Empty { field: "name" }).into(),
                "directory.invalid",
                ErrorKind::Invalid,
            ),
            (
                ComplaintError::ReopenWindowClosed {
                    resolved_at: chrono::DateTime::UNIX_EPOCH,
                    closed_at: chrono::DateTime::UNIX_EPOCH,
                }
                .into(),
                "complaint.reopen_window_closed",
                ErrorKind::Conflict,
            ),
        ];
        for (error, code, kind) in cases {
            assert_eq!(error.code(), code);
            assert_eq!(error.kind(), kind);
            assert!(!error.to_string().is_empty());
        }
    }
}
