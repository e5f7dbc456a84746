//! Table tags and keys of the services read model (big-endian, so byte order is query order).

use chrono::NaiveDate;

use crate::models::common::Key;

/// `[PROVIDER][provider]` → `ProviderRec`.
pub(crate) const PROVIDER: u8 = 1;
/// `[PROVIDER_BY_TIME][registered desc][provider]` → empty.
pub(crate) const PROVIDER_BY_TIME: u8 = 2;
/// `[SERVICE][service]` → `ServiceRec`.
pub(crate) const SERVICE: u8 = 3;
/// `[SERVICE_BY_PROVIDER][provider][service]` → empty.
pub(crate) const SERVICE_BY_PROVIDER: u8 = 4;
/// `[SLOT][slot]` → `SlotRec`.
pub(crate) const SLOT: u8 = 5;
/// `[SLOT_BY_SERVICE][service][starts asc][slot]` → empty.
pub(crate) const SLOT_BY_SERVICE: u8 = 6;
/// `[ORDER][order]` → `OrderRec`.
pub(crate) const ORDER: u8 = 7;
/// `[BY_RESIDENT][resident][reserved desc][order]` → empty.
pub(crate) const BY_RESIDENT: u8 = 8;
/// `[BY_PROVIDER][provider][reserved desc][order]` → empty.
pub(crate) const BY_PROVIDER: u8 = 9;
/// `[SCHEDULE][provider][slot start asc][order]` → empty; cancelled orders leave it.
pub(crate) const SCHEDULE: u8 = 10;
/// `[USAGE][day][category]` → `UsageRec`.
pub(crate) const USAGE: u8 = 11;

pub(crate) fn provider_key(id: u128) -> Vec<u8> {
    Key::new(PROVIDER).id(id).build()
}

pub(crate) fn service_key(id: u128) -> Vec<u8> {
    Key::new(SERVICE).id(id).build()
}

pub(crate) fn slot_key(id: u128) -> Vec<u8> {
    Key::new(SLOT).id(id).build()
}

pub(crate) fn order_key(id: u128) -> Vec<u8> {
    Key::new(ORDER).id(id).build()
}

pub(crate) fn usage_key(day: u64, category: u8) -> Vec<u8> {
    let mut key = Key::new(USAGE).u64(day).build();
    key.push(category);
    key
}

/// Days since 1970-01-01 (China days), as a key part.
pub(crate) fn day_number(day: NaiveDate) -> u64 {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    (day - epoch).num_days().max(0) as u64
}

/// The day back from its number.
pub(crate) fn day_of(number: u64) -> NaiveDate {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    epoch + chrono::Days::new(number)
}
