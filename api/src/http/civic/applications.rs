//! 网上办事: a resident applies under a handling guide with the materials it asks for; a
//! cadre or manager whose scope covers the application's place asks for more, approves or
//! rejects; the applicant follows the timeline. Only the applicant, the staff of its place
//! and auditors see an application (anyone else gets 404), and its files only in that
//! context (`GET /api/v1/media/{id}?application=`).

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use linli_domain::civic::application::{
    Application, ApplicationCommand, ApplicationRecord, ApproveApplication, GuideSnapshot,
    Material, RejectApplication, RequestMaterials, SubmitApplication, SupplyMaterials,
    WithdrawApplication,
};
use linli_domain::civic::guide::Guide;
use linli_domain::{Actor, ApplicationId, GuideId, JurisdictionCode, MediaId, Role, StreamName};
use linli_projections::models::civic::applications::ApplicationView;
use linli_projections::PageOf;
use serde::Deserialize;

use super::announcements::{oversees, staff_only};
use super::{check_media_of, not_found, place_of, written, ListQuery, Written};
use crate::auth::{scope, Principal};
use crate::http::consistency::After;
use crate::http::error::ApiError;
use crate::http::idempotency::IdempotencyKey;
use crate::http::json::ApiJson;
use crate::http::path::ApiPath;
use crate::http::query::{ApiQuery, Paging};
use crate::http::AppState;

/// The application routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/applications", post(submit).get(list))
        .route("/api/v1/me/applications", get(mine))
        .route("/api/v1/applications/{id}", get(one))
        .route(
            "/api/v1/applications/{id}/request-materials",
            post(request_materials),
        )
        .route(
            "/api/v1/applications/{id}/supply-materials",
            post(supply_materials),
        )
        .route("/api/v1/applications/{id}/approve", post(approve))
        .route("/api/v1/applications/{id}/reject", post(reject))
        .route("/api/v1/applications/{id}/withdraw", post(withdraw))
}

/// `POST /api/v1/applications`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubmitBody {
    /// The application type.
    guide: GuideId,
    /// Every material the guide requires, each with the files the applicant uploaded.
    materials: Vec<Material>,
    /// Anything to add.
    #[serde(default)]
    note: Option<String>,
    /// Where it is handled; defaults to the applicant's home grid.
    #[serde(default)]
    jurisdiction: Option<JurisdictionCode>,
}

/// `POST …/request-materials`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RequestMaterialsBody {
    /// The names of the materials wanted.
    materials: Vec<String>,
    /// Why, for the applicant.
    reason: String,
}

/// `POST …/supply-materials`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SupplyBody {
    /// Every requested material with its files.
    materials: Vec<Material>,
    /// A note.
    #[serde(default)]
    note: Option<String>,
}

/// `POST …/approve`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApproveBody {
    /// What the applicant should do next.
    #[serde(default)]
    note: Option<String>,
}

/// `POST …/reject`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RejectBody {
    /// Why (required).
    reason: String,
}

fn media_of(materials: &[Material]) -> Vec<&MediaId> {
    materials.iter().flat_map(|m| m.media.iter()).collect()
}

