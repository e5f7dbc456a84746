//! What callers may ask of an order.

use chrono::{DateTime, Utc};

use crate::actor::Actor;
use crate::ids::{JurisdictionCode, OrderId, ProviderId, ServiceId, SlotId};
use crate::money::Fen;
use crate::sealed::Sealed;
use crate::services::types::{Contact, ServiceCategory};

/// A command for one order stream. Who may issue each is stated on the variant.
// The reservation carries two sealed values; a command is built once and decided by
// reference, so boxing it would only complicate its callers.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum OrderCommand {
    /// Reserve a booked slot. Who: a resident (the slot place is taken first, by the caller).
    Reserve(ReserveOrder),
    /// Record the WeChat Pay order placed for it. Who: the resident who reserved.
    RequestPayment(RequestPayment),
    /// Record a verified payment notification. Who: the system.
    ConfirmPayment(ConfirmPayment),
    /// Send a worker (or another worker). Who: the order's provider.
    Dispatch(DispatchWorker),
    /// The worker began. Who: the order's provider.
    Start(ProviderStep),
    /// The work is done. Who: the order's provider.
    Complete(ProviderStep),
    /// Rate the work, once. Who: the resident who reserved.
    Evaluate(EvaluateOrder),
    /// Cancel before work starts; a paid order is refunded in full. Who: the resident who
    /// reserved.
    Cancel(CancelOrder),
    /// Refund part or all of a payment. Who: the order's provider, or a manager.
    Refund(RefundOrder),
    /// Record a verified refund notification. Who: the system.
    ConfirmRefund(ConfirmRefund),
}

impl OrderCommand {
    /// Who issues the command.
    pub fn by(&self) -> &Actor {
        match self {
            OrderCommand::Reserve(c) => &c.by,
            OrderCommand::RequestPayment(c) => &c.by,
            OrderCommand::ConfirmPayment(c) => &c.by,
            OrderCommand::Dispatch(c) => &c.by,
            OrderCommand::Start(c) | OrderCommand::Complete(c) => &c.by,
            OrderCommand::Evaluate(c) => &c.by,
            OrderCommand::Cancel(c) => &c.by,
            OrderCommand::Refund(c) => &c.by,
            OrderCommand::ConfirmRefund(c) => &c.by,
        }
    }
}

/// Reserve: the facts of the booking, looked up by the caller from the service and slot.
#[derive(Debug, Clone, PartialEq)]
pub struct ReserveOrder {
    /// The id the caller generated; names the stream.
    pub order_id: OrderId,
    /// The service booked.
    pub service: ServiceId,
    /// Its provider.
    pub provider: ProviderId,
    /// Its category, for the dashboard.
    pub category: ServiceCategory,
    /// Its name, for the order description.
    pub service_name: String,
    /// The price at the moment of booking; what the resident pays.
    pub price: Fen,
    /// The slot whose place this order holds.
    pub slot: SlotId,
    /// When the slot starts.
    pub slot_starts_at: DateTime<Utc>,
    /// Where the work is done (1–200 characters, checked by the caller before sealing),
    /// sealed under the resident's key.
    pub address: Sealed,
    /// The jurisdiction of the address, if the resident picked one (the service must serve it).
    pub area: Option<JurisdictionCode>,
    /// Who to call (1–40 characters).
    pub contact_name: String,
    /// Their number (parsed by the caller before sealing), sealed under the resident's key.
    pub contact_phone: Sealed,
    /// Anything the worker should know (up to 300 characters).
    pub note: Option<String>,
    /// The resident.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

/// Record the WeChat Pay order placed for an order.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestPayment {
    /// Our order number at WeChat Pay (see [`super::out_trade_no`]).
    pub out_trade_no: String,
    /// The amount asked; must be the order's price.
    pub amount: Fen,
    /// WeChat's prepay id, for `wx.requestPayment`.
    pub prepay_id: String,
    /// The resident who reserved.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

/// Record a verified payment.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfirmPayment {
    /// Must be the order's out_trade_no.
    pub out_trade_no: String,
    /// WeChat Pay's transaction id.
    pub transaction_id: String,
    /// The amount paid; must be the amount requested.
    pub amount: Fen,
    /// When WeChat says it was paid.
    pub paid_at: DateTime<Utc>,
    /// The system.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

/// Send a worker.
#[derive(Debug, Clone, PartialEq)]
pub struct DispatchWorker {
    /// The worker.
    pub worker: Contact,
    /// The provider.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

/// A provider's step without data beyond an optional note.
#[derive(Debug, Clone, PartialEq)]
pub struct ProviderStep {
    /// What the worker says (up to 300 characters).
    pub note: Option<String>,
    /// The provider.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

/// Rate the work.
#[derive(Debug, Clone, PartialEq)]
pub struct EvaluateOrder {
    /// 1–5 stars.
    pub score: u8,
    /// Tags such as 准时 or 专业 (at most 8, each up to 10 characters).
    pub tags: Vec<String>,
    /// Words (up to 500 characters).
    pub text: Option<String>,
    /// The resident who reserved.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

/// Cancel.
#[derive(Debug, Clone, PartialEq)]
pub struct CancelOrder {
    /// Why (1–300 characters).
    pub reason: String,
    /// The resident who reserved.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

/// Refund part of a payment.
#[derive(Debug, Clone, PartialEq)]
pub struct RefundOrder {
    /// How much (at least 1 fen, at most what is left).
    pub amount: Fen,
    /// Why (1–80 characters; WeChat shows it to the payer).
    pub reason: String,
    /// The provider or a manager.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

/// How a refund ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefundResult {
    /// The money reached the payer.
    Succeeded,
    /// WeChat closed or could not complete it; the amount is refundable again.
    Failed,
}

/// Record a verified refund notification.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfirmRefund {
    /// Our refund number.
    pub out_refund_no: String,
    /// WeChat Pay's refund id.
    pub refund_id: String,
    /// The amount WeChat reports; must be what was requested.
    pub amount: Fen,
    /// Success or failure.
    pub result: RefundResult,
    /// The system.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}
