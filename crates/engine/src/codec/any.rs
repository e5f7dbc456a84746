//! One type for an event of any aggregate, with the id of the stream it belongs to: what a
//! reader of the whole log (projections, audit) matches on.

use linli_domain::checkpoint::CheckpointEvent;
use linli_domain::complaint::ComplaintEvent;
use linli_domain::directory::DirectoryEvent;
use linli_domain::encouragement::EncouragementEvent;
use linli_domain::privacy::{PersonalDataEvent, RetentionEvent};
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
    /// An event of a community-service stream (announcement, guide, application, errand,
    /// feedback).
    Civic(super::CivicEvent),
    /// An event of stream `provider-{id}`.
    Provider(
        linli_domain::ProviderId,
        linli_domain::services::provider::ProviderEvent,
    ),
    /// An event of stream `service-{id}`.
    Service(
        linli_domain::ServiceId,
        linli_domain::services::catalog::ServiceEvent,
    ),
    /// An event of stream `slot-{id}`.
    Slot(
        linli_domain::SlotId,
        linli_domain::services::slot::SlotEvent,
    ),
    /// An event of stream `order-{id}`.
    Order(
        linli_domain::OrderId,
        linli_domain::services::order::OrderEvent,
    ),
    /// An event of stream `inbox-{user id}`.
    Inbox(UserId, linli_domain::inbox::InboxEvent),
    /// An event of a neighbourhood stream (forum, activity, listing, help, idea).
    Neighbourhood(super::NeighbourhoodEvent),
    /// An event of the single `checkpoint` stream (chain checkpoints).
    Checkpoint(CheckpointEvent),
    /// An event of stream `personal_data-{user id}`: who read the user's personal data.
    PersonalData(UserId, PersonalDataEvent),
    /// An event of the single `retention` stream.
    Retention(RetentionEvent),
}

impl AnyEvent {
    /// The stream the event belongs to.
    pub fn stream(&self) -> StreamName {
        match self {
            AnyEvent::Complaint(id, _) => StreamName::Complaint(*id),
            AnyEvent::Encouragement(id, _) => StreamName::Encouragement(*id),
            AnyEvent::User(id, _) => StreamName::User(*id),
            AnyEvent::Directory(_) => StreamName::Directory,
            AnyEvent::Civic(e) => e.stream(),
            AnyEvent::Provider(id, _) => StreamName::Provider(*id),
            AnyEvent::Service(id, _) => StreamName::Service(*id),
            AnyEvent::Slot(id, _) => StreamName::Slot(*id),
            AnyEvent::Order(id, _) => StreamName::Order(*id),
            AnyEvent::Inbox(id, _) => StreamName::Inbox(*id),
            AnyEvent::Neighbourhood(e) => StreamName::Neighbourhood(e.stream()),
            AnyEvent::Checkpoint(_) => StreamName::Checkpoint,
            AnyEvent::PersonalData(id, _) => StreamName::PersonalData(*id),
            AnyEvent::Retention(_) => StreamName::Retention,
        }
    }

    /// The stable event name, e.g. `complaint.filed`.
    pub fn event_type(&self) -> &'static str {
        match self {
            AnyEvent::Complaint(_, e) => e.event_type(),
            AnyEvent::Encouragement(_, e) => e.event_type(),
            AnyEvent::User(_, e) => e.event_type(),
            AnyEvent::Directory(e) => e.event_type(),
            AnyEvent::Civic(e) => e.event_type(),
            AnyEvent::Provider(_, e) => e.event_type(),
            AnyEvent::Service(_, e) => e.event_type(),
            AnyEvent::Slot(_, e) => e.event_type(),
            AnyEvent::Order(_, e) => e.event_type(),
            AnyEvent::Inbox(_, e) => e.event_type(),
            AnyEvent::Neighbourhood(e) => e.event_type(),
            AnyEvent::Checkpoint(e) => e.event_type(),
            AnyEvent::PersonalData(_, e) => e.event_type(),
            AnyEvent::Retention(e) => e.event_type(),
        }
    }

    /// The schema version the event decodes as now (after any upcasting).
    pub fn schema_version(&self) -> u16 {
        match self {
            AnyEvent::Complaint(_, e) => e.schema_version(),
            AnyEvent::Encouragement(_, e) => e.schema_version(),
            AnyEvent::User(_, e) => e.schema_version(),
            AnyEvent::Directory(e) => e.schema_version(),
            AnyEvent::Civic(e) => e.schema_version(),
            AnyEvent::Provider(_, e) => e.schema_version(),
            AnyEvent::Service(_, e) => e.schema_version(),
            AnyEvent::Slot(_, e) => e.schema_version(),
            AnyEvent::Order(_, e) => e.schema_version(),
            AnyEvent::Inbox(_, e) => e.schema_version(),
            AnyEvent::Neighbourhood(e) => e.schema_version(),
            AnyEvent::Checkpoint(e) => e.schema_version(),
            AnyEvent::PersonalData(_, e) => e.schema_version(),
            AnyEvent::Retention(e) => e.schema_version(),
        }
    }
}
