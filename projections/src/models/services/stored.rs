//! Records as stored in the services read model: compact bincode structs of integers and
//! short strings, converted to views at the edge.

use bincode::{Decode, Encode};
use linli_domain::services::{OrderStatus, ProviderStanding, ServiceCategory};

/// `[PROVIDER][provider]`.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode)]
pub(crate) struct ProviderRec {
    pub(crate) id: u128,
    pub(crate) name: String,
    pub(crate) phone: String,
    pub(crate) description: String,
    pub(crate) standing: u8,
    pub(crate) registered_at: i64,
    pub(crate) reviewed_at: Option<i64>,
    pub(crate) rejection: Option<String>,
}

/// `[SERVICE][service]`.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode)]
pub(crate) struct ServiceRec {
    pub(crate) id: u128,
    pub(crate) provider: u128,
    pub(crate) category: u8,
    pub(crate) name: String,
    pub(crate) description: String,
    pub(crate) price: i64,
    pub(crate) scope: Vec<String>,
    pub(crate) withdrawn: bool,
    pub(crate) listed_at: i64,
    /// Evaluations of its orders, for the catalog's stars.
    pub(crate) ratings: u32,
    pub(crate) rating_sum: u32,
}

/// `[SLOT][slot]`.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode)]
pub(crate) struct SlotRec {
    pub(crate) id: u128,
    pub(crate) service: u128,
    pub(crate) provider: u128,
    pub(crate) starts_at: i64,
    pub(crate) ends_at: i64,
    pub(crate) capacity: u32,
    pub(crate) booked: u32,
}

/// `[ORDER][order]`.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode)]
pub(crate) struct OrderRec {
    pub(crate) id: u128,
    pub(crate) resident: u128,
    pub(crate) service: u128,
    pub(crate) provider: u128,
    pub(crate) category: u8,
    pub(crate) service_name: String,
    pub(crate) price: i64,
    pub(crate) slot: u128,
    pub(crate) slot_starts_at: i64,
    /// The sealed address as the log's JSON (never the plaintext).
    pub(crate) address: Option<String>,
    pub(crate) area: Option<String>,
    pub(crate) contact_name: String,
    /// The sealed phone as the log's JSON (never the plaintext).
    pub(crate) contact_phone: Option<String>,
    /// A v1 record's plain address and phone, as the log holds them.
    pub(crate) legacy_address: Option<String>,
    pub(crate) legacy_phone: Option<String>,
    pub(crate) note: Option<String>,
    pub(crate) status: u8,
    pub(crate) reserved_at: i64,
    pub(crate) updated_at: i64,
    pub(crate) paid: i64,
    pub(crate) refunded: i64,
    pub(crate) worker_name: Option<String>,
    pub(crate) worker_phone: Option<String>,
    pub(crate) score: Option<u8>,
    pub(crate) tags: Vec<String>,
    pub(crate) evaluation: Option<String>,
    pub(crate) cancel_reason: Option<String>,
}

/// `[USAGE][day][category]`: what happened to orders of one category on one China day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Encode, Decode)]
pub(crate) struct UsageRec {
    pub(crate) reserved: u64,
    pub(crate) paid: u64,
    pub(crate) completed: u64,
    pub(crate) cancelled: u64,
    pub(crate) evaluated: u64,
    pub(crate) rating_sum: u64,
    /// Paid in, fen.
    pub(crate) revenue: i64,
    /// Refunded out, fen.
    pub(crate) refunds: i64,
}

pub(crate) fn category_byte(c: ServiceCategory) -> u8 {
    ServiceCategory::ALL
        .iter()
        .position(|x| *x == c)
        .unwrap_or(4) as u8
}

pub(crate) fn category(b: u8) -> ServiceCategory {
    ServiceCategory::ALL
        .get(b as usize)
        .copied()
        .unwrap_or(ServiceCategory::Other)
}

pub(crate) fn status_byte(s: OrderStatus) -> u8 {
    OrderStatus::ALL.iter().position(|x| *x == s).unwrap_or(0) as u8
}

pub(crate) fn status(b: u8) -> OrderStatus {
    OrderStatus::ALL
        .get(b as usize)
        .copied()
        .unwrap_or(OrderStatus::Reserved)
}

const STANDINGS: [ProviderStanding; 3] = [
    ProviderStanding::Pending,
    ProviderStanding::Approved,
    ProviderStanding::Rejected,
];

pub(crate) fn standing_byte(s: ProviderStanding) -> u8 {
    STANDINGS.iter().position(|x| *x == s).unwrap_or(0) as u8
}

pub(crate) fn standing(b: u8) -> ProviderStanding {
    STANDINGS
        .get(b as usize)
        .copied()
        .unwrap_or(ProviderStanding::Pending)
}
