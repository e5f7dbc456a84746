//! `/api/v1/audit/…`: the auditors' read-only view of the log itself (not the read
//! models): events by position range, one stream, an aggregate's state at a moment, the
//! chain checkpoints, and whole-store verification. Auditors and managers only.

use std::sync::Mutex;

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use chrono::{DateTime, SecondsFormat, Utc};
use linli_domain::Role;
use linli_eventlog::{Position, StreamId, StreamVersion};
use serde::{Deserialize, Serialize};

use super::error::ApiError;
use super::path::ApiPath;
use super::query::{ApiQuery, Paging};
use super::AppState;
use crate::audit::checkpoints::{recorded, ChainCheckpointView};
use crate::audit::replay::first_position_since;
use crate::audit::state::{parse_stream, state_at, Moment, StateAtError, StateAtView};
use crate::audit::verify::verify_store;
use crate::audit::view::AuditEvent;
use crate::auth::Principal;

/// The audit routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/audit/events", get(events))
        .route("/api/v1/audit/streams/{stream}", get(stream))
        .route("/api/v1/audit/streams/{stream}/state", get(state_at_route))
        .route("/api/v1/audit/checkpoints", get(checkpoints))
        .route(
            "/api/v1/audit/verify",
            get(verify_status).post(verify_start),
        )
}

fn auditor(principal: &Principal) -> Result<(), ApiError> {
    if principal.has(Role::Auditor) || principal.has(Role::Manager) {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            "the audit API is for auditors and managers",
        ))
    }
}

fn storage(e: impl std::fmt::Display) -> ApiError {
    ApiError::internal(&e)
}

/// A page of events.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct EventPage {
    /// The events, in log (or stream) order.
    pub items: Vec<AuditEvent>,
    /// Pass as `cursor` for the next page; null when this was the last.
    pub next: Option<String>,
    /// The log's durable head when the page was read.
    pub head: u64,
}

fn cursor(paging: &Paging) -> Result<Option<u64>, ApiError> {
    paging
        .cursor
        .as_deref()
        .map(|c| {
            c.parse::<u64>().map_err(|_| {
                ApiError::invalid("request.invalid_query", "cursor is not one this API gave")
            })
        })
        .transpose()
}

/// `GET /api/v1/audit/events` query.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EventsQuery {
    /// First position (default 1); ignored when `cursor` or `since` is given.
    #[param(minimum = 0)]
    pub from: Option<u64>,
    /// Last position to include (default: the head).
    #[param(minimum = 0)]
    pub to: Option<u64>,
    /// Start at the first event committed at or after this moment (RFC 3339).
    pub since: Option<DateTime<Utc>>,
    /// Documented as its own parameter set (`Paging`).
    #[serde(flatten)]
    #[param(ignore)]
    pub paging: Paging,
}

