//! The engine's tests, in one binary so the workspace links it once.

mod codec;
mod deadline;
mod fixtures;
mod handler;
mod intake;
mod properties;
mod routing;
mod scheduler;
