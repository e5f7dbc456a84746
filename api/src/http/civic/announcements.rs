//! 公告: managers publish, edit, pin, unpin and withdraw announcements for a jurisdiction in
//! their scope; every signed-in user reads the feed of the places they belong to (their home
//! grid and every node above it), pinned first.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use linli_domain::civic::announcement::{
    Announcement, AnnouncementCommand, AnnouncementRecord, EditAnnouncement, ManageAnnouncement,
    Pinning, PublishAnnouncement, WithdrawAnnouncement,
};
use linli_domain::civic::{CivicError, Subject};
use linli_domain::{AnnouncementId, DomainError, JurisdictionCode, MediaId, Role, StreamName};
use linli_projections::models::civic::announcements::{AnnouncementStatus, AnnouncementView};
use linli_projections::PageOf;
use serde::Deserialize;

use super::{check_media_of, known_place, written, ListQuery, Written};
use crate::auth::{scope, Principal};
use crate::http::consistency::After;
use crate::http::error::ApiError;
use crate::http::idempotency::IdempotencyKey;
use crate::http::json::ApiJson;
use crate::http::path::ApiPath;
use crate::http::query::{ApiQuery, Paging};
use crate::http::AppState;

/// The announcement routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/announcements", post(publish).get(list))
        .route("/api/v1/announcements/feed", get(feed))
        .route("/api/v1/announcements/{id}", get(one))
        .route("/api/v1/announcements/{id}/edit", post(edit))
        .route("/api/v1/announcements/{id}/pin", post(pin))
        .route("/api/v1/announcements/{id}/unpin", post(unpin))
        .route("/api/v1/announcements/{id}/withdraw", post(withdraw))
}

/// `POST /api/v1/announcements`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PublishBody {
    /// Who it is for: this node and everything below it; within the manager's scope.
    jurisdiction: JurisdictionCode,
    /// The headline (1–80 characters).
    title: String,
    /// The text (1–5000 characters).
    body: String,
    /// Pictures the manager uploaded.
    #[serde(default)]
    media: Vec<MediaId>,
    /// Shown above the others from the start.
    #[serde(default)]
    pinned: bool,
}

/// `POST …/edit`: the whole new content.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EditBody {
    /// The new headline.
    title: String,
    /// The new text.
    body: String,
    /// The new pictures.
    #[serde(default)]
    media: Vec<MediaId>,
}

/// `POST …/withdraw`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WithdrawBody {
    /// Why, shown to staff.
    #[serde(default)]
    reason: Option<String>,
}

/// A manager whose scope covers the place.
fn manager_for(
    principal: &Principal,
    place: &JurisdictionCode,
) -> Result<linli_domain::Actor, ApiError> {
    let actor = principal.act_as(&[Role::Manager])?;
    if !principal.record.covers(Role::Manager, place) {
        return Err(ApiError::forbidden(format!(
            "{place} is outside your jurisdictions"
        )));
    }
    Ok(actor)
}

fn existing(state: &AppState, id: AnnouncementId) -> Result<AnnouncementRecord, ApiError> {
    state
        .engine
        .load::<Announcement>(StreamName::Announcement(id))?
        .state
        .ok_or_else(|| DomainError::from(CivicError::NotFound(Subject::Announcement)).into())
}

