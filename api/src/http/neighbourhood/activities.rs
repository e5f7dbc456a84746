//! Community events: a cadre or manager in scope schedules one with a capacity; residents
//! of the community register (a seat, or the waitlist once full) and cancel (the first
//! waitlisted resident is promoted); the organiser or a manager in scope cancels the event.
//!
//! Seats are decided on the event's own stream and appended with its expected version, so
//! parallel registrations conflict and are decided again by the engine; registration gets a
//! generous retry budget because a popular event is exactly a hot stream.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::{DateTime, Utc};
use linli_domain::neighbourhood::activity::*;
use linli_domain::neighbourhood::{ActivityId, NeighbourhoodStream};
use linli_domain::{JurisdictionCode, Role, StreamName};
use linli_projections::models::neighbourhood::ActivityView;
use linli_projections::PageOf;
use serde::{Deserialize, Serialize};

use super::{known_community, load, member_of, missing, oversees, run, staff_of, written};
use super::{FeedQuery, Written};
use crate::auth::Principal;
use crate::http::consistency::After;
use crate::http::error::ApiError;
use crate::http::idempotency::IdempotencyKey;
use crate::http::json::ApiJson;
use crate::http::path::ApiPath;
use crate::http::query::{ApiQuery, Paging};
use crate::http::AppState;

/// Decisions per registration before answering `request.contended`: every parallel
/// registration for one event conflicts with all the others, and each round of the log's
/// group commit lets exactly one of them through.
const REGISTRATION_ATTEMPTS: u32 = 256;

/// The community event routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/activities", post(schedule).get(feed))
        .route("/api/v1/activities/{id}", get(one))
        .route("/api/v1/activities/{id}/register", post(register))
        .route("/api/v1/activities/{id}/registration/cancel", post(leave))
        .route("/api/v1/activities/{id}/cancel", post(cancel))
}

fn stream(id: ActivityId) -> StreamName {
    StreamName::Neighbourhood(NeighbourhoodStream::Activity(id))
}

/// `POST /api/v1/activities`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScheduleBody {
    /// The community it is for (within your scope).
    community: JurisdictionCode,
    /// Title (1–60 characters).
    title: String,
    /// Description (1–2000 characters).
    description: String,
    /// Where (1–100 characters).
    place: String,
    /// Start (in the future); registration closes then.
    starts_at: DateTime<Utc>,
    /// Seats (1–10000).
    #[schema(minimum = 1, maximum = 10000)]
    capacity: u32,
}

/// `POST …/cancel`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CancelBody {
    /// Why (1–200 characters).
    reason: String,
}

/// What a registration answers.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Registration {
    /// The command's answer.
    #[serde(flatten)]
    written: Written,
    /// `registered` (a seat) or `waitlisted`.
    #[schema(value_type = String, pattern = "^(registered|waitlisted)$")]
    outcome: &'static str,
}

#[utoipa::path(post, path = "/api/v1/activities", tag = "neighbourhood", request_body = ScheduleBody,
    responses(
        (status = 201, description = "Scheduled", body = Written),
        (status = 403, description = "Not a cadre or manager in scope", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Contended", body = crate::http::openapi::ErrorBody),
        (status = 422, description = "A field is out of bounds, or an unknown place", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])))]
pub(crate) async fn schedule(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiJson(body): ApiJson<ScheduleBody>,
) -> Result<(StatusCode, Json<Written>), ApiError> {
    let actor = principal.act_as(&[Role::Manager, Role::Cadre])?;
    known_community(&state, &body.community)?;
    staff_of(&principal, &body.community)?;
    let id = ActivityId::from_uuid(key.new_id(principal.user, "activity"));
    let command = ActivityCommand::Schedule(ScheduleActivity {
        activity_id: id,
        community: body.community,
        title: body.title,
        description: body.description,
        place: body.place,
        starts_at: body.starts_at,
        capacity: body.capacity,
        by: actor,
        at: state.clock.now(),
    });
    let outcome = run::<Activity>(
        &state.engine,
        stream(id),
        command,
        &key,
        &principal,
        &actor,
        "activity-schedule",
    )
    .await?;
    Ok((StatusCode::CREATED, Json(written(*id.as_uuid(), &outcome))))
}

#[utoipa::path(post, path = "/api/v1/activities/{id}/register", tag = "neighbourhood",
    params(("id" = ActivityId, Path, description = "The event.")),
    responses(
        (status = 200, description = "A seat, or a waitlist place when full", body = Registration),
        (status = 403, description = "Not a resident of the community", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such event", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Already registered, cancelled, under way, or contended", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])))]
