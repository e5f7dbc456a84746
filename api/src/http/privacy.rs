//! Personal data over HTTP: `GET /api/v1/me/personal` (a resident's own),
//! `GET /api/v1/users/{id}/personal` (managers within their scope and auditors; every such
//! read is first recorded as `personal_data.accessed`) and `POST /api/v1/users/{id}/forget`
//! (managers: crypto-shred a resident of their scope).

use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router};
use linli_domain::privacy::{PersonalDataAccess, RecordAccess};
use linli_domain::user::{PersonalField, User, UserError, UserRecord};
use linli_domain::{Actor, DomainError, Role, StreamName, UserId};
use linli_engine::CommandMeta;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::error::ApiError;
use super::idempotency::IdempotencyKey;
use super::json::ApiJson;
use super::path::ApiPath;
use super::query::ApiQuery;
use super::AppState;
use crate::auth::Principal;
use crate::privacy::reveal::{reveal_async, PersonalData};

/// The personal-data routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/me/personal", get(mine))
        .route("/api/v1/users/{id}/personal", get(theirs))
        .route("/api/v1/users/{id}/forget", post(forget))
}

/// The route recorded in `personal_data.accessed`.
const READ_ROUTE: &str = "GET /api/v1/users/{id}/personal";

#[utoipa::path(
    get,
    path = "/api/v1/me/personal",
    tag = "privacy",
    responses(
        (status = 200, description = "Your phone, ID-card number and home address, decrypted; `forgotten` once you were forgotten", body = PersonalData),
        (status = 401, description = "Not signed in", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// The signed-in user's own personal data. Reading your own is not recorded.
pub async fn mine(State(state): State<AppState>, principal: Principal) -> Json<PersonalData> {
    Json(reveal_async(&state.vault, principal.record).await)
}

/// Why staff read a resident's personal data.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Purpose {
    /// Why (1-200 characters), recorded in the `personal_data.accessed` event.
    #[param(min_length = 1, max_length = 200)]
    pub purpose: Option<String>,
}

fn target(state: &AppState, user: UserId) -> Result<UserRecord, ApiError> {
    state
        .engine
        .load::<User>(StreamName::User(user))?
        .state
        .ok_or_else(|| ApiError::from(DomainError::from(UserError::NotFound)))
}

/// The actor staff read or forget as: an auditor anywhere, a manager only for a resident whose
/// home grid is inside their scope.
fn staff_over(
    principal: &Principal,
    target: &UserRecord,
    allow_auditor: bool,
) -> Result<Actor, ApiError> {
    if allow_auditor && principal.has(Role::Auditor) {
        return Ok(Actor::User {
            user: principal.user,
            role: Role::Auditor,
        });
    }
    let actor = principal.act_as(&[Role::Manager])?;
    match target.profile.home_grid {
        Some(grid) if principal.record.covers(Role::Manager, &grid) => Ok(actor),
        _ => Err(ApiError::forbidden(
            "this resident does not live inside your jurisdictions",
        )),
    }
}

#[utoipa::path(
    get,
    path = "/api/v1/users/{id}/personal",
    tag = "privacy",
    params(("id" = UserId, Path, description = "The resident."), Purpose),
    responses(
        (status = 200, description = "Decrypted; `forgotten` markers once the resident was forgotten. The read was recorded first.", body = PersonalData),
        (status = 403, description = "Only auditors, and managers for residents of their scope", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such user", body = crate::http::openapi::ErrorBody),
        (status = 422, description = "No purpose given", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// A resident's personal data for staff. Every read by a manager or an auditor is recorded
/// as `personal_data.accessed` (who, whose, which fields, why) *before* anything is shown; a
/// user reading their own through this route is not recorded.
pub async fn theirs(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(user): ApiPath<UserId>,
    ApiQuery(query): ApiQuery<Purpose>,
) -> Result<Json<PersonalData>, ApiError> {
    let record = target(&state, user)?;
    if user == principal.user {
        return Ok(Json(reveal_async(&state.vault, record).await));
    }
    let by = staff_over(&principal, &record, true)?;
    let command = RecordAccess {
        subject: user,
        fields: PersonalField::ALL.to_vec(),
        purpose: query.purpose.unwrap_or_default(),
        route: READ_ROUTE.to_owned(),
        by,
        at: state.clock.now(),
    };
    // A read is a fresh fact each time: its own key, never a replay of an earlier read.
    let meta = CommandMeta::by(&by)
        .with_correlation_id(Uuid::new_v4())
        .with_idempotency_key(format!("personal-read:{}", Uuid::new_v4()));
    state
        .engine
        .execute::<PersonalDataAccess>(StreamName::PersonalData(user), command, meta)
        .await?;
    Ok(Json(reveal_async(&state.vault, record).await))
}

/// `POST /api/v1/users/{id}/forget`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ForgetBody {
    /// Why (1-200 characters), recorded in `user.forgotten`.
    #[schema(min_length = 1, max_length = 200)]
    pub reason: String,
}

/// What forgetting answers.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ForgetAccepted {
    /// The resident.
    pub id: UserId,
    /// The log position of `user.forgotten` (or the stream's last, when already forgotten).
    pub position: u64,
    /// `fresh`, `duplicate` (a retried Idempotency-Key) or `unchanged` (already forgotten).
    #[schema(value_type = String, pattern = "^(fresh|duplicate|unchanged)$")]
    pub replay: &'static str,
}

#[utoipa::path(
    post,
    path = "/api/v1/users/{id}/forget",
    tag = "privacy",
    params(("id" = UserId, Path, description = "The resident.")),
    request_body = ForgetBody,
    responses(
        (status = 200, description = "Recorded (user.forgotten) and the key destroyed", body = ForgetAccepted),
        (status = 403, description = "Only managers, for residents of their scope", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such user", body = crate::http::openapi::ErrorBody),
        (status = 422, description = "No reason given", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// Crypto-shreds a resident's personal data: records `user.forgotten`, then destroys their
/// key, so every sealed value of theirs (in the log, exports and backups) is unreadable for
/// good. The events stay and the hash chain still verifies. The same as `linli forget`.
pub async fn forget(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(user): ApiPath<UserId>,
    ApiJson(body): ApiJson<ForgetBody>,
) -> Result<Json<ForgetAccepted>, ApiError> {
    let record = target(&state, user)?;
    let by = staff_over(&principal, &record, false)?;
    let forgot = crate::privacy::forget::forget(
        &state.engine,
        &state.vault,
        user,
        (by, body.reason, state.clock.now()),
        key.meta(&by, principal.user, "forget"),
    )
    .await?;
    tracing::info!(%user, key = ?forgot.key, "resident forgotten");
    Ok(Json(ForgetAccepted {
        id: user,
        position: forgot.outcome.position.0,
        replay: crate::http::idempotency::replay_label(forgot.outcome.replay),
    }))
}
