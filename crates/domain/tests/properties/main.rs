//! Property tests: ids, event payloads, working-time arithmetic.

mod calendar;
mod jurisdiction;
mod payloads;
mod strategies;
