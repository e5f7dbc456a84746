//! Why a life-service command was refused: one error type for the provider, service, slot
//! and order aggregates, so the API maps them in one place.

use thiserror::Error;

use super::types::OrderStatus;
use crate::actor::Actor;
use crate::error::ErrorKind;
use crate::money::Fen;
use crate::validate::ValidationError;

/// A domain refusal of a life-service command.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ServicesError {
    /// The provider, service, slot or order does not exist.
    #[error("{what} not found")]
    NotFound {
        /// `provider`, `service`, `slot` or `order`.
        what: &'static str,
    },
    /// Creating something whose stream already exists.
    #[error("{what} already exists")]
    AlreadyExists {
        /// What was created twice.
        what: &'static str,
    },
    /// This actor may not do this.
    #[error("{actor} may not do this: {reason}")]
    NotAllowed {
        /// Who asked.
        actor: Actor,
        /// Who may, in words.
        reason: &'static str,
    },
    /// The provider is not approved (yet), so its services cannot be booked.
    #[error("the provider is not approved")]
    ProviderNotApproved,
    /// The service was withdrawn.
    #[error("the service was withdrawn")]
    ServiceWithdrawn,
    /// Every place in the slot is taken.
    #[error("the slot is fully booked ({capacity} places)")]
    SlotFull {
        /// The slot's capacity.
        capacity: u32,
    },
    /// The slot has already begun, so it can no longer be booked.
    #[error("the slot has already started")]
    SlotStarted,
    /// The order's state does not allow this step.
    #[error("the order is {status}; {action} is not possible now")]
    WrongState {
        /// Where the order is.
        status: OrderStatus,
        /// What was asked, in words.
        action: &'static str,
    },
    /// A payment or refund amount does not match the order.
    #[error("amount {actual} does not match the expected {expected}")]
    AmountMismatch {
        /// What the order expects.
        expected: Fen,
        /// What was given.
        actual: Fen,
    },
    /// A refund larger than what is left of the payment.
    #[error("refund of {asked} exceeds the refundable {refundable}")]
    RefundTooLarge {
        /// Asked for.
        asked: Fen,
        /// Paid minus already refunded or pending.
        refundable: Fen,
    },
    /// A payment reference that belongs to another payment of this order.
    #[error("payment reference does not match this order")]
    ReferenceMismatch,
    /// A field is out of bounds.
    #[error(transparent)]
    Validation(#[from] ValidationError),
}

impl ServicesError {
    /// Stable machine-readable code for the API's error body.
    pub const fn code(&self) -> &'static str {
        match self {
            ServicesError::NotFound { .. } => "services.not_found",
            ServicesError::AlreadyExists { .. } => "services.already_exists",
            ServicesError::NotAllowed { .. } => "services.not_allowed",
            ServicesError::ProviderNotApproved => "services.provider_not_approved",
            ServicesError::ServiceWithdrawn => "services.service_withdrawn",
            ServicesError::SlotFull { .. } => "services.slot_full",
            ServicesError::SlotStarted => "services.slot_started",
            ServicesError::WrongState { .. } => "services.wrong_state",
            ServicesError::AmountMismatch { .. } => "services.amount_mismatch",
            ServicesError::RefundTooLarge { .. } => "services.refund_too_large",
            ServicesError::ReferenceMismatch => "services.reference_mismatch",
            ServicesError::Validation(_) => "services.invalid",
        }
    }

    /// The class of refusal.
    pub const fn kind(&self) -> ErrorKind {
        match self {
            ServicesError::NotFound { .. } => ErrorKind::NotFound,
            ServicesError::NotAllowed { .. } => ErrorKind::Forbidden,
            ServicesError::AlreadyExists { .. }
            | ServicesError::ProviderNotApproved
            | ServicesError::ServiceWithdrawn
            | ServicesError::SlotFull { .. }
            | ServicesError::SlotStarted
            | ServicesError::WrongState { .. }
            | ServicesError::ReferenceMismatch => ErrorKind::Conflict,
            ServicesError::AmountMismatch { .. }
            | ServicesError::RefundTooLarge { .. }
            | ServicesError::Validation(_) => ErrorKind::Invalid,
        }
    }

    pub(crate) fn not_allowed(actor: &Actor, reason: &'static str) -> ServicesError {
        ServicesError::NotAllowed {
            actor: *actor,
            reason,
        }
    }
}
