//! Records to typed events: pick the aggregate from the stream name, upcast old payloads,
//! then let the domain decode the current version.

use std::str::FromStr;

use linli_domain::{DomainEvent, StreamName};
use linli_eventlog::RecordedEvent;

use super::any::AnyEvent;
use super::error::CodecError;
use super::upcast::Upcasters;

/// Decodes any record with the [standard upcasters](Upcasters::standard); what projections
/// and auditors call for every record they read.
pub fn decode(record: &RecordedEvent) -> Result<AnyEvent, CodecError> {
    decode_with(record, Upcasters::standard())
}

/// [`decode`] with a given upcaster registry (tests register their own steps).
pub fn decode_with(record: &RecordedEvent, upcasters: &Upcasters) -> Result<AnyEvent, CodecError> {
    let stream = StreamName::from_str(record.stream.as_str()).map_err(|source| {
        CodecError::UnknownStream {
            stream: record.stream.as_str().to_owned(),
            source,
        }
    })?;
    Ok(match stream {
        StreamName::Complaint(id) => AnyEvent::Complaint(id, decode_event(record, upcasters)?),
        StreamName::Encouragement(id) => {
            AnyEvent::Encouragement(id, decode_event(record, upcasters)?)
        }
        StreamName::User(id) => AnyEvent::User(id, decode_event(record, upcasters)?),
        StreamName::Directory => AnyEvent::Directory(decode_event(record, upcasters)?),
        StreamName::Announcement(_)
        | StreamName::Guide(_)
        | StreamName::Application(_)
        | StreamName::Errand(_)
        | StreamName::Feedback(_) => {
            AnyEvent::Civic(super::civic::decode_civic(stream, record, upcasters)?)
        }
        StreamName::Provider(id) => AnyEvent::Provider(id, decode_event(record, upcasters)?),
        StreamName::Service(id) => AnyEvent::Service(id, decode_event(record, upcasters)?),
        StreamName::Slot(id) => AnyEvent::Slot(id, decode_event(record, upcasters)?),
        StreamName::Order(id) => AnyEvent::Order(id, decode_event(record, upcasters)?),
        StreamName::Inbox(id) => AnyEvent::Inbox(id, decode_event(record, upcasters)?),
        StreamName::Neighbourhood(s) => AnyEvent::Neighbourhood(
            super::neighbourhood::decode_neighbourhood(s, record, upcasters)?,
        ),
        StreamName::Checkpoint => AnyEvent::Checkpoint(decode_event(record, upcasters)?),
        StreamName::PersonalData(id) => {
            AnyEvent::PersonalData(id, decode_event(record, upcasters)?)
        }
        StreamName::Retention => AnyEvent::Retention(decode_event(record, upcasters)?),
    })
}

/// Decodes a record as one aggregate's event type `E`, whatever stream it came from; the
/// command handler uses it after checking the stream itself.
///
/// A record whose version is the current one goes straight to the domain; an older one is
/// parsed as JSON, upcast step by step to the current version and then decoded; a newer one
/// is refused with [`CodecError::NewerSchema`].
pub fn decode_event<E: DomainEvent>(
    record: &RecordedEvent,
    upcasters: &Upcasters,
) -> Result<E, CodecError> {
    let event_type = record.event_type.as_str();
    let current = E::current_version(event_type).ok_or_else(|| CodecError::UnknownEventType {
        stream: record.stream.as_str().to_owned(),
        event_type: event_type.to_owned(),
    })?;
    let found = record.schema_version;
    if found > current {
        return Err(CodecError::NewerSchema {
            event_type: event_type.to_owned(),
            found,
            known: current,
        });
    }
    if found == current {
        return Ok(E::from_payload(event_type, &record.payload)?);
    }
    let malformed = |source| CodecError::Malformed {
        event_type: event_type.to_owned(),
        version: found,
        source,
    };
    let old = serde_json::from_slice(&record.payload).map_err(malformed)?;
    let upcast = upcasters.upcast(event_type, found, current, old)?;
    // Serializing a `Value` cannot fail (its map keys are strings).
    let bytes = serde_json::to_vec(&upcast).map_err(malformed)?;
    Ok(E::from_payload(event_type, &bytes)?)
}
