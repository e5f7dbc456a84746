//! Who may move an order, and from which state.
//!
//! Cancellation rules, per state:
//! * reserved, payment requested — the resident who placed the order cancels; nothing was
//!   paid.
//! * paid, dispatched — the resident cancels; the whole payment is refunded.
//! * started, completed, evaluated — no cancellation (the work has begun); the provider
//!   (or a manager) may still refund part or all of the payment.
//!
//! Only the resident cancels: a provider who cannot do the work refunds the payment in
//! full instead, and the order's record keeps who gave up on it.
//! * cancelled — final. A payment that arrives after cancellation is recorded and refunded
//!   in full at once.

use super::command::*;
use super::event::*;
use super::out_trade_no;
use super::state::{OrderRecord, OrderState, RefundStage};
use crate::actor::{Actor, Role};
use crate::services::catalog::provider_account;
use crate::services::error::ServicesError;
use crate::services::types::{OrderStatus, Stars};
use crate::validate;

type Decision = Result<Vec<OrderEvent>, ServicesError>;

pub(crate) fn decide(command: &OrderCommand, state: &OrderState) -> Decision {
    match (command, state) {
        (OrderCommand::Reserve(_), Some(_)) => Err(ServicesError::AlreadyExists { what: "order" }),
        (OrderCommand::Reserve(cmd), None) => reserve(cmd),
        (_, None) => Err(ServicesError::NotFound { what: "order" }),
        (OrderCommand::RequestPayment(cmd), Some(r)) => request_payment(cmd, r),
        (OrderCommand::ConfirmPayment(cmd), Some(r)) => confirm_payment(cmd, r),
        (OrderCommand::Dispatch(cmd), Some(r)) => {
            provider_account(&cmd.by, r.provider)?;
            expect(r, &[OrderStatus::Paid, OrderStatus::Dispatched], "dispatch")?;
            let by = cmd.by.user().unwrap_or(r.resident);
            Ok(vec![OrderDispatched {
                worker: cmd.worker.validated("worker")?,
                by,
                at: cmd.at,
            }
            .into()])
        }
        (OrderCommand::Start(cmd), Some(r)) => {
            provider_account(&cmd.by, r.provider)?;
            expect(r, &[OrderStatus::Dispatched], "start")?;
            Ok(vec![OrderStarted {
                note: note(cmd.note.as_deref())?,
                at: cmd.at,
            }
            .into()])
        }
        (OrderCommand::Complete(cmd), Some(r)) => {
            provider_account(&cmd.by, r.provider)?;
            expect(r, &[OrderStatus::Started], "complete")?;
            Ok(vec![OrderCompleted {
                note: note(cmd.note.as_deref())?,
                at: cmd.at,
            }
            .into()])
        }
        (OrderCommand::Evaluate(cmd), Some(r)) => evaluate(cmd, r),
        (OrderCommand::Cancel(cmd), Some(r)) => cancel(cmd, r),
        (OrderCommand::Refund(cmd), Some(r)) => refund(cmd, r),
        (OrderCommand::ConfirmRefund(cmd), Some(r)) => confirm_refund(cmd, r),
    }
}

fn expect(
    r: &OrderRecord,
    allowed: &[OrderStatus],
    action: &'static str,
) -> Result<(), ServicesError> {
    if allowed.contains(&r.status) {
        Ok(())
    } else {
        Err(ServicesError::WrongState {
            status: r.status,
            action,
        })
    }
}

fn note(text: Option<&str>) -> Result<Option<String>, ServicesError> {
    Ok(validate::optional_text("note", text, 300)?)
}

fn the_resident(by: &Actor, r: &OrderRecord) -> Result<(), ServicesError> {
    if by.is(r.resident, Role::Resident) {
        Ok(())
    } else {
        Err(ServicesError::not_allowed(
            by,
            "only the resident who placed the order does this",
        ))
    }
}

