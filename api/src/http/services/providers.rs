//! Providers: register, review by a manager (approval also grants the provider role), read.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use linli_domain::services::provider::{
    owner_of, provider_of, Provider, ProviderCommand, RegisterProvider, ReviewProvider,
};
use linli_domain::services::ProviderStanding;
use linli_domain::user::{GrantRole, User, UserCommand};
use linli_domain::{ProviderId, Role, StreamName};
use linli_projections::models::services::ProviderView;
use linli_projections::PageOf;
use serde::Deserialize;

use super::{not_found, written, Written};
use crate::auth::Principal;
use crate::http::consistency::After;
use crate::http::error::ApiError;
use crate::http::idempotency::IdempotencyKey;
use crate::http::json::ApiJson;
use crate::http::path::ApiPath;
use crate::http::query::{ApiQuery, Paging};
use crate::http::AppState;

/// `POST /api/v1/providers`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterBody {
    /// Business name (1–60 characters).
    name: String,
    /// Contact number.
    #[schema(value_type = String, example = "13800000000")]
    phone: linli_domain::user::PhoneNumber,
    /// What the provider does (up to 500 characters).
    #[serde(default)]
    description: String,
}

/// `POST …/reject`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RejectBody {
    /// Why (1–300 characters).
    reason: String,
}

/// Registers the caller's account as a provider, pending a manager's approval.
#[utoipa::path(
    post,
    path = "/api/v1/providers",
    tag = "services",
    request_body = RegisterBody,
    responses(
        (status = 201, description = "Registered, pending approval", body = Written),
        (status = 403, description = "Auditors never write", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "This account already registered a provider", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn register(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiJson(body): ApiJson<RegisterBody>,
) -> Result<(StatusCode, Json<Written>), ApiError> {
    let actor = principal.act_as(&[Role::Resident])?;
    let id = provider_of(principal.user);
    let outcome = state
        .engine
        .execute::<Provider>(
            StreamName::Provider(id),
            ProviderCommand::Register(RegisterProvider {
                name: body.name,
                phone: body.phone,
                description: body.description,
                by: actor,
                at: state.clock.now(),
            }),
            key.meta(&actor, principal.user, "register-provider"),
        )
        .await?;
    Ok((StatusCode::CREATED, written(*id.as_uuid(), &outcome)))
}

/// Approves a provider: its services show in the catalog, and its account gets the provider
/// role.
#[utoipa::path(
    post,
    path = "/api/v1/providers/{id}/approve",
    tag = "services",
    params(("id" = ProviderId, Path, description = "The provider.")),
    responses(
        (status = 200, description = "Approved (again: unchanged)", body = Written),
        (status = 403, description = "Managers only", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such provider", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Contended", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn approve(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<ProviderId>,
) -> Result<Json<Written>, ApiError> {
    let actor = principal.act_as(&[Role::Manager])?;
    let now = state.clock.now();
    let outcome = state
        .engine
        .execute::<Provider>(
            StreamName::Provider(id),
            ProviderCommand::Approve(ReviewProvider {
                reason: None,
                by: actor,
                at: now,
            }),
            key.meta(&actor, principal.user, "approve-provider"),
        )
        .await?;
    // The account may act as a provider from now on (granted once; a later approval of an
    // account that already holds the role changes nothing).
    let owner = owner_of(id);
    let holds = state
        .engine
        .load::<User>(StreamName::User(owner))?
        .state
        .is_some_and(|u| u.roles.contains_key(&Role::Provider));
    if !holds {
        state
            .engine
            .execute::<User>(
                StreamName::User(owner),
                UserCommand::GrantRole(GrantRole {
                    role: Role::Provider,
                    scope: Vec::new(),
                    by: actor,
                    at: now,
                }),
                key.meta(&actor, principal.user, "grant-provider"),
            )
            .await?;
    }
    Ok(written(*id.as_uuid(), &outcome))
}

/// Rejects a provider's application, with a reason.
#[utoipa::path(
    post,
    path = "/api/v1/providers/{id}/reject",
    tag = "services",
    params(("id" = ProviderId, Path, description = "The provider.")),
    request_body = RejectBody,
    responses(
        (status = 200, description = "Rejected", body = Written),
        (status = 403, description = "Managers only", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such provider", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Contended", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn reject(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<ProviderId>,
    ApiJson(body): ApiJson<RejectBody>,
) -> Result<Json<Written>, ApiError> {
    let actor = principal.act_as(&[Role::Manager])?;
    let outcome = state
        .engine
        .execute::<Provider>(
            StreamName::Provider(id),
            ProviderCommand::Reject(ReviewProvider {
                reason: Some(body.reason),
                by: actor,
                at: state.clock.now(),
            }),
            key.meta(&actor, principal.user, "reject-provider"),
        )
        .await?;
    Ok(written(*id.as_uuid(), &outcome))
}

/// One provider.
#[utoipa::path(
    get,
    path = "/api/v1/providers/{id}",
    tag = "services",
    params(("id" = ProviderId, Path, description = "The provider."), After),
    responses(
        (status = 200, description = "The provider", body = ProviderView),
        (status = 404, description = "No such provider", body = crate::http::openapi::ErrorBody),
        (status = 503, description = "Read models still catching up with `after`", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn provider(
    State(state): State<AppState>,
    _principal: Principal,
    ApiPath(id): ApiPath<ProviderId>,
    ApiQuery(after): ApiQuery<After>,
) -> Result<Json<ProviderView>, ApiError> {
    after.wait(&state).await?;
    state
        .read
        .services
        .provider(id)?
        .map(Json)
        .ok_or_else(|| not_found("provider"))
}

/// Which providers to list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProvidersQuery {
    /// Only providers in this standing (e.g. `pending`, for review).
    standing: Option<ProviderStanding>,
    /// Read-your-writes.
    after: Option<u64>,
    /// The `next` cursor of the previous page.
    cursor: Option<String>,
    /// Page size (default 20, at most 100).
    #[param(minimum = 1, maximum = 100)]
    limit: Option<usize>,
}

pub(super) fn paging(cursor: Option<String>, limit: Option<usize>) -> Paging {
    Paging { cursor, limit }
}

/// Providers, newest registration first: for managers reviewing applications.
#[utoipa::path(
    get,
    path = "/api/v1/providers",
    tag = "services",
    params(ProvidersQuery),
    responses(
        (status = 200, description = "Providers", body = PageOf<ProviderView>),
        (status = 403, description = "Managers and auditors only", body = crate::http::openapi::ErrorBody),
        (status = 503, description = "Read models still catching up with `after`", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn providers(
    State(state): State<AppState>,
    principal: Principal,
    ApiQuery(query): ApiQuery<ProvidersQuery>,
) -> Result<Json<PageOf<ProviderView>>, ApiError> {
    if !(principal.has(Role::Manager) || principal.has(Role::Auditor)) {
        return Err(ApiError::forbidden(
            "the provider list is for managers and auditors",
        ));
    }
    After { after: query.after }.wait(&state).await?;
    let page = paging(query.cursor, query.limit).page();
    Ok(Json(state.read.services.providers(query.standing, &page)?))
}
