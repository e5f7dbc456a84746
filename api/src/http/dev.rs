//! Test-only routes, present only on a server started with `--dev-clock`: move the clock
//! forward and run the deadline scheduler now.

use axum::extract::State;
use axum::Json;
use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use super::error::ApiError;
use super::json::ApiJson;
use super::AppState;

/// `POST /api/v1/dev/clock`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct Advance {
    /// Minutes to move forward.
    #[schema(minimum = 0, maximum = 527040)]
    minutes: i64,
}

/// The server's time after the change.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Now {
    /// The server's "now".
    now: DateTime<Utc>,
}

#[utoipa::path(
    post,
    path = "/api/v1/dev/clock",
    tag = "dev",
    request_body = Advance,
    responses(
        (status = 200, description = "The clock moved", body = Now),
        (status = 404, description = "The server was started without --dev-clock", body = crate::http::openapi::ErrorBody),
    ),
)]
pub async fn advance_clock(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<Advance>,
) -> Result<Json<Now>, ApiError> {
    let clock = state
        .dev_clock
        .as_ref()
        .ok_or_else(|| ApiError::not_found("no such route"))?;
    if !(0..=60 * 24 * 366).contains(&body.minutes) {
        return Err(ApiError::invalid(
            "dev.invalid_minutes",
            "move forward by 0 to 527040 minutes",
        ));
    }
    clock.advance(TimeDelta::minutes(body.minutes));
    Ok(Json(Now {
        now: state.clock.now(),
    }))
}

/// What one scheduler tick did.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Ticked {
    /// The log position after the tick, for `?after=`.
    position: u64,
    /// The scheduler's report.
    report: String,
}

#[utoipa::path(
    post,
    path = "/api/v1/dev/scheduler/tick",
    tag = "dev",
    responses(
        (status = 200, description = "The scheduler ran", body = Ticked),
        (status = 404, description = "The server was started without --dev-clock", body = crate::http::openapi::ErrorBody),
    ),
)]
pub async fn tick(State(state): State<AppState>) -> Result<Json<Ticked>, ApiError> {
    if state.dev_clock.is_none() {
        return Err(ApiError::not_found("no such route"));
    }
    let report = state.scheduler.tick().await.map_err(ApiError::from)?;
    Ok(Json(Ticked {
        position: state.log.head().position.0,
        report: format!("{report:?}"),
    }))
}
