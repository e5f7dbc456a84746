//! The facts an order stream records.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::actor::Actor;
use crate::event::domain_events;
use crate::ids::{JurisdictionCode, OrderId, ProviderId, ServiceId, SlotId, UserId};
use crate::money::Fen;
use crate::sealed::Sealed;
use crate::services::types::{Contact, OrderStatus, ServiceCategory};

domain_events! {
    /// Every fact about an order.
    // The reservation carries two sealed values; events are built once per command and read
    // by reference, so boxing it would cost every match for no measurable gain.
    #[allow(clippy::large_enum_variant)]
    pub enum OrderEvent {
        /// A resident reserved a slot of a service.
        Reserved(OrderReserved) = ("order.reserved", 2),
        /// A WeChat Pay order was placed for it.
        PaymentRequested(PaymentRequested) = ("order.payment_requested", 1),
        /// WeChat Pay confirmed the payment.
        Paid(OrderPaid) = ("order.paid", 1),
        /// The provider sent a worker.
        Dispatched(OrderDispatched) = ("order.dispatched", 1),
        /// The worker began.
        Started(OrderStarted) = ("order.started", 1),
        /// The provider reported the work done.
        Completed(OrderCompleted) = ("order.completed", 1),
        /// The resident rated the work.
        Evaluated(OrderEvaluated) = ("order.evaluated", 1),
        /// The order was cancelled.
        Cancelled(OrderCancelled) = ("order.cancelled", 1),
        /// A refund was asked of WeChat Pay.
        RefundRequested(RefundRequested) = ("order.refund_requested", 1),
        /// WeChat Pay confirmed a refund.
        Refunded(OrderRefunded) = ("order.refunded", 1),
        /// WeChat Pay reported a refund failed or closed.
        RefundFailed(RefundFailed) = ("order.refund_failed", 1),
    }
}

/// `order.reserved` v2: the resident's phone number and exact address sealed under the
/// resident's own key; the contact's name and the address's jurisdiction (which scope and
/// routing need) stay plain.
///
/// v1 carried `address` and `contact.phone` in plain text; its upcaster moves them to
/// `legacy_address` and `legacy_phone` (never written by v2 itself), since a pure upcaster
/// cannot encrypt and the log cannot be rewritten.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderReserved {
    /// The order.
    pub order_id: OrderId,
    /// The resident who reserved.
    pub resident: UserId,
    /// The service.
    pub service: ServiceId,
    /// Its provider.
    pub provider: ProviderId,
    /// Its category.
    pub category: ServiceCategory,
    /// Its name at booking.
    pub service_name: String,
    /// The price to pay.
    pub price: Fen,
    /// The slot held.
    pub slot: SlotId,
    /// When the slot starts.
    pub slot_starts_at: DateTime<Utc>,
    /// Where, sealed under the resident's key (null only in an upcast v1 record).
    pub address: Option<Sealed>,
    /// The address's jurisdiction, if given.
    pub area: Option<JurisdictionCode>,
    /// Who to call.
    pub contact_name: String,
    /// Their number, sealed under the resident's key (null only in an upcast v1 record).
    pub contact_phone: Option<Sealed>,
    /// For the worker.
    pub note: Option<String>,
    /// A v1 record's address, plain as it was written. Only upcasting sets it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legacy_address: Option<String>,
    /// A v1 record's contact phone, plain as it was written. Only upcasting sets it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legacy_phone: Option<String>,
    /// When.
    pub at: DateTime<Utc>,
}

/// `order.payment_requested` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PaymentRequested {
    /// Our order number at WeChat Pay.
    pub out_trade_no: String,
    /// Amount asked.
    pub amount: Fen,
    /// WeChat's prepay id.
    pub prepay_id: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// `order.paid` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderPaid {
    /// Our order number.
    pub out_trade_no: String,
    /// WeChat Pay's transaction id.
    pub transaction_id: String,
    /// Amount paid.
    pub amount: Fen,
    /// When WeChat says it was paid.
    pub paid_at: DateTime<Utc>,
    /// When recorded.
    pub at: DateTime<Utc>,
}

/// `order.dispatched` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderDispatched {
    /// The worker sent.
    pub worker: Contact,
    /// The provider's account.
    pub by: UserId,
    /// When.
    pub at: DateTime<Utc>,
}

/// `order.started` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderStarted {
    /// Worker's note.
    pub note: Option<String>,
    /// When.
    pub at: DateTime<Utc>,
}

/// `order.completed` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderCompleted {
    /// Worker's note.
    pub note: Option<String>,
    /// When.
    pub at: DateTime<Utc>,
}

/// `order.evaluated` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderEvaluated {
    /// 1–5.
    pub score: u8,
    /// Tags (trimmed, distinct).
    pub tags: Vec<String>,
    /// Words.
    pub text: Option<String>,
    /// When.
    pub at: DateTime<Utc>,
}

/// `order.cancelled` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderCancelled {
    /// Where the order was when cancelled.
    pub from: OrderStatus,
    /// Why.
    pub reason: String,
    /// The resident or the provider.
    pub by: Actor,
    /// When.
    pub at: DateTime<Utc>,
}

/// `order.refund_requested` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RefundRequested {
    /// Our refund number (`{out_trade_no}-R{n}`).
    pub out_refund_no: String,
    /// Amount.
    pub amount: Fen,
    /// Why (shown to the payer).
    pub reason: String,
    /// Who asked (the system for the automatic refund of a late payment).
    pub by: Actor,
    /// When.
    pub at: DateTime<Utc>,
}

/// `order.refunded` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderRefunded {
    /// Our refund number.
    pub out_refund_no: String,
    /// WeChat Pay's refund id.
    pub refund_id: String,
    /// Amount returned to the payer.
    pub amount: Fen,
    /// When.
    pub at: DateTime<Utc>,
}

/// `order.refund_failed` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RefundFailed {
    /// Our refund number.
    pub out_refund_no: String,
    /// WeChat Pay's refund id.
    pub refund_id: String,
    /// When.
    pub at: DateTime<Utc>,
}
