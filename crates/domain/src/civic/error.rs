//! Why a community-service command was refused.

use thiserror::Error;

use crate::actor::Actor;
use crate::error::ErrorKind;
use crate::validate::ValidationError;

/// Which aggregate refused: the prefix of the error code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Subject {
    /// `announcement.*`
    Announcement,
    /// `guide.*`
    Guide,
    /// `application.*`
    Application,
    /// `errand.*`
    Errand,
    /// `feedback.*`
    Feedback,
}

impl Subject {
    /// The aggregate's name, as in stream names and error codes.
    pub const fn as_str(self) -> &'static str {
        match self {
            Subject::Announcement => "announcement",
            Subject::Guide => "guide",
            Subject::Application => "application",
            Subject::Errand => "errand",
            Subject::Feedback => "feedback",
        }
    }
}

impl std::fmt::Display for Subject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A domain refusal; there are no storage errors here.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CivicError {
    /// The stream is empty.
    #[error("{0} not found")]
    NotFound(Subject),
    /// Creating into a stream that already holds one.
    #[error("{0} already exists")]
    AlreadyExists(Subject),
    /// This actor may not do this.
    #[error("{actor} may not do this: {reason}")]
    NotAllowed {
        /// Which aggregate.
        subject: Subject,
        /// Who asked.
        actor: Actor,
        /// Who may, in words.
        reason: &'static str,
    },
    /// The command makes no sense in the current status.
    #[error("cannot {command} {subject} that is {from}")]
    InvalidTransition {
        /// Which aggregate.
        subject: Subject,
        /// The status now (snake_case, as in the API).
        from: &'static str,
        /// What was asked.
        command: &'static str,
    },
    /// An application lacks materials its guide (or the reviewer) asked for.
    #[error("missing materials: {}", missing.join(", "))]
    MaterialsMissing {
        /// The names of the materials not supplied.
        missing: Vec<String>,
    },
    /// A field is out of bounds.
    #[error("{source}")]
    Validation {
        /// Which aggregate.
        subject: Subject,
        /// What is wrong.
        source: ValidationError,
    },
}

/// `subject.suffix` as a static string.
macro_rules! code {
    ($subject:expr, $suffix:literal) => {
        match $subject {
            Subject::Announcement => concat!("announcement.", $suffix),
            Subject::Guide => concat!("guide.", $suffix),
            Subject::Application => concat!("application.", $suffix),
            Subject::Errand => concat!("errand.", $suffix),
            Subject::Feedback => concat!("feedback.", $suffix),
        }
    };
}

impl CivicError {
    /// A validation refusal of `subject`.
    pub(crate) fn invalid(subject: Subject) -> impl Fn(ValidationError) -> CivicError {
        move |source| CivicError::Validation { subject, source }
    }

    /// Stable machine-readable code, e.g. `application.invalid_transition`.
    pub const fn code(&self) -> &'static str {
        match self {
            CivicError::NotFound(s) => code!(s, "not_found"),
            CivicError::AlreadyExists(s) => code!(s, "already_exists"),
            CivicError::NotAllowed { subject, .. } => code!(subject, "not_allowed"),
            CivicError::InvalidTransition { subject, .. } => code!(subject, "invalid_transition"),
            CivicError::MaterialsMissing { .. } => "application.materials_missing",
            CivicError::Validation { subject, .. } => code!(subject, "invalid"),
        }
    }

    /// The class of refusal, for mapping to an HTTP status.
    pub const fn kind(&self) -> ErrorKind {
        match self {
            CivicError::NotFound(_) => ErrorKind::NotFound,
            CivicError::NotAllowed { .. } => ErrorKind::Forbidden,
            CivicError::AlreadyExists(_) | CivicError::InvalidTransition { .. } => {
                ErrorKind::Conflict
            }
            CivicError::MaterialsMissing { .. } | CivicError::Validation { .. } => {
                ErrorKind::Invalid
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_carry_the_aggregate_name() {
        assert_eq!(
            CivicError::NotFound(Subject::Errand).code(),
            "errand.not_found"
        );
        let e = CivicError::InvalidTransition {
            subject: Subject::Application,
            from: "rejected",
            command: "approve",
        };
        assert_eq!(e.code(), "application.invalid_transition");
        assert_eq!(e.kind(), ErrorKind::Conflict);
        assert_eq!(e.to_string(), "cannot approve application that is rejected");
    }
}
