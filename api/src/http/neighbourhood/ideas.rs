//! Residents' proposed solutions (群众点子): residents propose and support (+1); a cadre or
//! manager in scope gives the official response.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use linli_domain::neighbourhood::idea::*;
use linli_domain::neighbourhood::{IdeaId, NeighbourhoodStream};
use linli_domain::{JurisdictionCode, Role, StreamName};
use linli_projections::models::neighbourhood::IdeaView;
use linli_projections::PageOf;
use serde::Deserialize;

use super::{
    known_community, load, member_of, missing, run, staff_of, written, FeedQuery, Written,
};
use crate::auth::Principal;
use crate::http::consistency::After;
use crate::http::error::ApiError;
use crate::http::idempotency::IdempotencyKey;
use crate::http::json::ApiJson;
use crate::http::path::ApiPath;
use crate::http::query::{ApiQuery, Paging};
use crate::http::AppState;

/// The idea routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/ideas", post(propose).get(feed))
        .route("/api/v1/ideas/{id}", get(one))
        .route("/api/v1/ideas/{id}/support", post(support))
        .route("/api/v1/ideas/{id}/respond", post(respond))
}

fn stream(id: IdeaId) -> StreamName {
    StreamName::Neighbourhood(NeighbourhoodStream::Idea(id))
}

/// `POST /api/v1/ideas`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProposeBody {
    /// The community (containing your home grid).
    community: JurisdictionCode,
    /// Title (1–60 characters).
    title: String,
    /// The proposal (1–2000 characters).
    body: String,
}

/// `POST …/respond`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RespondBody {
    /// `accepted`, `under_consideration` or `declined`.
    decision: IdeaDecision,
    /// The response (1–1000 characters).
    text: String,
}

#[utoipa::path(post, path = "/api/v1/ideas", tag = "neighbourhood", request_body = ProposeBody,
    responses(
        (status = 201, description = "Proposed", body = Written),
        (status = 403, description = "Not a resident of that community", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Contended", body = crate::http::openapi::ErrorBody),
        (status = 422, description = "A field is out of bounds, or an unknown place", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])))]
pub(crate) async fn propose(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiJson(body): ApiJson<ProposeBody>,
) -> Result<(StatusCode, Json<Written>), ApiError> {
    let actor = principal.act_as(&[Role::Resident])?;
    known_community(&state, &body.community)?;
    member_of(&principal, &body.community)?;
    let id = IdeaId::from_uuid(key.new_id(principal.user, "idea"));
    let command = IdeaCommand::Propose(ProposeIdea {
        idea_id: id,
        community: body.community,
        title: body.title,
        body: body.body,
        by: actor,
        at: state.clock.now(),
    });
    let outcome = run::<Idea>(
        &state.engine,
        stream(id),
        command,
        &key,
        &principal,
        &actor,
        "idea-propose",
    )
    .await?;
    Ok((StatusCode::CREATED, Json(written(*id.as_uuid(), &outcome))))
}

#[utoipa::path(post, path = "/api/v1/ideas/{id}/support", tag = "neighbourhood",
    params(("id" = IdeaId, Path, description = "The idea.")),
    responses(
        (status = 200, description = "+1", body = Written),
        (status = 403, description = "The author, or not of this community", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such idea", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Already supported", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])))]
pub(crate) async fn support(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<IdeaId>,
) -> Result<Json<Written>, ApiError> {
    let actor = principal.act_as(&[Role::Resident])?;
    let idea = load::<Idea, _>(&state, stream(id), "idea.not_found")?;
    member_of(&principal, &idea.community)?;
    let command = IdeaCommand::Support(SupportIdea {
        by: actor,
        at: state.clock.now(),
    });
    let outcome = run::<Idea>(
        &state.engine,
        stream(id),
        command,
        &key,
        &principal,
        &actor,
        "idea-support",
    )
    .await?;
    Ok(Json(written(*id.as_uuid(), &outcome)))
}

#[utoipa::path(post, path = "/api/v1/ideas/{id}/respond", tag = "neighbourhood",
    params(("id" = IdeaId, Path, description = "The idea.")), request_body = RespondBody,
    responses(
        (status = 200, description = "Responded", body = Written),
        (status = 403, description = "Not a cadre or manager in scope", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such idea", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Already accepted or declined", body = crate::http::openapi::ErrorBody),
        (status = 422, description = "Empty or too long text", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])))]
pub(crate) async fn respond(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<IdeaId>,
    ApiJson(body): ApiJson<RespondBody>,
) -> Result<Json<Written>, ApiError> {
    let actor = principal.act_as(&[Role::Manager, Role::Cadre])?;
    let idea = load::<Idea, _>(&state, stream(id), "idea.not_found")?;
    staff_of(&principal, &idea.community)?;
    let command = IdeaCommand::Respond(RespondToIdea {
        decision: body.decision,
        text: body.text,
        by: actor,
        at: state.clock.now(),
    });
    let outcome = run::<Idea>(
        &state.engine,
        stream(id),
        command,
        &key,
        &principal,
        &actor,
        "idea-respond",
    )
    .await?;
    Ok(Json(written(*id.as_uuid(), &outcome)))
}

#[utoipa::path(get, path = "/api/v1/ideas", tag = "neighbourhood", params(FeedQuery, Paging),
    responses(
        (status = 200, description = "Newest first; status is `unanswered`, `accepted`, `under_consideration` or `declined`", body = PageOf<IdeaView>),
        (status = 503, description = "Read models still catching up with `after`", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])))]
pub(crate) async fn feed(
    State(state): State<AppState>,
    _principal: Principal,
    ApiQuery(query): ApiQuery<FeedQuery>,
) -> Result<Json<PageOf<IdeaView>>, ApiError> {
    query.wait(&state).await?;
    Ok(Json(
        state
            .read
            .neighbourhood
            .ideas(&query.filter(), &query.paging.page())?,
    ))
}

#[utoipa::path(get, path = "/api/v1/ideas/{id}", tag = "neighbourhood",
    params(("id" = IdeaId, Path, description = "The idea."), After),
    responses(
        (status = 200, description = "The idea", body = IdeaView),
        (status = 404, description = "No such idea", body = crate::http::openapi::ErrorBody),
        (status = 503, description = "Read models still catching up with `after`", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])))]
pub(crate) async fn one(
    State(state): State<AppState>,
    _principal: Principal,
    ApiPath(id): ApiPath<IdeaId>,
    ApiQuery(after): ApiQuery<After>,
) -> Result<Json<IdeaView>, ApiError> {
    after.wait(&state).await?;
    state
        .read
        .neighbourhood
        .idea(id)?
        .map(Json)
        .ok_or_else(|| missing("idea.not_found"))
}
