//! The engine's tests, in one binary so the workspace links it once.

mod codec;
mod fixtures;
mod handler;
