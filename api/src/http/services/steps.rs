//! An order's steps after reservation: the provider's (dispatch, start, complete, refund)
//! and the resident's (evaluate, cancel). The domain decides who may take each step.

use axum::extract::State;
use axum::Json;
use linli_domain::services::order::{
    CancelOrder, DispatchWorker, EvaluateOrder, Order, OrderCommand, ProviderStep, RefundOrder,
};
use linli_domain::services::slot::{ReleaseSlot, Slot, SlotCommand};
use linli_domain::{Actor, Fen, OrderId, Role, StreamName};
use serde::Deserialize;

use super::orders::ContactBody;
use super::{load_order, written, Written};
use crate::auth::Principal;
use crate::http::error::ApiError;
use crate::http::idempotency::IdempotencyKey;
use crate::http::json::ApiJson;
use crate::http::path::ApiPath;
use crate::http::AppState;

/// `POST …/dispatch`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DispatchBody {
    /// The worker sent.
    worker: ContactBody,
}

/// `POST …/start` and `…/complete`.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StepBody {
    /// What the worker says (up to 300 characters).
    note: Option<String>,
}

/// `POST …/evaluate`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EvaluateBody {
    /// 1–5 stars.
    #[schema(minimum = 1, maximum = 5)]
    score: u8,
    /// Tags such as 准时 or 专业 (at most 8, each up to 10 characters).
    #[serde(default)]
    tags: Vec<String>,
    /// Words (up to 500 characters).
    text: Option<String>,
}

/// `POST …/cancel`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CancelBody {
    /// Why (1–300 characters).
    reason: String,
}

/// `POST …/refund`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefundBody {
    /// Fen to refund (at most what is left of the payment).
    #[schema(minimum = 1)]
    amount: i64,
    /// Why (1–80 characters; WeChat shows it to the payer).
    reason: String,
}

/// Runs one order command and answers with its position.
async fn run(
    state: &AppState,
    principal: &Principal,
    key: &IdempotencyKey,
    id: OrderId,
    step: &str,
    command: OrderCommand,
) -> Result<Json<Written>, ApiError> {
    let actor = *command.by();
    let outcome = state
        .engine
        .execute::<Order>(
            StreamName::Order(id),
            command,
            key.meta(&actor, principal.user, step),
        )
        .await?;
    crate::pay::notify::issue_refunds(state, id, &outcome.events).await;
    Ok(written(*id.as_uuid(), &outcome))
}

macro_rules! provider_step {
    ($name:ident, $path:literal, $variant:ident, $what:literal) => {
        #[doc = concat!("The order's provider: ", $what, ".")]
        #[utoipa::path(
            post,
            path = $path,
            tag = "services",
            params(("id" = OrderId, Path, description = "The order.")),
            request_body = StepBody,
            responses(
                (status = 200, description = "Recorded", body = Written),
                (status = 403, description = "Only the order's provider", body = crate::http::openapi::ErrorBody),
                (status = 404, description = "No such order", body = crate::http::openapi::ErrorBody),
                (status = 409, description = "Not possible in the order's state, or contended", body = crate::http::openapi::ErrorBody),
            ),
            security(("bearer" = [])),
        )]
        pub async fn $name(
            State(state): State<AppState>,
            principal: Principal,
            key: IdempotencyKey,
            ApiPath(id): ApiPath<OrderId>,
            ApiJson(body): ApiJson<StepBody>,
        ) -> Result<Json<Written>, ApiError> {
            let actor = principal.act_as(&[Role::Provider])?;
            let command = OrderCommand::$variant(ProviderStep {
                note: body.note,
                by: actor,
                at: state.clock.now(),
            });
            run(&state, &principal, &key, id, stringify!($name), command).await
        }
    };
}

provider_step!(
    start,
    "/api/v1/orders/{id}/start",
    Start,
    "the worker began"
);
provider_step!(
    complete,
    "/api/v1/orders/{id}/complete",
    Complete,
    "the work is done"
);