#[utoipa::path(
    post,
    path = "/api/v1/applications",
    tag = "applications",
    request_body = SubmitBody,
    responses(
        (status = 201, description = "Submitted", body = Written),
        (status = 403, description = "Only residents apply", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such guide", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "The guide is retired", body = crate::http::openapi::ErrorBody),
        (status = 422, description = "Materials missing or not yours; no place", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// Applies under a guide.
pub async fn submit(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiJson(body): ApiJson<SubmitBody>,
) -> Result<(StatusCode, Json<Written>), ApiError> {
    let actor = principal.act_as(&[Role::Resident])?;
    let guide = state
        .engine
        .load::<Guide>(StreamName::Guide(body.guide))?
        .state
        .ok_or_else(|| not_found("guide.not_found", "guide"))?;
    if guide.retired {
        return Err(ApiError {
            status: StatusCode::CONFLICT,
            code: "guide.retired",
            message: "this application type takes no new applications".into(),
            details: serde_json::Value::Null,
        });
    }
    let place = place_of(
        &state,
        &principal,
        body.jurisdiction,
        "application.no_place",
    )?;
    check_media_of(&state, &media_of(&body.materials), &[principal.user])?;
    let id = ApplicationId::from_uuid(key.new_id(principal.user, "application"));
    let command = ApplicationCommand::Submit(SubmitApplication {
        application_id: id,
        guide: GuideSnapshot {
            guide_id: guide.id,
            name: guide.content.name,
            required: guide.content.materials,
        },
        jurisdiction: place,
        materials: body.materials,
        note: body.note,
        by: actor,
        at: state.clock.now(),
    });
    let outcome = state
        .engine
        .execute::<Application>(
            StreamName::Application(id),
            command,
            key.meta(&actor, principal.user, "application"),
        )
        .await?;
    Ok((StatusCode::CREATED, written(*id.as_uuid(), &outcome)))
}

/// The application as the log has it, if the principal may read it: the applicant, staff
/// covering its place, auditors. Anyone else is told it does not exist.
fn readable(
    state: &AppState,
    principal: &Principal,
    id: ApplicationId,
) -> Result<ApplicationRecord, ApiError> {
    state
        .engine
        .load::<Application>(StreamName::Application(id))?
        .state
        .filter(|r| {
            r.applicant == principal.user
                || principal.has(Role::Auditor)
                || scope::staff_covers(principal, Some(&r.jurisdiction))
        })
        .ok_or_else(|| not_found("application.not_found", "application"))
}

/// A reviewer of this application: a cadre or manager whose scope covers its place.
fn reviewer(principal: &Principal, record: &ApplicationRecord) -> Result<Actor, ApiError> {
    // Refuses auditors and residents with the usual message first.
    principal.act_as(&[Role::Cadre, Role::Manager])?;
    [Role::Cadre, Role::Manager]
        .into_iter()
        .find(|role| principal.record.covers(*role, &record.jurisdiction))
        .map(|role| Actor::User {
            user: principal.user,
            role,
        })
        .ok_or_else(|| ApiError::forbidden("this application is outside your jurisdictions"))
}

async fn run(
    state: &AppState,
    principal: &Principal,
    key: &IdempotencyKey,
    id: ApplicationId,
    step: &str,
    actor: Actor,
    command: ApplicationCommand,
) -> Result<Json<Written>, ApiError> {
    let outcome = state
        .engine
        .execute::<Application>(
            StreamName::Application(id),
            command,
            key.meta(&actor, principal.user, step),
        )
        .await?;
    Ok(written(*id.as_uuid(), &outcome))
}

#[utoipa::path(
    post,
    path = "/api/v1/applications/{id}/request-materials",
    tag = "applications",
    params(("id" = ApplicationId, Path, description = "The application.")),
    request_body = RequestMaterialsBody,
    responses(
        (status = 200, description = "Asked", body = Written),
        (status = 403, description = "Not a reviewer of its place", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such application, or not yours to see", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Not under review", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// Asks the applicant for more materials.
pub async fn request_materials(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<ApplicationId>,
    ApiJson(body): ApiJson<RequestMaterialsBody>,
) -> Result<Json<Written>, ApiError> {
    let record = readable(&state, &principal, id)?;
    let actor = reviewer(&principal, &record)?;
    let command = ApplicationCommand::RequestMaterials(RequestMaterials {
        materials: body.materials,
        reason: body.reason,
        by: actor,
        at: state.clock.now(),
    });
    run(
        &state,
        &principal,
        &key,
        id,
        "request-materials",
        actor,
        command,
    )
    .await
}

#[utoipa::path(
    post,
    path = "/api/v1/applications/{id}/supply-materials",
    tag = "applications",
    params(("id" = ApplicationId, Path, description = "The application.")),
    request_body = SupplyBody,
    responses(
        (status = 200, description = "Supplied: back under review", body = Written),
        (status = 403, description = "Not the applicant", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such application, or not yours to see", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Nothing was asked for", body = crate::http::openapi::ErrorBody),
        (status = 422, description = "Materials missing or not yours", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// Hands in the materials the reviewer asked for.
pub async fn supply_materials(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<ApplicationId>,
    ApiJson(body): ApiJson<SupplyBody>,
) -> Result<Json<Written>, ApiError> {
    readable(&state, &principal, id)?;
    let actor = principal.act_as(&[Role::Resident])?;
    check_media_of(&state, &media_of(&body.materials), &[principal.user])?;
    let command = ApplicationCommand::SupplyMaterials(SupplyMaterials {
        materials: body.materials,
        note: body.note,
        by: actor,
        at: state.clock.now(),
    });
    run(
        &state,
        &principal,
        &key,
        id,
        "supply-materials",
        actor,
        command,
    )
    .await
}

#[utoipa::path(
    post,
    path = "/api/v1/applications/{id}/approve",
    tag = "applications",
    params(("id" = ApplicationId, Path, description = "The application.")),
    request_body = ApproveBody,
    responses(
        (status = 200, description = "Approved", body = Written),
        (status = 403, description = "Not a reviewer of its place", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such application, or not yours to see", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Not under review (already decided, or waiting for materials)", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// Approves an application.
pub async fn approve(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<ApplicationId>,
    ApiJson(body): ApiJson<ApproveBody>,
) -> Result<Json<Written>, ApiError> {
    let record = readable(&state, &principal, id)?;
    let actor = reviewer(&principal, &record)?;
    let command = ApplicationCommand::Approve(ApproveApplication {
        note: body.note,
        by: actor,
        at: state.clock.now(),
    });
    run(&state, &principal, &key, id, "approve", actor, command).await
}

#[utoipa::path(
    post,
    path = "/api/v1/applications/{id}/reject",
    tag = "applications",
    params(("id" = ApplicationId, Path, description = "The application.")),
    request_body = RejectBody,
    responses(
        (status = 200, description = "Rejected", body = Written),
        (status = 403, description = "Not a reviewer of its place", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such application, or not yours to see", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Already decided or withdrawn", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// Rejects an application with a reason.
pub async fn reject(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<ApplicationId>,
    ApiJson(body): ApiJson<RejectBody>,
) -> Result<Json<Written>, ApiError> {
    let record = readable(&state, &principal, id)?;
    let actor = reviewer(&principal, &record)?;
    let command = ApplicationCommand::Reject(RejectApplication {
        reason: body.reason,
        by: actor,
        at: state.clock.now(),
    });
    run(&state, &principal, &key, id, "reject", actor, command).await
}

#[utoipa::path(
    post,
    path = "/api/v1/applications/{id}/withdraw",
    tag = "applications",
    params(("id" = ApplicationId, Path, description = "The application.")),
    responses(
        (status = 200, description = "Withdrawn", body = Written),
        (status = 403, description = "Not the applicant", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such application, or not yours to see", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Already decided or withdrawn", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// The applicant takes the application back.
pub async fn withdraw(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<ApplicationId>,
) -> Result<Json<Written>, ApiError> {
    readable(&state, &principal, id)?;
    let actor = principal.act_as(&[Role::Resident])?;
    let command = ApplicationCommand::Withdraw(WithdrawApplication {
        by: actor,
        at: state.clock.now(),
    });
    run(&state, &principal, &key, id, "withdraw", actor, command).await
}

/// May the principal read this application view?
fn may_read(principal: &Principal, view: &ApplicationView) -> bool {
    view.applicant == principal.user || oversees(principal, &view.jurisdiction)
}

#[utoipa::path(
    get,
    path = "/api/v1/applications/{id}",
    tag = "applications",
    params(("id" = ApplicationId, Path, description = "The application."), After),
    responses(
        (status = 200, description = "The application with its timeline", body = ApplicationView),
        (status = 404, description = "No such application, or not yours to see", body = crate::http::openapi::ErrorBody),
        (status = 503, description = "Read models still catching up with `after`", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// One application: the applicant, staff of its place, auditors.
pub async fn one(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(id): ApiPath<ApplicationId>,
    ApiQuery(after): ApiQuery<After>,
) -> Result<Json<ApplicationView>, ApiError> {
    after.wait(&state).await?;
    readable_view(&state, &principal, id).map(Json)
}

/// The application's view, if the principal may read it; 404 otherwise.
pub(crate) fn readable_view(
    state: &AppState,
    principal: &Principal,
    id: ApplicationId,
) -> Result<ApplicationView, ApiError> {
    state
        .read
        .civic
        .applications
        .application(id)?
        .filter(|v| may_read(principal, v))
        .ok_or_else(|| not_found("application.not_found", "application"))
}

#[utoipa::path(
    get,
    path = "/api/v1/me/applications",
    tag = "applications",
    params(ListQuery, Paging),
    responses(
        (status = 200, description = "The signed-in resident's applications, newest first", body = PageOf<ApplicationView>),
        (status = 503, description = "Read models still catching up with `after`", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// My applications.
pub async fn mine(
    State(state): State<AppState>,
    principal: Principal,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Result<Json<PageOf<ApplicationView>>, ApiError> {
    query.wait(&state).await?;
    let keep = |v: &ApplicationView| query.status_matches(&v.status);
    Ok(Json(state.read.civic.applications.of_applicant(
        principal.user,
        &query.paging.page(),
        &keep,
    )?))
}

#[utoipa::path(
    get,
    path = "/api/v1/applications",
    tag = "applications",
    params(ListQuery, Paging),
    responses(
        (status = 200, description = "Staff: the applications of the places they oversee, newest first", body = PageOf<ApplicationView>),
        (status = 403, description = "Residents list their own at /api/v1/me/applications", body = crate::http::openapi::ErrorBody),
        (status = 503, description = "Read models still catching up with `after`", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// The review queue.
pub async fn list(
    State(state): State<AppState>,
    principal: Principal,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Result<Json<PageOf<ApplicationView>>, ApiError> {
    staff_only(&principal)?;
    query.wait(&state).await?;
    let keep = |v: &ApplicationView| {
        query.status_matches(&v.status) && oversees(&principal, &v.jurisdiction)
    };
    Ok(Json(
        state
            .read
            .civic
            .applications
            .all(&query.paging.page(), &keep)?,
    ))
}

/// May the principal download `media` as a file of this application?
pub(crate) fn application_shows(
    state: &AppState,
    principal: &Principal,
    id: ApplicationId,
    media: &MediaId,
) -> Result<bool, ApiError> {
    match readable_view(state, principal, id) {
        Ok(view) => Ok(view.carries(media)),
        Err(e) if e.status == StatusCode::NOT_FOUND => Ok(false),
        Err(e) => Err(e),
    }
}
