//! Property tests: ids, event payloads, working-time arithmetic.

mod calendar;
mod jurisdiction;
mod lifecycle;
mod payloads;
mod strategies;
