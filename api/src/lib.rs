//! linli's API layer and operator commands. The HTTP handlers are thin: they authenticate,
//! turn requests into commands or queries, and map every error to one shape in one place.
#![forbid(unsafe_code)]

pub mod audit;
pub mod auth;
pub mod cli;
pub mod clock;
pub mod commands;
pub mod demo;
pub mod directory;
pub mod http;
pub mod media;
pub mod metrics;
pub mod open311;
pub mod pay;
pub mod privacy;
pub mod telemetry;
