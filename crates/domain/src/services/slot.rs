//! Slot (时段): one bookable time window of a service with a capacity. Each slot is its own
//! stream `slot-{uuid}` and the only place its bookings are recorded, so the capacity is a
//! consistency boundary: every booking is decided against the slot's full history and
//! appended with the version it was decided on. Two racing reservations conflict in the log,
//! and the loser decides again against the winner's booking, so a slot can never hold more
//! bookings than places (docs/adr, "slot capacity").

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::catalog::provider_account;
use super::error::ServicesError;
use crate::actor::{Actor, Role};
use crate::aggregate::Aggregate;
use crate::event::domain_events;
use crate::ids::{OrderId, ProviderId, ServiceId, SlotId};
use crate::validate::ValidationError;

/// The most places one slot may offer.
pub const MAX_CAPACITY: u32 = 1000;

/// A command for a slot stream.
#[derive(Debug, Clone, PartialEq)]
pub enum SlotCommand {
    /// Offer a time window. Who: the service's provider (the caller checked the service is
    /// theirs and put its provider here).
    Open(OpenSlot),
    /// Take one place for an order. Who: the resident reserving.
    Book(BookSlot),
    /// Give an order's place back (the order was cancelled). Who: whoever cancelled it.
    Release(ReleaseSlot),
}

/// Offer a time window.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenSlot {
    /// The id the caller generated; names the stream.
    pub slot_id: SlotId,
    /// The service booked in this slot.
    pub service: ServiceId,
    /// The service's provider.
    pub provider: ProviderId,
    /// When the work may begin.
    pub starts_at: DateTime<Utc>,
    /// When it ends (after `starts_at`).
    pub ends_at: DateTime<Utc>,
    /// How many orders it takes (1 to [`MAX_CAPACITY`]).
    pub capacity: u32,
    /// The provider's account.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

/// Take one place for an order.
#[derive(Debug, Clone, PartialEq)]
pub struct BookSlot {
    /// The order the place is for; booking the same order twice changes nothing.
    pub order: OrderId,
    /// The resident.
    pub by: Actor,
    /// Now; a slot that has started cannot be booked.
    pub at: DateTime<Utc>,
}

/// Give a place back.
#[derive(Debug, Clone, PartialEq)]
pub struct ReleaseSlot {
    /// The cancelled order; releasing an order that holds no place changes nothing.
    pub order: OrderId,
    /// Who cancelled the order.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

domain_events! {
    /// Every fact about a slot.
    pub enum SlotEvent {
        /// A provider offered the slot.
        Opened(SlotOpened) = ("slot.opened", 1),
        /// An order took a place.
        Booked(SlotBooked) = ("slot.booked", 1),
        /// A cancelled order gave its place back.
        Released(SlotReleased) = ("slot.released", 1),
    }
}

/// `slot.opened` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SlotOpened {
    /// The slot.
    pub slot_id: SlotId,
    /// Its service.
    pub service: ServiceId,
    /// The service's provider.
    pub provider: ProviderId,
    /// Start.
    pub starts_at: DateTime<Utc>,
    /// End.
    pub ends_at: DateTime<Utc>,
    /// Places.
    pub capacity: u32,
    /// When offered.
    pub at: DateTime<Utc>,
}

/// `slot.booked` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SlotBooked {
    /// The order holding the place.
    pub order: OrderId,
    /// Places taken after this booking (never above the capacity).
    pub booked: u32,
    /// When.
    pub at: DateTime<Utc>,
}

/// `slot.released` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SlotReleased {
    /// The order that gave its place back.
    pub order: OrderId,
    /// Places taken after the release.
    pub booked: u32,
    /// When.
    pub at: DateTime<Utc>,
}

/// A slot as it stands: `None` until opened.
pub type SlotState = Option<SlotRecord>;

/// An opened slot and who holds its places.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SlotRecord {
    /// Its id.
    pub id: SlotId,
    /// Its service.
    pub service: ServiceId,
    /// The provider.
    pub provider: ProviderId,
    /// Start.
    pub starts_at: DateTime<Utc>,
    /// End.
    pub ends_at: DateTime<Utc>,
    /// Places.
    pub capacity: u32,
    /// Orders holding a place; never more than `capacity`.
    pub orders: BTreeSet<OrderId>,
}

