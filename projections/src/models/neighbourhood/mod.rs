//! Neighbourhood life: forum posts and comments, community events, second-hand listings,
//! help requests and proposed solutions, each as a feed with filters and paging, plus
//! dashboard counts for each kind of activity.

mod keys;
mod projection;
mod query;
mod views;

pub use projection::NeighbourhoodProjection;
pub use query::{ItemFilter, Neighbourhood};
pub use views::*;

/// The projection's id.
pub const ID: &str = "neighbourhood";
/// Bump when the stored layout or the fold changes.
pub const VERSION: u32 = 1;
