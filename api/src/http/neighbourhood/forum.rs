//! The forum: residents post and comment in their community; cadres and managers in scope
//! hide (with a reason) and restore. Hidden text stays in the log; readers other than the
//! author and the moderators in scope get `null` for it and no reason (a placeholder).

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use linli_domain::neighbourhood::forum::*;
use linli_domain::neighbourhood::{NeighbourhoodStream, PostId};
use linli_domain::{JurisdictionCode, MediaId, Role, StreamName};
use linli_projections::models::neighbourhood::{CommentView, PostView};
use linli_projections::PageOf;
use serde::Deserialize;

use super::{known_community, load, member_of, missing, oversees, run, staff_of, written};
use super::{FeedQuery, Written};
use crate::auth::Principal;
use crate::http::consistency::After;
use crate::http::error::ApiError;
use crate::http::idempotency::IdempotencyKey;
use crate::http::json::ApiJson;
use crate::http::path::ApiPath;
use crate::http::query::{ApiQuery, Paging};
use crate::http::AppState;

/// The forum routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/forum/posts", post(publish).get(feed))
        .route("/api/v1/forum/posts/{id}", get(one))
        .route(
            "/api/v1/forum/posts/{id}/comments",
            post(comment).get(comments),
        )
        .route("/api/v1/forum/posts/{id}/hide", post(hide))
        .route("/api/v1/forum/posts/{id}/restore", post(restore))
}

fn stream(id: PostId) -> StreamName {
    StreamName::Neighbourhood(NeighbourhoodStream::Post(id))
}

/// `POST /api/v1/forum/posts`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PublishBody {
    /// The community (containing your home grid).
    community: JurisdictionCode,
    /// Title (1–60 characters).
    title: String,
    /// Text (1–2000 characters).
    body: String,
    /// Uploaded photos.
    #[serde(default)]
    media: Vec<MediaId>,
}

/// `POST …/comments`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CommentBody {
    /// The comment (1–500 characters).
    text: String,
}

/// `POST …/hide`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HideBody {
    /// A comment's number; absent to hide the post itself.
    #[schema(minimum = 1)]
    comment: Option<u32>,
    /// Why (1–200 characters), shown to the author and moderators.
    reason: String,
}

/// `POST …/restore`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RestoreBody {
    /// A comment's number; absent to restore the post itself.
    #[schema(minimum = 1)]
    comment: Option<u32>,
}

fn target(comment: Option<u32>) -> Target {
    comment.map_or(Target::Post, |number| Target::Comment { number })
}

#[utoipa::path(post, path = "/api/v1/forum/posts", tag = "neighbourhood", request_body = PublishBody,
    responses(
        (status = 201, description = "Published", body = Written),
        (status = 403, description = "Not a resident of that community", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Contended", body = crate::http::openapi::ErrorBody),
        (status = 422, description = "A field is out of bounds, or an unknown place or photo", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])))]
pub(crate) async fn publish(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiJson(body): ApiJson<PublishBody>,
) -> Result<(StatusCode, Json<Written>), ApiError> {
    let actor = principal.act_as(&[Role::Resident])?;
    known_community(&state, &body.community)?;
    member_of(&principal, &body.community)?;
    for media in &body.media {
        if state.media.meta(media)?.is_none() {
            return Err(ApiError::invalid(
                "media.unknown",
                format!("media {media} was not uploaded"),
            ));
        }
    }
    let id = PostId::from_uuid(key.new_id(principal.user, "forum-post"));
    let command = ForumCommand::Publish(PublishPost {
        post_id: id,
        community: body.community,
        title: body.title,
        body: body.body,
        media: body.media,
        by: actor,
        at: state.clock.now(),
    });
    let outcome = run::<ForumPost>(
        &state.engine,
        stream(id),
        command,
        &key,
        &principal,
        &actor,
        "forum-publish",
    )
    .await?;
    Ok((StatusCode::CREATED, Json(written(*id.as_uuid(), &outcome))))
}

#[utoipa::path(post, path = "/api/v1/forum/posts/{id}/comments", tag = "neighbourhood",
    params(("id" = PostId, Path, description = "The post.")), request_body = CommentBody,
    responses(
        (status = 200, description = "Commented", body = Written),
        (status = 403, description = "Not of this community", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such post", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "The post is hidden", body = crate::http::openapi::ErrorBody),
        (status = 422, description = "Empty or too long", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])))]
pub(crate) async fn comment(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<PostId>,
    ApiJson(body): ApiJson<CommentBody>,
) -> Result<Json<Written>, ApiError> {
    let post = load::<ForumPost, _>(&state, stream(id), "forum.not_found")?;
    let actor = if oversees(&principal, &post.community) {
        principal.act_as(&[Role::Cadre, Role::Manager])?
    } else {
        member_of(&principal, &post.community)?;
        principal.act_as(&[Role::Resident])?
    };
    let command = ForumCommand::Comment(CommentOnPost {
        text: body.text,
        by: actor,
        at: state.clock.now(),
    });
    let outcome = run::<ForumPost>(
        &state.engine,
        stream(id),
        command,
        &key,
        &principal,
        &actor,
        "forum-comment",
    )
    .await?;
    Ok(Json(written(*id.as_uuid(), &outcome)))
}

async fn moderate(
    state: &AppState,
    principal: &Principal,
    key: &IdempotencyKey,
    id: PostId,
    make: impl FnOnce(linli_domain::Actor) -> ForumCommand,
    step: &str,
) -> Result<Json<Written>, ApiError> {
    let actor = principal.act_as(&[Role::Manager, Role::Cadre])?;
    let post = load::<ForumPost, _>(state, stream(id), "forum.not_found")?;
    staff_of(principal, &post.community)?;
    let outcome = run::<ForumPost>(
        &state.engine,
        stream(id),
        make(actor),
        key,
        principal,
        &actor,
        step,
    )
    .await?;
    Ok(Json(written(*id.as_uuid(), &outcome)))
}