/// The order's provider sends a worker (again, to replace one).
#[utoipa::path(
    post,
    path = "/api/v1/orders/{id}/dispatch",
    tag = "services",
    params(("id" = OrderId, Path, description = "The order.")),
    request_body = DispatchBody,
    responses(
        (status = 200, description = "Dispatched", body = Written),
        (status = 403, description = "Only the order's provider", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such order", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Not paid, or contended", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn dispatch(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<OrderId>,
    ApiJson(body): ApiJson<DispatchBody>,
) -> Result<Json<Written>, ApiError> {
    let actor = principal.act_as(&[Role::Provider])?;
    let command = OrderCommand::Dispatch(DispatchWorker {
        worker: body.worker.into(),
        by: actor,
        at: state.clock.now(),
    });
    run(&state, &principal, &key, id, "dispatch", command).await
}

/// The resident who placed the order rates the completed work, once.
#[utoipa::path(
    post,
    path = "/api/v1/orders/{id}/evaluate",
    tag = "services",
    params(("id" = OrderId, Path, description = "The order.")),
    request_body = EvaluateBody,
    responses(
        (status = 200, description = "Evaluated", body = Written),
        (status = 403, description = "Only the resident who placed it", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such order", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Not completed, already evaluated, or contended", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn evaluate(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<OrderId>,
    ApiJson(body): ApiJson<EvaluateBody>,
) -> Result<Json<Written>, ApiError> {
    let actor = principal.act_as(&[Role::Resident])?;
    let command = OrderCommand::Evaluate(EvaluateOrder {
        score: body.score,
        tags: body.tags,
        text: body.text,
        by: actor,
        at: state.clock.now(),
    });
    run(&state, &principal, &key, id, "evaluate", command).await
}

/// Cancels before the work starts: only the resident who placed it. A paid order is
/// refunded in full, and the slot place is given back.
#[utoipa::path(
    post,
    path = "/api/v1/orders/{id}/cancel",
    tag = "services",
    params(("id" = OrderId, Path, description = "The order.")),
    request_body = CancelBody,
    responses(
        (status = 200, description = "Cancelled", body = Written),
        (status = 403, description = "Only the resident who placed it", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such order", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Work has started, or contended", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn cancel(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<OrderId>,
    ApiJson(body): ApiJson<CancelBody>,
) -> Result<Json<Written>, ApiError> {
    let actor = principal.act_as(&[Role::Resident])?;
    let order = load_order(&state, id)?;
    let now = state.clock.now();
    let command = OrderCommand::Cancel(CancelOrder {
        reason: body.reason,
        by: actor,
        at: now,
    });
    let answer = run(&state, &principal, &key, id, "cancel", command).await?;
    release(&state, &principal, &key, actor, order.slot, id).await?;
    Ok(answer)
}

/// Gives a cancelled order's slot place back (idempotent: a retried cancel releases once).
async fn release(
    state: &AppState,
    principal: &Principal,
    key: &IdempotencyKey,
    actor: Actor,
    slot: linli_domain::SlotId,
    order: OrderId,
) -> Result<(), ApiError> {
    state
        .engine
        .execute::<Slot>(
            StreamName::Slot(slot),
            SlotCommand::Release(ReleaseSlot {
                order,
                by: actor,
                at: state.clock.now(),
            }),
            key.meta(&actor, principal.user, "release-slot"),
        )
        .await?;
    Ok(())
}

/// Refunds part or all of a payment: the order's provider, or a manager.
#[utoipa::path(
    post,
    path = "/api/v1/orders/{id}/refund",
    tag = "services",
    params(("id" = OrderId, Path, description = "The order.")),
    request_body = RefundBody,
    responses(
        (status = 200, description = "Refund requested from WeChat Pay", body = Written),
        (status = 403, description = "Only its provider or a manager", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such order", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Not paid, or contended", body = crate::http::openapi::ErrorBody),
        (status = 422, description = "More than what is left of the payment", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn refund(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<OrderId>,
    ApiJson(body): ApiJson<RefundBody>,
) -> Result<Json<Written>, ApiError> {
    let actor = principal.act_as(&[Role::Provider, Role::Manager])?;
    let command = OrderCommand::Refund(RefundOrder {
        amount: Fen(body.amount),
        reason: body.reason,
        by: actor,
        at: state.clock.now(),
    });
    run(&state, &principal, &key, id, "refund", command).await
}
