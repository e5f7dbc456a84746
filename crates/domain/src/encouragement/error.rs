//! Why an encouragement command was refused.

use thiserror::Error;

use crate::actor::Actor;
use crate::error::ErrorKind;
use crate::validate::ValidationError;

/// A domain refusal.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum EncouragementError {
    /// Nothing was posted under this id.
    #[error("encouragement not found")]
    NotFound,
    /// Posting into a stream that already has a post.
    #[error("encouragement already exists")]
    AlreadyExists,
    /// This actor may not do this.
    #[error("{actor} may not do this: {reason}")]
    NotAllowed {
        /// Who asked.
        actor: Actor,
        /// Who may, in words.
        reason: &'static str,
    },
    /// A cadre may not praise (or like praise of) themselves.
    #[error("a cadre cannot encourage themselves")]
    CannotEncourageSelf,
    /// Each person likes once.
    #[error("already liked")]
    AlreadyLiked,
    /// A field is out of bounds.
    #[error(transparent)]
    Validation(#[from] ValidationError),
}

impl EncouragementError {
    /// Stable machine-readable code for the API's error body.
    pub const fn code(&self) -> &'static str {
        match self {
            EncouragementError::NotFound => "encouragement.not_found",
            EncouragementError::AlreadyExists => "encouragement.already_exists",
            EncouragementError::NotAllowed { .. } => "encouragement.not_allowed",
            EncouragementError::CannotEncourageSelf => "encouragement.cannot_encourage_self",
            EncouragementError::AlreadyLiked => "encouragement.already_liked",
            EncouragementError::Validation(_) => "encouragement.invalid",
        }
    }

    /// The class of refusal.
    pub const fn kind(&self) -> ErrorKind {
        match self {
            EncouragementError::NotFound => ErrorKind::NotFound,
            EncouragementError::NotAllowed { .. } | EncouragementError::CannotEncourageSelf => {
                ErrorKind::Forbidden
            }
            EncouragementError::AlreadyExists | EncouragementError::AlreadyLiked => {
                ErrorKind::Conflict
            }
            EncouragementError::Validation(_) => ErrorKind::Invalid,
        }
    }
}
