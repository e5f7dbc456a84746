//! One type for an event of any aggregate, with the id of the stream it belongs to: what a
//! reader of the whole log (projections, audit) matches on.

use linli_domain::checkpoint::CheckpointEvent;
use linli_domain::complaint::ComplaintEvent;
use linli_domain::directory::DirectoryEvent;
use linli_domain::encouragement::EncouragementEvent;
use linli_domain::user::UserEvent;
use linli_domain::{ComplaintId, DomainEvent, EncouragementId, StreamName, UserId};

/// A decoded event and the aggregate instance it belongs to.
#[derive(Debug, Clone, PartialEq)]
pub enum AnyEvent {
    /// An event of stream `complaint-{id}`.
    Complaint(ComplaintId, ComplaintEvent),
    /// An event of stream `encouragement-{id}`.
    Encouragement(EncouragementId, EncouragementEvent),
    /// An event of stream `user-{id}`.
    User(UserId, UserEvent),
    /// An event of the single `directory` stream.
    Directory(DirectoryEvent),
    /// An event of the single `checkpoint` stream (chain checkpoints).
    Checkpoint(CheckpointEvent),
}

impl AnyEvent {
    /// The stream the event belongs to.
    pub fn stream(&self) -> StreamName {
        match self {
            AnyEvent::Complaint(id, _) => StreamName::Complaint(*id),
            AnyEvent::Encouragement(id, _) => StreamName::Encouragement(*id),
            AnyEvent::User(id, _) => StreamName::User(*id),
            AnyEvent::Directory(_) => StreamName::Directory,
            AnyEvent::Checkpoint(_) => StreamName::Checkpoint,
        }
    }

    /// The stable event name, e.g. `complaint.filed`.
    pub fn event_type(&self) -> &'static str {
        match self {
            AnyEvent::Complaint(_, e) => e.event_type(),
            AnyEvent::Encouragement(_, e) => e.event_type(),
            AnyEvent::User(_, e) => e.event_type(),
            AnyEvent::Directory(e) => e.event_type(),
            AnyEvent::Checkpoint(e) => e.event_type(),
        }
    }

    /// The schema version the event decodes as now (after any upcasting).
    pub fn schema_version(&self) -> u16 {
        match self {
            AnyEvent::Complaint(_, e) => e.schema_version(),
            AnyEvent::Encouragement(_, e) => e.schema_version(),
            AnyEvent::User(_, e) => e.schema_version(),
            AnyEvent::Directory(e) => e.schema_version(),
            AnyEvent::Checkpoint(e) => e.schema_version(),
        }
    }
}
