//! `/api/v1/complaints`: filing, handling and following complaints.

pub(super) mod bodies;
pub(super) mod commands;
pub(super) mod queries;

use axum::routing::{get, post};
use axum::Router;

pub use queries::may_read;

use super::AppState;

/// The complaint routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/complaints",
            post(commands::file).get(queries::search),
        )
        .route("/api/v1/complaints/mine", get(queries::mine))
        .route("/api/v1/complaints/{id}", get(queries::detail))
        .route("/api/v1/complaints/{id}/accept", post(commands::accept))
        .route("/api/v1/complaints/{id}/notes", post(commands::note))
        .route("/api/v1/complaints/{id}/transfer", post(commands::transfer))
        .route("/api/v1/complaints/{id}/reject", post(commands::reject))
        .route("/api/v1/complaints/{id}/resolve", post(commands::resolve))
        .route("/api/v1/complaints/{id}/confirm", post(commands::confirm))
        .route("/api/v1/complaints/{id}/reopen", post(commands::reopen))
        .route("/api/v1/complaints/{id}/rate", post(commands::rate))
        .route("/api/v1/complaints/{id}/escalate", post(commands::escalate))
        .route("/api/v1/complaints/{id}/withdraw", post(commands::withdraw))
        .route("/api/v1/complaints/{id}/merge", post(commands::merge))
        .route("/api/v1/queue", get(queries::queue))
        .route("/api/v1/dashboard", get(queries::dashboard))
}
