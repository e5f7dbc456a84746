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
    let head = state.log.head().position.0;
    state.metrics.log_head.set(head as i64);
    for status in state.projector.status() {
        let label = crate::metrics::ProjectionLabel {
            projection: status.id.to_string(),
        };
        let lag = head.saturating_sub(status.progress.checkpoint.0);
        state
            .metrics
            .projection_lag
            .get_or_create(&label)
            .set(lag as i64);
        state
            .metrics
            .projection_failed
            .get_or_create(&label)
            .set(i64::from(status.progress.failure.is_some()));
    }
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        state.metrics.render(),
    )
}
