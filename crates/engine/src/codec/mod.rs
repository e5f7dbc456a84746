//! The typed event codec: between the domain's events and the log's named, versioned payloads.
//!
//! * [`encode`] writes an event under its explicit name (`complaint.filed`) and current schema
//!   version; names never come from Rust type names.
//! * [`decode`] reads any record: the stream name picks the aggregate
//!   (`complaint-{uuid}` → [`AnyEvent::Complaint`]), old schema versions are upcast
//!   ([`upcast`]), and anything unreadable — an unknown stream category, an unknown event
//!   type, a schema newer than this build — is a typed [`CodecError`], never a panic.

mod any;
mod civic;
mod decode;
mod encode;
mod error;
mod neighbourhood;
pub mod upcast;

pub use any::AnyEvent;
pub use civic::CivicEvent;
pub use decode::{decode, decode_event, decode_with};
pub use encode::{encode, encode_all};
pub use error::CodecError;
pub use neighbourhood::NeighbourhoodEvent;
pub use upcast::{UpcastError, UpcastFn, Upcasters};
