//! 点赞鼓励: residents praise cadres; anyone signed in reads the praise and likes or
//! comments. Encouragements are public by nature (they are thanks, shown on the cadre's
//! page and the data screen).

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use linli_domain::encouragement::{
    CommentOnEncouragement, Encouragement, EncouragementCommand, LikeEncouragement,
    PostEncouragement,
};
use linli_domain::{EncouragementId, MediaId, Role, StreamName, UserId};
use linli_engine::CommandOutcome;
use linli_projections::models::encouragements::EncouragementView;
use linli_projections::PageOf;
use serde::{Deserialize, Serialize};

use super::consistency::After;
use super::error::ApiError;
use super::idempotency::IdempotencyKey;
use super::json::ApiJson;
use super::path::ApiPath;
use super::query::{ApiQuery, Paging};
use super::AppState;
use crate::auth::Principal;

/// The encouragement routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/encouragements", post(post_one))
        .route("/api/v1/encouragements/{id}", get(one))
        .route("/api/v1/encouragements/{id}/like", post(like))
        .route("/api/v1/encouragements/{id}/comments", post(comment))
        .route("/api/v1/cadres/{id}/encouragements", get(for_cadre))
}

/// `POST /api/v1/encouragements`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PostBody {
    /// The cadre being thanked.
    cadre: UserId,
    /// The words of thanks.
    text: String,
    /// Photos (a banner, a thank-you note).
    #[serde(default)]
    media: Vec<MediaId>,
}

/// `POST …/comments`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CommentBody {
    /// The comment.
    text: String,
}

/// What an encouragement command answers.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Written {
    /// The encouragement.
    id: EncouragementId,
    /// Log position, for `?after=`.
    position: u64,
    /// `fresh`, `duplicate` or `unchanged`.
    #[schema(value_type = String, pattern = "^(fresh|duplicate|unchanged)$")]
    replay: &'static str,
}

fn written<E>(id: EncouragementId, outcome: &CommandOutcome<E>) -> Json<Written> {
    Json(Written {
        id,
        position: outcome.position.0,
        replay: crate::http::idempotency::replay_label(outcome.replay),
    })
}

#[utoipa::path(
    post,
    path = "/api/v1/encouragements",
    tag = "encouragements",
    request_body = PostBody,
    responses(
        (status = 201, description = "Posted", body = Written),
        (status = 403, description = "Auditors never write; cadres cannot praise themselves", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such encouragement or cadre", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Contended", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
async fn post_one(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiJson(body): ApiJson<PostBody>,
) -> Result<(StatusCode, Json<Written>), ApiError> {
    let actor = principal.act_as(&[Role::Resident])?;
    let posted = state.read.directory.state()?;
    if posted.posts_of(body.cadre).is_empty() {
        return Err(ApiError::invalid(
            "encouragement.unknown_cadre",
            "that person is not a cadre posted in the directory",
        ));
    }
    for media in &body.media {
        if state.media.meta(media)?.is_none() {
            return Err(ApiError::invalid(
                "media.unknown",
                format!("media {media} was not uploaded"),
            ));
        }
    }
    let id = EncouragementId::from_uuid(key.new_id(principal.user, "encouragement"));
    let command = EncouragementCommand::Post(PostEncouragement {
        encouragement_id: id,
        cadre: body.cadre,
        text: body.text,
        media: body.media,
        by: actor,
        at: state.clock.now(),
    });
    let outcome = state
        .engine
        .execute::<Encouragement>(
            StreamName::Encouragement(id),
            command,
            key.meta(&actor, principal.user, "encourage"),
        )
        .await?;
    Ok((StatusCode::CREATED, written(id, &outcome)))
}

#[utoipa::path(
    post,
    path = "/api/v1/encouragements/{id}/like",
    tag = "encouragements",
    params(("id" = EncouragementId, Path, description = "The encouragement.")),
    responses(
        (status = 200, description = "Liked (once per person)", body = Written),
        (status = 403, description = "Auditors never write; cadres cannot praise themselves", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such encouragement or cadre", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Contended", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
async fn like(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<EncouragementId>,
) -> Result<Json<Written>, ApiError> {
    let actor = principal.act_as(&[Role::Resident, Role::Cadre, Role::Manager])?;
    let command = EncouragementCommand::Like(LikeEncouragement {
        by: actor,
        at: state.clock.now(),
    });
    let outcome = state
        .engine
        .execute::<Encouragement>(
            StreamName::Encouragement(id),
            command,
            key.meta(&actor, principal.user, "like"),
        )
        .await?;
    Ok(written(id, &outcome))
}

#[utoipa::path(
    post,
    path = "/api/v1/encouragements/{id}/comments",
    tag = "encouragements",
    params(("id" = EncouragementId, Path, description = "The encouragement.")),
    request_body = CommentBody,
    responses(
        (status = 200, description = "Commented", body = Written),
        (status = 403, description = "Auditors never write; cadres cannot praise themselves", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such encouragement or cadre", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Contended", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
async fn comment(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<EncouragementId>,
    ApiJson(body): ApiJson<CommentBody>,
) -> Result<Json<Written>, ApiError> {
    let actor = principal.act_as(&[Role::Resident, Role::Cadre, Role::Manager])?;
    let command = EncouragementCommand::Comment(CommentOnEncouragement {
        text: body.text,
        by: actor,
        at: state.clock.now(),
    });
    let outcome = state
        .engine
        .execute::<Encouragement>(
            StreamName::Encouragement(id),
            command,
            key.meta(&actor, principal.user, "comment"),
        )
        .await?;
    Ok(written(id, &outcome))
}

#[utoipa::path(
    get,
    path = "/api/v1/encouragements/{id}",
    tag = "encouragements",
    params(("id" = EncouragementId, Path, description = "The encouragement."), After),
    responses(
        (status = 200, description = "The encouragement", body = EncouragementView),
        (status = 404, description = "No such encouragement", body = crate::http::openapi::ErrorBody),
        (status = 503, description = "Read models still catching up with `after`", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
async fn one(
    State(state): State<AppState>,
    _principal: Principal,
    ApiPath(id): ApiPath<EncouragementId>,
    ApiQuery(after): ApiQuery<After>,
) -> Result<Json<EncouragementView>, ApiError> {
    after.wait(&state).await?;
    state
        .read
        .encouragements
        .encouragement(id)?
        .map(Json)
        .ok_or_else(|| ApiError {
            status: StatusCode::NOT_FOUND,
            code: "encouragement.not_found",
            message: "no such encouragement".into(),
            details: serde_json::Value::Null,
        })
}

/// Paging and read-your-writes for the feed.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FeedQuery {
    /// Read-your-writes.
    after: Option<u64>,
    /// Documented as its own parameter set (`Paging`).
    #[serde(flatten)]
    #[param(ignore)]
    paging: Paging,
}

#[utoipa::path(
    get,
    path = "/api/v1/cadres/{id}/encouragements",
    tag = "encouragements",
    params(("id" = UserId, Path, description = "The cadre."), FeedQuery, Paging),
    responses(
        (status = 200, description = "Newest first", body = PageOf<EncouragementView>),
        (status = 503, description = "Read models still catching up with `after`", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
async fn for_cadre(
    State(state): State<AppState>,
    _principal: Principal,
    ApiPath(cadre): ApiPath<UserId>,
    ApiQuery(query): ApiQuery<FeedQuery>,
) -> Result<Json<PageOf<EncouragementView>>, ApiError> {
    After { after: query.after }.wait(&state).await?;
    Ok(Json(
        state
            .read
            .encouragements
            .for_cadre(cadre, &query.paging.page())?,
    ))
}
