//! Community and government services (社区政务服务): announcements, handling guides with
//! online applications, errands (委托代办) and feedback.
//!
//! Each is its own aggregate with its own stream; they share one refusal type,
//! [`CivicError`], whose codes are prefixed by the aggregate (`application.not_found`), so
//! the API maps them in one place.

pub mod announcement;
pub mod application;
pub mod errand;
mod error;
pub mod feedback;
pub mod guide;

pub use error::{CivicError, Subject};

use crate::actor::{Actor, Role};
use crate::ids::UserId;

/// The user behind `by` when they act in one of `roles`, else `NotAllowed` with `reason`.
pub(crate) fn acting(
    subject: Subject,
    by: &Actor,
    roles: &[Role],
    reason: &'static str,
) -> Result<UserId, CivicError> {
    match by {
        Actor::User { user, role } if roles.contains(role) => Ok(*user),
        _ => Err(CivicError::NotAllowed {
            subject,
            actor: *by,
            reason,
        }),
    }
}
