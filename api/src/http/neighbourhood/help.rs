//! Mutual help: a resident asks their community; a neighbour offers; the requester confirms
//! it was done, or cancels.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::{DateTime, Utc};
use linli_domain::neighbourhood::help::*;
use linli_domain::neighbourhood::{HelpRequestId, NeighbourhoodStream};
use linli_domain::{JurisdictionCode, Role, StreamName};
use linli_projections::models::neighbourhood::HelpView;
use linli_projections::PageOf;
use serde::Deserialize;

use super::{known_community, load, member_of, missing, run, written, FeedQuery, Written};
use crate::auth::Principal;
use crate::http::consistency::After;
use crate::http::error::ApiError;
use crate::http::idempotency::IdempotencyKey;
use crate::http::json::ApiJson;
use crate::http::path::ApiPath;
use crate::http::query::{ApiQuery, Paging};
use crate::http::AppState;

/// The help routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/help-requests", post(ask).get(feed))
        .route("/api/v1/help-requests/{id}", get(one))
        .route("/api/v1/help-requests/{id}/offer", post(offer))
        .route("/api/v1/help-requests/{id}/done", post(done))
        .route("/api/v1/help-requests/{id}/cancel", post(cancel))
}

fn stream(id: HelpRequestId) -> StreamName {
    StreamName::Neighbourhood(NeighbourhoodStream::Help(id))
}

/// `POST /api/v1/help-requests`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AskBody {
    /// The community (containing your home grid).
    community: JurisdictionCode,
    /// Title (1–60 characters).
    title: String,
    /// What is needed (1–1000 characters).
    description: String,
    /// By when, if it matters.
    needed_by: Option<DateTime<Utc>>,
}

/// `POST …/offer`.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OfferBody {
    /// A word to the requester (at most 300 characters).
    note: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/help-requests", tag = "neighbourhood", request_body = AskBody,
    responses(
        (status = 201, description = "Posted", body = Written),
        (status = 403, description = "Not a resident of that community", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Contended", body = crate::http::openapi::ErrorBody),
        (status = 422, description = "A field is out of bounds, or an unknown place", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])))]
pub(crate) async fn ask(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiJson(body): ApiJson<AskBody>,
) -> Result<(StatusCode, Json<Written>), ApiError> {
    let actor = principal.act_as(&[Role::Resident])?;
    known_community(&state, &body.community)?;
    member_of(&principal, &body.community)?;
    let id = HelpRequestId::from_uuid(key.new_id(principal.user, "help"));
    let command = HelpCommand::Post(PostHelpRequest {
        help_id: id,
        community: body.community,
        title: body.title,
        description: body.description,
        needed_by: body.needed_by,
        by: actor,
        at: state.clock.now(),
    });
    let outcome = run::<HelpRequest>(
        &state.engine,
        stream(id),
        command,
        &key,
        &principal,
        &actor,
        "help-ask",
    )
    .await?;
    Ok((StatusCode::CREATED, Json(written(*id.as_uuid(), &outcome))))
}

#[utoipa::path(post, path = "/api/v1/help-requests/{id}/offer", tag = "neighbourhood",
    params(("id" = HelpRequestId, Path, description = "The request.")), request_body = OfferBody,
    responses(
        (status = 200, description = "Offered", body = Written),
        (status = 403, description = "The requester, or not of this community", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such request", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Already offered, done or cancelled", body = crate::http::openapi::ErrorBody),
        (status = 422, description = "Note too long", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])))]
pub(crate) async fn offer(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<HelpRequestId>,
    ApiJson(body): ApiJson<OfferBody>,
) -> Result<Json<Written>, ApiError> {
    let actor = principal.act_as(&[Role::Resident])?;
    let request = load::<HelpRequest, _>(&state, stream(id), "help.not_found")?;
    if principal.user != request.requester {
        member_of(&principal, &request.community)?;
    }
    let command = HelpCommand::Offer(OfferHelp {
        note: body.note,
        by: actor,
        at: state.clock.now(),
    });
    let outcome = run::<HelpRequest>(
        &state.engine,
        stream(id),
        command,
        &key,
        &principal,
        &actor,
        "help-offer",
    )
    .await?;
    Ok(Json(written(*id.as_uuid(), &outcome)))
}

async fn requester_step(
    state: &AppState,
    principal: &Principal,
    key: &IdempotencyKey,
    id: HelpRequestId,
    make: impl FnOnce(RequesterAction) -> HelpCommand,
    step: &str,
) -> Result<Json<Written>, ApiError> {
    let actor = principal.act_as(&[Role::Resident])?;
    let command = make(RequesterAction {
        by: actor,
        at: state.clock.now(),
    });
    let outcome = run::<HelpRequest>(
        &state.engine,
        stream(id),
        command,
        key,
        principal,
        &actor,
        step,
    )
    .await?;
    Ok(Json(written(*id.as_uuid(), &outcome)))
}

#[utoipa::path(post, path = "/api/v1/help-requests/{id}/done", tag = "neighbourhood",
    params(("id" = HelpRequestId, Path, description = "The request.")),
    responses(
        (status = 200, description = "Confirmed done", body = Written),
        (status = 403, description = "Not the requester", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such request", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Nobody offered yet, or already closed", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])))]
pub(crate) async fn done(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<HelpRequestId>,
) -> Result<Json<Written>, ApiError> {
    requester_step(
        &state,
        &principal,
        &key,
        id,
        HelpCommand::ConfirmDone,
        "help-done",
    )
    .await
}

#[utoipa::path(post, path = "/api/v1/help-requests/{id}/cancel", tag = "neighbourhood",
    params(("id" = HelpRequestId, Path, description = "The request.")),
    responses(
        (status = 200, description = "Cancelled", body = Written),
        (status = 403, description = "Not the requester", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such request", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Already done or cancelled", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])))]
pub(crate) async fn cancel(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<HelpRequestId>,
) -> Result<Json<Written>, ApiError> {
    requester_step(
        &state,
        &principal,
        &key,
        id,
        HelpCommand::Cancel,
        "help-cancel",
    )
    .await
}

#[utoipa::path(get, path = "/api/v1/help-requests", tag = "neighbourhood", params(FeedQuery, Paging),
    responses(
        (status = 200, description = "Newest first; status is `posted`, `offered`, `done` or `cancelled`", body = PageOf<HelpView>),
        (status = 503, description = "Read models still catching up with `after`", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])))]
pub(crate) async fn feed(
    State(state): State<AppState>,
    _principal: Principal,
    ApiQuery(query): ApiQuery<FeedQuery>,
) -> Result<Json<PageOf<HelpView>>, ApiError> {
    query.wait(&state).await?;
    Ok(Json(
        state
            .read
            .neighbourhood
            .help_requests(&query.filter(), &query.paging.page())?,
    ))
}

#[utoipa::path(get, path = "/api/v1/help-requests/{id}", tag = "neighbourhood",
    params(("id" = HelpRequestId, Path, description = "The request."), After),
    responses(
        (status = 200, description = "The request", body = HelpView),
        (status = 404, description = "No such request", body = crate::http::openapi::ErrorBody),
        (status = 503, description = "Read models still catching up with `after`", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])))]
pub(crate) async fn one(
    State(state): State<AppState>,
    _principal: Principal,
    ApiPath(id): ApiPath<HelpRequestId>,
    ApiQuery(after): ApiQuery<After>,
) -> Result<Json<HelpView>, ApiError> {
    after.wait(&state).await?;
    state
        .read
        .neighbourhood
        .help(id)?
        .map(Json)
        .ok_or_else(|| missing("help.not_found"))
}