impl SlotRecord {
    /// Places still free.
    pub fn remaining(&self) -> u32 {
        self.capacity.saturating_sub(self.orders.len() as u32)
    }
}

/// The slot aggregate.
#[derive(Debug, Clone, Copy, Default)]
pub struct Slot;

impl Aggregate for Slot {
    const NAME: &'static str = "slot";
    type Command = SlotCommand;
    type Event = SlotEvent;
    type State = SlotState;
    type Error = ServicesError;

    fn decide(command: &SlotCommand, state: &SlotState) -> Result<Vec<SlotEvent>, ServicesError> {
        match (command, state) {
            (SlotCommand::Open(_), Some(_)) => Err(ServicesError::AlreadyExists { what: "slot" }),
            (SlotCommand::Open(cmd), None) => open(cmd),
            (_, None) => Err(ServicesError::NotFound { what: "slot" }),
            (SlotCommand::Book(cmd), Some(slot)) => {
                if !cmd.by.has_role(Role::Resident) {
                    return Err(ServicesError::not_allowed(
                        &cmd.by,
                        "only a resident books a slot",
                    ));
                }
                if slot.orders.contains(&cmd.order) {
                    return Ok(Vec::new());
                }
                if cmd.at >= slot.starts_at {
                    return Err(ServicesError::SlotStarted);
                }
                if slot.remaining() == 0 {
                    return Err(ServicesError::SlotFull {
                        capacity: slot.capacity,
                    });
                }
                Ok(vec![SlotBooked {
                    order: cmd.order,
                    booked: slot.orders.len() as u32 + 1,
                    at: cmd.at,
                }
                .into()])
            }
            (SlotCommand::Release(cmd), Some(slot)) => {
                if cmd.by.role() == Some(Role::Auditor) {
                    return Err(ServicesError::not_allowed(
                        &cmd.by,
                        "auditors read and never write",
                    ));
                }
                if !slot.orders.contains(&cmd.order) {
                    return Ok(Vec::new());
                }
                Ok(vec![SlotReleased {
                    order: cmd.order,
                    booked: slot.orders.len() as u32 - 1,
                    at: cmd.at,
                }
                .into()])
            }
        }
    }

    fn evolve(state: SlotState, event: &SlotEvent) -> SlotState {
        match (state, event) {
            (None, SlotEvent::Opened(e)) => Some(SlotRecord {
                id: e.slot_id,
                service: e.service,
                provider: e.provider,
                starts_at: e.starts_at,
                ends_at: e.ends_at,
                capacity: e.capacity,
                orders: BTreeSet::new(),
            }),
            (Some(mut s), SlotEvent::Booked(e)) => {
                s.orders.insert(e.order);
                Some(s)
            }
            (Some(mut s), SlotEvent::Released(e)) => {
                s.orders.remove(&e.order);
                Some(s)
            }
            (state, _) => state,
        }
    }
}

fn open(cmd: &OpenSlot) -> Result<Vec<SlotEvent>, ServicesError> {
    provider_account(&cmd.by, cmd.provider)?;
    if cmd.ends_at <= cmd.starts_at {
        return Err(ValidationError::Invalid {
            field: "ends_at",
            reason: "must be after starts_at",
        }
        .into());
    }
    if cmd.starts_at <= cmd.at {
        return Err(ValidationError::Invalid {
            field: "starts_at",
            reason: "must be in the future",
        }
        .into());
    }
    if !(1..=MAX_CAPACITY).contains(&cmd.capacity) {
        return Err(ValidationError::Invalid {
            field: "capacity",
            reason: "must be 1 to 1000",
        }
        .into());
    }
    Ok(vec![SlotOpened {
        slot_id: cmd.slot_id,
        service: cmd.service,
        provider: cmd.provider,
        starts_at: cmd.starts_at,
        ends_at: cmd.ends_at,
        capacity: cmd.capacity,
        at: cmd.at,
    }
    .into()])
}
