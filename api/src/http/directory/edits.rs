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
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HoursBody {
    /// `[{"start":"09:00","end":"12:00"}, …]`.
    pub hours: WorkingHours,
}

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
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnpostBody {
    /// The node the cadre leaves.
    pub node: JurisdictionCode,
    /// The cadre.
    pub user: UserId,
}

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
