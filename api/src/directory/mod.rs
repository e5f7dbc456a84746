//! Directory administration shared by the HTTP API, `linli demo` and tests: a JSON document
//! describing a jurisdiction tree and its set-up, planned against the current directory
//! (so re-importing writes nothing), checked whole, then run through the engine.

pub mod apply;
pub mod document;
pub mod plan;
pub mod settings;

pub use apply::{import, step_name, ImportError, ImportReport};
pub use document::{DirectoryDocument, DocumentError};
pub use plan::{Authority, PlanError};
pub use settings::{DirectorySettings, Settings};
