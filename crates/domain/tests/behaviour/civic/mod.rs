//! Community and government services, one file per aggregate: what each command writes,
//! which transitions are refused and with which error, who may act, and what input is
//! turned away.

mod announcement;
mod application;
mod errand;
mod feedback;
mod guide;

use linli_domain::civic::{CivicError, Subject};
use linli_domain::validate::ValidationError;
use linli_domain::Actor;

pub fn not_allowed(subject: Subject, actor: Actor, reason: &'static str) -> CivicError {
    CivicError::NotAllowed {
        subject,
        actor,
        reason,
    }
}

pub fn cannot(subject: Subject, command: &'static str, from: &'static str) -> CivicError {
    CivicError::InvalidTransition {
        subject,
        from,
        command,
    }
}

pub fn invalid(subject: Subject, source: ValidationError) -> CivicError {
    CivicError::Validation { subject, source }
}

pub fn empty(subject: Subject, field: &'static str) -> CivicError {
    invalid(subject, ValidationError::Empty { field })
}

pub fn too_long(subject: Subject, field: &'static str, len: usize, max: usize) -> CivicError {
    invalid(subject, ValidationError::TooLong { field, len, max })
}

/// `n` characters of Chinese text, to probe a length bound counted in characters.
pub fn chars(n: usize) -> String {
    "字".repeat(n)
}
