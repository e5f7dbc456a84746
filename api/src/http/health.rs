//! Liveness and metrics.

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use axum::Json;
use serde::Serialize;

use super::AppState;

/// What `/healthz` reports.
#[derive(Debug, Serialize)]
pub struct Health {
    /// Always `ok` when the server answers.
    status: &'static str,
    /// The durable head position of the log.
    log_position: u64,
}

pub async fn healthz(State(state): State<AppState>) -> Json<Health> {
    Json(Health {
        status: "ok",
        log_position: state.log.head().position.0,
    })
}

pub async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    state
        .metrics
        .log_head
        .set(state.log.head().position.0 as i64);
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        state.metrics.render(),
    )
}
