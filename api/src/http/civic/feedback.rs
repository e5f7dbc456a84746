//! 意见反馈: residents tell linli's operators what they think of the app (a suggestion, a
//! problem, praise, anything else); managers reply and close it; the resident reads the
//! replies. Feedback is about the service, not a place, so every manager handles it.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use linli_domain::civic::feedback::{
    CloseFeedback, Feedback, FeedbackCommand, FeedbackKind, ReplyToFeedback, SubmitFeedback,
};
use linli_domain::{FeedbackId, MediaId, Role, StreamName};
use linli_projections::models::civic::feedback::FeedbackView;
use linli_projections::PageOf;
use serde::Deserialize;

use super::{check_media_of, not_found, written, ListQuery, Written};
use crate::auth::Principal;
use crate::http::consistency::After;
use crate::http::error::ApiError;
use crate::http::idempotency::IdempotencyKey;
use crate::http::json::ApiJson;
use crate::http::path::ApiPath;
use crate::http::query::{ApiQuery, Paging};
use crate::http::AppState;

/// The feedback routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/feedback", post(submit).get(list))
        .route("/api/v1/me/feedback", get(mine))
        .route("/api/v1/feedback/{id}", get(one))
        .route("/api/v1/feedback/{id}/reply", post(reply))
        .route("/api/v1/feedback/{id}/close", post(close))
}

/// `POST /api/v1/feedback`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubmitBody {
    /// What kind.
    kind: FeedbackKind,
    /// What the resident says (1–1000 characters).
    text: String,
    /// Screenshots the resident uploaded.
    #[serde(default)]
    media: Vec<MediaId>,
}

/// `POST …/reply`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplyBody {
    /// The answer (1–1000 characters).
    text: String,
}

fn managers_or_auditors(principal: &Principal) -> bool {
    principal.has(Role::Manager) || principal.has(Role::Auditor)
}

#[utoipa::path(
    post,
    path = "/api/v1/feedback",
    tag = "feedback",
    request_body = SubmitBody,
    responses(
        (status = 201, description = "Submitted", body = Written),
        (status = 403, description = "Auditors never write", body = crate::http::openapi::ErrorBody),
        (status = 422, description = "Empty or too long; unknown screenshot", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// Gives feedback.
pub async fn submit(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiJson(body): ApiJson<SubmitBody>,
) -> Result<(StatusCode, Json<Written>), ApiError> {
    let actor = principal.act_as(&[Role::Resident])?;
    check_media_of(
        &state,
        &body.media.iter().collect::<Vec<_>>(),
        &[principal.user],
    )?;
    let id = FeedbackId::from_uuid(key.new_id(principal.user, "feedback"));
    let command = FeedbackCommand::Submit(SubmitFeedback {
        feedback_id: id,
        kind: body.kind,
        text: body.text,
        media: body.media,
        by: actor,
        at: state.clock.now(),
    });
    let outcome = state
        .engine
        .execute::<Feedback>(
            StreamName::Feedback(id),
            command,
            key.meta(&actor, principal.user, "feedback"),
        )
        .await?;
    Ok((StatusCode::CREATED, written(*id.as_uuid(), &outcome)))
}

#[utoipa::path(
    post,
    path = "/api/v1/feedback/{id}/reply",
    tag = "feedback",
    params(("id" = FeedbackId, Path, description = "The feedback.")),
    request_body = ReplyBody,
    responses(
        (status = 200, description = "Replied", body = Written),
        (status = 403, description = "Not a manager", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such feedback", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Closed", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// A manager answers.
pub async fn reply(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<FeedbackId>,
    ApiJson(body): ApiJson<ReplyBody>,
) -> Result<Json<Written>, ApiError> {
    let actor = principal.act_as(&[Role::Manager])?;
    let command = FeedbackCommand::Reply(ReplyToFeedback {
        text: body.text,
        by: actor,
        at: state.clock.now(),
    });
    let outcome = state
        .engine
        .execute::<Feedback>(
            StreamName::Feedback(id),
            command,
            key.meta(&actor, principal.user, "reply"),
        )
        .await?;
    Ok(written(*id.as_uuid(), &outcome))
}

#[utoipa::path(
    post,
    path = "/api/v1/feedback/{id}/close",
    tag = "feedback",
    params(("id" = FeedbackId, Path, description = "The feedback.")),
    responses(
        (status = 200, description = "Closed", body = Written),
        (status = 403, description = "Not a manager", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such feedback", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Already closed", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// A manager closes it.
pub async fn close(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<FeedbackId>,
) -> Result<Json<Written>, ApiError> {
    let actor = principal.act_as(&[Role::Manager])?;
    let command = FeedbackCommand::Close(CloseFeedback {
        by: actor,
        at: state.clock.now(),
    });
    let outcome = state
        .engine
        .execute::<Feedback>(
            StreamName::Feedback(id),
            command,
            key.meta(&actor, principal.user, "close"),
        )
        .await?;
    Ok(written(*id.as_uuid(), &outcome))
}

#[utoipa::path(
    get,
    path = "/api/v1/feedback/{id}",
    tag = "feedback",
    params(("id" = FeedbackId, Path, description = "The feedback."), After),
    responses(
        (status = 200, description = "The feedback and its replies: its author, managers, auditors", body = FeedbackView),
        (status = 404, description = "No such feedback, or not yours to see", body = crate::http::openapi::ErrorBody),
        (status = 503, description = "Read models still catching up with `after`", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// One piece of feedback.
pub async fn one(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(id): ApiPath<FeedbackId>,
    ApiQuery(after): ApiQuery<After>,
) -> Result<Json<FeedbackView>, ApiError> {
    after.wait(&state).await?;
    state
        .read
        .civic
        .feedback
        .feedback(id)?
        .filter(|f| f.author == principal.user || managers_or_auditors(&principal))
        .map(Json)
        .ok_or_else(|| not_found("feedback.not_found", "feedback"))
}

#[utoipa::path(
    get,
    path = "/api/v1/me/feedback",
    tag = "feedback",
    params(ListQuery, Paging),
    responses(
        (status = 200, description = "My feedback with replies, newest first", body = PageOf<FeedbackView>),
        (status = 503, description = "Read models still catching up with `after`", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// My feedback.
pub async fn mine(
    State(state): State<AppState>,
    principal: Principal,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Result<Json<PageOf<FeedbackView>>, ApiError> {
    query.wait(&state).await?;
    let keep = |f: &FeedbackView| query.status_matches(&f.status);
    Ok(Json(state.read.civic.feedback.of_author(
        principal.user,
        &query.paging.page(),
        &keep,
    )?))
}

#[utoipa::path(
    get,
    path = "/api/v1/feedback",
    tag = "feedback",
    params(ListQuery, Paging),
    responses(
        (status = 200, description = "Managers and auditors: all feedback, newest first", body = PageOf<FeedbackView>),
        (status = 403, description = "Not a manager or auditor", body = crate::http::openapi::ErrorBody),
        (status = 503, description = "Read models still catching up with `after`", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// Every piece of feedback.
pub async fn list(
    State(state): State<AppState>,
    principal: Principal,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Result<Json<PageOf<FeedbackView>>, ApiError> {
    if !managers_or_auditors(&principal) {
        return Err(ApiError::forbidden("feedback is read by managers"));
    }
    query.wait(&state).await?;
    let keep = |f: &FeedbackView| query.status_matches(&f.status);
    Ok(Json(
        state.read.civic.feedback.all(&query.paging.page(), &keep)?,
    ))
}
