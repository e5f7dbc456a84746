//! Complaint (诉求): filed by a resident, routed to the cadre responsible for the place,
//! followed to resolution, confirmed or reopened, rated.
//!
//! Life cycle:
//!
//! ```text
//! filed ─assign─▶ triage ◀─reject── assigned ─accept─▶ in_progress ─resolve─▶ resolved ─confirm─▶ closed
//!                   │  ▲                ▲  (resolve from assigned also accepts)      │
//!                   └──┴─assign/escalate┘◀─transfer/escalate──┘   ◀──────reopen──────┘
//! withdraw (filer) and merge (cadre/manager) end any unresolved complaint.
//! ```

mod command;
mod decide;
mod error;
mod event;
mod state;
mod types;

pub use command::*;
pub use error::ComplaintError;
pub use event::*;
pub use state::{ComplaintRecord, ComplaintState, OverdueFlags};
pub use types::*;

use crate::aggregate::Aggregate;

/// The complaint aggregate; one stream `complaint-{uuid}` per complaint.
#[derive(Debug, Clone, Copy, Default)]
pub struct Complaint;

impl Aggregate for Complaint {
    const NAME: &'static str = "complaint";
    type Command = ComplaintCommand;
    type Event = ComplaintEvent;
    type State = ComplaintState;
    type Error = ComplaintError;

    fn decide(
        command: &ComplaintCommand,
        state: &ComplaintState,
    ) -> Result<Vec<ComplaintEvent>, ComplaintError> {
        decide::decide(command, state)
    }

    fn evolve(state: ComplaintState, event: &ComplaintEvent) -> ComplaintState {
        state::evolve(state, event)
    }
}
