//! Life services read model: the catalog (providers, listings, search), slot availability,
//! order history per resident and per provider, the provider's schedule, and service usage
//! for the dashboard (orders by category and day, completion rate, average rating, revenue).

mod keys;
mod projection;
mod query;
mod stored;
mod views;

pub use projection::ServicesProjection;
pub use query::{ServiceSearch, ServicesView};
pub use views::*;

/// The projection's id.
pub const ID: &str = "services";
/// Bump when the stored layout or the fold changes.
pub const VERSION: u32 = 2;
