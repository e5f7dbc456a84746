//! linli's write side.
//!
//! * [`codec`] — typed events to and from the log's named, versioned payloads, with upcasting.
//! * [`handler`] — [`Engine::execute`]: load, fold, decide, append; conflicts retried,
//!   idempotency keys honoured; [`Engine::state_at`] for auditors.
//! * [`routing`] — which node and cadre a complaint goes to; [`deadline`] — when it is due.
//! * [`intake`] — file a complaint and route it in one call, idempotently.
//! * [`scheduler`] — marks missed deadlines overdue and escalates, on an injected clock.
//!
//! The engine is the only place that touches both the pure domain (`linli-domain`) and the
//! log (`linli-eventlog`): it loads a stream, folds it, decides, encodes and appends.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod codec;
pub mod deadline;
pub mod handler;
pub mod intake;
pub mod routing;
pub mod scheduler;

pub use codec::{decode, encode, AnyEvent, CodecError};
pub use deadline::{due_times, DueTimes};
pub use handler::{
    AsOf, CommandMeta, CommandOutcome, Engine, EngineError, LoadError, Replay, StateAt,
    StorageError,
};
pub use intake::{file_and_route, Intake, IntakeError};
pub use routing::{DirectoryCache, RouteRequest, Router, RoutingDecision, RoutingError, Workload};
pub use scheduler::{
    Clock, DeadlineIndex, DueItem, ManualClock, Scheduler, SystemClock, TickReport,
};