#[utoipa::path(post, path = "/api/v1/forum/posts/{id}/hide", tag = "neighbourhood",
    params(("id" = PostId, Path, description = "The post.")), request_body = HideBody,
    responses(
        (status = 200, description = "Hidden; the text stays in the log", body = Written),
        (status = 403, description = "Not a cadre or manager in scope", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such post or comment", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Already hidden", body = crate::http::openapi::ErrorBody),
        (status = 422, description = "Empty or too long reason", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])))]
pub(crate) async fn hide(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<PostId>,
    ApiJson(body): ApiJson<HideBody>,
) -> Result<Json<Written>, ApiError> {
    let at = state.clock.now();
    moderate(
        &state,
        &principal,
        &key,
        id,
        |by| {
            ForumCommand::Hide(HideContent {
                target: target(body.comment),
                reason: body.reason,
                by,
                at,
            })
        },
        "forum-hide",
    )
    .await
}

#[utoipa::path(post, path = "/api/v1/forum/posts/{id}/restore", tag = "neighbourhood",
    params(("id" = PostId, Path, description = "The post.")), request_body = RestoreBody,
    responses(
        (status = 200, description = "Visible again", body = Written),
        (status = 403, description = "Not a cadre or manager in scope", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such post or comment", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Not hidden", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])))]
pub(crate) async fn restore(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<PostId>,
    ApiJson(body): ApiJson<RestoreBody>,
) -> Result<Json<Written>, ApiError> {
    let at = state.clock.now();
    moderate(
        &state,
        &principal,
        &key,
        id,
        |by| {
            ForumCommand::Restore(RestoreContent {
                target: target(body.comment),
                by,
                at,
            })
        },
        "forum-restore",
    )
    .await
}

/// Hidden text is for the author and the moderators in scope only.
fn redact_post(principal: &Principal, mut post: PostView) -> PostView {
    if post.hidden.is_some()
        && post.author != principal.user
        && !oversees(principal, &post.community)
    {
        post.title = None;
        post.body = None;
        if let Some(h) = post.hidden.as_mut() {
            h.reason = None;
        }
    }
    post
}

fn redact_comment(
    principal: &Principal,
    community: &JurisdictionCode,
    mut c: CommentView,
) -> CommentView {
    if c.hidden.is_some() && c.author != principal.user && !oversees(principal, community) {
        c.text = None;
        if let Some(h) = c.hidden.as_mut() {
            h.reason = None;
        }
    }
    c
}

#[utoipa::path(get, path = "/api/v1/forum/posts", tag = "neighbourhood", params(FeedQuery, Paging),
    responses(
        (status = 200, description = "Newest first; status is `visible` or `hidden`", body = PageOf<PostView>),
        (status = 503, description = "Read models still catching up with `after`", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])))]
pub(crate) async fn feed(
    State(state): State<AppState>,
    principal: Principal,
    ApiQuery(query): ApiQuery<FeedQuery>,
) -> Result<Json<PageOf<PostView>>, ApiError> {
    query.wait(&state).await?;
    let page = state
        .read
        .neighbourhood
        .posts(&query.filter(), &query.paging.page())?;
    Ok(Json(PageOf {
        items: page
            .items
            .into_iter()
            .map(|p| redact_post(&principal, p))
            .collect(),
        next: page.next,
    }))
}

#[utoipa::path(get, path = "/api/v1/forum/posts/{id}", tag = "neighbourhood",
    params(("id" = PostId, Path, description = "The post."), After),
    responses(
        (status = 200, description = "The post", body = PostView),
        (status = 404, description = "No such post", body = crate::http::openapi::ErrorBody),
        (status = 503, description = "Read models still catching up with `after`", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])))]
pub(crate) async fn one(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(id): ApiPath<PostId>,
    ApiQuery(after): ApiQuery<After>,
) -> Result<Json<PostView>, ApiError> {
    after.wait(&state).await?;
    let post = state
        .read
        .neighbourhood
        .post(id)?
        .ok_or_else(|| missing("forum.not_found"))?;
    Ok(Json(redact_post(&principal, post)))
}

/// Paging and read-your-writes for comments.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CommentsQuery {
    /// Read-your-writes.
    after: Option<u64>,
    /// Documented as its own parameter set (`Paging`).
    #[serde(flatten)]
    #[param(ignore)]
    paging: Paging,
}

#[utoipa::path(get, path = "/api/v1/forum/posts/{id}/comments", tag = "neighbourhood",
    params(("id" = PostId, Path, description = "The post."), CommentsQuery, Paging),
    responses(
        (status = 200, description = "Oldest first", body = PageOf<CommentView>),
        (status = 404, description = "No such post", body = crate::http::openapi::ErrorBody),
        (status = 503, description = "Read models still catching up with `after`", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])))]
pub(crate) async fn comments(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(id): ApiPath<PostId>,
    ApiQuery(query): ApiQuery<CommentsQuery>,
) -> Result<Json<PageOf<CommentView>>, ApiError> {
    After { after: query.after }.wait(&state).await?;
    let post = state
        .read
        .neighbourhood
        .post(id)?
        .ok_or_else(|| missing("forum.not_found"))?;
    let page = state
        .read
        .neighbourhood
        .comments(id, &query.paging.page())?;
    Ok(Json(PageOf {
        items: page
            .items
            .into_iter()
            .map(|c| redact_comment(&principal, &post.community, c))
            .collect(),
        next: page.next,
    }))
}
