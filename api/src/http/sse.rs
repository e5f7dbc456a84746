//! Server-sent events: a complaint's progress as it happens, and the live dashboard.
//!
//! Both follow the log with a subscription (which never skips or repeats an event), wait
//! until the read models have applied what they saw, and then send the read model's view,
//! so a client never receives something a following GET would not show.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, KeepAliveStream, Sse};
use axum::routing::get;
use axum::Router;
use linli_domain::complaint::ComplaintEvent;
use linli_domain::{ComplaintId, Role, StreamName};
use linli_engine::AnyEvent;
use linli_projections::models::dashboard::MinSample;
use linli_projections::models::progress::Audience;
use serde::Serialize;
use tokio::sync::mpsc;
use tokio_stream::wrappers::ReceiverStream;

use super::error::ApiError;
use super::path::ApiPath;
use super::AppState;
use crate::auth::StreamPrincipal;

/// How long read models get to catch up before an event is sent anyway.
const CATCH_UP: Duration = Duration::from_secs(5);
/// The dashboard is recomputed at most this often, however busy the log is.
const DASHBOARD_EVERY: Duration = Duration::from_secs(1);

/// The SSE routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/complaints/{id}/events", get(complaint_events))
        .route("/api/v1/dashboard/stream", get(dashboard_stream))
}

type EventStream = Sse<KeepAliveStream<ReceiverStream<Result<Event, Infallible>>>>;

fn sse(receiver: mpsc::Receiver<Result<Event, Infallible>>) -> EventStream {
    Sse::new(ReceiverStream::new(receiver))
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

fn json_event(name: &str, value: &impl Serialize) -> Event {
    Event::default()
        .event(name)
        .json_data(value)
        .unwrap_or_else(|_| Event::default().event("error").data("unserializable"))
}

#[utoipa::path(
    get,
    path = "/api/v1/complaints/{id}/events",
    tag = "complaints",
    params(("id" = ComplaintId, Path, description = "The complaint."), ("access_token" = Option<String>, Query, description = "The bearer token, for EventSource clients that cannot set headers.")),
    responses(
        (status = 200, description = "`progress` events: the complaint and its timeline, now and after every change", content_type = "text/event-stream", body = String),
        (status = 404, description = "No such complaint, or not yours to read", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// `GET /api/v1/complaints/{id}/events`: `progress` events with the complaint and its
/// timeline, first the current state, then after every change.
async fn complaint_events(
    State(state): State<AppState>,
    StreamPrincipal(principal): StreamPrincipal,
    ApiPath(id): ApiPath<ComplaintId>,
) -> Result<EventStream, ApiError> {
    if !super::complaints::may_read(&state, &principal, id)? {
        return Err(ApiError::not_found("no such complaint"));
    }
    let audience = match state.read.progress.complaint(id, Audience::Filer)? {
        Some(view) if view.resident == Some(principal.user) => Audience::Filer,
        _ => Audience::Handler,
    };
    let stream_name = StreamName::Complaint(id).to_string();
    let (sender, receiver) = mpsc::channel(16);
    let mut subscription = state.log.subscribe(state.log.head().position.next());
    tokio::spawn(async move {
        let snapshot = |state: &AppState| -> Option<Event> {
            let complaint = state.read.progress.complaint(id, audience).ok()??;
            let timeline = state.read.progress.timeline(id, audience).ok()?;
            Some(json_event(
                "progress",
                &serde_json::json!({"complaint": complaint, "timeline": timeline}),
            ))
        };
        if let Some(event) = snapshot(&state) {
            if sender.send(Ok(event)).await.is_err() {
                return;
            }
        }
        while let Some(Ok(record)) = subscription.next().await {
            if record.stream.as_str() != stream_name {
                continue;
            }
            let _ = state.projector.wait_for(record.position, CATCH_UP).await;
            if let Some(event) = snapshot(&state) {
                if sender
                    .send(Ok(event.id(record.position.to_string())))
                    .await
                    .is_err()
                {
                    return;
                }
            }
        }
    });
    Ok(sse(receiver))
}

/// One newly filed item for the data screen's live feed: no names, a short excerpt.
#[derive(Debug, Serialize)]
struct FiledItem {
    /// The complaint.
    id: ComplaintId,
    /// Its category.
    category: linli_domain::complaint::Category,
    /// Reported jurisdiction code, if the resident gave one.
    jurisdiction: Option<String>,
    /// When it was filed.
    filed_at: chrono::DateTime<chrono::Utc>,
    /// The first 40 characters of the description.
    excerpt: String,
}

#[utoipa::path(
    get,
    path = "/api/v1/dashboard/stream",
    tag = "complaints",
    params(("access_token" = Option<String>, Query, description = "The bearer token, for EventSource clients that cannot set headers.")),
    responses(
        (status = 200, description = "`dashboard` events (the overview) and `filed` events (new complaints)", content_type = "text/event-stream", body = String),
        (status = 403, description = "Managers and auditors only", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// `GET /api/v1/dashboard/stream`: `dashboard` events (the overview, at most once a
/// second, whenever the log moved) and `filed` events (each new complaint) for managers,
/// auditors and the data screen.
async fn dashboard_stream(
    State(state): State<AppState>,
    StreamPrincipal(principal): StreamPrincipal,
) -> Result<EventStream, ApiError> {
    if !(principal.has(Role::Manager) || principal.has(Role::Auditor)) {
        return Err(ApiError::forbidden(
            "the dashboard is for managers and auditors",
        ));
    }
    let (sender, receiver) = mpsc::channel(64);
    let mut subscription = state.log.subscribe(state.log.head().position.next());
    tokio::spawn(async move {
        let overview = |state: &AppState| {
            state
                .read
                .dashboard
                .overview(MinSample::default())
                .ok()
                .map(|v| json_event("dashboard", &v))
        };
        if let Some(event) = overview(&state) {
            if sender.send(Ok(event)).await.is_err() {
                return;
            }
        }
        let mut last_sent = tokio::time::Instant::now();
        let mut dirty = false;
        loop {
            let next = tokio::time::timeout(DASHBOARD_EVERY, subscription.next()).await;
            match next {
                Ok(Some(Ok(record))) => {
                    dirty = true;
                    if let Ok(AnyEvent::Complaint(id, ComplaintEvent::Filed(filed))) =
                        linli_engine::decode(&record)
                    {
                        let item = FiledItem {
                            id,
                            category: filed.category,
                            jurisdiction: filed.jurisdiction.map(|c| c.to_string()),
                            filed_at: filed.filed_at,
                            excerpt: filed.description.chars().take(40).collect(),
                        };
                        if sender.send(Ok(json_event("filed", &item))).await.is_err() {
                            return;
                        }
                    }
                }
                Ok(_) => return,
                Err(_) => {}
            }
            if dirty && last_sent.elapsed() >= DASHBOARD_EVERY {
                let _ = state
                    .projector
                    .wait_for(state.log.head().position, CATCH_UP)
                    .await;
                if let Some(event) = overview(&state) {
                    if sender.send(Ok(event)).await.is_err() {
                        return;
                    }
                }
                dirty = false;
                last_sent = tokio::time::Instant::now();
            }
        }
    });
    Ok(sse(receiver))
}
