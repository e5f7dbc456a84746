//! The contract between domain events and the log: an explicit, stable name and schema
//! version per event, and a JSON payload of the event's data.
//!
//! Names are written out by hand and never derived from Rust type names, so renaming a type
//! can never orphan the events already in the log. Decoding knows only the current version;
//! the engine upcasts older payloads before calling [`DomainEvent::from_payload`].

use thiserror::Error;

/// One (name, schema version) pair an event enum knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EventType {
    /// The stable dotted name stored in the log, e.g. `complaint.filed`.
    pub name: &'static str,
    /// The payload's current schema version; bumped on any incompatible change.
    pub version: u16,
}

/// Why an event could not be turned into or out of its payload.
#[derive(Debug, Error)]
pub enum PayloadError {
    /// The name is not one this enum knows (wrong stream, or an event from a newer build).
    #[error("unknown event type {0:?}")]
    UnknownEventType(String),
    /// The data could not be serialized.
    #[error("cannot encode {event_type}: {source}")]
    Encode {
        /// The event being encoded.
        event_type: &'static str,
        /// The serializer's complaint.
        #[source]
        source: serde_json::Error,
    },
    /// The payload is not valid JSON for the current version of this event type.
    #[error("cannot decode {event_type}: {source}")]
    Decode {
        /// The event being decoded.
        event_type: &'static str,
        /// The deserializer's complaint (includes validation of ids and codes).
        #[source]
        source: serde_json::Error,
    },
}

/// An event enum whose variants each have a stable name, a schema version and a JSON payload.
pub trait DomainEvent: Sized {
    /// Every (name, version) pair this enum can produce, in declaration order.
    const TYPES: &'static [EventType];

    /// The stable name stored in the log.
    fn event_type(&self) -> &'static str;

    /// The schema version of the payload [`DomainEvent::to_payload`] writes.
    fn schema_version(&self) -> u16;

    /// JSON of the variant's data (not of the enum: the name travels beside the payload).
    fn to_payload(&self) -> Result<Vec<u8>, PayloadError>;

    /// Rebuilds an event from its name and a payload of the current schema version.
    fn from_payload(event_type: &str, payload: &[u8]) -> Result<Self, PayloadError>;

    /// The current schema version of a named event, if this enum knows the name.
    fn current_version(event_type: &str) -> Option<u16> {
        Self::TYPES
            .iter()
            .find(|t| t.name == event_type)
            .map(|t| t.version)
    }
}

/// Declares an event enum whose variants wrap one data struct each, with its stable name and
/// version, and implements [`DomainEvent`] and `From<Data>` for it. A duplicated name would be
/// an unreachable match arm, which the workspace's `-D warnings` turns into a build failure.
macro_rules! domain_events {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $(
                $(#[$vmeta:meta])*
                $variant:ident($data:ty) = ($event_name:literal, $version:literal),
            )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq)]
        pub enum $name {
            $( $(#[$vmeta])* $variant($data), )+
        }

        impl $crate::event::DomainEvent for $name {
            const TYPES: &'static [$crate::event::EventType] = &[
                $( $crate::event::EventType { name: $event_name, version: $version }, )+
            ];

            fn event_type(&self) -> &'static str {
                match self {
                    $( Self::$variant(_) => $event_name, )+
                }
            }

            fn schema_version(&self) -> u16 {
                match self {
                    $( Self::$variant(_) => $version, )+
                }
            }

            fn to_payload(&self) -> Result<Vec<u8>, $crate::event::PayloadError> {
                match self {
                    $(
                        Self::$variant(data) => serde_json::to_vec(data).map_err(|source| {
                            $crate::event::PayloadError::Encode { event_type: $event_name, source }
                        }),
                    )+
                }
            }

            fn from_payload(
                event_type: &str,
                payload: &[u8],
            ) -> Result<Self, $crate::event::PayloadError> {
                match event_type {
                    $(
                        $event_name => serde_json::from_slice::<$data>(payload)
                            .map(Self::$variant)
                            .map_err(|source| $crate::event::PayloadError::Decode {
                                event_type: $event_name,
                                source,
                            }),
                    )+
                    other => Err($crate::event::PayloadError::UnknownEventType(other.to_owned())),
                }
            }
        }

        $(
            impl From<$data> for $name {
                fn from(data: $data) -> Self {
                    Self::$variant(data)
                }
            }
        )+
    };
}

pub(crate) use domain_events;