fn system(by: &Actor) -> Result<(), ServicesError> {
    if by.is_system() {
        Ok(())
    } else {
        Err(ServicesError::not_allowed(
            by,
            "only verified WeChat Pay notifications record payments and refunds",
        ))
    }
}

fn reserve(cmd: &ReserveOrder) -> Decision {
    let resident = match cmd.by {
        Actor::User {
            user,
            role: Role::Resident,
        } => user,
        _ => {
            return Err(ServicesError::not_allowed(
                &cmd.by,
                "only a resident reserves a service",
            ))
        }
    };
    // Sealed under anyone else's key, forgetting the resident would leave them readable.
    if cmd.address.subject() != resident || cmd.contact_phone.subject() != resident {
        return Err(validate::ValidationError::Invalid {
            field: "contact",
            reason: "personal data must be sealed under the resident's own key",
        }
        .into());
    }
    if cmd.price.0 < 1 {
        return Err(validate::ValidationError::Invalid {
            field: "price",
            reason: "must be at least 1 fen",
        }
        .into());
    }
    Ok(vec![OrderReserved {
        order_id: cmd.order_id,
        resident,
        service: cmd.service,
        provider: cmd.provider,
        category: cmd.category,
        service_name: cmd.service_name.clone(),
        price: cmd.price,
        slot: cmd.slot,
        slot_starts_at: cmd.slot_starts_at,
        address: Some(cmd.address.clone()),
        area: cmd.area,
        contact_name: validate::text("contact", &cmd.contact_name, 40)?,
        contact_phone: Some(cmd.contact_phone.clone()),
        note: note(cmd.note.as_deref())?,
        legacy_address: None,
        legacy_phone: None,
        at: cmd.at,
    }
    .into()])
}

fn request_payment(cmd: &RequestPayment, r: &OrderRecord) -> Decision {
    the_resident(&cmd.by, r)?;
    expect(
        r,
        &[OrderStatus::Reserved, OrderStatus::PaymentRequested],
        "paying",
    )?;
    if cmd.out_trade_no != out_trade_no(r.id) {
        return Err(ServicesError::ReferenceMismatch);
    }
    if cmd.amount != r.price {
        return Err(ServicesError::AmountMismatch {
            expected: r.price,
            actual: cmd.amount,
        });
    }
    if r.prepay_id.as_deref() == Some(cmd.prepay_id.as_str()) {
        return Ok(Vec::new());
    }
    Ok(vec![PaymentRequested {
        out_trade_no: cmd.out_trade_no.clone(),
        amount: cmd.amount,
        prepay_id: cmd.prepay_id.clone(),
        at: cmd.at,
    }
    .into()])
}

fn confirm_payment(cmd: &ConfirmPayment, r: &OrderRecord) -> Decision {
    system(&cmd.by)?;
    if r.out_trade_no.as_deref() != Some(cmd.out_trade_no.as_str()) {
        return Err(ServicesError::ReferenceMismatch);
    }
    if let Some(paid_by) = &r.transaction_id {
        // WeChat retries notifications until acknowledged: the same transaction again is
        // the duplicate it is, and records nothing.
        return if *paid_by == cmd.transaction_id {
            Ok(Vec::new())
        } else {
            Err(ServicesError::ReferenceMismatch)
        };
    }
    if cmd.amount != r.price {
        return Err(ServicesError::AmountMismatch {
            expected: r.price,
            actual: cmd.amount,
        });
    }
    let paid = OrderPaid {
        out_trade_no: cmd.out_trade_no.clone(),
        transaction_id: cmd.transaction_id.clone(),
        amount: cmd.amount,
        paid_at: cmd.paid_at,
        at: cmd.at,
    };
    match r.status {
        OrderStatus::PaymentRequested => Ok(vec![paid.into()]),
        OrderStatus::Cancelled => Ok(vec![
            paid.into(),
            RefundRequested {
                out_refund_no: refund_no(r),
                amount: cmd.amount,
                reason: "订单已取消".into(),
                by: Actor::System,
                at: cmd.at,
            }
            .into(),
        ]),
        status => Err(ServicesError::WrongState {
            status,
            action: "recording a payment",
        }),
    }
}

