//! The engine's tests, in one binary so the workspace links it once.

mod codec;
mod deadline;
mod fixtures;
mod handler;
mod routing;
mod scheduler;
