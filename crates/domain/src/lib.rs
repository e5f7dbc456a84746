#![forbid(unsafe_code)]
#![warn(missing_docs)]
//! linli's domain: identifiers, value objects, commands, events, and a pure `decide`/`evolve`
//! pair per aggregate.
//!
//! Nothing here does I/O, reads a clock or draws random numbers (chrono is even built without
//! its `clock` feature, so `Utc::now()` does not exist in this crate). Whatever comes from
//! outside — ids, the time now, the routing decision, deadlines, the reopen window — is looked
//! up by the caller and placed in the command, so replaying a stream always yields the same
//! state.
//!
//! Aggregates ([`aggregate::Aggregate`]): [`complaint::Complaint`], [`encouragement::Encouragement`],
//! [`user::User`], [`directory::Directory`]. Events implement [`event::DomainEvent`] with
//! explicit names such as `complaint.filed` and schema versions; `docs/events.md` lists them.

pub mod actor;
pub mod aggregate;
pub mod calendar;
pub mod checkpoint;
pub mod civic;
pub mod complaint;
pub mod directory;
pub mod encouragement;
pub mod error;
pub mod event;
pub mod geo;
pub mod ids;
pub mod inbox;
pub mod money;
pub mod neighbourhood;
#[cfg(feature = "openapi")]
pub mod openapi;
pub mod privacy;
pub mod sealed;
pub mod services;
pub mod testing;
pub mod user;
pub mod validate;

pub use actor::{Actor, Role};
pub use aggregate::{Aggregate, StreamName, DIRECTORY_STREAM};
pub use error::{DomainError, ErrorKind};
pub use event::{DomainEvent, EventType, PayloadError};
pub use ids::{AnnouncementId, ApplicationId, ErrandId, FeedbackId, GuideId};
pub use ids::{
    ComplaintId, EncouragementId, IdError, JurisdictionCode, JurisdictionError, Level, MediaId,
    OpenId, UserId,
};
pub use ids::{OrderId, ProviderId, ServiceId, SlotId};
pub use money::Fen;
