//! Complaint queries: one complaint with its timeline, my complaints, the cadre queue,
//! the manager search, the dashboard.

use axum::extract::State;
use axum::Json;
use chrono::{DateTime, Utc};
use linli_domain::complaint::{Category, ComplaintStatus};
use linli_domain::{ComplaintId, JurisdictionCode, Role};
use linli_projections::models::dashboard::{DashboardView, MinSample};
use linli_projections::models::progress::{
    Audience, ComplaintSearch, ComplaintView, ResidentFilter, TimelineEntry,
};
use linli_projections::models::queues::QueueItem;
use linli_projections::PageOf;
use serde::{Deserialize, Serialize};

use crate::auth::scope::{self, ItemScope, Visibility};
use crate::auth::Principal;
use crate::http::consistency::After;
use crate::http::error::ApiError;
use crate::http::path::ApiPath;
use crate::http::query::{ApiQuery, Paging};
use crate::http::AppState;

/// A complaint and its progress.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ComplaintDetail {
    /// Where it stands.
    pub complaint: ComplaintView,
    /// Every step, oldest first (staff-only notes hidden from the resident).
    pub timeline: Vec<TimelineEntry>,
}

fn not_found() -> ApiError {
    ApiError {
        status: axum::http::StatusCode::NOT_FOUND,
        code: "complaint.not_found",
        message: "no such complaint".into(),
        details: serde_json::Value::Null,
    }
}

/// The complaint as its filer sees it, and the jurisdiction it is handled in, if `principal`
/// may read it: one read of the summary for the access check and the answer.
fn readable(
    state: &AppState,
    principal: &Principal,
    id: ComplaintId,
) -> Result<Option<(ComplaintView, Option<JurisdictionCode>)>, ApiError> {
    let Some(full) = state.read.progress.complaint(id, Audience::Filer)? else {
        return Ok(None);
    };
    let Some(owner) = full.resident else {
        return Ok(None);
    };
    let jurisdiction: Option<JurisdictionCode> = full
        .jurisdiction
        .as_deref()
        .or(full.reported_jurisdiction.as_deref())
        .and_then(|c| c.parse().ok());
    let allowed = scope::may_read(
        principal,
        &ItemScope {
            owner,
            public: if full.public {
                Visibility::Public
            } else {
                Visibility::Private
            },
            jurisdiction: jurisdiction.as_ref(),
            assignee: full.cadre,
        },
    );
    Ok(allowed.then_some((full, jurisdiction)))
}

/// Whether the principal may read the complaint (the rule `detail` applies).
pub fn may_read(
    state: &AppState,
    principal: &Principal,
    id: ComplaintId,
) -> Result<bool, ApiError> {
    Ok(readable(state, principal, id)?.is_some())
}

