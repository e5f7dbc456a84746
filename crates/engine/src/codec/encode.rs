//! Typed events to the log's [`NewEvent`]: the explicit name, the current schema version and
//! the JSON payload, all as the domain declares them.

use linli_domain::DomainEvent;
use linli_eventlog::NewEvent;

use super::error::CodecError;

/// Encodes one event for appending; always at its current schema version.
pub fn encode<E: DomainEvent>(event: &E) -> Result<NewEvent, CodecError> {
    Ok(NewEvent::new(
        event.event_type(),
        event.schema_version(),
        event.to_payload()?,
    ))
}

/// Encodes every event of one decision, in order.
pub fn encode_all<E: DomainEvent>(events: &[E]) -> Result<Vec<NewEvent>, CodecError> {
    events.iter().map(encode).collect()
}
