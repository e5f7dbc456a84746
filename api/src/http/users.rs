//! `/api/v1/users/{id}/roles` (grant and revoke, by managers within their scope) and
//! `/api/v1/me/profile` (the user's own display name, phone and home grid).

use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use linli_domain::user::{
    GrantRole, HomeAddress, IdCardNumber, PhoneNumber, Profile, RevokeRole, UpdateProfile, User,
    UserCommand, UserError,
};
use linli_domain::{Actor, DomainError, JurisdictionCode, Role, StreamName, UserId};
use serde::{Deserialize, Deserializer, Serialize};

use super::error::ApiError;
use super::idempotency::IdempotencyKey;
use super::json::ApiJson;
use super::path::ApiPath;
use super::AppState;
use crate::auth::Principal;

/// The user routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/users/{id}/roles", post(grant))
        .route("/api/v1/users/{id}/roles/{role}/revoke", post(revoke))
        .route("/api/v1/me/profile", post(profile))
}

/// What a user command answers.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct UserAccepted {
    /// The user.
    pub id: UserId,
    /// The log position written (or the user stream's last, when nothing changed).
    pub position: u64,
    /// `fresh`, `duplicate` (a retried Idempotency-Key) or `unchanged`.
    #[schema(value_type = String, pattern = "^(fresh|duplicate|unchanged)$")]
    pub replay: &'static str,
}

/// `POST /api/v1/users/{id}/roles`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GrantBody {
    /// cadre, manager or provider (auditors are made by the operator, `linli grant`).
    pub role: Role,
    /// The nodes the role covers (their subtrees included); each inside the granting
    /// manager's own scope. Replaces the role's earlier scope.
    pub scope: Vec<JurisdictionCode>,
}

/// A manager acting within scope: every node must be inside their manager scope.
fn manager_over<'a>(
    principal: &Principal,
    nodes: impl IntoIterator<Item = &'a JurisdictionCode>,
) -> Result<Actor, ApiError> {
    let actor = principal.act_as(&[Role::Manager])?;
    for node in nodes {
        if !principal.record.covers(Role::Manager, node) {
            return Err(ApiError::forbidden(format!(
                "{node} is outside your jurisdictions"
            )));
        }
    }
    Ok(actor)
}

async fn run(
    state: &AppState,
    principal: &Principal,
    key: &IdempotencyKey,
    (user, step): (UserId, &str),
    command: UserCommand,
) -> Result<Json<UserAccepted>, ApiError> {
    let actor = *command.by();
    let outcome = state
        .engine
        .execute::<User>(
            StreamName::User(user),
            command,
            key.meta(&actor, principal.user, step),
        )
        .await?;
    Ok(Json(UserAccepted {
        id: user,
        position: outcome.position.0,
        replay: crate::http::idempotency::replay_label(outcome.replay),
    }))
}

