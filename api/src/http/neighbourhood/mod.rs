//! Neighbourhood life (邻里): the forum, community events, second-hand listings, mutual help,
//! residents' proposed solutions; plus the neighbourhood dashboard counts and the cadre
//! ranking for managers.
//!
//! Who belongs where: a resident acts in a community when their registered home grid lies
//! in it (`POST /api/v1/me/profile` sets it); a cadre or manager acts (moderates, organises,
//! responds) where their scope covers the item's community. Neighbourhood items are public
//! to every signed-in user, like encouragements, except hidden forum text (see `forum`) and
//! the names on an event's seat list (see `activities`).

pub(crate) mod activities;
pub(crate) mod forum;
pub(crate) mod help;
pub(crate) mod ideas;
pub(crate) mod listings;
pub(crate) mod ranking;

use axum::Router;
use linli_domain::{Aggregate, JurisdictionCode, Role, StreamName};
use linli_engine::{CommandOutcome, Engine};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::error::ApiError;
use super::idempotency::IdempotencyKey;
use super::query::Paging;
use super::AppState;
use crate::auth::{scope, Principal};

/// Every neighbourhood route.
pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(forum::routes())
        .merge(activities::routes())
        .merge(listings::routes())
        .merge(help::routes())
        .merge(ideas::routes())
        .merge(ranking::routes())
}

/// What every neighbourhood command answers.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Written {
    /// The item.
    id: Uuid,
    /// Log position, for `?after=`.
    position: u64,
    /// `fresh`, `duplicate` or `unchanged`.
    #[schema(value_type = String, pattern = "^(fresh|duplicate|unchanged)$")]
    replay: &'static str,
}

pub(crate) fn written<E>(id: Uuid, outcome: &CommandOutcome<E>) -> Written {
    Written {
        id,
        position: outcome.position.0,
        replay: crate::http::idempotency::replay_label(outcome.replay),
    }
}

/// Filters and paging shared by every neighbourhood feed.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FeedQuery {
    /// Only items of this node or below it.
    #[param(value_type = Option<String>, pattern = "^[1-9][0-9]{11}(-G[0-9]{3})?$")]
    community: Option<JurisdictionCode>,
    /// Only items in this status (each feed documents its statuses).
    #[param(max_length = 32)]
    status: Option<String>,
    /// Only items this person created (author, organiser, owner, requester).
    #[param(value_type = Option<String>, format = Uuid)]
    by: Option<linli_domain::UserId>,
    /// Read-your-writes.
    after: Option<u64>,
    /// Documented as its own parameter set (`Paging`).
    #[serde(flatten)]
    #[param(ignore)]
    paging: Paging,
}

impl FeedQuery {
    pub(crate) fn filter(&self) -> linli_projections::models::neighbourhood::ItemFilter {
        linli_projections::models::neighbourhood::ItemFilter {
            community: self.community,
            status: self.status.clone(),
            by: self.by,
        }
    }

    pub(crate) async fn wait(&self, state: &AppState) -> Result<(), ApiError> {
        super::consistency::After { after: self.after }
            .wait(state)
            .await
    }
}

/// The community must be a node of the directory.
pub(crate) fn known_community(state: &AppState, code: &JurisdictionCode) -> Result<(), ApiError> {
    if state.read.directory.state()?.node(code).is_none() {
        return Err(ApiError::invalid(
            "neighbourhood.unknown_community",
            format!("{code} is not a place in the directory"),
        ));
    }
    Ok(())
}

/// A resident acts in a community that contains their registered home grid.
pub(crate) fn member_of(
    principal: &Principal,
    community: &JurisdictionCode,
) -> Result<(), ApiError> {
    match principal.record.profile.home_grid {
        Some(home) if community.covers(&home) => Ok(()),
        Some(_) => Err(ApiError {
            code: "neighbourhood.not_a_member",
            ..ApiError::forbidden("you do not live in this community")
        }),
        None => Err(ApiError {
            code: "neighbourhood.not_a_member",
            ..ApiError::forbidden("set your home grid in your profile first")
        }),
    }
}

/// A cadre or manager acts where their scope covers the community.
pub(crate) fn staff_of(
    principal: &Principal,
    community: &JurisdictionCode,
) -> Result<(), ApiError> {
    if scope::staff_covers(principal, Some(community)) {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            "this community is outside your jurisdiction",
        ))
    }
}

/// Whether the principal is a cadre or manager whose scope covers the community.
pub(crate) fn oversees(principal: &Principal, community: &JurisdictionCode) -> bool {
    principal.has(Role::Auditor) || scope::staff_covers(principal, Some(community))
}

/// Decides and appends one command with the request's idempotency key.
pub(crate) async fn run<A>(
    engine: &Engine,
    stream: StreamName,
    command: A::Command,
    key: &IdempotencyKey,
    principal: &Principal,
    actor: &linli_domain::Actor,
    step: &str,
) -> Result<CommandOutcome<A::Event>, ApiError>
where
    A: Aggregate,
    A::Event: Clone,
    A::Error: Into<linli_domain::DomainError> + std::fmt::Display,
{
    Ok(engine
        .execute::<A>(stream, command, key.meta(actor, principal.user, step))
        .await?)
}

/// The current state of an item's stream, or its `not_found`.
pub(crate) fn load<A: Aggregate<State = Option<R>>, R>(
    state: &AppState,
    stream: StreamName,
    not_found: &'static str,
) -> Result<R, ApiError> {
    state
        .engine
        .load::<A>(stream)?
        .state
        .ok_or_else(|| ApiError {
            code: not_found,
            ..ApiError::not_found("no such item")
        })
}

/// A 404 in the error shape for a read-model miss.
pub(crate) fn missing(code: &'static str) -> ApiError {
    ApiError {
        code,
        ..ApiError::not_found("no such item")
    }
}
