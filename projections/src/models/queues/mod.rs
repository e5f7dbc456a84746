//! Cadre queues (干部待办): open items per cadre and per jurisdiction node, ordered by the
//! next deadline, with overdue flags; the open-item counts routing balances on and the
//! deadline index the scheduler polls.

mod projection;
mod query;
mod stored;

pub use projection::QueueProjection;
pub use query::{CadreQueues, DueItem, QueueItem};

/// The projection's id.
pub const ID: &str = "cadre_queues";
/// Bump when the stored layout or the fold changes.
pub const VERSION: u32 = 1;
