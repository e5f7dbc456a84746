//! linli's write side.
//!
//! * [`codec`] — typed events to and from the log's named, versioned payloads, with upcasting.
//! * [`handler`] — [`Engine::execute`]: load, fold, decide, append; conflicts retried,
//!   idempotency keys honoured; [`Engine::state_at`] for auditors.
//!
//! The engine is the only place that touches both the pure domain (`linli-domain`) and the
//! log (`linli-eventlog`): it loads a stream, folds it, decides, encodes and appends.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod codec;
pub mod handler;

pub use codec::{decode, encode, AnyEvent, CodecError};
pub use handler::{
    AsOf, CommandMeta, CommandOutcome, Engine, EngineError, LoadError, Replay, StateAt,
    StorageError,
};
