//! Reserving an order (slot place first, then the order) and reading orders.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use chrono::{DateTime, Utc};
use linli_domain::services::catalog::Service;
use linli_domain::services::order::{checked_address, Order, OrderCommand, ReserveOrder};
use linli_domain::services::provider::provider_of;
use linli_domain::services::slot::{BookSlot, ReleaseSlot, Slot, SlotCommand};
use linli_domain::services::{Contact, ProviderStanding, ServicesError};
use linli_domain::{
    Aggregate, DomainError, JurisdictionCode, OrderId, ProviderId, Role, ServiceId, SlotId,
    StreamName,
};
use linli_projections::models::services::OrderView;
use linli_projections::PageOf;
use serde::Deserialize;

use super::providers::paging;
use super::{load_provider, may_read_order, not_found, written, Written};
use crate::auth::Principal;
use crate::http::consistency::After;
use crate::http::error::ApiError;
use crate::http::idempotency::IdempotencyKey;
use crate::http::json::ApiJson;
use crate::http::path::ApiPath;
use crate::http::query::ApiQuery;
use crate::http::AppState;
use crate::privacy::orders::{open_order_async, open_page_async, Reader};

/// A booking holds a slot place; racing bookings of one slot conflict in the log and are
/// decided again. Many residents at once may need many rounds, so booking gets more
/// attempts than other commands before answering "contended".
const BOOKING_ATTEMPTS: u32 = 64;

/// A person to call.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactBody {
    /// Name (1–40 characters).
    name: String,
    /// Phone number.
    #[schema(value_type = String, example = "13800000000")]
    phone: linli_domain::user::PhoneNumber,
}

impl From<ContactBody> for Contact {
    fn from(c: ContactBody) -> Contact {
        Contact {
            name: c.name,
            phone: c.phone,
        }
    }
}

/// `POST /api/v1/orders`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReserveBody {
    /// The listing.
    service: ServiceId,
    /// One of its slots with a free place.
    slot: SlotId,
    /// Where the work is done (1–200 characters).
    address: String,
    /// The address's jurisdiction code; the listing must serve it.
    #[schema(value_type = Option<String>)]
    area: Option<JurisdictionCode>,
    /// Who to call.
    contact: ContactBody,
    /// For the worker (up to 300 characters).
    note: Option<String>,
}

fn refused(e: ServicesError) -> ApiError {
    ApiError::from(DomainError::from(e))
}