fn evaluate(cmd: &EvaluateOrder, r: &OrderRecord) -> Decision {
    the_resident(&cmd.by, r)?;
    expect(r, &[OrderStatus::Completed], "evaluating")?;
    let score = Stars::try_from(cmd.score)?;
    Ok(vec![OrderEvaluated {
        score: score.value(),
        tags: validate::text_list("tags", &cmd.tags, 8, 10)?,
        text: validate::optional_text("text", cmd.text.as_deref(), 500)?,
        at: cmd.at,
    }
    .into()])
}

fn cancel(cmd: &CancelOrder, r: &OrderRecord) -> Decision {
    the_resident(&cmd.by, r)?;
    if !r.status.is_cancellable() {
        return Err(ServicesError::WrongState {
            status: r.status,
            action: "cancelling",
        });
    }
    let reason = validate::text("reason", &cmd.reason, 300)?;
    let mut events: Vec<OrderEvent> = vec![OrderCancelled {
        from: r.status,
        reason,
        by: cmd.by,
        at: cmd.at,
    }
    .into()];
    let refundable = r.refundable();
    if r.status.holds_payment() && refundable.0 > 0 {
        events.push(
            RefundRequested {
                out_refund_no: refund_no(r),
                amount: refundable,
                reason: "订单取消".into(),
                by: cmd.by,
                at: cmd.at,
            }
            .into(),
        );
    }
    Ok(events)
}

fn refund(cmd: &RefundOrder, r: &OrderRecord) -> Decision {
    if !cmd.by.has_role(Role::Manager) {
        provider_account(&cmd.by, r.provider)?;
    }
    if r.paid.0 == 0 {
        return Err(ServicesError::WrongState {
            status: r.status,
            action: "refunding an unpaid order",
        });
    }
    let refundable = r.refundable();
    if cmd.amount.0 < 1 {
        return Err(validate::ValidationError::Invalid {
            field: "amount",
            reason: "must be at least 1 fen",
        }
        .into());
    }
    if cmd.amount > refundable {
        return Err(ServicesError::RefundTooLarge {
            asked: cmd.amount,
            refundable,
        });
    }
    Ok(vec![RefundRequested {
        out_refund_no: refund_no(r),
        amount: cmd.amount,
        reason: validate::text("reason", &cmd.reason, 80)?,
        by: cmd.by,
        at: cmd.at,
    }
    .into()])
}

fn confirm_refund(cmd: &ConfirmRefund, r: &OrderRecord) -> Decision {
    system(&cmd.by)?;
    let refund = r
        .refunds
        .iter()
        .find(|x| x.out_refund_no == cmd.out_refund_no)
        .ok_or(ServicesError::NotFound { what: "refund" })?;
    if refund.stage != RefundStage::Pending {
        return Ok(Vec::new());
    }
    if cmd.amount != refund.amount {
        return Err(ServicesError::AmountMismatch {
            expected: refund.amount,
            actual: cmd.amount,
        });
    }
    Ok(vec![match cmd.result {
        RefundResult::Succeeded => OrderRefunded {
            out_refund_no: cmd.out_refund_no.clone(),
            refund_id: cmd.refund_id.clone(),
            amount: cmd.amount,
            at: cmd.at,
        }
        .into(),
        RefundResult::Failed => RefundFailed {
            out_refund_no: cmd.out_refund_no.clone(),
            refund_id: cmd.refund_id.clone(),
            at: cmd.at,
        }
        .into(),
    }])
}

/// The next refund number: `{out_trade_no}-R{n}`, deterministic so a replay agrees.
fn refund_no(r: &OrderRecord) -> String {
    format!("{}-R{}", out_trade_no(r.id), r.refunds.len() + 1)
}
