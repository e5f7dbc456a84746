//! Personal-data protection facts that are not a user's own: who read whose personal data
//! (`personal_data-{user}` streams, one per data subject) and which media blobs the
//! retention policy removed (the single `retention` stream).
//!
//! Reading a resident's personal data as staff is itself a fact, recorded *before* the data
//! is shown, so an auditor can always answer "who saw this resident's ID number, and why".
//! Purging a blob never deletes an event: the `media.purged` event records which blobs went
//! and under which rule.

mod access;
mod retention;

pub use access::{PersonalDataAccess, PersonalDataAccessed, PersonalDataEvent, RecordAccess};
pub use retention::{MediaPurged, PurgeMedia, Retention, RetentionEvent, RetentionState};

use thiserror::Error;

use crate::actor::Actor;
use crate::error::ErrorKind;
use crate::validate::ValidationError;

/// Why a privacy command was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PrivacyError {
    /// This actor may not do this.
    #[error("{actor} may not do this: {reason}")]
    NotAllowed {
        /// Who asked.
        actor: Actor,
        /// Who may, in words.
        reason: &'static str,
    },
    /// A field is out of bounds.
    #[error(transparent)]
    Validation(#[from] ValidationError),
}

impl PrivacyError {
    /// Stable machine-readable code for the API's error body.
    pub const fn code(&self) -> &'static str {
        match self {
            PrivacyError::NotAllowed { .. } => "privacy.not_allowed",
            PrivacyError::Validation(_) => "privacy.invalid",
        }
    }

    /// The class of refusal.
    pub const fn kind(&self) -> ErrorKind {
        match self {
            PrivacyError::NotAllowed { .. } => ErrorKind::Forbidden,
            PrivacyError::Validation(_) => ErrorKind::Invalid,
        }
    }
}
