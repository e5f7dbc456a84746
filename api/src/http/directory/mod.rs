//! `/api/v1/directory`: reading the jurisdiction tree (any signed-in user) and administering
//! it (managers, within their scope; auditors never write). Every change goes through the
//! import planner in [`crate::directory`], so a single-entry change and a whole document are
//! checked, diffed and scoped the same way.

mod edits;
mod errors;
mod import;
mod view;

use axum::routing::{get, post};
use axum::Router;

use super::AppState;

/// The directory routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/directory", get(view::directory))
        .route("/api/v1/directory/import", post(import::import))
        .route("/api/v1/directory/nodes", post(edits::define_node))
        .route("/api/v1/directory/cadres", post(edits::post_cadre))
        .route("/api/v1/directory/cadres/unpost", post(edits::unpost_cadre))
        .route("/api/v1/directory/rules", post(edits::set_rule))
        .route(
            "/api/v1/directory/time-limits",
            post(edits::set_time_limits),
        )
        .route("/api/v1/directory/calendar", post(edits::set_calendar))
        .route(
            "/api/v1/directory/working-hours",
            post(edits::set_working_hours),
        )
}
