//! Dashboard counts of the community services, over the places the caller oversees.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use linli_domain::Role;
use linli_projections::models::civic::counts::CivicCounts;

use super::announcements::staff_only;
use crate::auth::{scope, Principal};
use crate::http::consistency::After;
use crate::http::error::ApiError;
use crate::http::query::ApiQuery;
use crate::http::AppState;

/// The dashboard route.
pub fn routes() -> Router<AppState> {
    Router::new().route("/api/v1/dashboard/civic", get(counts))
}

#[utoipa::path(
    get,
    path = "/api/v1/dashboard/civic",
    tag = "dashboard",
    params(After),
    responses(
        (status = 200, description = "Announcements, applications, errands (by status, in the places the caller oversees) and feedback (managers and auditors)", body = CivicCounts),
        (status = 403, description = "Staff only", body = crate::http::openapi::ErrorBody),
        (status = 503, description = "Read models still catching up with `after`", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// Counts per status of each community service.
pub async fn counts(
    State(state): State<AppState>,
    principal: Principal,
    ApiQuery(after): ApiQuery<After>,
) -> Result<Json<CivicCounts>, ApiError> {
    staff_only(&principal)?;
    after.wait(&state).await?;
    let feedback = principal.has(Role::Manager) || principal.has(Role::Auditor);
    let covers = |place: Option<&linli_domain::JurisdictionCode>| match place {
        Some(code) => scope::may_oversee(&principal, code),
        None => feedback,
    };
    Ok(Json(state.read.civic.counts.counts(&covers)?))
}