#[utoipa::path(
    post,
    path = "/api/v1/announcements",
    tag = "announcements",
    request_body = PublishBody,
    responses(
        (status = 201, description = "Published", body = Written),
        (status = 403, description = "Not a manager of that place", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Contended", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// Publishes an announcement.
pub async fn publish(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiJson(body): ApiJson<PublishBody>,
) -> Result<(StatusCode, Json<Written>), ApiError> {
    let actor = manager_for(&principal, &body.jurisdiction)?;
    known_place(&state, &body.jurisdiction)?;
    check_media_of(
        &state,
        &body.media.iter().collect::<Vec<_>>(),
        &[principal.user],
    )?;
    let id = AnnouncementId::from_uuid(key.new_id(principal.user, "announcement"));
    let command = AnnouncementCommand::Publish(PublishAnnouncement {
        announcement_id: id,
        jurisdiction: body.jurisdiction,
        title: body.title,
        body: body.body,
        media: body.media,
        pinned: if body.pinned {
            Pinning::Pinned
        } else {
            Pinning::Normal
        },
        by: actor,
        at: state.clock.now(),
    });
    let outcome = state
        .engine
        .execute::<Announcement>(
            StreamName::Announcement(id),
            command,
            key.meta(&actor, principal.user, "announcement"),
        )
        .await?;
    Ok((StatusCode::CREATED, written(*id.as_uuid(), &outcome)))
}

async fn manage(
    state: &AppState,
    principal: &Principal,
    key: &IdempotencyKey,
    id: AnnouncementId,
    step: &str,
    command: impl FnOnce(linli_domain::Actor, chrono::DateTime<chrono::Utc>) -> AnnouncementCommand,
) -> Result<Json<Written>, ApiError> {
    let record = existing(state, id)?;
    let actor = manager_for(principal, &record.jurisdiction)?;
    let outcome = state
        .engine
        .execute::<Announcement>(
            StreamName::Announcement(id),
            command(actor, state.clock.now()),
            key.meta(&actor, principal.user, step),
        )
        .await?;
    Ok(written(*id.as_uuid(), &outcome))
}

#[utoipa::path(
    post,
    path = "/api/v1/announcements/{id}/edit",
    tag = "announcements",
    params(("id" = AnnouncementId, Path, description = "The announcement.")),
    request_body = EditBody,
    responses(
        (status = 200, description = "Edited", body = Written),
        (status = 403, description = "Not a manager of its place", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such announcement", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Withdrawn", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// Replaces an announcement's content.
pub async fn edit(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<AnnouncementId>,
    ApiJson(body): ApiJson<EditBody>,
) -> Result<Json<Written>, ApiError> {
    check_media_of(
        &state,
        &body.media.iter().collect::<Vec<_>>(),
        &[principal.user],
    )?;
    manage(&state, &principal, &key, id, "edit", |by, at| {
        AnnouncementCommand::Edit(EditAnnouncement {
            title: body.title,
            body: body.body,
            media: body.media,
            by,
            at,
        })
    })
    .await
}

#[utoipa::path(
    post,
    path = "/api/v1/announcements/{id}/pin",
    tag = "announcements",
    params(("id" = AnnouncementId, Path, description = "The announcement.")),
    responses(
        (status = 200, description = "Pinned (`unchanged` if it already was)", body = Written),
        (status = 403, description = "Not a manager of its place", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such announcement", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Withdrawn", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// Shows an announcement above the others.
pub async fn pin(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<AnnouncementId>,
) -> Result<Json<Written>, ApiError> {
    manage(&state, &principal, &key, id, "pin", |by, at| {
        AnnouncementCommand::Pin(ManageAnnouncement { by, at })
    })
    .await
}

#[utoipa::path(
    post,
    path = "/api/v1/announcements/{id}/unpin",
    tag = "announcements",
    params(("id" = AnnouncementId, Path, description = "The announcement.")),
    responses(
        (status = 200, description = "Unpinned (`unchanged` if it was not pinned)", body = Written),
        (status = 403, description = "Not a manager of its place", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such announcement", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Withdrawn", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// Puts an announcement back in date order.
pub async fn unpin(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<AnnouncementId>,
) -> Result<Json<Written>, ApiError> {
    manage(&state, &principal, &key, id, "unpin", |by, at| {
        AnnouncementCommand::Unpin(ManageAnnouncement { by, at })
    })
    .await
}

#[utoipa::path(
    post,
    path = "/api/v1/announcements/{id}/withdraw",
    tag = "announcements",
    params(("id" = AnnouncementId, Path, description = "The announcement.")),
    request_body = WithdrawBody,
    responses(
        (status = 200, description = "Withdrawn", body = Written),
        (status = 403, description = "Not a manager of its place", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such announcement", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Already withdrawn", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// Takes an announcement down.
pub async fn withdraw(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<AnnouncementId>,
    ApiJson(body): ApiJson<WithdrawBody>,
) -> Result<Json<Written>, ApiError> {
    let reason = body.reason;
    manage(&state, &principal, &key, id, "withdraw", |by, at| {
        AnnouncementCommand::Withdraw(WithdrawAnnouncement { reason, by, at })
    })
    .await
}

/// Whose feed.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FeedQuery {
    /// Read-your-writes.
    after: Option<u64>,
    /// The place to read for; defaults to the signed-in user's home grid.
    place: Option<JurisdictionCode>,
    /// Documented as its own parameter set (`Paging`).
    #[serde(flatten)]
    #[param(ignore)]
    paging: Paging,
}

#[utoipa::path(
    get,
    path = "/api/v1/announcements/feed",
    tag = "announcements",
    params(FeedQuery, Paging),
    responses(
        (status = 200, description = "Published announcements for the place and every node above it, pinned first, then newest", body = PageOf<AnnouncementView>),
        (status = 422, description = "No place given and no home grid set", body = crate::http::openapi::ErrorBody),
        (status = 503, description = "Read models still catching up with `after`", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// A resident's announcement feed.
pub async fn feed(
    State(state): State<AppState>,
    principal: Principal,
    ApiQuery(query): ApiQuery<FeedQuery>,
) -> Result<Json<PageOf<AnnouncementView>>, ApiError> {
    After { after: query.after }.wait(&state).await?;
    let place = query
        .place
        .or(principal.record.profile.home_grid)
        .ok_or_else(|| {
            ApiError::invalid(
                "announcement.no_place",
                "pass ?place= or set your home grid in your profile",
            )
        })?;
    let places: Vec<JurisdictionCode> = place.self_and_ancestors().collect();
    Ok(Json(
        state
            .read
            .civic
            .announcements
            .feed(&places, &query.paging.page())?,
    ))
}

#[utoipa::path(
    get,
    path = "/api/v1/announcements",
    tag = "announcements",
    params(ListQuery, Paging),
    responses(
        (status = 200, description = "Staff: every announcement of the places they oversee, newest first, withdrawn ones too", body = PageOf<AnnouncementView>),
        (status = 403, description = "Residents read the feed instead", body = crate::http::openapi::ErrorBody),
        (status = 503, description = "Read models still catching up with `after`", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// The staff list of announcements.
pub async fn list(
    State(state): State<AppState>,
    principal: Principal,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Result<Json<PageOf<AnnouncementView>>, ApiError> {
    staff_only(&principal)?;
    query.wait(&state).await?;
    let keep = |v: &AnnouncementView| {
        query.status_matches(&v.status) && oversees(&principal, &v.jurisdiction)
    };
    Ok(Json(
        state
            .read
            .civic
            .announcements
            .all(&query.paging.page(), &keep)?,
    ))
}

/// Cadres, managers and auditors.
pub(crate) fn staff_only(principal: &Principal) -> Result<(), ApiError> {
    if [Role::Cadre, Role::Manager, Role::Auditor]
        .iter()
        .any(|r| principal.has(*r))
    {
        Ok(())
    } else {
        Err(ApiError::forbidden("this list is for staff"))
    }
}

/// May the principal oversee the place written as text in a view?
pub(crate) fn oversees(principal: &Principal, place: &str) -> bool {
    place
        .parse::<JurisdictionCode>()
        .is_ok_and(|code| scope::may_oversee(principal, &code))
}

#[utoipa::path(
    get,
    path = "/api/v1/announcements/{id}",
    tag = "announcements",
    params(("id" = AnnouncementId, Path, description = "The announcement."), After),
    responses(
        (status = 200, description = "Published: anyone signed in; withdrawn: staff of its place", body = AnnouncementView),
        (status = 404, description = "No such announcement", body = crate::http::openapi::ErrorBody),
        (status = 503, description = "Read models still catching up with `after`", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// One announcement.
pub async fn one(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(id): ApiPath<AnnouncementId>,
    ApiQuery(after): ApiQuery<After>,
) -> Result<Json<AnnouncementView>, ApiError> {
    after.wait(&state).await?;
    state
        .read
        .civic
        .announcements
        .announcement(id)?
        .filter(|v| {
            v.status == AnnouncementStatus::Published || oversees(&principal, &v.jurisdiction)
        })
        .map(Json)
        .ok_or_else(|| super::not_found("announcement.not_found", "announcement"))
}
