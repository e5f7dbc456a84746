//! Payment and refund notifications: verify, decrypt, check against the order, record —
//! for notifications WeChat posts and for the sandbox's alike.
//!
//! Every refusal is answered in WeChat's failure format and records nothing; an accepted
//! notification is recorded with an idempotency key derived from WeChat's own ids, so
//! however many times WeChat retries, one `order.paid` (or `order.refunded`) is written.

use axum::http::HeaderMap;
use chrono::{DateTime, Utc};
use linli_domain::services::order::{
    order_of_trade_no, ConfirmPayment, ConfirmRefund, Order, OrderCommand, OrderEvent, OrderRecord,
    RefundRequested, RefundResult,
};
use linli_domain::{Actor, Fen, OrderId, StreamName};
use linli_engine::{CommandMeta, EngineError};
use linli_wechat::notify::EventType;
use linli_wechat::refund::Refund;
use linli_wechat::{
    check_order, ExpectedOrder, NotifyReply, OutRefundNo, OutTradeNo, RefundRequest, Transaction,
    UnixTime,
};

use super::Payments;
use crate::http::AppState;

/// The actor text notifications are recorded under.
const ACTOR: &str = "system:wechat-pay";

/// Handles one notification and says how to answer it.
pub async fn handle(state: &AppState, headers: &HeaderMap, body: &[u8]) -> NotifyReply {
    let Some(payments) = state.payments.as_deref() else {
        return NotifyReply::failure(503, "payments are not configured");
    };
    let now = unix(state.clock.now());
    let opened = match payments.verifier().open(headers, body, now) {
        Ok(opened) => opened,
        Err(e) => {
            tracing::warn!(error = %e, "payment notification refused");
            return e.reply();
        }
    };
    tracing::info!(id = %opened.id, event = opened.event_type.as_str(), key = %opened.verified_by, "payment notification verified");
    match &opened.event_type {
        EventType::TransactionSuccess => {
            match serde_json::from_slice::<Transaction>(&opened.plaintext) {
                Ok(transaction) => paid(state, payments, &transaction).await,
                Err(e) => {
                    tracing::error!(error = %e, "unreadable transaction resource");
                    NotifyReply::failure(500, "cannot process resource")
                }
            }
        }
        kind if kind.is_refund() => match serde_json::from_slice::<Refund>(&opened.plaintext) {
            Ok(refund) => refunded(state, payments, kind, &refund).await,
            Err(e) => {
                tracing::error!(error = %e, "unreadable refund resource");
                NotifyReply::failure(500, "cannot process resource")
            }
        },
        other => {
            tracing::warn!(event = other.as_str(), "unexpected notification type");
            NotifyReply::failure(400, "unexpected event type")
        }
    }
}

fn unix(at: DateTime<Utc>) -> UnixTime {
    UnixTime::from_secs(at.timestamp())
}

fn load(state: &AppState, id: OrderId) -> Option<OrderRecord> {
    state
        .engine
        .load::<Order>(StreamName::Order(id))
        .ok()
        .and_then(|s| s.state)
}

async fn paid(state: &AppState, payments: &Payments, transaction: &Transaction) -> NotifyReply {
    let trade_no = transaction.out_trade_no.as_str();
    let Some(order) = order_of_trade_no(trade_no).and_then(|id| load(state, id)) else {
        tracing::warn!(out_trade_no = trade_no, "payment for an unknown order");
        return NotifyReply::failure(400, "unknown order");
    };
    let Some(placed) = order.out_trade_no.as_deref() else {
        tracing::warn!(
            out_trade_no = trade_no,
            "payment for an order never sent to pay"
        );
        return NotifyReply::failure(400, "unknown order");
    };
    let Ok(placed) = OutTradeNo::parse(placed) else {
        return NotifyReply::failure(500, "order mismatch");
    };
    let expected = ExpectedOrder {
        mchid: payments.merchant().mchid.clone(),
        appid: payments.merchant().appid.clone(),
        out_trade_no: placed,
        total: linli_wechat::Fen::new(u64::try_from(order.price.0).unwrap_or(0)),
    };
    if let Err(mismatch) = check_order(&expected, transaction) {
        tracing::error!(order = %order.id, error = %mismatch, "payment does not match the order");
        return mismatch.reply();
    }
    if transaction.trade_state != linli_wechat::notify::TradeState::Success {
        return NotifyReply::failure(400, "transaction not successful");
    }
    let now = state.clock.now();
    let command = OrderCommand::ConfirmPayment(ConfirmPayment {
        out_trade_no: trade_no.to_owned(),
        transaction_id: transaction.transaction_id.as_str().to_owned(),
        amount: Fen(transaction.amount.total.value() as i64),
        paid_at: transaction
            .success_time
            .map_or(now, |t| t.with_timezone(&Utc)),
        by: Actor::System,
        at: now,
    });
    let meta = CommandMeta::default()
        .with_actor(ACTOR)
        .with_idempotency_key(format!("wechat-pay:paid:{}", transaction.transaction_id));
    match state
        .engine
        .execute::<Order>(StreamName::Order(order.id), command, meta)
        .await
    {
        Ok(outcome) => {
            issue_refunds(state, order.id, &outcome.events).await;
            NotifyReply::success()
        }
        Err(EngineError::Rejected(e)) => {
            tracing::error!(order = %order.id, error = %e, "payment refused by the order");
            NotifyReply::failure(500, "order mismatch")
        }
        Err(e) => {
            tracing::error!(order = %order.id, error = %e, "cannot record the payment");
            NotifyReply::failure(500, "try again later")
        }
    }
}

