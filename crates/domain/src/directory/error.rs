//! Why a directory command was refused.

use thiserror::Error;

use crate::actor::Actor;
use crate::calendar::CalendarError;
use crate::error::ErrorKind;
use crate::ids::{JurisdictionCode, UserId};
use crate::validate::ValidationError;

/// A domain refusal.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DirectoryError {
    /// This actor may not change the directory.
    #[error("{actor} may not do this: {reason}")]
    NotAllowed {
        /// Who asked.
        actor: Actor,
        /// Who may, in words.
        reason: &'static str,
    },
    /// The command names a node that is not defined.
    #[error("jurisdiction {0} is not defined")]
    NodeNotFound(JurisdictionCode),
    /// A node's parent must be defined first when an ancestor is.
    #[error("define {parent} before {code}")]
    ParentNotDefined {
        /// The node being defined.
        code: JurisdictionCode,
        /// Its undefined parent.
        parent: JurisdictionCode,
    },
    /// The cadre already holds this post at this node.
    #[error("cadre {cadre} already posted at {node}")]
    AlreadyPosted {
        /// The cadre.
        cadre: UserId,
        /// The node.
        node: JurisdictionCode,
    },
    /// The cadre is not posted at this node.
    #[error("cadre {cadre} is not posted at {node}")]
    NotPosted {
        /// The cadre.
        cadre: UserId,
        /// The node.
        node: JurisdictionCode,
    },
    /// A calendar setting is invalid.
    #[error(transparent)]
    Calendar(#[from] CalendarError),
    /// A field is out of bounds.
    #[error(transparent)]
    Validation(#[from] ValidationError),
}

impl DirectoryError {
    /// Stable machine-readable code for the API's error body.
    pub const fn code(&self) -> &'static str {
        match self {
            DirectoryError::NotAllowed { .. } => "directory.not_allowed",
            DirectoryError::NodeNotFound(_) => "directory.node_not_found",
            DirectoryError::ParentNotDefined { .. } => "directory.parent_not_defined",
            DirectoryError::AlreadyPosted { .. } => "directory.already_posted",
            DirectoryError::NotPosted { .. } => "directory.not_posted",
            DirectoryError::Calendar(_) => "directory.invalid_calendar",
            DirectoryError::Validation(_) => "directory.invalid",
        }
    }

    /// The class of refusal.
    pub const fn kind(&self) -> ErrorKind {
        match self {
            DirectoryError::NotAllowed { .. } => ErrorKind::Forbidden,
            DirectoryError::NodeNotFound(_) => ErrorKind::NotFound,
            DirectoryError::ParentNotDefined { .. }
            | DirectoryError::AlreadyPosted { .. }
            | DirectoryError::NotPosted { .. } => ErrorKind::Conflict,
            DirectoryError::Calendar(_) | DirectoryError::Validation(_) => ErrorKind::Invalid,
        }
    }
}
