//! 办事指南: managers configure the application types residents can file online, each with
//! its guide text and required materials; everyone signed in reads them.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use linli_domain::civic::guide::{
    DefineGuide, Guide, GuideCommand, GuideContent, RetireGuide, ReviseGuide,
};
use linli_domain::{GuideId, Role, StreamName};
use linli_projections::models::civic::applications::GuideView;
use linli_projections::PageOf;
use serde::Deserialize;

use super::{written, Written};
use crate::auth::Principal;
use crate::http::consistency::After;
use crate::http::error::ApiError;
use crate::http::idempotency::IdempotencyKey;
use crate::http::json::ApiJson;
use crate::http::path::ApiPath;
use crate::http::query::{ApiQuery, Paging};
use crate::http::AppState;

/// The guide routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/guides", post(define).get(list))
        .route("/api/v1/guides/{id}", get(one))
        .route("/api/v1/guides/{id}/revise", post(revise))
        .route("/api/v1/guides/{id}/retire", post(retire))
}

/// A guide's content.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GuideBody {
    /// The application type, e.g. 居住证办理 (1–60 characters).
    name: String,
    /// How to apply (1–5000 characters).
    text: String,
    /// The materials an application must carry, by name (at most 20, distinct).
    materials: Vec<String>,
}

impl GuideBody {
    fn content(self) -> GuideContent {
        GuideContent {
            name: self.name,
            text: self.text,
            materials: self.materials,
        }
    }
}

#[utoipa::path(
    post,
    path = "/api/v1/guides",
    tag = "applications",
    request_body = GuideBody,
    responses(
        (status = 201, description = "Defined", body = Written),
        (status = 403, description = "Not a manager", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// Defines an application type.
pub async fn define(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiJson(body): ApiJson<GuideBody>,
) -> Result<(StatusCode, Json<Written>), ApiError> {
    let actor = principal.act_as(&[Role::Manager])?;
    let id = GuideId::from_uuid(key.new_id(principal.user, "guide"));
    let command = GuideCommand::Define(DefineGuide {
        guide_id: id,
        content: body.content(),
        by: actor,
        at: state.clock.now(),
    });
    let outcome = state
        .engine
        .execute::<Guide>(
            StreamName::Guide(id),
            command,
            key.meta(&actor, principal.user, "guide"),
        )
        .await?;
    Ok((StatusCode::CREATED, written(*id.as_uuid(), &outcome)))
}

#[utoipa::path(
    post,
    path = "/api/v1/guides/{id}/revise",
    tag = "applications",
    params(("id" = GuideId, Path, description = "The guide.")),
    request_body = GuideBody,
    responses(
        (status = 200, description = "Revised (applications already filed keep what they were filed under)", body = Written),
        (status = 403, description = "Not a manager", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such guide", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Retired", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// Revises an application type.
pub async fn revise(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<GuideId>,
    ApiJson(body): ApiJson<GuideBody>,
) -> Result<Json<Written>, ApiError> {
    let actor = principal.act_as(&[Role::Manager])?;
    let command = GuideCommand::Revise(ReviseGuide {
        content: body.content(),
        by: actor,
        at: state.clock.now(),
    });
    let outcome = state
        .engine
        .execute::<Guide>(
            StreamName::Guide(id),
            command,
            key.meta(&actor, principal.user, "revise"),
        )
        .await?;
    Ok(written(*id.as_uuid(), &outcome))
}

#[utoipa::path(
    post,
    path = "/api/v1/guides/{id}/retire",
    tag = "applications",
    params(("id" = GuideId, Path, description = "The guide.")),
    responses(
        (status = 200, description = "Retired: no new applications", body = Written),
        (status = 403, description = "Not a manager", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such guide", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Already retired", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// Retires an application type.
pub async fn retire(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<GuideId>,
) -> Result<Json<Written>, ApiError> {
    let actor = principal.act_as(&[Role::Manager])?;
    let command = GuideCommand::Retire(RetireGuide {
        by: actor,
        at: state.clock.now(),
    });
    let outcome = state
        .engine
        .execute::<Guide>(
            StreamName::Guide(id),
            command,
            key.meta(&actor, principal.user, "retire"),
        )
        .await?;
    Ok(written(*id.as_uuid(), &outcome))
}

/// Which guides.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GuidesQuery {
    /// Read-your-writes.
    after: Option<u64>,
    /// Also list retired guides.
    #[serde(default)]
    include_retired: bool,
    /// Documented as its own parameter set (`Paging`).
    #[serde(flatten)]
    #[param(ignore)]
    paging: Paging,
}

#[utoipa::path(
    get,
    path = "/api/v1/guides",
    tag = "applications",
    params(GuidesQuery, Paging),
    responses(
        (status = 200, description = "The application types", body = PageOf<GuideView>),
        (status = 503, description = "Read models still catching up with `after`", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// The application types.
pub async fn list(
    State(state): State<AppState>,
    _principal: Principal,
    ApiQuery(query): ApiQuery<GuidesQuery>,
) -> Result<Json<PageOf<GuideView>>, ApiError> {
    After { after: query.after }.wait(&state).await?;
    let keep = |g: &GuideView| query.include_retired || !g.retired;
    Ok(Json(
        state
            .read
            .civic
            .applications
            .guides(&query.paging.page(), &keep)?,
    ))
}

#[utoipa::path(
    get,
    path = "/api/v1/guides/{id}",
    tag = "applications",
    params(("id" = GuideId, Path, description = "The guide."), After),
    responses(
        (status = 200, description = "The guide", body = GuideView),
        (status = 404, description = "No such guide", body = crate::http::openapi::ErrorBody),
        (status = 503, description = "Read models still catching up with `after`", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// One application type.
pub async fn one(
    State(state): State<AppState>,
    _principal: Principal,
    ApiPath(id): ApiPath<GuideId>,
    ApiQuery(after): ApiQuery<After>,
) -> Result<Json<GuideView>, ApiError> {
    after.wait(&state).await?;
    state
        .read
        .civic
        .applications
        .guide(id)?
        .map(Json)
        .ok_or_else(|| super::not_found("guide.not_found", "guide"))
}
