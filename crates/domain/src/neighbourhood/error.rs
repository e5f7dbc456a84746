//! Why a neighbourhood command was refused. One error type for the five neighbourhood
//! aggregates: their refusals have the same shapes, and the item kind picks the code.

use thiserror::Error;

use crate::actor::Actor;
use crate::error::ErrorKind;
use crate::validate::ValidationError;

/// Which neighbourhood aggregate refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Item {
    /// A forum post (and its comments).
    Post,
    /// A community event (社区活动).
    Activity,
    /// A second-hand listing.
    Listing,
    /// A mutual-help request.
    Help,
    /// A resident's proposed solution (群众点子).
    Idea,
}

impl Item {
    /// The stream category and error-code prefix.
    pub const fn as_str(self) -> &'static str {
        match self {
            Item::Post => "forum",
            Item::Activity => "activity",
            Item::Listing => "listing",
            Item::Help => "help",
            Item::Idea => "idea",
        }
    }
}

/// A domain refusal.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum NeighbourhoodError {
    /// Nothing was created under this id.
    #[error("{} not found", .0.as_str())]
    NotFound(Item),
    /// Creating into a stream that already holds an item.
    #[error("{} already exists", .0.as_str())]
    AlreadyExists(Item),
    /// This actor may not do this.
    #[error("{actor} may not do this: {reason}")]
    NotAllowed {
        /// Which aggregate.
        item: Item,
        /// Who asked.
        actor: Actor,
        /// Who may, in words.
        reason: &'static str,
    },
    /// The item's current state does not allow the transition.
    #[error("cannot {action} a {} that is {state}", .item.as_str())]
    IllegalTransition {
        /// Which aggregate.
        item: Item,
        /// What was asked.
        action: &'static str,
        /// The state it is in.
        state: &'static str,
    },
    /// A forum comment number that was never written.
    #[error("no such comment")]
    CommentNotFound,
    /// The resident already holds a seat or a waitlist place.
    #[error("already registered for this event")]
    AlreadyRegistered,
    /// Cancelling a registration that does not exist.
    #[error("not registered for this event")]
    NotRegistered,
    /// Each resident supports an idea once.
    #[error("already supported")]
    AlreadySupported,
    /// A field is out of bounds.
    #[error(transparent)]
    Validation(#[from] ValidationError),
}

impl NeighbourhoodError {
    /// Stable machine-readable code for the API's error body.
    pub const fn code(&self) -> &'static str {
        use Item::*;
        match self {
            NeighbourhoodError::NotFound(item) => match item {
                Post => "forum.not_found",
                Activity => "activity.not_found",
                Listing => "listing.not_found",
                Help => "help.not_found",
                Idea => "idea.not_found",
            },
            NeighbourhoodError::AlreadyExists(item) => match item {
                Post => "forum.already_exists",
                Activity => "activity.already_exists",
                Listing => "listing.already_exists",
                Help => "help.already_exists",
                Idea => "idea.already_exists",
            },
            NeighbourhoodError::NotAllowed { item, .. } => match item {
                Post => "forum.not_allowed",
                Activity => "activity.not_allowed",
                Listing => "listing.not_allowed",
                Help => "help.not_allowed",
                Idea => "idea.not_allowed",
            },
            NeighbourhoodError::IllegalTransition { item, .. } => match item {
                Post => "forum.illegal_transition",
                Activity => "activity.illegal_transition",
                Listing => "listing.illegal_transition",
                Help => "help.illegal_transition",
                Idea => "idea.illegal_transition",
            },
            NeighbourhoodError::CommentNotFound => "forum.comment_not_found",
            NeighbourhoodError::AlreadyRegistered => "activity.already_registered",
            NeighbourhoodError::NotRegistered => "activity.not_registered",
            NeighbourhoodError::AlreadySupported => "idea.already_supported",
            NeighbourhoodError::Validation(_) => "neighbourhood.invalid",
        }
    }

    /// The class of refusal.
    pub const fn kind(&self) -> ErrorKind {
        match self {
            NeighbourhoodError::NotFound(_) | NeighbourhoodError::CommentNotFound => {
                ErrorKind::NotFound
            }
            NeighbourhoodError::NotAllowed { .. } => ErrorKind::Forbidden,
            NeighbourhoodError::AlreadyExists(_)
            | NeighbourhoodError::IllegalTransition { .. }
            | NeighbourhoodError::AlreadyRegistered
            | NeighbourhoodError::NotRegistered
            | NeighbourhoodError::AlreadySupported => ErrorKind::Conflict,
            NeighbourhoodError::Validation(_) => ErrorKind::Invalid,
        }
    }

    /// A refusal for an actor who may not do this.
    pub(crate) fn not_allowed(item: Item, actor: Actor, reason: &'static str) -> Self {
        NeighbourhoodError::NotAllowed {
            item,
            actor,
            reason,
        }
    }

    /// A refusal for a transition the current state does not allow.
    pub(crate) fn illegal(item: Item, action: &'static str, state: &'static str) -> Self {
        NeighbourhoodError::IllegalTransition {
            item,
            action,
            state,
        }
    }
}

/// The person behind `by` if they act in one of `roles`.
pub(crate) fn acting_as(
    by: &Actor,
    roles: &[crate::actor::Role],
    item: Item,
    reason: &'static str,
) -> Result<crate::ids::UserId, NeighbourhoodError> {
    match by {
        Actor::User { user, role } if roles.contains(role) => Ok(*user),
        _ => Err(NeighbourhoodError::not_allowed(item, *by, reason)),
    }
}
