//! The cadre ranking and the neighbourhood dashboard counts, for managers and auditors.
//!
//! The ranking is the dashboard's own (`projections/src/models/dashboard`: handled count,
//! resolution rate, satisfaction, encouragements, minimum sample), not a second copy: this
//! route only narrows it to the cadres posted under one jurisdiction.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use linli_domain::{JurisdictionCode, Role};
use linli_projections::models::dashboard::{CadreRanking, MinSample};
use linli_projections::models::neighbourhood::NeighbourhoodCounts;
use serde::Deserialize;

use crate::auth::{scope, Principal};
use crate::http::consistency::After;
use crate::http::error::ApiError;
use crate::http::query::ApiQuery;
use crate::http::AppState;

/// The ranking and counts routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/cadres/ranking", get(ranking))
        .route("/api/v1/neighbourhood/dashboard", get(counts))
}

/// Parameters of the ranking.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RankingQuery {
    /// Fewest assigned complaints for a cadre to be ranked (default 5).
    #[param(minimum = 0, maximum = 1000)]
    min_sample: Option<u32>,
    /// Only cadres posted at this node or below it (within your scope).
    #[param(value_type = Option<String>, pattern = "^[1-9][0-9]{11}(-G[0-9]{3})?$")]
    jurisdiction: Option<JurisdictionCode>,
    /// Read-your-writes.
    after: Option<u64>,
}

fn managers_only(principal: &Principal) -> Result<(), ApiError> {
    if principal.has(Role::Manager) || principal.has(Role::Auditor) {
        Ok(())
    } else {
        Err(ApiError::forbidden("this is for managers and auditors"))
    }
}

#[utoipa::path(get, path = "/api/v1/cadres/ranking", tag = "neighbourhood", params(RankingQuery),
    responses(
        (status = 200, description = "Ranked cadres best first, and those below the minimum sample", body = CadreRanking),
        (status = 403, description = "Managers and auditors only; jurisdiction outside your scope", body = crate::http::openapi::ErrorBody),
        (status = 503, description = "Read models still catching up with `after`", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])))]
pub(crate) async fn ranking(
    State(state): State<AppState>,
    principal: Principal,
    ApiQuery(query): ApiQuery<RankingQuery>,
) -> Result<Json<CadreRanking>, ApiError> {
    After { after: query.after }.wait(&state).await?;
    managers_only(&principal)?;
    let min_sample = query.min_sample.map(MinSample).unwrap_or_default();
    let mut ranking = state.read.dashboard.overview(min_sample)?.cadres;
    if let Some(node) = query.jurisdiction {
        if !scope::may_oversee(&principal, &node) {
            return Err(ApiError::forbidden(
                "this jurisdiction is outside your scope",
            ));
        }
        let directory = state.read.directory.state()?;
        let posted_under = |cadre| {
            directory
                .posts_of(cadre)
                .iter()
                .any(|(at, _)| node.covers(at))
        };
        ranking.ranked.retain(|s| posted_under(s.cadre));
        ranking.insufficient_data.retain(|s| posted_under(s.cadre));
        // Ranks are renumbered within the jurisdiction, keeping the order.
        for (i, s) in ranking.ranked.iter_mut().enumerate() {
            s.rank = Some(i as u32 + 1);
        }
    }
    Ok(Json(ranking))
}

#[utoipa::path(get, path = "/api/v1/neighbourhood/dashboard", tag = "neighbourhood", params(After),
    responses(
        (status = 200, description = "Counts for each kind of neighbourhood activity", body = NeighbourhoodCounts),
        (status = 403, description = "Managers and auditors only", body = crate::http::openapi::ErrorBody),
        (status = 503, description = "Read models still catching up with `after`", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])))]
pub(crate) async fn counts(
    State(state): State<AppState>,
    principal: Principal,
    ApiQuery(after): ApiQuery<After>,
) -> Result<Json<NeighbourhoodCounts>, ApiError> {
    after.wait(&state).await?;
    managers_only(&principal)?;
    Ok(Json(state.read.neighbourhood.counts()?))
}
