//! Order (服务订单): a resident's booking of a service slot, from reservation through WeChat
//! Pay to the work and its evaluation. One stream `order-{uuid}` per order.

mod command;
mod decide;
mod event;
mod state;

pub use command::*;
pub use event::*;
pub use state::{OrderRecord, OrderState, RefundRecord, RefundStage};

use crate::aggregate::Aggregate;
use crate::ids::OrderId;
use crate::services::error::ServicesError;

/// The WeChat Pay order number of an order: its uuid as 32 hex digits, which fits WeChat's
/// 6–32 characters of `[0-9A-Za-z_-|*]` and maps back to exactly one order.
pub fn out_trade_no(order: OrderId) -> String {
    order.as_uuid().simple().to_string()
}

/// The order whose WeChat Pay order number this is, if it is one of ours.
pub fn order_of_trade_no(out_trade_no: &str) -> Option<OrderId> {
    if out_trade_no.len() != 32 {
        return None;
    }
    uuid::Uuid::try_parse(out_trade_no)
        .ok()
        .map(OrderId::from_uuid)
}

/// An order's address, trimmed and checked (1–200 characters). The caller checks it before
/// sealing it, since the domain only ever sees the sealed value.
pub fn checked_address(address: &str) -> Result<String, ServicesError> {
    Ok(crate::validate::text("address", address, 200)?)
}

/// The order aggregate.
#[derive(Debug, Clone, Copy, Default)]
pub struct Order;

impl Aggregate for Order {
    const NAME: &'static str = "order";
    type Command = OrderCommand;
    type Event = OrderEvent;
    type State = OrderState;
    type Error = ServicesError;

    fn decide(
        command: &OrderCommand,
        state: &OrderState,
    ) -> Result<Vec<OrderEvent>, ServicesError> {
        decide::decide(command, state)
    }

    fn evolve(state: OrderState, event: &OrderEvent) -> OrderState {
        state::evolve(state, event)
    }
}
