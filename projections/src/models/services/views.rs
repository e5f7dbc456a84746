//! What the services read model answers, serialisable and documented for the API.

use chrono::{DateTime, NaiveDate, Utc};
use linli_domain::services::{OrderStatus, ProviderStanding, ServiceCategory};
use linli_domain::{Fen, OrderId, ProviderId, ServiceId, SlotId, UserId};
use serde::Serialize;

/// A provider as managers and residents see it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProviderView {
    /// The provider (the same uuid as its owner's account).
    pub id: ProviderId,
    /// Business name.
    pub name: String,
    /// Contact number.
    pub phone: String,
    /// What it does.
    pub description: String,
    /// Pending, approved or rejected.
    pub standing: ProviderStanding,
    /// When it registered.
    pub registered_at: DateTime<Utc>,
    /// When a manager last reviewed it.
    pub reviewed_at: Option<DateTime<Utc>>,
    /// Why it was rejected, if it was.
    pub rejection: Option<String>,
}

/// A service listing.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceView {
    /// The listing.
    pub id: ServiceId,
    /// Its provider.
    pub provider: ProviderId,
    /// The provider's name.
    pub provider_name: String,
    /// Category.
    pub category: ServiceCategory,
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Price in fen.
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub price: Fen,
    /// Jurisdiction codes served (each covers its subtree).
    pub scope: Vec<String>,
    /// Whether it was taken down (withdrawn listings never appear in searches).
    pub withdrawn: bool,
    /// Whether it shows in the catalog: listed, not withdrawn, provider approved.
    pub bookable: bool,
    /// When listed.
    pub listed_at: DateTime<Utc>,
    /// Evaluations of its orders.
    pub ratings: u32,
    /// Average stars, if rated.
    pub average_rating: Option<f64>,
}

/// A bookable slot and its availability.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SlotView {
    /// The slot.
    pub id: SlotId,
    /// Its service.
    pub service: ServiceId,
    /// Start.
    pub starts_at: DateTime<Utc>,
    /// End.
    pub ends_at: DateTime<Utc>,
    /// Places.
    pub capacity: u32,
    /// Places taken.
    pub booked: u32,
    /// Places free.
    pub remaining: u32,
}

/// An order as its resident and provider see it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderView {
    /// The order.
    pub id: OrderId,
    /// The resident who reserved.
    pub resident: UserId,
    /// The service.
    pub service: ServiceId,
    /// The provider.
    pub provider: ProviderId,
    /// Category.
    pub category: ServiceCategory,
    /// Service name at booking.
    pub service_name: String,
    /// Price in fen.
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub price: Fen,
    /// The slot.
    pub slot: SlotId,
    /// When the slot starts.
    pub slot_starts_at: DateTime<Utc>,
    /// Where: **personal data**, shown to the resident and the provider only; null when not
    /// shown, with the reason in `address_status`.
    pub address: Option<String>,
    /// Whether `address` is shown, and if not, why.
    pub address_status: PersonalShown,
    /// The address's jurisdiction, if given.
    pub area: Option<String>,
    /// Contact name.
    pub contact_name: String,
    /// Contact phone: **personal data**, like `address`.
    pub contact_phone: Option<String>,
    /// Whether `contact_phone` is shown, and if not, why.
    pub contact_phone_status: PersonalShown,
    /// The sealed phone and address as the log holds them; the API opens them for the
    /// people allowed to see them. Never serialized.
    #[serde(skip)]
    #[cfg_attr(feature = "openapi", schema(ignore))]
    pub sealed: SealedContact,
    /// For the worker.
    pub note: Option<String>,
    /// Where it is in its life.
    pub status: OrderStatus,
    /// When reserved.
    pub reserved_at: DateTime<Utc>,
    /// When last changed.
    pub updated_at: DateTime<Utc>,
    /// Paid, fen.
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub paid: Fen,
    /// Refunded so far, fen.
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub refunded: Fen,
    /// The worker sent, if dispatched.
    pub worker_name: Option<String>,
    /// The worker's phone.
    pub worker_phone: Option<String>,
    /// Stars, once evaluated.
    pub score: Option<u8>,
    /// Evaluation tags.
    pub tags: Vec<String>,
    /// Evaluation words.
    pub evaluation: Option<String>,
    /// Why it was cancelled.
    pub cancel_reason: Option<String>,
}

/// Service usage for one day and category.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UsageRow {
    /// The China day.
    pub day: NaiveDate,
    /// The category.
    pub category: ServiceCategory,
    /// Orders reserved that day.
    pub reserved: u64,
    /// Orders paid.
    pub paid: u64,
    /// Orders completed.
    pub completed: u64,
    /// Orders cancelled.
    pub cancelled: u64,
    /// Orders evaluated.
    pub evaluated: u64,
    /// Payments in, fen.
    pub revenue: i64,
    /// Refunds out, fen.
    pub refunds: i64,
}

/// Service usage over a range of days, for the dashboard.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UsageReport {
    /// First day (China time), inclusive.
    pub from: NaiveDate,
    /// Last day, inclusive.
    pub to: NaiveDate,
    /// Per day and category, days ascending; only days with activity.
    pub rows: Vec<UsageRow>,
    /// Orders reserved in the range.
    pub orders: u64,
    /// Orders completed in the range.
    pub completed: u64,
    /// Completed ÷ reserved in the range, if any were reserved.
    pub completion_rate: Option<f64>,
    /// Average stars of the evaluations in the range.
    pub average_rating: Option<f64>,
    /// Payments minus refunds, fen.
    pub revenue: i64,
}

/// Whether an order's personal field is shown to the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PersonalShown {
    /// Decrypted for the order's resident or provider.
    Shown,
    /// Not for this reader (staff read personal data through the recorded reveal route).
    Redacted,
    /// The resident was forgotten: the key is destroyed and the value is gone for good.
    Forgotten,
    /// Recorded, but this server's key store cannot open it.
    Unreadable,
}

/// An order's sealed contact details, as the log holds them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SealedContact {
    /// The sealed address (absent only for an order recorded before sealing).
    pub address: Option<linli_domain::sealed::Sealed>,
    /// The sealed phone (absent only for an order recorded before sealing).
    pub phone: Option<linli_domain::sealed::Sealed>,
    /// An order recorded before sealing: its address, plain as written.
    pub legacy_address: Option<String>,
    /// An order recorded before sealing: its phone, plain as written.
    pub legacy_phone: Option<String>,
}
