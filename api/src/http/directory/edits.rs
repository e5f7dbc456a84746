//! One change at a time: each body is one entry of an import document and goes through the
//! same planner (so an unchanged entry writes nothing), except unposting, which an import
//! never does.

use axum::extract::State;
use axum::Json;
use linli_domain::calendar::WorkingHours;
use linli_domain::directory::{Directory, DirectoryCommand, UnpostCadre};
use linli_domain::{JurisdictionCode, Role, StreamName, UserId};
use serde::Deserialize;

use super::import::run;
use crate::auth::Principal;
use crate::directory::document::{CadreEntry, CalendarEntry, LimitsEntry, NodeEntry, RuleEntry};
use crate::directory::{step_name, DirectoryDocument, ImportReport};
use crate::http::error::ApiError;
use crate::http::idempotency::IdempotencyKey;
use crate::http::json::ApiJson;
use crate::http::AppState;

#[utoipa::path(
    post,
    path = "/api/v1/directory/nodes",
    tag = "directory",
    request_body = crate::directory::document::NodeEntry,
    responses(
        (status = 200, description = "Applied", body = crate::directory::ImportReport),
        (status = 403, description = "Not a manager (auditors never write), or an entry outside your scope", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Contended; try again", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// `POST /api/v1/directory/nodes`: define a node or update it.
pub async fn define_node(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiJson(node): ApiJson<NodeEntry>,
) -> Result<Json<ImportReport>, ApiError> {
    let document = DirectoryDocument {
        nodes: vec![node],
        ..DirectoryDocument::default()
    };
    run(&state, &principal, &key, &document).await.map(Json)
}

#[utoipa::path(
    post,
    path = "/api/v1/directory/cadres",
    tag = "directory",
    request_body = crate::directory::document::CadreEntry,
    responses(
        (status = 200, description = "Applied", body = crate::directory::ImportReport),
        (status = 403, description = "Not a manager (auditors never write), or an entry outside your scope", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Contended; try again", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// `POST /api/v1/directory/cadres`: post a cadre (by user id or openid) to a node.
pub async fn post_cadre(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiJson(posting): ApiJson<CadreEntry>,
) -> Result<Json<ImportReport>, ApiError> {
    let document = DirectoryDocument {
        cadres: vec![posting],
        ..DirectoryDocument::default()
    };
    run(&state, &principal, &key, &document).await.map(Json)
}

#[utoipa::path(
    post,
    path = "/api/v1/directory/rules",
    tag = "directory",
    request_body = crate::directory::document::RuleEntry,
    responses(
        (status = 200, description = "Applied", body = crate::directory::ImportReport),
        (status = 403, description = "Not a manager (auditors never write), or an entry outside your scope", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Contended; try again", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// `POST /api/v1/directory/rules`: set a routing rule.
pub async fn set_rule(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiJson(rule): ApiJson<RuleEntry>,
) -> Result<Json<ImportReport>, ApiError> {
    let document = DirectoryDocument {
        routing_rules: vec![rule],
        ..DirectoryDocument::default()
    };
    run(&state, &principal, &key, &document).await.map(Json)
}

#[utoipa::path(
    post,
    path = "/api/v1/directory/time-limits",
    tag = "directory",
    request_body = crate::directory::document::LimitsEntry,
    responses(
        (status = 200, description = "Applied", body = crate::directory::ImportReport),
        (status = 403, description = "Not a manager (auditors never write), or an entry outside your scope", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Contended; try again", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// `POST /api/v1/directory/time-limits`: set a category's limits.
pub async fn set_time_limits(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiJson(limits): ApiJson<LimitsEntry>,
) -> Result<Json<ImportReport>, ApiError> {
    let document = DirectoryDocument {
        time_limits: vec![limits],
        ..DirectoryDocument::default()
    };
    run(&state, &principal, &key, &document).await.map(Json)
}

#[utoipa::path(
    post,
    path = "/api/v1/directory/calendar",
    tag = "directory",
    request_body = crate::directory::document::CalendarEntry,
    responses(
        (status = 200, description = "Applied", body = crate::directory::ImportReport),
        (status = 403, description = "Not a manager (auditors never write), or an entry outside your scope", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Contended; try again", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// `POST /api/v1/directory/calendar`: set one year's holidays and make-up days.
pub async fn set_calendar(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiJson(calendar): ApiJson<CalendarEntry>,
) -> Result<Json<ImportReport>, ApiError> {
    let document = DirectoryDocument {
        calendars: vec![calendar],
        ..DirectoryDocument::default()
    };
    run(&state, &principal, &key, &document).await.map(Json)
}

/// `POST /api/v1/directory/working-hours`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HoursBody {
    /// `[{"start":"09:00","end":"12:00"}, …]`.
    pub hours: WorkingHours,
}

#[utoipa::path(
    post,
    path = "/api/v1/directory/working-hours",
    tag = "directory",
    request_body = HoursBody,
    responses(
        (status = 200, description = "Applied", body = crate::directory::ImportReport),
        (status = 403, description = "Not a manager (auditors never write), or an entry outside your scope", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Contended; try again", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// `POST /api/v1/directory/working-hours`: set the working hours of a working day.
pub async fn set_working_hours(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiJson(body): ApiJson<HoursBody>,
) -> Result<Json<ImportReport>, ApiError> {
    let document = DirectoryDocument {
        working_hours: Some(body.hours),
        ..DirectoryDocument::default()
    };
    run(&state, &principal, &key, &document).await.map(Json)
}

/// `POST /api/v1/directory/cadres/unpost`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UnpostBody {
    /// The node the cadre leaves.
    pub node: JurisdictionCode,
    /// The cadre.
    pub user: UserId,
}

#[utoipa::path(
    post,
    path = "/api/v1/directory/cadres/unpost",
    tag = "directory",
    request_body = UnpostBody,
    responses(
        (status = 200, description = "Applied", body = crate::directory::ImportReport),
        (status = 403, description = "Not a manager (auditors never write), or an entry outside your scope", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Contended; try again", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// `POST /api/v1/directory/cadres/unpost`: remove a cadre from a node (their cadre role
/// stays; revoke it separately if they leave altogether).
pub async fn unpost_cadre(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiJson(body): ApiJson<UnpostBody>,
) -> Result<Json<ImportReport>, ApiError> {
    let actor = principal.act_as(&[Role::Manager])?;
    if !principal.record.covers(Role::Manager, &body.node) {
        return Err(ApiError::forbidden(format!(
            "{} is outside your jurisdictions",
            body.node
        )));
    }
    let command = DirectoryCommand::UnpostCadre(UnpostCadre {
        cadre: body.user,
        node: body.node,
        by: actor,
        at: state.clock.now(),
    });
    let change = format!("unpost:{}:{}", body.user, body.node);
    let outcome = state
        .engine
        .execute::<Directory>(
            StreamName::Directory,
            command,
            key.meta(&actor, principal.user, &step_name(&change)),
        )
        .await?;
    Ok(Json(ImportReport {
        position: outcome.position.0,
        directory_commands: outcome.events.len(),
        ..ImportReport::default()
    }))
}
