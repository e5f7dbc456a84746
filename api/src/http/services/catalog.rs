//! The catalog: listings, search, slots and their availability, and service usage.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use chrono::{DateTime, NaiveDate, Utc};
use linli_domain::services::catalog::{
    ListService, Service, ServiceCommand, ServiceTerms, UpdateService, WithdrawService,
};
use linli_domain::services::provider::provider_of;
use linli_domain::services::slot::{OpenSlot, Slot, SlotCommand};
use linli_domain::services::ServiceCategory;
use linli_domain::{Fen, JurisdictionCode, ProviderId, Role, ServiceId, SlotId, StreamName};
use linli_projections::models::services::{ServiceSearch, ServiceView, SlotView, UsageReport};
use linli_projections::PageOf;
use serde::Deserialize;

use super::providers::paging;
use super::{not_found, written, Written};
use crate::auth::Principal;
use crate::http::consistency::After;
use crate::http::error::ApiError;
use crate::http::idempotency::IdempotencyKey;
use crate::http::json::ApiJson;
use crate::http::path::ApiPath;
use crate::http::query::ApiQuery;
use crate::http::AppState;

/// A listing's terms: `POST /api/v1/services` and `…/update`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TermsBody {
    /// Category.
    category: ServiceCategory,
    /// Name (1–60 characters).
    name: String,
    /// What is included (up to 1000 characters).
    #[serde(default)]
    description: String,
    /// Price per booking in fen (1 to 100,000,000).
    #[schema(minimum = 1, maximum = 100_000_000)]
    price: i64,
    /// Jurisdiction codes served (1–50, each covering its subtree).
    scope: Vec<JurisdictionCode>,
}

impl TermsBody {
    fn terms(self) -> ServiceTerms {
        ServiceTerms {
            category: self.category,
            name: self.name,
            description: self.description,
            price: Fen(self.price),
            scope: self.scope,
        }
    }
}

/// `POST /api/v1/services/{id}/slots`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SlotBody {
    /// When the work may begin (in the future).
    starts_at: DateTime<Utc>,
    /// When it ends.
    ends_at: DateTime<Utc>,
    /// How many orders the slot takes (1–1000).
    #[schema(minimum = 1, maximum = 1000)]
    capacity: u32,
}

fn provider_actor(principal: &Principal) -> Result<linli_domain::Actor, ApiError> {
    Ok(principal.act_as(&[Role::Provider])?)
}

