//! Filing a complaint and routing it, as one call for the API: `File`, then `Assign` with
//! the router's decision and due times counted from the filing.
//!
//! Two commands, two appends to the complaint's stream: the `filed` fact stands even if
//! routing fails (an empty directory), and the complaint can then be assigned from triage.
//! Idempotency: with key `K`, filing uses `K` and assigning `K:assign`, so a retried request
//! returns the first result and never routes twice, even when the first attempt stopped
//! between the two commands. Without a key, a retry is refused as `AlreadyExists`. The log
//! bounds keys to 256 bytes, so `K` may be at most 249 (the API should bound its header).

use linli_domain::complaint::{
    AssignComplaint, Assignment, Complaint, ComplaintCommand, ComplaintError, ComplaintEvent,
    FileComplaint,
};
use linli_domain::{Actor, JurisdictionCode, StreamName};
use linli_eventlog::Position;
use thiserror::Error;

use crate::handler::{CommandMeta, CommandOutcome, Engine, EngineError, LoadError};
use crate::routing::{DirectoryCache, RouteRequest, RoutingError, Workload};

/// Why filing and routing did not both happen.
#[derive(Debug, Error)]
pub enum IntakeError {
    /// Filing or assigning failed (a refusal, or the system).
    #[error(transparent)]
    Command(#[from] EngineError<ComplaintError>),
    /// The directory could not be loaded; the complaint may be filed but is not routed.
    #[error("directory: {0}")]
    Directory(#[from] LoadError),
    /// The directory is empty; the complaint is filed but not routed.
    #[error(transparent)]
    Routing(#[from] RoutingError),
}

/// A filed and routed complaint.
#[derive(Debug, Clone, PartialEq)]
pub struct Intake {
    /// The outcome of filing.
    pub filed: CommandOutcome<ComplaintEvent>,
    /// The outcome of assigning (a duplicate on a retried request).
    pub assigned: CommandOutcome<ComplaintEvent>,
    /// Cadre, node, basis and due times as recorded in the `assigned` event.
    pub assignment: Assignment,
}

impl Intake {
    /// The last position written: wait for read models to reach it to read your writes.
    pub fn position(&self) -> Position {
        self.assigned.position.max(self.filed.position)
    }
}

/// Files `command` and routes the complaint: the router sees the complaint's explicit code,
/// point and address and the resident's `home_grid`, and balances by `workload`.
pub async fn file_and_route(
    engine: &Engine,
    directory: &DirectoryCache,
    workload: &(dyn Workload + Sync),
    command: FileComplaint,
    home_grid: Option<JurisdictionCode>,
    meta: CommandMeta,
) -> Result<Intake, IntakeError> {
    let stream = StreamName::Complaint(command.complaint_id);
    let request = RouteRequest {
        category: command.category,
        explicit_code: command.jurisdiction,
        point: command.point,
        address: Some(command.address.clone()),
        home_grid,
    };
    let at = command.at;
    let assign_meta = CommandMeta {
        idempotency_key: meta.idempotency_key.as_ref().map(|k| format!("{k}:assign")),
        actor: Some(Actor::System.to_string()),
        ..meta.clone()
    };
    let filed = engine
        .execute::<Complaint>(stream, ComplaintCommand::File(command), meta)
        .await?;
    let router = directory.router()?;
    let decision = router.route(&request, workload)?;
    let fresh = router.assignment(&decision, request.category, at);
    let assign = ComplaintCommand::Assign(AssignComplaint {
        assignment: fresh.clone(),
        by: Actor::System,
        at,
    });
    let assigned = engine
        .execute::<Complaint>(stream, assign, assign_meta)
        .await?;
    // On a retried request these are the first attempt's events: report what was recorded,
    // not what routing would say now.
    let recorded = assigned.events.iter().find_map(|e| match e {
        ComplaintEvent::Assigned(a) => Some(a.assignment.clone()),
        _ => None,
    });
    Ok(Intake {
        filed,
        assignment: recorded.unwrap_or(fresh),
        assigned,
    })
}