#[utoipa::path(
    get,
    path = "/api/v1/complaints/{id}",
    tag = "complaints",
    params(("id" = ComplaintId, Path, description = "The complaint."), After),
    responses(
        (status = 200, description = "Found", body = ComplaintDetail),
        (status = 404, description = "No such complaint, or not yours to read", body = crate::http::openapi::ErrorBody),
        (status = 503, description = "Read models still catching up with `after`", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// `GET /api/v1/complaints/{id}`: the filer, the staff responsible, auditors, and (for
/// public complaints) everyone. Anyone else gets 404, not 403, so ids cannot be probed.
pub async fn detail(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(id): ApiPath<ComplaintId>,
    ApiQuery(after): ApiQuery<After>,
) -> Result<Json<ComplaintDetail>, ApiError> {
    after.wait(&state).await?;
    let (full, jurisdiction) = readable(&state, &principal, id)?.ok_or_else(not_found)?;
    let owner = full.resident.ok_or_else(not_found)?;
    let audience = if owner == principal.user {
        Audience::Filer
    } else {
        Audience::Handler
    };
    let staff = owner != principal.user
        && (principal.has(Role::Auditor)
            || full.cadre == Some(principal.user)
            || scope::staff_covers(&principal, jurisdiction.as_ref()));
    let complaint = full.seen_by(audience);
    let mut timeline = state.read.progress.timeline(id, audience)?;
    if audience == Audience::Handler && !staff {
        // A neighbour reading a public complaint sees neither staff notes nor who is who.
        timeline.retain(|e| !e.internal);
        for entry in &mut timeline {
            entry.actor = None;
        }
    }
    Ok(Json(ComplaintDetail {
        complaint,
        timeline,
    }))
}

/// Filters for `GET /api/v1/complaints/mine`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MineQuery {
    /// Only this status.
    pub status: Option<ComplaintStatus>,
    /// Only this category.
    pub category: Option<Category>,
    /// Read-your-writes.
    pub after: Option<u64>,
    /// Documented as its own parameter set (`Paging`) on each list route.
    #[serde(flatten)]
    #[param(ignore)]
    paging: Paging,
}

#[utoipa::path(
    get,
    path = "/api/v1/complaints/mine",
    tag = "complaints",
    params(MineQuery, Paging),
    responses(
        (status = 200, description = "Found", body = PageOf<ComplaintView>),
        (status = 503, description = "Read models still catching up with `after`", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// `GET /api/v1/complaints/mine`: the signed-in resident's complaints, newest first.
pub async fn mine(
    State(state): State<AppState>,
    principal: Principal,
    ApiQuery(query): ApiQuery<MineQuery>,
) -> Result<Json<PageOf<ComplaintView>>, ApiError> {
    After { after: query.after }.wait(&state).await?;
    let filter = ResidentFilter {
        status: query.status,
        category: query.category,
    };
    Ok(Json(state.read.progress.by_resident(
        principal.user,
        &filter,
        &query.paging.page(),
    )?))
}

/// Filters for the manager search.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// Filed at or after.
    pub from: Option<DateTime<Utc>>,
    /// Filed before.
    pub to: Option<DateTime<Utc>>,
    /// Only this category.
    pub category: Option<Category>,
    /// Only this status.
    pub status: Option<ComplaintStatus>,
    /// Only within this jurisdiction (and below). Defaults to the manager's first scope.
    pub jurisdiction: Option<JurisdictionCode>,
    /// Read-your-writes.
    pub after: Option<u64>,
    /// Documented as its own parameter set (`Paging`) on each list route.
    #[serde(flatten)]
    #[param(ignore)]
    paging: Paging,
}

#[utoipa::path(
    get,
    path = "/api/v1/complaints",
    tag = "complaints",
    params(SearchQuery, Paging),
    responses(
        (status = 200, description = "Found", body = PageOf<ComplaintView>),
        (status = 403, description = "Needs a manager scope covering the jurisdiction, or auditor", body = crate::http::openapi::ErrorBody),
        (status = 503, description = "Read models still catching up with `after`", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// `GET /api/v1/complaints`: managers within their jurisdictions, auditors everywhere.
pub async fn search(
    State(state): State<AppState>,
    principal: Principal,
    ApiQuery(query): ApiQuery<SearchQuery>,
) -> Result<Json<PageOf<ComplaintView>>, ApiError> {
    After { after: query.after }.wait(&state).await?;
    let node = match query.jurisdiction {
        Some(node) => Some(node),
        None if principal.has(Role::Auditor) => None,
        None => principal
            .record
            .roles
            .get(&Role::Manager)
            .and_then(|s| s.iter().next().copied()),
    };
    let allowed = match &node {
        Some(node) => {
            scope::may_oversee(&principal, node)
                && (principal.has(Role::Auditor) || principal.record.covers(Role::Manager, node))
        }
        None => principal.has(Role::Auditor),
    };
    if !allowed {
        return Err(ApiError::forbidden(
            "searching complaints needs a manager scope covering the jurisdiction",
        ));
    }
    let search = ComplaintSearch {
        filed_from: query.from,
        filed_before: query.to,
        category: query.category,
        status: query.status,
        jurisdiction_prefix: node.map(|n| prefix_of(&n)),
    };
    Ok(Json(
        state.read.progress.search(&search, &query.paging.page())?,
    ))
}

/// The code prefix that matches a node and everything below it.
fn prefix_of(node: &JurisdictionCode) -> String {
    let text = node.to_string();
    if text.contains('-') {
        return text;
    }
    text.trim_end_matches('0').to_owned()
}

/// Parameters of the queue.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct QueueQuery {
    /// A jurisdiction's queue instead of my own.
    pub jurisdiction: Option<JurisdictionCode>,
    /// Read-your-writes.
    pub after: Option<u64>,
    /// Documented as its own parameter set (`Paging`) on each list route.
    #[serde(flatten)]
    #[param(ignore)]
    paging: Paging,
}

#[utoipa::path(
    get,
    path = "/api/v1/queue",
    tag = "complaints",
    params(QueueQuery, Paging),
    responses(
        (status = 200, description = "Found", body = PageOf<QueueItem>),
        (status = 403, description = "Not a cadre or manager, or outside your scope", body = crate::http::openapi::ErrorBody),
        (status = 503, description = "Read models still catching up with `after`", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// `GET /api/v1/queue`: my open items (or a jurisdiction's), due soonest first.
pub async fn queue(
    State(state): State<AppState>,
    principal: Principal,
    ApiQuery(query): ApiQuery<QueueQuery>,
) -> Result<Json<PageOf<QueueItem>>, ApiError> {
    After { after: query.after }.wait(&state).await?;
    let now = state.clock.now();
    let page = query.paging.page();
    match query.jurisdiction {
        Some(node) => {
            if !scope::may_oversee(&principal, &node) {
                return Err(ApiError::forbidden(
                    "this jurisdiction is outside your scope",
                ));
            }
            Ok(Json(
                state.read.queues.jurisdiction_queue(&node, now, &page)?,
            ))
        }
        None => {
            if !(principal.has(Role::Cadre) || principal.has(Role::Manager)) {
                return Err(ApiError::forbidden("the queue is for cadres and managers"));
            }
            Ok(Json(state.read.queues.cadre_queue(
                principal.user,
                now,
                &page,
            )?))
        }
    }
}

/// Parameters of the dashboard.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DashboardQuery {
    /// Fewest handled complaints for a cadre to be ranked (default 5).
    pub min_sample: Option<u32>,
    /// Read-your-writes.
    pub after: Option<u64>,
}

#[utoipa::path(
    get,
    path = "/api/v1/dashboard",
    tag = "complaints",
    params(DashboardQuery),
    responses(
        (status = 200, description = "Found", body = DashboardView),
        (status = 403, description = "Managers and auditors only", body = crate::http::openapi::ErrorBody),
        (status = 503, description = "Read models still catching up with `after`", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// `GET /api/v1/dashboard`: managers and auditors.
pub async fn dashboard(
    State(state): State<AppState>,
    principal: Principal,
    ApiQuery(query): ApiQuery<DashboardQuery>,
) -> Result<Json<DashboardView>, ApiError> {
    After { after: query.after }.wait(&state).await?;
    if !(principal.has(Role::Manager) || principal.has(Role::Auditor)) {
        return Err(ApiError::forbidden(
            "the dashboard is for managers and auditors",
        ));
    }
    let min_sample = query.min_sample.map(MinSample).unwrap_or_default();
    Ok(Json(state.read.dashboard.overview(min_sample)?))
}
