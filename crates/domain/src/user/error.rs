//! Why a user command was refused.

use thiserror::Error;

use crate::actor::{Actor, Role};
use crate::error::ErrorKind;
use crate::validate::ValidationError;

/// A domain refusal.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum UserError {
    /// No user registered under this id.
    #[error("user not found")]
    NotFound,
    /// The user is already registered.
    #[error("user already exists")]
    AlreadyExists,
    /// This actor may not do this.
    #[error("{actor} may not do this: {reason}")]
    NotAllowed {
        /// Who asked.
        actor: Actor,
        /// Who may, in words.
        reason: &'static str,
    },
    /// Revoking a role the user does not hold.
    #[error("user does not hold role {0}")]
    RoleNotHeld(Role),
    /// Cadres and managers act somewhere: their role needs at least one node.
    #[error("role {0} needs at least one jurisdiction in its scope")]
    ScopeRequired(Role),
    /// The user was forgotten: no personal data can be recorded for them again.
    #[error("the user was forgotten; their personal data cannot be recorded again")]
    Forgotten,
    /// A field is out of bounds.
    #[error(transparent)]
    Validation(#[from] ValidationError),
}

impl UserError {
    /// Stable machine-readable code for the API's error body.
    pub const fn code(&self) -> &'static str {
        match self {
            UserError::NotFound => "user.not_found",
            UserError::AlreadyExists => "user.already_exists",
            UserError::NotAllowed { .. } => "user.not_allowed",
            UserError::RoleNotHeld(_) => "user.role_not_held",
            UserError::ScopeRequired(_) => "user.scope_required",
            UserError::Forgotten => "user.forgotten",
            UserError::Validation(_) => "user.invalid",
        }
    }

    /// The class of refusal.
    pub const fn kind(&self) -> ErrorKind {
        match self {
            UserError::NotFound => ErrorKind::NotFound,
            UserError::NotAllowed { .. } => ErrorKind::Forbidden,
            UserError::AlreadyExists | UserError::RoleNotHeld(_) | UserError::Forgotten => {
                ErrorKind::Conflict
            }
            UserError::ScopeRequired(_) | UserError::Validation(_) => ErrorKind::Invalid,
        }
    }
}
