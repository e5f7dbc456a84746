//! Second-hand listings: a resident lists an item in their community (price in fen, 0 =
//! free); only the owner reserves it for a neighbour, releases, records the exchange or
//! withdraws it.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use linli_domain::neighbourhood::listing::*;
use linli_domain::neighbourhood::{ListingId, NeighbourhoodStream};
use linli_domain::{Fen, JurisdictionCode, MediaId, Role, StreamName, UserId};
use linli_projections::models::neighbourhood::ListingView;
use linli_projections::PageOf;
use serde::Deserialize;

use super::{known_community, member_of, missing, run, written, FeedQuery, Written};
use crate::auth::Principal;
use crate::http::consistency::After;
use crate::http::error::ApiError;
use crate::http::idempotency::IdempotencyKey;
use crate::http::json::ApiJson;
use crate::http::path::ApiPath;
use crate::http::query::{ApiQuery, Paging};
use crate::http::AppState;

/// The listing routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/listings", post(create).get(feed))
        .route("/api/v1/listings/{id}", get(one))
        .route("/api/v1/listings/{id}/reserve", post(reserve))
        .route("/api/v1/listings/{id}/release", post(release))
        .route("/api/v1/listings/{id}/exchange", post(exchange))
        .route("/api/v1/listings/{id}/withdraw", post(withdraw))
}

fn stream(id: ListingId) -> StreamName {
    StreamName::Neighbourhood(NeighbourhoodStream::Listing(id))
}

/// `POST /api/v1/listings`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ListBody {
    /// The community (containing your home grid).
    community: JurisdictionCode,
    /// Title (1–60 characters).
    title: String,
    /// Description (1–1000 characters).
    description: String,
    /// Asking price in fen; 0 = free.
    #[schema(minimum = 0, maximum = 10000000)]
    price_fen: i64,
    /// Uploaded photos.
    #[serde(default)]
    media: Vec<MediaId>,
}

/// `POST …/reserve`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReserveBody {
    /// The neighbour it is promised to.
    for_user: UserId,
}

#[utoipa::path(post, path = "/api/v1/listings", tag = "neighbourhood", request_body = ListBody,
    responses(
        (status = 201, description = "Listed", body = Written),
        (status = 403, description = "Not a resident of that community", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Contended", body = crate::http::openapi::ErrorBody),
        (status = 422, description = "A field is out of bounds, or an unknown place or photo", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])))]
pub(crate) async fn create(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiJson(body): ApiJson<ListBody>,
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
    let id = ListingId::from_uuid(key.new_id(principal.user, "listing"));
    let command = ListingCommand::List(CreateListing {
        listing_id: id,
        community: body.community,
        title: body.title,
        description: body.description,
        price: Fen(body.price_fen),
        media: body.media,
        by: actor,
        at: state.clock.now(),
    });
    let outcome = run::<Listing>(
        &state.engine,
        stream(id),
        command,
        &key,
        &principal,
        &actor,
        "listing-create",
    )
    .await?;
    Ok((StatusCode::CREATED, Json(written(*id.as_uuid(), &outcome))))
}

async fn owner_step(
    state: &AppState,
    principal: &Principal,
    key: &IdempotencyKey,
    id: ListingId,
    make: impl FnOnce(OwnerAction) -> ListingCommand,
    step: &str,
) -> Result<Json<Written>, ApiError> {
    let actor = principal.act_as(&[Role::Resident])?;
    let command = make(OwnerAction {
        by: actor,
        at: state.clock.now(),
    });
    let outcome = run::<Listing>(
        &state.engine,
        stream(id),
        command,
        key,
        principal,
        &actor,
        step,
    )
    .await?;
    Ok(Json(written(*id.as_uuid(), &outcome)))
}