#[utoipa::path(
    get,
    path = "/api/v1/audit/events",
    tag = "audit",
    params(EventsQuery, Paging),
    responses(
        (status = 200, description = "A page of the log", body = EventPage),
        (status = 403, description = "Auditors and managers only", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// `GET /api/v1/audit/events`: the log by position range, paged.
pub async fn events(
    State(state): State<AppState>,
    principal: Principal,
    ApiQuery(query): ApiQuery<EventsQuery>,
) -> Result<Json<EventPage>, ApiError> {
    auditor(&principal)?;
    let page = query.paging.page();
    let log = state.log.clone();
    let head = log.head().position.0;
    let from = match (cursor(&query.paging)?, query.since) {
        (Some(next), _) => next,
        (None, Some(since)) => first_position_since(&log, since).map_err(storage)?.0,
        (None, None) => query.from.unwrap_or(1).max(1),
    };
    let to = query.to.unwrap_or(head).min(head);
    let want = if from > to {
        0
    } else {
        ((to - from + 1) as usize).min(page.limit)
    };
    let items = tokio::task::spawn_blocking(move || log.read_all(Position(from), want))
        .await
        .map_err(storage)?
        .map_err(storage)?;
    let last = items.last().map(|r| r.position.0);
    let next = last.filter(|&p| p < to).map(|p| (p + 1).to_string());
    Ok(Json(EventPage {
        items: items.iter().map(AuditEvent::from).collect(),
        next,
        head,
    }))
}

fn stream_id(text: &str) -> Result<StreamId, ApiError> {
    StreamId::new(text).map_err(|_| ApiError::not_found("no such stream"))
}

#[utoipa::path(
    get,
    path = "/api/v1/audit/streams/{stream}",
    tag = "audit",
    params(("stream" = String, Path, description = "The stream, e.g. `complaint-<uuid>` or `directory`."), Paging),
    responses(
        (status = 200, description = "A page of the stream's history", body = EventPage),
        (status = 403, description = "Auditors and managers only", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such stream", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// `GET /api/v1/audit/streams/{stream}`: one stream's history by version, paged.
pub async fn stream(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(stream): ApiPath<String>,
    ApiQuery(paging): ApiQuery<Paging>,
) -> Result<Json<EventPage>, ApiError> {
    auditor(&principal)?;
    let id = stream_id(&stream)?;
    let log = state.log.clone();
    let head = log.head().position.0;
    let version = log.stream_version(&id).map_err(storage)?;
    if version.0 == 0 {
        return Err(ApiError::not_found("no such stream"));
    }
    let from = cursor(&paging)?.unwrap_or(1).max(1);
    let limit = paging.page().limit;
    let items = log
        .read_stream(&id, StreamVersion(from), limit)
        .map_err(storage)?;
    let next = items
        .last()
        .map(|r| r.version.0)
        .filter(|&v| v < version.0)
        .map(|v| (v + 1).to_string());
    Ok(Json(EventPage {
        items: items.iter().map(AuditEvent::from).collect(),
        next,
        head,
    }))
}

/// `GET /api/v1/audit/streams/{stream}/state` query.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StateQuery {
    /// A log position (`1234`) or an RFC 3339 time; the state includes every event of the
    /// stream at or before it.
    pub at: String,
}

#[utoipa::path(
    get,
    path = "/api/v1/audit/streams/{stream}/state",
    tag = "audit",
    params(("stream" = String, Path, description = "The stream, e.g. `complaint-<uuid>`."), StateQuery),
    responses(
        (status = 200, description = "The state as it was then", body = StateAtView),
        (status = 403, description = "Auditors and managers only", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "Not a stream name linli knows", body = crate::http::openapi::ErrorBody),
        (status = 422, description = "`at` is neither a position nor a time", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// `GET /api/v1/audit/streams/{stream}/state?at=`: an aggregate's state at a moment.
pub async fn state_at_route(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(stream): ApiPath<String>,
    ApiQuery(query): ApiQuery<StateQuery>,
) -> Result<Json<StateAtView>, ApiError> {
    auditor(&principal)?;
    let stream = parse_stream(&stream).map_err(|_| ApiError::not_found("no such stream"))?;
    let moment: Moment = query
        .at
        .parse()
        .map_err(|e: StateAtError| ApiError::invalid("audit.bad_moment", e.to_string()))?;
    let engine = state.engine.clone();
    let answer = tokio::task::spawn_blocking(move || state_at(&engine, stream, moment))
        .await
        .map_err(storage)?
        .map_err(ApiError::from)?;
    answer
        .map(Json)
        .map_err(|e| ApiError::invalid("audit.state_unavailable", e.to_string()))
}

/// A page of chain checkpoints.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CheckpointPage {
    /// Oldest first.
    pub items: Vec<ChainCheckpointView>,
    /// Pass as `cursor` for the next page; null when this was the last.
    pub next: Option<String>,
}

#[utoipa::path(
    get,
    path = "/api/v1/audit/checkpoints",
    tag = "audit",
    params(Paging),
    responses(
        (status = 200, description = "Recorded chain checkpoints, oldest first", body = CheckpointPage),
        (status = 403, description = "Auditors and managers only", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// `GET /api/v1/audit/checkpoints`: the recorded chain checkpoints, paged.
pub async fn checkpoints(
    State(state): State<AppState>,
    principal: Principal,
    ApiQuery(paging): ApiQuery<Paging>,
) -> Result<Json<CheckpointPage>, ApiError> {
    auditor(&principal)?;
    let from = cursor(&paging)?.unwrap_or(1).max(1);
    let limit = paging.page().limit;
    // One more than asked tells whether there is a next page.
    let mut items = recorded(&state.log, from, limit + 1)
        .map_err(|e| storage(format!("at position {}: {}", e.position, e.problem)))?;
    let next = (items.len() > limit).then(|| (from + limit as u64).to_string());
    items.truncate(limit);
    Ok(Json(CheckpointPage { items, next }))
}

/// Where a whole-store verification stands.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct VerifyStatus {
    /// `never_run`, `running`, `ok` or `damaged`.
    #[schema(value_type = String, pattern = "^(never_run|running|ok|damaged)$")]
    pub state: &'static str,
    /// When the latest run started (RFC 3339).
    pub started_at: Option<String>,
    /// When it finished.
    pub finished_at: Option<String>,
    /// Records checked so far (while running) or in all.
    pub checked: u64,
    /// The head the run covered.
    pub head_position: Option<u64>,
    /// Its hash.
    pub head_hash: Option<String>,
    /// Chain checkpoints recorded in the log that matched it.
    pub chain_checkpoints: Option<u64>,
    /// Projection checkpoints that fit the log.
    pub projection_checkpoints: Option<u64>,
    /// The first bad position, when damaged.
    pub damaged_position: Option<u64>,
    /// What is wrong there.
    pub problem: Option<String>,
}

/// The verify runs of this server: at most one at a time, the latest result kept.
#[derive(Debug, Default)]
pub struct VerifyRuns {
    status: Mutex<VerifyStatus>,
}

impl VerifyRuns {
    fn snapshot(&self) -> VerifyStatus {
        let status = self
            .status
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        if status.state.is_empty() {
            VerifyStatus {
                state: "never_run",
                ..status
            }
        } else {
            status
        }
    }

    fn update(&self, change: impl FnOnce(&mut VerifyStatus)) {
        change(&mut self.status.lock().unwrap_or_else(|p| p.into_inner()));
    }
}

fn now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true)
}

#[utoipa::path(
    get,
    path = "/api/v1/audit/verify",
    tag = "audit",
    responses(
        (status = 200, description = "The latest verification (or that none ran yet)", body = VerifyStatus),
        (status = 403, description = "Auditors and managers only", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// `GET /api/v1/audit/verify`: the latest whole-store verification, or its progress.
pub async fn verify_status(
    State(state): State<AppState>,
    principal: Principal,
) -> Result<Json<VerifyStatus>, ApiError> {
    auditor(&principal)?;
    Ok(Json(state.operator.verify.snapshot()))
}

#[utoipa::path(
    post,
    path = "/api/v1/audit/verify",
    tag = "audit",
    responses(
        (status = 202, description = "A verification runs in the background (this one, or one already running); poll GET", body = VerifyStatus),
        (status = 403, description = "Auditors and managers only", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// `POST /api/v1/audit/verify`: starts a whole-store verification unless one is running.
/// It walks the whole log, so it runs in the background and answers at once.
pub async fn verify_start(
    State(state): State<AppState>,
    principal: Principal,
) -> Result<(StatusCode, Json<VerifyStatus>), ApiError> {
    auditor(&principal)?;
    let runs = state.operator.verify.clone();
    let mut start = false;
    runs.update(|status| {
        if status.state != "running" {
            start = true;
            *status = VerifyStatus {
                state: "running",
                started_at: Some(now()),
                ..VerifyStatus::default()
            };
        }
    });
    if start {
        let log = state.log.clone();
        let progress_runs = runs.clone();
        tokio::task::spawn_blocking(move || {
            let result = verify_store(&log, &[], &mut |checked| {
                progress_runs.update(|s| s.checked = checked);
            });
            runs.update(|status| {
                status.finished_at = Some(now());
                match result {
                    Ok(report) => {
                        status.state = "ok";
                        status.checked = report.log.events;
                        status.head_position = Some(report.log.head.position.0);
                        status.head_hash = Some(report.log.head.hash.to_hex());
                        status.chain_checkpoints = Some(report.chain_checkpoints);
                        status.projection_checkpoints = Some(report.projection_checkpoints);
                    }
                    Err(damage) => {
                        tracing::error!(position = damage.position.0, problem = %damage.problem, "verification found damage");
                        status.state = "damaged";
                        status.damaged_position = Some(damage.position.0);
                        status.problem = Some(damage.problem);
                    }
                }
            });
        });
    }
    Ok((StatusCode::ACCEPTED, Json(state.operator.verify.snapshot())))
}