pub(crate) async fn register(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<ActivityId>,
) -> Result<Json<Registration>, ApiError> {
    let actor = principal.act_as(&[Role::Resident])?;
    let activity = load::<Activity, _>(&state, stream(id), "activity.not_found")?;
    member_of(&principal, &activity.community)?;
    let command = ActivityCommand::Register(RegisterForActivity {
        by: actor,
        at: state.clock.now(),
    });
    let engine = state
        .engine
        .clone()
        .with_max_attempts(REGISTRATION_ATTEMPTS);
    let outcome = run::<Activity>(
        &engine,
        stream(id),
        command,
        &key,
        &principal,
        &actor,
        "activity-register",
    )
    .await?;
    let outcome_name = match outcome.events.first() {
        Some(ActivityEvent::Waitlisted(_)) => "waitlisted",
        _ => "registered",
    };
    Ok(Json(Registration {
        written: written(*id.as_uuid(), &outcome),
        outcome: outcome_name,
    }))
}

#[utoipa::path(post, path = "/api/v1/activities/{id}/registration/cancel", tag = "neighbourhood",
    params(("id" = ActivityId, Path, description = "The event.")),
    responses(
        (status = 200, description = "Seat or waitlist place given up; the first waitlisted resident is promoted", body = Written),
        (status = 403, description = "Residents only", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such event", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Not registered, cancelled, under way, or contended", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])))]
pub(crate) async fn leave(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<ActivityId>,
) -> Result<Json<Written>, ApiError> {
    let actor = principal.act_as(&[Role::Resident])?;
    let command = ActivityCommand::CancelRegistration(CancelRegistration {
        by: actor,
        at: state.clock.now(),
    });
    let engine = state
        .engine
        .clone()
        .with_max_attempts(REGISTRATION_ATTEMPTS);
    let outcome = run::<Activity>(
        &engine,
        stream(id),
        command,
        &key,
        &principal,
        &actor,
        "activity-leave",
    )
    .await?;
    Ok(Json(written(*id.as_uuid(), &outcome)))
}

#[utoipa::path(post, path = "/api/v1/activities/{id}/cancel", tag = "neighbourhood",
    params(("id" = ActivityId, Path, description = "The event.")), request_body = CancelBody,
    responses(
        (status = 200, description = "Called off", body = Written),
        (status = 403, description = "Not the organiser or a manager in scope", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such event", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Already cancelled", body = crate::http::openapi::ErrorBody),
        (status = 422, description = "Empty or too long reason", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])))]
pub(crate) async fn cancel(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<ActivityId>,
    ApiJson(body): ApiJson<CancelBody>,
) -> Result<Json<Written>, ApiError> {
    let actor = principal.act_as(&[Role::Manager, Role::Cadre])?;
    let activity = load::<Activity, _>(&state, stream(id), "activity.not_found")?;
    staff_of(&principal, &activity.community)?;
    let command = ActivityCommand::Cancel(CancelActivity {
        reason: body.reason,
        by: actor,
        at: state.clock.now(),
    });
    let outcome = run::<Activity>(
        &state.engine,
        stream(id),
        command,
        &key,
        &principal,
        &actor,
        "activity-cancel",
    )
    .await?;
    Ok(Json(written(*id.as_uuid(), &outcome)))
}

/// The organiser and staff in scope see who registered; others see only themselves.
fn redact(principal: &Principal, mut a: ActivityView) -> ActivityView {
    if a.organiser != principal.user && !oversees(principal, &a.community) {
        a.seats.retain(|u| *u == principal.user);
        a.waitlist.retain(|u| *u == principal.user);
    }
    a
}

#[utoipa::path(get, path = "/api/v1/activities", tag = "neighbourhood", params(FeedQuery, Paging),
    responses(
        (status = 200, description = "Newest announced first; status is `open`, `full` or `cancelled`", body = PageOf<ActivityView>),
        (status = 503, description = "Read models still catching up with `after`", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])))]
pub(crate) async fn feed(
    State(state): State<AppState>,
    principal: Principal,
    ApiQuery(query): ApiQuery<FeedQuery>,
) -> Result<Json<PageOf<ActivityView>>, ApiError> {
    query.wait(&state).await?;
    let page = state
        .read
        .neighbourhood
        .activities(&query.filter(), &query.paging.page())?;
    Ok(Json(PageOf {
        items: page
            .items
            .into_iter()
            .map(|a| redact(&principal, a))
            .collect(),
        next: page.next,
    }))
}

#[utoipa::path(get, path = "/api/v1/activities/{id}", tag = "neighbourhood",
    params(("id" = ActivityId, Path, description = "The event."), After),
    responses(
        (status = 200, description = "The event", body = ActivityView),
        (status = 404, description = "No such event", body = crate::http::openapi::ErrorBody),
        (status = 503, description = "Read models still catching up with `after`", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])))]
pub(crate) async fn one(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(id): ApiPath<ActivityId>,
    ApiQuery(after): ApiQuery<After>,
) -> Result<Json<ActivityView>, ApiError> {
    after.wait(&state).await?;
    let activity = state
        .read
        .neighbourhood
        .activity(id)?
        .ok_or_else(|| missing("activity.not_found"))?;
    Ok(Json(redact(&principal, activity)))
}