#[utoipa::path(post, path = "/api/v1/listings/{id}/reserve", tag = "neighbourhood",
    params(("id" = ListingId, Path, description = "The listing.")), request_body = ReserveBody,
    responses(
        (status = 200, description = "Reserved", body = Written),
        (status = 403, description = "Not the owner", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such listing", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Not listed", body = crate::http::openapi::ErrorBody),
        (status = 422, description = "Reserved for yourself", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])))]
pub(crate) async fn reserve(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<ListingId>,
    ApiJson(body): ApiJson<ReserveBody>,
) -> Result<Json<Written>, ApiError> {
    owner_step(
        &state,
        &principal,
        &key,
        id,
        |a| {
            ListingCommand::Reserve(ReserveListing {
                for_user: body.for_user,
                by: a.by,
                at: a.at,
            })
        },
        "listing-reserve",
    )
    .await
}

#[utoipa::path(post, path = "/api/v1/listings/{id}/release", tag = "neighbourhood",
    params(("id" = ListingId, Path, description = "The listing.")),
    responses(
        (status = 200, description = "Listed again", body = Written),
        (status = 403, description = "Not the owner", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such listing", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Not reserved", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])))]
pub(crate) async fn release(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<ListingId>,
) -> Result<Json<Written>, ApiError> {
    owner_step(
        &state,
        &principal,
        &key,
        id,
        ListingCommand::Release,
        "listing-release",
    )
    .await
}

#[utoipa::path(post, path = "/api/v1/listings/{id}/exchange", tag = "neighbourhood",
    params(("id" = ListingId, Path, description = "The listing.")),
    responses(
        (status = 200, description = "Handed over", body = Written),
        (status = 403, description = "Not the owner", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such listing", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Not reserved", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])))]
pub(crate) async fn exchange(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<ListingId>,
) -> Result<Json<Written>, ApiError> {
    owner_step(
        &state,
        &principal,
        &key,
        id,
        ListingCommand::Exchange,
        "listing-exchange",
    )
    .await
}

#[utoipa::path(post, path = "/api/v1/listings/{id}/withdraw", tag = "neighbourhood",
    params(("id" = ListingId, Path, description = "The listing.")),
    responses(
        (status = 200, description = "Withdrawn", body = Written),
        (status = 403, description = "Not the owner", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such listing", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Already exchanged or withdrawn", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])))]
pub(crate) async fn withdraw(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<ListingId>,
) -> Result<Json<Written>, ApiError> {
    owner_step(
        &state,
        &principal,
        &key,
        id,
        ListingCommand::Withdraw,
        "listing-withdraw",
    )
    .await
}

#[utoipa::path(get, path = "/api/v1/listings", tag = "neighbourhood", params(FeedQuery, Paging),
    responses(
        (status = 200, description = "Newest first; status is `listed`, `reserved`, `exchanged` or `withdrawn`", body = PageOf<ListingView>),
        (status = 503, description = "Read models still catching up with `after`", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])))]
pub(crate) async fn feed(
    State(state): State<AppState>,
    _principal: Principal,
    ApiQuery(query): ApiQuery<FeedQuery>,
) -> Result<Json<PageOf<ListingView>>, ApiError> {
    query.wait(&state).await?;
    Ok(Json(
        state
            .read
            .neighbourhood
            .listings(&query.filter(), &query.paging.page())?,
    ))
}

#[utoipa::path(get, path = "/api/v1/listings/{id}", tag = "neighbourhood",
    params(("id" = ListingId, Path, description = "The listing."), After),
    responses(
        (status = 200, description = "The listing", body = ListingView),
        (status = 404, description = "No such listing", body = crate::http::openapi::ErrorBody),
        (status = 503, description = "Read models still catching up with `after`", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])))]
pub(crate) async fn one(
    State(state): State<AppState>,
    _principal: Principal,
    ApiPath(id): ApiPath<ListingId>,
    ApiQuery(after): ApiQuery<After>,
) -> Result<Json<ListingView>, ApiError> {
    after.wait(&state).await?;
    state
        .read
        .neighbourhood
        .listing(id)?
        .map(Json)
        .ok_or_else(|| missing("listing.not_found"))
}
