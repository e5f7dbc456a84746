//! The neighbourhood streams' events as one type, so [`AnyEvent`](super::AnyEvent) needs a
//! single variant for the five neighbourhood aggregates.

use linli_domain::neighbourhood::activity::ActivityEvent;
use linli_domain::neighbourhood::forum::ForumEvent;
use linli_domain::neighbourhood::help::HelpEvent;
use linli_domain::neighbourhood::idea::IdeaEvent;
use linli_domain::neighbourhood::listing::ListingEvent;
use linli_domain::neighbourhood::{
    ActivityId, HelpRequestId, IdeaId, ListingId, NeighbourhoodStream, PostId,
};
use linli_domain::DomainEvent;
use linli_eventlog::RecordedEvent;

use super::decode::decode_event;
use super::error::CodecError;
use super::upcast::Upcasters;

/// A decoded event of a neighbourhood stream, with the item it belongs to.
#[derive(Debug, Clone, PartialEq)]
pub enum NeighbourhoodEvent {
    /// Of stream `forum-{id}`.
    Forum(PostId, ForumEvent),
    /// Of stream `activity-{id}`.
    Activity(ActivityId, ActivityEvent),
    /// Of stream `listing-{id}`.
    Listing(ListingId, ListingEvent),
    /// Of stream `help-{id}`.
    Help(HelpRequestId, HelpEvent),
    /// Of stream `idea-{id}`.
    Idea(IdeaId, IdeaEvent),
}

impl NeighbourhoodEvent {
    /// The stream the event belongs to.
    pub fn stream(&self) -> NeighbourhoodStream {
        match self {
            NeighbourhoodEvent::Forum(id, _) => NeighbourhoodStream::Post(*id),
            NeighbourhoodEvent::Activity(id, _) => NeighbourhoodStream::Activity(*id),
            NeighbourhoodEvent::Listing(id, _) => NeighbourhoodStream::Listing(*id),
            NeighbourhoodEvent::Help(id, _) => NeighbourhoodStream::Help(*id),
            NeighbourhoodEvent::Idea(id, _) => NeighbourhoodStream::Idea(*id),
        }
    }

    /// The stable event name.
    pub fn event_type(&self) -> &'static str {
        match self {
            NeighbourhoodEvent::Forum(_, e) => e.event_type(),
            NeighbourhoodEvent::Activity(_, e) => e.event_type(),
            NeighbourhoodEvent::Listing(_, e) => e.event_type(),
            NeighbourhoodEvent::Help(_, e) => e.event_type(),
            NeighbourhoodEvent::Idea(_, e) => e.event_type(),
        }
    }

    /// The schema version.
    pub fn schema_version(&self) -> u16 {
        match self {
            NeighbourhoodEvent::Forum(_, e) => e.schema_version(),
            NeighbourhoodEvent::Activity(_, e) => e.schema_version(),
            NeighbourhoodEvent::Listing(_, e) => e.schema_version(),
            NeighbourhoodEvent::Help(_, e) => e.schema_version(),
            NeighbourhoodEvent::Idea(_, e) => e.schema_version(),
        }
    }
}

/// Decodes a record of a neighbourhood stream as its aggregate's event.
pub(crate) fn decode_neighbourhood(
    stream: NeighbourhoodStream,
    record: &RecordedEvent,
    upcasters: &Upcasters,
) -> Result<NeighbourhoodEvent, CodecError> {
    Ok(match stream {
        NeighbourhoodStream::Post(id) => {
            NeighbourhoodEvent::Forum(id, decode_event(record, upcasters)?)
        }
        NeighbourhoodStream::Activity(id) => {
            NeighbourhoodEvent::Activity(id, decode_event(record, upcasters)?)
        }
        NeighbourhoodStream::Listing(id) => {
            NeighbourhoodEvent::Listing(id, decode_event(record, upcasters)?)
        }
        NeighbourhoodStream::Help(id) => {
            NeighbourhoodEvent::Help(id, decode_event(record, upcasters)?)
        }
        NeighbourhoodStream::Idea(id) => {
            NeighbourhoodEvent::Idea(id, decode_event(record, upcasters)?)
        }
    })
}
