//! Community and government services: announcements, handling guides and applications,
//! errands (委托代办), feedback, and their dashboard counts.
//!
//! Handlers follow the complaint API: roles through `Principal::act_as`, scope through
//! `auth::scope`, the domain decides whether a transition is legal, every command goes
//! through the engine with the request's `Idempotency-Key`, and answers the log position
//! it wrote for `?after=`. Private items (applications, errands) answer 404 to anyone who
//! may not read them, so ids cannot be probed.

pub mod announcements;
pub mod applications;
pub mod dashboard;
pub mod errand_files;
pub mod errands;
pub mod feedback;
pub mod guides;

use axum::Json;
use linli_domain::{JurisdictionCode, MediaId};
use linli_engine::CommandOutcome;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::error::ApiError;
use super::query::Paging;
use super::AppState;
use crate::auth::Principal;
use axum::Router;

/// Every community-service route.
pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(announcements::routes())
        .merge(guides::routes())
        .merge(applications::routes())
        .merge(errands::routes())
        .merge(feedback::routes())
        .merge(dashboard::routes())
}

/// The routes that take file uploads, mounted outside the JSON body limit.
pub fn upload_routes() -> Router<AppState> {
    errand_files::routes()
}

/// What a community-service command answers.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Written {
    /// The item (announcement, guide, application, errand or feedback).
    id: Uuid,
    /// Log position, for `?after=`.
    position: u64,
    /// `fresh`, `duplicate` or `unchanged`.
    #[schema(value_type = String, pattern = "^(fresh|duplicate|unchanged)$")]
    replay: &'static str,
}

pub(crate) fn written<E>(id: Uuid, outcome: &CommandOutcome<E>) -> Json<Written> {
    Json(Written {
        id,
        position: outcome.position.0,
        replay: super::idempotency::replay_label(outcome.replay),
    })
}

/// Paging and read-your-writes for a list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Read-your-writes: a position a command returned.
    #[serde(default, deserialize_with = "crate::http::query::number_or_text")]
    after: Option<u64>,
    /// Only items in this status (snake_case, as in the items).
    status: Option<String>,
    /// Documented as its own parameter set (`Paging`).
    #[serde(flatten)]
    #[param(ignore)]
    paging: Paging,
}

impl ListQuery {
    /// Waits for `after`, if given.
    pub(crate) async fn wait(&self, state: &AppState) -> Result<(), ApiError> {
        super::consistency::After { after: self.after }
            .wait(state)
            .await
    }

    /// Whether an item's status (as serialized) passes the `status` filter.
    pub(crate) fn status_matches<S: Serialize>(&self, status: &S) -> bool {
        match &self.status {
            None => true,
            Some(wanted) => serde_json::to_value(status)
                .ok()
                .is_some_and(|v| v.as_str() == Some(wanted.as_str())),
        }
    }
}

/// Every file must have been uploaded by one of `owners`: a resident can attach only their
/// own files, so nobody gains access to someone else's photo by naming its hash.
pub(crate) fn check_media_of(
    state: &AppState,
    media: &[&MediaId],
    owners: &[linli_domain::UserId],
) -> Result<(), ApiError> {
    for id in media {
        match state.media.meta(id)? {
            None => {
                return Err(ApiError::invalid(
                    "media.unknown",
                    format!("media {id} was not uploaded"),
                ))
            }
            Some(meta) if !owners.contains(&meta.uploader) => {
                return Err(ApiError::invalid(
                    "media.not_yours",
                    format!("media {id} was uploaded by someone else"),
                ))
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// The place an item is handled: the one named, which must be in the directory, or the
/// resident's home grid.
pub(crate) fn place_of(
    state: &AppState,
    principal: &Principal,
    named: Option<JurisdictionCode>,
    code: &'static str,
) -> Result<JurisdictionCode, ApiError> {
    let place = named
        .or(principal.record.profile.home_grid)
        .ok_or_else(|| {
            ApiError::invalid(
                code,
                "name the jurisdiction, or set your home grid in your profile first",
            )
        })?;
    known_place(state, &place)?;
    Ok(place)
}

/// Refuses a jurisdiction the directory does not define.
pub(crate) fn known_place(state: &AppState, place: &JurisdictionCode) -> Result<(), ApiError> {
    if state.read.directory.state()?.node(place).is_none() {
        return Err(ApiError::invalid(
            "directory.unknown_node",
            format!("{place} is not a place in the directory"),
        ));
    }
    Ok(())
}

/// A 404 in the one shape with the aggregate's code.
pub(crate) fn not_found(code: &'static str, what: &str) -> ApiError {
    ApiError {
        status: axum::http::StatusCode::NOT_FOUND,
        code,
        message: format!("no such {what}, or not yours to see"),
        details: serde_json::Value::Null,
    }
}