#[utoipa::path(
    post,
    path = "/api/v1/users/{id}/roles",
    tag = "users",
    params(("id" = UserId, Path, description = "The user.")),
    request_body = GrantBody,
    responses(
        (status = 200, description = "Granted", body = UserAccepted),
        (status = 403, description = "Only managers, within their scope", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such user", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Contended", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// Grants a role. A manager may grant cadre, manager and provider roles, scoped inside their
/// own scope; the auditor role sees everything, so no scoped manager may hand it out.
pub async fn grant(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(user): ApiPath<UserId>,
    ApiJson(body): ApiJson<GrantBody>,
) -> Result<Json<UserAccepted>, ApiError> {
    if matches!(body.role, Role::Auditor | Role::Resident) {
        principal.act_as(&[Role::Manager])?;
        return Err(ApiError::forbidden(
            "auditors are appointed by the operator (linli grant); residents need no grant",
        ));
    }
    if body.scope.is_empty() {
        principal.act_as(&[Role::Manager])?;
        return Err(ApiError::invalid(
            "user.scope_required",
            "a manager grants roles over at least one node of their own scope",
        ));
    }
    let actor = manager_over(&principal, &body.scope)?;
    let command = UserCommand::GrantRole(GrantRole {
        role: body.role,
        scope: body.scope,
        by: actor,
        at: state.clock.now(),
    });
    run(&state, &principal, &key, (user, "grant"), command).await
}

#[utoipa::path(
    post,
    path = "/api/v1/users/{id}/roles/{role}/revoke",
    tag = "users",
    params(("id" = UserId, Path, description = "The user."), ("role" = Role, Path, description = "The role to revoke.")),
    responses(
        (status = 200, description = "Revoked", body = UserAccepted),
        (status = 403, description = "Only managers, within their scope", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such user or role", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Contended", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// Revokes a role. The manager must cover every node the role now covers.
pub async fn revoke(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath((user, role)): ApiPath<(UserId, String)>,
) -> Result<Json<UserAccepted>, ApiError> {
    let role: Role = serde_json::from_value(serde_json::Value::String(role))
        .map_err(|_| ApiError::invalid("user.unknown_role", "no such role"))?;
    let target = state
        .engine
        .load::<User>(StreamName::User(user))?
        .state
        .ok_or_else(|| ApiError::from(DomainError::from(UserError::NotFound)))?;
    let scope = target.roles.get(&role).cloned().unwrap_or_default();
    if role == Role::Auditor {
        principal.act_as(&[Role::Manager])?;
        return Err(ApiError::forbidden(
            "auditors are appointed and removed by the operator",
        ));
    }
    let actor = manager_over(&principal, &scope)?;
    let command = UserCommand::RevokeRole(RevokeRole {
        role,
        by: actor,
        at: state.clock.now(),
    });
    run(&state, &principal, &key, (user, "revoke"), command).await
}

/// `POST /api/v1/me/profile`: absent fields keep their value, `null` clears one.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileBody {
    /// Name shown to cadres (1–32 characters).
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, min_length = 1, max_length = 32)]
    pub display_name: Option<Option<String>>,
    /// **Personal data** (sealed under your own key before it is recorded): a number for
    /// call-backs.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<linli_domain::user::PhoneNumber>)]
    pub phone: Option<Option<PhoneNumber>>,
    /// **Personal data** (sealed): an 18-character resident identity card number whose last
    /// character is its check digit (`0`-`9` or `X`).
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, pattern = "^\\s*[0-9]{17}[0-9Xx]\\s*$")]
    pub id_card: Option<Option<IdCardNumber>>,
    /// **Personal data** (sealed): the exact home address, 4-120 characters.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, min_length = 4, max_length = 120)]
    pub home_address: Option<Option<HomeAddress>>,
    /// The village or grid the resident lives in (routing's fourth fallback).
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<JurisdictionCode>)]
    pub home_grid: Option<Option<JurisdictionCode>>,
}

/// A field that is present (possibly `null`), as opposed to absent (`None` by default).
fn present<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(deserializer).map(Some)
}

#[utoipa::path(
    post,
    path = "/api/v1/me/profile",
    tag = "users",
    request_body = ProfileBody,
    responses(
        (status = 200, description = "Updated", body = UserAccepted),
        (status = 403, description = "Auditors never write", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Contended, or personal data given after the user was forgotten", body = crate::http::openapi::ErrorBody),
        (status = 422, description = "A field is invalid", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// Updates the signed-in user's own profile. Phone, ID-card number and home address are
/// sealed under the user's own key before they are recorded; the log never holds them in
/// plain text.
pub async fn profile(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiJson(body): ApiJson<ProfileBody>,
) -> Result<Json<UserAccepted>, ApiError> {
    // Auditors write nothing, not even their own profile: one rule, in `act_as`.
    let actor = principal.act_as(&[Role::Resident])?;
    let current = principal.record.profile.clone();
    let me = principal.user;
    let vault = &state.vault;
    // A phone number recorded before sealing is sealed now, when the profile is rewritten.
    let legacy_phone = principal.record.legacy_phone.clone();
    let phone = match (body.phone, current.phone, legacy_phone) {
        (Some(given), _, _) => seal_optional(vault, me, given.map(String::from)).await?,
        (None, Some(kept), _) => Some(kept),
        (None, None, legacy) => seal_optional(vault, me, legacy.map(String::from)).await?,
    };
    let id_card = match body.id_card {
        Some(given) => seal_optional(vault, me, given.map(String::from)).await?,
        None => current.id_card,
    };
    let home_address = match body.home_address {
        Some(given) => seal_optional(vault, me, given.map(String::from)).await?,
        None => current.home_address,
    };
    let profile = Profile {
        display_name: body.display_name.unwrap_or(current.display_name),
        phone,
        id_card,
        home_address,
        home_grid: body.home_grid.unwrap_or(current.home_grid),
    };
    let command = UserCommand::UpdateProfile(UpdateProfile {
        profile,
        by: actor,
        at: state.clock.now(),
    });
    run(
        &state,
        &principal,
        &key,
        (principal.user, "profile"),
        command,
    )
    .await
}

/// Seals a personal value under the user's own key (`None` stays `None`).
async fn seal_optional(
    vault: &linli_vault::Vault,
    user: UserId,
    value: Option<String>,
) -> Result<Option<linli_domain::sealed::Sealed>, ApiError> {
    match value {
        Some(plain) => Ok(Some(crate::privacy::seal(vault, user, plain).await?)),
        None => Ok(None),
    }
}
