//! The HTTP surface. Handlers are thin; every error leaves through [`error::ApiError`].

pub mod error;
mod health;

use std::sync::Arc;
use std::time::Instant;

use axum::extract::{Request, State};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use linli_eventlog::EventLog;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::trace::TraceLayer;

use crate::metrics::Metrics;

/// Largest request body accepted; media uploads get their own, larger limit.
pub const BODY_LIMIT_BYTES: usize = 64 * 1024;

/// What every handler can reach.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The event log.
    pub log: EventLog,
    /// Metrics registry.
    pub metrics: Arc<Metrics>,
}

/// The whole router.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/metrics", get(health::metrics))
        .fallback(error::not_found)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            record_latency,
        ))
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT_BYTES))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

async fn record_latency(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let response = next.run(request).await;
    state
        .metrics
        .request_seconds
        .observe(started.elapsed().as_secs_f64());
    response
}
