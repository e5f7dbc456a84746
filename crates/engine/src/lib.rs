//! linli's write side.
//!
//! * [`codec`] — typed events to and from the log's named, versioned payloads, with upcasting.
//!
//! The engine is the only place that touches both the pure domain (`linli-domain`) and the
//! log (`linli-eventlog`): it loads a stream, folds it, decides, encodes and appends.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod codec;

pub use codec::{decode, encode, AnyEvent, CodecError};