/// Lists a new service of the caller's provider.
#[utoipa::path(
    post,
    path = "/api/v1/services",
    tag = "services",
    request_body = TermsBody,
    responses(
        (status = 201, description = "Listed (shown once the provider is approved)", body = Written),
        (status = 403, description = "Providers only", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Contended", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn list(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiJson(body): ApiJson<TermsBody>,
) -> Result<(StatusCode, Json<Written>), ApiError> {
    let actor = provider_actor(&principal)?;
    let provider = provider_of(principal.user);
    if super::load_provider(&state, provider)?.is_none() {
        return Err(ApiError::invalid(
            "services.unregistered_provider",
            "register as a provider first",
        ));
    }
    let id = ServiceId::from_uuid(key.new_id(principal.user, "service"));
    let outcome = state
        .engine
        .execute::<Service>(
            StreamName::Service(id),
            ServiceCommand::List(ListService {
                service_id: id,
                provider,
                terms: body.terms(),
                by: actor,
                at: state.clock.now(),
            }),
            key.meta(&actor, principal.user, "list-service"),
        )
        .await?;
    Ok((StatusCode::CREATED, written(*id.as_uuid(), &outcome)))
}

/// Replaces a listing's terms (orders already reserved keep their price).
#[utoipa::path(
    post,
    path = "/api/v1/services/{id}/update",
    tag = "services",
    params(("id" = ServiceId, Path, description = "The listing.")),
    request_body = TermsBody,
    responses(
        (status = 200, description = "Updated", body = Written),
        (status = 403, description = "Only its provider", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such listing", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Withdrawn, or contended", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn update(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<ServiceId>,
    ApiJson(body): ApiJson<TermsBody>,
) -> Result<Json<Written>, ApiError> {
    let actor = provider_actor(&principal)?;
    let outcome = state
        .engine
        .execute::<Service>(
            StreamName::Service(id),
            ServiceCommand::Update(UpdateService {
                terms: body.terms(),
                by: actor,
                at: state.clock.now(),
            }),
            key.meta(&actor, principal.user, "update-service"),
        )
        .await?;
    Ok(written(*id.as_uuid(), &outcome))
}

/// Takes a listing down; orders already reserved go on.
#[utoipa::path(
    post,
    path = "/api/v1/services/{id}/withdraw",
    tag = "services",
    params(("id" = ServiceId, Path, description = "The listing.")),
    responses(
        (status = 200, description = "Withdrawn", body = Written),
        (status = 403, description = "Only its provider or a manager", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such listing", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Contended", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn withdraw(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<ServiceId>,
) -> Result<Json<Written>, ApiError> {
    let actor = principal.act_as(&[Role::Provider, Role::Manager])?;
    let outcome = state
        .engine
        .execute::<Service>(
            StreamName::Service(id),
            ServiceCommand::Withdraw(WithdrawService {
                by: actor,
                at: state.clock.now(),
            }),
            key.meta(&actor, principal.user, "withdraw-service"),
        )
        .await?;
    Ok(written(*id.as_uuid(), &outcome))
}

/// Opens a bookable slot of one of the caller's listings.
#[utoipa::path(
    post,
    path = "/api/v1/services/{id}/slots",
    tag = "services",
    params(("id" = ServiceId, Path, description = "The listing.")),
    request_body = SlotBody,
    responses(
        (status = 201, description = "Opened; `id` is the slot", body = Written),
        (status = 403, description = "Only its provider", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such listing", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Withdrawn, or contended", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn open_slot(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<ServiceId>,
    ApiJson(body): ApiJson<SlotBody>,
) -> Result<(StatusCode, Json<Written>), ApiError> {
    let actor = provider_actor(&principal)?;
    let service = state
        .engine
        .load::<Service>(StreamName::Service(id))?
        .state
        .ok_or_else(|| not_found("service"))?;
    if service.withdrawn {
        return Err(ApiError::from(linli_domain::DomainError::from(
            linli_domain::services::ServicesError::ServiceWithdrawn,
        )));
    }
    let slot = SlotId::from_uuid(key.new_id(principal.user, "slot"));
    let outcome = state
        .engine
        .execute::<Slot>(
            StreamName::Slot(slot),
            SlotCommand::Open(OpenSlot {
                slot_id: slot,
                service: id,
                provider: service.provider,
                starts_at: body.starts_at,
                ends_at: body.ends_at,
                capacity: body.capacity,
                by: actor,
                at: state.clock.now(),
            }),
            key.meta(&actor, principal.user, "open-slot"),
        )
        .await?;
    Ok((StatusCode::CREATED, written(*slot.as_uuid(), &outcome)))
}

/// One listing.
#[utoipa::path(
    get,
    path = "/api/v1/services/{id}",
    tag = "services",
    params(("id" = ServiceId, Path, description = "The listing."), After),
    responses(
        (status = 200, description = "The listing", body = ServiceView),
        (status = 404, description = "No such listing", body = crate::http::openapi::ErrorBody),
        (status = 503, description = "Read models still catching up with `after`", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn service(
    State(state): State<AppState>,
    _principal: Principal,
    ApiPath(id): ApiPath<ServiceId>,
    ApiQuery(after): ApiQuery<After>,
) -> Result<Json<ServiceView>, ApiError> {
    after.wait(&state).await?;
    state
        .read
        .services
        .service(id)?
        .map(Json)
        .ok_or_else(|| not_found("service"))
}

/// Catalog search.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// Words the name or description contains.
    keyword: Option<String>,
    /// One category.
    category: Option<ServiceCategory>,
    /// Lowest price, fen.
    min_price: Option<i64>,
    /// Highest price, fen.
    max_price: Option<i64>,
    /// A jurisdiction code the service must serve.
    #[param(value_type = Option<String>)]
    area: Option<JurisdictionCode>,
    /// One provider's listings (in any state: the provider's own view).
    #[param(value_type = Option<String>, format = Uuid)]
    provider: Option<ProviderId>,
    /// Read-your-writes.
    after: Option<u64>,
    /// The `next` cursor of the previous page.
    cursor: Option<String>,
    /// Page size (default 20, at most 100).
    #[param(minimum = 1, maximum = 100)]
    limit: Option<usize>,
}

/// Searches the catalog: bookable listings (provider approved, not withdrawn) by keyword,
/// category, price range and area.
#[utoipa::path(
    get,
    path = "/api/v1/services",
    tag = "services",
    params(SearchQuery),
    responses(
        (status = 200, description = "Matching listings", body = PageOf<ServiceView>),
        (status = 503, description = "Read models still catching up with `after`", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn search(
    State(state): State<AppState>,
    _principal: Principal,
    ApiQuery(query): ApiQuery<SearchQuery>,
) -> Result<Json<PageOf<ServiceView>>, ApiError> {
    After { after: query.after }.wait(&state).await?;
    let search = ServiceSearch {
        keyword: query.keyword,
        category: query.category,
        min_price: query.min_price.map(Fen),
        max_price: query.max_price.map(Fen),
        area: query.area,
        provider: query.provider,
    };
    let page = paging(query.cursor, query.limit).page();
    Ok(Json(state.read.services.search(&search, &page)?))
}

/// Which slots.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SlotsQuery {
    /// Only slots starting at or after this (default: now).
    from: Option<DateTime<Utc>>,
    /// Read-your-writes.
    after: Option<u64>,
    /// The `next` cursor of the previous page.
    cursor: Option<String>,
    /// Page size (default 20, at most 100).
    #[param(minimum = 1, maximum = 100)]
    limit: Option<usize>,
}

/// A listing's slots with places taken and free, earliest first.
#[utoipa::path(
    get,
    path = "/api/v1/services/{id}/slots",
    tag = "services",
    params(("id" = ServiceId, Path, description = "The listing."), SlotsQuery),
    responses(
        (status = 200, description = "Slots", body = PageOf<SlotView>),
        (status = 503, description = "Read models still catching up with `after`", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn slots(
    State(state): State<AppState>,
    _principal: Principal,
    ApiPath(id): ApiPath<ServiceId>,
    ApiQuery(query): ApiQuery<SlotsQuery>,
) -> Result<Json<PageOf<SlotView>>, ApiError> {
    After { after: query.after }.wait(&state).await?;
    let from = query.from.unwrap_or_else(|| state.clock.now());
    let page = paging(query.cursor, query.limit).page();
    Ok(Json(state.read.services.slots(id, from, &page)?))
}

/// Which days.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UsageQuery {
    /// First China day (default: 29 days before `to`).
    from: Option<NaiveDate>,
    /// Last China day (default: today).
    to: Option<NaiveDate>,
    /// Read-your-writes.
    after: Option<u64>,
}

/// Service usage for the dashboard: orders by category and day, completion rate, average
/// rating and revenue in fen.
#[utoipa::path(
    get,
    path = "/api/v1/dashboard/service-usage",
    tag = "services",
    params(UsageQuery),
    responses(
        (status = 200, description = "Usage", body = UsageReport),
        (status = 400, description = "`to` before `from`", body = crate::http::openapi::ErrorBody),
        (status = 403, description = "Managers and auditors only", body = crate::http::openapi::ErrorBody),
        (status = 503, description = "Read models still catching up with `after`", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn usage(
    State(state): State<AppState>,
    principal: Principal,
    ApiQuery(query): ApiQuery<UsageQuery>,
) -> Result<Json<UsageReport>, ApiError> {
    if !(principal.has(Role::Manager) || principal.has(Role::Auditor)) {
        return Err(ApiError::forbidden(
            "service usage is for managers and auditors",
        ));
    }
    After { after: query.after }.wait(&state).await?;
    let to = query
        .to
        .unwrap_or_else(|| linli_projections::models::china_day(state.clock.now()));
    let from = query
        .from
        .unwrap_or_else(|| to.checked_sub_days(chrono::Days::new(29)).unwrap_or(to));
    Ok(Json(state.read.services.usage(from, to)?))
}
