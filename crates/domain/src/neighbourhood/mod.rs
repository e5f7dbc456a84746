//! Neighbourhood life (邻里): the forum, community events, second-hand listings, mutual
//! help and residents' proposed solutions. Five small aggregates, one stream per item,
//! sharing one error type ([`NeighbourhoodError`]) and one stream-name family
//! ([`NeighbourhoodStream`]).
//!
//! Every item names the community (a jurisdiction node) it belongs to. Whether a resident
//! belongs there, or a cadre's scope covers it, is looked up by the API from the user and
//! directory and is not re-decided here.

pub mod activity;
mod error;
pub mod forum;
pub mod help;
pub mod idea;
pub mod listing;
#[cfg(feature = "openapi")]
mod openapi;
mod stream;

pub use error::{Item, NeighbourhoodError};
pub use stream::NeighbourhoodStream;

pub use crate::ids::{ActivityId, HelpRequestId, IdeaId, ListingId, PostId};
