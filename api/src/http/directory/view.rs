//! `GET /api/v1/directory`: the tree with cadres per node, routing rules and time limits.
//! Any signed-in user may read it: residents pick places from it, and cadre ids are not
//! personal data.

use axum::extract::State;
use axum::Json;
use linli_projections::models::directory::{NodeView, RoutingRuleView, TimeLimitsView};
use serde::Serialize;

use crate::auth::Principal;
use crate::http::consistency::After;
use crate::http::error::ApiError;
use crate::http::query::ApiQuery;
use crate::http::AppState;

/// The whole directory.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DirectoryBody {
    /// Root nodes with their subtrees (code, name, level, aliases, cadres, children).
    pub tree: Vec<NodeView>,
    /// Every routing rule.
    pub routing_rules: Vec<RoutingRuleView>,
    /// Every category's time limits that are set.
    pub time_limits: Vec<TimeLimitsView>,
}

#[utoipa::path(
    get,
    path = "/api/v1/directory",
    tag = "directory",
    params(crate::http::consistency::After),
    responses(
        (status = 200, description = "The jurisdiction tree, rules and limits", body = DirectoryBody),
        (status = 503, description = "Read models still catching up with `after`", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// Reads the directory read model (after `?after=` if given).
pub async fn directory(
    State(state): State<AppState>,
    _principal: Principal,
    ApiQuery(after): ApiQuery<After>,
) -> Result<Json<DirectoryBody>, ApiError> {
    after.wait(&state).await?;
    let view = &state.read.directory;
    Ok(Json(DirectoryBody {
        tree: view.tree()?,
        routing_rules: view.routing_rules()?,
        time_limits: view.time_limits()?,
    }))
}
