//! The HTTP surface. Handlers are thin; every error leaves through [`error::ApiError`].

pub mod admin;
pub mod audit;
mod auth_routes;
pub mod body_limit;
mod civic;
mod complaints;
pub mod consistency;
mod dev;
mod directory;
mod encouragements;
pub mod error;
mod health;
pub mod idempotency;
mod inbox;
pub mod json;
mod media;
mod neighbourhood;
pub mod openapi;
pub mod path;
mod privacy;
pub mod query;
mod screen;
mod services;
mod sse;
mod users;

use std::sync::Arc;
use std::time::Instant;

use axum::extract::{Request, State};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use linli_engine::{Clock, Engine};
use linli_eventlog::EventLog;
use tower_http::trace::TraceLayer;

use crate::metrics::Metrics;

/// Largest request body accepted; media uploads get their own, larger limit.
pub const BODY_LIMIT_BYTES: usize = 64 * 1024;

/// Whether the development login (`POST /api/v1/auth/dev`) exists on this server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DevLogin {
    /// Only with the explicit `--dev-login` flag: anyone can sign in as any openid.
    Enabled,
    /// The default: the route answers 404.
    Disabled,
}

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// The event log.
    pub log: EventLog,
    /// The write side.
    pub engine: Engine,
    /// Bearer-token sessions.
    pub sessions: crate::auth::SessionStore,
    /// "Now", injected so tests can move time.
    pub clock: Arc<dyn Clock>,
    /// code2Session client, when WeChat credentials are configured.
    pub wechat_login: Option<linli_wechat::LoginClient>,
    /// Whether the development login is on.
    pub dev_login: DevLogin,
    /// Whether `/api/v1/dev/clock` and `/api/v1/dev/scheduler/tick` exist (tests only).
    pub dev_clock: Option<Arc<crate::clock::OffsetClock>>,
    /// Every read model.
    pub read: linli_projections::ReadModels,
    /// The projection runtime, for read-your-writes waits.
    pub projector: Arc<linli_projections::Projector<linli_projections::DomainDecoder>>,
    /// The directory as the router sees it, refreshed when the directory stream moves.
    pub directory: linli_engine::DirectoryCache,
    /// The deadline scheduler (also run on demand by the dev route).
    pub scheduler: linli_engine::scheduler::Scheduler,
    /// Photos, videos and voice notes.
    pub media: crate::media::MediaStore,
    /// Residents' keys for their personal data (never inside the log's database).
    pub vault: linli_vault::Vault,
    /// Open311 partners' api_keys.
    pub open311: crate::open311::Partners,
    /// How long after resolution a resident may reopen.
    pub reopen_window: chrono::TimeDelta,
    /// Metrics registry.
    pub metrics: Arc<Metrics>,
    /// WeChat Pay or the sandbox payer, when configured.
    pub payments: Option<Arc<crate::pay::Payments>>,
    /// The admin token and the audit API's verify runs.
    pub operator: admin::Operator,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("head", &self.log.head().position)
            .field("dev_login", &self.dev_login)
            .finish_non_exhaustive()
    }
}

/// The whole router.
pub fn router(state: AppState) -> Router {
    // JSON routes share the small body limit; media uploads get their own.
    let json = body_limit::limited(
        Router::new()
            .route("/healthz", get(health::healthz))
            .route("/metrics", get(health::metrics))
            .route("/api/v1/auth/wechat", post(auth_routes::wechat))
            .route("/api/v1/auth/dev", post(auth_routes::dev))
            .route("/api/v1/auth/logout", post(auth_routes::logout))
            .route("/api/v1/me", get(auth_routes::me))
            .route("/api/v1/openapi.json", get(openapi::openapi_json))
            .route("/api/v1/dev/clock", post(dev::advance_clock))
            .route("/api/v1/dev/scheduler/tick", post(dev::tick))
            .merge(complaints::routes())
            .merge(crate::open311::routes())
            .merge(encouragements::routes())
            .merge(civic::routes())
            .merge(services::routes())
            .merge(inbox::routes())
            .merge(neighbourhood::routes())
            .merge(sse::routes())
            .merge(directory::routes())
            .merge(users::routes())
            .merge(privacy::routes())
            .merge(audit::routes())
            .merge(admin::routes()),
        BODY_LIMIT_BYTES,
    );
    Router::new()
        .merge(json)
        .merge(media::routes())
        .merge(civic::upload_routes())
        .merge(screen::routes())
        .merge(directory::document_routes())
        .fallback(error::not_found)
        .method_not_allowed_fallback(error::method_not_allowed)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            record_latency,
        ))
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
