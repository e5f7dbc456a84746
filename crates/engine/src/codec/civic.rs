//! The community-service streams (announcement, guide, application, errand, feedback) as one
//! [`AnyEvent::Civic`](super::AnyEvent::Civic) variant, so readers of the whole log match
//! on them in one place.

use linli_domain::civic::announcement::AnnouncementEvent;
use linli_domain::civic::application::ApplicationEvent;
use linli_domain::civic::errand::ErrandEvent;
use linli_domain::civic::feedback::FeedbackEvent;
use linli_domain::civic::guide::GuideEvent;
use linli_domain::{
    AnnouncementId, ApplicationId, DomainEvent, ErrandId, FeedbackId, GuideId, StreamName,
};
use linli_eventlog::RecordedEvent;

use super::decode::decode_event;
use super::error::CodecError;
use super::upcast::Upcasters;

/// A decoded community-service event and the stream it belongs to.
#[derive(Debug, Clone, PartialEq)]
pub enum CivicEvent {
    /// Of `announcement-{id}`.
    Announcement(AnnouncementId, AnnouncementEvent),
    /// Of `guide-{id}`.
    Guide(GuideId, GuideEvent),
    /// Of `application-{id}`.
    Application(ApplicationId, ApplicationEvent),
    /// Of `errand-{id}`.
    Errand(ErrandId, ErrandEvent),
    /// Of `feedback-{id}`.
    Feedback(FeedbackId, FeedbackEvent),
}

impl CivicEvent {
    /// The stream the event belongs to.
    pub fn stream(&self) -> StreamName {
        match self {
            CivicEvent::Announcement(id, _) => StreamName::Announcement(*id),
            CivicEvent::Guide(id, _) => StreamName::Guide(*id),
            CivicEvent::Application(id, _) => StreamName::Application(*id),
            CivicEvent::Errand(id, _) => StreamName::Errand(*id),
            CivicEvent::Feedback(id, _) => StreamName::Feedback(*id),
        }
    }

    /// The stable event name.
    pub fn event_type(&self) -> &'static str {
        match self {
            CivicEvent::Announcement(_, e) => e.event_type(),
            CivicEvent::Guide(_, e) => e.event_type(),
            CivicEvent::Application(_, e) => e.event_type(),
            CivicEvent::Errand(_, e) => e.event_type(),
            CivicEvent::Feedback(_, e) => e.event_type(),
        }
    }

    /// The schema version the event decodes as now.
    pub fn schema_version(&self) -> u16 {
        match self {
            CivicEvent::Announcement(_, e) => e.schema_version(),
            CivicEvent::Guide(_, e) => e.schema_version(),
            CivicEvent::Application(_, e) => e.schema_version(),
            CivicEvent::Errand(_, e) => e.schema_version(),
            CivicEvent::Feedback(_, e) => e.schema_version(),
        }
    }
}

/// Decodes a record of a community-service stream (any other stream is refused as an
/// unknown event type for it).
pub(crate) fn decode_civic(
    stream: StreamName,
    record: &RecordedEvent,
    upcasters: &Upcasters,
) -> Result<CivicEvent, CodecError> {
    match stream {
        StreamName::Announcement(id) => {
            decode_event(record, upcasters).map(|e| CivicEvent::Announcement(id, e))
        }
        StreamName::Guide(id) => decode_event(record, upcasters).map(|e| CivicEvent::Guide(id, e)),
        StreamName::Application(id) => {
            decode_event(record, upcasters).map(|e| CivicEvent::Application(id, e))
        }
        StreamName::Errand(id) => {
            decode_event(record, upcasters).map(|e| CivicEvent::Errand(id, e))
        }
        StreamName::Feedback(id) => {
            decode_event(record, upcasters).map(|e| CivicEvent::Feedback(id, e))
        }
        _ => Err(CodecError::UnknownEventType {
            stream: record.stream.as_str().to_owned(),
            event_type: record.event_type.as_str().to_owned(),
        }),
    }
}
