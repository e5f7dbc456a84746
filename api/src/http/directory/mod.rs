//! `/api/v1/directory`: reading the jurisdiction tree (any signed-in user) and administering
//! it (managers, within their scope; auditors never write). Every change goes through the
//! import planner in [`crate::directory`], so a single-entry change and a whole document are
//! checked, diffed and scoped the same way.

pub(super) mod edits;
mod errors;
pub(super) mod import;
pub(super) mod view;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;
use tower_http::limit::RequestBodyLimitLayer;

use super::AppState;

/// Largest import or node body: real boundary polygons (up to 10 000 positions each, the
/// domain's bound) make a county's document far larger than the API's usual JSON limit.
pub const DOCUMENT_LIMIT_BYTES: usize = 8 * 1024 * 1024;

/// The directory routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/directory", get(view::directory))
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

/// The routes that carry polygons, with their own larger body limit (merged outside the
/// small JSON limit, like media uploads).
pub fn document_routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/directory/import", post(import::import))
        .route("/api/v1/directory/nodes", post(edits::define_node))
        .layer(DefaultBodyLimit::disable())
        .layer(RequestBodyLimitLayer::new(DOCUMENT_LIMIT_BYTES))
}
