//! Given/when/then scenarios for every aggregate, through the public `testing` harness the
//! other crates use.

mod civic;
mod complaint;
mod directory;
mod encouragement;
mod fixtures;
mod neighbourhood;
mod privacy;
mod user;
