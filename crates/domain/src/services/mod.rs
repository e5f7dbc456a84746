//! Life services (生活服务): providers, their service listings, bookable slots and orders.
//!
//! Four aggregates, four kinds of stream:
//! * [`provider::Provider`] — `provider-{uuid}`: registered, approved or rejected by a manager.
//! * [`catalog::Service`] — `service-{uuid}`: listed, updated, withdrawn.
//! * [`slot::Slot`] — `slot-{uuid}`: opened with a capacity, booked, released. The slot is
//!   the consistency boundary of its capacity (see `slot` and docs/adr on slot capacity).
//! * [`order::Order`] — `order-{uuid}`: reserved → payment requested → paid → dispatched →
//!   started → completed → evaluated, or cancelled; refunds full or partial.
//!
//! All four refuse with [`ServicesError`].

pub mod catalog;
pub mod error;
pub mod order;
pub mod provider;
pub mod slot;
pub mod types;

pub use error::ServicesError;
pub use types::{Contact, OrderStatus, ProviderStanding, ServiceCategory, Stars};