/// Reserves a place in a slot: the slot's place is taken first (the slot stream is the
/// capacity's consistency boundary), then the order is written. A retry with the same
/// Idempotency-Key completes a reservation interrupted between the two.
#[utoipa::path(
    post,
    path = "/api/v1/orders",
    tag = "services",
    request_body = ReserveBody,
    responses(
        (status = 201, description = "Reserved", body = Written),
        (status = 403, description = "Residents only", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such listing or slot", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Slot full or started, listing withdrawn, provider not approved, or contended", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn reserve(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiJson(body): ApiJson<ReserveBody>,
) -> Result<(StatusCode, Json<Written>), ApiError> {
    let actor = principal.act_as(&[Role::Resident])?;
    let now = state.clock.now();
    let service = state
        .engine
        .load::<Service>(StreamName::Service(body.service))?
        .state
        .ok_or_else(|| not_found("service"))?;
    if service.withdrawn {
        return Err(refused(ServicesError::ServiceWithdrawn));
    }
    let approved = load_provider(&state, service.provider)?
        .is_some_and(|p| p.standing == ProviderStanding::Approved);
    if !approved {
        return Err(refused(ServicesError::ProviderNotApproved));
    }
    let slot = state
        .engine
        .load::<Slot>(StreamName::Slot(body.slot))?
        .state
        .filter(|s| s.service == body.service)
        .ok_or_else(|| not_found("slot"))?;
    if let Some(area) = &body.area {
        if !service.serves(area) {
            return Err(ApiError::invalid(
                "services.out_of_scope",
                "this service does not serve that area",
            ));
        }
    }
    let address = checked_address(&body.address).map_err(refused)?;
    // Only ciphertext under the resident's own key reaches the log (issue 7).
    let me = principal.user;
    let sealed_address = crate::privacy::seal(&state.vault, me, address).await?;
    let sealed_phone =
        crate::privacy::seal(&state.vault, me, body.contact.phone.as_str().to_owned()).await?;
    let order_id = OrderId::from_uuid(key.new_id(principal.user, "order"));
    let command = OrderCommand::Reserve(ReserveOrder {
        order_id,
        service: body.service,
        provider: service.provider,
        category: service.category,
        service_name: service.name.clone(),
        price: service.price,
        slot: body.slot,
        slot_starts_at: slot.starts_at,
        address: sealed_address,
        area: body.area,
        contact_name: body.contact.name,
        contact_phone: sealed_phone,
        note: body.note,
        by: actor,
        at: now,
    });
    // Refuse bad input before a place is taken, so a refusal never holds a place.
    Order::decide(&command, &None).map_err(refused)?;
    state
        .engine
        .clone()
        .with_max_attempts(BOOKING_ATTEMPTS)
        .execute::<Slot>(
            StreamName::Slot(body.slot),
            SlotCommand::Book(BookSlot {
                order: order_id,
                by: actor,
                at: now,
            }),
            key.meta(&actor, principal.user, "book-slot"),
        )
        .await?;
    let reserved = state
        .engine
        .execute::<Order>(
            StreamName::Order(order_id),
            command,
            key.meta(&actor, principal.user, "reserve"),
        )
        .await;
    match reserved {
        Ok(outcome) => Ok((StatusCode::CREATED, written(*order_id.as_uuid(), &outcome))),
        Err(e) => {
            // Give the place back; the order was not written.
            let _ = state
                .engine
                .execute::<Slot>(
                    StreamName::Slot(body.slot),
                    SlotCommand::Release(ReleaseSlot {
                        order: order_id,
                        by: actor,
                        at: now,
                    }),
                    key.meta(&actor, principal.user, "release-unreserved"),
                )
                .await;
            Err(e.into())
        }
    }
}

/// One order, for its resident, its provider, managers and auditors. The contact phone and
/// address are opened for the resident and the provider only; others get them redacted
/// (`address_status`, `contact_phone_status`), and everyone gets `forgotten` once the
/// resident was forgotten.
#[utoipa::path(
    get,
    path = "/api/v1/orders/{id}",
    tag = "services",
    params(("id" = OrderId, Path, description = "The order."), After),
    responses(
        (status = 200, description = "The order", body = OrderView),
        (status = 404, description = "No such order, or not yours to read", body = crate::http::openapi::ErrorBody),
        (status = 503, description = "Read models still catching up with `after`", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn order(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(id): ApiPath<OrderId>,
    ApiQuery(after): ApiQuery<After>,
) -> Result<Json<OrderView>, ApiError> {
    after.wait(&state).await?;
    let order = state
        .read
        .services
        .order(id)?
        .filter(|o| may_read_order(&principal, o.resident, o.provider))
        .ok_or_else(|| not_found("order"))?;
    Ok(Json(
        open_order_async(&state.vault, Reader::of(&principal), order).await,
    ))
}

/// Paging for order lists.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OrdersQuery {
    /// Read-your-writes.
    after: Option<u64>,
    /// The `next` cursor of the previous page.
    cursor: Option<String>,
    /// Page size (default 20, at most 100).
    #[param(minimum = 1, maximum = 100)]
    limit: Option<usize>,
}

/// The caller's order history, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/me/orders",
    tag = "services",
    params(OrdersQuery),
    responses(
        (status = 200, description = "Orders", body = PageOf<OrderView>),
        (status = 503, description = "Read models still catching up with `after`", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn my_orders(
    State(state): State<AppState>,
    principal: Principal,
    ApiQuery(query): ApiQuery<OrdersQuery>,
) -> Result<Json<PageOf<OrderView>>, ApiError> {
    After { after: query.after }.wait(&state).await?;
    let page = paging(query.cursor, query.limit).page();
    let orders = state
        .read
        .services
        .orders_of_resident(principal.user, &page)?;
    Ok(Json(
        open_page_async(&state.vault, Reader::of(&principal), orders).await,
    ))
}

/// The provider itself, a manager or an auditor.
fn may_see_provider(principal: &Principal, provider: ProviderId) -> Result<(), ApiError> {
    if (provider == provider_of(principal.user) && principal.has(Role::Provider))
        || principal.has(Role::Manager)
        || principal.has(Role::Auditor)
    {
        Ok(())
    } else {
        Err(ApiError::forbidden("only the provider sees its orders"))
    }
}

/// A provider's orders, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/providers/{id}/orders",
    tag = "services",
    params(("id" = ProviderId, Path, description = "The provider."), OrdersQuery),
    responses(
        (status = 200, description = "Orders", body = PageOf<OrderView>),
        (status = 403, description = "The provider, managers and auditors only", body = crate::http::openapi::ErrorBody),
        (status = 503, description = "Read models still catching up with `after`", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn provider_orders(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(id): ApiPath<ProviderId>,
    ApiQuery(query): ApiQuery<OrdersQuery>,
) -> Result<Json<PageOf<OrderView>>, ApiError> {
    may_see_provider(&principal, id)?;
    After { after: query.after }.wait(&state).await?;
    let page = paging(query.cursor, query.limit).page();
    let orders = state.read.services.orders_of_provider(id, &page)?;
    Ok(Json(
        open_page_async(&state.vault, Reader::of(&principal), orders).await,
    ))
}

/// Which part of a schedule.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ScheduleQuery {
    /// Only orders whose slot starts at or after this (default: now).
    from: Option<DateTime<Utc>>,
    /// Read-your-writes.
    after: Option<u64>,
    /// The `next` cursor of the previous page.
    cursor: Option<String>,
    /// Page size (default 20, at most 100).
    #[param(minimum = 1, maximum = 100)]
    limit: Option<usize>,
}

/// A provider's schedule: orders not cancelled, by slot start.
#[utoipa::path(
    get,
    path = "/api/v1/providers/{id}/schedule",
    tag = "services",
    params(("id" = ProviderId, Path, description = "The provider."), ScheduleQuery),
    responses(
        (status = 200, description = "Orders by slot start", body = PageOf<OrderView>),
        (status = 403, description = "The provider, managers and auditors only", body = crate::http::openapi::ErrorBody),
        (status = 503, description = "Read models still catching up with `after`", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn schedule(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(id): ApiPath<ProviderId>,
    ApiQuery(query): ApiQuery<ScheduleQuery>,
) -> Result<Json<PageOf<OrderView>>, ApiError> {
    may_see_provider(&principal, id)?;
    After { after: query.after }.wait(&state).await?;
    let from = query.from.unwrap_or_else(|| state.clock.now());
    let page = paging(query.cursor, query.limit).page();
    let orders = state.read.services.schedule(id, from, &page)?;
    Ok(Json(
        open_page_async(&state.vault, Reader::of(&principal), orders).await,
    ))
}
