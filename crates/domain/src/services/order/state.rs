//! An order as it stands.

use chrono::{DateTime, Utc};

use super::event::OrderEvent;
use crate::ids::{OrderId, ProviderId, ServiceId, SlotId, UserId};
use crate::money::Fen;
use crate::services::types::{OrderStatus, ServiceCategory};

/// The state of an order stream: `None` until reserved.
pub type OrderState = Option<OrderRecord>;

/// Where a refund stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RefundStage {
    /// Asked of WeChat Pay; the amount is held back from further refunds.
    Pending,
    /// The money reached the payer.
    Succeeded,
    /// Closed or failed; the amount is refundable again.
    Failed,
}

/// One refund of an order.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RefundRecord {
    /// Our refund number.
    pub out_refund_no: String,
    /// Amount.
    pub amount: Fen,
    /// Where it stands.
    pub stage: RefundStage,
}

/// A reserved order.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct OrderRecord {
    /// Its id.
    pub id: OrderId,
    /// The resident who reserved; only they pay, cancel (besides the provider) and rate.
    pub resident: UserId,
    /// The service.
    pub service: ServiceId,
    /// The provider; only its account dispatches, starts and completes.
    pub provider: ProviderId,
    /// Category.
    pub category: ServiceCategory,
    /// Service name at booking.
    pub service_name: String,
    /// What to pay.
    pub price: Fen,
    /// The slot held (released on cancellation).
    pub slot: SlotId,
    /// When the slot starts.
    pub slot_starts_at: DateTime<Utc>,
    /// Where it is in its life.
    pub status: OrderStatus,
    /// The WeChat Pay order number, once a payment was requested.
    pub out_trade_no: Option<String>,
    /// WeChat's prepay id, once requested.
    pub prepay_id: Option<String>,
    /// The transaction that paid it.
    pub transaction_id: Option<String>,
    /// Amount paid.
    pub paid: Fen,
    /// Refunds, in order.
    pub refunds: Vec<RefundRecord>,
}

impl OrderRecord {
    /// What may still be refunded: paid minus refunds pending or done.
    pub fn refundable(&self) -> Fen {
        let held: i64 = self
            .refunds
            .iter()
            .filter(|r| r.stage != RefundStage::Failed)
            .map(|r| r.amount.0)
            .sum();
        Fen(self.paid.0 - held)
    }

    /// Money refunded so far (confirmed by WeChat Pay).
    pub fn refunded(&self) -> Fen {
        Fen(self
            .refunds
            .iter()
            .filter(|r| r.stage == RefundStage::Succeeded)
            .map(|r| r.amount.0)
            .sum())
    }
}

pub(crate) fn evolve(state: OrderState, event: &OrderEvent) -> OrderState {
    let OrderEvent::Reserved(e) = event else {
        return state.map(|r| apply(r, event));
    };
    if state.is_some() {
        return state;
    }
    Some(OrderRecord {
        id: e.order_id,
        resident: e.resident,
        service: e.service,
        provider: e.provider,
        category: e.category,
        service_name: e.service_name.clone(),
        price: e.price,
        slot: e.slot,
        slot_starts_at: e.slot_starts_at,
        status: OrderStatus::Reserved,
        out_trade_no: None,
        prepay_id: None,
        transaction_id: None,
        paid: Fen::ZERO,
        refunds: Vec::new(),
    })
}

fn apply(mut r: OrderRecord, event: &OrderEvent) -> OrderRecord {
    match event {
        OrderEvent::Reserved(_) => {}
        OrderEvent::PaymentRequested(e) => {
            r.status = OrderStatus::PaymentRequested;
            r.out_trade_no = Some(e.out_trade_no.clone());
            r.prepay_id = Some(e.prepay_id.clone());
        }
        OrderEvent::Paid(e) => {
            // A payment arriving after cancellation keeps the order cancelled (and is
            // refunded by the same decision).
            if r.status != OrderStatus::Cancelled {
                r.status = OrderStatus::Paid;
            }
            r.transaction_id = Some(e.transaction_id.clone());
            r.paid = e.amount;
        }
        OrderEvent::Dispatched(_) => r.status = OrderStatus::Dispatched,
        OrderEvent::Started(_) => r.status = OrderStatus::Started,
        OrderEvent::Completed(_) => r.status = OrderStatus::Completed,
        OrderEvent::Evaluated(_) => r.status = OrderStatus::Evaluated,
        OrderEvent::Cancelled(_) => r.status = OrderStatus::Cancelled,
        OrderEvent::RefundRequested(e) => r.refunds.push(RefundRecord {
            out_refund_no: e.out_refund_no.clone(),
            amount: e.amount,
            stage: RefundStage::Pending,
        }),
        OrderEvent::Refunded(e) => set_stage(&mut r, &e.out_refund_no, RefundStage::Succeeded),
        OrderEvent::RefundFailed(e) => set_stage(&mut r, &e.out_refund_no, RefundStage::Failed),
    }
    r
}

fn set_stage(r: &mut OrderRecord, out_refund_no: &str, stage: RefundStage) {
    if let Some(refund) = r
        .refunds
        .iter_mut()
        .find(|x| x.out_refund_no == out_refund_no)
    {
        refund.stage = stage;
    }
}
