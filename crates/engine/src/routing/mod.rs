//! Jurisdiction routing: which node a complaint belongs to, and which cadre handles it.
//!
//! Order of the hints ([`Router::locate`]): an explicit code the directory defines; the point
//! in the smallest containing polygon (boundary counts as inside, see [`polygons`]); the
//! address text naming a known place, deepest first (see [`names`]); the resident's home grid;
//! otherwise the township triage queue ([`Router::triage_node`]). Then the routing rule for
//! (node, category) names a role, the nearest cadres holding it are found upwards, and the
//! least busy one by open items is picked (ties: lowest id). The decision goes into the
//! `assign` command, so replaying the log never routes again.

mod cache;
pub mod names;
pub mod polygons;
mod request;
mod router;
mod workload;

pub use cache::DirectoryCache;
pub use request::{RouteRequest, RoutingDecision, RoutingError};
pub use router::Router;
pub use workload::{least_busy, NoWorkload, Workload};
