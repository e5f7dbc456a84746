//! Photos, short videos and voice notes, stored by content.
//!
//! A file's id is the SHA-256 of its bytes (the domain's `MediaId`), so the same photo
//! uploaded twice is stored once and an id can never point at different bytes. The type is
//! sniffed from the bytes (magic numbers, via the `infer` crate), never taken from the
//! client's Content-Type or file name, and each kind has its own size limit. Files are
//! written to a temporary name, fsynced, and renamed into place, so a crash never leaves a
//! half-written file under a real id.

mod kind;
mod purge;
mod sealed;
mod store;

pub use kind::{MediaKind, Sniffed};
pub use purge::{PurgedRecord, PURGED_TREE};
pub use store::{MediaError, MediaMeta, MediaStore};
