//! linli's read side: the projection runtime and the read models.
//!
//! * [`runtime`] — projections with stable ids and versions, each in its own sled trees in
//!   the log's database, with the checkpoint written in the same atomic batch as the read
//!   model; catch-up then live follow; rebuild into fresh trees and swap; `wait_for` for
//!   read-your-writes.
//! * [`models`] — complaint progress, cadre queues, dashboard, directory and encouragement
//!   feed, each a projection plus a reader with plain query methods.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod error;
pub mod models;
pub mod runtime;

pub use error::ProjectionError;
pub use models::{all_specs, complaint_specs, Cursor, DomainDecoder, Page, PageOf, ReadModels};
pub use runtime::*;