async fn refunded(
    state: &AppState,
    payments: &Payments,
    kind: &EventType,
    refund: &Refund,
) -> NotifyReply {
    if refund.mchid != payments.merchant().mchid {
        return NotifyReply::failure(500, "order mismatch");
    }
    let Some(order) =
        order_of_trade_no(refund.out_trade_no.as_str()).and_then(|id| load(state, id))
    else {
        return NotifyReply::failure(400, "unknown order");
    };
    let result = if *kind == EventType::RefundSuccess {
        RefundResult::Succeeded
    } else {
        RefundResult::Failed
    };
    let command = OrderCommand::ConfirmRefund(ConfirmRefund {
        out_refund_no: refund.out_refund_no.as_str().to_owned(),
        refund_id: refund.refund_id.as_str().to_owned(),
        amount: Fen(refund.amount.refund.value() as i64),
        result,
        by: Actor::System,
        at: state.clock.now(),
    });
    let meta = CommandMeta::default()
        .with_actor(ACTOR)
        .with_idempotency_key(format!(
            "wechat-pay:refund:{}:{}",
            refund.out_refund_no,
            kind.as_str()
        ));
    match state
        .engine
        .execute::<Order>(StreamName::Order(order.id), command, meta)
        .await
    {
        Ok(_) => NotifyReply::success(),
        Err(EngineError::Rejected(e)) => {
            tracing::error!(order = %order.id, error = %e, "refund notification refused");
            NotifyReply::failure(400, "unknown refund")
        }
        Err(e) => {
            tracing::error!(order = %order.id, error = %e, "cannot record the refund");
            NotifyReply::failure(500, "try again later")
        }
    }
}

/// Asks WeChat Pay (or the sandbox) for every refund these freshly written events request.
/// A refund that cannot be requested stays pending in the order; asking again with the same
/// refund number is safe, WeChat treats it idempotently.
pub async fn issue_refunds(state: &AppState, order: OrderId, events: &[OrderEvent]) {
    let Some(payments) = state.payments.as_deref() else {
        return;
    };
    for event in events {
        let OrderEvent::RefundRequested(RefundRequested {
            out_refund_no,
            amount,
            reason,
            ..
        }) = event
        else {
            continue;
        };
        let Some(record) = load(state, order) else {
            return;
        };
        let (Some(trade_no), Ok(refund_no)) = (
            record
                .out_trade_no
                .as_deref()
                .and_then(|t| OutTradeNo::parse(t).ok()),
            OutRefundNo::parse(out_refund_no.clone()),
        ) else {
            continue;
        };
        let request = RefundRequest {
            out_trade_no: trade_no,
            out_refund_no: refund_no,
            reason: Some(reason.chars().take(80).collect()),
            refund: linli_wechat::Fen::new(amount.0.max(0) as u64),
            total: linli_wechat::Fen::new(record.paid.0.max(0) as u64),
        };
        match payments.refund(&request, unix(state.clock.now())).await {
            Ok(Some(notification)) => {
                // The sandbox answers at once; its notification takes the normal path.
                let reply =
                    Box::pin(handle(state, &notification.headers, &notification.body)).await;
                if !reply.is_success() {
                    tracing::error!(%order, refund = %out_refund_no, body = %reply.body, "sandbox refund notification refused");
                }
            }
            Ok(None) => tracing::info!(%order, refund = %out_refund_no, "refund requested"),
            Err(e) => {
                tracing::error!(%order, refund = %out_refund_no, error = %e, "refund request failed; it stays pending")
            }
        }
    }
}
