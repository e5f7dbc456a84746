//! Life services over HTTP: providers, the catalog and slots, orders and their payment.
//!
//! Handlers look up what a command needs (the service, its provider's standing, the slot),
//! build the domain command and run it through the engine with the caller's
//! Idempotency-Key. The domain decides who may make each transition; the few checks here
//! are about reading (who may see an order) and about not calling WeChat Pay for a command
//! the domain would refuse anyway.

pub(crate) mod catalog;
pub(crate) mod orders;
pub(crate) mod pay;
pub(crate) mod providers;
pub(crate) mod steps;

pub use catalog::*;
pub use orders::*;
pub use pay::*;
pub use providers::*;
pub use steps::*;

use axum::routing::{get, post};
use axum::{Json, Router};
use linli_domain::services::order::{Order, OrderRecord};
use linli_domain::services::provider::{owner_of, Provider, ProviderRecord};
use linli_domain::services::ServicesError;
use linli_domain::{DomainError, OrderId, ProviderId, Role, StreamName};
use linli_engine::CommandOutcome;
use serde::Serialize;
use uuid::Uuid;

use super::error::ApiError;
use super::AppState;
use crate::auth::Principal;

/// The life-service routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/providers", post(register).get(providers))
        .route("/api/v1/providers/{id}", get(provider))
        .route("/api/v1/providers/{id}/approve", post(approve))
        .route("/api/v1/providers/{id}/reject", post(reject))
        .route("/api/v1/providers/{id}/orders", get(provider_orders))
        .route("/api/v1/providers/{id}/schedule", get(schedule))
        .route("/api/v1/services", post(list).get(search))
        .route("/api/v1/services/{id}", get(service))
        .route("/api/v1/services/{id}/update", post(update))
        .route("/api/v1/services/{id}/withdraw", post(withdraw))
        .route("/api/v1/services/{id}/slots", post(open_slot).get(slots))
        .route("/api/v1/dashboard/service-usage", get(usage))
        .route("/api/v1/orders", post(reserve))
        .route("/api/v1/orders/{id}", get(order))
        .route("/api/v1/me/orders", get(my_orders))
        .route("/api/v1/orders/{id}/pay", post(pay))
        .route("/api/v1/orders/{id}/dispatch", post(dispatch))
        .route("/api/v1/orders/{id}/start", post(start))
        .route("/api/v1/orders/{id}/complete", post(complete))
        .route("/api/v1/orders/{id}/evaluate", post(evaluate))
        .route("/api/v1/orders/{id}/cancel", post(cancel))
        .route("/api/v1/orders/{id}/refund", post(refund))
        .route("/api/v1/pay/notify", post(notify))
        .route("/api/v1/pay/sandbox/orders/{id}/pay", post(sandbox_pay))
}

/// What a life-service command answers.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Written {
    /// The provider, service, slot or order the command was about.
    id: Uuid,
    /// Log position, for `?after=`.
    position: u64,
    /// `fresh`, `duplicate` or `unchanged`.
    #[schema(value_type = String, pattern = "^(fresh|duplicate|unchanged)$")]
    replay: &'static str,
}

fn written<E>(id: Uuid, outcome: &CommandOutcome<E>) -> Json<Written> {
    Json(Written {
        id,
        position: outcome.position.0,
        replay: crate::http::idempotency::replay_label(outcome.replay),
    })
}

fn not_found(what: &'static str) -> ApiError {
    ApiError::from(DomainError::from(ServicesError::NotFound { what }))
}

fn load_order(state: &AppState, id: OrderId) -> Result<OrderRecord, ApiError> {
    state
        .engine
        .load::<Order>(StreamName::Order(id))?
        .state
        .ok_or_else(|| not_found("order"))
}

fn load_provider(state: &AppState, id: ProviderId) -> Result<Option<ProviderRecord>, ApiError> {
    Ok(state
        .engine
        .load::<Provider>(StreamName::Provider(id))?
        .state)
}

/// Who may read an order: its resident, its provider, managers and auditors.
fn may_read_order(
    principal: &Principal,
    resident: linli_domain::UserId,
    provider: ProviderId,
) -> bool {
    principal.user == resident
        || (principal.user == owner_of(provider) && principal.has(Role::Provider))
        || principal.has(Role::Manager)
        || principal.has(Role::Auditor)
}
